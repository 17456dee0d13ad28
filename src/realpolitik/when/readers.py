"""What each grammar rule's match means: one reader per rule, from match to value.

A reader gets the regular-expression match and a :class:`Context` (the text, its
parse, the article date) and returns a :class:`Reading`, or ``None`` when the parse
says the words are not a temporal expression here ("Russia may sign").

Why one module of about 780 lines: it is a table, one small reader per rule of the
grammar in ``grammar.py``, and a reader is easiest to find beside the others.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from ..nlp.view import view
from . import calendar as cal
from .calendar import Direction
from .tense import scheduled_present, timex_tense
from .vocabulary import Vocabulary

# TimeML modifiers used here; AS_OF is TimeML's ON_OR_BEFORE ("by 2007").
AS_OF = "ON_OR_BEFORE"
START, MID, END, APPROX = "START", "MID", "END", "APPROX"
BEFORE, AFTER = "BEFORE", "AFTER"

# spaCy entity labels under which a month or year word is a name or a count, not a date.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "GPE", "NORP", "LAW", "LOC"}
)
COUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY"})


@dataclass(frozen=True)
class Anchor:
    """A shift of the date the text last mentioned: "two days later" is ``("day", 2)``.

    ``coarsen`` cuts the result to the unit ("the following year" after "July 2, 2008"
    is ``2009``); otherwise the mentioned date keeps its granularity ("a year earlier"
    after "the third quarter" is the third quarter a year before).
    """

    unit: str  # day, week, month, quarter, year, or weekday0..weekday6
    steps: int
    coarsen: bool = False


@dataclass(frozen=True)
class Reading:
    """What one match means."""

    type: str  # DATE | TIME | DURATION | SET
    value: str | None
    precision: str | None
    mod: str | None = None
    # A month (and day) read without a year, so an interval can lend it one.
    month_day: tuple[int, int | None] | None = None
    # "two days later", "the following year": a shift (unit, steps) of the date the
    # text last mentioned; the value above is the fallback when there is none.
    anchor: Anchor | None = None


@dataclass
class Context:
    """The text, its parse and the article date, with the checks rules ask about."""

    doc: Any
    text: str
    article: date | None
    vocab: Vocabulary
    _starts: list[int] = field(default_factory=list)
    _ents: list[tuple[int, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [t.idx for t in view(self.doc).tokens]
        self._ents = [(e.start_char, e.end_char, e.label_) for e in view(self.doc).ents]

    def token_at(self, char: int) -> Any | None:
        i = bisect.bisect_right(self._starts, char) - 1
        if i < 0:
            return None
        token = self.doc[i]
        return token if char < token.idx + len(token.text) else None

    def labels_over(self, start: int, end: int) -> set[str]:
        return {label for s, e, label in self._ents if s < end and start < e}

    def word_before(self, start: int) -> str:
        m = re.search(r"([\w'’-]+|[-–,])\s*$", self.text[max(0, start - 40) : start])
        return m.group(1).lower() if m else ""

    def direction(self, start: int, end: int) -> Direction:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return "past"
        return timex_tense(span.root, self.vocab)

    def scheduled(self, start: int, end: int) -> bool:
        """Whether the timex at these offsets dates a timetable in the simple present
        (:func:`~.tense.scheduled_present`)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and len(span) > 0 and scheduled_present(span.root, self.vocab)


Handler = Callable[[re.Match[str], Context], Reading | None]


# --------------------------------------------------------------------------- helpers


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _number(text: str, vocab: Vocabulary) -> float | None:
    """A count written in digits or words ("3", "three", "twenty-five", "a couple of")."""
    text = re.sub(r"\s+", " ", text.lower().strip())
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text in vocab.numbers:
        return float(vocab.numbers[text])
    parts = re.split(r"[\s-]+", text)
    if len(parts) == 2 and all(p in vocab.numbers for p in parts):
        return float(vocab.numbers[parts[0]] + vocab.numbers[parts[1]])
    return None


