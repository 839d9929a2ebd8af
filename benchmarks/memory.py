"""Peak memory of a benchmark step: its processes and all they started, sampled every 50 ms.

``VmRSS`` of each process in ``/proc``, summed over the process tree (a run's writer, a dask
cluster's workers, a PostgreSQL server), and ``VmHWM``, the exact peak of this process alone.
Not ``getrusage``'s ``ru_maxrss``: Linux carries a parent's peak over fork and exec into it, so a
step started by a benchmark that holds a large programme would report at least that size.
"""

from __future__ import annotations

import os
import threading


def tree_rss(pids: list[int] | None = None) -> int:
    """Resident memory of ``pids`` (this process by default) and all their descendants, in kB."""
    total, todo = 0, list(pids or [os.getpid()])
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/status") as status:
                total += next(int(x.split()[1]) for x in status if x.startswith("VmRSS:"))
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as children:
                    todo.extend(int(c) for c in children.read().split())
        except (OSError, StopIteration):
            continue
    return total


def own_peak() -> int:
    """This process's own exact peak (``VmHWM``), in kB."""
    with open("/proc/self/status") as status:
        return next(int(x.split()[1]) for x in status if x.startswith("VmHWM:"))


class PeakSampler:
    """The most that ``pids`` and their descendants held together, from :meth:`start` on.

    Examples
    --------
    >>> sampler = PeakSampler().start()
    >>> sampler.stop() > 0
    True
    """

    def __init__(self, pids: list[int] | None = None) -> None:
        self.pids = pids
        self.peak_kb = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.peak_kb = max(self.peak_kb, tree_rss(self.pids))
            if self._done.wait(0.05):
                return

    def start(self) -> PeakSampler:
        """Begin sampling (in a daemon thread)."""
        self._thread.start()
        return self

    def stop(self) -> int:
        """End sampling; the peak in kB."""
        self._done.set()
        self._thread.join()
        return self.peak_kb


__all__ = ["PeakSampler", "own_peak", "tree_rss"]
