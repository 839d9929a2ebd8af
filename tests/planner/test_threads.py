"""Work on threads gives the answers of work in order: the thread helpers, and the reader's
geometry checks that run beside its text columns."""

import pandas as pd
import pytest

from planner.errors import InputError
from planner.threads import beside


def _fails(message: str) -> None:
    raise InputError(message)


@pytest.mark.parametrize("threads", ["1", "2"])
def test_beside_gives_the_answer_or_the_error_of_the_work(threads, monkeypatch):
    monkeypatch.setenv("GEBIEDSPLANNER_THREADS", threads)
    assert beside(sorted, [3, 1, 2]).result() == [1, 2, 3]
    job = beside(_fails, "De geometrie is niet om te rekenen")
    with pytest.raises(InputError, match="niet om te rekenen"):
        job.result()


def test_the_reader_gives_the_same_with_one_thread_or_two(monkeypatch):
    # the sample programme has rejections, notes and repaired geometry: the geometry's checks
    # on a thread of their own change none of them
    from planner.read import read_measures
    from planner.run import sample_inputs

    path = sample_inputs()["measures"]
    read = {}
    for threads in ("1", "2"):
        monkeypatch.setenv("GEBIEDSPLANNER_THREADS", threads)
        read[threads] = read_measures(path)
    one, two = read["1"], read["2"]
    assert len(one.rejected) and (one.notes["veld"] == "geometrie").any()
    pd.testing.assert_frame_equal(one.measures, two.measures)
    pd.testing.assert_frame_equal(one.rejected, two.rejected)
    pd.testing.assert_frame_equal(one.notes, two.notes)
    assert one.sources == two.sources


def test_streamed_gives_results_in_order_and_works_only_a_little_ahead(monkeypatch):
    import random
    import threading
    import time

    from planner.threads import streamed

    monkeypatch.setenv("GEBIEDSPLANNER_THREADS", "2")
    started = []
    lock = threading.Lock()

    def work(k: int) -> int:
        with lock:
            started.append(k)
        time.sleep(random.uniform(0, 0.01))
        return k * k

    results = streamed(work, range(40))
    assert next(results) == 0
    assert len(started) <= 4  # two per worker, not all forty
    assert list(results) == [k * k for k in range(1, 40)]
    assert sorted(started) == list(range(40))
