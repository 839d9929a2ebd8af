"""Trust: stopping halfway, fuzzing the parsers, corrupting programmes at random."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import cli
from planner.amounts import parse_amount
from planner.areas import Areas, Partition, _derive_nesting
from planner.errors import OptionError, PlannerError, RulesError, ValueParseError
from planner.mapping import parse_mapping_options
from planner.output import arrow_writing
from planner.periods import parse_when
from planner.placing import place_and_account as _place
from planner.read import measures_from_frame
from planner.rules import load_rules

EXE = Path(sys.executable).parent / "gebiedsplanner"


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def tables_only(out: Path) -> int:
    """A whole run of the sample, tables only, in its own process; returns the exit code."""
    return subprocess.run(
        [EXE, "run", "--tables-only", "--quiet", "--out", str(out)],
        capture_output=True,
        timeout=120,
    ).returncode


def start_run(out: Path, behind: bool = False) -> subprocess.Popen:
    """A whole run of the sample; ``behind``: its tables written by a second process."""
    env = {
        **os.environ,
        "GEBIEDSPLANNER_WRITE_BEHIND_FROM": "0" if behind else "1000000000",
        "GEBIEDSPLANNER_TEST_RUN": str(out),  # marks the run's processes (see processes_of)
    }
    return subprocess.Popen(
        [EXE, "run", "--quiet", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )


def _ctrl_c_as_in_a_terminal() -> None:
    """Ctrl-C reaches the run as it does one started in a terminal.

    A test run started in the background by a shell without job control (``make test &`` in a
    script) ignores SIGINT, and so would the run it starts: Python leaves an ignored SIGINT
    ignored. That made the Ctrl-C test fail with exit code 0 in such test runs.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def processes_of(out: Path) -> list[str]:
    """Command lines of processes still running for the run into ``out`` (its writer)."""
    mark = f"GEBIEDSPLANNER_TEST_RUN={out}".encode()
    found = []
    for pid in Path("/proc").glob("[0-9]*"):
        try:
            if mark in (pid / "environ").read_bytes().split(b"\0"):
                found.append((pid / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found


def wait_until_writing(out: Path, proc: subprocess.Popen, limit: float = 60) -> None:
    """Wait until the run has started writing its temporary folder."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if any(out.parent.glob(f".{out.name}.{proc.pid}.*")):
            time.sleep(1.0)  # well into writing
            return
        time.sleep(0.1)
    raise AssertionError("the run never started writing")


@pytest.mark.slow
@pytest.mark.parametrize("behind", [False, True], ids=["here", "behind"])
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_run_leaves_the_previous_output(tmp_path, how, behind):
    out = tmp_path / "uitvoer"
    assert tables_only(out) == 0
    before = snapshot(out)
    proc = start_run(out, behind)
    wait_until_writing(out, proc)
    proc.send_signal(how)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "gestopt" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["uitvoer"]  # nothing half left behind
    assert processes_of(out) == []


@pytest.mark.slow
@pytest.mark.parametrize("behind", [False, True], ids=["here", "behind"])
def test_a_killed_run_leaves_the_previous_output_and_the_next_run_cleans_up(tmp_path, behind):
    out = tmp_path / "uitvoer"
    assert tables_only(out) == 0
    before = snapshot(out)
    proc = start_run(out, behind)
    wait_until_writing(out, proc)
    os.killpg(os.getpgid(proc.pid), 0)  # the process exists
    if behind and arrow_writing():  # GDAL < 3.8 writes in the run's own process
        assert len(processes_of(out)) >= 2, "the run and its writer"
    proc.kill()
    proc.communicate(timeout=60)
    time.sleep(2)  # its worker processes notice their parent is gone
    assert processes_of(out) == []
    assert snapshot(out) == before
    assert tables_only(out) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["uitvoer"]


def test_a_stop_that_a_library_swallowed_still_keeps_the_previous_output(
    tmp_path, monkeypatch, capsys
):
    """A stop whose KeyboardInterrupt a library caught (a bare except) must not let the run
    put its output in place and exit 0: the check before the last step stops it there."""
    from planner.output import OutputFolder

    out = tmp_path / "uitvoer"
    assert cli.main(["run", "--tables-only", "--quiet", "--out", str(out)]) == 0
    before = snapshot(out)
    finish = OutputFolder.finish_tables

    def stop_swallowed_while_writing(self):
        finish(self)
        cli._stops.append(signal.SIGINT)  # the handler ran; its KeyboardInterrupt was caught

    monkeypatch.setattr(OutputFolder, "finish_tables", stop_swallowed_while_writing)
    assert cli.main(["run", "--tables-only", "--quiet", "--out", str(out)]) == 130
    assert "gestopt" in capsys.readouterr().err
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["uitvoer"]


# -- fuzzing: only the documented error types come out -------------------------------------------

anything = st.one_of(
    st.text(max_size=40),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.from_regex(r"\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?", fullmatch=True),
    st.from_regex(r"(EUR|€)? ?[\d.,]{1,12}(,-)? ?(mln|k)?", fullmatch=True),
)


@settings(max_examples=400, deadline=None)
@given(anything)
def test_fuzz_dates(value):
    try:
        result = parse_when(value)
    except ValueParseError:
        return
    assert result is None or result[0] <= result[1]


@settings(max_examples=400, deadline=None)
@given(anything)
def test_fuzz_amounts(value):
    try:
        number, _ = parse_amount(value)
    except ValueParseError:
        return
    assert number is None or np.isfinite(number)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(max_size=30), max_size=4),
    st.lists(st.text(max_size=30), max_size=4),
    st.lists(st.text(max_size=30), max_size=4),
)
def test_fuzz_field_mapping(fields, defaults, values):
    try:
        parse_mapping_options(fields, defaults, values)
    except OptionError:
        pass


toml_piece = st.sampled_from(
    [
        "[[regel]]\n",
        'naam = "r"\n',
        'oordeel = "combineren"\n',
        'oordeel = "x"\n',
        'a = { thema = ["riolering"] }\n',
        'b = { domein = ["sociaal", "x"] }\n',
        "afstand_m = 25\n",
        "afstand_m = -1\n",
        'afstand_m = "ver"\n',
        'zelfde_gebied = ["wijk"]\n',
        'tijd = "overlap"\n',
        "tijd = { na_jaren = 3 }\n",
        "tijd = { binnen_maanden = 1.5 }\n",
        'uitleg = "{a_naam}"\n',
        'uitleg = "{x}"\n',
        "[stapeling]\n",
        "hinderlast_max = 3\n",
        "[stapeling.wijk]\n",
        "= =\n",
        '"\n',
        "[integratie]\n",
        "samenhang_min = true\n",
    ]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(toml_piece, max_size=14), st.text(max_size=20))
def test_fuzz_rules_file(tmp_path, pieces, noise):
    path = tmp_path / "regels.toml"
    path.write_text("".join(pieces) + noise, encoding="utf-8")
    try:
        rules = load_rules(path)
    except RulesError:
        return
    assert rules.rules


# -- nothing lost: random corruption of a valid programme ---------------------------------------

CORRUPTIONS = [
    ("niets", lambda r: r),
    ("naam weg", lambda r: {**r, "naam": None}),
    ("domein onbekend", lambda r: {**r, "domein": "overig"}),
    ("start weg", lambda r: {**r, "start": None}),
    ("start onzin", lambda r: {**r, "start": "voorjaar"}),
    ("eind voor start", lambda r: {**r, "start": "2027", "eind": "2026"}),
    (
        "vlinderdas",
        lambda r: {**r, "geometry": shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])},
    ),
    ("geen plek", lambda r: {**r, "geometry": None}),
    ("geen plek met code", lambda r: {**r, "geometry": None, "gebiedscode": "A"}),
    ("onbekende code", lambda r: {**r, "geometry": None, "gebiedscode": "Z"}),
    ("leeg vlak", lambda r: {**r, "geometry": shapely.Polygon()}),
    ("dubbel id", lambda r: {**r, "id": "zelfde"}),
    ("budget tekst", lambda r: {**r, "budget": "EUR 1.000,-"}),
    ("buiten", lambda r: {**r, "geometry": shapely.Point(9000, 9000)}),
    ("thema onbekend", lambda r: {**r, "thema": "kunst"}),
    ("x NaN", lambda r: {**r, "geometry": shapely.Point(np.nan, 10)}),
    (
        "x oneindig met code",
        lambda r: {**r, "geometry": shapely.Point(np.inf, 10), "gebiedscode": "A"},
    ),
    ("x 1e300", lambda r: {**r, "geometry": shapely.Point(1e300, 10)}),
    ("lijn met NaN", lambda r: {**r, "geometry": shapely.LineString([(1, 1), (np.nan, 2)])}),
    (
        "vlak met oneindig",
        lambda r: {**r, "geometry": shapely.Polygon([(0, 0), (5, 0), (np.inf, 5)])},
    ),
    ("jaar 9999", lambda r: {**r, "start": "9999"}),
    ("datum 0001", lambda r: {**r, "start": "0001-01-01"}),
    ("eind 9999-12-31", lambda r: {**r, "eind": "9999-12-31"}),
    ("budget 1e20", lambda r: {**r, "budget": 1e20}),
    ("budget negatief", lambda r: {**r, "budget": -5}),
]


IMPOSSIBLE_COORDINATES = {
    "x NaN",
    "x oneindig met code",
    "x 1e300",
    "lijn met NaN",
    "vlak met oneindig",
}
YEARS_OUT_OF_RANGE = {"jaar 9999", "datum 0001", "eind 9999-12-31"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(range(len(CORRUPTIONS))), min_size=1, max_size=30))
def test_every_feature_is_used_or_rejected_exactly_once(choices):
    rows = []
    for k, choice in enumerate(choices):
        base = {
            "id": f"m{k}",
            "naam": f"m{k}",
            "domein": "onderhoud",
            "thema": "groen",
            "start": "2026",
            "eind": None,
            "budget": 10,
            "gebiedscode": None,
            "geometry": shapely.Point(10 + k, 10),
        }
        rows.append(CORRUPTIONS[choice][1](base))
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")
    areas = Areas(
        [
            Partition(
                "wijk",
                gpd.GeoDataFrame(
                    {"code": ["A"], "naam": ["A"], "inwoners": [100]},
                    geometry=[shapely.box(0, 0, 1000, 1000)],
                    crs="EPSG:28992",
                ),
            )
        ]
    )
    _derive_nesting(areas)
    try:
        mset = measures_from_frame(frame)
    except PlannerError:
        pytest.fail("a corrupted feature stopped the whole run")
    mset, _ = _place(mset, areas)
    used = list(mset.measures["bron_fid"])
    rejected = list(mset.rejected["fid"])
    assert sorted(used + rejected) == list(range(1, len(rows) + 1))
    assert not set(used) & set(rejected)
    # and for the right reason, in the right field
    fields, texts = mset.rejected["veld"], mset.rejected["reden"]
    why = {f: (v, r) for f, v, r in zip(rejected, fields, texts, strict=True)}
    for fid, choice in enumerate(choices, start=1):
        name = CORRUPTIONS[choice][0]
        if name in IMPOSSIBLE_COORDINATES:
            assert why[fid][0] == "geometrie" and "onbruikbare coördinaten" in why[fid][1]
        if name in YEARS_OUT_OF_RANGE:
            assert "ligt buiten 1900-2200" in why[fid][1] and "bestaat niet" not in why[fid][1]


def test_a_fid_column_next_to_bron_fid_does_not_break_the_geopackage(tmp_path):
    """Input with its own 'fid' column: the GeoPackage keeps it under a free name."""
    import geopandas as gpd
    import pyogrio
    import shapely

    from planner.areas import place_measures, read_areas
    from planner.output import write_outputs
    from planner.read import measures_from_frame
    from planner.rules import load_rules
    from planner.run import RunResult
    from planner.schema import layers_dir

    frame = gpd.GeoDataFrame(
        {"fid": [7, 8], "naam": ["a", "b"], "domein": ["onderhoud"] * 2, "start": ["2026"] * 2},
        geometry=[shapely.Point(104_000, 488_000), shapely.Point(104_010, 488_000)],
        crs="EPSG:28992",
    )
    ms = measures_from_frame(frame)
    assert "fid" in ms.measures.columns and "bron_fid" in ms.measures.columns
    areas = read_areas(layers_dir() / "haarlem_wijken_2024.gpkg")
    membership = place_measures(ms.measures, areas)[0]
    result = RunResult(ms, areas, load_rules(), ms.measures.iloc[0:0], {}, membership)
    write_outputs(result, tmp_path / "uit")
    got = pyogrio.read_dataframe(tmp_path / "uit" / "gebiedsplanner.gpkg", layer="maatregelen")
    assert got["bron_fid_2"].tolist() == [7, 8] and got["bron_fid"].tolist() == [1, 2]


def test_a_stop_that_a_library_turns_into_its_own_error_still_stops(monkeypatch, capsys):
    # reportlab's paragraph parser catches everything while it reads a colour and raises its
    # own ValueError: a SIGTERM landing there came out as "interne fout", exit 3.
    def a_run_stopped_inside_such_a_library(args):
        try:
            cli._stop(signal.SIGTERM, None)  # the signal handler runs inside the library
        except BaseException:
            raise ValueError("Invalid color value '#5b636b'") from None

    monkeypatch.setattr(cli, "_cmd_run", a_run_stopped_inside_such_a_library)
    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    assert cli.main(["run", "--tables-only"]) == cli.EXIT_INTERRUPTED
    err = capsys.readouterr().err
    assert "gestopt" in err and "interne fout" not in err
    # the next run in this process starts afresh, and the handlers are as they were
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == handlers

    def a_bug(args):
        raise ZeroDivisionError("een fout")

    monkeypatch.setattr(cli, "_cmd_run", a_bug)
    assert cli.main(["run", "--tables-only"]) == cli.EXIT_INTERNAL
