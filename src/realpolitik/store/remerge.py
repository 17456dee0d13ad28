"""Keeping ``merged_events`` up to date: after documents are written, relinked or deleted,
the mentions on their strands are grouped again (``merge.py``) and only the merged events
that changed are rewritten."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from . import merge
from .columns import INSERT_MERGED_HEAD, MERGED_COLUMNS
from .connection import Connection, chunks, insert_rows, with_values
from .settings import StoreSettings


class MentionRow(NamedTuple):
    merge_key: str
    event_id: str
    merge_day: date | None
    merge_period: str | None
    place_country: str | None
    confidence: float | None
    sentence_index: int | None
    date_start: date | None
    date_end: date | None
    reciprocal: bool | None
    merged_id: str | None
    article: str
    source: str | None
    doc_date: date | None
    ingested_at: datetime
    type: str
    modality: str | None
    cameo: str | None
    goldstein: float | None
    quad_class: int | None


_MENTIONS_SELECT = (
    "SELECT e.merge_key, e.event_id, e.merge_day, e.merge_period, e.place_country, "
    "e.confidence, e.sentence_index, e.date_start, e.date_end, e.reciprocal, e.merged_id, "
    "coalesce(d.duplicate_of, d.doc_key), d.source, d.date, d.ingested_at, "
    "e.type, e.modality, e.cameo, e.goldstein, e.quad_class "
    "FROM events e JOIN documents d USING (doc_key) "
)


def _merged_row(group: merge.Group, rows: Sequence[MentionRow]) -> list[Any]:
    rep = min(rows, key=lambda r: (-(r.confidence or 0.0), r.event_id))
    days = [r.date_start or r.merge_day for r in rows] + [r.date_end or r.merge_day for r in rows]
    known_days = [d for d in days if d is not None]
    doc_dates = [r.doc_date for r in rows if r.doc_date is not None]
    is_period = all(r.merge_day is None for r in rows) and rep.merge_period is not None
    if rep.merge_day is not None:
        when = rep.merge_day
    elif is_period:
        when = rep.date_start
    else:
        when = None
    return [
        group.merged_id,
        rep.merge_key,
        rep.type,
        rep.modality,
        None,  # source_key, filled from the representative's payload
        None,  # target_key
        any(bool(r.reciprocal) for r in rows),
        group.place,
        when,
        min(known_days) if known_days else None,
        max(known_days) if known_days else None,
        group.label if is_period else None,
        len(rows),
        len({r.article for r in rows}),
        len({r.source for r in rows if r.source}),
        min(doc_dates) if doc_dates else None,
        max(doc_dates) if doc_dates else None,
        min(r.ingested_at for r in rows),
        rep.event_id,
        rep.cameo,
        rep.goldstein,
        rep.quad_class,
        rep.confidence,
        any(r.sentence_index == 0 for r in rows),
    ]


def _runs(days: Sequence[date], window_days: int) -> list[tuple[date, date]]:
    """Maximal runs of sorted distinct days whose neighbours are at most the window apart.

    No merged event spans two runs: its day mentions are linked in steps of at most
    the window, so a run is the widest place a group can reach.
    """
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and (day - runs[-1][1]).days <= window_days:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _affected_mentions(
    con: Connection, settings: StoreSettings, doc_keys: Sequence[str]
) -> list[MentionRow]:
    """Every mention whose merged event may change when these documents' events change.

    That is, on each strand of their events: the whole run of days around each of their
    days, every mention with the same coarse date value, and their own undated mentions
    (each its own event). Mentions elsewhere on the strand keep their groups.
    """
    seeds = con.execute(
        "SELECT merge_key, merge_day, merge_period, event_id FROM events "
        "WHERE doc_key IN (SELECT unnest(?)) AND merge_key IS NOT NULL",
        [list(doc_keys)],
    ).fetchall()
    seed_days: dict[str, set[date]] = defaultdict(set)
    periods: set[tuple[str, str]] = set()
    undated: list[str] = []
    for key, day, period, event_id in seeds:
        if day is not None:
            seed_days[key].add(day)
        elif period is not None:
            periods.add((key, period))
        else:
            undated.append(event_id)
    strand_days: dict[str, list[date]] = defaultdict(list)
    if seed_days:
        for key, day in con.execute(
            "SELECT DISTINCT merge_key, merge_day FROM events "
            "WHERE merge_key IN (SELECT unnest(?)) AND merge_day IS NOT NULL "
            "ORDER BY merge_key, merge_day",
            [sorted(seed_days)],
        ).fetchall():
            strand_days[key].append(day)
    ranges = [
        (key, first, last)
        for key in sorted(seed_days)
        for first, last in _runs(strand_days[key], settings.merge_window_days)
        if any(first <= day <= last for day in seed_days[key])
    ]
    rows: list[MentionRow] = [
        MentionRow._make(raw)
        for raw in with_values(
            con,
            _MENTIONS_SELECT + "JOIN (VALUES {values}) AS r(k, lo, hi) "
            "ON e.merge_key = r.k AND e.merge_day BETWEEN r.lo AND r.hi",
            ranges,
        )
        + with_values(
            con,
            _MENTIONS_SELECT + "JOIN (VALUES {values}) AS p(k, period) "
            "ON e.merge_key = p.k AND e.merge_day IS NULL AND e.merge_period = p.period",
            sorted(periods),
        )
    ]
    if undated:
        rows += map(
            MentionRow._make,
            con.execute(
                _MENTIONS_SELECT + "WHERE e.event_id IN (SELECT unnest(?))", [undated]
            ).fetchall(),
        )
    return rows


def remerge_documents(con: Connection, settings: StoreSettings, doc_keys: Sequence[str]) -> None:
    """Bring the merged events up to date after these documents' events were added or
    their articles relinked."""
    rows = _affected_mentions(con, settings, doc_keys)
    old_ids = sorted({r.merged_id for r in rows if r.merged_id is not None})
    existing = con.execute(
        f"SELECT {', '.join(MERGED_COLUMNS)} FROM merged_events "
        "WHERE merged_id IN (SELECT unnest(?))",
        [old_ids],
    ).fetchall()
    _write_groups(con, settings, rows, existing)


def remerge_strands(con: Connection, settings: StoreSettings, keys: Iterable[str]) -> None:
    """Recompute every merged event of these strands."""
    strands = sorted({k for k in keys if k})
    if not strands:
        return
    rows: list[MentionRow] = []
    existing: list[tuple[Any, ...]] = []
    for part in chunks(strands, 4096):
        rows += map(
            MentionRow._make,
            con.execute(
                _MENTIONS_SELECT + "WHERE e.merge_key IN (SELECT unnest(?))", [list(part)]
            ).fetchall(),
        )
        existing += con.execute(
            f"SELECT {', '.join(MERGED_COLUMNS)} FROM merged_events "
            "WHERE merge_key IN (SELECT unnest(?))",
            [list(part)],
        ).fetchall()
    _write_groups(con, settings, rows, existing)


def _write_groups(
    con: Connection,
    settings: StoreSettings,
    rows: Sequence[MentionRow],
    existing_rows: Sequence[tuple[Any, ...]],
) -> None:
    """Group these mentions (whole runs, periods and undated mentions of their strands)
    and write only what changed against the merged events they had."""
    by_strand: dict[str, dict[str, MentionRow]] = defaultdict(dict)
    for row in rows:
        by_strand[row.merge_key][row.event_id] = row
    wanted: dict[str, list[Any]] = {}
    assignment: dict[str, str] = {}
    for strand in sorted(by_strand):
        members_of = by_strand[strand]
        mentions = [
            merge.Mention(r.event_id, r.merge_day, r.merge_period, r.place_country)
            for r in members_of.values()
        ]
        for group in merge.group_mentions(strand, mentions, settings.merge_window_days):
            members = [members_of[m.event_id] for m in group.mentions]
            wanted[group.merged_id] = _merged_row(group, members)
            for m in group.mentions:
                assignment[m.event_id] = group.merged_id
    rep_at = MERGED_COLUMNS.index("representative_id")
    sides: dict[str, merge.MergeFields] = {}
    for part in chunks(sorted(row[rep_at] for row in wanted.values()), 4096):
        for event_id, payload in con.execute(
            "SELECT event_id, payload FROM events WHERE event_id IN (SELECT unnest(?))",
            [list(part)],
        ).fetchall():
            sides[event_id] = merge.merge_fields(json.loads(payload), None)
    for row in wanted.values():
        fields = sides[row[rep_at]]
        row[MERGED_COLUMNS.index("source_key")] = list(fields.source_key)
        row[MERGED_COLUMNS.index("target_key")] = list(fields.target_key)

    existing = {r[0]: list(r) for r in existing_rows}
    stale = sorted(set(existing) - set(wanted))
    changed = sorted(mid for mid in wanted if mid in existing and existing[mid] != wanted[mid])
    for part in chunks(stale + changed, 4096):
        con.execute("DELETE FROM merged_events WHERE merged_id IN (SELECT unnest(?))", [list(part)])
    inserts = [row for mid, row in sorted(wanted.items()) if mid not in existing or mid in changed]
    insert_rows(con, INSERT_MERGED_HEAD, inserts)
    moves = sorted(
        [assignment[r.event_id], r.event_id]
        for members_of in by_strand.values()
        for r in members_of.values()
        if r.merged_id != assignment[r.event_id]
    )
    with_values(
        con,
        "UPDATE events SET merged_id = v.merged_id FROM (VALUES {values}) "
        "AS v(merged_id, event_id) WHERE events.event_id = v.event_id",
        moves,
        fetch=False,
    )
