"""Relations between states: dyad timelines, alignment blocs, similarity and what changed.

>>> from realpolitik import relations
>>> with relations.open("events.duckdb") as rel:  # doctest: +SKIP
...     rel.dyad("VEN", "RUS", by="month")
...     rel.blocs(2008)
...     print(rel.brief("2008-07-01").to_markdown())

See ``docs/relations.md``. Names are imported on first use, so that ``import
realpolitik.relations`` (and the command line that mounts its subcommands) stays fast:
pandas, numpy and matplotlib load only when a relation is asked for.
"""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .api import (
        QUAD_COLUMNS,
        SERIES_COLUMNS,
        SUMMARY_COLUMNS,
        TYPE_COLUMNS,
        Relations,
        RelationsError,
        build_summaries,
        open,
    )
    from .blocs import Partition, partition
    from .briefing import Brief
    from .periods import PeriodError, Window, parse_period
    from .plot import plot_dyad, plot_network
    from .trend import Trend, relation_index, theil_sen
    from .weights import Weights, WeightsError, load_weights

_WHERE: dict[str, str] = {
    "QUAD_COLUMNS": "api",
    "SERIES_COLUMNS": "api",
    "SUMMARY_COLUMNS": "api",
    "TYPE_COLUMNS": "api",
    "Relations": "api",
    "RelationsError": "api",
    "build_summaries": "api",
    "open": "api",
    "Partition": "blocs",
    "partition": "blocs",
    "Brief": "briefing",
    "PeriodError": "periods",
    "Window": "periods",
    "parse_period": "periods",
    "plot_dyad": "plot",
    "plot_network": "plot",
    "Trend": "trend",
    "relation_index": "trend",
    "theil_sen": "trend",
    "Weights": "weights",
    "WeightsError": "weights",
    "load_weights": "weights",
}

__all__ = [
    "QUAD_COLUMNS",
    "SERIES_COLUMNS",
    "SUMMARY_COLUMNS",
    "TYPE_COLUMNS",
    "Brief",
    "Partition",
    "PeriodError",
    "Relations",
    "RelationsError",
    "Trend",
    "Weights",
    "WeightsError",
    "Window",
    "brief",
    "build_summaries",
    "load_weights",
    "open",
    "parse_period",
    "partition",
    "plot_dyad",
    "plot_network",
    "relation_index",
    "theil_sen",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def brief(
    store: Relations | Path | str,
    since: date | str,
    actor: str | None = None,
    fmt: Literal["markdown", "json"] = "markdown",
    *,
    until: date | str | None = None,
    top: int = 5,
    actors: Literal["all", "state"] = "all",
) -> str:
    """The brief of a store (a path or an open ``Relations``) since a date, as Markdown or JSON;
    ``actors="state"``: only the events between governments (``state.py``)."""
    from .api import Relations, RelationsError
    from .api import open as open_store

    if fmt not in ("markdown", "json"):
        raise RelationsError(f"brief format must be markdown or json, not {fmt!r}")
    if isinstance(store, Relations):
        made = store.brief(since, until=until, actor=actor, top=top, actors=actors)
    else:
        with open_store(store) as rel:
            made = rel.brief(since, until=until, actor=actor, top=top, actors=actors)
    return made.to_json() if fmt == "json" else made.to_markdown()
