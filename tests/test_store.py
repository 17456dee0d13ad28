"""Tests for realpolitik.store (the EventStore and its parts) on invented documents."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from realpolitik.errors import StoreError
from realpolitik.model import Actor, Document, DocumentResult, Event, Evidence
from realpolitik.store import columns, duckdb_store, rows, schema
from realpolitik.store.duckdb_store import EventStore, WriteSummary
from realpolitik.store.schema import SCHEMA_VERSION

# --------------------------------------------------------------------------- helpers

MEETING = (
    "The Ruritanian foreign minister met his Freedonian counterpart in Zenda on Tuesday. "
    "Freedonia did not threaten Ruritania with sanctions."
)


def make_result(
    text: str = MEETING,
    doc_id: str = "ruritania.txt",
    doc_date: date = date(2024, 3, 6),
    source: str = "invented",
) -> DocumentResult:
    """A document about a fictional meeting, with one factual and one negated event."""
    rur = Actor("RURGOV", "RUR", "GOV", "The Ruritanian foreign minister", 0, 31)
    fre_start = text.index("Freedonian counterpart")
    fre = Actor("FREGOV", "FRE", "GOV", "Freedonian counterpart", fre_start, fre_start + 22)
    first_end = text.index(".") + 1
    met = text.index("met")
    doc_hash = Document(doc_id=doc_id, text=text).content_hash[:16]
    consult = Event(
        doc=doc_id,
        doc_hash=doc_hash,
        type="CONSULT",
        cameo="036",
        goldstein=4.0,
        quad_class=1,
        source=(rur,),
        target=(fre,),
        modality="factual",
        evidence=Evidence(
            doc_id, 0, text[:first_end], 0, first_end, met, met + 3, "met", "consult.meet"
        ),
        confidence=0.9,
        reciprocal=True,
        context="diplomatic",
        date={"value": "2024-03-05", "text": "Tuesday"},
        location={"name": "Zenda", "country": "RUR"},
    )
    second_start = first_end + 1
    threaten = text.index("threaten")
    fre2 = Actor("FREGOV", "FRE", "GOV", "Freedonia", second_start, second_start + 9)
    rur2_start = text.index("Ruritania with")
    rur2 = Actor("RURGOV", "RUR", "GOV", "Ruritania", rur2_start, rur2_start + 9)
    threat = Event(
        doc=doc_id,
        doc_hash=doc_hash,
        type="THREATEN",
        cameo="138",
        goldstein=-7.0,
        quad_class=3,
        source=(fre2,),
        target=(rur2,),
        modality="negated",
        modality_cue="did not",
        evidence=Evidence(
            doc_id,
            1,
            text[second_start:],
            second_start,
            len(text),
            threaten,
            threaten + 8,
            "threaten",
            "threaten.verb",
        ),
        confidence=0.7,
    )
    return DocumentResult(
        document=Document(
            doc_id=doc_id, text=text, date=doc_date, title="Zenda talks", source=source
        ),
        events=[consult, threat],
        entities=[],
        actors=[rur, fre, fre2, rur2],
    )


def counts(store: EventStore) -> dict[str, int]:
    return {t: store.count(t) for t in ("documents", "actors", "events")}


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[EventStore]:
    s = EventStore.open(tmp_path / "nested" / "events.duckdb")
    yield s
    s.close()


# --------------------------------------------------------------------------- schema


def test_open_creates_parent_folder_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "events.duckdb"
    with EventStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert counts(store) == {"documents": 0, "actors": 0, "events": 0}
        assert store.count("meta") == 1
    assert path.is_file()
    con = duckdb.connect(str(path))
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    cols = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'events'"
        ).fetchall()
    }
    con.close()
    assert set(columns.TABLES) <= tables
    assert {"event_id", "doc_key", "source_codes", "payload", "date_value", "trigger"} <= cols
    assert {"merge_key", "merged_id", "place_country", "date_start"} <= cols


def test_reopen_keeps_rows(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    with EventStore.open(path) as store:
        store.write(make_result())
    with EventStore.open(path) as store:
        assert counts(store) == {"documents": 1, "actors": 2, "events": 2}


def test_count_rejects_unknown_table(store: EventStore) -> None:
    with pytest.raises(StoreError, match="no table"):
        store.count("documents; DROP TABLE events")


# --------------------------------------------------------------------------- writing


def test_write_then_write_again_changes_nothing(store: EventStore) -> None:
    result = make_result()
    first = store.write(result)
    assert first == WriteSummary(new_document=True, events_added=2)
    after_first = counts(store)
    assert after_first == {"documents": 1, "actors": 2, "events": 2}

    again = store.write(result)
    assert again == WriteSummary(new_document=False, events_added=0)
    assert counts(store) == after_first


def test_same_text_under_another_name_is_not_duplicated(store: EventStore) -> None:
    store.write(make_result(doc_id="a/ruritania.txt"))
    summary = store.write(make_result(doc_id="b/copy-of-ruritania.txt"))
    assert summary.new_document is False
    assert counts(store) == {"documents": 1, "actors": 2, "events": 2}
    assert [d["doc_id"] for d in store.documents()] == ["a/ruritania.txt"]


def test_another_text_is_a_new_document(store: EventStore) -> None:
    store.write(make_result())
    other = "Ruritania and Freedonia broke off talks in Strelsau after a border incident."
    summary = store.write(make_result(MEETING.replace("Zenda", "Strelsau") + " " + other))
    assert summary == WriteSummary(new_document=True, events_added=2)
    assert counts(store) == {"documents": 2, "actors": 2, "events": 4}


def test_an_updated_text_is_a_new_document_linked_to_the_first(store: EventStore) -> None:
    first = make_result()
    store.write(first)
    update = make_result(
        MEETING + " Talks resume in May.", doc_id="update.txt", doc_date=date(2024, 3, 7)
    )
    summary = store.write(update)
    assert summary == WriteSummary(
        new_document=True, events_added=2, duplicate_of=first.document.content_hash
    )
    assert counts(store) == {"documents": 2, "actors": 2, "events": 4}


def test_same_event_id_is_skipped_not_duplicated(store: EventStore) -> None:
    result = make_result()
    store.write(result)
    clash = make_result(MEETING + " More later.", doc_date=date(2024, 3, 7))
    # Force the ids of the second text's events to collide with the first text's.
    clash.events[:] = [replace(e, doc_hash=result.events[0].doc_hash) for e in clash.events]
    summary = store.write(clash)
    assert summary == WriteSummary(
        new_document=True,
        events_added=0,
        events_skipped=2,
        duplicate_of=result.document.content_hash,
    )
    assert counts(store) == {"documents": 2, "actors": 2, "events": 2}


def test_same_name_other_text_gives_new_events(store: EventStore) -> None:
    first = make_result()
    store.write(first)
    summary = store.write(make_result(MEETING + " More later.", doc_date=date(2024, 3, 7)))
    assert summary == WriteSummary(
        new_document=True, events_added=2, duplicate_of=first.document.content_hash
    )
    assert counts(store) == {"documents": 2, "actors": 2, "events": 4}


def test_failed_write_leaves_no_partial_rows(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(duckdb_store, "insert_events", boom)
    result = make_result()
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.write(result)
    assert counts(store) == {"documents": 0, "actors": 0, "events": 0}
    assert not store.has_document(result.document.content_hash)

    monkeypatch.undo()
    assert store.write(result) == WriteSummary(new_document=True, events_added=2)
    assert counts(store) == {"documents": 1, "actors": 2, "events": 2}


def test_database_error_during_write_becomes_store_error(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows, "INSERT_EVENT_HEAD", "INSERT INTO no_such_table VALUES")
    with pytest.raises(StoreError, match=r"ruritania\.txt"):
        store.write(make_result())
    assert counts(store) == {"documents": 0, "actors": 0, "events": 0}


# --------------------------------------------------------------------------- reading


def test_events_returns_contract_payloads_with_filters(store: EventStore) -> None:
    result = make_result()
    store.write(result)
    events = store.events()
    assert [e["id"] for e in events] == [e.event_id for e in result.events]
    assert events[0] == result.events[0].to_dict()

    assert [e["type"] for e in store.events(type="THREATEN")] == ["THREATEN"]
    assert [e["modality"] for e in store.events(modality="negated")] == ["negated"]
    assert len(store.events(actor="FREGOV")) == 2
    assert len(store.events(country="RUR", type="CONSULT")) == 1
    assert store.events(actor="NOSUCH") == []
    assert len(store.events(doc_key=result.document.content_hash, limit=1)) == 1
    assert store.events(doc_key="0" * 64) == []


def test_documents_and_has_document(store: EventStore) -> None:
    result = make_result()
    assert not store.has_document(result.document.content_hash)
    store.write(result)
    assert store.has_document(result.document.content_hash)
    [doc] = store.documents()
    assert doc["doc_key"] == result.document.content_hash
    assert doc["title"] == "Zenda talks"
    assert doc["date"] == "2024-03-06"
    assert doc["n_chars"] == len(MEETING)
    assert doc["n_events"] == 2


def test_event_columns_are_filled(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    with EventStore.open(path) as store:
        store.write(make_result())
    con = duckdb.connect(str(path))
    row = con.execute(
        "SELECT source_codes, target_countries, reciprocal, date_value, trigger, "
        "json_extract_string(location, '$.name') FROM events WHERE type = 'CONSULT'"
    ).fetchone()
    actor = con.execute("SELECT text FROM actors WHERE code = 'FREGOV'").fetchone()
    con.close()
    assert row == (["RURGOV"], ["FRE"], True, "2024-03-05", "met", "Zenda")
    assert actor == ("Freedonian counterpart",)


# --------------------------------------------------------------------------- errors


def test_opening_a_non_database_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="not a DuckDB database") as info:
        EventStore.open(path)
    assert "\n" not in str(info.value)


def test_opening_a_store_locked_by_another_process_raises(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    EventStore.open(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
            "sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreError, match="locked by another process") as info:
            EventStore.open(path)
        assert "\n" not in str(info.value)
    finally:
        holder.communicate(input="", timeout=30)


def test_newer_schema_version_raises(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    EventStore.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET schema_version = ?", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(StoreError, match="newer realpolitik"):
        EventStore.open(path)


def test_older_schema_version_is_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.duckdb"
    with EventStore.open(path) as store:
        store.write(make_result())
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(
        schema,
        "MIGRATIONS",
        {SCHEMA_VERSION + 1: ("ALTER TABLE documents ADD COLUMN language VARCHAR",)},
    )
    with EventStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION + 1
        assert store.count("events") == 2
    con = duckdb.connect(str(path))
    cols = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'documents'"
        ).fetchall()
    }
    con.close()
    assert "language" in cols


def test_missing_migration_raises_and_leaves_store_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.duckdb"
    EventStore.open(path).close()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="no migration"):
        EventStore.open(path)
    monkeypatch.undo()
    with EventStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION


def test_failed_migration_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.duckdb"
    EventStore.open(path).close()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(
        schema,
        "MIGRATIONS",
        {SCHEMA_VERSION + 1: ("CREATE TABLE extra (x INTEGER)", "SELECT * FROM no_such_table")},
    )
    with pytest.raises(StoreError, match="migrating store"):
        EventStore.open(path)
    con = duckdb.connect(str(path))
    version = con.execute("SELECT schema_version FROM meta").fetchone()
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    con.close()
    assert version == (SCHEMA_VERSION,)
    assert "extra" not in tables
