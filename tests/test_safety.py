"""Careless use and poisoned input (issue 18): nothing lost, nothing stuck.

Each test reproduces one finding: an output option that emptied the store or an input,
a ``--db`` that was not a store, one bad record that stopped a whole ingest, input
folders that aborted or silently lost rows, and ``delete`` to remove what should not
be in the store. Every text here is invented for these tests.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from realpolitik.cli import _estimate_total, main
from realpolitik.errors import InputError, OutputError, StoreError
from realpolitik.exports import export
from realpolitik.ingest.sources import SourceOptions, SourceStats, iter_sources
from realpolitik.ingest.text import ReadFailure, decode, make_document
from realpolitik.model import Document, check_date, date_problem
from realpolitik.pipeline import Pipeline, split_for_parsing
from realpolitik.safe_output import check_output, replacing_text
from realpolitik.store.columns import TABLES
from realpolitik.store.connection import check_store_path
from realpolitik.store.duckdb_store import EventStore

GOOD = (
    "Russia and Georgia signed a ceasefire agreement in Moscow on Tuesday. "
    "Poland condemned the Russian attack on Georgia.\n"
)
OTHER = (
    "Japan and South Korea signed a fisheries agreement in Tokyo on Monday. "
    "China criticised Japan over the disputed islands.\n"
)
THIRD = (
    "France and Germany held talks in Paris on trade. "
    "Turkey threatened Greece over the islands in the Aegean.\n"
)
RELATIVE = (
    "Date: 0001-01-01\n\nRussia attacked Georgia yesterday, and Poland condemned the attack.\n"
)
FIXED_NOW = datetime(2024, 1, 2, 3, 4, 5)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in tmp_path, never touch the user's default store."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REALPOLITIK_DB", str(tmp_path / "default.duckdb"))
    for name in ("COLUMNS", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``main`` in-process; return (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(db: Path) -> tuple[int, int]:
    with EventStore.open(db) as store:
        return store.count("documents"), store.count("events")


@pytest.fixture()
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A store holding two articles, written by ``realpolitik ingest``."""
    (tmp_path / "a.txt").write_text("Date: 2008-08-12\n\n" + GOOD, "utf-8")
    (tmp_path / "b.txt").write_text("Date: 2021-03-02\n\n" + OTHER, "utf-8")
    db = tmp_path / "events.duckdb"
    code, _, err = cli(capsys, "ingest", "a.txt", "b.txt", "--db", db, "-q")
    assert code == 0, err
    return db


def no_temporary_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".") and ".tmp" in p.name]


# --------------------------------------------------------------------------- outputs


@pytest.mark.parametrize("csv_exists", [False, True])
def test_export_with_swapped_options_leaves_the_store_whole(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], csv_exists: bool
) -> None:
    if csv_exists:
        (tmp_path / "events.csv").write_text("event_id,type\nx,CONSULT\n", "utf-8")
    before = digest(store)
    code, _, err = cli(capsys, "export", "--db", "events.csv", "--format", "csv", "-o", store)
    assert code == 2, err
    assert len(errors(err)) == 1 and "Traceback" not in err
    assert digest(store) == before
    assert counts(store)[0] == 2
    assert no_temporary_files(tmp_path)


