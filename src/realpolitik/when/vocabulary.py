"""The calendar words and office titles of ``data/``, loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..yamlio import load_yaml


@dataclass(frozen=True)
class Unit:
    """A unit of time: its ISO 8601 duration letter and how many of it one word means."""

    letter: str
    clock: bool  # hours, minutes, seconds: durations written PT...
    times: int = 1


@dataclass(frozen=True)
class Vocabulary:
    """Everything the temporal grammar needs to know about English calendar words."""

    months: dict[str, int]  # "january", "jan", "sept" -> month number
    month_names: tuple[str, ...]  # full names, index 0 = January
    ambiguous_months: frozenset[str]
    weekdays: tuple[str, ...]  # index 0 = Monday (date.weekday())
    numbers: dict[str, int]
    vague_quantities: tuple[str, ...]
    units: dict[str, Unit]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    ordinals: dict[str, int]
    decade_words: dict[str, int]
    references: dict[str, str]  # phrase -> PRESENT_REF | PAST_REF | FUTURE_REF
    reference_adjectives: dict[str, str]
    not_before: frozenset[str]
    holidays: dict[str, tuple[int, int]]
    temporal_prepositions: frozenset[str]
    future_governors: frozenset[str]
    future_auxiliaries: frozenset[str]
    scheduled_verbs: frozenset[str]
    measure_words: frozenset[str]
    rate_words: frozenset[str]
    season_prepositions: frozenset[str]
    set_adverbs: dict[str, str]  # "daily" -> "P1D"


@dataclass(frozen=True)
class Titles:
    """Office titles and the leaders-table roles they name."""

    roles: dict[str, tuple[str, ...]]  # "prime minister" -> ("HOG",)
    not_in_office: frozenset[str]
    administration_nouns: tuple[str, ...]
    administration_country: str
    administration_role: str


def _data(name: str) -> Any:
    text = resources.files("realpolitik.when").joinpath("data", name).read_text("utf-8")
    return load_yaml(text)


def _words(values: list[Any]) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The calendar vocabulary of ``data/calendar.yaml``."""
    data = _data("calendar.yaml")
    months: dict[str, int] = {}
    names: list[str] = []
    for number, words in sorted(data["months"].items(), key=lambda kv: int(kv[0])):
        names.append(str(words[0]))
        for word in words:
            months[str(word).lower()] = int(number)
    references = {
        str(phrase).lower(): kind
        for kind, phrases in data["references"].items()
        for phrase in phrases
    }
    holidays = {
        str(name).lower(): (int(md.split("-")[0]), int(md.split("-")[1]))
        for name, md in data["holidays"].items()
    }
    return Vocabulary(
        months=months,
        month_names=tuple(names),
        ambiguous_months=_words(data["ambiguous_months"]),
        weekdays=tuple(str(w) for w in data["weekdays"]),
        numbers={str(k).lower(): int(v) for k, v in data["numbers"].items()},
        vague_quantities=tuple(str(v).lower() for v in data["vague_quantities"]),
        units={
            str(k): Unit(str(v["letter"]), bool(v["clock"]), int(v.get("times", 1)))
            for k, v in data["units"].items()
        },
        seasons={str(k): str(v) for k, v in data["seasons"].items()},
        parts_of_day={str(k): str(v) for k, v in data["parts_of_day"].items()},
        ordinals={str(k): int(v) for k, v in data["ordinals"].items()},
        decade_words={str(k): int(v) for k, v in data["decade_words"].items()},
        references=references,
        reference_adjectives={str(k): str(v) for k, v in data["reference_adjectives"].items()},
        not_before=_words(data["not_before"]),
        holidays=holidays,
        temporal_prepositions=_words(data["temporal_prepositions"]),
        future_governors=_words(data["future_governors"]),
        future_auxiliaries=_words(data["future_auxiliaries"]),
        scheduled_verbs=_words(data["scheduled_verbs"]),
        measure_words=_words(data["measure_words"]),
        rate_words=_words(data["rate_words"]),
        season_prepositions=_words(data["season_prepositions"]),
        set_adverbs={str(k).lower(): str(v) for k, v in data["set_adverbs"].items()},
    )


@lru_cache(maxsize=1)
def titles() -> Titles:
    """The office titles of ``data/titles.yaml``."""
    data = _data("titles.yaml")
    admin = data["administration"]
    return Titles(
        roles={str(k).lower(): tuple(str(r) for r in v) for k, v in data["titles"].items()},
        not_in_office=_words(data["not_in_office"]),
        administration_nouns=tuple(str(n).lower() for n in admin["nouns"]),
        administration_country=str(admin["country"]),
        administration_role=str(admin["role"]),
    )
