"""The founding article (../shared/seeds/) must come out right. Skipped when shared/ is absent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from realpolitik import relations
from realpolitik.ingest.text import make_document
from realpolitik.model import DocumentResult, Event
from realpolitik.pipeline import Pipeline
from realpolitik.store.duckdb_store import EventStore

from .conftest import SHARED

SEED = SHARED / "seeds" / "000_baa6216354e05cda.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not present")


@pytest.fixture(scope="module")
def seed(pipeline: Pipeline) -> DocumentResult:
    document = make_document(SEED.read_text("utf-8"), str(SEED))
    return next(pipeline.run([document]))


def countries(event: Event) -> tuple[set[str], set[str]]:
    return (
        {a.country for a in event.source if a.country},
        {a.country for a in event.target if a.country},
    )


def find(result: DocumentResult, *, words: tuple[str, ...], types: tuple[str, ...]) -> list[Event]:
    return [
        e for e in result.events if e.type in types and all(w in e.evidence.sentence for w in words)
    ]


def test_moscow_meeting(seed: DocumentResult) -> None:
    meetings = find(seed, words=("met on July 22",), types=("CONSULT",))
    assert meetings
    src, tgt = countries(meetings[0])
    assert src | tgt == {"VEN", "RUS"}
    assert meetings[0].modality == "factual"


def test_military_alliance(seed: DocumentResult) -> None:
    alliance = find(seed, words=("alliance",), types=("AGREE", "COOPERATE"))
    assert any(
        countries(e)[0] | countries(e)[1] == {"VEN", "RUS"} and e.context == "military"
        for e in alliance
    )


def test_tank_acquisition_is_planned_russia_to_venezuela(seed: DocumentResult) -> None:
    tanks = find(seed, words=("tanks",), types=("COOPERATE", "AID", "AGREE"))
    assert any(e.modality == "planned" and countries(e) == ({"RUS"}, {"VEN"}) for e in tanks)


def test_submarines_and_an74_are_speculative_and_attributed(seed: DocumentResult) -> None:
    deals = [
        e
        for e in find(seed, words=("submarines", "AN-74"), types=("COOPERATE", "AID", "AGREE"))
        if any("submarines" in m or "AN-74" in m for m in e.extras.get("materiel", []))
    ]
    assert deals
    for e in deals:
        assert e.modality == "speculative"
        assert countries(e) == ({"RUS"}, {"VEN"})
        assert e.attribution is not None and e.attribution.country == "USA"
    materiel = " ".join(m for e in deals for m in e.extras.get("materiel", []))
    assert "submarines" in materiel and "AN-74" in materiel


def test_arms_transactions_since_2006_are_factual(seed: DocumentResult) -> None:
    arms = find(seed, words=("Since 2006",), types=("COOPERATE", "AID"))
    assert any(e.modality == "factual" and countries(e) == ({"RUS"}, {"VEN"}) for e in arms)


def test_russian_technicians_train_venezuelans(seed: DocumentResult) -> None:
    training = find(seed, words=("technicians",), types=("COOPERATE",))
    assert any(e.modality == "factual" and countries(e) == ({"RUS"}, {"VEN"}) for e in training)


def test_russia_against_washington_is_conflictual(seed: DocumentResult) -> None:
    shield = find(
        seed,
        words=("missile shield",),
        types=("ACCUSE", "THREATEN", "PROTEST", "REJECT", "SANCTION", "COERCE"),
    )
    assert any(countries(e) == ({"RUS"}, {"USA"}) and e.quad_class in (3, 4) for e in shield)


def test_washington_is_an_actor_not_a_place(seed: DocumentResult) -> None:
    start = seed.document.text.index("Washington desires")
    readings = {t.reading for t in seed.toponyms if t.start == start}
    assert readings == {"actor"}
    assert not any(
        e.modality == "factual" and "submarines" in e.evidence.sentence for e in seed.events
    )


def test_arms_transfer_records(seed: DocumentResult) -> None:
    records = {(t.category, t.status) for t in seed.transfers}
    assert all((t.supplier, t.recipient) == ("RUS", "VEN") for t in seed.transfers)
    assert ("armoured_vehicle", "negotiating") in records
    assert ("submarine", "rumoured") in records
    assert ("transport_aircraft", "rumoured") in records
    assert ("production_facility", "negotiating") in records
    for category in ("small_arms", "combat_aircraft", "helicopter"):
        assert (category, "delivered") in records
    delivered = [t for t in seed.transfers if t.status == "delivered"]
    assert all(t.year == "2006" for t in delivered)


def test_trade_indicator(seed: DocumentResult) -> None:
    trade = [i for i in seed.indicators if i.metric == "trade_volume"]
    assert trade and set(trade[0].countries) == {"VEN", "RUS"}
    assert trade[0].value == 1e9 and trade[0].unit == "USD" and trade[0].as_of == "2007"


def test_undated_article_gets_a_window(seed: DocumentResult) -> None:
    window = seed.date_window
    assert window is not None and window.start is not None and window.end is not None
    assert window.start.isoformat() >= "2008-05-01" and window.end.isoformat() <= "2009-01-31"
    assert any("Medvedev" in reason for reason in window.reasons)


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
@pytest.mark.slow
def test_relations_of_the_founding_article(pipeline: Pipeline, tmp_path: Path, dated: bool) -> None:
    """Venezuela and Russia cooperate, each is hostile to the US, blocs {VEN, RUS} v {USA};
    undated, the article still counts, at the middle of its date window."""
    day = date(2008, 7, 24) if dated else None
    document = make_document(SEED.read_text("utf-8"), str(SEED), article_date=day)
    result = next(pipeline.run([document]))
    with EventStore.open(tmp_path / "seed.duckdb") as store:
        store.write(result)
    with relations.open(tmp_path / "seed.duckdb") as rel:
        assert rel.index("VEN", "RUS").iloc[0]["index"] > 2.0
        for country in ("VEN", "RUS"):
            assert rel.index(country, "USA").iloc[0]["index"] < 0
        blocs = rel.blocs("2008")
        groups = {frozenset(g["country"]) for _, g in blocs.groupby("bloc")}
        assert groups == {frozenset({"VEN", "RUS"}), frozenset({"USA"})}


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_moscow_meeting_is_dated_2008_07_22(pipeline: Pipeline, dated: bool) -> None:
    """ "met on July 22": with ``--date 2008-07-24`` from its clause; undated, the window
    (2008-05-08 – 2009-01-20) holds one July 22, and the output says the window decided."""
    day = date(2008, 7, 24) if dated else None
    document = make_document(SEED.read_text("utf-8"), str(SEED), article_date=day)
    result = next(pipeline.run([document]))
    meeting = find(result, words=("met on July 22",), types=("CONSULT",))[0]
    assert meeting.date is not None
    assert meeting.date["value"] == "2008-07-22" and meeting.date["precision"] == "day"
    assert meeting.date["source"] == ("clause" if dated else "window")
    # An event of the undated article with no date of its own takes the window.
    others = [e for e in result.events if e.date and e.date.get("text") is None]
    assert others
    for event in others:
        if dated:
            assert event.date == {
                "text": None,
                "value": "2008-07-24",
                "precision": "day",
                "source": "article",
            }
        else:
            assert event.date["source"] == "window" and event.date["precision"] == "range"
            assert event.date["value"] == "2008-05-08/2009-01-20"
