"""The date of one event: the timex governing its clause, else the article date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..model import DateWindow, Timex
from ..nlp.view import view
from .tense import PAST_AUXILIARIES, future_clause
from .undated import resolve_in_window, window_value

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


# Subordinators that put a clause off its governor's time: "left in 2008 after friends
# were arrested" (before 2008: TimeML's BEFORE), "met on Tuesday before the army
# attacked" (after it: AFTER); a condition ("if Hitler invaded") has no date of its own.
BEFORE_MARKS = frozenset({"after", "once", "since"})
AFTER_MARKS = frozenset({"before", "until", "till"})
CONDITION_MARKS = frozenset({"if", "unless", "whether"})
RELATIVE_WORDS = frozenset({"that", "which", "who", "whom", "whose", "when", "where"})
# A noun event in one of these adjuncts happens when its verb does: "killed in the
# attack", "agreed at the summit", "spoke during the visit".
AT_EVENT = frozenset({"at", "in", "during", "on"})
PAST_PERFECT = frozenset({"had", "'d"})
# Verbs whose noun says what happened and when it happened is theirs: "the bombings
# occurred on Friday", "the talks took place in May" (subject); "held talks on
# Tuesday", "launched an attack last week", "had a charge in the quarter" (object).
OCCURRENCE_VERBS = frozenset(
    {"occur", "happen", "take", "begin", "start", "end", "erupt", "follow", "come", "unfold"}
)
LIGHT_VERBS = frozenset(
    {
        "have",
        "hold",
        "take",
        "make",
        "stage",
        "launch",
        "conduct",
        "carry",
        "mount",
        "pay",
        "give",
        "deliver",
        "host",
        "begin",
        "start",
        "open",
        "resume",
        "continue",
        "attend",
    }
)


def _marks(token: Any) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("mark", "advmod")}


def past_clause(token: Any) -> bool:
    """ "attacked", "has attacked", "had been attacked": a clause in a past tense."""
    if token.tag_ == "VBD":
        return True
    return token.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in PAST_AUXILIARIES for c in token.children
    )


def _past_perfect(token: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in PAST_PERFECT for c in token.children)


def _own_time(clause: Any, governor: Any) -> bool:
    """Whether a clause is at a time of its own, not its governor's.

    "would strike if the army attacked": a condition has no date of its own; "says
    (that) the army attacked": a past event inside a present report; "said on Tuesday
    that it will attack": the future. (A pluperfect inside a report, "said on Tuesday
    that the army had attacked", lies before the report's date: :func:`_shift`.)
    """
    if clause.dep_ == "advcl" and _marks(clause) & CONDITION_MARKS:
        return True
    if clause.dep_ != "ccomp":
        return False
    if _past_perfect(clause):
        return False  # before its report: see _shift
    if past_clause(clause) and governor.tag_ in ("VBZ", "VBP"):
        return True
    return future_clause(clause) and not future_clause(governor)


def _describes(clause: Any) -> bool:
    """A relative or participial clause that says what its noun did or was: "the bombing
    that killed", "the accord signed by", "1968, when the Soviets invaded"; not "the
    treaty, which Russia violated"."""
    if clause.dep_ == "acl":
        return clause.tag_ in ("VBN", "VBG")
    words = {c.lower_ for c in clause.children if c.dep_ in ("advmod",)}
    if words & {"when", "where"}:  # "1968, when ...", "a call on Friday where he agreed"
        return True
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    return all(s.lower_ in RELATIVE_WORDS for s in subjects)


def _next_host(token: Any) -> Any | None:
    """The word whose date ``token``'s event takes when it has none of its own."""
    head = token.head
    if head.i == token.i:
        return None
    dep = token.dep_
    if dep in CLAUSE_LINKS:
        return None if _own_time(token, head) else head
    if dep in ("relcl", "acl") and _describes(token):
        # "the bombing of a clinic that killed": the clause may hang from the noun of
        # the event's "of" phrase.
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
            return head.head.head
        if (
            dep == "relcl"
            and _past_perfect(token)
            and (verb := _governing_verb_of(head)) is not None
        ):
            # "failed to enforce an order in 1992 against protesters who had blocked
            # the clinic": before the verb whose participant the clause describes
            return verb
        return head
    if token.pos_ == "NOUN" and head.pos_ in ("VERB", "AUX"):
        lemma = head.lemma_.lower()
        if dep in ("nsubj", "nsubjpass") and lemma in OCCURRENCE_VERBS:
            return head
        if dep == "dobj" and lemma in LIGHT_VERBS:
            return head
    if (
        dep == "pobj"
        and token.pos_ in ("NOUN", "PROPN")
        and head.dep_ == "prep"
        and head.lower_ in AT_EVENT
        and head.head.pos_ in ("VERB", "AUX")
    ):
        return head.head
    if (
        dep == "pobj"
        and token.pos_ == "NOUN"
        and head.dep_ == "prep"
        and head.lower_ not in BEFORE_MARKS | AFTER_MARKS
        and _copula(head.head)
    ):
        # "the militia was behind two raids last week"; not "there have been attacks
        # since the raid" (a time of its own)
        return head.head
    return None


