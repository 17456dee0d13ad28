"""The workbench endpoints of the dashboard: transfers, exports, coverage, names, sorting,
merged events, name look-up and compression.

The store is filled through ``POST /ingest`` with the invented articles below.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from realpolitik.exports.formats.gdelt import GDELT_COLUMNS
from realpolitik.pipeline import Pipeline
from realpolitik.server import ServerSettings, create_app
from realpolitik.store.columns import EVENT_EXPORT_COLUMNS, TRANSFER_EXPORT_COLUMNS

with warnings.catch_warnings():  # Starlette asks for httpx2 in its test client; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BASE = "http://localhost"
# Invented articles: (date, title, outlet, text).
ARTICLES: tuple[tuple[str, str, str, str], ...] = (
    (
        "2018-03-10",
        "Jets for Caracas",
        "The Daily Invention",
        "Russia delivered 12 Sukhoi Su-30 fighter jets to Venezuela in 2006, officials said. "
        "Syrian rebels attacked government forces near Aleppo. Russian warplanes bombed rebel "
        "positions in Idlib.",
    ),
    (
        "2018-05-02",
        "Ankara deals",
        "Weekly Fiction",
        "The United States agreed to sell 40 F-16 fighter aircraft to Turkey. Turkey and "
        "Russia signed an agreement on gas in Ankara.",
    ),
    (
        "2019-01-15",
        "Damascus strikes",
        "The Daily Invention",
        "Syrian government forces attacked rebels near Idlib. Russia condemned the United "
        "States over its strikes in Syria.",
    ),
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[TestClient]:
    db: Path = tmp_path_factory.mktemp("workbench") / "events.duckdb"
    app = create_app(ServerSettings(db=db, token=None), pipeline=pipeline)
    with TestClient(app, base_url=BASE) as test_client:
        for day, title, outlet, text in ARTICLES:
            body = {"text": text, "date": day, "title": title, "source": outlet}
            response = test_client.post("/ingest", json=body)
            assert response.status_code == 200, response.text
        yield test_client


def _get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --------------------------------------------------------------------------- transfers


def test_transfers_list_supplier_recipient_item_and_evidence(client: TestClient) -> None:
    page = _get(client, "/transfers")
    assert page["total"] == 2
    by_item = {t["item"]: t for t in page["items"]}
    jets = by_item["Sukhoi Su-30 fighter jets"]
    assert (jets["supplier"], jets["recipient"]) == ("RUS", "VEN")
    assert jets["category"] == "combat_aircraft"
    assert jets["quantity"]["value"] == 12
    assert jets["status"] == "delivered" and jets["year"] == "2006"
    assert jets["sentence"].startswith("Russia delivered 12 Sukhoi")
    assert jets["document"] == {
        "date": "2018-03-10",
        "title": "Jets for Caracas",
        "source": "The Daily Invention",
    }
    assert page["items"][0]["document"]["date"] == "2018-05-02"  # newest article first


def test_transfers_filter_by_state_name_and_period(client: TestClient) -> None:
    assert _get(client, "/transfers", state="VEN")["total"] == 1
    assert _get(client, "/transfers", state="venezuela")["total"] == 1
    assert _get(client, "/transfers", state="Turkey")["items"][0]["supplier"] == "USA"
    assert _get(client, "/transfers", state="RUS", since="2018-04-01")["total"] == 0
    assert _get(client, "/transfers", since="2018-04-01", until="2018-12-31")["total"] == 1
    bad = client.get("/transfers", params={"since": "2019-01-01", "until": "2018-01-01"})
    assert bad.status_code == 400 and "before" in bad.json()["detail"]
    assert client.get("/transfers", params={"since": "2018-13-01"}).status_code == 422


def test_extract_answers_transfers_with_offsets(client: TestClient) -> None:
    text = "Title: Deal\n\nThe United States agreed to sell 40 F-16 fighter aircraft to Turkey."
    answer = client.post("/extract", json={"text": text, "date": "2018-05-02"}).json()
    (transfer,) = answer["transfers"]
    assert (transfer["supplier"], transfer["recipient"]) == ("USA", "TUR")
    start, end = transfer["sentence_start"], transfer["sentence_end"]
    assert text[start:end] == transfer["sentence"]


# --------------------------------------------------------------------------- exports


def test_export_events_csv_holds_what_the_table_lists(client: TestClient) -> None:
    filters = {"actor": "Syria", "type": "ASSAULT", "since": "2018-01-01", "until": "2018-12-31"}
    table = _get(client, "/events", limit=500, **filters)
    assert table["total"] >= 1
    response = client.get("/export/events", params={"format": "csv", **filters})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "events-SYR-ASSAULT" in disposition
    rows = _rows(response.text)
    assert list(rows[0]) == [name for name, _ in EVENT_EXPORT_COLUMNS]
    assert [r["event_id"] for r in rows] == [e["id"] for e in table["items"]]
    assert {r["type"] for r in rows} == {"ASSAULT"}


def test_export_events_json_and_gdelt(client: TestClient) -> None:
    every = _get(client, "/events", limit=500)
    lines = client.get("/export/events", params={"format": "json"}).text.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == [e["id"] for e in every["items"]]
    assert all("merged_id" in r and "doc_key" in r for r in records)
    gdelt = client.get("/export/events", params={"format": "gdelt", "actor": "RUS"})
    assert gdelt.headers["content-type"].startswith("text/tab-separated-values")
    head, *rows = gdelt.text.splitlines()
    assert head.split("\t") == list(GDELT_COLUMNS)
    assert rows and all(len(r.split("\t")) == 61 for r in rows)
    merged = _get(client, "/events", limit=500, actor="RUS", merged=True)
    assert len(rows) == merged["total"]


def test_export_transfers_and_refusals(client: TestClient) -> None:
    response = client.get("/export/transfers", params={"state": "VEN"})
    rows = _rows(response.text)
    assert list(rows[0]) == [name for name, _ in TRANSFER_EXPORT_COLUMNS]
    assert [(r["supplier"], r["recipient"]) for r in rows] == [("RUS", "VEN")]
    assert 'filename="transfers-VEN.csv"' in response.headers["content-disposition"]
    lines = client.get("/export/transfers", params={"format": "json"}).text.splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["id"]
    refused = client.get("/export/transfers", params={"format": "gdelt"})
    assert refused.status_code == 400 and "csv or json" in refused.json()["detail"]
    assert client.get("/export/events", params={"format": "xlsx"}).status_code == 422
    bad = client.get("/export/events", params={"type": "NOPE"})
    assert bad.status_code == 400 and "\n" not in bad.json()["detail"]


def test_export_of_hostile_filters_is_empty_not_broken(client: TestClient) -> None:
    for hostile in ("' OR 1=1 --", 'x"; DROP TABLE events; --', "<script>alert(1)</script>"):
        response = client.get("/export/events", params={"q": hostile, "place": hostile})
        assert response.status_code == 200
        assert len(_rows(response.text)) == 0
        assert '"' not in response.headers["content-disposition"].split('filename="')[1][:-1]
    assert _get(client, "/health")["events"] > 0


# --------------------------------------------------------------------------- the table


def test_name_look_up_finds_the_code(client: TestClient) -> None:
    by_code = _get(client, "/events", actor="SYR", limit=500)
    assert by_code["total"] > 0
    assert _get(client, "/events", actor="Syria", limit=500) == by_code
    assert _get(client, "/events", actor="syria", limit=500)["total"] == by_code["total"]
    pair = _get(client, "/events", actor="Russia", partner="United States")
    assert pair["total"] == _get(client, "/events", actor="RUS", partner="USA")["total"] > 0


def test_place_filter(client: TestClient) -> None:
    idlib = _get(client, "/events", place="Idlib", limit=500)
    assert idlib["total"] >= 1
    assert all(e["place"]["name"] == "Idlib" for e in idlib["items"])


def test_sortable_columns(client: TestClient) -> None:
    newest = [e["date"] for e in _get(client, "/events", limit=500)["items"]]
    oldest = [e["date"] for e in _get(client, "/events", limit=500, sort="date")["items"]]
    assert oldest == sorted(oldest) and newest == sorted(newest, reverse=True)
    types = [e["type"] for e in _get(client, "/events", limit=500, sort="type")["items"]]
    assert types == sorted(types)
    bad = client.get("/events", params={"sort": "payload; DROP"})
    assert bad.status_code == 400 and "unknown sort" in bad.json()["detail"]


def test_merged_keeps_one_mention_per_merged_event(client: TestClient) -> None:
    every = _get(client, "/events", limit=500)
    merged = _get(client, "/events", limit=500, merged=True)
    assert 0 < merged["total"] <= every["total"]
    assert {e["id"] for e in merged["items"]} <= {e["id"] for e in every["items"]}


# --------------------------------------------------------------------------- coverage, names


def test_coverage_by_month(client: TestClient) -> None:
    body = _get(client, "/coverage")
    months = {m["month"]: m["events"] for m in body["months"]}
    assert {"2018-03", "2018-05", "2019-01"} <= set(months)
    assert (
        sum(months.values()) + body["undated"] + body["outside"]
        <= _get(client, "/health")["events"]
    )
    assert body["first"] <= "2018-03-10" and body["last"] >= "2019-01-15"


def test_names_give_words_beside_codes(client: TestClient) -> None:
    body = _get(client, "/names")
    assert body["countries"]["SYR"] == "Syria"
    assert body["sectors"]["REB"] == "rebels" and body["sectors"]["GOV"] == "government"
    assert body["sectors"]["IMG"]
    assert "GOV" in body["state_sectors"] and "REB" not in body["state_sectors"]


def test_chart_library_and_answers_are_served_compressed(client: TestClient) -> None:
    gzip = {"Accept-Encoding": "gzip"}
    page = client.get("/events", params={"limit": 500}, headers=gzip)
    assert page.headers.get("content-encoding") == "gzip"
    assert page.json()["total"] > 0  # the client decompresses it
    library = client.get("/static/vendor/echarts.min.js", headers=gzip)
    if library.status_code == 404:
        pytest.skip("dashboard assets not built")
    assert library.headers.get("content-encoding") == "gzip"
    assert int(library.headers.get("content-length", "0")) < 600_000
