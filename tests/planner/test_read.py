import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from planner.errors import InputError, OptionError
from planner.mapping import parse_mapping_options, read_mapping_file
from planner.read import read_measures
from tests.planner.conftest import DATA, frame_from_records

BOWTIE = "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"


def accounted(ms):
    return ms.n_read == len(ms.measures) + len(ms.rejected)


def reasons(ms):
    return dict(zip(ms.rejected["id"], ms.rejected["reden"], strict=True))


def test_valid_measures_are_read_with_periods_and_defaults(make_measures):
    ms = make_measures(
        [
            {"wkt": "POINT (1 2)", "thema": "riolering", "start": "2026-03", "eind": "2027"},
            {"wkt": "LINESTRING (0 0, 10 0)", "thema": "groen", "start": "2026-05-01"},
        ]
    )
    m = ms.measures
    assert len(m) == 2 and len(ms.rejected) == 0
    assert m["hinder"].tolist() == ["hoog", "laag"]  # default from the theme
    assert m["start"].tolist() == ["2026-03", "2026-05-01"]
    assert m["eind"].tolist() == ["2027", "2026-05-01"]  # empty end = start
    assert m["periode_tot"].iloc[0] == pd.Timestamp("2027-12-31")
    assert m["res_van"].tolist() == [1, 0]


@pytest.mark.parametrize(
    ("record", "field", "fragment"),
    [
        ({"naam": None}, "naam", "naam ontbreekt"),
        ({"domein": None}, "domein", "domein ontbreekt"),
        ({"domein": "overig"}, "domein", "onbekend domein 'overig'"),
        ({"start": None}, "start", "startdatum ontbreekt"),
        ({"start": "voorjaar 2026"}, "start", "'voorjaar 2026' is geen datum"),
        ({"start": "31-02-2026"}, "start", "bestaat niet"),
        ({"start": "1-3-26"}, "start", "twee cijfers"),
        ({"start": "2026", "eind": "2025"}, "eind", "eind 2025 ligt voor start 2026"),
        ({"eind": "later"}, "eind", "eind 'later' is geen datum"),
        ({"wkt": None}, "geometrie", "geen geometrie en geen gebiedscode"),
        ({"wkt": "POLYGON EMPTY"}, "geometrie", "geen geometrie en geen gebiedscode"),
    ],
)
def test_bad_features_are_rejected_with_field_and_reason(make_measures, record, field, fragment):
    good = {"wkt": "POINT (0 0)"}
    ms = make_measures([good, {**good, **record}])
    assert len(ms.measures) == 1 and accounted(ms)
    row = ms.rejected.iloc[0]
    assert (row["id"], row["veld"], row["fid"]) == ("m2", field, 2)
    assert fragment in row["reden"]


def test_several_problems_on_one_feature_are_all_listed(make_measures):
    ms = make_measures([{"wkt": "POINT (0 0)", "naam": None, "domein": "x", "start": None}])
    assert len(ms.rejected) == 1
    text = ms.rejected["reden"].iloc[0]
    assert "naam ontbreekt" in text and "onbekend domein" in text and "startdatum" in text


def test_duplicate_id_keeps_the_first_and_rejects_the_second(make_measures):
    ms = make_measures([{"wkt": "POINT (0 0)", "id": "A"}, {"wkt": "POINT (1 1)", "id": "A"}])
    assert ms.measures["bron_fid"].tolist() == [1]
    assert ms.rejected["veld"].tolist() == ["id"]
    assert "komt al voor" in ms.rejected["reden"].iloc[0] and "fid 1" in ms.rejected["reden"][0]


def test_invalid_geometry_is_repaired_with_a_note(make_measures):
    ms = make_measures([{"wkt": BOWTIE}])
    geom = ms.measures.geometry.iloc[0]
    assert geom.is_valid and geom.area == pytest.approx(50)
    assert "hersteld" in ms.measures["opmerkingen"].iloc[0]
    note = ms.notes.iloc[0]
    assert (note["id"], note["veld"]) == ("m1", "geometrie")


