"""The store's read queries on any cursor of its connection: the schema description and the
rows relations and the server answer from.

The store owns the connection, the schema and every row query; relations and the server
call these functions with a cursor (a server's read thread has its own) and shape what
they return. Every query takes its values as parameters: none is formatted into SQL text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import duckdb

from ..errors import StoreError
from ..exports.formats.gdelt import GDELT_SQL
from ..exports.query import BATCH, select_list
from .columns import EVENT_EXPORT_COLUMNS, TRANSFER_EXPORT_COLUMNS
from .filters import EventSearch, Filters, transfer_conditions, where_clause

if TYPE_CHECKING:
    import pandas as pd

Connection = duckdb.DuckDBPyConnection


# --------------------------------------------------------------------------- the schema


@dataclass(frozen=True)
class StoreLayout:
    """What a store holds beyond schema version 1, read from ``information_schema``: the
    description relations build their tables by (an old store is read as it is)."""

    merged: bool  # events.merged_id and a merged_events table keyed by it
    merged_sources: bool  # merged_events.n_sources and n_articles
    transfers: frozenset[str]  # the columns of a transfers table; empty when there is none

    def key(self) -> str:
        return f"merged={int(self.merged)},sources={int(self.merged_sources)}"


def describe(con: Connection) -> StoreLayout:
    """The layout of the store ``con`` is open on."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog NOT IN ('temp', 'system') AND table_schema = 'main'"
    ).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(str(table), set()).add(str(column))
    merged = "merged_id" in columns.get("events", set()) and "merged_id" in columns.get(
        "merged_events", set()
    )
    return StoreLayout(
        merged=merged,
        merged_sources=merged
        and {"n_sources", "n_articles"} <= columns.get("merged_events", set()),
        transfers=frozenset(columns.get("transfers", set())),
    )


def check_store(con: Connection) -> None:
    """StoreError unless ``con`` is open on a realpolitik store (events and documents)."""
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' "
        "AND table_name IN ('events', 'documents')"
    ).fetchone()
    if not row or row[0] != 2:
        raise StoreError("not a realpolitik store: it has no events and documents tables")


@contextmanager
def snapshot(con: Connection) -> Iterator[None]:
    """One read transaction: its queries see the same store, whatever is written meanwhile."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    finally:
        with suppress(duckdb.Error):  # an interrupted query has aborted it already
            con.execute("ROLLBACK")


def count_of(con: Connection, sql: str, params: Sequence[Any]) -> int:
    """How many rows ``sql`` gives."""
    row = con.execute(f"SELECT count(*) FROM ({sql})", list(params)).fetchone()
    return int(row[0]) if row else 0


def batches(
    con: Connection, sql: str, params: Sequence[Any]
) -> tuple[list[str], Iterator[list[tuple[Any, ...]]]]:
    """The column names of ``sql`` and its rows, in batches of ``exports/query.py``'s ``BATCH``."""
    cursor = con.execute(sql, list(params))
    names = [str(c[0]) for c in cursor.description or ()]

    def rows() -> Iterator[list[tuple[Any, ...]]]:
        while batch := cursor.fetchmany(BATCH):
            yield batch

    return names, rows()


