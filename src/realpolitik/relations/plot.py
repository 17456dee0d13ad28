"""Pictures of relations with matplotlib's object API (no pyplot, no global backend):
a dyad's series, and a signed network coloured by bloc. PNG or SVG, from the file suffix."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .api import QUAD_COLUMNS, RelationsError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS = (".png", ".svg", ".pdf")
QUAD_COLOURS = {
    "verbal_cooperation": "#9ecae1",
    "material_cooperation": "#3182bd",
    "verbal_conflict": "#fc9272",
    "material_conflict": "#de2d26",
}
BLOC_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")


def _figure(width: float, height: float, rows: int = 1) -> tuple[Figure, list[Axes]]:
    # The object API draws with the Agg canvas whatever backend pyplot may have chosen.
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    return fig, list(axes)


def _format(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise RelationsError(f"cannot plot to {out}: use a .png, .svg or .pdf file")
    return suffix[1:]


def plot_dyad(df: pd.DataFrame, out: Path | str, *, title: str | None = None) -> Path:
    """Stories by QuadClass per period (cooperation up, conflict down) above the
    relationship index, from a :meth:`Relations.dyad` frame; returns the file written."""
    path = Path(out)
    fmt = _format(path)
    if df.empty:
        raise RelationsError("nothing to plot: the dyad has no events in this period")
    fig, (bars, line) = _figure(9.0, 5.5, rows=2)
    x = np.arange(len(df))
    up = np.zeros(len(df))
    down = np.zeros(len(df))
    for column in QUAD_COLUMNS:
        values = df[column].to_numpy(dtype=float)
        conflict = "conflict" in column
        bottom = down if conflict else up
        heights = -values if conflict else values
        bars.bar(
            x,
            heights,
            bottom=bottom,
            color=QUAD_COLOURS[column],
            label=column.replace("_", " "),
            width=0.8,
        )
        if conflict:
            down = down - values
        else:
            up = up + values
    bars.axhline(0, color="black", linewidth=0.6)
    bars.set_ylabel("stories (conflict below 0)")
    bars.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), fontsize=7, ncols=4, frameon=False)
    bars.margins(y=0.1)
    index = df["index"].to_numpy(dtype=float)
    line.plot(x, index, marker="o", color="#333333", linewidth=1.2)
    line.axhline(0, color="grey", linewidth=0.6, linestyle="--")
    finite = index[~np.isnan(index)]
    limit = max(1.0, math.ceil(float(np.abs(finite).max()))) if finite.size else 1.0
    line.set_ylim(-limit * 1.1, limit * 1.1)
    line.set_ylabel("index (−10 … +10)")
    step = max(1, len(df) // 12)
    line.set_xticks(x[::step], list(df["period"])[::step], rotation=45, fontsize=8)
    if title is None:
        a, b = df["a"].iloc[0], df["b"].iloc[0]
        summary = df.attrs.get("summary", {})
        trend = f" — trend {summary['trend']}" if summary.get("trend") else ""
        thin = " (thin)" if summary.get("thin") else ""
        title = f"{a} – {b}{trend}{thin}"
    fig.suptitle(title)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format=fmt, dpi=120)
    return path


def _layout(blocs: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Blocs on a large circle, each bloc's members on a small circle around its place."""
    groups = [sorted(g["country"]) for _, g in blocs.groupby("bloc", sort=True)]
    positions: dict[str, tuple[float, float]] = {}
    big = 0.0 if len(groups) == 1 else 1.0
    for k, members in enumerate(groups):
        angle = 2 * math.pi * k / max(1, len(groups))
        cx, cy = big * math.cos(angle), big * math.sin(angle)
        radius = 0.15 + 0.05 * math.sqrt(len(members)) if len(members) > 1 else 0.0
        for i, name in enumerate(members):
            theta = 2 * math.pi * i / len(members)
            positions[name] = (cx + radius * math.cos(theta), cy + radius * math.sin(theta))
    return positions


def plot_network(
    blocs: pd.DataFrame,
    edges: pd.DataFrame,
    out: Path | str,
    *,
    title: str | None = None,
    max_edges: int = 400,
) -> Path:
    """The signed network: nodes coloured by bloc (:meth:`Relations.blocs`), cooperative
    edges green and conflictual ones red, width by weight (:meth:`Relations.network`)."""
    path = Path(out)
    fmt = _format(path)
    if blocs.empty:
        raise RelationsError("nothing to plot: no dyads in this period")
    positions = _layout(blocs)
    fig, (ax,) = _figure(8.0, 8.0)
    shown = edges[edges["a"].isin(positions) & edges["b"].isin(positions)]
    shown = shown.reindex(shown["score"].abs().sort_values(ascending=False).index).head(max_edges)
    biggest = float(shown["score"].abs().max()) if not shown.empty else 1.0
    for edge in shown.itertuples(index=False):
        (x1, y1), (x2, y2) = positions[edge.a], positions[edge.b]
        colour = "#2ca25f" if edge.score > 0 else "#de2d26"
        width = 0.5 + 3.5 * abs(float(edge.score)) / biggest
        ax.plot([x1, x2], [y1, y2], color=colour, alpha=0.6, linewidth=width)
    for row in blocs.itertuples(index=False):
        px, py = positions[row.country]
        colour = BLOC_COLOURS[(int(row.bloc) - 1) % len(BLOC_COLOURS)]
        ax.scatter([px], [py], s=260, color=colour, zorder=3)
        ax.annotate(row.country, (px, py), ha="center", va="center", fontsize=7, zorder=4)
    ax.set_aspect("equal")
    ax.axis("off")
    if title is None:
        period = blocs.attrs.get("period", "")
        q = blocs.attrs.get("modularity")
        title = f"Blocs {period}" + (f" (Q = {q:.2f})" if q is not None else "")
    fig.suptitle(title)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format=fmt, dpi=120)
    return path
