"""Run the pipeline in several local processes, one pipeline per process.

Documents go to the workers in batches; each worker codes a batch with its own
pipeline (loaded once, when the worker starts) and sends the results back as
plain dicts (:mod:`realpolitik.scale.serialize`), without the spaCy ``Doc``.
Results come out in input order, so that what a caller prints or stores is the
same as with one process. At most ``8 x workers`` batches are in flight at any
time: input is read as it is needed and results stream back.

Batches are small (``DEFAULT_BATCH_SIZE`` documents): a run ends when its last batch
does, and articles differ in length by fifty times, so with large batches one worker
idles while the other finishes a long one. Coding a batch of four costs no more per
document than a batch of a hundred (``nlp.pipe`` gains nothing from more on a CPU).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

from ..config import Settings
from ..errors import RealpolitikError
from ..model import Document, DocumentResult
from ..pipeline import OnError, Pipeline
from .serialize import result_from_dict, result_to_dict

# What the engines return: an iterator that ``close()`` stops early, workers and all.
Results = Generator[DocumentResult, None, None]

# Documents per batch sent to a worker, unless the caller says otherwise.
DEFAULT_BATCH_SIZE = 4

# Batches in flight per worker: one being coded and some waiting, so that a worker never
# idles while the parent waits, to keep input order, on a long batch in the other worker,
# or while the parent writes the last results to the store (`realpolitik ingest` writes
# 32 documents at a time: 64 documents in flight keep two workers busy meanwhile).
_IN_FLIGHT_PER_WORKER = 8

_worker_pipeline: Pipeline | None = None
T = TypeVar("T")


def run_parallel(
    docs: Iterable[Document],
    settings: Settings,
    workers: int,
    batch_size: int | None = None,
    on_error: OnError | None = None,
) -> Results:
    """Code ``docs`` in ``workers`` processes and yield their results in input order.

    ``workers=1`` runs the pipeline in this process; ``batch_size`` defaults to
    ``DEFAULT_BATCH_SIZE``. Results never carry ``parsed`` (the spaCy ``Doc``), whatever
    the number of workers. Arguments are checked at the call; workers start at the
    first ``next()``. With ``on_error``, a document whose coding raises is given to it
    (as ``Pipeline.run`` does) and the run goes on.
    """
    pool = LocalPool(settings, workers, batch_size)  # checks the arguments; starts nothing
    if workers == 1:
        return _run_here(docs, settings, on_error)
    return _run_in_pool(docs, pool, on_error)


def _run_here(docs: Iterable[Document], settings: Settings, on_error: OnError | None) -> Results:
    for result in Pipeline.load(settings).run(docs, on_error=on_error):
        result.parsed = None
        yield result


def _run_in_pool(docs: Iterable[Document], pool: LocalPool, on_error: OnError | None) -> Results:
    with pool:
        yield from pool.run(docs, on_error)


class LocalPool:
    """``workers`` processes, each with its own pipeline, kept for several runs.

    ``start()`` starts them and waits until every one has loaded its pipeline (otherwise
    the first ``run`` does); ``close()`` (or the ``with`` block's end) stops them.
    """

    def __init__(self, settings: Settings, workers: int, batch_size: int | None = None) -> None:
        if batch_size is None:
            batch_size = DEFAULT_BATCH_SIZE
        if workers < 1:
            raise ValueError(f"workers must be 1 or more, not {workers}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be 1 or more, not {batch_size}")
        self.settings = settings
        self.workers = workers
        self.batch_size = batch_size
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=_context(),
                initializer=_load_worker_pipeline,
                initargs=(self.settings,),
            )
        return self._pool

    def start(self, timeout: float = 600.0) -> None:
        """Start every worker and wait until each has its pipeline loaded."""
        pool = self._executor()
        ready: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(ready) < self.workers:
            # Each probe holds its worker a moment, so that the probes spread over all.
            probes = [pool.submit(_worker_ready, 0.2) for _ in range(self.workers)]
            for probe in probes:
                ready.add(_outcome(probe))
            if time.monotonic() > deadline:
                raise RealpolitikError(f"{self.workers} workers did not start in {timeout:g} s")

    def run(self, docs: Iterable[Document], on_error: OnError | None = None) -> Results:
        """Code ``docs`` in the workers and yield their results in input order; with
        ``on_error``, a document whose coding raised is given to it instead."""
        pool = self._executor()
        pending: deque[tuple[list[Document], Future[list[dict[str, Any]]]]] = deque()
        try:
            for batch in _batches(docs, self.batch_size):
                pending.append((batch, pool.submit(_code_batch, batch, on_error is not None)))
                if len(pending) >= self.workers * _IN_FLIGHT_PER_WORKER:
                    yield from _results_of(*pending.popleft(), on_error)
            while pending:
                yield from _results_of(*pending.popleft(), on_error)
        finally:
            for _, future in pending:  # the caller stopped early: drop what is queued
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _outcome(future: Future[T]) -> T:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise RealpolitikError(
            "a worker process stopped unexpectedly: it failed to start (see the error above), "
            "ran out of memory (try fewer workers or a smaller batch size) or was killed"
        ) from exc


class CodingError(RealpolitikError):
    """A document whose coding raised in a worker process (its error, as one line)."""


def _results_of(
    batch: list[Document], future: Future[list[dict[str, Any]]], on_error: OnError | None
) -> Iterator[DocumentResult]:
    for data in _outcome(future):
        if "failed" in data and on_error is not None:
            on_error(batch[data["failed"]], CodingError(data["error"]))
            continue
        yield result_from_dict(data)


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while batch := list(islice(it, size)):
        yield batch


def _context() -> multiprocessing.context.BaseContext:
    """A fresh-interpreter start method: no fork of a parent holding threads or a store.

    The forkserver (POSIX) imports the pipeline's modules once; each worker forks from
    it and only loads the spaCy model. Elsewhere, spawn.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _load_worker_pipeline(settings: Settings) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline.load(settings)


def _worker_ready(hold: float) -> int:
    """This worker's process id, once its pipeline is loaded (the initializer ran)."""
    if _worker_pipeline is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker pipeline not loaded")
    time.sleep(hold)
    return os.getpid()


def _code_batch(batch: list[Document], keep_going: bool = False) -> list[dict[str, Any]]:
    """The batch's results as dicts; with ``keep_going``, a document whose coding raised
    is ``{"failed": its index, "error": one line}``."""
    if _worker_pipeline is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker pipeline not loaded")
    index = {id(doc): i for i, doc in enumerate(batch)}
    entries: list[dict[str, Any]] = []  # in input order: failures are noted as they happen

    def note(doc: Document, exc: Exception) -> None:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        entries.append({"failed": index[id(doc)], "error": f"{type(exc).__name__}: {message}"})

    for result in _worker_pipeline.run(batch, on_error=note if keep_going else None):
        entries.append(result_to_dict(result))
    return entries
