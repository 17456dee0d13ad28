"""Quotations and who speaks them.

A news quotation is attributed by a verb of saying outside its marks, in a sentence the
quotation runs through: ``"We are engaging with Mexico," she said`` or ``The minister
said: "I thank the president."``. Inside it, "I" and "we" are the speaker.
"""

from __future__ import annotations

from typing import Any

from ..nlp.view import view

# Verbs that attribute a quotation to their subject.
QUOTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "add",
        "write",
        "insist",
        "explain",
        "state",
        "declare",
        "tweet",
        "argue",
        "warn",
        "recall",
        "continue",
        "note",
        "ask",
        "reply",
        "respond",
        "conclude",
    }
)

# First-person pronouns that stand for the speaker (possessives modify, they name no one).
FIRST_PERSON = frozenset({"i", "me", "we", "us"})

_OPENING = "\u201c"
_CLOSING = "\u201d"
_STRAIGHT = '"'


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quoted passages of ``text``, marks excluded. Curly marks
    pair opening with closing; straight marks alternate. A paragraph break ends an open
    quotation (news style reopens it on the next paragraph)."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n" and start is not None and text[i + 1 : i + 2] == "\n":
            spans.append((start, i))
            start = None
        elif ch == _OPENING or (ch == _STRAIGHT and start is None):
            start = i + 1
        elif ch in (_CLOSING, _STRAIGHT) and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def speaker_of(doc: Any, span: tuple[int, int]) -> Any | None:
    """The subject of the verb of saying that attributes a quoted passage: in a sentence
    the passage runs through, outside the marks; ``None`` when there is none or several
    disagree."""
    start, end = span
    tokens = view(doc).tokens
    found = []
    for sent in view(doc).sents:
        if sent.end_char <= start - 1 or sent.start_char >= end + 1:
            continue
        for token in tokens[sent.start : sent.end]:
            if start <= token.idx < end or token.lemma_.lower() not in QUOTING_VERBS:
                continue
            subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subj is not None and not start <= subj.idx < end:
                found.append(subj)
    return found[0] if len({s.i for s in found}) == 1 else None


def first_person_in_quotes(doc: Any) -> list[tuple[Any, Any]]:
    """Each first-person pronoun of a quotation ("I", "we", "us") with the subject token of
    the verb that attributes the quotation."""
    pairs: list[tuple[Any, Any]] = []
    tokens = view(doc).tokens
    spans = quote_spans(view(doc).text)
    if not spans:
        return pairs
    speakers = {span: speaker_of(doc, span) for span in spans}
    for token in tokens:
        if token.lower_ not in FIRST_PERSON or token.pos_ != "PRON":
            continue
        for span in spans:
            if span[0] <= token.idx < span[1]:
                speaker = speakers[span]
                if speaker is not None:
                    pairs.append((token, speaker))
                break
    return pairs
