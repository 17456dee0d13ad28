"""What each endpoint answers, shaped as JSON from the store's rows or ``Relations`` calls.

Every function takes an open connection (or a ``Relations``) and plain values and returns
JSON-ready dicts (``jsonsafe.plain``). The rows come from the store's read queries
(``store/reads.py``) and its filters (``store/filters.py``): no SQL is written here.
``None`` means "not found".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import duckdb

from ..errors import RealpolitikError
from ..events.cameo import cameo_table
from ..jsonsafe import plain
from ..model import QUAD_COLUMNS, DocumentResult, Event, Toponym
from ..relations.state import Actors, check_actors, state_only_sql
from ..store import reads
from ..store.filters import EventSearch
from ..store.reads import EVENT_ORDERS

if TYPE_CHECKING:
    from ..relations.api import Relations
    from ..relations.periods import Window

Connection = duckdb.DuckDBPyConnection

# A series longer than this is refused: ask for a coarser ``by`` or a shorter window.
MAX_PERIODS = 5000
BRIEF_DAYS = 30


class QueryError(RealpolitikError):
    """A question that cannot be answered as asked (a bad period, too many periods)."""


# --------------------------------------------------------------------------- events


def _actor(actor: dict[str, Any] | None) -> dict[str, Any] | None:
    if not actor:
        return None
    return {k: actor.get(k) for k in ("code", "country", "sector", "text", "igo")}


def _place(location: dict[str, Any] | None) -> dict[str, Any] | None:
    if not location:
        return None
    return {k: location.get(k) for k in ("name", "country", "lat", "lon")}


def _cameo_name(code: str | None) -> str | None:
    if not code:
        return None
    table = cameo_table()
    probe = code
    while probe:
        if probe in table:
            return table[probe].name
        probe = probe[:-1]
    return None


def event_item(
    payload: dict[str, Any], doc_key: str | None, doc_date: date | None
) -> dict[str, Any]:
    """The API's EVENT object from a stored ``Event.to_dict()`` payload."""
    when = payload.get("date") or {}
    value, precision = when.get("value"), when.get("precision")
    if value is None and doc_date is not None:
        value, precision = doc_date.isoformat(), "day"
    evidence = payload.get("evidence") or {}
    sources, targets = payload.get("source") or [], payload.get("target") or []
    return {
        "id": payload.get("id"),
        "doc_id": doc_key,
        "date": value,
        "date_precision": precision if value is not None else None,
        "type": payload.get("type"),
        "cameo": payload.get("cameo"),
        "cameo_name": _cameo_name(payload.get("cameo")),
        "goldstein": payload.get("goldstein"),
        "quad_class": payload.get("quad_class"),
        "source": _actor(sources[0] if sources else None),
        "target": _actor(targets[0] if targets else None),
        "modality": payload.get("modality"),
        "claimant": _actor(payload.get("attribution")),
        "place": _place(payload.get("location")),
        "sentence": evidence.get("sentence"),
        "trigger": evidence.get("trigger"),
        "confidence": payload.get("confidence"),
    }


def _rule(rule: str | None) -> list[str] | str | None:
    """Rule names: a list when the evidence names several (``"a b"``), else the one string."""
    if not rule:
        return rule
    parts = rule.split()
    return parts if len(parts) > 1 else rule


def evidence_item(payload: dict[str, Any], doc_key: str | None, shift: int = 0) -> dict[str, Any]:
    """An event's evidence with character offsets into its document (plus ``shift``)."""
    ev = payload.get("evidence") or {}

    def at(key: str) -> int | None:
        value = ev.get(key)
        return None if value is None else int(value) + shift

    return {
        "doc_id": doc_key,
        "sentence_index": ev.get("sentence_index"),
        "sentence": ev.get("sentence"),
        "sentence_start": at("sentence_start"),
        "sentence_end": at("sentence_end"),
        "trigger_start": at("start"),
        "trigger_end": at("end"),
        "rule": _rule(ev.get("rule")),
    }


