"""Schema version 2 behaviour: near-duplicates, merged events, new records, query helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from realpolitik.errors import StoreError
from realpolitik.model import Document, DocumentResult
from realpolitik.store import columns, duckdb_store, rows
from realpolitik.store.duckdb_store import EventStore, WriteSummary
from realpolitik.store.filters import Filters

from .test_store_synthetic import (
    BASE_DAY,
    FIXED_NOW,
    Spec,
    build_result,
    ordered,
    synthetic_results,
    updated_copy,
)


def fixed() -> datetime:
    return FIXED_NOW


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[EventStore]:
    s = EventStore.open(tmp_path / "events.duckdb", clock=fixed)
    yield s
    s.close()


def dump(path: Path, tables: tuple[str, ...] = columns.TABLES) -> dict[str, list[Any]]:
    """Every row of every table, sorted: two equal dumps are two equal stores."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables}
    finally:
        con.close()


def write_all(path: Path, results: list[DocumentResult]) -> None:
    with EventStore.open(path, clock=fixed) as s:
        for result in results:
            s.write(result)


MEETING = Spec("CONSULT", "RUS", "UKR", day=2, place="TUR", confidence=0.7, reciprocal=True)


def meeting_reports() -> tuple[DocumentResult, DocumentResult, DocumentResult]:
    """One meeting, three documents, two publishers: a report, a wire copy and a rival report."""
    reuters = build_result("reuters/meeting.txt", [MEETING], publisher="Reuters", doc_day=2, seed=1)
    copy = updated_copy(reuters, "reuters/meeting-updated.txt", "Reuters")
    # The rival report gives no event date (its article date, a day later, stands in),
    # no place, names the parties the other way round, and is the most confident.
    rival_spec = Spec("CONSULT", "UKR", "RUS", confidence=0.95, reciprocal=True)
    rival = build_result("ap/talks.txt", [rival_spec], publisher="AP", doc_day=3, seed=2)
    return reuters, copy, rival


# --------------------------------------------------------------------------- near-duplicates


def test_near_duplicate_is_stored_and_linked_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    reuters, copy, rival = meeting_reports()
    with EventStore.open(path, clock=fixed) as s:
        assert s.write(reuters).duplicate_of is None
    with EventStore.open(path, clock=fixed) as s:  # the index is rebuilt from the signatures
        summary = s.write(copy)
        assert summary == WriteSummary(
            new_document=True, events_added=1, duplicate_of=reuters.document.content_hash
        )
        assert s.write(rival).duplicate_of is None
        docs = {d["doc_id"]: d for d in s.documents()}
    assert docs["reuters/meeting-updated.txt"]["duplicate_of"] == reuters.document.content_hash
    assert docs["reuters/meeting.txt"]["duplicate_of"] is None
    assert docs["ap/talks.txt"]["duplicate_of"] is None


def test_the_earliest_article_is_the_original_whatever_the_order(tmp_path: Path) -> None:
    reuters, copy, rival = meeting_reports()
    dumps = []
    for n, order in enumerate([(reuters, copy, rival), (copy, rival, reuters)]):
        path = tmp_path / f"{n}.duckdb"
        write_all(path, list(order))
        dumps.append(dump(path, ("documents", "events", "merged_events")))
        with EventStore.open(path) as s:
            links = {d["doc_id"]: d["duplicate_of"] for d in s.documents()}
        assert links["reuters/meeting-updated.txt"] == reuters.document.content_hash
        assert links["reuters/meeting.txt"] is None
    assert dumps[0] == dumps[1]


def test_an_earlier_copy_written_later_becomes_the_original(store: EventStore) -> None:
    reuters, _, _ = meeting_reports()
    later = updated_copy(reuters, "later.txt", "AFP", days_later=5)
    even_later = updated_copy(reuters, "even-later.txt", "AFP", days_later=6, addition=" More.")
    store.write(later)
    store.write(even_later)
    summary = store.write(reuters)
    assert summary.duplicate_of is None
    links = {d["doc_id"]: d["duplicate_of"] for d in store.documents()}
    root = reuters.document.content_hash
    assert links == {"later.txt": root, "even-later.txt": root, "reuters/meeting.txt": None}
    assert store.stats()["articles"] == 1


