from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.amounts import (
    annotate,
    arms_transfers,
    economic_indicators,
    entities_from,
    find_amounts,
    find_materiel,
)
from realpolitik.amounts.lexicon import build_materiel_lexicon
from realpolitik.errors import LexiconError
from realpolitik.model import Amount, ArmsTransfer, DocumentResult, Materiel
from realpolitik.pipeline import Pipeline

SUMMIT = """Caracas and Moscow seal a strategic partnership

Venezuelan President Hugo Chavez met Russian President Dmitry Medvedev in Moscow on Tuesday. \
The Russian and Venezuelan leaders held negotiations for the purchase of dozens of T-72 tanks. \
Some insiders believe that Caracas might be considering the purchase of several Russian \
submarines and a number of AN-74 transport aircraft. Venezuelan officials are also holding \
talks about importing a Kalashnikov rifle assembly factory from Russia. Since 2006, Russia has \
sold Venezuela 100,000 Kalashnikov rifles, 24 Sukhoi fighter jets and a fleet of Mi-17 \
helicopters. By 2007, bilateral trade between Russia and Venezuela had reached 1 billion dollars.
"""


def amounts_of(pipeline: Pipeline, text: str) -> list[Amount]:
    return find_amounts(pipeline.nlp(text))


def materiel_of(pipeline: Pipeline, text: str) -> list[Materiel]:
    return find_materiel(pipeline.nlp(text))


def one(found: list[Materiel], text: str) -> Materiel:
    hits = [m for m in found if m.text == text]
    assert len(hits) == 1, [m.text for m in found]
    return hits[0]


# -- money ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Trade reached 1 billion dollars last year.", 1e9, "USD"),
        ("The firm was fined $12M on Monday.", 12e6, "USD"),
        ("Brussels pledged €3.5bn to the fund.", 3.5e9, "EUR"),
        ("Washington gave 70 million dollars to Romania.", 70e6, "USD"),
        ("Tokyo lent 2 trillion yen to Jakarta.", 2e12, "JPY"),
        ("The state approved Rs 500 crore for the project.", 5e9, "INR"),
        ("Canberra spent 10 million Australian dollars on it.", 10e6, "AUD"),
        ("The budget rose to USD 40 million.", 40e6, "USD"),
        ("London paid £40m for the site.", 40e6, "GBP"),
        ("The loan was half a billion dollars.", 0.5e9, "USD"),
    ],
)
def test_money_is_normalised(pipeline: Pipeline, text: str, value: float, unit: str) -> None:
    money = [a for a in amounts_of(pipeline, text) if a.kind == "money"]
    assert len(money) == 1, money
    assert money[0].value == pytest.approx(value)
    assert money[0].unit == unit
    assert money[0].exact


def test_price_base_year_and_approximation(pipeline: Pipeline) -> None:
    found = amounts_of(pipeline, "The programme cost nearly $1.2 billion (in 2007 dollars).")
    money = [a for a in found if a.kind == "money"]
    assert len(money) == 1
    assert money[0].value == pytest.approx(1.2e9)
    assert money[0].year == 2007
    assert not money[0].exact
    assert money[0].text.startswith("nearly")


def test_weights_and_years_are_not_money(pipeline: Pipeline) -> None:
    found = amounts_of(pipeline, "Police found 500 pounds of explosives in 2007.")
    assert not [a for a in found if a.kind == "money"]


def test_money_without_a_sum(pipeline: Pipeline) -> None:
    found = amounts_of(pipeline, "He smuggled weapons and money across the border.")
    money = [a for a in found if a.kind == "money"]
    assert [(a.text, a.value, a.unit) for a in money] == [("money", None, None)]


# -- counts ---------------------------------------------------------------------------


def test_exact_and_approximate_counts(pipeline: Pipeline) -> None:
    text = "Algeria ordered 24 Su-30MK2 jets, up to 4,000 AK-103 rifles and dozens of T-90 tanks."
    counts = {a.unit: a for a in amounts_of(pipeline, text) if a.kind == "count"}
    assert counts["jet"].value == 24 and counts["jet"].exact
    assert counts["rifle"].value == 4000 and not counts["rifle"].exact
    assert counts["rifle"].text == "up to 4,000"
    assert counts["tank"].text == "dozens of" and not counts["tank"].exact


def test_vague_counts_name_the_counted_noun(pipeline: Pipeline) -> None:
    text = "It bought a fleet of helicopters, several submarines and a large number of tanks."
    counts = {a.unit: a for a in amounts_of(pipeline, text) if a.kind == "count"}
    assert counts["helicopter"].text == "a fleet of"
    assert counts["helicopter"].value is None
    assert counts["submarine"].text == "several"
    assert counts["tank"].text == "a large number of"
    assert all(not a.exact for a in counts.values())


def test_model_numbers_and_dates_are_not_counts(pipeline: Pipeline) -> None:
    text = "Berlin delivered Leopard 2 tanks on 22 July after five years of talks."
    counts = [a for a in amounts_of(pipeline, text) if a.kind == "count"]
    assert counts == []


