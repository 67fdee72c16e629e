"""Work a forked process does while the build process does the rest, with no threads.

A child started by fork holds the build's state as it was at that moment, so it needs to be
told nothing: it knows the whole of its share of the work from the start. Results come back
through a pipe or a file that the build process reads when it needs them. No thread in the
build process has to hand the child its work (handing it over would wait for the build
process to let go of Python's interpreter lock, which busy Python code rarely does).

- ``ForkedCall``: one function call in a child (the second half of a list of notes parsed
  while the build process parses the first half).
- ``FromTheEnd``: the child goes through a list from its last item back while the build
  process goes from the first on; where they meet, the build process takes what the child
  has done and does the rest itself.

If a child cannot start or dies, the build process does its share with the same function,
so the result is the same either way. What a child logs is handed back with its results
and logged by the build process when it takes them (where MkDocs counts warnings for
``--strict``), not printed by the child. Nothing here knows MkDocs.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_CONTEXT = multiprocessing.get_context("fork") if hasattr(os, "fork") else None


class _Records(logging.Handler):
    """In a child: keeps the log records instead of printing them."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # (args may not pickle)
        record.exc_info = record.exc_text = None
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        records, self.records = self.records, []
        return records


def _capture_logging() -> _Records:
    """In a child: every handler is taken off (it would print to the build's terminal, and
    a warning counted there counts for nothing) and the records are kept instead."""
    handler = _Records()
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        had = bool(logger.handlers)
        for old in list(logger.handlers):
            logger.removeHandler(old)
        if logger.name == "root" or (had and not logger.propagate):
            logger.addHandler(handler)
    return handler


def _log(records: list[logging.LogRecord]) -> None:
    """In the build process: log what a child logged."""
    for record in records:
        logging.getLogger(record.name).handle(record)


class ForkedCall(Generic[R]):
    """``function()`` run in a forked child; ``result()`` waits for it (or, if the child
    failed, calls ``function()`` here). ``failure`` says why the child failed, if it did."""

    def __init__(self, function: Callable[[], R]) -> None:
        assert _CONTEXT is not None
        self._function = function
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (the child writes, result() closes)
        self._process = _CONTEXT.Process(target=self._run, daemon=True)
        self._process.start()
        self.failure: str | None = None

    def _run(self) -> None:  # in the child
        records = _capture_logging()
        try:
            outcome: tuple[bool, Any] = (True, self._function())
        except Exception as exc:
            outcome = (False, describe(exc))
        pickle.dump((*outcome, records.take()), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.flush()

    def result(self) -> R:
        self._process.join()
        try:
            if self._process.exitcode != 0:
                raise RuntimeError(f"the child process ended with code {self._process.exitcode}")
            self._file.seek(0)
            done, value, records = pickle.load(self._file)
            if not done:
                raise RuntimeError(value)
            _log(records)
            result: R = value
            return result
        except Exception as exc:
            self.failure = describe(exc)
            return self._function()
        finally:
            self._file.close()


class FromTheEnd(Generic[T, R]):
    """``function(item)`` for ``items``: a forked child from the last item back, the build
    process from the first on (``take``), each doing what the other has not reached."""

    def __init__(self, items: Sequence[T], function: Callable[[T], R]) -> None:
        assert _CONTEXT is not None
        self.failure: str | None = None
        self._count = len(items)
        self._results: dict[int, tuple[R, list[logging.LogRecord]]] = {}
        # The first item the build process has not passed yet, shared with the child.
        self._reached = _CONTEXT.RawValue("i", 0)
        self._reader, writer = _CONTEXT.Pipe(duplex=False)
        self._process = _CONTEXT.Process(
            target=self._run, args=(items, function, writer), daemon=True
        )
        self._process.start()
        writer.close()  # the child's end
        self._open = True

    def _run(self, items: Sequence[T], function: Callable[[T], R], writer: Connection) -> None:
        self._reader.close()
        records = _capture_logging()
        try:
            for number in range(len(items) - 1, -1, -1):
                if number < self._reached.value:  # the build process is there already
                    break
                result = function(items[number])
                writer.send((number, (result, records.take())))
        except BrokenPipeError:  # the build process has stopped listening
            pass
        except Exception as exc:
            writer.send((-1, describe(exc)))

    def take(self, number: int) -> tuple[bool, R | None]:
        """``(True, result)`` of item ``number`` (taken in increasing order) if the child
        has done it; else ``(False, None)``: the build process does it, and the child stops
        before it."""
        self._receive()
        self._reached.value = max(self._reached.value, number + 1)
        if number in self._results:
            result, records = self._results.pop(number)
            _log(records)
            return True, result
        return False, None

    def _receive(self) -> None:
        try:
            while self._open and self._reader.poll():
                number, result = self._reader.recv()
                if number < 0:
                    self.failure = result
                elif number >= self._reached.value:  # else the build process did it
                    self._results[number] = result
        except (EOFError, OSError):  # the child is done, or died: what it sent is here
            self._open = False

    def close(self) -> bool:
        """Stop the child (the build process is past every item); False if it failed
        (``failure`` says why)."""
        self._reached.value = self._count
        self._receive()
        self._reader.close()
        self._open = False
        self._process.join()
        self._results.clear()
        if self._process.exitcode != 0 and self.failure is None:
            self.failure = f"the child process ended with code {self._process.exitcode}"
        return self.failure is None


def describe(exc: BaseException) -> str:
    """An exception in one line, for a log message."""
    return f"{type(exc).__name__}: {exc}"
