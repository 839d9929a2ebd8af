"""The QGIS styles are valid XML and follow the one palette."""

import importlib.util
import sys
import xml.etree.ElementTree as ET

from planner.report.palette import DOMAIN_COLOURS, VERDICT_COLOURS, VERDICT_SHAPES, rgba
from tests.planner.conftest import REPO


def generator():
    spec = importlib.util.spec_from_file_location("make_styles", REPO / "styles" / "make_styles.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_styles"] = module
    spec.loader.exec_module(module)
    return module


def test_committed_styles_equal_the_generator():
    for name, text in generator().styles().items():
        assert (REPO / "styles" / name).read_text(encoding="utf-8") == text, name


def colours(root):
    return {
        s.get("name"): {o.get("name"): o.get("value") for o in s.iter("Option")}
        for s in root.iter("symbol")
    }


def test_measure_styles_use_the_domain_palette():
    for name in ("maatregelen_punt.qml", "maatregelen_lijn.qml", "maatregelen_vlak.qml"):
        root = ET.parse(REPO / "styles" / name).getroot()
        renderer = root.find("renderer-v2")
        assert renderer.get("attr") == "domein"
        symbols = colours(root)
        for cat in renderer.iter("category"):
            options = symbols[cat.get("symbol")]
            colour = options.get("color") or options.get("line_color")
            assert colour.startswith(rgba(DOMAIN_COLOURS[cat.get("value")])[:-4])


def test_overlap_style_uses_verdict_colours_and_shapes():
    root = ET.parse(REPO / "styles" / "overlappingen.qml").getroot()
    symbols = colours(root)
    for cat in root.iter("category"):
        options = symbols[cat.get("symbol")]
        assert options["color"] == rgba(VERDICT_COLOURS[cat.get("value")])
        assert options["name"] == VERDICT_SHAPES[cat.get("value")]
