"""Scaling out: serialised results, several local processes and Ray give what one process gives.

Every text here is invented for these tests. The Ray tests start a local Ray with
two CPUs and are skipped when Ray Data is not installed.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import realpolitik.model
from realpolitik.config import Settings
from realpolitik.errors import RealpolitikError
from realpolitik.model import (
    Actor,
    Amount,
    ArmsTransfer,
    DateWindow,
    Document,
    DocumentResult,
    Entity,
    Event,
    Evidence,
    Indicator,
    Materiel,
    Timex,
    Toponym,
)
from realpolitik.pipeline import Pipeline
from realpolitik.scale import (
    LocalPool,
    document_from_dict,
    document_to_dict,
    result_from_dict,
    result_to_dict,
    run_parallel,
    run_ray,
)
from realpolitik.store.duckdb_store import EventStore

TEXTS = (
    "Russia and Georgia signed a ceasefire agreement in Moscow on Tuesday. "
    "Poland condemned the Russian attack on Georgia.",
    "The French foreign minister met his German counterpart in Berlin to discuss sanctions "
    "against Iran. Tehran rejected the demands.",
    "Indian troops fired on Pakistani soldiers near the border, the army said. "
    "Islamabad threatened to retaliate.",
    "The United States will not send aid to Venezuela, officials said. "
    "Caracas accused Washington of planning a coup.",
    "Chinese warships and fighter jets carried out drills near Taiwan. Japan protested to Beijing.",
    "Turkey may buy Russian S-400 missiles, a minister said. NATO warned Ankara against the deal.",
    "Protesters in Khartoum demanded that the Sudanese military hand power to civilians.",
    "Egypt and Ethiopia resumed talks on the Nile dam in Cairo. "
    "The African Union offered to mediate.",
)


def documents() -> list[Document]:
    return [
        Document(
            doc_id=f"doc-{i}",
            text=text,
            date=date(2019, 4, i + 1) if i % 3 else None,
            title=f"Story {i}",
            source="invented" if i % 2 else None,
        )
        for i, text in enumerate(TEXTS)
    ]


def event_dicts(results: list[DocumentResult]) -> list[dict[str, Any]]:
    return [event.to_dict() for result in results for event in result.events]


def stored_events(results: list[DocumentResult], path: Path) -> list[dict[str, Any]]:
    with EventStore.open(path) as store:
        for result in results:
            store.write(result)
        assert store.count("documents") == len(results)
        return store.events()


@pytest.fixture(scope="module")
def one_process(pipeline: Pipeline) -> list[DocumentResult]:
    results = list(pipeline.run(documents()))
    assert sum(len(r.events) for r in results) >= 10, "the texts should give events"
    return results


# ------------------------------------------------------------------ serialisation


def test_round_trip_of_pipeline_output_is_exact(one_process: list[DocumentResult]) -> None:
    for result in one_process:
        encoded = result_to_dict(result)
        assert "parsed" not in encoded
        # Through JSON as well, as the results go through Parquet.
        decoded = result_from_dict(json.loads(json.dumps(encoded)))
        assert decoded == result
        assert decoded.parsed is None
        assert [e.to_dict() for e in decoded.events] == [e.to_dict() for e in result.events]
    assert any(e.extras for r in one_process for e in r.events), "materiel extras covered"
    assert any(e.attribution for r in one_process for e in r.events), "attribution covered"


def test_dates_are_iso_strings() -> None:
    doc = Document(doc_id="d", text="Text.", date=date(2019, 4, 10), title="T", source="S")
    encoded = document_to_dict(doc)
    assert encoded["date"] == "2019-04-10"
    assert encoded["doc_id"] == "d" and encoded["text"] == "Text."
    assert document_from_dict({**encoded, "index": 3}) == doc
    assert document_from_dict(document_to_dict(replace(doc, date=None))).date is None


def full_result() -> DocumentResult:
    """A result with every field set, including the ones the pipeline leaves empty."""
    evidence = Evidence("d", 0, "Sentence.", 0, 9, 2, 5, "ten", "rule.x")
    state = Actor("RUSGOV", "RUS", "GOV", "Moscow", 0, 6, rule="actor.capital.metonymy")
    org = Actor("NATO", None, None, "NATO", kind="organisation", person=None)
    amount = Amount(0, 5, "$1bn", "money", 1e9, "USD", exact=False, year=2019)
    event = Event(
        doc="d",
        type="AGREE",
        cameo="057",
        goldstein=8.0,
        quad_class=1,
        source=(state,),
        target=(org, state),
        modality="planned",
        evidence=evidence,
        confidence=0.8125,
        reciprocal=True,
        attribution=org,
        modality_cue="will",
        context="military",
        date={"value": "2019-04", "on": date(2019, 4, 1), "span": ("a", 1)},
        location={"name": "Moscow", "lat": 55.75, "nested": [{"at": datetime(2019, 4, 1, 12)}]},
        doc_hash="abc",
        extras={"materiel": ["S-400"], "score": None},
    )
    return DocumentResult(
        document=Document("d", "Sentence.", date(2019, 4, 10), "T", "S"),
        events=[event],
        entities=[Entity(0, 6, "Moscow", "ORG", "spacy.GPE")],
        actors=[state, org],
        toponyms=[Toponym(0, 6, "Moscow", "actor", "RUS", 55.75, 37.6, 524901, "P", True)],
        timexes=[Timex(0, 7, "Tuesday", "DATE", "2019-04-09", "day")],
        amounts=[amount],
        materiel=[Materiel(0, 5, "S-400", "air_defence", "S-400", "RUS", "WEAPON")],
        transfers=[
            ArmsTransfer(
                doc="d",
                supplier="RUS",
                recipient="TUR",
                item="S-400",
                category="air_defence",
                quantity=amount,
                status="ordered",
                year="2019",
                modality="factual",
                event_id=event.event_id,
                evidence=evidence,
            )
        ],
        indicators=[Indicator("d", ("RUS", "TUR"), "trade_volume", 1e9, "USD", "2019", evidence)],
        date_window=DateWindow(date(2019, 1, 1), None, ("a reason",)),
        warnings=["a warning"],
        parsed=object(),
    )


def test_round_trip_of_every_field_is_exact() -> None:
    result = full_result()
    encoded = json.loads(json.dumps(result_to_dict(result)))
    assert encoded["date_window"] == {"start": "2019-01-01", "end": None, "reasons": ["a reason"]}
    assert encoded["events"][0]["date"]["on"] == {"$date": "2019-04-01"}
    decoded = result_from_dict(encoded)
    assert decoded == result
    event = decoded.events[0]
    assert isinstance(event.source, tuple) and isinstance(event.target[1], Actor)
    assert event.date == {"value": "2019-04", "on": date(2019, 4, 1), "span": ("a", 1)}
    assert event.location is not None
    assert event.location["nested"][0]["at"] == datetime(2019, 4, 1, 12)
    assert decoded.indicators[0].countries == ("RUS", "TUR")


@dataclass(frozen=True)
class Shapes:
    """Field types a stage may use that the project's records do not use yet."""

    pair: tuple[int, str]
    loose: list  # type: ignore[type-arg]
    anything: object
    either: int | str | None


