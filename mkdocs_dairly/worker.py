"""A second process that does parts of the build while MkDocs goes on with the rest.

MkDocs builds in one process, one page after another. On a machine with a second CPU, the
work dairly can do ahead of MkDocs (rendering the cards of the days to come) or behind it
(indexing pages for search) goes to a worker process, started by fork so that it holds the
build's state as it was at that moment. The build process sends items in batches and
takes each result when it needs it; whatever the worker could not do (it died, or could
not start) the build process does itself with the same function, so the output is the same
with or without the worker. Nothing here knows MkDocs.
"""

from __future__ import annotations

import bisect
import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

Function = Callable[[Any], Any]


def available() -> bool:
    """Whether a worker can help: Linux (the worker starts by fork, without importing the
    build again) and at least two CPUs for this process."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    return len(os.sched_getaffinity(0)) >= 2


_functions: dict[str, Function] = {}  # in the worker process


def _start(functions: dict[str, Function]) -> None:
    _functions.update(functions)


def _ready() -> bool:
    return bool(_functions)


def _run(name: str, items: list[Any]) -> list[Any]:
    function = _functions[name]
    return [function(item) for item in items]


class Worker:
    """The worker process, holding ``functions`` (closures are fine: nothing is pickled to
    start it). Items and results travel pickled."""

    def __init__(self, functions: dict[str, Function]) -> None:
        self._functions = functions
        self._executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(functions,),
        )
        self._executor.submit(_ready)  # fork now, while the state is the one wanted
        self.failure: str | None = None

    def queue(self, name: str, batch: int, *, hold: bool = False) -> Queue:
        """Items for ``functions[name]``, sent ``batch`` at a time (with ``hold``, only
        once ``send()`` is called)."""
        return Queue(self, name, batch, hold=hold)

    def submit(self, name: str, items: list[Any]) -> Future[list[Any]]:
        future: Future[list[Any]]
        try:
            if self._executor is None:
                raise RuntimeError("the worker was stopped")
            return self._executor.submit(_run, name, items)
        except Exception as exc:  # the worker is gone: the build process does it
            self.failed(exc)
            future = Future()
            future.set_exception(exc)
            return future

    def run_here(self, name: str, items: list[Any]) -> list[Any]:
        """Do ``items`` in the build process (what the worker failed to do)."""
        function = self._functions[name]
        return [function(item) for item in items]

    def failed(self, exc: BaseException) -> None:
        self.failure = self.failure or f"{type(exc).__name__}: {exc}"

    def close(self) -> None:
        """Stop the worker (at the end of the build, or when it fails)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class Queue:
    """Items numbered in the order they are added, sent to the worker in batches.

    ``results()`` waits for all of them, in order. ``take(n)`` is for work the build process
    would rather do itself than wait for: it gives item ``n``'s result only if the worker
    has done it, and otherwise keeps the worker from starting ``n``'s batch.
    """

    def __init__(self, worker: Worker, name: str, batch: int, *, hold: bool = False) -> None:
        self.worker = worker
        self.name = name
        self.batch_size = batch
        self.hold = hold
        self.batch: list[Any] = []
        self.count = 0
        self._firsts: list[int] = []  # number of the first item of each batch sent
        # Each batch's items (until the worker has done them) and future (until collected).
        self._sent: list[tuple[list[Any], Future[list[Any]] | None]] = []
        self._done: dict[int, list[Any]] = {}  # batch -> results, once collected

    def add(self, item: Any) -> int:
        """Queue ``item``; its number."""
        self.batch.append(item)
        self.count += 1
        if len(self.batch) >= self.batch_size and not self.hold:
            self._send_batch()
        return self.count - 1

    def send(self) -> None:
        """Send everything queued so far (and from now on, each batch when it is full)."""
        self.hold = False
        while self.batch:
            self._send_batch()

    def _send_batch(self) -> None:
        items, self.batch = self.batch[: self.batch_size], self.batch[self.batch_size :]
        self._firsts.append(self.count - len(self.batch) - len(items))
        future = self.worker.submit(self.name, items)
        future.add_done_callback(_forget_when_done(items))
        self._sent.append((items, future))

    def results(self) -> list[Any]:
        """Every result in order (sends what is queued, waits for the worker; what it failed
        to do is done here)."""
        self.send()
        out: list[Any] = []
        for batch in range(len(self._sent)):
            results = self._done.get(batch)
            out.extend(results if results is not None else self._collect(batch))
        return out

    def take(self, number: int) -> tuple[bool, Any]:
        """``(True, result)`` of item ``number`` (sent before) if the worker has done it;
        else ``(False, None)``, and the worker will not start its batch if it has not yet.
        Each result can be taken once."""
        batch = bisect.bisect_right(self._firsts, number) - 1
        if batch < 0:
            return False, None
        results = self._done.get(batch)
        if results is None:
            future = self._sent[batch][1]
            if future is None:
                return False, None
            if not future.done():
                if future.cancel():
                    self._sent[batch] = ([], None)
                return False, None
            exception = None if future.cancelled() else future.exception()
            if future.cancelled() or exception is not None:
                if exception is not None:
                    self.worker.failed(exception)
                self._sent[batch] = ([], None)
                return False, None
            results = self._done[batch] = self._collect(batch)
        index = number - self._firsts[batch]
        result, results[index] = results[index], None  # let go of it once taken
        return True, result

    def _collect(self, batch: int) -> list[Any]:
        items, future = self._sent[batch]
        assert future is not None, "this batch was given up"
        try:
            results = future.result()
        except Exception as exc:
            self.worker.failed(exc)
            results = self.worker.run_here(self.name, items)
        self._sent[batch] = (items, None)
        return results


def _forget_when_done(items: list[Any]) -> Callable[[Future[list[Any]]], None]:
    """Once the worker has done ``items`` they are not needed (only to do them in the build
    process if it fails)."""

    def done(future: Future[list[Any]]) -> None:
        if not future.cancelled() and future.exception() is None:
            items.clear()

    return done
