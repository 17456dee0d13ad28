"""A persistent, embedded DuckDB store of documents, actors and events.

One file holds everything (``docs/store.md``). Documents are keyed by the sha256
of their text, so writing the same text twice, under any name, changes nothing;
each document's rows go in in one transaction, so a failure never leaves half a
document behind.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import duckdb

from ..errors import StoreError
from ..model import Actor, DocumentResult, Event

SCHEMA_VERSION = 1

# Steps that take a store *to* the version of the key from the one before it.
# Version 1 is the first; add e.g. ``2: ("ALTER TABLE events ADD COLUMN x VARCHAR",)``
# together with the same change in schema.sql and a bump of SCHEMA_VERSION.
MIGRATIONS: dict[int, tuple[str, ...]] = {}

TABLES: tuple[str, ...] = ("meta", "documents", "actors", "events")

_EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "doc_key",
    "type",
    "cameo",
    "goldstein",
    "quad_class",
    "source_codes",
    "target_codes",
    "source_countries",
    "target_countries",
    "reciprocal",
    "modality",
    "attribution_code",
    "date_value",
    "date",
    "location",
    "confidence",
    "sentence_index",
    "sentence",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "trigger",
    "rule",
    "payload",
)
_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _EVENT_COLUMNS)}) "
    "ON CONFLICT DO NOTHING RETURNING event_id"
)


@dataclass(frozen=True)
class WriteSummary:
    """What one ``write`` changed.

    ``events_skipped`` counts events whose id was already in the store (the
    same id from another document with the same ``doc`` name, or a repeat
    within the document); they are not written twice.
    """

    new_document: bool
    events_added: int
    events_skipped: int = 0


def _now() -> datetime:
    """The current UTC time, naive, as stored in TIMESTAMP columns."""
    return datetime.now(UTC).replace(tzinfo=None)


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _to_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return re.sub(r"^[A-Za-z ]+ Error: ", "", first)


def _schema_sql() -> str:
    return resources.files("realpolitik.store").joinpath("schema.sql").read_text(encoding="utf-8")


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder of store {path}: {exc.strerror}") from exc
    if path.is_dir():
        raise StoreError(f"store {path} is a folder, not a DuckDB database file")
    try:
        return duckdb.connect(str(path))
    except duckdb.Error as exc:
        message = str(exc)
        if "not a valid DuckDB database" in message:
            raise StoreError(f"{path} is not a DuckDB database") from exc
        if "lock" in message.lower():
            pid = re.search(r"\(PID (\d+)\)", message)
            holder = f" (PID {pid.group(1)})" if pid else ""
            raise StoreError(
                f"store {path} is locked by another process{holder}; close it and try again"
            ) from exc
        raise StoreError(f"cannot open store {path}: {_one_line(exc)}") from exc


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
        [name],
    ).fetchone()
    return bool(row and row[0])


def _stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The store's schema version, or None for a store without a schema yet."""
    if not _table_exists(con, "meta"):
        return None
    row = con.execute("SELECT max(schema_version) FROM meta").fetchone()
    return None if row is None or row[0] is None else int(row[0])


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table of the current schema and record its version."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_schema_sql())
        con.execute("DELETE FROM meta")
        con.execute("INSERT INTO meta VALUES (?, ?)", [SCHEMA_VERSION, _now()])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def migrate(con: duckdb.DuckDBPyConnection, from_version: int) -> int:
    """Bring a store from ``from_version`` to ``SCHEMA_VERSION``; return the new version.

    Every step runs in one transaction: a failed migration leaves the store as it was.
    """
    if from_version > SCHEMA_VERSION:
        raise StoreError(
            f"store was written by a newer realpolitik (schema version {from_version}, "
            f"this one reads up to {SCHEMA_VERSION}); upgrade realpolitik"
        )
    if from_version == SCHEMA_VERSION:
        return from_version
    missing = [v for v in range(from_version + 1, SCHEMA_VERSION + 1) if v not in MIGRATIONS]
    if missing:
        raise StoreError(
            f"cannot migrate store from schema version {from_version}: "
            f"no migration to version {missing[0]}"
        )
    con.execute("BEGIN TRANSACTION")
    try:
        for version in range(from_version + 1, SCHEMA_VERSION + 1):
            for step in MIGRATIONS[version]:
                con.execute(step)
        con.execute("UPDATE meta SET schema_version = ?", [SCHEMA_VERSION])
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(
            f"migrating store from schema version {from_version} failed: {_one_line(exc)}"
        ) from exc
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION


def _all_actors(result: DocumentResult) -> Iterator[Actor]:
    yield from result.actors
    for event in result.events:
        yield from event.source
        yield from event.target
        if event.attribution is not None:
            yield event.attribution


def _event_row(event: Event, doc_key: str) -> list[Any]:
    ev = event.evidence
    date_value = event.date.get("value") if isinstance(event.date, dict) else None
    return [
        event.event_id,
        doc_key,
        event.type,
        event.cameo,
        event.goldstein,
        event.quad_class,
        [a.code for a in event.source],
        [a.code for a in event.target],
        [a.country for a in event.source if a.country],
        [a.country for a in event.target if a.country],
        event.reciprocal,
        event.modality,
        event.attribution.code if event.attribution else None,
        None if date_value is None else str(date_value),
        _to_json(event.date),
        _to_json(event.location),
        event.confidence,
        ev.sentence_index,
        ev.sentence,
        ev.sentence_start,
        ev.sentence_end,
        ev.start,
        ev.end,
        ev.trigger,
        ev.rule,
        _to_json(event.to_dict()),
    ]


