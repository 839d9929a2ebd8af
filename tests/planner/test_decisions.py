"""The besluitenlijst: a filled-in template makes overlaps decided; a later change reopens one."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from planner.cli import main
from planner.decisions import DECISIONS, read_decisions
from planner.errors import InputError
from planner.run import run, sample_inputs
from tests.planner.test_compare import _edit_programme

#: The decisions filled into the template of the sample: (rule, a, b) -> decision.
FILLED = {
    ("werk-met-werk", "OR-0002", "OR-0003"): "combineren",  # OR-0003 moves 3 years in v2: gone
    ("hinder-tegelijk", "OR-0010", "OR-0025"): "gespreid",  # OR-0010 moves 150 m in v2: reopened
    ("graafverbod", "OR-0005", "NB-0127"): "volgorde_aangepast",  # unchanged in v2
    ("graafverbod", "OR-0005", "OR-0014"): "nog_open",
}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("besluiten")
    sample = sample_inputs()
    common = {k: v for k, v in sample.items() if k != "measures"}
    edited = work / "programma-v2.gpkg"
    _edit_programme(Path(sample["measures"][0]), edited)
    first = work / "run-1"
    run(sample["measures"], out=first, reports=False, **common)
    template = pd.read_csv(first / "besluiten_sjabloon.csv", dtype=str, keep_default_na=False)
    filled = template.copy()
    keys = list(zip(filled["regel"], filled["maatregel_a"], filled["maatregel_b"], strict=True))
    for k, key in enumerate(keys):
        if key in FILLED:
            filled.loc[k, ["besluit", "datum", "door"]] = [FILLED[key], "2026-11-20", "team"]
    decided = filled[filled["besluit"] != ""].copy()
    assert len(decided) == len(FILLED)
    extra = pd.DataFrame(
        [
            # a measure that does not exist: listed as vervallen, with a warning
            {"regel": "werk-met-werk", "maatregel_a": "XX-0001", "maatregel_b": "OR-0002",
             "besluit": "combineren", "datum": "2026-11-20"},
            # an earlier decision about the same pair: replaced by the later one
            {"regel": "graafverbod", "maatregel_a": "NB-0127", "maatregel_b": "OR-0005",
             "besluit": "geaccepteerd", "datum": "2026-01-01"},
        ]
    )  # fmt: skip
    decisions = work / "besluiten.csv"
    pd.concat([decided, extra], ignore_index=True).to_csv(decisions, index=False)
    # the whole template back, four rows filled in: the same decisions
    whole = work / "sjabloon-ingevuld.csv"
    filled.to_csv(whole, index=False)
    return {
        "work": work,
        "common": common,
        "measures": sample["measures"],
        "edited": edited,
        "first": first,
        "template": template,
        "decisions": decisions,
        "whole": whole,
    }


def _status(overlaps: pd.DataFrame) -> dict:
    return {
        (r.rule, *sorted((r.measure_a, r.measure_b))): (r.besluit, r.besluit_status)
        for r in overlaps.itertuples()
        if r.besluit is not None or r.besluit_status != "open"
    }


def _key(rule, a, b):
    return (rule, *sorted((a, b)))


def test_a_filled_template_makes_those_overlaps_decided(base, tmp_path):
    out = tmp_path / "run-2"
    result = run(base["measures"], out=out, reports=False, decisions=base["decisions"],
                 **base["common"])  # fmt: skip
    got = _status(result.overlaps)
    assert got == {
        _key(*key): (decision, "open" if decision == "nog_open" else "besloten")
        for key, decision in FILLED.items()
    }
    # written: the overlaps carry their decision, the decisions their status
    csv = pd.read_csv(out / "overlappingen.csv", dtype=str)
    assert (csv["besluit_status"] == "besloten").sum() == 3
    listed = pd.read_csv(out / "besluiten.csv", dtype=str).set_index("rij")
    assert listed["status"].to_dict() == {
        "1": "toegepast", "2": "toegepast", "3": "toegepast", "4": "toegepast",
        "5": "vervallen", "6": "vervangen",
    }  # fmt: skip
    assert "XX-0001" in listed.loc[listed["status"] == "vervallen", "reden"].iloc[0]
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["besluiten"]["besluiten"] == {"toegepast": 4, "vervallen": 1, "vervangen": 1}
    assert "XX-0001" in record["besluiten"]["waarschuwingen"][0]
    # decided pairs leave the template; the one still open (nog_open) stays
    template = pd.read_csv(out / "besluiten_sjabloon.csv", dtype=str, keep_default_na=False)
    assert len(template) == len(base["template"]) - 3
    keys = set(
        zip(template["regel"], template["maatregel_a"], template["maatregel_b"], strict=True)
    )
    assert ("graafverbod", "OR-0005", "OR-0014") in keys
    assert ("werk-met-werk", "OR-0002", "OR-0003") not in keys
    assert template["nummer"].ne("").any()


def test_deciding_leaves_the_overlaps_it_was_given_as_they_were(base):
    from planner.decisions import apply_decisions

    result = run(base["measures"], reports=False, **base["common"])
    overlaps = result.overlaps
    before = overlaps.copy()
    outcome = apply_decisions(
        overlaps, result.measures.measures, read_decisions(base["decisions"]), result.groups
    )
    # the outcome shares the pairs' columns (no copy of millions of texts) and has its own
    # decision columns, set for the decided pairs; the run's table is as it was
    assert (outcome.overlaps["besluit_status"] == "besloten").sum() == 3
    assert list(overlaps.columns) == list(before.columns)
    pd.testing.assert_frame_equal(overlaps, before)


def _booklet_lists(result, tmp_path) -> dict:
    """(rule, a, b) -> (booklet stem, number), read back from each area's -besluiten.csv."""
    from planner.report.decisions import area_decisions, write_decisions_csv
    from planner.report.tables import report_data

    data = report_data(result)
    listed = {}
    for position in range(len(data.areas)):
        stem = data.file_names[position]
        path = write_decisions_csv(area_decisions(data, position), tmp_path / f"{stem}.csv")
        rules = area_decisions(data, position)["rule"]  # the booklet CSV names no rule
        table = pd.read_csv(path, dtype=str)
        for rule, row in zip(rules, table.itertuples(), strict=True):
            listed[_key(rule, row.id_a, row.id_b)] = (stem, row.nummer)
    return listed


