"""The pipeline: one spaCy pass per document, then actors, events and their modality."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .actors.home import home_country, localise_event
from .actors.lexicon import ActorLexicon, default_lexicon
from .actors.recognise import ActorRecogniser, DocumentActors
from .amounts import annotate, find_materiel
from .amounts.lexicon import default_materiel_lexicon
from .config import Settings
from .events.extract import EventExtractor
from .events.lexicon import EventLexicon, default_event_lexicon
from .events.modality import decide_modality
from .model import (
    Actor,
    DateWindow,
    Document,
    DocumentResult,
    Entity,
    Event,
    Timex,
    Toponym,
)
from .nlp.loader import load_pipeline
from .nlp.view import view
from .when import date_from, find_timexes, infer_date_window, resolve_in_window, timex_roots
from .where import find_places, locate, place_tokens

# spaCy entity labels to the entity types of the evaluation sets.
NER_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
    "MONEY": "MONEY",
    "DATE": "TEMPORAL",
    "TIME": "TEMPORAL",
    "QUANTITY": "QUANTITY",
    "CARDINAL": "QUANTITY",
}


# One sentence that passes through every stage: a date, a place, actors, an event,
# materiel and an amount.
WARM_UP_TEXT = (
    "On 22 July 2008 in Moscow, Russia agreed to sell 20 T-72 tanks to Venezuela "
    "for $1 billion, officials said."
)
WARM_UP_DATE = date(2008, 7, 23)
_WARM: set[tuple[Any, ...]] = set()
OnError = Callable[[Document, Exception], None]


@dataclass
class Pipeline:
    """Reads documents and returns their events; build once, run on many documents."""

    settings: Settings
    nlp: Any
    actor_lexicon: ActorLexicon
    event_lexicon: EventLexicon

    @classmethod
    def load(cls, settings: Settings | None = None) -> Pipeline:
        """The pipeline for ``settings``, with every table its stages use already built.

        The gazetteer, the lexicons and the date grammar are built on first use; coding
        one sentence here, once per process and settings, builds them all, so that the
        first document costs no more than the next.
        """
        settings = settings or Settings()
        files = tuple(settings.user_dictionaries)
        pipeline = cls(
            settings=settings,
            nlp=load_pipeline(settings.spacy_model),
            actor_lexicon=default_lexicon(files),
            event_lexicon=default_event_lexicon(files),
        )
        key = (settings.spacy_model, files)
        if key not in _WARM:
            pipeline.extract(WARM_UP_TEXT, article_date=WARM_UP_DATE)
            _WARM.add(key)
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
        recognise = ActorRecogniser(self.actor_lexicon)
        extract = EventExtractor(self.event_lexicon)
        for parsed, document in self._parsed(docs):
            try:
                yield self._code(parsed, document, recognise, extract)
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
        return decide_modality(span.root).modality

    def _code(
        self,
        parsed: Any,
        document: Document,
        recognise: ActorRecogniser,
        extract: EventExtractor,
    ) -> DocumentResult:
        """The stages, in order: materiel names (so that "Kalashnikov" is not taken for an
        actor), actors, events, places, dates; then amounts, transfers and indicators."""
        user_files = tuple(self.settings.user_dictionaries)
        materiel = find_materiel(parsed, default_materiel_lexicon(user_files))
        named_items = frozenset(
            t.i for m in materiel for t in parsed.char_span(m.start, m.end, "expand") or ()
        )
        actors = recognise(parsed, document.date, exclude=named_items)
        events = extract(parsed, actors, document)
        toponyms = find_places(parsed, actors)
        timexes = find_timexes(parsed, document.date)
        places = place_tokens(parsed, toponyms)
        window = None
        window_spans: frozenset[tuple[int, int]] = frozenset()
        dating = list(timexes)
        if document.date is None:
            window = infer_date_window(parsed, recognise.lex)
            if window is not None:
                dating, window_spans = resolve_in_window(parsed, timexes, window)
        roots = timex_roots(parsed, dating)
        home = home_country(_country_evidence(actors, toponyms))
        events = [
            _situate(
                parsed, localise_event(event, home), places, roots, document, window, window_spans
            )
            for event in events
        ]
        result = DocumentResult(
            document=document,
            events=events,
            entities=_entities(parsed, actors),
            actors=_unique_actors(actors),
            toponyms=toponyms,
            timexes=list(timexes),
            date_window=window,
            parsed=parsed,
        )
        return annotate(result, user_files, materiel=materiel)


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


def trigger_token(parsed: Any, event: Event) -> Any | None:
    """The token an event's evidence points at."""
    span = parsed.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _situate(
    parsed: Any,
    event: Event,
    places: dict[int, Toponym],
    roots: list[tuple[Timex, Any]],
    document: Document,
    window: DateWindow | None = None,
    window_spans: frozenset[tuple[int, int]] = frozenset(),
) -> Event:
    """The event with its date and place, read from its clause (``places`` and ``roots``:
    the document's place tokens and dating timexes, found once for all its events)."""
    token = trigger_token(parsed, event)
    if token is None:
        return event
    return replace(
        event,
        location=locate(token, places),
        date=date_from(token, roots, document.date, window, window_spans),
    )


def _country_evidence(actors: DocumentActors, toponyms: list[Toponym]) -> list[tuple[str, int]]:
    """Each country the document names, as an actor or a place, with its offset: what
    its home country is read from."""
    evidence = [(t.country, t.start) for t in toponyms if t.country]
    named = {t.start for t in toponyms}
    for m in actors.mentions:
        for a in m.actors:
            if a.country and a.start is not None and a.start not in named:
                evidence.append((a.country, a.start))
    return evidence


def _unique_actors(actors: DocumentActors) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for m in actors.mentions:
        if m.reading == "place":
            continue
        for a in m.actors:
            seen.setdefault(a.code, a)
    return list(seen.values())


def _entities(parsed: Any, actors: DocumentActors) -> list[Entity]:
    out: list[Entity] = []
    states = [
        (m.start, m.end)
        for m in actors.mentions
        if m.reading == "actor" and any(a.kind == "state" for a in m.actors)
    ]
    for ent in view(parsed).ents:
        etype = NER_TYPES.get(ent.label_)
        if etype is None:
            continue
        if etype == "LOC" and any(start <= ent.start < end for start, end in states):
            etype = "ORG"
        out.append(Entity(ent.start_char, ent.end_char, ent.text, etype, f"spacy.{ent.label_}"))
    return out


def events_of(results: Iterable[DocumentResult]) -> Iterator[Event]:
    for r in results:
        yield from r.events
