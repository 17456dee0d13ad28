"""Export what a store holds: Parquet, CSV, JSON lines, or GDELT 2.0 event rows.

``export(store, out, fmt, filters)`` writes the rows of one table that pass
``filters`` (``filters.Filters``) and returns how many it wrote. CSV, JSON lines
and GDELT stream from a DuckDB cursor, a batch at a time; Parquet is written by
DuckDB itself (``DuckDBPyRelation.write_parquet``, DuckDB's ``COPY … (FORMAT
parquet)``), so it needs no pyarrow, and the path never enters the SQL text.
``docs/export.md`` documents every column.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, NamedTuple

from ..errors import StoreError
from ..jsonsafe import iso
from ..safe_output import replacing, replacing_text
from .duckdb_store import MERGED_COLUMNS, EventStore
from .filters import (
    Filters,
    event_conditions,
    indicator_conditions,
    merged_conditions,
    transfer_conditions,
    where_clause,
)

FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl", "gdelt")
EXPORT_TABLES: tuple[str, ...] = ("events", "merged", "transfers", "indicators")
BATCH = 1000

# The 61 columns of a GDELT 2.0 Events table row, in the order of GDELT's files
# (GDELT Event Codebook V2.0; http://data.gdeltproject.org/documentation/).
_GEO_FIELDS: tuple[str, ...] = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)
_ACTOR_FIELDS: tuple[str, ...] = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

EVENT_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "e.event_id"),
    ("merged_id", "e.merged_id"),
    ("doc_key", "e.doc_key"),
    ("doc_id", "d.doc_id"),
    ("doc_date", "d.date"),
    ("publisher", "d.source"),
    ("url", "d.url"),
    ("duplicate_of", "d.duplicate_of"),
    ("type", "e.type"),
    ("cameo", "e.cameo"),
    ("goldstein", "e.goldstein"),
    ("quad_class", "e.quad_class"),
    ("source_codes", "e.source_codes"),
    ("target_codes", "e.target_codes"),
    ("source_countries", "e.source_countries"),
    ("target_countries", "e.target_countries"),
    ("reciprocal", "e.reciprocal"),
    ("modality", "e.modality"),
    ("attribution_code", "e.attribution_code"),
    ("date_value", "e.date_value"),
    ("date_start", "e.date_start"),
    ("date_end", "e.date_end"),
    ("date_precision", "json_extract_string(e.date, '$.precision')"),
    ("date_source", "json_extract_string(e.date, '$.source')"),
    ("place_country", "e.place_country"),
    ("location", "e.location"),
    ("confidence", "e.confidence"),
    ("sentence_index", "e.sentence_index"),
    ("trigger_start", "e.trigger_start"),
    ("trigger_end", "e.trigger_end"),
    ("trigger", "e.trigger"),
    ("rule", "e.rule"),
    ("sentence", "e.sentence"),
)
_EVIDENCE = (
    "sentence_index",
    "sentence",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "trigger",
    "rule",
)
TRANSFER_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("transfer_id", "t.transfer_id"),
    ("doc_key", "t.doc_key"),
    ("doc_id", "d.doc_id"),
    ("doc_date", "d.date"),
    *(
        (c, f"t.{c}")
        for c in (
            "supplier",
            "recipient",
            "item",
            "category",
            "quantity_value",
            "quantity_exact",
            "quantity_unit",
            "quantity_text",
            "status",
            "year",
            "modality",
            "event_id",
            *_EVIDENCE,
        )
    ),
)
INDICATOR_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("indicator_id", "i.indicator_id"),
    ("doc_key", "i.doc_key"),
    ("doc_id", "d.doc_id"),
    ("doc_date", "d.date"),
    *((c, f"i.{c}") for c in ("countries", "metric", "value", "unit", "as_of", *_EVIDENCE)),
)
# The representative mention's date precision and source (day | month | year | range ...;
# clause | article | window): how sure the merged event's date is.
_REPRESENTATIVE_DATE = (
    "(SELECT json_extract_string(r.date, '$.{key}') FROM events r "
    "WHERE r.event_id = m.representative_id)"
)
MERGED_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    *((c, f"m.{c}") for c in MERGED_COLUMNS),
    ("date_precision", _REPRESENTATIVE_DATE.format(key="precision")),
    ("date_source", _REPRESENTATIVE_DATE.format(key="source")),
)


class _Query(NamedTuple):
    sql: str
    params: list[Any]


def _select(columns: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{expr} AS {name}" for name, expr in columns)


def _flat_query(table: str, filters: Filters) -> _Query:
    if table == "events":
        where, params = event_conditions(filters)
        sql = (
            f"SELECT {_select(EVENT_EXPORT_COLUMNS)} FROM events e JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, e.sentence_index, e.trigger_start, e.event_id"
        )
    elif table == "merged":
        where, params = merged_conditions(filters)
        sql = (
            f"SELECT {_select(MERGED_EXPORT_COLUMNS)} FROM merged_events m"
            + where_clause(where)
            + " ORDER BY m.date NULLS LAST, m.merged_id"
        )
    elif table == "transfers":
        where, params = transfer_conditions(filters)
        sql = (
            f"SELECT {_select(TRANSFER_EXPORT_COLUMNS)} FROM transfers t "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, t.trigger_start, t.transfer_id"
        )
    else:
        where, params = indicator_conditions(filters)
        sql = (
            f"SELECT {_select(INDICATOR_EXPORT_COLUMNS)} FROM indicators i "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, i.trigger_start, i.indicator_id"
        )
    return _Query(sql, params)


def _payload_query(table: str, filters: Filters) -> _Query:
    """Rows of (payload JSON, extra keys) for JSON lines."""
    if table == "events":
        where, params = event_conditions(filters)
        sql = (
            "SELECT e.payload, e.merged_id, e.doc_key "
            "FROM events e JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, e.sentence_index, e.trigger_start, e.event_id"
        )
    elif table == "transfers":
        where, params = transfer_conditions(filters)
        sql = (
            "SELECT t.payload, t.transfer_id, t.doc_key FROM transfers t "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, t.trigger_start, t.transfer_id"
        )
    else:
        where, params = indicator_conditions(filters)
        sql = (
            "SELECT i.payload, i.indicator_id, i.doc_key FROM indicators i "
            "JOIN documents d USING (doc_key)"
            + where_clause(where)
            + " ORDER BY d.ingested_at, d.doc_key, i.trigger_start, i.indicator_id"
        )
    return _Query(sql, params)


# --------------------------------------------------------------------------- values


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(_csv_value(v) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


@contextmanager
def _text_out(out: Path | str | IO[str], fmt: str, store: EventStore) -> Iterator[IO[str]]:
    """A stream as given, or a file written aside and moved into place on success; never
    over the store, another store or a file of another kind (``safe_output.py``)."""
    if hasattr(out, "write"):
        yield out  # type: ignore[misc]
        return
    with replacing_text(Path(out), fmt, inputs=[store.path]) as handle:  # type: ignore[arg-type]
        yield handle


def _rows(store: EventStore, query: _Query) -> Iterator[tuple[Any, ...]]:
    cursor = store.connection.cursor()
    try:
        cursor.execute(query.sql, query.params)
        while batch := cursor.fetchmany(BATCH):
            yield from batch
    finally:
        cursor.close()


def _columns(store: EventStore, query: _Query) -> list[str]:
    cursor = store.connection.cursor()
    try:
        cursor.execute(f"SELECT * FROM ({query.sql}) LIMIT 0", query.params)
        return [c[0] for c in cursor.description or ()]
    finally:
        cursor.close()


# --------------------------------------------------------------------------- writers


def _write_parquet(store: EventStore, out: Path | str | IO[str], query: _Query) -> int:
    """Parquet by DuckDB itself (the relation's ``write_parquet``: ``COPY … (FORMAT parquet)``)."""
    if hasattr(out, "write"):
        raise StoreError("parquet is written to a file path, not to a stream")
    cursor = store.connection.cursor()
    try:
        with replacing(Path(out), "parquet", inputs=[store.path]) as path:  # type: ignore[arg-type]
            cursor.sql(query.sql, params=query.params).write_parquet(str(path))
            row = cursor.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchall()
    finally:
        cursor.close()
    return int(row[0][0]) if row else 0


def _write_csv(store: EventStore, handle: IO[str], query: _Query, header: bool) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    if header:
        writer.writerow(_columns(store, query))
    n = 0
    for row in _rows(store, query):
        writer.writerow([_csv_value(v) for v in row])
        n += 1
    return n


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _write_jsonl(store: EventStore, handle: IO[str], table: str, filters: Filters) -> int:
    n = 0
    if table == "merged":
        query = _flat_query(table, filters)
        names = _columns(store, query)
        for row in _rows(store, query):
            record = {k: iso(v, hex_bytes=True) for k, v in zip(names, row, strict=True)}
            handle.write(_dumps(record) + "\n")
            n += 1
        return n
    for payload, extra_id, doc_key in _rows(store, _payload_query(table, filters)):
        record = json.loads(payload)
        if table == "events":
            record["merged_id"] = extra_id
            when = record.get("date") if isinstance(record.get("date"), dict) else {}
            record["date_precision"] = when.get("precision")
            record["date_source"] = when.get("source")
        else:
            record = {"id": extra_id, **record}
        record["doc_key"] = doc_key
        handle.write(_dumps(record) + "\n")
        n += 1
    return n


# --------------------------------------------------------------------------- GDELT


class _Country(NamedTuple):
    cameo: str
    fips: str
    geonames_id: int
    name: str


@lru_cache(maxsize=1)
def countries() -> dict[str, _Country]:
    """ISO-3 -> CAMEO code, FIPS 10-4 code, GeoNames id and name (``store/data/countries.tsv``)."""
    text = (
        resources.files("realpolitik.store")
        .joinpath("data", "countries.tsv")
        .read_text(encoding="utf-8")
    )
    table: dict[str, _Country] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("iso3\t"):
            continue
        iso3, cameo, fips, geonames_id, name = line.split("\t")
        table[iso3] = _Country(cameo, fips, int(geonames_id), name)
    return table


def cameo_country(iso3: str | None) -> str:
    """The CAMEO country code GDELT uses for an ISO-3 code (mostly the same code)."""
    if not iso3:
        return ""
    known = countries().get(iso3)
    return known.cameo if known else iso3


def _clean(text: object) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def _num(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return str(int(number)) if number.is_integer() else repr(number)


def gdelt_actor(actor: object) -> list[str]:
    if not isinstance(actor, dict):
        return [""] * len(_ACTOR_FIELDS)
    iso3 = actor.get("country") if isinstance(actor.get("country"), str) else None
    country = cameo_country(iso3)
    code = str(actor.get("code") or "")
    if iso3 and country != iso3 and code.startswith(iso3):
        code = country + code[len(iso3) :]
    known = countries().get(iso3) if iso3 else None
    if actor.get("person"):
        name = actor["person"]
    elif actor.get("kind") == "state" and known:
        name = known.name
    else:
        name = actor.get("text") or ""
    return [
        _clean(code),
        _clean(name).upper(),
        country,
        "",
        "",
        "",
        "",
        _clean(actor.get("sector") or ""),
        "",
        "",
    ]


_NO_GEO = ["0", "", "", "", "", "", "", ""]


def gdelt_geo(location: object, fallback_country: str | None) -> list[str]:
    """The eight ``*Geo_`` fields of a location dict (``Event.location``)."""
    loc = location if isinstance(location, dict) else {}
    iso3 = loc.get("country") if isinstance(loc.get("country"), str) else None
    iso3 = iso3 or fallback_country
    if not loc and not iso3:
        return list(_NO_GEO)
    known = countries().get(iso3) if iso3 else None
    fips = known.fips if known else ""
    country_name = known.name if known else (iso3 or "")
    name = _clean(loc.get("name") or "")
    kind = str(loc.get("kind") or loc.get("type") or "").lower()
    feature = str(loc.get("feature_class") or "").upper()
    if kind == "continent" or feature == "L":
        return list(_NO_GEO)
    is_country = (
        kind == "country"
        or not name
        or (
            known is not None
            and (name == known.name or loc.get("geonames_id") == known.geonames_id)
        )
    )
    lat = _num(loc.get("lat"))
    lon = _num(loc.get("lon", loc.get("lng")))
    if is_country:
        return ["1", _clean(known.name if known else name or iso3), fips, fips, "", lat, lon, fips]
    us = iso3 == "USA"
    region = kind in ("region", "state", "province", "adm1") or (feature == "A" and kind != "city")
    geo_type = ("2" if us else "5") if region else ("3" if us else "4")
    admin1 = loc.get("admin1") if isinstance(loc.get("admin1"), str) else None
    full = ", ".join(p for p in (name, _clean(admin1) if admin1 else "", country_name) if p)
    return [geo_type, full, fips, "", "", lat, lon, ""]


def lead_paragraph(text: str) -> tuple[int, int]:
    """The character span of an article's lead paragraph: its first block of text (blocks
    are separated by blank lines) that is not a headline or a ``Key: value`` header line,
    i.e. that ends like a sentence. The whole text when there is no such block."""
    at = 0
    for block in re.split(r"(\n[ \t]*\n)", text):
        stripped = block.strip()
        lines = [line for line in stripped.splitlines() if line.strip()]
        body = [line for line in lines if not _HEADER.match(line)]
        if body and re.search(r"[.!?…\"”’')]\s*$", body[-1]):
            return at, at + len(block)
        at += len(block)
    return 0, len(text)


_HEADER = re.compile(r"^\s*[A-Z][\w -]{0,30}:\s")


def _middle(start: date, end: date) -> date:
    return start + (end - start) / 2


def gdelt_day(
    when: date | None,
    date_start: date | None,
    date_end: date | None,
    article: date | None,
    window: tuple[date | None, date | None],
    added: datetime | None,
) -> tuple[date | None, str]:
    """SQLDATE's day and how it was found: the event's day (``day``); the middle of its
    coarse date, or of the date window it was given (``period``: "in 2007", an undated
    article's window); its article's date ("since 2006": ``article``); the middle of its
    article's inferred date window (``window``); else the day it was added to the store
    (``added``)."""
    if when is not None:
        return when, "day"
    if date_start is not None and date_end is not None and date_end < date.max:
        return _middle(date_start, date_end), "period"
    if article is not None:
        return article, "article"
    if window[0] is not None and window[1] is not None:
        return _middle(window[0], window[1]), "window"
    if added is not None:
        return added.date(), "added"
    return None, "none"


def _gdelt_date(day: date | None) -> list[str]:
    if day is None:
        return ["", "", "", ""]
    fraction = ((day.month - 1) * 30 + day.day) / 365
    return [
        day.strftime("%Y%m%d"),
        day.strftime("%Y%m"),
        str(day.year),
        f"{day.year + fraction:.4f}",
    ]


_GDELT_SQL = (
    "SELECT m.merged_id, m.date, m.first_seen, m.n_mentions, m.n_sources, m.n_articles, "
    "m.first_added_at, m.is_root, m.cameo, m.quad_class, m.goldstein, m.place_country, "
    "re.payload, rd.url, rd.doc_id, m.date_period, m.date_start, m.date_end, "
    "rd.window_start, rd.window_end, "
    "(SELECT list(struct_pack(k := e4.doc_key, s := e4.sentence_start)) FROM events e4 "
    " WHERE e4.merged_id = m.merged_id), "
    "(SELECT d2.url FROM events e2 JOIN documents d2 ON d2.doc_key = e2.doc_key "
    " WHERE e2.merged_id = m.merged_id AND d2.url IS NOT NULL "
    " ORDER BY d2.date NULLS LAST, d2.doc_key LIMIT 1) "
    "FROM merged_events m JOIN events re ON re.event_id = m.representative_id "
    "JOIN documents rd ON rd.doc_key = re.doc_key"
)


def global_event_id(merged_id: str) -> int:
    """GLOBALEVENTID: the first 15 hex digits of ``merged_id`` as an integer (< 2**60)."""
    return int(merged_id[:15], 16)


def gdelt_row(
    row: tuple[Any, ...], leads: Callable[[str], tuple[int, int]] | None = None
) -> list[str]:
    """One GDELT 2.0 row (61 strings) from a row of ``_GDELT_SQL``; ``leads`` gives the
    lead paragraph's span of a document (by ``doc_key``) for IsRootEvent."""
    (
        merged_id,
        when,
        first_seen,
        n_mentions,
        n_sources,
        n_articles,
        first_added_at,
        is_root,
        cameo,
        quad_class,
        goldstein,
        place_country,
        payload,
        url,
        doc_id,
        date_period,
        date_start,
        date_end,
        window_start,
        window_end,
        mentions,
        any_url,
    ) = row
    # a coarse group ("in 2007", an undated article's window) is dated by its period's start
    # in the store: GDELT gets the middle of the period instead
    day, _basis = gdelt_day(
        None if date_period else when,
        date_start,
        date_end,
        first_seen,
        (window_start, window_end),
        first_added_at,
    )
    if not is_root and leads is not None:
        is_root = any(
            m["s"] is not None and leads(m["k"])[0] <= m["s"] < leads(m["k"])[1]
            for m in mentions or ()
        )
    event = json.loads(payload)
    sources = event.get("source") or []
    targets = event.get("target") or []
    code = str(cameo or "")
    out = [
        str(global_event_id(merged_id)),
        *_gdelt_date(day),
        *gdelt_actor(sources[0] if sources else None),
        *gdelt_actor(targets[0] if targets else None),
        "1" if is_root else "0",
        code,
        code[:3],
        code[:2],
        "" if quad_class is None else str(int(quad_class)),
        "" if goldstein is None else f"{float(goldstein):.1f}",
        str(n_mentions),
        str(max(1, int(n_sources or 0))),  # an unknown outlet is still one source
        str(n_articles),
        "0",  # AvgTone: tone is not computed; 0 is GDELT's neutral
        *_NO_GEO,  # Actor1Geo_*: not computed
        *_NO_GEO,  # Actor2Geo_*
        *gdelt_geo(event.get("location"), place_country),
        first_added_at.strftime("%Y%m%d%H%M%S") if first_added_at else "",
        _clean(url or any_url or doc_id or ""),
    ]
    assert len(out) == len(GDELT_COLUMNS)
    return out


def _write_gdelt(store: EventStore, handle: IO[str], filters: Filters, header: bool) -> int:
    where, params = merged_conditions(filters)
    query = _Query(
        _GDELT_SQL + where_clause(where) + " ORDER BY m.date NULLS LAST, m.merged_id", params
    )
    if header:
        handle.write("\t".join(GDELT_COLUMNS) + "\n")
    texts: dict[str, tuple[int, int]] = {}

    def leads(doc_key: str) -> tuple[int, int]:
        if doc_key not in texts:
            found = store.connection.execute(
                "SELECT text FROM documents WHERE doc_key = ?", [doc_key]
            ).fetchall()
            texts[doc_key] = lead_paragraph(found[0][0]) if found else (0, 0)
        return texts[doc_key]

    n = 0
    for row in _rows(store, query):
        handle.write("\t".join(gdelt_row(row, leads)) + "\n")
        n += 1
    return n


# --------------------------------------------------------------------------- entry point


def export(
    store: EventStore,
    out: Path | str | IO[str],
    fmt: str,
    filters: Filters | None = None,
    *,
    table: str | None = None,
    header: bool | None = None,
) -> int:
    """Write the rows of ``table`` that pass ``filters`` to ``out`` as ``fmt``; return their number.

    - ``fmt``: ``parquet`` (``out`` must be a path), ``csv``, ``jsonl`` or ``gdelt``;
    - ``table``: ``events`` (mentions; the default), ``merged`` (merged events),
      ``transfers`` or ``indicators``; ``gdelt`` always writes merged events;
    - ``header``: a first line of column names; CSV has one unless
      ``header=False``, GDELT has none unless ``header=True`` (as GDELT's files).
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; formats: {', '.join(FORMATS)}")
    if fmt == "gdelt":
        if table not in (None, "merged"):
            raise StoreError("gdelt rows are merged events: leave table out or use 'merged'")
        table = "merged"
    table = table or "events"
    if table not in EXPORT_TABLES:
        raise StoreError(f"unknown table {table!r}; tables: {', '.join(EXPORT_TABLES)}")
    filters = filters or Filters()
    if fmt == "parquet":
        return _write_parquet(store, out, _flat_query(table, filters))
    with _text_out(out, fmt, store) as handle:
        if fmt == "csv":
            return _write_csv(store, handle, _flat_query(table, filters), header is not False)
        if fmt == "jsonl":
            return _write_jsonl(store, handle, table, filters)
        return _write_gdelt(store, handle, filters, header is True)
