"""Find the lexicon entries whose constraints hold at a token.

A trigger is a word that the lexicon lists (``data/triggers.yaml``) and whose
constraints hold (objects, modifiers, particles, complements). The most specific entry
is tried first; an entry for particular sources may give way to the next one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..nlp.clauses import prep_objects
from ..when.vocabulary import vocabulary
from .grammar import (
    act_pressed_for,
    content_of_noun,
    infinitive_of_noun,
    lemma_of,
    named_by_predicate,
    naming_predicates,
    reported_advice,
    with_conjuncts,
    words_of,
)
from .lexicon import EventLexicon, Trigger
from .modality import ModalityCues

# spaCy's coarse tags to the parts of speech that lexicon triggers are listed under.
TRIGGER_POS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}
TEMPORAL_ENTITIES = frozenset({"DATE", "TIME"})

# Verbs in re- that do not repeat the act their rest names: "recommended" is no
# commendation, "repressing" no pressing for something, "reported" no port.
NOT_REPEATED = frozenset(
    {
        "recommend",
        "repress",
        "report",
        "recall",
        "remark",
        "reserve",
        "relieve",
        "regard",
        "retire",
        "reveal",
        "resent",
        "resort",
        "recount",
        "resolve",
        "reform",
        "respect",
        "register",
        "retain",
        "refer",
        "recover",
        "release",
        "remember",
    }
)


def _complemented(verb: Any, words: frozenset[str]) -> bool:
    """Whether the verb's clausal complement is one of ``words``: "agreed to talk", "said
    Russia was involved", "said Russia was responsible" (the adjective of a copula), "said
    Russia acted recklessly" (an adverb made of one)."""
    for clause in verb.children:
        if clause.dep_ not in ("xcomp", "ccomp"):
            continue
        if lemma_of(clause) in words:
            return True
        if any(c.dep_ in ("acomp", "attr") and lemma_of(c) in words for c in clause.children):
            return True
        if any(c.dep_ == "advmod" and _adjective_of(c.lower_) in words for c in clause.children):
            return True  # "said Peru had acted irresponsibly"
    return False


def _adjective_of(adverb: str) -> str:
    """The adjective an adverb in -ly is made from: "irresponsibly" -> "irresponsible",
    "illegally" -> "illegal" (other words as they are)."""
    if adverb.endswith(("ibly", "ably")):
        return adverb[:-1] + "e"
    return adverb[:-2] if adverb.endswith("ly") else adverb


def _asks_another(verb: Any) -> bool:
    """Whether ``verb`` has another's act as its complement: "wants London to answer"; for
    a noun, an act it presses for ("pressure on Assad to make concessions")."""
    if verb.pos_ in ("NOUN", "PROPN"):
        return act_pressed_for(verb) is not None
    return _tells_another(verb) or any(
        child.dep_ in ("ccomp", "xcomp")
        and any(g.dep_ == "nsubj" and g.i < child.i for g in child.children)
        for child in verb.children
    )


# Auxiliaries of a clause that asserts what is or will be, not what should be.
ASSERTING_AUXILIARIES = frozenset(
    {"did", "does", "do", "would", "will", "can", "could", "may", "might", "'d", "'ll", "wo", "ca"}
)
# Modals of a clause that says what should be done.
MANDATING_MODALS = frozenset({"should", "must", "ought", "shall"})


def _asserts(verb: Any) -> bool:
    """Whether the that-clause of ``verb`` asserts what is, was or will be ("insisted that
    Isis remained a threat", "insists it cannot house them"), rather than what should be
    ("insisted that Assad step aside", "insisted that courts should deal with them")."""
    for clause in verb.children:
        if clause.dep_ != "ccomp":
            continue
        auxiliaries = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
        if clause.lemma_ == "need" or any(a.lower_ in MANDATING_MODALS for a in auxiliaries):
            return False
        if clause.tag_ in ("VBD", "VBZ", "VBN", "VBG"):
            return True
        return any(
            a.lower_ in ASSERTING_AUXILIARIES or a.tag_ in ("VBD", "VBZ") for a in auxiliaries
        )
    return False


def _tells_another(verb: Any) -> bool:
    """Whether ``verb`` tells its object to act: "warned Damascus not to attack"."""
    return any(
        child.dep_ == "xcomp" and any(c.dep_ == "dobj" and c.i < child.i for c in verb.children)
        for child in verb.children
    )


