"""Find the actors in a parsed document and code them.

Each actor mention is attached to the head token of the noun phrase it denotes,
so that the event stage can read source and target off the dependency parse:
in "the Venezuelan high command" the mention sits on "command" and is coded
VEN MIL; in "Venezuelan President Hugo Chávez" it sits on "Chávez", VEN GOV.

Why one module of about 1,070 lines: the passes (dictionary phrases, persons, unknown
actors, descriptors, definites, pronouns, locating) read and replace mentions in one
:class:`DocumentActors` index in a fixed order; splitting them by pass is the next step
(issue 17's note says so), not done yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ..model import Actor
from ..nlp.clauses import object_relative, prep_objects
from ..nlp.view import view
from .lexicon import (
    ADJECTIVE,
    CAPITAL,
    COUNTRY,
    CUSTOM,
    ORGANISATION,
    PERSON,
    PLURAL,
    REGION,
    SEAT,
    UNKNOWN_COUNTRY,
    ActorLexicon,
    Entry,
    LeaderTerm,
    normalise,
)
from .quotes import first_person_in_quotes

# Prepositions after which a country or capital is a place, not an actor.
LOCATIVE_PREPS = frozenset(
    [
        "in",
        "at",
        "near",
        "inside",
        "outside",
        "across",
        "throughout",
        "within",
        "into",
        "around",
        "along",
        "off",
    ]
)
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "nummod"})
# "The Russian and Venezuelan leaders", "Kazakhstan and UAE governments": the second word
# hangs off the first and modifies the same noun.
CONJOINED_MODIFIERS = frozenset({"ADJ", "PROPN"})
GROUP_NOUNS = {
    "countries": None,
    "nations": None,
    "states": None,
    "sides": None,
    "governments": "GOV",
    "leaders": "GOV",
    "presidents": "GOV",
    "capitals": "GOV",
    "allies": None,
    "neighbours": None,
    "neighbors": None,
    "partners": None,
}
GROUP_NUMBERS = {"two": 2, "three": 3, "four": 4, "both": 2}
KIND_OF_ENTRY = {
    COUNTRY: "state",
    ADJECTIVE: "state",
    PLURAL: "state",
    CAPITAL: "state",
    SEAT: "state",
    PERSON: "person",
    ORGANISATION: "organisation",
    REGION: "region",
    CUSTOM: "state",
}


# Sector words that, before another noun, say what kind of thing it is rather than who
# acts: "state aid", "state media", "a state visit".
CLASSIFIER_MODIFIERS = frozenset({"state", "public", "national"})


@dataclass(frozen=True)
class Mention:
    """Actors denoted by the noun phrase headed by token ``head``."""

    actors: tuple[Actor, ...]
    head: int
    start: int  # token span of the words that named the actor
    end: int
    reading: str = "actor"  # actor | place | modifier
    rule: str = ""


@dataclass
class DocumentActors:
    """Every mention of a document, indexed by head token."""

    mentions: list[Mention] = field(default_factory=list)
    by_head: dict[int, list[Mention]] = field(default_factory=dict)

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self.by_head.setdefault(mention.head, []).append(mention)

    def at(self, token_index: int, *, places: bool = False) -> list[Actor]:
        """The actors on one head token (place readings only when asked)."""
        found: list[Actor] = []
        for m in self.by_head.get(token_index, []):
            if m.reading == "place" and not places:
                continue
            for actor in m.actors:
                if all(actor.code != a.code for a in found):
                    found.append(actor)
        return found


# Adjectives that set people apart from the country of their sentence or article, and the
# mark their actors' rule carries: no country is guessed for them.
FOREIGN_WORDS = frozenset({"foreign", "western", "overseas", "outside"})
FOREIGN = "+foreign"
# Sectors that are offices of a state: a person or body in one belongs to a country.
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})


def make_code(country: str | None, sector: str | None, fallback: str) -> str:
    """CAMEO-style code: country and sector ("VENMIL"); "---" stands for an unknown country."""
    if country:
        return country + (sector or "")
    return (fallback or UNKNOWN_COUNTRY) + (sector or "")


def _is_capitalised(tokens: Iterable[Any]) -> bool:
    first = next(iter(tokens))
    text = first.text
    return text[:1].isupper() or text[:1].isdigit()


# Participles after a state's name and a hyphen that make the state a backer of the noun,
# not its country: "Turkish-backed rebels" are Syrian rebels, "Israeli-occupied" land is
# not Israel's.
BACKERS = frozenset(
    {
        "backed",
        "funded",
        "financed",
        "supported",
        "sponsored",
        "armed",
        "trained",
        "allied",
        "aligned",
        "inspired",
        "occupied",
        "controlled",
        "brokered",
        "mediated",
    }
)


def phrase_matches(doc: Any, lex: ActorLexicon) -> list[tuple[int, int, list[Entry]]]:
    """Greedy longest matches of dictionary phrases over the document's tokens."""
    tokens = view(doc).tokens
    keys = [normalise(t.text) for t in tokens]
    # Each token's key followed by the space it had in the text: a phrase key is the
    # concatenation of a run of these, whitespace-normalised.
    spaced = [k + (" " if t.whitespace_ else "") for k, t in zip(keys, tokens, strict=True)]
    starts = lex.start_words()
    prefixes = lex.key_prefixes()
    matches: list[tuple[int, int, list[Entry]]] = []
    i = 0
    n = len(doc)
    while i < n:
        if keys[i] not in starts:
            i += 1
            continue
        # The longest phrase from here: a key's text starts every longer key, so the
        # search stops as soon as the text starts no phrase.
        found = None
        raw = ""
        for width in range(1, min(lex.max_words + 2, n - i) + 1):
            raw += spaced[i + width - 1]
            key = " ".join(raw.split())
            if key and key not in prefixes:
                break
            entries = lex.lookup(key)
            if entries:
                found = (i, i + width, entries, key)
        if found is None:
            i += 1
            continue
        start, end, entries, key = found
        span_tokens = doc[start:end]
        if span_tokens[0].is_space or span_tokens[-1].is_space:
            i += 1
            continue
        if start >= 2 and keys[start - 1] == "-" and keys[start - 2] in ("anti", "pro"):
            i = end  # "anti-Syria journalist", "pro-Iranian group": not that state acting
            continue
        if (
            end + 1 < n
            and keys[end] == "-"
            and keys[end + 1] in BACKERS
            and all(e.kind in (COUNTRY, ADJECTIVE, CAPITAL) for e in entries)
        ):
            i = end  # "Iranian-funded militias": Iran backs them, they are not Iran's
            continue
        if all(e.kind != CUSTOM or e.proper for e in entries) and not _is_capitalised(span_tokens):
            i += 1
            continue
        if key in lex.acronyms and any(c.islower() for c in span_tokens.text):
            i += 1
            continue
        if key in lex.shared and not _shared_name_stands(doc, keys, start, end, lex):
            i += 1
            continue
        matches.append((start, end, entries))
        i = end
    return matches


def _shared_name_stands(doc: Any, keys: list[str], start: int, end: int, lex: ActorLexicon) -> bool:
    """Whether a name that several states share (``ActorLexicon.shared``) at
    ``doc[start:end]`` is an actor's own name: read as a name ("labour shortages",
    "Conservative estimates" are words, not parties), and with no state named just before
    it ("Iraqi Kurds", "Syria's Kurds": that state is theirs; but "America's Kurdish
    allies" are America's allies)."""
    if not _read_as_name(doc[start:end]):
        return False
    possessive = start > 1 and keys[start - 1] in ("'s", "’s")
    if possessive and doc[end - 1].dep_ in ("amod", "compound"):
        possessive = False
    before = keys[start - 2] if possessive else keys[start - 1] if start > 0 else ""
    return not (before and _names_a_state(before, lex))


def _names_a_state(key: str, lex: ActorLexicon) -> bool:
    """Whether a word names a state or its people ("Iraqi", "Syria")."""
    return any(e.kind in (COUNTRY, ADJECTIVE) and e.country for e in lex.lookup(key) or [])


def _read_as_name(span: Any) -> bool:
    """Whether capitalised words are a name of their own: capitalised, not inside a longer
    name, and at the start of a sentence also tagged as a proper noun or an entity
    ("Labour shortages hit farms" is no party)."""
    first = span[0]
    if not _is_capitalised(span):
        return False
    if first.ent_iob_ == "I" and first.ent_type_ == "ORG":
        return False  # "the Kurdistan Democratic Party": part of a longer name
    return first.i != first.sent.start or first.pos_ == "PROPN" or bool(first.ent_type_)


