"""Writers for a stream of DocumentResults: JSON Lines, JSON, CSV and a rich table.

Each writer takes any iterable and writes as it goes, one document at a time;
each returns the number of events written. ``Event.to_dict()`` is the contract
(``docs/output.md``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .jsonsafe import json_default
from .model import Actor, DocumentResult, Event

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

SENTENCE_WIDTH = 90


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=json_default)


# ---------------------------------------------------------------------------- JSON


def write_jsonl(results: Iterable[DocumentResult], stream: TextIO) -> int:
    """One ``Event.to_dict()`` object per line."""
    n = 0
    for result in results:
        for event in result.events:
            stream.write(_dumps(event.to_dict()))
            stream.write("\n")
            n += 1
    return n


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
        stream.write(_dumps(document_dict(result)))
        n += len(result.events)
    stream.write("\n]}\n")
    return n


# ---------------------------------------------------------------------------- CSV


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
        _dumps(event.location) if event.location else "",
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


# ---------------------------------------------------------------------------- table


def _trim(text: str, width: int = SENTENCE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _dyad(event: Event) -> str:
    source = ", ".join(a.code for a in event.source) or "?"
    target = ", ".join(a.code for a in event.target) or "?"
    arrow = "↔" if event.reciprocal else "→"
    return f"{source} {arrow} {target}"


def _event_table(result: DocumentResult, wide: bool) -> Table:
    """The events of one document; the evidence sentence too when the terminal is wide."""
    table = Table(show_lines=False, expand=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Type")
    table.add_column("CAMEO")
    table.add_column("Gold.", justify="right")
    table.add_column("Source → Target", overflow="fold")
    table.add_column("Modality")
    table.add_column("Trigger", style="bold", overflow="fold")
    if wide:
        table.add_column("Sentence", overflow="fold")
    for event in result.events:
        modality = event.modality
        if event.attribution is not None:
            modality += f" ({event.attribution.code})"
        row = [
            Text(str(event.evidence.sentence_index)),
            Text(event.type),
            Text(event.cameo),
            Text(f"{event.goldstein:+.1f}"),
            Text(_dyad(event)),
            Text(modality),
            Text(event.evidence.trigger),
        ]
        if wide:
            row.append(Text(_trim(event.evidence.sentence)))
        table.add_row(*row)
    return table


def _title_line(result: DocumentResult) -> Text:
    doc = result.document
    line = Text(doc.doc_id, style="bold")
    if doc.title:
        line.append(f" — {doc.title}")
    if doc.date:
        line.append(f" ({doc.date.isoformat()})", style="dim")
    n = len(result.events)
    line.append(f"  {n} event{'' if n == 1 else 's'}", style="dim")
    return line


def render_table(results: Iterable[DocumentResult], console: Console) -> int:
    """Per document a title line and a table of its events; then a summary line."""
    n_events = 0
    n_docs = 0
    for result in results:
        n_docs += 1
        if not result.events:
            continue
        console.print(_title_line(result))
        console.print(_event_table(result, wide=console.width >= 150))
        n_events += len(result.events)
    if n_events == 0:
        docs = f" in {n_docs} document{'' if n_docs == 1 else 's'}" if n_docs else ""
        console.print(Text(f"no events found{docs}", style="yellow"))
    else:
        console.print(
            Text(
                f"{n_events} event{'' if n_events == 1 else 's'} "
                f"in {n_docs} document{'' if n_docs == 1 else 's'}",
                style="bold",
            )
        )
    return n_events
