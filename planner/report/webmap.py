"""The residents' web map: one self-contained ``kaart.html`` that works without internet.

The page (``templates/kaart.html``) has Leaflet inlined from ``vendor/`` (no CDN), the data
embedded as escaped JSON, and its own script builds every popup, list item and label with DOM
text nodes, so text from the data is shown as text and never runs. Only the schema's public
fields are written. The background tiles (PDOK's BRT achtergrondkaart by default) load where
they can; offline the page falls back to the area backdrop with the area names as labels.
Next to the map (below it on a phone) the list of measures is the map's accessible form.
"""

from __future__ import annotations

import base64
import html as htmllib
import json
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.errors import OptionError
from planner.report.palette import DOMAIN_COLOURS, LOAD_RAMP
from planner.report.tables import ReportData
from planner.schema import load_schema
from planner.texts import DOMAIN_LABELS

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = ["write_webmap", "webmap_html", "json_for_script", "background"]

VENDOR = resources.files("planner.report") / "vendor" / "leaflet-1.9.4"
ASSETS = resources.files("planner.report") / "templates"
PDOK_TILES = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)
PDOK_ATTRIBUTION = "Achtergrond: BRT Achtergrondkaart, Kadaster (PDOK)"
#: No contact line unless the municipality gives one (``--contact``): a made-up line would be
#: published to residents.
DEFAULT_CONTACT = ""