def _governing_verb_of(noun: Any) -> Any | None:
    """The verb a noun is the object of, directly or through a preposition ("arrested
    protesters", "an order against protesters" hanging from "enforce"), or None."""
    if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
        return noun.head
    prep = noun.head
    if noun.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.pos_ in ("VERB", "AUX"):
        return prep.head
    return None


def _copula(token: Any) -> bool:
    return token.lemma_ == "be" and token.dep_ not in ("aux", "auxpass")


def _shift(token: Any, host: Any) -> str | None:
    """ "BEFORE" ("after friends were arrested", "said that the army had attacked"),
    "AFTER" ("before the army attacked") or None: where a subordinate clause lies from
    its governor's date (``host``: the word it takes its date from)."""
    if token.dep_ == "ccomp" and _past_perfect(token):
        return "BEFORE"  # "said on Tuesday that the army had attacked"
    if token.dep_ == "relcl" and host.pos_ in ("VERB", "AUX"):
        return "BEFORE"  # "arrested on Tuesday men who had attacked": see _next_host
    if token.dep_ != "advcl":
        return None
    marks = _marks(token)
    if marks & BEFORE_MARKS:
        return "BEFORE"
    if marks & AFTER_MARKS:
        return "AFTER"
    return None


def _hosts(trigger: Any) -> list[tuple[Any, str | None]]:
    """The trigger, then up to three words it takes its date from (see :func:`_next_host`),
    each with where the event lies from that word's date (see :func:`_shift`)."""
    hosts: list[tuple[Any, str | None]] = [(trigger, None)]
    token = trigger
    shift: str | None = None
    for _ in range(MAX_CLIMB):
        nxt = _next_host(token)
        if nxt is None:
            break
        shift = shift or _shift(token, nxt)
        token = nxt
        hosts.append((token, shift))
    return hosts


# Texts whose own date is their subject verb's: "the March 3 report said".
TEXT_NOUNS = frozenset(
    {
        "statement",
        "report",
        "letter",
        "article",
        "item",
        "editorial",
        "column",
        "speech",
        "interview",
        "announcement",
        "communique",
        "communiqué",
        "memo",
        "memorandum",
        "message",
        "broadcast",
        "tweet",
    }
)
TEXT_DATE_LINKS = frozenset({"compound", "nmod", "poss"})
SIMULTANEOUS = frozenset({"when", "as"})  # not "while": in news, mostly a contrast


def _companions(host: Any) -> list[Any]:
    """Words whose date is also ``host``'s: a later conjunct without a subject or verb
    of its own ("were killed and 58 injured in an attack on Friday": the shared
    modifier comes last) and a clause at the same time ("were killed when helicopters crashed last
    February")."""
    out = []
    for child in host.children:
        if child.dep_ == "conj" and child.i > host.i:
            own = {c.dep_ for c in child.children}
            # "and 58 injured": a subject, but the auxiliary is elided ("were"); "and
            # Georgia retaliated on Friday", "and is not seeking re-election this year"
            # are clauses of their own.
            if own & {"aux", "auxpass", "neg"}:
                continue
            if own & {"nsubj", "nsubjpass"} and child.tag_ != "VBN":
                continue
            out.append(child)
            out.extend(c for c in child.children if c.dep_ == "acl")
        elif child.dep_ == "advcl" and _marks(child) & SIMULTANEOUS:
            out.append(child)
    return out


def _dates_its_text(root: Any, host: Any) -> bool:
    """Whether a timex dates the text that is the subject of ``host``: "the March 3
    report **said**", "Tuesday's statement **condemned**" (a text says what it says on
    its day)."""
    subject = root.head
    return (
        host.tag_ == "VBD"  # not "Friday's report has put pressure on ..."
        and root.dep_ in TEXT_DATE_LINKS
        and subject.dep_ == "nsubj"
        and subject.head.i == host.i
        and subject.lemma_.lower() in TEXT_NOUNS
    )


def _past_infinitives(host: Any) -> list[Any]:
    """The infinitive complements of a verb in the simple past ("invited Sinn Fein to
    rejoin two weeks ago", "agreed to join the bloc in July 1997"): a date already past
    that hangs from the infinitive dates its governor, which happened then (not "has
    ordered a pause to begin on Tuesday": a perfect's infinitive may be still to come)."""
    simple_past = host.tag_ == "VBD" or (
        host.tag_ == "VBN"
        and any(c.dep_ == "auxpass" and c.lower_ in ("was", "were") for c in host.children)
    )  # "invited", "was forced"
    if not simple_past:
        return []
    return [
        c
        for c in host.children
        if c.dep_ == "xcomp"
        and c.tag_ == "VB"
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]


_CALENDAR_VALUE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _wholly_before(value: str | None, article_date: date | None) -> bool:
    """Whether a year, month or day value ends before the article's day: "two weeks ago",
    "in July 1997"; not "this month", "on Friday" of the coming week."""
    if not value or article_date is None or not _CALENDAR_VALUE.fullmatch(value):
        return False
    return value < article_date.isoformat()[: len(value)]