def _sector_of(head: Any, lex: ActorLexicon, skip: set[int]) -> tuple[str | None, str]:
    """Sector named by a noun phrase's head and its compound/adjective modifiers."""
    mods = [
        c
        for c in head.lefts
        if c.dep_ in ("compound", "amod") and c.i not in skip and c.ent_type_ not in ("PERSON",)
    ]
    words = [normalise(c.text) for c in mods] + [normalise(head.text)]
    lemma = normalise(head.lemma_)
    for start in range(len(words)):
        phrase = " ".join(words[start:])
        if phrase in lex.sectors:
            return lex.sectors[phrase], phrase
    if lemma in lex.sectors:
        return lex.sectors[lemma], lemma
    # A title among the modifiers: "Venezuelan President Hugo Chávez"; a sector word before
    # a noun of membership: "rebel groups", "opposition factions", "police units".
    collective = normalise(head.lemma_) in COLLECTIVE_HEADS
    for c in mods:
        key = normalise(c.text)
        if key in lex.sectors and (head.ent_type_ == "PERSON" or collective):
            return lex.sectors[key], key
    return None, ""


# Nouns that say someone belongs to a body, not what the body is: the sector word before
# them names it ("rebel groups", "army units", "opposition figures").
COLLECTIVE_HEADS = frozenset({"group", "faction", "unit", "figure", "cell", "wing", "brigade"})


def _first_conjunct(token: Any) -> Any:
    """The first of coordinated modifiers: in "the Russian and Venezuelan leaders" the
    second adjective hangs off the first, and both modify "leaders"."""
    while (
        token.dep_ == "conj"
        and token.pos_ in CONJOINED_MODIFIERS
        and token.head.dep_ in MODIFIER_DEPS
    ):
        token = token.head
    return token


def _noun_phrase_head(token: Any) -> Any:
    """Climb from a modifier to the noun it modifies, through chains of compounds. A
    possessor ends the climb unless it is the modifier itself: "Russia's envoy" is the
    envoy, but "the Syrian regime's airbase" is the regime's, not a Syrian airbase."""
    head = _first_conjunct(token)
    while (
        head.dep_ in MODIFIER_DEPS
        and head.head != head
        and head.head.pos_
        in (
            "NOUN",
            "PROPN",
            "PRON",
            "NUM",
            "ADJ",
        )
    ):
        if head.dep_ == "poss" and head is not token and head.pos_ in ("NOUN", "PROPN"):
            break
        head = head.head
    return head


# Words after which "at" names what is aimed at, not where: "fired missiles at Israel",
# "hit back at Turkey", "lashed out at Washington", "took aim at Moscow".
AIMING_WORDS = frozenset(
    {
        "hit",
        "strike",
        "fire",
        "shoot",
        "aim",
        "point",
        "lash",
        "swipe",
        "jab",
        "direct",
        "hurl",
        "throw",
        "lob",
        "rail",
        "snap",
        "sneer",
        "scoff",
        "retaliate",
        "target",
    }
)


def _reading(token: Any) -> str:
    """'place' when a toponym is the object of a locative preposition ("talks in
    Moscow"), not when "at" names what is aimed at ("hit back at Turkey")."""
    if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS:
        if token.head.lower_ == "at" and token.head.head.lemma_.lower() in AIMING_WORDS:
            return "actor"
        return "place"
    if token.dep_ in ("conj", "appos"):
        return _reading(token.head)
    return "actor"


