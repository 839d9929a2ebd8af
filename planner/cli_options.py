"""The command line's options: ``gebiedsplanner run``, ``check``, ``overlaps``, ``vergelijk``."""

from __future__ import annotations

import argparse

from planner._version import __version__

__all__ = ["parser"]


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


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``gebiedsplanner`` (help texts in Dutch).

    Returns
    -------
    argparse.ArgumentParser
        The parser, with the sub-commands ``run``, ``check`` and ``overlaps``.
    """
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
    r.add_argument(
        "--besluiten",
        metavar="BESTAND",
        help="besluitenlijst (CSV, GeoPackage of postgresql://...?table=...): besloten "
        "overlappingen tellen apart; zie besluiten_sjabloon.csv in elke uitvoer",
    )
    r.add_argument(
        "--scenario",
        metavar="BESTAND",
        help="wat-als: wijzigingen (TOML of CSV) die vóór de analyse op de maatregelen worden "
        "toegepast (verschuiven, status, periode, weglaten); de invoer blijft ongewijzigd",
    )
    r.add_argument(
        "--samenhang-paren",
        action="store_true",
        help="regels op hetzelfde gebied ook als paren in overlappingen (naast de groepen in "
        "samenhang_<niveau>); kan bij veel maatregelen per gebied heel veel rijen geven",
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
        "--achtergrond",
        metavar="URL-TEMPLATE",
        help="achtergrondkaart van de webkaart: XYZ-tegels (https://.../{z}/{x}/{y}.png) of "
        "'geen'; standaard de BRT-achtergrondkaart van PDOK (offline: alleen de gebieden)",
    )
    g.add_argument(
        "--jaar",
        metavar="JJJJ",
        type=int,
        help="jaar van de wijkuitvoeringsprogramma's (standaard het jaar na --data-date)",
    )
    g.add_argument(
        "--achtergrond-bron",
        metavar="TEKST",
        help="naamsvermelding van de achtergrondkaart (bij --achtergrond)",
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
    _add_compare_parser(sub)
    w = sub.add_parser(
        "wat-als",
        help="wat als: het programma met en zonder een scenario, en wat er verandert",
        description="Rekent het programma met de wijzigingen van --scenario (scenario/) en "
        "vergelijkt het met het programma zoals het is (vergelijking/). Met BASIS, een "
        "uitvoermap van run, wordt dezelfde invoer met dezelfde opties gerekend en met BASIS "
        "zelf vergeleken; zonder BASIS wordt ook het programma zoals het is gerekend (basis/). "
        "De invoer en BASIS blijven ongewijzigd.",
    )
    w.add_argument(
        "basis",
        nargs="?",
        metavar="BASIS",
        help="uitvoermap van een eerdere run (de invoer en opties komen uit zijn run.json)",
    )
    _add_programme_options(w)
    w.add_argument("--scenario", required=True, metavar="BESTAND", help="scenario (TOML of CSV)")
    w.add_argument("--indicators", metavar="CSV", help="cijfers per gebied, gekoppeld op code")
    w.add_argument("--need", metavar="KOLOM", help="kolom voor de opgave (zoals bij run)")
    w.add_argument(
        "--period", choices=["year", "quarter", "month"], help="stapelingsperiode (standaard year)"
    )
    w.add_argument(
        "--out", default="gebiedsplanner-wat-als", metavar="MAP", help="map voor de drie delen"
    )
    w.add_argument("--tables-only", action="store_true", help="geen rapport van de vergelijking")
    w.add_argument("--title", metavar="TEKST", help="naam van het programma in het rapport")
    w.add_argument("--quiet", action="store_true", help="geen samenvatting")
    _add_input_options(w)
    return parser


def _add_compare_parser(sub) -> None:
    v = sub.add_parser(
        "vergelijk",
        help="wat is er veranderd tussen twee runs (twee uitvoermappen van run)",
        description="Vergelijkt twee uitvoermappen van gebiedsplanner run: maatregelen nieuw, "
        "vervallen en gewijzigd, overlappingen nieuw en vervallen (en waarom), de stapeling "
        "per gebied en periode, en de vlaggen.",
    )
    v.add_argument("oud", metavar="OUD", help="uitvoermap van de eerdere run")
    v.add_argument("nieuw", metavar="NIEUW", help="uitvoermap van de nieuwe run")
    v.add_argument(
        "--out",
        default="gebiedsplanner-vergelijking",
        metavar="MAP",
        help="uitvoermap van de vergelijking (standaard ./gebiedsplanner-vergelijking)",
    )
    v.add_argument(
        "--tolerantie",
        type=float,
        default=1.0,
        metavar="M",
        help="een maatregel telt als verplaatst vanaf zoveel meter (standaard 1)",
    )
    v.add_argument("--tables-only", action="store_true", help="alleen de tabellen, geen rapport")
    v.add_argument("--title", metavar="TEKST", help="naam van het programma in het rapport")
    v.add_argument("--quiet", action="store_true", help="geen samenvatting")


def _iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is geen datum als 2026-11-22") from None
