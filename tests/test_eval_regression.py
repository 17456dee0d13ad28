"""Regression guard: the headline figures of every gold set may not fall below the record.

Runs ``realpolitik eval`` (the Python API) once over every ``*/dev.jsonl`` under the gold
folder beside the repository (``../shared/eval``) and compares each figure of
:data:`HEADLINES` with the one recorded in ``benchmarks/eval_dev.json``: a fall of more than
:data:`TOLERANCE` fails. A figure the record does not hold yet is skipped (that figure
only); regenerate the record with
``realpolitik eval ../shared/eval --report benchmarks/eval_dev.json`` when figures improve.
See docs/evaluation.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from realpolitik.evaluate import evaluate_many
from realpolitik.pipeline import Pipeline

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
RECORD = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_dev.json"
TOLERANCE = 0.02

# (dataset, layer, key path inside the layer): the figures a change may not make worse
HEADLINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("plover_gsr", "event_types", ("accuracy",)),
    ("plover_gsr", "event_actors", ("f1",)),
    ("case2021_task2", "event_types", ("accuracy",)),
    ("meantime_en", "event_modality", ("macro_f1",)),
    ("petr2_gsr", "event_types", ("accuracy",)),
    ("petr2_gsr", "cameo", ("root_accuracy",)),
    ("tbaq", "timexes", ("detection", "f1")),
    ("tbaq", "timexes", ("value", "accuracy")),
    ("tbaq", "event_dates", ("accuracy_matched",)),
    ("geowebnews", "places", ("detection", "f1")),
    ("geowebnews", "places", ("geocoding", "accuracy_161km")),
    ("re3d", "entities", ("micro", "exact", "f1")),
    ("realnews_events", "realnews", ("type_f1",)),
    ("realnews_events", "realnews", ("strict_f1",)),
)

# `realpolitik eval ../shared/eval` takes a minute or more (55 s on 2 shared cores): `slow`,
# out of the inner loop (`pytest -m "not slow and not browser"`); CI's plain `pytest` runs it.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not EVAL_DIR.is_dir(),
        reason=f"no gold sets at {EVAL_DIR} (the shared/eval folder beside the repository)",
    ),
]

_compared: dict[str, tuple[float | None, float | None, str]] = {}


def _name(headline: tuple[str, str, tuple[str, ...]]) -> str:
    dataset, layer, path = headline
    return f"{dataset}.{layer}.{'.'.join(path)}"


def figure(report: dict[str, Any], headline: tuple[str, str, tuple[str, ...]]) -> float | None:
    """The headline figure in an ``evaluate_many`` report, None when it is not there."""
    dataset, layer, path = headline
    value: Any = report.get("datasets", {}).get(dataset, {}).get("layers", {}).get(layer)
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return float(value) if isinstance(value, int | float) else None


@pytest.fixture(scope="module")
def recorded() -> dict[str, Any]:
    if not RECORD.is_file():
        pytest.skip(f"no recorded figures at {RECORD}")
    return json.loads(RECORD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def current(pipeline: Pipeline) -> dict[str, Any]:
    """Every gold set, evaluated once for all the comparisons."""
    return evaluate_many(EVAL_DIR, pipeline)


@pytest.mark.parametrize("headline", HEADLINES, ids=_name)
def test_headline_figure_holds(
    headline: tuple[str, str, tuple[str, ...]],
    recorded: dict[str, Any],
    current: dict[str, Any],
) -> None:
    name = _name(headline)
    before = figure(recorded, headline)
    now = figure(current, headline)
    if before is None:
        _compared[name] = (None, now, "skipped: not in the record")
        pytest.skip(f"{name} is not in {RECORD.name} yet (regenerate it to guard this figure)")
    assert now is not None, f"{name}: recorded {before:.3f}, missing from the current eval"
    fell = now < before - TOLERANCE
    _compared[name] = (before, now, "FELL" if fell else "ok")
    assert not fell, (
        f"{name} fell from {before:.3f} to {now:.3f} (more than {TOLERANCE} below {RECORD.name})"
    )


def test_print_compared_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """Say which figures were compared (runs after the comparisons, in file order)."""
    lines = [f"eval regression guard (tolerance {TOLERANCE}, record {RECORD.name}):"]
    for name, (before, now, status) in _compared.items():
        b = "-" if before is None else f"{before:.3f}"
        n = "-" if now is None else f"{now:.3f}"
        lines.append(f"  {name:<45} recorded {b:>6}  now {n:>6}  {status}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    if not any(before is not None for before, _, _ in _compared.values()):
        pytest.skip("no headline figure was compared")
