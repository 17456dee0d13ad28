"""Tests for realpolitik.relations on stores written with hand-made DocumentResults (no spaCy),
and one store of an invented article coded by the real pipeline.

The states are real ISO-3 codes; every event and sentence is invented for these tests.
"""

from __future__ import annotations

import argparse
import io
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from realpolitik import relations
from realpolitik.errors import StoreError
from realpolitik.events.cameo import cameo_table
from realpolitik.model import Actor, DateWindow, Document, DocumentResult, Event, Evidence
from realpolitik.pipeline import Pipeline
from realpolitik.relations import Relations, RelationsError, WeightsError, load_weights
from realpolitik.relations.blocs import partition
from realpolitik.relations.commands import COMMANDS, add_commands
from realpolitik.relations.periods import PeriodError, parse_period
from realpolitik.relations.trend import theil_sen
from realpolitik.store.duckdb_store import EventStore

# --------------------------------------------------------------------------- builders


@dataclass(frozen=True)
class Spec:
    """One event to write: actor codes (``VENGOV``; the first three letters are the country)."""

    src: tuple[str, ...]
    tgt: tuple[str, ...]
    cameo: str
    modality: str = "factual"
    reciprocal: bool = False
    when: str | None = None  # Event.date["value"]; None: the document's date
    confidence: float = 0.9
    context: str | None = None


def _actor(code: str, start: int) -> Actor:
    return Actor(code, code[:3], code[3:] or None, code, start, start + len(code))


def make_doc(
    doc_id: str,
    day: date,
    specs: Iterable[Spec],
    *,
    source: str | None = None,
    title: str | None = None,
) -> DocumentResult:
    """A document of one sentence per event, each naming its actors and CAMEO code."""
    specs = list(specs)
    sentences = [
        f"{' and '.join(s.src)} did {s.cameo} to {' and '.join(s.tgt)} in {doc_id} ({i})."
        for i, s in enumerate(specs)
    ]
    text = " ".join(sentences)
    doc_hash = Document(doc_id=doc_id, text=text).content_hash[:16]
    events: list[Event] = []
    offset = 0
    for i, (spec, sentence) in enumerate(zip(specs, sentences, strict=True)):
        code = cameo_table()[spec.cameo]
        trigger = sentence.index(" did ") + offset + 1
        events.append(
            Event(
                doc=doc_id,
                doc_hash=doc_hash,
                type=code.plover or "CONSULT",
                cameo=spec.cameo,
                goldstein=code.goldstein,
                quad_class=code.quad_class,
                source=tuple(_actor(c, offset) for c in spec.src),
                target=tuple(_actor(c, offset) for c in spec.tgt),
                modality=spec.modality,
                evidence=Evidence(
                    doc_id,
                    i,
                    sentence,
                    offset,
                    offset + len(sentence),
                    trigger,
                    trigger + 3,
                    "did",
                    "test.rule",
                ),
                confidence=spec.confidence,
                reciprocal=spec.reciprocal,
                context=spec.context,
                date={"value": spec.when} if spec.when else None,
            )
        )
        offset += len(sentence) + 1
    document = Document(doc_id=doc_id, text=text, date=day, title=title, source=source)
    return DocumentResult(document=document, events=events, entities=[], actors=[])


def write_store(path: Path, docs: Iterable[DocumentResult]) -> Path:
    with EventStore.open(path) as store:
        for doc in docs:
            store.write(doc)
    return path


def days(start: date, n: int, step: int = 3) -> Iterator[date]:
    for k in range(n):
        yield start + timedelta(days=step * k)


# --------------------------------------------------------------------------- a dyad's series

JAN, FEB, MAR = date(2020, 1, 1), date(2020, 2, 1), date(2020, 3, 1)


