"""The pipeline: one spaCy pass per document, then the stages over each document.

``Pipeline.load`` builds the :class:`~realpolitik.resources.Resources` (every lexicon,
the gazetteer, the date vocabulary, the user's dictionaries included) once from the
settings; the stages (:data:`~realpolitik.stages.STAGES`) are made from them at each run
and called in order on each document's :class:`~realpolitik.stages.DocumentContext`.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from .actors.lexicon import ActorLexicon
from .config import Settings
from .events.lexicon import EventLexicon
from .events.modality import decide_modality
from .model import Document, DocumentResult
from .nlp.loader import load_pipeline
from .resources import Resources, load_resources
from .stages import STAGES, DocumentContext, Stage, StageFactory

# One sentence that passes through every stage: a date, a place, actors, an event,
# materiel and an amount.
WARM_UP_TEXT = (
    "On 22 July 2008 in Moscow, Russia agreed to sell 20 T-72 tanks to Venezuela "
    "for $1 billion, officials said."
)
WARM_UP_DATE = date(2008, 7, 23)
OnError = Callable[[Document, Exception], None]

# The spaCy models each resources object has been warmed up with (see ``Pipeline.load``).
_warmed: weakref.WeakKeyDictionary[Resources, set[str]] = weakref.WeakKeyDictionary()
_warm_lock = threading.Lock()


@dataclass
class Pipeline:
    """Reads documents and returns their events; build once, run on many documents."""

    settings: Settings
    nlp: Any
    resources: Resources
    stages: tuple[StageFactory, ...] = STAGES

    @property
    def actor_lexicon(self) -> ActorLexicon:
        return self.resources.actors

    @property
    def event_lexicon(self) -> EventLexicon:
        return self.resources.events

    @classmethod
    def load(cls, settings: Settings | None = None) -> Pipeline:
        """The pipeline for ``settings``, with every table its stages use already built.

        The resources are built here (or taken from the cache of those built from the
        same files). SpaCy and a few tables of the stages warm up on first use; coding
        one sentence here, once per resources and model, warms them, so that the first
        document costs no more than the next.
        """
        settings = settings or Settings()
        pipeline = cls(
            settings=settings,
            nlp=load_pipeline(settings.spacy_model),
            resources=load_resources(tuple(settings.user_dictionaries)),
        )
        with _warm_lock:
            models = _warmed.setdefault(pipeline.resources, set())
            cold = settings.spacy_model not in models
            models.add(settings.spacy_model)
        if cold:
            pipeline.extract(WARM_UP_TEXT, article_date=WARM_UP_DATE)
        return pipeline

    def run(
        self, docs: Iterable[Document], *, on_error: OnError | None = None
    ) -> Iterator[DocumentResult]:
        """Parse documents in batches with ``nlp.pipe`` and code each one.

        A text longer than the parser's ``max_length`` (1,000,000 characters) is parsed
        in pieces cut at paragraph breaks (``split_for_parsing``) and joined again, so its
        offsets are those of the whole text. With ``on_error``, a document whose coding
        raises is given to it and the run goes on; without, the error propagates.
        """
        stages = [make(self.resources) for make in self.stages]
        for parsed, document in self._parsed(docs):
            try:
                yield self._code(parsed, document, stages)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(document, exc)

    def _parsed(self, docs: Iterable[Document]) -> Iterator[tuple[Any, Document]]:
        """Each document with its spaCy ``Doc``; a long text's pieces are joined again."""
        from spacy.tokens import Doc

        limit = max(1, int(self.nlp.max_length) - 1)
        pieces = (
            (piece, (document, i, len(parts)))
            for document in docs
            for parts in [split_for_parsing(document.text, limit)]
            for i, piece in enumerate(parts)
        )
        done: list[Any] = []
        for parsed, (document, i, n) in self.nlp.pipe(
            pieces, as_tuples=True, batch_size=self.settings.batch_size
        ):
            if n == 1:
                yield parsed, document
                continue
            done.append(parsed)
            if i == n - 1:
                whole = Doc.from_docs(done, ensure_whitespace=False)
                done = []
                yield whole, document

    def extract(
        self, text: str, *, doc_id: str = "-", article_date: date | None = None
    ) -> DocumentResult:
        """Code one text."""
        return next(self.run([Document(doc_id=doc_id, text=text, date=article_date)]))

    def modality_at(self, result: DocumentResult, start: int, end: int) -> str:
        """Modality of whatever word lies at these character offsets (for evaluation)."""
        doc = result.parsed
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return "factual"
        return decide_modality(span.root, self.resources.cues).modality

    def _code(self, parsed: Any, document: Document, stages: list[Stage]) -> DocumentResult:
        """Each stage, in order, over the document's context (see ``stages.STAGES``)."""
        ctx = DocumentContext(parsed=parsed, document=document, resources=self.resources)
        for stage in stages:
            stage(ctx)
        if ctx.result is None:  # pragma: no cover - the Collect stage always sets it
            raise RuntimeError("no stage collected the result")
        return ctx.result


def split_for_parsing(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters that join back into it:
    at the last paragraph break (a blank line) before the limit, else the last line
    break, else the last space; a piece without any is cut at the limit."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = -1
        for mark in ("\n\n", "\n", " "):
            found = text.rfind(mark, start, end - len(mark) + 1)
            if found > start:
                cut = found + len(mark)
                break
        if cut <= start:
            cut = end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces
