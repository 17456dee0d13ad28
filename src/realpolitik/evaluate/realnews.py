"""The real-news scoring rule (dataset ``realnews_events``).

Every political event of every sentence of 90 real articles is coded (the codebook is
``shared/eval/realnews_events/CODEBOOK.md``; the rule is in ``shared/eval/README.md``).
The rule, which ``shared/eval/score_realnews.py`` also implements (figures agree to the
third decimal):

* a predicted event *matches* a gold event when its trigger start lies inside the gold
  sentence span and its type is one of the gold ``type_candidates``;
* matching is one-to-one per article: gold events are taken in file order, and each takes
  the first free prediction that overlaps its trigger and has the right dyad, else the first
  that overlaps its trigger, else the first with the right dyad, else the first at all;
* an actor's *identity* is its ISO-3 country, else its organisation code (gold ``igo``; a
  predicted organisation's ``code`` unless it starts with ``---``); actors with neither are
  ignored;
* *type* P/R/F1 count matches; *strict* P/R/F1 count matches whose source identities and
  target identities are equal as sets (or, when either event is reciprocal, whose unions
  are equal);
* every predicted event in an article with ``doc_labels.political`` false is a false
  positive (those articles have no gold events).

Figures are rounded to three decimals, as the reference prints them (F1 from the unrounded
precision and recall); the counts behind each figure are reported too.

The set is split into two fixed halves so that one can be tuned on and the other reported:
half A holds the records whose ``doc_id`` is an even integer, half B the odd ones; a
``doc_id`` that is not an integer goes by the parity of ``zlib.crc32`` of its UTF-8 bytes.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from realpolitik.errors import InputError
from realpolitik.evaluate.evalset import EvalRecord, GoldActor, GoldEvent
from realpolitik.evaluate.scorers import prf, safe_div
from realpolitik.ingest.text import looks_english, make_document, split_header
from realpolitik.model import Actor, DocumentResult, Event

DATASET = "realnews_events"
LAYER = "realnews"
HALVES: tuple[str, ...] = ("A", "B")
ORGANISATION = "organisation"
UNKNOWN_COUNTRY_PREFIX = "---"
DIGITS = 3

RULE = (
    "match: predicted trigger start inside the gold sentence and type in type_candidates; "
    "one-to-one per article, preferring an overlapping trigger, then the right dyad; "
    "identity = ISO-3 country, else organisation code (actors with neither ignored); "
    "strict = source and target identity sets equal (unions when either is reciprocal); "
    "every event in a non-political article is a false positive"
)

_INTEGER = re.compile(r"[+-]?[0-9]+")


# --------------------------------------------------------------------------- identities


def predicted_identity(actor: Actor) -> str | None:
    """A predicted actor's identity: its country, else the organisation it is or acts
    for, else None."""
    if actor.country:
        return actor.country
    if actor.igo:
        return actor.igo
    code = actor.code
    if actor.kind == ORGANISATION and code and not code.startswith(UNKNOWN_COUNTRY_PREFIX):
        return code
    return None


def gold_identity(actor: GoldActor) -> str | None:
    """A gold actor's identity: its country, else its organisation code (``igo``), else None."""
    return actor.country or actor.igo or None


def predicted_identities(actors: Iterable[Actor]) -> frozenset[str]:
    return frozenset(i for a in actors if (i := predicted_identity(a)) is not None)


def gold_identities(actors: Iterable[GoldActor]) -> frozenset[str]:
    return frozenset(i for a in actors if (i := gold_identity(a)) is not None)


def dyad_agrees(gold: GoldEvent, event: Event) -> bool:
    """Source and target identities equal as sets; role-free when either side is reciprocal."""
    gs, gt = gold_identities(gold.source), gold_identities(gold.target)
    ps, pt = predicted_identities(event.source), predicted_identities(event.target)
    if gs == ps and gt == pt:
        return True
    return (gold.reciprocal or event.reciprocal) and gs | gt == ps | pt


