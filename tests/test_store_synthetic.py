"""Synthetic ``DocumentResult``s for the store tests, built by hand (no spaCy), and a writer.

Run as a script, it writes them into a store, printing ``opened`` once the store
is open, ``done N`` after each document (``N`` counts from 0) and ``finished``,
so that a test can kill it part-way:

    python tests/test_store_synthetic.py STORE [--pause-in N] [--order reversed|shuffled]

``--pause-in N`` stops inside document N's transaction (after every row of it is
written, before the commit), prints ``inside N`` and sleeps. The store's clock is
fixed (``FIXED_NOW``), so that two stores written from these documents can be
compared column for column.

This module has no tests of its own; its name keeps it with the store's tests.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from realpolitik.model import (
    Actor,
    Amount,
    ArmsTransfer,
    DateWindow,
    Document,
    DocumentResult,
    Event,
    Evidence,
    Indicator,
    Toponym,
)

FIXED_NOW = datetime(2024, 6, 1, 12, 0, 0)
BASE_DAY = date(2024, 3, 1)
PUBLISHERS = ("Reuters", "Associated Press", "Agence France-Presse")

NAMES = {
    "RUS": "Russia",
    "UKR": "Ukraine",
    "ROU": "Romania",
    "USA": "the United States",
    "CHN": "China",
    "FRA": "France",
    "DEU": "Germany",
    "TUR": "Turkey",
}
# type: (CAMEO, Goldstein, quad class, verb phrase)
VERBS = {
    "CONSULT": ("036", 4.0, 1, "met officials of"),
    "AGREE": ("057", 8.0, 1, "signed an accord with"),
    "ACCUSE": ("112", -2.0, 3, "accused"),
    "ASSAULT": ("190", -10.0, 4, "shelled positions of"),
    "SANCTION": ("163", -8.0, 4, "imposed sanctions on"),
}
_FILLER_TEXT = (
    "analysts budget coastal delegation economy fishing harbour infrastructure january "
    "ledger ministry negotiators observers parliament quarterly railway spokesperson "
    "summit treasury veterans weather yields zones archive border cabinet diplomats "
    "elections freight grain highway industry journalists kilometres labour market "
    "northern opposition pipeline quota reserve shipping tariffs uranium village "
    "warehouse exports youth agenda bridge corridor drought envoy festival garrison"
)
FILLER = tuple(_FILLER_TEXT.split())


@dataclass(frozen=True)
class Spec:
    """One event to put into a synthetic document."""

    type: str
    source: str
    target: str
    day: int | None = None  # days after BASE_DAY of Event.date["value"], or None
    period: str | None = None  # a coarse Event.date["value"] instead
    place: str | None = None  # ISO-3 of Event.location["country"]
    modality: str = "factual"
    confidence: float = 0.8
    reciprocal: bool = False


def _title(text: str) -> str:
    return text[:1].upper() + text[1:]


def _actor(code: str, start: int) -> Actor:
    text = NAMES[code]
    return Actor(code + "GOV", code, "GOV", text, start, start + len(text))


def build_result(
    doc_id: str,
    specs: Sequence[Spec],
    *,
    publisher: str | None,
    doc_day: int | None,
    seed: int,
    extra: str = "",
    transfer: bool = False,
    indicator: bool = False,
) -> DocumentResult:
    """A document with one sentence per spec, filler sentences, and the records asked for."""
    rng = random.Random(seed)
    sentences: list[tuple[str, Spec | None]] = []
    for spec in specs:
        verb = VERBS[spec.type][3]
        where = f" in {NAMES[spec.place]}" if spec.place else ""
        sentence = f"{_title(NAMES[spec.source])} {verb} {NAMES[spec.target]}{where}."
        sentences.append((sentence, spec))
    for _ in range(3):
        words = rng.sample(FILLER, 12)
        sentences.append((_title(" ".join(words)) + ".", None))
    text = " ".join(s for s, _ in sentences) + extra
    doc = Document(
        doc_id=doc_id,
        text=text,
        date=BASE_DAY + timedelta(days=doc_day) if doc_day is not None else None,
        title=f"Synthetic {doc_id}",
        source=publisher,
    )
    doc_hash = doc.content_hash[:16]
    events: list[Event] = []
    actors: list[Actor] = []
    offset = 0
    for index, (sentence, spec) in enumerate(sentences):
        start = offset
        offset += len(sentence) + 1
        if spec is None:
            continue
        source = _actor(spec.source, start)
        target_start = start + sentence.index(NAMES[spec.target], len(NAMES[spec.source]))
        target = _actor(spec.target, target_start)
        actors += [source, target]
        cameo, goldstein, quad, verb = VERBS[spec.type]
        trigger_start = start + sentence.index(verb.split()[0], len(NAMES[spec.source]))
        when: dict[str, Any] | None = None
        if spec.day is not None:
            when = {"value": (BASE_DAY + timedelta(days=spec.day)).isoformat(), "text": "on"}
        elif spec.period is not None:
            when = {"value": spec.period, "text": "in"}
        events.append(
            Event(
                doc=doc_id,
                doc_hash=doc_hash,
                type=spec.type,
                cameo=cameo,
                goldstein=goldstein,
                quad_class=quad,
                source=(source,),
                target=(target,),
                modality=spec.modality,
                evidence=Evidence(
                    doc_id,
                    index,
                    sentence,
                    start,
                    start + len(sentence),
                    trigger_start,
                    trigger_start + len(verb.split()[0]),
                    verb.split()[0],
                    f"synthetic.{spec.type.lower()}",
                ),
                confidence=spec.confidence,
                reciprocal=spec.reciprocal,
                date=when,
                location={"name": NAMES[spec.place], "country": spec.place, "kind": "country"}
                if spec.place
                else None,
            )
        )
    first = sentences[0][0]
    evidence = Evidence(doc_id, 0, first, 0, len(first), 0, 5, first.split()[0], "synthetic")
    transfers = []
    if transfer and specs:
        transfers.append(
            ArmsTransfer(
                doc=doc_id,
                supplier=specs[0].source,
                recipient=specs[0].target,
                item="T-72 tanks",
                category="armoured_vehicle",
                quantity=Amount(0, 2, "40", "count", 40.0, "tanks", exact=True),
                status="delivered",
                year="2023",
                modality="factual",
                event_id=events[0].event_id if events else None,
                evidence=evidence,
            )
        )
    indicators = []
    if indicator and specs:
        indicators.append(
            Indicator(
                doc=doc_id,
                countries=(specs[0].source, specs[0].target),
                metric="trade_volume",
                value=1.5e9 + seed,
                unit="USD",
                as_of="2023",
                evidence=evidence,
            )
        )
    toponyms = [
        Toponym(
            e.evidence.start,
            e.evidence.start + 5,
            NAMES[e.source[0].country or "RUS"],
            "actor",
            e.source[0].country,
        )
        for e in events[:1]
    ]
    window = None
    if doc.date is None:
        window = DateWindow(BASE_DAY, BASE_DAY + timedelta(days=30), ("no dateline",))
    return DocumentResult(
        document=doc,
        events=events,
        entities=[],
        actors=actors,
        toponyms=toponyms,
        transfers=transfers,
        indicators=indicators,
        date_window=window,
    )


def updated_copy(
    original: DocumentResult,
    doc_id: str,
    publisher: str | None,
    days_later: int = 1,
    addition: str = " Updated with a statement from the ministry.",
) -> DocumentResult:
    """The same article with a sentence added, ``days_later``, under another name."""
    doc = original.document
    redo = Document(
        doc_id,
        doc.text + addition,
        doc.date + timedelta(days=days_later) if doc.date else None,
        doc.title,
        publisher,
    )
    events = [replace(e, doc=redo.doc_id, doc_hash=redo.content_hash[:16]) for e in original.events]
    return replace(original, document=redo, events=events, transfers=[], indicators=[])


# Twelve stories that several documents report.
STORIES: tuple[Spec, ...] = (
    Spec("CONSULT", "RUS", "UKR", day=2, place="TUR", reciprocal=True),
    Spec("AGREE", "FRA", "DEU", day=3),
    Spec("ACCUSE", "USA", "CHN", day=4),
    Spec("ASSAULT", "RUS", "UKR", day=5, place="UKR"),
    Spec("SANCTION", "USA", "RUS", day=6),
    Spec("CONSULT", "ROU", "UKR", day=7, place="ROU"),
    Spec("AGREE", "CHN", "RUS", period="2024-03"),
    Spec("ACCUSE", "UKR", "RUS", day=9, modality="negated"),
    Spec("ASSAULT", "RUS", "UKR", day=10, place="RUS"),
    Spec("SANCTION", "FRA", "RUS", day=11),
    Spec("CONSULT", "DEU", "TUR", day=12),
    Spec("AGREE", "TUR", "ROU"),  # undated event; its document may be undated too
)


def _variant(spec: Spec, i: int) -> Spec:
    """How document ``i`` reports a story: its own date jitter, place and confidence."""
    jitter = (i % 3) - 1 if spec.day is not None else 0
    return Spec(
        spec.type,
        spec.source,
        spec.target,
        day=None if spec.day is None or i % 4 == 3 else spec.day + jitter,
        period=spec.period,
        place=spec.place if i % 2 == 0 else None,
        modality=spec.modality,
        confidence=round(0.5 + (i * 37 % 50) / 100, 2),
        reciprocal=spec.reciprocal,
    )


def synthetic_results(n: int = 40) -> list[DocumentResult]:
    """``n`` deterministic documents: overlapping stories, near-duplicates, records."""
    results: list[DocumentResult] = []
    for i in range(n):
        if i % 9 == 8 and i >= 5:
            # An updated copy of an earlier document, a day later, from another publisher.
            results.append(
                updated_copy(results[i - 5], f"news/{i:02d}-update.txt", PUBLISHERS[(i + 1) % 3])
            )
            continue
        story = STORIES[i % len(STORIES)]
        specs = [_variant(story, i)]
        if i % 5 == 0:
            specs.append(_variant(STORIES[(i * 7 + 3) % len(STORIES)], i + 1))
        doc_day = None if i % 13 == 12 else (story.day if story.day is not None else 8) + (i % 2)
        doc_id = f"https://example.org/news/{i:02d}" if i % 3 == 0 else f"news/{i:02d}.txt"
        results.append(
            build_result(
                doc_id,
                specs,
                publisher=None if i % 11 == 10 else PUBLISHERS[(i + i // 12) % 3],
                doc_day=doc_day,
                seed=1000 + i,
                transfer=i % 4 == 1,
                indicator=i % 6 == 2,
            )
        )
    return results


def ordered(results: list[DocumentResult], order: str) -> list[DocumentResult]:
    if order == "reversed":
        return list(reversed(results))
    if order == "shuffled":
        shuffled = list(results)
        random.Random(7).shuffle(shuffled)
        return shuffled
    return list(results)


def main(argv: Sequence[str] | None = None) -> int:
    from realpolitik.store import duckdb_store
    from realpolitik.store.duckdb_store import EventStore

    parser = argparse.ArgumentParser()
    parser.add_argument("store", type=Path)
    parser.add_argument("--pause-in", type=int, default=None)
    parser.add_argument("--order", default="given", choices=["given", "reversed", "shuffled"])
    parser.add_argument("-n", type=int, default=40)
    args = parser.parse_args(argv)

    current = {"index": -1}
    if args.pause_in is not None:
        remerge = duckdb_store.remerge_documents

        def pausing(*a: Any, **kw: Any) -> None:
            remerge(*a, **kw)
            if current["index"] == args.pause_in:
                print(f"inside {current['index']}", flush=True)
                time.sleep(600)

        duckdb_store.remerge_documents = pausing  # type: ignore[assignment]

    with EventStore.open(args.store, clock=lambda: FIXED_NOW) as store:
        print("opened", flush=True)
        for index, result in enumerate(ordered(synthetic_results(args.n), args.order)):
            current["index"] = index
            store.write(result)
            print(f"done {index}", flush=True)
    print("finished", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