def series_docs() -> list[DocumentResult]:
    """VEN and RUS over three months, with every modality, a reciprocal event, actor codes,
    a story reported by two outlets, and one event dated by its date value, not its article."""
    return [
        # January: three factual stories on three days.
        make_doc("jan-1", date(2020, 1, 3), [Spec(("VENGOV",), ("RUSGOV",), "040")]),
        make_doc("jan-2", date(2020, 1, 12), [Spec(("RUS",), ("VEN",), "057", reciprocal=True)]),
        make_doc("jan-3", date(2020, 1, 21), [Spec(("RUSMIL",), ("VENMIL",), "062")]),
        # February: planned, speculative, negated.
        make_doc("feb-1", date(2020, 2, 4), [Spec(("RUS",), ("VEN",), "062", "planned")]),
        make_doc("feb-2", date(2020, 2, 14), [Spec(("VEN",), ("RUS",), "130", "speculative")]),
        make_doc("feb-3", date(2020, 2, 24), [Spec(("RUS",), ("VEN",), "190", "negated")]),
        # March: one story reported by two outlets on the same day.
        make_doc("mar-a", date(2020, 3, 10), [Spec(("VEN",), ("RUS",), "111")], source="Wire A"),
        make_doc("mar-b", date(2020, 3, 10), [Spec(("VEN",), ("RUS",), "111")], source="Wire B"),
        # Published in April about an event of 5 March.
        make_doc("apr-1", date(2020, 4, 2), [Spec(("RUS",), ("VEN",), "040", when="2020-03-05")]),
        # A third party, to check that it stays out of the dyad.
        make_doc("usa-1", date(2020, 1, 15), [Spec(("USA",), ("VEN",), "163")]),
    ]


@pytest.fixture(scope="module")
def series_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("series") / "s.duckdb", series_docs())


@pytest.fixture(scope="module")
def series_rel(series_db: Path) -> Iterator[Relations]:
    with relations.open(series_db) as rel:
        yield rel


def test_monthly_counts_by_quad_and_type(series_rel: Relations) -> None:
    df = series_rel.dyad("VEN", "RUS", by="month")
    assert list(df["period"]) == ["2020-01", "2020-02", "2020-03"]
    assert list(df["n_events"]) == [3, 3, 2]
    jan, feb, mar = (df.iloc[i] for i in range(3))
    assert (jan["verbal_cooperation"], jan["material_cooperation"]) == (2, 1)
    assert (jan["consult"], jan["support"], jan["cooperate"]) == (1, 1, 1)
    assert (feb["verbal_conflict"], feb["material_conflict"], feb["threaten"]) == (1, 1, 1)
    assert (mar["accuse"], mar["consult"]) == (1, 1)
    assert mar["n_docs"] == 3 and mar["n_mentions"] == 3
    assert set(df.columns) == set(relations.SERIES_COLUMNS)


def test_modality_weights(series_rel: Relations) -> None:
    feb = series_rel.dyad("VEN", "RUS", by="month").iloc[1]
    goldstein = {c: cameo_table()[c].goldstein for c in ("062", "130", "190")}
    assert feb["weight"] == pytest.approx(0.5 + 0.3 + 0.0)
    assert feb["score"] == pytest.approx(0.5 * goldstein["062"] + 0.3 * goldstein["130"])
    assert feb["index"] == pytest.approx(feb["score"] / (feb["weight"] + 2.0))
    weighted = series_rel.dyad("VEN", "RUS", by="month", weighted=True).iloc[1]
    assert weighted["material_cooperation"] == pytest.approx(0.5)
    assert weighted["material_conflict"] == pytest.approx(0.0)  # negated: no evidence


def test_weights_override_with_dict_and_file(series_db: Path, tmp_path: Path) -> None:
    with relations.open(series_db, {"modality": {"planned": 1.0, "negated": 0.25}}) as rel:
        feb = rel.dyad("VEN", "RUS").iloc[1]
    assert feb["weight"] == pytest.approx(1.0 + 0.3 + 0.25)
    path = tmp_path / "w.yaml"
    path.write_text("modality:\n  speculative: 0.0\nsources: none\n", encoding="utf-8")
    weights = load_weights(path)
    assert weights.modality_weight("speculative") == 0.0
    assert weights.modality_weight("factual") == 1.0 and weights.sources == "none"
    with pytest.raises(WeightsError, match="sources must be one of"):
        load_weights({"sources": "sqrt"})
    with pytest.raises(WeightsError, match="unknown key"):
        load_weights({"modalities": {}})