class ActorRecogniser:
    """Finds and codes actors in one parsed document at a time."""

    def __init__(self, lexicon: ActorLexicon) -> None:
        self.lex = lexicon

    def __call__(
        self, doc: Any, article_date: date | None = None, exclude: frozenset[int] = frozenset()
    ) -> DocumentActors:
        """Actors of a parsed document; tokens in ``exclude`` (names of weapons, such as
        "Kalashnikov") are never taken for unknown actors."""
        result = DocumentActors()
        covered: set[int] = set()
        persons: dict[str, Actor] = {}
        strangers = self._stranger_surnames(doc)
        for start, end, entries in phrase_matches(doc, self.lex):
            span = doc[start:end]
            if self._inside_longer_person(span):
                continue
            mention = self._mention_from_entries(doc, span, entries, article_date, persons)
            if mention is not None:
                result.add(mention)
                covered.update(range(start, end))
        for ent in view(doc).ents:
            if ent.label_ != "PERSON" or any(t.i in covered for t in ent):
                continue
            mention = self._person_mention(doc, ent, article_date, persons, strangers)
            if mention is not None:
                result.add(mention)
                covered.update(range(ent.start, ent.end))
        self._add_surnames(doc, result, covered, persons)
        self._add_leader_surnames(doc, result, covered, article_date, exclude | strangers)
        self._add_group_references(doc, result)
        self._add_unknown_actors(doc, result, covered | exclude)
        self._add_group_anaphors(doc, result)
        self._add_state_anaphors(doc, result)
        self._add_pronouns(doc, result)
        self._add_possessive_pronouns(doc, result)
        self._add_object_pronouns(doc, result)
        self._add_quoted_first_person(doc, result)
        return result

    # -- phrases from the dictionaries --------------------------------------------------

    @staticmethod
    def _inside_longer_person(span: Any) -> bool:
        for token in span:
            if token.ent_type_ == "PERSON":
                ent = next((e for e in view(span.doc).ents if e.start <= token.i < e.end), None)
                if ent is None:
                    continue
                # "The Lok Sabha" tagged PERSON whole: a leading article adds no name
                start = ent.start + 1 if ent[0].lower_ == "the" else ent.start
                if (ent.end - start) > (span.end - span.start):
                    return True
        return False

    def _mention_from_entries(
        self,
        doc: Any,
        span: Any,
        entries: list[Entry],
        article_date: date | None,
        persons: dict[str, Actor],
    ) -> Mention | None:
        entry = self._choose_entry(span, entries, article_date)
        if entry is None:
            return None
        root = span.root
        text = span.text
        if entry.kind == PERSON:
            return self._person_from_entry(doc, span, entry, article_date, persons)
        if entry.kind == REGION:
            actor = Actor(
                "REG",
                None,
                None,
                text,
                span.start_char,
                span.end_char,
                "region",
                rule=f"actor.region:{normalise(text)}",
            )
            return Mention((actor,), root.i, span.start, span.end, "actor", actor.rule)
        lead = _first_conjunct(root)
        is_modifier = (
            lead.dep_ in MODIFIER_DEPS
            and lead.head.i != lead.i
            and (lead.head.pos_ in ("NOUN", "PROPN"))
        )
        if entry.kind in (ADJECTIVE,) and not is_modifier and root.pos_ == "ADJ":
            # "the Russian" / predicate adjective: still the state.
            is_modifier = False
        if is_modifier:
            head = _noun_phrase_head(root)
            sector, sector_word = _sector_of(head, self.lex, set(range(span.start, span.end)))
            if head.ent_type_ == "PERSON" and sector is None:
                sector = "GOV" if self._title_in(head) else None
            # A named group or organisation modifying a noun ("the Hizbollah group",
            # "the al-Qaeda network") still names the actor.
            reading = "actor" if sector or entry.kind in (CUSTOM, ORGANISATION) else "modifier"
            if entry.kind in (CAPITAL, SEAT) and sector is None:
                sector, reading = entry.sector, "actor"
            if entry.kind == ORGANISATION:
                code = entry.code
                actor = Actor(
                    code,
                    None,
                    entry.sector,
                    text,
                    span.start_char,
                    span.end_char,
                    "organisation",
                    rule=f"actor.org:{code}",
                )
                return Mention((actor,), head.i, span.start, span.end, reading, actor.rule)
            rule = f"actor.{entry.kind}+{sector_word or 'noun'}"
            phrase = doc[span.start : head.i + 1] if head.i >= span.start else span
            code = make_code(entry.country, sector, entry.code)
            if entry.kind == CUSTOM and sector in (None, entry.sector):
                code, sector = entry.code, entry.sector
            shown = phrase if len(phrase) < 12 else span
            actor = Actor(
                code,
                entry.country,
                sector,
                shown.text,
                shown.start_char,
                shown.end_char,
                KIND_OF_ENTRY[entry.kind],
                rule=rule,
            )
            return Mention((actor,), head.i, span.start, span.end, reading, rule)
        reading = _reading(root) if entry.kind in (COUNTRY, CAPITAL, SEAT) else "actor"
        if entry.kind == ORGANISATION:
            actor = Actor(
                entry.code,
                None,
                entry.sector,
                text,
                span.start_char,
                span.end_char,
                "organisation",
                rule=f"actor.org:{entry.code}",
            )
            return Mention((actor,), root.i, span.start, span.end, "actor", actor.rule)
        sector = entry.sector if entry.kind in (CAPITAL, SEAT, PLURAL, CUSTOM) else None
        rule = f"actor.{entry.kind}" + (".metonymy" if entry.kind in (CAPITAL, SEAT) else "")
        code = entry.code if entry.kind == CUSTOM else make_code(entry.country, sector, entry.code)
        actor = Actor(
            code,
            entry.country,
            sector,
            text,
            span.start_char,
            span.end_char,
            KIND_OF_ENTRY[entry.kind],
            rule=rule,
        )
        return Mention((actor,), root.i, span.start, span.end, reading, rule)

    def _choose_entry(
        self, span: Any, entries: list[Entry], article_date: date | None
    ) -> Entry | None:
        if len(entries) == 1:
            entry = entries[0]
        else:
            order = [
                CUSTOM,
                PERSON,
                COUNTRY,
                SEAT,
                CAPITAL,
                ORGANISATION,
                ADJECTIVE,
                PLURAL,
                REGION,
            ]
            entry = sorted(entries, key=lambda e: order.index(e.kind) if e.kind in order else 99)[0]
            # A capital also used as a person's surname: prefer the place when not a PERSON.
            if entry.kind == PERSON and span.root.ent_type_ not in ("PERSON", ""):
                entry = next((e for e in entries if e.kind != PERSON), entry)
        if (
            entry.kind == PERSON
            and article_date is not None
            and not self.lex.terms_on(entry.name, article_date, officials=True)
        ):
            others = [e for e in entries if e.kind != PERSON]
            return others[0] if others else None
        return entry

    def _modifies_a_non_body(self, token: Any) -> bool:
        """Whether a noun modifier modifies a noun that is no body itself: "the police
        killing", "police station" (not "police officer", whose sector it gives)."""
        head = token.head
        return (
            head.pos_ == "NOUN"
            and token.lower_ not in CLASSIFIER_MODIFIERS
            and head.i in range(token.i + 1, token.i + 3)
            and _sector_of(head, self.lex, set())[0] is None
        )

    def _titled(self, ent: Any) -> bool:
        """Whether a name comes with a title of office: "President Bush", not "Bush said".
        Without the article's date a bare surname could be any holder in history."""
        before = ent.doc[ent.start - 1] if ent.start > 0 else None
        words = [c for c in ent.root.lefts if c.dep_ == "compound"]
        if before is not None:
            words.append(before)
        return any(self.lex.sectors.get(normalise(w.text)) == "GOV" for w in words)

    def _title_in(self, head: Any) -> bool:
        """Whether a name carries a capitalised title ("Maj Gen X", "Deputy Speaker X"):
        a first name ("British citizen Jane Doe") is part of the name, not a title."""
        return any(
            c.dep_ == "compound"
            and c.text[:1].isupper()
            and (c.ent_type_ != "PERSON" or normalise(c.text) in self.lex.sectors)
            for c in head.lefts
        )

    # -- persons -------------------------------------------------------------------------

    def _leader_actor(
        self, name: str, text: str, start: int, end: int, article_date: date | None
    ) -> Actor | None:
        terms = self.lex.terms_on(name, article_date, officials=True)
        countries = {t.country for t in terms}
        if len(countries) != 1:
            return None
        term = max(terms, key=lambda t: t.start)
        return _term_actor(term, text, start, end, f"actor.leader:{term.role}")

    def _person_from_entry(
        self,
        doc: Any,
        span: Any,
        entry: Entry,
        article_date: date | None,
        persons: dict[str, Actor],
    ) -> Mention | None:
        head = _noun_phrase_head(span.root)
        actor = self._leader_actor(
            entry.name, span.text, span.start_char, span.end_char, article_date
        )
        if actor is None:
            return None
        self._remember(persons, span, actor)
        return Mention((actor,), head.i, span.start, span.end, "actor", actor.rule)

    def _stranger_surnames(self, doc: Any) -> frozenset[int]:
        """Tokens bearing the surname of someone the article names in full and no dictionary
        knows: after "Stephon Clark", a bare "Clark" is him, not a former prime minister."""
        surnames: set[str] = set()
        known: set[str] = set()
        for ent in view(doc).ents:
            key = normalise(ent.text).removesuffix("'s").strip()
            if ent.label_ != "PERSON" or " " not in key:
                continue
            if key in self.lex.phrases or self.lex.terms(key) or key in self.lex.officials:
                known.add(key.split()[-1])  # "Ivanka Trump" beside "Donald Trump"
            else:
                surnames.add(key.split()[-1])
        surnames -= known
        if not surnames:
            return frozenset()
        return frozenset(t.i for t in view(doc).tokens if normalise(t.text) in surnames)

    def _person_mention(
        self,
        doc: Any,
        ent: Any,
        article_date: date | None,
        persons: dict[str, Actor],
        strangers: frozenset[int] = frozenset(),
    ) -> Mention | None:
        key = normalise(ent.text)
        if key.endswith("'s"):
            key = key[:-2]
        surname = key.split()[-1] if key else key
        actor = persons.get(key) or persons.get(surname)
        if actor is not None:
            actor = replace(
                actor,
                text=ent.text,
                start=ent.start_char,
                end=ent.end_char,
                rule="actor.person.coref",
            )
        else:
            actor = self._leader_actor(key, ent.text, ent.start_char, ent.end_char, article_date)
        if (
            actor is None
            and " " not in key
            and ent.start not in strangers
            and (article_date is not None or self._titled(ent))
        ):
            # A surname alone ("Bush"); a full name that the table lacks is someone else.
            actor = self._surname_actor(
                surname, ent.text, ent.start_char, ent.end_char, article_date
            )
        if actor is None:
            return None
        self._remember(persons, ent, actor)
        head = _noun_phrase_head(ent.root)
        return Mention((actor,), head.i, ent.start, ent.end, "actor", actor.rule)

    @staticmethod
    def _add_surnames(
        doc: Any, result: DocumentActors, covered: set[int], persons: dict[str, Actor]
    ) -> None:
        """Later short mentions of a person already named in full: "Chávez", "Chávez's"."""
        for token in view(doc).tokens:
            if token.i in covered or token.pos_ != "PROPN":
                continue
            actor = persons.get(normalise(token.text))
            if actor is None:
                continue
            actor = replace(
                actor,
                text=token.text,
                start=token.idx,
                end=token.idx + len(token.text),
                rule="actor.person.coref",
            )
            head = _noun_phrase_head(token) if token.dep_ == "compound" else token
            result.add(Mention((actor,), head.i, token.i, token.i + 1, "actor", actor.rule))
            covered.add(token.i)

    def _add_leader_surnames(
        self,
        doc: Any,
        result: DocumentActors,
        covered: set[int],
        article_date: date | None,
        exclude: frozenset[int],
    ) -> None:
        """A leader's surname that the parser did not take for a person ("Trump's decision",
        "the Trump administration"), when it names one country's leader on the date."""
        if article_date is None:
            return
        for token in view(doc).tokens:
            if (
                token.i in covered
                or token.i in exclude
                or not _proper(token)
                or not token.text[:1].isupper()
                or token.ent_type_ not in ("", "PERSON", "ORG")
            ):
                continue
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ == "PROPN" and nxt.dep_ != "case":
                continue  # part of a longer name: "Trump Tower", "Putin Jr"
            actor = self._surname_actor(
                normalise(token.text),
                token.text,
                token.idx,
                token.idx + len(token.text),
                article_date,
            )
            if actor is None:
                continue
            head = _noun_phrase_head(token) if token.dep_ == "compound" else token
            result.add(Mention((actor,), head.i, token.i, token.i + 1, "actor", actor.rule))
            covered.add(token.i)

    def _surname_actor(
        self, surname: str, text: str, start: int, end: int, article_date: date | None
    ) -> Actor | None:
        """A leader named by surname alone, when every holder of that surname in office
        on the article's date served the same country ("President Bush")."""
        terms = [
            t
            for name in self.lex.surnames.get(surname, set())
            for t in self.lex.terms_on(name, article_date)
        ]
        if not terms or len({t.country for t in terms}) != 1:
            return None
        term = max(terms, key=lambda t: t.start)
        return _term_actor(
            replace(term, sector="GOV"), text, start, end, f"actor.leader:{term.role}+surname"
        )

    def _add_unknown_actors(self, doc: Any, result: DocumentActors, covered: set[int]) -> None:
        """Actors that no dictionary knows, coded with an unknown country ("---"):
        sector nouns ("police", "rebels"), and organisations, groups and persons that the
        parser's entity recogniser finds."""
        for ent in view(doc).ents:
            if ent.label_ not in ("ORG", "NORP", "PERSON") or any(t.i in covered for t in ent):
                continue
            if ent[0].tag_ == "POS":
                continue  # "’s al-Shayrat": the recogniser's slip over a possessive
            head = _noun_phrase_head(ent.root)
            if head.i in result.by_head:
                continue
            sector, _ = _sector_of(head, self.lex, set())
            kind = {"ORG": "organisation", "NORP": "group", "PERSON": "person"}[ent.label_]
            actor = Actor(
                make_code(None, sector, ""),
                None,
                sector,
                ent.text,
                ent.start_char,
                ent.end_char,
                kind,
                rule=f"actor.unknown_{kind}",
            )
            result.add(Mention((actor,), head.i, ent.start, ent.end, "actor", actor.rule))
            covered.update(range(ent.start, ent.end))
        for token in view(doc).tokens:
            if token.pos_ not in ("NOUN", "PROPN") or token.i in result.by_head:
                continue
            if token.i in covered:
                continue
            reading = "actor"
            if token.dep_ == "compound":
                if not self._modifies_a_non_body(token):
                    continue
                reading = "modifier"  # "the police killing": who, for the event noun only
            sector, word = _sector_of(token, self.lex, set())
            if sector is None:
                continue
            actor = Actor(
                make_code(None, sector, ""),
                None,
                sector,
                token.text,
                token.idx,
                token.idx + len(token.text),
                "group",
                rule=f"actor.sector:{word}" + (FOREIGN if _foreign(token) else ""),
            )
            result.add(Mention((actor,), token.i, token.i, token.i + 1, reading, actor.rule))
        self._link_descriptors(doc, result)
        self._link_titled_names(doc, result)
        self._link_named_relations(doc, result)
        self._link_definites(doc, result)
        self._locate_unknown(doc, result)
        self._locate_by_sentence(doc, result)
        self._link_kin(doc, result)

    @staticmethod
    def _link_descriptors(doc: Any, result: DocumentActors) -> None:
        """A person or body of unknown country takes the country (and sector) its
        descriptor names: "Karim Haddad, a spokesman for the Syrian army", "Anna Petrova,
        a Russian diplomat", "Maria Zakharova of Russia"; later mentions of the same
        name take it too ("Haddad said"). A title of an international organisation
        ("the UN special envoy for Peru") gives the organisation's identity instead, and
        then also to a later bare surname the recogniser took for no name."""
        named: dict[str, Actor] = {}
        first_seen: dict[str, int] = {}
        for m in list(result.mentions):
            if m.reading != "actor" or not _unplaced(m):
                continue
            head = doc[m.head]
            found = _descriptor_actor(head, result)
            if found is None:
                continue
            linked = _take_identity(m, found, "+descriptor")
            _replace_mention(result, m, linked)
            # a title of an organisation's office describes a person, whatever the
            # recogniser took the name for ("Staffan de Mistura" as an ORG)
            if any(a.kind == "person" for a in linked.actors):
                named[normalise(doc[m.end - 1].text)] = found
                first_seen.setdefault(normalise(doc[m.end - 1].text), m.end)
        if not named:
            return
        for m in list(result.mentions):
            if m.reading != "actor" or not _unplaced(m):
                continue
            found = named.get(normalise(doc[m.end - 1].text))
            if found is not None and any(
                a.kind == "person" or (found.igo and a.kind == "organisation") for a in m.actors
            ):
                _replace_mention(result, m, _take_identity(m, found, "+descriptor.name"))
        for token in view(doc).tokens:
            key = normalise(token.text)
            found = named.get(key)
            if (
                found is not None
                and found.igo is not None
                and token.i >= first_seen[key]
                and token.i not in result.by_head
                and _bare_name(token)
                and token.dep_ != "compound"
            ):
                # the surname the recogniser did not take for a name ("Lindqvist urged")
                actor = replace(
                    found,
                    text=token.text,
                    start=token.idx,
                    end=token.idx + len(token.text),
                    person=None,
                    rule="actor.person.descriptor_name",
                )
                result.add(Mention((actor,), token.i, token.i, token.i + 1, "actor", actor.rule))

    @staticmethod
    def _link_titled_names(doc: Any, result: DocumentActors) -> None:
        """A person first named with a title that places them ("Irish Foreign Minister
        Simon Coveney", "Syrian army spokesman Karim Haddad") keeps that identity when
        the article later gives the surname alone ("Coveney said"). Only a title in the
        name's own noun phrase counts; a bare title-less name ("British Ms X") passes on
        its country, not a guessed sector. A surname that two titled people of different
        countries share links neither."""
        titled: dict[str, Actor | None] = {}
        first_seen: dict[str, int] = {}
        for m in sorted(result.mentions, key=lambda m: m.head):
            head = doc[m.head]
            if m.reading != "actor" or not _is_named_person(head) or len(head.text) < 3:
                continue
            found = next((a for a in m.actors if a.country and _titled_rule(a.rule)), None)
            if found is None:
                continue
            if found.rule.endswith("+noun"):
                found = replace(found, sector=None)
            earlier = titled.get(head.text, found)
            agree = earlier is not None and earlier.country == found.country
            titled[head.text] = found if agree else None
            first_seen.setdefault(head.text, m.head + 1)
        linked = {name: found for name, found in titled.items() if found is not None}
        if not linked:
            return
        for m in list(result.mentions):
            name = doc[m.end - 1].text
            if (
                name in linked
                and m.start >= first_seen[name]
                and m.reading == "actor"
                and _unplaced(m)
                and any(a.kind == "person" for a in m.actors)
            ):
                _replace_mention(result, m, _take_identity(m, linked[name], "+titled.name"))
        for token in view(doc).tokens:
            found = linked.get(token.text)
            if (
                found is not None
                and token.i >= first_seen[token.text]
                and token.i not in result.by_head
                and _bare_name(token)
                and token.dep_ != "compound"
            ):
                actor = replace(
                    found,
                    code=make_code(found.country, found.sector, ""),
                    text=token.text,
                    start=token.idx,
                    end=token.idx + len(token.text),
                    kind="person",
                    rule="actor.person.titled_name",
                )
                result.add(Mention((actor,), token.i, token.i, token.i + 1, "actor", actor.rule))

    @staticmethod
    def _link_named_relations(doc: Any, result: DocumentActors) -> None:
        """A relation named by the appositive beside it is that state or body: "Assad's
        backer, Russia" is Russia, "its northern neighbour, Lebanon" is Lebanon; the
        possessor or modifier only says whose backer or neighbour it is."""
        for token in view(doc).tokens:
            if token.lemma_.lower() not in RELATION_NOUNS or token.pos_ != "NOUN":
                continue
            named = [
                m
                for c in token.children
                if c.dep_ == "appos"
                for m in result.by_head.get(c.i, [])
                if m.reading == "actor"
                and any(a.country or a.kind == "organisation" for a in m.actors)
            ]
            if not named:
                continue
            first = named[0]
            relation = replace(first, head=token.i, rule=first.rule + "+relation")
            _put_mention(result, relation)

    @staticmethod
    def _link_definites(doc: Any, result: DocumentActors) -> None:
        """ "The ministry", "the army", "the court" with no country of their own are the
        latest body of the same kind that the article named with one ("the Iranian
        foreign ministry ... the ministry accused London")."""
        for m in sorted(result.mentions, key=lambda m: m.head):
            head = doc[m.head]
            if m.reading != "actor" or not _unplaced(m) or m.end - m.start != 1:
                continue
            if not _definite(head):
                continue
            modifiers = [c for c in head.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
            if any(
                c.dep_ in ("poss", "nmod") or c.pos_ not in ("ADJ", "NOUN", "PROPN")
                for c in modifiers
            ):
                continue
            # "the crown prince", "the prime minister": the title as the article gave it
            title = " ".join(
                t.lower_ for t in doc[min([head.i, *(c.i for c in modifiers)]) : head.i + 1]
            )
            earlier = [
                e
                for e in result.mentions
                if e.head < m.start
                and e.reading == "actor"
                and (
                    (not modifiers and doc[e.head].lemma_.lower() == head.lemma_.lower())
                    or f" {title} " in f" {doc[e.start : e.end].text.lower()} "
                )
                and any(a.country for a in e.actors)
            ]
            if earlier:
                source = max(earlier, key=lambda e: e.head)
                found = next(a for a in source.actors if a.country)
                _replace_mention(result, m, _take_identity(m, found, "+definite"))

    @staticmethod
    def _link_kin(doc: Any, result: DocumentActors) -> None:
        """'his daughter', 'her husband': a relative of a person belongs to that person's
        country, not to the place the text puts them ("a former Russian spy and his
        daughter in Britain": Russian)."""
        sent_starts = [s.start for s in view(doc).sents]
        people = sorted(
            (
                m
                for m in result.mentions
                if any(a.kind == "person" for a in m.actors) or _names_one_person(doc[m.head])
            ),
            key=lambda m: m.head,
        )
        for m in list(result.mentions):
            head = doc[m.head]
            if head.lemma_.lower() not in KIN_NOUNS or m.reading != "actor":
                continue
            if not any(
                c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in head.children
            ):
                continue
            if head.dep_ == "conj":
                referents = [p for p in people if p.head == head.head.i]
            else:
                start = _window_start(sent_starts, head.i)
                referents = [p for p in people if start <= p.head < head.i and p is not m]
            if not referents:
                continue
            found = next((a for a in referents[-1].actors if a.country), None)
            if found is None or all(a.country == found.country for a in m.actors):
                continue
            kin = tuple(
                replace(
                    a,
                    country=found.country,
                    code=make_code(found.country, a.sector, ""),
                    rule=a.rule + "+kin",
                )
                for a in m.actors
            )
            _replace_mention(result, m, replace(m, actors=kin))

    @staticmethod
    def _locate_by_sentence(doc: Any, result: DocumentActors) -> None:
        """An actor of unknown country but known sector ("President Levy Mwanawasa", "the
        government", "elders") in a sentence that names exactly one country belongs to it."""
        for sent in view(doc).sents:
            mentions = [m for m in result.mentions if sent.start <= m.head < sent.end]
            # A country word bound to a noun of its own ("Lebanon's Prime Minister") names
            # that actor's country, not the sentence's.
            countries = {
                a.country
                for m in mentions
                for a in m.actors
                if a.country and not (a.sector and m.head >= m.end)
            }
            if len(countries) != 1:
                continue
            country = next(iter(countries))
            sides = [
                _argument_of(doc[m.head])
                for m in mentions
                if any(a.country == country for a in m.actors)
            ]
            for m in mentions:
                if not any(locatable(a) and a.sector for a in m.actors):
                    continue
                if doc[m.head].lemma_.lower() in POSTED_ABROAD:
                    continue  # "the embassy in Washington" is not American
                if _opposite(_argument_of(doc[m.head]), sides) or _opposite(
                    _relative_object_of(doc[m.head]), sides
                ):
                    # "rebels negotiated with Russia", "the rebels Russian jets bombed":
                    # not Russian rebels
                    continue
                located = tuple(
                    replace(
                        a,
                        country=country,
                        code=make_code(country, a.sector, ""),
                        rule=a.rule + "+sentence_country",
                    )
                    if locatable(a) and a.sector
                    else a
                    for a in m.actors
                )
                _replace_mention(result, m, replace(m, actors=located))

    @staticmethod
    def _locate_unknown(doc: Any, result: DocumentActors) -> None:
        """An actor of unknown country placed in one: "security forces in Guinea",
        "demonstrators in Baghdad", "workers of a Tehran company" -> that country."""
        places: dict[int, str] = {}
        for m in result.mentions:
            for a in m.actors:
                if a.country and (m.reading == "place" or a.rule.startswith("actor.capital")):
                    places.setdefault(m.head, a.country)
        if not places:
            return
        for head, mentions in list(result.by_head.items()):
            token = doc[head]
            if token.lemma_.lower() in POSTED_ABROAD:
                continue  # "the embassy in Washington" is not American
            for m in list(mentions):
                if all(a.country for a in m.actors) or m.reading == "place":
                    continue
                country = None
                for child in token.children:
                    if child.dep_ != "prep" or child.lower_ not in ("in", "of", "from", "inside"):
                        continue
                    for pobj in child.children:
                        for tok in pobj.subtree:
                            if tok.i in places:
                                country = places[tok.i]
                                break
                        if country:
                            break
                if country is None:
                    continue
                located = tuple(
                    replace(
                        a,
                        country=country,
                        code=make_code(country, a.sector, ""),
                        rule=a.rule + "+located",
                    )
                    if locatable(a)
                    else a
                    for a in m.actors
                )
                _replace_mention(result, m, replace(m, actors=located))

    @staticmethod
    def _remember(persons: dict[str, Actor], span: Any, actor: Actor) -> None:
        key = normalise(span.text)
        persons[key] = actor
        persons.setdefault(key.split()[-1], actor)

    # -- references to groups and pronouns ----------------------------------------------

    def _add_group_references(self, doc: Any, result: DocumentActors) -> None:
        """'the two countries', 'both nations', 'the three leaders' -> the actors in context."""
        for token in view(doc).tokens:
            noun = token.lower_
            if noun not in GROUP_NOUNS or token.pos_ != "NOUN":
                continue
            count = None
            for child in token.lefts:
                if child.lower_ in GROUP_NUMBERS:
                    count = GROUP_NUMBERS[child.lower_]
            if count is None or token.i in result.by_head:
                continue
            sector = GROUP_NOUNS[noun]
            context = self._recent_states(result, token.i, count, persons_only=noun == "leaders")
            if len(context) < 2:
                continue
            actors = []
            for country in context:
                actors.append(
                    Actor(
                        make_code(country, sector, ""),
                        country,
                        sector,
                        token.text,
                        token.idx,
                        token.idx + len(token.text),
                        "group",
                        rule=f"actor.group:{count}",
                    )
                )
            result.add(
                Mention(
                    tuple(actors), token.i, token.i, token.i + 1, "actor", f"actor.group:{count}"
                )
            )

    @staticmethod
    def _add_group_anaphors(doc: Any, result: DocumentActors) -> None:
        """'The group', 'the militant group', 'the organisation': the organisation or
        armed group the article named last, within two sentences ("Islamic State attacked
        the town. The group also executed 12 prisoners"). A word of arms before it ("the
        terrorist group") asks for an armed group; "the group of protesters" names its
        own members."""
        sent_starts = [s.start for s in view(doc).sents]
        for token in view(doc).tokens:
            if token.lower_ not in GROUP_ANAPHORS or token.pos_ != "NOUN":
                continue
            if not _definite(token):
                continue
            if any(c.dep_ == "prep" for c in token.children):
                continue  # "the group of seven", "the group behind the attack"
            modifiers = [c.lower_ for c in token.children if c.dep_ in ("amod", "compound")]
            if any(m not in ARMED_WORDS for m in modifiers):
                continue  # "the rights group", "the Kurdish group": a group of its own
            own = result.by_head.get(token.i, [])
            if any(
                a.country or not a.code.startswith(UNKNOWN_COUNTRY) for m in own for a in m.actors
            ):
                continue
            armed = bool(modifiers)
            start = _window_start(sent_starts, token.i)
            named = [
                m
                for m in result.mentions
                if start <= m.head < token.i
                and m.reading == "actor"
                and "anaphor" not in m.rule
                and m.actors
                and all(_an_organisation(a, armed) for a in m.actors)
            ]
            if not named:
                continue
            latest = max(named, key=lambda m: m.head)
            mention = _pronoun_mention(token, latest.actors, "actor.anaphor.group")
            _put_mention(result, replace(mention, start=token.left_edge.i))

    @staticmethod
    def _add_state_anaphors(doc: Any, result: DocumentActors) -> None:
        """'The country', 'the kingdom', 'the small Gulf nation' as a side of an event: the
        state named last within two sentences before, other than those acting in the same
        clause ("Peru signed the deal. Chile criticised the country" is Peru), and a kingdom
        only a kingdom. Not a place: "protests across the country"."""
        sent_starts = [s.start for s in view(doc).sents]
        for token in view(doc).tokens:
            if token.lemma_.lower() not in STATE_ANAPHORS or token.pos_ != "NOUN":
                continue
            if token.tag_ != "NN" or not _definite(token) or result.by_head.get(token.i):
                continue
            if any(c.dep_ == "prep" for c in token.children):
                continue  # "the country of his birth"
            if token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPS:
                continue  # "across the country": where, not who
            if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "dative"):
                continue  # not "Turkey, the only country that ...": an appositive
            verb = token.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
                verb = verb.head  # "a boycott on the nation": the clause of "imposed"
            same_clause = {
                t.i
                for c in verb.children
                if c.dep_ in ("nsubj", "nsubjpass", "dobj")
                for t in c.subtree
                if t.dep_ in ("conj", "appos") or t == c
            }
            start = _window_start(sent_starts, token.i)
            named = [
                m
                for m in result.mentions
                if start <= m.head < token.i
                and m.head not in same_clause
                and m.reading in ("actor", "place")
                and "anaphor" not in m.rule
                and m.actors
                and all(a.kind == "state" and a.country and a.sector is None for a in m.actors)
            ]
            if not named:
                continue
            # a kingdom, emirate or sultanate is one of those; a republic is none of them
            kind = token.lemma_.lower()
            named = [m for m in named if all(_may_be(kind, a.country) for a in m.actors)]
            if not named:
                continue
            latest = max(named, key=lambda m: m.head)
            mention = _pronoun_mention(token, latest.actors, "actor.anaphor.state")
            _put_mention(result, replace(mention, start=token.left_edge.i))

    @staticmethod
    def _recent_states(
        result: DocumentActors, before: int, count: int, persons_only: bool
    ) -> list[str]:
        """The ``count`` most recently mentioned distinct countries before a token."""
        seen: list[str] = []
        people: list[str] = []
        mentions = sorted((m for m in result.mentions if m.head < before), key=lambda m: -m.head)
        for m in mentions:
            for actor in m.actors:
                if actor.country is None:
                    continue
                if persons_only:
                    # "the three leaders": count people, then give their countries.
                    if actor.kind != "person" or actor.person in people:
                        continue
                    people.append(actor.person or actor.text)
                if actor.country not in seen:
                    seen.append(actor.country)
            if (len(people) if persons_only else len(seen)) >= count:
                break
        if persons_only and len(people) < count:
            return []
        return seen[:count]

    @staticmethod
    def _add_object_pronouns(doc: Any, result: DocumentActors) -> None:
        """'him', 'her' as objects: the most recent person within two sentences who is not
        the subject of the same clause ("Trump called to congratulate her": not Trump)."""
        sent_starts = [s.start for s in view(doc).sents]
        for token in view(doc).tokens:
            if token.lower_ not in ("him", "her") or token.i in result.by_head:
                continue
            if token.dep_ not in ("dobj", "pobj", "dative", "iobj"):
                continue  # "her" as a possessive is a modifier, not an actor
            subject = _clause_subject(token)
            excluded = {
                a.person or a.text for a in (result.at(subject.i) if subject is not None else [])
            }
            window_start = _window_start(sent_starts, token.i)
            people = [
                m
                for m in result.mentions
                if window_start <= m.head < token.i
                and any(a.kind == "person" for a in m.actors)
                and not any((a.person or a.text) in excluded for a in m.actors)
                and (subject is None or m.head != subject.i)
            ]
            if not people:
                continue
            latest = max(people, key=lambda m: m.head)
            result.add(_pronoun_mention(token, latest.actors, "actor.pronoun.object"))

    @staticmethod
    def _add_possessive_pronouns(doc: Any, result: DocumentActors) -> None:
        """Possessive pronouns stand for the subject of their clause, or of the clause it
        hangs on: "the rebels said their attack killed five", "Russia defended its
        airstrikes", "teachers risk losing support the longer their walkout goes". "His"
        and "her" need a person, "its" a body or state; "their" takes either."""
        for token in view(doc).tokens:
            wanted = POSSESSIVE_PRONOUNS.get(token.lower_)
            if wanted is None or token.dep_ != "poss" or token.i in result.by_head:
                continue
            if {token.head.lemma_.lower(), token.head.lower_} & OTHERS_OF:
                continue  # "its enemies", "their parents", "his critics" are others
            subject = _possessor_subject(token)
            if subject is None:
                continue
            found = [
                a
                for m in result.by_head.get(subject.i, [])
                if m.reading == "actor"
                for a in m.actors
            ]
            if not found:
                continue
            if all(_may_stand_for(wanted, a) for a in found):
                mention = _pronoun_mention(token, found, "actor.pronoun.possessive")
                if token.head.dep_ != "nsubj":
                    # whose an event is ("their walkout"), but not an actor of a verb:
                    # "defended their rights", "express its outrage" are not about
                    # themselves, and "its caliphate was destroyed" not by itself
                    mention = replace(mention, reading="modifier")
                result.add(mention)

    @staticmethod
    def _add_quoted_first_person(doc: Any, result: DocumentActors) -> None:
        """'I' and 'we' inside a quotation: whoever the quotation is attributed to ("'We
        are engaging with Mexico,' she said": she, resolved above), when the speaker speaks
        for a body (an office, an organisation); a private person's "I" is left alone."""
        for token, speaker in first_person_in_quotes(doc):
            if token.i in result.by_head:
                continue
            found = [
                a
                for m in result.by_head.get(speaker.i, [])
                if m.reading != "place"
                for a in m.actors
            ]
            if found and all(_speaks_for_a_body(a) for a in found):
                result.add(_pronoun_mention(token, found, "actor.pronoun.quoted"))

    @staticmethod
    def _add_pronouns(doc: Any, result: DocumentActors) -> None:
        """Subject pronouns: in reported speech ("Japan said it had halted aid") the
        speaker; otherwise 'he'/'she' -> the most recent person within two sentences."""
        sent_starts = [s.start for s in view(doc).sents]
        for token in view(doc).tokens:
            if token.dep_ not in ("nsubj", "nsubjpass") or token.i in result.by_head:
                continue
            if token.lower_ in ("it", "they", "he", "she", "we"):
                speaker = _reporting_subject(token)
                if speaker is not None:
                    found = [
                        a
                        for m in result.by_head.get(speaker.i, [])
                        if m.reading != "place"
                        for a in m.actors
                    ]
                    if found and not (
                        token.lower_ in ("he", "she") and _no_one_person(speaker, found)
                    ):
                        # "the minister said he ...", not "police said he ...": he or
                        # she is one person
                        result.add(_pronoun_mention(token, found, "actor.pronoun.speaker"))
                        continue
            if token.lower_ == "it" and token.dep_ == "nsubj":
                body = _previous_body_subject(token, result, sent_starts)
                if body is not None:
                    result.add(_pronoun_mention(token, body.actors, "actor.pronoun.body"))
                continue
            if token.lower_ == "they":
                group = _previous_group_subject(token, result, sent_starts)
                if group:
                    result.add(_pronoun_mention(token, group, "actor.pronoun.group"))
                continue
            if token.lower_ not in ("he", "she"):
                continue
            window_start = _window_start(sent_starts, token.i)
            people = [
                m
                for m in result.mentions
                if window_start <= m.head < token.i
                and m.reading == "actor"
                and (any(a.kind == "person" for a in m.actors) or _is_named_person(doc[m.head]))
            ]
            if not people:
                continue
            latest = max(people, key=lambda m: m.head)
            result.add(_pronoun_mention(token, latest.actors, "actor.pronoun"))


