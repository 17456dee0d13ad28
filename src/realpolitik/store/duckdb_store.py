"""A persistent, embedded DuckDB store of documents, actors, events and what links them.

One file holds everything (``docs/store.md``). Documents are keyed by the sha256
of their text, so writing the same text twice, under any name, changes nothing.
Each document's rows go in in one transaction, together with what the document
changes elsewhere: its near-duplicate links (``dedup.py``) and the merged events
its event mentions belong to (``merge.py``). A failure, or a process killed at
any moment, never leaves half a document behind, and writing the same documents
again after a crash ends in the same store as one uninterrupted run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, Self

import duckdb

from ..errors import NotAStoreError, StoreError
from ..jsonsafe import iso, json_default
from ..model import Actor, ArmsTransfer, DocumentResult, Event, Evidence, Indicator, Toponym
from . import dedup, merge
from .filters import (
    Filters,
    event_conditions,
    indicator_conditions,
    merged_conditions,
    transfer_conditions,
    where_clause,
)

if TYPE_CHECKING:
    from .reads import StoreLayout

SCHEMA_VERSION = 2

Connection = duckdb.DuckDBPyConnection
MigrationStep = str | Callable[[Connection], None]
Clock = Callable[[], datetime]

TABLES: tuple[str, ...] = (
    "meta",
    "settings",
    "documents",
    "actors",
    "events",
    "merged_events",
    "transfers",
    "indicators",
    "toponyms",
)

_EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "doc_key",
    "type",
    "cameo",
    "goldstein",
    "quad_class",
    "source_codes",
    "target_codes",
    "source_countries",
    "target_countries",
    "reciprocal",
    "modality",
    "attribution_code",
    "date_value",
    "date",
    "location",
    "confidence",
    "sentence_index",
    "sentence",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "trigger",
    "rule",
    "payload",
    "date_start",
    "date_end",
    "place_country",
    "merge_key",
    "merge_day",
    "merge_period",
)
_INSERT_EVENT_HEAD = f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES"

_DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_key",
    "doc_id",
    "title",
    "date",
    "source",
    "text",
    "n_chars",
    "ingested_at",
    "url",
    "signature",
    "window_start",
    "window_end",
    "window_reasons",
)
_INSERT_DOCUMENT_HEAD = f"INSERT INTO documents ({', '.join(_DOCUMENT_COLUMNS)}) VALUES"

_EVIDENCE_COLUMNS: tuple[str, ...] = (
    "sentence_index",
    "sentence",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "trigger",
    "rule",
)
_TRANSFER_COLUMNS: tuple[str, ...] = (
    "transfer_id",
    "doc_key",
    "supplier",
    "recipient",
    "item",
    "category",
    "quantity_value",
    "quantity_exact",
    "quantity_unit",
    "quantity_text",
    "status",
    "year",
    "modality",
    "event_id",
    *_EVIDENCE_COLUMNS,
    "payload",
)
_INDICATOR_COLUMNS: tuple[str, ...] = (
    "indicator_id",
    "doc_key",
    "countries",
    "metric",
    "value",
    "unit",
    "as_of",
    *_EVIDENCE_COLUMNS,
    "payload",
)
_TOPONYM_COLUMNS: tuple[str, ...] = (
    "doc_key",
    "span_start",
    "span_end",
    "text",
    "reading",
    "country",
    "lat",
    "lon",
    "geonames_id",
    "feature_class",
    "guessed",
)

MERGED_COLUMNS: tuple[str, ...] = (
    "merged_id",
    "merge_key",
    "type",
    "modality",
    "source_key",
    "target_key",
    "reciprocal",
    "place_country",
    "date",
    "date_start",
    "date_end",
    "date_period",
    "n_mentions",
    "n_articles",
    "n_sources",
    "first_seen",
    "last_seen",
    "first_added_at",
    "representative_id",
    "cameo",
    "goldstein",
    "quad_class",
    "confidence",
    "is_root",
)
_INSERT_MERGED_HEAD = f"INSERT INTO merged_events ({', '.join(MERGED_COLUMNS)}) VALUES"

_URL = re.compile(r"^https?://", re.IGNORECASE)

# DuckDB before 1.2 checks unique keys too eagerly: a row updated twice in one
# transaction (merged events, settings) fails with a duplicate key error.
MIN_DUCKDB = (1, 2)
WRITE_BATCH = 32  # documents per transaction when writing a stream
WRITE_WAIT_S = 2.0  # ... or fewer, once the first has waited this long


# --------------------------------------------------------------------------- small helpers


@dataclass(frozen=True)
class WriteSummary:
    """What one ``write`` changed.

    ``events_skipped`` counts events whose id was already in the store (the
    same id from another document with the same ``doc`` name, or a repeat
    within the document); they are not written twice. ``duplicate_of`` is the
    ``doc_key`` of the earlier near-duplicate the new document was linked to.
    """

    new_document: bool
    events_added: int
    events_skipped: int = 0
    duplicate_of: str | None = None


@dataclass(frozen=True)
class DeleteSummary:
    """What one ``delete`` removed: rows per table; ``merged_events``, the merged events
    it removed, changed or split; ``relinked``, the near-duplicates whose cluster root
    changed; ``doc_ids``, the documents removed."""

    documents: int = 0
    events: int = 0
    transfers: int = 0
    indicators: int = 0
    toponyms: int = 0
    merged_events: int = 0
    relinked: int = 0
    doc_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "events": self.events,
            "transfers": self.transfers,
            "indicators": self.indicators,
            "toponyms": self.toponyms,
            "merged_events": self.merged_events,
            "relinked": self.relinked,
            "doc_ids": list(self.doc_ids),
        }

    def line(self) -> str:
        """One line: "removed 1 document, 3 events, 0 transfers, ... (a.txt)"."""

        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        names = ", ".join(self.doc_ids[:5]) + (" ..." if len(self.doc_ids) > 5 else "")
        return (
            f"removed {n(self.documents, 'document')}, {n(self.events, 'event')}, "
            f"{n(self.transfers, 'transfer')}, {n(self.indicators, 'indicator')}, "
            f"{n(self.toponyms, 'place')}; {n(self.merged_events, 'merged event')} "
            f"updated" + (f" ({names})" if names else "")
        )


def _now() -> datetime:
    """The current UTC time, naive, as stored in TIMESTAMP columns."""
    return datetime.now(UTC).replace(tzinfo=None)


def _to_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=json_default)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return re.sub(r"^[A-Za-z ]+ Error: ", "", first)


def _short_hash(*parts: object) -> str:
    key = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _schema_sql() -> str:
    return resources.files("realpolitik.store").joinpath("schema.sql").read_text(encoding="utf-8")


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


def _connect(path: Path, *, read_only: bool = False) -> Connection:
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
        raise StoreError(f"cannot open store {path}: {_one_line(exc)}") from exc


def _rollback(con: Connection) -> None:
    """Roll back the open transaction, if DuckDB has not already aborted it."""
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


_INSERT_HEAD = re.compile(r"^INSERT INTO (\w+) \(([\w, ]+)\) VALUES$")
FRAME_ROWS = 48  # from this many rows on, insert from a DataFrame


def _insert_rows(con: Connection, head: str, rows: Sequence[Sequence[Any]]) -> None:
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
    _with_values(con, head + " {values}", rows, fetch=False)


def _table_exists(con: Connection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
        [name],
    ).fetchone()
    return bool(row and row[0])


def _stored_version(con: Connection) -> int | None:
    """The store's schema version, or None for a store without a schema yet."""
    if not _table_exists(con, "meta"):
        return None
    row = con.execute("SELECT max(schema_version) FROM meta").fetchone()
    return None if row is None or row[0] is None else int(row[0])


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class StoreSettings:
    """Parameters that stored signatures, duplicate links and merged events depend on.

    They are kept in the ``settings`` table when a store is created, and read back
    on open, so that a store keeps being written the way it was started.
    """

    dedup: dedup.DedupSettings = dedup.DEFAULT
    merge_window_days: int = merge.WINDOW_DAYS

    def rows(self) -> list[tuple[str, str]]:
        d = self.dedup
        return [
            ("dedup_threshold", repr(d.threshold)),
            ("dedup_lsh_threshold", repr(d.lsh_threshold)),
            ("dedup_shingle_words", str(d.shingle_words)),
            ("merge_window_days", str(self.merge_window_days)),
            ("minhash_num_perm", str(d.num_perm)),
            ("minhash_scheme", d.scheme),
            ("minhash_seed", str(d.seed)),
        ]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> StoreSettings:
        values = dict(rows)
        base = cls()
        try:
            return cls(
                dedup=dedup.DedupSettings(
                    threshold=float(values.get("dedup_threshold", base.dedup.threshold)),
                    lsh_threshold=float(
                        values.get("dedup_lsh_threshold", base.dedup.lsh_threshold)
                    ),
                    shingle_words=int(values.get("dedup_shingle_words", base.dedup.shingle_words)),
                    num_perm=int(values.get("minhash_num_perm", base.dedup.num_perm)),
                    seed=int(values.get("minhash_seed", base.dedup.seed)),
                    scheme=values.get("minhash_scheme", base.dedup.scheme),
                ),
                merge_window_days=int(values.get("merge_window_days", base.merge_window_days)),
            )
        except ValueError as exc:
            raise StoreError(f"the store's settings table is damaged: {exc}") from exc


