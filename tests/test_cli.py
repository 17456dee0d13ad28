"""The command line, end to end: ``realpolitik.cli.main`` in-process, and twice the
installed console script in a subprocess (stdin, and a batch of only bad files).

Every text here is invented for these tests.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from realpolitik.cli import example_path, main
from realpolitik.exports.formats.csv import CSV_COLUMNS
from realpolitik.ingest.text import MAX_BYTES, split_header
from realpolitik.model import MODALITIES, PLOVER_ROOTS
from realpolitik.store.duckdb_store import EventStore

CONTRACT_KEYS = {
    "doc",
    "type",
    "cameo",
    "goldstein",
    "quad_class",
    "source",
    "target",
    "reciprocal",
    "modality",
    "attribution",
    "date",
    "location",
    "evidence",
    "confidence",
}
EVIDENCE_KEYS = {
    "sentence_index",
    "sentence",
    "sentence_start",
    "sentence_end",
    "start",
    "end",
    "trigger",
    "rule",
}

GOOD_TEXT = (
    "Russia and Georgia signed a ceasefire agreement in Moscow on Tuesday. "
    "Poland condemned the Russian attack on Georgia.\n"
)
GERMAN_TEXT = (
    "Die deutsche Regierung hat am Montag mit Frankreich über neue Sanktionen gegen "
    "Russland verhandelt, sagte ein Sprecher in Berlin.\n"
)
LATIN1_BYTES = (
    "The French président met the Chancellor of Germany in Berlin on Monday, "
    "and the two leaders discussed the crisis in Ukraine.\n"
).encode("latin-1")
FREEDONIA_TEXT = "Freedonia condemned Russia on Monday over the border clashes.\n"


# --------------------------------------------------------------------------- helpers


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in tmp_path (short relative names), never touch the user's default store."""
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


