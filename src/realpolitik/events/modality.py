"""Modality of an event: factual, negated, planned or speculative, and who says so.

The decision walks from the trigger up the dependency tree through the clauses
that govern it, collecting cues (auxiliaries, negation, adverbs, governing
verbs of intention or belief, nouns such as "negotiations for"). Every decision
names its cue, so it can be explained.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..yamlio import load_yaml
from .grammar import concessive, content_of_noun


@dataclass(frozen=True)
class ModalityCues:
    negation_words: frozenset[str]
    negating_verbs: frozenset[str]
    future_auxiliaries: frozenset[str]
    speculative_auxiliaries: frozenset[str]
    speculative_adverbs: frozenset[str]
    speculative_verbs: frozenset[str]
    planning_verbs: frozenset[str]
    planning_nouns: frozenset[str]
    speculative_nouns: frozenset[str]
    hearsay_subjects: frozenset[str]
    planning_modifiers: frozenset[str]
    speculative_modifiers: frozenset[str]
    intent_verbs: frozenset[str]
    report_verbs: frozenset[str]
    allegation_verbs: frozenset[str] = frozenset()
    refusing_verbs: frozenset[str] = frozenset()
    hearsay_passives: frozenset[str] = frozenset()
    threat_verbs: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def default_cues() -> ModalityCues:
    text = (
        resources.files("realpolitik.events").joinpath("data", "modality.yaml").read_text("utf-8")
    )
    data = load_yaml(text)
    return ModalityCues(**{k: frozenset(str(w).lower() for w in v) for k, v in data.items()})


@dataclass(frozen=True)
class ModalityDecision:
    modality: str
    cue: str | None  # the word that decided, e.g. "might", "intends", "not"
    attribution: Any | None  # the token of whoever says or believes it
    without_negation: str = "factual"  # what the modality would be were it not negated
    intent: bool = False  # planned because the actor says it will or means to ("will", "vows")
    conditional: str | None = None  # "if" / "unless" when a condition governs the event
    # negated by a refusal ("refused to meet") or a negated intent ("will not meet"); not
    # a plain negation of what happened ("did not attend", "failed to attend")
    refused: bool = False
    # planned because the actor says it will ("will strike", "would fight"), not because
    # it intends, plans or prepares it ("intends to fight", "a planned offensive")
    future: bool = False
    # planned because the actor vows or threatens it ("vowed to fight", "threatened to expel")
    threat: bool = False


NOUN_UP = frozenset(
    {
        "dobj",
        "pobj",
        "prep",
        "nsubjpass",
        "nsubj",
        "attr",
        "conj",
        "compound",
        "appos",
        "oprd",
        "npadvmod",
        "dative",
        "pcomp",
        "amod",
        "nmod",
        "poss",
    }
)
VERB_UP = frozenset(
    {
        "xcomp",
        "ccomp",
        "advcl",
        "conj",
        "pcomp",
        "csubj",
        "parataxis",
        "prep",
        "pobj",
        "dobj",
        "acomp",
        "auxpass",
        "aux",
    }
)
CLAUSE_BOUNDARIES = frozenset({"ccomp", "csubj", "parataxis"})
# "at the same time continuing talks", "in a move seen as ...": a phrase of time or manner
ADVERBIAL_PREPS = frozenset({"at", "in", "during", "on", "by"})
# Prepositions whose object is an event already past, the occasion of the clause rather
# than its content: "questions it wants answered over the poisoning", "after the attack".
OCCASION_PREPS = frozenset({"over", "after", "since", "following", "amid", "despite", "about"})


# Nouns whose "of" or "into" object is what they are about, not what they do: "an
# investigation into the poisoning", "made no mention of the attack", "the anniversary of
# the invasion". The act keeps its own modality and is not done by their subject.
TOPIC_NOUNS = frozenset(
    {
        "investigation",
        "inquiry",
        "enquiry",
        "probe",
        "inspection",
        "mention",
        "anniversary",
        "aftermath",
        "wake",
        "memory",
        "memories",
        "footage",
        "video",
        "images",
        "photographs",
        "details",
    }
)


# Nouns of answering an act, whose "to" or "for" object is the act answered: "a response
# to any attack", "revenge for the killing", "an apology for the raid". The act keeps its
# own modality and is not done by their subject.
ANSWER_NOUNS = frozenset(
    {
        "response",
        "reply",
        "answer",
        "retaliation",
        "revenge",
        "vengeance",
        "reprisal",
        "reprisals",
        "retribution",
        "punishment",
        "apology",
        "compensation",
    }
)


def answered_act(noun: Any) -> bool:
    """Whether a noun is the act that a noun of answering answers: "a response *to* any
    attack", "revenge *for* the killing" (``ANSWER_NOUNS``)."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("to", "for"):
        return False
    answer = noun.head.head
    return answer.pos_ == "NOUN" and answer.lemma_.lower() in ANSWER_NOUNS


