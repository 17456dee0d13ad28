"""Issue 18: the extraction of posts in a worker process (``server/worker.py``), so that a
bulk ingest through the server no longer holds the server's interpreter lock.

Most tests give the worker a light pipeline made here (``light_pipeline``: no spaCy, it
starts in a second) whose texts say what to do: ``SLOW`` never ends in Python, ``STUCK``
sleeps in C (a stop cannot reach it: the worker is killed), ``REFUSE`` raises an
``InputError``, ``BROKEN`` a ``ValueError``, ``DIE`` ends the process. One slow test codes
real articles with the real pipeline and compares them with the in-process pipeline's.
"""

from __future__ import annotations

import asyncio
import os
import time
import warnings
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from realpolitik.errors import InputError
from realpolitik.model import Document, DocumentResult
from realpolitik.pipeline import Pipeline
from realpolitik.server import ServerSettings, create_app
from realpolitik.server.backend import Backend, Busy, WorkTimeout
from realpolitik.server.worker import ExtractWorker
from realpolitik.store.duckdb_store import EventStore

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BASE = "http://localhost"
LIGHT = f"{__name__}:light_pipeline"
WAR = "Russia attacked Ukraine with missiles. Ukraine condemned Russia after the strikes."
TALKS = "Japan and South Korea signed a fisheries agreement in Tokyo."


class _LightPipeline:
    """Codes nothing (a result without events), except the texts that say what to do."""

    def run(self, docs: Iterable[Document], **_: Any) -> Iterator[DocumentResult]:
        for doc in docs:
            if "SLOW" in doc.text:
                n = 0
                while True:  # pure Python: stopped by an exception raised in the thread
                    n += 1
            if "STUCK" in doc.text:
                time.sleep(3600)  # in C: no exception reaches it
            if "REFUSE" in doc.text:
                raise InputError(f"{doc.doc_id}: refused\nsecond line")
            if "BROKEN" in doc.text:
                raise ValueError("broken")
            if "DIE" in doc.text:
                os._exit(3)
            yield DocumentResult(document=doc, events=[], entities=[], actors=[], parsed=object())


def light_pipeline() -> _LightPipeline:
    return _LightPipeline()


@pytest.fixture(scope="module")
def worker() -> Iterator[ExtractWorker]:
    made = ExtractWorker(LIGHT, stop_grace=1.0)
    made.start(wait=60)
    yield made
    made.close()


def _code(worker: ExtractWorker, text: str, cancelled: bool = False) -> DocumentResult:
    return worker.code(Document("t.txt", text), lambda: cancelled)


def test_the_worker_codes_in_its_own_process(worker: ExtractWorker) -> None:
    result = _code(worker, TALKS)
    assert result.document.text == TALKS and result.events == []
    assert result.parsed is None  # the spaCy Doc stays in the worker
    assert worker.pid is not None and worker.pid != os.getpid()


def test_errors_come_back_as_themselves_and_the_worker_goes_on(worker: ExtractWorker) -> None:
    pid = worker.pid
    with pytest.raises(InputError, match="refused"):
        _code(worker, "REFUSE")
    with pytest.raises(ValueError, match="broken"):
        _code(worker, "BROKEN")
    assert _code(worker, TALKS).document.text == TALKS
    assert worker.pid == pid


def test_a_post_given_up_on_is_stopped_in_the_worker(worker: ExtractWorker) -> None:
    from realpolitik.server.worker import PostStopped

    pid, starts = worker.pid, worker.starts
    asked = time.monotonic()
    with pytest.raises(PostStopped):
        worker.code(Document("-", "SLOW"), lambda: time.monotonic() - asked > 0.3)
    assert time.monotonic() - asked < 1.0  # stopped where it stood: no kill, no reload
    assert worker.pid == pid and worker.starts == starts
    assert _code(worker, TALKS).document.text == TALKS


def test_a_worker_that_cannot_be_stopped_is_killed_and_started_again(
    worker: ExtractWorker,
) -> None:
    from realpolitik.server.worker import PostStopped

    pid, starts = worker.pid, worker.starts
    asked = time.monotonic()
    with pytest.raises(PostStopped):
        worker.code(Document("-", "STUCK"), lambda: time.monotonic() - asked > 0.2)
    assert time.monotonic() - asked < 5  # the grace (1 s), then killed
    assert _code(worker, TALKS).document.text == TALKS
    assert worker.pid != pid and worker.starts == starts + 1


def test_a_worker_that_died_is_said_in_one_line_and_started_again(worker: ExtractWorker) -> None:
    from realpolitik.server.worker import WorkerStopped

    with pytest.raises(WorkerStopped, match=r"exit code 3\) while it coded") as info:
        _code(worker, "DIE")
    assert "\n" not in str(info.value)
    assert _code(worker, TALKS).document.text == TALKS


