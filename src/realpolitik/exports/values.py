"""How values are written out, the same by every writer and by the dashboard's downloads."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from ..jsonsafe import iso, json_default


def csv_value(value: Any) -> str:
    """A CSV cell: '' for None, true/false, lists joined by ``;``, ISO dates, hex bytes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(csv_value(v) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def json_value(value: Any) -> Any:
    """A stored value as JSON has it: ISO dates, hex bytes, the rest as it is."""
    return iso(value, hex_bytes=True)


def compact_json(obj: Any) -> str:
    """One JSON line of an export: no spaces, non-ASCII kept."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def record_json(value: Any) -> str:
    """JSON of a coded document's records (``Event.to_dict()`` ...), as ``extract`` writes it:
    dates as ISO strings, sets and tuples as lists."""
    return json.dumps(value, ensure_ascii=False, default=json_default)
