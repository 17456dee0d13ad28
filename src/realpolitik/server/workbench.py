"""The analyst's workbench endpoints: transfers, exports, names and the store's coverage.

Every function takes an open connection (a read cursor) and plain values and returns
JSON-ready dicts, or (for exports) the file's text. The rows come from the store's read
queries (``store/reads.py``); no SQL is written here. Exports use the exporters
(``exports/``): the store's export columns, their value formatting and the GDELT rows, with
the event table's own filters (``store.filters.EventSearch``) so that a download holds
exactly the events the table lists.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import duckdb

from ..errors import RealpolitikError
from ..exports.formats.gdelt import GDELT_COLUMNS, countries, gdelt_rows
from ..exports.values import compact_json, csv_value
from ..jsonsafe import plain
from ..relations.state import STATE_SECTORS  # the "governments only" switch's sectors
from ..store import reads
from ..store.filters import Filters
from . import queries

Connection = duckdb.DuckDBPyConnection

# An export larger than this is refused: narrow the filters (or use `realpolitik export`).
MAX_EXPORT_ROWS = 200_000
EXPORT_FORMATS: tuple[str, ...] = ("csv", "json", "gdelt")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/x-ndjson; charset=utf-8",
    "gdelt": "text/tab-separated-values; charset=utf-8",
}
EXTENSIONS = {"csv": "csv", "json": "jsonl", "gdelt": "tsv"}

# The coverage chart's days: a date outside these years is a misreading, not news.
COVERAGE_FIRST = date(1900, 1, 1)
COVERAGE_LAST = date(2100, 12, 31)

# CAMEO sector and group codes in words (what the dashboard shows beside a code).
SECTORS: dict[str, str] = {
    "GOV": "government",
    "MIL": "military",
    "LEG": "legislature",
    "JUD": "judiciary",
    "COP": "police",
    "SPY": "intelligence",
    "PTY": "political party",
    "OPP": "opposition",
    "REB": "rebels",
    "INS": "insurgents",
    "SEP": "separatists",
    "UAF": "armed group",
    "ELI": "elites",
    "MED": "media",
    "BUS": "business",
    "CVL": "civilians",
    "LAB": "labour",
    "EDU": "education",
    "HLH": "health",
    "REF": "refugees",
    "HRI": "human-rights group",
    "CRM": "criminals",
    "AGR": "agriculture",
    "DEV": "development",
    "ENV": "environment",
    "RAD": "radicals",
    "MOD": "moderates",
    "REL": "religious group",
    "OFF": "official",
    "HOS": "head of state",
    "HOG": "head of government",
    "FM": "foreign minister",
    "DM": "defence minister",
    "IGO": "international organisation",
    "NGO": "non-governmental organisation",
    "IMG": "international armed group",
    "MNC": "multinational company",
    "ALQ": "al-Qaeda",
    "ISL": "Islamic State",
    "TAL": "Taliban",
    "HEZ": "Hezbollah",
    "HMS": "Hamas",
    "PKK": "PKK",
    "FTH": "Fatah",
    "PLO": "PLO",
}
# Names people type for a state that are not its gazetteer name.
ALIASES: dict[str, str] = {
    "america": "USA",
    "united states of america": "USA",
    "us": "USA",
    "u.s.": "USA",
    "usa": "USA",
    "uk": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "england": "GBR",
    "russian federation": "RUS",
    "south korea": "KOR",
    "north korea": "PRK",
    "iran": "IRN",
    "syria": "SYR",
    "palestine": "PSE",
    "vatican": "VAT",
    "taiwan": "TWN",
    "czechia": "CZE",
    "ivory coast": "CIV",
    "burma": "MMR",
}


class ExportError(RealpolitikError):
    """An export that cannot be made as asked (a bad format, too many rows)."""


# --------------------------------------------------------------------------- names


@lru_cache(maxsize=1)
def _organisations() -> dict[str, str]:
    import yaml

    text = (
        resources.files("realpolitik.actors")
        .joinpath("data", "organisations.yaml")
        .read_text(encoding="utf-8")
    )
    data = yaml.safe_load(text) or {}
    found: dict[str, str] = {}
    for org in data.get("organisations") or []:
        code, name = org.get("code"), org.get("name")
        if code and name:
            found[str(code)] = str(name)
            if org.get("cameo"):
                found.setdefault(str(org["cameo"]), str(name))
    return found


@lru_cache(maxsize=1)
def names() -> dict[str, Any]:
    """Country names by ISO-3, sector and group words by code, organisations by code."""
    return {
        "countries": {iso3: c.name for iso3, c in sorted(countries().items())},
        "sectors": dict(SECTORS),
        "organisations": _organisations(),
        "state_sectors": list(STATE_SECTORS),
    }


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    table = {c.name.casefold(): iso3 for iso3, c in countries().items()}
    table.update(ALIASES)
    return table


def resolve(value: str | None) -> str | None:
    """A state's name as its ISO-3 code ("Syria" -> ``SYR``); anything else unchanged."""
    if value is None:
        return None
    text = " ".join(value.split())
    return _by_name().get(text.casefold(), text)


