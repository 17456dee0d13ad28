"""The data shipped in the package: leaders, countries, organisations, triggers, CAMEO."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources
from typing import Any

import pycountry
import pytest

from realpolitik.actors.lexicon import (
    LEADER_ROLES,
    ORGANISATION,
    ActorLexicon,
    default_lexicon,
)
from realpolitik.events.lexicon import build_event_lexicon
from realpolitik.yamlio import load_yaml

ACTOR_DATA = resources.files("realpolitik.actors").joinpath("data")
EVENT_DATA = resources.files("realpolitik.events").joinpath("data")

# ISO 3166-1 alpha-3 codes of the 193 member states of the United Nations.
_UN_CODES = """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
    BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI
    CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI
    FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN
    IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
    LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
    NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
    MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
    ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA
    UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """
UN_MEMBERS = frozenset(_UN_CODES.split())


def _leader_rows() -> list[tuple[str, int, dict[str, str]]]:
    folder = ACTOR_DATA.joinpath("leaders")
    rows: list[tuple[str, int, dict[str, str]]] = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".csv"):
            reader = csv.DictReader(item.read_text("utf-8").splitlines())
            rows += [(item.name, n, row) for n, row in enumerate(reader, start=2)]
    return rows


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return default_lexicon()


@pytest.fixture(scope="module")
def countries() -> dict[str, Any]:
    return load_yaml(ACTOR_DATA.joinpath("countries.yaml").read_text("utf-8"))["countries"]


# --------------------------------------------------------------------------- leaders


def test_every_leader_row_parses() -> None:
    rows = _leader_rows()
    assert len(rows) > 1000
    iso3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    for name, n, row in rows:
        where = f"leaders/{name}:{n}"
        assert set(row) == {"country", "role", "name", "aliases", "start", "end"}, where
        assert None not in row.values(), f"{where}: too few or too many cells"
        assert row["role"] in LEADER_ROLES, where
        assert row["country"] in iso3, where
        assert row["name"].strip() == row["name"] and row["name"], where
        start = date.fromisoformat(row["start"])
        if row["end"]:
            assert start <= date.fromisoformat(row["end"]), where


def test_leaders_cover_many_countries() -> None:
    assert len({row["country"] for _, _, row in _leader_rows()}) >= 60


@pytest.mark.parametrize(
    ("name", "day", "country", "roles"),
    [
        ("Vladimir Putin", "2009-01-01", "RUS", {"HOG"}),
        ("Vladimir Putin", "2015-01-01", "RUS", {"HOS"}),
        ("Dmitry Medvedev", "2008-07-22", "RUS", {"HOS"}),
        ("Hugo Chávez", "2008-07-22", "VEN", {"HOS"}),
        ("Hugo Chavez", "2008-07-22", "VEN", {"HOS"}),
    ],
)
def test_leader_in_office(
    lexicon: ActorLexicon, name: str, day: str, country: str, roles: set[str]
) -> None:
    terms = lexicon.terms_on(name, date.fromisoformat(day))
    assert terms, f"{name} holds no office on {day}"
    assert {t.country for t in terms} == {country}
    assert roles <= {t.role for t in terms}
    if name == "Vladimir Putin":  # exactly one of the two top offices at a time
        assert {t.role for t in terms} == roles


def test_leader_not_yet_in_office(lexicon: ActorLexicon) -> None:
    assert lexicon.terms("Barack Obama"), "Barack Obama is not in the leaders table"
    assert lexicon.terms_on("Barack Obama", date(2005, 1, 1)) == []
    assert {t.role for t in lexicon.terms_on("Barack Obama", date(2010, 1, 1))} >= {"HOS"}


# --------------------------------------------------------------------------- states


def test_countries_include_every_un_member(countries: dict[str, Any]) -> None:
    assert len(UN_MEMBERS) == 193
    pycountry_codes = {c.alpha_3 for c in pycountry.countries}
    assert pycountry_codes >= UN_MEMBERS  # the list above is made of real ISO codes
    missing = sorted(UN_MEMBERS - set(countries))
    assert not missing, f"UN members missing from countries.yaml: {missing}"
    for code in ("USA", "RUS", "VEN", "GEO", "UKR", "POL", "CHN", "IND", "BRA", "ZAF"):
        assert code in countries
        assert countries[code]["name"]


def test_country_records_are_well_formed(countries: dict[str, Any]) -> None:
    iso3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    for code, rec in countries.items():
        assert code in iso3, code
        assert isinstance(rec.get("name"), str) and rec["name"], code
        for key in ("aliases", "adjectives", "plurals"):
            values = rec.get(key) or []
            assert all(isinstance(v, str) and v for v in values), (code, key)


def test_country_names_resolve(lexicon: ActorLexicon) -> None:
    for phrase, code in [
        ("russia", "RUS"),
        ("venezuela", "VEN"),
        ("georgia", "GEO"),
        ("ukraine", "UKR"),
        ("south africa", "ZAF"),
    ]:
        assert code in {e.code for e in lexicon.lookup(phrase)}, phrase


# --------------------------------------------------------------------------- organisations


def test_organisations_include_the_main_bodies(lexicon: ActorLexicon) -> None:
    data = load_yaml(ACTOR_DATA.joinpath("organisations.yaml").read_text("utf-8"))
    codes = [org["code"] for org in data["organisations"]]
    assert len(codes) == len(set(codes)), "duplicate organisation codes"
    for code in ("NATO", "UN", "EU", "OPEC", "AU"):
        assert code in codes, code
        entries = [e for e in lexicon.lookup(code.lower()) if e.kind == ORGANISATION]
        assert [e.code for e in entries] == [code], code


# --------------------------------------------------------------------------- triggers


def _cameo_codes() -> set[str]:
    rows = csv.DictReader(EVENT_DATA.joinpath("cameo.csv").read_text("utf-8").splitlines())
    return {row["code"] for row in rows}


def _raw_triggers() -> list[dict[str, Any]]:
    return load_yaml(EVENT_DATA.joinpath("triggers.yaml").read_text("utf-8"))["triggers"]


def test_every_trigger_loads_with_a_listed_cameo_code() -> None:
    raw = _raw_triggers()
    ids = [t["id"] for t in raw]
    assert len(ids) == len(set(ids)), "a trigger id is used twice (the later one wins)"
    lex = build_event_lexicon()
    assert set(lex.triggers) == set(ids)
    cameo = _cameo_codes()
    unknown = {t.id: t.cameo for t in lex.triggers.values() if t.cameo not in cameo}
    assert not unknown, f"CAMEO codes not in cameo.csv: {unknown}"
    assert all(isinstance(t.get("cameo"), str) for t in raw), "a cameo code is not quoted"


def test_trigger_prepositions_are_strings() -> None:
    lex = build_event_lexicon()
    for trig in lex.triggers.values():
        assert all(isinstance(p, str) for p in trig.preps), (trig.id, trig.preps)
        assert trig.particle is None or isinstance(trig.particle, str), trig.id
        for words in (trig.lemmas, trig.objects, trig.modifiers, trig.particle_or_prep):
            assert all(isinstance(w, str) and w not in ("true", "false") for w in words), trig.id
    for raw in _raw_triggers():
        assert all(isinstance(p, str) for p in raw.get("preps") or []), raw["id"]
    # "on", the word YAML 1.1 reads as True, is there as a string.
    assert "on" in lex.triggers["agree.agree"].preps


def test_mended_lemmas_are_verbs_of_the_lexicons() -> None:
    from dataclasses import fields

    from realpolitik.events.lexicon import default_event_lexicon
    from realpolitik.events.modality import default_cues
    from realpolitik.nlp.lemmas import lemma_fixes

    lexicon = default_event_lexicon()
    words = {w for t in lexicon.triggers.values() if t.pos == "VERB" for w in t.lemmas}
    cues = default_cues()
    words |= {w for f in fields(cues) if f.name.endswith("_verbs") for w in getattr(cues, f.name)}
    fixes = lemma_fixes()
    assert fixes["hopes"] == "hope" and fixes["staged"] == "stage"
    assert all(form != lemma for form, lemma in fixes.items())
    assert set(fixes.values()) <= words
