"""The places a parsed document names, how each is read, and where each lies.

Place names come from the actor dictionary's countries, capitals and seats of power
(already found by :class:`~realpolitik.actors.recognise.ActorRecogniser`), from spaCy's
``GPE``, ``LOC`` and ``FAC`` entities, and from other entities and proper nouns that the
gazetteer knows where they stand as places ("in Enugu", "Tamil Nadu accused ...").

Each is read as a ``place`` ("met in Moscow") or a metonymic ``actor`` ("Moscow rejected
the plan", "Britain accuses Russia", "Iran's exports"); a name that only qualifies another
actor's name ("Russia's Foreign Ministry", "Toronto police", "US dollars") is not
reported. Then each is geocoded with the gazetteer:

1. "City, Region" or "City, Country" ("Atlanta, Georgia", "Tripoli, Lebanon"): the pair
   of places in which the first lies inside the second.
2. Otherwise the candidates in a country that the document mentions (or a neighbour of
   one) win, as long as they are not much smaller than the most prominent candidate
   ("Georgia" is the US state in a document about the USA that names nothing in the
   Caucasus; "Paris" stays in France in a document about the USA); among those, one in
   a region that the document names ("Oceanside" near "Long Beach, N.Y.").
3. Otherwise the most prominent candidate: country, then capital, then region or city by
   population.

``guessed`` is true where the document did not decide between the places a name can
denote. A capital read as an actor stands for its state: by default its toponym carries
the country's point. Regions of the actor dictionary ("Latin America", "the Middle
East") and continents are not places to geocode and are left out.

Why one module of about 730 lines: the collection of names, their reading and their
geocoding are three passes over one list of spans whose fields each pass fills in; kept
together so that the span type stays private.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ..actors.recognise import LOCATIVE_PREPS, DocumentActors
from ..model import Toponym
from ..nlp.view import view
from .gazetteer import (
    CAPITAL,
    CITY,
    CONTINENT,
    COUNTRY,
    FEATURE,
    REGION,
    Candidate,
    Gazetteer,
    name_key,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GEO_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entities of other labels that may still be places the parser mislabelled.
OTHER_LABELS = frozenset({"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP"})
# Kinds of dictionary entry that name a place (rule "actor.country", "actor.capital...").
PLACE_ENTRIES = frozenset({"country", "capital", "seat"})
# Mentions whose words may still be place names.
_OPEN_RULES = ("actor.unknown", "actor.sector", "actor.pronoun", "actor.group")
# A candidate that the document supports must have at least this share of the leading
# candidate's size: a looser share where its country is most of what the document is
# about ("Birmingham" in a story about Alabama), a stricter one otherwise ("Geneva" in a
# story about Iran and the United States stays in Switzerland).
MIN_SHARE = 1 / 5
MIN_SHARE_DOMINANT = 1 / 20
# Words that qualify a place name without changing where it lies.
_SUFFIXES = frozenset({"province", "region", "state", "oblast", "governorate"})
_DIRECTIONS = _words(
    """north south east west northern southern eastern western central northeast
    northwest southeast southwest northeastern northwestern southeastern southwestern
    upper lower greater"""
)
# After these prepositions a name is where something is or comes from.
WHERE_PREPS = LOCATIVE_PREPS | {"from", "via", "through", "beyond", "past", "onto", "under"}
# After these a country is usually a party to something ("sanctions against Russia").
ACTOR_PREPS = frozenset({"with", "against", "by", "versus", "vs", "vs.", "for", "on", "between"})
# After these, following a noun, a state is the topic ("anger over Washington's plans").
TOPIC_PREPS = frozenset({"over", "about", "regarding", "concerning"})
# A place that is the subject of these verbs is described, not acting.
STATIVE_VERBS = _words(
    """be lie sit border remain stand stretch cover include contain become seem look
    get experience suffer see witness receive host boast have"""
)
# Verbs whose object is a place reached, left, struck or held, not a party addressed.
PLACE_VERBS = _words(
    """visit enter leave reach tour cross hit strike bomb shell pound bombard invade
    attack occupy capture seize retake recapture control hold surround besiege encircle
    flee evacuate land rock devastate ravage batter flood cover explore patrol overfly
    liberate annex raid storm infiltrate travel return move fly sail drive"""
)
# Nouns of motion after which "to X" is a destination.
MOTION_NOUNS = _words(
    """trip visit flight travel journey return route road way access tour deployment
    voyage move relocation migration exports export imports delegation"""
)
# Verbs of giving and telling: "sell arms to Saudi Arabia", "questions to Britain".
TRANSFER_WORDS = _words(
    """sell give provide supply offer deliver pay lend donate grant transfer export
    write send report explain say tell apologise apologize appeal letter message note
    request questions demand demands apology threat warning ultimatum sale sales aid loan
    loans"""
)
# Nouns for a state's acts and positions: "Moscow's challenge", "Iran's exports".
AGENT_NOUNS = _words(
    """challenge decision position response stance policy policies demand demands call
    move moves offer proposal plan refusal rejection support opposition request threat
    warning claim claims accusation attempt effort efforts role intervention invasion
    annexation aggression involvement interference attack attacks sanctions ties
    relations relationship agreement deal talks ally allies partner partners help aid
    backing approval veto vote view views interest interests concern concerns practices
    trade exports imports export import démarche demarche mission fees contribution
    commitment actions action behaviour behavior answer reply retaliation pressure"""
)
# Nouns that a place name qualifies as a place: "the Riverdale area", "Seoul's stadium".
PLACE_NOUNS = _words(
    """area region street road avenue station airport port harbour harbor border
    frontier coast coastline shore shores suburb suburbs district neighbourhood
    neighborhood city town village capital province county outskirts centre center
    downtown intersection square park river bridge highway soil territory territories
    waters airspace mainland heartland countryside zone enclave stadium hospital
    school campus base camp hotel building office headquarters side part parts north
    south east west interior corner boundary line lake mountain mountains valley desert
    island islands peninsula sea bay beach"""
)
# Nouns for organisations and office-holders: a place name qualifying one is part of its
# name ("Russia's Foreign Ministry", "the Embassy of Ukraine").
ORG_NOUNS = _words(
    """ministry embassy consulate government department authority agency council army
    navy police force forces parliament team club company firm bank university party
    committee commission court board counterpart official officials leader leaders
    president minister ambassador envoy spokesman spokeswoman spokesperson chief
    governor mayor senator senators lawmakers lawmaker legislature assembly service
    services office cabinet administration regime military guard airlines airline
    group society association federation union chamber institute foundation regulator
    ruler house"""
)


@dataclass
class _Span:
    """One place name in the document while it is being resolved."""

    start: int  # tokens
    end: int
    text: str
    start_char: int
    end_char: int
    source: str  # dictionary | entity | other | token
    entry: str | None = None  # dictionary kind: country | capital | seat
    country: str | None = None  # dictionary country
    dictionary_reading: str | None = None
    reading: str | None = None
    key: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    primary: list[Candidate] = field(default_factory=list)  # matched by their own name
    choice: Candidate | None = None
    guessed: bool = False
    forced: bool = False

    @property
    def state(self) -> bool:
        """Whether the name is that of a country (which acts in most of its mentions)."""
        if self.entry:
            return self.entry == "country"
        return bool(self.candidates) and self.candidates[0].kind == COUNTRY

    @property
    def seat(self) -> bool:
        """Whether the name is a state or its capital (which stands for its government)."""
        return self.state or self.entry == "capital"

    @property
    def polity(self) -> bool:
        """Whether the name can stand for a government: a state, its capital, a region."""
        if self.entry in ("country", "capital", "seat"):
            return True
        return bool(self.candidates) and self.candidates[0].kind in (COUNTRY, REGION)


def find_places(
    doc: Any,
    actors: DocumentActors,
    gazetteer: Gazetteer | None = None,
    *,
    state_points: bool = True,
) -> list[Toponym]:
    """Every place name of a parsed document as a geocoded :class:`Toponym`, in order.

    Names used as actors come back with reading ``"actor"``; a capital so read carries
    its state's point (its own point with ``state_points=False``). ``guessed`` is true
    where the document did not decide between the places that a name can denote."""
    if gazetteer is None:
        from .gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    datelines = _datelines(doc)
    spans = _collect(doc, actors, gazetteer, datelines)
    for span in spans:
        span.reading = _reading(doc, span, actors, datelines)
    # A name that the gazetteer does not know and that acts is more often a person.
    spans = [
        s
        for s in spans
        if s.reading is not None and (s.candidates or s.reading == "place" or s.entry)
    ]
    spans = [s for s in spans if not (s.entry == "seat" and s.reading == "actor")]
    _resolve_pairs(doc, spans)
    mentioned = _mentioned_countries(doc, actors)
    regions: list[tuple[str, tuple[str, str]]] = []
    for span in spans:
        if span.forced:
            if span.choice is not None:
                mentioned.append((span.key, span.choice.country or ""))
                regions.append((span.key, _admin(span.choice)))
            continue
        countries = {c.country for c in span.candidates}
        if len(countries) == 1 and span.candidates:
            mentioned.append((span.key, span.candidates[0].country or ""))
        admins = {_admin(c) for c in span.candidates}
        if len(admins) == 1 and span.candidates:
            regions.append((span.key, _admin(span.candidates[0])))
    for span in spans:
        if span.forced or not span.candidates:
            continue
        counts = Counter(country for key, country in mentioned if key != span.key and country)
        admin_seen = {admin for key, admin in regions if key != span.key and admin[1]}
        span.choice, span.guessed = _choose(span, counts, admin_seen, gazetteer)
    return [_toponym(span, gazetteer, state_points) for span in spans]


# -- finding the names -------------------------------------------------------------------


def _entry_kind(rule: str) -> str:
    head = rule.split("+")[0]
    parts = head.split(".")
    return parts[1] if len(parts) > 1 else ""


def _collect(
    doc: Any, actors: DocumentActors, gazetteer: Gazetteer, datelines: list[tuple[int, int]]
) -> list[_Span]:
    spans: list[_Span] = []
    taken: set[int] = set()
    blocked: set[int] = set()
    blockers: list[tuple[int, int]] = []
    for m in actors.mentions:
        states = [a for a in m.actors if a.kind == "state" and _entry_kind(a.rule) in PLACE_ENTRIES]
        if not states:
            if not m.rule.startswith(_OPEN_RULES):
                words = doc[m.start : m.end]
                # A dictionary region that is also a sea ("the Persian Gulf") stays open.
                if not any(c.kind == FEATURE for c in gazetteer.lookup(words.text)):
                    blocked.update(range(m.start, m.end))
                    blockers.append((m.start, m.end))
            continue
        if any(i in taken for i in range(m.start, m.end)):
            continue
        if _inside_wider_place(doc, m.start, m.end, gazetteer):
            continue  # "China" in "the South China Sea", "Mexico" in "New Mexico"
        words = doc[m.start : m.end]
        span = _Span(
            m.start,
            m.end,
            words.text,
            words.start_char,
            words.end_char,
            "dictionary",
            _entry_kind(states[0].rule),
            states[0].country,
            m.reading,
        )
        _lookup(span, gazetteer)
        spans.append(span)
        taken.update(range(m.start, m.end))
    for ent in view(doc).ents:
        if ent.label_ not in GEO_LABELS and ent.label_ not in OTHER_LABELS:
            continue
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        if not any(t.text[:1].isupper() for t in ent):
            continue  # a place has a proper name: "got high on tina" names none
        if any(i in blocked for i in range(ent.start, ent.end)) and not _wider_place(
            ent, blockers, gazetteer
        ):
            continue
        if ent.label_ in GEO_LABELS:
            parts = _parts(doc, ent.start, ent.end)
        else:
            parts = _parts(doc, ent.start, ent.end, split=False)
        for start, end in parts:
            words = doc[start:end]
            source = "entity" if ent.label_ in GEO_LABELS else "other"
            span = _Span(start, end, words.text, words.start_char, words.end_char, source)
            _lookup(span, gazetteer)
            if source == "other" and not _plausible(doc, span, ent.label_):
                continue
            spans.append(span)
            taken.update(range(start, end))
    for line_start, line_end in datelines:
        for n, (start, end) in enumerate(_parts(doc, line_start, line_end)):
            if any(i in taken for i in range(start, end)):
                continue
            words = doc[start:end]
            text = words.text.rstrip("-–— ")
            if not text or any(t.like_num for t in words):
                continue
            span = _Span(
                start, end, text, words.start_char, words.start_char + len(text), "dateline"
            )
            _lookup(span, gazetteer)
            if n > 0 and not span.candidates:
                continue  # "SOUTH WAZIRISTAN, April 5": only the place
            spans.append(span)
            taken.update(range(start, end))
    for start, end in _proper_noun_runs(doc, taken | blocked):
        words = doc[start:end]
        span = _Span(start, end, words.text, words.start_char, words.end_char, "token")
        _lookup(span, gazetteer)
        if span.candidates and _locative(words.root):
            spans.append(span)
            taken.update(range(start, end))
    spans.sort(key=lambda s: s.start)
    return spans


def _inside_wider_place(doc: Any, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """Whether tokens start..end lie strictly inside a place entity the gazetteer knows."""
    for ent in view(doc).ents:
        if ent.label_ not in GEO_LABELS or ent.start > start or ent.end < end:
            continue
        if (ent.end - ent.start) == (end - start):
            continue
        for part_start, part_end in _parts(doc, ent.start, ent.end, split=False):
            if (part_end - part_start) > (end - start) and gazetteer.lookup(
                doc[part_start:part_end].text
            ):
                return True
    return False


def _wider_place(ent: Any, blockers: list[tuple[int, int]], gazetteer: Gazetteer) -> bool:
    """An entity that contains a demonym or region word and names a place the gazetteer
    knows: "the Indian Ocean", "the Korean Peninsula"."""
    inside = all(
        ent.start <= start and end <= ent.end and (end - start) < (ent.end - ent.start)
        for start, end in blockers
        if start < ent.end and ent.start < end
    )
    return inside and bool(gazetteer.lookup(ent.text))


def _parts(doc: Any, start: int, end: int, *, split: bool = True) -> list[tuple[int, int]]:
    """An entity's names: without a leading "the" or a trailing "'s", split at commas."""
    while start < end and doc[start].lower_ in ("the", "'s", "’s"):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", ",", ".") or doc[end - 1].is_space):
        if doc[end - 1].text == "." and len(doc[end - 1].text) != len(doc[end - 1].text_with_ws):
            break
        end -= 1
    if not split:
        return [(start, end)] if end > start else []
    out: list[tuple[int, int]] = []
    begin = start
    for i in range(start, end):
        if doc[i].text == ",":
            if i > begin:
                out.append((begin, i))
            begin = i + 1
    if end > begin:
        out.append((begin, end))
    return out


