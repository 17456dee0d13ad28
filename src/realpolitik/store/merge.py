"""Which event mentions report the same real-world event.

Every stored event is a *mention*. Mentions are merged into one *merged event*
(the analogue of a GDELT event row, with its mention, article and source counts)
when they

1. are on the same **strand**: the same PLOVER type, the same modality, and the
   same source and target sides, where a side is the sorted set of its actors'
   countries (an actor without a country, such as ``NATO``, counts by its code);
   for a reciprocal event the two sides are put in sorted order, so that
   "A and B met" and "B and A met" fall on the same strand;
2. have **dates** close enough: a mention's date is ``Event.date["value"]`` when
   it has one, else its document's date. Day-precision dates merge when they
   are at most ``window_days`` apart (default 1: the day before, the same day,
   the day after), transitively (single linkage: A-B and B-C put A, B and C
   together). A coarser value (a month ``2024-03``, a year, an interval) merges
   only with mentions carrying the same value. A mention without any date is
   never merged;
3. do not happen in **different countries**: two mentions whose places
   (``Event.location["country"]``) are known and differ are never linked
   directly; a mention without a place links to any. When a group still ends
   up with several place countries (through mentions without a place), it is
   split by country, and each mention without a place joins the country whose
   placed mention is nearest in date (ties: the country with more placed
   mentions, then the alphabetically first).

Groups are a function of the set of mentions only: the same mentions give the
same groups and the same ids whatever order they were written in. A group's id
hashes its strand, its first date (or coarse value) and its place country, so it
is stable while the group keeps its earliest mention; it changes when a later
write adds an earlier mention or joins two groups.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

WINDOW_DAYS = 1

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class DateSpan:
    """The days a date value covers; ``day`` when it names exactly one day."""

    start: date
    end: date
    day: bool


def _parse_one(value: str) -> DateSpan | None:
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return DateSpan(d, d, True)
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            first = date(year, month, 1)
            following = date(year + (month == 12), month % 12 + 1, 1)
            return DateSpan(first, following - timedelta(days=1), False)
        if m := _YEAR.match(value):
            year = int(m[1])
            return DateSpan(date(year, 1, 1), date(year, 12, 31), False)
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return DateSpan(monday, monday + timedelta(days=6), False)
    except ValueError:
        return None
    return None


def parse_date_value(value: object) -> DateSpan | None:
    """The span of an ISO 8601 ``date.value``: a day, month, ISO week, year or ``a/b`` interval.

    Anything else (or an impossible date) gives None.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if "/" in text:
        left, _, right = text.partition("/")
        a, b = _parse_one(left.strip()), _parse_one(right.strip())
        if a is None or b is None or a.start > b.end:
            return None
        return DateSpan(a.start, b.end, a.day and b.day and a.start == b.end)
    return _parse_one(text)


@dataclass(frozen=True)
class MergeFields:
    """What the store keeps on each event row to merge it (``events`` columns)."""

    merge_key: str  # the strand
    merge_day: date | None  # the day the mention is merged on
    merge_period: str | None  # or the coarse date value it is merged on
    date_start: date | None  # the span of Event.date["value"], if it parses
    date_end: date | None
    place_country: str | None
    type: str
    modality: str
    source_key: tuple[str, ...]
    target_key: tuple[str, ...]


def _side(actors: object) -> tuple[str, ...]:
    keys: set[str] = set()
    if isinstance(actors, list):
        for actor in actors:
            if isinstance(actor, Mapping):
                key = actor.get("country") or actor.get("code")
                if isinstance(key, str) and key:
                    keys.add(key)
    return tuple(sorted(keys))


def strand(type_: str, modality: str, source: Sequence[str], target: Sequence[str]) -> str:
    """The id of a strand (16 hex)."""
    key = json.dumps([type_, modality, list(source), list(target)], separators=(",", ":"))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def merge_fields(payload: Mapping[str, Any], doc_date: date | None) -> MergeFields:
    """Merge fields of one event from its ``Event.to_dict()`` payload and its document's date."""
    raw_date = payload.get("date")
    value = raw_date.get("value") if isinstance(raw_date, Mapping) else None
    span = parse_date_value(value)
    if span is None:
        merge_day, merge_period = doc_date, None
    elif span.day:
        merge_day, merge_period = span.start, None
    else:
        merge_day, merge_period = None, str(value).strip()
    location = payload.get("location")
    place = location.get("country") if isinstance(location, Mapping) else None
    place_country = place if isinstance(place, str) and place else None
    source, target = _side(payload.get("source")), _side(payload.get("target"))
    if payload.get("reciprocal") and target < source:
        source, target = target, source
    type_ = str(payload.get("type") or "")
    modality = str(payload.get("modality") or "")
    return MergeFields(
        merge_key=strand(type_, modality, source, target),
        merge_day=merge_day,
        merge_period=merge_period,
        date_start=span.start if span else None,
        date_end=span.end if span else None,
        place_country=place_country,
        type=type_,
        modality=modality,
        source_key=source,
        target_key=target,
    )


