"""What a compiled regular expression needs of a text before it can match there.

Two necessary conditions, read from the pattern's parse tree, let a scanner skip work
without changing a single match:

- :func:`first_chars`: the characters a match can start with ("Su-27" or "MiG-29": ``s``
  or ``m``), so that only the patterns that can start at a position are tried there
  (:func:`first_char_class` gives them as a character class, and :func:`guarded` puts
  that class in front of a pattern as a look-ahead);
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
from collections.abc import Callable
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


# What the first character of a match can be, read from a LITERAL or IN node: a set of
# items (characters, or pieces of a character class), or None when it cannot be told.
_Leaf = Callable[[Any, Any], "set[str] | None"]


def _first(items: Any, leaf: _Leaf) -> tuple[set[str] | None, bool]:
    """(what a sequence's first character can be, or None for anything; whether the
    sequence can be empty)."""
    found: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # the next item decides
        if op is _c.LITERAL or op is _c.IN:
            here = leaf(op, av)
            return (None if here is None else found | here), False
        if op is _c.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return None, False  # "(?i:...)" inside a case-sensitive pattern
            inner, nullable = _first(av[3], leaf)
        elif op is _c.BRANCH:
            inner, nullable = set(), False
            for branch in av[1]:
                here, empty = _first(branch, leaf)
                if here is None:
                    return None, False
                inner |= here
                nullable = nullable or empty
        elif op in _REPEATS:
            inner, nullable = _first(av[2], leaf)
            nullable = nullable or av[0] == 0
        else:  # ANY, a group reference, a conditional ...
            return None, False
        if inner is None:
            return None, False
        found |= inner
        if not nullable:
            return found, False
    return found, True


def _lowered_chars(op: Any, av: Any) -> set[str] | None:
    if op is _c.LITERAL:
        return {chr(av).lower()}
    chars: set[str] = set()
    for kind, value in av:
        if kind is _c.LITERAL:
            chars.add(chr(value).lower())
        elif kind is _c.RANGE and value[1] - value[0] <= WIDEST_RANGE:
            chars.update(chr(x).lower() for x in range(value[0], value[1] + 1))
        else:  # a negated class, \w, \d ...
            return None
    return chars


_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}


def _class_items(op: Any, av: Any) -> set[str] | None:
    if op is _c.LITERAL:
        return {re.escape(chr(av))}
    items: set[str] = set()
    for kind, value in av:
        if kind is _c.LITERAL:
            items.add(re.escape(chr(value)))
        elif kind is _c.RANGE:
            items.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif kind is _c.CATEGORY and value in _CATEGORIES:
            items.add(_CATEGORIES[value])
        else:  # a negated class ...
            return None
    return items


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The lower-cased ASCII characters a match can start with, or ``None`` (any)."""
    parsed = _parse(pattern)
    if parsed is None:
        return None
    chars, nullable = _first(parsed, _lowered_chars)
    if chars is None or nullable or any(not ch.isascii() for ch in chars):
        return None  # beyond ASCII, case folding has surprises
    return frozenset(chars)


def first_char_class(pattern: re.Pattern[str]) -> str | None:
    """A character class, as pattern source, that holds the first character of every match
    (compiled with the pattern's flags), or ``None`` when the pattern does not tell."""
    parsed = _parse(pattern)
    if parsed is None:
        return None
    items, nullable = _first(parsed, _class_items)
    if items is None or nullable:
        return None
    return "[" + "".join(sorted(items)) + "]"


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a look-ahead for its first character: the same matches, with the
    same groups, found sooner.

    The engine tries a pattern at every position of a text; one that opens with optional
    words and alternatives ("(the )?(last|next)? Monday") does real work at each, while a
    failing look-ahead costs one test. A pattern that does not tell its first character,
    or whose source cannot be wrapped (global inline flags), is returned as it is.
    """
    cls = first_char_class(pattern)
    if cls is None:
        return pattern
    close = "\n)" if pattern.flags & re.VERBOSE else ")"  # a trailing comment stays closed
    try:
        return re.compile(f"(?={cls})(?:{pattern.pattern}{close}", pattern.flags)
    except re.error:
        return pattern


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
