"""The extraction worker: one process, next to the server's, that holds the pipeline.

The pipeline (spaCy and the stages, pure Python for the most part) needs the interpreter
lock while it codes a text. Run in the server's own process, a bulk ingest through
``POST /ingest`` made every read wait for that lock (``benchmarks/RESULTS.md``, issue 18).
The worker process loads the pipeline once, when the first post needs it (or when the
store opens, with ``--preload``), and codes one document at a time for the write thread;
the server process only writes the results to the store. ``POST /extract`` uses the same
worker, which also shapes its answer (place names come from the gazetteer, which then
never loads in the server).

What a post guarantees is kept (``backend.py``): the write thread waits for the worker
with the post's time limit, and a post past its limit, or whose client went away, is
stopped: the worker is told to stop the document (an exception raised in its main
thread, as the server did in its own thread), and a worker that does not stop within
``STOP_GRACE_S`` (a long call in C) is killed and started again for the next post. A
worker that died (killed, out of memory) is started again at the next post; the post it
was coding is answered ``503`` with one line. An error of the pipeline comes back as
itself (one line: ``RealpolitikError`` is ``400``, anything else ``500``), and the worker
goes on. Writes stay in the server: the worker never opens the store.

Wire: two pipes. ``jobs`` carries ``(kind, job, payload)`` to the worker and
``(status, job, value)`` back; ``stops`` carries the number of a job to stop. Results
cross without the spaCy ``Doc`` (``DocumentResult.parsed`` is set to None).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, NoReturn

from ..errors import RealpolitikError
from ..model import Document, DocumentResult

log = logging.getLogger("realpolitik.server")

# How the worker gets its pipeline: "module:function", called once in the worker.
DEFAULT_FACTORY = "realpolitik:default_pipeline"
# Seconds a worker has to stop a document once told to; then it is killed.
STOP_GRACE_S = 5.0
# How often the write thread looks whether its post was given up on while it waits.
POLL_S = 0.05
# The worker's niceness, added to the server's: when the machine's cores are all busy, the
# server's reads get the CPU first and the ingest takes what is left (``os.nice``).
WORKER_NICE = 10


class WorkerStopped(RealpolitikError):
    """The worker process ended while it coded a post (killed, out of memory)."""


class WorkerError(Exception):
    """An error in the worker that could not be sent back as itself, or a pipeline that
    could not load (answered ``500``, like any error of the pipeline that is not a
    ``RealpolitikError``)."""


class _Stop(BaseException):
    """Raised in the worker's main thread to stop the document it codes (a BaseException,
    so that no ``except Exception`` of the pipeline swallows it)."""


def _context() -> multiprocessing.context.BaseContext:
    """A fresh-interpreter start method: the server holds threads and a store, which a fork
    would copy. The fork server imports the pipeline's modules once, so a worker started
    again (after a kill) only loads the models."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["realpolitik.pipeline", __name__])
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - not POSIX


