"""The REST API of ``realpolitik serve``: every endpoint, its limits, auth and safety.

Most tests use FastAPI's TestClient on a store filled through ``POST /ingest`` with the
articles below (invented for these tests); one starts the real ``realpolitik serve``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from realpolitik.cli import main
from realpolitik.errors import ServerError
from realpolitik.pipeline import Pipeline
from realpolitik.server import ServerSettings, create_app
from realpolitik.server import queries as server_queries
from realpolitik.server.backend import Backend, Busy, QueryTimeout, ResponseCache

with warnings.catch_warnings():  # Starlette asks for httpx2 in its test client; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BASE = "http://localhost"

# Invented articles: (date, text). Together: JPN-KOR cooperation in March and May, a North
# Korean threat in April, a planned and a speculative and a negated event in May and June.
ARTICLES: tuple[tuple[str, str], ...] = (
    (
        "2021-03-02",
        "Japan and South Korea signed a fisheries agreement in Tokyo on Tuesday. The Japanese "
        "foreign minister met his South Korean counterpart in Tokyo. China criticised Japan "
        "over the disputed islands.",
    ),
    (
        "2021-04-15",
        "North Korea threatened South Korea with missile strikes. South Korea condemned North "
        "Korea after the launch. Japan imposed sanctions on North Korea.",
    ),
    (
        "2021-05-20",
        "Japan and South Korea held talks in Seoul on trade. China and Russia agreed to expand "
        "military cooperation in Beijing.",
    ),
    (
        "2021-06-08",
        "South Korea might recall its ambassador from China, officials said. Japan did not "
        "accuse China of espionage.",
    ),
)
HEADERED = (
    "Title: Fisheries accord\nDate: 2021-03-02\n\n"
    "Japan and South Korea signed a fisheries agreement in Tokyo on Tuesday."
)
INJECTIONS = (
    "' OR 1=1 --",
    "KOR') OR ('1'='1",
    "x'; DROP TABLE events; --",
    '" OR ""="',
    "%' OR '%'='",
    "KOR\x00",
)


def _settings(db: Path, **kwargs: Any) -> ServerSettings:
    kwargs.setdefault("token", None)
    return ServerSettings(db=db, **kwargs)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[TestClient]:
    """A server with a token, on loopback, holding the four articles."""
    db = tmp_path_factory.mktemp("server") / "events.duckdb"
    app = create_app(_settings(db, token=TOKEN), pipeline=pipeline)
    with TestClient(app, base_url=BASE) as test_client:
        for day, text in ARTICLES:
            response = test_client.post("/ingest", json={"text": text, "date": day}, headers=AUTH)
            assert response.status_code == 200, response.text
        yield test_client


@pytest.fixture()
def scratch(tmp_path: Path, pipeline: Pipeline) -> Iterator[TestClient]:
    """A server without a token on an empty store of its own."""
    app = create_app(_settings(tmp_path / "scratch.duckdb"), pipeline=pipeline)
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client


def _all(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/events", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    return response.json()


def _keys(page: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (e["type"], e["source"]["code"] if e["source"] else "", e["target"]["code"])
        for e in page["items"]
    }


# --------------------------------------------------------------------------- reading


def test_health_counts_documents_and_events(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body == {"status": "ok", "documents": 4, "events": body["events"]}
    assert body["events"] == _all(client)["total"] >= 10


def test_events_have_the_contract_fields(client: TestClient) -> None:
    page = client.get("/events", params={"limit": 1}).json()
    assert set(page) == {"total", "limit", "offset", "items"}
    event = page["items"][0]
    assert set(event) >= {
        "id", "doc_id", "date", "date_precision", "type", "cameo", "cameo_name", "goldstein",
        "quad_class", "source", "target", "modality", "claimant", "place", "sentence",
        "trigger", "confidence",
    }  # fmt: skip
    assert set(event["source"]) == {"code", "country", "sector", "text", "igo"}
    assert event["date"] == "2021-06-08"  # newest first


def test_event_filters(client: TestClient) -> None:
    kor = _all(client, actor="KOR")
    assert kor["total"] == len(kor["items"]) > 0
    assert all("KOR" in (e["source"]["country"], e["target"]["country"]) for e in kor["items"])
    pair = _all(client, actor="JPN", partner="KOR")
    assert {e["type"] for e in pair["items"]} == {"SUPPORT", "CONSULT"}
    assert pair["total"] == 3
    assert _keys(_all(client, source="PRK")) == {("THREATEN", "PRK", "KOR")}
    assert {k[0] for k in _keys(_all(client, target="PRK"))} == {"ACCUSE", "SANCTION"}
    types = _all(client, type=["THREATEN", "SANCTION"])
    assert {e["type"] for e in types["items"]} == {"THREATEN", "SANCTION"}
    assert [e["type"] for e in _all(client, modality="negated")["items"]] == ["ACCUSE"]
    # "might recall" only: "agreed to expand military cooperation" is one agreement, made
    doubtful = _all(client, modality=["planned", "speculative"])["items"]
    assert [e["modality"] for e in doubtful] == ["speculative"]
    april = _all(client, since="2021-04-01", until="2021-04-30")
    assert april["total"] == 3 and {e["date"] for e in april["items"]} == {"2021-04-15"}
    tokyo = _all(client, place="tokyo")
    assert tokyo["total"] == 2 and all(e["place"]["name"] == "Tokyo" for e in tokyo["items"])
    assert _all(client, place="KOR")["total"] == 1  # the talks in Seoul
    assert [e["trigger"] for e in _all(client, q="MISSILE")["items"]] == ["threatened"]
    assert _all(client, actor="JPN", q="islands", type="ACCUSE")["total"] == 1


def test_pagination_and_its_limits(client: TestClient) -> None:
    total = _all(client)["total"]
    seen: list[str] = []
    for offset in range(0, total, 3):
        page = client.get("/events", params={"limit": 3, "offset": offset}).json()
        assert page["total"] == total and page["limit"] == 3 and page["offset"] == offset
        seen += [e["id"] for e in page["items"]]
    assert len(seen) == len(set(seen)) == total
    assert client.get("/events", params={"offset": total}).json()["items"] == []
    assert client.get("/events", params={"limit": 500}).status_code == 200
    for params in ({"limit": 501}, {"limit": -1}, {"offset": -1}, {"limit": "many"}):
        response = client.get("/events", params=params)
        assert response.status_code == 422, params
        assert isinstance(response.json()["detail"], str)
    assert "500" in client.get("/events", params={"limit": 501}).json()["detail"]


def test_bad_filters_are_one_line_errors(client: TestClient) -> None:
    for params, status in (
        ({"type": "PARTY"}, 400),
        ({"modality": "hopeful"}, 400),
        ({"since": "2021-13-01"}, 422),
        ({"since": "2021-05-01", "until": "2021-04-01"}, 400),
        ({"actor": "X" * 300}, 422),
    ):
        response = client.get("/events", params=params)
        assert response.status_code == status, (params, response.text)
        detail = response.json()["detail"]
        assert isinstance(detail, str) and "\n" not in detail and "Traceback" not in detail


def test_event_detail_has_evidence_and_document(client: TestClient) -> None:
    first = _all(client, type="THREATEN")["items"][0]
    event = client.get(f"/events/{first['id']}").json()
    assert {k: event[k] for k in first} == first
    evidence, document = event["evidence"], event["document"]
    assert document["id"] == event["doc_id"] == evidence["doc_id"]
    assert document["date"] == "2021-04-15" and document["url"] is None
    text = client.get(f"/documents/{document['id']}").json()["text"]
    assert text[evidence["trigger_start"] : evidence["trigger_end"]] == "threatened"
    assert text[evidence["sentence_start"] : evidence["sentence_end"]] == evidence["sentence"]
    assert evidence["rule"]
    missing = client.get("/events/0000000000000000")
    assert missing.status_code == 404 and "0000000000000000" in missing.json()["detail"]


def test_document_offsets_point_into_its_text(client: TestClient) -> None:
    doc_id = _all(client, q="fisheries")["items"][0]["doc_id"]
    doc = client.get(f"/documents/{doc_id}").json()
    assert doc["id"] == doc_id and doc["date"] == "2021-03-02"
    assert doc["text"].startswith("Japan and South Korea signed")
    triggers = [doc["text"][e["trigger_start"] : e["trigger_end"]] for e in doc["events"]]
    assert triggers == ["signed", "met", "criticised"]
    assert doc["events"][0]["source_code"] == "JPN"
    by_name = client.get(f"/documents/{doc['name']}").json()
    assert by_name["id"] == doc_id
    assert client.get("/documents/no/such/document").status_code == 404


# --------------------------------------------------------------------------- relations


def test_dyad_series(client: TestClient) -> None:
    body = client.get("/dyads/JPN/KOR", params={"by": "month"}).json()
    assert (body["a"], body["b"], body["by"]) == ("JPN", "KOR", "month")
    assert [p["period"] for p in body["series"]] == ["2021-03", "2021-04", "2021-05"]
    assert [p["n_events"] for p in body["series"]] == [2, 0, 1]
    first = body["series"][0]
    assert first["start"] == "2021-03-01" and first["score"] > 0
    assert first["verbal_cooperation"] + first["material_cooperation"] == 2
    assert body["series"][1]["index"] is None
    assert body["index"]["n_events"] == 3 and body["index"]["trend"]
    week = client.get("/dyads/jpn/kor", params={"by": "week", "since": "2021-03-01"}).json()
    assert week["series"][0]["period"] == "2021-W09"
    window = client.get("/dyads/JPN/KOR", params={"since": "2021-05-01", "until": "2021-05-31"})
    assert [p["n_events"] for p in window.json()["series"]] == [1]
    assert client.get("/dyads/JPN/KOR", params={"by": "decade"}).status_code == 422
    for window in ({"since": "1800-01-01"}, {"until": "2199-12-31"}):
        too_long = client.get("/dyads/JPN/KOR", params={"by": "day", **window})
        assert too_long.status_code == 400 and "coarser" in too_long.json()["detail"]
    for window in ({"since": "1000-01-01"}, {"until": "3000-01-01"}):  # issue 18: out of range
        too_early = client.get("/dyads/JPN/KOR", params={"by": "year", **window})
        assert too_early.status_code == 400 and "outside" in too_early.json()["detail"]
    year = client.get("/dyads/JPN/KOR", params={"by": "year", "since": "1800-01-01"})
    assert len(year.json()["series"]) == 222


def test_blocs(client: TestClient) -> None:
    body = client.get("/blocs", params={"period": "2021"}).json()
    assert body["period"] == "2021" and body["modularity"] is not None
    members = {c: b["bloc"] for b in body["blocs"] for c in b["countries"]}
    assert members["JPN"] == members["KOR"] != members["PRK"]
    assert {"a", "b", "score", "n_events"} <= set(body["edges"][0])
    empty = client.get("/blocs", params={"period": "1999"}).json()
    assert empty["blocs"] == [] and empty["edges"] == []
    assert client.get("/blocs", params={"period": "someday"}).status_code == 400


def test_relations_of_an_actor(client: TestClient) -> None:
    body = client.get("/relations/JPN").json()
    scores = {p["country"]: p["score"] for p in body["partners"]}
    assert body["actor"] == "JPN" and scores["KOR"] > 0 > scores["PRK"]
    assert set(scores) >= {"KOR", "PRK", "CHN"}
    assert client.get("/relations/JPNGOV").json()["country"] == "JPN"
    assert client.get("/relations/ZZZQ").status_code == 404


def test_brief_as_json_and_markdown(client: TestClient) -> None:
    body = client.get("/brief", params={"since": "2021-04-01", "until": "2021-06-30"}).json()
    assert body["window"]["start"] == "2021-04-01" and body["totals"]["stories"] > 0
    markdown = client.get("/brief", params={"since": "2021-04-01", "format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# ")
    assert client.get("/brief").status_code == 200  # the last 30 days of the store
    assert client.get("/brief", params={"actor": "KOR", "since": "2021-01-01"}).json()["actor"]


# --------------------------------------------------------------------------- writing


def test_extract_answers_offsets_into_the_posted_text_and_stores_nothing(
    client: TestClient,
) -> None:
    before = client.get("/health").json()
    response = client.post("/extract", json={"text": HEADERED}, headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["document"] == {"title": "Fisheries accord", "date": "2021-03-02"}
    event = body["events"][0]
    assert event["type"] == "SUPPORT" and event["doc_id"] is None
    ev = event["evidence"]
    assert HEADERED[ev["trigger_start"] : ev["trigger_end"]] == "signed"
    assert HEADERED[ev["sentence_start"] : ev["sentence_end"]] == ev["sentence"]
    tokyo = next(p for p in body["places"] if p["text"] == "Tokyo")
    assert HEADERED[tokyo["start"] : tokyo["end"]] == "Tokyo" and tokyo["reading"] == "place"
    assert tokyo["name"] == "Tokyo" and tokyo["country"] == "JPN" and tokyo["lat"]
    tuesday = body["dates"][0]
    assert HEADERED[tuesday["start"] : tuesday["end"]] == "Tuesday"
    assert tuesday["value"] == "2021-03-02"
    assert client.get("/health").json() == before


def test_ingest_twice_is_idempotent(client: TestClient) -> None:
    before = client.get("/health").json()
    day, text = ARTICLES[0]
    again = client.post("/ingest", json={"text": text, "date": day}, headers=AUTH).json()
    assert again["new"] is False and again["events"] == 3 and len(again["doc_id"]) == 64
    assert client.get("/health").json() == before


def test_ingest_keeps_url_title_and_source(scratch: TestClient) -> None:
    body = {
        "text": ARTICLES[1][1],
        "date": "2021-04-15",
        "title": "Missile threats",
        "url": "https://news.example.org/korea",
        "source": "Example News",
    }
    first = scratch.post("/ingest", json=body).json()  # no token set: POST is open
    assert first["new"] is True and first["events"] == 3
    doc = scratch.get(f"/documents/{first['doc_id']}").json()
    assert (doc["title"], doc["url"], doc["source"]) == (
        "Missile threats",
        "https://news.example.org/korea",
        "Example News",
    )
    assert scratch.get("/documents/https://news.example.org/korea").json()["id"] == doc["id"]
    second = scratch.post("/ingest", json=body).json()
    assert second == {**first, "new": False}


def test_bad_bodies_are_one_line_errors(scratch: TestClient) -> None:
    for body in (
        {"text": ""},
        {"text": 5},
        {"txt": "Japan met Korea."},
        {"text": "Japan met Korea.", "date": "2021-02-30"},
        {"text": "Japan met Korea.", "colour": "red"},
    ):
        response = scratch.post("/extract", json=body)
        assert response.status_code == 422, body
        detail = response.json()["detail"]
        assert isinstance(detail, str) and "\n" not in detail
    broken = scratch.post(
        "/extract", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422 and isinstance(broken.json()["detail"], str)
    header_only = scratch.post("/extract", json={"text": "Title: nothing\n\n"})
    assert header_only.status_code == 400 and "no text" in header_only.json()["detail"]
    assert scratch.post("/ingest", json={"title": "no text"}).status_code == 422


def test_body_size_limit(tmp_path: Path, pipeline: Pipeline) -> None:
    app = create_app(_settings(tmp_path / "s.duckdb", max_body_bytes=2000), pipeline=pipeline)
    with TestClient(app, base_url=BASE) as small:
        text = "Japan met South Korea. " * 200
        response = small.post("/extract", json={"text": text})
        assert response.status_code == 413
        assert "2,000 byte limit" in response.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: the bytes are counted
            yield b'{"text": "'
            for _ in range(50):
                yield b"Japan met South Korea. " * 4
            yield b'"}'

        chunked = small.post(
            "/ingest", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert chunked.status_code == 413
        assert small.get("/health").json()["documents"] == 0
        assert small.post("/extract", json={"text": "Japan met South Korea."}).status_code == 200


def test_fetching_is_off_by_default_and_never_reaches_private_hosts(
    tmp_path: Path, pipeline: Pipeline, scratch: TestClient
) -> None:
    off = scratch.post("/ingest", json={"url": "http://127.0.0.1:9/article"})
    assert off.status_code == 403 and "--allow-fetch" in off.json()["detail"]
    app = create_app(_settings(tmp_path / "f.duckdb", allow_fetch=True), pipeline=pipeline)
    with TestClient(app, base_url=BASE) as fetching:
        for url in ("http://127.0.0.1:9/article", "http://10.0.0.1/x", "http://[::1]:9/"):
            response = fetching.post("/ingest", json={"url": url})
            assert response.status_code == 400, url
            assert "private or reserved address: refused" in response.json()["detail"]
        scheme = fetching.post("/ingest", json={"url": "file:///etc/passwd"})
        assert scheme.status_code == 400 and "only http and https" in scheme.json()["detail"]


# --------------------------------------------------------------------------- safety


@pytest.mark.slow
def test_sql_injection_in_filters_finds_nothing_and_breaks_nothing(client: TestClient) -> None:
    before = client.get("/health").json()
    for value in INJECTIONS:
        for name in ("actor", "partner", "source", "target", "place", "q"):
            response = client.get("/events", params={name: value})
            assert response.status_code == 200, (name, value, response.text)
            assert response.json()["total"] == 0, (name, value)
        for name in ("type", "modality"):
            assert client.get("/events", params={name: value}).status_code == 400
        segment = quote(value, safe="")
        assert client.get(f"/events/{segment}").status_code == 404
        assert client.get(f"/documents/{segment}").status_code == 404
        assert client.get("/events", params={"actor": "KOR", "q": value}).json()["total"] == 0
        dyad = client.get(f"/dyads/{segment}/KOR")
        assert (
            dyad.status_code in (200, 404)
            and sum(p["n_events"] for p in dyad.json()["series"]) == 0
        )
        assert client.get(f"/relations/{segment}").status_code in (400, 404)
        assert client.get("/brief", params={"actor": value, "since": "2021-01-01"}).status_code in (
            200,
            400,
        )
        assert client.get("/blocs", params={"period": value}).status_code == 400
    assert client.get("/health").json() == before


def test_post_needs_the_token_when_one_is_set(client: TestClient) -> None:
    text = {"text": "Japan met South Korea."}
    assert client.post("/extract", json=text).status_code == 401
    wrong = client.post("/extract", json=text, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "Bearer" in wrong.json()["detail"]
    assert wrong.headers["www-authenticate"] == "Bearer"
    assert client.post("/ingest", json=text).status_code == 401
    assert client.post("/extract", json=text, headers=AUTH).status_code == 200
    assert client.get("/events").status_code == 200  # reads are open on loopback


def test_off_loopback_every_read_needs_the_token(tmp_path: Path, pipeline: Pipeline) -> None:
    settings = _settings(tmp_path / "o.duckdb", host="0.0.0.0", token=TOKEN)
    with TestClient(create_app(settings, pipeline=pipeline), base_url="http://203.0.113.9") as c:
        for path in ("/health", "/events", "/dyads/JPN/KOR", "/blocs", "/brief"):
            assert c.get(path).status_code == 401, path
            assert c.get(path, headers=AUTH).status_code == 200, path
        assert c.get("/openapi.json").status_code == 200


def test_non_loopback_without_a_token_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("REALPOLITIK_TOKEN", raising=False)
    with pytest.raises(ServerError, match="non-loopback"):
        create_app(ServerSettings(db=tmp_path / "r.duckdb", host="0.0.0.0"))
    code = main(["serve", "--db", str(tmp_path / "r.duckdb"), "--host", "192.0.2.1"])
    err = capsys.readouterr().err.strip()
    assert code == 1 and err.startswith("error: refusing to serve on 192.0.2.1")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "r.duckdb").exists()
    ServerSettings(db=tmp_path / "r.duckdb", host="::1").check()  # loopback: fine
    monkeypatch.setenv("REALPOLITIK_TOKEN", TOKEN)
    ServerSettings(db=tmp_path / "r.duckdb", host="0.0.0.0").check()  # token from env


def test_loopback_server_answers_only_local_host_names(client: TestClient) -> None:
    assert client.get("/health", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/health", headers={"Host": "127.0.0.1:8000"}).status_code == 200


def test_cors_is_off_unless_asked(tmp_path: Path, scratch: TestClient, pipeline: Pipeline) -> None:
    origin = {"Origin": "http://dashboard.example"}
    assert "access-control-allow-origin" not in scratch.get("/health", headers=origin).headers
    settings = _settings(tmp_path / "c.duckdb", cors_origins=("http://dashboard.example",))
    with TestClient(create_app(settings, pipeline=pipeline), base_url=BASE) as c:
        allowed = c.get("/health", headers=origin).headers
        assert allowed["access-control-allow-origin"] == "http://dashboard.example"
        other = c.get("/health", headers={"Origin": "http://elsewhere.example"}).headers
        assert "access-control-allow-origin" not in other


def test_slow_query_is_stopped_with_503(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(con: Any) -> dict[str, Any]:
        con.execute("SELECT count(*) FROM range(100000000000) a").fetchone()
        return {}

    backend: Backend = client.app.state.backend  # type: ignore[attr-defined]
    monkeypatch.setattr(server_queries, "health", slow)
    monkeypatch.setattr(
        backend, "settings", ServerSettings(db=backend.settings.db, query_timeout=0.3)
    )
    started = time.monotonic()
    response = client.get("/health")
    assert response.status_code == 503 and "limit and was stopped" in response.json()["detail"]
    assert time.monotonic() - started < 5
    monkeypatch.undo()
    for _ in range(2 * backend.settings.read_threads):  # every read cursor still works
        assert client.get("/health").status_code == 200


def test_backend_interrupts_a_running_query(tmp_path: Path) -> None:
    backend = Backend(_settings(tmp_path / "t.duckdb", query_timeout=0.2, read_threads=1))
    backend.open()
    try:

        async def ask() -> None:
            with pytest.raises(QueryTimeout):
                await backend.read(
                    lambda con: con.execute("SELECT count(*) FROM range(100000000000)").fetchone()
                )
            assert (await backend.read(server_queries.health))["documents"] == 0

        started = time.monotonic()
        asyncio.run(ask())
        assert time.monotonic() - started < 5
    finally:
        backend.close()


def test_time_in_the_queue_does_not_count_against_the_limit(tmp_path: Path) -> None:
    # One read thread, a 0.5 s limit, four jobs of 0.3 s asked at once: the last one
    # waits 0.9 s for the thread but runs 0.3 s, so every one is answered.
    backend = Backend(_settings(tmp_path / "q.duckdb", query_timeout=0.5, read_threads=1))
    backend.open()
    try:

        def job(con: Any) -> int:
            time.sleep(0.3)
            return int(con.execute("SELECT 1").fetchone()[0])

        async def ask() -> list[int]:
            return list(await asyncio.gather(*(backend.read(job) for _ in range(4))))

        started = time.monotonic()
        assert asyncio.run(ask()) == [1, 1, 1, 1]
        assert time.monotonic() - started >= 1.2  # they did queue
    finally:
        backend.close()


def test_a_full_queue_refuses_new_jobs_at_once(tmp_path: Path) -> None:
    backend = Backend(_settings(tmp_path / "b.duckdb", read_threads=1, max_waiting=2))
    backend.open()
    release = threading.Event()
    try:

        def blocking(con: Any) -> str:
            assert release.wait(10)
            return "done"

        async def ask() -> tuple[list[str], float]:
            running = asyncio.ensure_future(backend.read(blocking))
            await asyncio.sleep(0.2)  # the thread has taken it
            queued = [asyncio.ensure_future(backend.read(blocking)) for _ in range(2)]
            await asyncio.sleep(0.05)
            started = time.monotonic()
            with pytest.raises(Busy):
                await backend.read(blocking)
            refused_in = time.monotonic() - started
            release.set()
            return list(await asyncio.gather(running, *queued)), refused_in

        answers, refused_in = asyncio.run(ask())
        assert answers == ["done", "done", "done"] and refused_in < 0.5
    finally:
        release.set()
        backend.close()


def test_busy_is_a_503_with_retry_after(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend: Backend = client.app.state.backend  # type: ignore[attr-defined]

    async def busy(*args: Any) -> Any:
        raise Busy

    monkeypatch.setattr(backend, "_timed", busy)
    response = client.get("/events", params={"q": "never asked before"})  # not cached
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert "busy" in response.json()["detail"]


def test_response_cache_keeps_answers_of_one_generation_within_its_budget() -> None:
    cache = ResponseCache(max_bytes=1600)
    cache.put("a", 2, b"x" * 60)
    assert cache.get("a", 2) == b"x" * 60 and cache.get("a", 4) is None
    cache.put("big", 2, b"y" * 101)  # over a sixteenth of the budget: not kept
    assert cache.get("big", 2) is None
    for n in range(30):
        cache.put(n, 2, b"z" * 100)
    assert cache.get("a", 2) is None and cache.get(29, 2) is not None  # oldest went first


def test_the_same_answer_asked_at_once_is_computed_once(tmp_path: Path) -> None:
    backend = Backend(_settings(tmp_path / "x.duckdb"))
    calls: list[int] = []

    async def compute() -> bytes:
        calls.append(1)
        await asyncio.sleep(0.05)
        return b"{}"

    async def ask() -> list[bytes | None]:
        return await asyncio.gather(*(backend.cached("key", compute) for _ in range(5)))

    assert asyncio.run(ask()) == [b"{}"] * 5 and len(calls) == 1
    assert asyncio.run(ask()) == [b"{}"] * 5 and len(calls) == 1  # now from the cache


def test_reads_stay_correct_while_an_ingest_runs(scratch: TestClient) -> None:
    scratch.post("/ingest", json={"text": ARTICLES[0][1], "date": ARTICLES[0][0]})
    before = scratch.get("/health").json()["events"]
    totals: list[int] = []
    failures: list[str] = []

    def write() -> None:
        for day, text in ARTICLES[1:]:
            response = scratch.post("/ingest", json={"text": text, "date": day})
            if response.status_code != 200:
                failures.append(response.text)

    writer = threading.Thread(target=write)
    writer.start()
    while writer.is_alive():
        response = scratch.get("/events", params={"limit": 500})
        if response.status_code != 200:
            failures.append(response.text)
        else:
            page = response.json()
            totals.append(page["total"])
            if len(page["items"]) != page["total"]:
                failures.append(f"{len(page['items'])} items for a total of {page['total']}")
    writer.join()
    after = scratch.get("/health").json()["events"]
    assert not failures
    assert totals == sorted(totals) and all(before <= t <= after for t in totals)
    assert after > before and scratch.get("/dyads/JPN/KOR").json()["index"]["n_events"] == 3


# --------------------------------------------------------------------------- pages


def test_dashboard_static_files_and_offline_docs(tmp_path: Path, pipeline: Pipeline) -> None:
    static = tmp_path / "static"
    settings = _settings(tmp_path / "d.duckdb", static_dir=static)
    with TestClient(create_app(settings, pipeline=pipeline), base_url=BASE) as c:
        missing = c.get("/")
        assert missing.status_code == 503 and "index.html is missing" in missing.text
    static.mkdir()
    (static / "index.html").write_text("<!doctype html><title>dash</title>", "utf-8")
    (static / "app.js").write_text("console.log('dash');", "utf-8")
    with TestClient(create_app(settings, pipeline=pipeline), base_url=BASE) as c:
        assert c.get("/").text.startswith("<!doctype html>")
        assert c.get("/static/app.js").text == "console.log('dash');"
        assert c.get("/static/none.js").status_code == 404
        docs = c.get("/docs")
        assert docs.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in docs.text
        assert "cdn" not in docs.text.lower() and "https://" not in docs.text
        assert c.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
        paths = c.get("/openapi.json").json()["paths"]
        assert set(paths) >= {
            "/health", "/events", "/events/{event_id}", "/documents/{doc_id}",
            "/dyads/{a}/{b}", "/blocs", "/relations/{actor}", "/brief", "/extract", "/ingest",
        }  # fmt: skip


# --------------------------------------------------------------------------- the command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_realpolitik_serve_runs_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "REALPOLITIK_TOKEN": ""}
    command = [sys.executable, "-m", "realpolitik.cli", "serve", "--db", str(tmp_path / "e.db")]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        health = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                health = httpx.get(f"{url}/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert health is not None, server.stderr.read() if server.stderr else ""
        assert health.json() == {"status": "ok", "documents": 0, "events": 0}
        assert httpx.get(f"{url}/events", timeout=5).json()["total"] == 0
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, err = server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert server.returncode == 0, err
    assert f"at http://127.0.0.1:{port}/" in err and "stopped" in err
