from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from realpolitik.events.cameo import cameo_table, lookup
from realpolitik.model import PLOVER_ROOTS, Event
from realpolitik.pipeline import Pipeline


def events(pipeline: Pipeline, text: str, day: date | None = None) -> list[Event]:
    return pipeline.extract(text, article_date=day).events


def dyads(evs: list[Event]) -> set[tuple[str, str, str]]:
    return {
        (
            e.type,
            ",".join(a.country or "-" for a in e.source),
            ",".join(a.country or "-" for a in e.target),
        )
        for e in evs
    }


def best(evs: list[Event]) -> Event:
    return max(evs, key=lambda e: e.confidence)


def test_meeting_with_target(pipeline: Pipeline) -> None:
    evs = events(
        pipeline,
        "Japanese Prime Minister Shinzo Abe met Indian Prime Minister Narendra Modi in Tokyo.",
        date(2018, 10, 29),
    )
    top = best(evs)
    assert top.type == "CONSULT" and top.cameo.startswith("04")
    assert [a.code for a in top.source] == ["JPNGOV"]
    assert [a.code for a in top.target] == ["INDGOV"]
    assert top.modality == "factual"
    assert top.evidence.sentence.startswith("Japanese")
    assert top.evidence.trigger == "met"
    assert top.evidence.rule.startswith("consult.meet")


def test_reciprocal_compound_subject(pipeline: Pipeline) -> None:
    evs = events(pipeline, "Egypt and Jordan agreed on a new gas pipeline.")
    agree = [e for e in evs if e.type == "AGREE"]
    assert agree and all(e.reciprocal for e in agree)
    assert {a.country for e in agree for a in e.source + e.target} == {"EGY", "JOR"}


def test_compound_target_gives_one_event_per_pair(pipeline: Pipeline) -> None:
    evs = events(pipeline, "Pakistan threatened Congo and Costa Rica with sanctions.")
    threats = [e for e in evs if e.type == "THREATEN"]
    assert {(e.source[0].country, e.target[0].country) for e in threats} == {
        ("PAK", "COG"),
        ("PAK", "CRI"),
    }


def test_passive_voice(pipeline: Pipeline) -> None:
    evs = events(pipeline, "Two Israeli soldiers were killed by Hezbollah fighters.")
    top = best(evs)
    assert top.type == "ASSAULT"
    assert top.source[0].country == "LBN" and top.target[0].country == "ISR"


def test_sanctions_and_goldstein_from_cameo_table(pipeline: Pipeline) -> None:
    top = best(events(pipeline, "The European Union imposed sanctions on Belarus."))
    assert top.type == "SANCTION" and top.cameo == "163"
    assert top.goldstein == lookup("163").goldstein < 0
    assert top.quad_class == 4
    assert [a.code for a in top.target] == ["BLR"]


def test_noun_trigger_with_possessor(pipeline: Pipeline) -> None:
    evs = events(pipeline, "Moscow's arms sales to Venezuela worry Washington.")
    sale = next(e for e in evs if e.type == "COOPERATE")
    assert sale.source[0].country == "RUS" and sale.target[0].country == "VEN"
    assert sale.context == "military"


def test_purchase_reads_supplier_from_object(pipeline: Pipeline) -> None:
    evs = events(pipeline, "India bought French fighter jets last year.")
    sale = next(e for e in evs if e.type == "COOPERATE")
    assert sale.source[0].country == "FRA" and sale.target[0].country == "IND"


def test_modality_negated_planned_speculative(pipeline: Pipeline) -> None:
    assert best(events(pipeline, "Iran did not attack Iraq.")).modality == "negated"
    spec = best(events(pipeline, "Analysts believe that Syria might attack Turkey."))
    assert spec.modality == "speculative"
    planned = best(events(pipeline, "Russia is planning to sell tanks to Venezuela."))
    assert planned.modality == "planned"


def test_announced_cooperation_is_agree_and_refusal_is_reject(pipeline: Pipeline) -> None:
    will = best(events(pipeline, "Hungary said it will support the resolution against Serbia."))
    assert will.type in ("AGREE", "SUPPORT")
    refuse = best(events(pipeline, "The United States said it would not meet Iran's demands."))
    assert refuse.type == "REJECT" and refuse.modality != "negated"


def test_attribution_of_hearsay(pipeline: Pipeline) -> None:
    ev = best(
        events(
            pipeline, "Some Washington insiders believe that Caracas might buy Russian submarines."
        )
    )
    assert ev.modality == "speculative"
    assert ev.attribution is not None and ev.attribution.country == "USA"


def test_no_event_in_plain_text(pipeline: Pipeline) -> None:
    assert events(pipeline, "The weather in the capital was mild and sunny today.") == []


def test_event_ids_are_stable(pipeline: Pipeline) -> None:
    text = "China condemned the Japanese visit to the shrine."
    first = [e.event_id for e in events(pipeline, text)]
    assert first and first == [e.event_id for e in events(pipeline, text)]


def test_cameo_table_is_complete() -> None:
    table = cameo_table()
    roots = [c for c in table if len(c) == 2]
    assert len(roots) == 20
    for entry in table.values():
        assert -10 <= entry.goldstein <= 10
        assert entry.plover is None or entry.plover in PLOVER_ROOTS


def test_user_triggers_are_validated(tmp_path: Path) -> None:
    from realpolitik.errors import LexiconError
    from realpolitik.events.lexicon import build_event_lexicon

    bad_code = tmp_path / "a.yaml"
    bad_code.write_text("triggers:\n  - {id: x.y, pos: VERB, lemmas: [snub], cameo: 030}\n")
    with pytest.raises(LexiconError, match="quote"):
        build_event_lexicon((bad_code,))
    bad_flag = tmp_path / "b.yaml"
    bad_flag.write_text(
        'triggers:\n  - {id: x.y, pos: VERB, lemmas: [snub], cameo: "120", symmetric: no}\n'
    )
    with pytest.raises(LexiconError, match="symmetric"):
        build_event_lexicon((bad_flag,))
    good = tmp_path / "c.yaml"
    good.write_text(
        'triggers:\n  - {id: reject.snub, pos: VERB, lemmas: [snub], cameo: "120", preps: [on]}\n'
    )
    lex = build_event_lexicon((good,))
    assert lex.triggers["reject.snub"].preps == ("on",)
