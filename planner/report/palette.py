"""One palette for everything people see: QGIS styles, report maps, the web map.

Colour-blind safe: the domains and verdicts use the Okabe-Ito colours (plus one from Paul Tol's
palette), verdicts also differ in marker shape, and stacking uses the viridis ramp, which stays
ordered in grey and for the common colour-vision deficiencies.
"""

from __future__ import annotations

__all__ = [
    "DOMAIN_COLOURS",
    "VERDICT_COLOURS",
    "VERDICT_SHAPES",
    "CHANGE_COLOURS",
    "CHANGE_SHAPES",
    "LOAD_RAMP",
    "rgba",
    "needs_light_text",
]

DOMAIN_COLOURS: dict[str, str] = {
    "interventie": "#0072B2",  # blue
    "onderhoud": "#E69F00",  # orange
    "sociaal": "#CC79A7",  # reddish purple
    "initiatief": "#009E73",  # bluish green
}
VERDICT_COLOURS: dict[str, str] = {
    "combineren": "#56B4E9",  # sky blue
    "volgorde": "#D55E00",  # vermillion
    "spreiden": "#F0E442",  # yellow, drawn with a dark outline
    "samenhang": "#332288",  # indigo (Tol)
}
# Marker shapes by verdict, so the verdicts differ without colour too (QGIS marker names).
VERDICT_SHAPES: dict[str, str] = {
    "combineren": "square",
    "volgorde": "triangle",
    "spreiden": "star",
    "samenhang": "circle",
}
# What happened to a measure between two versions (gebiedsplanner vergelijk): colour and shape.
CHANGE_COLOURS: dict[str, str] = {
    "nieuw": "#009E73",  # bluish green
    "vervallen": "#D55E00",  # vermillion
    "gewijzigd": "#0072B2",  # blue
}
CHANGE_SHAPES: dict[str, str] = {"nieuw": "circle", "vervallen": "cross2", "gewijzigd": "diamond"}
# viridis in five steps, light (little) to dark (much)
LOAD_RAMP: tuple[str, ...] = ("#FDE725", "#5DC863", "#21908D", "#3B528B", "#440154")
OUTLINE = "#232323"


def rgba(colour: str, alpha: int = 255) -> str:
    """A hex colour as QGIS's ``r,g,b,a`` text.

    Examples
    --------
    >>> rgba("#0072B2")
    '0,114,178,255'
    """
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{alpha}"


def needs_light_text(colour: str) -> bool:
    """Whether white text reads better than black on ``colour`` (WCAG relative luminance).

    One of the two always reaches a contrast of 4.5:1: black where the luminance is at least
    0.175, white where it is at most 0.183.

    Examples
    --------
    >>> needs_light_text("#440154"), needs_light_text("#FDE725"), needs_light_text("#21908D")
    (True, False, False)
    """
    rgb = [int(colour.lstrip("#")[k : k + 2], 16) / 255 for k in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return luminance < 0.179
