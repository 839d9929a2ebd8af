"""Whole programme: tables, report, booklets, web map and the QGIS atlas in one folder."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
)

from ..translate import tr
from .base import PlannerAlgorithm, no_threading, style_on_load


class ProgrammeAlgorithm(PlannerAlgorithm):
    """Everything the other algorithms make, in one folder, from one run."""

    PUBLIEK = "PUBLIEK"
    DECISIONS = "DECISIONS"
    SCENARIO = "SCENARIO"
    OUTPUT = "OUTPUT"
    OVERLAPS = "OVERLAPS"
    STACKING = "STACKING"
    ATLAS = "ATLAS"

    def name(self) -> str:  # noqa: D102
        return "heel_programma"

    def displayName(self) -> str:  # noqa: N802, D102
        return tr("Heel programma")

    def shortHelpString(self) -> str:  # noqa: N802, D102
        return tr(
            "Doet alles in één map: de tabellen (GeoPackage en CSV), het overlaprapport, de "
            "kaarten en gebiedsdagboekjes, de webkaart voor bewoners en de QGIS-atlas. De "
            "map wordt in zijn geheel geschreven of helemaal niet. Met een besluitenlijst "
            "(het ingevulde besluiten_sjabloon.csv van een eerdere run) tellen de besloten "
            "overlappingen apart; met een scenario (TOML of CSV) worden maatregelen eerst "
            "verschoven, gewijzigd of weggelaten, zonder de lagen te veranderen."
        )

    def flags(self):  # noqa: D102
        return super().flags() | no_threading()

    def initAlgorithm(self, config=None):  # noqa: N802, D102
        self.add_measures()
        self.add_areas()
        self.add_need()
        self.add_period()
        self.add_rules_and_mapping()
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.PUBLIEK, tr("Boekjes zonder interne velden (openbaar)"), defaultValue=False
            )
        )
        for key, label, kinds in (
            (
                self.DECISIONS,
                tr("Besluitenlijst (CSV of GeoPackage; leeg: geen)"),
                tr("Besluitenlijst (*.csv *.gpkg)"),
            ),
            (
                self.SCENARIO,
                tr("Scenario (TOML of CSV; leeg: geen)"),
                tr("Scenario (*.toml *.csv)"),
            ),
        ):
            self.addParameter(
                QgsProcessingParameterFile(key, label, fileFilter=kinds, optional=True)
            )
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, tr("Uitvoermap")))
        self.addOutput(QgsProcessingOutputVectorLayer(self.OVERLAPS, tr("Overlappingen")))
        self.addOutput(QgsProcessingOutputVectorLayer(self.STACKING, tr("Stapeling per gebied")))
        self.addOutput(QgsProcessingOutputFile(self.ATLAS, tr("Atlas (PDF)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802, D102
        from planner import GPKG_NAME

        from ..atlas import make_atlas

        areas = self.area_refs(parameters, context, feedback)
        need = self.need(parameters, context)
        folder = Path(self.parameterAsString(parameters, self.OUTPUT, context))
        result = self.analyse(
            parameters,
            context,
            feedback,
            areas=areas,
            need=need,
            period=self.period(parameters, context),
            out=folder,
            reports=True,
            report_options={"publiek": self.parameterAsBool(parameters, self.PUBLIEK, context)},
            decisions=self.parameterAsFile(parameters, self.DECISIONS, context) or None,
            scenario=self.parameterAsFile(parameters, self.SCENARIO, context) or None,
            end=75,
        )
        if result is None:
            raise QgsProcessingException(tr("Afgebroken: de uitvoermap is niet veranderd."))

        def step(fraction: float, text: str) -> None:
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Afgebroken tijdens de atlas."))
            feedback.setProgressText(text)
            feedback.setProgress(75 + 25 * fraction)

        try:
            made = make_atlas(
                result, folder / "gebiedsdag" / "atlas_qgis.pdf", context.project(), progress=step
            )
        except RuntimeError as exc:
            raise QgsProcessingException(str(exc)) from exc
        gpkg = folder / GPKG_NAME
        level = result.areas.levels[0]
        outputs = {
            self.OUTPUT: str(folder),
            self.OVERLAPS: f"{gpkg}|layername=overlappingen",
            self.STACKING: f"{gpkg}|layername=stapeling_{level}",
            self.ATLAS: made["pdf"],
        }
        for key, kind, name in (
            (self.OVERLAPS, "overlappingen", tr("Overlappingen")),
            (self.STACKING, "stapeling", tr("Stapeling per gebied")),
        ):
            details = QgsProcessingContext.LayerDetails(name, context.project(), key)
            context.addLayerToLoadOnCompletion(outputs[key], details)
            style_on_load(context, outputs[key], kind)
        return outputs
