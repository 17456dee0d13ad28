"""The stages of the pipeline, each one shape: built from the resources, called on a
document's context.

A stage is made once per run by ``make(resources)`` (:data:`StageFactory`) and then
called on each document's :class:`DocumentContext`, whose fields it reads and fills;
:data:`STAGES` lists them in order and ``Pipeline`` runs that list. To add a stage,
write a class with ``__init__(self, resources)`` and ``__call__(self, ctx)``, give the
context a field for what it finds, and put it in :data:`STAGES` after the stages whose
fields it reads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from .actors.home import home_country, localise_event, place_armed_groups, place_shared_names
from .actors.place_names import Span, bare_places, named_places, place_by_name, without_places
from .actors.recognise import ActorRecogniser, DocumentActors
from .amounts import annotate, find_materiel
from .events.extract import EventExtractor
from .events.screen import in_sport, newsworthy, sports_report
from .model import (
    Actor,
    DateWindow,
    Document,
    DocumentResult,
    Entity,
    Event,
    Materiel,
    Timex,
    Toponym,
)
from .nlp.view import view
from .resources import Resources
from .when import (
    context_dates,
    date_from,
    find_timexes,
    infer_date_window,
    resolve_in_window,
    timex_roots,
)
from .where import find_places, locate, place_tokens
from .where.gazetteer import Gazetteer

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
class DocumentContext:
    """One document on its way through the stages: what each has found so far."""

    parsed: Any
    document: Document
    resources: Resources
    materiel: list[Materiel] = field(default_factory=list)
    named_items: frozenset[int] = frozenset()  # tokens of named materiel: not actors
    actors: DocumentActors = field(default_factory=DocumentActors)
    events: list[Event] = field(default_factory=list)
    toponyms: list[Toponym] = field(default_factory=list)
    places: dict[int, Toponym] = field(default_factory=dict)  # place tokens
    timexes: list[Timex] = field(default_factory=list)
    window: DateWindow | None = None
    window_spans: frozenset[tuple[int, int]] = frozenset()
    roots: list[tuple[Timex, Any]] = field(default_factory=list)  # dating timexes
    result: DocumentResult | None = None


class Stage(Protocol):
    def __call__(self, ctx: DocumentContext) -> None: ...


StageFactory = Callable[[Resources], Stage]


class FindMateriel:
    """Materiel names first, so that "Kalashnikov" is not taken for an actor."""

    def __init__(self, resources: Resources) -> None:
        self.lexicon = resources.materiel

    def __call__(self, ctx: DocumentContext) -> None:
        parsed = ctx.parsed
        ctx.materiel = find_materiel(parsed, self.lexicon)
        ctx.named_items = frozenset(
            t.i for m in ctx.materiel for t in parsed.char_span(m.start, m.end, "expand") or ()
        )


class FindActors:
    def __init__(self, resources: Resources) -> None:
        self.recognise = ActorRecogniser(resources.actors)

    def __call__(self, ctx: DocumentContext) -> None:
        ctx.actors = self.recognise(ctx.parsed, ctx.document.date, exclude=ctx.named_items)


class FindEvents:
    def __init__(self, resources: Resources) -> None:
        self.extract = EventExtractor(resources.events, resources.cues)

    def __call__(self, ctx: DocumentContext) -> None:
        ctx.events = self.extract(ctx.parsed, ctx.actors, ctx.document)


class FindPlaces:
    def __init__(self, resources: Resources) -> None:
        self.gazetteer = resources.gazetteer

    def __call__(self, ctx: DocumentContext) -> None:
        ctx.toponyms = find_places(ctx.parsed, ctx.actors, self.gazetteer)


class FindDates:
    """The temporal expressions; for an undated article, the window it was written in
    (read with the actor dictionary's office holders) and the dates resolved in it."""

    def __init__(self, resources: Resources) -> None:
        self.actors = resources.actors

    def __call__(self, ctx: DocumentContext) -> None:
        parsed, document = ctx.parsed, ctx.document
        ctx.timexes = find_timexes(parsed, document.date)
        ctx.places = place_tokens(parsed, ctx.toponyms)
        dating = list(ctx.timexes)
        if document.date is None:
            ctx.window = infer_date_window(parsed, self.actors)
            if ctx.window is not None:
                dating, ctx.window_spans = resolve_in_window(parsed, ctx.timexes, ctx.window)
        ctx.roots = timex_roots(parsed, dating)


class Situate:
    """Each event with its date and place, and its actors with the document's home
    country."""

    def __init__(self, resources: Resources) -> None:
        self.gazetteer = resources.gazetteer
        self.political = resources.events.types.sectors["political"]
        self.actorless = resources.events.types.having("actorless")
        self.shared = resources.actors.shared

    def __call__(self, ctx: DocumentContext) -> None:
        named = named_places(ctx.parsed, ctx.actors, self.gazetteer, self.political)
        places = bare_places(ctx.parsed, ctx.actors, self.gazetteer)
        # a place is no actor; an event that named only places, of a type that needs an
        # actor ("talks in Sochi" read as Sochi talking), is no event
        unplaced = [_no_places(event, places) for event in ctx.events]
        kept = [
            event
            for event, before in zip(unplaced, ctx.events, strict=True)
            if event.source
            or event.target
            or event.type in self.actorless
            or not (before.source or before.target)
        ]
        # named bodies are not evidence of the home country: on half A of realnews_events
        # that raised strict F1 by 0.016, on half B lowered it by 0.006 (RESULTS.md);
        # they decide it only where nothing else names a country ("Saskatoon police")
        evidence = _country_evidence(ctx.actors, ctx.toponyms)
        home = home_country(evidence)
        if home is None and named and not evidence:
            home = home_country((country, start or 0) for (start, _), country in named.items())
        mentions = Counter(country for country, _ in evidence)
        # where the article's events happen: the country its place names dominate
        theatre = home_country((t.country, t.start) for t in ctx.toponyms if t.country)
        situated = [_situate(ctx, _place_by_name(event, named), self.gazetteer) for event in kept]
        events = [
            place_armed_groups(
                localise_event(
                    place_shared_names(
                        event, self.shared, mentions, theatre, _sentence_places(event, ctx)
                    ),
                    home,
                ),
                theatre,
            )
            for event in situated
        ]
        # An event its clause leaves undated may take a date from its article: an
        # earlier mention of the same event, "since then" (when/context.py).
        triggers = [trigger_token(ctx.parsed, event) for event in events]
        dates = context_dates(events, triggers, [timex for timex, _ in ctx.roots])
        ctx.events = [
            event if date is event.date else replace(event, date=date)
            for event, date in zip(events, dates, strict=True)
        ]


class Screen:
    """The events with a political actor once actors have their home country, and in a
    sports report only what a political body does (``events/screen.py``)."""

    def __init__(self, resources: Resources) -> None:
        self.types = resources.events.types
        self.sports_words = resources.events.words("sports_words")

    def __call__(self, ctx: DocumentContext) -> None:
        events = newsworthy(ctx.events, self.types)
        words = (t.lower_ for t in view(ctx.parsed).tokens)
        if events and sports_report(words, self.sports_words):
            events = in_sport(events, self.types)
        ctx.events = events


class Collect:
    """The document's result from what the stages found."""

    def __init__(self, resources: Resources) -> None:
        pass

    def __call__(self, ctx: DocumentContext) -> None:
        ctx.result = DocumentResult(
            document=ctx.document,
            events=ctx.events,
            entities=_entities(ctx.parsed, ctx.actors),
            actors=_unique_actors(ctx.actors),
            toponyms=ctx.toponyms,
            timexes=list(ctx.timexes),
            date_window=ctx.window,
            parsed=ctx.parsed,
        )


class Annotate:
    """Amounts, transfers and indicators, read from the result."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources

    def __call__(self, ctx: DocumentContext) -> None:
        if ctx.result is not None:
            ctx.result = annotate(ctx.result, self.resources, materiel=ctx.materiel)


STAGES: tuple[StageFactory, ...] = (
    FindMateriel,
    FindActors,
    FindEvents,
    FindPlaces,
    FindDates,
    Situate,
    Screen,
    Collect,
    Annotate,
)


def trigger_token(parsed: Any, event: Event) -> Any | None:
    """The token an event's evidence points at."""
    span = parsed.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _situate(ctx: DocumentContext, event: Event, gazetteer: Gazetteer) -> Event:
    """The event with its date and place, read from its clause (the document's place
    tokens and dating timexes, found once for all its events)."""
    token = trigger_token(ctx.parsed, event)
    if token is None:
        return event
    return replace(
        event,
        location=locate(token, ctx.places, gazetteer),
        date=date_from(token, ctx.roots, ctx.document.date, ctx.window, ctx.window_spans),
    )


def _no_places(event: Event, places: set[Span]) -> Event:
    if not places:
        return event
    return replace(
        event,
        source=without_places(event.source, places),
        target=without_places(event.target, places),
    )


def _place_by_name(event: Event, named: dict[Span, str]) -> Event:
    if not named:
        return event
    return replace(
        event,
        source=tuple(place_by_name(a, named) for a in event.source),
        target=tuple(place_by_name(a, named) for a in event.target),
    )


def _sentence_places(event: Event, ctx: DocumentContext) -> list[str]:
    """The countries of the places named in an event's sentence, in order (not places
    read as actors)."""
    start, end = event.evidence.sentence_start, event.evidence.sentence_end
    return [
        t.country
        for t in ctx.toponyms
        if t.country and t.reading == "place" and not t.guessed and start <= t.start < end
    ]


def _country_evidence(actors: DocumentActors, toponyms: list[Toponym]) -> list[tuple[str, int]]:
    """Each country the document names, as an actor or a place, with its offset: what
    its home country is read from. Pronouns name nothing new, and words read twice (a
    name and the relation it names: "its backer, Russia") count once."""
    evidence = [(t.country, t.start) for t in toponyms if t.country]
    named = {t.start for t in toponyms}
    for m in actors.mentions:
        if m.rule.startswith("actor.pronoun"):
            continue  # "he", "we": the antecedent already counted
        for a in m.actors:
            if a.country and a.start is not None and a.start not in named:
                evidence.append((a.country, a.start))
                named.add(a.start)
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
