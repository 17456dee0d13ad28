"""The store's schema: creating it (``schema.sql``), reading its version, and the
migrations that bring an older store up to ``SCHEMA_VERSION`` (``docs/store.md``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from typing import Any

import duckdb

from ..errors import StoreError
from . import dedup, merge
from .connection import Connection, one_line, rollback, table_exists, utc_now
from .linking import link_duplicates
from .remerge import remerge_strands
from .settings import DEFAULT_SETTINGS, write_settings

SCHEMA_VERSION = 2

MigrationStep = str | Callable[[Connection], None]


def stored_version(con: Connection) -> int | None:
    """The store's schema version, or None for a store without a schema yet."""
    if not table_exists(con, "meta"):
        return None
    row = con.execute("SELECT max(schema_version) FROM meta").fetchone()
    return None if row is None or row[0] is None else int(row[0])


def _schema_sql() -> str:
    return resources.files("realpolitik.store").joinpath("schema.sql").read_text(encoding="utf-8")


def create_schema(con: Connection, now: datetime | None = None) -> None:
    """Create every table of the current schema and record its version and settings."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_schema_sql())
        con.execute("DELETE FROM meta")
        con.execute("INSERT INTO meta VALUES (?, ?)", [SCHEMA_VERSION, now or utc_now()])
        write_settings(con, DEFAULT_SETTINGS)
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise


def _backfill_v2(con: Connection) -> None:
    """Version 2, data step: settings, urls, signatures, duplicate links, merged events."""
    settings = DEFAULT_SETTINGS
    write_settings(con, settings)
    con.execute("UPDATE documents SET url = doc_id WHERE regexp_matches(doc_id, '^https?://')")
    index = dedup.NearDuplicateIndex(settings.dedup)
    docs = con.execute("SELECT doc_key, text FROM documents ORDER BY doc_key").fetchall()
    for doc_key, text in docs:
        shingle_set = dedup.shingles(text, settings.dedup.shingle_words)
        sig = dedup.signature(shingle_set, settings.dedup)
        con.execute("UPDATE documents SET signature = ? WHERE doc_key = ?", [sig or None, doc_key])
        link_duplicates(con, index, settings, doc_key, shingle_set, sig)
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
    remerge_strands(con, settings, keys)


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
        rollback(con)
        raise StoreError(
            f"migrating store from schema version {from_version} failed: {one_line(exc)}"
        ) from exc
    except BaseException:
        rollback(con)
        raise
    return SCHEMA_VERSION
