"""Dates an event takes from elsewhere in its article, when its own clause has none.

An event told in the past with no date expression of its own (:func:`.anchor.date_from`
gave it the article's date, or an undated article's window) may still be dated by its
article:

* a definite or possessive event noun that names an event said before ("Rebels shelled
  the town on 4 May. ... **The shelling** destroyed a school"; "Police arrested Ana Ruiz
  on 12 March. **Her arrest** drew protests") takes the date of the nearest earlier
  mention of the same kind of event (same type, no other participants; the same word
  first), in its sentence or the three before, when that mention has a date of its own
  ("the next attack", "the arrests that followed the coup", "rarely comments on its
  strikes" are not the event said before);
* an event noun of the article's first sentence (not a dateline), undated there, takes
  the date of the first later mention of the same word that has one ("Car bombings
  killed 30 people. The bombings happened on Tuesday morning");
* a clause "since then" (or "at that time", "at the time", "that day") takes the most
  recent date written before it, in its sentence or the two before ("The blockade began
  in 2011. Since then, the navy has seized 40 ships": ``2011/..``).

Such a date has ``"source": "context"``; ``text`` is the expression it came from.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from ..model import Timex
from .anchor import past_clause

DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# "the next attack", "a new round of talks": not the event said before.
NOT_THE_SAME = frozenset(
    {
        "next",
        "new",
        "fresh",
        "further",
        "future",
        "possible",
        "planned",
        "proposed",
        "another",
        "other",
        "latest",
        "previous",
        "earlier",
        "first",
        "second",
        "third",
        "last",
        "similar",
    }
)
# "since then", "at that time", "at the time", "that day": words that point back at the
# date said before.
THEN_PREPS = frozenset({"since", "at"})
# The sentences back (besides its own) where a definite event noun's antecedent may be.
ANTECEDENT_WINDOW = 3
PARTICIPANT_PREPS = frozenset({"of", "on", "against", "by", "to"})
ANAPHOR_WINDOW = 2  # sentences back to look for the date "since then" refers to


class _Sentences:
    """A document's sentences, found by token index (read once per document)."""

    def __init__(self, doc: Any) -> None:
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]

    def index(self, i: int) -> int:
        return max(0, bisect_right(self.starts, i) - 1)

    def back(self, i: int, n: int) -> Any:
        """The sentence ``n`` before the one of token ``i`` (or the first)."""
        return self.spans[max(0, self.index(i) - n)]

    def of(self, i: int) -> Any:
        return self.spans[self.index(i)]


def _own(date: dict[str, Any] | None) -> bool:
    """A date from an expression of the event's own: one another mention may take."""
    return bool(date and date.get("text") and not date.get("mod"))


def _undated(date: dict[str, Any] | None) -> bool:
    """No expression dates the event: the article's date or an undated article's window."""
    return date is not None and not date.get("text")


def _definite(token: Any) -> bool:
    """ "the shelling", "this attack", "Ruiz's arrest", "their talks"."""
    if token.pos_ != "NOUN":
        return False
    if any(c.lower_ in NOT_THE_SAME for c in token.children if c.dep_ in ("amod", "det")):
        return False
    if any(c.dep_ in ("relcl", "acl") for c in token.children):
        return False  # "the arrests that followed the coup": the clause says which
    return any(
        (c.dep_ == "det" and c.lower_ in DEFINITE) or c.dep_ == "poss" for c in token.children
    )


def _participants(event: Any) -> set[str]:
    return {a.code for a in (*event.source, *event.target) if a.code and a.code != "---"}


def _same_kind(anaphor: Any, antecedent: Any) -> bool:
    """Same event type, and no participants that tell them apart."""
    if anaphor.type != antecedent.type:
        return False
    ours, theirs = _participants(anaphor), _participants(antecedent)
    return not ours or not theirs or bool(ours & theirs)


def _named(token: Any) -> set[str]:
    """Who or what an event noun names as its participant: "the shelling of **Tarsa**",
    "the attack on **protesters**", "**Ruiz**'s arrest" (lower-cased head words)."""
    out = set()
    for child in token.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            out.add(child.lower_)
        elif child.dep_ == "prep" and child.lower_ in PARTICIPANT_PREPS:
            out.update(
                o.lower_ for o in child.children if o.dep_ == "pobj" and o.pos_ in ("PROPN", "NOUN")
            )
    return out


def _antecedent(
    events: Sequence[Any],
    triggers: Sequence[Any],
    earlier: Sequence[int],
    i: int,
    sents: _Sentences,
) -> int | None:
    """The mention the definite event noun ``triggers[i]`` refers back to: the nearest
    earlier one of the same kind within :data:`ANTECEDENT_WINDOW` sentences whose sentence
    names the participants the noun names."""
    token = triggers[i]
    first = sents.back(token.i, ANTECEDENT_WINDOW).start
    named = _named(token)
    lemma = token.lemma_.lower()
    candidates = []
    for j in reversed(earlier):
        other = triggers[j]
        if other.i < first:
            break
        if other.i == token.i or not _same_kind(events[i], events[j]):
            continue
        if named and not named & {t.lower_ for t in sents.of(other.i)}:
            continue
        candidates.append(j)
    # "Fighting broke out on Monday ... a raid last year ... The fighting": the same word
    # before the same type.
    same_word = [j for j in candidates if triggers[j].lemma_.lower() == lemma]
    return (same_word or candidates or [None])[0]