def test_independent_sources_weight_a_story_once(series_rel: Relations) -> None:
    mar = series_rel.dyad("VEN", "RUS", by="month").iloc[2]
    # One ACCUSE story from two outlets (1 + ln 2) and the CONSULT of 5 March (1).
    assert mar["n_events"] == 2 and mar["n_sources"] == 3
    assert mar["weight"] == pytest.approx(1 + math.log(2) + 1)
    accuse = cameo_table()["111"].goldstein
    assert mar["score"] == pytest.approx((1 + math.log(2)) * accuse + 1.0)


def test_directions_and_reciprocity(series_rel: Relations) -> None:
    out = series_rel.dyad("VEN", "RUS", direction="out")
    into = series_rel.dyad("VEN", "RUS", direction="in")
    # VEN acted: 040, 057 (reciprocal), 130, 111. RUS acted: 057, 062, 062, 190, 040.
    assert int(out["n_events"].sum()) == 4
    assert int(into["n_events"].sum()) == 5
    both = series_rel.dyad("VEN", "RUS")
    assert int(both["n_events"].sum()) == 8  # each story once
    assert int(series_rel.dyad("RUS", "VEN")["n_events"].sum()) == 8


def test_actor_codes_and_one_actor_against_all(series_rel: Relations) -> None:
    code_level = series_rel.dyad("VENGOV", "RUSGOV")
    assert int(code_level["n_events"].sum()) == 1  # only jan-1 names both codes
    ven_all = series_rel.dyad("VEN", by="year")
    assert list(ven_all["b"].unique()) == ["*"]
    assert int(ven_all["n_events"].sum()) == 9  # the eight with RUS and the USA sanction
    events = series_rel.events(actor="VEN", partner="USA")
    assert list(events["cameo"]) == ["163"]


def test_event_day_from_date_value(series_rel: Relations) -> None:
    df = series_rel.events(actor="RUS", cameo="040", period="2020-03")
    assert list(df["doc_id"]) == ["apr-1"]
    assert df["day"].iloc[0].date() == date(2020, 3, 5)


def test_undated_document_counts_at_the_middle_of_a_narrow_window(tmp_path: Path) -> None:
    from dataclasses import replace

    def undated(doc_id: str, start: date, end: date) -> DocumentResult:
        doc = make_doc(doc_id, date(2000, 1, 1), [Spec(("VEN",), ("RUS",), "040")])
        document = replace(doc.document, date=None)
        return replace(doc, document=document, date_window=DateWindow(start, end, ("test",)))

    path = write_store(
        tmp_path / "undated.duckdb",
        [
            undated("narrow", date(2008, 5, 8), date(2009, 1, 20)),
            undated("wide", date(2001, 1, 1), date(2009, 1, 1)),  # eight years: no day
        ],
    )
    with relations.open(path) as rel:
        df = rel.events(actor="VEN")
        assert list(df["doc_id"]) == ["narrow", "wide"]
        assert df["day"].iloc[0].date() == date(2008, 9, 13)
        assert pd.isna(df["day"].iloc[1])
        assert list(rel.dyad("VEN", "RUS", by="year")["n_events"]) == [1]


def test_gaps_are_filled_and_windows_cut(series_rel: Relations) -> None:
    weeks = series_rel.dyad("VEN", "RUS", by="week", period="2020-01")
    assert weeks["period"].iloc[0] == "2020-W01"  # the ISO week of Monday 30 December 2019
    assert weeks["n_events"].sum() == 3
    empty = weeks[weeks["n_events"] == 0]
    assert not empty.empty and empty["index"].isna().all()
    none = series_rel.dyad("VEN", "RUS", period="2019")
    assert len(none) == 12 and none["n_events"].sum() == 0


