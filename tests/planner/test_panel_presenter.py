"""The programme panel's presenter, driven without QGIS: lists, year filter, pairs, live check.

The presenter is plain Python (plugin/presenter.py imports planner and pandas only), so these
tests run with the planner tests, where QGIS is not installed; tests/plugin/test_panel.py runs
the panel itself against a real QGIS.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pyogrio
import pytest
import shapely

import planner
from plugin.presenter import ALL_YEARS, MOST_STACKED, PanelPresenter
from tests.planner.conftest import REPO


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The shipped programme and wijken, copied, and the panel's run on them."""
    folder = tmp_path_factory.mktemp("paneel")
    for name in ("voorbeeldprogramma.gpkg", "haarlem_wijken_2024.gpkg"):
        shutil.copy2(REPO / "layers" / name, folder / name)
    gpkg = folder / "voorbeeldprogramma.gpkg"
    result = planner.run([gpkg], [folder / "haarlem_wijken_2024.gpkg"])
    return gpkg, result


@pytest.fixture
def presenter(sample):
    shown = PanelPresenter()
    shown.finish(sample[1], None)
    return shown


def feature(gpkg, layer: str, fid: int, **changes) -> pd.DataFrame:
    """One feature as the plugin's converter gives it: ``_fid`` and the layer's fields."""
    frame = pyogrio.read_dataframe(gpkg, layer=layer, fid_as_index=True).loc[[fid]]
    frame = frame.rename_axis("_fid").reset_index()
    for name, value in changes.items():
        frame[name] = [value]
    return frame


def active_in(result, year: int) -> set[str]:
    rows = result.measures.measures
    first = pd.to_datetime(rows["periode_van"]).dt.year
    last = pd.to_datetime(rows["periode_tot"]).dt.year
    return set(rows.loc[(first <= year) & (last >= year), "id"])


