"""Answers while posts keep coming (issue 18): the view the cache and the relations tables
follow, its staleness bound, and the dyad series computed without pandas."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from realpolitik import relations
from realpolitik.errors import ServerError
from realpolitik.pipeline import Pipeline
from realpolitik.relations import Relations, RelationsError
from realpolitik.relations.api import SERIES_COLUMNS
from realpolitik.server import create_app
from realpolitik.server.backend import Backend
from realpolitik.server.settings import ServerSettings

from .test_relations import series_docs, write_store
from .test_server import ARTICLES, BASE

# --------------------------------------------------------------------------- the view


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _backend(tmp_path: Path, interval: float = 1.0) -> tuple[Backend, Clock]:
    backend = Backend(
        ServerSettings(db=tmp_path / "v.duckdb", token=None, refresh_interval=interval)
    )
    clock = Clock()
    backend._clock = clock
    return backend, clock


def test_the_view_catches_up_at_once_when_no_post_waits(tmp_path: Path) -> None:
    backend, _ = _backend(tmp_path)
    first = backend.view()
    assert backend.view() == first  # nothing written: the same view, the cache holds
    for _ in range(3):  # writes one after another, each read right after its write
        backend._generation += 2
        moved = backend.view()
        assert moved != first
        first = moved


def test_the_view_moves_at_most_once_per_interval_while_posts_run(tmp_path: Path) -> None:
    backend, clock = _backend(tmp_path, interval=1.0)
    backend._generation += 2
    start = backend.view()  # caught up
    backend._posts = 2  # a bulk ingest: posts wait for the write thread
    seen = {start}
    for step in range(20):  # a write every 0.1 s for 2 s
        clock.now += 0.1
        backend._generation += 2
        seen.add(backend.view())
        if step < 8:
            assert backend.view() == start  # under a second since the view moved
    assert len(seen) == 3  # moved at 1.0 s and 2.0 s only
    backend._posts = 0  # the ingest is over: the next read sees the last write
    backend._generation += 2
    assert backend.view() == max(seen) + 1


def test_a_refresh_interval_out_of_range_is_refused(tmp_path: Path) -> None:
    for bad in (-1.0, 61.0):
        with pytest.raises(ServerError, match="refresh interval"):
            ServerSettings(db=tmp_path / "s.duckdb", token=None, refresh_interval=bad).check()


# --------------------------------------------------------------------------- through the server


@pytest.fixture()
def server(tmp_path: Path, pipeline: Pipeline) -> Iterator[TestClient]:
    settings = ServerSettings(db=tmp_path / "r.duckdb", token=None, refresh_interval=2.0)
    with TestClient(create_app(settings, pipeline=pipeline), base_url=BASE) as test_client:
        yield test_client


def _dyad_events(client: TestClient) -> int:
    response = client.get("/dyads/JPN/KOR")
    assert response.status_code == 200, response.text
    return int(response.json()["index"]["n_events"])


def test_a_document_ingested_during_a_bulk_ingest_appears_within_the_interval(
    server: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend: Backend = server.app.state.backend  # type: ignore[attr-defined]
    clock = Clock()
    backend._clock = clock
    refreshes: list[int] = []
    rebuild = Relations.refresh

    def counted(self: Relations) -> None:
        refreshes.append(1)
        rebuild(self)

    monkeypatch.setattr(Relations, "refresh", counted)
    day, text = ARTICLES[0]
    assert server.post("/ingest", json={"text": text, "date": day}).status_code == 200
    before = _dyad_events(server)  # no post waits: this read sees the write at once
    assert before > 0
    total = server.get("/events").json()["total"]
    refreshes.clear()

    backend._posts += 1  # from now on another post always waits (a bulk ingest)
    try:
        day, text = ARTICLES[2]  # JPN-KOR talks in Seoul: one more story of the dyad
        assert server.post("/ingest", json={"text": text, "date": day}).status_code == 200
        clock.now += 1.9  # under the interval: the previous view, from the cache
        assert _dyad_events(server) == before
        assert server.get("/events").json()["total"] == total
        assert not refreshes  # the relations tables were not rebuilt for each write
        clock.now += 0.1  # the interval has passed: the view catches up
        assert _dyad_events(server) > before
        assert server.get("/events").json()["total"] > total
        assert len(refreshes) == 1  # one rebuild, by the relations thread that answered
    finally:
        backend._posts -= 1


# --------------------------------------------------------------------------- the series


@pytest.fixture(scope="module")
def series_rel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Relations]:
    path = write_store(tmp_path_factory.mktemp("series") / "s.duckdb", series_docs())
    with relations.open(path) as rel:
        yield rel


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, float) and math.isnan(left):
        return isinstance(right, float) and math.isnan(right)
    if isinstance(left, float):  # DuckDB may sum floats in another order on another run
        return isinstance(right, float) and math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)
    return bool(left == right) and (type(left) is type(right) or not isinstance(right, bool))


@pytest.mark.parametrize("by", ["day", "week", "month", "quarter", "year"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.slow
def test_dyad_series_is_the_pandas_dyad(series_rel: Relations, by: str, weighted: bool) -> None:
    for a, b in (("VEN", "RUS"), ("RUS", "VEN"), ("VENGOV", "RUSGOV"), ("VEN", None)):
        for period in (None, "2020", "2020-01-10..2020-03-20", "2021"):
            for direction in ("both", "out", "in"):
                frame = series_rel.dyad(
                    a, b, by=by, period=period, direction=direction, weighted=weighted
                )
                rows, summary = series_rel.dyad_series(
                    a, b, by=by, period=period, direction=direction, weighted=weighted
                )
                expected = frame.to_dict(orient="records")
                assert len(rows) == len(expected), (a, b, by, period, direction)
                for want, got in zip(expected, rows, strict=True):
                    assert list(got) == list(SERIES_COLUMNS)
                    want["period_start"] = want["period_start"].date()
                    for column in SERIES_COLUMNS:
                        value = want[column]
                        value = value.item() if hasattr(value, "item") else value
                        assert _same(value, got[column]), (column, value, got[column])
                for key, value in frame.attrs["summary"].items():
                    assert _same(value, summary[key]), (key, value, summary[key])


def test_dyad_series_refuses_too_many_periods_before_filling(series_rel: Relations) -> None:
    with pytest.raises(RelationsError, match="more than 10 periods of one day"):
        series_rel.dyad_series("VEN", "RUS", by="day", max_periods=10)
    rows, _ = series_rel.dyad_series("VEN", "RUS", by="month", max_periods=10)
    assert [r["period_start"] for r in rows] == [date(2020, m, 1) for m in (1, 2, 3)]


# --------------------------------------------------------------------------- options


def test_serve_takes_the_refresh_interval_and_preload(tmp_path: Path) -> None:
    import argparse

    from realpolitik.server.commands import add_commands, settings_from

    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    db = str(tmp_path / "o.duckdb")
    plain = settings_from(parser.parse_args(["serve", "--db", db]))
    assert plain.refresh_interval == 1.0 and not plain.preload
    given = settings_from(
        parser.parse_args(["serve", "--db", db, "--refresh-interval", "0", "--preload"])
    )
    assert given.refresh_interval == 0.0 and given.preload


def test_preload_starts_the_extraction_worker_when_the_store_opens(tmp_path: Path) -> None:
    lazy = Backend(ServerSettings(db=tmp_path / "lazy.duckdb", token=None))
    lazy.open()
    try:
        assert lazy._worker is not None and lazy._worker.pid is None  # on the first POST
    finally:
        lazy.close()
    eager = Backend(ServerSettings(db=tmp_path / "eager.duckdb", token=None, preload=True))
    eager.open()
    worker = eager._worker
    try:
        # Started with the store: it loads the pipeline in its own process meanwhile.
        assert worker is not None and worker.pid is not None
    finally:
        eager.close()
    assert worker.pid is None  # stopped with the server