class EventStore:
    """An open store; use ``EventStore.open(path)``, ideally in a ``with`` block.

    One process at a time may hold a store (DuckDB locks the file).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self._con = con
        self.path = path

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, path: Path) -> EventStore:
        """Open (or create) the store at ``path``, creating or migrating its schema."""
        path = Path(path).expanduser()
        con = _connect(path)
        try:
            version = _stored_version(con)
            if version is None:
                create_schema(con)
            else:
                migrate(con, version)
        except duckdb.Error as exc:
            con.close()
            raise StoreError(f"cannot prepare store {path}: {_one_line(exc)}") from exc
        except BaseException:
            con.close()
            raise
        return cls(con, path)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        version = _stored_version(self._con)
        return 0 if version is None else version

    # ------------------------------------------------------------------ writing

    def write(self, result: DocumentResult) -> WriteSummary:
        """Store one document's rows in one transaction; a known text changes nothing."""
        doc_key = result.document.content_hash
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            if self._has_key(doc_key):
                con.execute("ROLLBACK")
                return WriteSummary(new_document=False, events_added=0)
            now = _now()
            self._insert_document(result, doc_key, now)
            self._insert_actors(_all_actors(result), doc_key, now)
            added = self._insert_events(result.events, doc_key)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(
                f"writing {result.document.doc_id} to the store failed: {_one_line(exc)}"
            ) from exc
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return WriteSummary(
            new_document=True, events_added=added, events_skipped=len(result.events) - added
        )

    def _insert_document(self, result: DocumentResult, doc_key: str, now: datetime) -> None:
        doc = result.document
        self._con.execute(
            "INSERT INTO documents (doc_key, doc_id, title, date, source, text, n_chars, "
            "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [doc_key, doc.doc_id, doc.title, doc.date, doc.source, doc.text, len(doc.text), now],
        )

    def _insert_actors(self, actors: Iterable[Actor], doc_key: str, now: datetime) -> None:
        seen: set[str] = set()
        for actor in actors:
            if actor.code in seen:
                continue
            seen.add(actor.code)
            self._con.execute(
                "INSERT INTO actors (code, country, sector, kind, text, first_doc_key, "
                "first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [actor.code, actor.country, actor.sector, actor.kind, actor.text, doc_key, now],
            )

    def _insert_events(self, events: Iterable[Event], doc_key: str) -> int:
        added = 0
        for event in events:
            rows = self._con.execute(_INSERT_EVENT, _event_row(event, doc_key)).fetchall()
            added += len(rows)
        return added

    # ------------------------------------------------------------------ reading

    def _has_key(self, doc_key: str) -> bool:
        row = self._con.execute(
            "SELECT count(*) FROM documents WHERE doc_key = ?", [doc_key]
        ).fetchone()
        return bool(row and row[0])

    def has_document(self, content_hash: str) -> bool:
        """Whether a text with this sha256 (``Document.content_hash``) is stored."""
        return self._has_key(content_hash)

    def count(self, table: str) -> int:
        """Rows in one of ``TABLES``."""
        if table not in TABLES:
            raise StoreError(f"no table {table!r} in the store; tables: {', '.join(TABLES)}")
        row = self._con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        return int(row[0]) if row else 0

    def events(
        self,
        *,
        doc_key: str | None = None,
        type: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        modality: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events as ``Event.to_dict()`` payloads, in reading order.

        ``actor`` matches a source or target code, ``country`` a source or target
        ISO-3 country; filters combine with AND.
        """
        where: list[str] = []
        params: list[Any] = []
        if doc_key is not None:
            where.append("e.doc_key = ?")
            params.append(doc_key)
        if type is not None:
            where.append("e.type = ?")
            params.append(type)
        if actor is not None:
            where.append("(list_contains(e.source_codes, ?) OR list_contains(e.target_codes, ?))")
            params += [actor, actor]
        if country is not None:
            where.append(
                "(list_contains(e.source_countries, ?) OR list_contains(e.target_countries, ?))"
            )
            params += [country, country]
        if modality is not None:
            where.append("e.modality = ?")
            params.append(modality)
        sql = "SELECT e.payload FROM events e JOIN documents d USING (doc_key)"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.ingested_at, d.doc_key, e.sentence_index, e.trigger_start, e.event_id"
        if limit is not None:
            if limit < 0:
                raise StoreError(f"limit must be 0 or more, not {limit}")
            sql += " LIMIT ?"
            params.append(limit)
        return [json.loads(row[0]) for row in self._con.execute(sql, params).fetchall()]

    def documents(self) -> list[dict[str, Any]]:
        """Stored documents (without their text), oldest first, with their event counts."""
        cursor = self._con.execute(
            "SELECT d.doc_key, d.doc_id, d.title, d.date, d.source, d.n_chars, d.ingested_at, "
            "(SELECT count(*) FROM events e WHERE e.doc_key = d.doc_key) AS n_events "
            "FROM documents d ORDER BY d.ingested_at, d.doc_key"
        )
        names = [c[0] for c in cursor.description or ()]
        out: list[dict[str, Any]] = []
        for row in cursor.fetchall():
            item = dict(zip(names, row, strict=True))
            item["date"] = item["date"].isoformat() if item["date"] else None
            item["ingested_at"] = item["ingested_at"].isoformat()
            out.append(item)
        return out