def _previous_body_subject(
    pronoun: Any, result: DocumentActors, sent_starts: list[int]
) -> Mention | None:
    """What a subject "it" stands for: the subject of the sentence before (or of an
    earlier clause of its own), when that subject is a state or a body ("Turkey's army
    shelled the town. It also closed the border."); never the "it" of "it is", "it seems"
    (``NOT_ACTS``), nor a person."""
    if pronoun.head.lemma_.lower() in NOT_ACTS:
        return None  # "it is unlikely", "it seems", "it takes time"
    start = _window_start(sent_starts, pronoun.i, back=1)
    subjects = [
        m
        for m in result.mentions
        if start <= m.head < pronoun.i
        and m.reading == "actor"
        and pronoun.doc[m.head].dep_ in ("nsubj", "nsubjpass")
        and "pronoun" not in m.rule
    ]
    if not subjects:
        return None
    latest = max(subjects, key=lambda m: m.head)
    if any(
        a.kind == "person" or (a.country is None and a.code.startswith(UNKNOWN_COUNTRY))
        for a in latest.actors
    ):
        return None
    return latest


def _previous_group_subject(
    pronoun: Any, result: DocumentActors, sent_starts: list[int]
) -> list[Actor]:
    """What "they" stands for as the subject of a sentence's main verb: the subject of the
    main verb of the sentence before, when that subject names several: a plural noun ("The
    rebels seized the town. They also ...") or actors joined by "and". Nothing when that
    subject names one state, body or person, and nothing for a "they" in a clause of its
    own sentence ("the forces they sponsored"): "they" then often means someone else."""
    if pronoun.head.dep_ != "ROOT" or pronoun.head.lemma_.lower() in NOT_ACTS:
        return []
    doc = pronoun.doc
    start = _window_start(sent_starts, pronoun.i, back=1)
    own = _window_start(sent_starts, pronoun.i, back=0)
    heads = [
        m.head
        for m in result.mentions
        if start <= m.head < own
        and m.reading == "actor"
        and doc[m.head].dep_ in ("nsubj", "nsubjpass")
        and doc[m.head].head.dep_ == "ROOT"
        and ("pronoun" not in m.rule or m.rule == "actor.pronoun.group")
    ]
    if not heads:
        return []
    subject = doc[max(heads)]
    named = [subject, *(c for c in subject.conjuncts if c.i in result.by_head)]
    if len(named) == 1 and subject.tag_ not in PLURAL_TAGS:
        return []
    return [a for token in named for a in result.at(token.i)]


