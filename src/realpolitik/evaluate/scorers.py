"""Scorers: pure functions from (gold record, pipeline result) pairs to JSON-ready dicts.

Every scorer looks only at the records that list its layer in ``gold`` and ignores
the rest. The conventions are deliberately strict:

* a precision/recall/F1 with an empty denominator is 0.0, never "undefined";
* a missing prediction is a wrong prediction (it is never dropped from the denominator);
* one gold item matches at most one predicted item (one-to-one matching);
* macro averages run over the classes that have gold support, and say which.

Why one module of about 850 lines: one scorer per gold layer, each a pure function over
the shared matching helpers at the top; a new layer is one more function here.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from statistics import median
from typing import Any

import pycountry

from realpolitik.evaluate.evalset import EvalRecord, GoldEvent, GoldEventDate
from realpolitik.model import MODALITIES, DocumentResult, Event

Pair = tuple[EvalRecord, DocumentResult]
ModalityFn = Callable[[DocumentResult, int, int], str]

NONE_CLASS = "NONE"
UNDERSPECIFIED = "underspecified"
ENTITY_TYPES: tuple[str, ...] = (
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
)
GEOCODING_KM = 161.0  # 100 miles, the usual geoparsing threshold
EARTH_RADIUS_KM = 6371.0088
TOP_CONFUSIONS = 10

# CAMEO / TABARI-era country codes that differ from ISO 3166-1 alpha-3, mapped to ISO-3.
# Sources read: openeventdata/PLOVER gold_standard_records/PLOVER_GSR_CAMEO.txt (JAP, ITL,
# although its readme says codes were moved to ISO); openeventdata/petrarch2
# PETR.Validate.actors.txt (JAP, ROM); Phoenix.Countries.actors.txt / CountryInfo (KSV, a
# World Bank code: ISO has none, XKX is the user-assigned code in common use); the GDELT
# CAMEO.country lookup (WSB, GZS, BAG: West Bank, Gaza Strip, Baghdad). ROM, TMP and ZAR
# are pre-2002 ISO codes that CAMEO dictionaries kept; YUG and SCG are withdrawn ISO codes
# (Serbia is the continuing state). Regional CAMEO codes (AFR, MEA, WST, ...) and
# non-state codes (IGO, NGO, IMG, MNC, ...) are not countries and are dropped, as is any
# other code that is not ISO-3 after this mapping.
CAMEO_TO_ISO3: dict[str, str] = {
    "JAP": "JPN",  # Japan
    "ITL": "ITA",  # Italy
    "ROM": "ROU",  # Romania
    "TMP": "TLS",  # East Timor / Timor-Leste
    "ZAR": "COD",  # Zaire / DR Congo
    "KSV": "XKX",  # Kosovo
    "WSB": "PSE",  # West Bank
    "GZS": "PSE",  # Gaza Strip
    "BAG": "IRQ",  # Baghdad
    "YUG": "SRB",  # Yugoslavia
    "SCG": "SRB",  # Serbia and Montenegro
}
_EXTRA_ISO3 = frozenset({"XKX"})  # user-assigned, not in pycountry


# --------------------------------------------------------------------------- basics


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two end-exclusive spans share at least one character."""
    return a_start < b_end and b_start < a_end


