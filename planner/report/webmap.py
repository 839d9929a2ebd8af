"""The residents' web map: one self-contained ``kaart.html`` that works without internet.

folium builds the page; Leaflet is inlined from ``vendor/`` (no CDN), the data is embedded as
escaped JSON, and the page's own script builds every popup and label with DOM text nodes, so
text from the data is shown as text and never runs. Only the schema's public fields are written.
The PDOK background map is an optional layer that stays empty offline; the area boundaries are
always there as the offline backdrop.
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

from planner.errors import PlannerError
from planner.periods import expand_periods
from planner.report.palette import DOMAIN_COLOURS, LOAD_RAMP
from planner.report.tables import ReportData
from planner.schema import load_schema
from planner.texts import DOMAIN_LABELS

if TYPE_CHECKING:
    from planner.result import RunResult

__all__ = ["write_webmap", "webmap_html", "json_for_script"]

VENDOR = resources.files("planner.report") / "vendor" / "leaflet-1.9.4"
ASSETS = resources.files("planner.report") / "templates"
PDOK_TILES = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)
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
    m = data.measures
    located = m[m.geometry.notna() & ~m.geometry.is_empty]
    geoms = shapely.simplify(np.asarray(located.geometry.array), 1.0, preserve_topology=True)
    geoms = gpd.GeoSeries(geoms, crs=m.crs).to_crs("EPSG:4326")
    geoms = _round(np.asarray(geoms.array))
    area_names = data.areas["naam"].to_numpy()
    first_area = data.members.drop_duplicates("m").set_index("m")["gebied"]
    y0 = pd.to_datetime(located["periode_van"]).dt.year.to_numpy()
    y1 = pd.to_datetime(located["periode_tot"]).dt.year.to_numpy()
    features = []
    for k, (pos, row) in enumerate(located.iterrows()):
        props: dict[str, object] = {f: _public(row[f]) for f in public}
        props["y0"], props["y1"] = int(y0[k]), int(y1[k])
        area = first_area.get(pos)
        props["waar"] = str(area_names[area]) if area is not None else None
        features.append(
            {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geoms[k])}
        )
    return {"type": "FeatureCollection", "features": features}


def _area_features(data: ReportData, public: list[str]) -> tuple[dict, dict]:
    areas = data.areas
    geoms = shapely.simplify(np.asarray(areas.geometry.array), 2.0, preserve_topology=True)
    geoms = _round(np.asarray(gpd.GeoSeries(geoms, crs=areas.crs).to_crs("EPSG:4326").array), 5)
    m = data.measures
    # measures per area and year (the map's colours), counted from the membership
    spans = expand_periods(m["periode_van"].to_numpy(), m["periode_tot"].to_numpy(), "year")
    joined = data.members.merge(spans, left_on="m", right_on="row")
    counts = joined.groupby(["gebied", "periode"]).size()
    # measures without a place: listed in their area's popup
    placeless = m.geometry.isna().to_numpy()
    lists: dict[int, list] = {}
    for pos, area in data.members.drop_duplicates(["m", "gebied"]).itertuples(index=False):
        if placeless[pos]:
            row = m.iloc[pos]
            item: dict[str, object] = {f: _public(row[f]) for f in public}
            item["y0"] = int(pd.Timestamp(row["periode_van"]).year)
            item["y1"] = int(pd.Timestamp(row["periode_tot"]).year)
            lists.setdefault(int(area), []).append(item)
    features = []
    for pos, (code, name) in enumerate(zip(areas["code"], areas["naam"], strict=True)):
        per_year = {str(p): int(n) for (g, p), n in counts.items() if g == pos}
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": str(code),
                    "naam": str(name),
                    "n": per_year,
                    "zonder_plek": lists.get(pos, []),
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


def _inline_leaflet(page: str) -> str:
    """Replace the Leaflet script and stylesheet references by their content."""
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
    page, n_js = re.subn(
        r'<script src="leaflet\.js"></script>', lambda _: f"<script>{js}</script>", page
    )
    page, n_css = re.subn(
        r'<link rel="stylesheet" href="leaflet\.css"\s*/?>', lambda _: f"<style>{css}</style>", page
    )
    if n_js != 1 or n_css != 1:
        raise PlannerError("De webkaart kon Leaflet niet inlijsten: de folium-versie wijkt af.")
    return page


def webmap_html(
    result: RunResult, data: ReportData, *, title: str, contact: str = DEFAULT_CONTACT
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

    Returns
    -------
    str
        The self-contained page.
    """
    try:
        import folium
        from branca.element import Element
    except ImportError as exc:
        raise PlannerError(
            "Voor de webkaart is folium nodig: pip install 'gebiedsplanner[report]'."
        ) from exc
    public = load_schema().public_fields
    measures = _measure_features(data, public)
    areas, bounds = _area_features(data, public)
    payload = {
        "titel": title,
        "contact": contact,
        "niveau": data.level,
        "jaren": [data.years[0], data.years[1]],
        "domeinen": [
            {"code": d, "label": DOMAIN_LABELS[d], "kleur": c} for d, c in DOMAIN_COLOURS.items()
        ],
        "themas": {k: v.get("label", k) for k, v in load_schema().themes.items()},
        "ramp": list(LOAD_RAMP),
        "tegels": PDOK_TILES,
        "grenzen": bounds,
        "gebieden": areas,
        "maatregelen": measures,
    }
    fmap = folium.Map(
        location=[(bounds["south"] + bounds["north"]) / 2, (bounds["west"] + bounds["east"]) / 2],
        zoom_start=13,
        tiles=None,
        prefer_canvas=True,
    )
    fmap.default_js = [("leaflet", "leaflet.js")]
    fmap.default_css = [("leaflet_css", "leaflet.css")]
    root = fmap.get_root()
    root.header.add_child(
        Element(
            f"<title>{htmllib.escape(title)}</title>"
            f"<style>{(ASSETS / 'kaart.css').read_text(encoding='utf-8')}</style>"
        )
    )
    root.html.add_child(
        Element(f'<script type="application/json" id="gp-data">{json_for_script(payload)}</script>')
    )
    script = (ASSETS / "kaart.js").read_text(encoding="utf-8")
    page = _inline_leaflet(root.render())
    # After folium's own script, which creates the map object this one builds on.
    tail = f"<script>\n{script}\ngebiedsplannerKaart({fmap.get_name()});\n</script>\n</html>"
    head, found, _ = page.rpartition("</html>")
    if not found:
        raise PlannerError("De webkaart kon niet worden opgebouwd: geen </html> in de pagina.")
    return head + tail


def write_webmap(
    result: RunResult, data: ReportData, path: Path, *, title: str, contact: str = DEFAULT_CONTACT
) -> Path:
    """Write ``kaart.html``; see :func:`webmap_html`."""
    path.write_text(webmap_html(result, data, title=title, contact=contact), encoding="utf-8")
    return path
