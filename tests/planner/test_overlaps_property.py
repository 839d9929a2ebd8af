"""find_overlaps with a single rule equals a brute-force double loop, on random programmes."""

import geopandas as gpd
import pytest
import shapely
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import planner.box_grid as box_grid
from planner.overlaps import find_overlaps
from planner.read import measures_from_frame
from planner.rules import RuleSet, single_rule
from tests.planner.reference import brute_force_pairs

coord = st.integers(min_value=0, max_value=300)


@st.composite
def geometry(draw):
    kind = draw(st.sampled_from(["point", "line", "polygon", "none"]))
    x, y = draw(coord), draw(coord)
    if kind == "point":
        return shapely.Point(x, y)
    if kind == "line":
        return shapely.LineString([(x, y), (x + draw(coord) / 3, y + draw(coord) / 3 + 1)])
    if kind == "polygon":
        w, h = draw(st.integers(1, 60)), draw(st.integers(1, 60))
        return shapely.box(x, y, x + w, y + h)
    return None


@st.composite
def when(draw):
    # Few distinct dates, so that touching periods and exact gaps come up often.
    year = draw(st.integers(2025, 2027))
    month = draw(st.sampled_from([3, 6]))
    day = draw(st.sampled_from([1, 28]))
    kind = draw(st.sampled_from(["year", "month", "day", "quarter"]))
    return {
        "year": f"{year}",
        "month": f"{year}-{month:02d}",
        "day": f"{year}-{month:02d}-{day:02d}",
        "quarter": f"{year}-K{(month - 1) // 3 + 1}",
    }[kind]


@st.composite
def programme(draw):
    n = draw(st.integers(2, 25))
    rows = []
    for k in range(n):
        start = draw(when())
        end = draw(st.one_of(st.none(), when()))
        if end is not None and end < start:
            start, end = end, start
        rows.append(
            {
                "id": f"m{k}",
                "naam": f"m{k}",
                "domein": "onderhoud",
                "start": start,
                "eind": end,
                "gebiedscode": "X",
                "geometry": draw(geometry()),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")


def _frame(starts, ends, points):
    return gpd.GeoDataFrame(
        {
            "naam": [f"m{k}" for k in range(len(starts))],
            "domein": "onderhoud",
            "start": starts,
            "eind": ends,
        },
        geometry=[shapely.Point(p) for p in points],
        crs="EPSG:28992",
    )


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(  # two single days that touch: the edge of 'share at least one day'
    frame=_frame(["2026-03-28", "2026-03-01"], [None, "2026-03-28"], [(0, 0), (5, 0)]),
    distance=5,
    gap=0,
)
@example(  # two measures exactly a year apart at day resolution
    frame=_frame(["2026-03-01", "2027-03-01"], [None, None], [(0, 0), (5, 0)]),
    distance=25,
    gap=1,
)
@given(
    frame=programme(),
    distance=st.sampled_from([0, 5, 25, 60.5, 150]),
    gap=st.sampled_from([0, 0.5, 1, 2]),
)
def test_single_rule_equals_brute_force(frame, distance, gap):
    check_against_brute_force(frame, distance, gap)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=programme(), distance=st.sampled_from([5, 60.5]), gap=st.sampled_from([0, 1]))
def test_chunked_evaluation_gives_the_same_pairs(frame, distance, gap, monkeypatch_chunk):
    check_against_brute_force(frame, distance, gap)
    rules = single_rule(distance, gap)
    chunked = find_overlaps(measures_from_frame(frame), rules)
    monkeypatch_chunk.setattr(box_grid, "BUDGET", 10**9)
    monkeypatch_chunk.setattr(box_grid, "LARGE", 10**9)
    whole = find_overlaps(measures_from_frame(frame), rules)
    monkeypatch_chunk.setattr(box_grid, "BUDGET", 3)
    monkeypatch_chunk.setattr(box_grid, "LARGE", 2)
    cols = ["measure_a", "measure_b", "distance_m"]
    assert chunked[cols].equals(whole[cols])


def check_against_brute_force(frame, distance, gap):
    ms = measures_from_frame(frame)
    assert ms.n_read == len(frame)
    rules = single_rule(distance, gap)
    rule = rules.rules[0]
    found = find_overlaps(ms, rules)
    engine = {tuple(sorted(p)) for p in zip(found["measure_a"], found["measure_b"], strict=True)}
    assert len(engine) == len(found)  # each pair once
    assert engine == brute_force_pairs(ms.measures, distance, rule.time.kind, rule.time.months)


@pytest.fixture(scope="module")
def monkeypatch_chunk():
    """Chunks of three candidates, and boxes over two cells large, so that chunking and the
    tree for large boxes are exercised on small programmes."""
    patch = pytest.MonkeyPatch()
    patch.setattr(box_grid, "BUDGET", 3)
    patch.setattr(box_grid, "LARGE", 2)
    yield patch
    patch.undo()


@st.composite
def mixed_programme(draw):
    frame = draw(programme())
    n = len(frame)
    frame["domein"] = draw(
        st.lists(st.sampled_from(["interventie", "sociaal", "onderhoud"]), min_size=n, max_size=n)
    )
    frame["gebiedscode"] = draw(st.lists(st.sampled_from(["A", "B"]), min_size=n, max_size=n))
    return frame


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    frame=mixed_programme(),
    cap=st.sampled_from([None, 0, 25, 100]),
    sides=st.sampled_from(["apart", "shared"]),
    unit=st.sampled_from(["year", "quarter"]),
)
def test_groups_equal_brute_force(frame, cap, sides, unit):
    check_groups(frame, cap, sides, unit)