# --------------------------------------------------------------------------- coverage


def coverage(con: Connection) -> dict[str, Any]:
    """The store's events by month (for the timeline under the date range) and its span."""
    rows, span, inside = reads.coverage(con, COVERAGE_FIRST, COVERAGE_LAST)
    first, last = (inside[0], inside[1]) if inside else (None, None)
    return plain(
        {
            "first": first,
            "last": last,
            "undated": int(span[2]) if span else 0,
            "outside": int(span[3] or 0) if span else 0,
            "months": [{"month": m, "events": int(n)} for m, n in rows],
        }
    )


# --------------------------------------------------------------------------- transfers


@dataclass(frozen=True)
class TransferQuery:
    """The filters of ``GET /transfers``: a state (supplier or recipient) and the article's
    days, as ``realpolitik export --table transfers`` reads them."""

    state: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 50
    offset: int = 0

    def filters(self) -> Filters:
        state = resolve(self.state)
        return Filters(
            country=state.upper() if state else None, date_from=self.since, date_to=self.until
        )


def transfers(con: Connection, query: TransferQuery) -> dict[str, Any]:
    """One page of arms transfers, newest article first, and how many match in all."""
    total, rows = reads.transfer_page(con, query.filters(), query.limit, query.offset)
    items = [_transfer_item(r) for r in rows]
    return {"total": total, "limit": query.limit, "offset": query.offset, "items": items}


def _transfer_item(row: tuple[Any, ...]) -> dict[str, Any]:
    (
        transfer_id,
        doc_key,
        supplier,
        recipient,
        item,
        category,
        q_value,
        q_exact,
        q_unit,
        q_text,
        status,
        year,
        modality,
        event_id,
        sentence,
        trigger,
        doc_date,
        title,
        outlet,
    ) = row
    quantity = None
    if q_value is not None or q_text:
        quantity = {"value": q_value, "exact": q_exact, "unit": q_unit, "text": q_text}
    return plain(
        {
            "id": transfer_id,
            "doc_id": doc_key,
            "supplier": supplier,
            "recipient": recipient,
            "item": item,
            "category": category,
            "quantity": quantity,
            "status": status,
            "year": year,
            "modality": modality,
            "event_id": event_id,
            "sentence": sentence,
            "trigger": trigger,
            "document": {"date": doc_date, "title": title, "source": outlet},
        }
    )


