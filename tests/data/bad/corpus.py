"""A corpus of bad inputs, made by code: what real municipal data looks like on a bad day.

``python tests/data/bad/corpus.py`` writes every case into this folder (the committed files);
the tests copy them and check, per case, the documented behaviour: repaired with a note,
rejected with its reason, or a stop with one clear sentence and a non-zero exit code.
"""

from __future__ import annotations

import json
import sqlite3
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

HERE = Path(__file__).resolve().parent
X0, Y0 = 103000, 487000  # Haarlem, RD New


@dataclass
class Case:
    """One bad input and what must happen to it."""

    name: str
    what: str
    files: list[str]
    outcome: str  # "gerepareerd" | "afgewezen" | "stopt" | "gebruikt"
    exit_code: int  # of `gebiedsplanner check`
    sees: list[str] = field(default_factory=list)  # text the user must see
    args: list[str] = field(default_factory=list)  # extra options
    areas: str = "gebieden.gpkg"
    absent: list[str] = field(default_factory=list)  # text the user must not see


def _record(k: int, **kw) -> dict:
    row = {
        "id": f"b{k}",
        "naam": f"maatregel {k}",
        "domein": "onderhoud",
        "thema": "groen",
        "start": "2026",
        "geometry": shapely.Point(X0 + 100 + 10 * k, Y0 + 100),
    }
    row.update(kw)
    return row


def _gpkg(
    path: Path,
    rows: list[dict],
    crs: str | None = "EPSG:28992",
    layer: str = "m",
    append: bool = False,
) -> None:
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)
    pyogrio.write_dataframe(
        frame, path, layer=layer, driver="GPKG", geometry_type="Unknown", append=append
    )


