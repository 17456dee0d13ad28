"""Values made safe for JSON: the one place every layer converts them.

The store, the record writers, relations and the server all import from here (it imports
nothing of realpolitik), so that a date, a numpy number or a NaN reads the same way
wherever it is written out:

- :func:`plain` makes an answer JSON-ready, deep (dicts, lists, tuples): dates as ISO
  strings (a datetime at midnight as its day), numpy scalars as Python numbers, NaN and
  infinities as null. What the server answers and what ``Brief.to_dict`` gives.
- :func:`json_default` is ``json.dumps``'s ``default`` for records: dates and datetimes as
  ISO strings, sets and tuples as lists; anything else is an error.
- :func:`iso` converts one stored value of a row: dates and datetimes as ISO strings, bytes
  as hex (with ``hex_bytes``); anything else unchanged.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any


def plain(value: Any) -> Any:
    """JSON-ready: dates as ISO strings, NaN as null, numpy scalars as Python numbers."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def json_default(value: Any) -> Any:
    """``json.dumps(..., default=json_default)``: dates, datetimes, sets and tuples."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def iso(value: Any, *, hex_bytes: bool = False) -> Any:
    """One stored value as JSON takes it: a date or datetime as its ISO string, bytes as
    hex when ``hex_bytes``; anything else as it is."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if hex_bytes and isinstance(value, bytes):
        return value.hex()
    return value