# -- materiel -------------------------------------------------------------------------


def test_designations_categories_and_origins(pipeline: Pipeline) -> None:
    found = materiel_of(
        pipeline,
        "The deal covers Su-30MK2 jets, T-90 tanks, S-400 systems, Mi-17 helicopters, "
        "An-124 transport aircraft, Bayraktar TB2 drones and Javelin missiles.",
    )
    su = one(found, "Su-30MK2 jets")
    assert (su.category, su.designation, su.origin) == ("combat_aircraft", "Su-30MK2", "RUS")
    assert su.entity_type == "MILITARY_PLATFORM"
    assert one(found, "T-90 tanks").category == "armoured_vehicle"
    s400 = one(found, "S-400 systems")
    assert (s400.category, s400.entity_type) == ("air_defence", "WEAPON")
    assert one(found, "Mi-17 helicopters").category == "helicopter"
    antonov = one(found, "An-124 transport aircraft")
    assert (antonov.category, antonov.origin) == ("transport_aircraft", "UKR")
    assert one(found, "Bayraktar TB2 drones").origin == "TUR"
    javelin = one(found, "Javelin missiles")
    assert (javelin.category, javelin.origin, javelin.entity_type) == ("missile", "USA", "WEAPON")


def test_maker_names_and_generic_nouns(pipeline: Pipeline) -> None:
    found = materiel_of(
        pipeline,
        "Since 2006 Venezuela has received Kalashnikov assault rifles, Sukhoi fighter jets, "
        "a fleet of helicopters and AN-74 military transport aircrafts.",
    )
    rifles = one(found, "Kalashnikov assault rifles")
    assert (rifles.category, rifles.origin, rifles.entity_type) == ("small_arms", "RUS", "WEAPON")
    jets = one(found, "Sukhoi fighter jets")
    assert (jets.category, jets.designation, jets.origin) == ("combat_aircraft", "Sukhoi", "RUS")
    assert one(found, "helicopters").category == "helicopter"
    an74 = one(found, "AN-74 military transport aircrafts")
    assert (an74.category, an74.designation, an74.origin) == ("transport_aircraft", "AN-74", "UKR")


def test_production_facility_keeps_its_item(pipeline: Pipeline) -> None:
    found = materiel_of(
        pipeline, "They discussed importing a Kalashnikov rapid firing weapons' assembly factory."
    )
    factory = one(found, "a Kalashnikov rapid firing weapons' assembly factory")
    assert factory.category == "production_facility"
    assert factory.origin == "RUS"
    inner = [m for m in found if m is not factory]
    assert inner and all(factory.start <= m.start and m.end <= factory.end for m in inner)


def test_ships_by_prefix_and_hull_number(pipeline: Pipeline) -> None:
    found = materiel_of(pipeline, "HMS Daring (D 32) sailed with USS Mahan (DDG 72) on Monday.")
    texts = {m.text: m for m in found}
    assert texts["HMS Daring"].origin == "GBR" and texts["HMS Daring"].category == "ship"
    assert texts["USS Mahan"].origin == "USA"
    assert {"D 32", "DDG 72"} <= set(texts)


@pytest.mark.parametrize(
    "text",
    [
        "A think tank in Washington published the report.",
        "Suicide bombers and rebel fighters attacked the town.",
        "Riot police used water cannons against the crowd.",
        "The airline's long-haul jets and passenger aircraft were grounded.",
        "The minister welcomed the delegation with open arms.",
    ],
)
def test_ordinary_words_are_not_materiel(pipeline: Pipeline, text: str) -> None:
    assert materiel_of(pipeline, text) == []


def test_user_dictionary_extends_the_lexicon(pipeline: Pipeline, tmp_path: Path) -> None:
    extra = tmp_path / "materiel.yaml"
    extra.write_text(
        "families:\n"
        '  - {name: Zephyr, pattern: "Zephyr-?9", category: drone, origin: NOR}\n'
        "nouns:\n"
        "  - {words: [loiterer], category: drone}\n",
        encoding="utf-8",
    )
    lex = build_materiel_lexicon((extra,))
    found = find_materiel(pipeline.nlp("Oslo sold Zephyr-9 loiterers to Lisbon."), lex)
    z = one(found, "Zephyr-9 loiterers")
    assert (z.category, z.designation, z.origin) == ("drone", "Zephyr-9", "NOR")


def test_bad_user_dictionary_is_reported(tmp_path: Path) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(
        'families:\n  - {name: X, pattern: "X-1", category: drone, colour: red}\n',
        encoding="utf-8",
    )
    with pytest.raises(LexiconError):
        build_materiel_lexicon((extra,))


# -- transfers, indicators, entities on a summit report --------------------------------


@pytest.fixture(scope="module")
def summit(pipeline: Pipeline) -> DocumentResult:
    return annotate(pipeline.extract(SUMMIT, doc_id="summit"))


