"""The line-break component: a line break, or an abbreviation that ends a sentence,
starts a new sentence."""

from __future__ import annotations

from realpolitik.nlp.loader import load_pipeline


def _sentences(text: str) -> list[str]:
    return [s.text.strip() for s in load_pipeline()(text).sents if s.text.strip()]


def test_a_heading_on_its_own_line_is_its_own_sentence() -> None:
    text = "Summit in Moscow\nThe two presidents met on Tuesday and signed an accord."
    assert _sentences(text)[0] == "Summit in Moscow"


def test_an_abbreviation_before_a_name_and_a_verb_ends_the_sentence() -> None:
    text = "The talks were held in the U.S. Russia intends to reply within a week."
    sents = _sentences(text)
    assert len(sents) == 2 and sents[1].startswith("Russia intends")


def test_an_abbreviation_before_a_continuation_does_not() -> None:
    text = "Officials said the U.S. Congress passed the bill on Monday."
    assert len(_sentences(text)) == 1


def test_a_text_that_ends_on_a_line_break_or_an_abbreviation() -> None:
    assert _sentences("They met in the U.S.") == ["They met in the U.S."]
    assert _sentences("They met.\n") == ["They met."]