# Penn tags of plural nouns.
PLURAL_TAGS = frozenset({"NNS", "NNPS"})


# Verbs whose subject "it" is rarely a state acting: "it is", "it seems", "it takes".
NOT_ACTS = frozenset(
    {
        "be",
        "seem",
        "appear",
        "become",
        "remain",
        "happen",
        "mean",
        "take",
        "look",
        "matter",
        "make",
        "have",
        "come",
        "go",
        "get",
        "cost",
        "depend",
        "rain",
        "feel",
    }
)


# Nouns for a person's relatives: they belong where that person belongs.
KIN_NOUNS = frozenset(
    {
        "daughter",
        "son",
        "wife",
        "husband",
        "mother",
        "father",
        "brother",
        "sister",
        "family",
        "children",
        "child",
        "parents",
        "widow",
        "niece",
        "nephew",
        "cousin",
        "relatives",
    }
)


ROLE_PERSONS = frozenset(
    {
        "spy",
        "agent",
        "diplomat",
        "journalist",
        "activist",
        "minister",
        "officer",
        "soldier",
        "man",
        "woman",
        "businessman",
        "official",
        "politician",
        "leader",
        "president",
    }
)


# Nouns that name a state or body by its relation to another ("Assad's backer, Russia").
RELATION_NOUNS = frozenset(
    {
        "ally",
        "backer",
        "patron",
        "sponsor",
        "partner",
        "neighbour",
        "neighbor",
        "rival",
        "enemy",
        "foe",
        "adversary",
        "arch-rival",
        "archrival",
        "protector",
        "client",
        "proxy",
    }
)

