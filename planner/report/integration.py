"""Integration as groups in the documents: one compact block per area and period.

A same-area rule's finding is a group (:func:`planner.integration.find_groups`): in this area,
in this period, these measures of one side and these of the other run together, and these teams
should meet. The report and the booklets show one row per group (area, period, the count on
each side, the teams to connect) instead of every physical-social pair; the full lists are in
``samenhang_<niveau>``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from planner.areas import Partition, locate_points
from planner.report.document import Block, Cell, Column, Heading, Paragraph, Run, Table
from planner.report.palette import VERDICT_COLOURS
from planner.report.tables import nl
from planner.result import RunResult
from planner.rules import RuleSet, Selector
from planner.texts import DOMAIN_LABELS, VERDICT_MEANING

__all__ = [
    "all_groups",
    "area_section",
    "group_blocks",
    "per_area",
    "report_section",
    "side_label",
]


def side_label(selector: Selector) -> str:
    """A rule side in a planner's words: ``Fysieke ingreep`` for ``domein interventie``.

    Examples
    --------
    >>> side_label(Selector(domains=("interventie",)))
    'Fysieke ingreep'
    >>> side_label(Selector(themes=("groen",)))
    'thema groen'
    """
    if selector.domains and not selector.themes and not selector.nuisance:
        return " of ".join(DOMAIN_LABELS.get(d, d) for d in selector.domains)
    return selector.describe()


def all_groups(groups: dict[str, pd.DataFrame], part: Partition) -> pd.DataFrame:
    """The groups of every level in one table, with ``_gebied``: their area at ``part``'s level.

    A group lies in the area of ``part`` that holds a point on its own area's surface (its own
    area where the levels are the same); ``-1`` where none does.

    Parameters
    ----------
    groups : dict of str to pandas.DataFrame
        ``RunResult.groups``.
    part : Partition
        The level the documents are per.

    Returns
    -------
    pandas.DataFrame
        The groups without geometry, largest first (most teams, then most measures).
    """
    frames = []
    for table in groups.values():
        if not len(table):
            continue
        where = locate_points(shapely.point_on_surface(np.asarray(table.geometry.array)), part)
        frames.append(pd.DataFrame(table.drop(columns="geometry")).assign(_gebied=where))
    if not frames:
        return pd.DataFrame(columns=["_gebied", "regel", "code", "periode", "n_a", "n_b"])
    out = pd.concat(frames, ignore_index=True)
    out["_omvang"] = out["n_a"] + out["n_b"]
    out = out.sort_values(
        ["n_teams", "_omvang", "code", "periode"], ascending=[False, False, True, True]
    )
    return out.drop(columns="_omvang").reset_index(drop=True)


def group_blocks(
    groups: pd.DataFrame,
    rules: RuleSet,
    *,
    limit: int | None = None,
    with_area: bool = True,
    tables: str = "samenhang_<niveau>",
    peak: bool = False,
) -> list[Block]:
    """Per same-area rule a heading and one row per group: area, period, counts, teams.

    Parameters
    ----------
    groups : pandas.DataFrame
        Groups (:func:`all_groups`, or its rows for one area), largest first.
    rules : RuleSet
        The run's rules: the sides' names and the verdict's colour.
    limit : int, optional
        At most this many rows per rule; the rest are counted, with a pointer to the table.
    with_area : bool
        A column with the area (off in a booklet, which is about one area).
    tables : str
        The table that has every group and its measures, named in the text.
    peak : bool
        The rows are :func:`per_area`'s: periods as a span, counts as the largest in one.

    Returns
    -------
    list of Block
        Nothing when there are no groups.
    """
    blocks: list[Block] = []
    for rule in rules.rules:
        part = groups[groups["regel"] == rule.name] if len(groups) else groups
        if not rule.same_area or not len(part):
            continue
        label_a, label_b = side_label(rule.side_a), side_label(rule.side_b)
        shown = part if limit is None else part.head(limit)
        most = " (meest in één periode)" if peak else ""
        columns = ([Column("Gebied", 2.2)] if with_area else []) + [
            Column("Perioden" if peak else "Periode", 1.0 if peak else 0.8),
            Column(label_a + most, 1.2, "right"),
            Column(label_b + most, 1.2, "right"),
            Column("Teams om te verbinden", 4.0),
        ]
        rows = []
        for g in shown.itertuples():
            cells = [Cell.of(f"{g.naam} ({g.code})")] if with_area else []
            cells += [
                Cell.of(g.periode),
                Cell.of(nl(g.n_a)),
                Cell.of(nl(g.n_b)),
                Cell(
                    [
                        [Run(str(g.teams_a), "b"), Run(" met "), Run(str(g.teams_b), "b")],
                        [Run(f"{nl(g.n_teams)} teams", "small")],
                    ]
                    + (
                        []
                        if peak
                        else [
                            [Run(f"{label_a}: {_names(g.namen_a)}", "small")],
                            [Run(f"{label_b}: {_names(g.namen_b)}", "small")],
                        ]
                    )
                ),
            ]
            rows.append(cells)
        if peak:
            count = int(part["n_perioden"].sum())
            title = f"{nl(len(part))} {'gebied' if len(part) == 1 else 'gebieden'}, "
            title += f"{nl(count)} {'groep' if count == 1 else 'groepen'}"
        else:
            title = f"{nl(len(part))} {'groep' if len(part) == 1 else 'groepen'}"
        blocks += [
            Heading(
                f"Samenhang ({rule.name}): {title}",
                level=3,
                swatch=VERDICT_COLOURS.get(rule.verdict),
            ),
            Paragraph.of(
                f"{VERDICT_MEANING.get(rule.verdict, '')} Per gebied en periode één groep: "
                f"{label_a.lower()} en {label_b.lower()} die daar tegelijk lopen"
                + (
                    f", binnen {nl(rule.area_distance, 0)} m van elkaar"
                    if rule.area_distance is not None
                    else ""
                )
                + (f". Actie: {rule.action}" if rule.action else "")
                + f". Alle maatregelen per groep staan in {tables}.",
                small=True,
            ),
            Table(columns, rows),
        ]
        rest = len(part) - len(shown)
        if rest > 0:
            word = (
                ("gebied" if rest == 1 else "gebieden")
                if peak
                else ("groep" if rest == 1 else "groepen")
            )
            blocks.append(
                Paragraph.of(f"En nog {nl(rest)} kleinere {word}: zie {tables}.", small=True)
            )
    return blocks


#: Groups per rule in the overlap report (the largest; the rest are counted).
REPORT_GROUPS = 40


def per_area(groups: pd.DataFrame) -> pd.DataFrame:
    """The groups of each rule and area in one row: the periods, the peak counts, all teams.

    Parameters
    ----------
    groups : pandas.DataFrame
        :func:`all_groups`.

    Returns
    -------
    pandas.DataFrame
        Columns of the groups (``periode`` the periods' span, ``n_a``/``n_b`` the largest count
        in one period, ``teams_a``/``teams_b`` every team of the side, ``n_teams`` of both),
        plus ``n_perioden``; most teams first.
    """
    if not len(groups):
        return groups.assign(n_perioden=0)
    rows = []
    for (rule, area, code, name), part in groups.groupby(
        ["regel", "_gebied", "code", "naam"], sort=False
    ):
        teams_a = sorted({t for x in part["teams_a"] for t in str(x).split(", ")})
        teams_b = sorted({t for x in part["teams_b"] for t in str(x).split(", ")})
        rows.append(
            {
                "regel": rule,
                "_gebied": area,
                "code": code,
                "naam": name,
                "periode": _span(sorted(part["periode"].astype(str))),
                "n_perioden": len(part),
                "n_a": int(part["n_a"].max()),
                "n_b": int(part["n_b"].max()),
                "teams_a": ", ".join(teams_a),
                "teams_b": ", ".join(teams_b),
                "n_teams": len(set(teams_a) | set(teams_b)),
            }
        )
    out = pd.DataFrame(rows)
    out["_omvang"] = out["n_a"] + out["n_b"]
    out = out.sort_values(["n_teams", "_omvang", "code"], ascending=[False, False, True])
    return out.drop(columns="_omvang").reset_index(drop=True)


def _names(joined: object, most: int = 3) -> str:
    """The first names of a side, and how many more.

    Examples
    --------
    >>> _names("a; b; c", 2)
    'a, b en 1 meer'
    """
    names = [n for n in str(joined).split("; ") if n]
    shown = ", ".join(names[:most])
    return shown + (f" en {len(names) - most} meer" if len(names) > most else "")


def _span(labels: list[str]) -> str:
    """``2025–2031`` for a run of whole years, else the first and last with the count.

    Examples
    --------
    >>> _span(["2025", "2026", "2027"]), _span(["2025", "2027"]), _span(["2026-K1"])
    ('2025–2027', '2025, 2027', '2026-K1')
    """
    if len(labels) == 1:
        return labels[0]
    if all(x.isdigit() for x in labels) and int(labels[-1]) - int(labels[0]) == len(labels) - 1:
        return f"{labels[0]}–{labels[-1]}"
    if len(labels) <= 3:
        return ", ".join(labels)
    return f"{labels[0]} t/m {labels[-1]} ({len(labels)} perioden)"


def report_section(
    result: RunResult, level: str, *, limit: int | None = REPORT_GROUPS
) -> list[Block]:
    """The overlap report's integration section: per rule one row per area, largest first.

    Parameters
    ----------
    result : planner.RunResult
        The run.
    level : str
        The level the report is per (groups of other levels are placed in its areas).
    limit : int, optional
        Areas per rule; the rest are counted.

    Returns
    -------
    list of Block
        Nothing when the rules have no same-area rule.
    """
    if not any(r.same_area for r in result.rules.rules):
        return []
    groups = all_groups(result.groups, result.areas.get(level))
    areas = per_area(groups)
    total = len(groups)
    blocks: list[Block] = [
        Heading(f"Samenhang: {nl(total)} {'groep' if total == 1 else 'groepen'}", new_page=True),
        Paragraph.of(
            "Integratie is een feit over een gebied in een periode: deze fysieke en deze sociale "
            "maatregelen lopen hier tegelijk, en deze teams moeten elkaar spreken. Daarom geen "
            f"lijst van elk paar, maar per {level} de perioden met samenhang, het grootste aantal "
            "maatregelen aan elke kant in één periode en alle teams om te verbinden; de gebieden "
            "met de meeste teams eerst. De gebiedsdagboekjes geven de groepen per periode."
        ),
    ]
    if not total:
        blocks.append(Paragraph.of("Geen samenhang volgens de regels."))
    return blocks + group_blocks(
        areas, result.rules, limit=limit, tables=_tables_named(result), peak=True
    )


def area_section(result: RunResult, groups: pd.DataFrame, position: int) -> list[Block]:
    """A booklet's integration section: the groups of one area, one row per period and rule.

    Parameters
    ----------
    result : planner.RunResult
        The run.
    groups : pandas.DataFrame
        :func:`all_groups` at the booklet's level.
    position : int
        The area's position.

    Returns
    -------
    list of Block
        Nothing when the rules have no same-area rule.
    """
    if not any(r.same_area for r in result.rules.rules):
        return []
    own = groups[groups["_gebied"] == position] if len(groups) else groups
    if len(own):
        own = own.sort_values(["regel", "periode"], kind="stable")
    blocks: list[Block] = [
        Heading(f"Samenhang: wie verbinden we? ({len(own)})", new_page=True),
    ]
    if not len(own):
        return blocks + [Paragraph.of("Geen samenhang volgens de regels.")]
    return blocks + group_blocks(own, result.rules, with_area=False, tables=_tables_named(result))


def _tables_named(result) -> str:
    names = [f"samenhang_{level}" for level in result.groups] or ["samenhang_<niveau>"]
    return " en ".join(names)
