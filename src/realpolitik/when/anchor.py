"""The date of one event: the timex governing its clause, else the article date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ..model import Timex
from ..nlp.view import view

# Clause links climbed from the trigger to the verbs that may carry its date:
# "met on Tuesday and agreed to resume talks" dates "resume" by "met".
CLAUSE_LINKS = frozenset({"xcomp", "conj", "advcl", "ccomp"})
MAX_CLIMB = 3
# Links a timex's head may follow to reach the word it dates: "on Tuesday" (prep,
# pobj), "Tuesday" (npadvmod), "Tuesday's meeting" (poss), "the July 22 summit"
# (compound). Arguments (subject, object) are not followed: "signed the 1997 treaty"
# does not date the signing.
TIMEX_LINKS = frozenset(
    {
        "pobj",
        "prep",
        "npadvmod",
        "tmod",
        "advmod",
        "obl",
        "nmod",
        "compound",
        "poss",
        "amod",
        "nummod",
        "appos",
        "pcomp",
        "case",
        "punct",
    }
)
MAX_PATH = 4
# Modifiers that say the event is not at the value: "before 2007", "after May".
SKIPPED_MODS = frozenset({"BEFORE", "AFTER"})
REFERENCE_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})


def _usable(timex: Timex) -> bool:
    if timex.type not in ("DATE", "TIME") or not timex.value:
        return False
    if timex.value in REFERENCE_VALUES:
        return False
    return getattr(timex, "mod", None) not in SKIPPED_MODS


def _root(doc: Any, timex: Timex) -> Any | None:
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def timex_roots(doc: Any, timexes: Sequence[Timex]) -> list[tuple[Timex, Any]]:
    """The timexes that can date an event, each with its syntactic root token."""
    text_length = len(view(doc).text)
    roots = []
    for timex in timexes:
        if not _usable(timex) or timex.end > text_length:
            continue
        root = _root(doc, timex)
        if root is not None:
            roots.append((timex, root))
    return roots


def _hosts(trigger: Any) -> list[Any]:
    """The trigger, then up to three governing clauses."""
    hosts = [trigger]
    token = trigger
    for _ in range(MAX_CLIMB):
        if token.dep_ not in CLAUSE_LINKS or token.head.i == token.i:
            break
        token = token.head
        hosts.append(token)
    return hosts


def _attaches_to(root: Any, host: Any) -> bool:
    token = root
    for _ in range(MAX_PATH):
        if token.i == host.i:
            return True
        if token.dep_ not in TIMEX_LINKS or token.head.i == token.i:
            return False
        token = token.head
    return token.i == host.i


def event_date(
    trigger: Any, timexes: Sequence[Timex], article_date: date | None
) -> dict[str, Any] | None:
    """The date of the event whose trigger is the spaCy token ``trigger``.

    The DATE (or TIME) timex attached to the trigger, to the verbs it hangs from
    (``xcomp``/``conj``/``advcl``/``ccomp``, up to three steps) or, for a noun
    trigger, to its noun phrase: ``{"text", "value", "precision", "source": "clause"}``
    (plus ``"mod"`` when the timex has one, e.g. ``ON_OR_BEFORE`` for "by 2007").
    Otherwise the article date: ``{"text": None, "value": "2008-07-22", "precision":
    "day", "source": "article"}``. ``None`` when there is neither.
    """
    return date_from(trigger, timex_roots(trigger.doc, timexes), article_date)


def date_from(
    trigger: Any, candidates: list[tuple[Timex, Any]], article_date: date | None
) -> dict[str, Any] | None:
    """:func:`event_date` from ``timex_roots(doc, timexes)``, for a caller that dates many
    events of one document."""
    for host in _hosts(trigger):
        attached = [t for t, root in candidates if _attaches_to(root, host)]
        if attached:
            best = min(attached, key=lambda t: abs(t.start - trigger.idx))
            found: dict[str, Any] = {
                "text": best.text,
                "value": best.value,
                "precision": best.precision,
                "source": "clause",
            }
            mod = getattr(best, "mod", None)
            if mod:
                found["mod"] = mod
            return found
    if article_date is None:
        return None
    return {
        "text": None,
        "value": article_date.isoformat(),
        "precision": "day",
        "source": "article",
    }
