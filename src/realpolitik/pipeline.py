"""The pipeline: one spaCy pass per document, then actors, events and their modality."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from .actors.lexicon import ActorLexicon, default_lexicon
from .actors.recognise import ActorRecogniser, DocumentActors
from .config import Settings
from .events.extract import EventExtractor
from .events.lexicon import EventLexicon, default_event_lexicon
from .events.modality import decide_modality
from .model import Actor, Document, DocumentResult, Entity, Event, Toponym
from .nlp.loader import load_pipeline

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


@dataclass
class Pipeline:
    """Reads documents and returns their events; build once, run on many documents."""

    settings: Settings
    nlp: Any
    actor_lexicon: ActorLexicon
    event_lexicon: EventLexicon

    @classmethod
    def load(cls, settings: Settings | None = None) -> Pipeline:
        settings = settings or Settings()
        files = tuple(settings.user_dictionaries)
        return cls(
            settings=settings,
            nlp=load_pipeline(settings.spacy_model),
            actor_lexicon=default_lexicon(files),
            event_lexicon=default_event_lexicon(files),
        )

    def run(self, docs: Iterable[Document]) -> Iterator[DocumentResult]:
        """Parse documents in batches with ``nlp.pipe`` and code each one."""
        recognise = ActorRecogniser(self.actor_lexicon)
        extract = EventExtractor(self.event_lexicon)
        pairs = ((d.text, d) for d in docs)
        for parsed, document in self.nlp.pipe(
            pairs, as_tuples=True, batch_size=self.settings.batch_size
        ):
            yield self._code(parsed, document, recognise, extract)

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

    @staticmethod
    def _code(
        parsed: Any, document: Document, recognise: ActorRecogniser, extract: EventExtractor
    ) -> DocumentResult:
        actors = recognise(parsed, document.date)
        events = extract(parsed, actors, document)
        return DocumentResult(
            document=document,
            events=events,
            entities=_entities(parsed, actors),
            actors=_unique_actors(actors),
            toponyms=_toponyms(actors),
            parsed=parsed,
        )


def _unique_actors(actors: DocumentActors) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for m in actors.mentions:
        if m.reading == "place":
            continue
        for a in m.actors:
            seen.setdefault(a.code, a)
    return list(seen.values())


def _toponyms(actors: DocumentActors) -> list[Toponym]:
    out = []
    for m in actors.mentions:
        for a in m.actors:
            if (
                a.kind == "state"
                and a.start is not None
                and a.end is not None
                and a.rule.split("+")[0]
                in ("actor.country", "actor.capital.metonymy", "actor.seat.metonymy")
            ):
                reading = "place" if m.reading == "place" else "actor"
                out.append(Toponym(a.start, a.end, a.text, reading, a.country))
    return out


def _entities(parsed: Any, actors: DocumentActors) -> list[Entity]:
    out: list[Entity] = []
    for ent in parsed.ents:
        etype = NER_TYPES.get(ent.label_)
        if etype is None:
            continue
        if etype == "LOC":
            acting = any(
                m.reading == "actor" and m.start <= ent.start < m.end
                for m in actors.mentions
                if any(a.kind == "state" for a in m.actors)
            )
            if acting:
                etype = "ORG"
        out.append(Entity(ent.start_char, ent.end_char, ent.text, etype, f"spacy.{ent.label_}"))
    return out


def events_of(results: Iterable[DocumentResult]) -> Iterator[Event]:
    for r in results:
        yield from r.events