def test_z_coordinates_are_dropped_with_a_note(make_measures):
    ms = make_measures([{"wkt": "POINT Z (1 2 3)"}])
    assert not shapely.has_z(ms.measures.geometry.iloc[0])
    assert "Z/M" in ms.measures["opmerkingen"].iloc[0]


def test_geometry_less_measure_with_gebiedscode_is_used(make_measures):
    ms = make_measures([{"wkt": None, "gebiedscode": "WK039201", "domein": "sociaal"}])
    assert len(ms.measures) == 1 and ms.measures.geometry.isna().all()


def test_unknown_theme_and_status_are_noted_not_rejected(make_measures):
    ms = make_measures([{"wkt": "POINT (0 0)", "thema": "kunst", "status": "bezig"}])
    assert len(ms.measures) == 1
    text = ms.measures["opmerkingen"].iloc[0]
    assert "onbekend thema 'kunst'" in text and "onbekende status 'bezig'" in text
    assert ms.measures["status"].isna().all() and ms.measures["hinder"].iloc[0] == "laag"


def test_budget_in_dutch_notation_is_read_and_noted(make_measures):
    ms = make_measures(
        [
            {"wkt": "POINT (0 0)", "budget": "EUR 1.250.000,-"},
            {"wkt": "POINT (0 0)", "budget": "veel"},
            {"wkt": "POINT (0 0)", "budget": "2500"},
        ]
    )
    assert ms.measures["budget"].tolist()[0] == 1_250_000
    assert np.isnan(ms.measures["budget"].iloc[1]) and ms.measures["budget"].iloc[2] == 2500
    notes = ms.measures["opmerkingen"].tolist()
    assert "gelezen als 1250000.00" in notes[0] and "geen bedrag" in notes[1]
    assert pd.isna(notes[2])


@pytest.mark.parametrize("budget", [1e20, -5, "-1.000", "EUR 20.000.000.000"])
def test_an_implausible_budget_is_left_empty_with_a_note(make_measures, budget):
    ms = make_measures([{"wkt": "POINT (0 0)", "budget": budget}, {"wkt": "POINT (0 0)"}])
    assert len(ms.measures) == 2 and np.isnan(ms.measures["budget"].iloc[0])
    note = ms.measures["opmerkingen"].iloc[0]
    assert "is niet aannemelijk (negatief of meer dan 10.000.000.000 euro)" in note
    assert "leeg gelaten" in note and "gelezen als" not in note
    assert ms.notes["veld"].tolist() == ["budget"]


def test_the_largest_plausible_budget_and_zero_are_kept(make_measures):
    ms = make_measures(
        [{"wkt": "POINT (0 0)", "budget": 1e10}, {"wkt": "POINT (0 0)", "budget": 0}]
    )
    assert ms.measures["budget"].tolist() == [1e10, 0]
    assert ms.measures["opmerkingen"].isna().all()


def test_values_are_mapped_case_insensitively(make_measures):
    ms = make_measures([{"wkt": "POINT (0 0)", "domein": "Beheer", "thema": "Riool"}])
    assert ms.measures[["domein", "thema"]].values.tolist() == [["onderhoud", "riolering"]]


def test_columns_outside_the_schema_are_kept(make_measures):
    ms = make_measures([{"wkt": "POINT (0 0)", "kostenplaats": "KP-12", "fid_extra": 4}])
    assert ms.measures["kostenplaats"].tolist() == ["KP-12"]


def test_reprojects_to_the_working_crs(make_measures):
    ms = make_measures([{"wkt": "POINT (4.6362 52.3874)"}], crs="EPSG:4326")
    x, y = ms.measures.geometry.iloc[0].coords[0]
    assert 100_000 < x < 110_000 and 485_000 < y < 495_000  # Haarlem in RD New


def write_gpkg(tmp_path, records, name="m.gpkg", layer="maatregelen", crs="EPSG:28992"):
    path = tmp_path / name
    frame = frame_from_records(records, crs)
    pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", append=path.exists())
    return path


