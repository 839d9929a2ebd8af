"""Gebiedsplanner: everything planned in an area on one map.

The public API is flat::

    import planner
    ms = planner.read_measures("programma.gpkg")
    areas = planner.read_areas("wijken.gpkg")
    pairs = planner.find_overlaps(ms, planner.load_rules(), areas=areas)
    groups = planner.find_groups(ms, planner.load_rules(), areas)   # samenhang per area
    tables = planner.stacking_by_area(ms, areas, overlaps=pairs, groups=groups)
    result = planner.run(out="uitvoer")   # the whole flow on the shipped sample

planner never imports QGIS or Qt; the QGIS plugin is a thin shell over it, and it uses only
the names in ``__all__``. The report names (``atlas_tables``, ``webmap_page``) and ``GPKG_NAME``
are loaded on first use, so ``import planner`` stays light; matplotlib, ReportLab and folium
are imported only when a report is made.
"""

from planner._version import __version__
from planner.areas import Areas, Partition, read_areas
from planner.errors import (
    Cancelled,
    InputError,
    OptionError,
    PlannerError,
    RulesError,
    ValueParseError,
    environment_error,
)
from planner.integration import find_groups
from planner.layer_ref import LayerRef
from planner.live import LiveIndex
from planner.mapping import FieldMapping, parse_mapping_options, read_mapping_file
from planner.options import RunOptions
from planner.overlaps import find_overlaps
from planner.periods import parse_when
from planner.read import MeasureSet, measures_from_frame, read_measures
from planner.result import RunResult
from planner.rules import RuleSet, load_rules, single_rule
from planner.run import run
from planner.stacking import most_stacked, stacking_by_area
from planner.texts import verdict_label

__all__ = [
    "__version__",
    "GPKG_NAME",
    "Areas",
    "Cancelled",
    "Change",
    "Comparison",
    "DECISIONS",
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
    "RunOptions",
    "RunFolder",
    "RunResult",
    "ValueParseError",
    "apply_scenario",
    "atlas_tables",
    "compare_runs",
    "environment_error",
    "find_groups",
    "find_overlaps",
    "load_rules",
    "measures_from_frame",
    "most_stacked",
    "parse_mapping_options",
    "parse_when",
    "read_areas",
    "read_mapping_file",
    "read_measures",
    "read_run_folder",
    "run",
    "single_rule",
    "stacking_by_area",
    "verdict_label",
    "webmap_page",
    "write_comparison",
]

# Public names whose modules are imported on first use: name -> module.
_LAZY = {
    "GPKG_NAME": "planner.table_files",
    "atlas_tables": "planner.report.atlas",
    "webmap_page": "planner.report",
    "Comparison": "planner.compare",
    "DECISIONS": "planner.decisions",
    "Change": "planner.scenario",
    "apply_scenario": "planner.scenario",
    "compare_runs": "planner.compare",
    "RunFolder": "planner.run_folder",
    "read_run_folder": "planner.run_folder",
    "write_comparison": "planner.comparison_output",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'planner' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
