"""Generate the sample programme ``voorbeeldprogramma.gpkg`` over Haarlem's wijken (seeded).

The programme is invented; only the wijk boundaries and populations are real (CBS 2024). It has
one layer per department or partner, as municipalities really receive it:

- ``gemeente_openbare_ruimte``: sewer, paving, green, play, traffic, lighting (lines, polygons,
  points), the municipality's maintenance and physical programme;
- ``gemeente_sociaal_domein``: social-domain projects, mostly without geometry but with a
  gebiedscode;
- ``corporaties``: housing renovation and new build (polygons), with budgets typed as text;
- ``netbeheerder``: cables, pipes and heat networks along streets (lines), with quarters and
  years as timing;
- ``bewonersinitiatieven``: resident initiatives (points and small polygons).

Planted on purpose: sewer + paving on the same street (combineren), digs soon after new paving
(volgorde), a cluster of heavy works in Schalkwijk in 2027-2028 (spreiden, stacking), social
projects where the physical programme runs (samenhang), and a handful of typical data errors
(rejected with reasons). Run: ``python layers/make_sample.py [OUT.gpkg]``.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from shapely import affinity

HERE = Path(__file__).resolve().parent
SEED = 2026
STACKED = ("WK039218", "WK039219", "WK039220", "WK039221")  # Schalkwijk: Europawijk ... Meerwijk

STREET_A = [
    "Linden",
    "Eiken",
    "Beuken",
    "Iepen",
    "Kastanje",
    "Wilgen",
    "Esdoorn",
    "Berken",
    "Vlier",
    "Hazelaar",
    "Rozen",
    "Tulpen",
    "Narcissen",
    "Hyacinten",
    "Krokus",
    "Lelie",
    "Rembrandt",
    "Vermeer",
    "Hals",
    "Steen",
    "Ruisdael",
    "Mesdag",
    "Israëls",
    "Breitner",
    "Merel",
    "Lijster",
    "Zwaluw",
    "Reiger",
    "Kievit",
    "Spreeuw",
    "Havik",
    "Valk",
    "Molen",
    "Kerk",
    "School",
    "Haven",
    "Dijk",
    "Spaarne",
    "Duin",
    "Polder",
]
STREET_B = ["straat", "laan", "weg", "kade", "plein", "hof", "dreef", "singel", "pad", "gracht"]
SOCIAL = [
    ("jeugd", "Jongerenwerk {w}"),
    ("jeugd", "Talentontwikkeling kinderen {w}"),
    ("zorg", "Buurtzorgteam {w}"),
    ("zorg", "Eenzaamheid ouderen {w}"),
    ("armoede", "Schuldhulp dichtbij {w}"),
    ("armoede", "Energiecoaches {w}"),
    ("werk", "Werkcorner {w}"),
    ("veiligheid", "Buurtpreventie {w}"),
    ("ontmoeting", "Huiskamer van de wijk {w}"),
    ("ontmoeting", "Buurtkamer {w}"),
    ("jeugd", "Brede school {w}"),
    ("zorg", "Mantelzorgondersteuning {w}"),
]
CORPORATIONS = ["corporatie Elan Wonen", "corporatie Pré Wonen", "corporatie Ymere"]


class Maker:
    """Holds the random state and the wijken; each method makes one kind of measure."""

    def __init__(self, wijken: gpd.GeoDataFrame):
        self.rng = np.random.default_rng(SEED)
        self.wijken = wijken.reset_index(drop=True)
        self.streets: dict[str, list[tuple[str, shapely.LineString]]] = {}
        self.names: list[str] = []
        self.polygons = dict(zip(self.wijken["WK_CODE"], self.wijken.geometry, strict=True))
        self.inner = {
            c: (g.buffer(-30) if g.buffer(-30).area > 0 else g) for c, g in self.polygons.items()
        }
        for g in self.inner.values():
            shapely.prepare(g)

    # -- geometry helpers -------------------------------------------------------------------
    def point_in(self, code: str) -> shapely.Point:
        minx, miny, maxx, maxy = self.polygons[code].bounds
        inner = self.inner[code]
        while True:
            p = shapely.Point(self.rng.uniform(minx, maxx), self.rng.uniform(miny, maxy))
            if inner.contains(p):
                return p

    def street_name(self) -> str:
        if not self.names:
            names = [
                f"{p}{a}{b}"
                for p in ("", "Korte ", "Lange ", "Nieuwe ", "Oude ")
                for a in STREET_A
                for b in STREET_B
            ]
            self.names = [names[i] for i in self.rng.permutation(len(names))]
        return self.names.pop()

    def make_streets(self) -> None:
        for row in self.wijken.itertuples():
            poly = row.geometry
            angle = self.rng.uniform(0, 90)
            count = int(np.clip(poly.area / 45_000, 15, 55))
            streets = []
            while len(streets) < count:
                c = self.point_in(row.WK_CODE)
                length = self.rng.uniform(120, 420)
                a = angle + (90 if self.rng.random() < 0.5 else 0) + self.rng.normal(0, 4)
                line = affinity.rotate(
                    shapely.LineString([(c.x - length / 2, c.y), (c.x + length / 2, c.y)]),
                    a,
                    origin=c,
                )
                part = line.intersection(poly)
                if part.geom_type == "MultiLineString":
                    part = max(part.geoms, key=lambda g: g.length)
                if part.geom_type == "LineString" and part.length > 80:
                    streets.append((self.street_name(), shapely.set_precision(part, 0.01)))
            self.streets[row.WK_CODE] = streets

    def block(self, code: str, size: tuple[float, float]) -> shapely.Polygon:
        c = self.point_in(code)
        w, h = size
        box = shapely.box(c.x - w / 2, c.y - h / 2, c.x + w / 2, c.y + h / 2)
        poly = self.polygons[code]
        shape = affinity.rotate(box, self.rng.uniform(0, 90), origin=c).intersection(poly)
        if shape.geom_type != "Polygon":
            shape = max(getattr(shape, "geoms", [shape]), key=lambda g: g.area)
        return shapely.set_precision(shape, 0.01)

    # -- time helpers -----------------------------------------------------------------------
    def day(self, year_lo: int, year_hi: int) -> date:
        start = date(year_lo, 1, 1)
        span = (date(year_hi, 12, 31) - start).days
        return start + timedelta(days=int(self.rng.integers(0, span)))

    def weighted_code(self, stacked_weight: float = 2.5) -> str:
        weights = self.wijken["AANT_INW"].fillna(500).to_numpy(float) + 2000
        weights *= np.where(self.wijken["WK_CODE"].isin(STACKED), stacked_weight, 1)
        return str(self.rng.choice(self.wijken["WK_CODE"], p=weights / weights.sum()))

    def status(self, start_year: int) -> tuple[str, str]:
        if start_year <= 2025:
            return str(self.rng.choice(["uitvoering", "gereed"])), "zeker"
        if start_year == 2026:
            return "voorbereiding", "zeker"
        if start_year <= 2028:
            return "gepland", str(self.rng.choice(["zeker", "waarschijnlijk"]))
        return str(self.rng.choice(["gepland", "idee"])), str(
            self.rng.choice(["waarschijnlijk", "onzeker"])
        )

    def budget(self, median: float) -> float:
        return float(round(self.rng.lognormal(np.log(median), 0.5), -3))


def openbare_ruimte(mk: Maker) -> list[dict]:
    rows, n = [], 0

    def add(**kw):
        nonlocal n
        n += 1
        kw.setdefault("eigenaar", "gemeente - openbare ruimte")
        start_year = kw.pop("_year")
        kw["status"], kw["zekerheid"] = mk.status(start_year)
        kw["contact"] = f"or-team{1 + n % 7}@haarlem.example"
        kw["id"] = f"OR-{n:04d}"
        rows.append(kw)

    for code, streets in mk.streets.items():
        stacked = code in STACKED
        for name, line in streets:
            roll = mk.rng.random()
            if roll < 0.22 or (stacked and roll < 0.45):
                # sewer replacement, and in most cases the street redesign with it
                s = mk.day(2027, 2028) if stacked else mk.day(2025, 2029)
                e = s + timedelta(days=int(mk.rng.integers(90, 270)))
                add(
                    naam=f"Rioolvervanging {name}",
                    domein="onderhoud",
                    thema="riolering",
                    start=s.isoformat(),
                    eind=e.isoformat(),
                    budget=mk.budget(650_000),
                    hinder="hoog",
                    omschrijving=f"Het riool onder de {name} wordt vervangen. "
                    "De straat is tijdelijk afgesloten.",
                    geometry=line,
                    _year=s.year,
                )
                if mk.rng.random() < 0.75:
                    s2 = e + timedelta(days=int(mk.rng.integers(-60, 700)))
                    e2 = s2 + timedelta(days=int(mk.rng.integers(60, 180)))
                    add(
                        naam=f"Herinrichting {name}",
                        domein="interventie",
                        thema="verharding",
                        start=s2.isoformat(),
                        eind=e2.isoformat(),
                        budget=mk.budget(900_000),
                        omschrijving=f"De {name} wordt opnieuw ingericht: meer groen, "
                        "minder asfalt.",
                        geometry=line,
                        _year=s2.year,
                    )
            elif roll < 0.40:
                s = mk.day(2025, 2031)
                e = s + timedelta(days=int(mk.rng.integers(20, 120)))
                add(
                    naam=f"Groot onderhoud asfalt {name}",
                    domein="onderhoud",
                    thema="verharding",
                    start=s.isoformat(),
                    eind=e.isoformat(),
                    budget=mk.budget(180_000),
                    omschrijving=f"Nieuw asfalt op de {name}.",
                    geometry=line,
                    _year=s.year,
                )
            elif roll < 0.50:
                y = int(mk.rng.integers(2025, 2032))
                add(
                    naam=f"Verkeersveilige inrichting {name}",
                    domein="interventie",
                    thema="verkeer",
                    start=f"{y}-{int(mk.rng.integers(1, 13)):02d}",
                    budget=mk.budget(250_000),
                    omschrijving=f"Veiliger oversteken op de {name}.",
                    geometry=line,
                    _year=y,
                )
            elif roll < 0.58:
                y = int(mk.rng.integers(2025, 2033))
                add(
                    naam=f"Vervanging lichtmasten {name}",
                    domein="onderhoud",
                    thema="openbare_verlichting",
                    start=str(y),
                    budget=mk.budget(60_000),
                    omschrijving=f"Nieuwe ledverlichting in de {name}.",
                    geometry=line,
                    _year=y,
                )
            elif roll < 0.64:
                y = int(mk.rng.integers(2025, 2033))
                add(
                    naam=f"Bomen vervangen {name}",
                    domein="onderhoud",
                    thema="groen",
                    start=str(y),
                    budget=mk.budget(40_000),
                    omschrijving=f"Zieke bomen in de {name} worden vervangen.",
                    geometry=line,
                    _year=y,
                )
        for _ in range(3 if not stacked else 5):
            s = mk.day(2025, 2031)
            add(
                naam=f"Speelplek {mk.street_name()}",
                domein="interventie",
                thema="spelen",
                start=f"{s.year}-{s.month:02d}",
                budget=mk.budget(85_000),
                omschrijving="Vernieuwing van de speelplek met de buurt.",
                geometry=mk.point_in(code),
                _year=s.year,
            )
        for _ in range(2):
            y = int(mk.rng.integers(2025, 2032))
            add(
                naam=f"Park en plein {mk.street_name()}",
                domein="interventie",
                thema="groen",
                start=str(y),
                eind=str(y + int(mk.rng.integers(0, 2))),
                budget=mk.budget(400_000),
                omschrijving="Het park wordt klimaatbestendig.",
                geometry=mk.block(code, (160, 110)),
                _year=y,
            )
        if mk.rng.random() < 0.5:
            y = int(mk.rng.integers(2026, 2031))
            add(
                naam=f"Waterberging {mk.street_name()}",
                domein="interventie",
                thema="water",
                start=str(y),
                budget=mk.budget(300_000),
                hinder="midden",
                omschrijving="Extra waterberging tegen wateroverlast.",
                geometry=mk.block(code, (120, 60)),
                _year=y,
            )
    # Heavy works in Schalkwijk in 2027-2028: the area programme's 'stapeling' case.
    for code in STACKED:
        for _ in range(6):
            s = mk.day(2027, 2028)
            e = s + timedelta(days=int(mk.rng.integers(120, 360)))
            add(
                naam=f"Vernieuwing {mk.street_name()}",
                domein="interventie",
                thema="verharding",
                start=s.isoformat(),
                eind=e.isoformat(),
                hinder="hoog",
                budget=mk.budget(1_200_000),
                omschrijving="Complete vernieuwing van de straat.",
                geometry=mk.block(code, (240, 40)),
                _year=s.year,
            )
    return rows


def sociaal(mk: Maker) -> list[dict]:
    rows = []
    names = dict(zip(mk.wijken["WK_CODE"], mk.wijken["WK_NAAM"], strict=True))
    for n in range(1, 241):
        code = mk.weighted_code(3.0)
        theme, template = SOCIAL[int(mk.rng.integers(len(SOCIAL)))]
        y = int(mk.rng.integers(2025, 2031))
        row = {
            "id": f"SD-{n:04d}",
            "naam": template.format(w=names[code]),
            "domein": "sociaal",
            "thema": theme,
            "eigenaar": str(
                mk.rng.choice(
                    ["gemeente - sociaal domein", "welzijn DOCK", "welzijn Haarlem Effect"]
                )
            ),
            "start": str(y) if mk.rng.random() < 0.6 else f"{y}-{int(mk.rng.integers(1, 13)):02d}",
            "eind": str(min(y + int(mk.rng.integers(0, 4)), 2032)),
            "budget": mk.budget(120_000),
            "omschrijving": "Samen met bewoners en partners in de wijk.",
            "contact": f"sociaalteam{1 + n % 5}@haarlem.example",
            "gebiedscode": code,
            "geometry": mk.point_in(code) if mk.rng.random() < 0.25 else None,
        }
        row["status"], row["zekerheid"] = mk.status(y)
        rows.append(row)
    return rows


def corporaties(mk: Maker) -> list[dict]:
    rows = []
    for n in range(1, 181):
        code = mk.weighted_code(2.0)
        y = int(mk.rng.integers(2025, 2031))
        m = int(mk.rng.integers(1, 13))
        new_build = mk.rng.random() < 0.3
        budget = mk.budget(6_000_000 if new_build else 2_500_000)
        row = {
            "id": f"CO-{n:04d}",
            "naam": ("Nieuwbouw " if new_build else "Renovatie en verduurzaming ")
            + mk.street_name()
            + ("" if new_build else "complex"),
            "domein": "interventie",
            "thema": "wonen" if new_build or mk.rng.random() < 0.6 else "energie",
            "eigenaar": str(mk.rng.choice(CORPORATIONS)),
            "start": f"{y}-{m:02d}",
            "eind": f"{y + 1 + int(new_build)}-{m:02d}",
            # Corporations send budgets as typed text: the planner reads Dutch notation.
            "budget": "EUR " + f"{budget:,.0f}".replace(",", ".") + ",-",
            "hinder": "hoog" if new_build else "midden",
            "omschrijving": "Woningen worden gerenoveerd en aardgasvrij gemaakt."
            if not new_build
            else "Nieuwe sociale huurwoningen.",
            "contact": f"projectleider{n % 9}@corporatie.example",
            "geometry": mk.block(code, (90, 50) if not new_build else (120, 80)),
        }
        row["status"], row["zekerheid"] = mk.status(y)
        rows.append(row)
    return rows


def netbeheerder(mk: Maker, paving: list[dict]) -> list[dict]:
    rows, n = [], 0
    for streets in mk.streets.values():
        for name, line in streets:
            if mk.rng.random() < 0.2:
                n += 1
                y = int(mk.rng.integers(2025, 2033))
                q = int(mk.rng.integers(1, 5))
                theme = "energie" if mk.rng.random() < 0.35 else "kabels_leidingen"
                row = {
                    "id": f"NB-{n:04d}",
                    "naam": ("Warmtenet " if theme == "energie" else "Netverzwaring ") + name,
                    "domein": "onderhoud",
                    "thema": theme,
                    "eigenaar": "netbeheerder Liander",
                    "start": f"{y}-K{q}" if mk.rng.random() < 0.5 else str(y),
                    "budget": mk.budget(350_000),
                    "omschrijving": f"Werk aan kabels en leidingen in de {name}.",
                    "contact": "omgevingsmanager@netbeheerder.example",
                    "geometry": line,
                }
                row["status"], row["zekerheid"] = mk.status(y)
                rows.append(row)
    # Digs soon after new paving on the same street: the moratorium case (volgorde).
    redesigns = [
        r
        for r in paving
        if r["thema"] == "verharding"
        and r["eind"] < "2030-06-30"
        and isinstance(r["geometry"], shapely.LineString)
    ]
    for r in [redesigns[int(i)] for i in mk.rng.choice(len(redesigns), 24, replace=False)]:
        n += 1
        after = date.fromisoformat(r["eind"]) + timedelta(days=int(mk.rng.integers(60, 700)))
        street = r["naam"].split(" ", 1)[1].replace("asfalt ", "")
        rows.append(
            {
                "id": f"NB-{n:04d}",
                "naam": f"Aansluiting laadpalen {street}",
                "domein": "onderhoud",
                "thema": "kabels_leidingen",
                "eigenaar": "netbeheerder Liander",
                "start": f"{after.year}-{after.month:02d}",
                "budget": mk.budget(90_000),
                "omschrijving": f"Nieuwe kabels voor laadpalen in de {street}.",
                "contact": "omgevingsmanager@netbeheerder.example",
                "status": "gepland",
                "zekerheid": "waarschijnlijk",
                "geometry": affinity.translate(r["geometry"], 3, 2),
            }
        )
    return rows


def bewoners(mk: Maker) -> list[dict]:
    rows = []
    ideas = [
        ("groen", "Geveltuinen {s}"),
        ("groen", "Buurtmoestuin {s}"),
        ("spelen", "Speeldag {s}"),
        ("ontmoeting", "Buurtbankje {s}"),
        ("ontmoeting", "Straatfeest {s}"),
        ("groen", "Tegels eruit, groen erin {s}"),
    ]
    for n in range(1, 151):
        code = mk.weighted_code(1.5)
        theme, template = ideas[int(mk.rng.integers(len(ideas)))]
        y = int(mk.rng.integers(2025, 2031))
        m = int(mk.rng.integers(1, 13))
        rows.append(
            {
                "id": f"BI-{n:04d}",
                "naam": template.format(s=mk.street_name()),
                "domein": "initiatief",
                "thema": theme,
                "eigenaar": "bewoners",
                "start": f"{y}-{m:02d}",
                "eind": f"{y + (m > 9)}-{(m + 2) % 12 + 1:02d}",
                "budget": mk.budget(5_000),
                "status": "idee" if y > 2026 else "uitvoering",
                "omschrijving": "Een initiatief van bewoners uit de buurt.",
                "contact": f"bewoner{n}@mail.example",
                "geometry": mk.point_in(code) if theme != "groen" else mk.block(code, (25, 12)),
            }
        )
    return rows


def data_errors(rows: dict[str, list[dict]], mk: Maker) -> None:
    """A few errors as they really arrive; each is rejected or repaired with its reason."""
    o = rows["gemeente_openbare_ruimte"]
    o[3]["start"] = None  # no start date
    o[11]["start"] = "voorjaar 2027"  # not a date
    o[17]["eind"] = "2024-03-01"  # ends before it starts
    o[29]["domein"] = "overig"  # unknown domain
    o[42]["id"] = o[41]["id"]  # duplicate id
    s = rows["gemeente_sociaal_domein"]
    s[7]["gebiedscode"] = "WK039299"  # a wijk that does not exist
    s[7]["geometry"] = None
    c = rows["corporaties"]
    bowtie = shapely.Polygon([(0, 0), (60, 40), (60, 0), (0, 40)])
    centre = c[5]["geometry"].centroid
    c[5]["geometry"] = affinity.translate(bowtie, centre.x - 30, centre.y - 20)  # repaired
    rows["bewonersinitiatieven"][9]["thema"] = "kunst"  # unknown theme: kept, noted


#: Two wijkcontracten (Haarlem's word: who does what, when, with which means), in two wijken.
WIJKCONTRACTEN = {
    "WK039201": "Wijkcontract Oude Stad 2025-2028",
    "WK039210": "Wijkcontract Transvaalwijk 2025-2028",
}


def wijkcontracten(rows: dict[str, list[dict]], wijken: gpd.GeoDataFrame) -> None:
    """Measures wholly inside two wijken join their wijkcontract, with a realistic progress.

    Deterministic without the random generator (the rest of the sample stays as it was): of
    the actions whose end lies before mid-2026 about two in three are done and the rest are
    overdue; those running then are in execution; residents do their initiatives themselves.
    """
    code_column = next(c for c in wijken.columns if str(wijken[c].iloc[0]).startswith("WK"))
    shapes = dict(zip(wijken[code_column], wijken.geometry, strict=True))
    mid_2026 = "2026-07"
    for layer in ("gemeente_openbare_ruimte", "gemeente_sociaal_domein", "bewonersinitiatieven"):
        for row in rows[layer]:
            geom = row.get("geometry")
            for code, contract in WIJKCONTRACTEN.items():
                inside = geom is not None and not geom.is_empty and geom.within(shapes[code])
                if not inside and row.get("gebiedscode") != code:
                    continue
                row["afspraak"] = contract
                if layer == "bewonersinitiatieven":
                    row["partij"] = "bewoners"
                start = str(row.get("start") or "")
                end = str(row.get("eind") or start)
                if not (start[:4].isdigit() and end[:4].isdigit()):
                    continue  # the deliberate data errors stay as they are
                digest = hashlib.sha1(str(row["id"]).encode(), usedforsecurity=False).hexdigest()
                if _month(end, last=True) < mid_2026:
                    row["status"] = "gereed" if int(digest, 16) % 3 else "uitvoering"
                elif _month(start, last=False) < mid_2026:
                    row["status"] = "uitvoering"


def _month(label: str, last: bool) -> str:
    """A date, month or year label as its first or last month, ``YYYY-MM``."""
    if len(label) == 4:
        return label + ("-12" if last else "-01")
    return label[:7]


def make(out: Path) -> None:
    wijken = pyogrio.read_dataframe(HERE / "haarlem_wijken_2024.gpkg", layer="wijken")
    mk = Maker(wijken)
    mk.make_streets()
    rows = {"gemeente_openbare_ruimte": openbare_ruimte(mk)}
    rows["gemeente_sociaal_domein"] = sociaal(mk)
    rows["corporaties"] = corporaties(mk)
    rows["netbeheerder"] = netbeheerder(mk, rows["gemeente_openbare_ruimte"])
    rows["bewonersinitiatieven"] = bewoners(mk)
    data_errors(rows, mk)
    wijkcontracten(rows, wijken)
    out.unlink(missing_ok=True)
    columns = [
        "id",
        "naam",
        "domein",
        "thema",
        "eigenaar",
        "start",
        "eind",
        "status",
        "zekerheid",
        "budget",
        "hinder",
        "omschrijving",
        "contact",
        "gebiedscode",
        "afspraak",
        "partij",
    ]
    for layer, items in rows.items():
        frame = gpd.GeoDataFrame(items, geometry="geometry", crs="EPSG:28992")
        keep = [c for c in columns if c in frame.columns] + ["geometry"]
        pyogrio.write_dataframe(
            frame[keep],
            out,
            layer=layer,
            driver="GPKG",
            geometry_type="Unknown",
            append=out.exists(),
        )


if __name__ == "__main__":
    make(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "voorbeeldprogramma.gpkg")