def test_index_summary_and_thin(series_rel: Relations) -> None:
    row = series_rel.index("VEN", "RUS").iloc[0]
    assert (row["n_events"], row["n_docs"], row["n_sources"], row["n_periods"]) == (8, 9, 9, 3)
    assert row["top_source_share"] == pytest.approx(1 / 8)
    assert not row["thin"]
    one = series_rel.index("VEN", "USA").iloc[0]
    assert one["n_events"] == 1 and one["thin"] and one["trend"] == "unknown"
    assert series_rel.country_of("VENGOV") == "VEN"
    assert set(series_rel.index("VEN", "RUS").columns) == set(relations.SUMMARY_COLUMNS)


# --------------------------------------------------------------------------- trend


def test_theil_sen_slope_and_interval() -> None:
    rising = theil_sen(range(10), [0.5 * x + (1 if x % 2 else -1) for x in range(10)])
    assert rising.slope == pytest.approx(0.5, abs=0.3) and rising.direction == "rising"
    assert rising.low <= rising.slope <= rising.high
    flat = theil_sen(range(8), [1, -1, 1, -1, 1, -1, 1, -1])
    assert flat.direction == "flat"
    assert theil_sen([1], [2]).direction == "unknown"


@pytest.fixture(scope="module")
def trend_rel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Relations]:
    """IND–PAK: six months from conflict to cooperation; CHN–JPN the other way."""
    better = ["190", "163", "130", "040", "057", "062"]
    worse = list(reversed(better))
    docs: list[DocumentResult] = []
    for month in range(6):
        for k, day in enumerate(days(date(2021, month + 1, 2), 6, step=4)):
            docs.append(make_doc(f"ip-{month}-{k}", day, [Spec(("IND",), ("PAK",), better[month])]))
            docs.append(make_doc(f"cj-{month}-{k}", day, [Spec(("CHN",), ("JPN",), worse[month])]))
    path = write_store(tmp_path_factory.mktemp("trend") / "t.duckdb", docs)
    with relations.open(path) as rel:
        yield rel


def test_trend_sign(trend_rel: Relations) -> None:
    up = trend_rel.index("IND", "PAK", by="month").iloc[0]
    down = trend_rel.index("CHN", "JPN", by="month").iloc[0]
    assert up["slope"] > 0 and up["trend"] == "rising"
    assert down["slope"] < 0 and down["trend"] == "falling"
    assert up["n_events"] == 36 and up["n_periods"] == 6 and not up["thin"]
    top = trend_rel.dyads(top=5, by="month")
    assert {tuple(r) for r in top[["a", "b"]].to_numpy()} == {("IND", "PAK"), ("CHN", "JPN")}
    assert set(top["trend"]) == {"rising", "falling"}


# --------------------------------------------------------------------------- blocs and similarity

BLOCS = (("USA", "GBR", "FRA"), ("RUS", "CHN", "IRN"), ("IND", "BRA", "ZAF"))


@pytest.fixture(scope="module")
def world_rel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Relations]:
    """Three blocs in 2019: each pair inside a bloc signs, cooperates militarily and consults
    (reciprocal events); each pair across blocs accuses and sanctions, both ways. IND and RUS
    also cooperate, across blocs, enough to make their dyad cooperative on balance."""
    docs: list[DocumentResult] = []
    members = [c for bloc in BLOCS for c in bloc]
    bloc_of = {c: i for i, bloc in enumerate(BLOCS) for c in bloc}

    def add(a: str, b: str, code: str, reciprocal: bool) -> None:
        day = date(2019, 1 + len(docs) % 12, 1 + len(docs) % 27)
        spec = Spec((a,), (b,), code, reciprocal=reciprocal)
        docs.append(make_doc(f"w{len(docs)}", day, [spec]))

    for a, b in combinations(members, 2):
        if bloc_of[a] == bloc_of[b]:
            for code in ("057", "062", "040"):
                add(a, b, code, reciprocal=True)
        else:
            for code in ("111", "163"):
                add(a, b, code, reciprocal=False)
                add(b, a, code, reciprocal=False)
    for code in ("057", "062", "040") * 2:
        add("IND", "RUS", code, reciprocal=True)
    path = write_store(tmp_path_factory.mktemp("world") / "w.duckdb", docs)
    with relations.open(path) as rel:
        yield rel