@pytest.mark.parametrize("version", ["first", "edited"])
def test_the_template_numbers_are_the_booklets_numbers(base, tmp_path, version):
    if version == "first":
        result = run(base["measures"], out=tmp_path / "run", reports=False, **base["common"])
    else:  # decided pairs leave both; the reopened one is in both
        result = run([base["edited"]], out=tmp_path / "run", reports=False,
                     decisions=base["decisions"], **base["common"])  # fmt: skip
    template = pd.read_csv(tmp_path / "run" / "besluiten_sjabloon.csv", dtype=str,
                           keep_default_na=False)  # fmt: skip
    pairs = template[template["soort"] == "overlapping"]
    numbered = pairs[pairs["nummer"] != ""]
    in_template = {
        _key(r.regel, r.maatregel_a, r.maatregel_b): (r.boekje, r.nummer)
        for r in numbered.itertuples()
    }
    in_booklets = _booklet_lists(result, tmp_path)
    assert len(in_template) == len(numbered) > 50
    assert in_template == in_booklets
    # a pair without a number meets in no area of the booklets: it is in no booklet either
    assert (pairs.loc[pairs["nummer"] == "", "boekje"] == "").all()
    # groups name their area's booklet (wijk, the booklets' level) and carry no number
    groups = template[template["soort"] == "groep"]
    assert len(groups) and (groups["nummer"] == "").all()
    assert (groups["boekje"].str.split("-").str[0] == groups["gebiedscode"]).all()
    # the template goes booklet by booklet, in number order
    first = numbered[numbered["boekje"] == numbered["boekje"].iloc[0]]
    assert list(first["nummer"].astype(int)) == list(range(1, len(first) + 1))


def test_a_later_change_reopens_a_decision_and_a_gone_overlap_is_vervallen(base, tmp_path):
    out = tmp_path / "run-v2"
    result = run([base["edited"]], out=out, reports=False, decisions=base["decisions"],
                 **base["common"])  # fmt: skip
    got = _status(result.overlaps)
    assert got[_key("hinder-tegelijk", "OR-0010", "OR-0025")] == ("gespreid", "herzien")
    assert got[_key("graafverbod", "OR-0005", "NB-0127")] == ("volgorde_aangepast", "besloten")
    assert _key("werk-met-werk", "OR-0002", "OR-0003") not in got
    reopened = result.overlaps[result.overlaps["besluit_status"] == "herzien"]
    assert len(reopened) == 1 and "OR-0010" in reopened["herzien_omdat"].iloc[0]
    listed = result.decisions.decisions.set_index(["regel", "maatregel_a", "maatregel_b"])
    assert listed.loc[("werk-met-werk", "OR-0002", "OR-0003"), "status"] == "vervallen"
    assert listed.loc[("hinder-tegelijk", "OR-0010", "OR-0025"), "status"] == "herzien"
    # the reopened one is back in the template, with its previous decision
    template = pd.read_csv(out / "besluiten_sjabloon.csv", dtype=str, keep_default_na=False)
    row = template[(template["maatregel_a"] == "OR-0010") & (template["maatregel_b"] == "OR-0025")
                   & (template["regel"] == "hinder-tegelijk")]  # fmt: skip
    assert row["vorig_besluit"].tolist() == ["gespreid"]