def jsonl(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def flat(text: str) -> str:
    """The text with its whitespace runs (rich's line wrapping included) made single spaces."""
    return " ".join(text.split())


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


def store_state(db: Path) -> tuple[int, int, list[dict[str, Any]]]:
    with EventStore.open(db) as store:
        return store.count("documents"), store.count("events"), store.events()


def by_id(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(events, key=lambda e: e["id"])


# Each bad input, and a word its error line must carry (the reason, not only the name).
BAD_REASONS = {
    "empty.txt": "empty",
    "binary.dat": "binary",
    "latin1.txt": "UTF-8",
    "german.txt": "English",
    "huge.txt": "MB",
}


def assert_one_error_each(err: str, names: list[str]) -> None:
    errors = error_lines(err)
    assert len(errors) == len(names), err
    for name in names:
        mine = [line for line in errors if f"{name}:" in line]
        assert len(mine) == 1, (name, err)
        assert BAD_REASONS[name] in mine[0], (name, err)


def write_bad_files(folder: Path) -> list[str]:
    """Empty, binary, latin-1, German and >10 MB (sparse) inputs; return their names."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.dat").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "latin1.txt").write_bytes(LATIN1_BYTES)
    (folder / "german.txt").write_text(GERMAN_TEXT, encoding="utf-8")
    with (folder / "huge.txt").open("wb") as handle:  # sparse: no 10 MB actually written
        handle.truncate(MAX_BYTES + 1024 * 1024)
    return list(BAD_REASONS)


def console_script() -> str:
    script = Path(sys.executable).with_name("realpolitik")
    assert script.is_file(), f"console script not installed next to {sys.executable}"
    return str(script)


def run_script(*args: str, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REALPOLITIK_DB=str(cwd / "default.duckdb"))
    return subprocess.run(
        [console_script(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


# --------------------------------------------------------------------------- extract: formats


def test_example_jsonl_follows_the_contract(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = cli(capsys, "extract", "--example", "--no-store", "--format", "jsonl")
    assert code == 0
    events = jsonl(out)
    assert events, "the bundled example should give events"
    _, text, _ = split_header(example_path().read_text("utf-8"))  # offsets count in the body
    for event in events:
        assert event.keys() >= CONTRACT_KEYS
        assert event["evidence"].keys() >= EVIDENCE_KEYS
        assert event["doc"] == str(example_path())
        assert event["type"] in PLOVER_ROOTS
        assert event["quad_class"] in (1, 2, 3, 4)
        assert event["modality"] in MODALITIES
        assert -10 <= event["goldstein"] <= 10
        assert 0 <= event["confidence"] <= 1
        ev = event["evidence"]
        assert 0 <= ev["sentence_start"] <= ev["start"] < ev["end"] <= ev["sentence_end"]
        assert text[ev["sentence_start"] : ev["sentence_end"]] == ev["sentence"]
        # A trigger of several parts ("signed … declaration") is located by its first word.
        parts = ev["trigger"].split(" … ")
        assert text[ev["start"] : ev["end"]] == parts[0], ev
        assert all(part in ev["sentence"] for part in parts)
        for actor in event["source"] + event["target"]:
            if actor["start"] is not None:
                assert text[actor["start"] : actor["end"]] == actor["text"]
    assert not (tmp_path / "default.duckdb").exists(), "--no-store wrote the default store"


def test_csv_json_and_table_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    Path("border.txt").write_text(GOOD_TEXT, encoding="utf-8")

    code, out, _ = cli(capsys, "extract", "border.txt", "--no-store", "--format", "jsonl")
    assert code == 0
    events = jsonl(out)
    assert any(e["evidence"]["trigger"] == "condemned" for e in events)

    code, out, _ = cli(capsys, "extract", "border.txt", "--no-store", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == len(events)
    records = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert {r["id"] for r in records} == {e["id"] for e in events}
    assert all(r["doc"] == "border.txt" for r in records)
    assert {r["reciprocal"] for r in records} <= {"true", "false"}

    code, out, _ = cli(capsys, "extract", "border.txt", "--no-store", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [d["doc"] for d in data["documents"]] == ["border.txt"]
    assert by_id(data["documents"][0]["events"]) == by_id(events)
    assert {"doc", "title", "date", "events", "actors"} <= data["documents"][0].keys()

    code, out, _ = cli(capsys, "extract", "border.txt", "--no-store")
    assert code == 0
    assert "condemned" in out
    assert "border.txt" in out


def test_date_flag(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    Path("border.txt").write_text(GOOD_TEXT, encoding="utf-8")
    code, out, _ = cli(
        capsys, "extract", "border.txt", "--no-store", "--format", "json", "--date", "2008-07-22"
    )
    assert code == 0
    assert json.loads(out)["documents"][0]["date"] == "2008-07-22"

    with pytest.raises(SystemExit) as exc:
        main(["extract", "border.txt", "--no-store", "--date", "garbage"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    messages = [line for line in err.splitlines() if "error:" in line]
    assert len(messages) == 1
    assert "garbage" in messages[0] and "--date" in messages[0]
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [
        ("--workers", "0", "must be 1 or more, not 0"),
        ("--batch-size", "-3", "must be 1 or more, not -3"),
        ("--batch-size", "four", "'four' is not a whole number"),
    ],
)
def test_ingest_counts_must_be_positive(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, flag: str, value: str, says: str
) -> None:
    db = tmp_path / "x.duckdb"
    with pytest.raises(SystemExit) as exc:
        main(["ingest", str(example_path()), "--db", str(db), flag, value])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    messages = [line for line in err.splitlines() if "error:" in line]
    assert messages == [f"realpolitik ingest: error: argument {flag}: {says}"]
    assert not db.exists()  # refused before anything was opened


# --------------------------------------------------------------------------- extract: store


def test_second_run_on_the_same_file_adds_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    Path("border.txt").write_text(GOOD_TEXT, encoding="utf-8")
    db = Path("tmp") / "x.duckdb"

    code, out, err = cli(capsys, "extract", "border.txt", "--db", db, "--format", "jsonl")
    assert code == 0
    first = jsonl(out)
    assert first
    assert "+1 documents" in flat(err)
    docs, n_events, stored = store_state(db)
    assert (docs, n_events) == (1, len(first))
    assert by_id(stored) == by_id(first)

    code, out, err = cli(capsys, "extract", "border.txt", "--db", db, "--format", "jsonl")
    assert code == 0
    assert by_id(jsonl(out)) == by_id(first)  # same ids, same events
    assert "+0 documents, +0 events" in flat(err)
    assert store_state(db) == (1, len(first), stored)

    # The same text under another name is the same document.
    Path("copy.txt").write_text(GOOD_TEXT, encoding="utf-8")
    code, _, err = cli(capsys, "extract", "copy.txt", "--db", db, "--format", "jsonl")
    assert code == 0
    assert "+0 documents, +0 events" in flat(err)
    assert store_state(db) == (1, len(first), stored)


def test_bad_files_are_skipped_and_the_good_one_stored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = write_bad_files(tmp_path)
    Path("border.txt").write_text(GOOD_TEXT, encoding="utf-8")
    db = Path("store.duckdb")
    inputs = [*bad[:2], "border.txt", *bad[2:]]  # the good one in the middle

    code, out, err = cli(capsys, "extract", *inputs, "--db", db, "--format", "jsonl")
    assert code == 0
    assert "Traceback" not in err
    assert_one_error_each(err, bad)
    assert not any("border.txt" in line for line in error_lines(err))
    events = jsonl(out)
    assert events and {e["doc"] for e in events} == {"border.txt"}
    assert "1 documents read, 5 skipped" in flat(err)
    docs, n_events, stored = store_state(db)
    assert (docs, n_events) == (1, len(events))
    assert by_id(stored) == by_id(events)


@pytest.mark.slow
def test_only_bad_files_fail_without_touching_the_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = write_bad_files(tmp_path)
    Path("border.txt").write_text(GOOD_TEXT, encoding="utf-8")
    db = Path("store.duckdb")
    code, _, _ = cli(capsys, "extract", "border.txt", "--db", db, "-q")
    assert code == 0
    before = store_state(db)
    assert before[0] == 1 and before[1] > 0

    code, out, err = cli(capsys, "extract", *bad, "--db", db, "--format", "jsonl")
    assert code == 1
    assert out == ""
    assert_one_error_each(err, bad)
    assert "Traceback" not in err
    assert store_state(db) == before

    # The installed script: exit code 1, an error per file, no traceback.
    proc = run_script("extract", *bad, "--db", str(db), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert_one_error_each(proc.stderr, bad)
    assert store_state(db) == before

    # Bad files beside a known one: still nothing added twice.
    code, _, err = cli(capsys, "extract", "border.txt", *bad, "--db", db, "--format", "jsonl")
    assert code == 0
    assert "+0 documents, +0 events" in flat(err)
    assert store_state(db) == before


@pytest.mark.slow
def test_stdin_through_the_console_script(tmp_path: Path) -> None:
    text = "Georgia accused Russia of shelling villages near Tskhinvali on Friday.\n"
    proc = run_script(
        "extract",
        "-",
        "--no-store",
        "--format",
        "jsonl",
        "--date",
        "2008-08-08",
        stdin=text,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    events = jsonl(proc.stdout)
    assert events
    assert {e["doc"] for e in events} == {"-"}
    assert any(e["type"] == "ACCUSE" for e in events)


# --------------------------------------------------------------------------- extract: --dict


@pytest.mark.slow
def test_user_dictionary_adds_a_state(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    Path("freedonia.txt").write_text(FREEDONIA_TEXT, encoding="utf-8")
    Path("freedonia.yaml").write_text(
        "actors:\n  - {text: Freedonia, country: FRE}\n", encoding="utf-8"
    )
    args = ["extract", "freedonia.txt", "--no-store", "--format", "jsonl"]

    code, out, _ = cli(capsys, *args)
    assert code == 0
    assert not any(a["code"] == "FRE" for e in jsonl(out) for a in e["source"])

    code, out, _ = cli(capsys, *args, "--dict", "freedonia.yaml")
    assert code == 0
    sources = [a for e in jsonl(out) for a in e["source"]]
    assert any(a["code"] == "FRE" and a["country"] == "FRE" for a in sources), out


def test_missing_user_dictionary_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    Path("border.txt").write_text(GOOD_TEXT, encoding="utf-8")
    code, out, err = cli(capsys, "extract", "border.txt", "--no-store", "--dict", "nope.yaml")
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "nope.yaml" in lines[0]


# --------------------------------------------------------------------------- eval


def _span(text: str, word: str) -> dict[str, Any]:
    start = text.index(word)
    return {"start": start, "end": start + len(word), "text": word}


def _actor(text: str, word: str, country: str) -> dict[str, Any]:
    return {
        "code": country,
        "country": country,
        "sector": None,
        "span_exact": True,
        "actor_text": word,
        **_span(text, word),
    }


def _record(
    n: int,
    text: str,
    type_: str,
    trigger: str,
    source: tuple[str, str],
    target: tuple[str, str],
    reciprocal: bool = False,
) -> dict[str, Any]:
    doc_id = f"CLI-TEST-{type_}-{n:04d}"
    return {
        "schema": "evalset/1",
        "dataset": "plover_gsr",
        "doc_id": doc_id,
        "split": "dev",
        "lang": "en",
        "text": text,
        "gold": ["event_types", "event_actors"],
        "meta": {"coder": "realpolitik tests"},
        "events": [
            {
                "id": f"{doc_id}-E1",
                "type": type_,
                "orig_type": type_,
                "trigger": _span(text, trigger),
                "source": [_actor(text, *source)],
                "target": [_actor(text, *target)],
                "reciprocal": reciprocal,
                "modality": None,
            }
        ],
    }


def _evalset() -> list[dict[str, Any]]:
    t1 = "Poland condemned Russia on Tuesday for the missile strike near its border."
    t2 = "Japan and India signed a defence agreement in Tokyo on Monday."
    t3 = "Brazil sent food aid to Haiti after the earthquake."
    return [
        _record(1, t1, "ACCUSE", "condemned", ("Poland", "POL"), ("Russia", "RUS")),
        _record(2, t2, "AGREE", "signed", ("Japan", "JPN"), ("India", "IND"), reciprocal=True),
        _record(3, t3, "AID", "sent", ("Brazil", "BRA"), ("Haiti", "HTI")),
    ]


def test_eval_prints_and_writes_a_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    gold = Path("gold.jsonl")
    gold.write_text("".join(json.dumps(r) + "\n" for r in _evalset()), encoding="utf-8")
    code, out, err = cli(capsys, "eval", gold, "--report", Path("reports") / "r.json")
    assert code == 0, err
    assert "plover_gsr" in out and "event_types" in out and "event_actors" in out
    report = json.loads((tmp_path / "reports" / "r.json").read_text("utf-8"))
    assert report["n_records"] == 3
    assert report["dataset"] == "plover_gsr"
    assert list(report["layers"]) == ["event_types", "event_actors"]


def test_eval_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = cli(capsys, "eval", "missing.jsonl")
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "missing.jsonl" in lines[0]


def test_eval_malformed_jsonl(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = json.dumps(_evalset()[0])
    Path("m.jsonl").write_text(good + '\n{"schema": "evalset/1", "doc_id"\n', encoding="utf-8")
    code, out, err = cli(capsys, "eval", "m.jsonl")
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    assert "m.jsonl:2" in lines[0] and "bad JSON" in lines[0]


# --------------------------------------------------------------------------- error lines


def test_each_error_is_one_line_even_when_long(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    Path("latin1.txt").write_bytes(LATIN1_BYTES)
    Path("border.txt").write_text(GOOD_TEXT, encoding="utf-8")
    code, _, err = cli(capsys, "extract", "latin1.txt", "border.txt", "--no-store", "-q")
    assert code == 0
    assert err.strip().splitlines() == error_lines(err)


def test_error_names_a_file_with_brackets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    Path("notes[draft].txt").write_bytes(b"")
    code, _, err = cli(capsys, "extract", "notes[draft].txt", "--no-store", "-q")
    assert code == 1
    assert "notes[draft].txt" in err


def test_missing_path_with_markup_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    Path("border.txt").write_text(GOOD_TEXT, encoding="utf-8")
    code, out, err = cli(
        capsys, "extract", "old[/x].txt", "border.txt", "--no-store", "--format", "jsonl"
    )
    assert code == 0
    assert jsonl(out)
    assert "old[/x].txt" in err


def test_export_formats_and_filters(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    code, _, _ = cli(capsys, "ingest", str(example_path()), "--db", str(db), "-q")
    assert code == 0
    code, out, err = cli(capsys, "export", "--db", str(db), "--format", "jsonl", "--country", "ARM")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all("ARM" in json.dumps(r) for r in rows)
    code, out, _ = cli(capsys, "export", "--db", str(db), "--format", "gdelt")
    assert code == 0 and all(len(line.split("\t")) == 61 for line in out.splitlines())
    parquet = tmp_path / "e.parquet"
    code, _, _ = cli(capsys, "export", "--db", str(db), "--format", "parquet", "-o", str(parquet))
    assert code == 0 and parquet.stat().st_size > 0
    code, _, err = cli(capsys, "export", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and err.count("\n") == 1 and "no store" in err


def test_python_dash_m_runs_the_same_command_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "realpolitik", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and "extract" in done.stdout
