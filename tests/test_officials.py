"""The officials and organisations converted from the Phoenix dictionaries
(data/officials/, see scripts/convert_phoenix_actors.py)."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources
from typing import Any

import pycountry
import pytest

from realpolitik.actors.lexicon import (
    OFFICIAL_SECTORS,
    OFFICIALS_COLUMNS,
    ActorLexicon,
    _load_officials_csv,
)
from realpolitik.actors.recognise import ActorRecogniser
from realpolitik.errors import LexiconError
from realpolitik.pipeline import Pipeline

ISO3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}


def _actors(pipeline: Pipeline, text: str, word: str, day: date) -> list[Any]:
    doc = pipeline.nlp(text)
    found = ActorRecogniser(pipeline.actor_lexicon)(doc, day)
    index = next(t.i for t in doc if t.text == word)
    return found.at(index)


def _rows(name: str) -> list[dict[str, str]]:
    folder = resources.files("realpolitik.actors").joinpath("data", "officials")
    text = folder.joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_official_in_office_has_country_and_sector(pipeline: Pipeline) -> None:
    text = "Sergey Naryshkin told reporters that the talks would resume."
    actors = _actors(pipeline, text, "Naryshkin", date(2006, 5, 1))
    assert [(a.code, a.country, a.sector) for a in actors] == [("RUSGOV", "RUS", "GOV")]
    assert actors[0].person == "Sergey Naryshkin"


def test_official_outside_term_is_not_coded_with_that_office(pipeline: Pipeline) -> None:
    text = "Sergey Naryshkin told reporters that the talks would resume."
    actors = _actors(pipeline, text, "Naryshkin", date(2015, 5, 1))
    assert all(a.code != "RUSGOV" for a in actors)


def test_leaders_table_keeps_priority_and_official_sector_is_used(pipeline: Pipeline) -> None:
    text = "Hillary Clinton criticised the decision on Tuesday."
    in_office = _actors(pipeline, text, "Clinton", date(2010, 3, 1))
    assert [(a.code, a.rule) for a in in_office] == [("USAGOV", "actor.leader:FM")]
    # after her term the leaders table has nothing; the officials data says: an elite
    later = _actors(pipeline, text, "Clinton", date(2016, 3, 1))
    assert [(a.code, a.sector) for a in later] == [("USAELI", "ELI")]


def test_organisation_from_officials_data(pipeline: Pipeline) -> None:
    text = "The Mahdi Army attacked a convoy near Basra."
    actors = _actors(pipeline, text, "Army", date(2006, 5, 1))
    assert [(a.code, a.country, a.sector) for a in actors] == [("IRQREB", "IRQ", "REB")]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("RUSSIA,GOV,Ivan Petrov,,2001-01-01,,x:1", "ISO-3 country"),
        ("RUS,XXX,Ivan Petrov,,2001-01-01,,x:1", "sector"),
        ("RUS,GOV,Ivan Petrov,,2001-13-01,,x:1", "bad date"),
        ("RUS,GOV,Ivan Petrov,,2001-01-01", "cells"),
        ("RUS,GOV,Ivan Petrov,,2005-01-01,2001-01-01,x:1", "before start"),
    ],
)
def test_malformed_officials_row_is_one_line_error(row: str, message: str) -> None:
    text = ",".join(OFFICIALS_COLUMNS) + "\n" + row + "\n"
    with pytest.raises(LexiconError) as err:
        _load_officials_csv(ActorLexicon(), text, "officials/bad.csv")
    assert message in str(err.value)
    assert "\n" not in str(err.value)
    assert str(err.value).startswith("officials/bad.csv:2")


def test_every_shipped_official_row_is_valid() -> None:
    rows = _rows("phoenix_officials.csv")
    assert len(rows) > 10000
    for n, row in enumerate(rows, start=2):
        where = f"phoenix_officials.csv:{n}"
        assert tuple(row) == OFFICIALS_COLUMNS, where
        assert row["country"] in ISO3, where
        assert row["sector"] in OFFICIAL_SECTORS, where
        assert row["source"].startswith("petrarch2:Phoenix."), where
        assert len(row["name"].split()) >= 2, where
        assert all(len(a.split()) >= 2 for a in row["aliases"].split("|") if a), where
        if row["start"] and row["end"]:
            assert date.fromisoformat(row["start"]) <= date.fromisoformat(row["end"]), where
        if row["end"]:
            assert date.fromisoformat(row["end"]) >= date(1990, 1, 1), where


def test_every_shipped_organisation_row_is_valid() -> None:
    rows = _rows("phoenix_organisations.csv")
    assert len(rows) > 1000
    texts = set()
    for n, row in enumerate(rows, start=2):
        where = f"phoenix_organisations.csv:{n}"
        assert set(row) == {"text", "country", "sector", "code", "source"}, where
        if row["country"]:
            assert row["country"] in ISO3, where
            assert row["code"].startswith(row["country"]) or row["code"][:3] in ("IGO", "NGO")
        else:
            assert row["code"][:3] in ("IGO", "NGO"), where
        assert row["sector"] in OFFICIAL_SECTORS, where
        assert row["source"].startswith("petrarch2:Phoenix."), where
        text = row["text"]
        assert len(text.split()) >= 2 or (text.isupper() and len(text) >= 3), where
        assert text.lower() not in texts, where
        texts.add(text.lower())


def test_officials_do_not_override_built_in_entries(pipeline: Pipeline) -> None:
    lex = pipeline.actor_lexicon
    assert [e.code for e in lex.lookup("hamas")] == ["PSEREBHMS"]
    assert {e.kind for e in lex.lookup("vladimir putin")} == {"person"}
    assert lex.terms_on("Barack Obama", date(2005, 1, 1)) == []