@dataclass(frozen=True)
class EventQuery(EventSearch):
    """``GET /events``: the table's filters (``store.filters.EventSearch``), a page, a sort
    key and whose events: ``actors="state"`` keeps only the events whose both sides are
    states, as the relations endpoints count them (``relations/state.py``)."""

    limit: int = 50
    offset: int = 0
    sort: str = "-date"  # a key of EVENT_ORDERS
    actors: Actors = "all"

    def conditions(self) -> tuple[list[str], list[Any]]:
        """``EventSearch``'s conditions, and both sides states when ``actors`` is ``state``."""
        where, params = super().conditions()
        if check_actors(self.actors) == "state":
            where.append(state_only_sql("e"))
        return where, params


def event_order(query: EventQuery) -> str:
    """The table's sort key, checked (``QueryError`` for an unknown one)."""
    if query.sort not in EVENT_ORDERS:
        raise QueryError(f"unknown sort {query.sort!r}; sort by one of {', '.join(EVENT_ORDERS)}")
    return query.sort


def events(con: Connection, query: EventQuery) -> dict[str, Any]:
    """One page of events, newest first, and how many match in all (in one snapshot)."""
    check_days(query.since, query.until)
    order = event_order(query)
    total, rows = reads.event_page(con, query, order, query.limit, query.offset)
    # merge_day: the article's date when the event has none
    items = [event_item(payload, key, day) for payload, key, day in rows]
    return {"total": total, "limit": query.limit, "offset": query.offset, "items": items}


def event(con: Connection, event_id: str) -> dict[str, Any] | None:
    """One event with its evidence and its document, or None."""
    found = reads.event_with_document(con, event_id)
    if found is None:
        return None
    payload, doc_key, doc_date = found["payload"], found["doc_key"], found["date"]
    title, url, name, merged_id = found["title"], found["url"], found["name"], found["merged_id"]
    item = event_item(payload, doc_key, doc_date)
    item.update(
        {
            "sources": [_actor(a) for a in payload.get("source") or []],
            "targets": [_actor(a) for a in payload.get("target") or []],
            "reciprocal": payload.get("reciprocal"),
            "modality_cue": payload.get("modality_cue"),
            "context": payload.get("context"),
            "merged_id": merged_id,
            "evidence": evidence_item(payload, doc_key),
            "document": {
                "id": doc_key,
                "name": name,
                "title": title,
                "date": plain(doc_date),
                "url": url,
            },
        }
    )
    return item


def document(con: Connection, doc_id: str) -> dict[str, Any] | None:
    """A stored document by content hash or by the name it was written under, or None."""
    found = reads.document_with_events(con, doc_id)
    if found is None:
        return None
    return {
        "id": found["doc_key"],
        "name": found["doc_id"],
        "title": found["title"],
        "date": plain(found["date"]),
        "url": found["url"],
        "source": found["source"],
        "duplicate_of": found["duplicate_of"],
        "text": found["text"],
        "events": [
            {
                "id": r[0],
                "type": r[1],
                "modality": r[2],
                "source_code": r[3][0] if r[3] else None,
                "target_code": r[4][0] if r[4] else None,
                "sentence_start": r[5],
                "sentence_end": r[6],
                "trigger_start": r[7],
                "trigger_end": r[8],
            }
            for r in found["events"]
        ],
    }


def health(con: Connection) -> dict[str, Any]:
    documents, n_events = reads.counts(con)
    return {"status": "ok", "documents": documents, "events": n_events}


# --------------------------------------------------------------------------- relations


def window(since: date | None, until: date | None, period: str | None = None) -> Window:
    """The window of ``period`` (``2008``, ``2008-Q3``, ``A..B``) or of ``since``..``until``."""
    from ..relations.periods import Window, parse_period

    if period is not None:
        if since is not None or until is not None:
            raise QueryError("give period, or since and until, not both")
        return parse_period(period)
    check_days(since, until)
    if since is not None and until is not None and until < since:
        raise QueryError(f"until ({until}) is before since ({since})")
    end = until + timedelta(days=1) if until is not None else None
    label = f"{since.isoformat() if since else ''}..{until.isoformat() if until else ''}"
    return Window(since, end, "all" if since is None and until is None else label)


