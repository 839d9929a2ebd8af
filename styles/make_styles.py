"""Write the QGIS styles (.qml) from planner's one palette, so maps, web map and QGIS agree.

Run: ``python styles/make_styles.py``; a test checks the committed files equal its output.
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import quoteattr

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from planner.report.palette import (  # noqa: E402
    CHANGE_COLOURS,
    CHANGE_SHAPES,
    DOMAIN_COLOURS,
    LOAD_RAMP,
    OUTLINE,
    VERDICT_COLOURS,
    VERDICT_SHAPES,
    rgba,
)
from planner.texts import DOMAIN_LABELS  # noqa: E402

HEADER = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"


def _options(values: dict[str, str]) -> str:
    rows = "".join(
        f'          <Option type="QString" name="{k}" value={quoteattr(v)}/>\n'
        for k, v in values.items()
    )
    return f'        <Option type="Map">\n{rows}        </Option>\n'


def symbol(kind: str, name: str, colour: str, shape: str = "circle") -> str:
    """One QGIS symbol: marker, line or fill."""
    if kind == "marker":
        layer, values = (
            "SimpleMarker",
            {
                "name": shape,
                "color": rgba(colour),
                "outline_color": rgba(OUTLINE),
                "outline_width": "0.3",
                "outline_width_unit": "MM",
                "size": "3.2",
                "size_unit": "MM",
                "outline_style": "solid",
                "joinstyle": "bevel",
                "scale_method": "diameter",
                "angle": "0",
                "offset": "0,0",
                "offset_unit": "MM",
            },
        )
    elif kind == "line":
        layer, values = (
            "SimpleLine",
            {
                "line_color": rgba(colour),
                "line_width": "1.1",
                "line_width_unit": "MM",
                "line_style": "solid",
                "capstyle": "round",
                "joinstyle": "round",
                "offset": "0",
                "offset_unit": "MM",
            },
        )
    else:
        layer, values = (
            "SimpleFill",
            {
                "color": rgba(colour, 115),
                "outline_color": rgba(colour),
                "outline_width": "0.4",
                "outline_width_unit": "MM",
                "style": "solid",
                "outline_style": "solid",
                "joinstyle": "bevel",
                "offset": "0,0",
                "offset_unit": "MM",
            },
        )
    return (
        f'    <symbol type="{kind}" name="{name}" alpha="1" clip_to_extent="1" '
        f'force_rhr="0">\n      <layer class="{layer}" enabled="1" pass="0" locked="0">\n'
        f"{_options(values)}      </layer>\n    </symbol>\n"
    )


def categorized(
    attr: str,
    items: list[tuple[str, str, str]],
    kind: str,
    geometry: int,
    shapes: dict[str, str] | None = None,
) -> str:
    """A categorized renderer on ``attr``: (value, label, colour) per category."""
    cats = "".join(
        f'      <category render="true" value={quoteattr(v)} symbol="{k}" '
        f"label={quoteattr(label)}/>\n"
        for k, (v, label, _) in enumerate(items)
    )
    syms = "".join(
        symbol(kind, str(k), c, (shapes or {}).get(v, "circle"))
        for k, (v, _, c) in enumerate(items)
    )
    return (
        f'{HEADER}<qgis version="3.22.16-Białowieża" styleCategories="Symbology">\n'
        f'  <renderer-v2 type="categorizedSymbol" attr="{attr}" symbollevels="0" '
        'enableorderby="0" forceraster="0" referencescale="-1">\n'
        f"    <categories>\n{cats}    </categories>\n    <symbols>\n{syms}    </symbols>\n"
        "  </renderer-v2>\n  <blendMode>0</blendMode>\n"
        f"  <layerGeometryType>{geometry}</layerGeometryType>\n</qgis>\n"
    )


def graduated(attr: str, breaks: list[float]) -> str:
    """A graduated fill renderer on ``attr`` with the load ramp."""
    bounds = [0.0, *breaks, 1e9]
    ranges, syms = "", ""
    for k, colour in enumerate(LOAD_RAMP):
        lo, hi = bounds[k], bounds[k + 1]
        label = f"{lo:g} – {hi:g}" if k < len(LOAD_RAMP) - 1 else f"meer dan {lo:g}"
        ranges += (
            f'      <range render="true" symbol="{k}" lower="{lo:.1f}" '
            f'upper="{hi:.1f}" label={quoteattr(label)}/>\n'
        )
        syms += symbol("fill", str(k), colour).replace(rgba(colour, 115), rgba(colour, 200))
    return (
        f'{HEADER}<qgis version="3.22.16-Białowieża" styleCategories="Symbology">\n'
        f'  <renderer-v2 type="graduatedSymbol" attr="{attr}" graduatedMethod="GraduatedColor"'
        ' symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">\n'
        f"    <ranges>\n{ranges}    </ranges>\n    <symbols>\n{syms}    </symbols>\n"
        '    <classificationMethod id="Manual"/>\n'
        "  </renderer-v2>\n  <blendMode>0</blendMode>\n"
        "  <layerGeometryType>2</layerGeometryType>\n</qgis>\n"
    )


def outline(colour: str) -> str:
    """A single-symbol renderer: area borders without fill, so the map beneath shows."""
    sym = (
        symbol("fill", "0", colour)
        .replace('"style" value="solid"', '"style" value="no"')
        .replace('"outline_width" value="0.4"', '"outline_width" value="0.7"')
    )
    return (
        f'{HEADER}<qgis version="3.22.16-Białowieża" styleCategories="Symbology">\n'
        '  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" '
        'forceraster="0" referencescale="-1">\n'
        f"    <symbols>\n{sym}    </symbols>\n"
        "  </renderer-v2>\n  <blendMode>0</blendMode>\n"
        "  <layerGeometryType>2</layerGeometryType>\n</qgis>\n"
    )


def styles() -> dict[str, str]:
    """File name -> QML text."""
    domains = [(d, DOMAIN_LABELS[d], c) for d, c in DOMAIN_COLOURS.items()]
    verdicts = [(v, v.capitalize(), c) for v, c in VERDICT_COLOURS.items()]
    changes = [(k, k, c) for k, c in CHANGE_COLOURS.items()]
    return {
        "maatregelen_punt.qml": categorized("domein", domains, "marker", 0),
        "maatregelen_lijn.qml": categorized("domein", domains, "line", 1),
        "maatregelen_vlak.qml": categorized("domein", domains, "fill", 2),
        "overlappingen.qml": categorized("verdict", verdicts, "marker", 0, VERDICT_SHAPES),
        # wijk-level thresholds of the shipped rules: a quarter, half, ... of hinderlast_max
        "stapeling.qml": graduated("hinderlast", [11.25, 22.5, 33.75, 45.0]),
        "gebieden.qml": outline(OUTLINE),
        # the changed measures of a comparison, as points (their full shapes stay in the gpkg)
        "maatregelen_verschil.qml": categorized("wijziging", changes, "marker", 0, CHANGE_SHAPES),
    }


if __name__ == "__main__":
    for name, text in styles().items():
        (HERE / name).write_text(text, encoding="utf-8")
