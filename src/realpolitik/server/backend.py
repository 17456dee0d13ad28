"""The store, the pipeline and the threads one server process holds.

DuckDB lets one process write a file. The server opens the store once (``EventStore``) and
keeps its connection for writes, behind a lock; every read thread has its own cursor on
the same database, so reads run side by side and see the last committed document while an
ingest is under way. Each relations thread has its own ``Relations``, whose temporary
tables live on its own cursor. The spaCy pipeline loads on the first POST and is shared.

Answers are cached by *view*: a number that follows the store's generation (which moves on
with each write). When no post waits or runs, the view catches up at the next request, so
a read after a write sees it. While posts keep coming (a bulk ingest through the server),
the view moves on at most once per ``ServerSettings.refresh_interval`` seconds: answers and
the relations tables (rebuilt by each relations thread before its first answer of a new
view) are then at most that many seconds behind the last write, and the cache is not
emptied by every write.

A job waits for a free thread in a bounded queue: when ``max_waiting`` jobs already
wait for the same threads, a new one is refused at once (``Busy``, answered ``503``
with ``Retry-After``). The time limit counts from the moment a thread takes the job, so
a burst of requests makes answers slower, never wrong; a job that runs past the limit
is interrupted and answered ``503``.

Posts (``/extract``, ``/ingest``) keep the same rules on the one write thread, with their
own budget (``ServerSettings.work_timeout``, ``max_waiting_writes``): the pipeline of a
post that runs past its limit, or whose client went away, is stopped where it stands, so
that it cannot hold the thread for the next one. A document being written to the store is
never stopped half-way: its write ends, and the post is answered ``503`` all the same
(posting it again changes nothing).

The pipeline runs in a worker process (``worker.py``): the write thread sends it each
post's document and waits, and writes what comes back; reads no longer wait for the
interpreter lock while articles are coded. A ``Backend`` given a pipeline object (tests,
embedding) runs it on the write thread instead, stopped by an exception raised there.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

from ..model import Document, DocumentResult
from .settings import ServerSettings
from .worker import ExtractWorker, PostStopped, WorkerStopped

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..relations.api import Relations
    from ..store.duckdb_store import DeleteSummary, EventStore

T = TypeVar("T")
Connection = duckdb.DuckDBPyConnection


class QueryTimeout(Exception):
    """A read ran past the server's time limit and was interrupted."""


class WorkTimeout(Exception):
    """An extraction ran past the server's time limit for posts and was stopped."""


class NotReady(Exception):
    """The store is not open (the server is starting or stopping)."""


class Busy(Exception):
    """Too many jobs already wait for the same threads (the message says which)."""