def test_a_pipeline_that_does_not_load_is_one_line(tmp_path: Path) -> None:
    from realpolitik.server.worker import WorkerError

    broken = ExtractWorker(f"{__name__}:no_such_function")
    try:
        with pytest.raises(WorkerError, match="could not load its pipeline: AttributeError"):
            _code(broken, TALKS)
    finally:
        broken.close()


# --------------------------------------------------------------------------- the server


PATHS = ("/extract", "/ingest")
STATUS = {"REFUSE": 400, "BROKEN": 500, "DIE": 503, "SLOW": 503}


def _settings(db: Path, **kwargs: Any) -> ServerSettings:
    return ServerSettings(db=db, token=None, **kwargs)


def test_posts_through_the_worker_keep_their_answers(tmp_path: Path, worker: ExtractWorker) -> None:
    app = create_app(_settings(tmp_path / "w.duckdb", work_timeout=2.0), worker=worker)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        first = client.post("/ingest", json={"text": TALKS, "date": "2021-05-20"})
        assert first.status_code == 200 and first.json()["new"], first.text
        again = client.post("/ingest", json={"text": TALKS, "date": "2021-05-20"})
        assert again.json() == {**first.json(), "new": False}  # the same text: nothing new
        assert client.get("/health").json()["documents"] == 1
        extracted = client.post("/extract", json={"text": TALKS})
        assert extracted.status_code == 200 and extracted.json()["events"] == []
        cases = [(text, path) for text in ("REFUSE", "BROKEN", "DIE") for path in PATHS]
        for text, path in [*cases, ("SLOW", "/extract")]:
            response = client.post(path, json={"text": f"{text} {path}"})
            assert response.status_code == STATUS[text], (text, path, response.text)
            detail = response.json()["detail"]
            assert detail and "\n" not in detail, detail
        assert client.get("/health").json()["documents"] == 1  # nothing half-written
        worker.start(wait=60)  # started again after DIE: its loading is not this test's
        assert client.post("/ingest", json={"text": WAR}).json()["new"]
        assert client.get("/health").json()["documents"] == 2


def test_an_abandoned_post_is_stopped_in_the_worker(tmp_path: Path, worker: ExtractWorker) -> None:
    backend = Backend(_settings(tmp_path / "a.duckdb", work_timeout=60), worker=worker)
    backend.open()
    try:

        async def run() -> None:
            gone = False

            async def is_gone() -> bool:
                return gone

            task = asyncio.ensure_future(backend.ingest(Document("-", "SLOW"), gone=is_gone))
            await asyncio.sleep(0.5)
            gone = True  # the client went away
            with pytest.raises(WorkTimeout):
                await task
            done = await asyncio.wait_for(backend.ingest(Document("-", TALKS)), 10)
            assert done.new

        started = time.monotonic()
        asyncio.run(run())
        assert time.monotonic() - started < 10
    finally:
        backend.close()
    assert worker.pid is not None  # a worker given to the backend is its maker's to stop


def test_posts_wait_in_a_bounded_queue_for_the_worker(
    tmp_path: Path, worker: ExtractWorker
) -> None:
    settings = _settings(tmp_path / "q.duckdb", work_timeout=1.0, max_waiting_writes=1)
    backend = Backend(settings, worker=worker)
    backend.open()
    try:

        async def run() -> None:
            first = asyncio.ensure_future(backend.extract(Document("-", "SLOW")))
            await asyncio.sleep(0.3)
            second = asyncio.ensure_future(backend.extract(Document("-", TALKS)))
            await asyncio.sleep(0.1)
            with pytest.raises(Busy, match="1 posts already wait"):
                await backend.extract(Document("-", WAR))
            with pytest.raises(WorkTimeout):
                await first
            assert (await second).document.text == TALKS

        asyncio.run(run())
    finally:
        backend.close()


@pytest.mark.slow
def test_the_real_pipeline_in_the_worker_stores_what_it_stores_in_process(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    docs = [
        Document("war.txt", WAR, date=date(2021, 3, 2)),
        Document("talks.txt", TALKS, date=date(2021, 5, 20)),
    ]
    stores = {}
    for where in ("worker", "thread"):
        db = tmp_path / f"{where}.duckdb"
        backend = Backend(_settings(db), pipeline if where == "thread" else None)
        backend.open()
        try:
            for doc in docs:
                assert asyncio.run(backend.ingest(doc)).events > 0
        finally:
            backend.close()
        with EventStore.open(db) as store:
            stores[where] = store.connection.execute(
                "SELECT event_id, type, payload FROM events ORDER BY event_id"
            ).fetchall()
    assert stores["worker"] == stores["thread"] and stores["worker"]
