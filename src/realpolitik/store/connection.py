"""Opening a store's DuckDB file, and the few statements every other module runs on it.

``connect`` checks the DuckDB version and the path (``check_store_path``: never a folder,
another kind of file or a name like ``corpus.csv``) and turns DuckDB's errors into one
line; ``insert_rows`` and ``with_values`` run many rows as few statements.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from ..errors import NotAStoreError, StoreError

Connection = duckdb.DuckDBPyConnection

# DuckDB before 1.2 checks unique keys too eagerly: a row updated twice in one
# transaction (merged events, settings) fails with a duplicate key error.
MIN_DUCKDB = (1, 2)


def utc_now() -> datetime:
    """The current UTC time, naive, as stored in TIMESTAMP columns."""
    return datetime.now(UTC).replace(tzinfo=None)


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return re.sub(r"^[A-Za-z ]+ Error: ", "", first)


def _check_duckdb(version: str) -> None:
    parts = re.findall(r"\d+", version)[:2]
    found = tuple(int(p) for p in parts)
    if len(found) == 2 and found < MIN_DUCKDB:
        need = ".".join(map(str, MIN_DUCKDB))
        raise StoreError(
            f"the store needs duckdb {need} or newer, this is duckdb {version}; "
            f"pip install 'duckdb>={need}'"
        )


# Files a store is never named like: DuckDB opens an existing one as an empty in-memory
# database (nothing written to it is kept), and a new one is an option swapped by mistake.
DATA_SUFFIXES: dict[str, str] = {
    ".csv": "CSV",
    ".tsv": "TSV",
    ".json": "JSON",
    ".jsonl": "JSON Lines",
    ".ndjson": "JSON Lines",
    ".parquet": "Parquet",
    ".txt": "text",
    ".md": "Markdown",
    ".html": "HTML",
    ".htm": "HTML",
    ".xml": "XML",
    ".rss": "RSS",
    ".atom": "Atom",
    ".png": "PNG",
    ".svg": "SVG",
    ".pdf": "PDF",
}


def check_store_path(path: Path | str) -> Path:
    """``path`` when it is a DuckDB database or a new path; ``NotAStoreError`` otherwise
    (a folder, an empty file, any other file, a name like ``corpus.csv``)."""
    from ..safe_output import is_duckdb_file

    given = Path(path).expanduser()
    if given.is_dir():
        raise NotAStoreError(f"store {given} is a folder, not a DuckDB database file")
    if given.exists():
        if is_duckdb_file(given):
            return given
        what = "an empty file" if given.stat().st_size == 0 else "some other file"
        raise NotAStoreError(
            f"{given} is not a DuckDB database ({what}); give a store or a new path with --db"
        )
    kind = DATA_SUFFIXES.get(given.suffix.lower())
    if kind is not None:
        raise NotAStoreError(
            f"{given} is named like a {kind} file, not a DuckDB database; "
            "give a .duckdb path with --db"
        )
    return given


def connect(path: Path, *, read_only: bool = False) -> Connection:
    _check_duckdb(duckdb.__version__)
    check_store_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder of store {path}: {exc.strerror}") from exc
    if path.is_dir():
        raise StoreError(f"store {path} is a folder, not a DuckDB database file")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        message = str(exc)
        if "not a valid DuckDB database" in message:
            raise StoreError(f"{path} is not a DuckDB database") from exc
        if "lock" in message.lower():
            pid = re.search(r"\(PID (\d+)\)", message)
            holder = f" (PID {pid.group(1)})" if pid else ""
            raise StoreError(
                f"store {path} is locked by another process{holder}; close it and try again"
            ) from exc
        raise StoreError(f"cannot open store {path}: {one_line(exc)}") from exc


def rollback(con: Connection) -> None:
    """Roll back the open transaction, if DuckDB has not already aborted it."""
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


_INSERT_HEAD = re.compile(r"^INSERT INTO (\w+) \(([\w, ]+)\) VALUES$")
FRAME_ROWS = 48  # from this many rows on, insert from a DataFrame


def insert_rows(con: Connection, head: str, rows: Sequence[Sequence[Any]]) -> None:
    """``head`` (``INSERT INTO t (a, b) VALUES``) with ``rows``.

    DuckDB's ``executemany`` runs one statement per row, and binding a long ``VALUES``
    list costs milliseconds per row; so fewer than ``FRAME_ROWS`` rows go in as one
    ``VALUES`` statement, and more from a pandas DataFrame of Python objects (no type is
    guessed on the way: the table's column types convert them, as in ``VALUES``).
    """
    if not rows:
        return
    if len(rows) >= FRAME_ROWS:
        m = _INSERT_HEAD.match(head)
        if m is None:  # pragma: no cover - every head in this module has the form
            raise ValueError(f"not an INSERT head: {head!r}")
        import pandas as pd

        table, columns = m.group(1), [c.strip() for c in m.group(2).split(",")]
        frame = pd.DataFrame(list(rows), columns=columns, dtype=object)
        name = f"_rows_{id(frame):x}"
        con.register(name, frame)
        try:
            con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM {name}")
        finally:
            con.unregister(name)
        return
    with_values(con, head + " {values}", rows, fetch=False)


def table_exists(con: Connection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
        [name],
    ).fetchone()
    return bool(row and row[0])


_CHUNK = 256  # rows of a VALUES list in one statement


def chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for at in range(0, len(items), size):
        yield items[at : at + size]


def with_values(
    con: Connection, sql: str, rows: Sequence[Sequence[Any]], *, fetch: bool = True
) -> list[Any]:
    """Run ``sql``, whose ``{values}`` stands for a ``VALUES`` list of ``rows``, once per
    chunk of rows, every value a bound parameter; the rows it returns (with ``fetch``),
    concatenated."""
    found: list[Any] = []
    for part in chunks(rows):
        one = "(" + ", ".join("?" for _ in part[0]) + ")"
        cursor = con.execute(
            sql.format(values=", ".join(one for _ in part)), [x for row in part for x in row]
        )
        if fetch:
            found += cursor.fetchall()
    return found
