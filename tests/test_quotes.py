"""Quotations: their spans, their speaker, and "I" and "we" inside them."""

from __future__ import annotations

from realpolitik.actors.quotes import quote_spans
from realpolitik.pipeline import Pipeline


def test_quote_spans_pair_curly_and_straight_marks() -> None:
    text = 'He said: \u201cWe will go.\u201d Then "no more" and "again'
    spans = [text[a:b] for a, b in quote_spans(text)]
    assert spans == ["We will go.", "no more", "again"]


def test_a_paragraph_break_closes_an_open_quotation() -> None:
    text = "\u201cWe are ready.\n\nThe talks resumed on Monday."
    assert [text[a:b] for a, b in quote_spans(text)] == ["We are ready."]


def _coded(pipeline: Pipeline, text: str) -> list[tuple[str, list[str], list[str]]]:
    return [
        (e.type, [a.country or "-" for a in e.source], [a.country or "-" for a in e.target])
        for e in pipeline.extract(text).events
    ]


def test_we_in_a_quotation_is_its_speaker(pipeline: Pipeline) -> None:
    text = (
        "Kenya's foreign minister Amina Wanjiru arrived in Kampala on Monday. "
        '"We thank the Ugandan government for its help," she said.'
    )
    assert ("SUPPORT", ["KEN"], ["UGA"]) in _coded(pipeline, text)


def test_i_in_a_quotation_after_a_colon_is_its_speaker(pipeline: Pipeline) -> None:
    text = "Chile's president said: \u201cI condemn the Bolivian blockade of the border.\u201d"
    assert ("ACCUSE", ["CHL"], ["BOL"]) in _coded(pipeline, text)


def test_we_outside_a_quotation_is_not_resolved_to_a_speaker(pipeline: Pipeline) -> None:
    text = "Chile's president said the talks went well. We condemn the Bolivian blockade."
    assert all(src != ["CHL"] for _, src, _ in _coded(pipeline, text))


def test_a_charge_coordinated_with_an_arrest_is_the_reporting_authority_s(
    pipeline: Pipeline,
) -> None:
    text = "Two Kenyan activists were arrested and charged with sedition, Nairobi police said."
    charged = [e for e in pipeline.extract(text).events if e.type == "ACCUSE"]
    assert [[a.code for a in e.source] for e in charged] == [["KENCOP"]]