def test_other_field_types_round_trip() -> None:
    from realpolitik.scale.serialize import _codec

    encode, decode = _codec(Shapes)
    shapes = Shapes(pair=(1, "a"), loose=[1, (2, 3)], anything={"on": date(2019, 1, 2)}, either="x")
    assert decode(json.loads(json.dumps(encode(shapes)))) == shapes


def test_free_form_values_must_be_json() -> None:
    result = full_result()
    result.events[0].extras["bad"] = {1, 2}
    with pytest.raises(TypeError, match="set"):
        result_to_dict(result)


@dataclass(frozen=True)
class NotedTimex(Timex):
    """A stage's own kind of record, with a field more than its field type has."""

    note: str = ""


def test_subclass_records_come_back_as_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if NotedTimex were defined in the package, as a stage's record type is.
    monkeypatch.setattr(NotedTimex, "__module__", "realpolitik.model")
    monkeypatch.setattr(realpolitik.model, "NotedTimex", NotedTimex, raising=False)
    result = replace(full_result(), timexes=[NotedTimex(0, 7, "Tuesday", "DATE", None, note="x")])
    encoded = json.loads(json.dumps(result_to_dict(result)))
    assert encoded["timexes"][0]["$type"] == "realpolitik.model:NotedTimex"
    decoded = result_from_dict(encoded)
    assert decoded == result
    assert type(decoded.timexes[0]) is NotedTimex and decoded.timexes[0].note == "x"