def _then_phrase(token: Any) -> Any | None:
    """The "since then"/"at that time"/"that day" phrase that modifies the verb ``token``
    (or the verb it hangs from), as its preposition or noun token."""
    verbs = [token]
    if token.dep_ in ("xcomp", "conj", "ccomp", "advcl") and token.head.i != token.i:
        verbs.append(token.head)
    for verb in verbs:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in THEN_PREPS:
                for obj in child.children:
                    if obj.dep_ not in ("pobj", "pcomp", "advmod"):
                        continue
                    if child.lower_ == "since" and obj.lower_ == "then":
                        return child
                    if child.lower_ == "at" and _that_noun(obj, ("time",)):
                        return child
            if child.dep_ == "npadvmod" and _that_noun(child, ("day",)):
                return child
    return None


def _that_noun(token: Any, nouns: Sequence[str]) -> bool:
    """ "that time", "the time", "that day"; not "the same time" (simultaneous)."""
    children = list(token.children)
    return (
        token.lower_ in nouns
        and len(children) == 1
        and children[0].dep_ == "det"
        and children[0].lower_ in ("that", "the")
    )


def _recent_timex(phrase: Any, timexes: Sequence[Timex], sents: _Sentences) -> Timex | None:
    """The last date written before ``phrase`` within :data:`ANAPHOR_WINDOW` sentences."""
    first = sents.back(phrase.i, ANAPHOR_WINDOW).start_char
    before = [t for t in timexes if first <= t.start and t.end <= phrase.idx]
    return max(before, key=lambda t: t.start) if before else None


def _then_date(phrase: Any, timex: Timex) -> dict[str, Any]:
    since = phrase.lower_ == "since"
    value = timex.value or ""
    if since and "/" not in value:
        value = f"{value}/.."
    return {
        "text": " ".join(t.text for t in phrase.subtree),
        "value": value,
        "precision": "range" if since else timex.precision,
        "source": "context",
    }


def _told_in_past(token: Any) -> bool:
    """Whether the clause of ``token`` tells of the past ("the shelling destroyed", "has
    seized", "was trying"): not a habit or a state ("rarely comments on the shelling",
    "the fighting threatens the truce")."""
    verb = token
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX"):
            return past_clause(verb) or any(
                c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children
            )
        if verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _lead(sents: _Sentences) -> Any:
    """The article's first sentence: the first with a verb at its root (not a dateline,
    "TARSA, May 5 (Reuters) -")."""
    return next((s for s in sents.spans if s.root.pos_ in ("VERB", "AUX")), sents.spans[0])


def _taken(date: dict[str, Any] | None) -> dict[str, Any] | None:
    """Another mention's own date, as this one's (None when it has none)."""
    if not _own(date):
        return None
    assert date is not None
    return {
        "text": date["text"],
        "value": date["value"],
        "precision": date["precision"],
        "source": "context",
    }


def context_dates(
    events: Sequence[Any],
    triggers: Sequence[Any | None],
    timexes: Sequence[Timex],
) -> list[dict[str, Any] | None]:
    """The date of each event (``events[i].date`` unless its article dates it, above).

    ``triggers[i]`` is the spaCy token of ``events[i]``'s trigger (None when unknown);
    ``timexes``: the document's dating timexes (those of :func:`.anchor.timex_roots`).
    """
    dates: list[dict[str, Any] | None] = [e.date for e in events]
    order = sorted(
        (i for i, t in enumerate(triggers) if t is not None), key=lambda i: triggers[i].i
    )
    if not order or all(not _undated(dates[i]) for i in order):
        return dates
    sents = _Sentences(triggers[order[0]].doc)
    lead_end = _lead(sents).end
    for pos, i in enumerate(order):
        if not _undated(dates[i]):
            continue
        token = triggers[i]
        if not _told_in_past(token):
            continue
        found: dict[str, Any] | None = None
        phrase = _then_phrase(token) if token.pos_ in ("VERB", "AUX") else None
        if phrase is not None:
            timex = _recent_timex(phrase, timexes, sents)
            if timex is not None and timex.value:
                found = _then_date(phrase, timex)
        elif _definite(token):
            j = _antecedent(events, triggers, order[:pos], i, sents)
            found = _taken(dates[j]) if j is not None else None
        if found is None and token.pos_ == "NOUN" and token.i < lead_end:
            lemma = token.lemma_.lower()
            for j in order[pos + 1 :]:
                other = triggers[j]
                if other.lemma_.lower() == lemma and other.i != token.i and _own(dates[j]):
                    found = _taken(dates[j])
                    break
        if found is not None:
            dates[i] = found
    return dates
