"""What the CLI sends to a server that holds its store (``client.py``): the body of
``realpolitik export`` streamed back as it is written, and ``realpolitik brief``'s text.

``POST /store/export`` runs ``exports.export`` on a cursor of its own in a thread of
its own and streams what it writes in chunks, so that a large export neither waits whole
in memory nor holds a read thread; at most ``MAX_EXPORTS`` run at once (then ``Busy``).
Parquet, which DuckDB writes to a file, is written to a temporary file and then streamed.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from .backend import Busy

if TYPE_CHECKING:
    import duckdb

    from ..relations.api import Relations
    from ..relations.state import Actors

MAX_EXPORTS = 2
CHUNK = 64 * 1024
_exports = threading.BoundedSemaphore(MAX_EXPORTS)


@dataclass(frozen=True)
class ExportSpec:
    """``realpolitik export``'s options, as the CLI sends them."""

    format: str = "jsonl"
    table: str | None = None
    header: bool | None = None
    actor: str | None = None
    country: str | None = None
    types: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    date_on: str = "event"
    doc: str | None = None


class _QueueWriter(io.TextIOBase):
    """A text file whose writes go, in chunks of bytes, to a queue (``None`` ends it)."""

    def __init__(self, chunks: queue.Queue[bytes | BaseException | None]) -> None:
        self._chunks = chunks
        self._buffer: list[str] = []
        self._size = 0
        self.abandoned = threading.Event()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self.abandoned.is_set():
            raise BrokenPipeError("the client went away")
        self._buffer.append(text)
        self._size += len(text)
        if self._size >= CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._buffer:
            data = "".join(self._buffer).encode("utf-8")
            self._buffer, self._size = [], 0
            while not self.abandoned.is_set():
                with contextlib.suppress(queue.Full):
                    self._chunks.put(data, timeout=0.5)
                    return


def _filters(spec: ExportSpec) -> Any:
    from ..store.filters import Filters

    return Filters(
        actor=spec.actor,
        country=spec.country,
        types=tuple(t.upper() for t in spec.types),
        modalities=tuple(spec.modalities),
        date_from=spec.since,
        date_to=spec.until,
        date_on=spec.date_on,
        doc=spec.doc,
    )


def export_chunks(cursor: duckdb.DuckDBPyConnection, spec: ExportSpec) -> Iterator[bytes]:
    """The export's bytes, chunk by chunk, written by a thread of its own on ``cursor``
    (closed at the end). A consumer that stops early stops the thread too."""
    from ..exports import export

    if not _exports.acquire(blocking=False):
        cursor.close()
        raise Busy(f"the server is busy: {MAX_EXPORTS} exports already run; try again")
    store = SimpleNamespace(connection=cursor)  # export reads store.connection only
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=16)
    writer = _QueueWriter(chunks)
    parquet = spec.format == "parquet"
    tmp = (
        Path(tempfile.mkstemp(prefix="realpolitik-export-", suffix=".parquet")[1])
        if parquet
        else None
    )

    def run() -> None:
        try:
            target: Any = tmp if tmp is not None else writer
            export(store, target, spec.format, _filters(spec), table=spec.table, header=spec.header)  # type: ignore[arg-type]
            writer.flush()
            if tmp is not None:
                with tmp.open("rb") as handle:
                    while block := handle.read(CHUNK):
                        if writer.abandoned.is_set():
                            break
                        chunks.put(block)
            chunks.put(None)
        except BaseException as exc:  # handed to the consumer
            chunks.put(exc)

    thread = threading.Thread(target=run, name="realpolitik-export", daemon=True)

    def chunked() -> Iterator[bytes]:
        thread.start()
        try:
            while True:
                item = chunks.get()
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            writer.abandoned.set()
            with contextlib.suppress(queue.Empty):
                while True:
                    chunks.get_nowait()
            thread.join(timeout=30)
            with contextlib.suppress(Exception):
                cursor.close()
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            _exports.release()

    return chunked()


def brief_text(
    rel: Relations,
    since: date,
    until: date | None,
    actor: str | None,
    top: int,
    fmt: str,
    actors: Actors = "all",
) -> str:
    """``realpolitik brief``'s output, as the command writes it."""
    made = rel.brief(since, until=until, actor=actor, top=top, actors=actors)
    return made.to_json() + "\n" if fmt == "json" else made.to_markdown()