def _proper_noun_runs(doc: Any, skip: set[int]) -> list[tuple[int, int]]:
    """Runs of capitalised proper nouns outside every entity and mention."""
    runs: list[tuple[int, int]] = []
    tokens = view(doc).tokens
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.pos_ == "PROPN" and tok.ent_type_ == "" and i not in skip and tok.text[:1].isupper():
            j = i
            while (
                j < len(tokens)
                and tokens[j].pos_ == "PROPN"
                and tokens[j].ent_type_ == ""
                and j not in skip
                and tokens[j].text[:1].isupper()
            ):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _plausible(doc: Any, span: _Span, label: str) -> bool:
    """Whether a mislabelled entity is a place: a country, region or feature the
    gazetteer knows, or a city named where a place is expected ("in Enugu")."""
    if not span.primary:
        return False
    if span.primary[0].kind in (COUNTRY, REGION, FEATURE):
        return True
    if label == "PERSON" and " " not in span.text.strip():
        return False
    return _locative(doc[span.start : span.end].root)


def _locative(token: Any) -> bool:
    """Whether a word stands where a place is expected: the object of a locative
    preposition ("in Enugu"), of "of" after a place noun ("the cities of Suwon"), in
    apposition to a place noun ("the capital, Damascus"), or coordinated with one."""
    tok = token
    for _ in range(6):
        if tok.dep_ == "appos" and _place_noun(tok.head):
            return True
        if tok.dep_ in ("conj", "appos") and tok.head is not tok:
            tok = tok.head
            continue
        break
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in WHERE_PREPS:
        return True
    return prep.lower_ == "of" and _place_noun(prep.head)


