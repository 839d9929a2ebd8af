"""The live index agrees with a full run after any sequence of inserts, updates and deletes."""

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import InputError
from planner.live import LiveIndex
from planner.overlaps import find_overlaps
from planner.read import measures_from_frame
from planner.rules import load_rules
from tests.planner.test_areas import square

KINDS = [
    {"domein": "onderhoud", "thema": "riolering"},
    {"domein": "interventie", "thema": "verharding"},
    {"domein": "sociaal", "thema": "welzijn"},
    {"domein": "initiatief", "thema": "groen"},
    {"domein": "interventie", "thema": "groen"},
]
coord = st.integers(min_value=0, max_value=600)


@st.composite
def measure(draw, k):
    x, y = 100_000 + draw(coord), 480_000 + draw(coord)
    shape = draw(st.sampled_from(["point", "line", "polygon", "none"]))
    geom = {
        "point": shapely.Point(x, y),
        "line": shapely.LineString([(x, y), (x + 80, y + draw(st.integers(0, 40)))]),
        "polygon": shapely.box(x, y, x + 30, y + 30),
        "none": None,
    }[shape]
    year = draw(st.integers(2025, 2028))
    return {
        "id": f"m{k}",
        "naam": f"maatregel {k}",
        **draw(st.sampled_from(KINDS)),
        "start": f"{year}-{draw(st.sampled_from(['03', '09']))}",
        "eind": f"{year + draw(st.integers(0, 1))}",
        "gebiedscode": draw(st.sampled_from(["W1", "W2"])),
        "geometry": geom,
    }


def normalised(records):
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:28992")
    ms = measures_from_frame(frame)
    assert not len(ms.rejected)
    return ms.measures


def pair_set(pairs):
    return sorted(zip(pairs["measure_a"], pairs["measure_b"], pairs["rule"], strict=True))


@pytest.fixture(scope="module")
def areas():
    from planner.areas import Areas, Partition, _derive_nesting

    wijk = gpd.GeoDataFrame(
        {"code": ["W1", "W2"], "naam": ["west", "oost"], "inwoners": [1, 1]},
        geometry=[
            shapely.from_wkt(square(99_900, 479_900, 100_300, 480_800)),
            shapely.from_wkt(square(100_300, 479_900, 100_800, 480_800)),
        ],
        crs="EPSG:28992",
    )
    parts = Areas([Partition("wijk", wijk, "test")])
    _derive_nesting(parts)
    return parts


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_live_checks_equal_a_full_run_after_edits(data, areas):
    rules = load_rules()
    n = data.draw(st.integers(2, 14))
    records = [data.draw(measure(k)) for k in range(n)]
    start = data.draw(st.integers(1, n))
    area_pairs = data.draw(st.booleans())
    live = LiveIndex(normalised(records[:start]), rules, areas, area_pairs=area_pairs)
    current = {r["id"]: r for r in records[:start]}
    for rec in records[start:]:
        live.insert(normalised([rec]))
        current[rec["id"]] = rec
    for _ in range(data.draw(st.integers(0, 6))):
        target = data.draw(st.sampled_from(sorted(current)))
        if data.draw(st.booleans()) and len(current) > 1:
            live.delete(target)
            del current[target]
        else:
            changed = data.draw(measure(int(target[1:])))
            live.update(normalised([changed]))
            current[target] = changed
    full = find_overlaps(
        normalised(list(current.values())), rules, areas=areas, area_pairs=area_pairs
    )
    expected = pair_set(full)
    assert len(live) == len(current)
    for measure_id in current:
        checked = live.check(measure_id)
        mine = [p for p in expected if measure_id in p[:2]]
        assert pair_set(checked) == mine
        # the columns a full run gives, so the panel can show the same explanation
        assert list(checked.columns) == list(full.columns)


def test_moving_a_measure_away_drops_its_pairs_and_back_restores_them(areas):
    rules = load_rules()
    sewer = {
        "id": "riool",
        "naam": "riool",
        **KINDS[0],
        "start": "2026",
        "geometry": shapely.LineString([(100_000, 480_000), (100_100, 480_000)]),
    }
    paving = {
        "id": "asfalt",
        "naam": "asfalt",
        **KINDS[1],
        "start": "2027",
        "geometry": shapely.LineString([(100_000, 480_010), (100_100, 480_010)]),
    }
    live = LiveIndex(normalised([sewer, paving]), rules, areas)
    assert "werk-met-werk" in set(live.check("riool")["rule"])
    live.update(
        normalised(
            [{**paving, "geometry": shapely.LineString([(100_000, 480_500), (100_100, 480_500)])}]
        )
    )
    assert live.check("riool").empty
    assert live.check("asfalt").empty
    live.update(normalised([{**paving, "start": "2031"}]))
    assert "werk-met-werk" not in set(live.check("riool")["rule"])
    live.update(normalised([paving]))
    assert "werk-met-werk" in set(live.check("riool")["rule"])


def test_delete_and_unknown_ids(areas):
    rules = load_rules()
    live = LiveIndex(
        normalised(
            [
                {
                    "id": "a",
                    "naam": "a",
                    **KINDS[0],
                    "start": "2026",
                    "geometry": shapely.Point(100_000, 480_000),
                }
            ]
        ),
        rules,
        areas,
    )
    with pytest.raises(InputError, match="staat al"):
        live.insert(
            normalised(
                [
                    {
                        "id": "a",
                        "naam": "a",
                        **KINDS[0],
                        "start": "2026",
                        "geometry": shapely.Point(100_000, 480_000),
                    }
                ]
            )
        )
    live.delete("a")
    live.delete("a")  # twice: no error
    assert len(live) == 0
    with pytest.raises(InputError, match="staat niet"):
        live.check("a")


def test_check_is_local_on_the_sample(sample_dir):
    """On the sample programme a check looks at a small neighbourhood, not the programme."""
    from planner.areas import read_areas
    from planner.read import read_measures

    ms = read_measures(sample_dir / "voorbeeldprogramma.gpkg")
    areas = read_areas(sample_dir / "haarlem_wijken_2024.gpkg")
    rules = load_rules()
    live = LiveIndex(ms, rules, areas)
    full = find_overlaps(ms, rules, areas=areas)
    ids = ms.measures["id"].to_numpy()[::97]
    for measure_id in ids:
        assert pair_set(live.check(measure_id)) == [
            p for p in pair_set(full) if measure_id in p[:2]
        ]
    sizes = pd.Series([len(live.candidates(i)) for i in ids])
    assert sizes.max() < len(ms.measures) / 2
