"""Find event triggers in a parsed document and read their source and target actors.

A trigger is a word that the lexicon lists (``data/triggers.yaml``) and whose
constraints hold (objects, modifiers, particles). Its actors come from the
dependency parse: subjects are sources, objects and prepositional objects
targets, with passive voice, control verbs, relative clauses and noun triggers
("Russia's arms sales to Venezuela") handled. Each step that decided is named
in the event's ``rule``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from itertools import product
from typing import Any

from ..actors.recognise import DocumentActors, make_code
from ..model import Actor, Document, Event, Evidence
from ..nlp.view import view
from ..yamlio import load_yaml
from .cameo import lookup
from .lexicon import EventLexicon, Trigger
from .modality import (
    ADVERBIAL_PREPS,
    ModalityCues,
    decide_modality,
    default_cues,
    names_an_occasion,
)

SUBJECT_DEPS = ("nsubj", "csubj")
MATERIAL_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})
ABSORBING_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST", "PROTEST"})
STATIVE_PASSIVES = frozenset({"oppose", "commit", "determine", "resolve", "dedicate"})
CONTENT_PREPS = frozenset({"to", "with", "against", "on", "from", "into", "for", "over", "at"})
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "AGREE"})
FORCEFUL = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
# CAMEO's own conventions: announced cooperation is an expression of intent (03x),
# announced force a threat (13x), refused cooperation a rejection (12x).
INTENT_CODES = {
    "CONSULT": "036",
    "SUPPORT": "032",
    "COOPERATE": "031",
    "AID": "033",
    "CONCEDE": "035",
    "RETREAT": "035",
    "AGREE": "030",
}
THREAT_CODES = {
    "ASSAULT": "138",
    "MOBILIZE": "138",
    "SANCTION": "1312",
    "COERCE": "132",
    "PROTEST": "133",
}
REFUSAL_CODES = {
    "CONSULT": "125",
    "SUPPORT": "120",
    "COOPERATE": "121",
    "AID": "122",
    "CONCEDE": "124",
    "RETREAT": "124",
    "AGREE": "127",
}
# "together with X", "in coordination with X", "alongside": X acts with the source.
CO_ACTOR_WORDS = frozenset(
    [
        "together",
        "along",
        "coordination",
        "conjunction",
        "concert",
        "cooperation",
        "co-operation",
        "collaboration",
        "partnership",
        "tandem",
        "jointly",
        "league",
        "alliance",
    ]
)
# Acts that direct another to act: the act directed is not done by saying so ("urged X to
# deliver food", "forced him to resign" are a request and a coercion, not aid or a
# resignation).
DIRECTING_TYPES = frozenset({"REQUEST", "COERCE"})
# Acts done by speaking or writing: a weapon cannot be their subject.
SPOKEN_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT", "AGREE", "SUPPORT", "THREATEN"})
# Sectors whose acts among themselves are not political events: firms and their customers.
PRIVATE_SECTORS = frozenset({"BUS"})
# Sources found on another clause or a noun the trigger describes, not its own subject: a
# symmetric trigger ("fight", "meet") does not pair them with each other.
BORROWED = frozenset({"source.acl", "source.relcl", "source.modified_noun", "source.advcl"})
# "accuse X of doing", "thank X for doing": X, the object, is who does the act.
OBJECT_OF_CHARGE = frozenset(
    [
        "accuse",
        "charge",
        "blame",
        "suspect",
        "criticize",
        "criticise",
        "condemn",
        "denounce",
        "praise",
        "thank",
        "commend",
        "congratulate",
        "fault",
        "sanction",
        "punish",
        "warn",
    ]
)
OBJECT_CONTROL = frozenset(
    [
        "urge",
        "ask",
        "force",
        "persuade",
        "allow",
        "invite",
        "encourage",
        "order",
        "tell",
        "press",
        "call",
        "help",
        "enable",
        "pressure",
        "compel",
        "instruct",
        "authorize",
        "authorise",
        "permit",
        "convince",
    ]
)
# Material events that are news even when nobody is named: "a bomb killed six",
# "shops were looted". Verbal events without a speaker are not kept.
ACTORLESS_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT"})
# Acts only an authority performs, and the authorities that report them: "he was
# charged, police said" -> the police charged him.
AUTHORITY_ACTS = frozenset({"COERCE", "ACCUSE"})
AUTHORITY_SECTORS = frozenset({"COP", "JUD", "GOV"})
# Where a trigger with nobody named describes rather than reports: "the exiled dissidents",
# "a pause in the bombing".
BACKGROUND_DEPS = frozenset({"amod", "compound", "pobj", "npadvmod", "nmod", "poss"})
PLACE_TARGET_TYPES = frozenset(
    {
        "ASSAULT",
        "COERCE",
        "MOBILIZE",
        "COOPERATE",
        "AID",
        "PROTEST",
        "RETREAT",
        "CONSULT",
        "REQUEST",
        "SANCTION",
    }
)
CLIMB_DEPS = frozenset(
    {
        "prep",
        "pobj",
        "dobj",
        "conj",
        "compound",
        "nsubjpass",
        "attr",
        "appos",
        "nsubj",
        "oprd",
        "npadvmod",
        "acomp",
        "amod",
    }
)


TEMPORAL_ENTITIES = frozenset({"DATE", "TIME"})


def _complemented(verb: Any, words: frozenset[str]) -> bool:
    """Whether the verb's clausal complement is one of ``words``: "agreed to talk", "said
    Russia was involved", "said Russia was responsible" (the adjective of a copula)."""
    for clause in verb.children:
        if clause.dep_ not in ("xcomp", "ccomp"):
            continue
        if _lemma(clause) in words:
            return True
        if any(c.dep_ in ("acomp", "attr") and _lemma(c) in words for c in clause.children):
            return True
    return False


def _asks_another(verb: Any) -> bool:
    """Whether ``verb`` has another's act as its complement: "wants London to answer"."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") and any(
            g.dep_ == "nsubj" and g.i < child.i for g in child.children
        ):
            return True
        if child.dep_ == "xcomp" and any(c.dep_ == "dobj" and c.i < child.i for c in verb.children):
            return True
    return False


def _reported_as_happening(noun: Any) -> bool:
    """Whether an event noun with nobody named is itself the news: the subject of its
    clause ("the protests continued", "clashes erupted"), not the object of something
    else ("filmed the assaults")."""
    return noun.dep_ in ("nsubj", "nsubjpass")


def _same_actor(a: Actor, b: Actor) -> bool:
    """Whether two coded actors are one: a state with itself ("Russia ... Russian"), one
    person twice; not two bodies of one state ("the mayor" and "the police chief")."""
    if a.code != b.code or a.country != b.country or a.country is None:
        return False
    if a.person or b.person:
        return a.person == b.person
    if "pronoun" in a.rule or "pronoun" in b.rule:
        return True  # "Russian officials insist they ...": a pronoun for the same body
    return a.sector is None or a.text.lower() == b.text.lower()


def _specificity(trig: Trigger) -> int:
    """Order of trial among a word's entries: those that need particular words ("struck a
    deal") first, then those for particular sources ("workers strike"), then the rest."""
    if trig.objects or trig.particle or trig.particle_or_prep or trig.complements:
        return 0
    if trig.modifiers or trig.source_sectors:
        return 1
    return 2


