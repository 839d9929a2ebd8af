"""The grid join gives exactly the pairs of boxes that come within the distance."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planner.box_grid as box_grid
from planner.box_grid import BoxJoin


def _boxes(draw, n):
    rows = []
    for _ in range(n):
        x, y = draw(st.integers(-50, 400)), draw(st.integers(-50, 400))
        # mostly small, some wide (many cells), some points (no size)
        w = draw(st.sampled_from([0, 0, 1, 5, 20, 60, 300]))
        h = draw(st.sampled_from([0, 1, 5, 20, 300]))
        rows.append((x + 0.5, y, x + 0.5 + w, y + h))
    return np.array(rows, float).reshape(-1, 4)


@st.composite
def sides(draw):
    a = _boxes(draw, draw(st.integers(0, 30)))
    b = _boxes(draw, draw(st.integers(0, 30)))
    return a, b


def brute(a, b, reach, same):
    found = set()
    for p in range(len(a)):
        for q in range(len(b)):
            near = (
                a[p, 0] - reach <= b[q, 2]
                and a[p, 2] + reach >= b[q, 0]
                and a[p, 1] - reach <= b[q, 3]
                and a[p, 3] + reach >= b[q, 1]
            )
            if near and not (same and p >= q):
                found.add((p, q))
    return found


def joined(a, b, reach, same):
    join = BoxJoin(a, b, reach, same=same)
    pairs = [tuple(map(int, pq)) for c in join.chunks for pq in zip(*join.pairs(c), strict=True)]
    assert len(pairs) == len(set(pairs))  # every pair once
    return set(pairs)


@pytest.mark.parametrize("budget, large", [(10**9, 10**9), (3, 2), (1, 1)])
@settings(max_examples=150, deadline=None)
@given(boxes=sides(), reach=st.sampled_from([0.0, 0.5, 5.0, 25.0, 100.0]))
def test_the_grid_join_equals_brute_force(boxes, reach, budget, large):
    a, b = boxes
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(box_grid, "BUDGET", budget)
        patch.setattr(box_grid, "LARGE", large)
        assert joined(a, b, reach, False) == brute(a, b, reach, False)
        assert joined(a, a, reach, True) == brute(a, a, reach, True)


def test_boxes_that_only_touch_after_the_distance_are_pairs():
    # exactly the distance apart, on a cell border: still a pair, once
    a = np.array([[0.0, 0.0, 10.0, 10.0], [35.0, 0.0, 45.0, 10.0], [35.0, 35.0, 45.0, 45.0]])
    assert joined(a, a, 25.0, True) == {(0, 1), (1, 2), (0, 2)}
    assert joined(a, a, 24.999, True) == set()


def test_points_at_distance_zero_far_apart_are_numbered_without_overflow():
    # cells cannot shrink to the size of a point: national coordinates, distance 0
    a = np.array([[10.0, 300000.0, 10.0, 300000.0], [280000.0, 620000.0, 280000.0, 620000.0]])
    a = np.concatenate([a, a[:1]])
    assert joined(a, a, 0.0, True) == {(0, 2)}
    assert joined(a, a[1:], 0.0, False) == {(0, 1), (1, 0), (2, 1)}


@settings(max_examples=60, deadline=None)
@given(
    boxes=sides(), distance=st.sampled_from([0.0, 5.0, 25.0]), budget=st.sampled_from([2, 10**9])
)
def test_near_pairs_are_the_geometries_within_the_distance_that_keep_allows(
    boxes, distance, budget
):
    import shapely

    from planner.box_grid import near_pairs

    a, b = boxes
    # lines along the boxes' diagonals (points where a box has no size), one missing, one empty
    ga = shapely.linestrings([[(r[0], r[1]), (r[2], r[3])] for r in a]) if len(a) else a[:0, 0]
    gb = shapely.linestrings([[(r[0], r[1]), (r[2], r[3])] for r in b]) if len(b) else b[:0, 0]
    ga, gb = np.asarray(ga, dtype=object), np.asarray(gb, dtype=object)
    if len(ga) > 2:
        ga[0], ga[1] = None, shapely.LineString()

    def keep(p, q):  # any cheap test on the positions, here an odd sum
        return (p + q) % 2 == 1

    def by_hand(g, h, same):
        return {
            (p, q)
            for p in range(len(g))
            for q in range(len(h))
            if not (same and p >= q)
            and (p + q) % 2 == 1
            and g[p] is not None
            and not shapely.is_empty(g[p])
            and shapely.dwithin(g[p], h[q], distance)
        }

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(box_grid, "BUDGET", budget)
        p, q = near_pairs(ga, gb, distance, keep=keep)
        assert set(zip(p.tolist(), q.tolist(), strict=True)) == by_hand(ga, gb, False)
        assert len(p) == len(set(zip(p.tolist(), q.tolist(), strict=True)))
        p, q = near_pairs(ga, ga, distance, same=True, keep=keep)
        assert set(zip(p.tolist(), q.tolist(), strict=True)) == by_hand(ga, ga, True)
