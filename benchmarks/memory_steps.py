"""Where a run's memory goes: the time and peak memory of each step of ``planner.run``.

``python benchmarks/memory_steps.py PROGRAMME AREAS OUT [--write-behind] [--period month]``
runs the whole analysis with the tables written (no reports) and prints one line per step: its
seconds, the most the run's process and its children held during it (``VmRSS`` summed over the
process tree, sampled every 50 ms, :mod:`memory`) and what the process holds when the step
ends. Without ``--write-behind`` everything happens in one process (the writer's work
included); with it, the tables are written by a second process as the command line does, and
its memory is counted too. ``--period`` stacks by the quarter or the month instead of the year.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from memory import PeakSampler, tree_rss  # noqa: E402


class StepMemory:
    """The progress callback of ``planner.run``: closes one step and opens the next."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, float]] = []
        self._name, self._started = "beginnen", time.perf_counter()
        self._sampler = PeakSampler().start()

    def __call__(self, step: str, done: int = 0, total: int = 0) -> None:
        now = time.perf_counter()
        peak = self._sampler.stop() / 1024
        self.rows.append((self._name, now - self._started, peak, tree_rss() / 1024))
        print(f"{self._name:40s} {now - self._started:7.1f} s {peak:8.0f} MB", flush=True)
        self._name, self._started = step, now
        self._sampler = PeakSampler().start()

    def close(self) -> None:
        """End the last step."""
        self("einde")
        self._sampler.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("programme")
    parser.add_argument("areas")
    parser.add_argument("out", help="a new output folder")
    parser.add_argument("--write-behind", action="store_true", help="a second writer process")
    parser.add_argument("--period", default="year", choices=["year", "quarter", "month"])
    args = parser.parse_args()
    from planner.run import run

    steps = StepMemory()
    run(
        args.programme,
        args.areas,
        out=Path(args.out),
        reports=False,
        write_behind=args.write_behind,
        period=args.period,
        progress=steps,
    )
    steps.close()
    print(f"\n{'step':40s} {'time':>9s} {'peak':>11s} {'held after':>11s}")
    for name, seconds, peak, after in steps.rows:
        print(f"{name:40s} {seconds:7.1f} s {peak:8.0f} MB {after:8.0f} MB")


if __name__ == "__main__":
    main()