def test_reads_every_layer_of_a_geopackage(tmp_path):
    path = write_gpkg(tmp_path, [{"wkt": "POINT (0 0)", "id": "a"}], layer="gemeente")
    write_gpkg(tmp_path, [{"wkt": "POINT (5 5)", "id": "b"}], layer="corporatie")
    ms = read_measures(path)
    assert sorted(ms.measures["laag"]) == ["corporatie", "gemeente"]
    assert [s["gelezen"] for s in ms.sources] == [1, 1]
    only = read_measures(path, layers=["corporatie"])
    assert only.measures["id"].tolist() == ["b"]
    with pytest.raises(InputError, match="geen laag 'x'"):
        read_measures(path, layers=["x"])


def test_field_mapping_defaults_and_values(tmp_path):
    frame = gpd.GeoDataFrame(
        {"titel": ["Riool Dorpsstraat"], "fy": [2027], "soortwerk": ["Riool"]},
        geometry=[shapely.Point(0, 0)],
        crs="EPSG:28992",
    )
    path = tmp_path / "eigen.geojson"
    frame.to_file(path)
    mapping = parse_mapping_options(
        ["start=fy", "thema=soortwerk"], ["domein=onderhoud"], ["thema:riool=riolering"]
    )
    ms = read_measures(path, mapping=mapping)
    row = ms.measures.iloc[0]
    assert (row["naam"], row["start"], row["domein"], row["thema"]) == (
        "Riool Dorpsstraat",
        "2027",
        "onderhoud",
        "riolering",
    )
    assert ms.sources[0]["kolommen"]["start"] == "fy"


def test_mapping_file_equals_options(tmp_path):
    path = tmp_path / "mapping.toml"
    path.write_text(
        '[velden]\nstart = "fy"\n[standaard]\ndomein = "onderhoud"\n'
        '[waarden.thema]\n"Riool" = "riolering"\n',
        encoding="utf-8",
    )
    assert read_mapping_file(path) == parse_mapping_options(
        ["start=fy"], ["domein=onderhoud"], ["thema:riool=riolering"]
    )


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"fields": ["begin=fy"]}, "onbekend veld 'begin'"),
        ({"fields": ["start"]}, "verwacht VELD=WAARDE"),
        ({"values": ["thema=x"]}, "verwacht VELD:WAARDE"),
    ],
)
def test_mapping_option_mistakes(kwargs, fragment):
    with pytest.raises(OptionError, match=fragment):
        parse_mapping_options(**kwargs)


def test_mapped_column_that_exists_nowhere_stops(tmp_path):
    path = write_gpkg(tmp_path, [{"wkt": "POINT (0 0)"}])
    with pytest.raises(InputError, match="kolom 'fy' komt in geen enkele"):
        read_measures(path, mapping=parse_mapping_options(["start=fy"]))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[velden]\nbegin = "fy"\n', "mapping.toml, [velden] begin: onbekend veld 'begin'"),
        ('[standaard]\nsoort = "x"\n', "mapping.toml, [standaard] soort: onbekend veld"),
        ('[waarden.themaa]\nRiool = "riolering"\n', "mapping.toml, [waarden.themaa]: onbekend"),
        ('velden = "start"\n', "mapping.toml: [velden] moet een tabel zijn"),
        ('[waarden]\nthema = "riool"\n', "mapping.toml: [waarden.thema] moet een tabel zijn"),
        ('[velden]\nstart = ["a", "b"]\n', "mapping.toml: [velden] start moet één waarde zijn"),
    ],
)
def test_mapping_file_mistakes_name_the_file_and_key_not_an_option(tmp_path, text, fragment):
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises((InputError, OptionError)) as raised:
        read_mapping_file(path)
    assert fragment in str(raised.value) and "--" not in str(raised.value)


