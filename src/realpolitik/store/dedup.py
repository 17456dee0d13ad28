"""Near-duplicate documents: MinHash over word shingles, found with LSH (``datasketch``).

Two texts are *near-duplicates* when the Jaccard similarity of their sets of
``SHINGLE_WORDS``-word shingles (lower-cased word n-grams) is at least
``THRESHOLD``. A wire story copied by several outlets, or an article updated
with a paragraph, typically scores 0.85 to 1.0; two different articles about the
same event rarely reach 0.5.

Finding them takes two steps:

1. **Candidates** come from a MinHash LSH index (``datasketch.MinHashLSH``) of
   the signatures of every stored document: whether two documents are
   candidates depends only on their two signatures, never on the order in which
   documents were added. The index is tuned for recall, at ``LSH_THRESHOLD``
   (0.5; 25 bands of 5 rows for 128 permutations): a pair at Jaccard 0.8 is a
   candidate with probability 0.99995, at 0.7 with 0.99, while a pair at 0.3 is
   one with probability 0.06 (an LSH tuned at 0.8 itself would find only 40 %
   of the pairs at 0.8).
2. **Verification.** The share of equal positions in two signatures estimates
   their Jaccard similarity (a binomial draw around it). Where that count alone
   settles the question, it decides: a count that a pair on the *other* side of
   the threshold would give with probability under ``ESTIMATE_RISK`` (one in a
   million; for 128 permutations at 0.8: at least 122 equal positions is a
   near-duplicate, at most 78 is not). Every other candidate is verified with the
   exact Jaccard similarity of the two texts' shingle sets. Reading stored texts
   is the slow part of a write (a columnar store decompresses a block of texts
   to return one), and most candidates are either copies or LSH's chance
   neighbours, which the count settles.

Signatures are stored with each document (``documents.signature``); the index
lives in memory and is rebuilt from the stored signatures the first time a store
writes after being opened (see ``docs/store.md``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from math import comb
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # datasketch imports numpy and scipy (about a second): load them on first use
    from datasketch import LeanMinHash

SHINGLE_WORDS = 3
NUM_PERM = 128
THRESHOLD = 0.8
LSH_THRESHOLD = 0.5
SEED = 1
SCHEME = "affine32"  # datasketch >= 2.0; its hash values are uint32
ESTIMATE_RISK = 1e-6  # how unlikely a signature-only decision may be to be wrong

_WORD = re.compile(r"\w+")
_DTYPE = "<u4"  # signatures are stored as little-endian uint32


@dataclass(frozen=True)
class DedupSettings:
    """The parameters a store's signatures and links were made with."""

    threshold: float = THRESHOLD
    lsh_threshold: float = LSH_THRESHOLD
    shingle_words: int = SHINGLE_WORDS
    num_perm: int = NUM_PERM
    seed: int = SEED
    scheme: str = SCHEME

    def __post_init__(self) -> None:
        if self.scheme != SCHEME:
            raise ValueError(f"signatures are stored as {SCHEME} MinHash values, not {self.scheme}")
        if not 0.0 < self.lsh_threshold <= self.threshold <= 1.0:
            raise ValueError("need 0 < lsh_threshold <= threshold <= 1")
        if self.shingle_words < 1 or self.num_perm < 1:
            raise ValueError("shingle_words and num_perm must be 1 or more")


DEFAULT = DedupSettings()


def shingles(text: str, words: int = SHINGLE_WORDS) -> frozenset[str]:
    """The set of ``words``-word shingles of ``text``, lower-cased, punctuation ignored.

    A text shorter than ``words`` words is one shingle; a text without words has none.
    """
    tokens = _WORD.findall(text.casefold())
    if not tokens:
        return frozenset()
    if len(tokens) < words:
        return frozenset([" ".join(tokens)])
    return frozenset(" ".join(tokens[i : i + words]) for i in range(len(tokens) - words + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Exact Jaccard similarity of two shingle sets; 0.0 when either is empty."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def signature(shingle_set: Iterable[str], settings: DedupSettings = DEFAULT) -> bytes:
    """The MinHash signature of a shingle set as bytes (little-endian uint32); b"" if empty."""
    import numpy as np
    from datasketch import MinHash

    items = sorted(shingle_set)
    if not items:
        return b""
    minhash = MinHash(num_perm=settings.num_perm, seed=settings.seed, scheme=settings.scheme)
    minhash.update_batch([item.encode("utf-8") for item in items])
    return np.asarray(minhash.hashvalues).astype(_DTYPE).tobytes()


def minhash(sig: bytes, settings: DedupSettings = DEFAULT) -> LeanMinHash:
    """The (lean, read-only) MinHash a stored signature came from."""
    import numpy as np
    from datasketch import LeanMinHash

    values = np.frombuffer(sig, dtype=_DTYPE).astype(np.uint32)
    return LeanMinHash(seed=settings.seed, hashvalues=values, scheme=settings.scheme)


@lru_cache(maxsize=16)
def estimate_cutoffs(
    threshold: float, num_perm: int, risk: float = ESTIMATE_RISK
) -> tuple[int, int]:
    """``(low, high)``: at most ``low`` equal signature positions settles "not a
    near-duplicate", at least ``high`` settles "near-duplicate"; counts between need
    the exact similarity.

    The number of equal positions of two signatures is Binomial(``num_perm``, J) for
    Jaccard similarity J. ``high`` is the least count that a pair just under the
    threshold reaches with probability at most ``risk``; ``low`` the greatest count
    that a pair at the threshold falls to with probability at most ``risk``
    (``-1`` when there is none).
    """
    pmf = [
        comb(num_perm, k) * threshold**k * (1.0 - threshold) ** (num_perm - k)
        for k in range(num_perm + 1)
    ]
    high, tail = num_perm + 1, 0.0
    for k in range(num_perm, -1, -1):
        tail += pmf[k]
        if tail > risk:
            break
        high = k
    low, tail = -1, 0.0
    for k in range(num_perm + 1):
        tail += pmf[k]
        if tail > risk:
            break
        low = k
    return low, high


def equal_positions(a: bytes, b: bytes) -> int:
    """How many of two signatures' MinHash values are equal (0 if their sizes differ)."""
    import numpy as np

    if len(a) != len(b) or not a:
        return 0
    return int(np.count_nonzero(np.frombuffer(a, _DTYPE) == np.frombuffer(b, _DTYPE)))


class NearDuplicateIndex:
    """An in-memory LSH index from document keys to signatures."""

    def __init__(self, settings: DedupSettings = DEFAULT) -> None:
        from datasketch import MinHashLSH

        self.settings = settings
        self._lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
        self._size = 0
        self._signatures: dict[str, bytes] = {}

    def add(self, key: str, sig: bytes | None) -> None:
        """Index ``key``; a key already indexed or an empty signature is ignored."""
        if not sig or key in self._lsh:
            return
        self._lsh.insert(key, minhash(sig, self.settings))
        self._signatures[key] = bytes(sig)
        self._size += 1

    def signature_of(self, key: str) -> bytes | None:
        """The signature ``key`` was indexed with, if it is indexed."""
        return self._signatures.get(key)

    def candidates(self, sig: bytes | None) -> list[str]:
        """Keys whose signatures share an LSH band with ``sig``, sorted."""
        if not sig or self._size == 0:
            return []
        return sorted(self._lsh.query(minhash(sig, self.settings)))

    def __len__(self) -> int:
        return self._size

    def __contains__(self, key: object) -> bool:
        return key in self._lsh
