"""Dependency-parse helpers that every part of the event extractor shares.

Only grammar lives here (dependency labels, tags, the shape of a phrase); what words and
event types mean is data (``data/triggers.yaml``, ``data/types.yaml``).
"""

from __future__ import annotations

from typing import Any

SUBJECT_DEPS = ("nsubj", "csubj")
CONTENT_PREPS = frozenset({"to", "with", "against", "on", "from", "into", "for", "over", "at"})
# Where a trigger with nobody named describes rather than reports: "the exiled dissidents",
# "a pause in the bombing".
BACKGROUND_DEPS = frozenset({"amod", "compound", "pobj", "npadvmod", "nmod", "poss"})
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


# Subordinators of a condition: "if the Turks attack", "unless Iran halts enrichment".
CONDITION_MARKS = frozenset({"if", "unless"})
# Spans of time over which an act is a standing relation, not news ("for decades").
LONG_SPANS = frozenset({"year", "decade", "generation", "century"})
# What one fights over years: "fought a four-decade insurgency" ("ended a 22-year rule"
# is news).
CONFLICTS = frozenset(
    {"war", "insurgency", "conflict", "campaign", "battle", "struggle", "rebellion"}
)


def lemma_of(token: Any) -> str:
    return token.lemma_.lower()


def words_of(token: Any) -> set[str]:
    return {token.lower_, lemma_of(token)}


def with_conjuncts(token: Any) -> list[Any]:
    """The token and the tokens coordinated with it ("Venezuela and Russia"); not one set
    against it by "not" ("to fight Isis, not Assad")."""
    found = [token]
    stack = [token]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in ("conj", "appos") and child not in found and not _negated(child):
                found.append(child)
                stack.append(child)
    return found


def _negated(conjunct: Any) -> bool:
    """Whether "not" comes right before a conjunct's phrase ("Isis, not Assad"; "Isis
    and not the army"), or hangs on it."""
    doc = conjunct.doc
    start = conjunct.left_edge.i
    before = [doc[i] for i in range(max(start - 2, 0), start)]
    return any(t.lower_ in ("not", "never") for t in before) or any(
        c.dep_ == "neg" for c in conjunct.children
    )


def phrase_tokens(token: Any) -> list[Any]:
    """A noun phrase's tokens, without the relative clauses that hang off it."""
    out = [token]
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "advcl", "punct", "appos"):
            continue
        out.extend(phrase_tokens(child))
    return out


def governing_verb(noun: Any) -> Any | None:
    """The verb a noun hangs from, through at most five links of ``CLIMB_DEPS``."""
    tok = noun
    for _ in range(5):
        if tok.dep_ not in CLIMB_DEPS or tok.head == tok:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


# Verbs whose subject is described, not reported as happening: "a massacre was imminent",
# "the battle is likely to be long", "strikes may be used to cover it up".
DESCRIBING_VERBS = frozenset({"be", "seem", "appear", "become", "remain", "look", "use"})


# Verbs whose object is an event they set off: "the killing sparked protests".
CAUSING_VERBS = frozenset(
    {"spark", "trigger", "provoke", "ignite", "unleash", "spur", "prompt", "touch"}
)


def reported_as_happening(noun: Any) -> bool:
    """Whether an event noun with nobody named is itself the news: the subject of its
    clause ("the protests continued", "clashes erupted", "shelling was reported") or what
    an event set off ("sparked protests", "sparked two weeks of protests and calls for
    reform"), not the object of something else ("filmed the assaults") nor the subject of
    a description ("a massacre was imminent", "strikes may be used")."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head  # "sparked protests and calls for reform"
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "dobj":
        noun = noun.head.head  # "sparked two weeks of protests", "a wave of strikes"
    if noun.dep_ == "dobj":
        # "the killing sparked protests": what an event sets off happens
        return noun.head.lemma_.lower() in CAUSING_VERBS
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return noun.head.lemma_.lower() not in DESCRIBING_VERBS


def to_infinitive(verb: Any) -> bool:
    """Whether a verb has the infinitive's "to": "*to attack*", "*to make* concessions"."""
    return any(c.tag_ == "TO" for c in verb.children)