def _areas(folder: Path) -> None:
    boxes = [
        shapely.box(X0, Y0, X0 + 1000, Y0 + 1000),
        shapely.box(X0 + 1000, Y0, X0 + 2000, Y0 + 1000),
    ]
    frame = gpd.GeoDataFrame(
        {
            "WK_CODE": ["WK099901", "WK099902"],
            "WK_NAAM": ["West", "Oost"],
            "AANT_INW": [1000, 2000],
        },
        geometry=boxes,
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(frame, folder / "gebieden.gpkg")
    overlapping = frame.copy()
    overlapping["geometry"] = [shapely.box(X0, Y0, X0 + 1200, Y0 + 1000), boxes[1]]
    pyogrio.write_dataframe(overlapping, folder / "gebieden_overlappend.gpkg")
    gaps = frame.copy()
    gaps["geometry"] = [shapely.box(X0, Y0, X0 + 900, Y0 + 1000), boxes[1]]
    pyogrio.write_dataframe(gaps, folder / "gebieden_met_gat.gpkg")


def _curved(path: Path) -> None:
    """A GeoPackage with a CURVEPOLYGON (arcs), as CAD exports have."""
    _gpkg(path, [_record(1, geometry=shapely.box(X0 + 10, Y0 + 10, X0 + 20, Y0 + 20)), _record(2)])
    ring = struct.pack("<BII", 1, 8, 5) + b"".join(
        struct.pack("<dd", X0 + x, Y0 + y)
        for x, y in [(50, 50), (60, 60), (70, 50), (60, 40), (50, 50)]
    )
    blob = b"GP" + bytes([0, 1]) + struct.pack("<i", 28992) + struct.pack("<BII", 1, 10, 1) + ring
    con = sqlite3.connect(path)
    for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        con.create_function(name, 1, lambda _blob: 0)
    con.execute("UPDATE m SET geom = ? WHERE fid = 1", (blob,))
    con.commit()
    con.close()


def write_corpus(folder: Path = HERE) -> list[Case]:
    """Write every bad input into ``folder`` and return the cases."""
    folder.mkdir(parents=True, exist_ok=True)
    _areas(folder)
    cases: list[Case] = []

    def case(name, what, files, outcome, code, sees=(), args=(), areas="gebieden.gpkg", absent=()):
        cases.append(
            Case(
                name, what, list(files), outcome, code, list(sees), list(args), areas, list(absent)
            )
        )

    bowtie = shapely.Polygon(
        [(X0 + 10, Y0 + 10), (X0 + 60, Y0 + 60), (X0 + 60, Y0 + 10), (X0 + 10, Y0 + 60)]
    )
    _gpkg(folder / "zelfdoorsnijdend.gpkg", [_record(1, geometry=bowtie), _record(2)])
    case(
        "zelfdoorsnijdend",
        "zelfdoorsnijdend vlak (vlinderdas)",
        ["zelfdoorsnijdend.gpkg"],
        "gerepareerd",
        0,
        ["2 bruikbaar", "0 afgewezen"],
    )
    (folder / "open_ring.csv").write_text(
        "id;naam;domein;start;wkt\n"
        f"r1;Open ring;onderhoud;2026;POLYGON (({X0} {Y0}, {X0 + 10} {Y0}, {X0 + 10} {Y0 + 10}))\n"
        f"r2;Goed;onderhoud;2026;POINT ({X0 + 5} {Y0 + 5})\n",
        encoding="utf-8",
    )
    case(
        "open_ring",
        "vlak met een ring die niet sluit (CSV met WKT)",
        ["open_ring.csv"],
        "afgewezen",
        1,
        ["fid 1", "(geometrie)", "WKT niet te lezen"],
        ["--input-crs", "EPSG:28992"],
    )
    _gpkg(
        folder / "leeg_en_null.gpkg",
        [
            _record(1, geometry=shapely.Polygon()),
            _record(2, geometry=None),
            _record(3, geometry=None, gebiedscode="WK099901", domein="sociaal"),
            _record(4),
        ],
    )
    case(
        "leeg_en_null",
        "lege en ontbrekende geometrie, met en zonder gebiedscode",
        ["leeg_en_null.gpkg"],
        "afgewezen",
        1,
        ["2 bruikbaar", "2 afgewezen", "geen geometrie en geen gebiedscode"],
    )
    _gpkg(folder / "buiten.gpkg", [_record(1, geometry=shapely.Point(X0 + 5000, Y0)), _record(2)])
    case(
        "buiten",
        "geometrie buiten alle gebieden",
        ["buiten.gpkg"],
        "gebruikt",
        0,
        ["2 bruikbaar", "1 met een opmerking"],
    )
    _gpkg(
        folder / "graden_als_rd.gpkg",
        [
            _record(1, geometry=shapely.Point(4.63, 52.38)),
            _record(2, geometry=shapely.Point(4.64, 52.39)),
        ],
    )
    case(
        "graden_als_rd",
        "coördinaten in graden in een laag die EPSG:28992 zegt",
        ["graden_als_rd.gpkg"],
        "stopt",
        2,
        ["lengte- en breedtegraden"],
    )
    _gpkg(folder / "meters_als_wgs84.gpkg", [_record(1), _record(2)], crs="EPSG:4326")
    case(
        "meters_als_wgs84",
        "RD-meters in een laag die EPSG:4326 zegt",
        ["meters_als_wgs84.gpkg"],
        "stopt",
        2,
        ["dat zijn meters"],
    )
    _gpkg(folder / "zonder_crs.gpkg", [_record(1), _record(2)], crs=None)
    case(
        "zonder_crs",
        "laag zonder coördinatenstelsel",
        ["zonder_crs.gpkg"],
        "stopt",
        2,
        ["geen coördinatenstelsel", "--input-crs"],
    )
    wgs = gpd.GeoDataFrame(
        [_record(11), _record(12)], geometry="geometry", crs="EPSG:28992"
    ).to_crs("EPSG:4326")
    _gpkg(folder / "twee_crs.gpkg", [_record(1), _record(2)], layer="rd")
    pyogrio.write_dataframe(wgs, folder / "twee_crs.gpkg", layer="wgs84", append=True)
    case(
        "twee_crs",
        "twee lagen in verschillende coördinatenstelsels",
        ["twee_crs.gpkg"],
        "gebruikt",
        0,
        ["4 bruikbaar", "0 afgewezen"],
    )
    _gpkg(
        folder / "gemengd.gpkg",
        [
            _record(1),
            _record(2, geometry=shapely.LineString([(X0, Y0), (X0 + 50, Y0 + 50)])),
            _record(3, geometry=shapely.box(X0 + 5, Y0 + 5, X0 + 30, Y0 + 30)),
            _record(4, geometry=shapely.MultiPoint([(X0 + 1, Y0 + 1), (X0 + 2, Y0 + 2)])),
        ],
    )
    case(
        "gemengd",
        "punten, lijnen en vlakken in één laag",
        ["gemengd.gpkg"],
        "gebruikt",
        0,
        ["4 bruikbaar"],
    )
    _gpkg(
        folder / "z_en_m.gpkg",
        [
            _record(1, geometry=shapely.from_wkt(f"POINT Z ({X0 + 5} {Y0 + 5} 12)")),
            _record(2, geometry=shapely.LineString([(X0, Y0), (X0 + 40, Y0 + 40)])),
        ],
    )
    # pyogrio writes no M: the line gets its measures in the file itself (ISO WKB 2002)
    line_m = (
        struct.pack("<BII", 1, 2002, 2)
        + struct.pack("<ddd", X0, Y0, 1)
        + struct.pack("<ddd", X0 + 40, Y0 + 40, 2)
    )
    con = sqlite3.connect(folder / "z_en_m.gpkg")
    for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        con.create_function(name, 1, lambda _blob: 0)
    con.execute(
        "UPDATE m SET geom = ? WHERE fid = 2",
        (b"GP" + bytes([0, 1]) + struct.pack("<i", 28992) + line_m,),
    )
    con.commit()
    con.close()
    case(
        "z_en_m",
        "Z- en M-coördinaten (GDAL levert M niet door; Z krijgt een opmerking)",
        ["z_en_m.gpkg"],
        "gerepareerd",
        0,
        ["2 bruikbaar", "1 met een opmerking"],
    )
    _curved(folder / "gebogen.gpkg")
    case(
        "gebogen",
        "gebogen geometrie (CURVEPOLYGON) uit een GeoPackage",
        ["gebogen.gpkg"],
        "gebruikt",
        0,
        ["2 bruikbaar", "0 afgewezen"],
    )
    _gpkg(folder / "nul_objecten.gpkg", [_record(1)])
    con = sqlite3.connect(folder / "nul_objecten.gpkg")
    con.create_function("ST_IsEmpty", 1, lambda _b: 0)
    con.execute("DELETE FROM m")
    con.commit()
    con.close()
    case(
        "nul_objecten",
        "een laag zonder objecten",
        ["nul_objecten.gpkg"],
        "stopt",
        2,
        ["Geen enkele maatregel gevonden"],
    )
    whole = (folder / "zelfdoorsnijdend.gpkg").read_bytes()
    (folder / "afgekapt.gpkg").write_bytes(whole[: len(whole) // 3])
    case(
        "afgekapt",
        "een afgekapte GeoPackage",
        ["afgekapt.gpkg"],
        "stopt",
        2,
        ["afgekapt.gpkg", "niet te lezen"],
    )
    frame = gpd.GeoDataFrame(
        [_record(1, naam="Café Ëlshof"), _record(2, naam="Rioolwerk")],
        geometry="geometry",
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(frame, folder / "cp1252.shp", encoding="cp1252")
    (folder / "cp1252.cpg").unlink(missing_ok=True)
    case(
        "cp1252",
        "Shapefile met een cp1252-DBF (é, ë) zonder .cpg",
        ["cp1252.shp", "cp1252.dbf", "cp1252.shx", "cp1252.prj"],
        "gebruikt",
        0,
        ["2 bruikbaar"],
    )
    pyogrio.write_dataframe(frame, folder / "zonder_prj.shp")
    (folder / "zonder_prj.prj").unlink(missing_ok=True)
    case(
        "zonder_prj",
        "Shapefile zonder .prj",
        ["zonder_prj.shp", "zonder_prj.dbf", "zonder_prj.shx", "zonder_prj.cpg"],
        "stopt",
        2,
        ["geen coördinatenstelsel"],
    )
    _gpkg(
        folder / "datums.gpkg",
        [
            _record(1, start=None),
            _record(2, start="voorjaar 2026"),
            _record(3, start="31-02-2026"),
            _record(4, start="26"),
            _record(5, start="2027", eind="2026"),
            _record(6, start="2026"),
        ],
    )
    case(
        "datums",
        "datums leeg, onleesbaar, niet bestaand, tweecijferig, eind voor start",
        ["datums.gpkg"],
        "afgewezen",
        1,
        [
            "startdatum ontbreekt",
            "'voorjaar 2026' is geen datum",
            "bestaat niet",
            "twee cijfers",
            "eind 2026 ligt voor start 2027",
            "1 bruikbaar",
        ],
    )
    _gpkg(folder / "dubbele_ids.gpkg", [_record(1, id="X"), _record(2, id="X"), _record(3)])
    case(
        "dubbele_ids", "dubbele ids", ["dubbele_ids.gpkg"], "afgewezen", 1, ["id 'X' komt al voor"]
    )
    rows = [{k: v for k, v in _record(k).items() if k != "naam"} for k in (1, 2)]
    _gpkg(folder / "zonder_naam.gpkg", rows)
    case(
        "zonder_naam",
        "verplicht veld ontbreekt (geen kolom naam)",
        ["zonder_naam.gpkg"],
        "afgewezen",
        1,
        ["naam ontbreekt", "0 bruikbaar"],
    )
    _gpkg(
        folder / "onbekend.gpkg",
        [_record(1, domein="overig"), _record(2, thema="kunst"), _record(3)],
    )
    case(
        "onbekend",
        "onbekend domein (afgewezen) en onbekend thema (opmerking)",
        ["onbekend.gpkg"],
        "afgewezen",
        1,
        ["onbekend domein 'overig'", "2 bruikbaar"],
    )
    _gpkg(
        folder / "budget_tekst.gpkg",
        [_record(1, budget="EUR 1.250.000,-"), _record(2, budget="ongeveer een ton")],
    )
    case(
        "budget_tekst",
        "budgetten als tekst",
        ["budget_tekst.gpkg"],
        "gerepareerd",
        0,
        ["2 bruikbaar", "2 met een opmerking"],
    )
    (folder / "regels_syntax.toml").write_text('[[regel]]\nnaam = "kapot\n', encoding="utf-8")
    case(
        "regels_syntax",
        "regelbestand met een syntaxfout",
        ["regels_syntax.toml"],
        "stopt",
        2,
        ["geen geldige TOML"],
        ["--rules", "{dir}/regels_syntax.toml"],
    )
    rule = (
        '[[regel]]\nnaam = "r"\noordeel = "combineren"\na = {{ thema = ["{t}"] }}\n'
        "afstand_m = {d}\n"
    )
    (folder / "regels_thema.toml").write_text(rule.format(t="rioolering", d=10), encoding="utf-8")
    case(
        "regels_thema",
        "regelbestand met een onbekend thema",
        ["regels_thema.toml"],
        "stopt",
        2,
        ["onbekend thema 'rioolering'"],
        ["--rules", "{dir}/regels_thema.toml"],
    )
    (folder / "regels_negatief.toml").write_text(rule.format(t="riolering", d=-5), encoding="utf-8")
    case(
        "regels_negatief",
        "regelbestand met een negatieve afstand",
        ["regels_negatief.toml"],
        "stopt",
        2,
        ["mag niet negatief zijn"],
        ["--rules", "{dir}/regels_negatief.toml"],
    )
    _gpkg(
        folder / "in_overlap.gpkg",
        [_record(1, geometry=shapely.Point(X0 + 1100, Y0 + 500)), _record(2)],
    )
    case(
        "gebieden_overlappend",
        "gebiedsindeling met overlappende gebieden",
        ["in_overlap.gpkg"],
        "gebruikt",
        0,
        ["overlappen"],
        areas="gebieden_overlappend.gpkg",
    )
    _gpkg(
        folder / "in_gat.gpkg", [_record(1, geometry=shapely.Point(X0 + 950, Y0 + 500)), _record(2)]
    )
    case(
        "gebieden_met_gat",
        "gebiedsindeling met een gat",
        ["in_gat.gpkg"],
        "gebruikt",
        0,
        ["1 met een opmerking"],
        areas="gebieden_met_gat.gpkg",
    )
    _issue_13(folder, case)
    return cases


def _geojson(path: Path, features: list[dict]) -> None:
    """A GeoJSON file in RD New; NaN and Infinity written as JavaScript writes them."""
    data = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
        "features": features,
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def _feature(k: int, geometry: dict | None, **kw) -> dict:
    record = {key: v for key, v in _record(k, **kw).items() if key != "geometry"}
    return {"type": "Feature", "properties": record, "geometry": geometry}


def _point(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [x, y]}


def _issue_13(folder: Path, case) -> None:
    """Impossible coordinates, quiet losses and quiet acceptance (issue 13, parts 3 and 4)."""
    nan, inf = float("nan"), float("inf")
    _geojson(
        folder / "coordinaten.geojson",
        [
            _feature(1, _point(X0 + 100, Y0 + 100)),
            _feature(2, _point(nan, Y0 + 100)),
            _feature(3, _point(inf, Y0 + 100)),
            _feature(4, {"type": "LineString", "coordinates": [[X0, Y0], [1e300, Y0]]}),
            _feature(5, {"type": "LineString", "coordinates": [[X0, Y0], [X0 + 9, nan]]}),
        ],
    )
    case(
        "coordinaten_geojson",
        "NaN, Infinity en 1e300 als coördinaten (GeoJSON)",
        ["coordinaten.geojson"],
        "afgewezen",
        1,
        [
            "1 bruikbaar",
            "4 afgewezen",
            "fid 1 id b2 (geometrie): onbruikbare coördinaten (NaN of oneindig)",
            "fid 2 id b3 (geometrie): onbruikbare coördinaten (NaN of oneindig)",
            "1e+300 ligt verder dan 1.000.000.000 van de oorsprong",
            "fid 4 id b5 (geometrie): onbruikbare coördinaten (NaN of oneindig)",
            "herstel de geometrie van dit object in de bron",
        ],
        absent=["interne fout", "GEOSException"],
    )
    (folder / "coordinaten_xy.csv").write_text(
        "id;naam;domein;start;x;y\n"
        f"x1;Goed;onderhoud;2026;{X0 + 5};{Y0 + 5}\n"
        f"x2;NaN;onderhoud;2026;nan;{Y0 + 5}\n"
        f"x3;Oneindig;onderhoud;2026;{X0 + 5};-inf\n"
        f"x4;Te groot;onderhoud;2026;1e300;{Y0 + 5}\n"
        f"x5;Tekst;onderhoud;2026;{X0 + 5};noord\n",
        encoding="utf-8",
    )
    case(
        "coordinaten_xy",
        "NaN, oneindig, 1e300 en tekst als x/y (CSV)",
        ["coordinaten_xy.csv"],
        "afgewezen",
        1,
        [
            "1 bruikbaar",
            "4 afgewezen",
            "id x2 (geometrie): onbruikbare coördinaten (NaN of oneindig)",
            "id x3 (geometrie): onbruikbare coördinaten (NaN of oneindig)",
            "id x4 (geometrie): onbruikbare coördinaten (1e+300 ligt verder dan",
            "id x5 (geometrie): onbruikbare coördinaten (x/y '103005', 'noord' is geen getal)",
        ],
        ["--input-crs", "EPSG:28992"],
        absent=["interne fout"],
    )
    (folder / "coordinaten_wkt.csv").write_text(
        "id;naam;domein;start;wkt\n"
        f"w1;Goed;onderhoud;2026;POINT ({X0 + 5} {Y0 + 5})\n"
        f"w2;NaN;onderhoud;2026;POLYGON (({X0} {Y0}, {X0 + 9} {Y0}, NaN {Y0 + 9}, {X0} {Y0}))\n"
        f"w3;Oneindig;onderhoud;2026;LINESTRING ({X0} {Y0}, inf {Y0})\n"
        f"w4;Te groot;onderhoud;2026;POINT ({X0} 1e300)\n",
        encoding="utf-8",
    )
    case(
        "coordinaten_wkt",
        "NaN, oneindig en 1e300 in WKT (CSV)",
        ["coordinaten_wkt.csv"],
        "afgewezen",
        1,
        ["1 bruikbaar", "3 afgewezen", "id w2 (geometrie): onbruikbare coördinaten (NaN"],
        ["--input-crs", "EPSG:28992"],
        absent=["interne fout"],
    )
    nested = {
        "type": "FeatureCollection",
        "features": [_feature(2, _point(X0 + 200, Y0 + 100))],
    }
    _geojson(folder / "genest.geojson", [_feature(1, _point(X0 + 100, Y0 + 100)), nested])
    case(
        "genest_geojson",
        "een FeatureCollection in de lijst features van een GeoJSON-bestand",
        ["genest.geojson"],
        "stopt",
        2,
        ["genest.geojson", "object 2 van de lijst features is zelf een FeatureCollection"],
    )
    (folder / "dubbele_kolom.csv").write_text(
        f"id;naam;domein;start;Naam;x;y\nk1;Eerste;onderhoud;2026;Tweede;{X0 + 5};{Y0 + 5}\n",
        encoding="utf-8",
    )
    case(
        "dubbele_kolom",
        "een kolom die twee keer in een CSV staat (naam en Naam)",
        ["dubbele_kolom.csv"],
        "gebruikt",
        0,
        ["1 bruikbaar", "dubbele_kolom.csv: kolom 'naam' komt meer dan eens voor (kolom 2 en 5)"],
        ["--input-crs", "EPSG:28992"],
    )
    wijken = gpd.read_file(folder / "gebieden.gpkg")
    pyogrio.write_dataframe(wijken, folder / "gebieden_niet_genest.gpkg", layer="wijken")
    clusters = gpd.GeoDataFrame(
        {"code": ["west", "oost"], "naam": ["West", "Oost"]},
        geometry=[
            shapely.box(X0 - 500, Y0 - 500, X0 + 1500, Y0 + 1500),
            shapely.box(X0 + 1500, Y0 - 500, X0 + 3000, Y0 + 1500),
        ],
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(
        clusters, folder / "gebieden_niet_genest.gpkg", layer="clusters", append=True
    )
    case(
        "niet_genest",
        "gebiedsindelingen die niet in elkaar passen (wijk half in twee clusters)",
        ["gemengd.gpkg"],
        "gebruikt",
        0,
        ["de gebieden van niveau wijk passen niet binnen die van clusters", "WK099902, 50%"],
        areas="gebieden_niet_genest.gpkg",
    )
    no_code = wijken.copy()
    no_code["WK_CODE"] = ["WK099901", None]
    pyogrio.write_dataframe(no_code, folder / "gebied_zonder_code.gpkg", layer="wijken")
    case(
        "gebied_zonder_code",
        "een gebied zonder code (NULL)",
        ["gemengd.gpkg"],
        "gebruikt",
        0,
        ["4 bruikbaar", "1 gebied(en) zonder code (fid 2)", "'wijken-2'"],
        areas="gebied_zonder_code.gpkg",
    )
    _gpkg(
        folder / "budget_onaannemelijk.gpkg",
        [_record(1, budget=1e20), _record(2, budget=-5000.0), _record(3, budget=25000.0)],
    )
    case(
        "budget_onaannemelijk",
        "budget van 1e20 en een negatief budget (leeg gelaten, met opmerking)",
        ["budget_onaannemelijk.gpkg"],
        "gerepareerd",
        0,
        ["3 bruikbaar", "2 met een opmerking"],
    )
    _gpkg(
        folder / "jaren.gpkg",
        [
            _record(1, start="9999"),
            _record(2, start="0001"),
            _record(3, start="2026", eind="9999-12-31"),
            _record(4, start="01-01-1850"),
            _record(5, start="2026"),
        ],
    )
    case(
        "jaren",
        "jaartallen 9999, 0001 en 1850 (buiten 1900-2200)",
        ["jaren.gpkg"],
        "afgewezen",
        1,
        ["1 bruikbaar", "4 afgewezen", "jaartal 9999 ligt buiten 1900-2200", "jaartal 1 ligt"],
        absent=["bestaat niet"],
    )
    (folder / "mapping_fout.toml").write_text('[velden]\nbegin = "startjaar"\n', encoding="utf-8")
    case(
        "mapping_fout",
        "mappingbestand met een veld dat het schema niet heeft",
        ["gemengd.gpkg", "mapping_fout.toml"],
        "stopt",
        2,
        ["mapping_fout.toml, [velden] begin: onbekend veld 'begin'"],
        ["--mapping", "{dir}/mapping_fout.toml"],
        absent=["--field"],
    )
    _gpkg(
        folder / "met_contact.gpkg",
        [_record(1, contact="J. Jansen, 06-12345678"), _record(2, contact="P. de Vries")],
    )
    (folder / "mapping_intern.toml").write_text(
        '[velden]\nomschrijving = "contact"\n', encoding="utf-8"
    )
    case(
        "mapping_intern",
        "mapping die een publiek veld vult uit een interne kolom (omschrijving = contact)",
        ["met_contact.gpkg", "mapping_intern.toml"],
        "gebruikt",
        0,
        ["het publieke veld omschrijving komt uit kolom 'contact'", "webkaart"],
        ["--mapping", "{dir}/mapping_intern.toml"],
    )


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
