"""The Processing provider ``gebiedsplanner``."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..translate import tr
from .atlas import AtlasAlgorithm
from .compare import CompareAlgorithm
from .overlaps import FindOverlapsAlgorithm
from .programme import ProgrammeAlgorithm
from .stacking import StackingAlgorithm
from .webmap import WebMapAlgorithm

ALGORITHMS = [
    FindOverlapsAlgorithm,
    StackingAlgorithm,
    AtlasAlgorithm,
    WebMapAlgorithm,
    ProgrammeAlgorithm,
    CompareAlgorithm,
]


class GebiedsplannerProvider(QgsProcessingProvider):
    """Gebiedsplanner's algorithms in the Processing toolbox, batch mode and modeler."""

    def id(self) -> str:  # noqa: D102
        return "gebiedsplanner"

    def name(self) -> str:  # noqa: D102
        return "Gebiedsplanner"

    def longName(self) -> str:  # noqa: N802, D102
        return tr("Gebiedsplanner: stapeling en samenhang van maatregelen")

    def icon(self) -> QIcon:  # noqa: D102
        return QIcon(str(Path(__file__).resolve().parent.parent / "icon.png"))

    def loadAlgorithms(self) -> None:  # noqa: N802, D102
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
