"""Candidate pairs of boxes that come within a distance: a hash join on a uniform grid.

The distance rules need, of every measure, the measures whose boxes come within the rule's
distance; the exact distance then decides. An STRtree answers this one query box at a time;
here the whole programme is answered at once with array operations. Each box, widened by half
the distance, is entered in every grid cell it touches; two boxes that come within the
distance share a cell, and of the cells they share only one is theirs: the cell of the
lower-left corner of the overlap of the two widened boxes, so every pair comes out once. The
cells are cut to a size near the size of the boxes, so most boxes touch one to four of them.

A box that would touch more than :data:`LARGE` cells (a route of many kilometres) is answered
by an STRtree instead, so one long line does not fill the grid.

The candidates are exactly those an STRtree query with the widened boxes gives: every pair
whose boxes, one widened by the distance, meet (borders included).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely

from planner.threads import in_order

__all__ = ["BoxJoin", "LARGE", "BUDGET", "near_pairs"]

#: Cells a widened box may touch before it is answered by an STRtree.
LARGE = 1024
#: Candidate pairs per chunk: bounds the memory however dense the programme is.
BUDGET = 1_000_000


def _cells(bounds: np.ndarray, half: float, size: float):
    x0 = np.floor((bounds[:, 0] - half) / size).astype(np.int64)
    y0 = np.floor((bounds[:, 1] - half) / size).astype(np.int64)
    x1 = np.floor((bounds[:, 2] + half) / size).astype(np.int64)
    y1 = np.floor((bounds[:, 3] + half) / size).astype(np.int64)
    return x0, y0, x1 - x0 + 1, y1 - y0 + 1


def _cell_size(bounds: np.ndarray, half: float) -> float:
    """Near the size of most boxes, never so small that the cells cannot be numbered."""
    if not len(bounds):
        return 1.0
    extent = np.maximum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]) + 2 * half
    span = max(np.ptp(bounds[:, [0, 2]]), np.ptp(bounds[:, [1, 3]])) + 2 * half
    return float(max(4 * half, np.quantile(extent, 0.75), span / 2**26, 1e-9))


class BoxJoin:
    """Every pair of a box of side a and a box of side b that come within ``reach``.

    Within a cell the entries are ordered by their left edge, and each is paired only with
    the entries after it whose left edge lies before its right edge (a sweep): in a crowded
    cell, boxes side by side are not all paired with each other.

    Parameters
    ----------
    bounds_a, bounds_b : numpy.ndarray
        ``(n, 4)`` arrays of xmin, ymin, xmax, ymax, no missing values.
    reach : float
        The distance, in the units of the bounds.
    same : bool
        Both sides are the same boxes: each unordered pair comes once, as ``(p, q)`` with
        ``p < q``, and no box is paired with itself.

    Examples
    --------
    >>> b = np.array([[0, 0, 1, 1], [3, 0, 4, 1], [10, 10, 11, 11]], float)
    >>> join = BoxJoin(b, b, 2.0, same=True)
    >>> [tuple(map(int, p)) for c in join.chunks for p in zip(*join.pairs(c))]
    [(0, 1)]
    """

    def __init__(
        self, bounds_a: np.ndarray, bounds_b: np.ndarray, reach: float, *, same: bool = False
    ) -> None:
        self.a, self.b, self.reach, self.same = bounds_a, bounds_b, reach, same
        # half the distance on each side, a hair wider: the cells and the sweep only narrow,
        # the box test (the whole distance on side a, as an STRtree query box) decides
        self.half = half = reach / 2 * (1 + 1e-9) + 1e-9
        both = bounds_a if same else np.concatenate([bounds_a, bounds_b])
        self.size = size = _cell_size(both, half)
        cells = _cells(both, half, size)
        x0, y0, nx, ny = cells
        big = nx * ny > LARGE
        n_a = len(bounds_a)
        self.large_a = np.flatnonzero(big[:n_a])
        self.large_b = self.large_a if same else np.flatnonzero(big[n_a:])
        x_base, y_base = int(x0.min(initial=0)), int(y0.min(initial=0))
        width = int((x0 + nx).max(initial=0)) - x_base + 1
        self._cell = (x_base, y_base, width)
        # the entries: every (cell, box) of the small boxes of both sides, the boxes taken in
        # the order of their first cell, so the entries come nearly sorted and every gather
        # below reads memory in order (a million boxes in the order of the file: random reads)
        rows = np.flatnonzero(~big)
        rows = rows[np.argsort((y0[rows] - y_base) * width + (x0[rows] - x_base), kind="stable")]
        x0, y0, nx, ny, boxes = x0[rows], y0[rows], nx[rows], ny[rows], both[rows]
        n = nx * ny
        owner = np.repeat(np.arange(len(rows)), n)
        k = np.arange(int(n.sum()), dtype=np.int64) - np.repeat(np.cumsum(n) - n, n)
        step = nx[owner]
        cx = x0[owner] + k % step
        key = (y0[owner] + k // step - y_base) * width + (cx - x_base)
        lo, hi = boxes[owner, 0] - half, boxes[owner, 2] + half
        room = (int(nx.max(initial=0)) + 2) * size  # wider than any box's cells
        # one sorted number per entry: its cell, then its left edge within the cell; the cell's
        # number itself while the sum stays exact enough, else the cell's rank
        if int(key.max(initial=0)) * (room / size) < 1e12:
            left = key * (2 * room) + (lo - cx * size + room)
            order = np.argsort(left, kind="stable")  # nearly sorted already
            key, owner, cx, lo, hi, left = (v[order] for v in (key, owner, cx, lo, hi, left))
            base = key * (2 * room)
        else:
            order = np.lexsort((lo, key))
            key, owner, cx, lo, hi = (v[order] for v in (key, owner, cx, lo, hi))
            rank = np.cumsum(np.r_[True, key[1:] != key[:-1]]) - 1 if len(key) else key
            base = rank * (2 * room)
            left = base + (lo - cx * size + room)
        right = base + (np.minimum(hi - cx * size, size) + room)
        # the entries after each one in its cell whose left edge is not past its right edge
        # (a hair more: the box test decides)
        end = np.searchsorted(left, right + 1e-6 * room, side="right")
        # each entry's box, in entry order: the pairs of a cell read neighbouring memory
        self.box = [boxes[owner, c] for c in range(4)]  # a gather is a copy already
        self.key, self.owner = key, rows[owner]
        if same:
            self.others = np.arange(len(key))
            self.first = np.arange(1, len(key) + 1)
            self.count = end - self.first
        else:
            # a pair comes from whichever of its two entries is first: the other side's
            # entries among the ones after it
            is_b = self.owner >= n_a
            before_b = np.r_[0, np.cumsum(is_b)]  # side-b entries before each position
            before_a = np.arange(len(key) + 1) - before_b
            self.others = np.r_[np.flatnonzero(~is_b), np.flatnonzero(is_b)]
            split = int((~is_b).sum())
            after = np.arange(1, len(key) + 1)
            self.first = np.where(is_b, before_a[after], split + before_b[after])
            last = np.where(is_b, before_a[end], split + before_b[end])
            self.count = last - self.first
        self.count = np.maximum(self.count, 0)
        # chunks of entries with about BUDGET candidates each
        total = np.cumsum(self.count)
        last = int(total[-1]) if len(total) else 0
        cuts = np.searchsorted(total, np.arange(BUDGET, last, BUDGET))
        edges = np.unique(np.r_[0, cuts + 1, len(self.count)].clip(0, len(self.count)))
        self.chunks: list[tuple[int, int]] = [
            (int(s), int(e)) for s, e in zip(edges[:-1], edges[1:], strict=True) if e > s
        ]
        if len(self.large_a) or len(self.large_b):
            self.chunks.append((-1, -1))  # the large boxes, through a tree
        self._n_a = n_a

    def pairs(self, chunk: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """The candidate pairs of one chunk, as rows of side a and of side b.

        Parameters
        ----------
        chunk : tuple of int
            One of :attr:`chunks`.

        Returns
        -------
        tuple of numpy.ndarray
            Rows of ``bounds_a`` and of ``bounds_b``; every pair of the join comes in exactly
            one chunk.
        """
        if chunk == (-1, -1):
            return self._large()
        s, e = chunk
        count = self.count[s:e]
        m = int(count.sum())
        entry = np.repeat(np.arange(s, e), count)
        other = np.repeat(self.first[s:e], count) + (
            np.arange(m, dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
        )
        if not self.same:
            other = self.others[other]
        # the box test reads the same both ways: with the distance on either side
        x0, y0, x1, y1 = self.box
        r = self.reach
        keep = (
            (x0[entry] - r <= x1[other])
            & (x1[entry] + r >= x0[other])
            & (y0[entry] - r <= y1[other])
            & (y1[entry] + r >= y0[other])
        )
        entry, other = entry[keep], other[keep]
        # the pair's own cell: where the overlap of the two widened boxes begins
        x_base, y_base, width = self._cell
        x = np.floor((np.maximum(x0[entry], x0[other]) - self.half) / self.size)
        y = np.floor((np.maximum(y0[entry], y0[other]) - self.half) / self.size)
        own = (y.astype(np.int64) - y_base) * width + (x.astype(np.int64) - x_base)
        keep = own == self.key[entry]
        p, q = self.owner[entry[keep]], self.owner[other[keep]]
        if self.same:
            return np.minimum(p, q), np.maximum(p, q)
        # rows of both sides in one numbering, side a first
        flip = p >= self._n_a
        return np.where(flip, q, p), np.where(flip, p, q) - self._n_a

    def _large(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs with a large box on either side, through STRtrees.

        Side a's large boxes against all of b, then the rest of a against b's large ones (in
        ``same``, each unordered pair once).
        """

        def boxes(bounds: np.ndarray, widen: float) -> np.ndarray:
            lo, hi = bounds[:, :2] - widen, bounds[:, 2:] + widen
            return shapely.box(lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1])

        found_p, found_q = [], []
        if len(self.large_a):
            tree = shapely.STRtree(boxes(self.b, 0.0))
            k, q = tree.query(boxes(self.a[self.large_a], self.reach))
            found_p.append(self.large_a[k])
            found_q.append(q)
        if len(self.large_b) and not self.same:
            small = np.setdiff1d(np.arange(len(self.a)), self.large_a)
            tree = shapely.STRtree(boxes(self.a[small], self.reach))
            k, q = tree.query(boxes(self.b[self.large_b], 0.0))
            found_p.append(small[q])
            found_q.append(self.large_b[k])
        p = np.concatenate(found_p) if found_p else np.empty(0, np.int64)
        q = np.concatenate(found_q) if found_q else np.empty(0, np.int64)
        if self.same:
            large = np.zeros(len(self.a), bool)
            large[self.large_a] = True
            keep = (p != q) & (~large[q] | (p < q))
            p, q = np.minimum(p[keep], q[keep]), np.maximum(p[keep], q[keep])
        return p.astype(np.int64), q.astype(np.int64)


