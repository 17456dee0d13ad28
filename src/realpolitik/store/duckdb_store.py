"""A persistent, embedded DuckDB store of documents, actors, events and what links them.

One file holds everything (``docs/store.md``). Documents are keyed by the sha256
of their text, so writing the same text twice, under any name, changes nothing.
Each document's rows go in in one transaction, together with what the document
changes elsewhere: its near-duplicate links (``dedup.py``) and the merged events
its event mentions belong to (``merge.py``). A failure, or a process killed at
any moment, never leaves half a document behind, and writing the same documents
again after a crash ends in the same store as one uninterrupted run.

The store's parts, one module each: ``columns.py`` (column lists), ``connection.py``
(opening the file), ``settings.py``, ``schema.py`` (schema and migrations), ``rows.py``
(records as rows), ``linking.py`` (near-duplicate links), ``remerge.py`` (merged events)
and ``deleting.py``; this module is the ``EventStore`` that uses them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import duckdb

from ..errors import StoreError
from ..jsonsafe import iso
from ..model import Actor, DocumentResult
from . import dedup
from .columns import INSERT_DOCUMENT_HEAD, MERGED_COLUMNS, TABLES
from .connection import (
    Connection,
    check_store_path,
    connect,
    insert_rows,
    one_line,
    rollback,
    utc_now,
)
from .deleting import DeleteSummary, delete_conditions, remove_documents
from .filters import (
    Filters,
    event_conditions,
    indicator_conditions,
    merged_conditions,
    transfer_conditions,
    where_clause,
)
from .linking import link_duplicates
from .remerge import remerge_documents, remerge_strands
from .rows import all_actors, document_row, insert_actors, insert_events, insert_records
from .schema import create_schema, migrate, stored_version
from .settings import StoreSettings, read_settings, write_settings

if TYPE_CHECKING:
    from .reads import StoreLayout

# The store's public API: the store, what its methods return, and the path check the
# CLI runs before it opens one.
__all__ = [
    "WRITE_BATCH",
    "WRITE_WAIT_S",
    "DeleteSummary",
    "EventStore",
    "StoreSettings",
    "WriteSummary",
    "check_store_path",
]

Clock = Callable[[], datetime]

WRITE_BATCH = 32  # documents per transaction when writing a stream
WRITE_WAIT_S = 2.0  # ... or fewer, once the first has waited this long


@dataclass(frozen=True)
class WriteSummary:
    """What one ``write`` changed.

    ``events_skipped`` counts events whose id was already in the store (the
    same id from another document with the same ``doc`` name, or a repeat
    within the document); they are not written twice. ``duplicate_of`` is the
    ``doc_key`` of the earlier near-duplicate the new document was linked to.
    """

    new_document: bool
    events_added: int
    events_skipped: int = 0
    duplicate_of: str | None = None


class EventStore:
    """An open store; use ``EventStore.open(path)``, ideally in a ``with`` block.

    One process at a time may hold a store (DuckDB locks the file).
    """

    def __init__(self, con: Connection, path: Path, clock: Clock = utc_now) -> None:
        self._con = con
        self.path = path
        self._clock = clock
        self._settings = read_settings(con)
        self._index: dedup.NearDuplicateIndex | None = None

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, path: Path | str, *, clock: Clock | None = None) -> EventStore:
        """Open (or create) the store at ``path``, creating or migrating its schema.

        ``clock`` gives the UTC times written to ``ingested_at`` and the like
        (default: now); a fixed clock makes two stores written from the same
        documents identical, column for column.
        """
        path = Path(path).expanduser()
        tick = clock or utc_now
        con = connect(path)
        try:
            version = stored_version(con)
            if version is None:
                create_schema(con, tick())
            else:
                migrate(con, version)
            store = cls(con, path, tick)
        except duckdb.Error as exc:
            con.close()
            raise StoreError(f"cannot prepare store {path}: {one_line(exc)}") from exc
        except BaseException:
            con.close()
            raise
        return store

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
        version = stored_version(self._con)
        return 0 if version is None else version

    @property
    def settings(self) -> StoreSettings:
        """The dedup and merge parameters this store is written with."""
        return self._settings

    @property
    def connection(self) -> Connection:
        """The open DuckDB connection, for read-only SQL in this process (``export``)."""
        return self._con

    # ------------------------------------------------------------------ writing

    def _dedup_index(self) -> dedup.NearDuplicateIndex:
        """The LSH index of every stored signature, built on first use."""
        if self._index is None:
            index = dedup.NearDuplicateIndex(self._settings.dedup)
            cursor = self._con.execute(
                "SELECT doc_key, signature FROM documents WHERE signature IS NOT NULL "
                "ORDER BY doc_key"
            )
            while batch := cursor.fetchmany(1000):
                for doc_key, sig in batch:
                    index.add(doc_key, bytes(sig))
            self._index = index
        return self._index

    def write(self, result: DocumentResult) -> WriteSummary:
        """Store one document's rows in one transaction; a known text changes nothing.

        The same transaction links the document to its near-duplicates and updates
        the merged events of its events' strands.
        """
        return self.write_many([result])[0]

    def write_stream(
        self,
        results: Iterable[DocumentResult],
        batch: int = WRITE_BATCH,
        max_wait: float = WRITE_WAIT_S,
    ) -> Iterator[tuple[DocumentResult, WriteSummary]]:
        """Write a stream of documents in batches of up to ``batch``, yielding each
        document with its summary once its batch is committed. A batch is written early
        when, as a document arrives, the batch's first has waited ``max_wait`` seconds
        (a slow source does not hold documents back for long)."""
        pending: list[DocumentResult] = []
        since = 0.0
        for result in results:
            if not pending:
                since = time.monotonic()
            pending.append(result)
            if len(pending) >= batch or time.monotonic() - since >= max_wait:
                yield from zip(pending, self.write_many(pending), strict=True)
                pending = []
        if pending:
            yield from zip(pending, self.write_many(pending), strict=True)

    def write_many(self, results: Sequence[DocumentResult]) -> list[WriteSummary]:
        """Store several documents in one transaction: all of them or, on an error, none.

        The store ends exactly as after writing them one by one with :meth:`write`, in
        this order; one transaction, one pass of merging and multi-row statements make
        it several times faster on a large store. A known text (stored, or earlier in
        the batch) changes nothing.
        """
        if not results:
            return []
        con = self._con
        settings = self._settings
        summaries: list[WriteSummary | None] = [None] * len(results)
        con.execute("BEGIN TRANSACTION")
        index: dedup.NearDuplicateIndex | None = None
        added_to_index: list[tuple[str, bytes]] = []
        try:
            keys = [r.document.content_hash for r in results]
            stored = {
                row[0]
                for row in con.execute(
                    "SELECT doc_key FROM documents WHERE doc_key IN (SELECT unnest(?))",
                    [sorted(set(keys))],
                ).fetchall()
            }
            new: list[tuple[int, DocumentResult, frozenset[str], bytes, datetime]] = []
            for i, (result, doc_key) in enumerate(zip(results, keys, strict=True)):
                if doc_key in stored:
                    summaries[i] = WriteSummary(new_document=False, events_added=0)
                    continue
                stored.add(doc_key)
                text = result.document.text
                shingle_set = dedup.shingles(text, settings.dedup.shingle_words)
                sig = dedup.signature(shingle_set, settings.dedup)
                new.append((i, result, shingle_set, sig, self._clock()))
            if not new:
                con.execute("ROLLBACK")
                return [s for s in summaries if s is not None]
            index = self._dedup_index()
            insert_rows(
                con,
                INSERT_DOCUMENT_HEAD,
                [document_row(result, keys[i], now, sig) for i, result, _, sig, now in new],
            )
            actors: list[tuple[Actor, str, datetime]] = [
                (actor, keys[i], now)
                for i, result, _, _, now in new
                for actor in all_actors(result)
            ]
            insert_actors(con, actors)
            added = insert_events(con, [(keys[i], result) for i, result, _, _, _ in new])
            for i, result, _, _, _ in new:
                insert_records(con, result, keys[i])
            touched = [keys[i] for i, *_ in new]
            for i, _, shingle_set, sig, _ in new:
                touched += link_duplicates(con, index, settings, keys[i], shingle_set, sig)
                if sig and keys[i] not in index:
                    index.add(keys[i], sig)
                    added_to_index.append((keys[i], sig))
            remerge_documents(con, settings, sorted(set(touched)))
            links = dict(
                con.execute(
                    "SELECT doc_key, duplicate_of FROM documents "
                    "WHERE doc_key IN (SELECT unnest(?))",
                    [[keys[i] for i, *_ in new]],
                ).fetchall()
            )
            con.execute("COMMIT")
        except BaseException as exc:
            rollback(con)
            if added_to_index:
                self._index = None  # holds documents that were not stored: rebuild on use
            if isinstance(exc, duckdb.Error):
                names = ", ".join(r.document.doc_id for r in results[:3])
                more = f" and {len(results) - 3} more" if len(results) > 3 else ""
                raise StoreError(
                    f"writing {names}{more} to the store failed: {one_line(exc)}"
                ) from exc
            raise
        for i, result, _, _, _ in new:
            summaries[i] = WriteSummary(
                new_document=True,
                events_added=added[keys[i]],
                events_skipped=len(result.events) - added[keys[i]],
                duplicate_of=links.get(keys[i]),
            )
        return [s for s in summaries if s is not None]

    def rebuild_merged(self, window_days: int | None = None) -> int:
        """Recompute every merged event, with a new date window if given; return their number.

        The window is saved in the store's settings and used by later writes.
        """
        if window_days is not None and window_days < 0:
            raise StoreError(f"the merge window must be 0 days or more, not {window_days}")
        con = self._con
        settings = self._settings
        if window_days is not None:
            settings = StoreSettings(dedup=settings.dedup, merge_window_days=window_days)
        con.execute("BEGIN TRANSACTION")
        try:
            write_settings(con, settings)
            keys = [r[0] for r in con.execute("SELECT DISTINCT merge_key FROM events").fetchall()]
            remerge_strands(con, settings, keys)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            rollback(con)
            raise StoreError(f"rebuilding merged events failed: {one_line(exc)}") from exc
        except BaseException:
            rollback(con)
            raise
        self._settings = settings
        return self.count("merged_events")

    def delete(
        self,
        *,
        doc: str | None = None,
        source: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> DeleteSummary:
        """Remove the documents that match every condition given, in one transaction.

        ``doc`` is a ``doc_key`` (the text's sha256) or a ``doc_id``; ``source`` the
        publisher; ``since``/``until`` an inclusive range of article dates. Their events,
        transfers, indicators and places go with them; their near-duplicates are linked
        again and every merged event of their strands is recomputed, so the store ends as
        if they had never been written (only ``actors.first_doc_key`` is cleared where it
        named one of them). Deleting again removes nothing.
        """
        where, params = delete_conditions(doc, source, since, until)
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            found = [
                (str(key), str(doc_id), str(root))
                for key, doc_id, root in con.execute(
                    "SELECT doc_key, doc_id, coalesce(duplicate_of, doc_key) FROM documents "
                    f"WHERE {where} ORDER BY doc_key",
                    params,
                ).fetchall()
            ]
            if not found:
                con.execute("ROLLBACK")
                return DeleteSummary()
            summary = remove_documents(con, self._settings, found)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            rollback(con)
            raise StoreError(f"deleting from the store failed: {one_line(exc)}") from exc
        except BaseException:
            rollback(con)
            raise
        self._index = None  # holds the removed signatures: rebuilt on next use
        return summary

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

    @staticmethod
    def _limit(sql: str, params: list[Any], limit: int | None) -> str:
        if limit is None:
            return sql
        if limit < 0:
            raise StoreError(f"limit must be 0 or more, not {limit}")
        params.append(limit)
        return sql + " LIMIT ?"

    def events(
        self,
        *,
        doc_key: str | None = None,
        type: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        modality: str | None = None,
        merged_id: str | None = None,
        filters: Filters | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events as ``Event.to_dict()`` payloads, in reading order.

        ``actor`` matches a source or target code, ``country`` a source or target
        ISO-3 country; ``merged_id`` keeps the mentions of one merged event;
        ``filters`` adds any of ``Filters``. Everything combines with AND.
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
        if merged_id is not None:
            where.append("e.merged_id = ?")
            params.append(merged_id)
        if filters is not None:
            more, more_params = event_conditions(filters)
            where += more
            params += more_params
        sql = "SELECT e.payload FROM events e JOIN documents d USING (doc_key)" + where_clause(
            where
        )
        sql += " ORDER BY d.ingested_at, d.doc_key, e.sentence_index, e.trigger_start, e.event_id"
        sql = self._limit(sql, params, limit)
        return [json.loads(row[0]) for row in self._con.execute(sql, params).fetchall()]

    def _dicts(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        cursor = self._con.execute(sql, params)
        names = [c[0] for c in cursor.description or ()]
        return [
            {name: iso(value) for name, value in zip(names, row, strict=True)}
            for row in cursor.fetchall()
        ]

    def merged_events(
        self, filters: Filters | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Merged events (``merged_events`` rows, dates as ISO strings), by date then id.

        See ``Filters`` and ``filters.merged_conditions`` for how filters apply.
        """
        where, params = merged_conditions(filters or Filters())
        sql = (
            f"SELECT {', '.join('m.' + c for c in MERGED_COLUMNS)} FROM merged_events m"
            + where_clause(where)
            + " ORDER BY m.date NULLS LAST, m.merged_id"
        )
        return self._dicts(self._limit(sql, params, limit), params)

    def _payload_rows(self, sql: str, params: list[Any], limit: int | None) -> list[dict[str, Any]]:
        rows = self._con.execute(self._limit(sql, params, limit), params).fetchall()
        return [{"id": rid, "doc_key": key, **json.loads(payload)} for rid, key, payload in rows]

    def transfers(
        self, filters: Filters | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Arms transfers: ``ArmsTransfer.to_dict()`` with ``id`` and ``doc_key``, in reading order.

        ``country`` matches the supplier or the recipient; dates are the article's.
        """
        where, params = transfer_conditions(filters or Filters())
        sql = (
            "SELECT t.transfer_id, t.doc_key, t.payload FROM transfers t "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, t.trigger_start, t.transfer_id"
        )
        return self._payload_rows(sql, params, limit)

    def indicators(
        self, filters: Filters | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Indicators as ``Indicator.to_dict()`` plus ``id`` and ``doc_key``, in reading order.

        ``country`` matches one of its countries; dates are the article's.
        """
        where, params = indicator_conditions(filters or Filters())
        sql = (
            "SELECT i.indicator_id, i.doc_key, i.payload FROM indicators i "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, i.trigger_start, i.indicator_id"
        )
        return self._payload_rows(sql, params, limit)

    def documents(self) -> list[dict[str, Any]]:
        """Stored documents (without their text), oldest first, with their event counts."""
        return self._dicts(
            "SELECT d.doc_key, d.doc_id, d.title, d.date, d.source, d.url, d.n_chars, "
            "d.ingested_at, d.duplicate_of, "
            "(SELECT count(*) FROM events e WHERE e.doc_key = d.doc_key) AS n_events "
            "FROM documents d ORDER BY d.ingested_at, d.doc_key",
            [],
        )

    def size_on_disk(self) -> int:
        """Bytes of the database file and its write-ahead log."""
        total = 0
        for candidate in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                total += candidate.stat().st_size
            except OSError:
                continue
        return total

    def stats(self) -> dict[str, Any]:
        """Counts per table, near-duplicates, merged-event coverage and size on disk."""
        con = self._con

        def scalar(sql: str) -> int:
            row = con.execute(sql).fetchone()
            return int(row[0]) if row and row[0] is not None else 0

        return {
            "path": str(self.path),
            "schema_version": self.schema_version,
            "size_bytes": self.size_on_disk(),
            "tables": {table: self.count(table) for table in TABLES},
            "near_duplicates": scalar(
                "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"
            ),
            "duplicate_clusters": scalar("SELECT count(DISTINCT duplicate_of) FROM documents"),
            "articles": scalar(
                "SELECT count(DISTINCT coalesce(duplicate_of, doc_key)) FROM documents"
            ),
            "merged_multi_mention": scalar(
                "SELECT count(*) FROM merged_events WHERE n_mentions > 1"
            ),
            "merged_multi_article": scalar(
                "SELECT count(*) FROM merged_events WHERE n_articles > 1"
            ),
            "merged_multi_source": scalar("SELECT count(*) FROM merged_events WHERE n_sources > 1"),
            "settings": {key: value for key, value in self._settings.rows()},
        }

    # ------------------------------------------------------------------ for readers

    @classmethod
    def open_existing(cls, path: Path | str, *, read_only: bool = False) -> EventStore:
        """An existing store as it is, for readers (relations): nothing is created or
        migrated, so that a store of an older schema is read as it was written (its
        :meth:`layout` says what it holds). ``read_only`` lets other processes read it too."""
        from .reads import check_store

        where = Path(path).expanduser()
        if not where.is_file():
            raise StoreError(f"no store at {where}; write events to it first (realpolitik extract)")
        con = connect(where, read_only=read_only)
        try:
            check_store(con)
            return cls(con, where)
        except BaseException:
            con.close()
            raise

    def layout(self) -> StoreLayout:
        """What this store holds (``store/reads.py``): the description relations read."""
        from .reads import describe

        return describe(self._con)
