"""Issue 16: event dates an analyst can use, in every export.

An undated article (written here for the test) is read against its date window; the
CSV, JSON lines and Parquet exports say how sure each date is (``date_precision``,
``date_source``); GDELT rows load with GDELT 2.0's own column types.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from realpolitik.exports import export
from realpolitik.exports.formats.gdelt import gdelt_day, lead_paragraph
from realpolitik.model import DocumentResult
from realpolitik.pipeline import Pipeline
from realpolitik.store.duckdb_store import EventStore

ARTICLE = """Caracas and Moscow seal a new partnership

Venezuelan President Hugo Chávez met on July 22 in Moscow with President Dmitry Medvedev \
and Prime Minister Vladimir Putin. The two governments signed an energy agreement.

The Bush administration criticised the visit. Russian officials said Russia would sell \
fighter jets to Venezuela.
"""

# GDELT 2.0 Events, from the GDELT Event Codebook V2.0: name and type of every column, in
# order. INTEGER and FLOAT columns marked "!" must hold a value on every row; the others
# may be empty (GDELT leaves them blank when unknown).
_GDELT_2_0_TYPES_TEXT = """
GLOBALEVENTID INTEGER! SQLDATE INTEGER! MonthYear INTEGER! Year INTEGER! FractionDate FLOAT!
Actor1Code STRING Actor1Name STRING Actor1CountryCode STRING Actor1KnownGroupCode STRING
Actor1EthnicCode STRING Actor1Religion1Code STRING Actor1Religion2Code STRING
Actor1Type1Code STRING Actor1Type2Code STRING Actor1Type3Code STRING
Actor2Code STRING Actor2Name STRING Actor2CountryCode STRING Actor2KnownGroupCode STRING
Actor2EthnicCode STRING Actor2Religion1Code STRING Actor2Religion2Code STRING
Actor2Type1Code STRING Actor2Type2Code STRING Actor2Type3Code STRING
IsRootEvent INTEGER! EventCode STRING EventBaseCode STRING EventRootCode STRING
QuadClass INTEGER! GoldsteinScale FLOAT! NumMentions INTEGER! NumSources INTEGER!
NumArticles INTEGER! AvgTone FLOAT!
Actor1Geo_Type INTEGER! Actor1Geo_FullName STRING Actor1Geo_CountryCode STRING
Actor1Geo_ADM1Code STRING Actor1Geo_ADM2Code STRING Actor1Geo_Lat FLOAT Actor1Geo_Long FLOAT
Actor1Geo_FeatureID STRING
Actor2Geo_Type INTEGER! Actor2Geo_FullName STRING Actor2Geo_CountryCode STRING
Actor2Geo_ADM1Code STRING Actor2Geo_ADM2Code STRING Actor2Geo_Lat FLOAT Actor2Geo_Long FLOAT
Actor2Geo_FeatureID STRING
ActionGeo_Type INTEGER! ActionGeo_FullName STRING ActionGeo_CountryCode STRING
ActionGeo_ADM1Code STRING ActionGeo_ADM2Code STRING ActionGeo_Lat FLOAT ActionGeo_Long FLOAT
ActionGeo_FeatureID STRING
DATEADDED INTEGER! SOURCEURL STRING
"""
GDELT_2_0_TYPES = _GDELT_2_0_TYPES_TEXT.split()
GDELT_TYPES = list(zip(GDELT_2_0_TYPES[::2], GDELT_2_0_TYPES[1::2], strict=True))


def read_gdelt(text: str) -> list[dict[str, object]]:
    """A reader of GDELT 2.0 event files: 61 tab-separated columns, typed as GDELT's."""
    assert len(GDELT_TYPES) == 61
    rows = []
    for line in text.splitlines():
        cells = line.split("\t")
        assert len(cells) == 61, line
        row: dict[str, object] = {}
        for (name, kind), cell in zip(GDELT_TYPES, cells, strict=True):
            required = kind.endswith("!")
            kind = kind.rstrip("!")
            if cell == "":
                assert not required, f"{name} is empty"
                row[name] = None
            elif kind == "INTEGER":
                row[name] = int(cell)
            elif kind == "FLOAT":
                row[name] = float(cell)
            else:
                row[name] = cell
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def undated(pipeline: Pipeline) -> DocumentResult:
    return pipeline.extract(ARTICLE, doc_id="caracas.txt")


