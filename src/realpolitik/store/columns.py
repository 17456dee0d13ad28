"""The store's column lists, in one place: each table's columns in insert order, the
``INSERT`` heads built from them, and the columns of the flat exports (``exports/``),
named after and built from the tables' own.

``schema.sql`` and the migrations (``schema.py``) create these columns; a new column is
added there, here, and to its row builder (``rows.py``).
"""

from __future__ import annotations


def insert_head(table: str, columns: tuple[str, ...]) -> str:
    """``INSERT INTO table (a, b) VALUES``: the head ``connection.insert_rows`` takes."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES"


TABLES: tuple[str, ...] = (
    "meta",
    "settings",
    "documents",
    "actors",
    "events",
    "merged_events",
    "transfers",
    "indicators",
    "toponyms",
)

ACTOR_COLUMNS: tuple[str, ...] = (
    "code",
    "country",
    "sector",
    "kind",
    "text",
    "first_doc_key",
    "first_seen_at",
)

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "doc_key",
    "type",
    "cameo",
    "goldstein",
    "quad_class",
    "source_codes",
    "target_codes",
    "source_countries",
    "target_countries",
    "reciprocal",
    "modality",
    "attribution_code",
    "date_value",
    "date",
    "location",
    "confidence",
    "sentence_index",
    "sentence",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "trigger",
    "rule",
    "payload",
    "date_start",
    "date_end",
    "place_country",
    "merge_key",
    "merge_day",
    "merge_period",
)
INSERT_EVENT_HEAD = f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES"

DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_key",
    "doc_id",
    "title",
    "date",
    "source",
    "text",
    "n_chars",
    "ingested_at",
    "url",
    "signature",
    "window_start",
    "window_end",
    "window_reasons",
)
INSERT_DOCUMENT_HEAD = f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) VALUES"

EVIDENCE_COLUMNS: tuple[str, ...] = (
    "sentence_index",
    "sentence",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "trigger",
    "rule",
)
TRANSFER_COLUMNS: tuple[str, ...] = (
    "transfer_id",
    "doc_key",
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
    *EVIDENCE_COLUMNS,
    "payload",
)
INDICATOR_COLUMNS: tuple[str, ...] = (
    "indicator_id",
    "doc_key",
    "countries",
    "metric",
    "value",
    "unit",
    "as_of",
    *EVIDENCE_COLUMNS,
    "payload",
)
TOPONYM_COLUMNS: tuple[str, ...] = (
    "doc_key",
    "span_start",
    "span_end",
    "text",
    "reading",
    "country",
    "lat",
    "lon",
    "geonames_id",
    "feature_class",
    "guessed",
)

MERGED_COLUMNS: tuple[str, ...] = (
    "merged_id",
    "merge_key",
    "type",
    "modality",
    "source_key",
    "target_key",
    "reciprocal",
    "place_country",
    "date",
    "date_start",
    "date_end",
    "date_period",
    "n_mentions",
    "n_articles",
    "n_sources",
    "first_seen",
    "last_seen",
    "first_added_at",
    "representative_id",
    "cameo",
    "goldstein",
    "quad_class",
    "confidence",
    "is_root",
)
INSERT_MERGED_HEAD = f"INSERT INTO merged_events ({', '.join(MERGED_COLUMNS)}) VALUES"


# --------------------------------------------------------------------------- flat exports
# (name, SQL expression) pairs: the columns of the CSV and Parquet exports and of the
# dashboard's downloads. ``e``/``t``/``i``/``m`` are the table, ``d`` its document.

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
# A transfer's or an indicator's own columns after its id and doc_key, without the payload.
TRANSFER_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("transfer_id", "t.transfer_id"),
    ("doc_key", "t.doc_key"),
    ("doc_id", "d.doc_id"),
    ("doc_date", "d.date"),
    *((c, f"t.{c}") for c in TRANSFER_COLUMNS[2:-1]),
)
INDICATOR_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("indicator_id", "i.indicator_id"),
    ("doc_key", "i.doc_key"),
    ("doc_id", "d.doc_id"),
    ("doc_date", "d.date"),
    *((c, f"i.{c}") for c in INDICATOR_COLUMNS[2:-1]),
)
# The representative mention's date precision and source (day | month | year | range ...;
# clause | context | article | window): how sure the merged event's date is.
_REPRESENTATIVE_DATE = (
    "(SELECT json_extract_string(r.date, '$.{key}') FROM events r "
    "WHERE r.event_id = m.representative_id)"
)
MERGED_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    *((c, f"m.{c}") for c in MERGED_COLUMNS),
    ("date_precision", _REPRESENTATIVE_DATE.format(key="precision")),
    ("date_source", _REPRESENTATIVE_DATE.format(key="source")),
)