def test_a_mapped_column_missing_everywhere_names_the_mapping_file(tmp_path):
    data = write_gpkg(tmp_path, [{"wkt": "POINT (0 0)"}])
    path = tmp_path / "mapping.toml"
    path.write_text('[velden]\nstart = "fy"\n', encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_measures(data, mapping=read_mapping_file(path))
    assert str(raised.value).startswith(f"mappingbestand {path}, [velden] start: kolom 'fy'")
    # the same given as an option is named as the option; an option overrides the file
    mapping = read_mapping_file(path).merged(parse_mapping_options(["start=begin"]))
    with pytest.raises(InputError, match="^--field: kolom 'begin'"):
        read_measures(data, mapping=mapping)


def test_csv_with_wkt_and_semicolons(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(
        "id;naam;domein;start;wkt\n"
        "a;Riool;onderhoud;2026;POINT (1 2)\n"
        "b;Sociaal;sociaal;2026;\n"
        "c;Kapot;onderhoud;2026;POINT (1\n",
        encoding="utf-8",
    )
    ms = read_measures(path, input_crs="EPSG:28992")
    assert ms.measures["id"].tolist() == ["a"]
    assert dict(zip(ms.rejected["id"], ms.rejected["veld"], strict=True)) == {
        "b": "geometrie",
        "c": "geometrie",
    }
    assert "WKT niet te lezen" in reasons(ms)["c"]


def test_csv_with_xy_and_without_crs_stops(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text('naam,domein,start,x,y\nA,onderhoud,2026,"1000,5",2000\n', encoding="utf-8")
    with pytest.raises(InputError, match="geen coördinatenstelsel.*--input-crs"):
        read_measures(path)
    ms = read_measures(path, input_crs="EPSG:28992")
    assert ms.measures.geometry.iloc[0].equals(shapely.Point(1000.5, 2000))


def test_shapefile_with_cp1252_dbf_without_cpg(tmp_path):
    frame = frame_from_records([{"wkt": "POINT (0 0)", "naam": "Café Ëndstraat"}])
    path = tmp_path / "m.shp"
    pyogrio.write_dataframe(frame, path, encoding="cp1252")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    ms = read_measures(path)
    assert ms.measures["naam"].tolist() == ["Café Ëndstraat"]


def test_layer_without_crs_stops_with_one_sentence(tmp_path):
    frame = frame_from_records([{"wkt": "POINT (0 0)"}]).set_crs(None, allow_override=True)
    path = tmp_path / "zonder.gpkg"
    pyogrio.write_dataframe(frame, path)
    with pytest.raises(InputError) as info:
        read_measures(path)
    assert "zonder.gpkg" in str(info.value) and "--input-crs" in str(info.value)
    assert len(read_measures(path, input_crs="EPSG:28992").measures) == 1


@pytest.mark.parametrize("content", [b"", b"SQLite format 3\x00" + b"\x00" * 50, b"onzin"])
def test_unreadable_file_stops_with_its_name(tmp_path, content):
    path = tmp_path / "kapot.gpkg"
    path.write_bytes(content)
    with pytest.raises(InputError, match="kapot.gpkg"):
        read_measures(path)


def test_missing_file_stops(tmp_path):
    with pytest.raises(InputError, match="bestaat niet"):
        read_measures(tmp_path / "weg.gpkg")


def test_quick_mode_needs_only_start(tmp_path):
    frame = gpd.GeoDataFrame(
        {"fy": [2027, 2027, None], "soort": ["x", "y", "z"]},
        geometry=[shapely.Point(0, 0), shapely.Point(3, 0), shapely.Point(6, 0)],
        crs="EPSG:28992",
    )
    path = tmp_path / "werken.geojson"
    frame.to_file(path)
    mapping = parse_mapping_options(["start=fy"])
    strict = read_measures(path, mapping=mapping)
    assert len(strict.measures) == 0  # no naam, no domein: rejected in the full run
    quick = read_measures(path, mapping=mapping, required=["start"])
    assert quick.measures["naam"].tolist() == ["werken-0", "werken-1"]
    assert quick.rejected["veld"].tolist() == ["start"]


def test_layer_outside_the_working_crs_area_is_warned(zurich):
    mapping = parse_mapping_options(["naam=Name", "start=start_date"], ["domein=onderhoud"])
    ms = read_measures(zurich, layers=["stadt_tiefbaustellen"], mapping=mapping)
    assert "buiten het gebied van EPSG:28992" in ms.sources[0]["waarschuwingen"][0]
    swiss = read_measures(zurich, layers=["stadt_tiefbaustellen"], mapping=mapping, crs="EPSG:2056")
    assert swiss.sources[0]["waarschuwingen"] == []


# -- impossible coordinates: the feature is rejected, the run goes on ---------------------------


@pytest.mark.parametrize(
    ("wkt", "fragment"),
    [
        ("POINT (nan 487000)", "NaN of oneindig"),
        ("POINT (inf 487000)", "NaN of oneindig"),
        ("LINESTRING (103000 487000, nan 487100)", "NaN of oneindig"),  # not in its bounds
        ("POLYGON ((0 0, 10 0, -inf 10, 0 0))", "NaN of oneindig"),
        ("MULTIPOINT (103000 487000, 103010 inf)", "NaN of oneindig"),
        ("POINT (1e300 487000)", "1e+300 ligt verder dan 1.000.000.000"),
        ("LINESTRING (103000 487000, 103000 -2e9)", "-2e+09 ligt verder dan 1.000.000.000"),
    ],
)
def test_impossible_coordinates_reject_the_feature_with_its_reason(make_measures, wkt, fragment):
    ms = make_measures([{"wkt": "POINT (103000 487000)"}, {"wkt": wkt, "gebiedscode": "A"}])
    assert ms.measures["id"].tolist() == ["m1"] and accounted(ms)
    row = ms.rejected.iloc[0]
    assert (row["id"], row["veld"]) == ("m2", "geometrie")
    assert fragment in row["reden"] and "herstel de geometrie" in row["reden"]


def test_impossible_coordinates_in_a_layer_in_degrees(make_measures):
    ms = make_measures(
        [{"wkt": "POINT (4.63 52.38)"}, {"wkt": "POINT (4.64 52.39)"}, {"wkt": "POINT (4.6 95)"}],
        crs="EPSG:4326",
    )
    assert ms.measures["id"].tolist() == ["m1", "m2"]
    assert "breedte -90..90" in ms.rejected["reden"].iloc[0]


def _point(k: int, x: float, y: float, **properties) -> dict:
    props = {"id": f"g{k}", "naam": "n", "domein": "onderhoud", "start": "2026", **properties}
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Point", "coordinates": [x, y]},
    }


def _geojson(path, features: list[dict], crs: str | None = None) -> None:
    import json

    data: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(data), encoding="utf-8")  # writes NaN and Infinity as JSON5 does


def test_nan_and_infinity_in_geojson_reject_those_features(tmp_path):
    path = tmp_path / "werken.geojson"
    xs = [103000, float("nan"), float("inf"), 1e300]
    _geojson(
        path,
        [_point(k, x, 487000) for k, x in enumerate(xs, start=1)],
        "urn:ogc:def:crs:EPSG::28992",
    )
    ms = read_measures(path)
    assert ms.measures["id"].tolist() == ["g1"] and accounted(ms)
    assert ms.rejected["id"].tolist() == ["g2", "g3", "g4"]
    assert set(ms.rejected["veld"]) == {"geometrie"}
    # a NaN point is not taken for an empty one (GDAL's Arrow interface makes it one)
    assert "NaN of oneindig" in ms.rejected["reden"].iloc[0]
    assert "verder dan" in ms.rejected["reden"].iloc[2]


def test_nan_and_unreadable_xy_in_csv_reject_those_features(tmp_path):
    path = tmp_path / "xy.csv"
    path.write_text(
        "id;naam;domein;start;x;y\n"
        "c1;a;onderhoud;2026;103000;487000\n"
        "c2;b;onderhoud;2026;nan;487000\n"
        "c3;c;onderhoud;2026;inf;487000\n"
        "c4;d;onderhoud;2026;1e300;487000\n"
        "c5;e;onderhoud;2026;103000;noord\n",
        encoding="utf-8",
    )
    ms = read_measures(path, input_crs="EPSG:28992")
    assert ms.measures["id"].tolist() == ["c1"] and accounted(ms)
    why = reasons(ms)
    assert "NaN of oneindig" in why["c2"] and "NaN of oneindig" in why["c3"]
    assert "verder dan" in why["c4"]
    assert "x/y '103000', 'noord' is geen getal" in why["c5"]


def test_a_layer_in_degrees_with_impossible_coordinates_is_not_taken_for_metres(tmp_path):
    path = tmp_path / "graden.geojson"
    _geojson(path, [_point(1, 4.63, 52.38), _point(2, 4.64, 52.39), _point(3, 1e300, 52.4)])
    ms = read_measures(path)
    assert ms.measures["id"].tolist() == ["g1", "g2"]
    assert ms.rejected["id"].tolist() == ["g3"]


def test_checking_coordinates_needs_no_loop_over_the_features():
    # a million points checked in well under a second on one core (about 0.2 s here)
    import time

    from planner.sources import coordinate_problems

    rng = np.random.default_rng(1)
    points = shapely.points(rng.uniform(0, 3e5, 1_000_000), rng.uniform(3e5, 6e5, 1_000_000))
    points[17] = shapely.points(np.nan, 1.0)
    started = time.perf_counter()
    codes = coordinate_problems(shapely.bounds(points), geographic=False)
    assert time.perf_counter() - started < 3
    assert np.flatnonzero(codes).tolist() == [17]


def test_a_feature_collection_inside_a_geojson_collection_refuses_the_file(tmp_path):
    # GDAL reads the top-level features only: the nested one was neither used nor rejected
    path = tmp_path / "genest.geojson"
    inner = {"type": "FeatureCollection", "features": [_point(2, 4.6, 52), _point(3, 4.7, 52)]}
    _geojson(path, [_point(1, 4.5, 52), inner])
    with pytest.raises(InputError) as raised:
        read_measures(path)
    text = str(raised.value)
    assert "genest.geojson" in text and "object 2" in text and "2 objecten" in text
    assert "FeatureCollection" in text and "Zet ze direct in de lijst features" in text


def test_a_property_that_says_feature_is_not_taken_for_a_lost_feature(tmp_path):
    path = tmp_path / "soort.geojson"
    _geojson(path, [_point(1, 4.5, 52, type="Feature"), _point(2, 4.6, 52)])
    ms = read_measures(path)
    assert ms.measures["id"].tolist() == ["g1", "g2"]


def test_a_column_a_csv_has_twice_is_warned_with_file_and_column(tmp_path):
    path = tmp_path / "dubbel.csv"
    path.write_text(
        "id;naam;domein;start;Naam;naam;x;y\nd1;Eerste;onderhoud;2026;Tweede;Derde;103000;487000\n",
        encoding="utf-8",
    )
    ms = read_measures(path, input_crs="EPSG:28992")
    assert ms.measures["naam"].tolist() == ["Eerste"]
    warnings = ms.sources[0]["waarschuwingen"]
    assert len(warnings) == 2
    assert all("dubbel.csv: kolom 'naam' komt meer dan eens voor" in w for w in warnings)
    assert "(kolom 2 en 5)" in warnings[0] and "(kolom 2 en 6)" in warnings[1]
    # nothing lost: both others are kept, under names a GeoPackage can hold next to 'naam'
    kept = ms.measures.iloc[0]
    assert (kept["bron_Naam"], kept["naam.1"]) == ("Tweede", "Derde")


def test_columns_that_differ_only_in_case_can_be_written(tmp_path):
    from planner.run import run

    path = tmp_path / "hoofdletters.csv"
    path.write_text(
        "id;naam;domein;start;NAAM;Extra;EXTRA;x;y\nd1;a;onderhoud;2026;b;c;d;103100;487100\n",
        encoding="utf-8",
    )
    areas = DATA / "bad" / "gebieden.gpkg"
    run(path, areas, input_crs="EPSG:28992", out=tmp_path / "uit", reports=False)
    layer = pyogrio.read_dataframe(tmp_path / "uit" / "gebiedsplanner.gpkg", layer="maatregelen")
    assert {"bron_NAAM", "Extra", "bron_EXTRA"} <= set(layer.columns)
    assert layer.loc[0, "bron_EXTRA"] == "d"


def test_a_mapping_that_feeds_a_public_field_from_an_internal_column_is_warned(tmp_path):
    path = write_gpkg(tmp_path, [{"wkt": "POINT (103000 487000)", "contact": "Piet, 06-12345678"}])
    ms = read_measures(path, mapping=parse_mapping_options(["omschrijving=contact"]))
    source = ms.sources[0]
    assert source["intern_naar_publiek"] == {"omschrijving": "contact"}
    (warning,) = source["waarschuwingen"]
    assert "het publieke veld omschrijving komt uit kolom 'contact'" in warning
    assert "webkaart" in warning
    # a usual name of an internal field counts too; a column outside the schema does not
    path = write_gpkg(
        tmp_path, [{"wkt": "POINT (103000 487000)", "kosten": 5, "titel": "x"}], "b.gpkg"
    )
    ms = read_measures(path, mapping=parse_mapping_options(["eigenaar=kosten", "naam=titel"]))
    assert ms.sources[0]["intern_naar_publiek"] == {"eigenaar": "kosten"}


def test_no_warning_where_public_fields_come_from_their_own_columns(tmp_path):
    path = write_gpkg(
        tmp_path, [{"wkt": "POINT (103000 487000)", "omschrijving": "a", "contact": "b"}]
    )
    ms = read_measures(path)
    assert ms.sources[0]["intern_naar_publiek"] == {}
    assert ms.sources[0]["waarschuwingen"] == []


@pytest.mark.parametrize("chunk", [5, 9, 17, 18, 19, 64, 1 << 26])
def test_scanning_a_geojson_file_in_chunks_counts_each_feature_once(tmp_path, chunk):
    from planner.sources import _scan_geojson

    path = tmp_path / "n.geojson"
    inner = {"type": "FeatureCollection", "features": [_point(3, 4.7, 52)]}
    _geojson(path, [_point(1, 4.5, 52), _point(2, float("nan"), 52), inner])
    assert _scan_geojson(path, chunk) == (3, 2, True)


def _coordinate_problem(row: list[float], geographic: bool) -> int:
    """One geometry's bounds judged on their own, as the docstring of coordinate_problems says."""
    from planner.sources import COORDINATE_LIMIT

    if all(math.isnan(v) for v in row):
        return 0  # missing or empty: nothing to judge
    if not all(math.isfinite(v) for v in row):
        return 1
    if any(abs(v) > COORDINATE_LIMIT for v in row):
        return 2
    x0, y0, x1, y1 = row
    if geographic and (x0 < -180 or x1 > 180 or y0 < -90 or y1 > 90):
        return 3
    return 0


BOUND_VALUES = st.sampled_from(
    [
        0.0,
        1.0,
        -1.0,
        179.0,
        181.0,
        -181.0,
        89.0,
        91.0,
        -91.0,
        5e5,
        1e300,
        -1e300,
        math.nan,
        math.inf,
        -math.inf,
    ]
    + [1e9 * f for f in (1.0, 1.0000001, -1.0, -2.0)]
)


@given(st.lists(st.lists(BOUND_VALUES, min_size=4, max_size=4), max_size=40), st.booleans())
def test_coordinate_problems_judges_each_row_as_alone(rows, geographic):
    # the whole-array fast path (four answers of a row as one number) says what a row alone says
    from planner.sources import coordinate_problems

    codes = coordinate_problems(np.array(rows, dtype=float).reshape(-1, 4), geographic=geographic)
    assert codes.tolist() == [_coordinate_problem(r, geographic) for r in rows]