def record(transfers: list[ArmsTransfer], needle: str) -> ArmsTransfer:
    hits = [t for t in transfers if needle in t.item]
    assert len(hits) == 1, [(t.item, t.status) for t in transfers]
    return hits[0]


def test_summit_transfers_direction(summit: DocumentResult) -> None:
    assert summit.transfers
    assert {(t.supplier, t.recipient) for t in summit.transfers} == {("RUS", "VEN")}


def test_summit_negotiated_tanks(summit: DocumentResult) -> None:
    tanks = record(summit.transfers, "T-72")
    assert tanks.status == "negotiating"
    assert tanks.category == "armoured_vehicle"
    assert tanks.quantity is not None and tanks.quantity.text == "dozens of"
    assert tanks.modality == "planned"


def test_summit_rumoured_submarines_and_aircraft(summit: DocumentResult) -> None:
    subs = record(summit.transfers, "submarines")
    assert (subs.status, subs.category) == ("rumoured", "submarine")
    assert subs.quantity is not None and subs.quantity.text == "several"
    an74 = record(summit.transfers, "AN-74")
    assert (an74.status, an74.category) == ("rumoured", "transport_aircraft")


def test_summit_factory_under_talks(summit: DocumentResult) -> None:
    factory = record(summit.transfers, "factory")
    assert factory.category == "production_facility"
    assert factory.status == "negotiating"
    assert (factory.supplier, factory.recipient) == ("RUS", "VEN")
    # the rifles inside the factory's name are not a second record of that event
    assert not [t for t in summit.transfers if t.item == "Kalashnikov rifle"]


def test_summit_deliveries_since_2006(summit: DocumentResult) -> None:
    rifles = record(summit.transfers, "Kalashnikov rifles")
    jets = record(summit.transfers, "Sukhoi fighter jets")
    helis = record(summit.transfers, "Mi-17 helicopters")
    for t in (rifles, jets, helis):
        assert t.status == "delivered"
        assert t.year == "2006"
        assert t.event_id
    assert rifles.quantity is not None and rifles.quantity.value == 100000
    assert jets.quantity is not None and jets.quantity.value == 24 and jets.quantity.exact
    assert helis.quantity is not None and helis.quantity.text == "a fleet of"
    assert jets.to_dict()["quantity"]["unit"] == "jet"


def test_summit_trade_indicator(summit: DocumentResult) -> None:
    trade = [i for i in summit.indicators if i.metric == "trade_volume"]
    assert len(trade) == 1
    ind = trade[0]
    assert set(ind.countries) == {"RUS", "VEN"}
    assert ind.value == pytest.approx(1e9)
    assert ind.unit == "USD"
    assert ind.as_of == "2007"
    assert ind.evidence.sentence.startswith("By 2007")


def test_summit_entities(summit: DocumentResult) -> None:
    by_text = {e.text: e.type for e in summit.entities}
    assert by_text["Sukhoi fighter jets"] == "MILITARY_PLATFORM"
    assert by_text["Kalashnikov rifles"] == "WEAPON"
    assert by_text["1 billion dollars"] == "MONEY"
    assert "a Kalashnikov rifle assembly factory" not in by_text


def test_functions_take_explicit_lists(pipeline: Pipeline) -> None:
    result = pipeline.extract("Russia delivered S-400 systems to Turkey in 2019.")
    doc = result.parsed
    materiel = find_materiel(doc)
    amounts = find_amounts(doc)
    transfers = arms_transfers(result, materiel, amounts)
    assert [(t.supplier, t.recipient, t.status, t.year) for t in transfers] == [
        ("RUS", "TUR", "delivered", "2019")
    ]
    assert economic_indicators(result, amounts) == []
    assert [e.type for e in entities_from(materiel, amounts)] == ["WEAPON"]


def test_refusals_give_no_transfer(pipeline: Pipeline) -> None:
    result = annotate(pipeline.extract("Germany refused to sell Leopard 2 tanks to Saudi Arabia."))
    assert result.materiel
    assert result.transfers == []


def test_ordered_and_speculative_statuses(pipeline: Pipeline) -> None:
    ordered = annotate(pipeline.extract("Turkey ordered 24 Su-30MK2 jets from Russia."))
    assert [(t.supplier, t.recipient, t.status) for t in ordered.transfers] == [
        ("RUS", "TUR", "ordered")
    ]
    rumour = annotate(
        pipeline.extract("China is reportedly supplying Wing Loong drones to Serbia.")
    )
    assert [(t.supplier, t.recipient, t.status) for t in rumour.transfers] == [
        ("CHN", "SRB", "rumoured")
    ]


def test_aid_indicator(pipeline: Pipeline) -> None:
    result = annotate(
        pipeline.extract("Japan provided 70 million dollars of aid for Romania in 2005.")
    )
    assert [(i.metric, i.countries, i.value, i.as_of) for i in result.indicators] == [
        ("aid", ("JPN", "ROU"), 70e6, "2005")
    ]