# Sectors whose members act for a state or for organised politics.
POLITICAL_SECTORS = frozenset(
    {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "OPP", "REB", "PTY", "IGO", "NGO", "HRI", "REF"}
)


# An article (this many sentences or more) that names a political actor fewer times than
# this is about sport, business or private life: its trigger words are not events.
ARTICLE_SENTENCES = 5
MIN_POLITICAL_MENTIONS = 2


def political_mentions(actors: DocumentActors) -> int:
    """How many times a document names a political actor (not a place)."""
    return sum(
        1
        for m in actors.mentions
        if m.reading == "actor" and any(is_political(a) for a in m.actors)
    )


def political_document(doc: Any, actors: DocumentActors) -> bool:
    """Whether a text can report political events: a short text is judged event by event;
    an article must name political actors at least ``MIN_POLITICAL_MENTIONS`` times."""
    if len(view(doc).sents) < ARTICLE_SENTENCES:
        return True
    return political_mentions(actors) >= MIN_POLITICAL_MENTIONS


def is_political(actor: Actor) -> bool:
    """A state named as such, an office of a state, an armed group, a party, an
    international organisation: an actor whose act is news for event data."""
    if actor.sector in POLITICAL_SECTORS:
        return True
    if actor.kind == "organisation":
        return not actor.code.startswith("---")
    if actor.kind == "state":
        return actor.country is not None and actor.sector is None
    return actor.kind == "region"


@lru_cache(maxsize=1)
def arms_exporters() -> tuple[str, ...]:
    text = resources.files("realpolitik.events").joinpath("data", "arms_exporters.yaml")
    return tuple(load_yaml(text.read_text("utf-8"))["exporters"])


@dataclass
class Arguments:
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    symmetric_group: bool = False
    steps: list[str] = field(default_factory=list)
    fallback: bool = False


def _lemma(token: Any) -> str:
    return token.lemma_.lower()


def _words_of(token: Any) -> set[str]:
    return {token.lower_, _lemma(token)}


def _with_conjuncts(token: Any) -> list[Any]:
    """The token and the tokens coordinated with it ("Venezuela and Russia")."""
    found = [token]
    stack = [token]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in ("conj", "appos") and child not in found:
                found.append(child)
                stack.append(child)
    return found


def _co_actor_phrase(prep: Any) -> bool:
    """True for "with" that names a partner: "together with", "in coordination with"."""
    if prep.lower_ != "with" or prep.i == 0:
        return False
    before = prep.doc[prep.i - 1]
    return before.lower_ in CO_ACTOR_WORDS or (
        prep.head.lower_ in CO_ACTOR_WORDS and prep.head.i == prep.i - 1
    )


# spaCy's coarse tags to the parts of speech that lexicon triggers are listed under.
TRIGGER_POS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}


