"""The one table of Dutch text that planner writes for people (reasons, notes, summaries).

Codes are stable and English-free of meaning; the text is what a planner reads. The plugin
translates its own interface; planner's report text is Dutch only and lives here.
"""

from __future__ import annotations

__all__ = ["TEXT", "say", "number_nl", "verdict_label"]

TEXT: dict[str, str] = {
    # rejected features (the feature is not used)
    "geometrie_kapot": "ongeldige geometrie die niet te herstellen is ({detail})",
    "naam_leeg": "naam ontbreekt",
    "domein_leeg": "domein ontbreekt",
    "domein_onbekend": "onbekend domein {waarde!r}; toegestaan: {toegestaan}",
    "start_leeg": "startdatum ontbreekt",
    "datum_onleesbaar": "{veld} {waarde!r} is geen datum, maand of jaar ({detail})",
    "jaar_buiten_bereik": (
        "jaartal {jaar} ligt buiten {van}-{tot}, de jaren die een programma plant; vul het "
        "werkelijke jaar in, of laat het veld leeg als het niet bekend is"
    ),
    "eind_voor_start": "eind {eind} ligt voor start {start}",
    "id_dubbel": "id {waarde!r} komt al voor ({eerste})",
    "coordinaten_onbruikbaar": (
        "onbruikbare coördinaten ({detail}); herstel de geometrie van dit object in de bron"
    ),
    "coordinaten_niet_eindig": "NaN of oneindig",
    "coordinaten_te_groot": "{waarde} ligt verder dan {grens} van de oorsprong: geen plek op aarde",
    "coordinaten_buiten_graden": (
        "buiten lengte -180..180 en breedte -90..90, terwijl de laag {crs} (graden) zegt"
    ),
    "xy_onleesbaar": "x/y {x!r}, {y!r} is geen getal",
    "geen_locatie": "geen geometrie en geen gebiedscode: de maatregel ligt nergens",
    "gebiedscode_onbekend": "gebiedscode {waarde!r} komt in geen enkele gebiedsindeling voor",
    # flags (the feature is used, with a note)
    "geometrie_hersteld": "ongeldige geometrie hersteld ({detail})",
    "geometrie_zm": "Z/M-coördinaten genegeerd",
    "buiten_gebieden": "ligt buiten alle gebieden van niveau {niveau}",
    "thema_onbekend": "onbekend thema {waarde!r}: hinder standaard '{hinder}'",
    "thema_leeg": "geen thema: hinder standaard '{hinder}'",
    "hinder_onbekend": "onbekende hinder {waarde!r}: standaard van het thema '{hinder}' gebruikt",
    "keuze_onbekend": "onbekende {veld} {waarde!r} genegeerd; toegestaan: {toegestaan}",
    "budget_onleesbaar": "budget {waarde!r} is geen bedrag en is leeg gelaten",
    "budget_onaannemelijk": (
        "budget {waarde!r} is niet aannemelijk (negatief of meer dan {grens} euro) en is leeg "
        "gelaten; vul het juiste bedrag in"
    ),
    "budget_gelezen": "budget {waarde!r} gelezen als {getal}",
    "waarde_gemapt": "{veld} {waarde!r} gelezen als {nieuw!r}",
    "gebied_geen_fijner": "zonder geometrie: niet te plaatsen op niveau {niveau}",
    # file names of the per-area booklets and maps (run.json warnings and the summary)
    "bestandsnaam_dubbel": (
        "de gebieden {gebieden} krijgen verschillende bestandsnamen ({namen}): hun code en naam "
        "gaven dezelfde bestandsnaam, want bestandsnamen maken geen verschil tussen hoofd- en "
        "kleine letters en laten accenten, leestekens en emoji weg"
    ),
    "bestandsnaam_bezet": (
        "het gebied {gebied} krijgt de bestandsnaam {naam}: {oud} is al de naam van een ander "
        "bestand in de uitvoer of mag niet op elk systeem"
    ),
    "bestandsnaam_zonder_code": (
        "{gebieden} zonder code die in een bestandsnaam past (leeg, of alleen tekens als emoji), "
        "in rij {rijen} van de gebiedsindeling: de bestanden heten naar de rij ({namen})"
    ),
    "bestandsnaam_zonder_naam": (
        "{gebieden} zonder naam die in een bestandsnaam past (leeg, of alleen tekens als emoji): "
        "{codes}; de bestanden heten naar de code alleen ({namen})"
    ),
    # warnings on a whole layer (run.json, and "Let op:" in run and check)
    "intern_publiek": (
        "{bron}: het publieke veld {veld} komt uit kolom {kolom!r}, die interne gegevens heeft; "
        "wat erin staat komt op de webkaart voor bewoners en in de publieke boekjes: kies een "
        "andere kolom voor {veld}, of laat het weg"
    ),
    "kolom_dubbel": (
        "{bron}: kolom {kolom!r} komt meer dan eens voor (kolom {eerste} en {nummer}); kolom "
        "{eerste} is gebruikt en kolom {nummer} staat als interne kolom in de uitvoer; geef de "
        "kolommen verschillende namen"
    ),
    "gebied_zonder_code": (
        "{bron}: {n} gebied(en) zonder code (fid {fids}) hebben een code gekregen, de eerste "
        "{voorbeeld!r}; geef ze een eigen code in de bron"
    ),
    "gebied_geometrie_onbruikbaar": (
        "{bron}: {n} gebied(en) met onbruikbare coördinaten (NaN, oneindig of verder dan "
        "1.000.000.000 van de oorsprong; fid {fids}) zijn weggelaten; herstel hun geometrie in "
        "de bron"
    ),
    "niet_genest": (
        "de gebieden van niveau {kind} passen niet binnen die van {ouder}: {n} van de {totaal} "
        "liggen voor meer dan 1% buiten het gebied waarin ze vallen (het meest {gebied}, "
        "{procent}%), en een maatregel zonder geometrie telt op niveau {ouder} in dat gebied; "
        "controleer of de indelingen bij elkaar horen (zelfde jaar, zelfde gemeente)"
    ),
    # the machine, not the data (exit code 2)
    "schijf_vol": (
        "De schijf is vol of een bestand werd groter dan toegestaan{waar}: de uitvoer is niet "
        "geschreven en een eerdere uitvoer is bewaard. Maak ruimte vrij, of schrijf naar een "
        "andere schijf, en start opnieuw."
    ),
    "geen_toegang": (
        "Geen toegang tot {pad}: Gebiedsplanner mag het bestand, of een map op de weg ernaartoe, "
        "niet openen. Vraag toegang, of kopieer het naar een map waar u wel bij kunt, en start "
        "opnieuw."
    ),
    # summary and run.json
    "verdeling": (
        "Een maatregel die over gebiedsgrenzen loopt, telt mee in elk gebied dat hij raakt. "
        "Budget en hinderlast worden verdeeld naar aandeel: oppervlakte voor vlakken, lengte voor "
        "lijnen, gelijk over de gebieden voor een punt op een grens. Een maatregel zonder "
        "geometrie telt volledig in het gebied van zijn gebiedscode en de gebieden daarboven. "
        "Budget wordt over de perioden verdeeld naar het aantal dagen in elke periode; hinderlast "
        "telt volledig in elke periode waarin de maatregel loopt."
    ),
    "tijdvergelijking": (
        "Perioden worden vergeleken op de fijnste resolutie die beide kanten hebben (dag, maand "
        "of jaar). Een termijn in maanden wordt op jaarniveau naar boven afgerond op hele jaren."
    ),
    # the residents' web map
    "webkaart_titel": "{titel}: wat gebeurt er in mijn {niveau}?",
}

