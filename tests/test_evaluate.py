"""Tests for realpolitik.evaluate: reader, scorers and runner, on invented records."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from realpolitik.evaluate import (
    EvalsetError,
    evaluate,
    evaluate_many,
    format_report,
    normalise_country,
    read_evalset,
)
from realpolitik.evaluate.evalset import GoldEventDate, Span
from realpolitik.evaluate.scorers import (
    date_value_matches,
    doc_half,
    greedy_overlap_matches,
    haversine_km,
    link_value,
)
from realpolitik.model import (
    Actor,
    Document,
    DocumentResult,
    Entity,
    Event,
    Evidence,
    Timex,
    Toponym,
)

# --------------------------------------------------------------------------- helpers


def sp(text: str, word: str, nth: int = 1) -> dict[str, Any]:
    """The span of the nth occurrence of ``word`` in ``text``."""
    start = -1
    for _ in range(nth):
        start = text.index(word, start + 1)
    return {"start": start, "end": start + len(word), "text": word}


def rec(
    doc_id: str, text: str, gold: list[str], dataset: str = "toyset", **fields: Any
) -> dict[str, Any]:
    return {
        "schema": "evalset/1",
        "dataset": dataset,
        "doc_id": doc_id,
        "split": "dev",
        "lang": "en",
        "text": text,
        "gold": gold,
        **fields,
    }


def gact(country: str | None, code: str | None = None) -> dict[str, Any]:
    return {"code": code or country, "country": country, "sector": None, "span_exact": False}


def gev(type_: str | None, trigger: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    return {
        "id": "E",
        "type": type_,
        "trigger": trigger,
        "source": kw.pop("source", []),
        "target": kw.pop("target", []),
        **kw,
    }


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def pact(country: str | None) -> Actor:
    return Actor(code=country or "ORG", country=country, sector=None, text="")


def pev(
    doc: str,
    type_: str,
    span: dict[str, Any],
    confidence: float,
    *,
    source: Iterable[str | None] = (),
    target: Iterable[str | None] = (),
    cameo: str = "",
    reciprocal: bool = False,
    modality: str = "factual",
    date_value: str | None = None,
) -> Event:
    evidence = Evidence(doc, 0, "", 0, 0, span["start"], span["end"], span["text"], "test")
    return Event(
        doc=doc,
        type=type_,
        cameo=cameo,
        goldstein=0.0,
        quad_class=0,
        source=tuple(pact(c) for c in source),
        target=tuple(pact(c) for c in target),
        modality=modality,
        evidence=evidence,
        confidence=confidence,
        reciprocal=reciprocal,
        date={"value": date_value} if date_value is not None else None,
    )


class FakeExtractor:
    """Returns hand-made results; remembers what it was given."""

    def __init__(
        self,
        events: dict[str, list[Event]] | None = None,
        entities: dict[str, list[Entity]] | None = None,
        toponyms: dict[str, list[Toponym]] | None = None,
        timexes: dict[str, list[Timex]] | None = None,
        modality: dict[tuple[str, int, int], str] | None = None,
    ):
        self.events = events or {}
        self.entities = entities or {}
        self.toponyms = toponyms or {}
        self.timexes = timexes or {}
        self.modality = modality or {}
        self.seen: list[Document] = []
        self.run_calls = 0

    def run(self, docs: Iterable[Document]) -> Iterator[DocumentResult]:
        self.run_calls += 1
        for doc in docs:
            self.seen.append(doc)
            yield DocumentResult(
                document=doc,
                events=self.events.get(doc.doc_id, []),
                entities=self.entities.get(doc.doc_id, []),
                actors=[],
                toponyms=self.toponyms.get(doc.doc_id, []),
                timexes=self.timexes.get(doc.doc_id, []),
            )

    def modality_at(self, result: DocumentResult, start: int, end: int) -> str:
        return self.modality.get((result.document.doc_id, start, end), "factual")


def run_eval(
    tmp_path: Path, records: list[dict[str, Any]], extractor: FakeExtractor
) -> dict[str, Any]:
    report = evaluate(write(tmp_path / "toy" / "dev.jsonl", records), extractor)
    json.dumps(report)  # must be JSON-serialisable
    return report


# --------------------------------------------------------------------------- reader


def test_reader_parses_records_and_dates(tmp_path: Path) -> None:
    text = "Ministers met in the capital on Friday."
    records = [
        rec(
            "a1",
            text,
            ["events", "event_types"],
            events=[gev("CONSULT", sp(text, "met"), trigger_spans=[sp(text, "met")])],
            meta={"date": "2008-08-06"},
        ),
        rec("a2", text, ["timexes"], doc_date="1998-08-07"),
        rec("a3", text, ["entities"]),  # no optional fields at all
    ]
    path = write(tmp_path / "dev.jsonl", records)
    path.write_text(path.read_text() + "\n\n", encoding="utf-8")  # trailing blank lines
    got = read_evalset(path)
    assert [r.doc_id for r in got] == ["a1", "a2", "a3"]
    assert got[0].events[0].trigger is not None and got[0].events[0].trigger.start == 10
    assert len(got[0].events[0].all_trigger_spans) == 1  # duplicate of trigger not repeated
    assert got[0].to_document().date == date(2008, 8, 6)
    assert got[1].to_document().date == date(1998, 8, 7)
    assert got[2].to_document() == Document(doc_id="a3", text=text, date=None)
    assert got[2].events == () and got[2].timexes == ()
    assert [r.doc_id for r in read_evalset(path, limit=2)] == ["a1", "a2"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"schema": "evalset/1", "doc_id": ', "bad JSON"),
        (json.dumps(rec("x", "Some text.", ["entities"]) | {"schema": "evalset/2"}), "schema"),
        (json.dumps({k: v for k, v in rec("x", "Text.", []).items() if k != "gold"}), "gold"),
        (
            json.dumps(
                rec("x", "Short.", ["entities"], entities=[{"start": 2, "end": 40, "type": "LOC"}])
            ),
            "outside the text",
        ),
        (
            json.dumps(
                rec("x", "Short.", ["entities"], entities=[{"start": "2", "end": 4, "type": "L"}])
            ),
            "integer",
        ),
        ("[1, 2]", "JSON object"),
    ],
)
def test_reader_errors_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    good = json.dumps(rec("ok", "Fine text.", ["entities"]))
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{good}\n{good}\n{line}\n", encoding="utf-8")
    with pytest.raises(EvalsetError) as info:
        read_evalset(path)
    assert isinstance(info.value, ValueError)
    assert f"{path}:3:" in str(info.value)
    assert message in str(info.value)
    assert info.value.line == 3


# --------------------------------------------------------------------------- 1. event types


def test_event_types_most_confident_rule_and_majority_baseline(tmp_path: Path) -> None:
    text = "The envoys agreed on a truce but rebels attacked a depot."
    agree, attack = sp(text, "agreed"), sp(text, "attacked")
    records = [
        rec(f"t{i}", text, ["events", "event_types"], events=[gev(t, agree)])
        for i, t in enumerate(["AGREE", "AGREE", "AGREE", "PROTEST", "ASSAULT"], start=1)
    ]
    extractor = FakeExtractor(
        events={
            # the most confident event decides, not the first
            "t1": [pev("t1", "AGREE", agree, 0.4), pev("t1", "ASSAULT", attack, 0.9)],
            # a tie goes to the first in order
            "t2": [pev("t2", "AGREE", agree, 0.5), pev("t2", "PROTEST", attack, 0.5)],
            # t3: no event -> NONE
            "t4": [pev("t4", "PROTEST", agree, 0.7)],
            "t5": [pev("t5", "ASSAULT", attack, 0.8)],
        }
    )
    layer = run_eval(tmp_path, records, extractor)["layers"]["event_types"]
    assert layer["n"] == 5
    assert layer["accuracy"] == pytest.approx(3 / 5)
    pc = layer["per_class"]
    assert pc["AGREE"]["precision"] == 1.0 and pc["AGREE"]["recall"] == pytest.approx(1 / 3)
    assert pc["AGREE"]["f1"] == pytest.approx(0.5)
    assert pc["ASSAULT"]["f1"] == pytest.approx(2 / 3)
    assert pc["PROTEST"]["f1"] == 1.0
    assert pc["NONE"]["n_pred"] == 1 and pc["NONE"]["support"] == 0
    assert sorted(layer["macro_f1_classes"]) == ["AGREE", "ASSAULT", "PROTEST"]
    assert layer["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 1.0) / 3)
    base = layer["majority_baseline"]
    assert base["label"] == "AGREE"
    assert base["accuracy"] == pytest.approx(0.6)
    assert base["macro_f1"] == pytest.approx((2 * 0.6 / 1.6) / 3)
    confusions = {(c["gold"], c["pred"]): c["n"] for c in layer["top_confusions"]}
    assert confusions == {("AGREE", "ASSAULT"): 1, ("AGREE", "NONE"): 1}
    assert "no_plover_event" not in layer


def test_event_types_case2021_no_plover_root_reported_apart(tmp_path: Path) -> None:
    text = "Protesters gathered outside the ministry after the air strike."

    def labels(root: str | None) -> dict[str, Any]:
        return {"plover_root": root, "event_subtype": "X"}

    records = [
        rec("c1", text, ["doc_labels", "event_types"], doc_labels=labels("ASSAULT")),
        rec("c2", text, ["doc_labels", "event_types"], doc_labels=labels(None)),
        rec("c3", text, ["doc_labels", "event_types"], doc_labels=labels(None)),
    ]
    strike = sp(text, "strike")
    extractor = FakeExtractor(
        events={
            "c1": [pev("c1", "ASSAULT", strike, 0.9)],
            "c2": [pev("c2", "PROTEST", sp(text, "gathered"), 0.6)],
        }
    )
    layer = run_eval(tmp_path, records, extractor)["layers"]["event_types"]
    assert layer["n"] == 1 and layer["accuracy"] == 1.0
    assert layer["no_plover_event"] == {
        "n": 2,
        "n_with_predicted_event": 1,
        "rate": 0.5,
        "predicted_types": {"PROTEST": 1},
    }


def test_event_types_records_without_gold_type_are_class_none(tmp_path: Path) -> None:
    text = "The spokesman expressed regret."
    records = [
        rec("p1", text, ["cameo", "event_types"]),  # no gold event at all
        rec("p2", text, ["cameo", "event_types"], events=[gev(None, cameo="018")]),
        rec("p3", text, ["cameo", "event_types"], events=[gev(None, cameo="018")]),
    ]
    extractor = FakeExtractor(events={"p3": [pev("p3", "REJECT", sp(text, "expressed"), 0.5)]})
    layer = run_eval(tmp_path, records, extractor)["layers"]["event_types"]
    assert layer["accuracy"] == pytest.approx(2 / 3)
    assert layer["per_class"]["NONE"]["support"] == 3
    assert layer["majority_baseline"]["accuracy"] == 1.0


# --------------------------------------------------------------------------- 2. dyads


def _dyad_fixture() -> tuple[list[dict[str, Any]], FakeExtractor]:
    gold = ["events", "event_types", "event_actors"]
    t1 = "Japan warned Italy over the fishing dispute."
    t2 = "Norway and Chile condemned Peru."
    t3 = "Egypt and Jordan agreed to cooperate."
    t4 = "Kenya accused Uganda of arming rebels."
    t5 = "Brazil threatened Argentina and the militia."
    t6 = "Peru met Chile in Lima."
    records = [
        # CAMEO country codes in gold: JAP -> JPN, ITL -> ITA
        rec(
            "d1",
            t1,
            gold,
            events=[gev("THREATEN", sp(t1, "warned"), source=[gact("JAP")], target=[gact("ITL")])],
        ),
        rec(
            "d2",
            t2,
            gold,
            events=[
                gev(
                    "ACCUSE",
                    sp(t2, "condemned"),
                    source=[gact("NOR"), gact("CHL")],
                    target=[gact("PER")],
                )
            ],
        ),
        rec(
            "d3",
            t3,
            gold,
            events=[
                gev(
                    "AGREE",
                    sp(t3, "agreed"),
                    reciprocal=True,
                    source=[gact("EGY"), gact("JOR")],
                    target=[gact("EGY"), gact("JOR")],
                )
            ],
        ),
        rec(
            "d4",
            t4,
            gold,
            events=[gev("ACCUSE", sp(t4, "accused"), source=[gact("KEN")], target=[gact("UGA")])],
        ),
        # IMG (a militarised group) is no country: dropped
        rec(
            "d5",
            t5,
            gold,
            events=[
                gev(
                    "THREATEN",
                    sp(t5, "threatened"),
                    source=[gact("BRA")],
                    target=[gact("ARG"), gact("IMG")],
                )
            ],
        ),
        rec(
            "d6",
            t6,
            gold,
            events=[gev("CONSULT", sp(t6, "met"), source=[gact("PER")], target=[gact("CHL")])],
        ),
    ]
    extractor = FakeExtractor(
        events={
            # trigger overlap wins over the more confident event elsewhere
            "d1": [
                pev("d1", "THREATEN", sp(t1, "warned"), 0.6, source=["JPN"], target=["ITA"]),
                pev("d1", "ACCUSE", sp(t1, "dispute"), 0.9, source=["ITA"], target=["JPN"]),
            ],
            # compound actor: one predicted event per pair on the same trigger
            "d2": [
                pev("d2", "ACCUSE", sp(t2, "condemned"), 0.7, source=["NOR"], target=["PER"]),
                pev("d2", "ACCUSE", sp(t2, "condemned"), 0.5, source=["CHL"], target=["PER"]),
            ],
            # gold reciprocal: compared role-free
            "d3": [pev("d3", "AGREE", sp(t3, "agreed"), 0.8, source=["EGY"], target=["JOR"])],
            # no trigger overlap: fall back to the most confident; predicted reciprocal
            "d4": [
                pev(
                    "d4",
                    "CONSULT",
                    sp(t4, "Uganda"),
                    0.3,
                    source=["UGA"],
                    target=["KEN"],
                    reciprocal=True,
                )
            ],
            # d5: nothing predicted
            "d6": [pev("d6", "CONSULT", sp(t6, "met"), 0.5, source=["PER"], target=["BOL"])],
        }
    )
    return records, extractor


def test_dyad_matching_reciprocal_and_micro_scores(tmp_path: Path) -> None:
    records, extractor = _dyad_fixture()
    layer = run_eval(tmp_path, records, extractor)["layers"]["event_actors"]
    assert layer["n"] == 6
    assert layer["match"] == {"trigger": 4, "fallback": 1, "none": 1}
    assert layer["n_role_free"] == 2
    # tp: d1 2, d2 3, d3 2, d4 2, d6 1 ; fp: d6 1 ; fn: d5 2, d6 1
    assert (layer["tp"], layer["fp"], layer["fn"]) == (10, 1, 3)
    assert layer["precision"] == pytest.approx(10 / 11)
    assert layer["recall"] == pytest.approx(10 / 13)
    assert layer["f1"] == pytest.approx(20 / 24)
    assert layer["record_exact"] == pytest.approx(4 / 6)
    assert layer["gold_codes_normalised"] == {"JAP->JPN": 1, "ITL->ITA": 1}
    assert layer["gold_codes_dropped"] == {"IMG": 1}
    # type right only for d2, d3, d6 (d1's most confident event is an ACCUSE)
    typed = layer["type_correct"]
    assert typed["n"] == 3
    assert (typed["tp"], typed["fp"], typed["fn"]) == (6, 1, 1)
    assert typed["f1"] == pytest.approx(6 / 7)


def test_dyad_roles_count_when_not_reciprocal(tmp_path: Path) -> None:
    text = "Chad attacked Niger."
    records = [
        rec(
            "r1",
            text,
            ["event_actors"],
            events=[
                gev("ASSAULT", sp(text, "attacked"), source=[gact("TCD")], target=[gact("NER")])
            ],
        )
    ]
    # roles swapped, nobody reciprocal: both pairs are wrong
    extractor = FakeExtractor(
        events={
            "r1": [pev("r1", "ASSAULT", sp(text, "attacked"), 0.9, source=["NER"], target=["TCD"])]
        }
    )
    layer = run_eval(tmp_path, records, extractor)["layers"]["event_actors"]
    assert (layer["tp"], layer["fp"], layer["fn"]) == (0, 2, 2)
    assert layer["f1"] == 0.0


def test_normalise_country() -> None:
    assert normalise_country("JAP") == "JPN"
    assert normalise_country("ITL") == "ITA"
    assert normalise_country("ROM") == "ROU"
    assert normalise_country("usa") == "USA"
    assert normalise_country("KSV") == "XKX"
    for not_a_country in ("IMG", "IGO", "NGO", "MEA", "", None):
        assert normalise_country(not_a_country) is None


# --------------------------------------------------------------------------- 3. CAMEO


def test_cameo_root_and_full_code(tmp_path: Path) -> None:
    text = "Officials denounced the raid and met the envoy."
    gold = ["events", "cameo"]
    records = [
        rec("k1", text, gold, events=[gev("ACCUSE", cameo="112", cameo_root="11")]),
        rec("k2", text, gold, events=[gev("CONSULT", cameo="043", cameo_root="04")]),
        rec("k3", text, gold, events=[gev("ASSAULT", cameo="190", cameo_root="19")]),
        rec("k4", text, gold),  # no gold event: not scored for CAMEO
    ]
    s = sp(text, "denounced")
    extractor = FakeExtractor(
        events={
            "k1": [
                pev("k1", "ACCUSE", s, 0.9, cameo="111"),
                pev("k1", "ACCUSE", s, 0.1, cameo="112"),
            ],
            "k2": [pev("k2", "CONSULT", sp(text, "met"), 0.6, cameo="043")],
            "k4": [pev("k4", "ACCUSE", s, 0.6, cameo="111")],
        }
    )
    layer = run_eval(tmp_path, records, extractor)["layers"]["cameo"]
    assert layer["n"] == 3
    assert layer["root_accuracy"] == pytest.approx(2 / 3)
    assert layer["full_accuracy"] == pytest.approx(1 / 3)
    assert layer["n_no_prediction"] == 1
    assert layer["majority_root_baseline"] == {"label": "11", "accuracy": pytest.approx(1 / 3)}
    assert layer["no_gold_event"] == {"n": 1, "n_with_predicted_event": 1}


# --------------------------------------------------------------------------- 4. modality


def test_modality_underspecified_excluded_and_baseline(tmp_path: Path) -> None:
    text = (
        "Troops left, talks failed, no deal was signed, a summit is planned, "
        "they may strike, and it happened."
    )
    s = {w: sp(text, w) for w in ("left", "failed", "signed", "planned", "strike", "happened")}
    events = [
        gev(None, s["left"], modality="factual"),
        gev(None, s["failed"], modality="factual"),
        gev(None, s["signed"], modality="negated"),
        gev(None, s["planned"], modality="planned"),
        gev(None, s["strike"], modality="speculative"),
        gev(None, s["happened"], modality="underspecified"),
        gev(None, sp(text, "summit"), modality=None),  # no modality: not scored
        gev(None, None, modality="factual"),  # no trigger: not scored
    ]
    records = [rec("m1", text, ["events", "event_triggers", "event_modality"], events=events)]

    def key(word: str) -> tuple[str, int, int]:
        return ("m1", s[word]["start"], s[word]["end"])

    extractor = FakeExtractor(
        modality={key("failed"): "negated", key("signed"): "negated", key("strike"): "speculative"},
        events={
            "m1": [
                pev("m1", "X", s["failed"], 0.5, modality="negated"),
                pev("m1", "X", s["signed"], 0.5, modality="negated"),
                pev("m1", "X", s["planned"], 0.5, modality="planned"),
                pev("m1", "X", s["happened"], 0.5, modality="factual"),
            ]
        },
    )
    layer = run_eval(tmp_path, records, extractor)["layers"]["event_modality"]
    assert layer["n"] == 5
    assert layer["accuracy"] == pytest.approx(3 / 5)
    pc = layer["per_class"]
    assert list(pc) == ["factual", "negated", "planned", "speculative"]
    assert pc["factual"]["f1"] == pytest.approx(0.5)
    assert pc["negated"]["f1"] == pytest.approx(2 / 3)
    assert pc["planned"]["f1"] == 0.0 and pc["planned"]["n_pred"] == 0
    assert pc["speculative"]["f1"] == 1.0
    assert layer["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0.0 + 1.0) / 4)
    assert layer["excluded_underspecified"] == {"n": 1, "predicted": {"factual": 1}}
    base = layer["baseline_all_factual"]
    assert base["accuracy"] == pytest.approx(2 / 5)
    assert base["macro_f1"] == pytest.approx((0.8 / 1.4) / 4)
    ext = layer["on_extracted_events"]
    assert ext["n"] == 3  # the event on the underspecified trigger does not count
    assert ext["accuracy"] == pytest.approx(2 / 3)
    assert ext["accuracy_modality_at"] == pytest.approx(1 / 3)
    assert "underspecified" in layer["note"]


# --------------------------------------------------------------------------- 5. entities


def test_entities_exact_vs_overlap_and_unpredicted_types(tmp_path: Path) -> None:
    text = "General Ama Tetteh visited Fort Kello with two Scorpion tanks and 5 million dollars."
    g = {
        w: sp(text, w)
        for w in (
            "Ama Tetteh",
            "Fort Kello",
            "two",
            "Scorpion tanks",
            "5 million dollars",
            "General",
        )
    }
    entities = [
        {"id": "e1", **g["Ama Tetteh"], "type": "PERSON"},
        {"id": "e2", **g["Fort Kello"], "type": "LOC"},
        {"id": "e3", **g["two"], "type": "QUANTITY"},
        {"id": "e4", **g["Scorpion tanks"], "type": "MILITARY_PLATFORM"},
        {"id": "e5", **g["5 million dollars"], "type": "MONEY"},
        {"id": "e6", **g["General"], "type": "OTHER"},
    ]
    records = [rec("n1", text, ["entities", "relations"], entities=entities)]

    def ent(word: str, type_: str) -> Entity:
        s = sp(text, word)
        return Entity(s["start"], s["end"], word, type_)

    extractor = FakeExtractor(
        entities={
            "n1": [
                ent("General Ama Tetteh", "PERSON"),  # overlap only
                ent("Fort Kello", "LOC"),  # exact
                ent("Fort Kello", "ORG"),  # wrong type
                ent("Scorpion tanks", "MILITARY_PLATFORM"),  # exact
                ent("Scorpion", "MILITARY_PLATFORM"),  # second match for one gold: FP
                ent("Kello", "GPE"),  # not a scored type: ignored
            ]
        }
    )
    layer = run_eval(tmp_path, records, extractor)["layers"]["entities"]
    pt = layer["per_type"]
    assert pt["PERSON"]["exact"]["f1"] == 0.0
    assert pt["PERSON"]["overlap"]["f1"] == 1.0
    assert (pt["ORG"]["overlap"]["tp"], pt["ORG"]["overlap"]["fp"]) == (0, 1)
    assert pt["MILITARY_PLATFORM"]["overlap"]["precision"] == pytest.approx(0.5)
    assert pt["MILITARY_PLATFORM"]["overlap"]["recall"] == 1.0
    assert pt["MONEY"]["overlap"]["recall"] == 0.0
    for never in ("WEAPON", "VEHICLE", "NORP", "TEMPORAL"):
        assert pt[never]["n_pred"] == 0
        assert pt[never]["exact"]["precision"] == pt[never]["exact"]["f1"] == 0.0
    assert set(pt) == {
        "PERSON",
        "ORG",
        "LOC",
        "NORP",
        "WEAPON",
        "MILITARY_PLATFORM",
        "VEHICLE",
        "MONEY",
        "QUANTITY",
        "TEMPORAL",
    }
    exact, overlap = layer["micro"]["exact"], layer["micro"]["overlap"]
    assert (exact["tp"], exact["fp"], exact["fn"]) == (2, 3, 3)
    assert exact["f1"] == pytest.approx(0.4)
    assert (overlap["tp"], overlap["fp"], overlap["fn"]) == (3, 2, 2)
    assert overlap["f1"] == pytest.approx(0.6)
    assert layer["gold_types_excluded"] == {"OTHER": 1}
    assert layer["pred_types_ignored"] == {"GPE": 1}


def test_greedy_overlap_is_one_to_one_largest_first() -> None:
    # one long prediction overlapping two gold spans matches only the larger overlap
    assert greedy_overlap_matches([(0, 4), (5, 15)], [(2, 15)]) == [(1, 0)]
    # two predictions compete for one gold span: the larger overlap wins
    assert greedy_overlap_matches([(0, 10)], [(0, 3), (0, 9)]) == [(0, 1)]
    assert greedy_overlap_matches([(0, 3)], [(3, 6)]) == []  # touching is not overlapping


# --------------------------------------------------------------------------- 6. places


def test_places_detection_reading_and_161km_rule(tmp_path: Path) -> None:
    text = "Flights from Paris to Lyon resumed, Berlin protested, Madrid stayed calm by the river."
    km = 1.0 / 6371.0088 * 180.0 / 3.141592653589793  # degrees of latitude per km

    def place(word: str, reading: str, lat: float | None, lon: float | None) -> dict[str, Any]:
        return {
            "id": word,
            **sp(text, word),
            "type": "T",
            "reading": reading,
            "geonames_id": None,
            "lat": lat,
            "lon": lon,
        }

    places = [
        place("Paris", "place", 48.8566, 2.3522),
        place("Lyon", "place", 45.764, 4.8357),
        place("Berlin", "actor", 52.52, 13.405),
        place("Madrid", "place", 40.4168, -3.7038),
        place("river", "other", None, None),
    ]
    records = [rec("g1", text, ["places"], places=places)]

    def top(word: str, reading: str, lat: float | None = None, lon: float | None = None) -> Toponym:
        s = sp(text, word)
        return Toponym(s["start"], s["end"], word, reading, lat=lat, lon=lon)

    extractor = FakeExtractor(
        toponyms={
            "g1": [
                top("Paris", "place", 48.8566 + 150 * km, 2.3522),  # 150 km off: right
                top("Lyon", "place", 45.764 + 170 * km, 4.8357),  # 170 km off: wrong
                top("Berlin", "place", 52.52, 13.405),  # wrong reading
                top("Madrid", "place"),  # no coordinates: wrong
                top("river", "place"),  # FP on a gold 'other'
                top("calm", "place"),  # FP
            ]
        }
    )
    layer = run_eval(tmp_path, records, extractor)["layers"]["places"]
    det = layer["detection"]
    assert (det["tp"], det["fp"], det["fn"]) == (4, 2, 0)
    assert det["f1"] == pytest.approx(0.8)
    assert det["fp_overlapping_gold_other"] == 1
    rd = layer["reading"]
    assert rd["n"] == 4 and rd["accuracy"] == pytest.approx(0.75)
    assert rd["majority_baseline"] == {"label": "place", "accuracy": pytest.approx(0.75)}
    geo = layer["geocoding"]
    assert geo["n"] == 3  # the actor reading is not geocoded
    assert geo["accuracy_161km"] == pytest.approx(1 / 3)
    assert geo["n_without_predicted_coordinates"] == 1
    assert geo["median_error_km"] == pytest.approx(160.0, abs=0.01)


def test_haversine_known_distance() -> None:
    # Paris to London, about 344 km
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=1.0)


# --------------------------------------------------------------------------- 7. dates


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [
        ("1998-08-07", "1998-08-07", True),
        ("1998-08", "1998-08-07", True),  # finer prediction, cut to the gold month
        ("1998-08", "1998-08", True),
        ("1998-08", "1998", False),  # coarser prediction
        ("1998-08-07", "1998-08", False),
        ("1998-08-07", "1998-08-08", False),
        ("1998", "1998-08-07", True),
        ("1998", "1999-01-01", False),
        ("1998-W32", "1998-08-05", True),  # a day inside ISO week 32 (3-9 Aug 1998)
        ("1998-W32", "1998-08-10", False),
        ("1998-W32", "1998-W32", True),
        ("1998-Q3", "1998-09-30", True),
        ("1998-Q3", "1998-10-01", False),
        ("1998-08-XX", "1998-08-21", True),  # unspecified day: month granularity
        ("199X", "1995-03", True),
        ("199", "2001", False),
        ("1998-08", "1998-08-01/1998-08-15", True),
        ("PRESENT_REF", "PRESENT_REF", True),
        ("PRESENT_REF", "1998-08-07", False),
        ("1998-SU", "1998-07-01", False),  # seasons only match exactly
        ("1998-08-07TNI", "1998-08-07", False),  # gold finer than a day
        ("1998-08-07TNI", "1998-08-07TNI", True),
        ("1998-08-07", None, False),
        (None, "1998-08-07", False),
    ],
)
def test_date_value_matches_at_gold_granularity(
    gold: str | None, pred: str | None, ok: bool
) -> None:
    assert date_value_matches(gold, pred) is ok


def test_timexes_detection_and_value(tmp_path: Path) -> None:
    text = "On Friday, 7 August, and last week, officials met for two days in August now."

    def tx(word: str, type_: str, value: str) -> dict[str, Any]:
        return {"id": word, **sp(text, word), "type": type_, "value": value}

    timexes = [
        tx("Friday", "DATE", "1998-08-07"),
        tx("last week", "DATE", "1998-W31"),
        tx("August", "DATE", "1998-08") | sp(text, "August", 2),
        tx("now", "DATE", "PRESENT_REF"),
        tx("two days", "DURATION", "P2D"),  # not a DATE: not scored
    ]
    records = [rec("x1", text, ["timexes"], timexes=timexes, doc_date="1998-08-07")]

    def ptx(word: str, type_: str, value: str, nth: int = 1) -> Timex:
        s = sp(text, word, nth)
        return Timex(s["start"], s["end"], word, type_, value)

    extractor = FakeExtractor(
        timexes={
            "x1": [
                ptx("Friday", "DATE", "1998-08-07"),
                ptx("7 August", "DATE", "1998-08-07"),  # FP
                ptx("last week", "DATE", "1998-07-29"),  # a day of 1998-W31: right
                ptx("August", "DATE", "1998", nth=2),  # coarser than the gold month: wrong
                ptx("two days", "DURATION", "P2D"),  # ignored
            ]
        }
    )
    report = run_eval(tmp_path, records, extractor)
    assert extractor.seen[0].date == date(1998, 8, 7)
    layer = report["layers"]["timexes"]
    det = layer["detection"]
    assert (det["tp"], det["fp"], det["fn"]) == (3, 1, 1)
    assert det["f1"] == pytest.approx(0.75)
    assert layer["value"]["n"] == 3
    assert layer["value"]["accuracy"] == pytest.approx(2 / 3)
    assert layer["value"]["accuracy_all_gold"] == pytest.approx(2 / 4)
    assert layer["pred_types_ignored"] == {"DURATION": 1}


def test_event_dates_strict_and_matched(tmp_path: Path) -> None:
    text = "A bomb exploded, police said, leaders met and troops left."
    s = {w: sp(text, w) for w in ("exploded", "said", "met", "left")}

    def ed(word: str, value: str, via_dct: bool = False) -> dict[str, Any]:
        return {
            "event_id": word,
            "trigger": s[word],
            "timex_id": "t1",
            "value": value,
            "rel_type": "IS_INCLUDED",
            "via_dct": via_dct,
        }

    records = [
        rec(
            "y1",
            text,
            ["event_dates"],
            doc_date="1998-08-07",
            event_dates=[
                ed("exploded", "1998-08-07"),
                ed("said", "1998-08-07T10:30", via_dct=True),  # time of day cut to the day
                ed("met", "1998-08"),
                ed("left", "1998-W32"),
            ],
        )
    ]
    extractor = FakeExtractor(
        events={
            "y1": [
                pev("y1", "X", s["exploded"], 0.5, date_value="1998-08-07"),
                pev("y1", "X", s["said"], 0.5, date_value="1998-08-07"),
                pev("y1", "X", s["met"], 0.5),  # Event.date is None: wrong
            ]
        }
    )
    layer = run_eval(tmp_path, records, extractor)["layers"]["event_dates"]
    assert layer["n"] == 4
    assert layer["n_with_overlapping_event"] == 3
    assert layer["accuracy"] == pytest.approx(2 / 4)
    assert layer["accuracy_matched"] == pytest.approx(2 / 3)
    assert layer["n_gold_times_cut_to_day"] == 1
    assert layer["by_anchor"]["via_dct"]["accuracy"] == 1.0
    assert layer["by_anchor"]["explicit"]["n"] == 3
    assert layer["by_anchor"]["explicit"]["accuracy"] == pytest.approx(1 / 3)
    # "y1": the last digit of the doc id is odd
    assert layer["by_half"]["odd"]["n_with_overlapping_event"] == 3
    assert layer["by_half"]["even"]["n"] == 0
    assert layer["accuracy_matched_by_link"] == pytest.approx(2 / 3)
    assert layer["date_sources_matched"]


def test_event_date_links_read_by_kind() -> None:
    """BEGUN_BY/ENDED_BY compare the start/end of a predicted interval; PRESENT_REF is the
    article's day; halves by the doc id's last digit."""

    def link(value: str, rel: str) -> GoldEventDate:
        return GoldEventDate("e1", Span(0, 3, "met"), "t1", value, rel, False)

    day = date(1999, 5, 7)
    assert link_value(link("1990", "BEGUN_BY"), "1990/..", day)
    assert not date_value_matches("1990", "1990/..")
    assert link_value(link("1997", "ENDED_BY"), "1994/1997", day)
    assert not link_value(link("1994", "ENDED_BY"), "1994/1997", day)
    assert link_value(link("PRESENT_REF", "INCLUDES"), "1999-05-07", day)
    assert not link_value(link("PRESENT_REF", "INCLUDES"), "1999-05-06", day)
    assert link_value(link("1998-08-07", "IS_INCLUDED"), "1998-08-07", day)
    assert (doc_half("TimeBank/wsj_0266"), doc_half("APW19980301.0720")) == ("even", "even")
    assert doc_half("AQUAINT/NYT19981025.0216") == "even" and doc_half("x1") == "odd"


# --------------------------------------------------------------------------- runner


def test_evaluate_report_shape_and_single_run(tmp_path: Path) -> None:
    records, extractor = _dyad_fixture()
    path = write(
        tmp_path / "plover" / "dev.jsonl", [r | {"dataset": "plover_gsr"} for r in records]
    )
    report = evaluate(path, extractor, progress=True)
    assert extractor.run_calls == 1
    assert [d.doc_id for d in extractor.seen] == [r["doc_id"] for r in records]
    assert report["dataset"] == "plover_gsr"
    assert report["file"] == str(path)
    assert report["n_records"] == 6
    assert list(report["layers"]) == ["event_types", "event_actors"]  # no scorer for 'events'
    assert report["unscored_layers"] == ["events"]
    json.dumps(report)
    text = format_report(report)
    assert "plover_gsr" in text and "event_actors" in text
    assert "0.833" in text  # dyad F1, 3 decimals
    assert "majority" in text

    limited = evaluate(path, FakeExtractor(), limit=2)
    assert limited["n_records"] == 2


def test_evaluate_rejects_misbehaving_extractors(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t" / "dev.jsonl",
        [rec("a", "One.", ["entities"]), rec("b", "Two.", ["entities"])],
    )

    class Short(FakeExtractor):
        def run(self, docs: Iterable[Document]) -> Iterator[DocumentResult]:
            yield from list(super().run(docs))[:1]

    class Reversed(FakeExtractor):
        def run(self, docs: Iterable[Document]) -> Iterator[DocumentResult]:
            yield from reversed(list(super().run(docs)))

    with pytest.raises(RuntimeError, match="1 results for 2"):
        evaluate(path, Short())
    with pytest.raises(RuntimeError, match="order"):
        evaluate(path, Reversed())


def test_evaluate_many_over_a_directory(tmp_path: Path) -> None:
    text = "Rebels shelled the town."
    write(
        tmp_path / "alpha" / "dev.jsonl",
        [
            rec(
                "a1",
                text,
                ["event_types"],
                dataset="alpha",
                events=[gev("ASSAULT", sp(text, "shelled"))],
            )
        ],
    )
    write(tmp_path / "beta" / "dev.jsonl", [rec("b1", text, ["entities"], dataset="beta")])
    write(tmp_path / "beta" / "test.jsonl", [rec("b2", text, ["entities"], dataset="beta")])
    extractor = FakeExtractor(events={"a1": [pev("a1", "ASSAULT", sp(text, "shelled"), 0.9)]})
    many = evaluate_many(tmp_path, extractor)
    assert many["n_datasets"] == 2
    assert set(many["datasets"]) == {"alpha", "beta"}
    assert many["datasets"]["alpha"]["layers"]["event_types"]["accuracy"] == 1.0
    assert "entities" in many["datasets"]["beta"]["layers"]
    text_report = format_report(many)
    assert "== alpha" in text_report and "== beta" in text_report
    with pytest.raises(EvalsetError):
        evaluate_many(tmp_path / "alpha", extractor)  # no */dev.jsonl below it
