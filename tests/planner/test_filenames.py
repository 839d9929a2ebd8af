"""Per-area file names: one per area, unique also without case, short, the same on every run."""

import dataclasses
import datetime as dt
import json
import random
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from planner import run
from planner.report.filenames import MAX_FILE_NAME, MAX_STEM, AreaFileNames, area_file_names
from planner.report.gebiedsdag import write_area_maps
from planner.report.tables import report_data
from planner.summary import summary

SUFFIXES = (".pdf", ".html", ".png", "-tijdlijn-1.png", "-tijdlijn-12.png", "-tijdlijn-999999.png")


def box(k: int) -> str:
    return shapely.box(1000 * k, 0, 1000 * (k + 1), 1000).wkt


@pytest.fixture
def level(make_areas):
    """The areas of one level from ``[(code, naam), ...]``, a box each."""

    def make(items: list[tuple]) -> gpd.GeoDataFrame:
        rows = [(code, box(k), 1000, name) for k, (code, name) in enumerate(items)]
        return make_areas({"wijk": rows}).get("wijk").areas

    return make


def file_names(stems) -> list[str]:
    """Every file name the stems give, in the folders where they meet."""
    return [f"{stem}{suffix}" for stem in stems for suffix in SUFFIXES]


def assert_usable(names: AreaFileNames, n: int) -> None:
    stems = list(names.values())
    assert len(stems) == n and all(stems)
    assert len({s.casefold() for s in stems}) == n
    made = file_names(stems)
    assert len({f.casefold() for f in made}) == len(made)
    assert max(len(f.encode("utf-8")) for f in made) <= MAX_FILE_NAME
    assert all(re.fullmatch(r"[A-Za-z0-9-]+", s) for s in stems)
    assert all(s.casefold() not in ("atlas", "con", "nul") for s in stems)


def test_codes_and_names_that_differ_in_case_get_their_own_file(level):
    areas = level([("wk1", "Noord"), ("WK1", "noord"), ("WK2", "Zuid")])
    names = area_file_names(areas)
    assert_usable(names, 3)
    # 'WK1' sorts before 'wk1': it keeps the plain name, the other gets its code's hash
    assert names[1] == "WK1-noord"
    assert re.fullmatch(r"WK1-[0-9a-f]{6}-noord", names[0])
    assert names[2] == "WK2-zuid"
    assert len(names.warnings) == 1
    warning = names.warnings[0]
    assert warning.startswith(
        "de gebieden 'WK1' (noord) en 'wk1' (Noord) krijgen verschillende bestandsnamen "
        f"(WK1-noord en {names[0]})"
    )


def test_two_emoji_only_codes(level):
    names = area_file_names(level([("🏠", "🏠"), ("🌳", "🌳"), ("🚲", "Fietswijk")]))
    assert_usable(names, 3)
    assert list(names.values()) == ["gebied-1", "gebied-2", "gebied-3-fietswijk"]
    assert "GEBIED-gebied" not in names.values()
    (warning,) = names.warnings
    assert warning.startswith("3 gebieden zonder code die in een bestandsnaam past")
    assert "in rij 1, 2 en 3 van de gebiedsindeling" in warning


def test_300_character_names_and_codes_are_cut_and_stay_apart(level):
    long_code = "WK" + "9" * 298
    long_name = ("Lange naam " * 28)[:300]
    areas = level(
        [
            (long_code, "Noord"),
            (long_code[:-1] + "8", "Noord"),  # the same first 299 characters
            ("WK1", long_name),
            ("WK2", long_name),
            (long_code + "7", long_name),
        ]
    )
    names = area_file_names(areas)
    assert_usable(names, 5)
    assert all(len(s) <= MAX_STEM for s in names.values())
    assert names[0].startswith("WK99999999") and names[2].startswith("WK1-lange-naam-lange")
    assert names[3].startswith("WK2-lange-naam")
    assert names.warnings == ()  # cut, but nothing to warn about


@pytest.mark.parametrize("empty", [None, np.nan, pd.NA, "", "   ", "None", "nan", "?!"])
def test_missing_code_or_name_gets_a_generated_name(level, empty):
    areas = level([(empty, "Oost"), ("WK2", empty), ("WK3", "West")])
    names = area_file_names(areas)
    assert_usable(names, 3)
    assert list(names.values()) == ["gebied-1-oost", "WK2", "WK3-west"]
    assert len(names.warnings) == 2
    assert "1 gebied zonder code" in names.warnings[0] and "gebied-1-oost" in names.warnings[0]
    assert "1 gebied zonder naam" in names.warnings[1] and "'WK2'" in names.warnings[1]


