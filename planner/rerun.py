"""How to run a finished run again: its inputs and options, kept in ``run.json``.

``gebiedsplanner wat-als BASIS --scenario FILE`` runs the programme of the run in ``BASIS``
once more, with the scenario applied, and compares the result with ``BASIS`` itself. For that
``run.json`` keeps the call (``herhaling``): the inputs as absolute paths or database
addresses, the options that change the analysis, and of every input file its size and time
of change. A file that changed since then is said, not silently re-read: the comparison
would mix the scenario with the new version of the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from planner.errors import InputError
from planner.layer_ref import LayerRef
from planner.mapping import FieldMapping
from planner.options import RunOptions
from planner.postgis import is_postgis, parse_uri
from planner.rules import RuleSet

__all__ = ["rerun_record", "rerun_inputs"]

#: The options that change what a run finds, as ``run.json`` names them.
_OPTIONS = {
    "layers": "lagen",
    "area_layers": "gebiedslagen",
    "crs": "crs",
    "input_crs": "invoer_crs",
    "need": "behoefte",
    "period": "periode",
    "area_pairs": "samenhang_paren",
}


class _NotRepeatable(Exception):
    """An input that a later run cannot read again (features in memory, a password)."""


def _source(item: object) -> dict:
    if isinstance(item, LayerRef):
        if item.frame is not None:
            raise _NotRepeatable(f"{item.where} is alleen in het geheugen gelezen (QGIS)")
        return {"pad": str(Path(item.path).resolve()), "laag": item.layer}
    text = str(item)
    if is_postgis(text):
        if "***" in parse_uri(text).shown:
            raise _NotRepeatable(
                f"{parse_uri(text).shown} heeft een wachtwoord in het adres (zet het in ~/.pgpass)"
            )
        return {"adres": text}
    return {"pad": str(Path(text).resolve())}


def _sources(given: object) -> list[dict]:
    items = [given] if isinstance(given, str | Path | LayerRef) else list(given)  # type: ignore[call-overload]
    return [_source(one) for one in items]


def _file(path: str | Path | None) -> str | None:
    if path is None:
        return None
    source = _source(path)  # a password in an address is never kept
    return source.get("adres") or source["pad"]


def _stamp(path: Path) -> dict:
    info = path.stat()
    changed = dt.datetime.fromtimestamp(info.st_mtime, dt.UTC)
    return {
        "pad": str(path),
        "bytes": info.st_size,
        "gewijzigd": changed.isoformat(timespec="seconds"),
        "gewijzigd_ns": info.st_mtime_ns,
    }


def rerun_record(
    measures: str | Path | Iterable[str | Path | LayerRef],
    areas: str | Path | Iterable[str | Path | LayerRef],
    options: RunOptions,
) -> dict:
    """The call of a run, for ``run.json``: enough to run its programme again.

    Parameters
    ----------
    measures, areas
        The inputs as :func:`planner.run` had them.
    options : RunOptions
        The run's options.

    Returns
    -------
    dict
        ``maatregelen``, ``gebieden``, ``regels``, ``veldkoppeling``, ``indicatoren``,
        ``besluiten``, the options that change the analysis and ``bestanden`` (each input file
        with its size and time of change); or ``{"niet_te_herhalen": reason}``.
    """
    rules = options.rules
    if isinstance(rules, RuleSet):
        if not rules.source or not Path(rules.source).is_file():
            return {"niet_te_herhalen": "de regels zijn alleen in het geheugen gemaakt"}
        rules = rules.source
    try:
        record: dict = {
            "maatregelen": _sources(measures),
            "gebieden": _sources(areas),
            "regels": _file(rules),
            "indicatoren": _file(options.indicators),
            "besluiten": _file(options.decisions),
        }
    except _NotRepeatable as exc:
        return {"niet_te_herhalen": str(exc)}
    mapping = options.mapping
    record["veldkoppeling"] = (
        {"velden": mapping.fields, "standaard": mapping.defaults, "waarden": mapping.values}
        if mapping is not None
        else None
    )
    for name, key in _OPTIONS.items():
        record[key] = getattr(options, name)
    files = [s["pad"] for s in record["maatregelen"] + record["gebieden"] if "pad" in s]
    files += [f for f in (record["regels"], record["indicatoren"], record["besluiten"]) if f]
    record["bestanden"] = [
        _stamp(Path(f)) for f in dict.fromkeys(files) if not is_postgis(f) and Path(f).is_file()
    ]
    return record


def _back(sources: list[dict]) -> list[str | LayerRef]:
    return [
        s["adres"]
        if "adres" in s
        else LayerRef(Path(s["pad"]), s["laag"])
        if s.get("laag")
        else s["pad"]
        for s in sources
    ]


def _data_date(record: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str((record.get("opties") or {}).get("gegevensdatum")))
    except ValueError:
        return None


def rerun_inputs(folder: str | Path) -> tuple[list, list, RunOptions]:
    """The inputs and options of the run in ``folder``, checked to be as they were then.

    Parameters
    ----------
    folder : path-like
        An output folder of ``gebiedsplanner run``.

    Returns
    -------
    measures, areas : list
        For :func:`planner.run`.
    options : RunOptions
        The options that change the analysis (no ``out``, no reports).

    Raises
    ------
    InputError
        The folder is no run, its run cannot be repeated (features from memory, a run of an
        older version, a scenario run), or an input file is gone or changed since.
    """
    from planner.run_folder import read_record

    folder = Path(folder)
    record = read_record(folder)
    call = record.get("herhaling")
    if call is None:
        raise InputError(
            f"{folder / 'run.json'} zegt niet met welke invoer de run is gemaakt (een run van "
            "een eerdere versie): reken de basis opnieuw met gebiedsplanner run, of geef de "
            "invoer met --measures en --areas."
        )
    if "niet_te_herhalen" in call:
        raise InputError(
            f"De run in {folder} is niet opnieuw te rekenen: {call['niet_te_herhalen']}. Geef "
            "de invoer met --measures en --areas."
        )
    if record.get("scenario"):
        raise InputError(
            f"De run in {folder} is zelf een scenario ({record['scenario'].get('bestand')}): "
            "kies als basis een run zonder scenario."
        )
    for stamp in call.get("bestanden", []):
        path = Path(stamp["pad"])
        if not path.is_file():
            raise InputError(
                f"De invoer {path} van de basisrun in {folder} bestaat niet meer: de basis is "
                "niet opnieuw te rekenen."
            )
        now = path.stat()
        if now.st_size != stamp["bytes"] or now.st_mtime_ns != stamp["gewijzigd_ns"]:
            raise InputError(
                f"De invoer {path} is veranderd sinds de basisrun in {folder} (toen "
                f"{stamp['gewijzigd']}, {stamp['bytes']} bytes): de vergelijking zou het scenario "
                "mengen met de nieuwe gegevens. Reken eerst de basis opnieuw met gebiedsplanner "
                "run, of geef de invoer met --measures en --areas (dan worden beide gerekend)."
            )
    mapping = call.get("veldkoppeling")
    options = RunOptions(
        rules=call.get("regels"),
        indicators=call.get("indicatoren"),
        decisions=call.get("besluiten"),
        mapping=(
            FieldMapping(mapping["velden"], mapping["standaard"], mapping["waarden"])
            if mapping
            else None
        ),
        reports=False,
        report_options={"data_date": _data_date(record)},
        **{name: call[key] for name, key in _OPTIONS.items() if key in call},
    )
    return _back(call["maatregelen"]), _back(call["gebieden"]), options