def infinitive_of_noun(verb: Any) -> bool:
    """An infinitive clause describing a noun: "plans *to attack*", "the power *to bar*",
    "Britain's refusal *to back* the resolution" (not a participle: "a charge denied by")."""
    return verb.dep_ == "acl" and to_infinitive(verb)


def act_pressed_for(noun: Any) -> Any | None:
    """The act that a noun of pressing asks for: its infinitive ("pressure *to allow*
    refugees in"), or the infinitive of the verb that applies it ("put pressure on Assad
    *to make* concessions"); None when it names none ("economic pressure")."""
    for child in noun.children:
        if infinitive_of_noun(child):
            return child
    if noun.dep_ != "dobj":
        return None
    return next(
        (
            c
            for c in noun.head.children
            if c.dep_ in ("advcl", "xcomp") and c.i > noun.i and to_infinitive(c)
        ),
        None,
    )


def content_of_noun(verb: Any) -> bool:
    """A clause that says what a noun is about: "reports *that* the army attacked",
    "claims *that* Russia was involved", "guarantees *that* Turkey would not attack" (not a
    relative clause: "the convoy that the army attacked")."""
    return (
        verb.dep_ in ("acl", "ccomp")
        and any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in verb.children)
        and verb.head.pos_ in ("NOUN", "PROPN")
    )


def concessive(mark: Any) -> bool:
    """Whether an "if" says "even if": a concession, whose clause may well be so ("even if
    it criticises Iran's missile programme")."""
    return mark.lower_ == "if" and mark.i > 0 and mark.doc[mark.i - 1].lower_ == "even"


def in_a_condition(token: Any) -> bool:
    """Whether ``token`` is part of a condition: an "if"/"unless" clause ("if the Turks
    attack", "unless Iran halts enrichment"), "in the event of"/"in case of" ("in the
    event of a US strike") or an "in case" clause ("in case they are killed"). A
    condition is supposed, not reported."""
    for here in (token, *token.ancestors):
        if here.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CONDITION_MARKS and not concessive(c)
            for c in here.children
        ):
            return True
        if here.dep_ == "pobj" and here.head.lower_ == "of" and _in_case_of(here.head.head):
            return True
        if here.dep_ in ("advcl", "ccomp", "acl", "relcl") and _after_in_case(here):
            return True  # "a statement to make in case they are killed"
        if here.dep_ in ("ROOT", "ccomp", "relcl", "acl", "parataxis"):
            return False  # a clause of its own: what it reports is not the condition
    return False


def in_an_open_question(token: Any) -> bool:
    """Whether ``token`` is part of an open question: a clause that "whether" opens, or
    "if" as the object of a verb or noun ("questions about whether Europe will lift
    sanctions", "asked if Turkey would attack"). What is asked is not reported; the
    asking is."""
    for here in (token, *token.ancestors):
        marks = {c.lower_ for c in here.children if c.dep_ == "mark"}
        if "whether" in marks and here.dep_ != "ROOT":
            return True
        if "if" in marks and here.dep_ in ("ccomp", "pcomp", "xcomp"):
            return True
        if here.dep_ in ("ROOT", "ccomp", "relcl", "acl", "parataxis", "advcl", "pcomp"):
            return False  # a clause of its own, opened by no question word
    return False


def told_as_lasting_years(token: Any) -> bool:
    """Whether an act is told as lasting years, a standing relation rather than news:
    "has been threatening the Kurds for years", "fought a four-decade insurgency", "the
    decades-long war". "Was jailed for eight years" is news: a span of years makes a
    standing relation only with a perfect and no count ("has ... for years"), or as what
    a war is fought over."""
    if token.pos_ in ("NOUN", "PROPN"):
        return _spans_years(token)
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children)
    if perfect and any(
        c.dep_ == "prep"
        and c.lower_ == "for"
        and any(
            p.dep_ == "pobj"
            and p.lemma_.lower() in LONG_SPANS
            and p.tag_ == "NNS"
            and not any(n.dep_ in ("nummod", "quantmod", "amod") for n in p.children)
            for p in c.children
        )
        for c in token.children
    ):
        return True  # "for years", "for decades"; "jailed for eight years" is a term
    return any(
        c.dep_ == "dobj" and c.lemma_.lower() in CONFLICTS and _spans_years(c)
        for c in token.children
    )