def overlap_len(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def safe_div(num: float, den: float) -> float:
    return num / den if den else 0.0


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall and F1 from counts (0.0 where a denominator is empty)."""
    p = safe_div(tp, tp + fp)
    r = safe_div(tp, tp + fn)
    f = safe_div(2 * p * r, p + r)
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def most_confident(events: Iterable[Event]) -> Event | None:
    """The event with the highest confidence; ties go to the first in order."""
    best: Event | None = None
    for event in events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best


def events_overlapping(events: Iterable[Event], start: int, end: int) -> list[Event]:
    return [e for e in events if overlaps(e.evidence.start, e.evidence.end, start, end)]


def exact_matches(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> int:
    """Number of one-to-one identical-span matches (multiset intersection)."""
    return sum((Counter(gold) & Counter(pred)).values())


def greedy_overlap_matches(
    gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One-to-one matching of overlapping spans, largest overlap first.

    Returns (gold index, predicted index) pairs. Ties go to the earlier gold span,
    then the earlier predicted span, so the result is deterministic.
    """
    candidates: list[tuple[int, int, int]] = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            n = overlap_len(g, p)
            if n > 0:
                candidates.append((-n, i, j))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    matches: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        matches.append((i, j))
    matches.sort()
    return matches


def classification_report(
    gold: Sequence[str],
    pred: Sequence[str],
    *,
    classes: Sequence[str] | None = None,
    top_confusions: int = TOP_CONFUSIONS,
) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class P/R/F1 and the most frequent confusions.

    ``classes`` fixes the per-class rows shown (predicted-only labels are added);
    macro-F1 averages over the classes with gold support, listed in ``macro_f1_classes``.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    n = len(gold)
    gold_classes = set(gold)
    rows = list(classes) if classes is not None else sorted(gold_classes)
    rows += sorted((gold_classes | set(pred)) - set(rows))
    per_class: dict[str, dict[str, Any]] = {}
    for c in rows:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if p == c and g != c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        row = prf(tp, fp, fn)
        row["support"] = tp + fn
        row["n_pred"] = tp + fp
        per_class[c] = row
    macro_classes = [c for c in rows if c in gold_classes]
    macro = safe_div(sum(per_class[c]["f1"] for c in macro_classes), len(macro_classes))
    confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    return {
        "n": n,
        "accuracy": safe_div(sum(1 for g, p in zip(gold, pred, strict=True) if g == p), n),
        "macro_f1": macro,
        "macro_f1_classes": macro_classes,
        "per_class": per_class,
        "top_confusions": [
            {"gold": g, "pred": p, "n": k} for (g, p), k in confusions.most_common(top_confusions)
        ],
    }


def constant_baseline(gold: Sequence[str], label: str) -> dict[str, Any]:
    """Accuracy and macro-F1 (over gold classes) of always predicting ``label``."""
    n = len(gold)
    k = sum(1 for g in gold if g == label)
    n_classes = len(set(gold))
    p = safe_div(k, n)
    r = 1.0 if k else 0.0
    f = safe_div(2 * p * r, p + r)
    return {"label": label, "accuracy": p, "macro_f1": safe_div(f, n_classes)}


def majority_baseline(gold: Sequence[str]) -> dict[str, Any]:
    """Always predict the most frequent gold class (ties: the first seen)."""
    if not gold:
        return {"label": None, "accuracy": 0.0, "macro_f1": 0.0}
    label = Counter(gold).most_common(1)[0][0]
    return constant_baseline(gold, label)


def _layer(pairs: Iterable[Pair], layer: str) -> list[Pair]:
    return [(r, res) for r, res in pairs if r.has(layer)]


# --------------------------------------------------------------------------- 1. event types


def gold_event_type(record: EvalRecord) -> str | None:
    """The gold class of a record, or None when it is not scored for type.

    case2021_task2 (``doc_labels.plover_root`` present): the PLOVER root, None when
    null ("no PLOVER event"). Otherwise the first gold event's type, ``NONE`` when the
    record has no event or the first event has no type.
    """
    if "plover_root" in record.doc_labels:
        root = record.doc_labels.get("plover_root")
        return root if isinstance(root, str) and root else None
    if record.events and record.events[0].type:
        return record.events[0].type
    return NONE_CLASS


def predicted_event_type(result: DocumentResult) -> str:
    """The type of the single most confident predicted event, ``NONE`` if there is none."""
    event = most_confident(result.events)
    return event.type if event is not None else NONE_CLASS


def score_event_types(pairs: Iterable[Pair]) -> dict[str, Any]:
    scored = _layer(pairs, "event_types")
    gold: list[str] = []
    pred: list[str] = []
    has_root_labels = False
    no_root = 0
    no_root_with_event = 0
    no_root_types: Counter[str] = Counter()
    for record, result in scored:
        has_root_labels |= "plover_root" in record.doc_labels
        g = gold_event_type(record)
        p = predicted_event_type(result)
        if g is None:
            no_root += 1
            if result.events:
                no_root_with_event += 1
                no_root_types[p] += 1
            continue
        gold.append(g)
        pred.append(p)
    report = classification_report(gold, pred)
    report["n_records"] = len(scored)
    report["majority_baseline"] = majority_baseline(gold)
    report["n_pred_none"] = sum(1 for p in pred if p == NONE_CLASS)
    report["rule"] = (
        "predicted type = type of the single most confident event (ties: first), NONE when no event"
    )
    if has_root_labels:
        report["no_plover_event"] = {
            "n": no_root,
            "n_with_predicted_event": no_root_with_event,
            "rate": safe_div(no_root_with_event, no_root),
            "predicted_types": dict(no_root_types.most_common()),
        }
    return report


# --------------------------------------------------------------------------- 2. dyads


def normalise_country(code: str | None) -> str | None:
    """A gold country code as ISO-3: CAMEO variants mapped, non-countries dropped (None)."""
    if not code:
        return None
    code = code.strip().upper()
    code = CAMEO_TO_ISO3.get(code, code)
    if code in _EXTRA_ISO3:
        return code
    if len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
        return code
    return None


def _pred_country(code: str | None) -> str | None:
    # Predictions are documented as ISO-3 already: no CAMEO mapping, only case/space.
    return code.strip().upper() if code and code.strip() else None


def gold_dyad_events(record: EvalRecord) -> list[GoldEvent]:
    """The gold event to score (the first) plus the events coding the same event.

    Compound actors are coded as one event per pair (petr2_gsr, some plover_gsr): every
    gold event with the first event's type and trigger spans joins its dyad.
    """
    if not record.events:
        return []
    first = record.events[0]
    key = (first.type, first.all_trigger_spans)
    return [e for e in record.events if (e.type, e.all_trigger_spans) == key]


def _dyad_set(
    role_pairs: Iterable[tuple[str, str | None]], role_free: bool
) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for role, country in role_pairs:
        if country is None:
            continue
        out.add(("*", country) if role_free else (role, country))
    return out


def score_event_actors(pairs: Iterable[Pair]) -> dict[str, Any]:
    scored = _layer(pairs, "event_actors")
    totals = Counter[str]()
    typed = Counter[str]()
    how = Counter[str]()
    normalised: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    n_records = 0
    n_no_gold_event = 0
    n_role_free = 0
    n_exact = 0
    n_gold_empty = 0
    n_typed = 0
    n_typed_exact = 0
    for record, result in scored:
        gold_events = gold_dyad_events(record)
        if not gold_events:
            n_no_gold_event += 1
            continue
        n_records += 1
        gold_pairs: list[tuple[str, str | None]] = []
        for ev in gold_events:
            for role, actors in (("source", ev.source), ("target", ev.target)):
                for actor in actors:
                    iso = normalise_country(actor.country)
                    if actor.country and iso is None:
                        dropped[actor.country] += 1
                    elif actor.country and iso != actor.country.strip().upper():
                        normalised[f"{actor.country}->{iso}"] += 1
                    gold_pairs.append((role, iso))
        spans = {(s.start, s.end) for ev in gold_events for s in ev.all_trigger_spans}
        matched = most_confident(
            e
            for e in result.events
            if any(overlaps(e.evidence.start, e.evidence.end, *s) for s in spans)
        )
        if matched is not None:
            how["trigger"] += 1
        else:
            matched = most_confident(result.events)
            how["fallback" if matched is not None else "none"] += 1
        group: list[Event] = []
        if matched is not None:
            key = (matched.evidence.start, matched.evidence.end)
            group = [e for e in result.events if (e.evidence.start, e.evidence.end) == key]
        pred_pairs = [
            (role, _pred_country(actor.country))
            for e in group
            for role, actors in (("source", e.source), ("target", e.target))
            for actor in actors
        ]
        role_free = any(ev.reciprocal for ev in gold_events) or any(e.reciprocal for e in group)
        n_role_free += role_free
        g = _dyad_set(gold_pairs, role_free)
        p = _dyad_set(pred_pairs, role_free)
        counts = Counter(tp=len(g & p), fp=len(p - g), fn=len(g - p))
        totals.update(counts)
        n_exact += g == p
        n_gold_empty += not g
        if record.has("event_types"):
            gt = gold_event_type(record)
            if gt is not None and gt == predicted_event_type(result):
                n_typed += 1
                n_typed_exact += g == p
                typed.update(counts)
    report: dict[str, Any] = {
        "n": n_records,
        "n_skipped_no_gold_event": n_no_gold_event,
        "match": {k: how[k] for k in ("trigger", "fallback", "none")},
        "n_role_free": n_role_free,
        **prf(totals["tp"], totals["fp"], totals["fn"]),
        "record_exact": safe_div(n_exact, n_records),
        "n_gold_without_country": n_gold_empty,
        "type_correct": {
            "n": n_typed,
            **prf(typed["tp"], typed["fp"], typed["fn"]),
            "record_exact": safe_div(n_typed_exact, n_typed),
        },
        "gold_codes_normalised": dict(normalised.most_common()),
        "gold_codes_dropped": dict(dropped.most_common()),
        "rule": (
            "micro P/R/F1 over (role, ISO-3 country) pairs; role-free country sets when "
            "gold or prediction is reciprocal; actors without a country ignored"
        ),
    }
    return report


# --------------------------------------------------------------------------- 3. CAMEO


def score_cameo(pairs: Iterable[Pair]) -> dict[str, Any]:
    scored = _layer(pairs, "cameo")
    n = root_ok = full_ok = no_pred = 0
    n_no_gold = n_no_gold_with_pred = 0
    gold_roots: list[str] = []
    for record, result in scored:
        gold_code = record.events[0].cameo if record.events else None
        if not gold_code:
            n_no_gold += 1
            n_no_gold_with_pred += bool(result.events)
            continue
        gold_root = record.events[0].cameo_root or gold_code[:2]
        gold_roots.append(gold_root)
        n += 1
        event = most_confident(result.events)
        if event is None or not event.cameo:
            no_pred += 1
            continue
        root_ok += event.cameo[:2] == gold_root
        full_ok += event.cameo == gold_code
    majority = majority_baseline(gold_roots)
    return {
        "n": n,
        "root_accuracy": safe_div(root_ok, n),
        "full_accuracy": safe_div(full_ok, n),
        "n_no_prediction": no_pred,
        "majority_root_baseline": {"label": majority["label"], "accuracy": majority["accuracy"]},
        "no_gold_event": {"n": n_no_gold, "n_with_predicted_event": n_no_gold_with_pred},
        "rule": "most confident predicted event vs first gold event",
    }


# --------------------------------------------------------------------------- 4. modality


def score_event_modality(pairs: Iterable[Pair], modality_at: ModalityFn) -> dict[str, Any]:
    scored = _layer(pairs, "event_modality")
    gold: list[str] = []
    pred: list[str] = []
    under_pred: Counter[str] = Counter()
    other_gold: Counter[str] = Counter()
    n_on_events = ok_on_events = ok_on_events_at = 0
    for record, result in scored:
        for ev in record.events:
            if ev.trigger is None or not ev.modality:
                continue
            predicted = modality_at(result, ev.trigger.start, ev.trigger.end)
            if ev.modality == UNDERSPECIFIED:
                under_pred[predicted] += 1
                continue
            if ev.modality not in MODALITIES:
                other_gold[ev.modality] += 1
                continue
            gold.append(ev.modality)
            pred.append(predicted)
            own = most_confident(
                events_overlapping(result.events, ev.trigger.start, ev.trigger.end)
            )
            if own is not None:
                n_on_events += 1
                ok_on_events += own.modality == ev.modality
                ok_on_events_at += predicted == ev.modality
    report = classification_report(gold, pred, classes=MODALITIES)
    report["baseline_all_factual"] = constant_baseline(gold, "factual")
    report["excluded_underspecified"] = {
        "n": sum(under_pred.values()),
        "predicted": dict(under_pred.most_common()),
    }
    if other_gold:
        report["excluded_other_gold_labels"] = dict(other_gold.most_common())
    report["on_extracted_events"] = {
        "n": n_on_events,
        "accuracy": safe_div(ok_on_events, n_on_events),
        "accuracy_modality_at": safe_div(ok_on_events_at, n_on_events),
        "rule": (
            "gold triggers overlapping the trigger of a pipeline event; accuracy compares "
            "that event's own modality (most confident if several)"
        ),
    }
    report["note"] = (
        "gold 'underspecified' triggers are excluded from accuracy and macro-F1 and counted "
        "separately; macro-F1 over factual/negated/planned/speculative with gold support"
    )
    return report


# --------------------------------------------------------------------------- 5. entities


def score_entities(pairs: Iterable[Pair]) -> dict[str, Any]:
    scored = _layer(pairs, "entities")
    counts = {m: {t: Counter[str]() for t in ENTITY_TYPES} for m in ("exact", "overlap")}
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    gold_other: Counter[str] = Counter()
    pred_other: Counter[str] = Counter()
    for record, result in scored:
        gold_other.update(e.type for e in record.entities if e.type not in ENTITY_TYPES)
        pred_other.update(e.type for e in result.entities if e.type not in ENTITY_TYPES)
        for t in ENTITY_TYPES:
            g = [(e.start, e.end) for e in record.entities if e.type == t]
            p = [(e.start, e.end) for e in result.entities if e.type == t]
            n_gold[t] += len(g)
            n_pred[t] += len(p)
            for mode, tp in (
                ("exact", exact_matches(g, p)),
                ("overlap", len(greedy_overlap_matches(g, p))),
            ):
                counts[mode][t].update(tp=tp, fp=len(p) - tp, fn=len(g) - tp)
    per_type: dict[str, Any] = {}
    micro: dict[str, Any] = {}
    for t in ENTITY_TYPES:
        per_type[t] = {"n_gold": n_gold[t], "n_pred": n_pred[t]}
        for mode in ("exact", "overlap"):
            c = counts[mode][t]
            per_type[t][mode] = prf(c["tp"], c["fp"], c["fn"])
    for mode in ("exact", "overlap"):
        total = sum((counts[mode][t] for t in ENTITY_TYPES), Counter[str]())
        micro[mode] = prf(total["tp"], total["fp"], total["fn"])
    return {
        "n": len(scored),
        "n_gold": sum(n_gold.values()),
        "n_pred": sum(n_pred.values()),
        "micro": micro,
        "per_type": per_type,
        "gold_types_excluded": dict(gold_other.most_common()),
        "pred_types_ignored": dict(pred_other.most_common()),
        "rule": "same type required; one-to-one matching (overlap: largest overlap first)",
    }


# --------------------------------------------------------------------------- 6. places


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def score_places(pairs: Iterable[Pair]) -> dict[str, Any]:
    scored = _layer(pairs, "places")
    tp = fp = fn = fp_on_other = 0
    readings: list[tuple[str, str]] = []
    n_geo = geo_ok = geo_missing = n_geo_all = 0
    errors: list[float] = []
    for record, result in scored:
        gold = [p for p in record.places if p.reading in ("place", "actor")]
        other = [p for p in record.places if p.reading not in ("place", "actor")]
        pred = list(result.toponyms)
        matches = greedy_overlap_matches(
            [(g.start, g.end) for g in gold], [(p.start, p.end) for p in pred]
        )
        tp += len(matches)
        fp += len(pred) - len(matches)
        fn += len(gold) - len(matches)
        matched_pred = {j for _, j in matches}
        fp_on_other += sum(
            1
            for j, p in enumerate(pred)
            if j not in matched_pred
            and any(overlaps(p.start, p.end, o.start, o.end) for o in other)
        )
        n_geo_all += sum(
            1 for g in gold if g.reading == "place" and g.lat is not None and g.lon is not None
        )
        for i, j in matches:
            g, p = gold[i], pred[j]
            readings.append((g.reading, p.reading))
            if g.reading != "place" or g.lat is None or g.lon is None:
                continue
            n_geo += 1
            if p.lat is None or p.lon is None:
                geo_missing += 1
                continue
            d = haversine_km(g.lat, g.lon, p.lat, p.lon)
            errors.append(d)
            geo_ok += d <= GEOCODING_KM
    gold_readings = [g for g, _ in readings]
    majority = majority_baseline(gold_readings)
    return {
        "n": len(scored),
        "detection": {
            **prf(tp, fp, fn),
            "n_gold": tp + fn,
            "n_pred": tp + fp,
            "fp_overlapping_gold_other": fp_on_other,
            "rule": "gold = toponyms read as place or actor; one-to-one overlap matching",
        },
        "reading": {
            "n": len(readings),
            "accuracy": safe_div(sum(1 for g, p in readings if g == p), len(readings)),
            "majority_baseline": {"label": majority["label"], "accuracy": majority["accuracy"]},
            "confusion": {f"{g}->{p}": k for (g, p), k in sorted(Counter(readings).items())},
        },
        "geocoding": {
            "n": n_geo,
            "accuracy_161km": safe_div(geo_ok, n_geo),
            "accuracy_161km_all_gold": safe_div(geo_ok, n_geo_all),
            "n_gold_with_coordinates": n_geo_all,
            "n_without_predicted_coordinates": geo_missing,
            "median_error_km": median(errors) if errors else None,
            "rule": (
                "matched gold places (reading place) with lat/lon; a prediction without "
                "coordinates counts as wrong; median over predictions with coordinates"
            ),
        },
    }


# --------------------------------------------------------------------------- 7. dates

_RE_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RE_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RE_YEAR = re.compile(r"^(\d{4})$")
_RE_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_RE_WEEKEND = re.compile(r"^(\d{4})-W(\d{1,2})-WE$")
_RE_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_RE_HALF = re.compile(r"^(\d{4})-H([12])$")
_RE_DECADE = re.compile(r"^(\d{3})X?$")
_RE_CENTURY = re.compile(r"^(\d{2})(?:XX)?$")
_RE_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T.+$")
_RE_UNSPECIFIED_TAIL = re.compile(r"(?:-(?:XX|WXX|QX|HX|X))+$")


def _month_span(year: int, first: int, last: int) -> tuple[date, date]:
    end = date(year + (last == 12), last % 12 + 1, 1) - timedelta(days=1)
    return date(year, first, 1), end


def calendar_interval(value: str) -> tuple[date, date] | None:
    """The days a calendar value covers (inclusive), or None if it is not one.

    Handles days, months, years, ISO weeks and weekends, quarters, halves, decades,
    centuries, date-times (their day) and ``A/B`` intervals. Seasons, references
    (PRESENT_REF) and durations are not calendar spans.
    """
    try:
        if "/" in value:
            a, _, b = value.partition("/")
            ia, ib = calendar_interval(a), calendar_interval(b)
            return (ia[0], ib[1]) if ia and ib and ia[0] <= ib[1] else None
        if m := _RE_DATETIME.match(value):
            d = date.fromisoformat(m.group(1))
            return d, d
        if _RE_DAY.match(value):
            d = date.fromisoformat(value)
            return d, d
        if m := _RE_MONTH.match(value):
            month = int(m.group(2))
            return _month_span(int(m.group(1)), month, month)
        if m := _RE_YEAR.match(value):
            year = int(m.group(1))
            return date(year, 1, 1), date(year, 12, 31)
        if m := _RE_WEEK.match(value):
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return monday, monday + timedelta(days=6)
        if m := _RE_WEEKEND.match(value):
            saturday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 6)
            return saturday, saturday + timedelta(days=1)
        if m := _RE_QUARTER.match(value):
            q = int(m.group(2))
            return _month_span(int(m.group(1)), 3 * q - 2, 3 * q)
        if m := _RE_HALF.match(value):
            h = int(m.group(2))
            return _month_span(int(m.group(1)), 6 * h - 5, 6 * h)
        if m := _RE_DECADE.match(value):
            decade = int(m.group(1)) * 10
            return date(decade, 1, 1) if decade else date(1, 1, 1), date(decade + 9, 12, 31)
        if m := _RE_CENTURY.match(value):
            century = int(m.group(1)) * 100
            return date(max(century, 1), 1, 1), date(century + 99, 12, 31)
    except ValueError:
        return None
    return None


