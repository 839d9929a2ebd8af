"""Residents' web map: writes the self-contained kaart.html."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..translate import tr
from .base import PlannerAlgorithm


def write_whole(path: Path, text: str) -> None:
    """Write a text file whole or not at all (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class WebMapAlgorithm(PlannerAlgorithm):
    """One HTML file residents open offline: what happens in my neighbourhood, when."""

    TITLE = "TITLE"
    CONTACT = "CONTACT"
    OUTPUT = "OUTPUT"

    def name(self) -> str:  # noqa: D102
        return "webkaart"

    def displayName(self) -> str:  # noqa: N802, D102
        return tr("Webkaart voor bewoners")

    def shortHelpString(self) -> str:  # noqa: N802, D102
        return tr(
            "Schrijft kaart.html: één bestand dat zonder internet werkt, met alleen de velden "
            "die openbaar zijn."
        )

    def initAlgorithm(self, config=None):  # noqa: N802, D102
        self.add_measures()
        self.add_areas()
        self.add_rules_and_mapping()
        self.addParameter(QgsProcessingParameterString(self.TITLE, tr("Titel"), optional=True))
        self.addParameter(
            QgsProcessingParameterString(
                self.CONTACT, tr("Algemeen contact voor bewoners"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, tr("Webkaart"), fileFilter="HTML (*.html)"
            )
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802, D102
        from planner import webmap_page

        areas = self.area_refs(parameters, context, feedback)
        result = self.analyse(parameters, context, feedback, areas=areas, end=80)
        if result is None:
            raise QgsProcessingException(tr("Afgebroken: er is niets geschreven."))
        feedback.setProgressText(tr("Webkaart maken"))
        html = webmap_page(
            result,
            title=self.parameterAsString(parameters, self.TITLE, context) or None,
            contact=self.parameterAsString(parameters, self.CONTACT, context) or None,
        )
        if feedback.isCanceled():
            raise QgsProcessingException(tr("Afgebroken: er is niets geschreven."))
        path = Path(self.parameterAsFileOutput(parameters, self.OUTPUT, context))
        write_whole(path, html)
        feedback.setProgress(100)
        return {self.OUTPUT: str(path)}