def test_blocs_of_a_three_bloc_world(world_rel: Relations) -> None:
    df = world_rel.blocs(2019)
    found = {frozenset(g["country"]) for _, g in df.groupby("bloc")}
    assert found == {frozenset(b) for b in BLOCS}
    assert df.attrs["n_blocs"] == 3 and df.attrs["modularity"] > 0.3
    assert 0 < df.attrs["frustration"] < 0.05  # only IND–RUS disagrees with the blocs
    assert (df["within"] > 0).all() and (df["between"] < 0).all()
    assert world_rel.blocs(2018).empty


def test_signed_partition_needs_sign() -> None:
    names = ["A", "B", "C", "D"]
    w = np.array([[0, 5, -5, -5], [5, 0, -5, -5], [-5, -5, 0, 5], [-5, -5, 5, 0]], float)
    assert partition(names, w).members() == [["A", "B"], ["C", "D"]]
    # The same magnitudes all positive make one bloc, not two.
    assert partition(names, np.abs(w)).members() == [["A", "B", "C", "D"]]


def test_similarity_s_score(world_rel: Relations) -> None:
    allies = world_rel.similarity("USA", "GBR", 2019).iloc[0]
    rivals = world_rel.similarity("USA", "RUS", 2019).iloc[0]
    assert allies["s_score"] > 0.95  # they act alike toward all seven others
    assert rivals["s_score"] < 0.7  # opposite toward their own blocs, alike toward the third
    assert allies["n_third"] == 7  # everyone but the two of them
    ranked = world_rel.similarity("USA", period=2019)
    assert set(ranked["b"].iloc[:2]) == {"GBR", "FRA"}
    assert list(ranked["s_score"]) == sorted(ranked["s_score"], reverse=True)
    profile = world_rel.profile("USA", "RUS", 2019)
    assert set(profile["third"]) == {"GBR", "FRA", "CHN", "IRN", "IND", "BRA", "ZAF"}
    assert profile["difference"].iloc[0] >= profile["difference"].iloc[-1]


# --------------------------------------------------------------------------- the brief


def brief_docs() -> list[DocumentResult]:
    """January 2022 against December 2021: TUR–GRC improves a lot, ARM–AZE a little,
    EGY–ETH worsens; in January RUS delivers arms to SRB and FRA and IND sign an agreement."""
    docs: list[DocumentResult] = []
    plan = {
        ("TUR", "GRC"): (["190", "163", "130"], ["057", "062", "040"]),
        ("ARM", "AZE"): (["111", "111", "040"], ["040", "040", "036"]),
        ("EGY", "ETH"): (["057", "040", "040"], ["130", "163", "111"]),
    }
    for (a, b), (before, after) in plan.items():
        for k, code in enumerate(before):
            docs.append(
                make_doc(f"{a}{b}-d{k}", date(2021, 12, 3 + 9 * k), [Spec((a,), (b,), code)])
            )
        for k, code in enumerate(after):
            docs.append(
                make_doc(
                    f"{a}{b}-j{k}",
                    date(2022, 1, 3 + 9 * k),
                    [Spec((a,), (b,), code, confidence=0.5 + 0.1 * k)],
                    title=f"{a} and {b}, part {k}",
                    source="Wire A",
                )
            )
    docs.append(
        make_doc(
            "arms",
            date(2022, 1, 20),
            [Spec(("RUS",), ("SRB",), "062", context="military")],
            title="Moscow ships fighters to Belgrade",
            source="Wire B",
        )
    )
    docs.append(make_doc("deal", date(2022, 1, 25), [Spec(("FRA",), ("IND",), "057")]))
    return docs


