"""The temporal grammar: regular expressions built from ``data/calendar.yaml``, each
with the reader that says what its matches mean. Rules are tried all at once; where
matches overlap, the longest wins, then the earlier rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..regexinfo import guarded
from .readers import (
    Handler,
    read_ago,
    read_bare_duration,
    read_century,
    read_clock,
    read_decade,
    read_decade_word,
    read_duration,
    read_holiday,
    read_iso,
    read_month,
    read_month_day,
    read_month_year,
    read_part_of_day,
    read_part_of_unit,
    read_q_notation,
    read_quarter,
    read_reference,
    read_reference_adjective,
    read_relday,
    read_season,
    read_set,
    read_slash,
    read_two_digit_year,
    read_unit_relative,
    read_weekday,
    read_weekend,
    read_year,
    read_year_adjective,
    read_year_range,
)
from .vocabulary import vocabulary


@dataclass(frozen=True)
class Rule:
    """A named regular expression and the reader of its matches."""

    name: str
    pattern: re.Pattern[str]
    read: Handler


def _alt(words: list[str] | tuple[str, ...]) -> str:
    """An alternation of phrases, longest first, any run of spaces, either apostrophe.

    Written as a trie ("ma(?:r(?:ch)?|y)" rather than "march|may|mar"): the regular
    expression engine then tries each first letter once at a position instead of every
    phrase in turn. It matches what the flat alternation with the longest phrases first
    matches, in the same order of preference: phrases that can both match at one position
    are prefixes of each other, and the longer is tried first in both.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for symbol in _symbols(word):
            node = node.setdefault(symbol, {})
        node[_END] = {}
    return _group(trie)


_Trie = dict[str, "_Trie"]
_END = ""


def _symbols(word: str) -> list[str]:
    return [r"\s+" if c == " " else "['’]" if c == "'" else re.escape(c) for c in word]


def _depth(node: _Trie) -> int:
    return max((0 if s == _END else 1 + _depth(child) for s, child in node.items()), default=0)


def _render(node: _Trie) -> str:
    """The alternation below a node: longer continuations first, the end of a phrase last."""
    branches = sorted((s for s in node if s != _END), key=lambda s: -_depth(node[s]))
    parts = [s + _group(node[s]) for s in branches]
    return "|".join(parts)


def _group(node: _Trie) -> str:
    """What follows a symbol: nothing, one continuation, a choice, or an optional choice."""
    ends = _END in node
    body = _render(node)
    if not body:
        return ""
    single = len([s for s in node if s != _END]) == 1
    if ends:
        return f"(?:{body})?"
    return body if single else f"(?:{body})"


@lru_cache(maxsize=1)
def grammar() -> tuple[Rule, ...]:
    """The rules, in order of precedence among matches of equal length.

    Each rule's expression stands behind a look-ahead for the characters its matches start
    with (:func:`~realpolitik.regexinfo.guarded`): the same matches, without trying the
    rule's optional leading words at every position of the text.
    """
    return tuple(
        Rule(name, guarded(re.compile(source, re.IGNORECASE)), read)
        for name, source, read in rule_sources()
    )


