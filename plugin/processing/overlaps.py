"""Find overlaps: measure layers and rules -> a layer of pairs."""

from __future__ import annotations

from qgis.core import QgsProcessingException, QgsProcessingParameterFeatureSink

from ..translate import tr
from .base import PlannerAlgorithm, report_rejected


class FindOverlapsAlgorithm(PlannerAlgorithm):
    """Every pair of measures that a rule flags, as points where they meet."""

    OUTPUT = "OUTPUT"

    def name(self) -> str:  # noqa: D102
        return "overlappingen"

    def displayName(self) -> str:  # noqa: N802, D102
        return tr("Overlappingen vinden")

    def shortHelpString(self) -> str:  # noqa: N802, D102
        return tr(
            "Vindt paren maatregelen die volgens de regels samenkomen: combineren, volgorde, "
            "spreiden of samenhang. Regels die hetzelfde gebied vragen geven groepen per gebied "
            "en periode (tabel samenhang_<niveau> van Heel programma), geen paren."
        )

    def initAlgorithm(self, config=None):  # noqa: N802, D102
        self.add_measures()
        self.add_areas(optional=True)
        self.add_rules_and_mapping()
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Overlappingen")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802, D102
        from planner import PlannerError, find_overlaps, read_areas, read_measures

        refs = self.measure_refs(parameters, context, feedback)
        areas = self.area_refs(parameters, context, feedback)
        rules = self.rules(parameters, context)
        skipped: list[str] = []
        total = len(rules.rules) + 2
        done = [0]

        def step(name: str) -> None:
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Afgebroken: er is niets geschreven."))
            done[0] += 1
            feedback.setProgressText(tr("Regel {}", name))
            feedback.setProgress(100 * done[0] / total)

        try:
            crs = self.crs(parameters, context).authid()
            measures = read_measures(refs, mapping=self.mapping(parameters, context), crs=crs)
            area_set = read_areas(areas, crs=crs) if areas else None
            step("-")
            pairs = find_overlaps(measures, rules, areas=area_set, progress=step, skipped=skipped)
        except PlannerError as exc:
            raise QgsProcessingException(str(exc)) from exc
        for note in skipped:
            feedback.pushWarning(note)
        report_rejected(feedback, measures)
        if feedback.isCanceled():
            raise QgsProcessingException(tr("Afgebroken: er is niets geschreven."))
        dest = self.write_sink(
            parameters, context, self.OUTPUT, pairs, self.crs(parameters, context), "overlappingen"
        )
        feedback.pushInfo(tr("{} overlappingen gevonden.", len(pairs)))
        by_area = [r.name for r in rules.rules if r.same_area]
        if by_area:
            feedback.pushInfo(
                tr(
                    "Samenhang in hetzelfde gebied ({}): als groepen in Heel programma "
                    "(samenhang_<niveau>).",
                    ", ".join(by_area),
                )
            )
        return {self.OUTPUT: dest}
