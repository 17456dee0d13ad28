"""The shared view of a parsed document gives what the document itself gives."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from realpolitik.nlp.view import view


def _doc(words: list[str], spaces: list[bool], starts: list[int]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces)
    for token in doc:
        token.is_sent_start = token.i in starts
    return doc


def test_view_parts_equal_the_documents() -> None:
    words = ["Russia", "and", "Venezuela", "met", ".", "Chávez", "SPOKE", "."]
    doc = _doc(words, [True, True, True, False, True, True, False, False], [0, 5])
    doc.ents = [Span(doc, 0, 1, label="GPE"), Span(doc, 2, 3, label="GPE")]
    v = view(doc)
    assert [t.i for t in v.tokens] == list(range(len(doc)))
    assert [t.text for t in v.tokens] == words
    assert v.text == doc.text == "Russia and Venezuela met. Chávez SPOKE."
    assert [(e.start, e.end, e.label_) for e in v.ents] == [(0, 1, "GPE"), (2, 3, "GPE")]
    assert [(s.start, s.end) for s in v.sents] == [(0, 5), (5, 8)]
    assert v.lower == tuple(w.lower() for w in words)


def test_one_view_per_document_and_a_new_one_for_the_next() -> None:
    first = _doc(["a", "b"], [True, False], [0])
    second = _doc(["c"], [False], [0])
    v = view(first)
    assert view(first) is v
    assert v.tokens is view(first).tokens  # built once
    w = view(second)
    assert w is not v and w.doc is second
    assert [t.text for t in view(first).tokens] == ["a", "b"]  # rebuilt, not mixed up
