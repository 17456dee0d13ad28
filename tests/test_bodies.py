"""Our own table of named national bodies (data/bodies/): police forces, intelligence
agencies, parliaments, armed forces, state media and parties."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources

import pycountry
import pytest

from realpolitik.actors.lexicon import OFFICIAL_SECTORS, normalise
from realpolitik.pipeline import Pipeline

ISO3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
FILES = {
    "police.csv": {"COP"},
    "intelligence.csv": {"SPY"},
    "parliaments.csv": {"LEG"},
    "armed_forces.csv": {"MIL"},
    "media.csv": {"MED"},
    "parties.csv": {"PTY"},
    "ministries.csv": {"GOV"},
}


def _rows(name: str) -> list[dict[str, str]]:
    folder = resources.files("realpolitik.actors").joinpath("data", "bodies")
    return list(csv.DictReader(folder.joinpath(name).read_text("utf-8").splitlines()))


def _sources(pipeline: Pipeline, text: str) -> list[list[str]]:
    result = pipeline.extract(text, article_date=date(2019, 4, 2))
    return [[a.code for a in e.source] for e in result.events]


def test_every_body_row_is_valid() -> None:
    texts: set[str] = set()
    for name, sectors in FILES.items():
        rows = _rows(name)
        assert len(rows) >= 30, name
        for n, row in enumerate(rows, start=2):
            where = f"bodies/{name}:{n}"
            assert set(row) == {"text", "country", "sector", "code", "source"}, where
            assert row["country"] in ISO3, where
            assert row["sector"] in sectors and row["sector"] in OFFICIAL_SECTORS, where
            assert row["code"] == row["country"] + row["sector"], where
            assert row["source"].startswith('own: Wikipedia "'), where
            key = normalise(row["text"])
            assert key not in texts, where
            texts.add(key)


def test_bodies_cover_many_countries() -> None:
    countries = {row["country"] for name in FILES for row in _rows(name)}
    assert len(countries) >= 60


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("The NYPD criticised the decision on Monday.", "USACOP"),
        ("The RCMP arrested two men on Monday.", "CANCOP"),
        ("Gardaí arrested two men in Dublin on Monday.", "IRLCOP"),
        ("Scotland Yard criticised the decision on Monday.", "GBRCOP"),
        ("The Metropolitan Police criticised the decision on Monday.", "GBRCOP"),
        ("The SAPS arrested two men on Monday.", "ZAFCOP"),
        ("The Philippine National Police arrested two men on Monday.", "PHLCOP"),
        ("The Carabinieri arrested two men on Monday.", "ITACOP"),
        ("The FSB arrested two men on Monday.", "RUSSPY"),
        ("Mossad criticised the decision on Monday.", "ISRSPY"),
        ("The Lok Sabha criticised the decision on Monday.", "INDLEG"),
        ("The Sejm criticised the decision on Monday.", "POLLEG"),
        ("The Bundeswehr criticised the decision on Monday.", "DEUMIL"),
        ("The Tatmadaw criticised the decision on Monday.", "MMRMIL"),
        ("Tass criticised the decision on Monday.", "RUSMED"),
        ("Xinhua criticised the decision on Monday.", "CHNMED"),
        ("KCNA criticised the decision on Monday.", "PRKMED"),
        ("The BJP criticised the decision on Monday.", "INDPTY"),
        ("Likud criticised the decision on Monday.", "ISRPTY"),
        ("Zanu-PF criticised the decision on Monday.", "ZWEPTY"),
        ("The Home Office criticised the decision on Monday.", "GBRGOV"),
        ("The Foreign Office criticised the decision on Monday.", "GBRGOV"),
        ("The Justice Department criticised the decision on Monday.", "USAGOV"),
        ("The Ministry of External Affairs criticised the decision on Monday.", "INDGOV"),
    ],
)
def test_named_body_is_coded(pipeline: Pipeline, sentence: str, code: str) -> None:
    assert _sources(pipeline, sentence) == [[code]]


def test_bodies_never_override_built_in_entries(pipeline: Pipeline) -> None:
    lex = pipeline.actor_lexicon
    # defined in groups.yaml / countries.yaml / the Phoenix organisations first
    assert [e.code for e in lex.lookup("idf")] == ["ISRMIL"]
    assert [e.code for e in lex.lookup("knesset")] == ["ISR"]
    assert [e.code for e in lex.lookup("african national congress")] == ["ZAFREB"]


def test_ambiguous_names_are_left_out(pipeline: Pipeline) -> None:
    lex = pipeline.actor_lexicon
    # Lake Garda; the Press Trust of India and Pakistan Tehreek-e-Insaf; Agence
    # France-Presse and the Australian Federal Police; the Swiss and Austrian Bundesrat
    for word in ("garda", "pti", "afp", "bundesrat", "diet", "majlis", "cabinet office"):
        assert not lex.lookup(word), word


def test_all_caps_abbreviation_matches_only_in_capitals(pipeline: Pipeline) -> None:
    assert _sources(pipeline, "The RCMP arrested two men on Monday.") == [["CANCOP"]]
    lex = pipeline.actor_lexicon
    assert "ice" in lex.acronyms and "tass" not in lex.acronyms


def test_a_body_name_matches_only_written_as_a_name(pipeline: Pipeline) -> None:
    text = "The Peruvian army attacked a Chilean border security force."
    assert "INDCOP" not in [a.code for e in pipeline.extract(text).events for a in e.target]
    text = "Pakistan accused the Border Security Force of firing across the border."
    found = pipeline.extract(text, article_date=date(2019, 4, 2)).events
    assert [a.code for e in found for a in e.target] == ["INDCOP"]