def _lookup(span: _Span, gazetteer: Gazetteer) -> None:
    span.key = name_key(span.text)
    found = gazetteer.lookup(span.text)
    primary = gazetteer.lookup(span.text, alternates=False)
    if not found:
        words = span.key.split()
        rest = ""
        if len(words) > 1 and words[-1] in _SUFFIXES:
            rest = " ".join(words[:-1])
        elif len(words) > 1 and words[0] in _DIRECTIONS:
            rest = " ".join(words[1:])
        if rest:
            found = gazetteer.lookup(rest)
            primary = gazetteer.lookup(rest, alternates=False)
    found = [c for c in found if c.kind != CONTINENT]
    primary = [c for c in primary if c.kind != CONTINENT]
    if span.entry == "seat" and span.country:
        capital = gazetteer.capital(span.country)
        found = primary = [capital] if capital else []
    elif span.entry in ("country", "capital") and span.country:
        own = (
            gazetteer.country(span.country)
            if span.entry == "country"
            else gazetteer.capital(span.country)
        )
        if own is not None and own not in found:
            found.insert(0, own)
        if own is not None and own not in primary:
            primary.insert(0, own)
    span.candidates = found
    span.primary = primary or found


# -- reading -----------------------------------------------------------------------------


_DASHES = frozenset({"—", "–", "--", "-", "(", ":"})


