"""The conditions read from regular expressions must never hide a match."""

from __future__ import annotations

import random
import re

import pytest

from realpolitik.amounts.lexicon import default_materiel_lexicon
from realpolitik.amounts.materiel import _screen
from realpolitik.regexinfo import (
    first_char_class,
    first_chars,
    folded,
    guarded,
    may_match,
    required_literals,
)
from realpolitik.when.grammar import _alt, grammar, rule_sources


@pytest.mark.parametrize(
    ("pattern", "flags", "chars"),
    [
        (r"(?:Su|MiG)-\d+", 0, {"s", "m"}),
        (r"\b(?:the\s+)?T-72", re.IGNORECASE, {"t"}),
        (r"(?<![\w-])[A-C]\d", 0, {"a", "b", "c"}),
        (r"\w+X", 0, None),  # any word character: no condition
        (r"(?:abc)?", 0, None),  # can match the empty string
        (r"[^a]bc", 0, None),
        (r"ſtar", re.IGNORECASE, None),  # beyond ASCII: no condition
    ],
)
def test_first_chars(pattern: str, flags: int, chars: set[str] | None) -> None:
    found = first_chars(re.compile(pattern, flags))
    assert found == (frozenset(chars) if chars is not None else None)


@pytest.mark.parametrize(
    ("pattern", "flags", "cls"),
    [
        (r"(?:Su|MiG)-\d+", 0, "[MS]"),
        (r"\b(?:the\s+)?(?:last|next)\s+\d+", re.IGNORECASE, "[lnt]"),
        (r"(?:\d+|one)\s+days?", re.IGNORECASE, "[\\do]"),
        (r"(?<![\w-])[A-C]\d|['’]\d\d", 0, "['A-C’]"),
        (r"[\]^-]x", 0, "[\\-\\]\\^]"),
        (r"(?:abc)?", 0, None),  # can match the empty string
        (r"[^a]bc", 0, None),  # a negated class
        (r".x", 0, None),
        (r"(?i:ab)c", 0, None),  # ignores case inside a case-sensitive pattern
    ],
)
def test_first_char_class(pattern: str, flags: int, cls: str | None) -> None:
    assert first_char_class(re.compile(pattern, flags)) == cls


def test_guarded_keeps_patterns_it_cannot_wrap() -> None:
    for pattern in (re.compile(r"(?i)abc"), re.compile(r"(?:x)?y?"), re.compile(r"[^a]b")):
        assert guarded(pattern) is pattern
    commented = re.compile("abc  # a comment", re.VERBOSE)
    assert guarded(commented).findall("xabc abc") == ["abc", "abc"]


@pytest.mark.parametrize(
    ("pattern", "strings"),
    [
        (r"\b(?:\d+|a few)\s+years?\s+ago\b", {"year"}),  # the longest of "year", "ago"
        (r"\bthe\s+weekend\b", {"weekend"}),
        (r"(?:today|tomorrow|yesterday)", {"today", "tomorrow", "yesterday"}),
        (r"\d{4}", None),
        (r"(?:in|on)\s+\d+", None),  # shorter than three characters: useless
        (r"(?:spring|x\d)", None),  # one branch has no string
    ],
)
def test_required_literals(pattern: str, strings: set[str] | None) -> None:
    need = required_literals(re.compile(pattern, re.IGNORECASE))
    assert need == (frozenset(strings) if strings is not None else None)


def test_folded_gives_up_on_letters_that_match_ascii_only_ignoring_case() -> None:
    assert folded("Talks on Monday") == "talks on monday"
    assert folded("Café talks") == "café talks"
    assert folded("talks on ſunday") is None  # "ſ" matches "s" case-insensitively
    assert may_match(frozenset({"sunday"}), None)
    assert not may_match(frozenset({"sunday"}), "talks on monday")


TEXTS = [
    "Three years ago, on Christmas Day 2019, the talks resumed; by the weekend of 4 July "
    "they had failed. In the 1990s and early this century, quarterly meetings were held "
    "every other Monday morning until Q3 2008.",
    "Das Treffen fand am ſonntag statt; the KELVIN-sign K and the dotless ı are edge cases.",
    "Nothing here but words about nothing in particular.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_skipped_date_rules_have_no_match(text: str) -> None:
    text_folded = folded(text)
    for rule in grammar():
        if not may_match(required_literals(rule.pattern), text_folded):
            assert rule.pattern.search(text) is None, rule.name


@pytest.mark.parametrize(
    "text",
    [
        "The Su-30MK2 and MiG-29 jets, T-72 tanks, a Kalashnikov and Patriot batteries.",
        "Sukhoi and mikoyan fighters; s-300 and S-400 systems; Leopard 2 tanks.",
    ],
)
def test_screened_families_find_what_every_family_finds(text: str) -> None:
    lex = default_materiel_lexicon()
    screens = _screen(lex)
    for pos in (m.start() for m in re.finditer(r"\b\w", text)):
        every = [f.name for f in lex.families if f.regex.match(text, pos)]
        assert [f.name for f in screens.at(text, pos) if f.regex.match(text, pos)] == every


GUARD_TEXTS = [
    *TEXTS,
    "On 12/03/2008, 2008-03-12 and March 12th, at 3 p.m. EST; the '90s; mid-2008; FY2009; "
    "ſunday, ſeptember, \u212aelvin; 1Q 2008 and Q4’08; the day before yesterday; tonight.",
    "",
]


@pytest.mark.parametrize("text", GUARD_TEXTS)
def test_guarded_date_rules_find_what_the_bare_rules_find(text: str) -> None:
    for name, source, _ in rule_sources():
        bare = re.compile(source, re.IGNORECASE)
        fast = guarded(bare)
        assert fast is not bare or first_char_class(bare) is None, name
        found = [(m.span(), m.groupdict()) for m in fast.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in bare.finditer(text)], name


def test_the_grammar_uses_the_guarded_rules() -> None:
    guarded_rules = [r.name for r in grammar() if r.pattern.pattern.startswith("(?=[")]
    assert len(guarded_rules) >= len(grammar()) - 2


def _flat(words: list[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]")
        for w in sorted(words, key=len, reverse=True)
    )


def test_trie_alternation_matches_like_the_flat_one() -> None:
    rng = random.Random(7)
    letters = "abn '"
    for _ in range(300):
        words = sorted(
            {"".join(rng.choice(letters) for _ in range(rng.randint(1, 5))) for _ in range(6)}
        )
        words = [w for w in words if w.strip() == w and w]
        if not words:
            continue
        text = "".join(rng.choice(letters + "x’") for _ in range(40))
        for tail in (r"(?![a-z])", r"\s*b", ""):
            trie = re.compile(f"(?:{_alt(words)}){tail}", re.IGNORECASE)
            flat = re.compile(f"(?:{_flat(words)}){tail}", re.IGNORECASE)
            for pos in range(len(text)):
                got, want = trie.match(text, pos), flat.match(text, pos)
                assert (got and got.span()) == (want and want.span()), (words, text, pos, tail)


def test_trie_alternation_shape() -> None:
    assert _alt(["march", "may", "mar"]) == "ma(?:r(?:ch)?|y)"
    assert _alt(["new year", "o'clock"]) == "(?:new\\s+year|o['’]clock)"