def both_sides_known(event: Event) -> bool:
    return bool(predicted_identities(event.source)) and bool(predicted_identities(event.target))


# --------------------------------------------------------------------------- halves


def realnews_half(doc_id: str) -> str:
    """``"A"`` for an even integer ``doc_id``, ``"B"`` for an odd one; other ids by CRC-32."""
    integer = _INTEGER.fullmatch(doc_id) is not None
    number = int(doc_id) if integer else zlib.crc32(doc_id.encode("utf-8"))
    return HALVES[number % 2]


# --------------------------------------------------------------------------- reading


def extract_reading_note(record: EvalRecord) -> str | None:
    """How ``realpolitik extract`` would read this text as a file differently from the eval.

    ``score_realnews.py`` writes each text to a ``.txt`` file and runs ``extract`` on it,
    which takes ``Title:``/``Date:``/``Source:`` lines off the top (shifting every offset)
    and dates an article from a wire dateline. The eval reads the record's text as it is,
    dated only by ``doc_date`` or ``meta.date``; where the two readings differ, the figures
    of the two commands can differ, and this says why (None when they read it alike).
    """
    notes: list[str] = []
    if not looks_english(record.text):
        return "extract skips it: does not look like English"
    header, _, offset = split_header(record.text)
    if offset:
        keys = ", ".join(sorted(header)) or "blank lines"
        notes.append(f"extract drops the first {offset} characters as header ({keys})")
    try:
        read = make_document(record.text, record.doc_id, article_date=record.document_date)
    except InputError as exc:
        return f"extract skips it: {exc}"
    if read.date != record.document_date:
        notes.append(f"extract dates it {read.date} from its opening line")
    return "; ".join(notes) or None


# --------------------------------------------------------------------------- matching


def _trigger_overlaps(event: Event, gold: GoldEvent) -> bool:
    trigger = gold.trigger
    if trigger is None:
        return False
    ev = event.evidence
    return ev.start < trigger.end and trigger.start < ev.end


def _in_sentence(event: Event, gold: GoldEvent) -> bool:
    sentence = gold.sentence
    return sentence is not None and sentence.start <= event.evidence.start < sentence.end


def match_article(
    gold_events: Sequence[GoldEvent], predicted: Sequence[Event]
) -> list[tuple[GoldEvent, Event]]:
    """The one-to-one matches of one article, in gold order (see the module docstring)."""
    used: set[int] = set()
    matches: list[tuple[GoldEvent, Event]] = []
    for gold in gold_events:
        accepted = gold.accepted_types
        best: tuple[int, int] | None = None  # (preference rank, index); lower is better
        for i, event in enumerate(predicted):
            if i in used or event.type not in accepted or not _in_sentence(event, gold):
                continue
            rank = 2 * (not _trigger_overlaps(event, gold)) + (not dyad_agrees(gold, event))
            if best is None or rank < best[0]:
                best = (rank, i)
                if rank == 0:
                    break
        if best is not None:
            used.add(best[1])
            matches.append((gold, predicted[best[1]]))
    return matches


# --------------------------------------------------------------------------- figures


@dataclass
class _Tally:
    records: int = 0
    political: int = 0
    gold: int = 0
    pred: int = 0
    matched: int = 0
    strict: int = 0
    modality_ok: int = 0
    matched_factual: int = 0
    offtopic: int = 0
    both_known: int = 0

    def __post_init__(self) -> None:
        self.gold_by_type: Counter[str] = Counter()
        self.pred_by_type: Counter[str] = Counter()
        self.tp_by_pred_type: Counter[str] = Counter()
        self.tp_by_gold_type: Counter[str] = Counter()

    def add(self, record: EvalRecord, predicted: Sequence[Event]) -> None:
        political = bool(record.doc_labels.get("political"))
        self.records += 1
        self.political += political
        self.gold += len(record.events)
        self.pred += len(predicted)
        if not political:
            self.offtopic += len(predicted)
        self.both_known += sum(both_sides_known(e) for e in predicted)
        self.pred_by_type.update(e.type for e in predicted if e.type)
        self.gold_by_type.update(g.type for g in record.events if g.type)
        for gold, event in match_article(record.events, predicted):
            self.matched += 1
            self.strict += dyad_agrees(gold, event)
            self.modality_ok += event.modality == gold.modality
            self.matched_factual += gold.modality == "factual"
            if event.type:
                self.tp_by_pred_type[event.type] += 1
            if gold.type:
                self.tp_by_gold_type[gold.type] += 1