# A date's own link when it is an adverbial ("in November", "last week"), not a noun's
# modifier ("the 1997 treaty", "Friday's vote").
ADVERBIAL_ROOTS = frozenset({"pobj", "npadvmod", "tmod", "advmod", "obl"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})


def _said_before(clause: Any, host: Any, candidates: list[tuple[Timex, Any]]) -> list[Timex]:
    """For a "when" clause of ``host``: the dates said in ``host``'s own predicate before
    it, however deep ("became the subject of a manhunt in November when he was named a
    witness"); not one inside the subject, nor a noun's own modifier ("signed the 1997
    treaty when ...")."""
    if clause.dep_ != "advcl" or not _marks(clause) & {"when"} or clause.head.i != host.i:
        return []
    found = []
    for timex, root in candidates:
        if root.dep_ not in ADVERBIAL_ROOTS or not host.i < root.i < clause.left_edge.i:
            continue
        token = root
        while token.head.i != host.i and token.head.i != token.i:
            token = token.head
        if token.head.i == host.i and token.dep_ not in SUBJECTS | {"advcl", "conj", "ccomp"}:
            found.append(timex)
    return found[-1:]


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
    trigger: Any,
    timexes: Sequence[Timex],
    article_date: date | None,
    window: DateWindow | None = None,
) -> dict[str, Any] | None:
    """The date of the event whose trigger is the spaCy token ``trigger``.

    The DATE (or TIME) timex that modifies the trigger's clause: attached to the
    trigger, to the verbs it hangs from (``xcomp``/``conj``/``advcl``/``ccomp``, up to
    three steps, but not into a clause at a time of its own: a condition ("if ..."), a
    pluperfect or past event inside a present report, a future one inside a past
    report; through "after ..." and "before ..." with ``"mod": "BEFORE"``/``"AFTER"``), to the
    noun a relative clause describes ("the 1996 bombing that killed"), to the verb of
    an event noun ("killed in an attack on Friday", "the talks took place in May",
    "held talks on Tuesday", "was behind two raids last week"), shared with a later
    conjunct, or the date of a text that is the subject ("the July 2 report
    criticised"). ``{"text", "value", "precision", "source": "clause"}`` (plus
    ``"mod"`` when the timex has one, e.g. ``ON_OR_BEFORE`` for "by 2007"). Otherwise
    the article date: ``{"text": None, "value": "2008-07-22", "precision": "day",
    "source": "article"}`` (which :func:`.context.context_dates` may replace with a
    date from elsewhere in the article).

    Without an article date but with a date ``window`` (an undated article), a
    relative or partial date is read against the window (:mod:`.undated`): a value the
    window fixes has ``"source": "window"``; an event with no date the window fixes
    gets the window itself (``"value": "2008-05-08/2009-01-20"``, ``"precision":
    "range"``, ``"source": "window"``). ``None`` when there is nothing to date it by.
    """
    spans: frozenset[tuple[int, int]] = frozenset()
    if article_date is None and window is not None:
        timexes, spans = resolve_in_window(trigger.doc, timexes, window)
    return date_from(trigger, timex_roots(trigger.doc, timexes), article_date, window, spans)


def date_from(
    trigger: Any,
    candidates: list[tuple[Timex, Any]],
    article_date: date | None,
    window: DateWindow | None = None,
    window_spans: frozenset[tuple[int, int]] = frozenset(),
) -> dict[str, Any] | None:
    """:func:`event_date` from ``timex_roots(doc, timexes)``, for a caller that dates many
    events of one document (``window_spans``: the timexes whose value the window fixed,
    see :func:`.undated.resolve_in_window`)."""
    hosts = _hosts(trigger)
    for k, (host, shift) in enumerate(hosts):
        attached = [t for t, root in candidates if _attaches_to(root, host)]
        if not attached and k:
            attached = _said_before(hosts[k - 1][0], host, candidates)
        if not attached:
            attached = [
                t
                for c in _companions(host)
                for t, root in candidates
                if t.start > c.idx and _attaches_to(root, c)
            ]
        if not attached:
            attached = [t for t, root in candidates if _dates_its_text(root, host)]
        if not attached:
            attached = [
                t
                for c in _past_infinitives(host)
                for t, root in candidates
                if _attaches_to(root, c) and _wholly_before(t.value, article_date)
            ]
        if attached:
            # A written date before a clock time, whose day is only the article's
            # ("occurred at 10:35 a.m. (0735 GMT) Friday"); then the nearest.
            best = min(attached, key=lambda t: (t.type != "DATE", abs(t.start - trigger.idx)))
            found: dict[str, Any] = {
                "text": best.text,
                "value": best.value,
                "precision": best.precision,
                "source": "window" if (best.start, best.end) in window_spans else "clause",
            }
            mod = shift or getattr(best, "mod", None)
            if mod:
                found["mod"] = mod
            return found
    if article_date is not None:
        return {
            "text": None,
            "value": article_date.isoformat(),
            "precision": "day",
            "source": "article",
        }
    interval = window_value(window) if window is not None else None
    if interval is None:
        return None
    return {"text": None, "value": interval, "precision": "range", "source": "window"}
