"""One resources object per set of user dictionaries, handed to every stage."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from realpolitik.amounts.context import countries_in, sentences
from realpolitik.config import Settings
from realpolitik.model import DocumentResult
from realpolitik.nlp.view import view
from realpolitik.pipeline import Pipeline
from realpolitik.resources import load_resources
from realpolitik.stages import STAGES

FREEDONIA = """\
countries:
  FRD:
    name: Freedonia
    adjectives: [Freedonian]
    plurals: [Freedonians]
    capital: Fredville
  GBR:
    aliases: [Blighty]
"""
DAY = date(2008, 1, 1)


@pytest.fixture(scope="module")
def freedonia(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    path = tmp_path_factory.mktemp("dict") / "freedonia.yaml"
    path.write_text(FREEDONIA, "utf-8")
    return Pipeline.load(Settings(user_dictionaries=(path,)))


def _code(pipeline: Pipeline, text: str) -> DocumentResult:
    return pipeline.extract(text, article_date=DAY)


def _bare(result: DocumentResult) -> DocumentResult:
    """The result without the actors and places found: what only a lexicon can tell."""
    return replace(result, actors=[], toponyms=[], events=[])


def test_a_new_country_is_actor_supplier_indicator_country_and_place(
    freedonia: Pipeline,
) -> None:
    sale = _code(freedonia, "Freedonia agreed to sell 20 T-72 tanks to Venezuela.")
    assert "FRD" in {a.country for a in sale.actors}
    assert [(t.supplier, t.recipient) for t in sale.transfers] == [("FRD", "VEN")]
    bought = _code(freedonia, "Venezuela bought Freedonian tanks in 2007.")
    assert [(t.supplier, t.recipient) for t in bought.transfers] == [("FRD", "VEN")]
    trade = _code(
        freedonia, "Bilateral trade between Freedonia and Venezuela reached 1 billion dollars."
    )
    assert [set(i.countries) for i in trade.indicators] == [{"FRD", "VEN"}]
    rally = _code(freedonia, "Protesters gathered in Fredville on Monday.")
    assert [(t.text, t.country, t.reading) for t in rally.toponyms] == [
        ("Fredville", "FRD", "place")
    ]


def test_the_stages_read_the_users_lexicon_not_the_built_in_one(freedonia: Pipeline) -> None:
    result = _bare(_code(freedonia, "Freedonian officials met Venezuelan ones."))
    sent = sentences(result.parsed)[0]
    assert "FRD" in {c for _, c in countries_in(result, sent, freedonia.resources.actors)}
    assert "FRD" not in {c for _, c in countries_in(result, sent, load_resources().actors)}
    # a user's name for a known country is a name in the gazetteer too
    assert [c.country for c in freedonia.resources.gazetteer.lookup("Blighty")][:1] == ["GBR"]
    assert not load_resources().gazetteer.lookup("Blighty")
    home = _code(freedonia, "Soldiers returned to Blighty on Monday.")
    assert [(t.country, t.reading) for t in home.toponyms] == [("GBR", "place")]


def test_two_pipelines_with_different_dictionaries_share_a_process(
    freedonia: Pipeline, pipeline: Pipeline
) -> None:
    text = "Freedonia agreed to sell 20 T-72 tanks to Venezuela in Fredville."
    assert pipeline.resources is not freedonia.resources
    plain = _code(pipeline, text)
    assert "FRD" not in {a.country for a in plain.actors}
    assert all(t.supplier != "FRD" for t in plain.transfers)
    assert all(t.country != "FRD" for t in plain.toponyms)
    again = _code(freedonia, text)
    assert "FRD" in {a.country for a in again.actors}


def test_resources_are_built_once_per_set_of_files(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(FREEDONIA, "utf-8")
    first = load_resources((path,))
    assert load_resources((path,)) is first
    assert load_resources() is load_resources(())
    path.write_text(FREEDONIA.replace("Fredville", "Fredburg"), "utf-8")
    assert load_resources((path,)) is not first  # a changed file is read again


def test_the_pipeline_lists_its_stages(pipeline: Pipeline) -> None:
    assert pipeline.stages == STAGES
    names = [s.__name__ for s in STAGES]
    assert names[0] == "FindMateriel" and names[-1] == "Annotate"


def test_views_are_kept_per_thread(pipeline: Pipeline) -> None:
    a = _code(pipeline, "Russia and China signed a treaty.").parsed
    b = _code(pipeline, "France protested.").parsed
    seen: dict[str, object] = {}

    def other() -> None:
        seen["b"] = view(b)

    mine = view(a)
    worker = threading.Thread(target=other)
    worker.start()
    worker.join()
    assert view(a) is mine and seen["b"] is not mine