def counts(con: Connection) -> tuple[int, int]:
    """Documents and events in the store."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


# --------------------------------------------------------------------------- events

_EVENT_DAY = "coalesce(e.date_start, e.merge_day)"
_NEWEST_FIRST = (
    f" ORDER BY {_EVENT_DAY} DESC NULLS LAST, e.doc_key, "
    "e.sentence_index, e.trigger_start, e.event_id"
)
_TIE = ", e.doc_key, e.sentence_index, e.trigger_start, e.event_id"
# The event table's sortable columns (``-`` first: descending); fixed SQL, never input.
EVENT_ORDERS: dict[str, str] = {
    "-date": _NEWEST_FIRST,
    "date": f" ORDER BY {_EVENT_DAY} ASC NULLS LAST" + _TIE,
    "type": f" ORDER BY e.type, {_EVENT_DAY} DESC NULLS LAST" + _TIE,
    "-type": f" ORDER BY e.type DESC, {_EVENT_DAY} DESC NULLS LAST" + _TIE,
    "source": " ORDER BY e.source_codes[1] ASC NULLS LAST" + _TIE,
    "-source": " ORDER BY e.source_codes[1] DESC NULLS LAST" + _TIE,
    "target": " ORDER BY e.target_codes[1] ASC NULLS LAST" + _TIE,
    "-target": " ORDER BY e.target_codes[1] DESC NULLS LAST" + _TIE,
    "modality": " ORDER BY e.modality ASC NULLS LAST" + _TIE,
    "-modality": " ORDER BY e.modality DESC NULLS LAST" + _TIE,
    "place": " ORDER BY e.location->>'$.name' ASC NULLS LAST" + _TIE,
    "-place": " ORDER BY e.location->>'$.name' DESC NULLS LAST" + _TIE,
    "goldstein": " ORDER BY e.goldstein ASC NULLS LAST" + _TIE,
    "-goldstein": " ORDER BY e.goldstein DESC NULLS LAST" + _TIE,
}


def event_page(
    con: Connection, search: EventSearch, order: str, limit: int, offset: int
) -> tuple[int, list[tuple[dict[str, Any], str, date | None]]]:
    """How many events match ``search``, and one page of them sorted by ``order`` (a key of
    ``EVENT_ORDERS``): each its payload, its document key and its ``merge_day`` (the
    article's date when the event has none). One snapshot."""
    where, params = search.conditions()
    clause = where_clause(where)
    rows: list[tuple[Any, ...]] = []
    with snapshot(con):
        row = con.execute(f"SELECT count(*) FROM events e{clause}", params).fetchone()
        total = int(row[0]) if row else 0
        if limit > 0 and offset < total:
            rows = con.execute(
                f"SELECT e.payload, e.doc_key, e.merge_day FROM events e{clause}"
                f"{EVENT_ORDERS[order]} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
    return total, [(json.loads(p), key, day) for p, key, day in rows]


def event_with_document(con: Connection, event_id: str) -> dict[str, Any] | None:
    """One event's payload, merged id and document (key, name, title, date, url), or None."""
    row = con.execute(
        "SELECT e.payload, e.doc_key, d.date, d.title, d.url, d.doc_id, e.merged_id "
        "FROM events e JOIN documents d USING (doc_key) WHERE e.event_id = ?",
        [event_id],
    ).fetchone()
    if row is None:
        return None
    payload, doc_key, doc_date, title, url, name, merged_id = row
    return {
        "payload": json.loads(payload),
        "doc_key": doc_key,
        "date": doc_date,
        "title": title,
        "url": url,
        "name": name,
        "merged_id": merged_id,
    }


def document_with_events(con: Connection, doc_id: str) -> dict[str, Any] | None:
    """A document by content hash or by the name it was written under, with its events'
    spans (in reading order), or None."""
    row = con.execute(
        "SELECT doc_key, doc_id, title, date, url, source, text, duplicate_of FROM documents "
        "WHERE doc_key = ? OR doc_id = ? ORDER BY doc_key = ? DESC, ingested_at, doc_key LIMIT 1",
        [doc_id, doc_id, doc_id],
    ).fetchone()
    if row is None:
        return None
    names = ("doc_key", "doc_id", "title", "date", "url", "source", "text", "duplicate_of")
    found = dict(zip(names, row, strict=True))
    found["events"] = con.execute(
        "SELECT event_id, type, modality, source_codes, target_codes, sentence_start, "
        "sentence_end, trigger_start, trigger_end FROM events WHERE doc_key = ? "
        "ORDER BY sentence_start, trigger_start, event_id",
        [found["doc_key"]],
    ).fetchall()
    return found


def coverage(
    con: Connection, first: date, last: date
) -> tuple[list[tuple[str, int]], tuple[Any, ...] | None, tuple[Any, ...] | None]:
    """Events by month (``YYYY-MM``) between ``first`` and ``last``; over all events, the
    first and last day, how many have no day and how many fall outside; the first and last
    day inside."""
    day = _EVENT_DAY
    rows = con.execute(
        f"SELECT strftime(date_trunc('month', {day}), '%Y-%m') AS month, count(*) "
        f"FROM events e WHERE {day} BETWEEN ? AND ? GROUP BY 1 ORDER BY 1",
        [first, last],
    ).fetchall()
    span = con.execute(
        f"SELECT min({day}), max({day}), count(*) FILTER (WHERE {day} IS NULL), "
        f"count(*) FILTER (WHERE {day} NOT BETWEEN ? AND ?) FROM events e",
        [first, last],
    ).fetchone()
    inside = con.execute(
        f"SELECT min({day}), max({day}) FROM events e WHERE {day} BETWEEN ? AND ?",
        [first, last],
    ).fetchone()
    return rows, span, inside


def event_export_sql(search: EventSearch, order: str, fmt: str) -> tuple[str, list[Any]]:
    """The rows the exporter writes for the events ``search`` finds, sorted by ``order``:
    ``gdelt`` (the GDELT rows of the merged events these mentions belong to), ``json``
    (payload, merged id, document key) or ``csv`` (the exporter's event columns)."""
    where, params = search.conditions()
    clause = where_clause(where)
    joined = " FROM events e JOIN documents d USING (doc_key)" + clause
    if fmt == "gdelt":
        inner = f"SELECT DISTINCT e.merged_id FROM events e{clause}"
        sql = GDELT_SQL + f" WHERE m.merged_id IN ({inner}) ORDER BY m.date NULLS LAST, m.merged_id"
        return sql, params
    if fmt == "json":
        return "SELECT e.payload, e.merged_id, e.doc_key" + joined + EVENT_ORDERS[order], params
    columns = select_list(EVENT_EXPORT_COLUMNS)
    return f"SELECT {columns}" + joined + EVENT_ORDERS[order], params


# --------------------------------------------------------------------------- transfers

_TRANSFERS = " FROM transfers t JOIN documents d USING (doc_key)"
_TRANSFER_ORDER = " ORDER BY d.date DESC NULLS LAST, d.doc_key, t.trigger_start, t.transfer_id"


def transfer_page(
    con: Connection, filters: Filters, limit: int, offset: int
) -> tuple[int, list[tuple[Any, ...]]]:
    """How many arms transfers match, and one page of them, newest article first (one
    snapshot): each row the transfer's columns, then its document's date, title, source."""
    where, params = transfer_conditions(filters)
    base = _TRANSFERS + where_clause(where)
    rows: list[tuple[Any, ...]] = []
    with snapshot(con):
        row = con.execute("SELECT count(*)" + base, params).fetchone()
        total = int(row[0]) if row else 0
        if limit > 0 and offset < total:
            rows = con.execute(
                "SELECT t.transfer_id, t.doc_key, t.supplier, t.recipient, t.item, t.category, "
                "t.quantity_value, t.quantity_exact, t.quantity_unit, t.quantity_text, t.status, "
                "t.year, t.modality, t.event_id, t.sentence, t.trigger, d.date, d.title, "
                "d.source" + base + _TRANSFER_ORDER + " LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
    return total, rows


def transfer_export_sql(filters: Filters, fmt: str) -> tuple[str, list[Any]]:
    """The rows the exporter writes for the transfers ``filters`` keep, newest first:
    ``json`` (payload, id, document key) or ``csv`` (the exporter's transfer columns)."""
    where, params = transfer_conditions(filters)
    joined = _TRANSFERS + where_clause(where)
    if fmt == "json":
        return "SELECT t.payload, t.transfer_id, t.doc_key" + joined + _TRANSFER_ORDER, params
    columns = select_list(TRANSFER_EXPORT_COLUMNS)
    return f"SELECT {columns}" + joined + _TRANSFER_ORDER, params


# --------------------------------------------------------------------------- for relations


def actor_country(con: Connection, code: str) -> str | None:
    """The country the store's actors table gives an actor code, or None."""
    row = con.execute(
        "SELECT country FROM actors WHERE code = ? AND country IS NOT NULL", [code]
    ).fetchone()
    return None if row is None else str(row[0])


def evidence_frame(con: Connection, event_ids: Sequence[str]) -> pd.DataFrame:
    """Sentence, codes and document (doc_id, title, source, date) of each event."""
    return con.execute(
        """
        WITH e AS MATERIALIZED (
            SELECT event_id, type, cameo, goldstein, modality, confidence, sentence,
                trigger, source_codes, target_codes, doc_key
            FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))
        )
        SELECT e.*, d.doc_id, d.title, d.source, d.date
        FROM e JOIN documents d ON d.doc_key = e.doc_key""",
        [sorted(set(event_ids))],
    ).df()


def documents_by_hash_frame(con: Connection, doc_hashes: Sequence[int]) -> pd.DataFrame:
    """Documents (``h``, the hash of their key; doc_id, title, source, date) by the hashes
    of their keys. One query for many: it hashes every document key once."""
    return con.execute(
        """
        SELECT hash(doc_key) AS h, doc_id, title, source, date FROM documents
        WHERE hash(doc_key) IN (SELECT unnest(?::UBIGINT[]))""",
        [list(doc_hashes)],
    ).df()