@pytest.fixture(scope="module")
def brief_rel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Relations]:
    path = write_store(tmp_path_factory.mktemp("brief") / "b.duckdb", brief_docs())
    with relations.open(path) as rel:
        yield rel


def test_brief_rise_and_fall_order(brief_rel: Relations) -> None:
    brief = brief_rel.brief("2022-01-01", until="2022-01-31")
    rose = [(d["a"], d["b"]) for d in brief.rose]
    # From conflict to cooperation, then the two new dyads, then a small improvement.
    assert rose == [("GRC", "TUR"), ("FRA", "IND"), ("RUS", "SRB"), ("ARM", "AZE")]
    assert [(d["a"], d["b"]) for d in brief.fell] == [("EGY", "ETH")]
    changes = [d["change"] for d in brief.rose]
    assert changes == sorted(changes, reverse=True)
    assert brief.previous.to_dict()["start"] == "2021-12-01"
    evidence = brief.rose[0]["evidence"][0]
    assert evidence["goldstein"] > 0 and evidence["documents"][0]["source"] == "Wire A"
    assert brief.fell[0]["evidence"][0]["goldstein"] < 0


def test_brief_transfers_agreements_and_json(brief_rel: Relations) -> None:
    brief = brief_rel.brief("2022-01-01", until="2022-01-31")
    assert [(t["sources"], t["targets"]) for t in brief.transfers] == [(["RUS"], ["SRB"])]
    assert brief.transfers[0]["first_report"] is True
    assert brief.transfers[0]["evidence"][0]["documents"][0]["title"].startswith("Moscow")
    agreed = {(tuple(a["sources"]), tuple(a["targets"])) for a in brief.agreements}
    assert (("FRA",), ("IND",)) in agreed and (("TUR",), ("GRC",)) in agreed
    data = json.loads(relations.brief(brief_rel, date(2022, 1, 1), fmt="json"))
    assert set(data) == {
        "window",
        "previous",
        "actor",
        "actors",
        "totals",
        "rose",
        "fell",
        "transfers",
        "agreements",
    }
    assert set(data["rose"][0]) >= {"a", "b", "index", "index_before", "change", "evidence"}
    assert set(data["rose"][0]["evidence"][0]["documents"][0]) == {
        "doc_id",
        "title",
        "source",
        "date",
    }
    markdown = relations.brief(brief_rel, "2022-01-01", actor="TUR")
    assert markdown.startswith("# Relations brief — TUR")
    assert "## Relations that improved" in markdown and "EGY" not in markdown


@pytest.mark.slow
def test_brief_reads_a_transfers_table(tmp_path: Path) -> None:
    docs = brief_docs()
    path = write_store(tmp_path / "t.duckdb", docs)
    arms = next(d for d in docs if d.document.doc_id == "arms")
    with duckdb.connect(str(path)) as con:
        query = "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
        columns = {row[0] for row in con.execute(query, ["transfers"]).fetchall()}
        if not {"supplier", "recipient", "doc_key", "item", "event_id"} <= columns:
            pytest.skip("this store has no transfers table")
        con.execute(
            "INSERT INTO transfers (transfer_id, doc_key, supplier, recipient, item, event_id, "
            "payload) VALUES ('t1', ?, 'RUS', 'SRB', 'MiG-29', ?, '{}')",
            [arms.document.content_hash, arms.events[0].event_id],
        )
    with relations.open(path) as rel:
        brief = rel.brief("2022-01-01", until="2022-01-31")
        # Governments only: the record's event is between two states (bare countries).
        governments = rel.brief("2022-01-01", until="2022-01-31", actors="state")
    assert [t["item"] for t in governments.transfers] == ["MiG-29"]
    # The record, and not the transfer event it covers a second time.
    assert len(brief.transfers) == 1
    record = brief.transfers[0]
    assert (record["sources"], record["targets"], record["item"]) == (["RUS"], ["SRB"], "MiG-29")
    assert record["evidence"][0]["sentence"].startswith("RUS did 062 to SRB")
    assert record["first_report"] is True


