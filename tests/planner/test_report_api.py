"""The report parts of the public API the QGIS plugin uses: the atlas tables and the web map."""

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


def test_atlas_tables_one_row_per_area_with_its_measures_pairs_and_timeline(result, tmp_path):
    calls = []
    areas, measures, pairs = planner.atlas_tables(
        result, tmp_path / "tijdlijnen", progress=lambda done, total: calls.append((done, total))
    )
    assert list(areas["naam"]) == ["Noord", "Zuid"] and calls == [(1, 2), (2, 2)]
    noord, zuid = areas.iloc[0], areas.iloc[1]
    assert (noord["n_maatregelen"], zuid["n_maatregelen"]) == (3, 1)
    assert noord["n_overlappingen"] == len(pairs.loc[pairs["gebied_code"] == "WK999901"]) > 0
    assert noord["n_combineren"] >= 1 and zuid["n_overlappingen"] == 0
    assert noord["budget"] == 680_000 and noord["budget_tekst"] == "€ 680.000"
    for picture in areas["tijdlijn"]:
        assert open(picture, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    by_area = measures.groupby("gebied_code")["naam"].apply(set).to_dict()
    assert by_area == {
        "WK999901": {"Riool Dorpsstraat", "Herbestrating Dorpsstraat", "Buurtkamer"},
        "WK999902": {"Moestuin"},
    }
    assert set(measures.loc[measures["naam"] == "Moestuin", "periode"]) == {"2027"}
    assert set(measures.loc[measures["naam"] == "Riool Dorpsstraat", "periode"]) == {
        "2026-03 t/m 2026-06"
    }


def test_atlas_tables_on_a_coarser_level_and_an_unknown_one(result, tmp_path):
    areas, measures, _pairs = planner.atlas_tables(result, tmp_path, "gemeente")
    assert list(areas["naam"]) == ["Proefstad"] and areas["n_maatregelen"].iloc[0] == 4
    with pytest.raises(planner.OptionError, match="buurt"):
        planner.atlas_tables(result, tmp_path, "buurt")


def test_webmap_page_title_and_contact(result):
    page = planner.webmap_page(result)
    assert "<title>Proefstad: wat gebeurt er in mijn wijk?</title>" in page
    assert "14 0 + netnummer" not in page  # no placeholder contact line is published
    own = planner.webmap_page(result, title="Wijkaanpak", contact="Bel de wijkwethouder")
    assert "<title>Wijkaanpak: wat gebeurt er in mijn wijk?</title>" in own
    assert "Bel de wijkwethouder" in own and "14 0 + netnummer" not in own
    coarse = planner.webmap_page(result, per="gemeente")
    assert "wat gebeurt er in mijn gemeente?" in coarse
    with pytest.raises(planner.OptionError):
        planner.webmap_page(result, per="buurt")