def _temporal(prep: Any) -> bool:
    """Whether a preposition only dates ("a strike on Monday", "called on 3 May"): its
    object is a date; a month name alone may be a person ("called on May to act")."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    months = vocabulary().month_names
    return bool(objects) and all(
        o.ent_type_ in TEMPORAL_ENTITIES and not (o.lower_ in months and not list(o.children))
        for o in objects
    )


def _specificity(trig: Trigger) -> int:
    """Order of trial among a word's entries: those that need particular words ("struck a
    deal") first, then those for particular sources ("workers strike"), then the rest."""
    if (
        trig.objects
        or trig.particle
        or trig.particle_or_prep
        or trig.complements
        or trig.predicates
        or trig.tells_another
    ):
        return 0
    if trig.modifiers or trig.source_sectors:
        return 1
    return 2


class TriggerMatcher:
    """The lexicon's entries that hold at a token."""

    def __init__(self, lexicon: EventLexicon, cues: ModalityCues) -> None:
        self.lex = lexicon
        self.cues = cues
        self.violent = lexicon.types.having("violent")
        self.naming_verbs = lexicon.words("naming_verbs")

    def match(self, token: Any) -> tuple[Trigger, Any | None] | None:
        """The most specific lexicon entry whose constraints hold at ``token``."""
        found = self.matches(token)
        return found[0] if found else None

    def matches(self, token: Any) -> list[tuple[Trigger, Any | None]]:
        """Every lexicon entry whose constraints hold at ``token``, the most specific first;
        an entry for some sources only ("workers strike") before the general one, which
        stands in when the sources are others ("rebels struck")."""
        pos = TRIGGER_POS.get(token.pos_)
        if token.tag_ == "MD" and reported_advice(token, self.cues.report_verbs) is not None:
            pos = "MODAL"  # "Kinew said the government should use the money"
        if pos is None or (pos == "NOUN" and token.dep_ == "compound"):
            return []
        if token.ent_type_ in TEMPORAL_ENTITIES:
            return []  # "March 31", "the weekend": a date, not a protest or a break
        lemma = lemma_of(token)
        candidates = self._candidates(pos, token)
        if (
            not candidates
            and lemma.startswith("re")
            and len(lemma) > 5
            and lemma not in NOT_REPEATED
        ):
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
        if trig.plural_only and lemma_of(token) in trig.plural_only and token.tag_ != "NNS":
            return False
        if trig.pos == "ADJ" and not self._adjective_completed(trig, token):
            return False  # "ready to help" is an event, "ready" alone is not
        if trig.not_complements and any(
            c.dep_ in ("xcomp", "ccomp") and lemma_of(c) in trig.not_complements
            for c in token.children
        ):
            return False  # "pledged to destroy the YPG" is a threat, not an agreement
        if trig.pos == "VERB" and trig.complements and not _complemented(token, trig.complements):
            return False
        if trig.predicates and not named_by_predicate(token, trig.predicates):
            return False  # "called X a liar" is a denunciation, "called X" a call
        if trig.pos == "NOUN" and self._named_as(token):
            return False  # "branded the government a threat": what it is called
        if trig.tells_another and not _tells_another(token):
            return False  # "warned X not to attack" is an appeal; "warned of famine" no act
        if trig.defers_to_content and any(
            self.matches(c) for c in token.children if c.dep_ == "xcomp"
        ):
            return False  # "ordered the paper to suspend publication": the suspension
        if trig.intransitive and (
            token.dep_ == "acl" or any(c.dep_ in ("dobj", "nsubjpass") for c in token.children)
        ):
            return False  # "signed the bill", "a letter signed by MPs": a paper, no deal
        if trig.transitive and not (
            token.dep_ in ("acl", "amod", "oprd")
            or any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in token.children)
        ):
            return False  # "the court closed this week": nothing closed by anyone
        if trig.mandative and _asserts(token):
            return False  # "insisted that Isis remained a threat": a claim, not a demand
        if trig.asks_another and not _asks_another(token):
            return False  # "wants a deal", "wants to visit": its own wish, not a request
        if trig.pos == "NOUN" and token.dep_ in ("attr", "oprd"):
            return False  # "Ghouta is the massacre of this century": a description
        if trig.not_objects and any(
            words_of(o) & trig.not_objects
            for o in (*self._object_tokens(token), *_with_objects(token))
        ):
            return False  # "fighting terrorism" is not a battle, nor "met with criticism" a meeting
        mods = {c for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss")}
        mod_words = set().union(*(words_of(m) for m in mods)) if mods else set()
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
            mod_words & trig.modifiers or any(words_of(g) & trig.modifiers for g in of_objects)
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
        if trig.not_particles and any(
            c.dep_ == "prt" and c.lower_ in trig.not_particles for c in token.children
        ):
            return False  # "held off the army", "keep out migrants"
        if (
            not trig.predicates
            and token.pos_ == "VERB"
            and lemma_of(token) in self.naming_verbs
            and any(p.ent_type_ not in ("DATE", "TIME") for p in naming_predicates(token))
        ):
            return False  # "a son called Carlos": a name given, not a phone call
        if trig.not_preps and any(
            c.dep_ in ("prep", "agent") and c.lower_ in trig.not_preps for c in token.children
        ):
            return False  # "retaliated with an attack": the attack is the event
        if (
            trig.particle_or_prep
            and not any(
                c.dep_ in ("prt", "prep", "advmod")
                and c.lower_ in trig.particle_or_prep
                and not _temporal(c)
                for c in token.children
            )
            and not _marked_clause(token, trig.particle_or_prep)
        ):
            return False
        if not trig.objects:
            return None
        for obj in self._object_tokens(token):
            if obj.dep_ == "compound" and obj.head.i != token.i and self._violent_noun(obj.head):
                continue  # "ordered a missile strike": a strike was ordered, not missiles
            if words_of(obj) & trig.objects:
                return obj
        return False

    def _named_as(self, noun: Any) -> bool:
        """Whether a noun is what a naming verb calls someone ("a threat to peace")."""
        verb = noun.head
        if verb.pos_ not in ("VERB", "AUX") or lemma_of(verb) not in self.naming_verbs:
            return False
        return any(noun == p for p in naming_predicates(verb))

    def _violent_noun(self, noun: Any) -> bool:
        """Whether a noun names an act of violence ("strike", "attack", "raid")."""
        if noun.pos_ != "NOUN":
            return False
        return any(t.type in self.violent for t in self._candidates("NOUN", noun))

    def _candidates(self, pos: str, token: Any) -> list[Trigger]:
        """The lexicon entries of ``pos`` listed under the token's lemma, else its form."""
        return self.lex.candidates(pos, lemma_of(token)) or self.lex.candidates(pos, token.lower_)

    @staticmethod
    def _adjective_completed(trig: Trigger, token: Any) -> bool:
        """An adjective reports an event only with its complement: "ready to talk" (a verb
        from ``complements`` when the entry lists them), "angry over the shield" (a phrase
        with one of the entry's prepositions when it lists none)."""
        if trig.complements:
            return any(
                c.dep_ == "xcomp" and lemma_of(c) in trig.complements for c in token.children
            )
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
                if child.dep_ == "prep" and child.lower_ in ("of", "for", "against"):
                    # "the battle against the water crisis": what the fight is about
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            yield from pobj.subtree
            return
        heads = [token]
        heads += [c for c in token.children if c.dep_ == "xcomp"]
        for head in heads:
            for child in head.children:
                if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative"):
                    for obj in with_conjuncts(child):
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
        if token.dep_ == "relcl" or (
            token.dep_ == "acl" and not infinitive_of_noun(token) and not content_of_noun(token)
        ):
            # "the tanks sold to Venezuela"; not "plans to attack": what is planned
            yield token.head


def _with_objects(verb: Any) -> list[Any]:
    """The objects of a verb's "with" phrases ("met with criticism")."""
    return prep_objects(verb, ("with",)) if verb.pos_ == "VERB" else []


def _marked_clause(token: Any, words: frozenset[str]) -> Any | None:
    """A clause introduced by one of ``words`` that the parser hangs on a verb, or on the
    verb whose object a noun is: it reads "called *for* Peru to withdraw" and "renewed its
    calls *for* Peru to withdraw" as clauses marked by "for", not as prepositional phrases."""
    verb = token
    if token.pos_ == "NOUN":
        if token.dep_ != "dobj":
            return None
        verb = token.head
    for clause in verb.children:
        if (
            clause.dep_ in ("advcl", "ccomp", "xcomp")
            and clause.i > token.i
            and any(m.dep_ == "mark" and m.lower_ in words for m in clause.children)
        ):
            return clause
    return None