def date_value_matches(gold: str | None, pred: str | None) -> bool:
    """Whether ``pred`` agrees with ``gold`` at the gold value's own granularity.

    The prediction must lie inside the gold span: gold ``1998-08`` accepts
    ``1998-08-07`` and ``1998-08``, not ``1998``; gold ``1998-W32`` accepts any day of
    that ISO week. Unspecified tails (``1998-08-XX``) coarsen a value. Gold
    values finer than a day (``1998-08-07TNI``) need the same time part. Values that
    are not calendar spans (PRESENT_REF, seasons, durations) need an exact match.
    """
    if not gold or not pred:
        return False
    gold, pred = gold.strip(), pred.strip()
    if pred == gold:
        return True
    coarse = _RE_UNSPECIFIED_TAIL.sub("", gold)
    pred = _RE_UNSPECIFIED_TAIL.sub("", pred)
    if _RE_DATETIME.match(coarse):
        return pred == coarse or (pred.startswith(coarse) and pred[len(coarse)] in ":.")
    g = calendar_interval(coarse)
    if g is None:
        return pred == gold
    p = calendar_interval(pred)
    return p is not None and g[0] <= p[0] and p[1] <= g[1]


def day_or_coarser(value: str | None) -> str | None:
    """A gold date-time cut to its day (``1998-08-07T10:30`` -> ``1998-08-07``)."""
    if value and (m := _RE_DATETIME.match(value)):
        return m.group(1)
    return value