def _raise_in_thread(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in thread ``thread_id`` at its next Python instruction (``None``:
    forget one not raised yet). How a running pipeline, pure Python and Cython, is stopped."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


@dataclass
class _Slot:
    """One ``Relations`` (its temporary tables live on its cursor) and the view its tables
    were built for."""

    cursor: Connection
    relations: Relations
    view: int = 0


@dataclass
class _Running:
    """One job handed to a thread: the cursor it runs on, once it has started.

    ``started`` is set (on the event loop) when a thread takes the job.
    """

    loop: asyncio.AbstractEventLoop
    started: asyncio.Event = field(default_factory=asyncio.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    cancelled: bool = False
    cursor: Connection | None = None
    thread: int | None = None  # while the job may be stopped by an exception in its thread

    def begin(self) -> None:
        """Called by the thread that takes the job, before anything else."""
        self.loop.call_soon_threadsafe(self.started.set)

    def start(self, cursor: Connection) -> None:
        with self.lock:
            if self.cancelled:
                raise QueryTimeout
            self.cursor = cursor

    def finish(self) -> None:
        """The job is over: its cursor may serve another, and must not be interrupted."""
        with self.lock:
            self.cursor = None

    def cancel(self) -> None:
        with self.lock:
            if self.cancelled:
                return
            self.cancelled = True
            if self.cursor is not None:
                with contextlib.suppress(duckdb.Error):
                    self.cursor.interrupt()
            if self.thread is not None:
                _raise_in_thread(self.thread, WorkTimeout)

    @contextlib.contextmanager
    def stoppable(self) -> Any:
        """Within this block (pure computation, no store), ``cancel()`` stops the job with
        ``WorkTimeout`` raised in its thread; none is left pending once it ends."""
        with self.lock:
            if self.cancelled:
                raise WorkTimeout
            self.thread = threading.get_ident()
        try:
            yield
        finally:
            with self.lock:
                if self.thread is not None:
                    self.thread = None
                    _raise_in_thread(threading.get_ident(), None)


class ResponseCache:
    """Response bodies by request, each for one generation of the store, within a byte
    budget; the least recently used go first. Thread-safe."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[int, bytes]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, generation: int) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != generation:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[1]

    def put(self, key: Hashable, generation: int, body: bytes) -> None:
        if len(body) > self.max_bytes // 16:  # a document's text, a page of 500: not kept
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old[1])
            self._entries[key] = (generation, body)
            self._size += len(body)
            while self._size > self.max_bytes and self._entries:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._size -= len(dropped)


@dataclass(frozen=True)
class Ingested:
    """What ``POST /ingest`` answers."""

    doc_id: str
    new: bool
    events: int


class Backend:
    """Opens the store on ``open()``; runs reads, relations and writes on their threads.

    Posts are coded by ``worker`` (an ``ExtractWorker``, started and stopped by whoever
    made it), else by a worker process of the backend's own, started at the first post
    (or on ``open()`` with ``preload``); given ``pipeline``, on the write thread.
    """

    def __init__(
        self,
        settings: ServerSettings,
        pipeline: Pipeline | None = None,
        worker: ExtractWorker | None = None,
    ) -> None:
        self.settings = settings
        self._pipeline = pipeline
        self._worker = worker
        self._own_worker = pipeline is None and worker is None
        self._store: EventStore | None = None
        self._slots: list[_Slot] = []  # one Relations per relations thread
        self._free_slots: queue.SimpleQueue[_Slot] = queue.SimpleQueue()
        self._write_lock = threading.Lock()  # the store's own connection
        self._open_lock = threading.Lock()
        self._generation = 0  # odd while a write is under way; moves on with each write
        # The answers' view of the store (see the module's docstring): its number, the
        # generation it was taken at, and when (time.monotonic()).
        self._view = 0
        self._view_of = 0
        self._view_at = -float("inf")
        self._view_lock = threading.Lock()
        self._clock: Callable[[], float] = time.monotonic  # replaced by tests
        self._posts = 0  # posts waiting for the write thread or running on it (event loop)
        self._responses = ResponseCache(settings.cache_bytes)
        # Answers being computed, by request and generation (used on the event loop only).
        self._in_flight: dict[tuple[Hashable, int], asyncio.Future[bytes | None]] = {}
        self._local = threading.local()
        self._cursors: list[Connection] = []  # one per read thread, made on open
        self._free: queue.SimpleQueue[Connection] = queue.SimpleQueue()
        self._readers: ThreadPoolExecutor | None = None
        self._relater: ThreadPoolExecutor | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._waiting: dict[int, int] = {}  # jobs not yet taken, by pool (event loop only)

    # ------------------------------------------------------------------ life

    def open(self) -> None:
        """Open the store (created if missing) and the relations; a no-op when open."""
        from ..relations.api import Relations
        from ..store.duckdb_store import EventStore

        with self._open_lock:
            if self._store is not None:
                return
            store = EventStore.open(self.settings.db)
            try:
                for _ in range(self.settings.relations_threads):
                    cursor = store.connection.cursor()
                    relations = Relations.of(store, cursor=cursor, weights=self.settings.weights)
                    self._slots.append(_Slot(cursor, relations))
            except BaseException:
                self._slots = []
                store.close()
                raise
            for slot in self._slots:
                self._free_slots.put(slot)
            self._cursors = [store.connection.cursor() for _ in range(self.settings.read_threads)]
            for reader in self._cursors:
                reader.execute("SET enable_progress_bar = false")
                self._free.put(reader)
            self._store = store
            self._readers = ThreadPoolExecutor(
                self.settings.read_threads, thread_name_prefix="realpolitik-read"
            )
            self._relater = ThreadPoolExecutor(
                self.settings.relations_threads, thread_name_prefix="realpolitik-relations"
            )
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="realpolitik-write")
            if self._own_worker:
                self._worker = ExtractWorker()
        if self.settings.preload:  # before the first answer, not under a bulk ingest's reads
            if self._worker is not None:
                self._worker.start()  # it loads the pipeline in its process meanwhile
            else:
                self.pipeline()

    def close(self) -> None:
        """Stop the threads and close every cursor and the store."""
        with self._open_lock:
            store, self._store = self._store, None
            if store is None:
                return
            if self._own_worker and self._worker is not None:
                self._worker.close()  # first: a post waiting for it ends at once
                self._worker = None
            for pool in (self._readers, self._relater, self._writer):
                if pool is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
            for cursor in [*self._cursors, *(slot.cursor for slot in self._slots)]:
                with contextlib.suppress(duckdb.Error):
                    cursor.close()
            self._cursors = []
            self._free = queue.SimpleQueue()
            self._slots = []
            self._free_slots = queue.SimpleQueue()
            store.close()

    def new_cursor(self) -> Connection:
        """A cursor of its own on the store (a bulk export's), closed by whoever asked."""
        cursor = self._require_store().connection.cursor()
        cursor.execute("SET enable_progress_bar = false")
        return cursor

    def _require_store(self) -> EventStore:
        if self._store is None:
            raise NotReady("the store is not open")
        return self._store

    # ------------------------------------------------------------------ running jobs

    def _cursor(self) -> Connection:
        """This read thread's own cursor on the store (made on open: one per thread)."""
        cursor: Connection | None = getattr(self._local, "cursor", None)
        if cursor is None:
            self._require_store()
            cursor = self._free.get_nowait()
            self._local.cursor = cursor
        return cursor

    async def _timed(
        self,
        pool: Executor | None,
        job: Callable[[_Running], T],
        *,
        timeout: float | None = None,
        max_waiting: int | None = None,
        late: type[Exception] = QueryTimeout,
        gone: Callable[[], Awaitable[bool]] | None = None,
    ) -> T:
        """Run ``job`` on ``pool`` once a thread is free; past the time limit from then
        (``timeout``, default the query limit), or as soon as ``gone()`` says the client
        left, interrupt it and raise ``late``. With ``max_waiting`` jobs (default the
        settings') already queued for ``pool``, raise Busy at once."""
        if pool is None:
            raise NotReady("the store is not open")
        limit = self.settings.query_timeout if timeout is None else timeout
        bound = self.settings.max_waiting if max_waiting is None else max_waiting
        key = id(pool)
        if self._waiting.get(key, 0) >= bound:
            what = "queries" if late is QueryTimeout else "posts"
            raise Busy(f"the server is busy: {bound} {what} already wait; try again")
        loop = asyncio.get_running_loop()
        running = _Running(loop)

        def begun(r: _Running) -> T:
            r.begin()
            return job(r)

        future = loop.run_in_executor(pool, begun, running)
        # A job given up on still ends in its thread; fetch its outcome so none is logged.
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        started = asyncio.ensure_future(running.started.wait())
        try:
            await asyncio.wait({started, future}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:  # the request went away while waiting: drop the job
            running.cancel()
            raise
        finally:
            self._waiting[key] -= 1
            started.cancel()
        if gone is None:
            try:
                return await asyncio.wait_for(asyncio.shield(future), limit)
            except TimeoutError:
                running.cancel()
                raise late from None
            except BaseException:  # the request was cancelled: stop the job too
                running.cancel()
                raise
        deadline = loop.time() + limit
        try:
            while not future.done():
                left = deadline - loop.time()
                if left <= 0:
                    raise late
                await asyncio.wait({future}, timeout=min(left, 0.25))
                if not future.done() and await gone():
                    raise late
        except BaseException:
            running.cancel()
            raise
        return future.result()

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(cursor, *args)`` on a read thread, within the time limit."""

        def job(running: _Running) -> T:
            cursor = self._cursor()
            running.start(cursor)
            try:
                return fn(cursor, *args)
            except duckdb.InterruptException:
                raise QueryTimeout from None
            finally:
                running.finish()

        return await self._timed(self._readers, job)

    def view(self) -> int:
        """The view answers are computed and cached for: it catches up with the store's
        generation at once when no post waits or runs, else at most once per
        ``refresh_interval`` seconds. Thread-safe."""
        with self._view_lock:
            generation = self._generation
            if generation != self._view_of:
                now = self._clock()
                if self._posts == 0 or now - self._view_at >= self.settings.refresh_interval:
                    self._view += 1
                    self._view_of = generation
                    self._view_at = now
            return self._view

    async def relate(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(relations, *args)`` on a relations thread, within the time limit; that
        thread's ``Relations`` rebuilds its tables first when the view has moved on."""

        def job(running: _Running) -> T:
            self._require_store()
            slot = self._free_slots.get_nowait()  # as many slots as relations threads
            try:
                running.start(slot.cursor)
                view = self.view()
                if slot.view != view:
                    if slot.relations.mode == "persisted":  # written to the store on refresh
                        with self._write_lock:
                            slot.relations.refresh()
                    else:  # temporary tables of this cursor: writes go on meanwhile
                        slot.relations.refresh()
                    slot.view = view
                return fn(slot.relations, *args)
            except duckdb.InterruptException:
                raise QueryTimeout from None
            finally:
                running.finish()
                self._free_slots.put(slot)

        return await self._timed(self._relater, job)

    async def cached(
        self, key: Hashable, compute: Callable[[], Awaitable[bytes | None]]
    ) -> bytes | None:
        """A response body from the cache, or ``compute()``d and kept for the current view.

        Requests for the same answer that arrive while it is computed wait for that one
        computation. A body is computed after its view began, so it holds every write that
        view was taken after (``view()``).
        """
        before = self.view()
        hit = self._responses.get(key, before)
        if hit is not None:
            return hit
        flight = (key, before)
        pending = self._in_flight.get(flight)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[bytes | None] = asyncio.get_running_loop().create_future()
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
        self._in_flight[flight] = future
        try:
            body = await compute()
        except BaseException as exc:
            if isinstance(exc, Exception):
                future.set_exception(exc)  # the waiting requests get the same error
            else:
                future.cancel()
            raise
        finally:
            del self._in_flight[flight]
        future.set_result(body)
        if body is not None:
            self._responses.put(key, before, body)
        return body

    # ------------------------------------------------------------------ pipeline and writes

    def pipeline(self) -> Pipeline:
        """The shared pipeline of a backend without a worker, loaded on first use (runs on
        the write thread only)."""
        if self._pipeline is None:
            from .. import default_pipeline

            self._pipeline = default_pipeline()
        return self._pipeline

    async def _on_writer(
        self,
        fn: Callable[[_Running], T],
        gone: Callable[[], Awaitable[bool]] | None = None,
    ) -> T:
        """``fn(running)`` on the write thread, within the budget of a post."""
        self._posts += 1
        try:
            return await self._timed(
                self._writer,
                fn,
                timeout=self.settings.work_timeout,
                max_waiting=self.settings.max_waiting_writes,
                late=WorkTimeout,
                gone=gone,
            )
        finally:
            self._posts -= 1

    async def extract(
        self, doc: Document, gone: Callable[[], Awaitable[bool]] | None = None
    ) -> DocumentResult:
        """Code one document; nothing is stored. Stopped past the time limit for posts,
        or once ``gone()`` says the client went away."""
        return await self._on_writer(lambda running: self._run_pipeline(doc, running), gone)

    async def extraction(
        self, doc: Document, shift: int, gone: Callable[[], Awaitable[bool]] | None = None
    ) -> dict[str, Any]:
        """What ``POST /extract`` answers for ``doc`` (``queries.extraction``, offsets moved
        by ``shift``), made where the pipeline runs; the same limits as ``extract``."""
        from . import queries

        def job(running: _Running) -> dict[str, Any]:
            if self._worker is None:
                return queries.extraction(self._run_pipeline(doc, running), shift)
            with self._in_worker():
                found: dict[str, Any] = self._worker.extraction(
                    doc, shift, lambda: running.cancelled
                )
                return found

        return await self._on_writer(job, gone)

    @contextlib.contextmanager
    def _in_worker(self) -> Any:
        """The worker's outcomes as the backend's: a post given up on is ``WorkTimeout``,
        a worker that died ``Busy`` (``503``, one line)."""
        try:
            yield
        except PostStopped:
            raise WorkTimeout from None
        except WorkerStopped as exc:
            raise Busy(str(exc)) from None

    def _run_pipeline(self, doc: Document, running: _Running | None = None) -> DocumentResult:
        if self._worker is not None:
            with self._in_worker():
                return self._worker.code(doc, lambda: running is not None and running.cancelled)
        pipeline = self.pipeline()  # loaded once, never stopped half-way
        if running is None:
            return next(pipeline.run([doc]))
        with running.stoppable():
            return next(pipeline.run([doc]))

    async def ingest(
        self, doc: Document, gone: Callable[[], Awaitable[bool]] | None = None
    ) -> Ingested:
        """Code one document and store it; a stored text is not read again."""
        return await self._on_writer(lambda running: self._ingest(doc, running), gone)

    async def delete(self, doc_id: str) -> DeleteSummary:
        """Remove one document (by id or name) and what was read from it."""
        return await self._on_writer(lambda running: self._delete(doc_id))

    def _delete(self, doc_id: str) -> DeleteSummary:
        store = self._require_store()
        with self._write_lock:
            self._generation += 1
            try:
                return store.delete(doc=doc_id)
            finally:
                self._generation += 1

    def _ingest(self, doc: Document, running: _Running | None = None) -> Ingested:
        store = self._require_store()
        key = doc.content_hash
        with self._write_lock:
            known = store.has_document(key)
        new = False
        if not known:
            result = self._run_pipeline(doc, running)
            if running is not None and running.cancelled:
                raise WorkTimeout
            with self._write_lock:
                self._generation += 1
                try:
                    new = store.write(result).new_document
                finally:
                    self._generation += 1
        with self._write_lock:
            row = store.connection.execute(
                "SELECT count(*) FROM events WHERE doc_key = ?", [key]
            ).fetchone()
        return Ingested(doc_id=key, new=new, events=int(row[0]) if row else 0)
