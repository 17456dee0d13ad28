"""JSON: ``{"documents": [...]}``, each coded document with its events, actors, places
and other records (``realpolitik extract --format json``); one document per line,
written as each arrives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from ...model import DocumentResult
from ..registry import Format, register
from ..values import record_json


def document_dict(result: DocumentResult) -> dict[str, Any]:
    """One document of ``write_json``: its name, title, date, events and actors."""
    doc = result.document
    return {
        "doc": doc.doc_id,
        "title": doc.title,
        "date": doc.date.isoformat() if doc.date else None,
        "url": doc.url,
        "date_window": result.date_window.to_dict() if result.date_window else None,
        "events": [event.to_dict() for event in result.events],
        "actors": [actor.to_dict() for actor in result.actors],
        "places": [t.to_dict() for t in result.toponyms],
        "timexes": [t.to_dict() for t in result.timexes],
        "amounts": [a.to_dict() for a in result.amounts],
        "materiel": [m.to_dict() for m in result.materiel],
        "transfers": [t.to_dict() for t in result.transfers],
        "indicators": [i.to_dict() for i in result.indicators],
    }


def write_json(results: Iterable[DocumentResult], stream: TextIO) -> int:
    """``{"documents": [...]}``, one document per line, written as each arrives."""
    n = 0
    stream.write('{"documents": [')
    for i, result in enumerate(results):
        stream.write(",\n" if i else "\n")
        stream.write(record_json(document_dict(result)))
        n += len(result.events)
    stream.write("\n]}\n")
    return n


FORMAT = register(Format("json", "JSON: one document per line", results=write_json, position=3))