def check_days(since: date | None, until: date | None) -> None:
    """QueryError (400, one line) for a ``since`` or ``until`` outside the days the store
    answers for (``since=0001-01-01``, ``until=9999-12-31``): see ``relations.periods``."""
    from ..relations.periods import FIRST_DAY, LAST_DAY

    for name, day in (("since", since), ("until", until)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise QueryError(
                f"{name}: {day.isoformat()} is outside {FIRST_DAY.isoformat()}.."
                f"{LAST_DAY.isoformat()}, the days the server answers for; leave it out for all"
            )


def _as_date(value: Any) -> date | None:
    """A day from a date, a datetime or a pandas Timestamp; None for none (or NaT)."""
    if value is None or value != value:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


_PERIOD_DAYS = {"day": 1, "week": 7, "month": 28, "quarter": 90, "year": 365}


def _check_periods(n: float, by: str) -> None:
    if n > MAX_PERIODS:
        raise QueryError(
            f"more than {MAX_PERIODS} periods of one {by}: use a coarser by or a shorter window"
        )


def dyad(
    rel: Relations, a: str, b: str, by: str, win: Window, actors: Actors = "all"
) -> dict[str, Any]:
    """Two actors' relation, period by period, and the index and trend of the whole window;
    ``actors="state"``: governments only (``relations/state.py``)."""
    if by not in _PERIOD_DAYS:
        raise QueryError(f"unknown granularity {by!r}; use one of {', '.join(_PERIOD_DAYS)}")
    start, end = win.start, win.end
    if (start is None) != (end is None):  # one open end: the store's first or last story
        first, last = rel.day_range()
        start = start if start is not None else _as_date(first)
        end = end if end is not None else _as_date(last)
    if start is not None and end is not None:
        _check_periods((end - start).days / _PERIOD_DAYS[by], by)
    # Without pandas (``Relations.dyad_series``): an uncached dyad is mostly DuckDB's time.
    # All time: the dyad's own first and last story bound the periods, checked before filling.
    rows, summary = rel.dyad_series(
        a.upper(),
        b.upper(),
        by=by,  # type: ignore[arg-type]
        period=win,
        max_periods=MAX_PERIODS,
        actors=actors,
    )
    columns = ["n_events", "n_docs", "weight", "score", "index", *QUAD_COLUMNS]
    series = [
        {"period": r["period"], "start": r["period_start"].isoformat()} | {c: r[c] for c in columns}
        for r in rows
    ]
    return plain(
        {
            "a": a.upper(),
            "b": b.upper(),
            "by": by,
            "period": win.label,
            "series": series,
            "index": summary,
            "actors": actors,
        }
    )


def blocs(
    rel: Relations, win: Window, min_events: int = 1, actors: Actors = "all"
) -> dict[str, Any]:
    """Alignment blocs of a window and the signed edges they were found from."""
    frame = rel.blocs(win, min_events=min_events, actors=actors)
    edges = rel.network(win, min_events=min_events, actors=actors)
    grouped: dict[int, list[str]] = {}
    for country, bloc in zip(frame["country"], frame["bloc"], strict=True):
        grouped.setdefault(int(bloc), []).append(str(country))
    return plain(
        {
            "period": win.label,
            "modularity": frame.attrs.get("modularity"),
            "frustration": frame.attrs.get("frustration"),
            "blocs": [{"bloc": k, "countries": v} for k, v in sorted(grouped.items())],
            "edges": [
                {
                    "a": r["a"],
                    "b": r["b"],
                    "score": r["score"],
                    "index": r["index"],
                    "n_events": int(r["n_events"]),
                }
                for r in edges[["a", "b", "score", "index", "n_events"]].to_dict(orient="records")
            ],
            "actors": actors,
        }
    )


def relations_of(rel: Relations, actor: str, win: Window, actors: Actors = "all") -> dict[str, Any]:
    """An actor's relation with every state it has events with, best first;
    ``actors="state"``: governments only (``relations/state.py``)."""
    country = rel.country_of(actor.upper())
    edges = rel.network(win, actors=actors)
    mine = edges[(edges["a"] == country) | (edges["b"] == country)]
    partners = [
        {
            "country": r["b"] if r["a"] == country else r["a"],
            "score": r["score"],
            "index": r["index"],
            "n_events": int(r["n_events"]),
        }
        for r in mine[["a", "b", "score", "index", "n_events"]].to_dict(orient="records")
    ]
    partners.sort(key=lambda p: (-p["score"], p["country"]))
    return plain(
        {
            "actor": actor.upper(),
            "country": country,
            "period": win.label,
            "partners": partners,
            "actors": actors,
        }
    )


def brief(
    rel: Relations,
    since: date | None,
    until: date | None,
    actor: str | None,
    actors: Actors = "all",
) -> tuple[dict[str, Any], str]:
    """The brief since a day (default: the last 30 days of the store) as data and Markdown;
    ``actors="state"``: governments only (``relations/state.py``)."""
    check_days(since, until)
    if since is None:
        end = until or rel.latest_day() or date.today()
        since = end - timedelta(days=BRIEF_DAYS - 1)
    if until is not None and until < since:
        raise QueryError(f"until ({until}) is before since ({since})")
    made = rel.brief(since, until=until, actor=actor.upper() if actor else None, actors=actors)
    return made.to_dict(), made.to_markdown()


# --------------------------------------------------------------------------- extraction


def _extracted_event(event: Event, shift: int) -> dict[str, Any]:
    payload = event.to_dict()
    item = event_item(payload, None, None)  # nothing is stored: no document id
    item["evidence"] = evidence_item(payload, None, shift)
    item["sources"] = [_actor(a) for a in payload.get("source") or []]
    item["targets"] = [_actor(a) for a in payload.get("target") or []]
    item["reciprocal"] = payload.get("reciprocal")
    return item


def place_name(toponym: Toponym) -> str:
    """The gazetteer's name of the place a toponym was read as (its words otherwise)."""
    from ..where.gazetteer import default_gazetteer

    if toponym.geonames_id is None:
        return toponym.text
    found = default_gazetteer().by_id(toponym.geonames_id)
    return found.name if found is not None else toponym.text


def extraction(result: DocumentResult, shift: int) -> dict[str, Any]:
    """What ``POST /extract`` answers: offsets are moved by ``shift`` (the header's length),
    so that they point into the text as posted."""
    doc = result.document
    return plain(
        {
            # An undated article also gets the window its clues leave (``when/``).
            "document": {"title": doc.title, "date": doc.date}
            | (
                {"date_window": result.date_window.to_dict()}
                if doc.date is None and result.date_window is not None
                else {}
            ),
            "events": [_extracted_event(e, shift) for e in result.events],
            "places": [
                {
                    "text": t.text,
                    "start": t.start + shift,
                    "end": t.end + shift,
                    "name": place_name(t),
                    "country": t.country,
                    "lat": t.lat,
                    "lon": t.lon,
                    "reading": t.reading,
                }
                for t in result.toponyms
            ],
            "dates": [
                {"text": t.text, "start": t.start + shift, "end": t.end + shift, "value": t.value}
                for t in result.timexes
            ],
            "transfers": extracted_transfers(result, shift),
        }
    )


def extracted_transfers(result: DocumentResult, shift: int) -> list[dict[str, Any]]:
    """The arms transfers of an extraction (``workbench.extracted_transfers``)."""
    from .workbench import extracted_transfers as transfers_of

    return transfers_of(result, shift)
