"""The report parts of the public API the QGIS plugin uses: the web map."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

import planner


@pytest.fixture(scope="module")
def result():
    """Two wijken in one gemeente; three works in Noord, one initiative in Zuid."""
    wijken = gpd.GeoDataFrame(
        {"WK_CODE": ["WK999901", "WK999902"], "WK_NAAM": ["Noord", "Zuid"], "AANT_INW": [4, 3]},
        geometry=[
            shapely.box(103000, 487000, 104000, 488000),
            shapely.box(104000, 487000, 105000, 488000),
        ],
        crs="EPSG:28992",
    )
    gemeente = gpd.GeoDataFrame(
        {"GM_CODE": ["GM9999"], "GM_NAAM": ["Proefstad"], "AANT_INW": [7]},
        geometry=[shapely.box(103000, 487000, 105000, 488000)],
        crs="EPSG:28992",
    )
    measures = gpd.GeoDataFrame(
        {
            "naam": ["Riool Dorpsstraat", "Herbestrating Dorpsstraat", "Buurtkamer", "Moestuin"],
            "domein": ["onderhoud", "interventie", "sociaal", "initiatief"],
            "thema": ["riolering", "verharding", "ontmoeting", "groen"],
            "start": ["2026-03", "2026-09", "2026", "2027"],
            "eind": ["2026-06", "2027-02", "2027", "2027"],
            "budget": [400_000, 250_000, 30_000, 2_000],
        },
        geometry=[
            shapely.LineString([(103400, 487500), (103600, 487500)]),
            shapely.LineString([(103400, 487505), (103600, 487505)]),
            shapely.Point(103500, 487600),
            shapely.Point(104500, 487500),
        ],
        crs="EPSG:28992",
    )
    return planner.run(
        [planner.LayerRef.in_memory(measures, "proef.gpkg", "werken")],
        [
            planner.LayerRef.in_memory(wijken, "wijken.gpkg", "wijken"),
            planner.LayerRef.in_memory(gemeente, "gemeente.gpkg", "gemeente"),
        ],
    )


def test_webmap_page_title_and_contact(result):
    page = planner.webmap_page(result)
    assert "<title>Proefstad: wat gebeurt er in mijn wijk?</title>" in page
    assert "14 0 + netnummer" in page
    own = planner.webmap_page(result, title="Wijkaanpak", contact="Bel de wijkwethouder")
    assert "<title>Wijkaanpak: wat gebeurt er in mijn wijk?</title>" in own
    assert "Bel de wijkwethouder" in own and "14 0 + netnummer" not in own
    coarse = planner.webmap_page(result, per="gemeente")
    assert "wat gebeurt er in mijn gemeente?" in coarse
    with pytest.raises(planner.OptionError):
        planner.webmap_page(result, per="buurt")