# Rules that place a person by words of their own noun phrase: "Irish Foreign Minister
# X" (adjective+minister), "Russia's X" (country+noun), "White House counselor X".
TITLE_RULE_PREFIXES = ("actor.adjective+", "actor.country+", "actor.seat+", "actor.custom+")


def _term_actor(term: LeaderTerm, text: str, start: int, end: int, rule: str) -> Actor:
    """The holder of an office: a state's official ("VENGOV"), or an international
    organisation's, who acts for it and has no country ("UN")."""
    igo = term.igo
    code, country, sector = (
        (igo, None, None) if igo else (term.country + term.sector, term.country, term.sector)
    )
    return Actor(
        code, country, sector, text, start, end, "person", person=term.name, rule=rule, igo=igo
    )


def _titled_rule(rule: str) -> bool:
    """Whether an actor was placed by a title or adjective in the name's own phrase (not
    by the sentence, a pronoun or a place)."""
    if rule.endswith("+descriptor"):
        return True  # "Karim Haddad, a spokesman for the Syrian army"
    return rule.startswith(TITLE_RULE_PREFIXES) and "+" not in rule.split("+", 1)[1]


def _bare_name(token: Any) -> bool:
    """A word that can be a surname named again: a proper noun, or a capitalised word the
    tagger read as a common noun ("Sawers also accused the Kremlin", tagged NOUN)."""
    return token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.text[:1].isupper())