def test_the_group_reference_finds_what_it_should():
    # a physical measure, a social one 20 m away and one 300 m away, all in area A in 2026
    frame = _frame(["2026", "2026-06", "2026"], [None, None, None], [(10, 10), (30, 10), (10, 310)])
    frame = frame.assign(domein=["interventie", "sociaal", "sociaal"], gebiedscode="A")
    near = check_groups(frame, 25, "apart", "year")
    assert near == {(0, "2026", "a", "invoer-1"), (0, "2026", "b", "invoer-2")}
    assert len(check_groups(frame, None, "apart", "year")) == 3


def check_groups(frame, cap, sides, unit):
    import dataclasses

    from planner.areas import Areas, Partition, place_measures
    from planner.integration import find_groups
    from planner.rules import Selector, load_rules
    from tests.planner.reference import brute_force_groups

    areas = Areas(
        [
            Partition(
                "wijk",
                gpd.GeoDataFrame(
                    {"code": ["A", "B"], "naam": ["A", "B"], "inwoners": [1, 1]},
                    geometry=[shapely.box(0, 0, 150, 400), shapely.box(150, 0, 400, 400)],
                    crs="EPSG:28992",
                ),
            )
        ]
    )
    shipped = next(r for r in load_rules().rules if r.name == "fysiek-sociaal")
    # "shared": side a takes every measure, so a measure can be on both sides (not its own
    # partner): the engine's general path
    side_a = shipped.side_a if sides == "apart" else Selector()
    rule = dataclasses.replace(shipped, side_a=side_a, area_distance=cap)
    ms = measures_from_frame(frame)
    table = ms.measures.reset_index(drop=True)
    membership = place_measures(table, areas)[0]
    groups = find_groups(ms, RuleSet([rule]), areas, period=unit, membership=membership).get("wijk")
    engine = set()
    position = {"A": 0, "B": 1}
    for row in groups.itertuples() if groups is not None else []:
        for side, ids in (("a", row.maatregelen_a), ("b", row.maatregelen_b)):
            for measure in ids.split("; "):
                engine.add((position[row.code], row.periode, side, measure))
    mem = membership.loc[membership["niveau"] == "wijk"]
    # the sides by the measures' own fields, one at a time: no engine code decides them
    in_a = lambda r: not side_a.domains or r.domein in side_a.domains  # noqa: E731
    in_b = lambda r: r.domein in rule.side_b.domains  # noqa: E731
    expected = brute_force_groups(table, mem, in_a, in_b, cap, unit)
    assert engine == expected
    return engine