def rule_sources() -> list[tuple[str, str, Handler]]:
    """Each rule's name, regular expression (source, matched ignoring case) and reader."""
    v = vocabulary()
    month_full = _alt(v.month_names)
    weekdays = _alt(v.weekdays)
    seasons = _alt(list(v.seasons))
    pods = _alt(list(v.parts_of_day))
    numwords = _alt([w for w in v.numbers if w not in ("a", "an")])
    count = rf"\d+(?:\.\d+)?|(?:{numwords})(?:[\s-](?:{numwords}))?|an?"
    vague = _alt(list(v.vague_quantities))
    unit_words = _alt(list(v.units))
    plurals = _alt(["centuries" if u == "century" else u + "s" for u in v.units])
    unit_plural = rf"(?:{plurals}|{unit_words})"
    refs = _alt(list(v.references))
    holidays = _alt(list(v.holidays))
    ordinal_words = _alt(list(v.ordinals))
    set_adverbs = _alt(list(v.set_adverbs))

    month_abbr = _alt([w for w in v.months if w not in {n.lower() for n in v.month_names}])
    month = rf"(?P<month>\b(?:(?:{month_full})(?![a-z])|(?:{month_abbr})(?![a-z])\.?))"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d%]|[:.,]\d|\s*(?:percent|%))"
    year = r"(?P<year>(?:1[7-9]|20)\d\d)(?![\d%])"
    weekday = rf"(?P<weekday>\b(?:{weekdays})(?![a-z]))"
    lead_weekday = rf"(?:{weekday},?\s+)?"
    approx = (
        r"(?:(?P<approx>about|around|some|nearly|almost|roughly|more\s+than|less\s+than|over"
        r"|at\s+least|up\s+to|under)\s+)?"
    )

    specs: list[tuple[str, str, Handler]] = [
        ("iso", r"(?<![\d-])(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?![\d-])", read_iso),
        (
            "slash",
            r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4}|\d{2})(?![\d/])",
            read_slash,
        ),
        ("month_day", rf"{lead_weekday}{month}\s*{day}(?:(?:,\s*|\s+){year})?", read_month_day),
        (
            "day_month",
            rf"{lead_weekday}(?:the\s+)?\b{day}(?:\s+of)?\s+{month}(?:,?\s+{year})?",
            read_month_day,
        ),
        ("month_year", rf"{month},?\s+(?:of\s+)?{year}", read_month_year),
        (
            "weekday",
            rf"(?:(?:the\s+)?(?P<rel>last|next|this|coming|past|previous|following)\s+)?{weekday}"
            rf"(?:\s+(?P<pod>{pods}))?",
            read_weekday,
        ),
        (
            "relative_day",
            r"\b(?:(?:the\s+)?day\s+(?P<ba>before|after)\s+)?(?P<w>today|yesterday|tomorrow)\b",
            read_relday,
        ),
        (
            "part_of_day",
            rf"\b(?:(?P<rel>this|last|yesterday|tomorrow|early\s+this|late\s+this|later\s+this|earlier\s+this)\s+(?:{pods})\b|tonight\b|overnight\b)",
            read_part_of_day,
        ),
        (
            "clock",
            r"(?<![\w.:])(?:(?P<h>\d{1,2})(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|[ap]\.m\b|[ap]m\b)|\b(?P<named>noon|midnight)\b)"
            r"(?:\s+(?-i:[ECMP][SD]T|GMT|UTC|BST|CET))?",
            read_clock,
        ),
        (
            "unit_relative",
            rf"\b(?:(?P<the>the)\s+)?(?P<rel>last|this|next|coming|current|previous|past|following|upcoming)\s+"
            rf"(?P<unit>day|week|weekend|month|year|quarter|decade|century|{seasons}|{month_full})(?![\w-])",
            read_unit_relative,
        ),
        ("weekend", r"\bthe\s+weekend\b", read_weekend),
        (
            "ago",
            rf"\b{approx}(?P<n>{count}|{vague})[\s-]+(?P<unit>{unit_plural})\s+"
            r"(?P<dir>ago|earlier|before|later|from\s+now|hence)\b",
            read_ago,
        ),
        (
            "duration",
            rf"\b(?:(?P<the>the)\s+)?(?:(?P<rel>past|last|next|coming|first|previous|final|following|latest|initial|remaining)\s+)?"
            rf"{approx}(?P<n>{count}|{vague})[\s-]+(?P<unit>{unit_plural})(?P<old>-old|-long)?(?![\w-])",
            read_duration,
        ),
        (
            "bare_duration",
            r"\b(?:for|over|in|within)\s+(?:the\s+)?(?P<t>(?P<unit>years|months|weeks|days|decades|hours))\b",
            read_bare_duration,
        ),
        (
            "set",
            rf"\b(?:(?:every|each|per)\s+(?:(?P<n>other|\d+|{numwords})\s+)?"
            rf"(?P<unit>{unit_plural}|weekend|morning|evening|night|{weekdays}|{month_full}|{seasons})"
            rf"|(?P<adv>{set_adverbs}))(?![\w-])",
            read_set,
        ),
        (
            "quarter",
            r"\b(?:(?P<the>the)\s+)?(?:(?P<lyear>(?:19|20)\d\d)\s+)?(?:(?:fiscal|calendar)\s+)?"
            r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|next|previous|past|year-ago|year-earlier|this|latter)[\s-]+)?"
            r"(?:(?:fiscal|calendar)\s+)?(?P<unit>quarter|half)(?![\w-])"
            rf"(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?(?:{year}|(?P<yrel>this|last|next)\s+year))?",
            read_quarter,
        ),
        (
            "q_notation",
            r"(?<![\w-])(?:Q(?P<qn>[1-4])|(?P<qn2>[1-4])Q)(?:\s+(?P<year>(?:19|20)\d\d)|\s*['’](?P<yy>\d\d))?(?![\w-])",
            read_q_notation,
        ),
        (
            "part_of_unit",
            r"\b(?:the\s+)?(?P<part>beginning|start|middle|end|close|turn)\s+of\s+"
            r"(?P<det>the|this|last|next)\s+(?P<unit>year|month|week|quarter|decade|century)\b",
            read_part_of_unit,
        ),
        ("year_adjective", r"\b(?P<w>year-earlier|year-ago|year-end)\b", read_year_adjective),
        (
            "year",
            rf"(?:(?<=mid-)|(?<=pre-)|(?<=post-)|(?<![\w$£€.,/-]))"
            rf"(?:(?P<fiscal>fiscal|calendar|FY)\s*(?:year\s+)?)?{year}"
            r"(?![\w]|,\d|\.\d|-\d)",
            read_year,
        ),
        ("two_digit_year", r"(?<![\w'’])['’](?P<yy>\d\d)(?![\w'’%])", read_two_digit_year),
        (
            "year_range",
            rf"(?<![\w$£€.,/-]){year}(?P<sep>\s*[-–—/]\s*|\s+to\s+|\s+through\s+|\s+until\s+)"
            r"(?P<year2>(?:1[7-9]|20)\d\d|\d\d)(?![\w%]|[-/]\d)",
            read_year_range,
        ),
        (
            "decade",
            r"\b(?:(?P<the>the)\s+)?(?:(?P<part>early|mid|late)[\s-]+)?"
            r"(?:(?P<d4>(?:1[7-9]|20)\d)0|['’](?P<d2>\d)0)['’]?s(?![\w])",
            read_decade,
        ),
        (
            "decade_word",
            r"\b(?P<the>the)\s+(?:(?P<part>early|mid|late)[\s-]+)?"
            r"(?:(?P<cent>eighteen|nineteen|twenty)[\s-]?)?(?P<word>"
            + _alt(list(v.decade_words))
            + r")(?![\w])",
            read_decade_word,
        ),
        (
            "century",
            rf"\b(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+)?(?P<n>\d{{1,2}}(?:st|nd|rd|th)|{ordinal_words})[\s-]+century(?![\w])",
            read_century,
        ),
        (
            "season",
            rf"\b(?:(?P<rel>the|this|last|next|early|late|mid|past|coming|previous)[\s-]+)?"
            rf"(?P<season>{seasons})(?![\w-])(?:\s+(?:of\s+)?(?:(?:1[7-9]|20)\d\d\s*[-/]\s*)?{year})?",
            read_season,
        ),
        (
            "month",
            rf"(?:\b(?P<part>early|mid|late)[\s-]+)?{month}"
            r"(?:,?\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year\b)?",
            read_month,
        ),
        (
            "holiday",
            rf"\b(?:(?P<rel>last|next|this|coming)\s+)?(?P<h>{holidays}|thanksgiving(?:\s+day)?)(?![\w])"
            rf"(?:\s+{year})?",
            read_holiday,
        ),
        ("reference", rf"(?<![\w-])(?P<ref>{refs})(?![\w-])", read_reference),
        (
            "reference_adjective",
            r"(?<![\w-])(?P<adj>" + _alt(list(v.reference_adjectives)) + r")(?![\w-])",
            read_reference_adjective,
        ),
    ]
    return specs
