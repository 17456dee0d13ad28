"""JSON lines: one object per line. From a store, each row's payload (``Event.to_dict()``
and the like, with its ids) or, for merged events, the flat columns; from ``extract``,
one ``Event.to_dict()`` per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any, TextIO

from ...model import DocumentResult
from ...store.filters import Filters
from ..query import column_names, flat_query, payload_query, rows
from ..registry import Format, register
from ..values import compact_json, json_value, record_json


def export_jsonl(store: Any, handle: IO[str], table: str, filters: Filters, header: bool) -> int:
    """The rows of ``table`` that pass ``filters``, one JSON object per line."""
    n = 0
    if table == "merged":
        query = flat_query(table, filters)
        names = column_names(store, query)
        for row in rows(store, query):
            record = {k: json_value(v) for k, v in zip(names, row, strict=True)}
            handle.write(compact_json(record) + "\n")
            n += 1
        return n
    for payload, extra_id, doc_key in rows(store, payload_query(table, filters)):
        record = json.loads(payload)
        if table == "events":
            record["merged_id"] = extra_id
            when = record.get("date") if isinstance(record.get("date"), dict) else {}
            record["date_precision"] = when.get("precision")
            record["date_source"] = when.get("source")
        else:
            record = {"id": extra_id, **record}
        record["doc_key"] = doc_key
        handle.write(compact_json(record) + "\n")
        n += 1
    return n


def write_jsonl(results: Iterable[DocumentResult], stream: TextIO) -> int:
    """One ``Event.to_dict()`` object per line."""
    n = 0
    for result in results:
        for event in result.events:
            stream.write(record_json(event.to_dict()))
            stream.write("\n")
            n += 1
    return n


FORMAT = register(
    Format(
        "jsonl",
        "JSON lines: one object per row or event",
        export=export_jsonl,
        results=write_jsonl,
        position=1,
    )
)