def test_decisions_from_a_geopackage(base, tmp_path):
    frame = pd.read_csv(base["decisions"], dtype=str, keep_default_na=False)
    gpkg = tmp_path / "besluiten.gpkg"
    pyogrio.write_dataframe(frame, gpkg, layer="besluiten")
    read = read_decisions(gpkg)
    assert len(read.table) == len(frame) and set(read.table["besluit"]) <= set(DECISIONS)
    assert read.source.endswith("(laag besluiten)")


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ({"besluit": "combineeren"}, "rij 2, veld besluit: 'combineeren' is geen besluit"),
        ({"datum": "20 november"}, "rij 2, veld datum: '20 november' is geen datum"),
        ({"maatregel_b": "", "gebiedscode": ""}, "rij 2: noem maatregel_a en maatregel_b"),
        ({"regel": ""}, "rij 2, veld regel: leeg"),
    ],
)
def test_a_mistake_in_the_decisions_is_one_sentence_and_nothing_is_written(
    base, tmp_path, capsys, row, said
):
    frame = pd.read_csv(base["decisions"], dtype=str, keep_default_na=False)
    for column, value in row.items():
        frame.loc[1, column] = value
    path = tmp_path / "besluiten.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "uit"
    code = main(["run", "--besluiten", str(path), "--tables-only", "--quiet", "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert str(path) in err and said in err
    assert not out.exists()


def test_a_missing_column_is_named(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("regel,maatregel_a,maatregel_b\nr,A,B\n", encoding="utf-8")
    with pytest.raises(InputError, match="de kolom besluit ontbreekt"):
        read_decisions(path)


def _texts(doc) -> str:
    """Every text of a document: headings, paragraphs and table cells."""
    from planner.report.document import Heading, Paragraph, Table

    out = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Paragraph):
            out.append("".join(r.text for r in block.runs))
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    out.extend(r.text for line in cell.lines for r in line)
    return "\n".join(out)


def test_decided_pairs_are_no_open_work_in_the_report_and_booklets(base, tmp_path):
    import datetime as dt

    from planner.report.booklet import booklet as _booklet
    from planner.report.overlap_report import overlap_report
    from planner.report.tables import report_data

    result = run([base["edited"]], reports=False, decisions=base["decisions"], **base["common"])
    data = report_data(result)
    decided = {_key(r.rule, r.measure_a, r.measure_b) for r in data.decided.itertuples()}
    assert decided == {_key("graafverbod", "OR-0005", "NB-0127")}
    open_keys = {_key(r.rule, r.measure_a, r.measure_b) for r in data.overlaps.itertuples()}
    assert not decided & open_keys
    assert len(data.overlaps) + len(data.decided) == len(result.overlaps)
    text = _texts(overlap_report(result, data, title="Haarlem", data_date=dt.date(2027, 1, 1)))
    assert "Besloten: 1 paar" in text and "volgorde_aangepast" in text
    assert "Herzien: eerder gespreid; OR-0010" in text
    # the booklet of the area where the decided pair meets lists it as decided
    position = int(data.decided_area[0])
    picture = tmp_path / "kaart.png"
    booklet = _booklet(
        result,
        data,
        {"position": position, "map": picture, "timelines": []},
        data_date=dt.date(2027, 1, 1),
        publiek=False,
    )
    assert "Besloten: 1 paar" in _texts(booklet)


def test_the_whole_template_back_with_some_rows_filled(base):
    read = read_decisions(base["whole"])
    assert len(read.table) == len(FILLED)
    assert read.n_empty == len(base["template"]) - len(FILLED)
    assert list(read.table["rij"]) == sorted(read.table["rij"])  # rows keep their numbers


def test_a_fingerprint_is_the_documented_hash_of_the_fields_and_the_shape_on_a_1_m_grid():
    import hashlib

    import geopandas as gpd
    import numpy as np
    import shapely

    from planner.decisions import measure_fingerprints

    measures = gpd.GeoDataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "periode_van": pd.to_datetime(["2026-01-01", None, "2026-03-01", "2026-01-01"]),
            "periode_tot": pd.to_datetime(["2026-12-31", "2027-01-31", None, "2026-12-31"]),
            "status": ["uitvoering", None, np.nan, "uitvoering"],
            "hinder": ["hoog", "laag", "laag", "hoog"],
            "gebiedscode": [None, "WK036301", None, None],
        },
        geometry=[
            shapely.Point(0.4, 0.6),
            None,
            shapely.LineString([(0, 0), (9.7, 0)]),
            shapely.Point(0.2, 1.4),
        ],  # fmt: skip
        crs="EPSG:28992",
    )

    def by_hand(k: int) -> str:
        row = measures.iloc[k]
        said = [
            "" if v is None or v != v else str(v)
            for v in row[["periode_van", "periode_tot", "status", "hinder", "gebiedscode"]]
        ]
        shape = (
            b""
            if row.geometry is None
            else shapely.to_wkb(shapely.set_precision(row.geometry, 1.0))
        )
        return hashlib.sha1("|".join(said).encode() + b"|" + shape).hexdigest()[:10]

    prints = measure_fingerprints(measures)
    assert prints.to_dict() == {m: by_hand(k) for k, m in enumerate(measures["id"])}
    # a shape within the 1 m grid is the same; a missing period is not a period
    assert prints["a"] == prints["d"]
    assert len(set(prints)) == 3
