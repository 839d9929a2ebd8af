"""The command line: ``gebiedsplanner run`` and ``gebiedsplanner overlaps``.

Exit codes: 0 done; 1 data problems: features rejected (``check``, or ``run --strict``); 2
unusable input or options (one Dutch sentence on stderr); 3 an internal error of Gebiedsplanner
(a bug: please report it); 130 stopped (Ctrl-C or SIGTERM), previous output left as it was.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from planner._version import __version__
from planner.errors import PlannerError

EXIT_OK, EXIT_DATA, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _number(n: float, decimals: int = 0) -> str:
    from planner.texts import number_nl

    return number_nl(n, decimals)


def _add_programme_options(p: argparse.ArgumentParser) -> None:
    """The measures, areas and rules of a run (shared by ``run`` and ``check``)."""
    p.add_argument(
        "--measures",
        action="append",
        metavar="BESTAND",
        help="maatregelen: bestand of postgresql://...?table=schema.tabel (herhaalbaar); "
        "standaard het voorbeeldprogramma",
    )
    p.add_argument(
        "--areas",
        action="append",
        metavar="BESTAND",
        help="gebiedsindeling(en): bestand of postgresql://...?table=schema.tabel (herhaalbaar)",
    )
    p.add_argument(
        "--area-layer",
        action="append",
        dest="area_layers",
        metavar="NAAM",
        help="alleen deze laag uit de gebiedsbestanden (herhaalbaar)",
    )
    p.add_argument(
        "--rules", metavar="BESTAND", help="regelbestand (TOML); standaard de meegeleverde regels"
    )


def _add_input_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("invoer")
    g.add_argument(
        "--layer",
        action="append",
        dest="layers",
        metavar="NAAM",
        help="alleen deze laag van een bestand met meer lagen (herhaalbaar)",
    )
    g.add_argument(
        "--field",
        action="append",
        dest="fields",
        metavar="VELD=KOLOM",
        help="schemaveld uit een eigen kolom, bv. start=first_budget_fy (herhaalbaar)",
    )
    g.add_argument(
        "--default",
        action="append",
        dest="defaults",
        metavar="VELD=WAARDE",
        help="waarde voor een veld dat de data mist, bv. domein=onderhoud",
    )
    g.add_argument(
        "--value",
        action="append",
        dest="values",
        metavar="VELD:WAARDE=CODE",
        help="waarde in de data naar schemacode, bv. thema:Riool=riolering",
    )
    g.add_argument("--mapping", metavar="BESTAND", help="mappingbestand (TOML)")
    g.add_argument(
        "--crs",
        default="EPSG:28992",
        help="werk-CRS waarin afstanden in meters gelden (standaard EPSG:28992)",
    )
    g.add_argument(
        "--input-crs", metavar="CRS", help="CRS van invoer zonder CRS (CSV, Shapefile zonder .prj)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gebiedsplanner",
        description="Alles wat in een gebied gepland is op één kaart: stapeling en samenhang.",
    )
    parser.add_argument("--version", action="version", version=f"gebiedsplanner {__version__}")
    parser.add_argument("--debug", action="store_true", help="toon details bij interne fouten")
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")

    r = sub.add_parser(
        "run",
        help="de hele analyse; zonder invoer op het voorbeeldprogramma",
        description="Leest maatregelen en gebieden, past de regels toe en schrijft "
        "de tabellen naar de uitvoermap.",
    )
    _add_programme_options(r)
    r.add_argument("--indicators", metavar="CSV", help="cijfers per gebied, gekoppeld op code")
    r.add_argument(
        "--need",
        metavar="KOLOM",
        help="kolom voor de opgave (hoger = meer); -KOLOM als lager meer opgave betekent",
    )
    r.add_argument(
        "--period",
        default="year",
        choices=["year", "quarter", "month"],
        help="periode van de stapeling (standaard year)",
    )
    r.add_argument(
        "--out",
        default="gebiedsplanner-uitvoer",
        metavar="MAP",
        help="uitvoermap (standaard ./gebiedsplanner-uitvoer), of een PostGIS-schema: "
        "postgresql://...?schema=naam (met --tables-only)",
    )
    r.add_argument(
        "--engine",
        default="single",
        choices=["single", "dask"],
        help="single: op deze machine (standaard); dask: ruimtelijke delen op een dask-cluster",
    )
    r.add_argument(
        "--scheduler",
        metavar="ADRES",
        help="met --engine dask: een dask-scheduler (tcp://host:8786); anders een lokaal cluster",
    )
    r.add_argument("--quiet", action="store_true", help="geen voortgang en samenvatting")
    r.add_argument(
        "--strict",
        action="store_true",
        help="stop met exitcode 1, zonder uitvoer, als er maatregelen worden afgewezen",
    )
    g = r.add_argument_group("rapporten")
    g.add_argument(
        "--tables-only",
        action="store_true",
        help="alleen de tabellen, geen rapport, kaarten, boekjes of webkaart",
    )
    g.add_argument(
        "--per",
        metavar="NIVEAU",
        help="gebiedsniveau voor kaarten en gebiedsdagboekjes (standaard het fijnste)",
    )
    g.add_argument(
        "--publiek",
        action="store_true",
        help="gebiedsdagboekjes zonder interne velden (budget, zekerheid, ...)",
    )
    g.add_argument(
        "--contact", metavar="TEKST", help="algemene contactregel voor bewoners op de webkaart"
    )
    g.add_argument(
        "--title", metavar="TEKST", help="naam van het programma (standaard de gemeente)"
    )
    g.add_argument(
        "--data-date",
        metavar="JJJJ-MM-DD",
        type=_iso_date,
        help="datum van de gegevens op elke pagina (standaard vandaag)",
    )
    _add_input_options(r)

    c = sub.add_parser(
        "check",
        help="controleer de invoer zonder te analyseren of te schrijven",
        description="Leest maatregelen, gebieden en regels en meldt wat gebruikt "
        "en wat afgewezen zou worden. Exitcode 0: alles bruikbaar; 1: "
        "maatregelen afgewezen; 2: invoer onbruikbaar.",
    )
    _add_programme_options(c)
    c.add_argument("--all", action="store_true", help="toon alle afwijzingen, niet de eerste 50")
    _add_input_options(c)

    o = sub.add_parser(
        "overlaps",
        help="snel: alle paren binnen M meter en Y jaar",
        description="Vindt elk paar maatregelen binnen --distance meter waarvan de "
        "perioden hooguit --time-gap jaar uit elkaar liggen (0: ze delen minstens "
        "één dag).",
    )
    o.add_argument("measures", nargs="+", metavar="MAATREGELEN")
    o.add_argument("--distance", type=float, required=True, metavar="M")
    o.add_argument("--time-gap", type=float, default=0.0, metavar="Y")
    o.add_argument("--out", required=True, metavar="PAREN.csv")
    _add_input_options(o)
    return parser


def _iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is geen datum als 2026-11-22") from None


def _mapping(args: argparse.Namespace):
    from planner.mapping import FieldMapping, parse_mapping_options, read_mapping_file

    mapping = read_mapping_file(args.mapping) if args.mapping else FieldMapping()
    return mapping.merged(parse_mapping_options(args.fields, args.defaults, args.values))


def _progress(enabled: bool):
    if not enabled:
        return None, lambda: None
    try:
        from tqdm import tqdm
    except ImportError:  # the extra "cli" brings the bar; the run is the same without it
        return None, lambda: None

    bar = tqdm(total=1, file=sys.stderr, leave=False, bar_format="{l_bar}{bar}| {n}/{total}")

    def update(step: str, done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.set_description_str(step)
        bar.refresh()

    return update, bar.close


def _cmd_run(args: argparse.Namespace) -> int:
    from planner.run import run

    show = not args.quiet and sys.stderr.isatty()
    progress, close = _progress(show)
    try:
        result = run(
            args.measures,
            args.areas,
            rules=args.rules,
            out=args.out,
            layers=args.layers,
            area_layers=args.area_layers,
            mapping=_mapping(args),
            crs=args.crs,
            input_crs=args.input_crs,
            indicators=args.indicators,
            need=args.need,
            period=args.period,
            progress=progress,
            strict=args.strict,
            engine=args.engine,
            scheduler=args.scheduler,
            reports=not args.tables_only,
            write_behind=True,
            report_options={
                "per": args.per,
                "publiek": args.publiek,
                "contact": args.contact,
                "title": args.title,
                "data_date": args.data_date,
            },
        )
    finally:
        close()
    if not args.quiet:
        print(summary(result, args.out))
    return EXIT_OK


def summary(result, out: str | Path) -> str:
    """The short Dutch summary printed after a run."""
    from planner.postgis import is_postgis, parse_uri
    from planner.stacking import most_stacked
    from planner.texts import VERDICT_LABEL

    counts = result.report["aantallen"]
    layers = len(result.measures.sources)
    where = (
        f"schema {parse_uri(str(out)).schema or 'gebiedsplanner'} van {parse_uri(str(out)).shown}"
        if is_postgis(out)
        else f"{out}/"
    )
    lines = [
        f"Gebiedsplanner {__version__}: uitvoer in {where}",
        f"Maatregelen: {_number(counts['gelezen'])} gelezen uit {layers} "
        f"{'laag' if layers == 1 else 'lagen'}, {_number(counts['gebruikt'])} gebruikt, "
        f"{_number(counts['afgewezen'])} afgewezen"
        + (" (redenen in run.json en afgewezen.csv)" if counts["afgewezen"] else "")
        + ".",
    ]
    files = result.report.get("uitvoer", [])
    if "rapport.pdf" in files:
        booklets = sum(1 for f in files if f.startswith("gebiedsdag/") and "atlas" not in f)
        lines.append(
            f"Rapporten: rapport.html en rapport.pdf, {booklets} gebiedsdagboekjes "
            "en atlas.pdf in gebiedsdag/, kaarten per gebied in kaarten/, kaart.html "
            "voor bewoners."
        )
    if counts["met_opmerking"]:
        lines.append(
            f"  {_number(counts['met_opmerking'])} maatregelen met een opmerking "
            "(hersteld, aangevuld of buiten de gebieden; zie kolom opmerkingen)."
        )
    per = result.report["overlappingen"]["per_oordeel"]
    lines.append(
        f"Overlappingen: {_number(result.report['overlappingen']['totaal'])} paren: "
        + ", ".join(f"{VERDICT_LABEL[v].lower()} {_number(n)}" for v, n in per.items())
        + "."
    )
    for skipped in result.report.get("overgeslagen_regels", []):
        lines.append(f"  Let op: {skipped}.")
    for source in result.measures.sources:
        for warning in source.get("waarschuwingen", []):
            lines.append(f"  Let op: {warning}.")
    for warning in result.areas.warnings:
        lines.append(f"  Let op: {warning}.")
    level = result.areas.levels[0]
    top = most_stacked(result.stacking[level], 10)
    unit = {"year": "jaar", "quarter": "kwartaal", "month": "maand"}[
        result.report["opties"]["periode"]
    ]
    lines.append(f"Meest gestapelde gebieden ({level}, zwaarste {unit}):")
    for k, row in top.iterrows():
        why = row["reden"] or (
            f"hinderlast {_number(row['hinderlast'], 1)}, "
            f"{row['n_maatregelen']} maatregelen (onder de drempels)"
        )
        lines.append(f"  {k + 1:2d}. {row['naam']} ({row['code']}), {row['periode']}: {why}")
    return "\n".join(lines)


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
            f"  {where}: {_number(source['gelezen'])} gelezen, "
            f"{_number(source['gebruikt'])} bruikbaar, {_number(source['afgewezen'])} afgewezen"
        )
        for warning in source.get("waarschuwingen", []):
            print(f"    Let op: {warning}.")
    print("Gebieden: " + ", ".join(f"{p.level} ({len(p.areas)})" for p in areas.partitions))
    for warning in areas.warnings:
        print(f"  Let op: {warning}.")
    print(f"Regels: {len(rules.rules)} uit {rules.source}")
    notes = int(mset.measures["opmerkingen"].notna().sum())
    print(
        f"Totaal: {_number(mset.n_read)} gelezen, {_number(len(mset.measures))} bruikbaar "
        f"({_number(notes)} met een opmerking), {_number(len(mset.rejected))} afgewezen."
    )
    shown = mset.rejected if args.all else mset.rejected.head(50)
    for row in shown.itertuples():
        layer = f" laag {row.laag}" if row.laag else ""
        print(f"  afgewezen: {row.bron}{layer} fid {row.fid} id {row.id} ({row.veld}): {row.reden}")
    if len(shown) < len(mset.rejected):
        print(f"  ... en {len(mset.rejected) - len(shown)} meer (--all toont alles).")
    return EXIT_DATA if len(mset.rejected) else EXIT_OK


def _cmd_overlaps(args: argparse.Namespace) -> int:
    from planner.output import write_csv
    from planner.overlaps import find_overlaps
    from planner.read import read_measures
    from planner.rules import single_rule

    rules = single_rule(args.distance, args.time_gap)
    # The single rule needs only where and when: name and domain are optional here.
    mset = read_measures(
        args.measures,
        layers=args.layers,
        mapping=_mapping(args),
        crs=args.crs,
        input_crs=args.input_crs,
        required=["start"],
    )
    pairs = find_overlaps(mset, rules)
    out = Path(args.out)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        write_csv(pairs, tmp, geometry="xy")
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    print(
        f"{_number(len(pairs))} paren binnen {_number(args.distance, 0)} m en "
        f"{args.time_gap:g} jaar uit {_number(mset.n_read)} maatregelen "
        f"({_number(len(mset.rejected))} afgewezen) -> {out}"
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


#: The stop signals received during this run.
_stops: list[int] = []


def _stop(signum, frame):
    _stops.append(signum)
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
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
        commands = {"run": _cmd_run, "check": _cmd_check, "overlaps": _cmd_overlaps}
        return commands[args.command](args)
    except KeyboardInterrupt:
        print("gebiedsplanner: gestopt.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if _stops:
            print("gebiedsplanner: gestopt.", file=sys.stderr)
            return EXIT_INTERRUPTED
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


if __name__ == "__main__":
    sys.exit(main())
