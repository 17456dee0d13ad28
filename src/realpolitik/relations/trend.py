"""How a relationship moves: the shrunken index and its Theil–Sen trend with Sen's interval."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Two-sided 95 % quantile of the standard normal distribution.
Z_95 = 1.959963984540054


def relation_index(score: float, weight: float, prior: float) -> float:
    """``sum(w * goldstein) / (sum(w) + prior)``: a weighted mean Goldstein score, shrunk
    towards 0 by ``prior`` neutral pseudo-events; NaN when there is nothing to average."""
    denominator = weight + prior
    if denominator <= 0:
        return math.nan
    return score / denominator


@dataclass(frozen=True)
class Trend:
    """A Theil–Sen slope (index points per period) and Sen's 95 % interval for it."""

    slope: float
    intercept: float
    low: float
    high: float
    n_periods: int

    @property
    def direction(self) -> str:
        """``rising`` or ``falling`` when the whole interval is on one side of 0;
        ``flat`` when it holds 0; ``unknown`` with fewer than three periods."""
        if self.n_periods < 3 or math.isnan(self.slope):
            return "unknown"
        if self.low > 0:
            return "rising"
        if self.high < 0:
            return "falling"
        return "flat"


def theil_sen(x: Sequence[float], y: Sequence[float], z: float = Z_95) -> Trend:
    """The median of pairwise slopes, with the rank-based interval of Sen (1968).

    Robust to a few extreme periods, which event counts have; ties in ``x`` are skipped.
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    keep = ~(np.isnan(xs) | np.isnan(ys))
    xs, ys = xs[keep], ys[keep]
    n = len(xs)
    if n < 2:
        return Trend(math.nan, math.nan, math.nan, math.nan, n)
    i, j = np.triu_indices(n, k=1)
    dx = xs[j] - xs[i]
    ok = dx != 0
    if not ok.any():
        return Trend(math.nan, math.nan, math.nan, math.nan, n)
    slopes = np.sort((ys[j] - ys[i])[ok] / dx[ok])
    slope = float(np.median(slopes))
    intercept = float(np.median(ys - slope * xs))
    if n < 3:  # a slope, but no interval to trust
        return Trend(slope, intercept, math.nan, math.nan, n)
    n_slopes = len(slopes)
    sigma = math.sqrt(n * (n - 1) * (2 * n + 5) / 18.0)
    upper = min(round((n_slopes + z * sigma) / 2.0), n_slopes - 1)
    lower = max(round((n_slopes - z * sigma) / 2.0) - 1, 0)
    return Trend(slope, intercept, float(slopes[lower]), float(slopes[upper]), n)