def test_no_code_and_no_name(level):
    names = area_file_names(level([(None, None), (np.nan, ""), ("WK1", "Noord")]))
    assert_usable(names, 3)
    assert list(names.values()) == ["gebied-1", "gebied-2", "WK1-noord"]
    (warning,) = names.warnings  # no second warning about their names
    assert "2 gebieden zonder code" in warning and "gebied-1 en gebied-2" in warning


def test_a_generated_name_never_takes_a_real_code_s_file(level):
    names = area_file_names(level([(None, "Noord"), ("gebied-1", "noord")]))
    assert_usable(names, 2)
    assert any("krijgen verschillende bestandsnamen" in w for w in names.warnings)


def test_names_the_run_uses_itself_or_windows_forbids(level):
    names = area_file_names(level([("ATLAS", None), ("con", ""), ("WK1", "Noord")]))
    assert_usable(names, 3)
    assert names[0].startswith("ATLAS-") and names[1].startswith("CON-")
    assert sum("krijgt de bestandsnaam" in w for w in names.warnings) == 2


def test_a_name_that_looks_like_another_area_s_timeline(level):
    # WK1-noord's first timeline is WK1-noord-tijdlijn-1.png
    names = area_file_names(level([("WK1", "Noord tijdlijn 1"), ("WK1", "Noord")]))
    assert_usable(names, 2)
    assert names[1] == "WK1-noord"
    assert "het gebied 'WK1' (Noord tijdlijn 1) krijgt de bestandsnaam" in names.warnings[0]


def test_the_same_names_on_every_run_and_in_any_order(level):
    items = [
        ("wk1", "Noord"),
        ("WK1", "noord"),
        ("Wk1", "NOORD"),
        ("🏠", "Zuid"),
        ("🌳", "Zuid"),
        ("WK" + "5" * 298, "x" * 300),
        ("WK" + "5" * 297 + "6", "x" * 300),
        ("WK7", "Café 't Hoekje"),
        ("WK7!", "Cafe t hoekje"),
    ]
    first = area_file_names(level(items))
    assert area_file_names(level(items)) == first
    by_code = {items[p]: first[p] for p in first}
    rng = random.Random(13)
    for _ in range(5):
        shuffled = rng.sample(items, len(items))
        again = area_file_names(level(shuffled))
        # emoji-only codes are named after their row: the others keep their name in any order
        assert {shuffled[p]: again[p] for p in again if not again[p].startswith("gebied-")} == {
            k: v for k, v in by_code.items() if not v.startswith("gebied-")
        }
        assert sorted(w for w in again.warnings if "zonder code" not in w) == sorted(
            w for w in first.warnings if "zonder code" not in w
        )


_piece = st.sampled_from(["wk1", "WK1", "Wk1", "🏠", "", " ", None, "é", "E", "noord", "-"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(_piece, min_size=0, max_size=3).map(lambda p: "".join(x or "" for x in p)),
            st.one_of(st.none(), st.text(alphabet="aAé🏠 -tijdlnk1", max_size=120)),
        ),
        min_size=1,
        max_size=12,
        unique_by=lambda item: item[0],  # codes are unique within a level, as read_areas checks
    )
)
def test_any_codes_and_names_give_usable_unique_names(items):
    areas = pd.DataFrame({"code": [c for c, _ in items], "naam": [n for _, n in items]})
    names = area_file_names(areas)
    assert_usable(names, len(items))
    shuffled = areas.sample(frac=1, random_state=1).reset_index(drop=True)
    again = area_file_names(shuffled)
    for p in again:
        code = shuffled["code"][p]
        if code.strip() and not again[p].startswith("gebied-"):
            assert again[p] == names[int(np.flatnonzero(areas["code"] == code)[0])]


# -- the whole run --------------------------------------------------------------------------

# Empty cells (None) are left out: the reports cannot show an area without a code or name yet.
AREAS = [
    ("wk1", "Noord"),
    ("WK1", "noord"),
    ("🏠", "🏠"),
    ("🌳", "🌳"),
    ("", "Oost"),
    ("W" * 300, ("Lange naam " * 28)[:300]),
    ("WK2", "?"),
]


