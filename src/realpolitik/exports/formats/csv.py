"""CSV: a store table's flat columns (``store/columns.py``) with a header line, and
``extract``'s one flat row per coded event (``CSV_COLUMNS``). Lists are joined by ``;``,
empty values are ''."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any, TextIO

from ...model import Actor, DocumentResult, Event
from ...store.filters import Filters
from ..query import column_names, flat_query, rows
from ..registry import Format, register
from ..values import csv_value, record_json

# ---------------------------------------------------------------------------- store rows


def export_csv(store: Any, handle: IO[str], table: str, filters: Filters, header: bool) -> int:
    """The rows of ``table`` that pass ``filters``, a header line first unless not wanted."""
    query = flat_query(table, filters)
    writer = csv.writer(handle, lineterminator="\n")
    if header:
        writer.writerow(column_names(store, query))
    n = 0
    for row in rows(store, query):
        writer.writerow([csv_value(v) for v in row])
        n += 1
    return n


# ---------------------------------------------------------------------------- coded events

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "doc",
    "type",
    "cameo",
    "goldstein",
    "quad_class",
    "source",
    "source_country",
    "target",
    "target_country",
    "reciprocal",
    "modality",
    "attribution",
    "date",
    "location",
    "sentence_index",
    "start",
    "end",
    "trigger",
    "rule",
    "confidence",
)


def _codes(actors: Iterable[Actor]) -> str:
    return ";".join(a.code for a in actors)


def _countries(actors: Iterable[Actor]) -> str:
    return ";".join(dict.fromkeys(a.country for a in actors if a.country))


def csv_row(event: Event) -> list[Any]:
    """The ``CSV_COLUMNS`` of one event; lists are joined by ``;``, empty values are ''."""
    ev = event.evidence
    date_value = event.date.get("value") if isinstance(event.date, dict) else None
    return [
        event.event_id,
        event.doc,
        event.type,
        event.cameo,
        event.goldstein,
        event.quad_class,
        _codes(event.source),
        _countries(event.source),
        _codes(event.target),
        _countries(event.target),
        "true" if event.reciprocal else "false",
        event.modality,
        event.attribution.code if event.attribution else "",
        "" if date_value is None else str(date_value),
        record_json(event.location) if event.location else "",
        ev.sentence_index,
        ev.start,
        ev.end,
        ev.trigger,
        ev.rule,
        round(event.confidence, 3),
    ]


def write_csv(results: Iterable[DocumentResult], stream: TextIO) -> int:
    """A header and one flat row per event (``CSV_COLUMNS``)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for result in results:
        for event in result.events:
            writer.writerow(csv_row(event))
            n += 1
    return n


FORMAT = register(
    Format(
        "csv",
        "CSV: flat columns, lists joined by ';'",
        export=export_csv,
        results=write_csv,
        position=2,
    )
)
