"""Stacking per area: measures and an area layer -> one row per area and period."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
)

from ..translate import tr
from .base import PlannerAlgorithm, stacking_with_dates


class StackingAlgorithm(PlannerAlgorithm):
    """Per area and period: how much lands there, with what nuisance and money, and flags."""

    OUTPUT = "OUTPUT"

    def name(self) -> str:  # noqa: D102
        return "stapeling"

    def displayName(self) -> str:  # noqa: N802, D102
        return tr("Stapeling per gebied")

    def shortHelpString(self) -> str:  # noqa: N802, D102
        return tr(
            "Telt per gebied en periode de maatregelen, hinderlast, budget en overlappingen, en "
            "markeert stapeling en integratie. Met een behoefteveld ook geld tegenover behoefte."
        )

    def initAlgorithm(self, config=None):  # noqa: N802, D102
        self.add_measures()
        self.add_areas()
        self.add_need()
        self.add_period()
        self.add_rules_and_mapping()
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Stapeling per gebied"))
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802, D102
        areas = self.area_refs(parameters, context, feedback)
        need = self.need(parameters, context)
        period = self.period(parameters, context)
        result = self.analyse(parameters, context, feedback, areas=areas, need=need, period=period)
        if result is None:
            raise QgsProcessingException(tr("Afgebroken: er is niets geschreven."))
        level = result.areas.levels[0]
        table = stacking_with_dates(result.stacking[level], period)
        dest = self.write_sink(
            parameters, context, self.OUTPUT, table, self.crs(parameters, context), "stapeling"
        )
        feedback.pushInfo(tr("{} rijen (gebied en periode) op niveau {}.", len(table), level))
        return {self.OUTPUT: dest}
