"""What the stages read from a parsed document many times, built once per document.

A spaCy ``Doc`` builds a new ``Token`` object each time it is iterated or indexed, new
entity ``Span`` objects at each ``doc.ents``, and joins every token anew at each
``doc.text``; read by a dozen stages, a document paid for each of them a dozen times
over. ``view(doc)`` returns a :class:`DocView` whose parts are built on first use and
kept; the view of the document last asked about is kept (per thread), so every stage
coding one document shares one view.

Views are for finished documents: a view taken inside the spaCy pipeline would keep
entities or sentences from before the components that set them.
"""

from __future__ import annotations

import threading
from functools import cached_property
from typing import Any


class DocView:
    """Read-only views of one parsed document, each built once."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc

    @cached_property
    def tokens(self) -> tuple[Any, ...]:
        """The tokens, in order (``tokens[i].i == i``)."""
        return tuple(self.doc)

    @cached_property
    def ents(self) -> tuple[Any, ...]:
        """The named-entity spans, as ``doc.ents``."""
        return tuple(self.doc.ents)

    @cached_property
    def sents(self) -> tuple[Any, ...]:
        """The sentence spans, as ``doc.sents``."""
        return tuple(self.doc.sents)

    @cached_property
    def text(self) -> str:
        """The document's text, as ``doc.text``."""
        return "".join(t.text_with_ws for t in self.tokens)

    @cached_property
    def lower(self) -> tuple[str, ...]:
        """Each token's ``lower_``."""
        return tuple(t.lower_ for t in self.tokens)


class _Last(threading.local):
    """The view last built, one per thread: two threads coding two documents each keep
    their own."""

    view: DocView | None = None


_last = _Last()


def view(doc: Any) -> DocView:
    """The view of ``doc``: the one already built when ``doc`` was the last this thread
    asked about."""
    last = _last.view
    if last is not None and last.doc is doc:
        return last
    fresh = DocView(doc)
    _last.view = fresh
    return fresh
