"""When things happened: temporal expressions, event dates and the date window of an
undated article.

* :func:`find_timexes` finds and normalises temporal expressions in a parsed text;
* :func:`event_date` dates one event from the timex governing its clause, or the
  article date;
* :func:`context_dates` dates an event its clause leaves undated from its article: an
  earlier mention of the same event ("the attack"), "since then";
* :func:`infer_date_window` bounds the writing date of an undated article from the
  office holders it names ("President Dimitri Medvédev") and the years it mentions;
* :func:`resolve_in_window` reads the relative dates of an undated article against
  that window ("met on July 22" is 2008-07-22 when the window holds one July 22).
"""

from .anchor import date_from, event_date, timex_roots
from .context import context_dates
from .timexes import AS_OF, WhenTimex, find_timexes, future_clause
from .undated import resolve_in_window, window_value
from .window import infer_date_window

__all__ = [
    "AS_OF",
    "WhenTimex",
    "context_dates",
    "date_from",
    "event_date",
    "find_timexes",
    "future_clause",
    "infer_date_window",
    "resolve_in_window",
    "timex_roots",
    "window_value",
]