def test_the_presenter_imports_without_qgis_or_qt():
    code = (
        "import sys, plugin.presenter\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'qgis', 'PyQt5', 'PyQt6'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"


def test_a_finished_run_gives_the_status_and_the_years(sample):
    _gpkg, result = sample
    shown = PanelPresenter()
    assert shown.finish(None, None) == "Afgebroken." and not shown.watching
    status = shown.finish(result, None)
    ms = result.measures
    assert status == (
        f"{len(ms.measures)} maatregelen gebruikt, {len(ms.rejected)} afgewezen; "
        f"{len(result.overlaps)} overlappingen, "
        f"{sum(len(t) for t in result.groups.values())} samenhanggroepen."
    )
    assert shown.watching and len(shown.live) == len(ms.measures)
    years = shown.years()
    assert years == list(range(years[0], years[-1] + 1))
    assert years[0] == pd.to_datetime(ms.measures["periode_van"]).dt.year.min()
    assert years[-1] == pd.to_datetime(ms.measures["periode_tot"]).dt.year.max()
    # a failed run says why and leaves the last run on screen
    assert shown.finish(None, "De laag is leeg.") == "De laag is leeg."
    assert shown.result is result


def test_the_interface_text_goes_through_the_given_translation(sample):
    shown = PanelPresenter(tr=lambda text, *args: "EN " + text.format(*args))
    assert shown.finish(sample[1], None).startswith("EN ")
    assert shown.stacked_rows()[0].tooltip.startswith("EN ")


def test_most_stacked_rows_for_all_years_and_one_year(presenter, sample):
    _gpkg, result = sample
    stacking = result.stacking[result.areas.levels[0]]
    top = planner.most_stacked(stacking, n=MOST_STACKED)
    rows = presenter.stacked_rows()
    assert [(r.cells[0], r.cells[1]) for r in rows] == list(
        zip(top["naam"].astype(str), top["periode"].astype(str), strict=True)
    )
    first = top.iloc[0]
    assert rows[0].code == str(first["code"])
    assert rows[0].cells[2:] == (str(first["n_maatregelen"]), f"{first['hinderlast']:.1f}")
    assert f"({first['code']})" in rows[0].tooltip
    presenter.set_year(2027)
    rows_2027 = presenter.stacked_rows()
    assert rows_2027 and all(r.cells[1].startswith("2027") for r in rows_2027)
    assert rows_2027 != rows


def test_overlaps_per_verdict_and_the_year_filter(presenter, sample):
    _gpkg, result = sample
    groups = presenter.verdict_groups()
    assert [g.verdict for g in groups] == sorted(result.overlaps["verdict"].unique())
    assert len(groups) == 4
    assert sum(g.count for g in groups) == len(result.overlaps)
    for group in groups:
        assert group.label == f"{planner.verdict_label(group.verdict)} ({group.count})"
        assert len(group.pairs) == min(group.count, 500)
    pair = groups[0].pairs[0]
    row = result.overlaps.loc[
        (result.overlaps["measure_a"] == pair.pair[0])
        & (result.overlaps["measure_b"] == pair.pair[1])
    ].iloc[0]
    assert pair.cells[0] == f"{row['naam_a']} — {row['naam_b']}" and pair.tooltip == row["uitleg"]

    presenter.set_year(2027)
    in_2027 = presenter.verdict_groups()
    assert 0 < sum(g.count for g in in_2027) < len(result.overlaps)
    active = active_in(result, 2027)
    assert all(set(p.pair) <= active for g in in_2027 for p in g.pairs)
    presenter.set_year(ALL_YEARS)
    assert sum(g.count for g in presenter.verdict_groups()) == len(result.overlaps)


def test_the_year_decides_which_features_stay_on_the_map(presenter, sample):
    _gpkg, result = sample
    assert presenter.shown_features() is None
    presenter.set_year(2027)
    shown = presenter.shown_features()
    rows = result.measures.measures
    assert set(shown) == set(rows["laag"])
    kept = {(layer, fid) for layer, fids in shown.items() for fid in fids}
    expected = {
        (str(r.laag), int(r.bron_fid)) for r in rows.itertuples() if r.id in active_in(result, 2027)
    }
    assert kept == expected and 0 < len(kept) < len(rows)


def test_a_pair_names_its_two_features_and_an_area_its_bounds(presenter, sample):
    _gpkg, result = sample
    pairs = result.overlaps
    row = pairs.loc[pairs["rule"] == "werk-met-werk"].iloc[0]
    rows = result.measures.measures.set_index("id")
    found = presenter.features_of_pair((row["measure_a"], row["measure_b"]))
    assert found == [
        (rows.loc[m, "laag"], int(rows.loc[m, "bron_fid"]))
        for m in (row["measure_a"], row["measure_b"])
    ]
    assert presenter.features_of_pair((row["measure_a"], "bestaat-niet")) == found[:1]
    assert presenter.features_of_pair(None) == []
    code = presenter.stacked_rows()[0].code
    areas = result.areas.get(result.areas.levels[0]).areas
    geometry = areas.loc[areas["code"] == code].geometry.iloc[0]
    assert presenter.area_bounds(code) == pytest.approx(geometry.bounds)
    assert presenter.area_bounds("WK999999") is None


def test_the_live_check_follows_an_edit(sample):
    gpkg, result = sample
    shown = PanelPresenter()
    shown.finish(result, None)
    pairs = result.overlaps
    pair = pairs.loc[pairs["rule"] == "werk-met-werk"].iloc[0]
    layer, fid = shown.feature_of(pair["measure_b"])
    here = feature(gpkg, layer, fid)
    # moved far away: no pairs
    far = feature(gpkg, layer, fid, geometry=shapely.Point(90_000, 400_000))
    check = shown.check_edit(far, str(gpkg), layer, fid)
    assert check.pairs is not None and check.pairs.empty
    assert [line.text for line in check.lines] == [f"{here['naam'].iloc[0]}: geen overlappingen."]
    # back in place: the pair with a is named again, with its rule and explanation
    check = shown.check_edit(here, str(gpkg), layer, fid)
    texts = [line.text for line in check.lines]
    assert texts[0] == f"{here['naam'].iloc[0]}: {len(check.pairs)} overlappingen"
    assert len(texts) == len(check.pairs) + 1
    hit = [line for line in check.lines[1:] if pair["naam_a"] in line.text]
    assert hit and hit[0].text.startswith("werk-met-werk (combineren)") and hit[0].tooltip
    # a date that does not exist: the line says why the feature would be rejected
    bad = feature(gpkg, layer, fid, start="31-02-2026")
    check = shown.check_edit(bad, str(gpkg), layer, fid)
    assert check.pairs is None and len(check.lines) == 1
    assert check.lines[0].text.startswith(f"{layer} fid {fid}: wordt afgewezen: ")
    assert "31-02-2026" in check.lines[0].text
    assert shown.check_edit(None, str(gpkg), layer, fid).lines[0].text == (
        f"{layer} fid {fid}: wordt afgewezen: "
    )


def test_a_deleted_feature_leaves_the_live_index(sample):
    _gpkg, result = sample
    shown = PanelPresenter()
    assert shown.forget_feature("corporaties", 1) == []
    shown.finish(result, None)
    pair = result.overlaps.loc[result.overlaps["rule"] == "werk-met-werk"].iloc[0]
    gone, other = pair["measure_b"], pair["measure_a"]

    def partners() -> set[str]:
        found = shown.live.check(other)
        return set(found["measure_a"]) | set(found["measure_b"])

    assert gone in partners()
    layer, fid = shown.feature_of(gone)
    lines = shown.forget_feature(layer, fid)
    assert [line.text for line in lines] == [f"{layer} fid {fid} verwijderd."]
    assert gone not in shown.live and gone not in partners()


def test_the_presenters_examples_run():
    import doctest

    import plugin.presenter

    outcome = doctest.testmod(plugin.presenter)
    assert outcome.attempted >= 3 and outcome.failed == 0


def test_samenhang_groups_most_teams_first_and_per_year(presenter, sample):
    _gpkg, result = sample
    groups = pd.concat([t for t in result.groups.values()], ignore_index=True)
    rows = presenter.group_rows()
    assert len(rows) == min(len(groups), 500) > 0
    teams = [
        groups.set_index(["code", "periode"]).loc[(r.code, r.cells[1]), "n_teams"] for r in rows
    ]
    assert teams == sorted(teams, reverse=True)
    first = rows[0]
    assert " met " in first.cells[3] and "/" in first.cells[2]
    assert presenter.area_bounds(first.code, first.level) is not None
    presenter.set_year(2027)
    assert all(r.cells[1].startswith("2027") for r in presenter.group_rows())


def test_a_decided_overlap_is_listed_as_decided_not_as_open_work(presenter, sample):
    _gpkg, result = sample
    pairs = result.overlaps
    first, second = pairs.iloc[0], pairs.iloc[1]
    # the ids the other way round, as a hand-filled besluitenlijst may have them
    decided = presenter.set_decisions(
        [
            (first["rule"], first["measure_b"], first["measure_a"], "combineren"),
            (second["rule"], second["measure_a"], second["measure_b"], "nog_open"),
            ("een-andere-regel", first["measure_a"], first["measure_b"], "gespreid"),
        ]
    )
    assert decided == 2
    groups = presenter.verdict_groups()
    assert [g.verdict for g in groups][-1] == "besloten"
    done = groups[-1]
    assert done.count == 1 and done.label == "Besloten (1)"
    assert done.pairs[0].pair == (first["measure_a"], first["measure_b"])
    assert done.pairs[0].cells[2] == "combineren"
    # the same two measures may meet under another rule too: that overlap stays open
    open_pairs = [(p.cells[1], *p.pair) for g in groups[:-1] for p in g.pairs]
    assert (first["rule"], first["measure_a"], first["measure_b"]) not in open_pairs
    assert (second["rule"], second["measure_a"], second["measure_b"]) in open_pairs
    assert sum(g.count for g in groups[:-1]) == len(pairs) - 1
    presenter.set_decisions([])
    assert "besloten" not in [g.verdict for g in presenter.verdict_groups()]
