"""The output folder's safety: only a folder this program made is ever replaced.

A run claims its output folder before it reads anything (:func:`claim_output_folder`): it takes
a lock beside the folder, so that a second run on the same folder stops at once, and it checks
that replacing the folder removes nothing that Gebiedsplanner did not make. A folder is
replaceable when it does not exist, is empty, or holds a marker file and no file or folder
beyond the list of files that marker (or the folder's ``run.json``) names. No input may lie
inside it.

The new output is written into a temporary folder beside the target (:meth:`Claim.new_folder`)
and put in place whole (:meth:`Claim.replace`): by renaming folders where that is safe, or by
moving the finished files into the existing folder where the folder itself must stay (an empty
folder the user made, the current directory, a mount point). The folder keeps its mode.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from planner.errors import InputError

__all__ = ["MARKER", "Claim", "claim_output_folder"]

#: The file that marks a folder as a Gebiedsplanner output: it lists the files the run made.
MARKER = ".gebiedsplanner-uitvoer"

_MARKER_TEXT = (
    "Deze map is gemaakt door Gebiedsplanner. Een volgende run met dezelfde --out vervangt "
    "haar, maar alleen zolang ze niets anders bevat dan de bestanden hieronder: zet hier geen "
    "eigen bestanden."
)


def _shown(paths: list[str], limit: int = 3) -> str:
    more = f" en {len(paths) - limit} meer" if len(paths) > limit else ""
    return ", ".join(paths[:limit]) + more


def _manifest(folder: Path) -> set[str] | None:
    """The files a Gebiedsplanner run wrote into ``folder``, or None when it is not marked."""
    marker = folder / MARKER
    try:
        listed = json.loads(marker.read_text(encoding="utf-8")).get("bestanden")
    except (OSError, ValueError, AttributeError):
        listed = None
    if not isinstance(listed, list):
        # Outputs of earlier versions have no marker; their run.json lists the files made.
        try:
            report = json.loads((folder / "run.json").read_text(encoding="utf-8"))
            listed = report["uitvoer"] if "gebiedsplanner" in report["versies"] else None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(listed, list):
            return None
    return {str(p) for p in listed} | {MARKER, "run.json"}


def _foreign(folder: Path, made: set[str]) -> list[str]:
    """What lies in ``folder`` that is not in ``made`` (files, and folders holding none of it)."""
    holders = {str(Path(p).parent) for p in made} | {
        str(parent) for p in made for parent in Path(p).parents
    }
    foreign = []
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_dir() and not path.is_symlink():
            if rel not in holders:
                foreign.append(rel + "/")
        elif rel not in made:
            foreign.append(rel)
    # a foreign folder is named once, not with everything inside it
    return [p for p in foreign if not any(p.startswith(f) and p != f for f in foreign)]


def _check_replaceable(out: Path) -> str:
    """How ``out`` can be replaced: ``"nieuw"``, ``"leeg"`` or ``"uitvoer"``; else InputError."""
    if not out.exists() and not out.is_symlink():
        return "nieuw"
    if out.is_symlink() or not out.is_dir():
        raise InputError(
            f"De uitvoer {out} bestaat al en is geen map: kies met --out een nieuwe of lege map; "
            "er is niets gelezen of geschreven."
        )
    try:
        entries = [p.name for p in out.iterdir()]
    except OSError as exc:
        raise InputError(f"De uitvoermap {out} is niet te lezen: {exc.strerror}.") from exc
    if not entries:
        return "leeg"
    made = _manifest(out)
    if made is None:
        raise InputError(
            f"De uitvoermap {out} bestaat al en is geen uitvoer van Gebiedsplanner (ze bevat "
            f"{_shown(sorted(entries))}): kies met --out een nieuwe of lege map; er is niets "
            "gelezen of geschreven."
        )
    foreign = _foreign(out, made)
    if foreign:
        raise InputError(
            f"De uitvoermap {out} bevat bestanden die Gebiedsplanner niet heeft gemaakt "
            f"({_shown(foreign)}): die zouden verloren gaan. Verplaats ze of kies met --out een "
            "andere map; er is niets gelezen of geschreven."
        )
    return "uitvoer"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_inputs(out: Path, inputs: Iterable[str | Path]) -> None:
    for given in inputs:
        path = Path(given).resolve()
        if _inside(path, out):
            raise InputError(
                f"De invoer {given} staat in de uitvoermap {out}, die bij de run vervangen wordt: "
                "kies met --out een map buiten de invoer; er is niets gelezen of geschreven."
            )


class _Lock:
    """An exclusive lock on a file beside the output folder, released by :meth:`release`."""

    def __init__(self, path: Path) -> None:
        import fcntl

        self.path = path
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise InputError(
                    f"Naast de uitvoermap kan niet worden geschreven ({path.parent}): "
                    f"{exc.strerror}."
                ) from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise InputError(
                    f"Er schrijft al een andere run naar {path.parent / path.name[1:-5]}: wacht "
                    "tot die klaar is of kies met --out een andere map."
                ) from None
            # The file may have been removed by the run that held it just before: then this
            # lock is on a file nobody else sees, and we take the lock again.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                self.fd: int | None = fd
                return
            os.close(fd)

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self.fd)
        self.fd = None


class Claim:
    """A run's hold on its output folder, from before reading to the end of writing.

    Made by :func:`claim_output_folder`; released by :meth:`replace` or :meth:`release`.

    Parameters
    ----------
    out : pathlib.Path
        The output folder (resolved).
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self._lock: _Lock | None = None

    def new_folder(self) -> Path:
        """A new temporary folder beside the output folder, marked as Gebiedsplanner's.

        Returns
        -------
        pathlib.Path
            The folder to write the new output into.
        """
        _remove_abandoned(self.out)
        try:
            tmp = Path(
                tempfile.mkdtemp(
                    prefix=f".{self.out.name}.{os.getpid()}.", suffix=".tmp", dir=self.out.parent
                )
            )
        except OSError as exc:
            raise InputError(
                f"De uitvoermap {self.out} kan niet worden gemaakt: {exc.strerror}."
            ) from exc
        _write_marker(tmp, [])
        return tmp

    def replace(self, tmp: Path, files: list[str]) -> None:
        """Put the finished folder ``tmp`` in place of the output folder and release the claim.

        Parameters
        ----------
        tmp : pathlib.Path
            A folder made by :meth:`new_folder`, complete.
        files : list of str
            The files in it, relative to it: they go into the marker, so that a later run
            knows what it may replace.
        """
        try:
            # The folder may have changed while the run went on (a file put in by hand).
            how = _check_replaceable(self.out)
            _write_marker(tmp, files)
            mode = (self.out.stat().st_mode if how != "nieuw" else 0o777 & ~_umask()) & 0o7777
            os.chmod(tmp, mode)
            keep_folder = how == "leeg" or (how == "uitvoer" and _must_stay(self.out))
            if keep_folder:
                _move_into(tmp, self.out)
            else:
                _swap(tmp, self.out)
        finally:
            self.release()

    def release(self) -> None:
        """Give up the claim (the lock); the output folder is left as it is."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def claim_output_folder(out: str | Path, inputs: Iterable[str | Path] = ()) -> Claim:
    """Check that a run may write ``out`` and hold it against other runs until it is done.

    Call this before anything is read: a folder that is not replaceable stops the run with one
    sentence, and nothing is read or written.

    Parameters
    ----------
    out : path-like
        The output folder.
    inputs : iterable of path-like
        The input files of the run (measures, areas, rules, indicators, mapping): none may lie
        inside the output folder.

    Returns
    -------
    Claim
        The claim; :meth:`Claim.replace` puts the new output in place.

    Raises
    ------
    InputError
        The folder exists and holds anything a Gebiedsplanner run did not make, it is not a
        folder, an input lies inside it, or another run is writing it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "mijn.txt").write_text("eigen werk")
    >>> claim_output_folder(work)
    Traceback (most recent call last):
    ...
    planner.errors.InputError: De uitvoermap ... is geen uitvoer van Gebiedsplanner (ze bevat \
mijn.txt): kies met --out een nieuwe of lege map; er is niets gelezen of geschreven.
    """
    target = Path(out).expanduser().resolve()
    if target.parent == target:
        raise InputError(f"De uitvoermap kan niet {target} zijn: kies met --out een eigen map.")
    _check_inputs(target, inputs)
    _check_replaceable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"De uitvoermap {target} kan niet worden gemaakt: {exc.strerror}."
        ) from exc
    claim = Claim(target)
    claim._lock = _Lock(target.parent / f".{target.name}.lock")
    try:
        # checked again under the lock: another run may have just finished writing it
        _check_replaceable(target)
    except BaseException:
        claim.release()
        raise
    return claim


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_marker(folder: Path, files: list[str]) -> None:
    text = json.dumps({"uitleg": _MARKER_TEXT, "bestanden": sorted(files)}, ensure_ascii=False)
    (folder / MARKER).write_text(text + "\n", encoding="utf-8")


def _must_stay(folder: Path) -> bool:
    """Whether the folder itself must stay: the current directory or a mount point."""
    try:
        here = os.path.samefile(folder, os.getcwd())
    except OSError:
        here = False
    return here or os.path.ismount(folder)


def _move_into(tmp: Path, out: Path) -> None:
    """Move the finished output into the existing folder ``out``, the marker last.

    ``out`` is empty or holds only an earlier output: that goes aside first, and comes back when
    a move fails.
    """
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}.", dir=out.parent))
    _write_marker(aside, [])
    old = [p for p in out.iterdir() if p.name != MARKER]
    new = sorted((p for p in tmp.iterdir() if p.name != MARKER), key=lambda p: p.name)
    moved_old: list[Path] = []
    moved_new: list[Path] = []
    try:
        if (out / MARKER).exists():
            os.replace(out / MARKER, aside / ("_" + MARKER))
            moved_old.append(out / MARKER)
        for path in old:
            os.rename(path, aside / path.name)
            moved_old.append(path)
        for path in new:
            os.rename(path, out / path.name)
            moved_new.append(out / path.name)
        os.rename(tmp / MARKER, out / MARKER)
    except BaseException:
        for path in moved_new:
            with contextlib.suppress(OSError):
                os.rename(path, tmp / path.name)
        for path in moved_old:
            name = "_" + MARKER if path.name == MARKER else path.name
            with contextlib.suppress(OSError):
                os.rename(aside / name, path)
        raise
    shutil.rmtree(aside, ignore_errors=True)
    shutil.rmtree(tmp, ignore_errors=True)


def _swap(tmp: Path, out: Path) -> None:
    """Put the finished folder in place of the old one with renames only."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}.tmp")
        os.rename(out, old)
    try:
        os.rename(tmp, out)
    except BaseException:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _remove_abandoned(out: Path) -> None:
    """Remove the temporary folders of earlier runs on ``out`` whose process is gone.

    Only folders named as a run names them and holding the marker are removed.
    """
    for leftover in out.parent.glob(f".{out.name}.*"):
        parts = leftover.name[len(out.name) + 2 :].split(".")
        pid = parts[0].replace("old-", "")
        marked = (leftover / MARKER).is_file() or (leftover / ("_" + MARKER)).is_file()
        if not pid.isdigit() or not leftover.is_dir() or leftover.is_symlink() or not marked:
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(leftover, ignore_errors=True)
        except PermissionError:
            continue
