"""Run an extractor over an evalset file and score every annotated layer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from realpolitik.evaluate import realnews, scorers
from realpolitik.evaluate.evalset import EvalRecord, EvalsetError, read_evalset
from realpolitik.model import Document, DocumentResult


class Extractor(Protocol):
    """What ``realpolitik eval`` needs from the pipeline."""

    def run(self, docs: Iterable[Document]) -> Iterator[DocumentResult]:
        """One result per document, in the same order."""
        ...

    def modality_at(self, result: DocumentResult, start: int, end: int) -> str:
        """Modality (factual/negated/planned/speculative) of the words at these offsets."""
        ...


Scorer = Callable[[list[scorers.Pair], Extractor], dict[str, Any]]

# gold layer name -> scorer; the report uses the same names, in this order
LAYER_SCORERS: dict[str, Scorer] = {
    "event_types": lambda pairs, _x: scorers.score_event_types(pairs),
    "event_actors": lambda pairs, _x: scorers.score_event_actors(pairs),
    "cameo": lambda pairs, _x: scorers.score_cameo(pairs),
    "event_modality": lambda pairs, x: scorers.score_event_modality(pairs, x.modality_at),
    "entities": lambda pairs, _x: scorers.score_entities(pairs),
    "places": lambda pairs, _x: scorers.score_places(pairs),
    "timexes": lambda pairs, _x: scorers.score_timexes(pairs),
    "event_dates": lambda pairs, _x: scorers.score_event_dates(pairs),
}

# dataset -> (report layer, scorer, the gold layers it scores in place of LAYER_SCORERS):
# records of these datasets are scored by their own rule only
DATASET_SCORERS: dict[str, tuple[str, Scorer, frozenset[str]]] = {
    realnews.DATASET: (
        realnews.LAYER,
        lambda pairs, _x: realnews.score_realnews(pairs),
        frozenset({"events", "event_types", "event_actors", "event_triggers", "event_modality"}),
    ),
}


def _run(
    records: list[EvalRecord], extractor: Extractor, *, progress: bool, label: str
) -> list[DocumentResult]:
    docs = (record.to_document() for record in records)
    results: list[DocumentResult] = []

    def collect(advance: Callable[[], None]) -> None:
        for result in extractor.run(docs):
            i = len(results)
            if i >= len(records):
                raise RuntimeError(
                    f"extractor returned more results than the {len(records)} documents"
                )
            if result.document.doc_id != records[i].doc_id:
                raise RuntimeError(
                    f"extractor result {i} is for {result.document.doc_id!r}, "
                    f"expected {records[i].doc_id!r} (results must keep document order)"
                )
            results.append(result)
            advance()

    if progress:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as bar:
            task = bar.add_task(label, total=len(records))
            collect(lambda: bar.advance(task))
    else:
        collect(lambda: None)
    if len(results) != len(records):
        raise RuntimeError(
            f"extractor returned {len(results)} results for {len(records)} documents"
        )
    return results


def score(
    records: list[EvalRecord], results: list[DocumentResult], extractor: Extractor
) -> dict[str, Any]:
    """Apply every scorer whose layer some record lists in ``gold``.

    Records of a dataset in :data:`DATASET_SCORERS` are scored by that dataset's own rule
    (one report layer) and left out of the generic layers it replaces.
    """
    pairs = list(zip(records, results, strict=True))
    layers: dict[str, Any] = {}
    for layer, scorer in LAYER_SCORERS.items():
        scored = [(r, res) for r, res in pairs if r.has(layer) and not _replaces(r, layer)]
        if scored:
            layers[layer] = scorer(scored, extractor)
    for dataset, (layer, scorer, _replaced) in DATASET_SCORERS.items():
        own = [(r, res) for r, res in pairs if r.dataset == dataset]
        if own:
            layers[layer] = scorer(own, extractor)
    return layers


def _replaces(record: EvalRecord, layer: str) -> bool:
    """Whether the record's dataset has its own rule in place of this generic layer."""
    own = DATASET_SCORERS.get(record.dataset)
    return own is not None and layer in own[2]


