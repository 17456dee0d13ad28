"""The store, the pipeline and the threads one server process holds.

DuckDB lets one process write a file. The server opens the store once (``EventStore``) and
keeps its connection for writes, behind a lock; every read thread has its own cursor on
the same database, so reads run side by side and see the last committed document while an
ingest is under way. Each relations thread has its own ``Relations``, whose temporary
tables live on its own cursor. Answers are cached until the next write. The spaCy
pipeline loads on the first POST and is shared.

A job waits for a free thread in a bounded queue: when ``max_waiting`` jobs already
wait for the same threads, a new one is refused at once (``Busy``, answered ``503``
with ``Retry-After``). The time limit counts from the moment a thread takes the job, so
a burst of requests makes answers slower, never wrong; a job that runs past the limit
is interrupted and answered ``503``.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

from ..model import Document, DocumentResult
from .settings import ServerSettings

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..relations.api import Relations
    from ..store.duckdb_store import EventStore

T = TypeVar("T")
Connection = duckdb.DuckDBPyConnection


class QueryTimeout(Exception):
    """A read ran past the server's time limit and was interrupted."""


class NotReady(Exception):
    """The store is not open (the server is starting or stopping)."""


class Busy(Exception):
    """Too many jobs already wait for the same threads."""


@dataclass
class _Slot:
    """One ``Relations`` (its temporary tables live on its cursor) and the store generation
    its tables were built at."""

    cursor: Connection
    relations: Relations
    generation: int = 0


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
            self.cancelled = True
            if self.cursor is not None:
                with contextlib.suppress(duckdb.Error):
                    self.cursor.interrupt()


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
    """Opens the store on ``open()``; runs reads, relations and writes on their threads."""

    def __init__(self, settings: ServerSettings, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self._pipeline = pipeline
        self._store: EventStore | None = None
        self._slots: list[_Slot] = []  # one Relations per relations thread
        self._free_slots: queue.SimpleQueue[_Slot] = queue.SimpleQueue()
        self._write_lock = threading.Lock()  # the store's own connection
        self._open_lock = threading.Lock()
        self._generation = 0  # odd while a write is under way; moves on with each write
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

    @property
    def is_open(self) -> bool:
        return self._store is not None

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
                    self._slots.append(_Slot(cursor, Relations(cursor, **self._rel_options())))
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

    def _rel_options(self) -> dict[str, Any]:
        return {"weights": self.settings.weights, "path": self.settings.db}

    def close(self) -> None:
        """Stop the threads and close every cursor and the store."""
        with self._open_lock:
            store, self._store = self._store, None
            if store is None:
                return
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

    async def _timed(self, pool: Executor | None, job: Callable[[_Running], T]) -> T:
        """Run ``job`` on ``pool`` once a thread is free; past the time limit from then,
        interrupt it and raise QueryTimeout. With ``max_waiting`` jobs already queued for
        ``pool``, raise Busy at once."""
        if pool is None:
            raise NotReady("the store is not open")
        key = id(pool)
        if self._waiting.get(key, 0) >= self.settings.max_waiting:
            raise Busy
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
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.settings.query_timeout)
        except TimeoutError:
            running.cancel()
            raise QueryTimeout from None

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

    async def relate(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(relations, *args)`` on a relations thread, within the time limit; that
        thread's ``Relations`` brings its tables up to date first after a write."""

        def job(running: _Running) -> T:
            self._require_store()
            slot = self._free_slots.get_nowait()  # as many slots as relations threads
            try:
                running.start(slot.cursor)
                if slot.generation != self._generation:
                    with self._write_lock:  # persisted summaries are written on refresh
                        generation = self._generation
                        slot.relations.refresh()
                    slot.generation = generation
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
        """A response body from the cache, or ``compute()``d and kept until the next write.

        Requests for the same answer that arrive while it is computed wait for that one
        computation. The store's generation is odd while a write is under way and moves on
        when it ends; a body is kept only when no write began or ended while it was computed.
        """
        before = self._generation
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
        if body is not None and before % 2 == 0 and self._generation == before:
            self._responses.put(key, before, body)
        return body

    # ------------------------------------------------------------------ pipeline and writes

    def pipeline(self) -> Pipeline:
        """The shared pipeline, loaded on first use (runs on the write thread only)."""
        if self._pipeline is None:
            from .. import default_pipeline

            self._pipeline = default_pipeline()
        return self._pipeline

    async def _on_writer(self, fn: Callable[[], T]) -> T:
        if self._writer is None:
            raise NotReady("the store is not open")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer, fn)

    async def extract(self, doc: Document) -> DocumentResult:
        """Code one document; nothing is stored."""
        return await self._on_writer(lambda: self._run_pipeline(doc))

    def _run_pipeline(self, doc: Document) -> DocumentResult:
        return next(self.pipeline().run([doc]))

    async def ingest(self, doc: Document) -> Ingested:
        """Code one document and store it; a stored text is not read again."""
        return await self._on_writer(lambda: self._ingest(doc))

    def _ingest(self, doc: Document) -> Ingested:
        store = self._require_store()
        key = doc.content_hash
        with self._write_lock:
            known = store.has_document(key)
        new = False
        if not known:
            result = self._run_pipeline(doc)
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