DEFAULT_SETTINGS = StoreSettings()


def _read_settings(con: Connection) -> StoreSettings:
    if not _table_exists(con, "settings"):
        return DEFAULT_SETTINGS
    rows = con.execute("SELECT key, value FROM settings").fetchall()
    return StoreSettings.from_rows((str(k), str(v)) for k, v in rows)


def _write_settings(con: Connection, settings: StoreSettings) -> None:
    con.execute("DELETE FROM settings")
    con.executemany("INSERT INTO settings VALUES (?, ?)", [list(r) for r in settings.rows()])


# --------------------------------------------------------------------------- schema


def create_schema(con: Connection, now: datetime | None = None) -> None:
    """Create every table of the current schema and record its version and settings."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_schema_sql())
        con.execute("DELETE FROM meta")
        con.execute("INSERT INTO meta VALUES (?, ?)", [SCHEMA_VERSION, now or _now()])
        _write_settings(con, DEFAULT_SETTINGS)
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def _backfill_v2(con: Connection) -> None:
    """Version 2, data step: settings, urls, signatures, duplicate links, merged events."""
    settings = DEFAULT_SETTINGS
    _write_settings(con, settings)
    con.execute("UPDATE documents SET url = doc_id WHERE regexp_matches(doc_id, '^https?://')")
    index = dedup.NearDuplicateIndex(settings.dedup)
    docs = con.execute("SELECT doc_key, text FROM documents ORDER BY doc_key").fetchall()
    for doc_key, text in docs:
        shingle_set = dedup.shingles(text, settings.dedup.shingle_words)
        sig = dedup.signature(shingle_set, settings.dedup)
        con.execute("UPDATE documents SET signature = ? WHERE doc_key = ?", [sig or None, doc_key])
        _link_duplicates(con, index, settings, doc_key, shingle_set, sig)
        index.add(doc_key, sig)
    rows = con.execute(
        "SELECT e.event_id, e.payload, d.date FROM events e JOIN documents d USING (doc_key) "
        "ORDER BY e.event_id"
    ).fetchall()
    updates: list[list[Any]] = []
    for event_id, payload, doc_date in rows:
        fields = merge.merge_fields(json.loads(payload), doc_date)
        updates.append(
            [
                fields.date_start,
                fields.date_end,
                fields.place_country,
                fields.merge_key,
                fields.merge_day,
                fields.merge_period,
                event_id,
            ]
        )
    if updates:
        con.executemany(
            "UPDATE events SET date_start = ?, date_end = ?, place_country = ?, merge_key = ?, "
            "merge_day = ?, merge_period = ? WHERE event_id = ?",
            updates,
        )
    keys = [r[0] for r in con.execute("SELECT DISTINCT merge_key FROM events").fetchall()]
    _remerge_strands(con, settings, keys)


# Steps that take a store *to* the version of the key from the one before it: SQL
# strings, or functions of the connection for what SQL alone cannot do. They are
# history: never edit a released step, add a new version instead (docs/store.md).
MIGRATIONS: dict[int, tuple[MigrationStep, ...]] = {
    2: (
        "CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
        "ALTER TABLE documents ADD COLUMN IF NOT EXISTS source VARCHAR",
        "ALTER TABLE documents ADD COLUMN url VARCHAR",
        "ALTER TABLE documents ADD COLUMN duplicate_of VARCHAR",
        "ALTER TABLE documents ADD COLUMN signature BLOB",
        "ALTER TABLE documents ADD COLUMN window_start DATE",
        "ALTER TABLE documents ADD COLUMN window_end DATE",
        "ALTER TABLE documents ADD COLUMN window_reasons JSON",
        "ALTER TABLE events ADD COLUMN date_start DATE",
        "ALTER TABLE events ADD COLUMN date_end DATE",
        "ALTER TABLE events ADD COLUMN place_country VARCHAR",
        "ALTER TABLE events ADD COLUMN merge_key VARCHAR",
        "ALTER TABLE events ADD COLUMN merge_day DATE",
        "ALTER TABLE events ADD COLUMN merge_period VARCHAR",
        "ALTER TABLE events ADD COLUMN merged_id VARCHAR",
        """CREATE TABLE merged_events (
            merged_id VARCHAR PRIMARY KEY, merge_key VARCHAR NOT NULL, type VARCHAR NOT NULL,
            modality VARCHAR, source_key VARCHAR[], target_key VARCHAR[], reciprocal BOOLEAN,
            place_country VARCHAR, date DATE, date_start DATE, date_end DATE,
            date_period VARCHAR, n_mentions INTEGER NOT NULL, n_articles INTEGER NOT NULL,
            n_sources INTEGER NOT NULL, first_seen DATE, last_seen DATE,
            first_added_at TIMESTAMP, representative_id VARCHAR NOT NULL, cameo VARCHAR,
            goldstein DOUBLE, quad_class INTEGER, confidence DOUBLE, is_root BOOLEAN)""",
        """CREATE TABLE transfers (
            transfer_id VARCHAR PRIMARY KEY, doc_key VARCHAR NOT NULL, supplier VARCHAR,
            recipient VARCHAR, item VARCHAR NOT NULL, category VARCHAR, quantity_value DOUBLE,
            quantity_exact BOOLEAN, quantity_unit VARCHAR, quantity_text VARCHAR,
            status VARCHAR, year VARCHAR, modality VARCHAR, event_id VARCHAR,
            sentence_index INTEGER, sentence VARCHAR, sentence_start INTEGER,
            sentence_end INTEGER, trigger_start INTEGER, trigger_end INTEGER, trigger VARCHAR,
            rule VARCHAR, payload JSON NOT NULL)""",
        """CREATE TABLE indicators (
            indicator_id VARCHAR PRIMARY KEY, doc_key VARCHAR NOT NULL, countries VARCHAR[],
            metric VARCHAR NOT NULL, value DOUBLE, unit VARCHAR, as_of VARCHAR,
            sentence_index INTEGER, sentence VARCHAR, sentence_start INTEGER,
            sentence_end INTEGER, trigger_start INTEGER, trigger_end INTEGER, trigger VARCHAR,
            rule VARCHAR, payload JSON NOT NULL)""",
        """CREATE TABLE toponyms (
            doc_key VARCHAR NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
            text VARCHAR NOT NULL, reading VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE,
            geonames_id BIGINT, feature_class VARCHAR, guessed BOOLEAN,
            PRIMARY KEY (doc_key, span_start, span_end))""",
        _backfill_v2,
    ),
}


def migrate(con: Connection, from_version: int) -> int:
    """Bring a store from ``from_version`` to ``SCHEMA_VERSION``; return the new version.

    Every step runs in one transaction: a failed migration leaves the store as it was.
    """
    if from_version > SCHEMA_VERSION:
        raise StoreError(
            f"store was written by a newer realpolitik (schema version {from_version}, "
            f"this one reads up to {SCHEMA_VERSION}); upgrade realpolitik"
        )
    if from_version == SCHEMA_VERSION:
        return from_version
    missing = [v for v in range(from_version + 1, SCHEMA_VERSION + 1) if v not in MIGRATIONS]
    if missing:
        raise StoreError(
            f"cannot migrate store from schema version {from_version}: "
            f"no migration to version {missing[0]}"
        )
    con.execute("BEGIN TRANSACTION")
    try:
        for version in range(from_version + 1, SCHEMA_VERSION + 1):
            for step in MIGRATIONS[version]:
                if isinstance(step, str):
                    con.execute(step)
                else:
                    step(con)
        con.execute("UPDATE meta SET schema_version = ?", [SCHEMA_VERSION])
        con.execute("COMMIT")
    except duckdb.Error as exc:
        _rollback(con)
        raise StoreError(
            f"migrating store from schema version {from_version} failed: {_one_line(exc)}"
        ) from exc
    except BaseException:
        _rollback(con)
        raise
    return SCHEMA_VERSION


# --------------------------------------------------------------------------- rows


def _all_actors(result: DocumentResult) -> Iterator[Actor]:
    yield from result.actors
    for event in result.events:
        yield from event.source
        yield from event.target
        if event.attribution is not None:
            yield event.attribution


def _evidence_values(ev: Evidence) -> list[Any]:
    return [
        ev.sentence_index,
        ev.sentence,
        ev.sentence_start,
        ev.sentence_end,
        ev.start,
        ev.end,
        ev.trigger,
        ev.rule,
    ]


def _event_row(event: Event, doc_key: str, doc_date: date | None) -> list[Any]:
    payload = event.to_dict()
    fields = merge.merge_fields(payload, doc_date)
    date_value = event.date.get("value") if isinstance(event.date, dict) else None
    return [
        event.event_id,
        doc_key,
        event.type,
        event.cameo,
        event.goldstein,
        event.quad_class,
        [a.code for a in event.source],
        [a.code for a in event.target],
        [a.country for a in event.source if a.country],
        [a.country for a in event.target if a.country],
        event.reciprocal,
        event.modality,
        event.attribution.code if event.attribution else None,
        None if date_value is None else str(date_value),
        _to_json(event.date),
        _to_json(event.location),
        event.confidence,
        *_evidence_values(event.evidence),
        _to_json(payload),
        fields.date_start,
        fields.date_end,
        fields.place_country,
        fields.merge_key,
        fields.merge_day,
        fields.merge_period,
    ]


def transfer_id(doc_key: str, transfer: ArmsTransfer) -> str:
    """A stable id: same text, evidence span, parties, item and status give the same id."""
    ev = transfer.evidence
    return _short_hash(
        doc_key,
        ev.start,
        ev.end,
        transfer.supplier,
        transfer.recipient,
        transfer.item,
        transfer.category,
        transfer.status,
    )


def _transfer_row(transfer: ArmsTransfer, doc_key: str) -> list[Any]:
    quantity = transfer.quantity
    return [
        transfer_id(doc_key, transfer),
        doc_key,
        transfer.supplier,
        transfer.recipient,
        transfer.item,
        transfer.category,
        quantity.value if quantity else None,
        quantity.exact if quantity else None,
        quantity.unit if quantity else None,
        quantity.text if quantity else None,
        transfer.status,
        transfer.year,
        transfer.modality,
        transfer.event_id,
        *_evidence_values(transfer.evidence),
        _to_json(transfer.to_dict()),
    ]


def indicator_id(doc_key: str, indicator: Indicator) -> str:
    """A stable id: same text, evidence span, countries, metric and figure give the same id."""
    ev = indicator.evidence
    return _short_hash(
        doc_key,
        ev.start,
        ev.end,
        ",".join(indicator.countries),
        indicator.metric,
        indicator.value,
        indicator.unit,
        indicator.as_of,
    )


def _indicator_row(indicator: Indicator, doc_key: str) -> list[Any]:
    return [
        indicator_id(doc_key, indicator),
        doc_key,
        list(indicator.countries),
        indicator.metric,
        indicator.value,
        indicator.unit,
        indicator.as_of,
        *_evidence_values(indicator.evidence),
        _to_json(indicator.to_dict()),
    ]


def _toponym_row(toponym: Toponym, doc_key: str) -> list[Any]:
    return [
        doc_key,
        toponym.start,
        toponym.end,
        toponym.text,
        toponym.reading,
        toponym.country,
        toponym.lat,
        toponym.lon,
        toponym.geonames_id,
        toponym.feature_class,
        toponym.guessed,
    ]


def _document_row(result: DocumentResult, doc_key: str, now: datetime, sig: bytes) -> list[Any]:
    doc = result.document
    window = result.date_window
    return [
        doc_key,
        doc.doc_id,
        doc.title,
        doc.date,
        doc.source,
        doc.text,
        len(doc.text),
        now,
        _document_url(result),
        sig or None,
        window.start if window else None,
        window.end if window else None,
        _to_json(list(window.reasons)) if window else None,
    ]


def _document_url(result: DocumentResult) -> str | None:
    doc = result.document
    url = getattr(doc, "url", None)  # Document.url, once the model has it
    if isinstance(url, str) and url:
        return url
    return doc.doc_id if _URL.match(doc.doc_id) else None


# --------------------------------------------------------------------------- dedup and merge


def _link_duplicates(
    con: Connection,
    index: dedup.NearDuplicateIndex,
    settings: StoreSettings,
    doc_key: str,
    shingle_set: frozenset[str],
    sig: bytes,
) -> list[str]:
    """Link ``doc_key`` (already inserted) into its near-duplicate cluster.

    A cluster is a connected component of the near-duplicate relation; its root is
    its earliest document (article date, undated last, then ``doc_key``), and every
    other member's ``duplicate_of`` is the root. Returns the *other* documents whose
    ``duplicate_of`` changed (when the new document joins clusters or is earlier
    than their root).
    """
    candidates = [k for k in index.candidates(sig) if k != doc_key]
    if not candidates:
        return []
    words = settings.dedup.shingle_words
    low, high = dedup.estimate_cutoffs(settings.dedup.threshold, settings.dedup.num_perm)
    neighbours: list[str] = []
    unsure: list[str] = []
    for key in candidates:
        known = index.signature_of(key)
        equal = dedup.equal_positions(sig, known) if known else None
        if equal is not None and equal >= high:
            neighbours.append(key)
        elif equal is None or equal > low:
            unsure.append(key)
    if unsure:
        rows = con.execute(
            "SELECT doc_key, text FROM documents WHERE doc_key IN (SELECT unnest(?))", [unsure]
        ).fetchall()
        neighbours.extend(
            key
            for key, text in rows
            if dedup.jaccard(shingle_set, dedup.shingles(text, words)) >= settings.dedup.threshold
        )
    neighbours.sort()
    if not neighbours:
        return []
    roots = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT coalesce(duplicate_of, doc_key) FROM documents "
            "WHERE doc_key IN (SELECT unnest(?))",
            [neighbours],
        ).fetchall()
    ]
    members = con.execute(
        "SELECT doc_key, date, duplicate_of FROM documents WHERE doc_key = ? "
        "OR doc_key IN (SELECT unnest(?)) OR duplicate_of IN (SELECT unnest(?))",
        [doc_key, roots, roots],
    ).fetchall()
    root = min(members, key=lambda r: (r[1] is None, r[1] or date.min, r[0]))[0]
    updates: list[list[Any]] = []
    changed: list[str] = []
    for key, _, current in members:
        wanted = None if key == root else root
        if current != wanted:
            updates.append([wanted, key])
            if key != doc_key:
                changed.append(key)
    _with_values(
        con,
        "UPDATE documents SET duplicate_of = v.root FROM (VALUES {values}) "
        "AS v(root, doc_key) WHERE documents.doc_key = v.doc_key",
        updates,
        fetch=False,
    )
    return sorted(changed)


class _MentionRow(NamedTuple):
    merge_key: str
    event_id: str
    merge_day: date | None
    merge_period: str | None
    place_country: str | None
    confidence: float | None
    sentence_index: int | None
    date_start: date | None
    date_end: date | None
    reciprocal: bool | None
    merged_id: str | None
    article: str
    source: str | None
    doc_date: date | None
    ingested_at: datetime
    type: str
    modality: str | None
    cameo: str | None
    goldstein: float | None
    quad_class: int | None


_MENTIONS_SELECT = (
    "SELECT e.merge_key, e.event_id, e.merge_day, e.merge_period, e.place_country, "
    "e.confidence, e.sentence_index, e.date_start, e.date_end, e.reciprocal, e.merged_id, "
    "coalesce(d.duplicate_of, d.doc_key), d.source, d.date, d.ingested_at, "
    "e.type, e.modality, e.cameo, e.goldstein, e.quad_class "
    "FROM events e JOIN documents d USING (doc_key) "
)
_CHUNK = 256  # rows of a VALUES list in one statement


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for at in range(0, len(items), size):
        yield items[at : at + size]


def _with_values(
    con: Connection, sql: str, rows: Sequence[Sequence[Any]], *, fetch: bool = True
) -> list[Any]:
    """Run ``sql``, whose ``{values}`` stands for a ``VALUES`` list of ``rows``, once per
    chunk of rows, every value a bound parameter; the rows it returns (with ``fetch``),
    concatenated."""
    found: list[Any] = []
    for part in _chunks(rows):
        one = "(" + ", ".join("?" for _ in part[0]) + ")"
        cursor = con.execute(
            sql.format(values=", ".join(one for _ in part)), [x for row in part for x in row]
        )
        if fetch:
            found += cursor.fetchall()
    return found


def _merged_row(group: merge.Group, rows: Sequence[_MentionRow]) -> list[Any]:
    rep = min(rows, key=lambda r: (-(r.confidence or 0.0), r.event_id))
    days = [r.date_start or r.merge_day for r in rows] + [r.date_end or r.merge_day for r in rows]
    known_days = [d for d in days if d is not None]
    doc_dates = [r.doc_date for r in rows if r.doc_date is not None]
    is_period = all(r.merge_day is None for r in rows) and rep.merge_period is not None
    if rep.merge_day is not None:
        when = rep.merge_day
    elif is_period:
        when = rep.date_start
    else:
        when = None
    return [
        group.merged_id,
        rep.merge_key,
        rep.type,
        rep.modality,
        None,  # source_key, filled from the representative's payload
        None,  # target_key
        any(bool(r.reciprocal) for r in rows),
        group.place,
        when,
        min(known_days) if known_days else None,
        max(known_days) if known_days else None,
        group.label if is_period else None,
        len(rows),
        len({r.article for r in rows}),
        len({r.source for r in rows if r.source}),
        min(doc_dates) if doc_dates else None,
        max(doc_dates) if doc_dates else None,
        min(r.ingested_at for r in rows),
        rep.event_id,
        rep.cameo,
        rep.goldstein,
        rep.quad_class,
        rep.confidence,
        any(r.sentence_index == 0 for r in rows),
    ]


def _runs(days: Sequence[date], window_days: int) -> list[tuple[date, date]]:
    """Maximal runs of sorted distinct days whose neighbours are at most the window apart.

    No merged event spans two runs: its day mentions are linked in steps of at most
    the window, so a run is the widest place a group can reach.
    """
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and (day - runs[-1][1]).days <= window_days:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _affected_mentions(
    con: Connection, settings: StoreSettings, doc_keys: Sequence[str]
) -> list[_MentionRow]:
    """Every mention whose merged event may change when these documents' events change.

    That is, on each strand of their events: the whole run of days around each of their
    days, every mention with the same coarse date value, and their own undated mentions
    (each its own event). Mentions elsewhere on the strand keep their groups.
    """
    seeds = con.execute(
        "SELECT merge_key, merge_day, merge_period, event_id FROM events "
        "WHERE doc_key IN (SELECT unnest(?)) AND merge_key IS NOT NULL",
        [list(doc_keys)],
    ).fetchall()
    seed_days: dict[str, set[date]] = defaultdict(set)
    periods: set[tuple[str, str]] = set()
    undated: list[str] = []
    for key, day, period, event_id in seeds:
        if day is not None:
            seed_days[key].add(day)
        elif period is not None:
            periods.add((key, period))
        else:
            undated.append(event_id)
    strand_days: dict[str, list[date]] = defaultdict(list)
    if seed_days:
        for key, day in con.execute(
            "SELECT DISTINCT merge_key, merge_day FROM events "
            "WHERE merge_key IN (SELECT unnest(?)) AND merge_day IS NOT NULL "
            "ORDER BY merge_key, merge_day",
            [sorted(seed_days)],
        ).fetchall():
            strand_days[key].append(day)
    ranges = [
        (key, first, last)
        for key in sorted(seed_days)
        for first, last in _runs(strand_days[key], settings.merge_window_days)
        if any(first <= day <= last for day in seed_days[key])
    ]
    rows: list[_MentionRow] = [
        _MentionRow._make(raw)
        for raw in _with_values(
            con,
            _MENTIONS_SELECT + "JOIN (VALUES {values}) AS r(k, lo, hi) "
            "ON e.merge_key = r.k AND e.merge_day BETWEEN r.lo AND r.hi",
            ranges,
        )
        + _with_values(
            con,
            _MENTIONS_SELECT + "JOIN (VALUES {values}) AS p(k, period) "
            "ON e.merge_key = p.k AND e.merge_day IS NULL AND e.merge_period = p.period",
            sorted(periods),
        )
    ]
    if undated:
        rows += map(
            _MentionRow._make,
            con.execute(
                _MENTIONS_SELECT + "WHERE e.event_id IN (SELECT unnest(?))", [undated]
            ).fetchall(),
        )
    return rows


def _remerge_documents(con: Connection, settings: StoreSettings, doc_keys: Sequence[str]) -> None:
    """Bring the merged events up to date after these documents' events were added or
    their articles relinked."""
    rows = _affected_mentions(con, settings, doc_keys)
    old_ids = sorted({r.merged_id for r in rows if r.merged_id is not None})
    existing = con.execute(
        f"SELECT {', '.join(MERGED_COLUMNS)} FROM merged_events "
        "WHERE merged_id IN (SELECT unnest(?))",
        [old_ids],
    ).fetchall()
    _write_groups(con, settings, rows, existing)


def _remerge_strands(con: Connection, settings: StoreSettings, keys: Iterable[str]) -> None:
    """Recompute every merged event of these strands."""
    strands = sorted({k for k in keys if k})
    if not strands:
        return
    rows: list[_MentionRow] = []
    existing: list[tuple[Any, ...]] = []
    for part in _chunks(strands, 4096):
        rows += map(
            _MentionRow._make,
            con.execute(
                _MENTIONS_SELECT + "WHERE e.merge_key IN (SELECT unnest(?))", [list(part)]
            ).fetchall(),
        )
        existing += con.execute(
            f"SELECT {', '.join(MERGED_COLUMNS)} FROM merged_events "
            "WHERE merge_key IN (SELECT unnest(?))",
            [list(part)],
        ).fetchall()
    _write_groups(con, settings, rows, existing)


def _write_groups(
    con: Connection,
    settings: StoreSettings,
    rows: Sequence[_MentionRow],
    existing_rows: Sequence[tuple[Any, ...]],
) -> None:
    """Group these mentions (whole runs, periods and undated mentions of their strands)
    and write only what changed against the merged events they had."""
    by_strand: dict[str, dict[str, _MentionRow]] = defaultdict(dict)
    for row in rows:
        by_strand[row.merge_key][row.event_id] = row
    wanted: dict[str, list[Any]] = {}
    assignment: dict[str, str] = {}
    for strand in sorted(by_strand):
        members_of = by_strand[strand]
        mentions = [
            merge.Mention(r.event_id, r.merge_day, r.merge_period, r.place_country)
            for r in members_of.values()
        ]
        for group in merge.group_mentions(strand, mentions, settings.merge_window_days):
            members = [members_of[m.event_id] for m in group.mentions]
            wanted[group.merged_id] = _merged_row(group, members)
            for m in group.mentions:
                assignment[m.event_id] = group.merged_id
    rep_at = MERGED_COLUMNS.index("representative_id")
    sides: dict[str, merge.MergeFields] = {}
    for part in _chunks(sorted(row[rep_at] for row in wanted.values()), 4096):
        for event_id, payload in con.execute(
            "SELECT event_id, payload FROM events WHERE event_id IN (SELECT unnest(?))",
            [list(part)],
        ).fetchall():
            sides[event_id] = merge.merge_fields(json.loads(payload), None)
    for row in wanted.values():
        fields = sides[row[rep_at]]
        row[MERGED_COLUMNS.index("source_key")] = list(fields.source_key)
        row[MERGED_COLUMNS.index("target_key")] = list(fields.target_key)

    existing = {r[0]: list(r) for r in existing_rows}
    stale = sorted(set(existing) - set(wanted))
    changed = sorted(mid for mid in wanted if mid in existing and existing[mid] != wanted[mid])
    for part in _chunks(stale + changed, 4096):
        con.execute("DELETE FROM merged_events WHERE merged_id IN (SELECT unnest(?))", [list(part)])
    inserts = [row for mid, row in sorted(wanted.items()) if mid not in existing or mid in changed]
    _insert_rows(con, _INSERT_MERGED_HEAD, inserts)
    moves = sorted(
        [assignment[r.event_id], r.event_id]
        for members_of in by_strand.values()
        for r in members_of.values()
        if r.merged_id != assignment[r.event_id]
    )
    _with_values(
        con,
        "UPDATE events SET merged_id = v.merged_id FROM (VALUES {values}) "
        "AS v(merged_id, event_id) WHERE events.event_id = v.event_id",
        moves,
        fetch=False,
    )


# --------------------------------------------------------------------------- deleting


def _delete_conditions(
    doc: str | None, source: str | None, since: date | None, until: date | None
) -> tuple[str, list[Any]]:
    """The documents ``delete`` removes: all the given conditions hold."""
    where: list[str] = []
    params: list[Any] = []
    if doc is not None:
        where.append("(doc_key = ? OR doc_id = ?)")
        params += [doc, doc]
    if source is not None:
        where.append("source = ?")
        params.append(source)
    if since is not None:
        where.append("date >= ?")
        params.append(since)
    if until is not None:
        where.append("date <= ?")
        params.append(until)
    if not where:
        raise StoreError("say which documents to delete: a document, a source or a date range")
    if since is not None and until is not None and since > until:
        raise StoreError(f"the range starts after it ends ({since} > {until})")
    return " AND ".join(where), params


def _near_duplicates(
    settings: StoreSettings, a: tuple[Any, ...], b: tuple[Any, ...], cache: dict[str, Any]
) -> bool:
    """Whether two stored documents (doc_key, date, duplicate_of, signature, text) are
    near-duplicates, decided as when they were written (``_link_duplicates``)."""
    low, high = dedup.estimate_cutoffs(settings.dedup.threshold, settings.dedup.num_perm)
    sig_a, sig_b = bytes(a[3] or b""), bytes(b[3] or b"")
    equal = dedup.equal_positions(sig_a, sig_b) if sig_a and sig_b else None
    if equal is not None and equal >= high:
        return True
    if equal is not None and equal <= low:
        return False

    def shingled(row: tuple[Any, ...]) -> frozenset[str]:
        if row[0] not in cache:
            cache[row[0]] = dedup.shingles(row[4], settings.dedup.shingle_words)
        found: frozenset[str] = cache[row[0]]
        return found

    return dedup.jaccard(shingled(a), shingled(b)) >= settings.dedup.threshold


def _clusters(
    settings: StoreSettings, members: Sequence[tuple[Any, ...]]
) -> list[list[tuple[Any, ...]]]:
    """The connected components of the near-duplicate relation among ``members``."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    cache: dict[str, Any] = {}
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            if find(i) != find(j) and _near_duplicates(settings, members[i], members[j], cache):
                parent[find(j)] = find(i)
    groups: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for i, row in enumerate(members):
        groups[find(i)].append(row)
    return list(groups.values())


