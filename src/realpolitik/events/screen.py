"""The last screen of a document's events, once their actors have their home country.

An event is political news when someone of a state or a political body takes part in it:
a state, an official, a party, an armed group, an international organisation, or a
person or group the article places in a country. An event whose named actors are none of
these is dropped ("the contact centre handles 47,000 inquiries", "the officer said she
asked a tenant to call her back" in local news with no home country), except the acts
that imply their own political actor: an arrest or a charge (an authority did it), a
protest (a crowd in the street), and violence done to civilians. Events with nobody named
were judged by the extractor (``actorless`` types). A person placed in the home country
counts as political here: narrower rules were measured and lost on real news
(benchmarks/RESULTS.md, issue 14).

A sports report (several words only sport uses) keeps only what a body of a state or
party does: its "beat", "attacked" and "shot" are games.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Actor, Event
from .event_types import EventTypes
from .extract import is_political

# A sports report: at least this many distinct words of sport, used this often in all.
SPORTS_DISTINCT = 3
SPORTS_TOTAL = 5


def sports_report(words: Iterable[str], sports_words: frozenset[str]) -> bool:
    """Whether a text (its lower-cased words) reads as a sports report."""
    used = [w for w in words if w in sports_words]
    return len(set(used)) >= SPORTS_DISTINCT and len(used) >= SPORTS_TOTAL


def in_sport(events: Iterable[Event], types: EventTypes) -> list[Event]:
    """The events of a sports report that a body of a state or party takes part in (a
    minister, the police, protesters with a sector): "England beat Australia" is a game,
    "police arrested fans" is not."""
    sectors = types.sectors["political"]
    return [e for e in events if any(a.sector in sectors for a in (*e.source, *e.target))]


def newsworthy(events: Iterable[Event], types: EventTypes) -> list[Event]:
    """The events with a political actor on one side, or of a kind that needs none."""
    implied = types.having("authority_act") | types.having("civilian_act")
    violent = types.having("actorless")
    sectors = types.sectors["political"]

    def political(actor: Actor) -> bool:
        return actor.country is not None or is_political(actor, sectors)

    def keep(event: Event) -> bool:
        named = (*event.source, *event.target)
        if not named or event.type in implied or any(political(a) for a in named):
            return True
        # violence: done to civilians, or by or to a body no dictionary knows (an armed
        # group, a town); not by a named private person ("McGregor hit the window")
        return event.type in violent and (
            any(a.sector == "CVL" for a in event.target)
            or any(a.kind != "person" and a.sector is None for a in named)
        )

    return [event for event in events if keep(event)]