@dataclass(frozen=True)
class Mention:
    """The part of a stored event that decides its group."""

    event_id: str
    day: date | None
    period: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class Group:
    """One merged event: its id, place country, date label and mentions (sorted by id)."""

    merged_id: str
    place: str | None
    label: str  # first day (ISO), coarse value, or "undated:<event_id>"
    mentions: tuple[Mention, ...]


def merged_id(merge_key: str, label: str, place: str | None) -> str:
    key = f"{merge_key}|{label}|{place or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _day_components(dated: Sequence[Mention], window_days: int) -> list[list[Mention]]:
    """Single-linkage components of day mentions sorted by (day, id), in linear time.

    Two mentions are linked when at most ``window_days`` apart and their places are
    compatible. All mentions of one place (or of no place) inside one window are
    already linked to each other, so linking a mention to the *latest* earlier mention
    of each compatible place, when inside its window, gives the same components as
    linking every pair.
    """
    parent = list(range(len(dated)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    window = timedelta(days=window_days)
    latest: dict[str | None, int] = {}  # place (None: no place) -> latest mention with it
    for j, mention in enumerate(dated):
        assert mention.day is not None
        since = mention.day - window
        if mention.place is None:
            earlier = list(latest.values())
        else:
            earlier = [latest[p] for p in (mention.place, None) if p in latest]
        for i in earlier:
            other = dated[i].day
            assert other is not None
            if other >= since:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
        latest[mention.place] = j
    components: dict[int, list[Mention]] = defaultdict(list)
    for i, mention in enumerate(dated):
        components[find(i)].append(mention)
    return [components[root] for root in sorted(components)]


def _distance(a: Mention, b: Mention) -> int:
    if a.day is None or b.day is None:
        return 0
    return abs((a.day - b.day).days)


def _split_by_place(component: Sequence[Mention]) -> Iterator[tuple[str | None, list[Mention]]]:
    counts = Counter(m.place for m in component if m.place)
    if len(counts) <= 1:
        yield (next(iter(counts), None), list(component))
        return
    placed: dict[str, list[Mention]] = defaultdict(list)
    for mention in component:
        if mention.place:
            placed[mention.place].append(mention)
    groups: dict[str, list[Mention]] = {place: list(ms) for place, ms in placed.items()}
    for mention in component:
        if mention.place:
            continue
        best = min(
            counts,
            key=lambda place: (
                min(_distance(mention, other) for other in placed[place]),
                -counts[place],
                place,
            ),
        )
        groups[best].append(mention)
    for place in sorted(groups):
        yield place, groups[place]


def group_mentions(
    merge_key: str, mentions: Iterable[Mention], window_days: int = WINDOW_DAYS
) -> list[Group]:
    """The merged events of one strand's mentions (see the module docstring)."""
    if window_days < 0:
        raise ValueError(f"window_days must be 0 or more, not {window_days}")
    pool = sorted(set(mentions), key=lambda m: m.event_id)
    groups: list[Group] = []
    used: set[str] = set()

    def emit(members: Sequence[Mention], label: str, place: str | None) -> None:
        ordered = tuple(sorted(members, key=lambda m: m.event_id))
        mid = merged_id(merge_key, label, place)
        if mid in used:  # cannot happen by construction; stay unique and deterministic anyway
            mid = merged_id(merge_key, f"{label}|{ordered[0].event_id}", place)
        used.add(mid)
        groups.append(Group(mid, place, label, ordered))

    dated = sorted((m for m in pool if m.day is not None), key=lambda m: (m.day, m.event_id))
    for component in _day_components(dated, window_days):
        for place, members in _split_by_place(component):
            first = min(m.day for m in members if m.day is not None)
            emit(members, first.isoformat(), place)

    by_period: dict[str, list[Mention]] = defaultdict(list)
    for mention in pool:
        if mention.day is None and mention.period is not None:
            by_period[mention.period].append(mention)
    for period in sorted(by_period):
        for place, members in _split_by_place(by_period[period]):
            emit(members, period, place)

    for mention in pool:
        if mention.day is None and mention.period is None:
            emit([mention], f"undated:{mention.event_id}", mention.place)
    return sorted(groups, key=lambda g: g.merged_id)
