"""What the writers read from a store: the SQL of each table's rows (columns from
``store/columns.py``, filters from ``store/filters.py``), streamed a batch at a time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NamedTuple

from ..safe_output import replacing_text
from ..store.columns import (
    EVENT_EXPORT_COLUMNS,
    INDICATOR_EXPORT_COLUMNS,
    MERGED_EXPORT_COLUMNS,
    TRANSFER_EXPORT_COLUMNS,
)
from ..store.filters import (
    Filters,
    event_conditions,
    indicator_conditions,
    merged_conditions,
    transfer_conditions,
    where_clause,
)

EXPORT_TABLES: tuple[str, ...] = ("events", "merged", "transfers", "indicators")
BATCH = 1000  # rows fetched at a time


class Query(NamedTuple):
    sql: str
    params: list[Any]


def select_list(columns: tuple[tuple[str, str], ...]) -> str:
    """``expr AS name, ...`` of (name, expression) pairs (``store/columns.py``)."""
    return ", ".join(f"{expr} AS {name}" for name, expr in columns)


def flat_query(table: str, filters: Filters) -> Query:
    """The flat export columns of a table's rows that pass ``filters``, in their order."""
    if table == "events":
        where, params = event_conditions(filters)
        sql = (
            f"SELECT {select_list(EVENT_EXPORT_COLUMNS)} "
            "FROM events e JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, e.sentence_index, e.trigger_start, e.event_id"
        )
    elif table == "merged":
        where, params = merged_conditions(filters)
        sql = (
            f"SELECT {select_list(MERGED_EXPORT_COLUMNS)} FROM merged_events m"
            + where_clause(where)
            + " ORDER BY m.date NULLS LAST, m.merged_id"
        )
    elif table == "transfers":
        where, params = transfer_conditions(filters)
        sql = (
            f"SELECT {select_list(TRANSFER_EXPORT_COLUMNS)} FROM transfers t "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, t.trigger_start, t.transfer_id"
        )
    else:
        where, params = indicator_conditions(filters)
        sql = (
            f"SELECT {select_list(INDICATOR_EXPORT_COLUMNS)} FROM indicators i "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, i.trigger_start, i.indicator_id"
        )
    return Query(sql, params)


def payload_query(table: str, filters: Filters) -> Query:
    """Rows of (payload JSON, extra id, doc_key) of events, transfers or indicators."""
    if table == "events":
        where, params = event_conditions(filters)
        sql = (
            "SELECT e.payload, e.merged_id, e.doc_key "
            "FROM events e JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, e.sentence_index, e.trigger_start, e.event_id"
        )
    elif table == "transfers":
        where, params = transfer_conditions(filters)
        sql = (
            "SELECT t.payload, t.transfer_id, t.doc_key FROM transfers t "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, t.trigger_start, t.transfer_id"
        )
    else:
        where, params = indicator_conditions(filters)
        sql = (
            "SELECT i.payload, i.indicator_id, i.doc_key FROM indicators i "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, i.trigger_start, i.indicator_id"
        )
    return Query(sql, params)


def rows(store: Any, query: Query) -> Iterator[tuple[Any, ...]]:
    """The query's rows, fetched ``BATCH`` at a time on a cursor of their own."""
    cursor = store.connection.cursor()
    try:
        cursor.execute(query.sql, query.params)
        while batch := cursor.fetchmany(BATCH):
            yield from batch
    finally:
        cursor.close()


def column_names(store: Any, query: Query) -> list[str]:
    """The names of the query's columns."""
    cursor = store.connection.cursor()
    try:
        cursor.execute(f"SELECT * FROM ({query.sql}) LIMIT 0", query.params)
        return [c[0] for c in cursor.description or ()]
    finally:
        cursor.close()


@contextmanager
def text_out(out: Path | str | IO[str], fmt: str, store: Any) -> Iterator[IO[str]]:
    """A stream as given, or a file written aside and moved into place on success; never
    over the store, another store or a file of another kind (``safe_output.py``)."""
    if hasattr(out, "write"):
        yield out  # type: ignore[misc]
        return
    with replacing_text(Path(out), fmt, inputs=[store.path]) as handle:  # type: ignore[arg-type]
        yield handle
