"""What the Gebiedsplanner algorithms share: parameters, reading layers, running planner."""

from __future__ import annotations

import pandas as pd
from qgis.core import (
    QgsFeatureSink,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..compat import moved
from ..convert import features_for, fields_for, layer_ref, wkb_type_for
from ..styles import apply_style
from ..translate import tr

__all__ = [
    "PlannerAlgorithm",
    "no_threading",
    "progress_for",
    "report_rejected",
    "stacking_with_dates",
    "style_on_load",
    "working_crs",
]

# Post-processors must outlive the algorithm object that made them (QGIS keeps no reference).
_POST_PROCESSORS: list[QgsProcessingLayerPostProcessorInterface] = []

PERIODS = ["year", "quarter", "month"]


def no_threading():
    """The algorithm flag that keeps it in the main thread (layouts are drawn there)."""
    return moved(
        "Qgis.ProcessingAlgorithmFlag.NoThreading", "QgsProcessingAlgorithm.Flag.FlagNoThreading"
    )


class StyleOnLoad(QgsProcessingLayerPostProcessorInterface):
    """Give a result layer the shipped style when Processing loads it into the project."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS's name
        """Apply the style (QGIS calls this in the main thread)."""
        if layer is not None and layer.isValid():
            apply_style(layer, self.kind)


def report_rejected(feedback: QgsProcessingFeedback, measures) -> None:
    """One warning per rejected feature, with its layer, fid, field and reason."""
    for row in measures.rejected.itertuples():
        feedback.pushWarning(
            tr(
                "Afgewezen: {} fid {} ({}): {}",
                row.laag or row.bron,
                row.fid,
                row.veld,
                row.reden,
            )
        )


def progress_for(feedback: QgsProcessingFeedback | None, start: float = 0, end: float = 100):
    """A planner progress callback that reports to ``feedback`` and stops when cancelled."""
    from planner import Cancelled

    def progress(step: str, done: int, total: int) -> None:
        if feedback is None:
            return
        if feedback.isCanceled():
            raise Cancelled(tr("Afgebroken door de gebruiker."))
        feedback.setProgressText(step)
        feedback.setProgress(start + (end - start) * done / max(total, 1))

    return progress


def stacking_with_dates(stacking: pd.DataFrame, period: str) -> pd.DataFrame:
    """Add ``periode_van`` and ``periode_tot`` (dates) to a stacking table, for time filters."""
    from planner import parse_when

    spans = [parse_when(value) for value in stacking["periode"]]
    out = stacking.copy()
    out["periode_van"] = pd.to_datetime([s[0] for s in spans])
    out["periode_tot"] = pd.to_datetime([s[1] for s in spans])
    return out


class PlannerAlgorithm(QgsProcessingAlgorithm):
    """Base of the Gebiedsplanner algorithms (QuickOSM's pattern: UPPER keys, one class each)."""

    MEASURES = "MEASURES"
    AREAS = "AREAS"
    RULES = "RULES"
    FIELD_MAPPING = "FIELD_MAPPING"
    DEFAULTS = "DEFAULTS"
    PERIOD = "PERIOD"
    CRS = "CRS"
    NEED_FIELD = "NEED_FIELD"
    NEED_LOWER = "NEED_LOWER"

    def createInstance(self):  # noqa: N802 - QGIS's name
        """A new instance of the same algorithm (Processing runs each in its own)."""
        return type(self)()

    def tr(self, text: str, *args: object) -> str:
        """Translate ``text`` in the plugin's context."""
        return tr(text, *args)

    # -- parameters ---------------------------------------------------------------------------

    def add_measures(self) -> None:
        """Measure layers of any provider."""
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.MEASURES,
                tr("Maatregellagen"),
                moved(
                    "Qgis.ProcessingSourceType.VectorAnyGeometry",
                    "QgsProcessing.SourceType.TypeVectorAnyGeometry",
                ),
            )
        )

    def add_areas(self, optional: bool = False) -> None:
        """One area layer (a partition: wijken, buurten, ...)."""
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.AREAS,
                tr("Gebiedsindeling"),
                [
                    moved(
                        "Qgis.ProcessingSourceType.VectorPolygon",
                        "QgsProcessing.SourceType.TypeVectorPolygon",
                    )
                ],
                optional=optional,
            )
        )

    def add_rules_and_mapping(self) -> None:
        """The rules file and the field mapping, as the command line has them."""
        self.addParameter(
            QgsProcessingParameterFile(
                self.RULES,
                tr("Regelbestand (leeg: de meegeleverde regels)"),
                extension="toml",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.FIELD_MAPPING,
                tr("Veldkoppeling: schemaveld=kolom, gescheiden door ; (bijv. start=BEGIN)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.DEFAULTS,
                tr(
                    "Standaardwaarden: schemaveld=waarde, gescheiden door ; "
                    "(bijv. domein=onderhoud)"
                ),
                optional=True,
            )
        )
        self.add_crs()

    def add_crs(self) -> None:
        """The working CRS: metres, for distances (RD New by default)."""
        self.addParameter(
            QgsProcessingParameterCrs(
                self.CRS, tr("Werk-CRS (in meters)"), defaultValue="EPSG:28992", optional=True
            )
        )

    def crs(self, parameters, context: QgsProcessingContext):
        """The working CRS as a QgsCoordinateReferenceSystem (RD New when not given)."""
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        return crs if crs.isValid() else working_crs()

    def add_need(self) -> None:
        """The need field of the area layer, and whether lower means more need."""
        self.addParameter(
            QgsProcessingParameterField(
                self.NEED_FIELD,
                tr("Behoefteveld in de gebiedsindeling"),
                parentLayerParameterName=self.AREAS,
                type=moved(
                    "Qgis.ProcessingFieldParameterDataType.Numeric",
                    "QgsProcessingParameterField.DataType.Numeric",
                ),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.NEED_LOWER, tr("Lagere waarde betekent meer behoefte"), defaultValue=False
            )
        )

    def need(self, parameters, context: QgsProcessingContext) -> str | None:
        """The need column as planner takes it (``-COLUMN`` when lower means more need)."""
        need = self.parameterAsString(parameters, self.NEED_FIELD, context) or None
        if need and self.parameterAsBool(parameters, self.NEED_LOWER, context):
            need = "-" + need
        return need

    def add_period(self) -> None:
        """The stacking period."""
        self.addParameter(
            QgsProcessingParameterEnum(
                self.PERIOD,
                tr("Periode"),
                options=[tr("jaar"), tr("kwartaal"), tr("maand")],
                defaultValue=0,
            )
        )

    # -- reading ------------------------------------------------------------------------------

    def measure_refs(self, parameters, context: QgsProcessingContext, feedback) -> list:
        """The measure layers as planner sources."""
        layers = self.parameterAsLayerList(parameters, self.MEASURES, context)
        if not layers:
            raise QgsProcessingException(tr("Kies minstens één maatregellaag."))
        refs = []
        for layer in layers:
            feedback.pushInfo(tr("Lezen: {}", layer.name()))
            refs.append(layer_ref(layer, feedback.isCanceled))
        return refs

    def area_refs(self, parameters, context: QgsProcessingContext, feedback) -> list:
        """The area layer as a planner source (empty when none is given)."""
        layer = self.parameterAsVectorLayer(parameters, self.AREAS, context)
        return [layer_ref(layer, feedback.isCanceled)] if layer is not None else []

    def mapping(self, parameters, context: QgsProcessingContext):
        """The field mapping from the parameters."""
        from planner import PlannerError, parse_mapping_options

        def items(key: str) -> list[str]:
            text = self.parameterAsString(parameters, key, context) or ""
            return [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]

        try:
            return parse_mapping_options(items(self.FIELD_MAPPING), items(self.DEFAULTS))
        except PlannerError as exc:
            raise QgsProcessingException(str(exc)) from exc

    def rules(self, parameters, context: QgsProcessingContext):
        """The rule set: the given file or the shipped one."""
        from planner import PlannerError, load_rules

        path = self.parameterAsFile(parameters, self.RULES, context)
        try:
            return load_rules(path or None)
        except PlannerError as exc:
            raise QgsProcessingException(str(exc)) from exc

    def period(self, parameters, context: QgsProcessingContext) -> str:
        """The stacking period as planner names it."""
        return PERIODS[self.parameterAsEnum(parameters, self.PERIOD, context)]

    def analyse(self, parameters, context, feedback, *, areas: list, start=5, end=90, **kwargs):
        """Run planner on the layers; None when cancelled.

        Raises
        ------
        QgsProcessingException
            With planner's sentence (file, feature, field) for bad input.
        """
        from planner import Cancelled, PlannerError, environment_error, run

        measures = self.measure_refs(parameters, context, feedback)
        if feedback.isCanceled():
            return None
        try:
            result = run(
                measures,
                areas,
                rules=self.rules(parameters, context),
                mapping=self.mapping(parameters, context),
                crs=self.crs(parameters, context).authid(),
                progress=progress_for(feedback, start, end),
                **kwargs,
            )
        except Cancelled:
            feedback.reportError(tr("Afgebroken: er is niets geschreven."), fatalError=False)
            return None
        except PlannerError as exc:
            raise QgsProcessingException(str(exc)) from exc
        except Exception as exc:
            full_or_closed = environment_error(exc)  # a full disk, a folder without access
            if full_or_closed is None:
                raise
            raise QgsProcessingException(str(full_or_closed)) from exc
        report_rejected(feedback, result.measures)
        for warning in result.report.get("invoer", {}).get("waarschuwingen", []):
            feedback.pushWarning(tr("Let op: {}", warning))
        return result

    # -- writing ------------------------------------------------------------------------------

    def write_sink(self, parameters, context, key: str, frame: pd.DataFrame, crs, kind: str):
        """Write a planner table to the sink ``key`` and style it when it is loaded."""
        fields = fields_for(frame)
        sink, dest_id = self.parameterAsSink(
            parameters, key, context, fields, wkb_type_for(frame), crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, key))
        for feature in features_for(frame, fields):
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        style_on_load(context, dest_id, kind)
        return dest_id


def style_on_load(context: QgsProcessingContext, dest_id: str, kind: str) -> None:
    """Style a result layer with the shipped style once it is loaded into the project."""
    if context.willLoadLayerOnCompletion(dest_id):
        processor = StyleOnLoad(kind)
        _POST_PROCESSORS.append(processor)
        context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(processor)


def working_crs():
    """The CRS planner works in (RD New), as a QgsCoordinateReferenceSystem."""
    from qgis.core import QgsCoordinateReferenceSystem

    return QgsCoordinateReferenceSystem("EPSG:28992")