def names_an_occasion(noun: Any) -> bool:
    """Whether a noun is the object of an occasion preposition ("over the poisoning"), or
    what a topic noun is about ("an inquiry into the poisoning"), or the act that a noun
    of answering answers ("revenge for the killing")."""
    if noun.dep_ != "pobj":
        return False
    prep = noun.head
    if prep.lower_ in OCCASION_PREPS:
        return True
    if prep.head.pos_ != "NOUN":
        return False
    if prep.lower_ in ("of", "into") and prep.head.lemma_.lower() in TOPIC_NOUNS:
        return True
    if answered_act(noun):
        return True
    # "in connection with the poisoning"
    return prep.lower_ == "with" and prep.head.lemma_.lower() in ("connection", "relation")


CONTRAST_AFTER_NOT = frozenset({"so", "only", "just", "merely", "simply"})
# Conjunctions of a clause that reports a fact of its own, whatever the main clause
# plans or supposes: "Isis would make a comeback, just as the Taliban regained ground",
# "lawmakers will meet as teachers continue to protest". Not "when", "once", "after",
# "if" or "while", whose clause shares the main clause's time or condition.
FACTUAL_MARKS = frozenset({"as", "because", "since", "although", "though", "whereas"})
FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ"})


def _own_fact_clause(verb: Any) -> bool:
    """An adverbial clause with its own subject, finite verb and a conjunction of fact."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ in FINITE_TAGS
        and any(c.dep_ == "mark" and c.lower_ in FACTUAL_MARKS for c in verb.children)
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
    )


def _governing_chain(trigger: Any) -> list[tuple[Any, bool]]:
    """The trigger and the words that govern its clause, each with whether a clause
    boundary (a report or belief verb's complement) lies between it and the trigger."""
    chain = [(trigger, False)]
    token = trigger
    crossed = False
    for _ in range(12):
        if token.dep_ == "ROOT" or token.head == token:
            break
        if token == trigger and token.pos_ in ("NOUN", "PROPN") and names_an_occasion(token):
            break  # the occasion keeps its own modality: not planned by "will answer over it"
        is_verb = token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.dep_ != "amod")
        if is_verb and token.dep_ in ("acl", "relcl"):
            noun = token.head
            adverbial = (
                token.dep_ == "acl"
                and noun.dep_ == "pobj"
                and noun.head.dep_ in ("prep", "advcl")
                and noun.head.lower_ in ADVERBIAL_PREPS
            )
            if not adverbial:
                if token.dep_ == "acl" and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in token.children
                ):
                    # "the decision to withdraw", "a plan to build": the noun may say that
                    # the act is only intended
                    chain.append((noun, crossed))
                elif content_of_noun(token):
                    # "reports that the army attacked": the noun may say it is hearsay;
                    # its own negation is not the act's ("there is no question that")
                    chain.append((noun, True))
                break  # a clause that describes a noun has its own modality
            # "while at the same time continuing talks": the clause of the governing verb
            token = noun.head.head
            chain.append((token, crossed))
            continue
        allowed = VERB_UP if is_verb else NOUN_UP
        if token.dep_ not in allowed:
            break
        if is_verb and _own_fact_clause(token):
            break  # "just as the Taliban regained ground": a fact of its own
        if (
            is_verb
            and token.dep_ == "conj"
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        ):
            break  # "X will help, and Y has trained": the second clause has its own modality
        if is_verb and token.dep_ == "conj" and token.tag_ == "VBD" and token.head.tag_ != "VBD":
            break  # "has been threatening the Kurds, and in 2018 invaded Afrin": its own tense
        if token.dep_ in CLAUSE_BOUNDARIES:
            crossed = True
        token = token.head
        chain.append((token, crossed))
    return chain


