"""Tests for extract's writers (realpolitik.output's table, exports/formats/) on an invented
document."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from rich.console import Console

from realpolitik.exports.formats.csv import CSV_COLUMNS, write_csv
from realpolitik.exports.formats.json import write_json
from realpolitik.exports.formats.jsonl import write_jsonl
from realpolitik.model import Actor, Document, DocumentResult, Event, Evidence
from realpolitik.output import render_table

TEXT = "Ruritania and Freedonia signed a [fisheries] accord in Zenda, the Ruritanian ministry said."
MINISTRY = TEXT.index("the Ruritanian ministry")

CONTRACT_KEYS = {
    "id",
    "doc",
    "type",
    "cameo",
    "goldstein",
    "quad_class",
    "source",
    "target",
    "reciprocal",
    "modality",
    "modality_cue",
    "attribution",
    "context",
    "date",
    "location",
    "evidence",
    "confidence",
}
ACTOR_KEYS = {"code", "country", "sector", "text", "kind", "person", "igo", "start", "end"}
EVIDENCE_KEYS = {
    "sentence_index",
    "sentence",
    "sentence_start",
    "sentence_end",
    "start",
    "end",
    "trigger",
    "rule",
}


def make_result(doc_id: str = "zenda.txt", with_events: bool = True) -> DocumentResult:
    rur = Actor("RUR", "RUR", None, "Ruritania", 0, 9)
    fre = Actor("FRE", "FRE", None, "Freedonia", 14, 23)
    ministry = Actor("RURGOV", "RUR", "GOV", "the Ruritanian ministry", MINISTRY, MINISTRY + 23)
    signed = TEXT.index("signed")
    event = Event(
        doc=doc_id,
        type="AGREE",
        cameo="057",
        goldstein=8.0,
        quad_class=1,
        source=(rur,),
        target=(fre,),
        modality="factual",
        evidence=Evidence(
            doc_id, 0, TEXT, 0, len(TEXT), signed, signed + 6, "signed", "agree.sign"
        ),
        confidence=0.8456,
        reciprocal=True,
        attribution=ministry,
        context="economic",
        date={"value": "2024-05-02"},
        location={"name": "Zenda", "country": "RUR"},
    )
    return DocumentResult(
        document=Document(
            doc_id=doc_id, text=TEXT, date=date(2024, 5, 3), title="Fisheries accord"
        ),
        events=[event] if with_events else [],
        entities=[],
        actors=[rur, fre, ministry],
    )


def one_shot(results: list[DocumentResult]) -> Iterator[DocumentResult]:
    """An iterator that can be read once, as the pipeline gives."""
    yield from results


def test_jsonl_lines_parse_and_carry_the_contract() -> None:
    out = io.StringIO()
    n = write_jsonl(
        one_shot([make_result("a.txt"), make_result("b.txt", False), make_result("c.txt")]), out
    )
    lines = out.getvalue().splitlines()
    assert n == 2 and len(lines) == 2
    for line in lines:
        record = json.loads(line)
        assert set(record) >= CONTRACT_KEYS
        assert set(record["source"][0]) == ACTOR_KEYS
        assert set(record["evidence"]) == EVIDENCE_KEYS
    first = json.loads(lines[0])
    assert first == make_result("a.txt").events[0].to_dict()
    assert first["doc"] == "a.txt" and json.loads(lines[1])["doc"] == "c.txt"
    assert first["confidence"] == 0.846


def test_jsonl_keeps_non_ascii_text() -> None:
    result = make_result()
    event = result.events[0]
    ev = event.evidence
    accented = Evidence(ev.doc, 0, "Ruritânia signed", 0, 16, 10, 16, "signed", ev.rule)
    result.events[0] = replace(event, evidence=accented)
    out = io.StringIO()
    write_jsonl([result], out)
    assert "Ruritânia" in out.getvalue()


def test_json_document_shape() -> None:
    out = io.StringIO()
    n = write_json(one_shot([make_result("a.txt"), make_result("b.txt", False)]), out)
    data = json.loads(out.getvalue())
    assert n == 1
    assert [d["doc"] for d in data["documents"]] == ["a.txt", "b.txt"]
    first = data["documents"][0]
    assert set(first) == {
        "doc",
        "title",
        "date",
        "url",
        "date_window",
        "events",
        "actors",
        "places",
        "timexes",
        "amounts",
        "materiel",
        "transfers",
        "indicators",
    }
    assert first["title"] == "Fisheries accord"
    assert first["date"] == "2024-05-03"
    assert first["events"][0]["evidence"]["trigger"] == "signed"
    assert [a["code"] for a in first["actors"]] == ["RUR", "FRE", "RURGOV"]
    assert data["documents"][1]["events"] == []


def test_json_with_no_documents_is_valid() -> None:
    out = io.StringIO()
    assert write_json([], out) == 0
    assert json.loads(out.getvalue()) == {"documents": []}


def test_csv_header_and_row() -> None:
    out = io.StringIO()
    n = write_csv(one_shot([make_result()]), out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert n == 1
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[0][:6] == ["id", "doc", "type", "cameo", "goldstein", "quad_class"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["id"] == make_result().events[0].event_id
    assert row["source"] == "RUR" and row["target"] == "FRE"
    assert row["source_country"] == "RUR" and row["target_country"] == "FRE"
    assert row["reciprocal"] == "true"
    assert row["attribution"] == "RURGOV"
    assert row["date"] == "2024-05-02"
    assert json.loads(row["location"]) == {"name": "Zenda", "country": "RUR"}
    assert row["trigger"] == "signed" and row["rule"] == "agree.sign"
    assert (row["start"], row["end"]) == (str(TEXT.index("signed")), str(TEXT.index("signed") + 6))


def test_csv_joins_several_actors_with_semicolons() -> None:
    result = make_result()
    event = result.events[0]
    extra = Actor("FREMIL", "FRE", "MIL", "Freedonian navy")
    result.events[0] = replace(event, target=(*event.target, extra))
    out = io.StringIO()
    write_csv([result], out)
    row = dict(zip(*list(csv.reader(io.StringIO(out.getvalue()))), strict=True))
    assert row["target"] == "FRE;FREMIL"
    assert row["target_country"] == "FRE"


def render(results: list[DocumentResult]) -> tuple[int, str]:
    console = Console(record=True, width=200, file=io.StringIO(), color_system=None)
    n = render_table(one_shot(results), console)
    return n, console.export_text()


def test_table_shows_title_trigger_and_summary() -> None:
    n, text = render([make_result("zenda.txt"), make_result("empty.txt", False)])
    assert n == 1
    assert "zenda.txt" in text and "Fisheries accord" in text
    assert re.search(r"│ *signed *│", text)  # the Trigger cell, not just the sentence
    assert "RUR ↔ FRE" in text
    assert "057" in text and "+8.0" in text
    assert "[fisheries]" in text  # markup in the text is shown, not interpreted
    assert "1 event in 2 documents" in text


def test_table_says_no_events_found() -> None:
    n, text = render([make_result(with_events=False)])
    assert n == 0
    assert "no events found" in text


def test_table_trims_long_sentences() -> None:
    result = make_result()
    event = result.events[0]
    long_sentence = "Ruritania signed " + "and so on " * 40
    ev = event.evidence
    result.events[0] = replace(
        event,
        evidence=Evidence(
            ev.doc, 0, long_sentence, 0, len(long_sentence), 10, 16, "signed", ev.rule
        ),
    )
    _, text = render([result])
    assert "…" in text
    assert "and so on " * 20 not in text