def _relink_clusters(con: Connection, settings: StoreSettings, roots: Sequence[str]) -> list[str]:
    """Link again the documents left in the near-duplicate clusters of ``roots`` after some
    of their members were removed: a cluster may have lost its root or fallen apart.
    Returns the documents whose ``duplicate_of`` changed."""
    members = con.execute(
        "SELECT doc_key, date, duplicate_of, signature, text FROM documents "
        "WHERE coalesce(duplicate_of, doc_key) IN (SELECT unnest(?)) ORDER BY doc_key",
        [list(roots)],
    ).fetchall()
    updates: list[list[Any]] = []
    for cluster in _clusters(settings, members):
        root = min(cluster, key=lambda r: (r[1] is None, r[1] or date.min, r[0]))[0]
        for key, _, current, _, _ in cluster:
            wanted = None if key == root else root
            if current != wanted:
                updates.append([wanted, key])
    _with_values(
        con,
        "UPDATE documents SET duplicate_of = v.root FROM (VALUES {values}) "
        "AS v(root, doc_key) WHERE documents.doc_key = v.doc_key",
        updates,
        fetch=False,
    )
    return sorted(key for _, key in updates)


def _strands_of(con: Connection, doc_keys: Sequence[str]) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT merge_key FROM events WHERE doc_key IN (SELECT unnest(?)) "
            "AND merge_key IS NOT NULL",
            [list(doc_keys)],
        ).fetchall()
    }


