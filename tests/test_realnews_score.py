"""The real-news scoring rule (realnews_events), on invented articles and hand-built events."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from realpolitik.evaluate import evaluate, format_report, parse_record
from realpolitik.evaluate.evalset import EvalRecord
from realpolitik.evaluate.realnews import (
    extract_reading_note,
    predicted_identity,
    realnews_figures,
    realnews_half,
    score_realnews,
)
from realpolitik.model import Actor, Document, DocumentResult, Event, Evidence

DATASET = "realnews_events"
GOLD_LAYERS = ["events", "event_types", "event_actors", "event_triggers", "event_modality"]

# invented text: three sentences
TEXT = (
    "Envoys of Norway and Chile met in Oslo and talked about fishing quotas. "
    "Chile later accused Norway of dumping salmon and asked the WTO for a ruling. "
    "Dockworkers in Valparaiso marched against the deal."
)


def span(word: str, nth: int = 1, text: str = TEXT) -> dict[str, Any]:
    start = -1
    for _ in range(nth):
        start = text.index(word, start + 1)
    return {"start": start, "end": start + len(word), "text": word}


def sentence(i: int, text: str = TEXT) -> dict[str, Any]:
    """The i-th sentence (0-based) of ``text``, split at '. '."""
    start = 0
    for _ in range(i):
        start = text.index(". ", start) + 2
    end = text.find(". ", start)
    end = len(text) if end < 0 else end + 1
    return {"start": start, "end": end, "index": i}


def gactor(country: str | None = None, igo: str | None = None) -> dict[str, Any]:
    return {"code": igo or country, "country": country, "sector": None, "igo": igo}


def gevent(
    candidates: Sequence[str],
    trigger: str,
    sent: int,
    *,
    source: Iterable[dict[str, Any]] = (),
    target: Iterable[dict[str, Any]] = (),
    reciprocal: bool = False,
    modality: str = "factual",
    nth: int = 1,
) -> dict[str, Any]:
    return {
        "id": trigger,
        "type": candidates[0],
        "type_candidates": list(candidates),
        "trigger": span(trigger, nth),
        "sentence": sentence(sent),
        "source": list(source),
        "target": list(target),
        "reciprocal": reciprocal,
        "modality": modality,
    }


def record(
    doc_id: str, events: list[dict[str, Any]], *, political: bool = True, text: str = TEXT
) -> EvalRecord:
    return parse_record(raw_record(doc_id, events, political=political, text=text))


def raw_record(
    doc_id: str, events: list[dict[str, Any]], *, political: bool = True, text: str = TEXT
) -> dict[str, Any]:
    return {
        "schema": "evalset/1",
        "dataset": DATASET,
        "doc_id": doc_id,
        "split": "dev",
        "text": text,
        "gold": GOLD_LAYERS,
        "doc_labels": {"political": political},
        "events": events,
    }


def state(country: str) -> Actor:
    return Actor(code=f"{country}GOV", country=country, sector="GOV", text=country)


def org(code: str) -> Actor:
    return Actor(code=code, country=None, sector=None, text=code, kind="organisation")


def pevent(
    type_: str,
    trigger: str,
    *,
    source: Iterable[Actor] = (),
    target: Iterable[Actor] = (),
    reciprocal: bool = False,
    modality: str = "factual",
    nth: int = 1,
    doc: str = "d",
) -> Event:
    s = span(trigger, nth)
    evidence = Evidence(doc, 0, "", 0, 0, s["start"], s["end"], trigger, "test")
    return Event(
        doc=doc,
        type=type_,
        cameo="",
        goldstein=0.0,
        quad_class=0,
        source=tuple(source),
        target=tuple(target),
        modality=modality,
        evidence=evidence,
        confidence=0.5,
        reciprocal=reciprocal,
    )


def figures(rec: EvalRecord, events: list[Event]) -> dict[str, Any]:
    return realnews_figures([(rec, events)])


# --------------------------------------------------------------------------- matching


def test_matching_is_one_to_one() -> None:
    rec = record(
        "1",
        [gevent(["CONSULT"], "met", 0), gevent(["CONSULT"], "talked", 0)],
    )
    three = [pevent("CONSULT", "met"), pevent("CONSULT", "talked"), pevent("CONSULT", "Oslo")]
    f = figures(rec, three)
    assert (f["n_matched"], f["pred_events"], f["gold_events"]) == (2, 3, 2)
    assert (f["type_p"], f["type_r"], f["type_f1"]) == (0.667, 1.0, 0.8)
    # one prediction can serve only one of the two gold events
    f = figures(rec, [pevent("CONSULT", "met")])
    assert (f["type_p"], f["type_r"], f["type_f1"]) == (1.0, 0.5, 0.667)


def test_a_later_type_candidate_matches_and_other_types_do_not() -> None:
    rec = record("1", [gevent(["ACCUSE", "REJECT"], "accused", 1)])
    assert figures(rec, [pevent("REJECT", "accused")])["n_matched"] == 1
    assert figures(rec, [pevent("SANCTION", "accused")])["n_matched"] == 0
    # the trigger must start inside the gold sentence: the right type one sentence early fails
    assert figures(rec, [pevent("ACCUSE", "talked")])["n_matched"] == 0


def test_overlapping_trigger_preferred_then_the_dyad() -> None:
    nor_chl = {"source": [gactor("NOR")], "target": [gactor("CHL")]}
    chl_nor = {"source": [gactor("CHL")], "target": [gactor("NOR")]}
    rec = record(
        "1",
        [gevent(["CONSULT"], "met", 0, **nor_chl), gevent(["CONSULT"], "talked", 0, **chl_nor)],
    )
    at_talked = pevent("CONSULT", "talked", source=[state("CHL")], target=[state("NOR")])
    at_met = pevent("CONSULT", "met", source=[state("NOR")], target=[state("CHL")])
    # "met" takes the later prediction on its own trigger, so both dyads come out right
    f = figures(rec, [at_talked, at_met])
    assert (f["n_matched"], f["n_strict"], f["strict_f1"]) == (2, 2, 1.0)

    # one gold event: the overlapping trigger wins over an earlier one with the right dyad
    one = record("2", [gevent(["CONSULT"], "met", 0, **nor_chl)])
    elsewhere_right = pevent("CONSULT", "Oslo", source=[state("NOR")], target=[state("CHL")])
    on_trigger_wrong = pevent("CONSULT", "met", source=[state("CHL")], target=[state("NOR")])
    f = figures(one, [elsewhere_right, on_trigger_wrong])
    assert (f["n_matched"], f["n_strict"]) == (1, 0)
    # without an overlapping one, the right dyad wins over the earlier prediction
    elsewhere_wrong = pevent("CONSULT", "fishing", source=[state("CHL")], target=[state("NOR")])
    f = figures(one, [elsewhere_wrong, elsewhere_right])
    assert (f["n_matched"], f["n_strict"]) == (1, 1)
    # and the overlapping prediction decides the modality scored
    f = figures(one, [pevent("CONSULT", "Oslo", modality="planned"), pevent("CONSULT", "met")])
    assert f["modality_acc"] == 1.0


def test_reciprocal_compares_the_union_of_both_sides() -> None:
    gold_roles = {"source": [gactor("NOR")], "target": [gactor("CHL")]}
    swapped = {"source": [state("CHL")], "target": [state("NOR")]}
    # roles swapped: wrong, unless either side is reciprocal
    rec = record("1", [gevent(["CONSULT"], "met", 0, **gold_roles)])
    assert figures(rec, [pevent("CONSULT", "met", **swapped)])["n_strict"] == 0
    assert figures(rec, [pevent("CONSULT", "met", reciprocal=True, **swapped)])["n_strict"] == 1
    rec = record("2", [gevent(["CONSULT"], "met", 0, reciprocal=True, **gold_roles)])
    assert figures(rec, [pevent("CONSULT", "met", **swapped)])["n_strict"] == 1
    # all on one side, reciprocal: the union is what counts
    both_source = [pevent("CONSULT", "met", source=[state("NOR"), state("CHL")])]
    assert figures(rec, both_source)["n_strict"] == 1
    # a union that differs is wrong even when reciprocal
    other = [pevent("CONSULT", "met", source=[state("NOR")], target=[state("ARG")])]
    assert figures(rec, other)["n_strict"] == 0


def test_actors_without_identity_are_ignored() -> None:
    dockworkers = gactor()  # no country, no organisation code
    rec = record(
        "1",
        [
            gevent(["REQUEST"], "asked", 1, source=[gactor("CHL")], target=[gactor(igo="WTO")]),
            gevent(["PROTEST"], "marched", 2, source=[dockworkers], target=[gactor("CHL")]),
        ],
    )
    unknown = Actor(
        code="---GOV", country=None, sector="GOV", text="officials", kind="organisation"
    )
    person = Actor(code="CHLGOV", country=None, sector=None, text="the envoy", kind="person")
    assert predicted_identity(unknown) is None
    assert predicted_identity(person) is None
    assert predicted_identity(org("WTO")) == "WTO"
    assert predicted_identity(state("CHL")) == "CHL"
    events = [
        pevent("REQUEST", "asked", source=[state("CHL"), person], target=[org("WTO")]),
        pevent("PROTEST", "marched", source=[unknown], target=[state("CHL")]),
    ]
    f = figures(rec, events)
    assert (f["n_matched"], f["n_strict"]) == (2, 2)
    # only the first prediction has an identity on both sides
    assert (f["n_both_actors_known"], f["both_actors_known"]) == (1, 0.5)


def test_events_in_a_non_political_article_are_all_false_positives() -> None:
    political = record("2", [gevent(["ACCUSE"], "accused", 1)])
    other_text = "The harbour festival opened with a parade and a concert by the sea."
    offtopic = record("4", [], political=False, text=other_text)
    f = realnews_figures(
        [
            (political, [pevent("ACCUSE", "accused")]),
            (offtopic, [pevent("PROTEST", "marched"), pevent("CONSULT", "met")]),
        ]
    )
    assert (f["pred_events"], f["gold_events"], f["n_matched"]) == (3, 1, 1)
    assert (f["type_p"], f["type_r"], f["type_f1"]) == (0.333, 1.0, 0.5)
    assert (f["n_offtopic"], f["offtopic_share"]) == (2, 0.667)
    assert f["per_type_f1"] == {"ACCUSE": 1.0, "CONSULT": 0.0, "PROTEST": 0.0}


# --------------------------------------------------------------------------- halves


def test_halves_by_doc_id_parity() -> None:
    assert [realnews_half(i) for i in ("0", "7", "12", "-3", "0031")] == ["A", "B", "A", "B", "B"]
    for doc_id in ("gwn-17", "article one"):
        expected = "A" if zlib.crc32(doc_id.encode("utf-8")) % 2 == 0 else "B"
        assert realnews_half(doc_id) == expected
    even = record("8", [gevent(["ACCUSE"], "accused", 1), gevent(["CONSULT"], "met", 0)])
    odd = record("9", [gevent(["PROTEST"], "marched", 2)])
    pairs = [
        (even, result(even, [pevent("ACCUSE", "accused")])),
        (odd, result(odd, [pevent("PROTEST", "marched"), pevent("REJECT", "dumping")])),
    ]
    report = score_realnews(pairs)
    a, b = report["halves"]["A"], report["halves"]["B"]
    assert (a["n_records"], a["gold_events"], a["pred_events"], a["type_f1"]) == (1, 2, 1, 0.667)
    assert (b["n_records"], b["gold_events"], b["pred_events"], b["type_f1"]) == (1, 1, 2, 0.667)
    assert (report["gold_events"], report["pred_events"], report["type_f1"]) == (3, 3, 0.667)


# --------------------------------------------------------------------------- runner


def result(rec: EvalRecord, events: list[Event]) -> DocumentResult:
    return DocumentResult(document=rec.to_document(), events=events, entities=[], actors=[])


class ListExtractor:
    def __init__(self, events: dict[str, list[Event]]):
        self.events = events
        self.seen: list[Document] = []

    def run(self, docs: Iterable[Document]) -> Iterator[DocumentResult]:
        for doc in docs:
            self.seen.append(doc)
            yield DocumentResult(
                document=doc, events=self.events.get(doc.doc_id, []), entities=[], actors=[]
            )

    def modality_at(self, result: DocumentResult, start: int, end: int) -> str:
        return "factual"


def test_evaluate_replaces_the_generic_event_layers(tmp_path: Path) -> None:
    records = [
        raw_record("2", [gevent(["CONSULT"], "met", 0), gevent(["ACCUSE"], "accused", 1)]),
        raw_record("3", [gevent(["PROTEST"], "marched", 2)]),
    ]
    path = tmp_path / "realnews_events" / "dev.jsonl"
    path.parent.mkdir()
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    extractor = ListExtractor(
        {
            "2": [pevent("CONSULT", "met"), pevent("AGREE", "talked")],
            "3": [pevent("PROTEST", "marched"), pevent("REJECT", "deal")],
        }
    )
    report = evaluate(path, extractor)
    json.dumps(report)
    assert list(report["layers"]) == ["realnews"]
    assert report["unscored_layers"] == []
    layer = report["layers"]["realnews"]
    assert (layer["type_p"], layer["type_r"], layer["type_f1"]) == (0.5, 0.667, 0.571)
    assert [doc.date for doc in extractor.seen] == [None, None]  # no doc_date, no --date
    text = format_report(report)
    assert "[realnews]" in text
    assert "pred 4 vs gold 3" in text
    assert "P 0.500  R 0.667" in text
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.strip()}
    # half: records, gold, pred, type P/R/F1, strict P/R/F1, modality
    assert rows["A"] == [
        "1",
        "2",
        "2",
        "0.500",
        "0.500",
        "0.500",
        "0.500",
        "0.500",
        "0.500",
        "1.000",
    ]
    assert rows["B"] == [
        "1",
        "1",
        "2",
        "0.500",
        "1.000",
        "0.667",
        "0.500",
        "1.000",
        "0.667",
        "1.000",
    ]


def test_extract_reading_note_names_header_and_dateline() -> None:
    assert extract_reading_note(record("1", [])) is None
    header = "Source: a ministry press office\n" + TEXT
    note = extract_reading_note(record("1", [], text=header))
    assert note == "extract drops the first 32 characters as header (source)"
    dated = "OSLO, March 3, 2018 - " + TEXT
    assert extract_reading_note(record("1", [], text=dated)) == (
        "extract dates it 2018-03-03 from its opening line"
    )


@pytest.mark.parametrize(("word", "nth", "matched"), [("Chile", 2, 1), ("Dockworkers", 1, 0)])
def test_sentence_start_inclusive_end_exclusive(word: str, nth: int, matched: int) -> None:
    gold = gevent(["ACCUSE"], "accused", 1)
    gold["sentence"]["end"] = span("Dockworkers")["start"]
    assert span("Chile", 2)["start"] == gold["sentence"]["start"]
    rec = record("1", [gold])
    assert figures(rec, [pevent("ACCUSE", word, nth=nth)])["n_matched"] == matched