def _ratio(num: int, den: int) -> float:
    return round(num / den, DIGITS) if den else 0.0


def _f1(precision: float, recall: float) -> float:
    return safe_div(2 * precision * recall, precision + recall)


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (of the unrounded two), each at three decimals."""
    counts = prf(tp, n_pred - tp, n_gold - tp)
    return (
        round(counts["precision"], DIGITS),
        round(counts["recall"], DIGITS),
        round(counts["f1"], DIGITS),
    )


def _figures(t: _Tally) -> dict[str, Any]:
    type_p, type_r, type_f1 = _prf(t.matched, t.pred, t.gold)
    strict_p, strict_r, strict_f1 = _prf(t.strict, t.pred, t.gold)
    per_type: dict[str, dict[str, Any]] = {}
    for name in sorted(set(t.gold_by_type) | set(t.pred_by_type)):
        precision = safe_div(t.tp_by_pred_type[name], t.pred_by_type[name])
        recall = safe_div(t.tp_by_gold_type[name], t.gold_by_type[name])
        per_type[name] = {
            "f1": round(_f1(precision, recall), DIGITS),
            "gold": t.gold_by_type[name],
            "pred": t.pred_by_type[name],
            "tp_gold": t.tp_by_gold_type[name],
            "tp_pred": t.tp_by_pred_type[name],
        }
    return {
        "n_records": t.records,
        "n_political": t.political,
        "gold_events": t.gold,
        "pred_events": t.pred,
        "type_p": type_p,
        "type_r": type_r,
        "type_f1": type_f1,
        "strict_p": strict_p,
        "strict_r": strict_r,
        "strict_f1": strict_f1,
        "n_matched": t.matched,
        "n_strict": t.strict,
        "modality_acc": _ratio(t.modality_ok, t.matched),
        "modality_all_factual": _ratio(t.matched_factual, t.matched),
        "offtopic_share": _ratio(t.offtopic, t.pred),
        "n_offtopic": t.offtopic,
        "both_actors_known": _ratio(t.both_known, t.pred),
        "n_both_actors_known": t.both_known,
        "per_type_f1": {name: row["f1"] for name, row in per_type.items()},
        "per_type": per_type,
    }


def realnews_figures(items: Iterable[tuple[EvalRecord, Sequence[Event]]]) -> dict[str, Any]:
    """The real-news figures of (gold record, predicted events) pairs, all halves together."""
    tally = _Tally()
    for record, predicted in items:
        tally.add(record, predicted)
    return _figures(tally)


def score_realnews(pairs: Iterable[tuple[EvalRecord, DocumentResult]]) -> dict[str, Any]:
    """The ``realnews`` report layer: the figures, the same for each half, and the rule.

    Only records of dataset ``realnews_events`` are scored; the others are ignored.
    """
    items = [(r, res.events) for r, res in pairs if r.dataset == DATASET]
    report = realnews_figures(items)
    report["halves"] = {
        half: realnews_figures((r, ev) for r, ev in items if realnews_half(r.doc_id) == half)
        for half in HALVES
    }
    notes = {r.doc_id: note for r, _ in items if (note := extract_reading_note(r)) is not None}
    report["extract_reads_differently"] = notes
    report["rule"] = RULE
    report["halves_rule"] = "A: even integer doc_id, B: odd; other doc_ids by zlib.crc32 parity"
    return report
