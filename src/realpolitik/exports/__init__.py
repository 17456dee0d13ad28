"""Writing out what a store holds, or what ``extract`` codes, in every output format.

``export(store, out, fmt, filters)`` writes the rows of one table that pass ``filters``
(``store.filters.Filters``) and returns how many it wrote. The formats are found in the
registry (``registry.py``): one module each in ``formats/`` (CSV, JSON lines, JSON,
Parquet, GDELT 2.0), so a new format is one new file there. Every file is written
through ``safe_output.py``: aside, then moved into place, never over a store or a file
of another kind. ``docs/export.md`` documents every column.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from ..errors import StoreError
from ..store.filters import Filters
from .query import EXPORT_TABLES, text_out
from .registry import Format, all_formats, export_formats, get, register, result_formats

__all__ = [
    "EXPORT_TABLES",
    "Format",
    "all_formats",
    "export",
    "export_formats",
    "get",
    "register",
    "result_formats",
]

_ROWS = {
    "events": "event mentions",
    "merged": "merged events",
    "transfers": "transfers",
    "indicators": "indicators",
}


def export(
    store: Any,
    out: Path | str | IO[str],
    fmt: str,
    filters: Filters | None = None,
    *,
    table: str | None = None,
    header: bool | None = None,
) -> int:
    """Write the rows of ``table`` that pass ``filters`` to ``out`` as ``fmt``; return their number.

    - ``store``: an ``EventStore`` (or anything with its ``connection`` and ``path``);
    - ``fmt``: one of ``export_formats()``: ``parquet`` (``out`` must be a path), ``csv``,
      ``jsonl`` or ``gdelt``;
    - ``table``: ``events`` (mentions; the default), ``merged`` (merged events),
      ``transfers`` or ``indicators``; ``gdelt`` always writes merged events;
    - ``header``: a first line of column names; CSV has one unless
      ``header=False``, GDELT has none unless ``header=True`` (as GDELT's files).
    """
    spec = get(fmt.lower())
    if spec is None or spec.export is None:
        raise StoreError(
            f"unknown export format {fmt.lower()!r}; formats: {', '.join(export_formats())}"
        )
    if spec.tables is not None:
        if table not in (None, *spec.tables):
            words = " or ".join(_ROWS.get(t, t) for t in spec.tables)
            uses = " or ".join(repr(t) for t in spec.tables)
            raise StoreError(f"{spec.name} rows are {words}: leave table out or use {uses}")
        table = table or spec.tables[0]
    table = table or "events"
    if table not in EXPORT_TABLES:
        raise StoreError(f"unknown table {table!r}; tables: {', '.join(EXPORT_TABLES)}")
    filters = filters or Filters()
    with_header = spec.header if header is None else header
    if spec.to_path:
        if hasattr(out, "write"):
            raise StoreError(f"{spec.name} is written to a file path, not to a stream")
        return spec.export(store, Path(out), table, filters, with_header)  # type: ignore[arg-type]
    with text_out(out, spec.name, store) as handle:
        return spec.export(store, handle, table, filters, with_header)
