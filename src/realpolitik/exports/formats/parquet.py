"""Parquet: a table's flat columns, written by DuckDB itself (the relation's
``write_parquet``, DuckDB's ``COPY … (FORMAT parquet)``), so it needs no pyarrow and the
path never enters the SQL text. Written to a file path, never to a stream."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from ...safe_output import replacing
from ...store.filters import Filters
from ..query import flat_query
from ..registry import Format, register


def write_parquet(
    store: Any, out: Path | IO[str], table: str, filters: Filters, header: bool
) -> int:
    """The rows of ``table`` that pass ``filters`` as a Parquet file at ``out``."""
    query = flat_query(table, filters)
    cursor = store.connection.cursor()
    try:
        with replacing(Path(out), "parquet", inputs=[store.path]) as path:  # type: ignore[arg-type]
            cursor.sql(query.sql, params=query.params).write_parquet(str(path))
            row = cursor.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchall()
    finally:
        cursor.close()
    return int(row[0][0]) if row else 0


FORMAT = register(
    Format(
        "parquet",
        "Parquet: a table's flat columns, typed",
        export=write_parquet,
        to_path=True,
        position=4,
    )
)
