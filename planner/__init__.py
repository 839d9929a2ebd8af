"""Gebiedsplanner: everything planned in an area on one map.

The public API is flat::

    import planner
    ms = planner.read_measures("programma.gpkg")
    areas = planner.read_areas("wijken.gpkg")
    pairs = planner.find_overlaps(ms, planner.load_rules(), areas=areas)
    tables = planner.stacking_by_area(ms, areas, overlaps=pairs)
    result = planner.run(out="uitvoer")   # the whole flow on the shipped sample

planner never imports QGIS or Qt; the QGIS plugin is a thin shell over it.
"""

from planner._version import __version__
from planner.areas import Areas, Partition, read_areas
from planner.errors import InputError, OptionError, PlannerError, RulesError, ValueParseError
from planner.layer_ref import LayerRef
from planner.live import LiveIndex
from planner.mapping import FieldMapping, parse_mapping_options, read_mapping_file
from planner.overlaps import find_overlaps
from planner.read import MeasureSet, measures_from_frame, read_measures
from planner.result import RunResult
from planner.rules import RuleSet, load_rules, single_rule
from planner.run import run
from planner.stacking import most_stacked, stacking_by_area

__all__ = [
    "__version__",
    "Areas",
    "FieldMapping",
    "InputError",
    "LayerRef",
    "LiveIndex",
    "MeasureSet",
    "OptionError",
    "Partition",
    "PlannerError",
    "RuleSet",
    "RulesError",
    "RunResult",
    "ValueParseError",
    "find_overlaps",
    "load_rules",
    "measures_from_frame",
    "most_stacked",
    "parse_mapping_options",
    "read_areas",
    "read_mapping_file",
    "read_measures",
    "run",
    "single_rule",
    "stacking_by_area",
]
