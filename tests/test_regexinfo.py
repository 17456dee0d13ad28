"""The conditions read from regular expressions must never hide a match."""

from __future__ import annotations

import re

import pytest

from realpolitik.amounts.lexicon import default_materiel_lexicon
from realpolitik.amounts.materiel import _screen
from realpolitik.regexinfo import first_chars, folded, may_match, required_literals
from realpolitik.when.grammar import grammar


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
    lex = default_materiel_lexicon(())
    screens = _screen(lex)
    for pos in (m.start() for m in re.finditer(r"\b\w", text)):
        every = [f.name for f in lex.families if f.regex.match(text, pos)]
        assert [f.name for f in screens.at(text, pos) if f.regex.match(text, pos)] == every
