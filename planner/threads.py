"""Both cores for the heavy array work: GEOS queries run in threads, without the GIL.

Shapely releases Python's global lock inside STRtree queries and its vectorised functions, so
chunks of one bulk query run side by side in a thread pool. Results are put back together in
input order, so the answers do not depend on the number of threads.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import numpy as np
import shapely

__all__ = ["workers", "in_order", "streamed", "bulk_query", "elementwise", "beside"]

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """The number of threads: the cores this process may use (``GEBIEDSPLANNER_THREADS`` sets it).

    Returns
    -------
    int
        At least 1.
    """
    wanted = os.environ.get("GEBIEDSPLANNER_THREADS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def in_order(func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """``func`` over ``items`` on :func:`workers` threads; results in the order of ``items``.

    Parameters
    ----------
    func : callable
        Work that spends its time outside the GIL (GEOS, numpy).
    items : iterable
        The chunks.

    Returns
    -------
    iterator
        ``func(item)`` for each item, in order.

    Examples
    --------
    >>> list(in_order(lambda x: x * x, range(5)))
    [0, 1, 4, 9, 16]
    """
    items = list(items)
    if workers() == 1 or len(items) < 2:
        return (func(item) for item in items)
    # all results at once: the callers join them all (streamed hands each on as it is done)
    return iter(list(streamed(func, items)))


def streamed(func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """:func:`in_order`, with each result handed on as soon as it and those before it are done.

    At most two items per worker are being worked on or waiting to be taken, so a long run of
    large results (slices of a file's text) is never all in memory at once.

    Parameters
    ----------
    func : callable
        Work that spends its time outside the GIL.
    items : iterable
        The chunks.

    Yields
    ------
    object
        ``func(item)`` for each item, in order.

    Examples
    --------
    >>> list(streamed(lambda x: x * x, range(5)))
    [0, 1, 4, 9, 16]
    """
    n = workers()
    if n == 1:
        yield from (func(item) for item in items)
        return
    with ThreadPoolExecutor(max_workers=n) as pool:
        waiting: deque[Future[R]] = deque()
        for item in items:
            if len(waiting) >= 2 * n:
                yield waiting.popleft().result()
            waiting.append(pool.submit(func, item))
        while waiting:
            yield waiting.popleft().result()


def bulk_query(
    tree: shapely.STRtree,
    geoms: np.ndarray,
    predicate: str,
    *,
    distance: float | None = None,
    chunk: int = 50_000,
) -> tuple[np.ndarray, np.ndarray]:
    """``tree.query(geoms, predicate)`` in chunks on :func:`workers` threads.

    Parameters
    ----------
    tree : shapely.STRtree
        The tree.
    geoms : numpy.ndarray
        The query geometries.
    predicate : str
        A predicate of :meth:`shapely.STRtree.query`.
    distance : float, optional
        For ``dwithin``.
    chunk : int
        Geometries per chunk.

    Returns
    -------
    tuple of numpy.ndarray
        Positions in ``geoms`` and in the tree, as one ``tree.query`` call returns them.

    Examples
    --------
    >>> tree = shapely.STRtree(shapely.points([0, 10], [0, 0]))
    >>> q, t = bulk_query(tree, shapely.points([1, 9, 50], [0, 0, 0]), "dwithin",
    ...                   distance=2, chunk=1)
    >>> q.tolist(), t.tolist()
    ([0, 1], [0, 1])
    """
    kwargs = {"distance": distance} if distance is not None else {}
    starts = range(0, len(geoms), chunk)

    def one(start: int) -> np.ndarray:
        found = tree.query(geoms[start : start + chunk], predicate=predicate, **kwargs)
        found[0] += start
        return found

    parts = list(in_order(one, starts))
    if not parts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    found = np.concatenate(parts, axis=1)
    return found[0], found[1]


def elementwise(
    func: Callable[..., np.ndarray], *arrays: np.ndarray, chunk: int = 50_000
) -> np.ndarray:
    """``func(*arrays)`` for a vectorised GEOS function, in chunks on :func:`workers` threads.

    Parameters
    ----------
    func : callable
        Works element by element on equally long arrays (``shapely.distance``,
        ``shapely.intersection``, ...), so chunks can be joined end to end.
    *arrays : numpy.ndarray
        Its arguments, all of one length.
    chunk : int
        Elements per chunk.

    Returns
    -------
    numpy.ndarray
        What ``func(*arrays)`` returns.

    Examples
    --------
    >>> a = shapely.points([0, 1, 2], [0, 0, 0])
    >>> elementwise(shapely.distance, a, shapely.points([3, 3, 3], [4, 0, 0]), chunk=2).tolist()
    [5.0, 2.0, 1.0]
    """
    n = len(arrays[0])
    if n <= chunk:
        return func(*arrays)
    parts = in_order(lambda s: func(*(a[s : s + chunk] for a in arrays)), range(0, n, chunk))
    return np.concatenate(list(parts))


def beside(func: Callable[..., R], *args: object) -> Future[R]:
    """Start ``func(*args)`` on a thread of its own while the caller goes on.

    For work that spends its time outside the GIL (GEOS, numpy, Arrow) and does not depend on
    what the caller does meanwhile. With one worker (:func:`workers`) it runs at once, here.

    Parameters
    ----------
    func : callable
        The work.
    *args
        Its arguments.

    Returns
    -------
    concurrent.futures.Future
        ``result()`` waits for the answer, or raises what ``func`` raised.

    Examples
    --------
    >>> beside(sorted, [3, 1, 2]).result()
    [1, 2, 3]
    """
    if workers() == 1:
        done: Future[R] = Future()
        try:
            done.set_result(func(*args))
        except BaseException as exc:  # handed to result(), as from a thread
            done.set_exception(exc)
        return done
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(func, *args)
    finally:
        pool.shutdown(wait=False)  # the thread ends when the work does
