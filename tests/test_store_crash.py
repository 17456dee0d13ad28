"""Crash safety: a writer killed with SIGKILL at any moment, then run again, ends with the
same store as a run that was never interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from realpolitik.model import DocumentResult
from realpolitik.store.duckdb_store import EventStore

from .test_store_synthetic import FIXED_NOW, synthetic_results
from .test_store_v2 import dump, write_all

WRITER = Path(__file__).with_name("test_store_synthetic.py")
TIMEOUT = 300

# Each test runs and kills a writer process: seconds each, so `slow`.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]


class Writer:
    """The synthetic writer in a child process, read line by line."""

    def __init__(self, store: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(store), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.watchdog = threading.Timer(TIMEOUT, self.proc.kill)
        self.watchdog.start()
        self.lines: list[str] = []

    def wait_for(self, wanted: str) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.strip())
            if line.strip() == wanted:
                return
        self.finish()
        raise AssertionError(f"writer ended without printing {wanted!r}: {self.lines[-3:]}")

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.watchdog.cancel()
        assert self.proc.returncode == -signal.SIGKILL

    def finish(self) -> None:
        _, err = self.proc.communicate()
        self.watchdog.cancel()
        assert self.proc.returncode == 0, err[-2000:]


@pytest.fixture(scope="module")
def results() -> list[DocumentResult]:
    return synthetic_results(40)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, results: list[DocumentResult]) -> dict:
    path = tmp_path_factory.mktemp("reference") / "events.duckdb"
    write_all(path, results)
    return dump(path)


def check_consistent(path: Path, results: list[DocumentResult]) -> int:
    """Every stored document is whole, written in order, and merged events add up."""
    by_key = {r.document.content_hash: i for i, r in enumerate(results)}
    with EventStore.open(path, clock=lambda: FIXED_NOW) as store:
        con = store.connection
        stored = sorted(
            by_key[k] for (k,) in con.execute("SELECT doc_key FROM documents").fetchall()
        )
        assert stored == list(range(len(stored)))  # a prefix of the run, no gaps
        for index in stored:
            result = results[index]
            key = result.document.content_hash
            for table, expected in (
                ("events", len(result.events)),
                ("transfers", len(result.transfers)),
                ("indicators", len(result.indicators)),
                ("toponyms", len(result.toponyms)),
            ):
                got = con.execute(f"SELECT count(*) FROM {table} WHERE doc_key = ?", [key])
                assert got.fetchone() == (expected,), (table, index)
        orphans = con.execute(
            "SELECT count(*) FROM events e LEFT JOIN merged_events m USING (merged_id) "
            "WHERE m.merged_id IS NULL"
        ).fetchone()
        assert orphans == (0,)
        totals = con.execute(
            "SELECT (SELECT coalesce(sum(n_mentions), 0) FROM merged_events), "
            "(SELECT count(*) FROM events)"
        ).fetchone()
        assert totals is not None and totals[0] == totals[1]
    return len(stored)


def test_killed_between_documents_then_resumed(
    tmp_path: Path, results: list[DocumentResult], reference: dict
) -> None:
    path = tmp_path / "events.duckdb"
    done = 0
    for kill_after, delay in ((3, 0.0), (17, 0.004), (29, 0.012)):
        writer = Writer(path)
        writer.wait_for(f"done {kill_after}")
        time.sleep(delay)  # land anywhere in the next document's write
        writer.kill()
        stored = check_consistent(path, results)
        assert stored >= kill_after + 1 >= done
        done = stored
    writer = Writer(path)
    writer.wait_for("finished")
    writer.finish()
    assert dump(path) == reference


def test_killed_inside_a_transaction_then_resumed(
    tmp_path: Path, results: list[DocumentResult], reference: dict
) -> None:
    path = tmp_path / "events.duckdb"
    writer = Writer(path, "--pause-in", "20")
    writer.wait_for("inside 20")  # every row of document 20 written, not committed
    writer.kill()
    assert check_consistent(path, results) == 20
    writer = Writer(path)
    writer.wait_for("finished")
    writer.finish()
    assert dump(path) == reference


def test_killed_while_opening_then_resumed(
    tmp_path: Path, results: list[DocumentResult], reference: dict
) -> None:
    path = tmp_path / "events.duckdb"
    writer = Writer(path)
    writer.wait_for("opened")
    writer.kill()
    writer = Writer(path)
    writer.wait_for("finished")
    writer.finish()
    assert dump(path) == reference