def _fmt_count(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _unit_key(word: str) -> str:
    word = word.lower()
    if word == "centuries":
        return "century"
    return word[:-1] if word.endswith("s") and word[:-1] else word


def _relative(ctx: Context, make: Callable[[date], Reading]) -> Reading:
    """A reading that needs the article date; ``None`` as value when there is none."""
    if ctx.article is None:
        probe = make(date(2000, 1, 3))
        return replace(probe, value=None)
    return make(ctx.article)


def _day(d: date | None, type_: str = "DATE") -> Reading | None:
    return Reading(type_, cal.day_value(d), "day") if d is not None else None


def _two_digit_year(yy: int, article: date | None) -> int:
    if article is not None:
        century = article.year // 100 * 100
        return century + yy if century + yy <= article.year + 1 else century - 100 + yy
    return 1900 + yy if yy > 30 else 2000 + yy


def read_iso(m: re.Match[str], ctx: Context) -> Reading | None:
    d = cal.safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
    return _day(d)


def read_slash(m: re.Match[str], ctx: Context) -> Reading | None:
    a, b = int(m["a"]), int(m["b"])
    year = int(m["year"])
    if year < 100:
        year = _two_digit_year(year, ctx.article)
    month, day = (b, a) if a > 12 else (a, b)  # month first, as in US wire copy
    return _day(cal.safe_date(year, month, day))


def _month_number(word: str, ctx: Context) -> int | None:
    key = word.lower().rstrip(".")
    if not _capitalised(word):
        return None
    return ctx.vocab.months.get(key)


def read_month_day(m: re.Match[str], ctx: Context) -> Reading | None:
    month = _month_number(m["month"], ctx)
    day = int(m["day"])
    if month is None or not 1 <= day <= 31:
        return None
    if m["weekday"] and not _capitalised(m["weekday"]):
        return None
    if m["year"]:
        return _day(cal.safe_date(int(m["year"]), month, day))
    if cal.safe_date(2000, month, day) is None:
        return None
    direction = ctx.direction(m.start(), m.end())

    def make(article: date) -> Reading:
        d = cal.resolve_day_month(month, day, article, direction)
        value = cal.day_value(d) if d else None
        return Reading("DATE", value, "day", month_day=(month, day))

    return _relative(ctx, make)


def read_month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    month = _month_number(m["month"], ctx)
    if month is None:
        return None
    return Reading("DATE", cal.month_value(int(m["year"]), month), "month")


def read_weekday(m: re.Match[str], ctx: Context) -> Reading | None:
    word = m["weekday"]
    if not _capitalised(word):
        return None
    weekday = [w.lower() for w in ctx.vocab.weekdays].index(word.lower())
    rel = (m["rel"] or "").lower()
    direction = ctx.direction(m.start(), m.end())
    if not rel and direction == "present" and ctx.scheduled(m.start(), m.end()):
        direction = "future"  # "Arafat meets Albright Monday": the coming Monday
    anchor = None
    if rel in ("previous", "following"):
        anchor = Anchor(f"weekday{weekday}", -1 if rel == "previous" else 1)

    def make(article: date) -> Reading:
        if rel in ("last", "past", "previous"):
            d = cal.resolve_weekday(weekday, article, "past", strict=True)
        elif rel in ("next", "coming", "following"):
            d = cal.resolve_weekday(weekday, article, "future", strict=True)
        elif rel == "this":
            d = cal.weekday_this_week(weekday, article)
        else:
            d = cal.resolve_weekday(weekday, article, direction)
        return Reading("DATE", cal.day_value(d), "day", anchor=anchor)

    return _relative(ctx, make)


def read_relday(m: re.Match[str], ctx: Context) -> Reading | None:
    word = m["w"].lower()
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[word]
    if m["ba"]:
        offset += -1 if m["ba"].lower() == "before" else 1
    return _relative(ctx, lambda a: Reading("DATE", cal.day_value(a + timedelta(offset)), "day"))


def read_part_of_day(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = (m["rel"] or "").lower().split()[-1:] or [""]
    offset = {"last": -1, "yesterday": -1, "tomorrow": 1}.get(rel[0], 0)
    return _relative(ctx, lambda a: Reading("TIME", cal.day_value(a + timedelta(offset)), "day"))


def read_clock(m: re.Match[str], ctx: Context) -> Reading | None:
    if m["h"] is not None and not 1 <= int(m["h"]) <= 12:
        return None
    return _relative(ctx, lambda a: Reading("TIME", cal.day_value(a), "day"))


def read_unit_relative(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    vocab = ctx.vocab
    back = rel in ("last", "previous", "past")
    ahead = rel in ("next", "coming", "following", "upcoming")
    shift = -1 if back else 1 if ahead else 0
    month = vocab.months.get(unit)
    season = vocab.seasons.get(unit)
    if month is not None:
        if not _capitalised(m["unit"]):
            return None

        def make_month(a: date) -> Reading:
            # "last February" said in March is a year before: the month just ended
            # is "last month" or "in February", not "last February".
            year = a.year
            if back and month >= a.month - 1:
                year -= 1
            elif ahead and month <= a.month:
                year += 1
            return Reading("DATE", cal.month_value(year, month), "month")

        return _relative(ctx, make_month)
    if season is not None:

        def make_season(a: date) -> Reading:
            if shift == 0:
                year = cal.resolve_season(season, a, "past")
                if a.month < cal.SEASON_START[season] and not (season == "WI" and a.month <= 2):
                    year = a.year  # "this summer" said in spring: the coming one
            else:
                year = cal.resolve_season(season, a, "past" if back else "future", strict=True)
            return Reading("DATE", cal.season_value(year, season), "range")

        return _relative(ctx, make_season)
    if (m["the"] and rel in ("last", "past")) or rel == "past":
        info = vocab.units.get(unit)
        if info is None:
            return None
        count = info.times
        letter = "W" if unit == "weekend" else info.letter
        return Reading("DURATION", f"P{count}{letter}", None)

    # "the following year", "the previous week", "the next day": after the date the
    # text last mentioned, not after the article's.
    anchored = rel in ("following", "previous") or (unit == "day" and bool(m["the"]))
    anchor = Anchor(unit, shift, coarsen=True) if anchored else None
    if unit == "day" and not anchored:
        return None  # "next day delivery"

    def make(a: date) -> Reading:
        return replace(_unit_shift(a, unit, shift), anchor=anchor)

    return _relative(ctx, make)


def _unit_shift(a: date, unit: str, shift: int, mod: str | None = None) -> Reading:
    """The calendar unit ``shift`` units away from the one holding day ``a``."""
    if unit == "day":
        return Reading("DATE", cal.day_value(a + timedelta(days=shift)), "day", mod)
    if unit == "week":
        return Reading("DATE", cal.week_value(a + timedelta(weeks=shift)), "week", mod)
    if unit == "weekend":
        return Reading("DATE", cal.weekend_value(a + timedelta(weeks=shift)), "range", mod)
    if unit == "month":
        y, mo = cal.shift_month(a.year, a.month, shift)
        return Reading("DATE", cal.month_value(y, mo), "month", mod)
    if unit == "quarter":
        y, q = cal.shift_quarter(*cal.quarter_of(a), shift)
        return Reading("DATE", cal.quarter_value(y, q), "range", mod)
    if unit == "decade":
        return Reading("DATE", cal.decade_value(a.year // 10 * 10 + 10 * shift), "decade", mod)
    if unit == "century":
        return Reading("DATE", cal.century_value(a.year // 100 + 1 + shift), "range", mod)
    return Reading("DATE", cal.year_value(a.year + shift), "year", mod)


def read_weekend(m: re.Match[str], ctx: Context) -> Reading | None:
    direction = ctx.direction(m.start(), m.end())

    def make(a: date) -> Reading:
        on_weekend = a.weekday() >= 5
        shift = 0 if on_weekend or direction == "future" else -1
        return _unit_shift(a, "weekend", shift)

    return _relative(ctx, make)


def read_ago(m: re.Match[str], ctx: Context) -> Reading | None:
    direction = m["dir"].lower()
    if direction == "before" and not re.match(r"\s*(?:[.,;:)]|$)", ctx.text[m.end() :]):
        return None  # "two years before the election": anchored to the election
    unit = _unit_key(m["unit"])
    info = ctx.vocab.units.get(unit)
    if info is None:
        return None
    mod = _approx_mod(m["approx"])
    sign = 1 if direction in ("from now", "hence", "later") else -1
    n = _number(m["n"], ctx.vocab)
    if n is None:
        ref = "FUTURE_REF" if sign > 0 else "PAST_REF"
        return Reading("DATE", ref, None, mod)
    if info.clock:
        return _relative(ctx, lambda a: Reading("TIME", cal.day_value(a), "day", mod))
    count = int(n) * sign * (2 if unit == "fortnight" else 1)
    unit = "week" if unit == "fortnight" else unit
    # "ago" counts from the article date; "earlier", "later", "before" from the date
    # the text last mentioned (the article date, for "earlier", when there is none).
    anchor = None
    if direction in ("earlier", "before", "later"):
        years = {"decade": 10, "century": 100}.get(unit)
        anchor = Anchor("year", count * years) if years else Anchor(unit, count)
    if direction == "later":
        return Reading("DATE", None, None, mod, anchor=anchor)
    return _relative(ctx, lambda a: replace(_unit_shift(a, unit, count, mod), anchor=anchor))


def _approx_mod(word: str | None) -> str | None:
    if not word:
        return None
    word = re.sub(r"\s+", " ", word.lower())
    if word in ("more than", "over", "at least"):
        return "MORE_THAN"
    if word in ("less than", "up to", "under"):
        return "LESS_THAN"
    return APPROX


def _duration_value(n: float | None, unit: str, ctx: Context) -> str | None:
    info = ctx.vocab.units.get(unit)
    if info is None:
        return None
    letter = "W" if unit == "fortnight" else info.letter
    prefix = "PT" if info.clock else "P"
    if n is None:
        return f"{prefix}X{letter}"
    return f"{prefix}{_fmt_count(n * info.times)}{letter}"


def read_duration(m: re.Match[str], ctx: Context) -> Reading | None:
    if m["old"] and m["old"].lower().endswith("old"):
        return None  # an age: "a 6-year-old boy"
    raw_unit = m["unit"].lower()
    unit = _unit_key(raw_unit)
    n_text = m["n"].lower()
    if unit in ("second", "quarter") and raw_unit == unit:
        return None  # "a second term", "a quarter of the vote"
    n = _number(n_text, ctx.vocab)
    if n is None and n_text not in ctx.vocab.vague_quantities:
        return None
    if n_text in ("a", "an") and not m["rel"] and not m["the"]:
        before = ctx.word_before(m.start())
        if before in ctx.vocab.rate_words or re.fullmatch(r"[\d.,$%]+", before or "x"):
            return Reading("SET", _duration_value(1, unit, ctx), None)
    return Reading("DURATION", _duration_value(n, unit, ctx), None, _approx_mod(m["approx"]))


def read_bare_duration(m: re.Match[str], ctx: Context) -> Reading | None:
    return Reading("DURATION", _duration_value(None, _unit_key(m["unit"]), ctx), None)


def read_set(m: re.Match[str], ctx: Context) -> Reading | None:
    vocab = ctx.vocab
    if m["adv"]:
        letter = vocab.set_adverbs[m["adv"].lower()]
        return Reading("SET", letter, None)
    unit = m["unit"].lower()
    unit_key = unit[:-1] if unit.endswith("s") and unit[:-1] in vocab.units else unit
    n = 1.0
    if m["n"]:
        n = 2.0 if m["n"].lower() == "other" else (_number(m["n"], vocab) or 1.0)
    if unit_key in [w.lower() for w in vocab.weekdays]:
        index = [w.lower() for w in vocab.weekdays].index(unit_key)
        return Reading("SET", f"XXXX-WXX-{index + 1}", None)
    if unit_key in vocab.months:
        return Reading("SET", f"XXXX-{vocab.months[unit_key]:02d}", None)
    if unit_key in vocab.seasons:
        return Reading("SET", f"XXXX-{vocab.seasons[unit_key]}", None)
    if unit_key in vocab.parts_of_day:
        return Reading("SET", f"XXXX-XX-XXT{vocab.parts_of_day[unit_key]}", None)
    if unit_key == "weekend":
        return Reading("SET", "XXXX-WXX-WE", None)
    return Reading("SET", _duration_value(n, unit_key, ctx), None)


def _ordinal(word: str, vocab: Vocabulary) -> int | None:
    """ "third", "3rd", "final" (of quarters and halves) as a number."""
    if word == "final":
        return 4
    digits = re.match(r"(\d+)(?:st|nd|rd|th)$", word)
    return int(digits.group(1)) if digits else vocab.ordinals.get(word)


def read_quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = m["unit"].lower()
    ordinal = (m["ord"] or "").lower()
    if not ordinal and not m["the"]:
        return None
    number = _ordinal(ordinal, ctx.vocab)
    if unit == "half":
        if ordinal == "latter":
            number = 2
        if number not in (1, 2):
            return None  # "half of the vote"
    elif number is not None and number > 4:
        return None
    year_text = m["year"] or m["lyear"]
    explicit_year: int | None = int(year_text) if year_text else None
    yrel = (m["yrel"] or "").lower()
    value_of = cal.quarter_value if unit == "quarter" else cal.half_value
    if explicit_year is not None and number is not None:
        return Reading("DATE", value_of(explicit_year, number), "range")

    def current(a: date) -> tuple[int, int]:
        if unit == "quarter":
            return cal.quarter_of(a)
        return a.year, 1 if a.month <= 6 else 2

    def shifted(y: int, n: int, by: int) -> tuple[int, int]:
        if unit == "quarter":
            return cal.shift_quarter(y, n, by)
        index = y * 2 + (n - 1) + by
        return index // 2, index % 2 + 1

    def make(a: date) -> Reading:
        year, now = current(a)
        if number is not None:
            # Without a year, the latest such quarter (half) that has begun: company
            # reports speak of the quarter just closed, whatever the tense.
            if yrel:
                year = a.year + {"this": 0, "last": -1, "next": 1}[yrel]
            else:
                year = year - 1 if number > now else year
            return Reading("DATE", value_of(year, number), "range")
        if ordinal in ("this", "current"):
            return Reading("DATE", value_of(year, now), "range")
        if ordinal == "next":
            return Reading("DATE", value_of(*shifted(year, now, 1)), "range")
        # "the quarter", "the latest quarter", "last quarter": the last one completed.
        y, n = shifted(year, now, -1)
        if ordinal in ("year-ago", "year-earlier"):
            y -= 1
        return Reading("DATE", value_of(y, n), "range")

    return _relative(ctx, make)


def read_q_notation(m: re.Match[str], ctx: Context) -> Reading | None:
    quarter = int(m["qn"] or m["qn2"])
    if m["year"]:
        return Reading("DATE", cal.quarter_value(int(m["year"]), quarter), "range")
    if m["yy"]:
        year = _two_digit_year(int(m["yy"]), ctx.article)
        return Reading("DATE", cal.quarter_value(year, quarter), "range")
    direction = ctx.direction(m.start(), m.end())
    return _relative(
        ctx,
        lambda a: Reading(
            "DATE", cal.quarter_value(*cal.resolve_quarter(quarter, a, direction)), "range"
        ),
    )


def read_part_of_unit(m: re.Match[str], ctx: Context) -> Reading | None:
    part = m["part"].lower()
    mod = {
        "beginning": START,
        "start": START,
        "middle": MID,
        "end": END,
        "close": END,
        "turn": END,
    }[part]
    unit = m["unit"].lower()
    shift = {"this": 0, "the": 0, "last": -1, "next": 1}[(m["det"] or "the").lower()]
    return _relative(ctx, lambda a: _unit_shift(a, unit, shift, mod))


def read_year_adjective(m: re.Match[str], ctx: Context) -> Reading | None:
    word = m["w"].lower()
    if word == "year-end":
        return _relative(ctx, lambda a: Reading("DATE", cal.year_value(a.year), "year", END))
    return _relative(ctx, lambda a: Reading("DATE", cal.year_value(a.year - 1), "year"))


def _year_context_ok(start: int, end: int, ctx: Context, *, strong: bool = False) -> bool:
    """Whether a four-digit number is a year here, not a count or a measure."""
    labels = ctx.labels_over(start, end)
    if labels & COUNT_LABELS:
        return False
    before = ctx.word_before(start)
    after = re.match(r"\s*([\w%'’]+)", ctx.text[end:])
    next_word = after.group(1).lower() if after else ""
    if next_word in ctx.vocab.measure_words:
        return False
    preposition = before.rstrip("-") in ctx.vocab.temporal_prepositions
    if preposition and before != "the":
        return True
    token = ctx.token_at(start)
    nxt = token.nbor() if token is not None and token.i + 1 < len(token.doc) else None
    counted = (
        nxt is not None
        and token is not None
        and nxt.tag_ in ("NNS", "NNPS")
        and token.head.i == nxt.i
        and token.dep_ in ("nummod", "compound")
    )
    if counted and before != "the":
        return False  # "2000 troops"
    if "CARDINAL" in labels:
        return strong
    if before == "the" or next_word in ("'s", "’s"):
        return True
    return strong or "DATE" in labels


def read_year(m: re.Match[str], ctx: Context) -> Reading | None:
    year = int(m["year"])
    start, end = m.span("year")
    if not m["fiscal"] and not _year_context_ok(start, end, ctx):
        return None
    return Reading("DATE", cal.year_value(year), "year")


def read_two_digit_year(m: re.Match[str], ctx: Context) -> Reading | None:
    if ctx.word_before(m.start()) not in ctx.vocab.temporal_prepositions:
        return None
    if ctx.article is None:
        return Reading("DATE", None, "year")
    return Reading("DATE", cal.year_value(_two_digit_year(int(m["yy"]), ctx.article)), "year")


def read_year_range(m: re.Match[str], ctx: Context) -> Reading | None:
    first = int(m["year"])
    second_text = m["year2"]
    second = int(second_text)
    if len(second_text) == 2:
        second = first // 100 * 100 + second
        if second <= first:
            second += 100
    if not first < second <= first + 50:
        return None
    if not _year_context_ok(m.start(), m.end(), ctx, strong=m["sep"].strip() in "-–—/"):
        return None
    return Reading("DATE", f"{cal.year_value(first)}/{cal.year_value(second)}", "range")


def _part_mod(part: str | None) -> str | None:
    if not part:
        return None
    return {"early": START, "mid": MID, "late": END}.get(part.lower().rstrip("-"))


def read_decade(m: re.Match[str], ctx: Context) -> Reading | None:
    mod = _part_mod(m["part"])
    if m["d4"]:
        return Reading("DATE", cal.decade_value(int(m["d4"]) * 10), "decade", mod)
    digit = int(m["d2"])

    def make(a: date) -> Reading:
        century = a.year // 100 * 100
        start = century + digit * 10
        if start > a.year:
            start -= 100
        return Reading("DATE", cal.decade_value(start), "decade", mod)

    return _relative(ctx, make)


def read_decade_word(m: re.Match[str], ctx: Context) -> Reading | None:
    if ctx.word_before(m.start()) in ("his", "her", "their", "its", "our", "my", "your"):
        return None  # "in his sixties": an age
    digit = ctx.vocab.decade_words[m["word"].lower()]
    mod = _part_mod(m["part"])
    if m["cent"]:
        century = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}[m["cent"].lower()]
        return Reading("DATE", cal.decade_value(century + digit * 10), "decade", mod)

    def make(a: date) -> Reading:
        start = a.year // 100 * 100 + digit * 10
        if start > a.year:
            start -= 100
        return Reading("DATE", cal.decade_value(start), "decade", mod)

    return _relative(ctx, make)


def read_century(m: re.Match[str], ctx: Context) -> Reading | None:
    text = m["n"].lower()
    digits = re.match(r"\d+", text)
    number = int(digits.group()) if digits else ctx.vocab.ordinals.get(text)
    if not number or number > 21:
        return None
    return Reading("DATE", cal.century_value(number), "range", _part_mod(m["part"]))


def read_season(m: re.Match[str], ctx: Context) -> Reading | None:
    word = m["season"].lower()
    code = ctx.vocab.seasons[word]
    rel = (m["rel"] or "").lower()
    mod = _part_mod(rel)
    if (
        not rel
        and not m["year"]
        and ctx.word_before(m.start()) not in ctx.vocab.season_prepositions
    ):
        return None  # "spring" alone: a season only after "in", "during", "since", ...
    token = ctx.token_at(m.start("season"))
    if token is not None and token.pos_ in ("VERB", "AUX"):
        return None  # "prices fall"
    if m["year"]:
        year = int(m["year"])
        if code == "WI" and re.search(r"\d\s*[-/]\s*\d", m.group()):
            year -= 1
        return Reading("DATE", cal.season_value(year, code), "range", mod)
    direction = ctx.direction(m.start(), m.end())

    def make(a: date) -> Reading:
        if rel in ("last", "past", "previous"):
            year = cal.resolve_season(code, a, "past", strict=True)
        elif rel in ("next", "coming"):
            year = cal.resolve_season(code, a, "future", strict=True)
        elif rel == "this" or direction == "future":
            year = cal.resolve_season(code, a, direction)
            if direction == "past" and a.month < cal.SEASON_START[code] and code != "WI":
                year = a.year
        else:
            year = cal.resolve_season(code, a, "past")
        return Reading("DATE", cal.season_value(year, code), "range", mod)

    return _relative(ctx, make)


def _month_word_ok(m: re.Match[str], ctx: Context, word: str, start: int) -> bool:
    """A month name alone ("in May") is a date only where nothing says otherwise."""
    key = word.lower().rstrip(".")
    if not _capitalised(word) or (
        len(key) <= 4 and key not in ("may", "june", "july") and not word.endswith(".")
    ):
        return False  # "Jan", "Mar", "Dec" without a period: names more often than months
    if ctx.labels_over(start, start + len(word)) & NAME_LABELS:
        return False
    token = ctx.token_at(start)
    if token is None:
        return False
    if token.tag_ == "MD" or token.pos_ in ("VERB", "AUX"):
        return False
    before = ctx.word_before(m.start())
    nxt = token.nbor() if token.i + 1 < len(token.doc) else None
    named = nxt is not None and nxt.pos_ == "PROPN" and token.dep_ == "compound"
    if named and nxt.lower_ not in ctx.vocab.months:
        return False  # "April Glaspie"
    if key not in ctx.vocab.ambiguous_months:
        return True
    if before in ctx.vocab.temporal_prepositions and before != "the":
        return True
    if before == "the" and token.dep_ in ("compound", "nmod", "amod", "npadvmod"):
        return True  # "the March accession"
    if re.match(r"\s*(?:and|or|to|through|-|–)\s+[A-Z][a-z]+", ctx.text[m.end() :]):
        return True  # "March and April"
    return bool(m["part"])


def read_month(m: re.Match[str], ctx: Context) -> Reading | None:
    word = m["month"]
    start = m.start("month")
    if not _month_word_ok(m, ctx, word, start):
        return None
    month = ctx.vocab.months[word.lower().rstrip(".")]
    mod = _part_mod(m["part"])
    direction = ctx.direction(m.start(), m.end())

    yrel = (m["yrel"] or "").lower()

    def make(a: date) -> Reading:
        if yrel:  # "October this year", "March of last year"
            y = a.year + {"this": 0, "last": -1, "next": 1}[yrel]
            return Reading("DATE", cal.month_value(y, month), "month", mod)
        y, mo = cal.resolve_month(month, a, direction)
        return Reading("DATE", cal.month_value(y, mo), "month", mod, month_day=(month, None))

    return _relative(ctx, make)


def read_holiday(m: re.Match[str], ctx: Context) -> Reading | None:
    name = re.sub(r"\s+", " ", m["h"].lower().replace("’", "'"))
    if not _capitalised(m["h"]):
        return None
    rel = (m["rel"] or "").lower()
    direction: Direction = "future" if rel in ("next", "coming") else "past"
    if not rel:
        direction = ctx.direction(m.start(), m.end())

    def on(year: int) -> date:
        if name.startswith("thanksgiving"):
            first = date(year, 11, 1)
            return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
        month, day = ctx.vocab.holidays[name]
        return date(year, month, day)

    if m["year"]:
        return _day(on(int(m["year"])))

    def make(a: date) -> Reading:
        d = on(a.year)
        if direction == "past" and (
            d > a + timedelta(days=cal.GRACE_DAYS) or (rel == "last" and d >= a)
        ):
            d = on(a.year - 1)
        elif direction == "future" and d < a:
            d = on(a.year + 1)
        return Reading("DATE", cal.day_value(d), "day")

    return _relative(ctx, make)


def read_reference(m: re.Match[str], ctx: Context) -> Reading | None:
    phrase = re.sub(r"\s+", " ", m["ref"].lower())
    if phrase == "soon" and ctx.word_before(m.start()) == "as":
        return None  # "as soon as"
    if phrase == "now" and re.match(r"[-–]", ctx.text[m.end() : m.end() + 1]):
        return None  # "now-defunct"
    return Reading("DATE", ctx.vocab.references[phrase], None)


def read_reference_adjective(m: re.Match[str], ctx: Context) -> Reading | None:
    token = ctx.token_at(m.start())
    if token is None or token.pos_ != "ADJ":
        return None
    nxt = re.match(r"\s*([\w-]+)", ctx.text[m.end() :])
    if nxt is None or nxt.group(1).lower() in ctx.vocab.not_before:
        return None
    return Reading("DATE", ctx.vocab.reference_adjectives[m["adj"].lower()], None)