class ExtractWorker:
    """One worker process and the pipes to it; used by the write thread, one job at a time.

    ``factory`` names the function that makes the pipeline in the worker
    (``"module:function"``; tests give pipelines that never end, or raise).
    """

    def __init__(self, factory: str = DEFAULT_FACTORY, stop_grace: float = STOP_GRACE_S) -> None:
        self.factory = factory
        self.stop_grace = stop_grace
        self._lock = threading.Lock()  # one job at a time; start and close
        self._process: BaseProcess | None = None
        self._jobs: Connection | None = None
        self._stops: Connection | None = None
        self._ready = False
        self._job = 0
        self._closed = False
        self.starts = 0  # how many worker processes were started (for tests and logs)

    # ------------------------------------------------------------------ life

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def start(self, wait: float | None = None) -> None:
        """Start the worker process (it loads its pipeline); a no-op when it runs. With
        ``wait``, wait that many seconds at most until the pipeline is loaded."""
        with self._lock:
            self._ensure()
            if wait is not None and not self._ready:
                deadline = time.monotonic() + wait
                self._wait_ready(lambda: time.monotonic() > deadline)

    def _ensure(self) -> None:
        if self._closed:
            raise WorkerStopped("the server is stopping")
        if self._process is not None and self._process.is_alive():
            return
        self._discard()
        context = _context()
        jobs, their_jobs = context.Pipe()
        stops_in, stops_out = context.Pipe(duplex=False)
        process = context.Process(  # type: ignore[attr-defined]
            target=serve,
            args=(their_jobs, stops_in, self.factory),
            name="realpolitik-extract",
            daemon=True,
        )
        process.start()
        their_jobs.close()
        stops_in.close()
        self._process, self._jobs, self._stops = process, jobs, stops_out
        self._ready = False
        self.starts += 1
        log.info("extraction worker started (pid %s)", process.pid)

    def _discard(self) -> None:
        """Kill the worker (if it runs) and close the pipes."""
        process, self._process = self._process, None
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(timeout=5)
            with contextlib.suppress(Exception):
                process.close()
        for pipe in (self._jobs, self._stops):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        self._jobs = self._stops = None
        self._ready = False

    def close(self) -> None:
        """Stop the worker: asked to end, then killed if it does not. A job under way is
        not waited for: the worker is killed, and the job ends with ``WorkerStopped``."""
        self._closed = True
        if not self._lock.acquire(timeout=0.5):  # a job under way holds the pipes
            process = self._process
            if process is not None and process.is_alive():
                process.kill()
            self._lock.acquire()
        try:
            process, jobs = self._process, self._jobs
            if process is not None and jobs is not None and process.is_alive():
                with contextlib.suppress(OSError, ValueError):
                    jobs.send(None)
                process.join(timeout=2)
            self._discard()
        finally:
            self._lock.release()

    # ------------------------------------------------------------------ jobs

    def code(self, doc: Document, cancelled: Callable[[], bool]) -> DocumentResult:
        """``doc`` coded by the worker (without its spaCy ``Doc``). ``cancelled()`` says
        when the post was given up on: the worker is stopped and ``PostStopped`` raised."""
        result: DocumentResult = self._run("code", doc, cancelled)
        return result

    def extraction(self, doc: Document, shift: int, cancelled: Callable[[], bool]) -> Any:
        """What ``POST /extract`` answers for ``doc`` (``queries.extraction``), made by the
        worker."""
        return self._run("extract", (doc, shift), cancelled)

    def _run(self, kind: str, payload: Any, cancelled: Callable[[], bool]) -> Any:
        with self._lock:
            self._ensure()
            if not self._ready:
                self._wait_ready(cancelled)
            self._job += 1
            job = self._job
            jobs, stops = self._jobs, self._stops
            assert jobs is not None and stops is not None
            try:
                jobs.send((kind, job, payload))
            except (OSError, ValueError):
                self._discard()
                raise WorkerStopped(
                    "the extraction worker stopped before it took the text; post it again"
                ) from None
            stop_sent: float | None = None
            while True:
                if self._poll(jobs):
                    status, answered, value = self._receive(jobs)
                    if answered != job:  # the late answer of a job given up on
                        continue
                    break
                if cancelled() and stop_sent is None:
                    with contextlib.suppress(OSError, ValueError):
                        stops.send(job)
                    stop_sent = time.monotonic()
                if stop_sent is not None and time.monotonic() - stop_sent > self.stop_grace:
                    log.warning("extraction worker did not stop a post; killed, started again")
                    self._discard()
                    raise PostStopped
            if status == "ok":
                return value
            if status == "stopped":
                raise PostStopped
            raise value  # the pipeline's error, as itself (see _portable)

    def _poll(self, jobs: Connection) -> bool:
        """Whether an answer waits (after ``POLL_S`` at most); ``WorkerStopped`` when the
        worker has died."""
        try:
            if jobs.poll(POLL_S):
                return True
        except (OSError, EOFError):
            self._died()
        process = self._process
        if process is not None and process.is_alive():
            return False
        if jobs.poll(0):  # it answered, then ended
            return True
        self._died()
        return False  # pragma: no cover - _died raises

    def _receive(self, jobs: Connection) -> tuple[str, int, Any]:
        try:
            status, job, value = jobs.recv()
        except (OSError, EOFError):
            self._died()
        return str(status), int(job), value

    def _died(self) -> NoReturn:
        process = self._process
        if process is not None:
            process.join(timeout=1)
        code = process.exitcode if process is not None else None
        self._discard()
        raise WorkerStopped(
            f"the extraction worker stopped (exit code {code}) while it coded the text; "
            "it starts again with the next post: post it again"
        )

    def _wait_ready(self, cancelled: Callable[[], bool]) -> None:
        """Wait until the worker has loaded its pipeline (loading is never stopped: a post
        given up on meanwhile leaves it loading for the next one)."""
        jobs = self._jobs
        assert jobs is not None
        while not self._poll(jobs):
            if cancelled():
                raise PostStopped
        status, _, value = self._receive(jobs)
        if status != "ready":
            self._discard()
            raise WorkerError(f"the extraction worker could not load its pipeline: {value}")
        self._ready = True


