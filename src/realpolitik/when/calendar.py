"""Date arithmetic for normalising temporal expressions: pure functions on ``date``.

Values follow TimeML (TIMEX3): ``2008-07-22`` (day), ``2008-W29`` (ISO week),
``2008-W29-WE`` (weekend), ``2008-07`` (month), ``2008-Q3`` (quarter), ``2008-H1``
(half), ``2008-SU`` (season), ``2008`` (year), ``199X`` (decade), ``19`` (century).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

# The tense of the clause a timex sits in: "past" (met, has met), "future" (will meet,
# plans to meet) or "present" (meets, is due; headlines; no verb), where the nearest
# reading wins.
Direction = Literal["past", "future", "present"]

# A bare "December 30" read in an article of December 27 is this year's, not last
# year's: a date this close ahead is taken as meant, whatever the tense.
GRACE_DAYS = 7

# First month of each TimeML season; winter belongs to the year it starts in.
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def day_value(day: date) -> str:
    return day.isoformat()


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def weekend_value(day: date) -> str:
    return week_value(day) + "-WE"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def year_value(year: int) -> str:
    return f"{year:04d}"


def quarter_value(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"


def half_value(year: int, half: int) -> str:
    return f"{year:04d}-H{half}"


def season_value(year: int, code: str) -> str:
    return f"{year:04d}-{code}"


def decade_value(decade_start: int) -> str:
    return f"{decade_start // 10:03d}X"


def century_value(century: int) -> str:
    """The ``century``-th century (1-based): the 20th century is ``19``."""
    return f"{century - 1:02d}"


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + quarters
    return index // 4, index % 4 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_day_month(
    month: int, day: int, article: date, direction: Direction = "past"
) -> date | None:
    """A day and month without a year, read from an article of ``article``.

    In a past clause: the article's year, unless the date would lie more than a few
    days after the article (then last year's). In a future clause: the article's
    year, unless the date lies more than a few days before it (then next year's).
    Otherwise the nearest such day ("payable Nov. 13" in a November 2 article).
    """
    candidates = [safe_date(article.year + k, month, day) for k in (-1, 0, 1)]
    this_year = candidates[1]
    if this_year is None:
        return None
    grace = timedelta(days=GRACE_DAYS)
    if direction == "past":
        return candidates[0] if this_year > article + grace else this_year
    if direction == "future":
        return candidates[2] if this_year < article - grace else this_year
    valid = [d for d in candidates if d is not None]
    return min(valid, key=lambda d: (abs((d - article).days), d > article))


def resolve_month(month: int, article: date, direction: Direction = "past") -> tuple[int, int]:
    """A month without a year: the latest such month up to the article's in a past
    clause, the next one in a future clause, the nearest otherwise."""
    if direction == "past":
        return (article.year - 1, month) if month > article.month else (article.year, month)
    if direction == "future":
        return (article.year + 1, month) if month < article.month else (article.year, month)
    gap = month - article.month
    nearest = min((gap - 12, gap, gap + 12), key=lambda g: (abs(g), g > 0))
    return shift_month(article.year, article.month, nearest)


def resolve_weekday(
    weekday: int, article: date, direction: Direction = "past", *, strict: bool = False
) -> date:
    """The weekday (0 = Monday) nearest the article date: on or before it in a past or
    tenseless clause, on or after it in a future one.

    ``strict`` skips the article's own day ("last Friday" written on a Friday).
    """
    back = (article.weekday() - weekday) % 7
    ahead = (weekday - article.weekday()) % 7
    if strict:
        back, ahead = back or 7, ahead or 7
    if direction == "present":
        direction = "past"  # news tells of days gone by: "Russia says Tuesday"
    if direction == "past":
        return article - timedelta(days=back)
    return article + timedelta(days=ahead)


def weekday_this_week(weekday: int, article: date) -> date:
    """That weekday in the article's own ISO week ("this Friday")."""
    return article + timedelta(days=weekday - article.weekday())


def resolve_quarter(quarter: int, article: date, direction: Direction = "past") -> tuple[int, int]:
    """A quarter without a year: the latest that has begun by the article date (or the next)."""
    direction = "past" if direction == "present" else direction
    current_year, current = quarter_of(article)
    if direction == "future":
        return (current_year + 1, quarter) if quarter < current else (current_year, quarter)
    return (current_year - 1, quarter) if quarter > current else (current_year, quarter)


def resolve_season(
    code: str, article: date, direction: Direction = "past", *, strict: bool = False
) -> int:
    """The year of a season named without one ("last summer", "this winter").

    ``strict`` (for "last"/"next") wants a season wholly before (after) the
    article's; otherwise the latest season that has begun (the next one to begin).
    """
    direction = "past" if direction == "present" else direction
    start_month = SEASON_START[code]
    # The season of this name that begins in the article's year.
    begun = date(article.year, start_month, 1) <= article
    if code == "WI" and article.month <= 2:
        # January and February belong to the winter that began last December.
        current = article.year - 1
        if not strict:
            return current
        return current - 1 if direction == "past" else current + 1
    if direction == "past":
        if not begun:
            return article.year - 1
        if strict:
            end_month = start_month + 2
            ended = end_month < article.month
            return article.year if ended else article.year - 1
        return article.year
    if begun:
        return article.year + 1 if strict else article.year
    return article.year
