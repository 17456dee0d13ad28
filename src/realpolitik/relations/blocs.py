"""Alignment blocs: a partition of a signed, weighted graph by signed modularity.

The graph has one node per state and, per dyad, the weight ``W[i, j]`` = the dyad's
weighted Goldstein sum (positive: cooperation, negative: conflict). Its signed modularity
(Gómez, Jensen & Arenas, 2009) rewards cooperation inside blocs and conflict between them,
each against what the nodes' cooperative and conflictual strengths would give at random:

    Q = [ sum_ij (W+_ij - k+_i k+_j / 2m+) - (W-_ij - k-_i k-_j / 2m-) ] δ(c_i, c_j) / (2m+ + 2m-)

where ``W+ = max(W, 0)``, ``W- = max(-W, 0)``, ``k±`` their row sums and ``2m±`` their totals.
It is maximised with the Louvain method (local moves, then moves of whole blocs), from
several seeded node orders; the best partition wins. Deterministic for a given seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class Partition:
    """Blocs numbered 1.. from the largest; ``modularity`` Q; ``frustration`` the share of
    absolute weight that disagrees with the partition (conflict inside, cooperation across)."""

    nodes: tuple[str, ...]
    blocs: tuple[int, ...]
    modularity: float
    frustration: float

    def members(self) -> list[list[str]]:
        out: dict[int, list[str]] = {}
        for node, bloc in zip(self.nodes, self.blocs, strict=True):
            out.setdefault(bloc, []).append(node)
        return [sorted(out[b]) for b in sorted(out)]


def modularity_matrix(weights: Matrix) -> tuple[Matrix, float]:
    """The signed modularity matrix ``B`` and the normaliser ``2m+ + 2m-``."""
    w = np.asarray(weights, dtype=float)
    w = (w + w.T) / 2.0
    np.fill_diagonal(w, 0.0)
    positive = np.clip(w, 0.0, None)
    negative = np.clip(-w, 0.0, None)
    b = np.zeros_like(w)
    norm = 0.0
    for part, sign in ((positive, 1.0), (negative, -1.0)):
        strength = part.sum(axis=1)
        total = float(strength.sum())
        if total > 0:
            b += sign * (part - np.outer(strength, strength) / total)
            norm += total
    return b, norm


def _modularity(b: Matrix, norm: float, labels: NDArray[np.int64]) -> float:
    if norm <= 0:
        return 0.0
    same = labels[:, None] == labels[None, :]
    return float(b[same].sum() / norm)


def _local_moves(b: Matrix, rng: np.random.Generator) -> NDArray[np.int64]:
    """Louvain phase one: move single nodes to the bloc that raises Q most, until none does."""
    n = b.shape[0]
    labels = np.arange(n)
    # sums[i, c] = sum of B[i, j] over the members j of bloc c (bloc c may be empty).
    sums = b.copy()
    diagonal = np.diag(b).copy()
    moved = True
    while moved:
        moved = False
        for i in rng.permutation(n):
            current = labels[i]
            stay = sums[i, current] - diagonal[i]
            gains = sums[i] - stay
            gains[current] = 0.0
            target = int(np.argmax(gains))
            if gains[target] > 1e-12:
                sums[:, current] -= b[:, i]
                sums[:, target] += b[:, i]
                labels[i] = target
                moved = True
    _, compact = np.unique(labels, return_inverse=True)
    return compact.astype(np.int64)


def _louvain(b: Matrix, rng: np.random.Generator) -> NDArray[np.int64]:
    labels = np.arange(b.shape[0], dtype=np.int64)
    level = b
    while True:
        moves = _local_moves(level, rng)
        if moves.max() + 1 == level.shape[0]:  # no node joined another: done
            return labels
        labels = moves[labels]
        membership = np.zeros((level.shape[0], moves.max() + 1))
        membership[np.arange(level.shape[0]), moves] = 1.0
        level = membership.T @ level @ membership


def _frustration(w: Matrix, labels: NDArray[np.int64]) -> float:
    upper = np.triu(np.ones_like(w, dtype=bool), k=1)
    same = labels[:, None] == labels[None, :]
    total = float(np.abs(w[upper]).sum())
    if total == 0:
        return 0.0
    wrong = np.where(same, np.clip(-w, 0, None), np.clip(w, 0, None))
    return float(wrong[upper].sum() / total)


def partition(
    nodes: Sequence[str], weights: Matrix, *, seed: int = 0, restarts: int = 8
) -> Partition:
    """The blocs of a signed graph given as a symmetric weight matrix over ``nodes``."""
    names = tuple(nodes)
    n = len(names)
    if n == 0:
        return Partition((), (), 0.0, 0.0)
    w = np.asarray(weights, dtype=float)
    if w.shape != (n, n):
        raise ValueError(f"weights must be {n}x{n}, not {w.shape}")
    w = (w + w.T) / 2.0
    b, norm = modularity_matrix(w)
    best: NDArray[np.int64] = np.arange(n, dtype=np.int64)
    best_q = _modularity(b, norm, best)
    for r in range(restarts):
        labels = _louvain(b, np.random.default_rng(seed + r))
        q = _modularity(b, norm, labels)
        if q > best_q + 1e-12:
            best, best_q = labels, q
    # Number blocs from the largest; ties by their alphabetically first member.
    groups: dict[int, list[str]] = {}
    for name, label in zip(names, best, strict=True):
        groups.setdefault(int(label), []).append(name)
    order = sorted(groups, key=lambda g: (-len(groups[g]), min(groups[g])))
    renumber = {g: k + 1 for k, g in enumerate(order)}
    blocs = tuple(renumber[int(label)] for label in best)
    return Partition(names, blocs, best_q, _frustration(w, best))