# --------------------------------------------------------------------------- summaries and plots


def test_persisted_summaries_match_live_and_go_stale(tmp_path: Path) -> None:
    copy = write_store(tmp_path / "copy.duckdb", series_docs())
    with relations.open(copy, summaries="live") as rel:
        live = rel.dyad("VEN", "RUS")
    info = relations.build_summaries(copy)
    assert info["rows"]["rel_pairs"] > 0
    with relations.open(copy, read_only=True) as rel:
        assert rel.mode == "persisted"
        pd.testing.assert_frame_equal(rel.dyad("VEN", "RUS"), live)
    write_store(copy, [make_doc("may-1", date(2020, 5, 5), [Spec(("VEN",), ("RUS",), "040")])])
    with relations.open(copy) as rel:  # stale and small: answered from temporary tables
        assert rel.mode == "live"
        assert int(rel.dyad("VEN", "RUS")["n_events"].sum()) == 9
    with pytest.raises(StoreError, match="read-only"):
        relations.open(copy, summaries="persist", read_only=True)


@pytest.mark.slow
def test_plots(series_rel: Relations, world_rel: Relations, tmp_path: Path) -> None:
    png = relations.plot_dyad(series_rel.dyad("VEN", "RUS"), tmp_path / "d.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = relations.plot_network(world_rel.blocs(2019), world_rel.network(2019), tmp_path / "n.svg")
    assert "<svg" in svg.read_text(encoding="utf-8")[:500]
    with pytest.raises(RelationsError, match="png"):
        relations.plot_dyad(series_rel.dyad("VEN", "RUS"), tmp_path / "d.gif")


def test_periods_and_errors(series_rel: Relations, tmp_path: Path) -> None:
    assert parse_period("2008-Q3").to_dict() == {
        "label": "2008-Q3",
        "start": "2008-07-01",
        "end": "2008-09-30",
    }
    assert parse_period(2008).days == 366
    assert parse_period("2008-01-05..2008-01-06").days == 2
    with pytest.raises(PeriodError):
        parse_period("2008-13")
    with pytest.raises(PeriodError):
        series_rel.dyad("VEN", "RUS", by="fortnight")  # type: ignore[arg-type]
    with pytest.raises(RelationsError):
        series_rel.dyad("VEN", "RUS", direction="sideways")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="no store"):
        relations.open(tmp_path / "missing.duckdb")
    duckdb.connect(str(tmp_path / "plain.duckdb")).close()
    with pytest.raises(StoreError, match="not a realpolitik store"):
        relations.open(tmp_path / "plain.duckdb")


# --------------------------------------------------------------------------- the real pipeline

FOUNDING = (
    "Venezuelan President Hugo Chavez met Russian President Dmitry Medvedev in Moscow on "
    "Tuesday, and the two leaders signed an agreement on a strategic military alliance.\n\n"
    "Russia sold Sukhoi fighter jets and Kalashnikov rifles to Venezuela last year, and Moscow "
    "will deliver air defence systems to Caracas, officials in Caracas said.\n\n"
    "Chavez accused the United States of threatening Venezuela. Russia condemned the United "
    "States for deploying warships in the Caribbean. Venezuela and Russia denounced the United "
    "States, and Chavez warned Washington against any aggression.\n"
)