def _is_named_person(token: Any) -> bool:
    """Whether a mention's head is a person's name ("... Simon Coveney")."""
    return token.ent_type_ == "PERSON" and token.pos_ == "PROPN"


def _names_one_person(head: Any) -> bool:
    """A singular noun naming one person by role ("the spy", "a diplomat")."""
    return head.tag_ == "NN" and head.lemma_.lower() in ROLE_PERSONS


def _window_start(sent_starts: list[int], index: int, back: int = 2) -> int:
    """The first token of the sentence ``back`` before the one holding token ``index``:
    how far back a pronoun looks for its person (two sentences) or "it" for its subject
    (one)."""
    sent_no = sum(1 for s in sent_starts if s <= index) - 1
    return sent_starts[max(0, sent_no - back)]


# Nouns by which an article calls back a state it has named ("the kingdom").
STATE_ANAPHORS = frozenset(
    {"country", "kingdom", "emirate", "nation", "republic", "sultanate", "monarchy"}
)
# States by the kind of monarchy that "the kingdom", "the emirate" or "the sultanate" can
# call back (heads of state by title, 2017-2026).
KINGDOMS = frozenset(
    {"SAU", "JOR", "MAR", "BHR"}  # Arab
    | {"GBR", "ESP", "NLD", "BEL", "DNK", "NOR", "SWE"}  # European
    | {"THA", "BTN", "KHM", "LSO", "SWZ", "TON"}  # Asian, African, Pacific
)
MONARCHIES: dict[str, frozenset[str]] = {
    "kingdom": KINGDOMS,
    "emirate": frozenset({"QAT", "KWT", "ARE"}),
    "sultanate": frozenset({"OMN", "BRN"}),
}
MONARCHIES["monarchy"] = frozenset().union(*MONARCHIES.values()) | {"JPN", "LUX", "LIE", "MCO"}


def _may_be(kind: str, country: str | None) -> bool:
    """Whether "the kingdom" (or emirate, sultanate, monarchy, republic, country) can be
    this state."""
    if kind in MONARCHIES:
        return country in MONARCHIES[kind]
    return kind != "republic" or country not in MONARCHIES["monarchy"]


# Prepositions before such a noun that make it a place ("across the country").
PLACE_PREPS = frozenset(
    {
        "in",
        "across",
        "throughout",
        "around",
        "to",
        "from",
        "into",
        "within",
        "inside",
        "outside",
        "over",
        "through",
        "at",
        "near",
        "of",
    }
)

# Nouns by which an article calls back an organisation or armed group it has named.
GROUP_ANAPHORS = frozenset({"group", "organisation", "organization", "militia", "movement"})
# Words before such a noun that still call back an armed group ("the terrorist group").
ARMED_WORDS = frozenset(
    {
        "terrorist",
        "terror",
        "militant",
        "jihadist",
        "jihadi",
        "extremist",
        "armed",
        "rebel",
        "insurgent",
        "islamist",
    }
)


def _an_organisation(actor: Actor, armed: bool) -> bool:
    """Whether an actor can be called back as "the group": an armed group, or (unless a
    word of arms asks for one) any organisation that is not a state's body."""
    if actor.sector == "REB":
        return True
    return not armed and actor.kind == "organisation"


def _pronoun_mention(token: Any, actors: Iterable[Actor], rule: str) -> Mention:
    """A pronoun's mention: its antecedent's actors, in the pronoun's own words and place."""
    found = tuple(
        replace(a, text=token.text, start=token.idx, end=token.idx + len(token.text), rule=rule)
        for a in actors
    )
    return Mention(found, token.i, token.i, token.i + 1, "actor", rule)


# Sectors of people who speak for no public body: their "we" is not a state's.
PRIVATE_SPEAKERS = frozenset({"CVL", "BUS", "REF", "EDU", "HLH", "REL"})


def _speaks_for_a_body(actor: Actor) -> bool:
    """An official, an office or an organisation: not a private person, nor one whose
    role is unknown."""
    if actor.kind == "organisation":
        return not actor.code.startswith(UNKNOWN_COUNTRY)
    return actor.sector is not None and actor.sector not in PRIVATE_SPEAKERS


def _unplaced(mention: Mention) -> bool:
    """Whether no actor of a mention has a country or an organisation's code, nor is
    called foreign."""
    return all(locatable(a) for a in mention.actors)


def _of_objects(token: Any) -> list[Any]:
    """The objects of a word's *of* phrases ("Maria Zakharova of *Russia*")."""
    return prep_objects(token, ("of",))


# Prepositions that name the body a title serves: "secretary-general *of* Nato", "a
# spokesman *for* the UN", "inspectors *from* the OPCW", "an official *at* the IAEA".
SERVED_PREPS = ("of", "for", "from", "at")