def json_for_script(value: object) -> str:
    r"""JSON that is safe inside ``<script>``: no ``</script>``, no HTML, no line separators.

    Examples
    --------
    >>> json_for_script({"naam": "</script><b>"})
    '{"naam":"\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return text


def _round(geoms: np.ndarray, decimals: int = 6) -> np.ndarray:
    return shapely.set_precision(geoms, 10**-decimals)


def _public(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value)


def _measure_features(data: ReportData, public: list[str]) -> dict:
    """Every measure, by start then name; those without a place have no geometry.

    Besides the public fields: ``y0``/``y1`` (first and last year), ``waar`` (the first area's
    name), ``g`` (the positions of the areas it is in) and ``h`` (1 when it brings nuisance,
    midden or hoog: the "met hinder" filter; the nuisance level itself stays internal).
    """
    m = data.measures
    order = np.lexsort((m["naam"].astype(str).to_numpy(), pd.to_datetime(m["periode_van"])))
    located = (m.geometry.notna() & ~m.geometry.is_empty).to_numpy()
    geoms = np.asarray(m.geometry.array).copy()
    if located.any():
        simple = shapely.simplify(geoms[located], 1.0, preserve_topology=True)
        simple = gpd.GeoSeries(simple, crs=m.crs).to_crs("EPSG:4326")
        geoms[located] = _round(np.asarray(simple.array))
    area_names = data.areas["naam"].to_numpy()
    members = data.members.drop_duplicates(["m", "gebied"])
    areas_of = members.groupby("m")["gebied"].apply(lambda g: [int(v) for v in g]).to_dict()
    y0 = pd.to_datetime(m["periode_van"]).dt.year.to_numpy()
    y1 = pd.to_datetime(m["periode_tot"]).dt.year.to_numpy()
    nuisance = (
        m["hinder"].isin(["midden", "hoog"]).to_numpy() if "hinder" in m else np.zeros(len(m), bool)
    )
    columns = {f: m[f].to_numpy() if f in m else np.full(len(m), None) for f in public}
    features = []
    for pos in order:
        props: dict[str, object] = {f: _public(columns[f][pos]) for f in public}
        props["y0"], props["y1"] = int(y0[pos]), int(y1[pos])
        inside = areas_of.get(pos, [])
        props["g"] = inside
        props["waar"] = str(area_names[inside[0]]) if inside else None
        props["h"] = int(nuisance[pos])
        geometry = shapely.geometry.mapping(geoms[pos]) if located[pos] else None
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _area_features(data: ReportData) -> tuple[dict, dict]:
    areas = data.areas
    geoms = shapely.simplify(np.asarray(areas.geometry.array), 2.0, preserve_topology=True)
    geoms = _round(np.asarray(gpd.GeoSeries(geoms, crs=areas.crs).to_crs("EPSG:4326").array), 5)
    labels = shapely.point_on_surface(geoms)
    features = []
    for pos, (code, name) in enumerate(zip(areas["code"], areas["naam"], strict=True)):
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": str(code),
                    "naam": str(name),
                    "label": [round(labels[pos].y, 5), round(labels[pos].x, 5)],
                },
                "geometry": shapely.geometry.mapping(geoms[pos]),
            }
        )
    bounds = gpd.GeoSeries(geoms, crs="EPSG:4326").total_bounds
    return {"type": "FeatureCollection", "features": features}, {
        "south": float(bounds[1]),
        "west": float(bounds[0]),
        "north": float(bounds[3]),
        "east": float(bounds[2]),
    }


def _other_levels(result: RunResult, level: str) -> list[dict]:
    """Names and extents of the areas of the other levels, for the search (wijk, buurt)."""
    found = []
    for partition in result.areas.partitions:
        if partition.level == level or len(partition.areas) < 2:
            continue
        boxes = partition.areas.geometry.to_crs("EPSG:4326").bounds.round(5).to_numpy()
        for name, box in zip(partition.areas["naam"], boxes, strict=True):
            if pd.notna(name):
                found.append({"naam": str(name), "niveau": partition.level, "bbox": list(box)})
    return found


def _inline_leaflet() -> tuple[str, str]:
    """Leaflet's script and stylesheet, with its images inlined and no link out."""
    js = (VENDOR / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=.*$", "", js, flags=re.M)
    # Leaflet's default attribution prefix links to its website; the page makes no link out.
    js = js.replace(
        '<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">',
        "<span>",
    ).replace("Leaflet</a>", "Leaflet</span>")
    css = (VENDOR / "leaflet.css").read_text(encoding="utf-8")
    for image in ("layers.png", "layers-2x.png"):
        data = base64.b64encode((VENDOR / "images" / image).read_bytes()).decode()
        css = css.replace(f"images/{image}", f"data:image/png;base64,{data}")
    css = re.sub(r"url\(images/[^)]*\)", "none", css)
    return js, css


def background(url: str | None = None, attribution: str | None = None) -> dict | None:
    """The web map's background tiles: PDOK's BRT achtergrondkaart, an own XYZ service, or none.

    Parameters
    ----------
    url : str, optional
        An XYZ URL template (``https://.../{z}/{x}/{y}.png``); ``geen`` for no background
        (the page then makes no request at all); PDOK's BRT achtergrondkaart when not given.
    attribution : str, optional
        The service's attribution, shown on the map; needed with an own ``url``.

    Returns
    -------
    dict or None
        ``{"url": ..., "bron": ...}``, or None for no background.

    Raises
    ------
    planner.OptionError
        The template is not an http(s) URL with ``{z}``, ``{x}`` and ``{y}``.
    """
    if url is None:
        return {"url": PDOK_TILES, "bron": attribution or PDOK_ATTRIBUTION}
    if url.strip().casefold() == "geen":
        return None
    url = url.strip()
    missing = [part for part in ("{z}", "{x}", "{y}") if part not in url]
    if not re.match(r"^https?://[^\s/]+", url) or missing:
        raise OptionError(
            f"--achtergrond {url!r}: geef een XYZ-adres als https://.../{{z}}/{{x}}/{{y}}.png"
            + (f" (ontbreekt: {', '.join(missing)})" if missing else "")
            + ", of 'geen'."
        )
    host = re.sub(r"^https?://([^/]+).*", r"\1", url)
    return {"url": url, "bron": attribution or f"Achtergrondkaart: {host}"}


def webmap_html(
    result: RunResult,
    data: ReportData,
    *,
    title: str,
    contact: str = DEFAULT_CONTACT,
    tiles: dict | None | str = "pdok",
) -> str:
    """The residents' web map as one HTML page.

    Parameters
    ----------
    result : RunResult
        The run.
    data : ReportData
        Shared report tables, at the level whose areas colour the map.
    title : str
        Shown in the page title and the panel.
    contact : str
        A general way to reach the municipality (not a person's data).
    tiles : dict or None
        The background (see :func:`background`); PDOK's by default, None for none.

    Returns
    -------
    str
        The self-contained page.
    """
    schema = load_schema()
    public = schema.public_fields
    measures = _measure_features(data, public)
    areas, bounds = _area_features(data)
    payload = {
        "titel": title,
        "contact": contact,
        "niveau": data.level,
        "jaren": [data.years[0], data.years[1]],
        "domeinen": [
            {"code": d, "label": DOMAIN_LABELS[d], "kleur": c} for d, c in DOMAIN_COLOURS.items()
        ],
        "themas": {k: v.get("label", k) for k, v in schema.themes.items()},
        "ramp": list(LOAD_RAMP),
        "achtergrond": background() if tiles == "pdok" else tiles,
        "grenzen": bounds,
        "gebieden": areas,
        "zoekgebieden": _other_levels(result, data.level),
        "maatregelen": measures,
    }
    js, css = _inline_leaflet()
    page = (ASSETS / "kaart.html").read_text(encoding="utf-8")
    parts = {
        "TITEL": htmllib.escape(title),
        "NIVEAU": htmllib.escape(data.level),
        "LEAFLET_CSS": css,
        "KAART_CSS": (ASSETS / "kaart.css").read_text(encoding="utf-8"),
        "DATA": json_for_script(payload),
        "LEAFLET_JS": js,
        "KAART_JS": (ASSETS / "kaart.js").read_text(encoding="utf-8"),
    }
    # one pass, so that no part's content is read as another's placeholder
    return re.sub(r"@@([A-Z_]+)@@", lambda hit: parts[hit.group(1)], page)


def write_webmap(
    result: RunResult,
    data: ReportData,
    path: Path,
    *,
    title: str,
    contact: str = DEFAULT_CONTACT,
    tiles: dict | None | str = "pdok",
) -> Path:
    """Write ``kaart.html``; see :func:`webmap_html`."""
    page = webmap_html(result, data, title=title, contact=contact, tiles=tiles)
    path.write_text(page, encoding="utf-8")
    return path