class EventExtractor:
    """Turns one parsed document and its actors into events."""

    def __init__(self, lexicon: EventLexicon, cues: ModalityCues | None = None) -> None:
        self.lex = lexicon
        self.cues = cues or default_cues()

    # -- triggers ------------------------------------------------------------------------

    def match(self, token: Any) -> tuple[Trigger, Any | None] | None:
        """The most specific lexicon entry whose constraints hold at ``token``."""
        found = self.matches(token)
        return found[0] if found else None

    def matches(self, token: Any) -> list[tuple[Trigger, Any | None]]:
        """Every lexicon entry whose constraints hold at ``token``, the most specific first;
        an entry for some sources only ("workers strike") before the general one, which
        stands in when the sources are others ("rebels struck")."""
        pos = TRIGGER_POS.get(token.pos_)
        if token.tag_ == "MD" and self._reported_advice(token) is not None:
            pos = "MODAL"  # "Kinew said the government should use the money"
        if pos is None or (pos == "NOUN" and token.dep_ == "compound"):
            return []
        if token.ent_type_ in TEMPORAL_ENTITIES:
            return []  # "March 31", "the weekend": a date, not a protest or a break
        lemma = _lemma(token)
        candidates = self.lex.candidates(pos, lemma) or self.lex.candidates(pos, token.lower_)
        if not candidates and lemma.startswith("re") and len(lemma) > 5:
            # "reimposed", "reopened": the repeated act is the same kind of event
            candidates = self.lex.candidates(pos, lemma[2:])
        if pos == "NOUN" and not candidates and token.tag_ in ("VBG",):
            candidates = self.lex.candidates("VERB", lemma)
        held = []
        for trig in sorted(candidates, key=_specificity):
            obj = self._constraints_hold(trig, token)
            if obj is not False:
                held.append((trig, obj))
                if not trig.source_sectors:
                    break  # only an entry for particular sources can give way to a later one
        return held

    def _constraints_hold(self, trig: Trigger, token: Any) -> Any | bool | None:
        """False when a constraint fails; else the object token that satisfied ``objects``."""
        if trig.plural_only and _lemma(token) in trig.plural_only and token.tag_ != "NNS":
            return False
        if trig.pos == "ADJ" and not self._adjective_completed(trig, token):
            return False  # "ready to help" is an event, "ready" alone is not
        if trig.not_complements and any(
            c.dep_ in ("xcomp", "ccomp") and _lemma(c) in trig.not_complements
            for c in token.children
        ):
            return False  # "pledged to destroy the YPG" is a threat, not an agreement
        if trig.pos == "VERB" and trig.complements and not _complemented(token, trig.complements):
            return False
        if trig.asks_another and not _asks_another(token):
            return False  # "wants a deal", "wants to visit": its own wish, not a request
        if trig.pos == "NOUN" and token.dep_ in ("attr", "oprd"):
            return False  # "Ghouta is the massacre of this century": a description
        if trig.not_objects and any(
            _words_of(o) & trig.not_objects for o in self._object_tokens(token)
        ):
            return False  # "fighting terrorism" is not a battle
        mods = {c for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss")}
        mod_words = set().union(*(_words_of(m) for m in mods)) if mods else set()
        of_objects = [
            g
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        if trig.not_modifiers and mod_words & trig.not_modifiers:
            return False
        if trig.modifiers and not (
            mod_words & trig.modifiers or any(_words_of(g) & trig.modifiers for g in of_objects)
        ):
            return False
        if trig.particle and not any(
            c.dep_ == "prt" and c.lower_ == trig.particle for c in token.children
        ):
            return False
        if (
            not trig.particle
            and not trig.particle_or_prep
            and not trig.objects
            and any(c.dep_ == "prt" for c in token.children)
        ):
            return False  # a phrasal verb means something else: "sign up", "hold on"
        if trig.particle_or_prep and not any(
            c.dep_ in ("prt", "prep") and c.lower_ in trig.particle_or_prep for c in token.children
        ):
            return False
        if not trig.objects:
            return None
        for obj in self._object_tokens(token):
            if _words_of(obj) & trig.objects:
                return obj
        return False

    @staticmethod
    def _adjective_completed(trig: Trigger, token: Any) -> bool:
        """An adjective reports an event only with its complement: "ready to talk" (a verb
        from ``complements`` when the entry lists them), "angry over the shield" (a phrase
        with one of the entry's prepositions when it lists none)."""
        if trig.complements:
            return any(c.dep_ == "xcomp" and _lemma(c) in trig.complements for c in token.children)
        return any(
            c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in trig.preps)
            for c in token.children
        )

    @staticmethod
    def _object_tokens(token: Any) -> Iterable[Any]:
        """Direct objects of a verb (or what a noun is about), with their conjuncts."""
        if token.pos_ in ("NOUN", "PROPN"):
            for child in token.children:
                if child.dep_ in ("compound", "amod"):
                    yield child
                if child.dep_ == "prep" and child.lower_ in ("of", "for"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            yield from pobj.subtree
            return
        heads = [token]
        heads += [c for c in token.children if c.dep_ == "xcomp"]
        for head in heads:
            for child in head.children:
                if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative"):
                    for obj in _with_conjuncts(child):
                        yield obj
                        for sub in obj.children:
                            if sub.dep_ == "compound":
                                yield sub
                            if sub.dep_ == "prep" and sub.lower_ == "of":
                                yield from (g for g in sub.children if g.dep_ == "pobj")
                if child.dep_ == "prep" and child.lower_ in ("in", "on", "of", "to", "into"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            yield pobj
                if child.dep_ == "ccomp":
                    # "show the U.S. their discontent over ...": a misparse puts the object
                    # of a double-object verb as the subject of a clause below it.
                    yield from (g for g in child.children if g.dep_ == "nsubj")
        if token.dep_ == "acl" or token.dep_ == "relcl":
            yield token.head

    # -- actors of a trigger -------------------------------------------------------------

    def _actors(
        self, token: Any, actors: DocumentActors, *, modifiers: bool = False, depth: int = 2
    ) -> list[Actor]:
        """Actors denoted by the phrase headed by ``token`` (and coordinated phrases)."""
        found: list[Actor] = []
        for tok in _with_conjuncts(token):
            here = self._actors_on(tok, actors, modifiers)
            if not here and depth > 0:
                here = self._actors_below(tok, actors, modifiers, depth)
            for actor in here:
                if all(actor.code != a.code for a in found):
                    found.append(actor)
        return found

    @staticmethod
    def _actors_on(tok: Any, actors: DocumentActors, modifiers: bool) -> list[Actor]:
        out: list[Actor] = []
        for m in actors.by_head.get(tok.i, []):
            if m.reading == "place" or (m.reading == "modifier" and not modifiers):
                continue
            out.extend(a for a in m.actors if a not in out)
        if not out and not modifiers:
            # A noun modified by a state word, not itself a sector: "Russian technicians",
            # or the subject of an event: "British aircraft killed four people".
            for m in actors.by_head.get(tok.i, []):
                if (
                    m.reading == "modifier"
                    and tok.pos_ in ("NOUN", "PROPN")
                    and (tok.tag_ in ("NNS", "NNPS") or tok.dep_ in ("nsubj", "nsubjpass"))
                ):
                    out.extend(a for a in m.actors if a not in out)
        return out

    def _actors_below(
        self, tok: Any, actors: DocumentActors, modifiers: bool, depth: int
    ) -> list[Actor]:
        """Actors one or two links below a non-actor head: "officials of the Russian government"."""
        level = [tok]
        for _ in range(depth):
            nxt = []
            for t in level:
                for child in t.children:
                    if child.dep_ in (
                        "relcl",
                        "acl",
                        "advcl",
                        "ccomp",
                        "punct",
                        "cc",
                        "det",
                        "conj",
                    ):
                        continue
                    if child.dep_ == "prep" and child.lower_ not in ("of", "from", "by"):
                        continue
                    nxt.append(child)
            found: list[Actor] = []
            for t in nxt:
                found.extend(a for a in self._actors_on(t, actors, modifiers) if a not in found)
            if found:
                return found
            level = nxt
        return []

    def _subject_of(self, verb: Any, actors: DocumentActors, steps: list[str]) -> list[Actor]:
        """Who does what ``verb`` says, climbing through control and coordination."""
        seen = 0
        tok = verb
        while tok is not None and seen < 5:
            for child in tok.children:
                if child.dep_ in SUBJECT_DEPS or (
                    child.dep_ == "nsubjpass" and tok != verb
                ):  # "Moscow can be expected to express ...": the raised subject
                    if child.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
                        break  # "Britain, which criticised Iran": the noun it describes
                    found = self._actors(child, actors)
                    if found:
                        steps.append("source.subject" if tok == verb else f"source.{tok.dep_}")
                    return found
                if child.dep_ == "agent" and tok == verb:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            steps.append("source.agent")
                            return self._actors(pobj, actors)
            if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
                found = self._actors(tok.head, actors, modifiers=True)
                noun = tok.head
                if (
                    not found
                    and noun.dep_ == "pobj"
                    and noun.head.dep_ in ("prep", "advcl")
                    and noun.head.lower_ in ADVERBIAL_PREPS
                ):
                    # "while at the same time continuing talks": the noun is only an
                    # adverbial; the clause belongs to the verb the phrase hangs on
                    tok = noun.head.head
                    seen += 1
                    continue
                if (
                    not found
                    and noun.dep_ in ("dobj", "attr")
                    and noun.head.pos_ in ("VERB", "AUX")
                ):
                    # "the US approved a contract to sell drones": the contract's party
                    tok = noun.head
                    seen += 1
                    continue
                steps.append("source.modified_noun")
                return found
            if tok.dep_ == "xcomp" and _lemma(tok.head) in OBJECT_CONTROL:
                obj = next((c for c in tok.head.children if c.dep_ in ("dobj",)), None)
                if obj is not None:
                    steps.append("source.controller_object")
                    return self._actors(obj, actors)
            if tok.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp") and tok.head != tok:
                if tok.dep_ == "ccomp" and any(
                    c.dep_ in (*SUBJECT_DEPS, "nsubjpass") for c in tok.children
                ):
                    return []  # a reported clause has its own subject, not the reporter
                tok = tok.head
                if tok.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
                    return []
                seen += 1
                continue
            if (
                tok.dep_ == "pcomp"
                and tok.head.dep_ == "prep"
                and tok.head.lower_ in ("of", "for")
                and _lemma(tok.head.head) in OBJECT_OF_CHARGE
            ):
                # "accused the US of threatening Venezuela": the accused does the act
                obj = next((c for c in tok.head.head.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    steps.append("source.charged_object")
                    return self._actors(obj, actors)
            if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
                # "resorted to throwing stones": the subject of the verb the phrase hangs on
                tok = tok.head.head
                seen += 1
                continue
            if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
                tok = tok.head.head
                seen += 1
                continue
            return []
        return []

    def _governing_verb(self, noun: Any) -> Any | None:
        tok = noun
        for _ in range(5):
            if tok.dep_ not in CLIMB_DEPS or tok.head == tok:
                return None
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                return tok
        return None

    def _prep_actors(
        self, token: Any, preps: Iterable[str], actors: DocumentActors, args: Arguments, role: str
    ) -> None:
        for child in token.children:
            if child.dep_ not in ("prep", "agent") or child.lower_ not in preps:
                continue
            if _co_actor_phrase(child):
                # "hit Idlib in coordination with Turkey": a partner in the act, not its target
                args.steps.append("actors.co_actor")
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                found = self._actors(pobj, actors)
                if child.lower_ == "between":
                    args.sources.extend(a for a in found if a not in args.sources)
                    args.symmetric_group = True
                    args.steps.append("actors.between")
                    continue
                bucket = args.targets if role == "target" else args.sources
                bucket.extend(a for a in found if a not in bucket)
                if found:
                    args.steps.append(f"{role}.prep_{child.lower_}")

    def arguments(
        self, trig: Trigger, token: Any, obj: Any | None, actors: DocumentActors
    ) -> Arguments:
        args = Arguments()
        if trig.pos == "MODAL":
            self._advice_arguments(token, actors, args)
        elif token.pos_ in ("VERB", "AUX", "ADJ"):
            self._verb_arguments(trig, token, obj, actors, args)
        else:
            self._noun_arguments(trig, token, actors, args)
        if trig.reverse:
            self._reverse(trig, token, obj, actors, args)
        return args

    def _verb_arguments(
        self, trig: Trigger, verb: Any, obj: Any | None, actors: DocumentActors, args: Arguments
    ) -> None:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive and _lemma(verb) in STATIVE_PASSIVES:
            # "Israel is opposed to French mediation": a state of mind, not a passive act
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if subj is not None:
                args.sources.extend(self._actors(subj, actors))
                args.steps.append("source.stative_subject")
            self._content_targets(verb, actors, args, depth=1)
            return
        if passive:
            for child in verb.children:
                if child.dep_ == "nsubjpass":
                    args.targets.extend(self._actors(child, actors))
                    if args.targets:
                        args.steps.append("target.passive_subject")
            self._prep_actors(verb, ("by",), actors, args, "source")
            if not args.sources:
                args.sources.extend(self._subject_of_clause(verb, actors, args.steps))
        else:
            args.sources.extend(self._subject_of(verb, actors, args.steps))
            for child in verb.children:
                if child.dep_ in ("dobj", "dative", "iobj") and not trig.reverse:
                    # "rejected a U.S. request": a state modifying the object is the target,
                    # unless the object is what the trigger is about ("sold Russian tanks").
                    found = self._actors(child, actors)
                    if not found and child != obj:
                        found = self._actors_on(child, actors, modifiers=True)
                    args.targets.extend(a for a in found if a not in args.targets)
                    if found:
                        args.steps.append(f"target.{child.dep_}")
        self._prep_actors(verb, (*trig.preps, "between"), actors, args, "target")
        if obj is not None and obj.head == verb:
            # "formalize an alliance between the two countries", "sign a treaty with X"
            self._prep_actors(obj, (*trig.preps, "between", "with"), actors, args, "target")
        if not args.targets:
            # One level down: "mobilized reservists for a possible war against Iraq".
            for child in verb.children:
                for noun in child.children if child.dep_ == "prep" else [child]:
                    if noun.dep_ in ("pobj", "dobj") and noun != obj:
                        self._prep_actors(noun, ("against", "on", "with"), actors, args, "target")
        if trig.complements and not args.targets:
            # "Britain says Russia was involved": the one the complement is said of
            for clause in verb.children:
                if clause.dep_ == "ccomp":
                    for subj in clause.children:
                        if subj.dep_ in ("nsubj", "nsubjpass"):
                            found = [a for a in self._actors(subj, actors) if a not in args.sources]
                            args.targets.extend(found)
                            if found:
                                args.steps.append("target.complement_subject")
        for child in verb.children:
            if child.dep_ == "xcomp" and not args.targets:
                # "threatened to impose restrictions against German goods": the target of
                # what is threatened, promised or refused is the event's target.
                self._content_targets(child, actors, args, depth=2)
        if not args.targets:
            # "provide 70 million dollars of aid for Romania": a target inside the object
            self._content_targets(verb, actors, args, depth=0)
        if not args.targets and trig.type == "THREATEN":
            # "... if the United States goes ahead": whoever the condition is about
            for child in verb.children:
                if child.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children
                ):
                    subj = next((c for c in child.children if c.dep_ == "nsubj"), None)
                    if subj is not None:
                        args.targets.extend(self._actors(subj, actors))
                        args.steps.append("target.condition")
        if trig.id.startswith("request.") and not args.targets:
            # "urged Iraq to ...": the object of an appeal is its target.
            for child in verb.children:
                if child.dep_ in ("ccomp", "xcomp"):
                    subj = next((c for c in child.children if c.dep_ in ("nsubj", "dobj")), None)
                    if subj is not None:
                        args.targets.extend(self._actors(subj, actors))

    def _content_targets(
        self, clause: Any, actors: DocumentActors, args: Arguments, depth: int, nested: bool = False
    ) -> None:
        """Targets inside an embedded action: its objects and prepositional objects.

        ``nested``: ``clause`` is a clause after a preposition ("agitated over what he
        considers to be Washington's intentions"), whose predicate noun counts as an object.
        """
        found: list[Actor] = []
        objects = ("dobj", "dative", "attr") if nested else ("dobj", "dative")
        for child in clause.children:
            if child.dep_ in objects:
                here = self._actors(child, actors) or self._actors_on(child, actors, True)
                found.extend(here)
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in CONTENT_PREPS:
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                found.extend(self._actors(pobj, actors, modifiers=True))
            elif child.dep_ == "prep" and child.lower_ in CONTENT_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found.extend(self._actors(pobj, actors, modifiers=True))
                    elif pobj.dep_ == "pcomp" and not nested:
                        self._content_targets(pobj, actors, args, depth=2, nested=True)
            elif child.dep_ in ("xcomp", "conj") and depth > 0 and not found:
                self._content_targets(child, actors, args, depth - 1, nested)
        found = [a for a in found if all(a.code != s.code for s in args.sources)]
        if found:
            args.targets.extend(a for a in found if a not in args.targets)
            args.steps.append("target.content")

    def _subject_of_clause(
        self, verb: Any, actors: DocumentActors, steps: list[str]
    ) -> list[Actor]:
        if verb.dep_ in ("xcomp", "conj", "advcl"):
            return self._subject_of(verb.head, actors, steps)
        return []

    def _noun_arguments(
        self, trig: Trigger, noun: Any, actors: DocumentActors, args: Arguments
    ) -> None:
        for child in noun.children:
            if child.dep_ == "poss":
                found = self._actors(child, actors, modifiers=True)
                args.sources.extend(found)
                if found:
                    args.steps.append("source.possessor")
        for m in actors.by_head.get(noun.i, []):
            if m.reading in ("modifier", "actor"):
                for actor in m.actors:
                    if actor not in args.sources:
                        args.sources.append(actor)
                        args.steps.append("source.modifier")
        for child in noun.children:
            # "the police killing of a man", "a Taliban attack": a body named before the noun
            if child.dep_ not in ("compound", "amod") or child.i > noun.i:
                continue
            for m in actors.by_head.get(child.i, []):
                found = [a for a in m.actors if a.sector and a.kind != "state"]
                if m.reading in ("actor", "modifier") and found:
                    args.sources.extend(a for a in found if a not in args.sources)
                    args.steps.append("source.compound")
        self._prep_actors(noun, ("by", "from"), actors, args, "source")
        self._prep_actors(noun, (*trig.preps, "between"), actors, args, "target")
        if not args.targets:
            # "a suspension of air links with Serbia": the target hangs off what it is about
            for child in noun.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            self._prep_actors(pobj, trig.preps, actors, args, "target")
        if args.sources:
            return
        if names_an_occasion(noun):
            # "expelled diplomats over the poisoning": the expellers did not poison
            args.steps.append("source.none_occasion")
            return
        verb = self._governing_verb(noun)
        if verb is None:
            if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
                self._prep_actors(noun.head, ("between", "with"), actors, args, "target")
            return
        steps: list[str] = []
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head == verb:
            # "trade deals were achieved between the two nations"
            self._prep_actors(verb, ("between", "with", "by"), actors, args, "target")
            if args.symmetric_group or args.targets:
                args.steps.append("actors.governing_verb")
                return
        if self._imputes(verb):
            # "Britain accused Russia of the attack": the accused did it, not the accuser
            imputed = self._imputed(verb, actors)
            args.sources.extend(a for a in imputed if a not in args.sources)
            args.steps.append("source.imputed" if imputed else "source.none_imputed")
            return
        if _lemma(verb) in self.lex.word_lists.get("acts_upon", frozenset()):
            # "police broke up the rally": the police are not the ones rallying
            args.steps.append("source.none_acted_upon")
            return
        found = self._subject_of(verb, actors, steps)
        if found and _lemma(verb) in self.lex.word_lists.get("undergoes", frozenset()):
            # "he faces charges": the one charged, not the one charging
            args.targets.extend(a for a in found if a not in args.targets)
            args.steps.append("target.undergoer")
            self._prep_actors(verb, ("from", "by"), actors, args, "source")
            return
        if found:
            args.sources.extend(a for a in found if a not in args.sources)
            args.steps.append("source.governing_verb")
            args.steps.extend(steps)
            if not args.targets:
                self._prep_actors(verb, ("with", "between"), actors, args, "target")
                for child in verb.children:
                    if child.dep_ in ("dative", "iobj"):
                        args.targets.extend(self._actors(child, actors))

    def _reported_advice(self, modal: Any) -> Any | None:
        """The verb of "X said Y should/must do": a modal of obligation in a clause that a
        reporting verb reports, with a subject of its own; ``None`` otherwise."""
        verb = modal.head
        if modal.dep_ != "aux" or verb.dep_ != "ccomp" or verb.head == verb:
            return None
        if _lemma(verb.head) not in self.cues.report_verbs:
            return None
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return None
        return verb

    def _advice_arguments(self, modal: Any, actors: DocumentActors, args: Arguments) -> None:
        """Who says another should act asks it to: the reporter is the source, the one who
        should act the target."""
        verb = self._reported_advice(modal)
        if verb is None:
            return
        speaker = next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS), None)
        addressee = next(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
        sources = self._actors(speaker, actors) if speaker is not None else []
        codes = {a.code for a in sources}
        targets = [a for a in self._actors(addressee, actors) if a.code not in codes]
        if sources and targets:
            args.sources.extend(sources)
            args.targets.extend(targets)
            args.steps.extend(["source.reporter", "target.advised"])

    def _imputes(self, verb: Any) -> bool:
        """Whether ``verb`` lays an act at someone's door: "accused", "blamed", or a verb
        that holds someone to one of the ``blamed`` words ("held Russia responsible")."""
        if _lemma(verb) in self.lex.word_lists.get("imputes", frozenset()):
            return True
        blamed = self.lex.word_lists.get("blamed", frozenset())
        return any(
            c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and _lemma(c) in blamed
            for c in verb.children
        )

    def _imputed(self, verb: Any, actors: DocumentActors) -> list[Actor]:
        """Whom an accusing verb names as the doer: its object ("blamed Russia for"), or its
        passive subject ("Russia was accused of")."""
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                return self._actors(child, actors)
        return []

    def _reverse(
        self, trig: Trigger, token: Any, obj: Any | None, actors: DocumentActors, args: Arguments
    ) -> None:
        """Transfers read from the receiving side: subject receives, the supplier gives."""
        recipients = list(args.sources)
        suppliers = [a for a in args.targets if a not in recipients]
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "from":
                for pobj in child.children:
                    for actor in self._actors(pobj, actors, modifiers=True):
                        if all(actor.code != a.code for a in suppliers):
                            suppliers.append(actor)
        if not suppliers:
            scope = obj if obj is not None else token
            for tok in self._phrase_tokens(scope):
                for m in actors.by_head.get(tok.i, []):
                    for actor in m.actors:
                        known = recipients + suppliers
                        if actor.country and all(actor.country != a.country for a in known):
                            suppliers.append(actor)
        if suppliers:
            args.steps.append("transfer.supplier")
        elif len({a.country for a in recipients if a.country}) >= 2:
            # "The Russian and Venezuelan leaders negotiated the acquisition of tanks".
            ranked, rest = self._supplier_first(recipients[:2])
            suppliers = ranked
            recipients = rest + recipients[2:]
            args.steps.append("transfer.direction_prior")
        recipients = [a for a in recipients if all(a.country != s.country for s in suppliers)]
        args.sources, args.targets = suppliers, recipients

    @staticmethod
    def _phrase_tokens(token: Any) -> list[Any]:
        """A noun phrase's tokens, without the relative clauses that hang off it."""
        out = [token]
        for child in token.children:
            if child.dep_ in ("relcl", "acl", "advcl", "punct", "appos"):
                continue
            out.extend(EventExtractor._phrase_tokens(child))
        return out

    # -- events --------------------------------------------------------------------------

    def __call__(self, doc: Any, actors: DocumentActors, document: Document) -> list[Event]:
        events: list[Event] = []
        if not political_document(doc, actors):
            return events
        tokens = view(doc).tokens
        for sent_index, sent in enumerate(view(doc).sents):
            held = {}
            for token in tokens[sent.start : sent.end]:
                found = self.matches(token)
                if found:
                    held[token.i] = found
            hits = {i: found[0] for i, found in held.items()}
            taken = {obj.i for _, obj in hits.values() if obj is not None}
            for i, (trig, obj) in hits.items():
                token = tokens[i]
                # "signed a treaty": the treaty is not a second event; nor are the sanctions
                # in "threatened Congo with sanctions", the content of another event's verb.
                if i in taken or self._absorbed(token, hits):
                    continue
                for trig, obj in held[i]:
                    coded = self._events_at(
                        doc, sent, sent_index, token, trig, obj, actors, document
                    )
                    if coded is not None:  # None: the entry is for other sources
                        events.extend(coded)
                        break
        return events

    @staticmethod
    def _absorbed(token: Any, hits: dict[int, Any]) -> bool:
        if token.pos_ in ("VERB", "AUX") and token.dep_ in ("xcomp", "ccomp"):
            # "urged the Red Cross to deliver food": the act asked for is not coded
            head = token.head
            return (
                head.i in hits and hits[head.i][0].type in DIRECTING_TYPES and head.pos_ == "VERB"
            )
        if token.pos_ not in ("NOUN", "PROPN"):
            return False
        tok = token
        for _ in range(3):
            if tok.dep_ not in ("dobj", "pobj", "prep") or tok.head == tok:
                return False
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                # "threatened X with sanctions", "accused X of attacks": the content of a
                # verbal act; but "negotiating the purchase" keeps the purchase.
                return tok.i in hits and hits[tok.i][0].type in ABSORBING_TYPES
            if tok.pos_ in ("NOUN", "PROPN"):
                return False  # "negotiations for the acquisition": a noun's own content
        return False

    def _events_at(
        self,
        doc: Any,
        sent: Any,
        sent_index: int,
        token: Any,
        trig: Trigger,
        obj: Any | None,
        actors: DocumentActors,
        document: Document,
    ) -> list[Event] | None:
        """The events one lexicon entry codes at ``token``; ``None`` when the entry is for
        other sources than those found (the next entry for the word is tried)."""
        args = self.arguments(trig, token, obj, actors)
        if (
            not args.sources
            and token.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in token.children)
            and token.dep_ in ("ROOT",)
        ):
            self._fallbacks(trig, token, sent, actors, args)
        if not args.sources and trig.type in AUTHORITY_ACTS:
            self._reporting_authority(token, actors, args)
        if (
            args.sources
            and not args.targets
            and _lemma(token) in self.lex.word_lists.get("answers_charge", frozenset())
        ):
            self._accuser(token, sent, actors, args)
        actorless = not args.sources and not args.targets
        if actorless and (
            trig.type not in ACTORLESS_TYPES
            or token.dep_ in BACKGROUND_DEPS
            or (token.pos_ in ("NOUN", "PROPN") and not _reported_as_happening(token))
            or any(c.dep_ in SUBJECT_DEPS for c in token.children)
        ):
            # kept: "was arrested", "the protests continued"; not a doer who is named but
            # is no political actor ("a man demolished the shed")
            return []
        if actorless:
            args.steps.append("actors.none")
        elif (
            trig.type != "PROTEST"
            and args.sources
            and all(a.sector == "CVL" for a in (*args.sources, *args.targets))
        ):
            # "a man demolished his shed", "a woman attacked her neighbour": private life.
            # Civilians are in event data as the targets of an act ("a man was arrested").
            return []
        elif all(a.sector in PRIVATE_SECTORS for a in (*args.sources, *args.targets)):
            # "several companies have pledged to diversify hiring": firms among themselves
            return []
        if not args.targets and trig.type in PLACE_TARGET_TYPES and len(args.sources) < 2:
            self._place_target(token, sent, actors, args)
        if args.sources and all(a.country is None for a in args.sources):
            self._locate_sources(token, actors, args)
        if trig.type in MATERIAL_TARGET_TYPES:
            # "suicide bombers attacked Paris": a city attacked is the place, not its government
            args.targets = [
                replace(a, sector=None, code=a.country or a.code, rule=a.rule + "+event_place")
                if a.rule.startswith("actor.capital.metonymy")
                else a
                for a in args.targets
            ]
        if trig.type in SPOKEN_TYPES and self._said_by_materiel(token):
            return []  # "the tanks might want Obama to head back": weapons do not ask
        if trig.needs_target and not args.targets and not args.symmetric_group:
            return []  # "support growth", "train tickets", "what X calls Y": no one acted upon
        if trig.source_sectors and not any(a.sector in trig.source_sectors for a in args.sources):
            return None
        if trig.source_sectors_not and any(
            a.sector in trig.source_sectors_not for a in args.sources
        ):
            return None
        decision = decide_modality(token, self.cues)
        if actorless and decision.modality == "negated":
            return []  # "the officer was not injured": nothing happened, and to no one named
        attribution = None
        if decision.attribution is not None:
            found = self._actors(decision.attribution, actors, modifiers=True)
            attribution = found[0] if found else None
        context = trig.context or self._context(token, obj)
        confidence = trig.confidence
        if args.sources and args.targets:
            confidence += 0.15
        if args.fallback:
            confidence -= 0.2
        if actorless:
            confidence -= 0.25
        confidence += self._prominence(token)
        confidence = max(0.05, min(0.99, confidence))
        event_type, cameo_code, modality, step = self._recode(
            trig, context, decision, bool(args.sources)
        )
        if step:
            args.steps.append(step)
        phrase = token.text if obj is None else f"{token.text} … {obj.text}"
        start = token.idx
        end = token.idx + len(token.text)
        sentence = view(doc).text[sent.start_char : sent.end_char].rstrip()  # sent.text
        evidence = Evidence(
            doc=document.doc_id,
            sentence_index=sent_index,
            sentence=sentence,
            sentence_start=sent.start_char,
            sentence_end=sent.start_char + len(sentence),
            start=start,
            end=end,
            trigger=phrase,
            rule=" ".join([trig.id, *dict.fromkeys(args.steps)]),
        )
        entry = lookup(cameo_code)
        base = Event(
            doc=document.doc_id,
            doc_hash=document.content_hash[:16],
            type=event_type,
            cameo=cameo_code,
            goldstein=entry.goldstein,
            quad_class=entry.quad_class,
            source=(),
            target=(),
            modality=modality,
            modality_cue=decision.cue,
            attribution=attribution,
            evidence=evidence,
            confidence=confidence,
            context=context,
        )
        materiel = self._materiel(token, obj) if context == "military" else []
        if materiel:
            base = replace(base, extras={"materiel": materiel})
        return self._pairs(base, trig, args)

    def _materiel(self, token: Any, obj: Any | None) -> list[str]:
        """Weapons and equipment named in the event's phrase: "Sukhoi fighter jets"."""
        arms = self.lex.word_lists.get("arms", frozenset())
        scope = obj if obj is not None and token.pos_ in ("VERB", "AUX") else token
        found: list[str] = []
        for tok in self._phrase_tokens(scope):
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
                continue
            if tok.lower_ not in arms and tok.lemma_.lower() not in arms:
                continue
            measure = tok.lower_ in ("number", "fleet", "batch", "system", "systems", "equipment")
            if measure and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                continue  # "a fleet of helicopters": the measure is not the item
            mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "nummod")]
            start = min([tok.i] + [m.left_edge.i for m in mods])
            found.append(tok.doc[start : tok.i + 1].text)
        return found

    def _prominence(self, token: Any) -> float:
        """Main-clause events outrank those nested under other verbs or nouns; a report
        verb's complement ("X said it rejected ...") counts as a main clause."""
        depth = 0
        tok = token
        while tok.dep_ != "ROOT" and tok.head != tok and depth < 6:
            reported = (
                tok.dep_ in ("ccomp", "parataxis")
                and tok.head.dep_ == "ROOT"
                and (tok.head.lemma_.lower() in self.cues.report_verbs)
            )
            if not reported:
                depth += 1
            tok = tok.head
        return 0.1 if depth == 0 else -0.04 * min(depth, 4)

    def _fallbacks(
        self, trig: Trigger, token: Any, sent: Any, actors: DocumentActors, args: Arguments
    ) -> None:
        """No actor in the parse: take the nearest actor before the trigger in its sentence."""
        best = None
        for m in actors.mentions:
            if m.reading != "actor" or not (sent.start <= m.head < token.i):
                continue
            if best is None or m.head > best.head:
                best = m
        if best is not None:
            args.sources.extend(best.actors)
            args.steps.append("source.nearest_before")
            args.fallback = True

    def _reporting_authority(self, token: Any, actors: DocumentActors, args: Arguments) -> None:
        """An arrest or charge reported in the passive by the police, a court or a
        government ("Ranger was charged, police say") was made by that authority."""
        if not any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children):
            return
        clause = token
        for _ in range(3):
            if clause.dep_ in ("ccomp", "parataxis") and _lemma(clause.head) in (
                self.cues.report_verbs
            ):
                speaker = next((c for c in clause.head.children if c.dep_ in SUBJECT_DEPS), None)
                found = self._actors(speaker, actors) if speaker is not None else []
                found = [a for a in found if a.sector in AUTHORITY_SECTORS]
                if found:
                    args.sources.extend(found)
                    args.steps.append("source.reporting_authority")
                return
            if clause.dep_ not in ("conj", "advcl") or clause.head == clause:
                break
            clause = clause.head
        # "A man was arrested after police say drugs were found": the authority that
        # reports in the same sentence, wherever its clause hangs
        for verb in view(token.doc).tokens[token.sent.start : token.sent.end]:
            if verb.i == token.i or _lemma(verb) not in self.cues.report_verbs:
                continue
            speaker = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            found = self._actors(speaker, actors) if speaker is not None else []
            found = [a for a in found if a.sector in AUTHORITY_SECTORS]
            if found:
                args.sources.extend(found)
                args.steps.append("source.reporting_authority")
                return

    def _said_by_materiel(self, token: Any) -> bool:
        materiel = self.lex.word_lists.get("materiel_nouns", frozenset())
        return any(c.dep_ in ("nsubj", "csubj") and _lemma(c) in materiel for c in token.children)

    def _accuser(self, token: Any, sent: Any, actors: DocumentActors, args: Arguments) -> None:
        """A denial answers whoever laid the charge in its sentence: "Britain blames Russia,
        which Russia denies" is Russia rejecting Britain."""
        accusing = self.lex.word_lists.get("imputes", frozenset()) | self.lex.word_lists.get(
            "alleges", frozenset()
        )
        denier = {a.country or a.code for a in args.sources}
        for verb in view(token.doc).tokens[sent.start : sent.end]:
            if (
                verb.i == token.i
                or verb.pos_ not in ("VERB", "AUX")
                or _lemma(verb) not in accusing
            ):
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None:
                continue
            accusers = self._actors(subject, actors)
            if not accusers or any((a.country or a.code) in denier for a in accusers):
                continue
            accused = {
                a.country or a.code
                for tok in verb.subtree
                if tok.i != token.i and not (subject.left_edge.i <= tok.i <= subject.right_edge.i)
                for m in actors.by_head.get(tok.i, [])
                for a in m.actors
            }
            if accused & denier:
                args.targets.extend(a for a in accusers if a not in args.targets)
                args.steps.append("target.accuser")
                return

    def _place_target(self, token: Any, sent: Any, actors: DocumentActors, args: Arguments) -> None:
        """A place in the event's clause stands in for a missing target ('a curfew in Cizre')."""
        scope = token if token.pos_ in ("VERB", "AUX") else (self._governing_verb(token) or token)
        places = [
            pobj
            for head in (token, scope)
            for prep in head.children
            if prep.dep_ == "prep"
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        places = [t for p in places for t in self._phrase_tokens(p)]
        for tok in places:
            for m in actors.by_head.get(tok.i, []):
                if m.reading != "place":
                    continue
                for actor in m.actors:
                    if actor.country and all(actor.country != a.code for a in args.targets):
                        args.targets.append(
                            replace(
                                actor,
                                sector=None,
                                code=actor.country,
                                rule=actor.rule + "+event_place",
                            )
                        )
        if args.targets:
            args.steps.append("target.place")

    def _locate_sources(self, token: Any, actors: DocumentActors, args: Arguments) -> None:
        """Unnamed local actors take the country where they act: "supporters blocked roads
        in Algiers" -> Algerian supporters."""
        scope = token if token.pos_ in ("VERB", "AUX") else (self._governing_verb(token) or token)
        for prep in scope.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "at", "inside", "across"):
                continue
            for pobj in prep.children:
                for tok in self._phrase_tokens(pobj):
                    for m in actors.by_head.get(tok.i, []):
                        country = next((a.country for a in m.actors if a.country), None)
                        if m.reading == "place" and country:
                            args.sources = [
                                replace(
                                    a,
                                    country=country,
                                    code=make_code(country, a.sector, ""),
                                    rule=a.rule + "+event_place",
                                )
                                for a in args.sources
                            ]
                            args.steps.append("source.event_place")
                            return

    @staticmethod
    def _context(token: Any, obj: Any | None) -> str | None:
        near = [c for c in token.children if c.dep_ not in ("ccomp", "advcl", "conj", "xcomp")]
        words = {w.lower_ for c in near for w in c.subtree} | {token.lower_}
        if obj is not None:
            words |= {w.lower_ for w in obj.subtree}
        if words & {"military", "arms", "weapons", "defence", "defense", "troops", "army", "tanks"}:
            return "military"
        if words & {"trade", "economic", "energy", "financial", "oil", "gas", "investment"}:
            return "economic"
        return None

    def _recode(
        self, trig: Trigger, context: str | None, decision: Any, has_source: bool = True
    ) -> tuple[str, str, str, str | None]:
        """Type, CAMEO code and modality after CAMEO's intent, threat and refusal rules.
        Intent, threat and refusal are someone's: an event with no source keeps its type."""
        code = self._cameo(trig, context)
        if not has_source:
            return trig.type, code, decision.modality, None
        if decision.modality == "negated" and trig.type in COOPERATIVE:
            return "REJECT", REFUSAL_CODES[trig.type], decision.without_negation, "type.refusal"
        if decision.modality == "planned" and decision.conditional == "unless":
            # "will withdraw its force unless ...": an ultimatum
            return "THREATEN", THREAT_CODES.get(trig.type, "130"), "planned", "type.ultimatum"
        if decision.modality == "planned" and decision.intent:
            if trig.type in COOPERATIVE and trig.type != "AGREE":
                return "AGREE", INTENT_CODES[trig.type], "planned", "type.intent"
            if trig.type in FORCEFUL:
                return "THREATEN", THREAT_CODES[trig.type], "planned", "type.threat"
        return trig.type, code, decision.modality, None

    @staticmethod
    def _cameo(trig: Trigger, context: str | None) -> str:
        if trig.cameo in ("060",) and context == "military":
            return "062"
        if trig.cameo in ("060",) and context == "economic":
            return "061"
        return trig.cameo

    @staticmethod
    def _known_first(group: list[Actor]) -> list[Actor]:
        """Drop actors of unknown country and regions when a state stands in the same role."""
        known = [a for a in group if a.country]
        return known if known else [a for a in group if a.kind != "region"] or group

    def _pairs(self, base: Event, trig: Trigger, args: Arguments) -> list[Event]:
        """One event per source-target pair; symmetric groups give reciprocal pairs."""
        sources, targets = self._known_first(args.sources), self._known_first(args.targets)
        if trig.unknown_direction and not targets and len(sources) == 2:
            sources, targets = self._supplier_first(sources)
            args.steps.append("transfer.direction_prior")
            return [
                replace(
                    base,
                    source=(sources[0],),
                    target=(targets[0],),
                    evidence=replace(
                        base.evidence, rule=base.evidence.rule + " transfer.direction_prior"
                    ),
                )
            ]
        symmetric = (trig.symmetric or args.symmetric_group) and not targets and len(sources) > 1
        if symmetric and not args.symmetric_group and any(s in args.steps for s in BORROWED):
            # "Germany, France and Britain should prosecute their citizens fighting in Syria":
            # the states are not fighting each other; no pairs among borrowed sources.
            return [replace(base, source=(s,)) for s in sources]
        if symmetric:
            out = []
            for i, a in enumerate(sources):
                for b in sources[i + 1 :]:
                    if a.country == b.country and a.code == b.code:
                        continue
                    out.append(replace(base, source=(a,), target=(b,), reciprocal=True))
            return out
        if not sources and not targets:
            return [base]  # a material event nobody is named in: "shops were looted"
        if not targets:
            return [replace(base, source=(s,)) for s in sources]
        if not sources:
            return [replace(base, target=(t,)) for t in targets]
        out = []
        crossing = any(s.country != t.country for s, t in product(sources, targets))
        for s, t in product(sources, targets):
            if _same_actor(s, t):
                continue
            if crossing and s.country == t.country:
                continue  # "the two governments negotiated with Turkey": not Turkey with itself
            out.append(replace(base, source=(s,), target=(t,), reciprocal=trig.symmetric and False))
        if not out:
            out = [replace(base, source=(sources[0],))]
        return out

    @staticmethod
    def _supplier_first(pair: list[Actor]) -> tuple[list[Actor], list[Actor]]:
        ranks = {c: i for i, c in enumerate(arms_exporters())}
        a, b = pair
        ra = ranks.get(a.country or "", 999)
        rb = ranks.get(b.country or "", 999)
        return ([a], [b]) if ra <= rb else ([b], [a])
