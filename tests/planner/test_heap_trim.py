"""Freed memory goes back to the system between a run's steps (glibc's malloc_trim)."""

import ctypes.util
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from planner.heap_trim import trim_heap


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1e6


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or "musl" in (ctypes.util.find_library("c") or ""),
    reason="malloc_trim is glibc's",
)
def test_memory_freed_by_threads_goes_back_to_the_system():
    # many small pieces allocated on other threads (as GEOS and Arrow do), the first three
    # quarters of each thread's freed and the rest still used: glibc keeps those pages for
    # reuse until asked
    def pieces(_: int) -> list[bytes]:
        return [bytes(1500) for _ in range(100_000)]

    with ThreadPoolExecutor(4) as pool:
        held = list(pool.map(pieces, range(4)))
    for part in held:
        del part[:75_000]
    before = _resident_mb()
    assert trim_heap()
    after = _resident_mb()
    assert before - after > 150, (before, after)  # about 450 MB were freed
    assert sum(len(p) for p in held) == 100_000  # what is still used stays
