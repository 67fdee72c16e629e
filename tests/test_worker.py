"""The worker processes: real forked processes, no MkDocs (the build tests compare sites)."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator

import pytest

from mkdocs_dairly.forked import ForkedCall, FromTheEnd
from mkdocs_dairly.worker import Queue, Worker, available

pytestmark = pytest.mark.skipif(not available(), reason="needs Linux and two CPUs")


def _pid(item: int) -> tuple[int, int]:
    return item, os.getpid()


@pytest.fixture
def worker() -> Iterator[Worker]:
    w = Worker({"pid": _pid})
    yield w
    w.close()


def test_queue_items_wait_for_a_worker_then_come_back_in_order(worker: Worker) -> None:
    queue = Queue("pid", _pid, batch=3)
    for n in range(4):
        assert queue.add(n) == n
    queue.start(worker)
    for n in range(4, 10):
        queue.add(n)
    results = queue.results()
    assert [n for n, _ in results] == list(range(10))
    pids = {pid for _, pid in results}
    assert len(pids) == 1 and os.getpid() not in pids
    assert worker.failure is None


def test_a_queue_without_a_worker_does_everything_here() -> None:
    queue = Queue("pid", _pid, batch=3)
    for n in range(5):
        queue.add(n)
    queue.start(None)
    assert queue.results() == [(n, os.getpid()) for n in range(5)]


def test_what_a_dead_worker_left_is_done_here(worker: Worker) -> None:
    queue = Queue("pid", _pid, batch=2)
    queue.start(worker)
    queue.add(0)
    queue.add(1)
    assert [pid for _, pid in queue.results()] != [os.getpid()] * 2
    for child in multiprocessing.active_children():
        child.kill()
        child.join()
    later = Queue("pid", _pid, batch=2)
    later.start(worker)
    for n in range(4):
        later.add(n)
    assert later.results() == [(n, os.getpid()) for n in range(4)]
    assert worker.failure is not None


def test_a_forked_call_returns_what_the_child_computed() -> None:
    call = ForkedCall(lambda: os.getpid())
    assert call.result() not in (os.getpid(), None)
    assert call.failure is None


def test_a_forked_call_whose_child_fails_is_done_here() -> None:
    parent = os.getpid()

    def fails_in_the_child() -> int:
        if os.getpid() != parent:
            raise ValueError("only in the child")
        return 42

    call = ForkedCall(fails_in_the_child)
    assert call.result() == 42
    assert call.failure == "RuntimeError: ValueError: only in the child"


def _slow_pid(item: int) -> tuple[int, int]:
    time.sleep(0.05)
    return item, os.getpid()


def test_from_the_end_the_child_and_the_build_process_meet_in_the_middle() -> None:
    ahead = FromTheEnd(list(range(20)), _slow_pid)
    mine = []
    for n in range(20):
        done, result = ahead.take(n)
        if done:
            assert result is not None and result[0] == n and result[1] != os.getpid()
        else:
            mine.append(n)
            time.sleep(0.05)  # as long as the child takes for one
    assert ahead.close()
    # The build process did the first items, the child the last ones: no gap, no overlap
    # of results (the child may have started one the build process did too).
    assert mine == list(range(len(mine))) and 0 < len(mine) < 20


def test_from_the_end_a_dead_child_leaves_everything_to_the_build_process() -> None:
    ahead = FromTheEnd(list(range(5)), _slow_pid)
    for child in multiprocessing.active_children():
        child.kill()
        child.join()
    assert [ahead.take(n)[0] for n in range(5)] == [False] * 5
    assert not ahead.close()
    assert ahead.failure is not None