def _datelines(doc: Any) -> list[tuple[int, int]]:
    """Token ranges of datelines: "WASHINGTON (AP) —", "KOLKATA, India –",
    "ALLENDALE, N.J. --", "ST. LOUIS –", or "Muscat:" at the start of the text."""
    out: list[tuple[int, int]] = []
    tokens = view(doc).tokens
    n = len(tokens)
    i = 0
    while i < n:
        if not tokens[i].text[:1].isupper():  # the cheap test first: most words fail it
            i += 1
            continue
        if i > 0:
            prev = tokens[i - 1]
            after_break = "\n" in prev.text_with_ws or prev.is_space
            if not (after_break or prev.text in (".", "!", "?", "”", '"')):
                i += 1
                continue
        j = i
        while (
            j < n
            and j - i < 5
            and (tokens[j].is_upper or tokens[j].text == "." or (i == 0 and tokens[j].is_title))
        ):
            j += 1
        while j > i and tokens[j - 1].text == ".":
            j -= 1
        words = doc[i:j]
        if j == i or not any(t.is_alpha and len(t) >= 3 for t in words):
            i += 1
            continue
        end = j
        if end < n and tokens[end].text == ",":
            k = end + 1
            while k < n and k - end <= 4 and not _dash(tokens[k]) and not tokens[k].is_space:
                k += 1
            if k < n and _dash(tokens[k]):
                end = k
        if end < n and _dash(tokens[end]) and (i == 0 or words.text.replace(".", "").isupper()):
            out.append((i, end))
        i = max(j, i + 1)
    return out


