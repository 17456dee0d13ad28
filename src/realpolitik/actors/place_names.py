"""Actors named after their town: "Saskatoon police", "Belfast City Council", "the
Tipperary county council".

A police force, council, court or company called after a town or region belongs to that
town's country, although the phrase names no country. The place is looked up in the
gazetteer among the proper nouns of the actor's own name and the modifiers of its head
noun; only a town or region of its own name counts (no alternate names, no country: a
country word is the actor dictionary's business), and a person is never placed this way
("Paris Hilton").
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..model import Actor
from ..nlp.view import view
from ..where.gazetteer import CAPITAL, CITY, MIN_ALTERNATE, REGION, Candidate, Gazetteer
from .recognise import DocumentActors, Mention

# Dependencies by which a word before the head noun names what the actor is called.
NAME_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss"})
# Entity labels by which the parser reads a word as a place.
PLACE_ENTITIES = frozenset({"GPE", "LOC"})
# Dependencies of a place's name used as an actor: the subject of an active clause (a
# town that "was shelled" is the place).
SUBJECTS = frozenset({"nsubj", "csubj"})
# Rules of the actors that only the parser's entity recogniser found.
UNKNOWN_NAMES = ("actor.unknown_person", "actor.unknown_organisation", "actor.unknown_group")
# A town not read as a place must be this large to name an actor ("Central", "Union" and
# "Airport" are small American towns).
MIN_CITY = 100_000
# A town of another country with more than a third of the people makes the name unclear.
RIVAL_RATIO = 3
# The longest run of proper nouns tried as one place name ("Rio de Janeiro" is three).
MAX_NAME_WORDS = 3


Span = tuple[int | None, int | None]


def named_places(
    parsed: Any, actors: DocumentActors, gazetteer: Gazetteer, sectors: frozenset[str]
) -> dict[Span, str]:
    """The country of each public body of unknown country (an actor of one of
    ``sectors``) that is named after a place, by the actor's character span. Firms, clubs
    and newspapers are left alone: "Manchester United" is no British actor."""
    tokens = view(parsed).tokens
    found: dict[Span, str] = {}
    for mention in actors.mentions:
        if mention.reading != "actor" or not _placeable(mention, sectors):
            continue
        country = _country_in_name(_name_tokens(tokens, mention), mention.head, gazetteer)
        if country is not None:
            for a in mention.actors:
                found[(a.start, a.end)] = country
    return found


def place_by_name(actor: Actor, named: dict[Span, str]) -> Actor:
    """The actor in the country of the place it is named after, if it is one of those."""
    country = named.get((actor.start, actor.end))
    if country is None or actor.country is not None:
        return actor
    return replace(
        actor,
        country=country,
        code=country + (actor.sector or ""),
        rule=(actor.rule + "+place_name").lstrip("+"),
    )


def _placeable(mention: Mention, sectors: frozenset[str]) -> bool:
    """A public body of unknown country: not a person, not an actor already placed."""
    return all(
        a.country is None and a.kind != "person" and a.code.startswith("---")
        for a in mention.actors
    ) and any(a.sector in sectors for a in mention.actors)


def _name_tokens(tokens: Any, mention: Mention) -> list[Any]:
    """The words of the actor's name and the modifiers before its head, in order."""
    head = tokens[mention.head]
    picked = {t.i: t for t in tokens[mention.start : mention.end]}
    stack = [c for c in head.children if c.i < head.i and c.dep_ in NAME_DEPS]
    while stack:
        tok = stack.pop()
        picked[tok.i] = tok
        stack.extend(c for c in tok.children if c.i < tok.i and c.dep_ in NAME_DEPS)
    return [picked[i] for i in sorted(picked)]


