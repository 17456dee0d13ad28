"""Where an event happened: the place named in its trigger's clause.

A place toponym counts when it is the object (or inside the object) of a locative
preposition attached to

* the trigger itself ("they met in Moscow", "troops moved into Crimea", for a verb of
  movement also "sent observers to Bosnia", "evacuated from Gorazde"), or its subject
  or object ("clashed with militants in Tripoli", "voters in Ohio backed ..."); the
  object of a verb of reaching or striking ("visited Moscow", "invaded Ukraine");
* for a noun trigger, its own phrase ("the meeting in Moscow", "the Moscow talks",
  "the summit held in Helsinki");
* a verb that governs the trigger, up to three steps up ("agreed to meet in Geneva",
  "held talks in Vienna"), without crossing into a reporting clause ("In Moscow, Lavrov
  said the US had violated the treaty" does not place the violation in Moscow).
"""

from __future__ import annotations

from typing import Any

from ..actors.recognise import LOCATIVE_PREPS
from ..model import Toponym
from .gazetteer import Gazetteer
from .places import PLACE_VERBS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Prepositions that place an event: the recogniser's locative ones, and "on"/"over"
# ("air strikes on Raqqa", "shot down over Syria").
EVENT_PREPS = LOCATIVE_PREPS | {"on", "over"}
# Dependencies that do not lead from an event to a verb of the same clause.
_CLAUSE_EDGES = frozenset({"ccomp", "parataxis", "relcl"})
MAX_STEPS = 3
# Verbs of movement, whose destination or origin is where the event happens ("sent 21
# observers to Bosnia", "negotiators return to Geneva", "evacuated from Gorazde").
MOTION_VERBS = _words(
    """send deploy dispatch ship move return travel fly arrive go come head withdraw
    evacuate pull bring transfer deport expel extradite flee escape airlift march"""
)
MOTION_PREPS = frozenset({"to", "from", "out", "toward", "towards"})


def event_location(
    trigger: Any, toponyms: list[Toponym], gazetteer: Gazetteer | None = None
) -> dict[str, Any] | None:
    """The place of the event whose trigger is the spaCy token ``trigger``, as a dict
    (``name``, ``text``, ``country``, ``feature_class``, ``lat``, ``lon``,
    ``geonames_id``, ``guessed``, ``start``, ``end``), or None when its clause names none.

    ``toponyms`` are the document's toponyms (:func:`~realpolitik.where.find_places`);
    only those read as places count."""
    return locate(trigger, place_tokens(trigger.doc, toponyms), gazetteer)


def locate(
    trigger: Any, places: dict[int, Toponym], gazetteer: Gazetteer | None = None
) -> dict[str, Any] | None:
    """:func:`event_location` from ``place_tokens(doc, toponyms)``, for a caller that
    places many events of one document."""
    if not places:
        return None
    for anchor in _anchors(trigger):
        found = _located(anchor, places, noun=anchor.pos_ in ("NOUN", "PROPN"))
        if found is not None:
            return _as_dict(found, gazetteer)
    return None


def place_tokens(doc: Any, toponyms: list[Toponym]) -> dict[int, Toponym]:
    """Token index -> the place toponym that the token belongs to."""
    out: dict[int, Toponym] = {}
    for t in toponyms:
        if t.reading != "place":
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            out.setdefault(tok.i, t)
    return out


def _anchors(trigger: Any) -> list[Any]:
    """The trigger, then the verbs that govern it within its clause (up to 3 steps)."""
    anchors = [trigger]
    node = trigger
    for _ in range(MAX_STEPS):
        if node.head is node or node.dep_ in _CLAUSE_EDGES:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            anchors.append(node)
    return anchors


def _located(anchor: Any, places: dict[int, Toponym], *, noun: bool) -> Toponym | None:
    """The first place inside a locative phrase attached to ``anchor``, or to its object
    (parsers often attach "in Tripoli" to "militants" in "clashed with militants in
    Tripoli", or to "people" in "killed 20 people in Aleppo")."""
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ in EVENT_PREPS:
            found = _first_place(child, places)
            if found is not None:
                return found
    if anchor.lemma_.lower() in MOTION_VERBS:
        for child in anchor.children:
            if child.dep_ in ("prep", "prt") and child.lower_ in MOTION_PREPS:
                found = _first_place(child, places)
                if found is not None:
                    return found
    if anchor.lemma_.lower() in PLACE_VERBS:  # "visited Moscow", "invaded Ukraine"
        for child in anchor.children:
            if child.dep_ == "dobj" and child.i in places:
                return places[child.i]
    for obj in _objects(anchor):
        for child in obj.children:
            if child.dep_ == "prep" and child.lower_ in EVENT_PREPS:
                found = _first_place(child, places)
                if found is not None:
                    return found
    if noun:
        for child in anchor.children:
            if child.dep_ in ("compound", "nmod", "amod") and child.i in places:
                return places[child.i]  # "the Moscow talks"
            if child.dep_ == "acl":  # "the summit held in Helsinki"
                for grandchild in child.children:
                    if grandchild.dep_ == "prep" and grandchild.lower_ in EVENT_PREPS:
                        found = _first_place(grandchild, places)
                        if found is not None:
                            return found
    return None


def _objects(anchor: Any) -> list[Any]:
    """The subject and object of ``anchor`` and the objects of its other prepositions
    ("Voters in New Mexico backed the measure")."""
    out = [c for c in anchor.children if c.dep_ in ("dobj", "dative", "nsubj", "nsubjpass")]
    for prep in anchor.children:
        if prep.dep_ == "prep" and prep.lower_ not in EVENT_PREPS:
            out.extend(c for c in prep.children if c.dep_ == "pobj")
    return out


def _first_place(prep: Any, places: dict[int, Toponym]) -> Toponym | None:
    for tok in prep.subtree:
        if tok.i in places:
            return places[tok.i]
    return None


def _as_dict(t: Toponym, gazetteer: Gazetteer | None) -> dict[str, Any]:
    return {
        "name": _name(t, gazetteer),
        "text": t.text,
        "country": t.country,
        "feature_class": t.feature_class,
        "lat": t.lat,
        "lon": t.lon,
        "geonames_id": t.geonames_id,
        "guessed": t.guessed,
        "start": t.start,
        "end": t.end,
    }


def _name(t: Toponym, gazetteer: Gazetteer | None) -> str:
    """The gazetteer's name of the place a toponym was geocoded to (its text otherwise)."""
    if t.lat is None:
        return t.text
    if gazetteer is None:
        from .gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    if t.geonames_id is not None:
        known = gazetteer.by_id(t.geonames_id)
        if known is not None:
            return known.name
    for c in gazetteer.lookup(t.text):
        if (c.lat, c.lon) == (t.lat, t.lon):
            return c.name
    return t.text
