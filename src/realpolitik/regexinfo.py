"""What a compiled regular expression needs of a text before it can match there.

Two necessary conditions, read from the pattern's parse tree, let a scanner skip work
without changing a single match:

- :func:`first_chars`: the characters a match can start with ("Su-27" or "MiG-29": ``s``
  or ``m``), so that only the patterns that can start at a position are tried there;
- :func:`required_literals`: strings one of which every match contains ("ago"; "weekend";
  a month name), so that a pattern whose strings are all absent from a text is not run
  over it.

Both are conservative: where the tree is too complex to read (a negated class, ``\\w``,
a back-reference, an optional whole), they answer ``None``, "no condition". Comparisons
are on lower-cased ASCII; :func:`folded` gives the text to test ``required_literals``
against, or ``None`` when the text holds a character that case-insensitive matching
equates with an ASCII letter ("ſ" matches "s", the Kelvin sign "k"), where lower-casing
would not tell.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

WIDEST_RANGE = 256  # a character class wider than this counts as "any character"
SHORTEST_LITERAL = 3  # shorter strings are in nearly every text: no use as a condition
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


def _parse(pattern: re.Pattern[str]) -> Any | None:
    try:
        return _parser.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):  # cannot happen for a compiled pattern; be safe
        return None


def _first(items: Any) -> tuple[set[str] | None, bool]:
    """(lower-cased first characters or None for any, whether the sequence can be empty)."""
    chars: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # the next item decides
        if op is _c.LITERAL:
            chars.add(chr(av).lower())
            return chars, False
        if op is _c.IN:
            for kind, value in av:
                if kind is _c.LITERAL:
                    chars.add(chr(value).lower())
                elif kind is _c.RANGE and value[1] - value[0] <= WIDEST_RANGE:
                    chars.update(chr(x).lower() for x in range(value[0], value[1] + 1))
                else:  # a negated class, \w, \d ...
                    return None, False
            return chars, False
        if op is _c.SUBPATTERN:
            inner, nullable = _first(av[3])
        elif op is _c.BRANCH:
            inner, nullable = set(), False
            for branch in av[1]:
                found, empty = _first(branch)
                if found is None:
                    return None, False
                inner |= found
                nullable = nullable or empty
        elif op in _REPEATS:
            inner, nullable = _first(av[2])
            nullable = nullable or av[0] == 0
        else:  # ANY, a group reference, a conditional ...
            return None, False
        if inner is None:
            return None, False
        chars |= inner
        if not nullable:
            return chars, False
    return chars, True


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The lower-cased ASCII characters a match can start with, or ``None`` (any)."""
    parsed = _parse(pattern)
    if parsed is None:
        return None
    chars, nullable = _first(parsed)
    if chars is None or nullable or any(not ch.isascii() for ch in chars):
        return None  # beyond ASCII, case folding has surprises
    return frozenset(chars)


def _required(items: Any) -> frozenset[str] | None:
    """The most selective requirement of a sequence: strings one of which must occur."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        flush()
        if op in _ZERO_WIDTH:
            continue
        need: frozenset[str] | None = None
        if op is _c.SUBPATTERN:
            need = _required(av[3])
        elif op is _c.BRANCH:
            options = [_required(branch) for branch in av[1]]
            if all(o is not None for o in options):
                need = frozenset().union(*(o for o in options if o is not None))
        elif op in _REPEATS and av[0] >= 1:
            need = _required(av[2])
        if need is not None:
            found.append(need)
    flush()
    if not found:
        return None
    return max(found, key=lambda strings: min(len(s) for s in strings))


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-cased strings one of which every match contains, or ``None`` (no condition)."""
    parsed = _parse(pattern)
    need = _required(parsed) if parsed is not None else None
    if need is None or min(len(s) for s in need) < SHORTEST_LITERAL:
        return None
    return need


@lru_cache(maxsize=1)
def _ascii_lookalikes() -> re.Pattern[str]:
    """Characters beyond ASCII that match an ASCII letter case-insensitively ("İıſK").

    Searched in the Basic Multilingual Plane: no character beyond it has an ASCII case
    partner."""
    every = "".join(chr(c) for c in range(128, 0x10000) if not 0xD800 <= c < 0xE000)
    found = sorted(set(re.findall("[a-z]", every, re.IGNORECASE)))
    return re.compile("[" + "".join(re.escape(ch) for ch in found) + "]")


def folded(text: str) -> str | None:
    """``text`` lower-cased, to test :func:`required_literals` against; ``None`` when a
    character in it matches an ASCII letter only case-insensitively (then test nothing)."""
    if not text.isascii() and _ascii_lookalikes().search(text):
        return None
    return text.lower()


def may_match(need: frozenset[str] | None, text_folded: str | None) -> bool:
    """Whether a pattern with requirement ``need`` can match the folded text."""
    if need is None or text_folded is None:
        return True
    return any(s in text_folded for s in need)
