"""Exports of the store: Parquet, CSV, JSON lines and GDELT 2.0 event rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from realpolitik.errors import StoreError
from realpolitik.exports import export
from realpolitik.exports.formats.gdelt import (
    GDELT_COLUMNS,
    cameo_country,
    gdelt_actor,
    gdelt_geo,
    global_event_id,
)
from realpolitik.pipeline import Pipeline
from realpolitik.store.columns import EVENT_EXPORT_COLUMNS, MERGED_EXPORT_COLUMNS
from realpolitik.store.duckdb_store import EventStore
from realpolitik.store.filters import Filters

from .test_store_synthetic import FIXED_NOW, Spec, build_result, synthetic_results, updated_copy

# The GDELT 2.0 Events table, as GDELT's codebook and files have it: written out here
# independently of exports/formats/gdelt.py so that a change of order or name there fails this test.
_GDELT_2_0_TEXT = """
GLOBALEVENTID SQLDATE MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode
Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode
Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale
NumMentions NumSources NumArticles AvgTone
Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code
Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code
Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID
ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code
ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID
DATEADDED SOURCEURL
"""
GDELT_2_0 = _GDELT_2_0_TEXT.split()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventStore]:
    path = tmp_path_factory.mktemp("export") / "events.duckdb"
    store = EventStore.open(path, clock=lambda: FIXED_NOW)
    for result in synthetic_results():
        store.write(result)
    yield store
    store.close()


@pytest.fixture()
def meeting(tmp_path: Path) -> Iterator[EventStore]:
    """One meeting in Ankara, reported by Reuters (on the web), a wire copy, and AP."""
    spec = Spec("CONSULT", "RUS", "UKR", day=2, place="TUR", confidence=0.7, reciprocal=True)
    reuters = build_result(
        "https://reuters.example/meeting", [spec], publisher="Reuters", doc_day=2, seed=1
    )
    copy = updated_copy(reuters, "reuters/copy.txt", "Reuters")
    rival_spec = Spec("CONSULT", "UKR", "RUS", confidence=0.95, reciprocal=True)
    rival = build_result("ap/talks.txt", [rival_spec], publisher="AP", doc_day=3, seed=2)
    romania = build_result(
        "bucharest.txt",
        [Spec("SANCTION", "ROU", "RUS", day=7, place="ROU")],
        publisher="AP",
        doc_day=7,
        seed=3,
    )
    store = EventStore.open(tmp_path / "events.duckdb", clock=lambda: FIXED_NOW)
    for result in (reuters, copy, rival, romania):
        store.write(result)
    yield store
    store.close()


def gdelt_lines(store: EventStore, filters: Filters | None = None, **kw: object) -> list[str]:
    out = io.StringIO()
    n = export(store, out, "gdelt", filters, **kw)  # type: ignore[arg-type]
    lines = out.getvalue().splitlines()
    assert n == len(lines) - (1 if kw.get("header") else 0)
    return lines


# --------------------------------------------------------------------------- GDELT


def test_gdelt_columns_are_the_61_of_gdelt_2_0_in_order() -> None:
    assert len(GDELT_2_0) == 61
    assert list(GDELT_COLUMNS) == GDELT_2_0


def test_gdelt_rows_are_tab_separated_without_header(corpus: EventStore) -> None:
    lines = gdelt_lines(corpus)
    assert len(lines) == corpus.count("merged_events")
    assert all(len(line.split("\t")) == 61 for line in lines)
    assert not lines[0].startswith("GLOBALEVENTID")
    with_header = gdelt_lines(corpus, header=True)
    assert with_header[0].split("\t") == GDELT_2_0
    assert with_header[1:] == lines


def test_gdelt_gives_one_row_per_dyad_of_an_event(tmp_path: Path, pipeline: Pipeline) -> None:
    text = "Pakistan threatened Congo and Costa Rica with sanctions on 3 May 2021."
    store = EventStore.open(tmp_path / "dyads.duckdb", clock=lambda: FIXED_NOW)
    try:
        store.write(pipeline.extract(text, article_date=date(2021, 5, 4)))
        rows = [dict(zip(GDELT_2_0, line.split("\t"), strict=True)) for line in gdelt_lines(store)]
    finally:
        store.close()
    threats = [r for r in rows if r["EventRootCode"] == "13"]
    assert sorted((r["Actor1CountryCode"], r["Actor2CountryCode"]) for r in threats) == [
        ("PAK", "COG"),
        ("PAK", "CRI"),
    ]
    assert len({r["GLOBALEVENTID"] for r in rows}) == len(rows)


def test_gdelt_row_values(meeting: EventStore) -> None:
    rows = [dict(zip(GDELT_2_0, line.split("\t"), strict=True)) for line in gdelt_lines(meeting)]
    talks = next(r for r in rows if r["EventCode"] == "036")
    [merged] = [m for m in meeting.merged_events() if m["type"] == "CONSULT"]
    assert talks["GLOBALEVENTID"] == str(global_event_id(merged["merged_id"]))
    # the representative (AP, the most confident) is dated by its article: 4 March 2024
    assert (talks["SQLDATE"], talks["MonthYear"], talks["Year"]) == ("20240304", "202403", "2024")
    assert talks["FractionDate"] == "2024.1753"  # 2024 + (2 * 30 + 4) / 365
    assert (talks["Actor1Code"], talks["Actor1Name"], talks["Actor1CountryCode"]) == (
        "UKRGOV",
        "UKRAINE",
        "UKR",
    )
    assert (talks["Actor2Code"], talks["Actor2CountryCode"], talks["Actor2Type1Code"]) == (
        "RUSGOV",
        "RUS",
        "GOV",
    )
    assert talks["Actor1KnownGroupCode"] == talks["Actor1EthnicCode"] == ""
    assert (talks["IsRootEvent"], talks["EventBaseCode"], talks["EventRootCode"]) == (
        "1",
        "036",
        "03",
    )
    assert (talks["QuadClass"], talks["GoldsteinScale"]) == ("1", "4.0")
    assert (talks["NumMentions"], talks["NumSources"], talks["NumArticles"]) == ("3", "2", "2")
    assert talks["AvgTone"] == "0"  # tone is not computed: GDELT's neutral
    assert talks["Actor1Geo_Type"] == talks["Actor2Geo_Type"] == "0"
    # the AP mention has no place; the merged event's place (Turkey) stands in
    assert (talks["ActionGeo_Type"], talks["ActionGeo_FullName"]) == ("1", "Turkey")
    assert talks["ActionGeo_CountryCode"] == talks["ActionGeo_ADM1Code"] == "TU"
    assert talks["ActionGeo_FeatureID"] == "TU"
    assert talks["DATEADDED"] == "20240601120000"
    assert talks["SOURCEURL"] == "https://reuters.example/meeting"  # AP has no URL

    sanction = next(r for r in rows if r["EventCode"] == "163")
    # GDELT's CAMEO country code for Romania is ROM, its FIPS code RO
    assert (sanction["Actor1Code"], sanction["Actor1CountryCode"]) == ("ROMGOV", "ROM")
    assert (sanction["ActionGeo_FullName"], sanction["ActionGeo_CountryCode"]) == ("Romania", "RO")
    assert sanction["SOURCEURL"] == "bucharest.txt"  # no URL at all: the document id
    assert sanction["GoldsteinScale"] == "-8.0" and sanction["QuadClass"] == "4"


def test_gdelt_filters(meeting: EventStore) -> None:
    assert len(gdelt_lines(meeting)) == 2
    only_rou = gdelt_lines(meeting, Filters(country="ROU"))
    assert [line.split("\t")[26] for line in only_rou] == ["163"]
    assert gdelt_lines(meeting, Filters(actor="ROUGOV")) == only_rou
    consult = gdelt_lines(meeting, Filters(types=("CONSULT",)))
    assert [line.split("\t")[26] for line in consult] == ["036"]
    assert gdelt_lines(meeting, Filters(doc="reuters/copy.txt")) == consult
    assert gdelt_lines(meeting, Filters(date_from=date(2024, 3, 5))) == only_rou
    on_doc_date = Filters(date_from=date(2024, 3, 3), date_to=date(2024, 3, 3), date_on="document")
    assert gdelt_lines(meeting, on_doc_date) == consult
    assert gdelt_lines(meeting, Filters(modalities=("negated",))) == []


def test_gdelt_actor_and_geo_fields() -> None:
    assert cameo_country("ROU") == "ROM"
    assert cameo_country("TLS") == "TMP"
    assert cameo_country("USA") == "USA"
    assert cameo_country("RUR") == "RUR"  # unknown codes pass through
    person = {"code": "USAGOV", "country": "USA", "sector": "GOV", "text": "he", "person": "Joe X"}
    assert gdelt_actor(person)[:3] == ["USAGOV", "JOE X", "USA"]
    nato = {"code": "NATO", "country": None, "kind": "organisation", "text": "the\talliance"}
    assert gdelt_actor(nato)[:3] == ["NATO", "THE ALLIANCE", ""]
    assert gdelt_actor(None) == [""] * 10
    berlin = {"name": "Berlin", "country": "DEU", "lat": 52.52, "lon": 13.405, "kind": "city"}
    assert gdelt_geo(berlin, None) == ["4", "Berlin, Germany", "GM", "", "", "52.52", "13.405", ""]
    austin = {"name": "Austin", "country": "USA", "admin1": "Texas", "feature_class": "P"}
    assert gdelt_geo(austin, None)[:3] == ["3", "Austin, Texas, United States", "US"]
    crimea = {"name": "Crimea", "country": "UKR", "kind": "region"}
    assert gdelt_geo(crimea, None)[:2] == ["5", "Crimea, Ukraine"]
    texas = {"name": "Texas", "country": "USA", "feature_class": "A"}
    assert gdelt_geo(texas, None)[0] == "2"
    country = {"name": "Nigeria", "country": "NGA", "lat": 10, "lon": 8}
    assert gdelt_geo(country, None) == ["1", "Nigeria", "NI", "NI", "", "10", "8", "NI"]
    assert gdelt_geo({"name": "Africa", "kind": "continent"}, None)[0] == "0"
    # the shape realpolitik.where gives Event.location: feature class and GeoNames id
    ukraine = {"name": "Ukrayina", "country": "UKR", "feature_class": "A", "geonames_id": 690791}
    assert gdelt_geo(ukraine, None)[:4] == ["1", "Ukraine", "UP", "UP"]
    kyiv = {"name": "Kyiv", "country": "UKR", "feature_class": "P", "lat": 50.45, "lon": 30.52}
    assert gdelt_geo(kyiv, None) == ["4", "Kyiv, Ukraine", "UP", "", "", "50.45", "30.52", ""]
    assert gdelt_geo(None, None) == ["0", "", "", "", "", "", "", ""]
    assert gdelt_geo(None, "RUS")[:3] == ["1", "Russia", "RS"]


# --------------------------------------------------------------------------- other formats


def test_parquet_is_readable_by_duckdb(corpus: EventStore, tmp_path: Path) -> None:
    out = tmp_path / "out" / "events.parquet"
    n = export(corpus, out, "parquet")
    assert n == corpus.count("events")
    con = duckdb.connect()
    try:
        rel = con.execute("SELECT * FROM read_parquet(?)", [str(out)])
        names = [c[0] for c in rel.description or ()]
        rows = rel.fetchall()
    finally:
        con.close()
    assert names == [name for name, _ in EVENT_EXPORT_COLUMNS]
    assert len(rows) == n
    first = dict(zip(names, rows[0], strict=True))
    assert isinstance(first["source_codes"], list) and first["merged_id"]

    merged = tmp_path / "merged.parquet"
    assert export(corpus, merged, "parquet", table="merged") == corpus.count("merged_events")
    transfers = tmp_path / "transfers.parquet"
    consult = Filters(types=("CONSULT",))
    assert export(corpus, transfers, "parquet", table="transfers") == corpus.count("transfers")
    filtered = tmp_path / "consult.parquet"
    n_consult = export(corpus, filtered, "parquet", consult)
    assert n_consult == len(corpus.events(filters=consult)) > 0
    with duckdb.connect() as con:
        types = con.execute("SELECT DISTINCT type FROM read_parquet(?)", [str(filtered)])
        assert types.fetchall() == [("CONSULT",)]
        cols = con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [str(merged)]).description
        assert [c[0] for c in cols or ()] == [name for name, _ in MERGED_EXPORT_COLUMNS]


def test_csv(corpus: EventStore, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    n = export(corpus, out, "csv", Filters(country="UKR"))
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [name for name, _ in EVENT_EXPORT_COLUMNS]
    assert len(rows) == n + 1 == len(corpus.events(country="UKR")) + 1
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert all("UKR" in (r["source_countries"] + ";" + r["target_countries"]) for r in records)
    assert {r["reciprocal"] for r in records} <= {"true", "false"}
    no_header = io.StringIO()
    export(corpus, no_header, "csv", Filters(country="UKR"), header=False)
    assert no_header.getvalue().splitlines() == out.read_text(encoding="utf-8").splitlines()[1:]


def test_jsonl(corpus: EventStore) -> None:
    out = io.StringIO()
    n = export(corpus, out, "jsonl", Filters(modalities=("factual",)))
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == n == len(corpus.events(modality="factual"))
    assert all(line["modality"] == "factual" and line["merged_id"] for line in lines)
    assert {line["id"] for line in lines} == {e["id"] for e in corpus.events(modality="factual")}

    merged = io.StringIO()
    export(corpus, merged, "jsonl", table="merged")
    rows = [json.loads(line) for line in merged.getvalue().splitlines()]
    # every merged row says how sure its date is (the representative mention's)
    assert all("date_precision" in r and "date_source" in r for r in rows)
    extra = ("date_precision", "date_source")
    assert [{k: v for k, v in r.items() if k not in extra} for r in rows] == corpus.merged_events()

    for table, count in (("transfers", "transfers"), ("indicators", "indicators")):
        buffer = io.StringIO()
        assert export(corpus, buffer, "jsonl", table=table) == corpus.count(count)
        first = json.loads(buffer.getvalue().splitlines()[0])
        assert first["id"] and first["doc_key"] and first["evidence"]


def test_export_errors(corpus: EventStore, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown export format"):
        export(corpus, io.StringIO(), "xml")
    with pytest.raises(StoreError, match="file path"):
        export(corpus, io.StringIO(), "parquet")
    with pytest.raises(StoreError, match="merged events"):
        export(corpus, io.StringIO(), "gdelt", table="events")
    with pytest.raises(StoreError, match="unknown table"):
        export(corpus, io.StringIO(), "csv", table="actors")
    with pytest.raises(StoreError, match="does not apply"):
        export(corpus, io.StringIO(), "csv", Filters(types=("AID",)), table="indicators")


def test_export_follows_new_writes(tmp_path: Path) -> None:
    spec = Spec("AGREE", "FRA", "DEU", day=3)
    first = build_result("a.txt", [spec], publisher="X", doc_day=3, seed=1)
    with EventStore.open(tmp_path / "s.duckdb", clock=lambda: FIXED_NOW) as store:
        store.write(first)
        [before] = gdelt_lines(store)
        store.write(build_result("b.txt", [replace(spec, day=4)], publisher="Y", doc_day=4, seed=2))
        [after] = gdelt_lines(store)
    assert before.split("\t")[0] == after.split("\t")[0]  # same event, same id
    assert (before.split("\t")[31:34], after.split("\t")[31:34]) == (
        ["1", "1", "1"],
        ["2", "2", "2"],
    )