def _spans_years(noun: Any) -> bool:
    """ "a four-decade insurgency", "a 30-year conflict", "the decades-long war"."""
    for child in noun.children:
        if child.dep_ == "compound" and child.lemma_.lower() in LONG_SPANS:
            return any(c.dep_ == "nummod" for c in child.children)
        if child.dep_ == "amod" and child.lower_ == "long":
            return any(c.lemma_.lower() in LONG_SPANS for c in child.children)
    return False


def _after_in_case(clause: Any) -> bool:
    """Whether a clause follows the words "in case" ("in case they are killed"), however
    the parser attached it."""
    start = clause.left_edge.i
    doc = clause.doc
    return start >= 2 and doc[start - 2].lower_ == "in" and doc[start - 1].lower_ == "case"


def _in_case_of(noun: Any) -> bool:
    """ "in the event of", "in case of"; not "in the specific case of Saturday's attack"."""
    if noun.head.lower_ != "in":
        return False
    if noun.lower_ == "event":
        return True
    return noun.lower_ == "case" and not any(c.dep_ in ("det", "amod") for c in noun.children)


def reported_advice(modal: Any, report_verbs: frozenset[str]) -> Any | None:
    """The verb of "X said Y should/must do": a modal of obligation in a clause that a
    reporting verb reports, with a subject of its own; ``None`` otherwise."""
    verb = modal.head
    if modal.dep_ != "aux" or verb.dep_ != "ccomp" or verb.head == verb:
        return None
    if lemma_of(verb.head) not in report_verbs:
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    return verb


def reporter_of_stray_conjunct(verb: Any, report_verbs: frozenset[str]) -> Any | None:
    """The reporting verb whose subject also does ``verb`` when the parser hung ``verb`` on
    the reported description instead: in "the WHO said the situation was critical and
    called on all parties", *called* is parsed as coordinated with *was*, but the WHO
    calls. Only a description ("was critical", "is a violation") is taken so, and only a
    conjunct with no subject of its own in the reporting verb's tense; an act coordinated
    with an act ("said the army entered the town and killed five") keeps its clause. The
    caller checks that the description is of a thing, not of an actor ("Eric was head of
    the campaign and refused to ...")."""
    head = verb.head
    if verb.dep_ != "conj" or head.dep_ != "ccomp" or head.head == head:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    reporter = head.head
    if lemma_of(reporter) not in report_verbs or verb.tag_ != reporter.tag_:
        return None
    copular = head.lemma_ == "be" and not any(c.dep_ == "auxpass" for c in head.children)
    described = copular or any(c.dep_ == "cop" for c in head.children)
    return reporter if described else None


def naming_predicates(verb: Any) -> list[Any]:
    """What a naming verb calls its object or passive subject: "called the minister a
    liar" (liar), "labelled the move illegal" (illegal), "described Peru's decision as a
    provocation" (provocation), "was branded a traitor" (traitor); with conjuncts."""
    children = list(verb.children)
    if any(
        c.dep_ in ("dobj", "dative") and c.lower_.endswith(("self", "selves")) for c in children
    ):
        return []  # "portrayed himself a champion": what one calls oneself
    second_object = any(c.dep_ in ("dative", "nsubjpass") for c in children)
    objects = [c for c in children if c.dep_ == "dobj"]
    found = [
        c
        for c in children
        if c.dep_ in ("oprd", "acomp")
        or (second_object and c.dep_ in ("dobj", "attr"))
        # "held Peru responsible for the attack", misparsed as a clause of its own
        or (c.dep_ in ("advcl", "ccomp", "xcomp") and c.pos_ == "ADJ" and _after(c, objects))
    ]
    for holder in [verb, *objects]:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "as":
                found += [p for p in prep.children if p.dep_ == "pobj"]
    return [t for head in found for t in with_conjuncts(head)]


def for_infinitive(clause: Any) -> bool:
    """Whether a clause is "for X to do": marked by "for", with an infinitive (the parser's
    reading of "called for Peru to withdraw")."""
    return marked_by_for(clause) and any(c.tag_ == "TO" for c in clause.children)


def marked_by_for(clause: Any) -> bool:
    """Whether a clause is introduced by "for"."""
    return any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)


def _after(token: Any, objects: list[Any]) -> bool:
    """Whether ``token`` follows the first of ``objects`` (False when there is none)."""
    return bool(objects) and token.i > objects[0].i


