"""A worker process for work that comes in during the build and is wanted at its end.

Pages are indexed for search as MkDocs reads them, and Material's search index is written
at the end of the build: nothing waits for the indexing in between. A ``Worker`` (a process
pool of one, started by fork so that it holds the build's state as it was at that moment)
takes such work in batches from ``Queue``s; ``Queue.results()`` gives everything back in
order at the end. Whatever the worker could not do (it died, or could not start) the build
process does itself with the same function, so the output is the same with or without it.
Nothing here knows MkDocs.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .forked import describe

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
        self._executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(functions,),
        )
        self._executor.submit(_ready)  # fork now, while the state is the one wanted
        self.failure: str | None = None

    def submit(self, name: str, items: list[Any]) -> Future[list[Any]]:
        """``functions[name]`` of each item, in the worker."""
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

    def failed(self, exc: BaseException) -> None:
        self.failure = self.failure or describe(exc)

    def close(self) -> None:
        """Stop the worker (at the end of the build, or when it fails)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class Queue:
    """Items for ``function`` (``functions[name]`` in the worker), numbered in the order
    they are added. They wait until the queue has a worker (``start``), then go to it in
    batches; ``results()`` waits for all of them."""

    def __init__(self, name: str, function: Function, batch: int) -> None:
        self.name = name
        self.function = function
        self.batch_size = batch
        self.worker: Worker | None = None
        self.batch: list[Any] = []
        self.count = 0
        # Each batch's items (until the worker has done them) and future.
        self._sent: list[tuple[list[Any], Future[list[Any]]]] = []

    def add(self, item: Any) -> int:
        """Queue ``item``; its number."""
        self.batch.append(item)
        self.count += 1
        if self.worker is not None and len(self.batch) >= self.batch_size:
            self._send_batch(self.worker)
        return self.count - 1

    def start(self, worker: Worker | None) -> None:
        """Send everything queued so far to ``worker`` (and from now on, each batch when it
        is full); with no worker, everything is done here at the end."""
        self.worker = worker
        while worker is not None and self.batch:
            self._send_batch(worker)

    def _send_batch(self, worker: Worker) -> None:
        items, self.batch = self.batch[: self.batch_size], self.batch[self.batch_size :]
        future = worker.submit(self.name, items)
        future.add_done_callback(_forget_when_done(items))
        self._sent.append((items, future))

    def results(self) -> list[Any]:
        """Every result in order (waits for the worker; what it could not do is done
        here)."""
        self.start(self.worker)
        out: list[Any] = []
        for items, future in self._sent:
            try:
                out.extend(future.result())
            except Exception as exc:
                if self.worker is not None:
                    self.worker.failed(exc)
                out.extend(self.function(item) for item in items)
        out.extend(self.function(item) for item in self.batch)  # never sent: no worker
        self.batch = []
        return out


def _forget_when_done(items: list[Any]) -> Callable[[Future[list[Any]]], None]:
    """Once the worker has done ``items`` they are not needed (only to do them in the build
    process if it fails)."""

    def done(future: Future[list[Any]]) -> None:
        if not future.cancelled() and future.exception() is None:
            items.clear()

    return done