def test_record_types_from_outside_the_package_are_refused() -> None:
    result = replace(full_result(), timexes=[NotedTimex(0, 7, "Tuesday", "DATE", None)])
    with pytest.raises(TypeError, match="not a realpolitik record type"):
        result_from_dict(result_to_dict(result))


# ------------------------------------------------------------------ local processes


@pytest.mark.slow
def test_two_processes_give_what_one_gives(
    one_process: list[DocumentResult], tmp_path: Path
) -> None:
    parallel = list(run_parallel(documents(), Settings(), workers=2, batch_size=3))
    assert [r.document for r in parallel] == documents()
    assert event_dicts(parallel) == event_dicts(one_process)
    assert parallel == one_process
    assert all(r.parsed is None for r in parallel)
    assert stored_events(parallel, tmp_path / "parallel.duckdb") == stored_events(
        one_process, tmp_path / "one.duckdb"
    )


def test_one_worker_runs_in_this_process(one_process: list[DocumentResult]) -> None:
    results = list(run_parallel(documents(), Settings(), workers=1))
    assert results == one_process
    assert all(r.parsed is None for r in results)


@pytest.mark.slow
def test_stopping_early_stops_the_workers() -> None:
    many = (documents()[i % len(TEXTS)] for i in range(10_000))
    results = run_parallel(many, Settings(), workers=2, batch_size=2)
    first = next(results)
    results.close()
    assert first.document.doc_id == "doc-0"
    assert multiprocessing.active_children() == []


@pytest.mark.slow
def test_a_started_pool_codes_several_runs(one_process: list[DocumentResult]) -> None:
    with LocalPool(Settings(), workers=2, batch_size=1) as pool:
        pool.start()
        assert len(multiprocessing.active_children()) == 2  # both up, models loaded
        assert list(pool.run(documents())) == one_process
        assert list(pool.run(documents()[:2])) == one_process[:2]
        # Three times the documents, one a batch: more batches than the pool keeps in
        # flight, so results wait for earlier ones and still come out in input order.
        thrice = list(pool.run(documents() * 3))
        assert [r.document.doc_id for r in thrice] == [d.doc_id for d in documents()] * 3
        assert thrice == one_process * 3
    assert multiprocessing.active_children() == []
    with pytest.raises(ValueError, match="workers"):
        LocalPool(Settings(), workers=0)


def test_no_documents_no_results() -> None:
    assert list(run_parallel([], Settings(), workers=2)) == []


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="workers"):
        run_parallel(documents(), Settings(), workers=0)
    with pytest.raises(ValueError, match="batch_size"):
        run_parallel(documents(), Settings(), workers=2, batch_size=0)


# ------------------------------------------------------------------ Ray


def test_missing_ray_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(RealpolitikError, match=r"pip install 'realpolitik\[ray\]'"):
        run_ray(documents(), Settings(), num_cpus=2, parquet_dir=tmp_path / "out")


def test_ray_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "old.parquet").write_bytes(b"")
    with pytest.raises(RealpolitikError, match="not empty"):
        run_ray(documents(), Settings(), num_cpus=2, parquet_dir=tmp_path)


@pytest.fixture(scope="module")
def ray_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("ray.data", reason="Ray Data is not installed (realpolitik[ray])")
    return tmp_path_factory.mktemp("ray") / "parquet"


@pytest.fixture(scope="module")
def ray_results(ray_parquet: Path) -> list[DocumentResult]:
    return list(run_ray(documents(), Settings(), num_cpus=2, parquet_dir=ray_parquet, batch_size=3))


@pytest.mark.slow
def test_ray_gives_what_local_gives(
    ray_results: list[DocumentResult], one_process: list[DocumentResult], tmp_path: Path
) -> None:
    assert [r.document for r in ray_results] == documents()
    assert event_dicts(ray_results) == event_dicts(one_process)
    assert ray_results == one_process
    parallel = list(run_parallel(documents(), Settings(), workers=2, batch_size=3))
    assert stored_events(ray_results, tmp_path / "ray.duckdb") == stored_events(
        parallel, tmp_path / "parallel.duckdb"
    )


@pytest.mark.slow
def test_ray_leaves_parquet_partitions(
    ray_results: list[DocumentResult], ray_parquet: Path
) -> None:
    import pyarrow.parquet as pq

    files = list(ray_parquet.glob("*.parquet"))
    assert len(files) >= 2
    table = pq.read_table(files[0])
    assert table.column_names == ["index", "result"]
    assert sum(pq.read_metadata(f).num_rows for f in files) == len(ray_results)
