"""The weights that turn coded events into relations: modality, sources, shrinkage, thinness.

Defaults live in ``data/weights.yaml``; a user overrides any of them with a YAML file or a
dict, key by key (``{"modality": {"planned": 0.7}}`` changes one weight and keeps the rest).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import RealpolitikError
from ..yamlio import load_yaml

SOURCE_METHODS: tuple[str, ...] = ("log", "linear", "none")


class WeightsError(RealpolitikError):
    """A weights file or dict is malformed."""


@dataclass(frozen=True)
class Thin:
    """When an estimate is flagged thin."""

    min_events: int = 5
    min_periods: int = 3
    max_source_share: float = 0.6


@dataclass(frozen=True)
class Weights:
    """Everything a relation computation is weighted by.

    ``modality`` maps a modality to its weight, with ``default`` for any other;
    ``sources`` says how the number of distinct outlets behind a story scales it;
    ``index_prior`` is the number of neutral pseudo-events the index is shrunk with.
    """

    modality: Mapping[str, float]
    sources: str = "log"
    index_prior: float = 2.0
    thin: Thin = field(default_factory=Thin)

    def modality_weight(self, modality: str | None) -> float:
        if modality is not None and modality in self.modality:
            return float(self.modality[modality])
        return float(self.modality.get("default", 1.0))

    def source_weight(self, n_sources: int) -> float:
        """The factor a story reported by ``n_sources`` distinct outlets gets."""
        n = max(1, n_sources)
        if self.sources == "log":
            return 1.0 + math.log(n)
        if self.sources == "linear":
            return float(n)
        return 1.0

    def store_key(self) -> str:
        """A hash of the weights that go into stored summaries (modality and sources)."""
        blob = json.dumps(
            {"modality": dict(sorted(self.modality.items())), "sources": self.sources},
            sort_keys=True,
        )
        return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:12]

    def to_dict(self) -> dict[str, Any]:
        return {
            "modality": dict(self.modality),
            "sources": self.sources,
            "index_prior": self.index_prior,
            "thin": {
                "min_events": self.thin.min_events,
                "min_periods": self.thin.min_periods,
                "max_source_share": self.thin.max_source_share,
            },
        }


def _default_data() -> dict[str, Any]:
    text = (
        resources.files("realpolitik.relations")
        .joinpath("data", "weights.yaml")
        .read_text(encoding="utf-8")
    )
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise WeightsError("the built-in weights.yaml is not a mapping")
    return data


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WeightsError(f"weights: {where} must be a number, not {value!r}")
    return float(value)


def _from_data(data: Mapping[str, Any], origin: str) -> Weights:
    known = {"modality", "sources", "index_prior", "thin"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise WeightsError(
            f"weights {origin}: unknown key {unknown[0]!r}; known keys: {', '.join(sorted(known))}"
        )
    modality_data = data.get("modality", {})
    if not isinstance(modality_data, Mapping):
        raise WeightsError(f"weights {origin}: modality must be a mapping of modality to weight")
    modality = {str(k): _number(v, f"modality.{k}") for k, v in modality_data.items()}
    for name, value in modality.items():
        if value < 0:
            raise WeightsError(f"weights {origin}: modality.{name} must be 0 or more")
    sources = data.get("sources", "log")
    if sources not in SOURCE_METHODS:
        raise WeightsError(
            f"weights {origin}: sources must be one of {', '.join(SOURCE_METHODS)}, not {sources!r}"
        )
    prior = _number(data.get("index_prior", 2.0), "index_prior")
    if prior < 0:
        raise WeightsError(f"weights {origin}: index_prior must be 0 or more")
    thin_data = data.get("thin", {})
    if not isinstance(thin_data, Mapping):
        raise WeightsError(f"weights {origin}: thin must be a mapping")
    unknown_thin = sorted(set(thin_data) - {"min_events", "min_periods", "max_source_share"})
    if unknown_thin:
        raise WeightsError(f"weights {origin}: unknown key thin.{unknown_thin[0]}")
    thin = Thin(
        min_events=int(_number(thin_data.get("min_events", 5), "thin.min_events")),
        min_periods=int(_number(thin_data.get("min_periods", 3), "thin.min_periods")),
        max_source_share=_number(thin_data.get("max_source_share", 0.6), "thin.max_source_share"),
    )
    return Weights(modality=modality, sources=str(sources), index_prior=prior, thin=thin)


def load_weights(override: Weights | Path | str | Mapping[str, Any] | None = None) -> Weights:
    """The default weights, with ``override`` (a YAML file or a dict) laid over them."""
    if isinstance(override, Weights):
        return override
    data = _default_data()
    origin = "(built-in)"
    if isinstance(override, Path | str):
        path = Path(override).expanduser()
        try:
            loaded = load_yaml(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise WeightsError(f"cannot read weights file {path}: {exc.strerror}") from exc
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, Mapping):
            raise WeightsError(f"weights file {path} must hold a mapping")
        data = _merge(data, loaded)
        origin = str(path)
    elif override is not None:
        data = _merge(data, override)
        origin = "(dict)"
    return _from_data(data, origin)
