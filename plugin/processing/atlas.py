"""Gebiedsdag atlas PDF: a QGIS print layout with an atlas over the area layer."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterFileDestination,
)

from ..translate import tr
from .base import PlannerAlgorithm, no_threading


class AtlasAlgorithm(PlannerAlgorithm):
    """One page per area: the map with the project's styling, timeline, figures and tables."""

    OUTPUT = "OUTPUT"
    LAYOUT = "LAYOUT"

    def name(self) -> str:  # noqa: D102
        return "gebiedsdag_atlas"

    def displayName(self) -> str:  # noqa: N802, D102
        return tr("Gebiedsdag-atlas (PDF)")

    def shortHelpString(self) -> str:  # noqa: N802, D102
        return tr(
            "Maakt een afdrukvormgeving met een atlas over de gebiedsindeling: per gebied de "
            "kaart in de opmaak van het project, de tijdlijn, de kengetallen en de maatregelen "
            "en overlappingen als tabel. De vormgeving komt in het project, zodat u hem kunt "
            "aanpassen; de PDF heeft één pagina per gebied."
        )

    def flags(self):  # noqa: D102
        # Layouts are drawn in the main thread, as QGIS's own layout algorithms do.
        return super().flags() | no_threading()

    def initAlgorithm(self, config=None):  # noqa: N802, D102
        self.add_measures()
        self.add_areas()
        self.add_rules_and_mapping()
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, tr("Atlas (PDF)"), fileFilter="PDF (*.pdf)"
            )
        )
        self.addOutput(QgsProcessingOutputString(self.LAYOUT, tr("Afdrukvormgeving")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802, D102
        from ..atlas import make_atlas

        areas = self.area_refs(parameters, context, feedback)
        result = self.analyse(parameters, context, feedback, areas=areas, end=40)
        if result is None:
            raise QgsProcessingException(tr("Afgebroken: er is niets geschreven."))
        path = Path(self.parameterAsFileOutput(parameters, self.OUTPUT, context))

        def step(fraction: float, text: str) -> None:
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Afgebroken: er is niets geschreven."))
            feedback.setProgressText(text)
            feedback.setProgress(40 + 60 * fraction)

        try:
            made = make_atlas(result, path, context.project(), progress=step)
        except RuntimeError as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(tr("Atlas met {} pagina's: {}", made["pages"], made["pdf"]))
        return {self.OUTPUT: made["pdf"], self.LAYOUT: made["layout"]}