@pytest.fixture(scope="module")
def colliding_run(tmp_path_factory):
    """A run with reports on seven areas whose codes and names collide as file names (once)."""
    tmp_path = tmp_path_factory.mktemp("namen")
    areas = gpd.GeoDataFrame(
        {
            "WK_CODE": [c for c, _ in AREAS],
            "WK_NAAM": [n for _, n in AREAS],
            "AANT_INW": [1000] * len(AREAS),
        },
        geometry=[shapely.from_wkt(box(k)) for k in range(len(AREAS))],
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(areas, tmp_path / "wijken.gpkg", layer="wijken")
    lines = [shapely.LineString([(1000 * k + 100, 500), (1000 * k + 900, 500)]) for k in range(7)]
    measures = gpd.GeoDataFrame(
        {
            "naam": [f"Riool {k}" for k in range(7)] + ["Asfalt 0", "Asfalt 1"],
            "domein": ["onderhoud"] * 7 + ["interventie"] * 2,
            "thema": ["riolering"] * 7 + ["verharding"] * 2,
            "start": ["2026-03"] * 7 + ["2026-09"] * 2,
        },
        geometry=lines + [shapely.affinity.translate(lines[k], 0, 5) for k in (0, 1)],
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(measures, tmp_path / "m.gpkg", geometry_type="Unknown")
    out = tmp_path / "uit"
    result = run(
        tmp_path / "m.gpkg",
        tmp_path / "wijken.gpkg",
        out=out,
        report_options={"data_date": dt.date(2026, 11, 22)},
    )
    return result, out


def test_a_run_writes_one_booklet_and_one_map_per_area(colliding_run):
    result, out = colliding_run
    names = area_file_names(result.areas.get("wijk").areas)
    stems = sorted(names.values())
    assert len(set(stems)) == len(AREAS)
    booklets = sorted(p.stem for p in (out / "gebiedsdag").glob("*.pdf") if p.name != "atlas.pdf")
    assert booklets == stems
    maps = sorted(p.stem for p in (out / "kaarten").glob("*.png") if "-tijdlijn-" not in p.name)
    assert maps == stems
    timelines = sorted(p.name for p in (out / "kaarten").glob("*-tijdlijn-*.png"))
    assert timelines == sorted(f"{s}-tijdlijn-1.png" for s in stems)
    written = [p.name for p in out.rglob("*")]
    assert len({n.casefold() for n in written}) == len(written)
    assert max(len(n.encode("utf-8")) for n in written) <= MAX_FILE_NAME

    atlas = PdfReader(out / "gebiedsdag" / "atlas.pdf")
    pages = [len(PdfReader(out / "gebiedsdag" / f"{s}.pdf").pages) for s in stems]
    assert len(atlas.pages) == sum(pages) + 1  # and its contents page
    text = "\n".join(page.extract_text() for page in atlas.pages)
    assert text.count("Te beslissen op deze dag") == len(AREAS)
    for code in ("wk1", "WK1"):
        assert len(re.findall(rf"Wijk [^\n]*\({code}\) · programma", text)) == 1, code


def test_the_run_says_which_areas_got_another_name(colliding_run):
    result, out = colliding_run
    stored = json.loads((out / "run.json").read_text(encoding="utf-8"))
    warnings = stored["invoer"]["waarschuwingen"]
    assert warnings == result.report["invoer"]["waarschuwingen"]
    # the areas themselves are fine, but for the ones without code (they get one, warned)
    assert all("zonder code" in w for w in result.areas.warnings)
    both = [w for w in warnings if w.startswith("de gebieden 'WK1' (noord) en 'wk1' (Noord)")]
    assert len(both) == 1 and "krijgen verschillende bestandsnamen" in both[0]
    assert any("zonder code die in een bestandsnaam past" in w for w in warnings)
    assert any("zonder naam die in een bestandsnaam past" in w for w in warnings)
    text = summary(result, out)
    assert f"  Let op: {both[0]}." in text


def test_workers_never_get_two_areas_with_one_file(colliding_run, tmp_path):
    result, _ = colliding_run
    data = report_data(result)
    clash = AreaFileNames(("WK1-noord", "wk1-NOORD", *data.file_names.stems[2:]))
    with pytest.raises(RuntimeError, match="share a file name"):
        write_area_maps(dataclasses.replace(data, file_names=clash), tmp_path / "k", dpi=20)
    assert not list((tmp_path / "k").glob("*.png"))
