"""The gazetteer, place names read as places or actors, and where events happen."""

from __future__ import annotations

from typing import Any

import pytest

from realpolitik.actors.recognise import ActorRecogniser
from realpolitik.model import Toponym
from realpolitik.pipeline import Pipeline
from realpolitik.where import (
    Candidate,
    Gazetteer,
    default_gazetteer,
    event_location,
    find_places,
)
from realpolitik.where.gazetteer import name_key

MOSCOW = (55.75, 37.62)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def parse(pipeline: Pipeline, text: str) -> tuple[Any, list[Toponym]]:
    doc = pipeline.nlp(text)
    actors = ActorRecogniser(pipeline.actor_lexicon)(doc, None)
    return doc, find_places(doc, actors)


def place(pipeline: Pipeline, text: str, name: str, nth: int = 0) -> Toponym:
    _, toponyms = parse(pipeline, text)
    found = [t for t in toponyms if t.text == name]
    assert len(found) > nth, f"{name!r} not among {[t.text for t in toponyms]}"
    return found[nth]


def location(pipeline: Pipeline, text: str, trigger: str) -> dict[str, Any] | None:
    doc, toponyms = parse(pipeline, text)
    token = next(t for t in doc if t.text == trigger)
    return event_location(token, toponyms)


# -- the gazetteer -----------------------------------------------------------------------


def test_lookup_ranks_the_capital_before_namesakes(gaz: Gazetteer) -> None:
    found = gaz.lookup("Moscow")
    assert found[0].country == "RUS" and found[0].kind == "capital"
    assert found[0].lat == pytest.approx(MOSCOW[0], abs=0.05)
    assert found[0].geonames_id == 524901
    assert any(c.country == "USA" for c in found[1:])  # Moscow, Idaho


def test_country_and_us_state_share_a_name(gaz: Gazetteer) -> None:
    found = gaz.lookup("Georgia")
    assert [c.kind for c in found[:2]] == ["country", "region"]
    assert (found[0].country, found[0].feature_class) == ("GEO", "A")
    assert (found[1].country, found[1].admin1) == ("USA", "GA")


def test_alternate_names_accents_and_abbreviations(gaz: Gazetteer) -> None:
    assert gaz.lookup("Kiev")[0].name == "Kyiv"
    assert gaz.lookup("Bogotá")[0] == gaz.lookup("BOGOTA")[0]
    assert gaz.lookup("N.J.")[0].name == "New Jersey"
    assert gaz.lookup("Holy See")[0].country == "VAT"
    assert gaz.lookup("South China Sea")[0].feature_class == "H"
    assert gaz.lookup("Atlantis Major") == []
    assert name_key("Côte d’Ivoire") == "cote d'ivoire"


def test_countries_capitals_and_neighbours(gaz: Gazetteer) -> None:
    russia = gaz.country("RUS")
    assert russia is not None and (russia.lat, russia.lon) == (60.0, 100.0)
    capital = gaz.capital("USA")
    assert capital is not None and capital.name == "Washington" and capital.admin1 == "DC"
    assert "LBY" in gaz.neighbours("EGY")
    assert gaz.by_id(524901) is not None


def test_containment() -> None:
    texas = Candidate(4736286, "Texas", "USA", "A", 31.25, -99.25, 0, "region", "TX")
    paris_tx = Candidate(4717560, "Paris", "USA", "P", 33.66, -95.56, 24782, "city", "TX")
    paris_fr = Candidate(2988507, "Paris", "FRA", "P", 48.85, 2.35, 2138551, "capital", "11")
    assert texas.contains(paris_tx)
    assert not texas.contains(paris_fr)


# -- places and actors -------------------------------------------------------------------


def test_met_in_moscow_is_a_place_in_russia(pipeline: Pipeline) -> None:
    t = place(pipeline, "Russian and Chinese officials met in Moscow on Tuesday.", "Moscow")
    assert (t.reading, t.country, t.feature_class) == ("place", "RUS", "P")
    assert t.lat == pytest.approx(MOSCOW[0], abs=0.05)
    assert t.lon == pytest.approx(MOSCOW[1], abs=0.05)
    assert not t.guessed


def test_capital_that_acts_is_an_actor_with_its_states_point(pipeline: Pipeline) -> None:
    t = place(pipeline, "Moscow rejected the proposal on Monday.", "Moscow")
    assert (t.reading, t.country) == ("actor", "RUS")
    assert (t.lat, t.lon) == (60.0, 100.0)
    t = place(pipeline, "Moscow's challenge alarmed its neighbours.", "Moscow")
    assert t.reading == "actor"


