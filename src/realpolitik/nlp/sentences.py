"""A pipeline component: a line break ends a sentence.

News text puts titles, headings and paragraphs on lines of their own; without
this, the parser glues a heading onto the first sentence below it.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language

COMPONENT = "realpolitik_line_breaks"


# Words that continue a noun phrase after an abbreviation: "the U.S. Congress passed".
CONTINUATIONS = frozenset(
    [
        "congress",
        "senate",
        "house",
        "president",
        "army",
        "navy",
        "government",
        "military",
        "administration",
        "embassy",
        "ambassador",
        "forces",
        "officials",
        "official",
        "troops",
        "state",
        "department",
        "secretary",
        "envoy",
        "delegation",
        "court",
        "dollar",
        "dollars",
        "economy",
    ]
)
FINITE_VERB_TAGS = frozenset({"VBZ", "VBD", "VBP", "MD"})


def _abbreviation_ends_sentence(doc: Any, i: int) -> bool:
    """ "... to the U.S. Russia intends ...": the abbreviation's period also ends the sentence."""
    token = doc[i]
    if not (token.text.endswith(".") and token.text.count(".") >= 2 and i + 2 < len(doc)):
        return False
    nxt, after = doc[i + 1], doc[i + 2]
    return (
        nxt.text[:1].isupper()
        and nxt.lower_ not in CONTINUATIONS
        and nxt.tag_ == "NNP"
        and after.tag_ in FINITE_VERB_TAGS
    )


def _tokens_at(doc: Any, text: str, char: str) -> list[int]:
    """The indices of the tokens that hold ``char``, in order, each once."""
    found: list[int] = []
    at = text.find(char)
    while at != -1:
        span = doc.char_span(at, at + 1, alignment_mode="expand")
        if span is not None and len(span) and (not found or found[-1] != span.start):
            found.append(span.start)
        at = text.find(char, at + 1)
    return found


@Language.component(COMPONENT)
def line_breaks_end_sentences(doc: Any) -> Any:
    """A token after a line break, or after an abbreviation that ends a sentence, starts one.

    Only the tokens that hold a line break or a period are looked at (found in the text,
    not by visiting every token).
    """
    text = doc.text
    last = len(doc) - 1
    for i in _tokens_at(doc, text, "\n"):
        if i < last and doc[i].is_space:
            doc[i + 1].is_sent_start = True
    for i in _tokens_at(doc, text, "."):
        if i < last and _abbreviation_ends_sentence(doc, i):
            doc[i + 1].is_sent_start = True
    return doc