def _merged_state(con: Connection, strands: Sequence[str]) -> set[tuple[Any, ...]]:
    return {
        tuple(tuple(v) if isinstance(v, list) else v for v in r)
        for r in con.execute(
            f"SELECT {', '.join(MERGED_COLUMNS)} FROM merged_events "
            "WHERE merge_key IN (SELECT unnest(?))",
            [list(strands)],
        ).fetchall()
    }


def _count_rows(con: Connection, sql: str, params: list[Any]) -> int:
    row = con.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


def _forget_relations(con: Connection) -> None:
    """Make the relations' persisted summary tables stale: they are rebuilt on next use."""
    if _table_exists(con, "rel_meta"):
        con.execute("DELETE FROM rel_meta WHERE key = 'signature'")


def _remove_documents(
    con: Connection, settings: StoreSettings, found: Sequence[tuple[str, str, str]]
) -> DeleteSummary:
    """Remove these documents (doc_key, doc_id, cluster root) and everything that hangs
    on them, relink their near-duplicates and bring the merged events up to date."""
    keys = [key for key, _, _ in found]
    strands = _strands_of(con, keys)
    before = _merged_state(con, sorted(strands))
    removed: dict[str, int] = {}
    for table in ("events", "transfers", "indicators", "toponyms"):
        removed[table] = _count_rows(
            con, f"DELETE FROM {table} WHERE doc_key IN (SELECT unnest(?))", [keys]
        )
    con.execute(
        "UPDATE actors SET first_doc_key = NULL WHERE first_doc_key IN (SELECT unnest(?))",
        [keys],
    )
    documents = _count_rows(
        con, "DELETE FROM documents WHERE doc_key IN (SELECT unnest(?))", [keys]
    )
    relinked = _relink_clusters(con, settings, sorted({root for _, _, root in found}))
    strands |= _strands_of(con, relinked)
    before |= _merged_state(con, sorted(strands - {r[1] for r in before}))
    _remerge_strands(con, settings, strands)
    after = _merged_state(con, sorted(strands))
    _forget_relations(con)
    return DeleteSummary(
        documents=documents,
        events=removed["events"],
        transfers=removed["transfers"],
        indicators=removed["indicators"],
        toponyms=removed["toponyms"],
        merged_events=len({r[0] for r in before ^ after}),
        relinked=len(relinked),
        doc_ids=tuple(sorted(doc_id for _, doc_id, _ in found)),
    )


