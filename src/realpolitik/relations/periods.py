"""Periods: the granularities a series is cut into, and the windows a question is asked about."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..errors import RealpolitikError
from ..model import EARLIEST_DATE

By = Literal["day", "week", "month", "quarter", "year"]
BYS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")


class PeriodError(RealpolitikError):
    """A period or granularity could not be read."""


# The days relations are asked about and read. A window asked about must lie within
# FIRST_DAY .. LAST_DAY (``since=0001-01-01`` is refused in one line, not an overflow); a
# stored day before FIRST_DAY or more than FUTURE_DAYS after today (a typo, an article
# dated 9999-12-31) is left out of every story, series, network and brief.
# The range a stored document's date may take is defined once, in model.py.
FIRST_DAY = EARLIEST_DATE
LAST_DAY = date(2199, 12, 31)


def check_day(day: date, what: str = "day") -> date:
    """``day`` when within FIRST_DAY .. LAST_DAY; else PeriodError (one line)."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise PeriodError(
            f"{what} {day.isoformat()} is outside {FIRST_DAY.isoformat()}..{LAST_DAY.isoformat()}, "
            "the days relations answer for; leave it out for all time"
        )
    return day


def check_window(window: Window) -> Window:
    """``window`` when both its ends lie within FIRST_DAY .. LAST_DAY; else PeriodError."""
    if window.start is not None:
        check_day(window.start, "the period's start")
    if window.end is not None:
        check_day(window.end - timedelta(days=1), "the period's end")
    return window


@dataclass(frozen=True)
class Window:
    """Days from ``start`` (inclusive) to ``end`` (exclusive); ``None`` is open-ended."""

    start: date | None
    end: date | None
    label: str

    @property
    def month_aligned(self) -> bool:
        """Whether both ends fall on the first of a month (monthly summaries can answer)."""
        return all(d is None or d.day == 1 for d in (self.start, self.end))

    @property
    def days(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days

    def to_dict(self) -> dict[str, str | None]:
        return {
            "label": self.label,
            "start": self.start.isoformat() if self.start else None,
            "end": (self.end - timedelta(days=1)).isoformat() if self.end else None,
        }


ALL = Window(None, None, "all")

PeriodLike = str | int | date | tuple[date | str, date | str] | Window | None


def check_by(by: str) -> By:
    if by not in BYS:
        raise PeriodError(f"unknown granularity {by!r}; use one of {', '.join(BYS)}")
    return by  # type: ignore[return-value]


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _as_date(value: date | str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise PeriodError(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def between(start: date | str, end: date | str) -> Window:
    """The days from ``start`` to ``end``, both included."""
    first, last = _as_date(start), _as_date(end)
    if last < first:
        raise PeriodError(f"period ends ({last}) before it starts ({first})")
    return Window(first, last + timedelta(days=1), f"{first.isoformat()}..{last.isoformat()}")


_YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_RANGE = re.compile(r"(\S+?)\s*(?:\.\.|/)\s*(\S+)")


def parse_period(period: PeriodLike) -> Window:
    """A window from ``None`` (all time), a year (``2008``), ``2008-Q3``, ``2008-07``,
    ``2008-W30``, a day, ``START..END`` (both days included) or a ``(start, end)`` tuple,
    within FIRST_DAY .. LAST_DAY (else PeriodError)."""
    try:
        window = _parse_period(period)
    except (ValueError, OverflowError) as exc:  # year 9999's end, year 0
        raise PeriodError(
            f"{period!s}: outside {FIRST_DAY.isoformat()}..{LAST_DAY.isoformat()}, "
            "the days relations answer for"
        ) from exc
    return check_window(window)


def _parse_period(period: PeriodLike) -> Window:
    if period is None:
        return ALL
    if isinstance(period, Window):
        return period
    if isinstance(period, tuple):
        return between(*period)
    if isinstance(period, date):
        return Window(period, period + timedelta(days=1), period.isoformat())
    if isinstance(period, int) and not isinstance(period, bool):
        return Window(date(period, 1, 1), date(period + 1, 1, 1), str(period))
    text = str(period).strip()
    if m := _YEAR.fullmatch(text):
        year = int(m.group(1))
        return Window(date(year, 1, 1), date(year + 1, 1, 1), text)
    if m := _QUARTER.fullmatch(text):
        year, quarter = int(m.group(1)), int(m.group(2))
        first = date(year, 3 * quarter - 2, 1)
        return Window(first, _month_start(year, 3 * quarter + 1), text)
    if m := _MONTH.fullmatch(text):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"{text!r}: no month {month}")
        return Window(date(year, month, 1), _month_start(year, month + 1), text)
    if m := _WEEK.fullmatch(text):
        try:
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError as exc:
            raise PeriodError(f"{text!r} is not an ISO week") from exc
        return Window(monday, monday + timedelta(days=7), text)
    if m := _RANGE.fullmatch(text):
        return between(m.group(1), m.group(2))
    day = _as_date(text)
    return Window(day, day + timedelta(days=1), text)


def truncate(day: date, by: By) -> date:
    """The first day of the period of granularity ``by`` that holds ``day``."""
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def next_start(start: date, by: By) -> date:
    """The first day of the period after the one starting on ``start``."""
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return _month_start(start.year, start.month + 1)
    if by == "quarter":
        return _month_start(start.year, start.month + 3)
    return date(start.year + 1, 1, 1)


def label(start: date, by: By) -> str:
    """``2008-07-22``, ``2008-W30``, ``2008-07``, ``2008-Q3`` or ``2008``."""
    if by == "day":
        return start.isoformat()
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if by == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if by == "quarter":
        return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year:04d}"


def ordinal(start: date, by: By) -> int:
    """A running number of the period: consecutive periods differ by one."""
    if by == "day":
        return start.toordinal()
    if by == "week":
        return start.toordinal() // 7
    if by == "month":
        return start.year * 12 + start.month - 1
    if by == "quarter":
        return start.year * 4 + (start.month - 1) // 3
    return start.year


def starts(first: date, last: date, by: By) -> list[date]:
    """Every period start from the period of ``first`` to that of ``last``, in order."""
    out: list[date] = []
    current = truncate(first, by)
    end = truncate(last, by)
    while current <= end:
        out.append(current)
        current = next_start(current, by)
    return out
