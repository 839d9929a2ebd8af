"""Progress on wijkcontracten: the figures of voortgang_afspraken equal a count by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
import shapely

from planner.agreements import ALL_PARTIES
from planner.run import run, sample_inputs

DATA_DATE = dt.date(2026, 6, 30)
LAYER = "gemeente_openbare_ruimte"


@pytest.fixture(scope="module")
def contracts(tmp_path_factory):
    """A copy of the sample where the measures wholly inside two wijken form two wijkcontracten."""
    work = tmp_path_factory.mktemp("afspraken")
    sample = sample_inputs()
    source = Path(sample["measures"][0])
    wijken = pyogrio.read_dataframe(sample["areas"][0], layer="wijken")
    code_column = next(
        c for c in wijken.columns if wijken[c].astype(str).str.startswith("WK").all()
    )
    shapes = dict(zip(wijken[code_column], wijken.geometry, strict=True))
    chosen = {"WK039201": "Wijkcontract Oude Stad", "WK039210": "Wijkcontract Transvaalwijk"}
    edited = work / "programma.gpkg"
    members: dict[str, list[str]] = {}
    for name in pyogrio.list_layers(source)[:, 0]:
        frame = pyogrio.read_dataframe(source, layer=name)
        frame["afspraak"] = None
        frame["partij"] = None
        if name in (LAYER, "bewonersinitiatieven"):
            for code, contract in chosen.items():
                inside = shapely.within(frame.geometry.array, shapes[code]) & frame.geometry.notna()
                frame.loc[inside, "afspraak"] = contract
                members.setdefault(contract, []).extend(frame.loc[inside, "id"])
            if name == "bewonersinitiatieven":
                frame.loc[frame["afspraak"].notna(), "partij"] = "bewoners"
        pyogrio.write_dataframe(frame, edited, layer=str(name))
    out = work / "run"
    common = {k: v for k, v in sample.items() if k != "measures"}
    result = run([edited], out=out, reports=False, report_options={"data_date": DATA_DATE},
                 **common)  # fmt: skip
    return result, out, members, chosen


def test_progress_equals_a_count_by_hand(contracts):
    result, out, members, chosen = contracts
    table = pd.read_csv(out / "voortgang_afspraken.csv", dtype={"code": str})
    used = result.measures.measures.set_index("id")
    for code, contract in chosen.items():
        ids = [i for i in members[contract] if i in used.index]
        assert len(ids) >= 5, contract  # a real contract, not an empty one
        mine = used.loc[ids]
        late = mine[(mine["periode_tot"] < pd.Timestamp(DATA_DATE)) & (mine["status"] != "gereed")]
        row = table[(table["afspraak"] == contract) & (table["partij"] == ALL_PARTIES)
                    & (table["code"] == code)]  # fmt: skip
        assert len(row) == 1, row
        row = row.iloc[0]
        assert row["n_acties"] == len(ids)
        assert row["n_gereed"] == int((mine["status"] == "gereed").sum())
        assert row["aandeel_gereed"] == pytest.approx((mine["status"] == "gereed").mean(), abs=1e-3)
        assert row["n_verwacht"] == int((mine["periode_tot"] < pd.Timestamp(DATA_DATE)).sum())
        assert row["n_te_laat"] == len(late)
        if len(late):
            assert sorted(str(row["te_laat"]).split("; ")) == sorted(late.index)
        # per party the counts add up to all parties
        parties = table[(table["afspraak"] == contract) & (table["code"] == code)
                        & (table["partij"] != ALL_PARTIES)]  # fmt: skip
        assert parties["n_acties"].sum() == len(ids)
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert set(record["afspraken"]) == set(chosen.values())


def test_residents_are_the_party_of_their_initiatives(contracts):
    result, out, _, _ = contracts
    table = pd.read_csv(out / "voortgang_afspraken.csv")
    assert "bewoners" in set(table["partij"])
    measures = result.measures.measures
    assert set(measures.loc[measures["partij"].notna(), "partij"]) == {"bewoners"}


def test_the_sample_has_two_wijkcontracten_with_a_mix_of_progress(tmp_path):
    run(out=tmp_path / "run", reports=False, report_options={"data_date": dt.date(2026, 12, 1)})
    table = pd.read_csv(tmp_path / "run" / "voortgang_afspraken.csv")
    total = table[table["partij"] == ALL_PARTIES].groupby("afspraak").sum(numeric_only=True)
    assert len(total) == 2
    for name, row in total.iterrows():
        assert row["n_gereed"] > 0 and row["n_uitvoering"] > 0 and row["n_te_laat"] > 0, name
        assert row["n_gepland"] + row["n_idee"] > 0, name


def test_no_agreements_no_table(tmp_path):
    sample = sample_inputs()
    common = {k: v for k, v in sample.items() if k != "measures"}
    run(sample["measures"], out=tmp_path / "run", reports=False, layers=["corporaties"], **common)
    assert not (tmp_path / "run" / "voortgang_afspraken.csv").exists()


def test_the_report_has_a_section_and_each_contract_area_a_page(contracts, tmp_path):
    from planner.report.booklet import booklet as _booklet
    from planner.report.overlap_report import overlap_report
    from planner.report.tables import report_data
    from tests.planner.test_decisions import _texts

    result, _, _, chosen = contracts
    data = report_data(result)
    text = _texts(overlap_report(result, data, title="Haarlem", data_date=DATA_DATE))
    assert "Voortgang van de afspraken" in text
    assert all(contract in text for contract in chosen.values())
    codes = list(data.areas["code"])
    for code, expect in (("WK039210", True), ("WK039219", False)):
        pictures = {"position": codes.index(code), "map": tmp_path / "k.png", "timelines": []}
        booklet = _texts(_booklet(result, data, pictures, data_date=DATA_DATE, publiek=False))
        assert ("Voortgang van de afspraken" in booklet) is expect, code
        if expect:
            assert "bewoners" in booklet and chosen[code] in booklet