def test_founding_article_relations(pipeline: Pipeline, tmp_path: Path) -> None:
    """An invented article modelled on the founding one: leaders meet and agree an alliance,
    Russia sells arms to Venezuela, and both are hostile to Washington."""
    result = pipeline.extract(FOUNDING, article_date=date(2008, 7, 23), doc_id="caracas.txt")
    path = write_store(tmp_path / "founding.duckdb", [result])
    with relations.open(path) as rel:
        ven_rus = rel.index("VEN", "RUS").iloc[0]
        assert ven_rus["index"] > 2.0 and ven_rus["n_events"] >= 3
        series = rel.dyad("VEN", "RUS")
        assert series["conflict"].sum() == 0 and series["cooperation"].sum() > 10
        for country in ("VEN", "RUS"):
            hostile = rel.index(country, "USA").iloc[0]
            assert hostile["index"] < 0 and hostile["n_events"] >= 1
        blocs = rel.blocs()
        groups = {frozenset(g["country"]) for _, g in blocs.groupby("bloc")}
        assert groups == {frozenset({"VEN", "RUS"}), frozenset({"USA"})}
        assert rel.similarity("VEN", "RUS").iloc[0]["s_score"] > 0.8
        brief = rel.brief("2008-07-01")
        assert [(d["a"], d["b"]) for d in brief.rose] == [("RUS", "VEN")]
        assert {(d["a"], d["b"]) for d in brief.fell} == {("USA", "VEN"), ("RUS", "USA")}
        assert any(t["sources"] == ["RUS"] for t in brief.transfers)


# --------------------------------------------------------------------------- the subcommands


def _run(argv: list[str]) -> tuple[int, str, str]:
    """Run a subcommand as ``realpolitik.cli`` will: its parser, then its ``run``."""
    parser = argparse.ArgumentParser(prog="realpolitik")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    code = COMMANDS[args.command](args, out, Console(file=err, width=200))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.slow
def test_commands(series_db: Path, tmp_path: Path) -> None:
    code, out, err = _run(["dyad", "VEN", "RUS", "--db", str(series_db), "--format", "csv"])
    assert code == 0 and out.splitlines()[0].startswith("a,b,period,period_start,n_events")
    assert len(out.splitlines()) == 4 and "VEN–RUS: index" in err
    plot = tmp_path / "d.svg"
    code, out, err = _run(
        ["dyad", "VEN", "--by", "year", "--db", str(series_db), "--plot", str(plot)]
    )
    assert code == 0 and "2020" in out and plot.exists()
    code, out, err = _run(["dyad", "VEN", "CHN", "--db", str(series_db)])
    assert (code, out, err.strip()) == (1, "", "no stories of VEN and CHN")
    code, out, _ = _run(["blocs", "--db", str(series_db), "--format", "json"])
    assert code == 0 and {row["country"] for row in json.loads(out)} == {"VEN", "RUS", "USA"}
    code, out, _ = _run(["brief", "--since", "2020-03-01", "--db", str(series_db)])
    assert code == 0 and out.startswith("# Relations brief")
    code, out, _ = _run(
        ["brief", "--since", "2020-03-01", "--format", "json", "--db", str(series_db)]
    )
    assert json.loads(out)["window"]["start"] == "2020-03-01"


@pytest.mark.slow
def test_several_actors_a_side_and_mutual_pairs(tmp_path: Path) -> None:
    docs = [
        make_doc("joint", date(2020, 5, 1), [Spec(("VEN", "RUS"), ("USA",), "111")]),
        make_doc("mutual", date(2020, 5, 2), [Spec(("CHN", "PAK"), ("PAK", "CHN"), "057")]),
    ]
    with relations.open(write_store(tmp_path / "m.duckdb", docs)) as rel:
        for country in ("VEN", "RUS"):
            assert int(rel.dyad(country, "USA")["n_events"].sum()) == 1
            assert int(rel.dyad(country, "USA", direction="in")["n_events"].sum()) == 0
        assert int(rel.dyad("VEN", "RUS")["n_events"].sum()) == 0  # same side: no dyad
        for direction in ("both", "out", "in"):
            df = rel.dyad("CHN", "PAK", direction=direction)
            assert int(df["n_events"].sum()) == 1
        assert int(rel.dyad("USA")["n_events"].sum()) == 1  # one story, two partners