def extracted_transfers(result: Any, shift: int) -> list[dict[str, Any]]:
    """The transfers of a ``DocumentResult`` as ``POST /extract`` answers them."""
    found: list[dict[str, Any]] = []
    for transfer in getattr(result, "transfers", ()) or ():
        data = transfer.to_dict()
        evidence = data.get("evidence") or {}
        quantity = data.get("quantity") or None
        found.append(
            plain(
                {
                    "supplier": data.get("supplier"),
                    "recipient": data.get("recipient"),
                    "item": data.get("item"),
                    "category": data.get("category"),
                    "quantity": None
                    if not quantity
                    else {
                        "value": quantity.get("value"),
                        "exact": quantity.get("exact"),
                        "unit": quantity.get("unit"),
                        "text": quantity.get("text"),
                    },
                    "status": data.get("status"),
                    "year": data.get("year"),
                    "modality": data.get("modality"),
                    "event_id": data.get("event_id"),
                    "sentence": evidence.get("sentence"),
                    "trigger": evidence.get("trigger"),
                    "sentence_start": _shifted(evidence.get("sentence_start"), shift),
                    "sentence_end": _shifted(evidence.get("sentence_end"), shift),
                }
            )
        )
    return found


def _shifted(value: Any, shift: int) -> int | None:
    return None if value is None else int(value) + shift


# --------------------------------------------------------------------------- exports


def _count(con: Connection, sql: str, params: list[Any]) -> int:
    total = reads.count_of(con, sql, params)
    if total > MAX_EXPORT_ROWS:
        raise ExportError(
            f"{total:,} rows match: at most {MAX_EXPORT_ROWS:,} are exported from the server; "
            "narrow the filters or the period, or use `realpolitik export`"
        )
    return total


def _csv(con: Connection, sql: str, params: list[Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names, batches = reads.batches(con, sql, params)
    writer.writerow(names)
    for batch in batches:
        writer.writerows([csv_value(v) for v in r] for r in batch)
    return out.getvalue()


def _jsonl(con: Connection, sql: str, params: list[Any], id_key: str) -> str:
    """JSON lines as ``realpolitik export --format jsonl`` writes them."""
    out = io.StringIO()
    _, batches = reads.batches(con, sql, params)
    for batch in batches:
        for payload, extra_id, doc_key in batch:
            record = json.loads(payload)
            if id_key == "merged_id":
                record["merged_id"] = extra_id
            else:
                record = {"id": extra_id, **record}
            record["doc_key"] = doc_key
            out.write(compact_json(record) + "\n")
    return out.getvalue()


def _gdelt(con: Connection, sql: str, params: list[Any]) -> str:
    out = io.StringIO()
    out.write("\t".join(GDELT_COLUMNS) + "\n")
    _, batches = reads.batches(con, sql, params)
    for batch in batches:
        for row in batch:
            for line in gdelt_rows(row):
                out.write("\t".join(line) + "\n")
    return out.getvalue()


def export_events(con: Connection, query: queries.EventQuery, fmt: str) -> str:
    """The events the table lists for ``query`` (every page) as ``fmt``: ``csv`` (the
    exporter's event columns), ``json`` (its JSON lines) or ``gdelt`` (its GDELT 2.0 rows of
    the merged events these mentions belong to, with a header line)."""
    sql, params = reads.event_export_sql(query, queries.event_order(query), fmt)
    with reads.snapshot(con):
        _count(con, sql, params)
        if fmt == "gdelt":
            return _gdelt(con, sql, params)
        if fmt == "json":
            return _jsonl(con, sql, params, "merged_id")
        return _csv(con, sql, params)


def export_transfers(con: Connection, query: TransferQuery, fmt: str) -> str:
    """The transfers ``GET /transfers`` lists for ``query`` as ``csv`` or ``json``."""
    if fmt == "gdelt":
        raise ExportError("GDELT rows are events: export transfers as csv or json")
    sql, params = reads.transfer_export_sql(query.filters(), fmt)
    with reads.snapshot(con):
        _count(con, sql, params)
        if fmt == "json":
            return _jsonl(con, sql, params, "id")
        return _csv(con, sql, params)


def filename(table: str, fmt: str, parts: list[str | None]) -> str:
    """A download's file name from its table and filters: ``events-SYR-ASSAULT-2018.csv``."""
    words = [table, *(p for p in parts if p)]
    safe = "-".join("".join(ch for ch in w if ch.isalnum() or ch in "._") for w in words)
    return f"{safe or table}.{EXTENSIONS[fmt]}"
