"""Near-duplicate links between stored documents (``documents.duplicate_of``).

A new document joins the clusters of the documents it is a near-duplicate of
(``dedup.py`` decides); after a delete, what is left of a cluster is linked again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from . import dedup
from .connection import Connection, with_values
from .settings import StoreSettings


def link_duplicates(
    con: Connection,
    index: dedup.NearDuplicateIndex,
    settings: StoreSettings,
    doc_key: str,
    shingle_set: frozenset[str],
    sig: bytes,
) -> list[str]:
    """Link ``doc_key`` (already inserted) into its near-duplicate cluster.

    A cluster is a connected component of the near-duplicate relation; its root is
    its earliest document (article date, undated last, then ``doc_key``), and every
    other member's ``duplicate_of`` is the root. Returns the *other* documents whose
    ``duplicate_of`` changed (when the new document joins clusters or is earlier
    than their root).
    """
    candidates = [k for k in index.candidates(sig) if k != doc_key]
    if not candidates:
        return []
    words = settings.dedup.shingle_words
    low, high = dedup.estimate_cutoffs(settings.dedup.threshold, settings.dedup.num_perm)
    neighbours: list[str] = []
    unsure: list[str] = []
    for key in candidates:
        known = index.signature_of(key)
        equal = dedup.equal_positions(sig, known) if known else None
        if equal is not None and equal >= high:
            neighbours.append(key)
        elif equal is None or equal > low:
            unsure.append(key)
    if unsure:
        rows = con.execute(
            "SELECT doc_key, text FROM documents WHERE doc_key IN (SELECT unnest(?))", [unsure]
        ).fetchall()
        neighbours.extend(
            key
            for key, text in rows
            if dedup.jaccard(shingle_set, dedup.shingles(text, words)) >= settings.dedup.threshold
        )
    neighbours.sort()
    if not neighbours:
        return []
    roots = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT coalesce(duplicate_of, doc_key) FROM documents "
            "WHERE doc_key IN (SELECT unnest(?))",
            [neighbours],
        ).fetchall()
    ]
    members = con.execute(
        "SELECT doc_key, date, duplicate_of FROM documents WHERE doc_key = ? "
        "OR doc_key IN (SELECT unnest(?)) OR duplicate_of IN (SELECT unnest(?))",
        [doc_key, roots, roots],
    ).fetchall()
    root = min(members, key=lambda r: (r[1] is None, r[1] or date.min, r[0]))[0]
    updates: list[list[Any]] = []
    changed: list[str] = []
    for key, _, current in members:
        wanted = None if key == root else root
        if current != wanted:
            updates.append([wanted, key])
            if key != doc_key:
                changed.append(key)
    with_values(
        con,
        "UPDATE documents SET duplicate_of = v.root FROM (VALUES {values}) "
        "AS v(root, doc_key) WHERE documents.doc_key = v.doc_key",
        updates,
        fetch=False,
    )
    return sorted(changed)


def _near_duplicates(
    settings: StoreSettings, a: tuple[Any, ...], b: tuple[Any, ...], cache: dict[str, Any]
) -> bool:
    """Whether two stored documents (doc_key, date, duplicate_of, signature, text) are
    near-duplicates, decided as when they were written (``link_duplicates``)."""
    low, high = dedup.estimate_cutoffs(settings.dedup.threshold, settings.dedup.num_perm)
    sig_a, sig_b = bytes(a[3] or b""), bytes(b[3] or b"")
    equal = dedup.equal_positions(sig_a, sig_b) if sig_a and sig_b else None
    if equal is not None and equal >= high:
        return True
    if equal is not None and equal <= low:
        return False

    def shingled(row: tuple[Any, ...]) -> frozenset[str]:
        if row[0] not in cache:
            cache[row[0]] = dedup.shingles(row[4], settings.dedup.shingle_words)
        found: frozenset[str] = cache[row[0]]
        return found

    return dedup.jaccard(shingled(a), shingled(b)) >= settings.dedup.threshold


def _clusters(
    settings: StoreSettings, members: Sequence[tuple[Any, ...]]
) -> list[list[tuple[Any, ...]]]:
    """The connected components of the near-duplicate relation among ``members``."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    cache: dict[str, Any] = {}
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            if find(i) != find(j) and _near_duplicates(settings, members[i], members[j], cache):
                parent[find(j)] = find(i)
    groups: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for i, row in enumerate(members):
        groups[find(i)].append(row)
    return list(groups.values())


def relink_clusters(con: Connection, settings: StoreSettings, roots: Sequence[str]) -> list[str]:
    """Link again the documents left in the near-duplicate clusters of ``roots`` after some
    of their members were removed: a cluster may have lost its root or fallen apart.
    Returns the documents whose ``duplicate_of`` changed."""
    members = con.execute(
        "SELECT doc_key, date, duplicate_of, signature, text FROM documents "
        "WHERE coalesce(duplicate_of, doc_key) IN (SELECT unnest(?)) ORDER BY doc_key",
        [list(roots)],
    ).fetchall()
    updates: list[list[Any]] = []
    for cluster in _clusters(settings, members):
        root = min(cluster, key=lambda r: (r[1] is None, r[1] or date.min, r[0]))[0]
        for key, _, current, _, _ in cluster:
            wanted = None if key == root else root
            if current != wanted:
                updates.append([wanted, key])
    with_values(
        con,
        "UPDATE documents SET duplicate_of = v.root FROM (VALUES {values}) "
        "AS v(root, doc_key) WHERE documents.doc_key = v.doc_key",
        updates,
        fetch=False,
    )
    return sorted(key for _, key in updates)
