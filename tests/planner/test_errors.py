"""Errors of the machine, not of the data or of Gebiedsplanner: a full disk, a closed folder.

Each is one Dutch sentence with exit code 2, never an "interne fout" (exit 3); the previous
output is left as it was.
"""

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pyogrio
import pytest

from planner import cli
from planner.errors import InputError, environment_error
from tests.planner.conftest import DATA, REPO


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# -- recognising them ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device", "uit/maatregelen.csv"),
        OSError(errno.EFBIG, "File too large", "uit/maatregelen.csv"),
        OSError(errno.EDQUOT, "Disk quota exceeded"),
        pyogrio.errors.DataSourceError("sqlite3_exec(COMMIT) failed: disk I/O error"),
        pyogrio.errors.FieldError("Failed to write: database or disk is full"),
        RuntimeError('could not extend file "base/16384/16999": No space left on device'),
    ],
)
def test_a_full_disk_is_said_as_such_with_the_previous_output_kept(error):
    found = environment_error(error)
    assert isinstance(found, InputError) and found.exit_code == 2
    text = str(found)
    assert text.startswith("De schijf is vol of een bestand werd groter dan toegestaan")
    assert "een eerdere uitvoer is bewaard" in text and "Maak ruimte vrij" in text
    if getattr(error, "filename", None):
        assert f"(bij {error.filename})" in text


def test_a_full_disk_behind_another_error_is_found():
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise ValueError("schrijven mislukt") from inner
    except ValueError as outer:
        assert "De schijf is vol" in str(environment_error(outer))


def test_a_closed_folder_names_the_file():
    found = environment_error(PermissionError(errno.EACCES, "Permission denied", "/d/x.gpkg"))
    assert str(found).startswith("Geen toegang tot /d/x.gpkg: ") and "Vraag toegang" in str(found)


@pytest.mark.parametrize(
    "error", [ZeroDivisionError("division by zero"), KeyError("naam"), OSError(errno.EIO, "I/O")]
)
def test_a_bug_stays_a_bug(error, tmp_path):
    assert environment_error(error) is None
    # with room next to the output, also when the output is named (the probe finds room)
    assert environment_error(error, written=tmp_path / "uitvoer") is None
    assert list(tmp_path.iterdir()) == []  # the probe is gone


def test_the_command_line_says_a_machine_error_in_one_sentence(monkeypatch, capsys):
    def full(args):
        raise OSError(errno.ENOSPC, "No space left on device", "uit/overlappingen.csv")

    monkeypatch.setattr(cli, "_cmd_run", full)
    assert cli.main(["run", "--tables-only"]) == cli.EXIT_INPUT
    err = capsys.readouterr().err
    assert err.startswith("gebiedsplanner: De schijf is vol") and "interne fout" not in err
    assert len(err.strip().splitlines()) == 1


# -- a real file-size limit: the run stops with exit 2 and the previous output stays -----------


def _small_files(limit: int):
    def apply() -> None:
        # as a full disk does: the write fails (EFBIG) instead of the process being killed
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _run(out: Path, *, limit: int | None = None, behind: bool = False):
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "GEBIEDSPLANNER_WRITE_BEHIND_FROM": "0" if behind else "1000000000",
    }
    return subprocess.run(
        [sys.executable, "-m", "planner.cli", "run", "--tables-only", "--quiet", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        preexec_fn=_small_files(limit) if limit else None,
    )


@pytest.mark.parametrize("behind", [False, True], ids=["here", "behind"])
@pytest.mark.parametrize("limit", [64_000, 1_500_000], ids=["first-file", "halfway"])
def test_a_file_size_limit_keeps_the_previous_output(tmp_path, limit, behind):
    out = tmp_path / "uitvoer"
    first = _run(out)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    assert max(len(b) for b in before.values()) > limit  # the limit bites
    stopped = _run(out, limit=limit, behind=behind)
    assert stopped.returncode == 2, stopped.stderr
    assert stopped.stderr.startswith("gebiedsplanner: De schijf is vol"), stopped.stderr
    assert "een eerdere uitvoer is bewaard" in stopped.stderr
    assert len(stopped.stderr.strip().splitlines()) == 1 and "Traceback" not in stopped.stderr
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["uitvoer"]  # nothing half written left


# -- a folder the user may not enter ------------------------------------------------------------


def test_an_input_in_a_closed_folder_is_named(monkeypatch, tmp_path, capsys):
    # The tests run as root, where permissions do not bite: the path resolution raises as it
    # does for a user.
    closed = tmp_path / "geheim" / "werken.gpkg"
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        if self == closed:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    code = cli.main(
        ["check", "--measures", str(closed), "--areas", str(DATA / "bad" / "gebieden.gpkg")]
    )
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"Geen toegang tot {closed}:" in err and "interne fout" not in err


def test_an_input_in_a_closed_folder_for_a_real_user():
    # The same for a real user: as root the check runs as the user nobody (setpriv), for whom
    # the folder is really closed; as another user, as that user.
    as_other = (
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        if os.geteuid() == 0
        else []
    )
    root = Path(tempfile.mkdtemp(prefix="gebiedsplanner-toegang-"))  # not under 0700 tmp_path
    closed = root / "geheim"
    try:
        root.chmod(0o755)
        closed.mkdir()
        shutil.copy(DATA / "bad" / "buiten.gpkg", closed / "werken.gpkg")
        shutil.copy(DATA / "bad" / "gebieden.gpkg", root / "gebieden.gpkg")
        closed.chmod(0o000)
        proc = subprocess.run(
            [
                *as_other,
                "env",
                f"PYTHONPATH={REPO}",
                f"HOME={root}",
                sys.executable,
                "-m",
                "planner.cli",
                "check",
                "--measures",
                str(closed / "werken.gpkg"),
                "--areas",
                str(root / "gebieden.gpkg"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=root,
        )
        assert proc.returncode == 2, proc.stderr
        assert f"Geen toegang tot {closed / 'werken.gpkg'}:" in proc.stderr
        assert "Traceback" not in proc.stderr
    finally:
        closed.chmod(0o755)
        shutil.rmtree(root, ignore_errors=True)
