"""Temporal expressions: found in a parsed text and normalised against the article date.

``find_timexes(doc, article_date)`` runs a small grammar of regular expressions over
the text (absolute dates, weekdays, "last week", "three years ago", decades,
quarters, durations, sets, references such as "now"), checks each match against the
parse where a word is ambiguous ("May" the month or the modal verb, "March" the
month or the verb, "1990" a year or a count), then widens matches by the words
that change their meaning: "since 2006" (an open interval), "by 2007" (as of),
"between 2001 and 2003" (an interval), "early 2008" (the start of a year).

Values are TimeML (TIMEX3) values; the precisions are ``day``, ``week``, ``month``,
``year``, ``decade`` and ``range`` (quarters, halves, seasons, centuries and
intervals). Without an article date, relative expressions keep their span and type
but get the value ``None``; absolute ones ("July 22, 2008", "in 2007") still resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ..model import Timex
from ..nlp.view import view
from ..regexinfo import folded, may_match, required_literals
from . import calendar as cal
from .calendar import Direction
from .grammar import Rule, grammar
from .readers import AFTER, AS_OF, BEFORE, END, MID, START, Context, Reading
from .tense import clause_tense, future_clause, timex_host, timex_tense
from .vocabulary import vocabulary

__all__ = [
    "AFTER",
    "AS_OF",
    "BEFORE",
    "WhenTimex",
    "clause_tense",
    "find_timexes",
    "future_clause",
    "shift_value",
    "timex_host",
    "timex_tense",
]


@dataclass(frozen=True)
class WhenTimex(Timex):
    """A :class:`~realpolitik.model.Timex` with the TimeML modifier and the rule that read it.

    ``mod`` is ``ON_OR_BEFORE`` for "by 2007" (see :attr:`as_of`), ``START``/``MID``/
    ``END`` for "early/mid/late ...", ``BEFORE``/``AFTER``, ``APPROX`` or ``None``.
    """

    mod: str | None = None
    rule: str = ""

    @property
    def as_of(self) -> bool:
        """ "by 2007": the value is a date by which something held, not when it happened."""
        return self.mod == AS_OF


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    rule: str
    order: int
    reading: Reading


@lru_cache(maxsize=4)
def _requirements(rules: tuple[Rule, ...]) -> tuple[frozenset[str] | None, ...]:
    """Per rule: strings one of which any match contains (a rule without them is skipped)."""
    return tuple(required_literals(rule.pattern) for rule in rules)


def _scan(ctx: Context) -> list[_Hit]:
    hits: list[_Hit] = []
    rules = grammar()
    text_folded = folded(ctx.text)
    for order, (rule, need) in enumerate(zip(rules, _requirements(rules), strict=True)):
        if not may_match(need, text_folded):
            continue
        for m in rule.pattern.finditer(ctx.text):
            reading = rule.read(m, ctx)
            if reading is None:
                continue
            start, end = m.span("t") if "t" in rule.pattern.groupindex else m.span()
            text = ctx.text[start:end]
            # Trailing spaces and commas ("July 22, 2008, ...") are not part of a timex.
            while end > start and text[-1] in " ,":
                end -= 1
                text = text[:-1]
            hits.append(_Hit(start, end, rule.name, order, reading))
    # Longest match first; ties go to the earlier rule, then the earlier position.
    hits.sort(key=lambda h: (-(h.end - h.start), h.order, h.start))
    chosen: list[_Hit] = []
    taken: list[tuple[int, int]] = []
    for hit in hits:
        if any(hit.start < e and s < hit.end for s, e in taken):
            continue
        chosen.append(hit)
        taken.append((hit.start, hit.end))
    chosen.sort(key=lambda h: h.start)
    return chosen


_CALENDAR = re.compile(r"^\d{3,4}(?:X|-(?:\d\d|W\d\d|Q\d|H\d|SU|FA|WI|SP)(?:-\d\d|-WE)?)?$|^\d{2}$")


def _is_calendar(value: str | None) -> bool:
    return bool(value) and bool(_CALENDAR.match(value or ""))


def _with_year(reading: Reading, year: int) -> Reading:
    """A month (day) read without a year, given the year of the other end of an interval."""
    if reading.month_day is None:
        return reading
    month, day = reading.month_day
    if day is None:
        return replace(reading, value=cal.month_value(year, month))
    d = cal.safe_date(year, month, day)
    return replace(reading, value=cal.day_value(d)) if d else reading


def _year_of(value: str | None) -> int | None:
    m = re.match(r"(\d{4})", value or "")
    return int(m.group(1)) if m else None


_PART_OF = re.compile(
    r"(?:\bthe\s+)?\b(?P<part>beginning|start|middle|end|close|turn|first\s+half|second\s+half|"
    r"latter\s+part|early\s+part|early|mid|late|earlier|later|pre|post)(?:\s+of\s+|[\s-]+)$",
    re.IGNORECASE,
)
_SIGNAL = re.compile(r"\b(?P<w>since|by|as\s+of|before|after|between|from)\s+$", re.IGNORECASE)
_JOIN = re.compile(r"^\s*(?:and|to|until|till|through|-|–|—)\s*$", re.IGNORECASE)


def _widen(hits: list[_Hit], ctx: Context) -> list[_Hit]:
    """Fold in the words around a timex that change its value."""
    text = ctx.text
    out: list[_Hit] = []
    floor = 0
    for hit in hits:
        r = hit.reading
        start = hit.start
        if r.type == "DATE" and _is_calendar(r.value) and r.mod is None:
            m = _PART_OF.search(text[max(floor, start - 30) : start])
            if m and hit.rule not in ("unit_relative", "quarter", "part_of_unit"):
                part = re.sub(r"\s+", " ", m["part"].lower())
                lead = m.group()
                if " " not in part and part not in (
                    "beginning",
                    "start",
                    "middle",
                    "end",
                    "close",
                    "turn",
                ):
                    lead = lead[m.start("part") - m.start() :]  # "the post-1959 era"
                start = start - len(lead)
                if part in ("first half", "second half") and r.precision == "year":
                    half = 1 if part.startswith("first") else 2
                    r = replace(
                        r, value=cal.half_value(int(r.value or "0"), half), precision="range"
                    )
                else:
                    mod = {
                        "beginning": START,
                        "start": START,
                        "early": START,
                        "early part": START,
                        "middle": MID,
                        "mid": MID,
                        "end": END,
                        "close": END,
                        "turn": END,
                        "late": END,
                        "latter part": END,
                        "pre": BEFORE,
                        "post": AFTER,
                    }
                    r = replace(r, mod=mod.get(part))
        out.append(_Hit(start, hit.end, hit.rule, hit.order, r))
        floor = hit.end
    # Intervals: "between 2001 and 2003", "from May to July 2008".
    merged: list[_Hit] = []
    i = 0
    while i < len(out):
        hit = out[i]
        nxt = out[i + 1] if i + 1 < len(out) else None
        lead = _SIGNAL.search(text[max(0, hit.start - 20) : hit.start])
        if (
            nxt is not None
            and lead is not None
            and lead["w"].lower() in ("between", "from")
            and _JOIN.match(text[hit.end : nxt.start])
            and hit.reading.type == nxt.reading.type == "DATE"
        ):
            a, b = hit.reading, nxt.reading
            year_b = _year_of(b.value)
            if a.month_day is not None and b.month_day is None and year_b is not None:
                a = _with_year(a, year_b)
            if _is_calendar(a.value) and _is_calendar(b.value):
                value = f"{a.value}/{b.value}"
                reading = Reading("DATE", value, "range")
            else:
                reading = Reading("DATE", None, "range")
            merged.append(
                _Hit(hit.start - len(lead.group()), nxt.end, "interval", hit.order, reading)
            )
            i += 2
            continue
        merged.append(hit)
        i += 1
    # Signals: "since 2006", "by 2007", "before May".
    final: list[_Hit] = []
    for hit in merged:
        r = hit.reading
        lead = _SIGNAL.search(text[max(0, hit.start - 20) : hit.start])
        if lead is None or r.type != "DATE" or not _is_calendar(r.value) or hit.rule == "interval":
            final.append(hit)
            continue
        word = re.sub(r"\s+", " ", lead["w"].lower())
        start = hit.start - len(lead.group())
        if word == "since":
            r = Reading("DATE", f"{r.value}/..", "range", r.mod)
        elif word in ("by", "as of"):
            r = replace(r, mod=AS_OF)
        elif word in ("before", "after") and r.mod is None:
            r = replace(r, mod=BEFORE if word == "before" else AFTER)
        else:
            final.append(hit)
            continue
        final.append(_Hit(start, hit.end, hit.rule + "+" + word.replace(" ", "_"), hit.order, r))
    return final


_VALUE_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-W(\d{2})$"), "week"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-([QH])(\d)$"), "range"),
    (re.compile(r"^(\d{4})-(SP|SU|FA|WI)$"), "range"),
    (re.compile(r"^(\d{4})$"), "year"),
)


def _value_form(value: str | None) -> tuple[re.Match[str], str] | None:
    for pattern, precision in _VALUE_FORMS:
        m = pattern.match(value or "")
        if m:
            return m, precision
    return None


def shift_value(
    value: str, unit: str, steps: int, *, coarsen: bool = False
) -> tuple[str, str] | None:
    """A calendar value moved by ``steps`` units of ``unit``.

    A shift in years keeps the value's granularity: ``shift_value("1989-Q3", "year",
    -1)`` is ``("1988-Q3", "range")``, or ``("1988", "year")`` with ``coarsen``. Other
    units give a value of their own granularity (a month, a week, a quarter, a day);
    a unit finer than the value ("two days after 1990") gives ``None``. The unit
    ``weekday4`` moves to the previous (``steps < 0``) or the next Friday.
    """
    form = _value_form(value)
    if form is None:
        return None
    m, precision = form
    year = int(m.group(1))
    day = date.fromisoformat(value) if precision == "day" else None
    if unit.startswith("weekday"):
        if day is None:
            return None
        direction: Direction = "past" if steps < 0 else "future"
        d = cal.resolve_weekday(int(unit[len("weekday") :]), day, direction, strict=True)
        return cal.day_value(d), "day"
    if unit == "year":
        if coarsen:
            return cal.year_value(year + steps), "year"
        if day is not None:
            return cal.day_value(cal.shift_years(day, steps)), "day"
        return f"{year + steps:04d}{value[4:]}", precision
    if unit == "quarter":
        if precision in ("day", "month"):
            month = int(m.group(2))
        elif value[5:6] == "Q":
            month = int(m.group(3)) * 3
        else:
            return None
        y, q = cal.shift_quarter(year, (month - 1) // 3 + 1, steps)
        return cal.quarter_value(y, q), "range"
    if unit == "month" and precision in ("day", "month"):
        y, mo = cal.shift_month(year, int(m.group(2)), steps)
        return cal.month_value(y, mo), "month"
    if unit == "week" and precision in ("day", "week"):
        monday = day or date.fromisocalendar(year, int(m.group(2)), 1)
        return cal.week_value(monday + timedelta(weeks=steps)), "week"
    if unit == "day" and day is not None:
        return cal.day_value(day + timedelta(days=steps)), "day"
    return None


def _resolve_anchors(hits: list[_Hit]) -> list[_Hit]:
    """ "two days later", "the following year": shift the date the text last mentioned."""
    out: list[_Hit] = []
    last: str | None = None
    for hit in hits:
        r = hit.reading
        if r.anchor is not None and last is not None:
            a = r.anchor
            shifted = shift_value(last, a.unit, a.steps, coarsen=a.coarsen)
            if shifted is not None:
                r = replace(r, value=shifted[0], precision=shifted[1])
                hit = replace(hit, reading=r)
        if r.type == "DATE" and _value_form(r.value) is not None:
            last = r.value
        out.append(hit)
    return out


_NEXT_DAY = re.compile(
    r"\s*(?:and|or|to|through|-|–)\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
    r"(?!\s*(?:percent|%|[.,:]\d))",
    re.IGNORECASE,
)


def _continued_days(hits: list[_Hit], ctx: Context) -> list[_Hit]:
    """ "April 24 and 25": the second day is a date of its own, in the first one's month."""
    out: list[_Hit] = []
    for n, hit in enumerate(hits):
        out.append(hit)
        r = hit.reading
        if hit.rule != "month_day" or r.precision != "day":
            continue
        m = _NEXT_DAY.match(ctx.text, hit.end)
        if m is None or (n + 1 < len(hits) and hits[n + 1].start < m.end()):
            continue
        token = ctx.token_at(m.start("day"))
        if token is not None and token.dep_ == "nummod" and token.head.pos_ == "NOUN":
            continue  # "on May 5 and 6 people died"
        day = int(m["day"])
        if r.value is None:
            out.append(_Hit(m.start("day"), m.end(), "next_day", hit.order, r))
            continue
        first = date.fromisoformat(r.value)
        d = cal.safe_date(first.year, first.month, day)
        if d is not None and d > first:
            reading = replace(r, value=cal.day_value(d), month_day=None)
            out.append(_Hit(m.start("day"), m.end(), "next_day", hit.order, reading))
    return out