def test_washington_as_actor_and_as_place(pipeline: Pipeline) -> None:
    acting = place(pipeline, "Washington rejected the plan.", "Washington")
    assert (acting.reading, acting.country) == ("actor", "USA")
    where = place(pipeline, "The two ministers held talks in Washington.", "Washington")
    assert (where.reading, where.country) == ("place", "USA")
    assert where.lat == pytest.approx(38.9, abs=0.1)


def test_georgia_the_state_unless_the_us_decides(pipeline: Pipeline) -> None:
    t = place(pipeline, "Georgia accused Russia of violating its airspace.", "Georgia")
    assert (t.country, t.lat) == ("GEO", 42.0)
    t = place(pipeline, "Protesters gathered in Atlanta, Georgia, on Monday.", "Georgia")
    assert (t.country, t.feature_class, t.geonames_id) == ("USA", "A", 4197000)
    assert not t.guessed
    text = "Teachers rallied in Atlanta on Monday. Lawmakers in Georgia approved a raise."
    t = place(pipeline, text, "Georgia")
    assert (t.country, t.reading) == ("USA", "place")


def test_city_region_pattern_resolves_by_the_second_name(pipeline: Pipeline) -> None:
    paris = place(pipeline, "He grew up in Paris, Texas, near the Oklahoma border.", "Paris")
    assert paris.country == "USA" and paris.lat == pytest.approx(33.66, abs=0.05)
    paris = place(pipeline, "President Trump met Macron in Paris on Sunday.", "Paris")
    assert paris.country == "FRA"


def test_tripoli_follows_the_countries_of_the_document(pipeline: Pipeline) -> None:
    libya = place(pipeline, "Libya's rival governments clashed in Tripoli.", "Tripoli")
    assert (libya.country, libya.guessed) == ("LBY", False)
    text = "Lebanese troops clashed with militants in Tripoli, Lebanon's second city."
    lebanon = place(pipeline, text, "Tripoli")
    assert (lebanon.country, lebanon.guessed) == ("LBN", False)
    assert lebanon.lat == pytest.approx(34.43, abs=0.05)
    bare = place(pipeline, "Clashes were reported in Tripoli on Friday.", "Tripoli")
    assert (bare.country, bare.guessed) == ("LBY", True)


def test_names_inside_other_names_and_regions_are_not_places(pipeline: Pipeline) -> None:
    _, toponyms = parse(pipeline, "Russia's Foreign Ministry summoned the ambassador.")
    assert [t.text for t in toponyms] == []
    _, toponyms = parse(pipeline, "Inflation rose across Latin America last year.")
    assert [t.text for t in toponyms] == []
    t = place(pipeline, "Chinese ships sailed into the South China Sea.", "South China Sea")
    assert (t.reading, t.feature_class) == ("place", "H")


def test_dateline_is_a_place(pipeline: Pipeline) -> None:
    text = "KOLKATA, India – Indian police have arrested a man over the attack."
    t = place(pipeline, text, "KOLKATA")
    assert (t.reading, t.country) == ("place", "IND")
    assert t.lat == pytest.approx(22.57, abs=0.1)


# -- event locations ---------------------------------------------------------------------


def test_event_location_from_a_locative_phrase(pipeline: Pipeline) -> None:
    loc = location(pipeline, "Russian and Chinese officials met in Moscow on Tuesday.", "met")
    assert loc is not None
    assert set(loc) == {
        "name",
        "text",
        "country",
        "feature_class",
        "lat",
        "lon",
        "geonames_id",
        "guessed",
        "start",
        "end",
    }
    assert (loc["name"], loc["country"], loc["geonames_id"]) == ("Moscow", "RUS", 524901)
    assert loc["lat"] == pytest.approx(MOSCOW[0], abs=0.05)


def test_event_location_of_a_noun_trigger_and_through_its_verb(pipeline: Pipeline) -> None:
    text = "The meeting in Geneva between Iran and the United States ended without a deal."
    loc = location(pipeline, text, "meeting")
    assert loc is not None and (loc["name"], loc["country"]) == ("Geneva", "CHE")
    loc = location(pipeline, "Putin and Xi held talks in Beijing.", "talks")
    assert loc is not None and loc["country"] == "CHN"
    loc = location(pipeline, "Israel launched air strikes on Gaza.", "strikes")
    assert loc is not None and loc["country"] == "PSE"


def test_no_event_location_without_a_place_in_the_clause(pipeline: Pipeline) -> None:
    assert location(pipeline, "Moscow rejected the proposal on Monday.", "rejected") is None
    text = "In Moscow, Lavrov said the United States had violated the treaty."
    assert location(pipeline, text, "violated") is None


def test_a_lowercase_word_is_no_place(pipeline: Pipeline) -> None:
    text = "The suspect got high on tina before the arrest in Slidell, Louisiana."
    places = [t.text for t in pipeline.extract(text).toponyms]
    assert "tina" not in places