def test_unrelated_documents_are_not_linked(store: EventStore) -> None:
    for i in range(12):
        store.write(build_result(f"d{i}.txt", [MEETING], publisher="X", doc_day=2, seed=50 + i))
    assert store.stats()["near_duplicates"] == 0


# --------------------------------------------------------------------------- merged events


def test_three_documents_two_publishers_one_meeting(store: EventStore) -> None:
    reuters, copy, rival = meeting_reports()
    for result in (reuters, copy, rival):
        store.write(result)
    [merged] = store.merged_events()
    assert merged["n_mentions"] == 3
    assert merged["n_articles"] == 2  # the wire copy is not a new article
    assert merged["n_sources"] == 2
    assert merged["type"] == "CONSULT"
    assert (merged["source_key"], merged["target_key"]) == (["RUS"], ["UKR"])
    assert merged["place_country"] == "TUR"
    assert merged["representative_id"] == rival.events[0].event_id
    assert merged["confidence"] == 0.95
    assert (merged["first_seen"], merged["last_seen"]) == ("2024-03-03", "2024-03-04")
    assert (merged["date_start"], merged["date_end"]) == ("2024-03-03", "2024-03-04")
    assert merged["date"] == "2024-03-04"  # the representative's day (its article's date)
    assert merged["first_added_at"] == FIXED_NOW.isoformat()
    assert merged["is_root"] is True
    mentions = store.events(merged_id=merged["merged_id"])
    assert len(mentions) == 3  # every mention keeps its own row and evidence
    assert {m["evidence"]["trigger"] for m in mentions} == {"met"}


def test_mentions_too_far_apart_or_of_another_kind_are_not_merged(store: EventStore) -> None:
    specs = [
        MEETING,
        replace(MEETING, day=5),  # three days later: another meeting
        replace(MEETING, modality="planned"),  # a planned meeting is not the meeting
        replace(MEETING, type="AGREE"),
        replace(MEETING, place="RUS"),  # same day, another country
    ]
    for i, spec in enumerate(specs):
        store.write(build_result(f"d{i}.txt", [spec], publisher="X", doc_day=2, seed=60 + i))
    merged = store.merged_events()
    assert len(merged) == 5
    assert all(m["n_mentions"] == 1 for m in merged)


def test_undated_mentions_are_never_merged(store: EventStore) -> None:
    undated = replace(MEETING, day=None)
    for i in range(2):
        store.write(build_result(f"u{i}.txt", [undated], publisher="X", doc_day=None, seed=70 + i))
    merged = store.merged_events()
    assert [m["n_mentions"] for m in merged] == [1, 1]
    assert all(m["date"] is None for m in merged)


def test_a_new_mention_can_join_two_groups(store: EventStore) -> None:
    early = build_result("a.txt", [replace(MEETING, day=2)], publisher="X", doc_day=2, seed=80)
    late = build_result("b.txt", [replace(MEETING, day=4)], publisher="Y", doc_day=4, seed=81)
    store.write(early)
    store.write(late)
    assert len(store.merged_events()) == 2
    bridge = build_result("c.txt", [replace(MEETING, day=3)], publisher="Z", doc_day=3, seed=82)
    store.write(bridge)
    [merged] = store.merged_events()
    assert (merged["n_mentions"], merged["n_sources"]) == (3, 3)
    assert store.count("merged_events") == 1
    con = store.connection
    assert con.execute("SELECT count(DISTINCT merged_id) FROM events").fetchone() == (1,)


def test_merge_window_can_be_changed(store: EventStore) -> None:
    for i, offset in enumerate((2, 4)):
        spec = replace(MEETING, day=offset)
        store.write(build_result(f"w{i}.txt", [spec], publisher="X", doc_day=offset, seed=90 + i))
    assert store.count("merged_events") == 2
    assert store.rebuild_merged(window_days=2) == 1
    assert store.settings.merge_window_days == 2
    assert store.rebuild_merged(window_days=0) == 2
    with pytest.raises(StoreError, match="0 days or more"):
        store.rebuild_merged(window_days=-1)


