"""Dates in an undated article, read against its date window.

An undated article has a window (``infer_date_window``): the days it can have been
written on. A relative or partial date ("July 22", "in March", "last year") then has
one value per possible writing day. Each such reading only moves forward as the
writing day does, so the values at the window's first and last day bound them all:

* both ends give the same value: the window fixes it ("in March", read in a window
  from May 2008 to January 2009, is 2008-03);
* "July 22" (a day without a year) with a window that holds one July 22 only: that
  one (2008-07-22 in 2008-05-08 – 2009-01-20);
* both ends share a month or a year: that month or year ("Tuesday", in a window
  inside July 2008, is 2008-07);
* otherwise the window cannot fix it, and the event takes the window itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from ..model import DateWindow, Timex
from . import calendar as cal
from .timexes import find_timexes

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})")
_YEAR = re.compile(r"^(\d{4})")


def _one_day(month: int, day: int, start: date, end: date) -> date | None:
    """The only ``month``/``day`` between ``start`` and ``end``, if there is one only."""
    found = [
        d
        for year in range(start.year, end.year + 1)
        if (d := cal.safe_date(year, month, day)) is not None and start <= d <= end
    ]
    return found[0] if len(found) == 1 else None


def _one_month(month: int, start: date, end: date) -> str | None:
    found = [
        (year, month)
        for year in range(start.year, end.year + 1)
        if (year, month) >= (start.year, start.month) and (year, month) <= (end.year, end.month)
    ]
    return cal.month_value(*found[0]) if len(found) == 1 else None


def fix_by_window(
    first: str | None, last: str | None, rule: str, window: DateWindow
) -> tuple[str, str] | None:
    """The value and precision the window fixes, from a timex's readings at the window's
    first (``first``) and last (``last``) day; ``None`` when it fixes none."""
    if not first or not last or window.start is None or window.end is None:
        return None
    if first == last:
        return first, _precision(first)
    base = rule.split(".", 1)[-1].split("+")[0]  # "when.month_day+since" -> "month_day"
    a, b = _DAY.match(first), _DAY.match(last)
    if base == "month_day" and a and b and a.group(2, 3) == b.group(2, 3):
        day = _one_day(int(a[2]), int(a[3]), window.start, window.end)
        if day is not None:
            return day.isoformat(), "day"
    ma, mb = _MONTH.match(first), _MONTH.match(last)
    if base == "month" and ma and mb and ma[2] == mb[2]:
        month = _one_month(int(ma[2]), window.start, window.end)
        if month is not None:
            return month, "month"
    if ma and mb and ma.group() == mb.group() and "W" not in first + last:
        return ma.group(), "month"
    ya, yb = _YEAR.match(first), _YEAR.match(last)
    if ya and yb and ya.group() == yb.group():
        return ya.group(), "year"
    return None


def _precision(value: str) -> str:
    if _DAY.match(value):
        return "day"
    if re.match(r"^\d{4}-W\d{2}$", value):
        return "week"
    if re.match(r"^\d{4}-\d{2}$", value):
        return "month"
    if re.match(r"^\d{4}$", value):
        return "year"
    return "range"


def window_value(window: DateWindow) -> str | None:
    """The window as an ISO 8601 interval ("2008-05-08/2009-01-20"; ".." for an open end)."""
    if window.start is None and window.end is None:
        return None
    start = window.start.isoformat() if window.start else ".."
    end = window.end.isoformat() if window.end else ".."
    return f"{start}/{end}"


def resolve_in_window(
    doc: Any, timexes: Sequence[Timex], window: DateWindow
) -> tuple[list[Timex], frozenset[tuple[int, int]]]:
    """``timexes`` (read without an article date) with the values the window fixes, and
    the spans of those it fixed."""
    if window.start is None or window.end is None:
        return list(timexes), frozenset()
    at_start = {(t.start, t.end): t for t in find_timexes(doc, window.start)}
    at_end = {(t.start, t.end): t for t in find_timexes(doc, window.end)}
    out: list[Timex] = []
    fixed: set[tuple[int, int]] = set()
    for timex in timexes:
        span = (timex.start, timex.end)
        first, last = at_start.get(span), at_end.get(span)
        if timex.value is not None or first is None or last is None:
            out.append(timex)
            continue
        found = fix_by_window(first.value, last.value, getattr(timex, "rule", ""), window)
        if found is None:
            out.append(timex)
            continue
        out.append(replace(timex, value=found[0], precision=found[1]))
        fixed.add(span)
    return out, frozenset(fixed)
