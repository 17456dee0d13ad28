"""What surrounds an amount or an item: its sentence, the years and the states named there."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..actors.lexicon import ActorLexicon, normalise
from ..model import DocumentResult
from ..nlp.view import view

YEAR = r"((?:1[89]|20)\d{2})"


def sentences(doc: Any) -> Sequence[Any]:
    """The document's sentence spans (none without a parsed document)."""
    return view(doc).sents if doc is not None else ()


def sentence_at(sents: Sequence[Any], char: int) -> tuple[int, Any] | None:
    """The index and span of the sentence holding character ``char``."""
    for index, sent in enumerate(sents):
        if sent.start_char <= char < sent.end_char:
            return index, sent
    return None


def year_near(
    text: str, offset: int, preps: Iterable[str], base: int = 0
) -> tuple[str, int] | None:
    """The year after one of ``preps`` nearest to ``offset`` ("since 2006" -> "2006").

    ``text`` starts at character ``base`` of the document; the year's document offset is
    returned with it.
    """
    alternation = "|".join(re.escape(p) for p in preps)
    if not alternation:
        return None
    best: tuple[int, str, int] | None = None
    for m in re.finditer(rf"\b(?:{alternation})\s+(?:the\s+end\s+of\s+)?{YEAR}\b", text, re.I):
        where = base + m.start(1)
        distance = abs(where - offset)
        if best is None or distance < best[0]:
            best = (distance, m.group(1), where)
    return (best[1], best[2]) if best else None


def timex_year(result: DocumentResult, start: int, end: int, offset: int) -> str | None:
    """The year of the nearest dated temporal expression between ``start`` and ``end``."""
    best: tuple[int, str] | None = None
    for timex in result.timexes:
        if not (start <= timex.start < end) or not timex.value or timex.type != "DATE":
            continue
        m = re.match(YEAR, timex.value)
        if m is None:
            continue
        distance = abs(timex.start - offset)
        if best is None or distance < best[0]:
            best = (distance, m.group(1))
    return best[1] if best else None


def event_year(date: Any) -> str | None:
    """The year of an event's ``date`` (``{"value": "2006-05"}`` and the like)."""
    if isinstance(date, dict):
        for key in ("value", "year", "start"):
            value = date.get(key)
            if value:
                m = re.match(YEAR, str(value))
                if m:
                    return m.group(1)
        return None
    if date is not None:
        m = re.match(YEAR, str(date))
        return m.group(1) if m else None
    return None


def _adjective_countries(sent: Any, lex: ActorLexicon) -> list[tuple[int, str]]:
    """States named by their adjective or name in a sentence ("Russian-Venezuelan trade")."""
    out = []
    for tok in sent:
        if not tok.text[:1].isupper():
            continue
        for entry in lex.lookup(normalise(tok.text)):
            if entry.country and entry.kind in ("adjective", "country", "plural"):
                out.append((tok.idx, entry.country))
                break
    return out


def first_mentions(result: DocumentResult) -> dict[str, int]:
    """Where each state is first named in the document (toponyms, actors, events)."""
    first: dict[str, int] = {}

    def note(country: str | None, where: int | None) -> None:
        if country and where is not None and where < first.get(country, 1 << 60):
            first[country] = where

    for top in result.toponyms:
        note(top.country, top.start)
    for actor in result.actors:
        note(actor.country, actor.start)
    for event in result.events:
        for actor in (*event.source, *event.target):
            note(actor.country, actor.start)
    return first


def countries_in(result: DocumentResult, sent: Any, actors: ActorLexicon) -> list[tuple[int, str]]:
    """(offset, ISO-3) of every state named in a sentence, as actor or place; ``actors``
    (the pipeline's actor dictionary, the user's included) reads the state adjectives."""
    start, end = sent.start_char, sent.end_char
    found: list[tuple[int, str]] = []
    for top in result.toponyms:
        if top.country and start <= top.start < end:
            found.append((top.start, top.country))
    for event in result.events:
        for actor in (*event.source, *event.target):
            if actor.country and actor.start is not None and start <= actor.start < end:
                found.append((actor.start, actor.country))
    for actor in result.actors:
        if actor.country and actor.start is not None and start <= actor.start < end:
            found.append((actor.start, actor.country))
    found.extend(_adjective_countries(sent, actors))
    return sorted(set(found))


def place_countries(result: DocumentResult, start: int, end: int) -> list[str]:
    """States named as places between two offsets ("put into operation in Venezuela")."""
    return [
        t.country
        for t in sorted(result.toponyms, key=lambda t: t.start)
        if t.country and t.reading == "place" and start <= t.start < end
    ]