def _descriptor_actor(head: Any, result: DocumentActors) -> Actor | None:
    """The first actor with a country that describes ``head``: an appositive ("X, a
    Russian diplomat"; "X, a spokesman for the army"), or a phrase of the body it serves
    ("X of Russia", "a spokesman for the Syrian army", "inspectors from the OPCW")."""
    describers = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "appos":
        describers.append(head.head)
    # a country by "of" or "for" ("a spokesman for the Syrian army"), not "from": forces
    # withdrawn "from Panama" are not Panama's
    describers += prep_objects(head, ("of", "for"))
    served = _organisation_served(head, result)
    if served is not None:
        return served  # "a spokesman for the UN"
    for tok in describers:
        igo = _organisation_served(tok, result)
        if igo is not None:
            return igo  # "X, the UN special envoy for Syria": the UN's, not Syria's
    for tok in describers:
        candidates = [tok] + [
            pobj
            for prep in tok.children
            if prep.dep_ == "prep"
            and (
                prep.lower_ in ("for", "of", "at", "from")
                or (prep.lower_ == "to" and tok.lemma_.lower() in AIDES)
            )
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        for cand in candidates:
            for m in result.by_head.get(cand.i, []):
                for a in m.actors:
                    if a.country and a.kind != "region":
                        own = result.at(tok.i)
                        sector = next((o.sector for o in own if o.sector), None) or a.sector
                        return replace(a, sector=sector)
    return None


# Titles of those who serve a person or body and are "to" it: "an adviser to the Chilean
# president" is Chile's (not "the ambassador to Peru", posted abroad).
AIDES = frozenset({"adviser", "advisor", "aide", "assistant", "counsellor", "counselor"})

# Words that make a title a past one: "the former UN envoy" no longer acts for the UN.
PAST_TITLE_WORDS = frozenset({"former", "ex", "late", "then", "erstwhile"})


def _organisation_served(title: Any, result: DocumentActors) -> Actor | None:
    """The international organisation (or other body of organisations.yaml) that a title
    noun names its holder as serving: "the UN special envoy", "the EU's foreign policy
    chief", "secretary-general of Nato". A past title ("the former UN envoy") serves
    none, nor a state's title ("the UK permanent representative to the UN")."""
    if title.pos_ not in ("NOUN", "PROPN") or any(
        c.lower_.strip("-") in PAST_TITLE_WORDS for c in title.children if c.dep_ == "amod"
    ):
        return None

    def named_by(tok: Any) -> list[Actor]:
        # a modifier's actor sits on its own head or, read with the title, on the title's
        return [
            a
            for m in result.by_head.get(tok.i, []) + result.by_head.get(title.i, [])
            if m.start <= tok.i < m.end
            for a in m.actors
        ]

    near = [c for c in title.children if c.dep_ in ("compound", "poss", "nmod", "amod")]
    if any(a.country for c in near for a in named_by(c)):
        return None  # "Syria's UN ambassador" serves Syria
    near += prep_objects(title, SERVED_PREPS)
    for tok in near:
        for a in named_by(tok):
            if a.kind == "organisation" and a.rule.startswith("actor.org:"):
                return replace(a, kind="person", igo=a.code)
    return None


def _take_identity(mention: Mention, found: Actor, how: str) -> Mention:
    """The mention with ``found``'s country (and its sector where it has none), or the
    international organisation it acts for."""
    if found.igo is not None:
        return replace(
            mention,
            actors=tuple(
                replace(
                    a,
                    country=None,
                    code=found.igo,
                    igo=found.igo,
                    kind="person",
                    rule=a.rule + how,
                )
                for a in mention.actors
            ),
        )
    actors = tuple(
        replace(
            a,
            country=found.country,
            sector=a.sector or found.sector,
            code=make_code(found.country, a.sector or found.sector, ""),
            rule=a.rule + how,
        )
        for a in mention.actors
    )
    return replace(mention, actors=actors)


def _replace_mention(result: DocumentActors, old: Mention, new: Mention) -> None:
    heads = result.by_head[old.head]
    heads[heads.index(old)] = new
    result.mentions[result.mentions.index(old)] = new


def _put_mention(result: DocumentActors, new: Mention) -> None:
    """``new`` in place of every mention on its head (added when there is none)."""
    own = result.by_head.get(new.head, [])
    if not own:
        result.add(new)
        return
    _replace_mention(result, own[0], new)
    for extra in own[1:]:
        result.mentions.remove(extra)
    del own[1:]


def _definite(noun: Any) -> bool:
    """Whether a noun is made definite by "the" or "this": "the ministry", "the group"."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in noun.children)


def _clause_subject(token: Any) -> Any | None:
    """The subject of the clause an object stands in, through control verbs ("he called to
    congratulate her": "he")."""
    verb = token.head
    while verb.dep_ == "prep" or verb.pos_ == "ADP":
        verb = verb.head
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if verb.dep_ not in ("xcomp", "conj", "advcl") or verb.head == verb:
            return None
        verb = verb.head
    return None


def _reporting_subject(pronoun: Any) -> Any | None:
    """The subject of the report verb whose complement ``pronoun`` is the subject of."""
    clause = pronoun.head
    for _ in range(3):
        if clause.dep_ in ("ccomp", "parataxis") and clause.head.pos_ in ("VERB", "AUX"):
            return _named_subject(clause.head)
        if clause.head == clause:
            return None
        if clause.dep_ in ("relcl", "acl") and clause.head.pos_ in ("NOUN", "PROPN"):
            # "Russia released questions that it wants answered": the one who released
            verb = _governing_clause(clause.head)
            return _named_subject(verb) if verb is not None else None
        that_clause = clause.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
        )
        if clause.dep_ not in ("conj", "xcomp") and not that_clause:
            return None
        # "made it clear that they would": the that-clause of an adjective
        clause = clause.head
    return None


# Nouns of others, whose possessive names someone else: "its enemies", "his critics".
OTHERS_OF = (
    RELATION_NOUNS
    | KIN_NOUNS
    | {
        "parent",
        "critic",
        "defender",
        "opponent",
        "supporter",
        "detractor",
        "victim",
    }
)
# Possessive pronouns and what they may stand for: a person, a body or state, either.
POSSESSIVE_PRONOUNS = {"his": "person", "her": "person", "its": "body", "their": "any"}


def _possessor_subject(pronoun: Any) -> Any | None:
    """The subject a possessive pronoun stands for: that of the nearest clause above it
    whose subject is not the pronoun's own noun phrase ("their walkout goes": climb on)."""
    noun = pronoun.head
    tok = noun
    for _ in range(6):
        if tok.head == tok:
            return None
        tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.i != noun.i and subject.tag_ not in ("WDT", "WP"):
            if subject.i > pronoun.i:
                return None  # "after their talks, the leaders ...": no antecedent before it
            return subject
        if tok.dep_ in ("acl", "relcl"):
            return None  # "a claim, used to justify his decision": not the claimant's
    return None


# Bodies that speak as many: "police said he ..." is not the police (singular heads).
COLLECTIVE_SPEAKERS = frozenset(
    {
        "police",
        "government",
        "ministry",
        "army",
        "military",
        "court",
        "council",
        "office",
        "parliament",
        "committee",
        "embassy",
        "administration",
        "department",
        "agency",
        "authority",
        "authorities",
        "prosecutor",
        "prosecution",
        "cabinet",
        "party",
        "force",
    }
)


def _no_one_person(speaker: Any, found: list[Actor]) -> bool:
    """Whether a speaker cannot be the "he" or "she" of its reported clause: many people,
    a body, or a state ("Japan said he ...")."""
    return (
        speaker.tag_ in PLURAL_TAGS
        or speaker.lemma_.lower() in COLLECTIVE_SPEAKERS
        or speaker.lower_ in COLLECTIVE_SPEAKERS
        or any(a.kind == "organisation" or (a.kind == "state" and a.sector is None) for a in found)
    )


def _may_stand_for(wanted: str, actor: Actor) -> bool:
    """Whether a possessive pronoun that wants ``wanted`` may stand for ``actor``: "his"
    and "her" for a person or a role ("the opposition leader"), "its" for a body or
    state, "their" for any."""
    if wanted == "person":
        return actor.kind not in ("state", "organisation")
    if wanted == "body":
        return actor.kind != "person"
    return True


def _named_subject(verb: Any) -> Any | None:
    """The verb's subject, unless it is itself a pronoun."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.lower_ not in ("it", "they", "he", "she", "we", "i"):
        return subj
    return None


# Bodies and people that a state posts in another: the place they are in is not theirs.
POSTED_ABROAD = frozenset(
    {
        "embassy",
        "consulate",
        "legation",
        "mission",
        "ambassador",
        "envoy",
        "consul",
        "attache",
        "attaché",
        "diplomat",
        "correspondent",
    }
)


def _proper(token: Any) -> bool:
    """A proper noun, or a name the tagger read as an adjective or noun but the entity
    recogniser as a name ("a Trump request": Trump tagged ADJ, inside an ORG)."""
    if token.pos_ == "PROPN":
        return True
    return token.pos_ in ("ADJ", "NOUN") and token.ent_type_ in ("PERSON", "ORG")


def locatable(actor: Actor) -> bool:
    """An actor of unknown country that a place may locate: not an international
    organisation or other body with a code of its own ("the EU" is never Iran's), nor
    people called foreign ("foreign diplomats" in Moscow are not Russian)."""
    return actor.country is None and actor.code.startswith("---") and FOREIGN not in actor.rule


def _foreign(token: Any) -> bool:
    """Whether a plural sector noun is called foreign: "foreign diplomats", "Western
    powers", "overseas investors" (not "the foreign minister", a title of the home
    state)."""
    return token.tag_ == "NNS" and any(
        c.dep_ == "amod" and c.lower_ in FOREIGN_WORDS for c in token.children
    )


# Prepositions that place what they govern ("police in Guinea", "workers of a Tehran
# company") rather than set it across an act from its subject.
PLACING_PREPOSITIONS = frozenset({"in", "of", "from", "inside", "within", "across"})


def _argument_of(noun: Any) -> tuple[int, str] | None:
    """The clause a noun takes part in (the verb, raised through "tried to negotiate") and
    its side of it: "subject" (the doer, or a passive's agent) or "object" (what is acted
    on, or the partner of "with", "to", "against")."""
    tok = noun
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass", "csubj"):
        side, verb = "subject", tok.head
    elif tok.dep_ in ("dobj", "dative"):
        side, verb = "object", tok.head
    elif tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent"):
        prep = tok.head
        if prep.lower_ in PLACING_PREPOSITIONS:
            return None
        side = "subject" if prep.dep_ == "agent" else "object"
        verb = prep.head
    else:
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    while verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head
    return verb.i, side


def _relative_object_of(noun: Any) -> tuple[int, str] | None:
    """The relative clause that has the noun as its object, as ``_argument_of`` gives a
    side: "the rebels (that) Russian jets bombed" -> (bombed, "object")."""
    clause = next((c for c in noun.children if c.dep_ == "relcl"), None)
    if clause is None or not object_relative(clause):
        return None
    return clause.i, "object"


def _opposite(side: tuple[int, str] | None, others: list[tuple[int, str] | None]) -> bool:
    """Whether an actor stands across one clause from any of ``others`` (one the subject,
    the other the object of the same verb)."""
    return side is not None and any(
        o is not None and o[0] == side[0] and o[1] != side[1] for o in others
    )


def _governing_clause(noun: Any) -> Any | None:
    """The verb a noun is the object of, directly, through a preposition or through the
    noun it belongs to ("sent a list of demands")."""
    tok = noun
    for _ in range(3):
        if tok.dep_ not in ("dobj", "pobj") or tok.head == tok:
            return None
        head = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
        if head.pos_ in ("VERB", "AUX"):
            return head
        tok = head
    return None
