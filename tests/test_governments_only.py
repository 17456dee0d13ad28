"""Governments only (``relations/state.py``): Syrian rebels fight Turkey while the two
governments cooperate. Counting every actor, Syria and Turkey are in conflict; counting
only the events between governments, they cooperate (issue 15, item 4).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from realpolitik import relations
from realpolitik.errors import UsageError
from realpolitik.model import Document
from realpolitik.pipeline import Pipeline
from realpolitik.relations.state import STATE_SECTORS, check_actors, state_only_sql
from realpolitik.server import ServerSettings, create_app
from realpolitik.store.duckdb_store import EventStore

with warnings.catch_warnings():  # Starlette asks for httpx2 in its test client; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Invented articles: (date, title, text). Rebels of Syria attack Turkey three times; the
# governments of Syria and Turkey cooperate.
REBELS_AND_GOVERNMENTS: tuple[tuple[str, str, str], ...] = (
    (
        "2018-03-10",
        "Border clashes",
        "Syrian rebels attacked Turkish troops near Afrin. Syrian rebels shelled Turkish "
        "soldiers in Kilis. Rebels from Syria ambushed a Turkish army convoy.",
    ),
    (
        "2018-03-20",
        "A trade deal",
        "The Syrian government and the Turkish government signed a trade agreement. Syrian "
        "President Bashar al-Assad praised the Turkish government.",
    ),
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    path = tmp_path_factory.mktemp("governments") / "events.duckdb"
    documents = [
        Document(doc_id=title, text=text, date=date.fromisoformat(day), title=title)
        for day, title, text in REBELS_AND_GOVERNMENTS
    ]
    with EventStore.open(path) as store:
        for result in pipeline.run(documents):
            store.write(result)
    return path


def _edge(frame: Any, a: str, b: str) -> Any:
    lo, hi = sorted((a, b))
    rows = frame[(frame["a"] == lo) & (frame["b"] == hi)]
    assert len(rows) == 1, frame
    return rows.iloc[0]


# --------------------------------------------------------------------------- which actors


@pytest.mark.parametrize(
    ("codes", "countries", "state"),
    [
        (["SYRGOV"], ["SYR"], True),
        (["SYR"], ["SYR"], True),  # "Syria said": the state itself
        (["USAGOVLEG"], ["USA"], True),
        (["RUSMIL", "RUSGOV"], ["RUS"], True),
        (["SYRREB"], ["SYR"], False),
        (["SYRGOV", "SYRREB"], ["SYR"], False),  # a side with rebels on it is not a state
        (["IMGREBISLGOV"], [], False),
        (["---GOV"], [], False),
        (["REG"], [], False),  # three letters, not a country
        (["NGONORREF"], ["NOR"], False),
        ([], [], False),
    ],
)
def test_which_sides_are_states(codes: list[str], countries: list[str], state: bool) -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE events (source_codes VARCHAR[], source_countries VARCHAR[], "
        "target_codes VARCHAR[], target_countries VARCHAR[])"
    )
    con.execute("INSERT INTO events VALUES (?, ?, ['TURGOV'], ['TUR'])", [codes, countries])
    (found,) = con.execute(f"SELECT {state_only_sql('e')} FROM events e").fetchone() or (None,)
    assert found is state


def test_the_sectors_are_defined_once() -> None:
    from realpolitik.server import workbench

    assert STATE_SECTORS == ("GOV", "MIL", "LEG", "JUD", "COP", "SPY")
    assert workbench.names()["state_sectors"] == list(STATE_SECTORS)
    assert check_actors("state") == "state"
    with pytest.raises(UsageError, match="all or state"):
        check_actors("rebels")


# --------------------------------------------------------------------------- relations


def test_rebels_make_conflict_governments_cooperate(db: Path) -> None:
    with relations.open(db) as rel:
        every = _edge(rel.network(), "SYR", "TUR")
        governments = _edge(rel.network(actors="state"), "SYR", "TUR")
        assert every["index"] < -0.5 and every["conflict"] < 0
        assert governments["index"] > 0.5 and governments["conflict"] == 0
        assert governments["n_events"] < every["n_events"]
        assert rel.index("SYR", "TUR")["index"].iloc[0] < 0
        assert rel.index("SYR", "TUR", actors="state")["index"].iloc[0] > 0
        # Actor codes: the Syrian government's relation with Turkey, governments only.
        assert rel.index("SYRGOV", "TUR", actors="state")["index"].iloc[0] > 0
        assert rel.index("SYRREB", "TUR", actors="state")["n_events"].iloc[0] == 0
        # The switch does not change what every actor gives (the tables are apart).
        assert _edge(rel.network(), "SYR", "TUR")["index"] == every["index"]
        blocs = rel.blocs(actors="state")
        assert set(blocs["country"]) == {"SYR", "TUR"}
        assert blocs["bloc"].nunique() == 1  # cooperating governments: one bloc


# --------------------------------------------------------------------------- the API


@pytest.fixture(scope="module")
def client(db: Path, pipeline: Pipeline) -> Iterator[TestClient]:
    app = create_app(ServerSettings(db=db, token=None), pipeline=pipeline)
    with TestClient(app, base_url="http://localhost") as test_client:
        yield test_client


def _get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_map_and_the_dyad_switch(client: TestClient) -> None:
    every = _get(client, "/relations/SYR")
    governments = _get(client, "/relations/SYR", actors="state")
    assert every["actors"] == "all" and governments["actors"] == "state"
    (turkey,) = [p for p in every["partners"] if p["country"] == "TUR"]
    (turkey_gov,) = [p for p in governments["partners"] if p["country"] == "TUR"]
    assert turkey["index"] < -0.5 < 0.5 < turkey_gov["index"]
    dyad = _get(client, "/dyads/SYR/TUR", since="2018-01-01", until="2018-12-31")
    dyad_gov = _get(client, "/dyads/SYR/TUR", actors="state", since="2018-01-01")
    assert dyad["index"]["index"] < 0 < dyad_gov["index"]["index"]
    march = {r["period"]: r for r in dyad_gov["series"]}["2018-03"]
    assert march["n_events"] == dyad_gov["index"]["n_events"] >= 1
    blocs = _get(client, "/blocs", actors="state")
    assert blocs["actors"] == "state" and len(blocs["blocs"]) == 1
    assert client.get("/relations/SYR", params={"actors": "rebels"}).status_code == 422
    assert client.get("/dyads/SYR/TUR", params={"actors": "x"}).status_code == 422


def test_the_command_line_switch(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from realpolitik.cli import main

    assert main(["dyad", "SYR", "TUR", "--db", str(db), "--format", "json"]) == 0
    every = capsys.readouterr()
    assert main(["dyad", "SYR", "TUR", "--db", str(db), "--governments-only"]) == 0
    governments = capsys.readouterr()
    assert "index -" in every.err and "index +" in governments.err
    assert main(["blocs", "--db", str(db), "--governments-only", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("country,bloc") and len(rows) == 3  # Syria and Turkey


def _codes(item: dict[str, Any]) -> set[str]:
    return {side["code"] for side in (item["source"], item["target"]) if side}


def test_the_event_table_switch(client: TestClient) -> None:
    every = _get(client, "/events", actor="SYR", partner="TUR", limit=50)
    governments = _get(client, "/events", actor="SYR", partner="TUR", actors="state", limit=50)
    assert every["total"] > governments["total"] > 0
    rebels = [i for i in every["items"] if any("REB" in c for c in _codes(i))]
    assert rebels  # the rebels' attacks are events of Syria and Turkey ...
    for item in governments["items"]:  # ... but not between governments
        assert not any("REB" in c for c in _codes(item))
        assert item["type"] != "ASSAULT"
    assert _get(client, "/events", actors="all") == _get(client, "/events")
    # A download holds what the table lists, and says so in its name.
    response = client.get("/export/events", params={"actors": "state", "format": "json"})
    assert response.status_code == 200, response.text
    assert "governments" in response.headers["content-disposition"]
    exported = {json.loads(line)["id"] for line in response.text.splitlines()}
    assert exported == {i["id"] for i in _get(client, "/events", actors="state")["items"]}
    for path in ("/events", "/export/events"):
        bad = client.get(path, params={"actors": "rebels"})
        assert bad.status_code == 422 and "\n" not in bad.json()["detail"], bad.text


def test_the_brief_switch(client: TestClient) -> None:
    window = {"since": "2018-03-01", "until": "2018-03-31"}
    every = _get(client, "/brief", **window)
    governments = _get(client, "/brief", actors="state", **window)
    assert every["actors"] == "all" and governments["actors"] == "state"
    assert governments["totals"]["stories"] < every["totals"]["stories"]
    # Every actor: the rebels' attacks weigh most; governments only: the trade deal.
    index = {(d["a"], d["b"]): d["index"] for d in every["rose"] + every["fell"]}
    gov_index = {(d["a"], d["b"]): d["index"] for d in governments["rose"] + governments["fell"]}
    assert index[("SYR", "TUR")] < 0 < gov_index[("SYR", "TUR")]
    markdown = client.get("/brief", params={"actors": "state", "format": "markdown", **window})
    assert markdown.status_code == 200
    assert markdown.text.startswith("# Relations brief (governments only)")
    store = client.get("/store/brief", params={"actors": "state", **window})
    assert store.status_code == 200 and "(governments only)" in store.text.splitlines()[0]
    for path in ("/brief", "/store/brief"):
        assert client.get(path, params={"actors": "x", **window}).status_code == 422


def test_the_command_line_brief_switch(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from realpolitik.cli import main

    args = ["brief", "--db", str(db), "--since", "2018-03-01", "--until", "2018-03-31"]
    assert main([*args, "--format", "json"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert main([*args, "--format", "json", "--governments-only"]) == 0
    governments = json.loads(capsys.readouterr().out)
    assert main([*args, "--format", "json", "--actors", "state"]) == 0
    assert json.loads(capsys.readouterr().out) == governments
    assert every["actors"] == "all" and governments["actors"] == "state"
    assert governments["totals"]["stories"] < every["totals"]["stories"]
    assert main([*args, "--governments-only"]) == 0
    assert capsys.readouterr().out.startswith("# Relations brief (governments only)")
    for command in (args, ["dyad", "SYR", "TUR", "--db", str(db)]):
        assert main([*command, "--actors", "rebels"]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.strip() == "error: actors must be all or state, not 'rebels'"


# --------------------------------------------------------------------------- the paste box

UNDATED = "Venezuelan President Hugo Chávez met President Dmitry Medvedev in Moscow."


def test_extract_gives_an_undated_articles_window(client: TestClient) -> None:
    body = client.post("/extract", json={"text": UNDATED}).json()
    window = body["document"]["date_window"]
    assert body["document"]["date"] is None
    assert window["start"] >= "2008-05-07" and window["end"] <= "2012-05-07"
    assert any("Medvedev" in reason for reason in window["reasons"])
    dated = client.post("/extract", json={"text": UNDATED, "date": "2010-01-05"}).json()
    assert dated["document"] == {"title": None, "date": "2010-01-05"}  # no window: dated
