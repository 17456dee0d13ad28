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