@pytest.mark.slow
def test_merging_is_independent_of_the_order_of_writing(tmp_path: Path) -> None:
    results = synthetic_results()
    dumps = []
    for order in ("given", "reversed", "shuffled"):
        path = tmp_path / f"{order}.duckdb"
        write_all(path, ordered(results, order))
        # actors keep the first document they were seen in: that one depends on the order
        tables = tuple(t for t in columns.TABLES if t != "actors")
        dumps.append(dump(path, tables))
    assert dumps[0] == dumps[1] == dumps[2]
    merged = dumps[0]["merged_events"]
    assert any(row[columns.MERGED_COLUMNS.index("n_articles")] > 1 for row in merged)


@pytest.mark.slow
def test_rewriting_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    results = synthetic_results(20)
    write_all(path, results)
    before = dump(path)
    with EventStore.open(path, clock=lambda: datetime(2030, 1, 1)) as s:
        for result in results:
            assert s.write(result) == WriteSummary(new_document=False, events_added=0)
        assert s.rebuild_merged() == s.count("merged_events")
    assert dump(path) == before


@pytest.mark.slow
def test_merged_counts_add_up(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    write_all(path, synthetic_results())
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM events WHERE merged_id IS NULL").fetchone() == (0,)
        assert con.execute(
            "SELECT count(*) FROM events e ANTI JOIN merged_events m USING (merged_id)"
        ).fetchone() == (0,)
        mismatched = con.execute(
            "SELECT count(*) FROM merged_events m WHERE n_mentions <> "
            "(SELECT count(*) FROM events e WHERE e.merged_id = m.merged_id) "
            "OR n_articles <> (SELECT count(DISTINCT coalesce(d.duplicate_of, d.doc_key)) "
            "FROM events e JOIN documents d USING (doc_key) WHERE e.merged_id = m.merged_id) "
            "OR n_sources <> (SELECT count(DISTINCT d.source) FROM events e "
            "JOIN documents d USING (doc_key) WHERE e.merged_id = m.merged_id)"
        ).fetchone()
        assert mismatched == (0,)
    finally:
        con.close()


# --------------------------------------------------------------------------- new records


def test_transfers_indicators_toponyms_and_date_window_are_stored(store: EventStore) -> None:
    result = build_result(
        "arms.txt", [MEETING], publisher="X", doc_day=None, seed=5, transfer=True, indicator=True
    )
    assert result.date_window is not None
    store.write(result)
    [transfer] = store.transfers()
    assert transfer["id"] == rows.transfer_id(result.document.content_hash, result.transfers[0])
    assert transfer["supplier"] == "RUS" and transfer["quantity"]["value"] == 40.0
    assert transfer["event_id"] == result.events[0].event_id
    [indicator] = store.indicators()
    assert indicator["countries"] == ["RUS", "UKR"] and indicator["metric"] == "trade_volume"
    assert store.count("toponyms") == 1
    row = store.connection.execute(
        "SELECT window_start, window_end, window_reasons FROM documents"
    ).fetchone()
    assert row == (BASE_DAY, date(2024, 3, 31), '["no dateline"]')


def test_repeated_records_within_a_document_are_kept_once(store: EventStore) -> None:
    result = build_result(
        "arms.txt", [MEETING], publisher="X", doc_day=2, seed=5, transfer=True, indicator=True
    )
    doubled = replace(
        result,
        transfers=result.transfers * 2,
        indicators=result.indicators * 2,
        toponyms=result.toponyms * 2,
        events=result.events * 2,
    )
    summary = store.write(doubled)
    assert (summary.events_added, summary.events_skipped) == (1, 1)
    assert [store.count(t) for t in ("transfers", "indicators", "toponyms")] == [1, 1, 1]


def test_url_comes_from_the_document_or_an_http_doc_id(store: EventStore) -> None:
    @dataclass(frozen=True)
    class UrlDocument(Document):
        url: str | None = None

    base = build_result("plain.txt", [MEETING], publisher="X", doc_day=2, seed=7)
    with_url = replace(
        base,
        document=UrlDocument(
            "x", base.document.text + " Extra words here.", base.document.date, url="https://a/1"
        ),
    )
    web = build_result("https://example.org/a", [MEETING], publisher="X", doc_day=2, seed=8)
    for result in (base, with_url, web):
        store.write(result)
    urls = {d["doc_id"]: d["url"] for d in store.documents()}
    assert urls == {
        "plain.txt": None,
        "x": "https://a/1",
        "https://example.org/a": "https://example.org/a",
    }


# --------------------------------------------------------------------------- queries


@pytest.mark.slow
def test_query_helpers_and_filters(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    results = synthetic_results()
    write_all(path, results)
    with EventStore.open(path) as s:
        everything = s.merged_events()
        assert len(everything) == s.count("merged_events")
        consult = s.merged_events(Filters(types=("CONSULT",)))
        assert consult and all(m["type"] == "CONSULT" for m in consult)
        negated = s.merged_events(Filters(modalities="negated"))
        assert negated and all(m["modality"] == "negated" for m in negated)
        with_rou = s.merged_events(Filters(country="ROU"))
        assert with_rou and all("ROU" in m["source_key"] + m["target_key"] for m in with_rou)
        assert s.merged_events(Filters(actor="ROUGOV")) == with_rou
        day = date.fromisoformat(everything[3]["date"])
        on_day = s.merged_events(Filters(date_from=day, date_to=day))
        assert on_day == [m for m in everything if m["date"] == day.isoformat()]
        after = s.merged_events(Filters(date_from=day))
        assert after == [m for m in everything if m["date"] and m["date"] >= day.isoformat()]
        first = results[0].document
        by_doc = s.merged_events(Filters(doc=first.doc_id))
        assert by_doc == s.merged_events(Filters(doc=first.content_hash))
        assert len(by_doc) == len({e.event_id for e in results[0].events})
        assert len(s.merged_events(limit=2)) == 2

        events = s.events(filters=Filters(types=["ASSAULT"], country="UKR"))
        assert events and all(e["type"] == "ASSAULT" for e in events)
        on_doc_date = s.events(
            filters=Filters(
                date_from=date(2024, 3, 3), date_to=date(2024, 3, 3), date_on="document"
            )
        )
        assert on_doc_date
        doc_dates = {d["doc_id"]: d["date"] for d in s.documents()}
        assert {doc_dates[e["doc"]] for e in on_doc_date} == {"2024-03-03"}

        transfers = s.transfers()
        assert len(transfers) == s.count("transfers") > 0
        assert s.transfers(Filters(country="ZZZ")) == []
        supplier = transfers[0]["supplier"]
        assert all(
            supplier in (t["supplier"], t["recipient"])
            for t in s.transfers(Filters(country=supplier))
        )
        indicators = s.indicators(Filters(country="RUS"))
        assert all("RUS" in i["countries"] for i in indicators)

        with pytest.raises(StoreError, match="does not apply to transfers"):
            s.transfers(Filters(actor="RUSGOV"))
        with pytest.raises(StoreError, match="does not apply to indicators"):
            s.indicators(Filters(modalities="factual"))
        with pytest.raises(StoreError, match="limit"):
            s.merged_events(limit=-1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"types": ("MEET",)}, "unknown PLOVER type"),
        ({"modalities": ("maybe",)}, "unknown modality"),
        ({"date_on": "published"}, "date_on"),
        ({"date_from": date(2024, 3, 5), "date_to": date(2024, 3, 1)}, "after"),
        ({"date_from": "2024-03-01"}, "must be a date"),
    ],
)
def test_bad_filters_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(StoreError, match=message):
        Filters(**kwargs)