def _dash(token: Any) -> bool:
    return token.text in _DASHES or token.text.startswith("--")


def _in_dateline(span: _Span, datelines: list[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in datelines)


def _reading(
    doc: Any, span: _Span, actors: DocumentActors, datelines: list[tuple[int, int]]
) -> str | None:
    """``place``, ``actor``, or None where the name only qualifies another name."""
    if _in_dateline(span, datelines):
        return "place"
    if span.dictionary_reading == "place":
        return "place"
    root = doc[span.start : span.end].root
    tok = root
    for _ in range(6):
        if tok.dep_ in ("conj", "appos") and tok.head is not tok and tok.head.pos_ != "VERB":
            tok = tok.head
            continue
        break
    dep, head = tok.dep_, tok.head
    inside = range(span.start, span.end)
    if tok.i not in inside and tok.pos_ == "NOUN":
        return "place"  # "several EU countries — Austria, Slovakia and Greece — declined"
    if dep in ("compound", "nmod", "amod", "npadvmod", "nummod") and head.i not in inside:
        if head.pos_ not in ("NOUN", "PROPN"):
            return "place"
        if _place_noun(head) or head.ent_type_ in GEO_LABELS:
            return "place"
        return None
    if dep == "poss":
        if _place_noun(head):
            return "place"
        if _actor_noun(head, actors, inside):
            return None
        agent = head.lemma_.lower() in AGENT_NOUNS or head.lower_ in AGENT_NOUNS
        if span.entry == "capital" or (agent and span.polity):
            return "actor"  # "Moscow's challenge", "Iran's exports"
        return "place"
    if dep == "pobj":
        return _reading_after(head.lower_, head.head, span, actors, inside)
    if dep in ("nsubj", "csubj"):
        if span.state:
            return "actor"
        return "place" if head.lemma_.lower() in STATIVE_VERBS else "actor"
    if dep in ("nsubjpass", "csubjpass"):
        return "actor" if span.seat else "place"
    if dep in ("dobj", "dative"):
        if dep == "dobj" and head.lemma_.lower() in PLACE_VERBS:
            return "place"
        return "actor" if span.state else "place"
    return "place"


def _reading_after(
    prep: str, gov: Any, span: _Span, actors: DocumentActors, inside: range
) -> str | None:
    """The reading of a place name that is the object of the preposition ``prep``,
    itself attached to the word ``gov``."""
    gov_word = gov.lemma_.lower()
    agent_gov = gov_word in AGENT_NOUNS or gov.lower_ in AGENT_NOUNS
    if prep in ("from", "by") and agent_gov and span.state:
        return "actor"  # "backing from the United States"
    if prep == "by" and gov.tag_ == "VBN" and span.seat:
        return "actor"  # "ignored for years by Washington"
    if prep in WHERE_PREPS:
        return "place"
    if gov.pos_ in ("NOUN", "PROPN") and _place_noun(gov):
        return "place"
    if prep == "of" and gov.pos_ in ("NOUN", "PROPN", "PRON"):
        if _actor_noun(gov, actors, inside):
            return None
        return "actor" if span.state and agent_gov else "place"
    if prep in ("to", "toward", "towards"):
        transfer = gov_word in TRANSFER_WORDS or gov.lower_ in TRANSFER_WORDS
        return "actor" if transfer and span.state else "place"
    if prep in ACTOR_PREPS:
        return "actor" if span.state else "place"
    if prep in TOPIC_PREPS and gov.pos_ in ("NOUN", "PROPN"):
        # "discontent over Washington", "talks about Iran": the state is what it is about
        motion = gov_word in MOTION_NOUNS or gov.lower_ in MOTION_NOUNS
        return "actor" if span.seat and not motion else "place"
    return "place"


def _place_noun(token: Any) -> bool:
    return token.lemma_.lower() in PLACE_NOUNS or token.lower_ in PLACE_NOUNS


def _actor_noun(token: Any, actors: DocumentActors, inside: range) -> bool:
    """Whether a noun names an organisation or office-holder (not a place)."""
    if token.lemma_.lower() in ORG_NOUNS or token.lower_ in ORG_NOUNS:
        return True
    if token.ent_type_ in ("ORG", "PERSON", "NORP", "PRODUCT"):
        return True
    for m in actors.by_head.get(token.i, []):
        if m.reading != "place" and not (m.start < inside.stop and inside.start < m.end):
            return True
    return False


# -- geocoding ---------------------------------------------------------------------------


def _admin(c: Candidate) -> tuple[str, str]:
    return (c.country or "", c.admin1 or "")


def _resolve_pairs(doc: Any, spans: list[_Span]) -> None:
    """ "Paris, Texas", "Tripoli, Lebanon": the first name lies in the second. A first
    name the gazetteer has nowhere in the second ("Allendale, N.J.": too small for it)
    gets the second's point, flagged as a guess."""
    for first, second in pairwise(spans):
        if second.start != first.end + 1 or doc[first.end].text != ",":
            continue
        pairs = [(a, b) for a in first.candidates for b in second.candidates if b.contains(a)]
        if pairs:
            a, b = max(pairs, key=lambda p: (p[0].prominence, p[1].prominence))
            first.choice, second.choice = a, b
            first.forced = second.forced = True
            first.guessed = len({p[0] for p in pairs}) > 1
            second.guessed = len({p[1] for p in pairs}) > 1
        else:
            containers = [b for b in second.candidates if b.kind in (COUNTRY, REGION)]
            if any(a.kind != CITY for a in first.candidates):
                continue  # a list: "Austria, Slovakia, Cyprus"
            if not containers or second.reading != "place":
                continue
            b = containers[0]
            first.choice = Candidate(None, first.text, b.country, "P", b.lat, b.lon, 0, CITY)
            second.choice = b
            first.forced = second.forced = True
            first.guessed = True
            second.guessed = len(containers) > 1
        second.reading = first.reading


def _mentioned_countries(doc: Any, actors: DocumentActors) -> list[tuple[str, str]]:
    """(name key, ISO-3) of every actor of known country that the document names itself."""
    out: list[tuple[str, str]] = []
    for m in actors.mentions:
        key = name_key(doc[m.start : m.end].text)
        for a in m.actors:
            if a.country and "+located" not in a.rule and "+sentence_country" not in a.rule:
                out.append((key, a.country))
    return out


def _size(c: Candidate) -> float:
    if c.population:
        return float(c.population)
    return 1e6 if c.kind in (REGION, COUNTRY, FEATURE) else 0.0


def _choose(
    span: _Span, counts: Counter[str], admins: set[tuple[str, str]], gazetteer: Gazetteer
) -> tuple[Candidate, bool]:
    """The candidate the document's countries support, else the most prominent one."""
    candidates = span.candidates
    if len(candidates) == 1:
        return candidates[0], False
    best = candidates[0]

    def supported(c: Candidate) -> bool:
        if not c.country:
            return False
        if counts[c.country] > 0:
            return True
        return any(counts[n] > 0 for n in gazetteer.neighbours(c.country))

    # Smaller places must not be much smaller than the leading place of that very name.
    lead = _size(span.primary[0] if span.primary else best)
    total = sum(counts.values())

    def large_enough(c: Candidate) -> bool:
        if c is best:
            return True
        dominant = bool(c.country) and counts[c.country] * 2 > total
        local = c.kind != COUNTRY and bool(c.admin1) and _admin(c) in admins
        share = MIN_SHARE_DOMINANT if dominant or local else MIN_SHARE
        return _size(c) >= lead * share

    eligible = [c for c in candidates if supported(c) and large_enough(c)]
    if not eligible:
        return best, True
    local = [c for c in eligible if c.kind != COUNTRY and c.admin1 and _admin(c) in admins]
    if local:
        return local[0], len(local) > 1
    return eligible[0], len(eligible) > 1


def _toponym(span: _Span, gazetteer: Gazetteer, state_points: bool) -> Toponym:
    choice = span.choice
    reading = span.reading or "place"
    if choice is None:
        return Toponym(span.start_char, span.end_char, span.text, reading, span.country)
    point = choice
    if (
        state_points
        and reading == "actor"
        and choice.kind == CAPITAL
        and span.entry in ("capital", "seat")
    ):
        point = gazetteer.country(choice.country or "") or choice
    return Toponym(
        span.start_char,
        span.end_char,
        span.text,
        reading,
        choice.country,
        point.lat,
        point.lon,
        point.geonames_id,
        point.feature_class,
        span.guessed,
    )