DOMAIN_LABELS: dict[str, str] = {
    "interventie": "Fysieke ingreep",
    "onderhoud": "Beheer en onderhoud",
    "sociaal": "Sociaal domein",
    "initiatief": "Bewonersinitiatief",
}

VERDICT_LABEL: dict[str, str] = {
    "combineren": "Combineren",
    "volgorde": "Volgorde",
    "spreiden": "Spreiden",
    "samenhang": "Samenhang",
}

VERDICT_MEANING: dict[str, str] = {
    "combineren": "Werk met werk: twee werken op dezelfde plek kort na elkaar. Eén keer de straat "
    "open is goedkoper en geeft minder hinder.",
    "volgorde": "De volgorde klopt niet: er wordt gegraven in pas vernieuwde verharding "
    "(graafverbod). Eerst graven, dan verharden.",
    "spreiden": "Te veel hinder tegelijk dicht bij elkaar: omleidingen en afsluitingen stapelen "
    "zich op. Spreid de werken in de tijd of stem de hinder af.",
    "samenhang": "Fysieke en sociale maatregelen tegelijk in hetzelfde gebied: stapelen is iets "
    "anders dan integreren; hier kunnen teams elkaar versterken.",
}

INDICATOR_LABEL: dict[str, str] = {
    "inwoners": "Inwoners",
    "INK_INW_X1000": "Gemiddeld inkomen per inwoner (x € 1.000)",
    "WOZ_GEM_X1000": "Gemiddelde WOZ-waarde woningen (x € 1.000)",
    "P_GOED_ERV_GEZOND": "Volwassenen met goede ervaren gezondheid (%)",
    "MISDR_PER_1000": "Geregistreerde misdrijven per 1.000 inwoners",
    "P_KOOPWON": "Koopwoningen (%)",
    "INW_65PLUS": "Inwoners van 65 jaar en ouder",
    "INW_0_14": "Inwoners tot 15 jaar",
    "BEV_DICHTH": "Inwoners per km²",
}

QUADRANT_LABEL: dict[str, str] = {
    "blinde_vlek": "blinde vlek: veel opgave, weinig inzet",
    "stapeling_zonder_opgave": "stapeling zonder opgave: weinig opgave, veel inzet",
    "in_balans_hoog": "in balans: veel opgave, veel inzet",
    "in_balans_laag": "in balans: weinig opgave, weinig inzet",
    "onbekend": "onbekend: geen behoeftecijfer",
}


def say(code: str, **values: object) -> str:
    """Return the Dutch text for ``code`` filled in with ``values``.

    Parameters
    ----------
    code : str
        A key of :data:`TEXT`.
    **values
        The placeholders of that text.

    Returns
    -------
    str
        The filled-in sentence.

    Examples
    --------
    >>> say("naam_leeg")
    'naam ontbreekt'
    >>> say("eind_voor_start", eind="2025", start="2026")
    'eind 2025 ligt voor start 2026'
    """
    return TEXT[code].format(**values)


def number_nl(value: float, decimals: int | None = None) -> str:
    """Format a number the Dutch way: thousands with a dot, decimals with a comma.

    Without ``decimals`` whole numbers get none and others one.

    Examples
    --------
    >>> number_nl(1234567)
    '1.234.567'
    >>> number_nl(13.79, 1)
    '13,8'
    """
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def verdict_label(verdict: str) -> str:
    """The Dutch label of a verdict code, as lists and legends show it; unknown codes as given.

    Parameters
    ----------
    verdict : str
        A verdict code (``combineren``, ``volgorde``, ``spreiden``, ``samenhang``).

    Returns
    -------
    str
        The label.

    Examples
    --------
    >>> verdict_label("samenhang")
    'Samenhang'
    >>> verdict_label("eigen-oordeel")
    'eigen-oordeel'
    """
    return VERDICT_LABEL.get(verdict, verdict)