class PostStopped(Exception):
    """The post was given up on and its document stopped (``backend.py`` answers the
    post's ``WorkTimeout``)."""


# ---------------------------------------------------------------------- in the worker


def _raise_in_thread(thread_id: int, exc: type[BaseException] | None) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


def _portable(exc: Exception) -> Exception:
    """``exc`` when it crosses a pipe as itself, else a ``WorkerError`` with its line."""
    try:
        back = pickle.loads(pickle.dumps(exc))
        if isinstance(back, Exception) and str(back) == str(exc):
            return exc
    except Exception:  # any failure to pickle: sent as a line instead
        pass
    return WorkerError(f"{type(exc).__name__}: {_first_line(exc)}")


def _load(factory: str) -> Any:
    module, _, name = factory.partition(":")
    return getattr(importlib.import_module(module), name)()


def serve(jobs: Connection, stops: Connection, factory: str) -> None:
    """The worker's loop: load the pipeline, then code what comes until ``None`` or the
    server's end of the pipe closes."""
    # Ctrl-C in a terminal reaches the whole process group: the server stops the worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):  # reads before the ingest (see WORKER_NICE)
        os.nice(WORKER_NICE)
    try:
        pipeline = _load(factory)
    except BaseException as exc:  # said to the server, which says it on
        jobs.send(("failed", 0, f"{type(exc).__name__}: {_first_line(exc)}"))
        return
    jobs.send(("ready", 0, os.getpid()))
    main = threading.get_ident()
    lock = threading.Lock()
    current = [0]  # the job being coded, 0 between jobs

    def listen() -> None:
        while True:
            try:
                job = stops.recv()
            except (EOFError, OSError):
                return
            with lock:
                if current[0] == job:
                    _raise_in_thread(main, _Stop)

    threading.Thread(target=listen, name="realpolitik-stops", daemon=True).start()
    while True:
        try:
            message = jobs.recv()
        except _Stop:  # pragma: no cover - a stop that came as a job ended
            continue
        except (EOFError, OSError):
            return
        if message is None:
            return
        kind, job, payload = message
        try:
            try:
                with lock:
                    current[0] = job
                reply: tuple[str, int, Any] = ("ok", job, _work(pipeline, kind, payload))
            finally:
                with lock:
                    current[0] = 0
                    _raise_in_thread(main, None)  # a stop not delivered yet is dropped
        except _Stop:
            reply = ("stopped", job, None)
        except Exception as exc:
            if not isinstance(exc, RealpolitikError):
                log.error("the pipeline failed on a post", exc_info=exc)
            reply = ("error", job, _portable(exc))
        try:
            jobs.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # an answer that does not pickle: said as one line
            jobs.send(("error", job, WorkerError(f"{type(exc).__name__}: {_first_line(exc)}")))


def _work(pipeline: Any, kind: str, payload: Any) -> Any:
    if kind == "extract":
        from . import queries

        doc, shift = payload
        return queries.extraction(_coded(pipeline, doc), shift)
    return _coded(pipeline, payload)


def _coded(pipeline: Any, doc: Document) -> DocumentResult:
    result: DocumentResult = next(pipeline.run([doc]))
    result.parsed = None  # the spaCy Doc stays here (2 MB pickled, with its vocabulary)
    return result
