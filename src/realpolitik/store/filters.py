"""Filters shared by the store's query helpers, ``export``, relations and the server: the one
place a filter becomes SQL.

Every filter is optional and they combine with AND. Each builder returns a SQL
condition with ``?`` placeholders and its parameters: values never enter the SQL
text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import StoreError
from ..model import MODALITIES, PLOVER_ROOTS

DATE_FIELDS: tuple[str, ...] = ("event", "document")


def _as_tuple(value: object, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple | set | frozenset):
        items = tuple(sorted(str(v) for v in value))
        return items
    raise StoreError(f"{name} must be a string or a list of strings, not {type(value).__name__}")


@dataclass(frozen=True)
class Filters:
    """Which rows a query or an export keeps.

    - ``actor``: an actor code (``RUSGOV``, ``NATO``) on either side of the event;
    - ``country``: an ISO-3 country on either side (for transfers: supplier or
      recipient; for indicators: one of its countries);
    - ``types``: PLOVER types (``CONSULT``, ``ASSAULT``, …);
    - ``modalities``: ``factual``, ``negated``, ``planned``, ``speculative``;
    - ``date_from`` / ``date_to``: an inclusive range of days, on the event's
      date (``date_on="event"``, the default) or on the article's date
      (``date_on="document"``). An event's date is the span of its
      ``date.value`` (kept only when the whole span is in the range), else its
      document's date;
    - ``doc``: a document, by ``doc_key`` (the text's sha256) or by ``doc_id``.
    """

    actor: str | None = None
    country: str | None = None
    types: tuple[str, ...] = field(default=())
    modalities: tuple[str, ...] = field(default=())
    date_from: date | None = None
    date_to: date | None = None
    date_on: str = "event"
    doc: str | None = None

    def __post_init__(self) -> None:
        types = tuple(t.upper() for t in _as_tuple(self.types, "types"))
        unknown = [t for t in types if t not in PLOVER_ROOTS]
        if unknown:
            raise StoreError(
                f"unknown PLOVER type {unknown[0]!r}; types: {', '.join(PLOVER_ROOTS)}"
            )
        modalities = tuple(m.lower() for m in _as_tuple(self.modalities, "modalities"))
        unknown = [m for m in modalities if m not in MODALITIES]
        if unknown:
            raise StoreError(
                f"unknown modality {unknown[0]!r}; modalities: {', '.join(MODALITIES)}"
            )
        if self.date_on not in DATE_FIELDS:
            raise StoreError(
                f"date_on must be one of {', '.join(DATE_FIELDS)}, not {self.date_on!r}"
            )
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, date):
                raise StoreError(f"{name} must be a date, not {type(value).__name__}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise StoreError(f"date_from {self.date_from} is after date_to {self.date_to}")
        object.__setattr__(self, "types", types)
        object.__setattr__(self, "modalities", modalities)


NO_FILTERS = Filters()


def bound(column: str, op: str, value: Any, where: list[str], params: list[Any]) -> None:
    """``column op ?`` with ``value`` as its parameter, when a value is given (``op`` is a
    fixed comparison, never input)."""
    if value is not None:
        where.append(f"{column} {op} ?")
        params.append(value)


def _date_range(f: Filters, start: str, end: str, where: list[str], params: list[Any]) -> None:
    bound(start, ">=", f.date_from, where, params)
    bound(end, "<=", f.date_to, where, params)


def _mention_conditions(
    f: Filters, where: list[str], params: list[Any], *, event_dates: bool
) -> None:
    """Conditions on ``events e JOIN documents d``: actor, country, doc, dates."""
    if f.actor is not None:
        where.append("(list_contains(e.source_codes, ?) OR list_contains(e.target_codes, ?))")
        params += [f.actor, f.actor]
    if f.country is not None:
        where.append(
            "(list_contains(e.source_countries, ?) OR list_contains(e.target_countries, ?))"
        )
        params += [f.country, f.country]
    if f.doc is not None:
        where.append("(d.doc_key = ? OR d.doc_id = ?)")
        params += [f.doc, f.doc]
    if f.date_on == "document":
        _date_range(f, "d.date", "d.date", where, params)
    elif event_dates:
        _date_range(
            f, "coalesce(e.date_start, d.date)", "coalesce(e.date_end, d.date)", where, params
        )


def kind_conditions(f: Filters, where: list[str], params: list[Any]) -> None:
    """The PLOVER types and modalities of ``f`` as conditions on ``events e``."""
    if f.types:
        where.append("list_contains(?, e.type)")
        params.append(list(f.types))
    if f.modalities:
        where.append("list_contains(?, e.modality)")
        params.append(list(f.modalities))


def event_conditions(f: Filters) -> tuple[list[str], list[Any]]:
    """Conditions on ``events e JOIN documents d USING (doc_key)``."""
    where: list[str] = []
    params: list[Any] = []
    kind_conditions(f, where, params)
    _mention_conditions(f, where, params, event_dates=True)
    return where, params


def merged_conditions(f: Filters) -> tuple[list[str], list[Any]]:
    """Conditions on ``merged_events m``.

    Type, modality and the event date apply to the merged event itself (its
    ``date``, the day of its representative mention, or the start of its coarse
    date); actor, country, document and document date keep a merged event when
    at least one of its mentions matches them.
    """
    where: list[str] = []
    params: list[Any] = []
    if f.types:
        where.append("list_contains(?, m.type)")
        params.append(list(f.types))
    if f.modalities:
        where.append("list_contains(?, m.modality)")
        params.append(list(f.modalities))
    if f.date_on == "event":
        _date_range(f, "m.date", "m.date", where, params)
    inner: list[str] = []
    inner_params: list[Any] = []
    _mention_conditions(f, inner, inner_params, event_dates=False)
    if inner:
        where.append(
            "EXISTS (SELECT 1 FROM events e JOIN documents d USING (doc_key) "
            "WHERE e.merged_id = m.merged_id AND " + " AND ".join(inner) + ")"
        )
        params += inner_params
    return where, params


def _no_event_filters(f: Filters, table: str) -> None:
    if f.actor is not None:
        raise StoreError(f"the actor filter does not apply to {table}; use country")
    if f.types:
        raise StoreError(f"the types filter does not apply to {table}")


def transfer_conditions(f: Filters) -> tuple[list[str], list[Any]]:
    """Conditions on ``transfers t JOIN documents d USING (doc_key)``; dates are the article's."""
    _no_event_filters(f, "transfers")
    where: list[str] = []
    params: list[Any] = []
    if f.country is not None:
        where.append("(t.supplier = ? OR t.recipient = ?)")
        params += [f.country, f.country]
    if f.modalities:
        where.append("list_contains(?, t.modality)")
        params.append(list(f.modalities))
    if f.doc is not None:
        where.append("(d.doc_key = ? OR d.doc_id = ?)")
        params += [f.doc, f.doc]
    _date_range(f, "d.date", "d.date", where, params)
    return where, params


def indicator_conditions(f: Filters) -> tuple[list[str], list[Any]]:
    """Conditions on ``indicators i JOIN documents d USING (doc_key)``; dates are the article's."""
    _no_event_filters(f, "indicators")
    if f.modalities:
        raise StoreError("the modalities filter does not apply to indicators")
    where: list[str] = []
    params: list[Any] = []
    if f.country is not None:
        where.append("list_contains(i.countries, ?)")
        params.append(f.country)
    if f.doc is not None:
        where.append("(d.doc_key = ? OR d.doc_id = ?)")
        params += [f.doc, f.doc]
    _date_range(f, "d.date", "d.date", where, params)
    return where, params


def _side(side: str) -> str:
    return f"(list_contains(e.{side}_codes, ?) OR list_contains(e.{side}_countries, ?))"


def _either(side: str) -> str:
    """``side`` of the event, or either side of a reciprocal one."""
    other = "target" if side == "source" else "source"
    return f"({_side(side)} OR (e.reciprocal AND {_side(other)}))"


def actor_conditions(
    actor: str | None, partner: str | None, where: list[str], params: list[Any]
) -> None:
    """``actor`` (a code or a country) on either side of ``events e``; with ``partner``,
    the two on opposite sides. A partner alone stands for an actor."""
    if actor and partner:
        where.append(
            f"(({_side('source')} AND {_side('target')}) "
            f"OR ({_side('target')} AND {_side('source')}))"
        )
        params += [actor, actor, partner, partner, actor, actor, partner, partner]
    elif actor or partner:
        one = actor or partner
        where.append(f"({_side('source')} OR {_side('target')})")
        params += [one] * 4


@dataclass(frozen=True)
class EventSearch:
    """The filters of the dashboard's event table (``GET /events`` and its exports), every
    one optional, combined with AND; :meth:`conditions` gives them as SQL on ``events e``.

    ``actor``/``partner``: a code or a country on either side (on opposite sides when both
    are given); ``source``/``target``: on that side, or either side of a reciprocal event;
    ``place``: a place's name or country; ``q``: words of the sentence; ``merged``: one
    mention per merged event (its representative). Types, modalities and days mean what they
    mean for ``Filters`` (which checks them).
    """

    actor: str | None = None
    partner: str | None = None
    source: str | None = None
    target: str | None = None
    types: tuple[str, ...] = field(default=())
    modalities: tuple[str, ...] = field(default=())
    since: date | None = None
    until: date | None = None
    place: str | None = None
    q: str | None = None
    merged: bool = False

    def conditions(self) -> tuple[list[str], list[Any]]:
        """SQL conditions (``?`` placeholders) and parameters on ``events e``.

        An event's days are the span of its date, else its article's date, which the store
        keeps in ``merge_day``, so that no join with ``documents`` is needed.
        """
        checked = Filters(
            types=self.types,
            modalities=self.modalities,
            date_from=self.since,
            date_to=self.until,
        )
        where: list[str] = []
        params: list[Any] = []
        kind_conditions(checked, where, params)
        _date_range(
            checked,
            "coalesce(e.date_start, e.merge_day)",
            "coalesce(e.date_end, e.merge_day)",
            where,
            params,
        )
        actor = self.actor.upper() if self.actor else None
        partner = self.partner.upper() if self.partner else None
        actor_conditions(actor, partner, where, params)
        for side, value in (("source", self.source), ("target", self.target)):
            if value:
                where.append(_either(side))
                params += [value.upper()] * 4
        if self.place:
            where.append(
                "(lower(e.location->>'$.name') = lower(?) "
                "OR lower(e.location->>'$.text') = lower(?) OR e.place_country = upper(?))"
            )
            params += [self.place] * 3
        if self.q:
            where.append("strpos(lower(e.sentence), lower(?)) > 0")
            params.append(self.q)
        if self.merged:
            where.append(
                "(e.merged_id IS NULL OR e.event_id = "
                "(SELECT m.representative_id FROM merged_events m "
                "WHERE m.merged_id = e.merged_id))"
            )
        return where, params


def where_clause(conditions: list[str]) -> str:
    return (" WHERE " + " AND ".join(conditions)) if conditions else ""