def score_timexes(pairs: Iterable[Pair]) -> dict[str, Any]:
    scored = _layer(pairs, "timexes")
    tp = fp = fn = value_ok = 0
    pred_other: Counter[str] = Counter()
    wrong: Counter[tuple[str, str]] = Counter()
    for record, result in scored:
        gold = [t for t in record.timexes if t.type == "DATE"]
        pred = [t for t in result.timexes if t.type == "DATE"]
        pred_other.update(t.type for t in result.timexes if t.type != "DATE")
        matches = greedy_overlap_matches(
            [(t.start, t.end) for t in gold], [(t.start, t.end) for t in pred]
        )
        tp += len(matches)
        fp += len(pred) - len(matches)
        fn += len(gold) - len(matches)
        for i, j in matches:
            if date_value_matches(gold[i].value, pred[j].value):
                value_ok += 1
            else:
                wrong[(str(gold[i].value), str(pred[j].value))] += 1
    return {
        "n": len(scored),
        "detection": {**prf(tp, fp, fn), "n_gold": tp + fn, "n_pred": tp + fp},
        "value": {
            "n": tp,
            "accuracy": safe_div(value_ok, tp),
            "accuracy_all_gold": safe_div(value_ok, tp + fn),
            "top_errors": [
                {"gold": g, "pred": p, "n": k} for (g, p), k in wrong.most_common(TOP_CONFUSIONS)
            ],
        },
        "pred_types_ignored": dict(pred_other.most_common()),
        "rule": (
            "gold and predicted timexes of type DATE, one-to-one overlap matching; values "
            "compared at the gold granularity"
        ),
    }


