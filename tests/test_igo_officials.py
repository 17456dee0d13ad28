"""Officials of international organisations (data/igo/): they act for the organisation,
never for their own state, and a title naming an organisation gives its holder the same
identity."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources
from typing import Any

import pytest

from realpolitik.actors.lexicon import (
    IGO_COLUMNS,
    ActorLexicon,
    _data_text,
    _load_igo_officials_csv,
    _load_organisations,
)
from realpolitik.actors.recognise import ActorRecogniser
from realpolitik.errors import LexiconError
from realpolitik.evaluate.realnews import predicted_identity
from realpolitik.model import Actor
from realpolitik.pipeline import Pipeline
from realpolitik.yamlio import load_yaml


def _actors(pipeline: Pipeline, text: str, word: str, day: date | None) -> list[Any]:
    doc = pipeline.nlp(text)
    found = ActorRecogniser(pipeline.actor_lexicon)(doc, day)
    index = max(t.i for t in doc if t.text == word)
    return found.at(index)


def _events(pipeline: Pipeline, text: str, day: date) -> list[Any]:
    return pipeline.extract(text, article_date=day).events


def test_every_shipped_row_is_valid_and_names_a_known_organisation() -> None:
    text = resources.files("realpolitik.actors").joinpath("data", "igo", "igo_officials.csv")
    rows = list(csv.DictReader(text.read_text("utf-8").splitlines()))
    shipped = load_yaml(_data_text("organisations.yaml"))["organisations"]
    organisations = {o["code"] for o in shipped}
    assert len(rows) > 50
    for n, row in enumerate(rows, start=2):
        where = f"igo_officials.csv:{n}"
        assert tuple(row) == IGO_COLUMNS, where
        assert row["igo"] in organisations, where
        assert row["source"].startswith("public record"), where
        assert row["office"] and len(row["name"].split()) >= 2, where
        if row["end"]:
            assert date.fromisoformat(row["start"]) <= date.fromisoformat(row["end"]), where


def test_an_office_holder_acts_for_the_organisation_on_the_day(pipeline: Pipeline) -> None:
    text = "Antonio Guterres urged both sides to return to talks."
    during = _actors(pipeline, text, "Guterres", date(2019, 3, 1))
    assert [(a.code, a.country, a.igo, a.kind) for a in during] == [("UN", None, "UN", "person")]
    assert predicted_identity(during[0]) == "UN"
    # before his term he is no UN official
    before = _actors(pipeline, text, "Guterres", date(2000, 3, 1))
    assert all(a.igo is None for a in before)


def test_a_surname_after_the_full_name_keeps_the_office(pipeline: Pipeline) -> None:
    text = "Jens Stoltenberg met the Polish president. Stoltenberg warned of new missiles."
    during = _actors(pipeline, text, "Stoltenberg", date(2019, 3, 1))
    assert [a.igo for a in during] == ["NATO"]
    # before his NATO term he was Norway's prime minister
    before = _actors(pipeline, text, "Stoltenberg", date(2010, 3, 1))
    assert [a.country for a in before] == ["NOR"]


def test_an_office_holders_surname_alone_takes_no_leaders_name(pipeline: Pipeline) -> None:
    # Karim Khan was the ICC's prosecutor in 2021; "Khan" alone is still Imran Khan
    text = "Prime Minister Khan warned India on Monday."
    assert [a.country for a in _actors(pipeline, text, "Khan", date(2021, 9, 1))] == ["PAK"]


def test_a_title_of_an_organisation_gives_its_holder_its_identity(pipeline: Pipeline) -> None:
    text = (
        "Karl Lindqvist, the UN special envoy for Peru, met Peruvian officials in Lima. "
        "Lindqvist urged the government to release the prisoners."
    )
    events = _events(pipeline, text, date(2019, 3, 1))
    sources = {e.evidence.trigger: [(a.code, a.igo) for a in e.source] for e in events}
    assert sources["met"] == [("UN", "UN")]
    assert sources["urged"] == [("UN", "UN")]


def test_a_past_title_serves_no_organisation(pipeline: Pipeline) -> None:
    text = "Karl Lindqvist, the former UN envoy for Peru, met Peruvian officials in Lima."
    events = _events(pipeline, text, date(2019, 3, 1))
    met = [e for e in events if e.evidence.trigger == "met"]
    assert met and all(a.igo is None for a in met[0].source)


def test_an_organisation_is_not_placed_where_it_acts(pipeline: Pipeline) -> None:
    text = "The UN met Peruvian officials in Lima on Monday."
    met = [e for e in _events(pipeline, text, date(2019, 3, 1)) if e.type == "CONSULT"]
    assert met and [a.code for a in met[0].source] == ["UN"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("XYZ,Envoy,Karl Lindqvist,,2001-01-01,,public record", "no organisation"),
        ("UN,Envoy,Karl Lindqvist,,2001-01-01,,", "source"),
        ("UN,Envoy,Karl Lindqvist,,,,public record", "start date"),
        ("UN,Envoy,Karl Lindqvist,,2005-01-01,2001-01-01,public record", "before start"),
        ("UN,Envoy,Karl Lindqvist,,2005-01-01", "cells"),
    ],
)
def test_malformed_row_is_one_line_error(row: str, message: str) -> None:
    lex = ActorLexicon()
    _load_organisations(lex, load_yaml(_data_text("organisations.yaml")))
    text = ",".join(IGO_COLUMNS) + "\n" + row + "\n"
    with pytest.raises(LexiconError) as err:
        _load_igo_officials_csv(lex, text, "igo/bad.csv")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_a_person_acting_for_an_organisation_is_identified_by_it() -> None:
    envoy = Actor("UN", None, None, "the envoy", kind="person", igo="UN")
    assert predicted_identity(envoy) == "UN"
    assert envoy.to_dict()["igo"] == "UN"


def test_a_states_title_at_an_organisation_serves_the_state(pipeline: Pipeline) -> None:
    for text in (
        "Peru's UN ambassador, Karl Lindqvist, condemned Chile on Monday.",
        "Karl Lindqvist, the Peruvian representative at the UN, condemned Chile on Monday.",
    ):
        events = [e for e in _events(pipeline, text, date(2019, 3, 1)) if e.type == "ACCUSE"]
        assert events and [a.country for a in events[0].source] == ["PER"], text
