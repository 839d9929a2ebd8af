"""The panel's what-if: shift a measure a year, see which overlaps come and go, layer untouched."""

from __future__ import annotations

import shutil

import pytest

import planner
from plugin.presenter import PanelPresenter
from tests.planner.conftest import REPO


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wat-als-paneel")
    for name in ("voorbeeldprogramma.gpkg", "haarlem_wijken_2024.gpkg"):
        shutil.copy2(REPO / "layers" / name, folder / name)
    inputs = ([folder / "voorbeeldprogramma.gpkg"], [folder / "haarlem_wijken_2024.gpkg"])
    scenario = folder / "scenario.toml"
    scenario.write_text('[[wijziging]]\nid = "OR-0003"\nverschuif_jaren = 1\n', encoding="utf-8")
    # the panel's live check speaks in pairs, same-area pairs included: so do these full runs
    return (
        planner.run(*inputs, area_pairs=True),
        planner.run(*inputs, scenario=scenario, area_pairs=True),
    )


def _pairs_of(result, measure_id: str) -> set[tuple[str, str]]:
    o = result.overlaps
    mine = o[(o["measure_a"] == measure_id) | (o["measure_b"] == measure_id)]
    return {
        (r.rule, r.measure_b if r.measure_a == measure_id else r.measure_a)
        for r in mine.itertuples()
    }


def test_a_year_later_shows_what_two_full_runs_show(runs):
    base, shifted = runs
    shown = PanelPresenter()
    shown.finish(base, None)
    before = shown.live.check("OR-0003")
    check = shown.what_if_shift("OR-0003", 12)
    names = dict(zip(base.measures.measures["id"], base.measures.measures["naam"], strict=True))
    new = _pairs_of(shifted, "OR-0003") - _pairs_of(base, "OR-0003")
    gone = _pairs_of(base, "OR-0003") - _pairs_of(shifted, "OR-0003")
    assert new or gone
    lines = [line.text for line in check.lines]
    assert lines[0].startswith("Wat als Herinrichting Nieuwe Iepenstraat in 2027-05-04")
    for kind, pairs in (("nieuw", new), ("vervalt", gone)):
        got = sorted(t for t in lines if t.startswith(kind + ":"))
        assert len(got) == len(pairs), (kind, got, pairs)
        for rule, other in pairs:
            assert any(t.startswith(f"{kind}: {rule} (") and t.endswith(names[other]) for t in got)
    assert any("maatregelen per jaar" in t for t in lines)
    # the index has the measure back as it was
    assert sorted(map(tuple, shown.live.check("OR-0003")[["rule", "measure_a", "measure_b"]]
                      .values)) == sorted(map(tuple, before[["rule", "measure_a", "measure_b"]]
                                              .values))  # fmt: skip


def test_without_a_run_it_says_so():
    assert "Reken eerst door" in PanelPresenter().what_if_shift("OR-0003", 12).lines[0].text