# --------------------------------------------------------------------------- the store


class EventStore:
    """An open store; use ``EventStore.open(path)``, ideally in a ``with`` block.

    One process at a time may hold a store (DuckDB locks the file).
    """

    def __init__(self, con: Connection, path: Path, clock: Clock = _now) -> None:
        self._con = con
        self.path = path
        self._clock = clock
        self._settings = _read_settings(con)
        self._index: dedup.NearDuplicateIndex | None = None

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, path: Path | str, *, clock: Clock | None = None) -> EventStore:
        """Open (or create) the store at ``path``, creating or migrating its schema.

        ``clock`` gives the UTC times written to ``ingested_at`` and the like
        (default: now); a fixed clock makes two stores written from the same
        documents identical, column for column.
        """
        path = Path(path).expanduser()
        tick = clock or _now
        con = _connect(path)
        try:
            version = _stored_version(con)
            if version is None:
                create_schema(con, tick())
            else:
                migrate(con, version)
            store = cls(con, path, tick)
        except duckdb.Error as exc:
            con.close()
            raise StoreError(f"cannot prepare store {path}: {_one_line(exc)}") from exc
        except BaseException:
            con.close()
            raise
        return store

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        version = _stored_version(self._con)
        return 0 if version is None else version

    @property
    def settings(self) -> StoreSettings:
        """The dedup and merge parameters this store is written with."""
        return self._settings

    @property
    def connection(self) -> Connection:
        """The open DuckDB connection, for read-only SQL in this process (``export``)."""
        return self._con

    # ------------------------------------------------------------------ writing

    def _dedup_index(self) -> dedup.NearDuplicateIndex:
        """The LSH index of every stored signature, built on first use."""
        if self._index is None:
            index = dedup.NearDuplicateIndex(self._settings.dedup)
            cursor = self._con.execute(
                "SELECT doc_key, signature FROM documents WHERE signature IS NOT NULL "
                "ORDER BY doc_key"
            )
            while batch := cursor.fetchmany(1000):
                for doc_key, sig in batch:
                    index.add(doc_key, bytes(sig))
            self._index = index
        return self._index

    def write(self, result: DocumentResult) -> WriteSummary:
        """Store one document's rows in one transaction; a known text changes nothing.

        The same transaction links the document to its near-duplicates and updates
        the merged events of its events' strands.
        """
        return self.write_many([result])[0]

    def write_stream(
        self,
        results: Iterable[DocumentResult],
        batch: int = WRITE_BATCH,
        max_wait: float = WRITE_WAIT_S,
    ) -> Iterator[tuple[DocumentResult, WriteSummary]]:
        """Write a stream of documents in batches of up to ``batch``, yielding each
        document with its summary once its batch is committed. A batch is written early
        when, as a document arrives, the batch's first has waited ``max_wait`` seconds
        (a slow source does not hold documents back for long)."""
        pending: list[DocumentResult] = []
        since = 0.0
        for result in results:
            if not pending:
                since = time.monotonic()
            pending.append(result)
            if len(pending) >= batch or time.monotonic() - since >= max_wait:
                yield from zip(pending, self.write_many(pending), strict=True)
                pending = []
        if pending:
            yield from zip(pending, self.write_many(pending), strict=True)

    def write_many(self, results: Sequence[DocumentResult]) -> list[WriteSummary]:
        """Store several documents in one transaction: all of them or, on an error, none.

        The store ends exactly as after writing them one by one with :meth:`write`, in
        this order; one transaction, one pass of merging and multi-row statements make
        it several times faster on a large store. A known text (stored, or earlier in
        the batch) changes nothing.
        """
        if not results:
            return []
        con = self._con
        settings = self._settings
        summaries: list[WriteSummary | None] = [None] * len(results)
        con.execute("BEGIN TRANSACTION")
        index: dedup.NearDuplicateIndex | None = None
        added_to_index: list[tuple[str, bytes]] = []
        try:
            keys = [r.document.content_hash for r in results]
            stored = {
                row[0]
                for row in con.execute(
                    "SELECT doc_key FROM documents WHERE doc_key IN (SELECT unnest(?))",
                    [sorted(set(keys))],
                ).fetchall()
            }
            new: list[tuple[int, DocumentResult, frozenset[str], bytes, datetime]] = []
            for i, (result, doc_key) in enumerate(zip(results, keys, strict=True)):
                if doc_key in stored:
                    summaries[i] = WriteSummary(new_document=False, events_added=0)
                    continue
                stored.add(doc_key)
                text = result.document.text
                shingle_set = dedup.shingles(text, settings.dedup.shingle_words)
                sig = dedup.signature(shingle_set, settings.dedup)
                new.append((i, result, shingle_set, sig, self._clock()))
            if not new:
                con.execute("ROLLBACK")
                return [s for s in summaries if s is not None]
            index = self._dedup_index()
            _insert_rows(
                con,
                _INSERT_DOCUMENT_HEAD,
                [_document_row(result, keys[i], now, sig) for i, result, _, sig, now in new],
            )
            actors: list[tuple[Actor, str, datetime]] = [
                (actor, keys[i], now)
                for i, result, _, _, now in new
                for actor in _all_actors(result)
            ]
            self._insert_actors(actors)
            added = self._insert_events([(keys[i], result) for i, result, _, _, _ in new])
            for i, result, _, _, _ in new:
                self._insert_records(result, keys[i])
            touched = [keys[i] for i, *_ in new]
            for i, _, shingle_set, sig, _ in new:
                touched += _link_duplicates(con, index, settings, keys[i], shingle_set, sig)
                if sig and keys[i] not in index:
                    index.add(keys[i], sig)
                    added_to_index.append((keys[i], sig))
            _remerge_documents(con, settings, sorted(set(touched)))
            links = dict(
                con.execute(
                    "SELECT doc_key, duplicate_of FROM documents "
                    "WHERE doc_key IN (SELECT unnest(?))",
                    [[keys[i] for i, *_ in new]],
                ).fetchall()
            )
            con.execute("COMMIT")
        except BaseException as exc:
            _rollback(con)
            if added_to_index:
                self._index = None  # holds documents that were not stored: rebuild on use
            if isinstance(exc, duckdb.Error):
                names = ", ".join(r.document.doc_id for r in results[:3])
                more = f" and {len(results) - 3} more" if len(results) > 3 else ""
                raise StoreError(
                    f"writing {names}{more} to the store failed: {_one_line(exc)}"
                ) from exc
            raise
        for i, result, _, _, _ in new:
            summaries[i] = WriteSummary(
                new_document=True,
                events_added=added[keys[i]],
                events_skipped=len(result.events) - added[keys[i]],
                duplicate_of=links.get(keys[i]),
            )
        return [s for s in summaries if s is not None]

    def _insert_actors(self, actors: Iterable[tuple[Actor, str, datetime]]) -> None:
        """New actor codes, each with the first document (and time) it was seen in."""
        first: dict[str, tuple[Actor, str, datetime]] = {}
        for actor, doc_key, now in actors:
            first.setdefault(actor.code, (actor, doc_key, now))
        if not first:
            return
        known = {
            r[0]
            for r in self._con.execute(
                "SELECT code FROM actors WHERE code IN (SELECT unnest(?))", [list(first)]
            ).fetchall()
        }
        rows = [
            [a.code, a.country, a.sector, a.kind, a.text, doc_key, now]
            for code, (a, doc_key, now) in first.items()
            if code not in known
        ]
        _insert_rows(
            self._con,
            "INSERT INTO actors (code, country, sector, kind, text, first_doc_key, "
            "first_seen_at) VALUES",
            rows,
        )

    def _insert_events(self, docs: Sequence[tuple[str, DocumentResult]]) -> dict[str, int]:
        """Insert the events whose id is not stored yet; return how many each document added."""
        rows: dict[str, list[Any]] = {}
        owner: dict[str, str] = {}
        for doc_key, result in docs:
            for event in result.events:
                row = _event_row(event, doc_key, result.document.date)
                if row[0] not in rows:
                    rows[row[0]] = row
                    owner[row[0]] = doc_key
        added = dict.fromkeys((doc_key for doc_key, _ in docs), 0)
        if not rows:
            return added
        known = {
            r[0]
            for r in self._con.execute(
                "SELECT event_id FROM events WHERE event_id IN (SELECT unnest(?))", [list(rows)]
            ).fetchall()
        }
        new = [row for event_id, row in rows.items() if event_id not in known]
        _insert_rows(self._con, _INSERT_EVENT_HEAD, new)
        for row in new:
            added[owner[row[0]]] += 1
        return added

    def _insert_records(self, result: DocumentResult, doc_key: str) -> None:
        """Transfers, indicators and toponyms; a repeat within the document is kept once."""
        con = self._con
        for table, columns, rows in (
            ("transfers", _TRANSFER_COLUMNS, [_transfer_row(t, doc_key) for t in result.transfers]),
            (
                "indicators",
                _INDICATOR_COLUMNS,
                [_indicator_row(i, doc_key) for i in result.indicators],
            ),
            ("toponyms", _TOPONYM_COLUMNS, [_toponym_row(t, doc_key) for t in result.toponyms]),
        ):
            width = 3 if table == "toponyms" else 1  # the primary key's columns
            unique: dict[tuple[Any, ...], list[Any]] = {}
            for row in rows:
                unique.setdefault(tuple(row[:width]), row)
            _insert_rows(
                con, f"INSERT INTO {table} ({', '.join(columns)}) VALUES", list(unique.values())
            )

    def rebuild_merged(self, window_days: int | None = None) -> int:
        """Recompute every merged event, with a new date window if given; return their number.

        The window is saved in the store's settings and used by later writes.
        """
        if window_days is not None and window_days < 0:
            raise StoreError(f"the merge window must be 0 days or more, not {window_days}")
        con = self._con
        settings = self._settings
        if window_days is not None:
            settings = StoreSettings(dedup=settings.dedup, merge_window_days=window_days)
        con.execute("BEGIN TRANSACTION")
        try:
            _write_settings(con, settings)
            keys = [r[0] for r in con.execute("SELECT DISTINCT merge_key FROM events").fetchall()]
            _remerge_strands(con, settings, keys)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            _rollback(con)
            raise StoreError(f"rebuilding merged events failed: {_one_line(exc)}") from exc
        except BaseException:
            _rollback(con)
            raise
        self._settings = settings
        return self.count("merged_events")

    def delete(
        self,
        *,
        doc: str | None = None,
        source: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> DeleteSummary:
        """Remove the documents that match every condition given, in one transaction.

        ``doc`` is a ``doc_key`` (the text's sha256) or a ``doc_id``; ``source`` the
        publisher; ``since``/``until`` an inclusive range of article dates. Their events,
        transfers, indicators and places go with them; their near-duplicates are linked
        again and every merged event of their strands is recomputed, so the store ends as
        if they had never been written (only ``actors.first_doc_key`` is cleared where it
        named one of them). Deleting again removes nothing.
        """
        where, params = _delete_conditions(doc, source, since, until)
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            found = [
                (str(key), str(doc_id), str(root))
                for key, doc_id, root in con.execute(
                    "SELECT doc_key, doc_id, coalesce(duplicate_of, doc_key) FROM documents "
                    f"WHERE {where} ORDER BY doc_key",
                    params,
                ).fetchall()
            ]
            if not found:
                con.execute("ROLLBACK")
                return DeleteSummary()
            summary = _remove_documents(con, self._settings, found)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            _rollback(con)
            raise StoreError(f"deleting from the store failed: {_one_line(exc)}") from exc
        except BaseException:
            _rollback(con)
            raise
        self._index = None  # holds the removed signatures: rebuilt on next use
        return summary

    # ------------------------------------------------------------------ reading

    def _has_key(self, doc_key: str) -> bool:
        row = self._con.execute(
            "SELECT count(*) FROM documents WHERE doc_key = ?", [doc_key]
        ).fetchone()
        return bool(row and row[0])

    def has_document(self, content_hash: str) -> bool:
        """Whether a text with this sha256 (``Document.content_hash``) is stored."""
        return self._has_key(content_hash)

    def count(self, table: str) -> int:
        """Rows in one of ``TABLES``."""
        if table not in TABLES:
            raise StoreError(f"no table {table!r} in the store; tables: {', '.join(TABLES)}")
        row = self._con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _limit(sql: str, params: list[Any], limit: int | None) -> str:
        if limit is None:
            return sql
        if limit < 0:
            raise StoreError(f"limit must be 0 or more, not {limit}")
        params.append(limit)
        return sql + " LIMIT ?"

    def events(
        self,
        *,
        doc_key: str | None = None,
        type: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        modality: str | None = None,
        merged_id: str | None = None,
        filters: Filters | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events as ``Event.to_dict()`` payloads, in reading order.

        ``actor`` matches a source or target code, ``country`` a source or target
        ISO-3 country; ``merged_id`` keeps the mentions of one merged event;
        ``filters`` adds any of ``Filters``. Everything combines with AND.
        """
        where: list[str] = []
        params: list[Any] = []
        if doc_key is not None:
            where.append("e.doc_key = ?")
            params.append(doc_key)
        if type is not None:
            where.append("e.type = ?")
            params.append(type)
        if actor is not None:
            where.append("(list_contains(e.source_codes, ?) OR list_contains(e.target_codes, ?))")
            params += [actor, actor]
        if country is not None:
            where.append(
                "(list_contains(e.source_countries, ?) OR list_contains(e.target_countries, ?))"
            )
            params += [country, country]
        if modality is not None:
            where.append("e.modality = ?")
            params.append(modality)
        if merged_id is not None:
            where.append("e.merged_id = ?")
            params.append(merged_id)
        if filters is not None:
            more, more_params = event_conditions(filters)
            where += more
            params += more_params
        sql = "SELECT e.payload FROM events e JOIN documents d USING (doc_key)" + where_clause(
            where
        )
        sql += " ORDER BY d.ingested_at, d.doc_key, e.sentence_index, e.trigger_start, e.event_id"
        sql = self._limit(sql, params, limit)
        return [json.loads(row[0]) for row in self._con.execute(sql, params).fetchall()]

    def _dicts(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        cursor = self._con.execute(sql, params)
        names = [c[0] for c in cursor.description or ()]
        return [
            {name: iso(value) for name, value in zip(names, row, strict=True)}
            for row in cursor.fetchall()
        ]

    def merged_events(
        self, filters: Filters | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Merged events (``merged_events`` rows, dates as ISO strings), by date then id.

        See ``Filters`` and ``filters.merged_conditions`` for how filters apply.
        """
        where, params = merged_conditions(filters or Filters())
        sql = (
            f"SELECT {', '.join('m.' + c for c in MERGED_COLUMNS)} FROM merged_events m"
            + where_clause(where)
            + " ORDER BY m.date NULLS LAST, m.merged_id"
        )
        return self._dicts(self._limit(sql, params, limit), params)

    def _payload_rows(self, sql: str, params: list[Any], limit: int | None) -> list[dict[str, Any]]:
        rows = self._con.execute(self._limit(sql, params, limit), params).fetchall()
        return [{"id": rid, "doc_key": key, **json.loads(payload)} for rid, key, payload in rows]

    def transfers(
        self, filters: Filters | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Arms transfers: ``ArmsTransfer.to_dict()`` with ``id`` and ``doc_key``, in reading order.

        ``country`` matches the supplier or the recipient; dates are the article's.
        """
        where, params = transfer_conditions(filters or Filters())
        sql = (
            "SELECT t.transfer_id, t.doc_key, t.payload FROM transfers t "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, t.trigger_start, t.transfer_id"
        )
        return self._payload_rows(sql, params, limit)

    def indicators(
        self, filters: Filters | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Indicators as ``Indicator.to_dict()`` plus ``id`` and ``doc_key``, in reading order.

        ``country`` matches one of its countries; dates are the article's.
        """
        where, params = indicator_conditions(filters or Filters())
        sql = (
            "SELECT i.indicator_id, i.doc_key, i.payload FROM indicators i "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, i.trigger_start, i.indicator_id"
        )
        return self._payload_rows(sql, params, limit)

    def documents(self) -> list[dict[str, Any]]:
        """Stored documents (without their text), oldest first, with their event counts."""
        return self._dicts(
            "SELECT d.doc_key, d.doc_id, d.title, d.date, d.source, d.url, d.n_chars, "
            "d.ingested_at, d.duplicate_of, "
            "(SELECT count(*) FROM events e WHERE e.doc_key = d.doc_key) AS n_events "
            "FROM documents d ORDER BY d.ingested_at, d.doc_key",
            [],
        )

    def size_on_disk(self) -> int:
        """Bytes of the database file and its write-ahead log."""
        total = 0
        for candidate in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                total += candidate.stat().st_size
            except OSError:
                continue
        return total

    def stats(self) -> dict[str, Any]:
        """Counts per table, near-duplicates, merged-event coverage and size on disk."""
        con = self._con

        def scalar(sql: str) -> int:
            row = con.execute(sql).fetchone()
            return int(row[0]) if row and row[0] is not None else 0

        return {
            "path": str(self.path),
            "schema_version": self.schema_version,
            "size_bytes": self.size_on_disk(),
            "tables": {table: self.count(table) for table in TABLES},
            "near_duplicates": scalar(
                "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"
            ),
            "duplicate_clusters": scalar("SELECT count(DISTINCT duplicate_of) FROM documents"),
            "articles": scalar(
                "SELECT count(DISTINCT coalesce(duplicate_of, doc_key)) FROM documents"
            ),
            "merged_multi_mention": scalar(
                "SELECT count(*) FROM merged_events WHERE n_mentions > 1"
            ),
            "merged_multi_article": scalar(
                "SELECT count(*) FROM merged_events WHERE n_articles > 1"
            ),
            "merged_multi_source": scalar("SELECT count(*) FROM merged_events WHERE n_sources > 1"),
            "settings": {key: value for key, value in self._settings.rows()},
        }

    # ------------------------------------------------------------------ for readers

    @classmethod
    def open_existing(cls, path: Path | str, *, read_only: bool = False) -> EventStore:
        """An existing store as it is, for readers (relations): nothing is created or
        migrated, so that a store of an older schema is read as it was written (its
        :meth:`layout` says what it holds). ``read_only`` lets other processes read it too."""
        from .reads import check_store

        where = Path(path).expanduser()
        if not where.is_file():
            raise StoreError(f"no store at {where}; write events to it first (realpolitik extract)")
        con = _connect(where, read_only=read_only)
        try:
            check_store(con)
            return cls(con, where)
        except BaseException:
            con.close()
            raise

    def layout(self) -> StoreLayout:
        """What this store holds (``store/reads.py``): the description relations read."""
        from .reads import describe

        return describe(self._con)