def _negation_child(token: Any, cues: ModalityCues) -> str | None:
    for child in token.children:
        low = child.lower_
        if child.dep_ == "neg" or (
            low in cues.negation_words and child.dep_ in ("det", "advmod", "preconj")
        ):
            nxt = child.nbor(1) if child.i + 1 < len(child.doc) else None
            if nxt is not None and nxt.lower_ in CONTRAST_AFTER_NOT:
                continue  # "not so much X as Y", "not only X but Y"
            return child.text
    return None


def decide_modality(
    trigger: Any, cues: ModalityCues | None = None, *, answered: bool = False
) -> ModalityDecision:
    """Modality of the event whose trigger is the spaCy token ``trigger``. An ``answered``
    event (a request that someone answers or fails to) was made, whatever the answer's own
    modality: "France is not responding to Trump's demands", "will consider the request"."""
    cues = cues or default_cues()
    found: dict[str, str] = {}
    refusing = False
    attribution = None
    conditional: str | None = None
    chain = [(trigger, False)] if answered else _governing_chain(trigger)
    # "considering Russia's request", "discussed the attack": a noun for a known event
    # (definite or possessed) is not made planned by the verb that takes it up
    known = trigger.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that"))
        for c in trigger.children
    )
    for index, (token, crossed) in enumerate(chain):
        previous = chain[index - 1][0] if index else None
        if (
            previous is not None
            and previous.dep_ == "advcl"
            and any(
                m.dep_ == "mark" and m.lower_ in ("if", "unless") and not concessive(m)
                for m in previous.children
            )
        ):
            # "... unless Greece apologised": the condition is not asserted
            found.setdefault(
                "speculative", next(m.text for m in previous.children if m.dep_ == "mark")
            )
        lemma = token.lemma_.lower()
        # Negation counts only within the event's own clause: "X did not say that Y met" is
        # not a negated meeting, but "X refused to meet" is (through the verb lemma).
        neg = _negation_child(token, cues) if not crossed else None
        double = token != trigger and lemma in cues.negating_verbs
        if neg and not double:
            found.setdefault("negated", neg)
        for child in token.children:
            low = child.lower_
            if child.dep_ == "advcl" and conditional is None and child != previous:
                mark = next((m for m in child.children if m.dep_ == "mark"), None)
                if mark is not None and mark.lower_ in ("if", "unless") and not concessive(mark):
                    conditional = mark.lower_
            if child.dep_ == "aux" and child.tag_ == "MD" and crossed:
                continue  # "I would like to note that they concluded": not the report's modal
            if child.dep_ == "aux" and child.tag_ == "MD":
                if low in cues.future_auxiliaries or child.lemma_ in cues.future_auxiliaries:
                    found.setdefault("planned", child.text)
                elif low == "would" and _reported(token, cues):
                    # "said it would allow": the future of reported speech
                    found.setdefault("planned", child.text)
                elif low in cues.speculative_auxiliaries:
                    found.setdefault("speculative", child.text)
            elif child.dep_ == "advmod" and low in cues.speculative_adverbs:
                found.setdefault("speculative", child.text)
            elif child.dep_ == "amod" and token == trigger and low in cues.planning_modifiers:
                found.setdefault("planned", child.text)
            elif child.dep_ == "amod" and token == trigger and low in cues.speculative_modifiers:
                found.setdefault("speculative", child.text)
        if token == trigger:
            continue
        if previous is not None and previous.dep_ == "conj" and previous.pos_ == "VERB":
            continue  # "threatened the Kurds and invaded Afrin": a sibling act, not its scope
        if token.pos_ in ("VERB", "AUX", "ADJ"):
            if (
                lemma in cues.allegation_verbs
                and previous is not None
                and previous.dep_ == "prep"
                and previous.lower_ in ("of", "for")
            ):
                found.setdefault("speculative", token.text)
                if attribution is None:
                    attribution = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if lemma in cues.negating_verbs and not crossed and not _negation_child(token, cues):
                if "negated" not in found and lemma in cues.refusing_verbs:
                    refusing = True
                found.setdefault("negated", token.text)
            if lemma in cues.speculative_verbs and crossed:
                found.setdefault("speculative", token.text)
            if (
                lemma in cues.hearsay_passives
                and previous is not None
                and previous.dep_ == "xcomp"
                and any(c.dep_ == "auxpass" for c in token.children)
            ):
                # "rebels are said to have attacked", "is believed to have been killed"
                found.setdefault("speculative", token.text)
            elif (lemma in cues.planning_verbs or lemma == "consider") and not known:
                found.setdefault("planned", token.text)
            if (lemma in ("going", "set", "due") or token.lower_ == "going") and (
                previous is not None and previous.dep_ == "xcomp"
            ):
                # "is set to visit", "due to sign"; not "set off expulsions"
                found.setdefault("planned", token.text)
            if (
                crossed
                and attribution is None
                and (lemma in cues.report_verbs or lemma in cues.speculative_verbs)
            ):
                subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    attribution = subj
                    if subj.lemma_.lower() in cues.hearsay_subjects:
                        found.setdefault("speculative", f"{subj.text} {token.text}")
        elif token.pos_ in ("NOUN", "PROPN"):
            if lemma in cues.planning_nouns:
                found.setdefault("planned", token.text)
            if lemma in cues.speculative_nouns:
                found.setdefault("speculative", token.text)
    if attribution is None:
        attribution = _according_to(trigger)
    rest = next((k for k in ("speculative", "planned") if k in found), "factual")
    planned_cue = found.get("planned", "").lower()

    def cued_by(verbs: frozenset[str]) -> bool:
        return bool(planned_cue) and any(planned_cue.startswith(v[:5]) for v in verbs)

    future = planned_cue in cues.future_auxiliaries | {"would"}
    intent = future or cued_by(cues.intent_verbs)
    threat = cued_by(cues.threat_verbs)
    if "negated" in found:
        refused = refusing or (intent and rest == "planned")
        return ModalityDecision(
            "negated", found["negated"], attribution, rest, intent, conditional, refused
        )
    for kind in ("speculative", "planned"):
        if kind in found:
            return ModalityDecision(
                kind,
                found[kind],
                attribution,
                rest,
                intent,
                conditional,
                future=future,
                threat=threat,
            )
    return ModalityDecision("factual", None, attribution, rest, intent, conditional)


def _reported(token: Any, cues: ModalityCues) -> bool:
    """True when the clause of ``token`` is the complement of a report verb ("said it would")."""
    tok = token
    for _ in range(4):
        if tok.dep_ in ("ccomp", "parataxis") and tok.head.lemma_.lower() in cues.report_verbs:
            return True
        if tok.dep_ not in ("xcomp", "conj", "ccomp") or tok.head == tok:
            return False
        tok = tok.head
    return False


def _according_to(trigger: Any) -> Any | None:
    """ "according to X" anywhere in the sentence names the source."""
    sent = trigger.sent
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.nbor(1).lower_ == "to":
            return next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
    return None