def test_brief_output_over_the_store_is_refused(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(store)
    code, _, err = cli(capsys, "brief", "--db", store, "--since", "2008-01-01", "--output", store)
    assert code == 2
    assert "store" in errors(err)[0]
    assert digest(store) == before


def test_extract_output_over_its_own_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(GOOD, "utf-8")
    code, _, err = cli(capsys, "extract", "a.txt", "--no-store", "-o", "a.txt")
    assert code == 2
    assert "input" in errors(err)[0]
    assert article.read_text("utf-8") == GOOD


def test_output_over_a_file_of_another_kind_is_refused(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("My notes on the Caucasus, not an export.\n", "utf-8")
    code, _, err = cli(capsys, "export", "--db", store, "--format", "jsonl", "-o", notes)
    assert code == 2 and "not" in errors(err)[0]
    assert notes.read_text("utf-8").startswith("My notes")
    picture = tmp_path / "out.parquet"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    code, _, err = cli(capsys, "export", "--db", store, "--format", "parquet", "-o", picture)
    assert code == 2
    assert picture.read_bytes().startswith(b"\x89PNG")


def test_an_earlier_output_of_the_same_kind_is_replaced(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt, name in (("jsonl", "e.jsonl"), ("csv", "e.csv"), ("parquet", "e.parquet")):
        for _ in range(2):
            code, _, err = cli(capsys, "export", "--db", store, "--format", fmt, "-o", name)
            assert code == 0, (fmt, err)
        assert (tmp_path / name).stat().st_size > 0
    assert no_temporary_files(tmp_path)


def test_plot_over_the_store_is_refused(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(store)
    code, _, err = cli(capsys, "dyad", "RUS", "GEO", "--db", store, "--plot", store)
    assert code == 2 and "store" in errors(err)[0]
    assert digest(store) == before


def test_a_failed_run_keeps_the_old_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "out.csv"
    old.write_text("event_id,type\nx,CONSULT\n", "utf-8")
    code, _, err = cli(capsys, "export", "--db", "missing.duckdb", "--format", "csv", "-o", old)
    assert code == 1 and "no store" in err
    assert old.read_text("utf-8") == "event_id,type\nx,CONSULT\n"
    assert no_temporary_files(tmp_path)


def test_export_api_refuses_to_write_over_the_store(store: Path) -> None:
    before = digest(store)
    with EventStore.open(store) as opened, pytest.raises(OutputError, match="store"):
        export(opened, store, "csv")
    assert digest(store) == before


def test_the_output_helper(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with replacing_text(target, "jsonl") as handle:
        handle.write('{"a": 1}\n')
        assert not target.exists()  # written aside, moved into place at the end
    assert target.read_text("utf-8") == '{"a": 1}\n'
    with pytest.raises(RuntimeError), replacing_text(target, "jsonl") as handle:
        handle.write('{"b": 2}\n')
        raise RuntimeError("stop")
    assert target.read_text("utf-8") == '{"a": 1}\n'
    assert no_temporary_files(tmp_path)
    with pytest.raises(OutputError, match="input"):
        check_output(target, "jsonl", inputs=[target])
    with pytest.raises(OutputError, match="folder"):
        check_output(tmp_path, "jsonl")


# --------------------------------------------------------------------------- --db


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl", ".parquet"])
@pytest.mark.parametrize(
    "command",
    [
        ["ingest", "a.txt"],
        ["export"],
        ["brief", "--since", "2008-01-01"],
        ["dyad", "RUS", "GEO"],
        ["serve", "--port", "1"],
        ["delete", "--doc", "a.txt"],
    ],
)
def test_db_that_is_not_a_store_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, command: list[str]
) -> None:
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    corpus = tmp_path / f"corpus{suffix}"
    corpus.write_text('text\n"' + GOOD.strip() + '"\n', "utf-8")
    before = digest(corpus)
    code, _, err = cli(capsys, *command, "--db", corpus)
    assert code == 2, err
    assert len(errors(err)) == 1 and len(err.strip().splitlines()) == 1, err
    assert "DuckDB" in err
    assert digest(corpus) == before


def test_db_checks(tmp_path: Path) -> None:
    notes = tmp_path / "notes.duckdb"
    notes.write_text("these are my notes\n", "utf-8")
    with pytest.raises(StoreError, match="not a DuckDB database"):
        check_store_path(notes)
    with pytest.raises(StoreError, match="not a DuckDB database"):
        EventStore.open(notes)
    empty = tmp_path / "empty.duckdb"
    empty.touch()
    with pytest.raises(StoreError, match="empty"):
        check_store_path(empty)
    with pytest.raises(StoreError, match="CSV"):
        check_store_path(tmp_path / "new.csv")  # a new path, but named like a corpus
    assert check_store_path(tmp_path / "new.duckdb") == tmp_path / "new.duckdb"
    EventStore.open(tmp_path / "new.duckdb").close()
    assert check_store_path(tmp_path / "new.duckdb") == tmp_path / "new.duckdb"


# --------------------------------------------------------------------------- bad records


def test_dates_outside_the_sane_range() -> None:
    assert date_problem(date(2008, 8, 12)) is None
    assert date_problem(date(1, 1, 1)) is not None
    assert date_problem(date(9999, 12, 31)) is not None
    assert date_problem(date(1799, 12, 31)) is not None
    assert date_problem(date(1800, 1, 1)) is None
    with pytest.raises(InputError, match="0001-01-01"):
        check_date(date(1, 1, 1), "a.txt")
    with pytest.raises(InputError, match=r"out of range|before|after"):
        make_document(RELATIVE, "a.txt")


def test_ancient_date_with_a_relative_date_is_one_error_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "in" / "bad.txt").write_text(RELATIVE, "utf-8")
    (tmp_path / "in" / "c.txt").write_text(OTHER, "utf-8")
    code, _, err = cli(capsys, "ingest", "in", "--db", "s.duckdb")
    assert code == 1, err
    lines = errors(err)
    assert len(lines) == 1 and "bad.txt" in lines[0] and "0001-01-01" in lines[0], err
    assert "unexpected" not in err
    assert "1 skipped" in err
    assert counts(tmp_path / "s.duckdb")[0] == 2


def test_csv_rows_with_poisoned_dates_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ("2008-08-12", GOOD.strip()),
        ("0001-01-01", "Russia attacked Georgia yesterday, and Poland condemned it."),
        ("9999-12-31", "Japan met South Korea yesterday in Tokyo for talks on fisheries."),
        ("2021-03-02", OTHER.strip()),
    ]
    lines = ["date,text"] + [f'{day},"{text}"' for day, text in rows]
    (tmp_path / "g.csv").write_text("\n".join(lines) + "\n", "utf-8")
    code, _, err = cli(capsys, "ingest", "g.csv", "--db", "s.duckdb")
    assert code == 1
    found = errors(err)
    assert len(found) == 2, err
    assert "g.csv:3" in found[0] and "0001-01-01" in found[0]
    assert "g.csv:4" in found[1] and "9999-12-31" in found[1]
    assert "2 skipped" in err
    assert counts(tmp_path / "s.duckdb")[0] == 2


def test_api_refuses_a_poisoned_date(tmp_path: Path, pipeline: Pipeline) -> None:
    from fastapi.testclient import TestClient

    from realpolitik.server import ServerSettings, create_app

    app = create_app(ServerSettings(db=tmp_path / "api.duckdb", token=None), pipeline=pipeline)
    with TestClient(app, base_url="http://localhost") as client:
        for day in ("0001-01-01", "9999-12-31"):
            response = client.post("/ingest", json={"text": GOOD, "date": day})
            assert response.status_code == 400, response.text
            assert day in response.json()["detail"]
        response = client.post("/ingest", json={"text": RELATIVE})
        assert response.status_code == 400
        assert client.post("/ingest", json={"text": GOOD}).status_code == 200
        assert client.get("/brief").status_code == 200


def test_long_texts_are_split_at_paragraphs() -> None:
    text = "".join(f"Paragraph {i} says Russia met Georgia.\n\n" for i in range(50))
    pieces = split_for_parsing(text, 200)
    assert "".join(pieces) == text
    assert all(len(p) <= 200 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])
    one_line = "word " * 100
    pieces = split_for_parsing(one_line, 64)
    assert "".join(pieces) == one_line and all(len(p) <= 64 for p in pieces)
    assert split_for_parsing("short", 64) == ["short"]


@pytest.mark.slow
def test_a_text_over_the_parser_limit_is_read_in_pieces(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    pipeline: Pipeline,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The parser's limit is lowered to 2,000 characters to keep the test fast; the real
    limit is 1,000,000, under the 10 MB a document may have."""
    monkeypatch.setattr(pipeline.nlp, "max_length", 2000)
    long_text = "Date: 2008-08-12\n\n" + "\n\n".join([GOOD.strip(), OTHER.strip()] * 25) + "\n"
    assert len(long_text) > 2000
    (tmp_path / "long.txt").write_text(long_text, "utf-8")
    (tmp_path / "short.txt").write_text(THIRD, "utf-8")
    code, out, err = cli(
        capsys, "extract", "long.txt", "short.txt", "--no-store", "--format", "json"
    )
    assert code == 0, err
    assert not errors(err)
    docs = {d["doc"]: d for d in json.loads(out)["documents"]}
    body = long_text.split("\n\n", 1)[1]
    events = docs["long.txt"]["events"]
    assert len(events) >= 50
    for event in events:
        ev = event["evidence"]
        assert body[ev["start"] :].startswith(ev["trigger"].split(" … ")[0])
        assert body[ev["sentence_start"] : ev["sentence_end"]] == ev["sentence"]
    assert max(e["evidence"]["start"] for e in events) > 2000
    assert docs["short.txt"]["events"]


def test_one_document_that_fails_does_not_stop_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Pipeline._code

    def fragile(self: Pipeline, parsed: Any, document: Document, *args: Any) -> Any:
        if "Poland" in document.text:
            raise OverflowError("date value out of range")
        return original(self, parsed, document, *args)

    monkeypatch.setattr(Pipeline, "_code", fragile)
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "b.txt").write_text(OTHER, "utf-8")
    (tmp_path / "c.txt").write_text(THIRD, "utf-8")
    code, _, err = cli(capsys, "ingest", "a.txt", "b.txt", "c.txt", "--db", "s.duckdb")
    assert code == 1
    lines = errors(err)
    assert len(lines) == 1 and "a.txt" in lines[0] and "OverflowError" in lines[0], err
    assert "1 skipped" in err
    assert counts(tmp_path / "s.duckdb")[0] == 2


def test_a_worker_reports_the_document_that_fails(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a worker process of ``--workers N`` does with a batch, run here."""
    from concurrent.futures import Future

    from realpolitik.scale import local

    original = Pipeline._code

    def fragile(self: Pipeline, parsed: Any, document: Document, *args: Any) -> Any:
        if "Poland" in document.text:
            raise OverflowError("date value out of range")
        return original(self, parsed, document, *args)

    monkeypatch.setattr(Pipeline, "_code", fragile)
    monkeypatch.setattr(local, "_worker_pipeline", pipeline)
    batch = [Document("a.txt", GOOD), Document("b.txt", OTHER), Document("c.txt", THIRD)]
    future: Future[list[dict[str, Any]]] = Future()
    future.set_result(local._code_batch(batch, True))
    failed: list[tuple[str, str]] = []
    results = list(
        local._results_of(batch, future, lambda doc, exc: failed.append((doc.doc_id, str(exc))))
    )
    assert [r.document.doc_id for r in results] == ["b.txt", "c.txt"]
    assert failed == [("a.txt", "OverflowError: date value out of range")]


# --------------------------------------------------------------------------- input folders


def test_dangling_symlink_in_a_folder_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, "utf-8")
    os.symlink(tmp_path / "gone.csv", folder / "corpus.csv")
    os.symlink(tmp_path / "gone.txt", folder / "b.txt")
    assert _estimate_total([str(folder)]) == 1
    stats = SourceStats()
    docs = list(iter_sources([str(folder)], SourceOptions(), stats=stats))
    assert [type(d) for d in docs] == [Document]
    assert len(stats.warnings) == 2 and "broken" in stats.warnings[0].reason
    code, _, err = cli(capsys, "ingest", folder, "--db", "s.duckdb")
    assert code == 0, err
    assert err.count("warning:") == 2 and not errors(err)


def test_unclosed_csv_quote_is_an_error_and_the_next_rows_are_read(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "g.csv"
    corpus.write_text(
        "date,text\n"
        f'2008-08-12,"{GOOD.strip()}"\n'
        '2008-08-13,"Russia met Georgia on Monday, and the talks went on\n'
        f"2021-03-02,{OTHER.strip().replace(',', '')}\n"
        f'2021-03-03,"{THIRD.strip()}"\n',
        "utf-8",
    )
    items = list(iter_sources([str(corpus)], SourceOptions()))
    failures = [i for i in items if isinstance(i, ReadFailure)]
    docs = [i for i in items if isinstance(i, Document)]
    assert len(failures) == 1, items
    assert "g.csv:3" in failures[0].reason and "quote" in failures[0].reason
    assert [d.date for d in docs] == [date(2008, 8, 12), date(2021, 3, 2), date(2021, 3, 3)]
    assert docs[1].doc_id == f"{corpus}:4"


@pytest.mark.parametrize("bom", ["utf-16-le", "utf-16-be", "utf-8-sig"])
def test_text_with_a_bom_is_read(tmp_path: Path, bom: str) -> None:
    marks = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    encoding = "utf-8-sig" if bom == "utf-8-sig" else bom
    data = marks.get(bom, b"") + GOOD.encode(encoding)
    assert decode(data, "a.txt") == GOOD
    (tmp_path / "a.txt").write_bytes(data)
    rows = "text,date\n" + f'"{GOOD.strip()}",2008-08-12\n'
    (tmp_path / "g.csv").write_bytes(marks.get(bom, b"") + rows.encode(encoding))
    (tmp_path / "g.jsonl").write_bytes(
        marks.get(bom, b"") + (json.dumps({"text": GOOD}) + "\n").encode(encoding)
    )
    items = list(iter_sources([str(tmp_path)], SourceOptions()))
    assert all(isinstance(i, Document) for i in items), items
    assert len(items) == 3
    assert {i.text.strip() for i in items} == {GOOD.strip()}


# --------------------------------------------------------------------------- delete


def _results(pipeline: Pipeline) -> dict[str, Any]:
    base = GOOD.strip() + " " + THIRD.strip() + " " + OTHER.strip()
    near_copy = base + " Officials said the talks would go on.\n"
    docs = {
        "a": Document("a.txt", base + "\n", date=date(2008, 8, 12), source="Wire"),
        "b": Document("b.txt", near_copy, date=date(2008, 8, 13), source="Daily"),
        "c": Document("c.txt", GOOD + OTHER, date=date(2021, 3, 2), source="Daily"),
    }
    return {key: next(pipeline.run([doc])) for key, doc in docs.items()}


def _rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with EventStore.open(db) as opened:
        con = opened.connection
        return {
            table: sorted(map(tuple, con.execute(f"SELECT * FROM {table}").fetchall()), key=repr)
            for table in TABLES
            if table not in ("meta", "actors")
        }


@pytest.mark.parametrize("gone", ["a", "b", "c"])
def test_delete_leaves_the_store_as_if_never_written(
    tmp_path: Path, pipeline: Pipeline, gone: str
) -> None:
    results = _results(pipeline)
    whole = tmp_path / "whole.duckdb"
    with EventStore.open(whole, clock=lambda: FIXED_NOW) as opened:
        opened.write_many(list(results.values()))
        assert opened.connection.execute(
            "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"
        ).fetchone() == (1,)
        removed = opened.delete(doc=results[gone].document.doc_id)
        assert removed.documents == 1 and removed.events == len(results[gone].events)
        again = opened.delete(doc=results[gone].document.doc_id)
        assert again.documents == 0 and again.events == 0
    rest = tmp_path / "rest.duckdb"
    with EventStore.open(rest, clock=lambda: FIXED_NOW) as opened:
        opened.write_many([r for key, r in results.items() if key != gone])
    assert _rows(whole) == _rows(rest)


def test_delete_by_source_and_by_date(tmp_path: Path, pipeline: Pipeline) -> None:
    results = _results(pipeline)
    db = tmp_path / "s.duckdb"
    with EventStore.open(db) as opened:
        opened.write_many(list(results.values()))
        assert opened.delete(source="Daily").documents == 2
        assert opened.count("documents") == 1
        opened.write_many(list(results.values()))
        assert opened.delete(since=date(2008, 8, 13), until=date(2008, 12, 31)).documents == 1
        assert {d["doc_id"] for d in opened.documents()} == {"a.txt", "c.txt"}
        with pytest.raises(StoreError, match="which"):
            opened.delete()


def test_delete_command(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "delete", "--db", store, "--doc", "a.txt")
    assert code == 0, err
    assert "1 document" in out + err
    assert counts(store)[0] == 1
    code, out, err = cli(capsys, "delete", "--db", store, "--doc", "a.txt")
    assert code == 0 and "0 documents" in out + err
    code, out, err = cli(capsys, "delete", "--db", store, "--since", "2021-01-01")
    assert code == 0
    assert counts(store) == (0, 0)
    code, _, err = cli(capsys, "delete", "--db", store)
    assert code == 2 and errors(err)


def test_delete_route_needs_the_token(tmp_path: Path, pipeline: Pipeline) -> None:
    from fastapi.testclient import TestClient

    from realpolitik.server import ServerSettings, create_app

    token = "test-token-0123456789"
    auth = {"Authorization": f"Bearer {token}"}
    settings = ServerSettings(db=tmp_path / "api.duckdb", token=token)
    with TestClient(create_app(settings, pipeline=pipeline), base_url="http://localhost") as c:
        posted = c.post("/ingest", json={"text": GOOD, "date": "2008-08-12"}, headers=auth)
        doc_id = posted.json()["doc_id"]
        assert c.get("/events?actor=GEO").json()["total"] > 0
        assert c.delete(f"/documents/{doc_id}").status_code == 401
        response = c.delete(f"/documents/{doc_id}", headers=auth)
        assert response.status_code == 200, response.text
        assert response.json()["documents"] == 1 and response.json()["events"] > 0
        assert c.get("/events?actor=GEO").json()["total"] == 0
        again = c.delete(f"/documents/{doc_id}", headers=auth)
        assert again.status_code == 200 and again.json()["documents"] == 0