def near_pairs(
    geoms_a: np.ndarray,
    geoms_b: np.ndarray,
    distance: float,
    *,
    same: bool = False,
    keep: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of a geometry of side a and one of side b within ``distance``.

    The candidates come from one :class:`BoxJoin` of all boxes, in chunks of about
    :data:`BUDGET` pairs on all cores (:func:`planner.threads.in_order`), joined in order;
    ``keep``, a cheap test (the time), runs on the candidates before the exact distance.

    Parameters
    ----------
    geoms_a, geoms_b : numpy.ndarray
        Shapely geometries; missing and empty ones meet nothing.
    distance : float
        At most this far apart (``shapely.dwithin``), in the units of the geometries.
    same : bool
        Both sides are the same geometries: each unordered pair once, as ``(p, q)`` with
        ``p < q``.
    keep : callable, optional
        ``keep(p, q)`` -> boolean mask over candidate rows; called from several threads.

    Returns
    -------
    tuple of numpy.ndarray
        Positions in ``geoms_a`` and in ``geoms_b``.

    Examples
    --------
    >>> g = shapely.points([0, 3, 10], [0, 0, 0])
    >>> [tuple(map(int, p)) for p in zip(*near_pairs(g, g, 3.0, same=True))]
    [(0, 1)]
    """
    # A hair wider than the distance: the box test only narrows, the exact test decides.
    reach = distance * (1 + 1e-9) + 1e-9
    bounds_a = shapely.bounds(geoms_a)
    bounds_b = bounds_a if same else shapely.bounds(geoms_b)
    # a missing or empty geometry has no box and meets nothing
    ra, rb = np.flatnonzero(~np.isnan(bounds_a[:, 0])), np.flatnonzero(~np.isnan(bounds_b[:, 0]))
    join = BoxJoin(bounds_a[ra], bounds_b[rb], reach, same=same)

    def chunk(part: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        qa, qb = join.pairs(part)
        p, q = ra[qa], rb[qb]  # with same, qa < qb and so p < q
        if keep is not None:
            fits = keep(p, q)
            p, q = p[fits], q[fits]
        near = shapely.dwithin(geoms_a[p], geoms_b[q], distance)
        return p[near], q[near]

    found = list(in_order(chunk, join.chunks))
    if not found:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate([p for p, _ in found]), np.concatenate([q for _, q in found])
