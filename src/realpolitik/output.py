"""The rich table ``realpolitik extract`` shows by default, one document at a time.

The file formats of ``extract`` (JSON lines, JSON, CSV) are in the exports registry
(``exports/formats/``); ``Event.to_dict()`` is the contract (``docs/output.md``).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import DocumentResult, Event

SENTENCE_WIDTH = 90


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
