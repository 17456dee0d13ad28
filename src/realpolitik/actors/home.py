"""An article's home country, and the actors of unknown country that belong to it.

Most news is about one country. A police force, a court, teachers on strike or a
spokesman named only by surname in an article from Oklahoma or Lagos belong to the state
the article is about, although no word next to them names it ("Police arrested five
protesters" -> NGA COP). The home country is read from what the article itself names:
every country named as an actor or a place, and the countries of the places it names
(towns, provinces, states), the lead counting double. It is given only when one country
clearly dominates, and only to actors that no dictionary could place: never to an
international organisation, a named group of countries ("other countries") or an actor
whose country is known.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from ..model import Actor, Event
from .lexicon import normalise
from .recognise import FOREIGN

# Characters from the start of an article that count as its lead (title, dateline, first
# sentence): the place it is filed from and what it is about.
LEAD_CHARS = 300
LEAD_WEIGHT = 2.0
# The share of all country evidence the leading country needs, and the least evidence.
MIN_SHARE = 0.4
MIN_WEIGHT = 2.0
UNKNOWN = "---"


@dataclass(frozen=True)
class HomeCountry:
    """The country an article is about, with the share of the evidence that names it."""

    country: str
    share: float
    weight: float


def home_country(evidence: Iterable[tuple[str, int]]) -> HomeCountry | None:
    """The dominant country of ``evidence``: ``(country, character offset)`` pairs for each
    country the article names, as an actor or a place. ``None`` when none dominates."""
    weights: Counter[str] = Counter()
    for country, offset in evidence:
        if country and len(country) == 3 and country.isalpha() and country.isupper():
            weights[country] += LEAD_WEIGHT if offset < LEAD_CHARS else 1.0
    if not weights:
        return None
    total = sum(weights.values())
    (country, weight), *rest = weights.most_common(2)
    if weight < MIN_WEIGHT or weight / total < MIN_SHARE:
        return None
    if rest and rest[0][1] == weight:
        return None
    return HomeCountry(country, weight / total, weight)


def belongs_home(actor: Actor) -> bool:
    """Whether an actor of unknown country can take the article's: a person, or a body or
    group with a sector of its own (police, a court, teachers), or an organisation the
    parser found; not a bare group of states ("other countries") nor an IGO."""
    if actor.country is not None or not actor.code.startswith(UNKNOWN) or FOREIGN in actor.rule:
        return False  # "foreign diplomats" are not the home country's
    if actor.kind == "person":
        return True
    return actor.sector is not None or actor.kind == "organisation"


def localise(actor: Actor, home: HomeCountry) -> Actor:
    """The actor placed in the home country, its rule saying so."""
    return replace(
        actor,
        country=home.country,
        code=home.country + (actor.sector or ""),
        rule=(actor.rule + "+home_country").lstrip("+"),
    )


def with_actors(event: Event, placed: Callable[[Actor], Actor]) -> Event:
    """The event with each of its actors replaced by ``placed(actor)`` (itself when none
    changes)."""
    source = tuple(placed(a) for a in event.source)
    target = tuple(placed(a) for a in event.target)
    if source == event.source and target == event.target:
        return event
    return replace(event, source=source, target=target)


def shared_name(actor: Actor, shared: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The states whose bodies bear the name that ``actor`` is called by ("Labour", "Tory
    MPs", "the Republican senators"): the longest such name its words begin with."""
    words = normalise(actor.text).replace("'s ", " ").split()  # "Labour's call"
    if words[:1] == ["the"]:
        words = words[1:]
    for n in range(len(words), 0, -1):
        countries = shared.get(" ".join(words[:n]))
        if countries:
            return countries
    return ()


def place_shared_names(
    event: Event,
    shared: Mapping[str, tuple[str, ...]],
    named: Mapping[str, int],
    theatre: HomeCountry | None = None,
    nearby: Iterable[str] = (),
) -> Event:
    """Actors called by a name that several states' bodies or peoples bear ("Labour",
    "Republican senators", "Kurdish forces") placed in one of those states: where the event
    happens, when the text names the place; else the first place named in the event's own
    sentence (``nearby``: their countries, in order: "Kurdish forces have pushed deep into
    Raqqa" in an article about Iraq); else the country the article's place names dominate
    (``theatre``); else the one the article names most (``named``: how often it names each
    country); else the first, the most common in English news. Never in a state that has
    no such body: the home country of an article about Syria is not the country of its
    "Tory MPs"."""
    place = event.location or {}
    located = None if place.get("guessed") else place.get("country")

    def placed(actor: Actor) -> Actor:
        if actor.country is not None or not actor.code.startswith(UNKNOWN):
            return actor
        countries = shared_name(actor, shared)
        if not countries:
            return actor
        close = next((c for c in nearby if c in countries), None)
        if located in countries:
            country = located
        elif close is not None:
            country = close
        elif theatre is not None and theatre.country in countries:
            country = theatre.country
        else:
            country = max(countries, key=lambda c: (named.get(c, 0), -countries.index(c)))
        return replace(
            actor,
            country=country,
            code=country + (actor.sector or ""),
            rule=(actor.rule + "+shared_name").lstrip("+"),
        )

    return with_actors(event, placed)


def localise_event(event: Event, home: HomeCountry | None) -> Event:
    """An event whose actors of unknown country are placed in the home country."""
    if home is None:
        return event
    return with_actors(event, lambda a: localise(a, home) if belongs_home(a) else a)


# Codes of armed groups that act across borders (CAMEO's IMG: international militarised
# group), such as Islamic State and al-Qaeda: they have no country of their own.
ACROSS_BORDERS = "IMG"


def place_armed_groups(event: Event, theatre: HomeCountry | None) -> Event:
    """An armed group that acts across borders belongs, for this event, to the country it
    acts in (the codebook: "ISIS fighters in Iraq are IRQ"): the event's place when the
    text names one, else the country that the article's place names dominate (not its
    home country: an American article about Syria names Americans, but Syrian places).
    Its code stays its own."""
    place = event.location or {}
    located = None if place.get("guessed") else place.get("country")
    country = located or (theatre.country if theatre is not None else None)
    if country is None:
        return event

    def placed(actor: Actor) -> Actor:
        if actor.country is not None or not actor.code.startswith(ACROSS_BORDERS):
            return actor
        return replace(actor, country=country, rule=(actor.rule + "+operating_country").lstrip("+"))

    return with_actors(event, placed)
