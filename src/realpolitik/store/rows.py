"""One document's records as the rows of the store's tables (``columns.py`` gives their
order), with the stable ids of transfers and indicators, and the inserts that write them."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from ..jsonsafe import json_default
from ..model import Actor, ArmsTransfer, DocumentResult, Event, Evidence, Indicator, Toponym
from . import merge
from .columns import (
    ACTOR_COLUMNS,
    INDICATOR_COLUMNS,
    INSERT_EVENT_HEAD,
    TOPONYM_COLUMNS,
    TRANSFER_COLUMNS,
    insert_head,
)
from .connection import Connection, insert_rows

_URL = re.compile(r"^https?://", re.IGNORECASE)


def _to_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=json_default)


def _short_hash(*parts: object) -> str:
    key = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def all_actors(result: DocumentResult) -> Iterator[Actor]:
    yield from result.actors
    for event in result.events:
        yield from event.source
        yield from event.target
        if event.attribution is not None:
            yield event.attribution


def _evidence_values(ev: Evidence) -> list[Any]:
    return [
        ev.sentence_index,
        ev.sentence,
        ev.sentence_start,
        ev.sentence_end,
        ev.start,
        ev.end,
        ev.trigger,
        ev.rule,
    ]


def event_row(event: Event, doc_key: str, doc_date: date | None) -> list[Any]:
    payload = event.to_dict()
    fields = merge.merge_fields(payload, doc_date)
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
        *_evidence_values(event.evidence),
        _to_json(payload),
        fields.date_start,
        fields.date_end,
        fields.place_country,
        fields.merge_key,
        fields.merge_day,
        fields.merge_period,
    ]


def transfer_id(doc_key: str, transfer: ArmsTransfer) -> str:
    """A stable id: same text, evidence span, parties, item and status give the same id."""
    ev = transfer.evidence
    return _short_hash(
        doc_key,
        ev.start,
        ev.end,
        transfer.supplier,
        transfer.recipient,
        transfer.item,
        transfer.category,
        transfer.status,
    )


def transfer_row(transfer: ArmsTransfer, doc_key: str) -> list[Any]:
    quantity = transfer.quantity
    return [
        transfer_id(doc_key, transfer),
        doc_key,
        transfer.supplier,
        transfer.recipient,
        transfer.item,
        transfer.category,
        quantity.value if quantity else None,
        quantity.exact if quantity else None,
        quantity.unit if quantity else None,
        quantity.text if quantity else None,
        transfer.status,
        transfer.year,
        transfer.modality,
        transfer.event_id,
        *_evidence_values(transfer.evidence),
        _to_json(transfer.to_dict()),
    ]


def indicator_id(doc_key: str, indicator: Indicator) -> str:
    """A stable id: same text, evidence span, countries, metric and figure give the same id."""
    ev = indicator.evidence
    return _short_hash(
        doc_key,
        ev.start,
        ev.end,
        ",".join(indicator.countries),
        indicator.metric,
        indicator.value,
        indicator.unit,
        indicator.as_of,
    )


def indicator_row(indicator: Indicator, doc_key: str) -> list[Any]:
    return [
        indicator_id(doc_key, indicator),
        doc_key,
        list(indicator.countries),
        indicator.metric,
        indicator.value,
        indicator.unit,
        indicator.as_of,
        *_evidence_values(indicator.evidence),
        _to_json(indicator.to_dict()),
    ]


def toponym_row(toponym: Toponym, doc_key: str) -> list[Any]:
    return [
        doc_key,
        toponym.start,
        toponym.end,
        toponym.text,
        toponym.reading,
        toponym.country,
        toponym.lat,
        toponym.lon,
        toponym.geonames_id,
        toponym.feature_class,
        toponym.guessed,
    ]


def document_row(result: DocumentResult, doc_key: str, now: datetime, sig: bytes) -> list[Any]:
    doc = result.document
    window = result.date_window
    return [
        doc_key,
        doc.doc_id,
        doc.title,
        doc.date,
        doc.source,
        doc.text,
        len(doc.text),
        now,
        _document_url(result),
        sig or None,
        window.start if window else None,
        window.end if window else None,
        _to_json(list(window.reasons)) if window else None,
    ]


def _document_url(result: DocumentResult) -> str | None:
    doc = result.document
    url = getattr(doc, "url", None)  # Document.url, once the model has it
    if isinstance(url, str) and url:
        return url
    return doc.doc_id if _URL.match(doc.doc_id) else None


def insert_actors(con: Connection, actors: Iterable[tuple[Actor, str, datetime]]) -> None:
    """New actor codes, each with the first document (and time) it was seen in."""
    first: dict[str, tuple[Actor, str, datetime]] = {}
    for actor, doc_key, now in actors:
        first.setdefault(actor.code, (actor, doc_key, now))
    if not first:
        return
    known = {
        r[0]
        for r in con.execute(
            "SELECT code FROM actors WHERE code IN (SELECT unnest(?))", [list(first)]
        ).fetchall()
    }
    rows = [
        [a.code, a.country, a.sector, a.kind, a.text, doc_key, now]
        for code, (a, doc_key, now) in first.items()
        if code not in known
    ]
    insert_rows(
        con,
        insert_head("actors", ACTOR_COLUMNS),
        rows,
    )


def insert_events(con: Connection, docs: Sequence[tuple[str, DocumentResult]]) -> dict[str, int]:
    """Insert the events whose id is not stored yet; return how many each document added."""
    rows: dict[str, list[Any]] = {}
    owner: dict[str, str] = {}
    for doc_key, result in docs:
        for event in result.events:
            row = event_row(event, doc_key, result.document.date)
            if row[0] not in rows:
                rows[row[0]] = row
                owner[row[0]] = doc_key
    added = dict.fromkeys((doc_key for doc_key, _ in docs), 0)
    if not rows:
        return added
    known = {
        r[0]
        for r in con.execute(
            "SELECT event_id FROM events WHERE event_id IN (SELECT unnest(?))", [list(rows)]
        ).fetchall()
    }
    new = [row for event_id, row in rows.items() if event_id not in known]
    insert_rows(con, INSERT_EVENT_HEAD, new)
    for row in new:
        added[owner[row[0]]] += 1
    return added


def insert_records(con: Connection, result: DocumentResult, doc_key: str) -> None:
    """Transfers, indicators and toponyms; a repeat within the document is kept once."""
    for table, columns, rows in (
        ("transfers", TRANSFER_COLUMNS, [transfer_row(t, doc_key) for t in result.transfers]),
        (
            "indicators",
            INDICATOR_COLUMNS,
            [indicator_row(i, doc_key) for i in result.indicators],
        ),
        ("toponyms", TOPONYM_COLUMNS, [toponym_row(t, doc_key) for t in result.toponyms]),
    ):
        width = 3 if table == "toponyms" else 1  # the primary key's columns
        unique: dict[tuple[Any, ...], list[Any]] = {}
        for row in rows:
            unique.setdefault(tuple(row[:width]), row)
        insert_rows(con, insert_head(table, columns), list(unique.values()))