@pytest.mark.slow
def test_stats(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    results = synthetic_results()
    write_all(path, results)
    with EventStore.open(path) as s:
        stats = s.stats()
    assert stats["schema_version"] == 2
    assert stats["tables"]["documents"] == len(results)
    assert stats["tables"]["events"] == sum(len(r.events) for r in results)
    assert stats["near_duplicates"] == 4 and stats["duplicate_clusters"] == 4
    assert stats["articles"] == len(results) - 4
    assert stats["merged_multi_article"] > 0 and stats["merged_multi_source"] > 0
    assert stats["size_bytes"] >= path.stat().st_size > 0
    assert stats["settings"]["dedup_threshold"] == "0.8"


def test_settings_are_kept_in_the_store(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    with EventStore.open(path) as s:
        s.rebuild_merged(window_days=3)
    with EventStore.open(path) as s:
        assert s.settings.merge_window_days == 3
    con = duckdb.connect(str(path))
    con.execute("UPDATE settings SET value = 'x' WHERE key = 'merge_window_days'")
    con.close()
    with pytest.raises(StoreError, match="settings"):
        EventStore.open(path)


def test_failure_while_merging_leaves_nothing(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    reuters, copy, _ = meeting_reports()
    store.write(reuters)
    before = {t: store.count(t) for t in columns.TABLES}

    def boom(*args: object) -> None:
        raise RuntimeError("merge failed")

    monkeypatch.setattr(duckdb_store, "remerge_documents", boom)
    with pytest.raises(RuntimeError, match="merge failed"):
        store.write(copy)
    assert {t: store.count(t) for t in columns.TABLES} == before
    monkeypatch.undo()
    # the in-memory index did not keep the failed document either
    assert store.write(copy).duplicate_of == reuters.document.content_hash


def test_document_without_words_has_no_signature(store: EventStore) -> None:
    empty = DocumentResult(Document("dots.txt", "... !!! ..."), [], [], [])
    store.write(empty)
    store.write(DocumentResult(Document("dots2.txt", "... !!! ...."), [], [], []))
    row = store.connection.execute("SELECT count(signature), count(duplicate_of) FROM documents")
    assert row.fetchone() == (0, 0)


def test_old_duckdb_is_refused_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(duckdb, "__version__", "1.1.3")
    with pytest.raises(StoreError, match=r"needs duckdb 1\.2 or newer, this is duckdb 1\.1\.3"):
        EventStore.open(tmp_path / "events.duckdb")
    assert not (tmp_path / "events.duckdb").exists()
    monkeypatch.setattr(duckdb, "__version__", "1.10.0")
    EventStore.open(tmp_path / "events.duckdb").close()


# --------------------------------------------------------------------------- batches


@pytest.mark.parametrize("size", [3, 7, 40])
@pytest.mark.slow
def test_a_batch_ends_as_the_same_documents_written_one_by_one(tmp_path: Path, size: int) -> None:
    results = synthetic_results()
    results = [*results[:12], results[3], *results[12:]]  # a text twice, in one batch
    one_by_one = tmp_path / "single.duckdb"
    write_all(one_by_one, results)
    batched = tmp_path / "batched.duckdb"
    summaries: list[WriteSummary] = []
    with EventStore.open(batched, clock=fixed) as s:
        for at in range(0, len(results), size):
            summaries += s.write_many(results[at : at + size])
    assert dump(batched) == dump(one_by_one)
    assert len(summaries) == len(results)
    assert summaries[12] == WriteSummary(new_document=False, events_added=0)
    with EventStore.open(one_by_one, clock=fixed) as s:
        assert s.count("events") == sum(x.events_added for x in summaries)
    copies = [x for x in summaries if x.duplicate_of is not None]
    assert copies  # the updated copies were linked inside their batches too


def test_a_failed_batch_leaves_nothing(store: EventStore, monkeypatch: pytest.MonkeyPatch) -> None:
    reuters, copy, rival = meeting_reports()
    store.write(rival)
    before = dump_store(store)

    def boom(*args: object) -> None:
        raise duckdb.ConversionException("disk full")

    monkeypatch.setattr(duckdb_store, "remerge_documents", boom)
    with pytest.raises(StoreError, match=r"writing reuters/meeting\.txt, reuters/meeting-updated"):
        store.write_many([reuters, copy])
    assert dump_store(store) == before
    monkeypatch.undo()
    # nothing of the failed batch stayed in the near-duplicate index either
    first, second = store.write_many([copy, reuters])
    assert first.new_document and second.duplicate_of is None
    assert store.write(reuters).new_document is False


def dump_store(store: EventStore) -> dict[str, list[Any]]:
    con = store.connection
    return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in columns.TABLES}
