"""The tense of the clause a temporal expression sits in, from the dependency parse.

"met on December 30" (past) in an article of 2008-01-05 is 2007-12-30; "will meet
on Friday" (future) is the coming Friday; a date with no tense of its own ("the
Jan. 14 deadline") takes the nearest reading.
"""

from __future__ import annotations

from typing import Any

from .calendar import Direction
from .vocabulary import Vocabulary, vocabulary


def _governing_verb(token: Any) -> Any | None:
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def future_clause(token: Any, vocab: Vocabulary | None = None) -> bool:
    """Whether the clause ``token`` belongs to speaks of the future.

    "will sign", "is going to sign", "plans/expects/is due to sign", "is scheduled
    for": a small, explainable test; everything else counts as past or present.
    """
    vocab = vocab or vocabulary()
    verb = _governing_verb(token)
    if verb is None:
        return False
    for _ in range(3):
        if _verb_future(verb, vocab):
            return True
        # "agreed to meet on Friday": the infinitive's own clause is tested above;
        # a conjoined verb shares the auxiliary of its head ("will meet and sign").
        if verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
            continue
        break
    return False


PAST_AUXILIARIES = frozenset({"has", "have", "had", "was", "were", "been", "did", "'d"})


def clause_tense(token: Any, vocab: Vocabulary | None = None) -> Direction:
    """ "future" (will meet, plans to meet), "past" (met, has met, was held) or "present"
    (meets, to meet, no verb at all): how a date without a year or a weekday is read."""
    vocab = vocab or vocabulary()
    if future_clause(token, vocab):
        return "future"
    verb = _governing_verb(token)
    for _ in range(3):
        if verb is None or _planned(verb, vocab):
            return "present"
        if verb.tag_ == "VBD":
            return "past"
        if verb.tag_ in ("VBN", "VBG") and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in PAST_AUXILIARIES for c in verb.children
        ):
            return "past"
        if verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
            continue
        break
    return "present"


ADJUNCT_DEPS = frozenset({"npadvmod", "tmod", "advmod", "obl", "nmod:tmod"})
OPEN_END_SIGNALS = frozenset({"until", "till", "through", "by", "to"})


def timex_host(root: Any) -> tuple[Any | None, str]:
    """The verb or noun a timex (whose head is ``root``) is an adjunct of, and its
    preposition: "met on Tuesday" -> (met, "on"); "Tuesday's meeting" -> (None, "")."""
    if root.dep_ == "prep":  # the span holds its preposition: "since 2006", "by 2007"
        return root.head, root.lower_
    if root.dep_ == "pobj" and root.head.dep_ in ("prep", "agent"):
        return root.head.head, root.head.lower_
    if root.dep_ in ADJUNCT_DEPS:
        return root.head, ""
    return None, ""


def timex_tense(root: Any, vocab: Vocabulary | None = None) -> Direction:
    """The tense that decides how a timex whose head is ``root`` is read.

    A timex that is an adjunct of a verb ("met on Tuesday", "will meet Tuesday")
    takes the verb's tense. One that modifies a noun ("the Jan. 14 deadline", "a
    cut in September") or is a verb's object ("set Nov. 10 as the deadline") says
    nothing about its own tense: "present", the nearest reading. So does a deadline
    ("through January", "by May") unless its clause is in the future.
    """
    vocab = vocab or vocabulary()
    host, signal = timex_host(root)
    if host is None or host.pos_ not in ("VERB", "AUX"):
        return "future" if future_clause(root, vocab) else "present"
    tense = clause_tense(host, vocab)
    if signal in OPEN_END_SIGNALS and tense == "past":
        return "present"
    return tense


def scheduled_present(root: Any, vocab: Vocabulary | None = None) -> bool:
    """Whether a timex whose head is ``root`` dates a timetable in the simple present:
    "Arafat meets Albright Monday", "the delegation arrives on Thursday" (a verb of
    ``scheduled_verbs``, no auxiliary, the timex its adjunct); a bare weekday there is the
    coming one, not the one gone by."""
    vocab = vocab or vocabulary()
    host, signal = timex_host(root)
    if host is None or host.tag_ not in ("VBP", "VBZ") or signal not in ("", "on"):
        return False
    if any(c.dep_ in ("aux", "auxpass", "neg") for c in host.children):
        return False
    return host.lemma_.lower() in vocab.scheduled_verbs


def _verb_future(verb: Any, vocab: Vocabulary) -> bool:
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in vocab.future_auxiliaries:
            return True
        # "the vote is due on Friday": a copula with a future adjective.
        if child.dep_ == "acomp" and child.lemma_.lower() in vocab.future_governors:
            return True
    head = verb.head
    if verb.dep_ == "xcomp" and head.i != verb.i:
        if head.lower_ in ("going", "gon") or head.lemma_ == "be":  # "is to resume"
            return True
        if head.lemma_.lower() in vocab.future_governors:
            return True
    # "the vote is scheduled for Friday" (present passive of a planning verb).
    if verb.lemma_.lower() in vocab.future_governors and verb.tag_ == "VBN":
        return any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in verb.children)
    return False


def _planned(verb: Any, vocab: Vocabulary) -> bool:
    """ "was planned for early March": a plan, whose date may lie either side of the article."""
    return verb.lemma_.lower() in vocab.future_governors and any(
        c.dep_ == "auxpass" for c in verb.children
    )