@pytest.fixture()
def store(tmp_path: Path, undated: DocumentResult) -> Iterator[EventStore]:
    store = EventStore.open(tmp_path / "events.duckdb")
    store.write(undated)
    yield store
    store.close()


def test_undated_article_dates_its_events_by_the_window(undated: DocumentResult) -> None:
    window = undated.date_window
    assert window is not None and (window.start, window.end) == (
        date(2008, 5, 8),
        date(2009, 1, 20),
    )
    met = next(e for e in undated.events if e.evidence.trigger == "met")
    assert met.date == {
        "text": "July 22",
        "value": "2008-07-22",
        "precision": "day",
        "source": "window",
    }
    others = [e for e in undated.events if e is not met]
    assert others and all(e.date and e.date["source"] == "window" for e in others)
    assert all(e.date and e.date["value"] == "2008-05-08/2009-01-20" for e in others)


def test_csv_json_and_parquet_say_how_sure_each_date_is(store: EventStore, tmp_path: Path) -> None:
    out = io.StringIO()
    export(store, out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and all(r["date_source"] == "window" for r in rows)
    assert {r["date_precision"] for r in rows} == {"day", "range"}
    met = next(r for r in rows if r["trigger"] == "met")
    assert (met["date_value"], met["date_precision"]) == ("2008-07-22", "day")

    out = io.StringIO()
    export(store, out, "jsonl")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {(r["date_precision"], r["date_source"]) for r in records} == {
        ("day", "window"),
        ("range", "window"),
    }

    path = tmp_path / "events.parquet"
    export(store, path, "parquet")
    got = duckdb.sql(f"SELECT date_precision, date_source FROM read_parquet('{path}')").fetchall()
    assert set(got) == {("day", "window"), ("range", "window")}

    merged = io.StringIO()
    export(store, merged, "csv", table="merged")
    merged_rows = list(csv.DictReader(io.StringIO(merged.getvalue())))
    assert merged_rows and all(r["date_source"] == "window" for r in merged_rows)


def test_gdelt_rows_load_with_gdelt_types(store: EventStore) -> None:
    out = io.StringIO()
    export(store, out, "gdelt")
    rows = read_gdelt(out.getvalue())
    assert len(rows) == store.count("merged_events")
    assert all(r["NumSources"] >= 1 and r["AvgTone"] == 0.0 for r in rows)  # type: ignore[operator]
    meeting = next(r for r in rows if str(r["EventCode"]).startswith("04"))
    assert meeting["SQLDATE"] == 20080722 and meeting["IsRootEvent"] == 1
    # Events without a day of their own sit at the middle of the window.
    undated_days = {r["SQLDATE"] for r in rows if r is not meeting}
    assert undated_days and undated_days == {20080913}
    # The lead paragraph's events are root events; the later paragraph's are not.
    sell = [r for r in rows if str(r["EventCode"]).startswith(("06", "07"))]
    assert all(r["IsRootEvent"] == 0 for r in sell)


def test_gdelt_day_fallbacks() -> None:
    day = date(2008, 7, 22)
    added = datetime(2024, 6, 1, 12)
    assert gdelt_day(day, None, None, None, (None, None), added) == (day, "day")
    assert gdelt_day(None, date(2007, 1, 1), date(2007, 12, 31), None, (None, None), added) == (
        date(2007, 7, 2),
        "period",
    )
    assert gdelt_day(None, None, None, day, (None, None), added) == (day, "article")
    window = (date(2008, 5, 8), date(2009, 1, 20))
    assert gdelt_day(None, None, None, None, window, added) == (date(2008, 9, 13), "window")
    assert gdelt_day(None, None, None, None, (None, None), added) == (date(2024, 6, 1), "added")


def test_lead_paragraph_skips_the_headline_and_header_lines() -> None:
    start, end = lead_paragraph(ARTICLE)
    assert ARTICLE[start:end].strip().startswith("Venezuelan President")
    assert "Bush administration" not in ARTICLE[start:end]
    text = "Title: Talks\nDate: 2021-06-16\n\nThe ministers met. They agreed.\n\nMore."
    start, end = lead_paragraph(text)
    assert "ministers met" in text[start:end] and "More" not in text[start:end]
