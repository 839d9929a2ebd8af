"""The command line: ``gebiedsplanner run``, ``check``, ``overlaps`` and ``vergelijk``.

Exit codes: 0 done; 1 data problems: features rejected (``check``, or ``run --strict``); 2
unusable input or options (one Dutch sentence on stderr); 3 an internal error of Gebiedsplanner
(a bug: please report it); 130 stopped (Ctrl-C or SIGTERM), previous output left as it was.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from planner import cli_options
from planner._version import __version__
from planner.errors import PlannerError, environment_error
from planner.texts import number_nl

EXIT_OK, EXIT_DATA, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _mapping(args: argparse.Namespace):
    from planner.mapping import FieldMapping, parse_mapping_options, read_mapping_file

    mapping = read_mapping_file(args.mapping) if args.mapping else FieldMapping()
    return mapping.merged(parse_mapping_options(args.fields, args.defaults, args.values))


def _stop_if_asked(step: str = "", done: int = 0, total: int = 0) -> None:
    """Stop at the next step when a stop was asked for and a library swallowed it.

    A bare ``except`` in a library (reportlab has some) can catch the KeyboardInterrupt that a
    stop raises and carry on; the run would then put its output in place and exit 0. The run
    reports progress before each step, the last one just before the folder is put in place, so
    this check there keeps the previous output whenever a stop was asked for.
    """
    if _stops:
        raise KeyboardInterrupt


def _progress(enabled: bool):
    if not enabled:
        return _stop_if_asked, lambda: None
    try:
        from tqdm import tqdm
    except ImportError:  # the extra "cli" brings the bar; the run is the same without it
        return _stop_if_asked, lambda: None

    bar = tqdm(total=1, file=sys.stderr, leave=False, bar_format="{l_bar}{bar}| {n}/{total}")

    def update(step: str, done: int, total: int) -> None:
        _stop_if_asked()
        bar.total = total
        bar.n = done
        bar.set_description_str(step)
        bar.refresh()

    return update, bar.close


def _input_options(args: argparse.Namespace) -> dict:
    """The options of ``run`` and ``wat-als`` that say what is read and how."""
    return {
        "rules": args.rules,
        "layers": args.layers,
        "area_layers": args.area_layers,
        "mapping": _mapping(args),
        "crs": args.crs,
        "input_crs": args.input_crs,
        "indicators": args.indicators,
        "need": args.need,
    }


def _cmd_run(args: argparse.Namespace) -> int:
    from planner.run import run

    show = not args.quiet and sys.stderr.isatty()
    progress, close = _progress(show)
    try:
        result = run(
            args.measures,
            args.areas,
            out=args.out,
            **_input_options(args),
            period=args.period,
            progress=progress,
            strict=args.strict,
            engine=args.engine,
            scheduler=args.scheduler,
            reports=not args.tables_only,
            write_behind=True,
            decisions=args.besluiten,
            scenario=args.scenario,
            area_pairs=args.samenhang_paren,
            report_options={
                "per": args.per,
                "publiek": args.publiek,
                "contact": args.contact,
                "title": args.title,
                "data_date": args.data_date,
                "achtergrond": args.achtergrond,
                "achtergrond_bron": args.achtergrond_bron,
                "jaar": args.jaar,
            },
        )
    finally:
        close()
    if not args.quiet:
        from planner.summary import summary

        print(summary(result, args.out))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from planner.run import check

    mset, areas, rules = check(
        args.measures,
        args.areas,
        rules=args.rules,
        layers=args.layers,
        area_layers=args.area_layers,
        mapping=_mapping(args),
        crs=args.crs,
        input_crs=args.input_crs,
    )
    print(f"Gebiedsplanner {__version__}: controle van de invoer")
    for source in mset.sources:
        where = source["bron"] + (f" (laag {source['laag']})" if source["laag"] else "")
        print(
            f"  {where}: {number_nl(source['gelezen'])} gelezen, "
            f"{number_nl(source['gebruikt'])} bruikbaar, {number_nl(source['afgewezen'])} afgewezen"
        )
        for warning in source.get("waarschuwingen", []):
            print(f"    Let op: {warning}.")
    print("Gebieden: " + ", ".join(f"{p.level} ({len(p.areas)})" for p in areas.partitions))
    for warning in areas.warnings:
        print(f"  Let op: {warning}.")
    print(f"Regels: {len(rules.rules)} uit {rules.source}")
    notes = int(mset.measures["opmerkingen"].notna().sum())
    print(
        f"Totaal: {number_nl(mset.n_read)} gelezen, {number_nl(len(mset.measures))} bruikbaar "
        f"({number_nl(notes)} met een opmerking), {number_nl(len(mset.rejected))} afgewezen."
    )
    shown = mset.rejected if args.all else mset.rejected.head(50)
    for row in shown.itertuples():
        layer = f" laag {row.laag}" if row.laag else ""
        print(f"  afgewezen: {row.bron}{layer} fid {row.fid} id {row.id} ({row.veld}): {row.reden}")
    if len(shown) < len(mset.rejected):
        print(f"  ... en {len(mset.rejected) - len(shown)} meer (--all toont alles).")
    return EXIT_DATA if len(mset.rejected) else EXIT_OK


def _cmd_overlaps(args: argparse.Namespace) -> int:
    from planner.pair_list import write_pair_list
    from planner.read import read_measures
    from planner.rules import single_rule

    out = Path(args.out)
    _check_pairs_file(out, args.measures)
    rules = single_rule(args.distance, args.time_gap)
    # The single rule needs only where and when: name and domain are optional here, and only
    # the columns it uses are read (a measure's other attributes are one join away).
    mset = read_measures(
        args.measures,
        layers=args.layers,
        mapping=_mapping(args),
        crs=args.crs,
        input_crs=args.input_crs,
        required=["start"],
        fields=["id", "start", "eind", "gebiedscode"],
    )
    found = write_pair_list(mset, rules.rules[0], out)
    print(
        f"{number_nl(found)} paren binnen {number_nl(args.distance, 0)} m en "
        f"{args.time_gap:g} jaar uit {number_nl(mset.n_read)} maatregelen "
        f"({number_nl(len(mset.rejected))} afgewezen) -> {out}"
    )
    for source in mset.sources:
        for warning in source.get("waarschuwingen", []):
            print(f"  Let op: {warning}.", file=sys.stderr)
    for row in mset.rejected.head(20).itertuples():
        print(
            f"  afgewezen: {row.bron} {row.laag} fid {row.fid} ({row.veld}): {row.reden}",
            file=sys.stderr,
        )
    return EXIT_OK


def _check_pairs_file(out: Path, inputs: list[str]) -> None:
    """The pairs file may replace a file, but never an input or a folder."""
    from planner.errors import InputError

    if out.is_dir():
        raise InputError(f"--out {out} is een map: geef een bestandsnaam, bv. paren.csv.")
    for given in inputs:
        if Path(given).exists() and out.exists() and Path(given).samefile(out):
            raise InputError(
                f"--out {out} is ook invoer: kies een andere bestandsnaam; er is niets geschreven."
            )


def _cmd_vergelijk(args: argparse.Namespace) -> int:
    from planner.comparison_output import write_comparison

    comparison = write_comparison(
        args.oud,
        args.nieuw,
        args.out,
        tolerance=args.tolerantie,
        reports=not args.tables_only,
        title=args.title,
    )
    if not args.quiet:
        counts = comparison.counts()
        m, o, f = counts["maatregelen"], counts["overlappingen"], counts["vlaggen"]
        print(
            f"Vergelijking {args.oud} -> {args.nieuw}: maatregelen {number_nl(m['nieuw'])} "
            f"nieuw, {number_nl(m['vervallen'])} vervallen, {number_nl(m['gewijzigd'])} "
            f"gewijzigd; overlappingen {number_nl(o['nieuw'])} nieuw, "
            f"{number_nl(o['vervallen'])} vervallen, {number_nl(o['gewijzigd'])} gewijzigd; "
            f"vlaggen {number_nl(f['verschenen'])} verschenen, {number_nl(f['verdwenen'])} "
            f"verdwenen -> {args.out}"
        )
        for warning in comparison.warnings:
            print(f"  Let op: {warning}.")
    return EXIT_OK


#: The options of ``wat-als`` that a base run (``BASIS``) already fixes.
_INPUT_FLAGS = {
    "measures": "--measures",
    "areas": "--areas",
    "area_layers": "--area-layer",
    "rules": "--rules",
    "layers": "--layer",
    "fields": "--field",
    "defaults": "--default",
    "values": "--value",
    "mapping": "--mapping",
    "input_crs": "--input-crs",
    "indicators": "--indicators",
    "need": "--need",
    "period": "--period",
}


def _cmd_what_if(args: argparse.Namespace) -> int:
    from planner.errors import OptionError
    from planner.options import RunOptions
    from planner.schema import DEFAULT_CRS
    from planner.what_if import what_if

    options = None
    if args.basis is None:
        options = RunOptions(**_input_options(args), period=args.period or "year")
    else:
        given = [flag for dest, flag in _INPUT_FLAGS.items() if getattr(args, dest, None)]
        if args.crs != DEFAULT_CRS:
            given.append("--crs")
        if given:
            raise OptionError(
                f"wat-als {args.basis} neemt de invoer en opties van die run: laat "
                f"{', '.join(given)} weg (of laat BASIS weg om beide te rekenen)."
            )
    comparison = what_if(
        args.measures,
        args.areas,
        args.scenario,
        args.out,
        options,
        base=args.basis,
        reports=not args.tables_only,
        title=args.title,
    )
    if not args.quiet:
        o = comparison.counts()["overlappingen"]
        f = comparison.counts()["vlaggen"]
        print(
            f"Wat als {args.scenario}: overlappingen {number_nl(o['nieuw'])} nieuw, "
            f"{number_nl(o['vervallen'])} vervallen; vlaggen {number_nl(f['verschenen'])} "
            f"verschenen, {number_nl(f['verdwenen'])} verdwenen -> {args.out}/vergelijking"
        )
    return EXIT_OK


#: The stop signals received during this run.
_stops: list[int] = []


def _stop(signum, frame):
    _stops.append(signum)
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = cli_options.parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    # The command line says what matters in its own Dutch lines; library warnings and Python
    # warnings from GDAL and friends go to the log (shown with --debug).
    logging.captureWarnings(True)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.ERROR, format="%(levelname)s: %(message)s"
    )
    # A stop request (SIGTERM, as from a scheduler) ends the run like Ctrl-C: whatever was
    # half written is removed and the previous output stays as it was.
    # Ctrl-C goes through the same handler, unless the run was started with it ignored. A
    # library with a bare except (reportlab's paragraph parser is one) can turn the stop into
    # its own error; the handler's record of the stop decides what the run says.
    _stops.clear()
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    signal.signal(signal.SIGTERM, _stop)
    if before[signal.SIGINT] is signal.default_int_handler:
        signal.signal(signal.SIGINT, _stop)
    try:
        return _dispatch(args)
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _dispatch(args: argparse.Namespace) -> int:
    """Run the chosen command; every outcome becomes a Dutch line and an exit code."""
    try:
        commands = {
            "run": _cmd_run,
            "check": _cmd_check,
            "overlaps": _cmd_overlaps,
            "vergelijk": _cmd_vergelijk,
            "wat-als": _cmd_what_if,
        }
        return commands[args.command](args)
    except KeyboardInterrupt:
        print("gebiedsplanner: gestopt.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if _stops:
            print("gebiedsplanner: gestopt.", file=sys.stderr)
            return EXIT_INTERRUPTED
        # a full disk or a folder the user may not enter: the machine's, not a bug
        out = getattr(args, "out", None)
        out = None if out is None or str(out).startswith(("postgresql:", "postgres:")) else out
        exc = (
            None if isinstance(exc, PlannerError) else environment_error(exc, written=out)
        ) or exc
        if isinstance(exc, PlannerError):
            print(f"gebiedsplanner: {exc}", file=sys.stderr)
            return exc.exit_code
        # a bug in Gebiedsplanner, not in the user's data
        if args.debug:
            raise
        print(
            f"gebiedsplanner: interne fout ({type(exc).__name__}: {exc}). Dit is een fout in "
            "Gebiedsplanner; meld het met de uitvoer van --debug.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def console() -> None:
    """The ``gebiedsplanner`` command: :func:`main`, its exit code the process's.

    After a stop the process leaves without Python's own clean-up. pyarrow lets Ctrl-C and
    SIGTERM interrupt its long operations (writing a CSV is one) while its worker threads are
    still at work on buffers that belong to numpy arrays; freeing those needs the interpreter,
    and when that is already shutting down the process aborts (``Fatal Python error:
    PyThreadState_Get``, SIGABRT instead of exit code 130; seen once in CI, apache/arrow#36389
    is the same crash). By the time :func:`main` returns, the run has removed what it had half
    written and left the previous output in place, so nothing is lost by skipping the rest.
    """
    code = main()
    if code == EXIT_INTERRUPTED:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    console()
