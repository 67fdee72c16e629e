"""The worker process: real forked processes, no MkDocs (the build tests compare sites)."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator

import pytest

from mkdocs_dairly.worker import Worker, available

pytestmark = pytest.mark.skipif(not available(), reason="needs Linux and two CPUs")


def _pids(item: int) -> tuple[int, int]:
    return item, os.getpid()


def _slow(item: int) -> int:
    time.sleep(0.2)
    return item


@pytest.fixture
def worker() -> Iterator[Worker]:
    w = Worker({"pid": _pids, "slow": _slow, "square": lambda n: n * n})
    yield w
    w.close()


def test_results_come_back_in_order_from_the_other_process(worker: Worker) -> None:
    queue = worker.queue("pid", batch=3)
    for n in range(10):
        assert queue.add(n) == n
    results = queue.results()
    assert [n for n, _ in results] == list(range(10))
    assert {pid for _, pid in results} != {os.getpid()}
    assert worker.failure is None


def test_a_held_queue_sends_nothing_until_told(worker: Worker) -> None:
    queue = worker.queue("square", batch=2, hold=True)
    for n in range(5):
        queue.add(n)
    assert queue.take(0) == (False, None)  # not sent, so not done
    queue.send()
    assert queue.results() == [0, 1, 4, 9, 16]


def test_take_gives_a_done_result_once_and_never_waits(worker: Worker) -> None:
    queue = worker.queue("slow", batch=1)
    queue.add(0)
    time.sleep(1.0)  # the worker has done item 0 (0.2 s)
    assert queue.take(0) == (True, 0)
    assert queue.take(0) == (True, None)  # taken before: let go
    for n in (1, 2, 3):
        queue.add(n)
    started = time.perf_counter()
    assert queue.take(3) == (False, None)  # queued behind two slow items: not started
    assert time.perf_counter() - started < 0.1
    time.sleep(1.5)
    assert queue.take(1) == (True, 1)
    # Item 3 was given up when take(3) found it not started: the worker skipped it.
    assert queue.take(3) == (False, None)


def test_what_a_dead_worker_left_is_done_here(worker: Worker) -> None:
    queue = worker.queue("pid", batch=2)
    queue.add(0)
    queue.add(1)
    assert [pid for _, pid in queue.results()] != [os.getpid()] * 2
    for child in multiprocessing.active_children():
        child.kill()
        child.join()
    later = worker.queue("pid", batch=2)
    for n in range(4):
        later.add(n)
    assert later.results() == [(n, os.getpid()) for n in range(4)]
    assert worker.failure is not None