def doc_half(doc_id: str) -> str:
    """ "even" or "odd": the parity of the last digit of a document id (``wsj_0266`` is
    even), else of its length; splits a set into two halves, one to tune on."""
    digits = re.findall(r"\d", doc_id)
    return "even" if (int(digits[-1]) if digits else len(doc_id)) % 2 == 0 else "odd"


def link_value(gold: GoldEventDate, pred: str | None, article: date | None) -> bool:
    """:func:`date_value_matches`, read by the kind of link.

    ``BEGUN_BY``/``ENDED_BY``: the gold value is when the event began (ended), so it
    is compared with the start (end) of a predicted interval ("since 1990" is
    ``1990/..``). ``PRESENT_REF`` ("now") is the article's own day.
    """
    value = day_or_coarser(gold.value)
    if value == "PRESENT_REF" and article is not None:
        value = article.isoformat()
    if pred and "/" in pred and gold.rel_type in ("BEGUN_BY", "ENDED_BY"):
        first, _, last = pred.partition("/")
        pred = first if gold.rel_type == "BEGUN_BY" else last
    return date_value_matches(value, pred)


def score_event_dates(pairs: Iterable[Pair]) -> dict[str, Any]:
    scored = _layer(pairs, "event_dates")
    n = matched = ok = n_time_cut = ok_link = 0
    split = {k: Counter[str]() for k in ("via_dct", "explicit")}
    halves = {k: Counter[str]() for k in ("even", "odd")}
    sources: Counter[str] = Counter()
    for record, result in scored:
        half = halves[doc_half(record.doc_id)]
        for gold in record.event_dates:
            n += 1
            part = split["via_dct" if gold.via_dct else "explicit"]
            part["n"] += 1
            half["n"] += 1
            value = day_or_coarser(gold.value)
            n_time_cut += value != gold.value
            event = most_confident(
                events_overlapping(result.events, gold.trigger.start, gold.trigger.end)
            )
            if event is None:
                continue
            matched += 1
            part["matched"] += 1
            half["matched"] += 1
            pred = event.date.get("value") if isinstance(event.date, dict) else None
            pred = pred if isinstance(pred, str) else None
            sources[str(event.date.get("source")) if isinstance(event.date, dict) else "none"] += 1
            good = date_value_matches(value, pred)
            ok += good
            part["correct"] += good
            half["correct"] += good
            by_link = link_value(gold, pred, record.document_date)
            ok_link += by_link
            half["correct_link"] += by_link
    return {
        "n": n,
        "n_with_overlapping_event": matched,
        "accuracy": safe_div(ok, n),
        "accuracy_matched": safe_div(ok, matched),
        "accuracy_matched_by_link": safe_div(ok_link, matched),
        "by_anchor": {
            k: {
                "n": c["n"],
                "n_with_overlapping_event": c["matched"],
                "accuracy": safe_div(c["correct"], c["n"]),
                "accuracy_matched": safe_div(c["correct"], c["matched"]),
            }
            for k, c in split.items()
        },
        "by_half": {
            k: {
                "n": c["n"],
                "n_with_overlapping_event": c["matched"],
                "accuracy_matched": safe_div(c["correct"], c["matched"]),
                "accuracy_matched_by_link": safe_div(c["correct_link"], c["matched"]),
            }
            for k, c in halves.items()
        },
        "date_sources_matched": dict(sources.most_common()),
        "n_gold_times_cut_to_day": n_time_cut,
        "rule": (
            "pipeline event whose trigger overlaps the gold trigger (most confident if "
            "several); Event.date['value'] compared at the gold granularity, gold times of "
            "day cut to the day; accuracy counts every gold event date; *_by_link reads "
            "BEGUN_BY/ENDED_BY links against the start/end of a predicted interval and "
            "PRESENT_REF as the article date; halves by the parity of the doc id's last digit"
        ),
    }
