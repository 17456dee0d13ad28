"""Public bodies named after their town take its country (``actors/place_names.py``).
Every sentence here is invented."""

from __future__ import annotations

from datetime import date

from realpolitik.pipeline import Pipeline

DAY = date(2019, 4, 2)


def codes(pipeline: Pipeline, text: str) -> set[str]:
    found = pipeline.extract(text, article_date=DAY).events
    return {a.code for e in found for a in (*e.source, *e.target)}


def test_a_council_named_after_its_city_belongs_to_that_country(pipeline: Pipeline) -> None:
    assert "GBRGOV" in codes(pipeline, "Belfast City Council condemned the attack on Monday.")


def test_a_police_force_named_after_its_city(pipeline: Pipeline) -> None:
    text = "A man pointed a replica handgun at a Saskatoon police officer on Friday."
    assert "CANCOP" in codes(pipeline, text)


def test_small_towns_named_like_common_words_are_not_places(pipeline: Pipeline) -> None:
    # "Central" and "Union" are small American towns; a body called so is not American
    text = "The Central Government condemned the attack on the Union minister."
    assert not any(code.startswith("USA") for code in codes(pipeline, text))


def test_firms_and_newspapers_are_not_placed_by_their_names(pipeline: Pipeline) -> None:
    text = (
        "The Toronto Daily Courier criticised the mayor on Tuesday. "
        "Hamburg Shipping Company sued the council."
    )
    assert {"---", "---BUS", "---GOV"} == codes(pipeline, text)