def _unscored_layers(records: list[EvalRecord]) -> list[str]:
    """Gold layers listed by some record that no scorer reads."""
    missing: set[str] = set()
    for record in records:
        own = DATASET_SCORERS.get(record.dataset)
        covered = set(LAYER_SCORERS) | (own[2] if own else set())
        missing.update(layer for layer in record.gold if layer not in covered)
    return sorted(missing)


def evaluate(
    path: Path,
    extractor: Extractor,
    *,
    limit: int | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Read an evalset/1 file, run ``extractor`` once over all its documents, score it.

    Returns a JSON-serialisable report: ``dataset``, ``file``, ``n_records`` and
    ``layers`` (one entry per scored gold layer), plus ``unscored_layers`` (gold layers
    this evaluator has no scorer for) and ``warnings``.
    """
    path = Path(path)
    records = read_evalset(path, limit=limit)
    names = sorted({r.dataset for r in records if r.dataset})
    dataset = "+".join(names) if names else path.parent.name
    results = _run(records, extractor, progress=progress, label=dataset)
    warnings: list[str] = []
    duplicates = [k for k, n in Counter(r.doc_id for r in records).items() if n > 1]
    if duplicates:
        warnings.append(
            f"{len(duplicates)} doc_id(s) repeated (records matched by position): "
            + ", ".join(duplicates[:5])
        )
    return {
        "dataset": dataset,
        "file": str(path),
        "n_records": len(records),
        "layers": score(records, results, extractor),
        "unscored_layers": _unscored_layers(records),
        "warnings": warnings,
    }


def evaluate_many(
    paths: Path | Iterable[Path],
    extractor: Extractor,
    *,
    limit: int | None = None,
    progress: bool = False,
    pattern: str = "*/dev.jsonl",
) -> dict[str, Any]:
    """Evaluate several files: a directory (every ``pattern`` below it) or a list of files.

    Returns ``{"n_datasets", "datasets": {name: report}}``; a name used twice gets the
    file's parent folder and stem appended.
    """
    if isinstance(paths, Path | str):
        root = Path(paths)
        files = sorted(root.glob(pattern)) if root.is_dir() else [root]
    else:
        files = [Path(p) for p in paths]
    if not files:
        raise EvalsetError(
            f"no evalset files matching {pattern!r}",
            paths if isinstance(paths, Path | str) else None,
        )
    reports: dict[str, Any] = {}
    for file in files:
        report = evaluate(file, extractor, limit=limit, progress=progress)
        name = report["dataset"]
        if name in reports:
            name = f"{name}:{file.parent.name}/{file.stem}"
        reports[name] = report
    return {"n_datasets": len(reports), "datasets": reports}


# --------------------------------------------------------------------------- text report


def _f(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _row(metric: str, score: Any, baseline: str = "", detail: str = "") -> str:
    line = f"  {metric:<26}{_f(score):>8}"
    if baseline:
        line += f"   {baseline:<28}"
    if detail:
        line += f"   {detail}" if baseline else f"   {'':<28}   {detail}"
    return line.rstrip()


def _prf_cells(d: dict[str, Any]) -> str:
    return f"P {_f(d['precision'])}  R {_f(d['recall'])}  F1 {_f(d['f1'])}"


def _per_class_lines(per_class: dict[str, Any], indent: str = "    ") -> list[str]:
    lines = [f"{indent}{'class':<18}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"]
    for cls, row in per_class.items():
        lines.append(
            f"{indent}{cls:<18}{_f(row['precision']):>7}{_f(row['recall']):>7}"
            f"{_f(row['f1']):>7}{row['support']:>7}{row['n_pred']:>7}"
        )
    return lines


def _fmt_event_types(d: dict[str, Any]) -> list[str]:
    base = d["majority_baseline"]
    out = [
        _row("n", d["n"]),
        _row("accuracy", d["accuracy"], f"majority {_f(base['accuracy'])} ({base['label']})"),
        _row("macro-F1", d["macro_f1"], f"majority {_f(base['macro_f1'])}"),
    ]
    if "no_plover_event" in d:
        nope = d["no_plover_event"]
        out.append(
            _row(
                "no-PLOVER given an event",
                nope["rate"],
                detail=f"{nope['n_with_predicted_event']}/{nope['n']} records",
            )
        )
    if d["top_confusions"]:
        conf = ", ".join(f"{c['gold']}->{c['pred']} {c['n']}" for c in d["top_confusions"][:5])
        out.append(f"  top confusions: {conf}")
    out.extend(_per_class_lines(d["per_class"]))
    return out


def _fmt_event_actors(d: dict[str, Any]) -> list[str]:
    m = d["match"]
    tc = d["type_correct"]
    out = [
        _row(
            "n",
            d["n"],
            detail=f"trigger {m['trigger']}, fallback {m['fallback']}, none {m['none']}",
        ),
        _row("precision", d["precision"]),
        _row("recall", d["recall"]),
        _row("F1", d["f1"]),
        _row("record exact", d["record_exact"]),
        _row("F1 | type correct", tc["f1"], detail=f"n {tc['n']}, {_prf_cells(tc)}"),
    ]
    if d["gold_codes_normalised"] or d["gold_codes_dropped"]:
        norm = ", ".join(f"{k} {v}" for k, v in d["gold_codes_normalised"].items()) or "none"
        drop = ", ".join(f"{k} {v}" for k, v in d["gold_codes_dropped"].items()) or "none"
        out.append(f"  gold codes mapped: {norm}; dropped as non-country: {drop}")
    return out


def _fmt_cameo(d: dict[str, Any]) -> list[str]:
    base = d["majority_root_baseline"]
    return [
        _row("n", d["n"], detail=f"no prediction {d['n_no_prediction']}"),
        _row(
            "root accuracy",
            d["root_accuracy"],
            f"majority {_f(base['accuracy'])} ({base['label']})",
        ),
        _row("full-code accuracy", d["full_accuracy"]),
    ]


def _fmt_modality(d: dict[str, Any]) -> list[str]:
    base = d["baseline_all_factual"]
    ext = d["on_extracted_events"]
    return [
        _row("n", d["n"], detail=f"underspecified excluded: {d['excluded_underspecified']['n']}"),
        _row("accuracy", d["accuracy"], f"all-factual {_f(base['accuracy'])}"),
        _row("macro-F1", d["macro_f1"], f"all-factual {_f(base['macro_f1'])}"),
        _row("acc. on extracted events", ext["accuracy"], detail=f"n {ext['n']}"),
        *_per_class_lines(d["per_class"]),
    ]


def _fmt_entities(d: dict[str, Any]) -> list[str]:
    out = [
        _row("micro F1 exact", d["micro"]["exact"]["f1"], detail=_prf_cells(d["micro"]["exact"])),
        _row(
            "micro F1 overlap",
            d["micro"]["overlap"]["f1"],
            detail=_prf_cells(d["micro"]["overlap"]),
        ),
        f"    {'type':<18}{'gold':>6}{'pred':>6}   {'exact P/R/F1':<21}  {'overlap P/R/F1':<21}",
    ]
    for t, row in d["per_type"].items():
        ex, ov = row["exact"], row["overlap"]
        out.append(
            f"    {t:<18}{row['n_gold']:>6}{row['n_pred']:>6}   "
            f"{_f(ex['precision'])} {_f(ex['recall'])} {_f(ex['f1'])}    "
            f"{_f(ov['precision'])} {_f(ov['recall'])} {_f(ov['f1'])}"
        )
    return out


def _fmt_places(d: dict[str, Any]) -> list[str]:
    det, rd, geo = d["detection"], d["reading"], d["geocoding"]
    base = rd["majority_baseline"]
    return [
        _row("detection F1", det["f1"], detail=_prf_cells(det)),
        _row(
            "reading accuracy",
            rd["accuracy"],
            f"majority {_f(base['accuracy'])} ({base['label']})",
            f"n {rd['n']}",
        ),
        _row(
            "geocoding acc@161km",
            geo["accuracy_161km"],
            detail=f"n {geo['n']}, no coords {geo['n_without_predicted_coordinates']}",
        ),
        _row("median error km", geo["median_error_km"]),
    ]


def _fmt_timexes(d: dict[str, Any]) -> list[str]:
    det, val = d["detection"], d["value"]
    return [
        _row("detection F1", det["f1"], detail=_prf_cells(det)),
        _row("value accuracy (matched)", val["accuracy"], detail=f"n {val['n']}"),
        _row("value accuracy (all gold)", val["accuracy_all_gold"]),
    ]


def _fmt_event_dates(d: dict[str, Any]) -> list[str]:
    return [
        _row("n gold", d["n"], detail=f"with overlapping event {d['n_with_overlapping_event']}"),
        _row("accuracy (all gold)", d["accuracy"]),
        _row("accuracy (matched)", d["accuracy_matched"]),
        _row("accuracy (matched, by link)", d.get("accuracy_matched_by_link")),
        *(
            _row(
                f"  half {k} (matched)",
                h["accuracy_matched"],
                detail=(
                    f"n {h['n_with_overlapping_event']}, "
                    f"by link {_f(h['accuracy_matched_by_link'])}"
                ),
            )
            for k, h in d.get("by_half", {}).items()
        ),
    ]


def _fmt_realnews(d: dict[str, Any]) -> list[str]:
    pred, gold = d["pred_events"], d["gold_events"]
    counts = f"pred {pred} vs gold {gold}"
    out = [
        _row("records", d["n_records"], detail=f"political {d['n_political']}"),
        _row(
            "type F1",
            d["type_f1"],
            counts,
            f"P {_f(d['type_p'])}  R {_f(d['type_r'])}  matched {d['n_matched']}",
        ),
        _row(
            "strict F1 (dyad too)",
            d["strict_f1"],
            counts,
            f"P {_f(d['strict_p'])}  R {_f(d['strict_r'])}  matched {d['n_strict']}",
        ),
        _row(
            "modality acc. (matched)",
            d["modality_acc"],
            f"all-factual {_f(d['modality_all_factual'])}",
            f"n {d['n_matched']}",
        ),
        _row(
            "off-topic share (pred)",
            d["offtopic_share"],
            detail=f"{d['n_offtopic']}/{pred} in non-political articles",
        ),
        _row(
            "both actors known (pred)",
            d["both_actors_known"],
            detail=f"{d['n_both_actors_known']}/{pred} with an identity on each side",
        ),
    ]
    halves = d.get("halves") or {}
    if halves:
        out.append(f"  halves ({d.get('halves_rule', '')})")
        out.append(
            f"    {'half':<6}{'records':>8}{'gold':>6}{'pred':>6}"
            f"   {'type P/R/F1':<19}   {'strict P/R/F1':<19}   modality"
        )
        for name, h in halves.items():
            out.append(
                f"    {name:<6}{h['n_records']:>8}{h['gold_events']:>6}{h['pred_events']:>6}"
                f"   {_f(h['type_p'])} {_f(h['type_r'])} {_f(h['type_f1'])}"
                f"   {_f(h['strict_p'])} {_f(h['strict_r'])} {_f(h['strict_f1'])}"
                f"   {_f(h['modality_acc'])}"
            )
    out.append(f"    {'type':<18}{'F1':>7}{'gold':>7}{'pred':>7}{'matched':>9}")
    for name, row in d["per_type"].items():
        out.append(
            f"    {name:<18}{_f(row['f1']):>7}{row['gold']:>7}{row['pred']:>7}{row['tp_gold']:>9}"
        )
    for doc_id, note in (d.get("extract_reads_differently") or {}).items():
        out.append(f"  ! doc {doc_id}: {note} (score_realnews.py may differ)")
    return out


_FORMATTERS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "event_types": _fmt_event_types,
    "event_actors": _fmt_event_actors,
    "cameo": _fmt_cameo,
    "event_modality": _fmt_modality,
    "entities": _fmt_entities,
    "places": _fmt_places,
    "timexes": _fmt_timexes,
    "event_dates": _fmt_event_dates,
    realnews.LAYER: _fmt_realnews,
}


def format_report(report: dict[str, Any]) -> str:
    """A compact text table of a report from :func:`evaluate` or :func:`evaluate_many`."""
    if "datasets" in report:
        return "\n\n".join(format_report(r) for r in report["datasets"].values())
    lines = [f"== {report['dataset']}  ({report['n_records']} records)  {report['file']}"]
    lines.append(f"  {'':<26}{'score':>8}   baseline")
    for layer, data in report["layers"].items():
        lines.append(f"[{layer}]")
        formatter = _FORMATTERS.get(layer)
        lines.extend(formatter(data) if formatter else [f"  {data}"])
    for warning in report.get("warnings", []):
        lines.append(f"! {warning}")
    return "\n".join(lines)
