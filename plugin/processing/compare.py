"""Compare two versions: two output folders of a run -> what changed, as styled layers."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
)

from ..translate import tr
from .base import PlannerAlgorithm, style_on_load


def _folder_parameter(key: str, label: str) -> QgsProcessingParameterFile:
    # QGIS 3.36 moved the enum to Qgis (the old name stays for a while); 3.22 has only the old
    behaviour = getattr(Qgis, "ProcessingFileParameterBehavior", None)
    folder = (behaviour or QgsProcessingParameterFile.Behavior).Folder
    return QgsProcessingParameterFile(key, label, behavior=folder)


def _double_type():
    kind = getattr(Qgis, "ProcessingNumberParameterType", None)
    return (kind or QgsProcessingParameterNumber.Type).Double


class CompareAlgorithm(PlannerAlgorithm):
    """What is new, gone or changed in NIEUW since OUD: measures, overlaps, stacking, flags."""

    OLD = "OLD"
    NEW = "NEW"
    TOLERANCE = "TOLERANCE"
    REPORT = "REPORT"
    OUTPUT = "OUTPUT"
    MEASURES_CHANGED = "MEASURES_CHANGED"
    OVERLAPS = "OVERLAPS"
    PDF = "PDF"

    def name(self) -> str:  # noqa: D102
        return "vergelijk"

    def displayName(self) -> str:  # noqa: N802, D102
        return tr("Versies vergelijken")

    def shortHelpString(self) -> str:  # noqa: N802, D102
        return tr(
            "Vergelijkt twee uitvoermappen van een run (Heel programma of gebiedsplanner run): "
            "maatregelen nieuw, vervallen en gewijzigd (per veld), overlappingen nieuw en "
            "vervallen en waarom, de stapeling per gebied en periode oud, nieuw en het verschil. "
            "De gewijzigde maatregelen komen als gestileerde puntlaag in het project; alle "
            "tabellen en vergelijking.pdf staan in de uitvoermap."
        )

    def initAlgorithm(self, config=None):  # noqa: N802, D102
        self.addParameter(_folder_parameter(self.OLD, tr("Uitvoermap van de eerdere run (OUD)")))
        self.addParameter(_folder_parameter(self.NEW, tr("Uitvoermap van de nieuwe run (NIEUW)")))
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TOLERANCE,
                tr("Verplaatst vanaf (meter)"),
                type=_double_type(),
                defaultValue=1.0,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.REPORT, tr("Ook het rapport (vergelijking.pdf en .html)"), defaultValue=True
            )
        )
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, tr("Uitvoermap")))
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.MEASURES_CHANGED, tr("Gewijzigde maatregelen"))
        )
        self.addOutput(
            QgsProcessingOutputVectorLayer(self.OVERLAPS, tr("Gewijzigde overlappingen"))
        )
        self.addOutput(QgsProcessingOutputFile(self.PDF, tr("Vergelijking (PDF)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802, D102
        import shapely

        from planner import GPKG_NAME, PlannerError, environment_error, write_comparison

        old = self.parameterAsFile(parameters, self.OLD, context)
        new = self.parameterAsFile(parameters, self.NEW, context)
        folder = Path(self.parameterAsString(parameters, self.OUTPUT, context))
        report = self.parameterAsBool(parameters, self.REPORT, context)
        feedback.setProgressText(tr("Vergelijken"))
        try:
            comparison = write_comparison(
                old,
                new,
                folder,
                tolerance=self.parameterAsDouble(parameters, self.TOLERANCE, context),
                reports=report,
            )
        except PlannerError as exc:
            raise QgsProcessingException(str(exc)) from exc
        except Exception as exc:
            full_or_closed = environment_error(exc)
            if full_or_closed is None:
                raise
            raise QgsProcessingException(str(full_or_closed)) from exc
        feedback.setProgress(80)
        for warning in comparison.warnings:
            feedback.pushWarning(tr("Let op: {}", warning))
        counts = comparison.counts()["maatregelen"]
        feedback.pushInfo(
            tr(
                "Maatregelen: {} nieuw, {} vervallen, {} gewijzigd.",
                counts["nieuw"],
                counts["vervallen"],
                counts["gewijzigd"],
            )
        )
        # One point per measure (a point on its shape), so one style shows all three kinds;
        # the shapes themselves are in the GeoPackage (maatregelen_verschil).
        points = comparison.measures.copy()
        points["geometry"] = shapely.point_on_surface(points.geometry.array)
        points["verschoven_dagen"] = points["verschoven_dagen"].astype("float64")
        crs = QgsCoordinateReferenceSystem(comparison.new.crs or "EPSG:28992")
        dest = self.write_sink(
            parameters, context, self.MEASURES_CHANGED, points, crs, "maatregelen_verschil"
        )
        outputs = {
            self.MEASURES_CHANGED: dest,
            self.OUTPUT: str(folder),
            self.OVERLAPS: f"{folder / GPKG_NAME}|layername=overlappingen_verschil",
            self.PDF: str(folder / "vergelijking.pdf") if report else None,
        }
        details = QgsProcessingContext.LayerDetails(
            tr("Gewijzigde overlappingen"), context.project(), self.OVERLAPS
        )
        context.addLayerToLoadOnCompletion(outputs[self.OVERLAPS], details)
        style_on_load(context, outputs[self.OVERLAPS], "overlappingen")
        feedback.setProgress(100)
        return outputs
