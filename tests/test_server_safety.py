"""Issue 18, the server's side: reads robust to what is stored (an article dated
9999-12-31), extreme dates in parameters, a size-and-time budget for posts, CORS and
security headers, and the CLI working through a server that holds its store."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from realpolitik.cli import main
from realpolitik.errors import ServerError
from realpolitik.model import Document, DocumentResult
from realpolitik.pipeline import Pipeline
from realpolitik.server import ServerSettings, create_app
from realpolitik.server.backend import Backend, Busy, WorkTimeout
from realpolitik.server.client import info_path
from realpolitik.server.security import CSP
from realpolitik.store.duckdb_store import EventStore

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BASE = "http://localhost"
TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WAR = "Russia attacked Ukraine with missiles. Ukraine condemned Russia after the strikes."
TALKS = "Japan and South Korea signed a fisheries agreement in Tokyo."


def _settings(db: Path, **kwargs: Any) -> ServerSettings:
    kwargs.setdefault("token", None)
    return ServerSettings(db=db, **kwargs)


# --------------------------------------------------------------------------- 9999-12-31


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    """A store with a good article and one dated 9999-12-31 (written by the store, as a
    store made before the door was guarded holds it)."""
    db = tmp_path_factory.mktemp("poisoned") / "events.duckdb"
    docs = [
        Document("good.txt", WAR, date=date(2021, 3, 2)),
        Document("bad.txt", WAR + " Talks failed.", date=date(9999, 12, 31)),
        Document("early.txt", WAR + " Again.", date=date(2021, 3, 3)),
    ]
    with EventStore.open(db) as store:
        for result in pipeline.run(docs):
            store.write(result)
        con = store.connection  # a day the merge cannot even compute with, put by hand
        con.execute("UPDATE documents SET date = DATE '0001-01-01' WHERE doc_id = 'early.txt'")
        con.execute(
            "UPDATE events SET date_value = '0001-01-01' WHERE doc_key IN "
            "(SELECT doc_key FROM documents WHERE doc_id = 'early.txt')"
        )
        row = con.execute("SELECT max(date), min(date) FROM documents").fetchone()
    assert row == (date(9999, 12, 31), date(1, 1, 1))
    return db


def test_an_article_dated_9999_does_not_poison_the_reads(
    poisoned: Path, pipeline: Pipeline
) -> None:
    app = create_app(_settings(poisoned), pipeline=pipeline)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        for path in (
            "/brief",
            "/brief?format=markdown",
            "/dyads/RUS/UKR",
            "/dyads/RUS/UKR?by=day",
            "/dyads/RUS/UKR?by=week&since=2021-01-01",
            "/dyads/RUS/UKR?until=2021-12-31",
            "/blocs",
            "/relations/RUS",
            "/events",
            "/health",
        ):
            response = client.get(path)
            assert response.status_code == 200, (path, response.text)
        series = client.get("/dyads/RUS/UKR").json()["series"]
        assert [p["period"] for p in series] == ["2021-03"]  # the years to 9999 left out
        assert client.get("/brief").json()["window"]["end"] == "2021-03-02"
        assert client.get("/events").json()["total"] >= 3  # the rows are still listed


def test_the_cli_brief_and_dyad_read_a_poisoned_store(
    poisoned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dyad", "RUS", "UKR", "--db", str(poisoned), "--format", "json"]) == 0
    assert "2021-03" in capsys.readouterr().out
    assert main(["brief", "--since", "2021-02-01", "--db", str(poisoned)]) == 0
    assert main(["brief", "--since", "0001-01-01", "--db", str(poisoned)]) == 1
    assert "outside 1800-01-01" in capsys.readouterr().err


def test_extreme_dates_in_parameters_are_400(poisoned: Path, pipeline: Pipeline) -> None:
    app = create_app(_settings(poisoned), pipeline=pipeline)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        for path in (
            "/dyads/RUS/UKR?since=0001-01-01",
            "/dyads/RUS/UKR?until=9999-12-31",
            "/brief?since=0001-01-01",
            "/brief?until=9999-12-31",
            "/events?since=0001-01-01",
            "/events?until=9999-12-31",
            "/blocs?since=0001-01-01",
            "/relations/RUS?until=9999-12-31",
            "/blocs?period=9999",
            "/blocs?period=0001",
            "/blocs?period=9999-Q4",
        ):
            response = client.get(path)
            assert response.status_code == 400, (path, response.text)
            assert "outside 1800-01-01..2199-12-31" in response.json()["detail"], path


# --------------------------------------------------------------------------- budgets


class _SlowPipeline:
    """The real pipeline, except on a text with SLOW: then pure Python that never ends."""

    def __init__(self, real: Pipeline) -> None:
        self.real = real
        self.slow_started = threading.Event()

    def run(self, docs: Iterable[Document], **kwargs: Any) -> Iterator[DocumentResult]:
        for doc in docs:
            if "SLOW" in doc.text:
                self.slow_started.set()
                n = 0
                while True:  # stoppable only by an exception raised in this thread
                    n += 1
            yield from self.real.run([doc], **kwargs)


def test_a_text_over_the_character_budget_is_413(tmp_path: Path, pipeline: Pipeline) -> None:
    app = create_app(_settings(tmp_path / "c.duckdb", max_chars=200), pipeline=pipeline)
    with TestClient(app, base_url=BASE) as client:
        long = WAR + " " + "The talks went on. " * 20
        for path in ("/extract", "/ingest"):
            response = client.post(path, json={"text": long})
            assert response.status_code == 413, response.text
            assert "over the 200 a post may have" in response.json()["detail"]
        assert client.post("/extract", json={"text": WAR}).status_code == 200
        assert client.get("/health").json()["documents"] == 0


def test_the_extract_answer_is_capped_and_says_so(tmp_path: Path, pipeline: Pipeline) -> None:
    app = create_app(_settings(tmp_path / "x.duckdb", max_extract_items=1), pipeline=pipeline)
    with TestClient(app, base_url=BASE) as client:
        body = client.post("/extract", json={"text": WAR + " " + TALKS}).json()
        assert len(body["events"]) == 1 and len(body["places"]) <= 1
        assert body["truncated"]["limit"] == 1 and body["truncated"]["events"] >= 3
        whole = create_app(_settings(tmp_path / "y.duckdb"), pipeline=pipeline)
    with TestClient(whole, base_url=BASE) as client:
        assert "truncated" not in client.post("/extract", json={"text": WAR}).json()


@pytest.mark.slow
def test_an_extraction_past_the_time_limit_is_stopped_and_frees_the_thread(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    slow = _SlowPipeline(pipeline)
    settings = _settings(tmp_path / "t.duckdb", work_timeout=1.0)
    app = create_app(settings, pipeline=slow)  # type: ignore[arg-type]
    with TestClient(app, base_url=BASE) as client:
        started = time.monotonic()
        response = client.post("/extract", json={"text": "SLOW " + WAR})
        assert response.status_code == 503, response.text
        assert "ran past the 1 s limit" in response.json()["detail"]
        assert time.monotonic() - started < 10
        response = client.post("/ingest", json={"text": "SLOW " + TALKS})
        assert response.status_code == 503
        # The write thread is free again: the next ingest runs at once and is stored.
        started = time.monotonic()
        response = client.post("/ingest", json={"text": WAR, "date": "2021-03-02"})
        assert response.status_code == 200 and response.json()["new"], response.text
        assert time.monotonic() - started < 10
        assert client.get("/health").json()["documents"] == 1


def test_an_abandoned_extraction_is_stopped(tmp_path: Path, pipeline: Pipeline) -> None:
    slow = _SlowPipeline(pipeline)
    backend = Backend(_settings(tmp_path / "a.duckdb", work_timeout=60), slow)  # type: ignore[arg-type]
    backend.open()
    try:

        async def run() -> None:
            gone = False

            async def is_gone() -> bool:
                return gone

            task = asyncio.ensure_future(
                backend.extract(Document("-", "SLOW " + WAR), gone=is_gone)
            )
            while not slow.slow_started.is_set():
                await asyncio.sleep(0.05)
            gone = True  # the client went away
            with pytest.raises(WorkTimeout):
                await task
            result = await asyncio.wait_for(backend.extract(Document("-", WAR)), 30)
            assert result.events

        started = time.monotonic()
        asyncio.run(run())
        assert time.monotonic() - started < 30
    finally:
        backend.close()


@pytest.mark.slow
def test_posts_wait_in_a_bounded_queue(tmp_path: Path, pipeline: Pipeline) -> None:
    slow = _SlowPipeline(pipeline)
    settings = _settings(tmp_path / "b.duckdb", work_timeout=2.0, max_waiting_writes=1)
    backend = Backend(settings, slow)  # type: ignore[arg-type]
    backend.open()
    try:

        async def run() -> None:
            first = asyncio.ensure_future(backend.extract(Document("-", "SLOW " + WAR)))
            while not slow.slow_started.is_set():
                await asyncio.sleep(0.05)
            second = asyncio.ensure_future(backend.extract(Document("-", WAR)))
            await asyncio.sleep(0.1)
            with pytest.raises(Busy, match="1 posts already wait"):
                await backend.extract(Document("-", TALKS))
            with pytest.raises(WorkTimeout):
                await first
            assert (await second).events

        asyncio.run(run())
    finally:
        backend.close()


def test_the_busy_and_timeout_answers_of_posts_are_503_with_one_line(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    app = create_app(_settings(tmp_path / "m.duckdb"), pipeline=pipeline)
    with TestClient(app, base_url=BASE) as client:
        schema = client.get("/openapi.json").json()
        assert "truncated" in schema["components"]["schemas"]["Extraction"]["properties"]


# --------------------------------------------------------------------------- CORS, headers


def test_cors_star_is_refused_without_a_token(tmp_path: Path) -> None:
    with pytest.raises(ServerError, match=r"refusing --cors '\*' without a token"):
        _settings(tmp_path / "e.duckdb", cors_origins=("*",)).check()
    _settings(tmp_path / "e.duckdb", cors_origins=("*",), token=TOKEN).check()
    _settings(tmp_path / "e.duckdb", cors_origins=("http://localhost:5173",)).check()


def test_serve_with_cors_star_and_no_token_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REALPOLITIK_TOKEN", raising=False)
    assert main(["serve", "--db", str(tmp_path / "s.duckdb"), "--cors", "*"]) == 1
    err = capsys.readouterr().err
    assert "refusing --cors '*' without a token" in err and len(err.strip().splitlines()) <= 2


def test_every_answer_has_the_security_headers(tmp_path: Path, pipeline: Pipeline) -> None:
    app = create_app(_settings(tmp_path / "h.duckdb", max_body_bytes=100), pipeline=pipeline)
    with TestClient(app, base_url=BASE) as client:
        answers = [
            client.get("/"),
            client.get("/health"),
            client.get("/events/nope"),
            client.get("/events?limit=-1"),
            client.post("/extract", json={"text": "x" * 500}),  # 413 from the body limit
            client.get("/openapi.json"),
            client.get("/static/dashboard.js"),
        ]
        for response in answers:
            assert response.headers["x-content-type-options"] == "nosniff", response.url
            policy = response.headers["content-security-policy"]
            assert "frame-ancestors 'none'" in policy, response.url
            assert response.headers["x-frame-options"] == "DENY"
        assert "script-src 'self';" in answers[0].headers["content-security-policy"]
        docs = client.get("/docs")
        assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]


def test_the_dashboard_keeps_its_own_policy() -> None:
    """No inline script, event handler or style attribute in the page: ``script-src 'self'``
    holds (styles are allowed inline for the chart library's tooltips only)."""
    static = Path(__file__).resolve().parents[1] / "src" / "realpolitik" / "server" / "static"
    page = (static / "index.html").read_text("utf-8")
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag, tag
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", page)
    assert not re.search(r"\son[a-z]+\s*=", page)
    assert "<style" not in page
    script = (static / "dashboard.js").read_text("utf-8")
    assert "eval(" not in script and "new Function" not in script
    assert "script-src 'self';" in CSP and "'unsafe-eval'" not in CSP


# --------------------------------------------------------------------------- CLI and server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``realpolitik serve`` on a new store, on 127.0.0.1 and a free port, stopped after."""
    db = tmp_path / "held.duckdb"
    port = _free_port()
    env = {**os.environ, "REALPOLITIK_TOKEN": TOKEN}
    command = [sys.executable, "-m", "realpolitik.cli", "serve", "--db", str(db)]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                httpx.get(f"{url}/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        yield db, url
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert server.returncode == 0, err
    assert not info_path(db).exists()  # removed on shutdown


@pytest.mark.slow
def test_the_cli_works_through_a_server_that_holds_the_store(
    served: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, url = served
    info = info_path(db)
    assert info.exists() and stat.S_IMODE(info.stat().st_mode) == 0o600
    assert json.loads(info.read_text())["url"] == url
    with pytest.raises(Exception, match="locked"):
        EventStore.open(db)  # the server holds it
    news = tmp_path / "news"
    news.mkdir()
    (news / "war.txt").write_text(f"Date: 2021-03-02\n\n{WAR}\n", "utf-8")
    (news / "talks.txt").write_text(f"Date: 2021-05-20\n\n{TALKS}\n", "utf-8")

    assert main(["ingest", str(news), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "held by realpolitik serve" in err and "+2 documents" in err
    assert httpx.get(f"{url}/health").json()["documents"] == 2
    assert main(["ingest", str(news), "--db", str(db)]) == 0  # again: nothing new
    assert "+0 documents" in capsys.readouterr().err

    out = tmp_path / "events.jsonl"
    assert main(["export", "--db", str(db), "--format", "jsonl", "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == httpx.get(f"{url}/events").json()["total"] >= 3
    assert main(["export", "--db", str(db), "--format", "csv", "--type", "nonsense"]) != 0
    capsys.readouterr()

    assert main(["brief", "--since", "2021-03-01", "--db", str(db), "--format", "json"]) == 0
    brief = json.loads(capsys.readouterr().out)
    assert brief["window"]["start"] == "2021-03-01" and brief["actors"] == "all"
    governments = ["brief", "--since", "2021-03-01", "--db", str(db), "--governments-only"]
    assert main([*governments, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["actors"] == "state"
    assert main([*governments[:-1], "--actors", "rebels"]) == 2  # checked before it is sent
    said = capsys.readouterr().err.strip().splitlines()[-1]
    assert said == "error: actors must be all or state, not 'rebels'"


def test_a_stale_server_file_is_ignored(tmp_path: Path, pipeline: Pipeline) -> None:
    db = tmp_path / "stale.duckdb"
    with EventStore.open(db) as store:
        store.write(next(pipeline.run([Document("a.txt", WAR, date=date(2021, 3, 2))])))
    info = info_path(db)
    info.write_text(json.dumps({"pid": 2**22 + 7, "url": "http://127.0.0.1:9", "store": str(db)}))
    os.chmod(info, 0o600)
    assert main(["brief", "--since", "2021-03-01", "--db", str(db)]) == 0