def _anchor_clock_times(hits: list[_Hit], ctx: Context) -> list[_Hit]:
    """ "9 a.m. Tuesday", "5 p.m. EST Nov. 9": a time of day takes the day written beside it."""
    out = list(hits)
    for i, hit in enumerate(out):
        if hit.reading.type != "TIME":
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(out):
                continue
            other = out[j]
            gap = ctx.text[min(hit.end, other.end) : max(hit.start, other.start)]
            if (
                other.reading.precision == "day"
                and other.reading.type == "DATE"
                and re.fullmatch(r"[\s,]*(?:on|this|of)?[\s,]*", gap)
            ):
                out[i] = replace(hit, reading=replace(hit.reading, value=other.reading.value))
                break
    return out


def find_timexes(doc: Any, article_date: date | None) -> list[Timex]:
    """The temporal expressions of a parsed text, normalised against ``article_date``.

    Returns :class:`WhenTimex` records (a ``Timex`` with ``mod`` and ``rule``) in text
    order. Types: ``DATE``, ``TIME`` (a time of day; its value is the day),
    ``DURATION`` ("three years": ``P3Y``) and ``SET`` ("every week": ``P1W``).
    """
    ctx = Context(doc=doc, text=view(doc).text, article=article_date, vocab=vocabulary())
    hits = _scan(ctx)
    hits = _widen(_continued_days(hits, ctx), ctx)
    hits = _anchor_clock_times(_resolve_anchors(hits), ctx)
    out: list[Timex] = []
    for hit in hits:
        r = hit.reading
        out.append(
            WhenTimex(
                start=hit.start,
                end=hit.end,
                text=ctx.text[hit.start : hit.end],
                type=r.type,
                value=r.value,
                precision=r.precision,
                mod=r.mod,
                rule=f"when.{hit.rule}",
            )
        )
    return out
