"""Migrating a schema version 1 store (as the first release wrote it) to version 2."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from realpolitik.errors import StoreError
from realpolitik.model import DocumentResult
from realpolitik.store import schema
from realpolitik.store.duckdb_store import EventStore

from .test_store_synthetic import FIXED_NOW, synthetic_results
from .test_store_v2 import dump

# The DDL of schema version 1, verbatim (src/realpolitik/store/schema.sql at version 1).
V1_SCHEMA = """\
CREATE TABLE IF NOT EXISTS meta (
    schema_version INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL          -- UTC
);

CREATE TABLE IF NOT EXISTS documents (
    doc_key     VARCHAR PRIMARY KEY,           -- sha256 of the text (Document.content_hash)
    doc_id      VARCHAR NOT NULL,              -- path or name as first given
    title       VARCHAR,
    date        DATE,
    source      VARCHAR,
    text        VARCHAR NOT NULL,
    n_chars     INTEGER NOT NULL,
    ingested_at TIMESTAMP NOT NULL             -- UTC
);

CREATE TABLE IF NOT EXISTS actors (
    code          VARCHAR PRIMARY KEY,         -- CAMEO-style code: VENGOV, RUSMIL, NATO
    country       VARCHAR,                     -- ISO-3, NULL for organisations
    sector        VARCHAR,
    kind          VARCHAR,                     -- state | organisation | person | group | region
    text          VARCHAR,                     -- surface text the first time it was seen
    first_doc_key VARCHAR,
    first_seen_at TIMESTAMP                    -- UTC
);

CREATE TABLE IF NOT EXISTS events (
    event_id         VARCHAR PRIMARY KEY,      -- Event.event_id
    doc_key          VARCHAR NOT NULL,
    type             VARCHAR NOT NULL,
    cameo            VARCHAR,
    goldstein        DOUBLE,
    quad_class       INTEGER,
    source_codes     VARCHAR[],
    target_codes     VARCHAR[],
    source_countries VARCHAR[],
    target_countries VARCHAR[],
    reciprocal       BOOLEAN,
    modality         VARCHAR,
    attribution_code VARCHAR,
    date_value       VARCHAR,                  -- Event.date['value'], ISO 8601 or partial
    date             JSON,
    location         JSON,
    confidence       DOUBLE,
    sentence_index   INTEGER,
    sentence         VARCHAR,
    sentence_start   INTEGER,
    sentence_end     INTEGER,
    trigger_start    INTEGER,
    trigger_end      INTEGER,
    trigger          VARCHAR,
    rule             VARCHAR,
    payload          JSON NOT NULL             -- the full Event.to_dict()
);
"""


def _v1_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False)


def write_v1_store(path: Path, results: list[DocumentResult], now: datetime) -> None:
    """A store as version 1 of the store module wrote it."""
    con = duckdb.connect(str(path))
    try:
        con.execute(V1_SCHEMA)
        con.execute("INSERT INTO meta VALUES (?, ?)", [1, now])
        for result in results:
            doc = result.document
            key = doc.content_hash
            con.execute(
                "INSERT INTO documents (doc_key, doc_id, title, date, source, text, n_chars, "
                "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [key, doc.doc_id, doc.title, doc.date, doc.source, doc.text, len(doc.text), now],
            )
            actors = list(result.actors)
            for event in result.events:
                actors += [*event.source, *event.target]
            for actor in actors:
                con.execute(
                    "INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [actor.code, actor.country, actor.sector, actor.kind, actor.text, key, now],
                )
            for event in result.events:
                ev = event.evidence
                value = event.date.get("value") if event.date else None
                con.execute(
                    "INSERT INTO events VALUES ("
                    + ", ".join("?" * 26)
                    + ") ON CONFLICT DO NOTHING",
                    [
                        event.event_id,
                        key,
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
                        None if value is None else str(value),
                        _v1_json(event.date),
                        _v1_json(event.location),
                        event.confidence,
                        ev.sentence_index,
                        ev.sentence,
                        ev.sentence_start,
                        ev.sentence_end,
                        ev.start,
                        ev.end,
                        ev.trigger,
                        ev.rule,
                        _v1_json(event.to_dict()),
                    ],
                )
    finally:
        con.close()


def v1_results(n: int = 24) -> list[DocumentResult]:
    """Synthetic documents without what version 1 could not store."""
    return [
        replace(r, transfers=[], indicators=[], toponyms=[], date_window=None)
        for r in synthetic_results(n)
    ]


def columns(path: Path) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return (
            con.execute(
                "SELECT table_name, column_index, column_name, data_type, is_nullable "
                "FROM duckdb_columns() WHERE schema_name = 'main' ORDER BY table_name, column_index"
            ).fetchall()
            + con.execute(
                "SELECT table_name, constraint_type, constraint_column_names "
                "FROM duckdb_constraints() WHERE schema_name = 'main' "
                "ORDER BY table_name, constraint_type, constraint_column_names"
            ).fetchall()
        )
    finally:
        con.close()


@pytest.mark.slow
def test_v1_store_is_migrated_to_what_version_2_writes(tmp_path: Path) -> None:
    results = v1_results()
    old = tmp_path / "v1.duckdb"
    write_v1_store(old, results, FIXED_NOW)
    with EventStore.open(old) as store:
        assert store.schema_version == 2
        stats = store.stats()
    assert stats["near_duplicates"] > 0 and stats["merged_multi_article"] > 0

    fresh = tmp_path / "v2.duckdb"
    with EventStore.open(fresh, clock=lambda: FIXED_NOW) as store:
        for result in results:
            store.write(result)
    assert columns(old) == columns(fresh)
    assert dump(old) == dump(fresh)


@pytest.mark.slow
def test_migrated_store_keeps_working(tmp_path: Path) -> None:
    results = v1_results(30)
    path = tmp_path / "v1.duckdb"
    write_v1_store(path, results[:20], FIXED_NOW)
    with EventStore.open(path, clock=lambda: FIXED_NOW) as store:
        for result in results:
            store.write(result)
    fresh = tmp_path / "v2.duckdb"
    with EventStore.open(fresh, clock=lambda: FIXED_NOW) as store:
        for result in results:
            store.write(result)
    assert dump(path) == dump(fresh)


def test_failed_migration_leaves_the_v1_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v1.duckdb"
    write_v1_store(path, v1_results(10), FIXED_NOW)
    before = columns(path)
    rows = dump(path, ("meta", "documents", "actors", "events"))

    def boom(*args: object) -> None:
        raise duckdb.ConversionException("no room for merged events")

    monkeypatch.setattr(schema, "remerge_strands", boom)
    with pytest.raises(StoreError, match="migrating store from schema version 1 failed"):
        EventStore.open(path)
    assert columns(path) == before
    assert dump(path, ("meta", "documents", "actors", "events")) == rows

    monkeypatch.undo()
    with EventStore.open(path) as store:
        assert store.schema_version == 2
        assert store.count("merged_events") > 0


def test_empty_v1_store_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    write_v1_store(path, [], FIXED_NOW)
    with EventStore.open(path) as store:
        assert store.schema_version == 2
        assert store.count("settings") == len(store.settings.rows())
    fresh = tmp_path / "v2.duckdb"
    EventStore.open(fresh, clock=lambda: FIXED_NOW).close()
    assert columns(path) == columns(fresh)
    assert dump(path) == dump(fresh)