def named_by_predicate(token: Any, words: frozenset[str]) -> bool:
    """Whether a naming verb calls its object one of ``words`` (the predicate's lemma or
    an adjective on it: "a leading contributor", "a dangerous man")."""
    for pred in naming_predicates(token):
        if lemma_of(pred) in words or pred.lower_ in words:
            return True
        if any(c.dep_ == "amod" and c.lower_ in words for c in pred.children):
            return True
    return False


def reduced_passive(verb: Any) -> bool:
    """A past participle that describes its noun: "a councillor arrested on Monday",
    "diplomats expelled by Britain" (the noun undergoes the act)."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "acl"
        and verb.head.pos_ in ("NOUN", "PROPN")
        and verb.head.dep_ != "ROOT"  # "A newspaper called on Arabs": a misparsed main verb
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    )


def absolute_passive(verb: Any) -> bool:
    """A participle in a "with" clause of its own, which the parser may read as a past
    tense with a subject: "with Isis ousted from Raqqa", "with the rebels defeated" (the
    subject undergoes the act; the main clause's subject did not do it)."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ in ("VBD", "VBN")
        and any(c.dep_ == "mark" and c.lower_ == "with" for c in verb.children)
        and any(c.dep_ == "nsubj" for c in verb.children)
        and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children)
    )


def coordinated_passive(verb: Any) -> bool:
    """A participle coordinated with a passive verb, sharing its auxiliary: "had been
    neutralized, killed, injured" (killed and injured are passive too)."""
    tok = verb
    for _ in range(6):
        if tok.tag_ != "VBN" or tok.dep_ != "conj":
            return False
        if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children):
            return False
        tok = tok.head
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
            return True
    return False


def is_passive(verb: Any) -> bool:
    """A passive verb: with a passive subject or auxiliary ("was killed"), a reduced
    relative ("a councillor arrested on Monday") or coordinated with a passive ("had
    been neutralized, killed")."""
    return (
        any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        or reduced_passive(verb)
        or coordinated_passive(verb)
        or absolute_passive(verb)
    )


def in_or_during(verb: Any) -> list[Any]:
    """The nouns of a verb's *in* and *during* phrases: "killed in an airstrike"."""
    return [
        noun
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ in ("in", "during")
        for noun in prep.children
        if noun.dep_ == "pobj"
    ]


def passive_subject(verb: Any) -> Any | None:
    """Who undergoes a passive verb: its subject; the noun a relative pronoun stands for
    ("Pike, who was arrested"); the noun a reduced relative describes ("a councillor
    arrested on Monday"); the subject shared with a coordinated verb ("was charged and
    was arrested")."""
    if absolute_passive(verb):
        return next(c for c in verb.children if c.dep_ == "nsubj")
    tok = verb
    for _ in range(4):
        subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            if subj.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                return tok.head
            return subj
        if reduced_passive(tok):
            return tok.head
        if tok.dep_ != "conj" or tok.head.pos_ not in ("VERB", "AUX"):
            return None
        tok = tok.head
        if any(c.dep_ in SUBJECT_DEPS for c in tok.children):
            return next(c for c in tok.children if c.dep_ in SUBJECT_DEPS)
    return None


def definite_or_dated(noun: Any) -> bool:
    """A noun phrase that refers to something known: "the ceasefire", "its sanctions",
    "this agreement", "the 2015 accord"."""
    for child in noun.children:
        if child.dep_ == "det" and child.lower_ in ("the", "this", "that", "these", "those"):
            return True
        if child.dep_ == "poss":
            return True
        if child.i < noun.i and (child.ent_type_ == "DATE" or child.like_num):
            return True
    return False


def done_by(noun: Any) -> Any | None:
    """The verb a noun (or the first of its conjuncts) is the subject of: "airstrikes
    killed five fighters"."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    if noun.dep_ == "nsubj" and noun.head.pos_ == "VERB":
        return noun.head
    return None


def agent_of(noun: Any) -> Any | None:
    """The passive verb a noun is the agent of: "was hit by an airstrike"."""
    if noun.dep_ == "pobj" and noun.head.dep_ == "agent":
        return noun.head.head
    return None


def doer_of(verb: Any) -> Any | None:
    """The noun subject of a verb."""
    return next(
        (c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None
    )