def _country_in_name(words: list[Any], head: int, gazetteer: Gazetteer) -> str | None:
    """The country of a place named among ``words``; the head noun itself names the body
    ("St. Louis Police": not the Polish town of Police)."""
    runs: list[list[Any]] = []
    for tok in words:
        proper = (
            tok.pos_ == "PROPN"
            and tok.i != head
            and tok.ent_type_ != "PERSON"
            and tok.text[:1].isupper()
        )
        if proper and runs and runs[-1][-1].i == tok.i - 1:
            runs[-1].append(tok)
        elif proper:
            runs.append([tok])
    for run in runs:
        for size in range(min(MAX_NAME_WORDS, len(run)), 0, -1):
            for first in range(len(run) - size + 1):
                words_here = run[first : first + size]
                name = " ".join(t.text for t in words_here)
                place_like = all(t.ent_type_ in PLACE_ENTITIES for t in words_here)
                places = gazetteer.lookup(name, alternates=False)
                if places:
                    # the longest name the gazetteer knows decides for its words ("New
                    # York" is not York)
                    return _town_country(places, place_like)
    return None


def _town_country(places: list[Candidate], place_like: bool) -> str | None:
    """The country of the town or region a name denotes, when the name is clear: a region
    or a town the parser read as a place, or else a city of ``MIN_CITY`` people; and no
    town of another country nearly as large."""
    first = places[0]
    if first.kind == REGION:
        return first.country if place_like else None
    if first.kind not in (CITY, CAPITAL):
        return None  # the name's first reading is a country, continent or sea
    if first.population < (MIN_ALTERNATE if place_like else MIN_CITY):
        return None
    rival = next((p for p in places[1:] if p.country != first.country), None)
    if rival is not None and rival.population * RIVAL_RATIO > first.population:
        return None  # "Nelson": New Zealand's or Britain's
    return first.country


def bare_places(parsed: Any, actors: DocumentActors, gazetteer: Gazetteer) -> set[Span]:
    """The character spans of actors that are only a town's or region's name: a word the
    parser took for an organisation, a person or a people ("Salisbury", "Douma"), that
    no dictionary knows, that has no sector, and that the gazetteer knows as a region or
    a town of ``MIN_ALTERNATE`` people (``MIN_CITY`` for a name read as a person's, which
    the document never gives as part of a longer name, or a people's). A place is no actor: "jets
    bombed Douma" names no target, "the Salisbury attack" no attacker. A place that is
    the subject of its clause is used as an actor and stays one ("Tamil Nadu accused the
    Centre")."""
    tokens = view(parsed).tokens
    persons = {
        word
        for mention in actors.mentions
        for a in mention.actors
        if a.kind == "person" and a.person
        for word in a.person.split()
    }
    persons |= {
        t.text for ent in view(parsed).ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent
    }
    found: set[Span] = set()
    for mention in actors.mentions:
        if mention.reading != "actor" or len(mention.actors) != 1:
            continue
        actor = mention.actors[0]
        if actor.country is not None or actor.code != "---" or actor.sector is not None:
            continue
        if not actor.rule.startswith(UNKNOWN_NAMES):
            continue
        if actor.text in persons:
            continue  # a known person's name ("Kelly Salisbury ... Salisbury said")
        name = tokens[mention.start : mention.end]
        root = next((t for t in name if not mention.start <= t.head.i < mention.end), None)
        if root is not None and root.dep_ in SUBJECTS:
            continue
        places = gazetteer.lookup(actor.text)
        if not places or places[0].kind not in (CITY, CAPITAL, REGION):
            continue
        # a name the parser took for a person's or a people's must be a large town's
        # ("Douma", "Mombasa"; not "Obama" or "Campbell")
        least = MIN_ALTERNATE if actor.kind == "organisation" else MIN_CITY
        if places[0].kind != REGION and places[0].population < least:
            continue
        found.add((actor.start, actor.end))
    return found


def without_places(actors: tuple[Actor, ...], places: set[Span]) -> tuple[Actor, ...]:
    """The actors that are not in ``places`` (``bare_places``)."""
    return tuple(a for a in actors if (a.start, a.end) not in places)
