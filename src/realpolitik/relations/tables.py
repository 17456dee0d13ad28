"""The derived tables every relation is computed from, built in SQL inside the store.

Three steps, each a table (``docs/relations.md``, "How events become relations"):

``stories``
    One row per *story*: the mentions of one event, in one or many documents, counted once.
    A story is a merged event (``events.merged_id``) when the store has them; otherwise the
    mentions on one day and one *strand* as ``store/merge.py`` defines it: the same PLOVER
    type, modality, source side and target side (a side is its actors' countries, or their
    codes when they have none; reciprocal sides in sorted order). The story keeps its best
    mention (highest confidence × modality weight), its numbers of mentions, documents and
    independent sources, and its weight ``w = modality weight × source weight``.
``pairs``
    One row per story and unordered pair of countries, ``x < y``, with the role of ``x``:
    ``S`` it acted on ``y``, ``T`` it was acted on, ``R`` both (reciprocal). Sorted by
    ``x, y, day``, so that DuckDB's zone maps read one dyad without scanning the rest.
``months``
    Sums of ``pairs`` by ordered pair (both orders: ``x`` may be either side) and month,
    sorted by month: networks, rankings and similarity of month-aligned periods read this
    small table. ``*_out`` count what ``x`` did.

The tables are either persisted in the store (``rel_*``, with a signature in ``rel_meta``
that says which events and weights they were built from) or temporary to a connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from ..model import FUTURE_DAYS
from ..store.reads import StoreLayout
from .periods import FIRST_DAY
from .weights import Weights

# Bump when the shape or meaning of the derived tables changes: stored ones are rebuilt.
REL_VERSION = 4

# A story's source weight as a SQL expression of ``n_sources`` (chosen by a fixed key).
_SOURCE_WEIGHT_SQL = {
    "log": "1 + ln(greatest(n_sources, 1))",
    "linear": "greatest(n_sources, 1)",
    "none": "1.0",
}

# An undated document's day: the middle of the date window its clues give (leaders' terms,
# past-tense years; see ``when/``), when that window is at most this many days wide.
UNDATED_WINDOW_MAX_DAYS = 400
DOC_DAY_SQL = f"""coalesce(d.date, CASE
    WHEN d.window_start IS NOT NULL AND d.window_end IS NOT NULL
         AND d.window_end - d.window_start <= {UNDATED_WINDOW_MAX_DAYS}
    THEN d.window_start + CAST((d.window_end - d.window_start) // 2 AS INTEGER) END)"""
# The event's day: ``date_value``'s day, month or year prefix, else the document's day. A month
# or a year holding the document date is read as that date; otherwise as its first day.
DAY_SQL = """CASE
    WHEN regexp_matches(e.date_value, '^\\d{4}-\\d{2}-\\d{2}')
        THEN coalesce(try_cast(substr(e.date_value, 1, 10) AS DATE), {DOC_DAY})
    WHEN regexp_matches(e.date_value, '^\\d{4}-\\d{2}($|[^0-9])')
        THEN CASE WHEN strftime({DOC_DAY}, '%Y-%m') = substr(e.date_value, 1, 7) THEN {DOC_DAY}
                  ELSE coalesce(try_cast(substr(e.date_value, 1, 7) || '-01' AS DATE),
                                {DOC_DAY}) END
    WHEN regexp_matches(e.date_value, '^\\d{4}($|[^0-9])')
        THEN CASE WHEN strftime({DOC_DAY}, '%Y') = substr(e.date_value, 1, 4) THEN {DOC_DAY}
                  ELSE coalesce(try_cast(substr(e.date_value, 1, 4) || '-01-01' AS DATE),
                                {DOC_DAY}) END
    ELSE {DOC_DAY} END""".replace("{DOC_DAY}", f"({DOC_DAY_SQL})")

PAIR_COLUMNS = "day, story, type, goldstein, quad_class, w, n_mentions, docs, outlets"


@dataclass(frozen=True)
class Tables:
    """The names of one set of derived tables (fixed names, never user input)."""

    stories: str
    pairs: str
    months: str
    persisted: bool


PERSISTED = Tables("rel_stories", "rel_pairs", "rel_month", persisted=True)
LIVE = Tables("rel_stories_live", "rel_pairs_live", "rel_month_live", persisted=False)
# Actor-code questions (``VENGOV``) are answered from tables built for the question.
QUERY = Tables("rel_stories_q", "rel_pairs_q", "rel_month_q", persisted=False)
# Governments only (``state.py``): built from the events whose both sides are states.
STATE = Tables("rel_stories_state", "rel_pairs_state", "rel_month_state", persisted=False)
META = "rel_meta"


def _key(items: str) -> str:
    """A list of actors as one sorted, comma-joined string; one-item lists (most) skip the
    list functions, which are slow on millions of rows."""
    return (
        f"CASE WHEN len({items}) = 0 THEN '' WHEN len({items}) = 1 THEN {items}[1] "
        f"ELSE array_to_string(list_sort(list_distinct({items})), ',') END"
    )


def modality_case(weights: Weights, column: str = "e.modality") -> tuple[str, list[Any]]:
    """``CASE`` giving each event its modality weight, with its parameters."""
    names = sorted(k for k in weights.modality if k != "default")
    whens = " ".join(f"WHEN {column} = ? THEN ?" for _ in names)
    params: list[Any] = []
    for name in names:
        params += [name, float(weights.modality[name])]
    params.append(weights.modality_weight(None))
    return f"CASE {whens} ELSE ? END", params


def event_rows_sql(
    weights: Weights,
    layout: StoreLayout,
    *,
    level: str = "country",
    where: str = "",
    params: Sequence[Any] = (),
) -> tuple[str, list[Any]]:
    """One row per stored event with a day: its modality weight, story key and actor sides.

    ``src``/``tgt`` are a side's actors as a comma-joined key: ISO-3 countries at ``level``
    ``country``, actor codes and countries both at ``any`` (for questions about ``VENGOV``).
    ``where`` filters ``events e`` and ``documents d``; its ``?`` take ``params``.
    """
    mod_sql, mod_params = modality_case(weights)
    sc = "coalesce(e.source_countries, [])"
    tc = "coalesce(e.target_countries, [])"
    if level == "country":
        src, tgt = _key(sc), _key(tc)
    else:
        src = _key(f"list_concat(coalesce(e.source_codes, []), {sc})")
        tgt = _key(f"list_concat(coalesce(e.target_codes, []), {tc})")
    merged_id = "e.merged_id" if layout.merged else "NULL::VARCHAR"
    # Independent sources of a merged event: its distinct known publishers, or when none is
    # known its distinct articles (near-duplicates once), as the store counted them.
    merged_sources = (
        "coalesce(nullif(m.n_sources, 0), m.n_articles)" if layout.merged_sources else "NULL"
    )
    merged_join = (
        "LEFT JOIN merged_events m ON m.merged_id = e.merged_id" if layout.merged_sources else ""
    )
    # The strand's sides: the countries, or the codes of a side without any.
    sk = f"CASE WHEN len({sc}) > 0 THEN {_key(sc)} ELSE {_key('coalesce(e.source_codes, [])')} END"
    tk = f"CASE WHEN len({tc}) > 0 THEN {_key(tc)} ELSE {_key('coalesce(e.target_codes, [])')} END"
    sql = f"""
        SELECT * EXCLUDE (sk, tk, merged_id),
            CASE WHEN merged_id IS NOT NULL THEN hash('merged', merged_id)
                 WHEN reciprocal THEN hash(day, type, modality, least(sk, tk), greatest(sk, tk))
                 ELSE hash(day, type, modality, sk, tk, false) END AS story
        FROM (
            SELECT e.event_id, e.type, e.cameo,
                coalesce(e.goldstein, 0.0) AS goldstein, e.quad_class,
                coalesce(e.reciprocal, false) AS reciprocal, e.modality,
                coalesce(e.confidence, 0.5) AS confidence, {mod_sql} AS wmod, {DAY_SQL} AS day,
                hash(e.doc_key) AS doc, hash(coalesce(nullif(d.source, ''), e.doc_key)) AS outlet,
                {merged_id} AS merged_id, {merged_sources}::INTEGER AS merged_sources,
                {src} AS src, {tgt} AS tgt, {sk} AS sk, {tk} AS tk,
                -- The domain, read from the payload only where the brief needs it (transfers).
                CASE WHEN e.type IN ('COOPERATE', 'AID')
                     THEN json_extract_string(e.payload, '$.context') END AS context
            FROM events e JOIN documents d ON d.doc_key = e.doc_key {merged_join}
            {where}
        )
        -- A day out of range (an article dated 9999-12-31) is left out: periods.FIRST_DAY.
        WHERE day BETWEEN DATE '{FIRST_DAY.isoformat()}'
            AND (current_date + INTERVAL {FUTURE_DAYS} DAY)::DATE"""
    return sql, [*mod_params, *params]


def stories_sql(ev: str, weights: Weights) -> str:
    """One row per story (see the module docstring) from a table of ``event_rows_sql``.

    The best mention is the one of highest confidence × modality weight (ties broken by a
    hash of the event id, so that the choice does not depend on the order of rows).
    """
    source_weight = _SOURCE_WEIGHT_SQL[weights.sources]
    return f"""
        SELECT story, day, best.event_id AS best_event, best.type AS type, best.cameo AS cameo,
            best.goldstein AS goldstein, best.quad_class AS quad_class,
            best.reciprocal AS reciprocal, best.confidence AS confidence, best.context AS context,
            wmod,
            n_mentions, n_docs, n_sources, wmod * ({source_weight}) AS w,
            docs, outlets,
            CASE WHEN best.src = '' THEN []::VARCHAR[] ELSE string_split(best.src, ',') END
                AS src,
            CASE WHEN best.tgt = '' THEN []::VARCHAR[] ELSE string_split(best.tgt, ',') END
                AS tgt
        FROM (
            SELECT *,
                CASE WHEN n_mentions = 1 THEN 1 ELSE len(list_distinct(docs)) END::INTEGER
                    AS n_docs,
                coalesce(merged_sources,
                         CASE WHEN n_mentions = 1 THEN 1 ELSE len(list_distinct(outlets)) END)
                    ::INTEGER AS n_sources
            FROM (
                SELECT story, min(day) AS day,
                    arg_max(
                        struct_pack(event_id := event_id, type := type, cameo := cameo,
                                    goldstein := goldstein, quad_class := quad_class,
                                    reciprocal := reciprocal, confidence := confidence,
                                    src := src, tgt := tgt, context := context),
                        confidence * wmod + (hash(event_id) % 1000003) * 1e-12) AS best,
                    max(wmod) AS wmod,
                    count(*)::INTEGER AS n_mentions,
                    list(doc) AS docs,
                    list(outlet) AS outlets,
                    max(merged_sources) AS merged_sources
                FROM {ev}
                GROUP BY story
            )
        )"""


def pairs_sql(stories: str) -> str:
    """Rows of ``pairs`` from a stories table: each unordered pair once, ``x < y``.

    A pair read both ways in one story (sources and targets that hold each other) is
    mutual and gets role ``R``, like a reciprocal event. Stories with one actor a side
    (nearly all) skip the ``unnest``, which copies every column per element.
    """
    return f"""
        WITH p AS (
            SELECT src[1] AS sx, tgt[1] AS ty, false AS mutual, *
            FROM {stories}
            WHERE len(src) = 1 AND len(tgt) = 1 AND src[1] <> tgt[1]
            UNION ALL BY NAME
            SELECT *,
                list_contains(src, ty) AND list_contains(tgt, sx) AS mutual
            FROM (
                SELECT *, unnest(tgt) AS ty
                FROM (
                    SELECT *, unnest(src) AS sx FROM {stories}
                    WHERE len(src) > 0 AND len(tgt) > 0 AND len(src) + len(tgt) > 2
                )
            )
            WHERE sx <> ty
        )
        SELECT least(sx, ty) AS x, greatest(sx, ty) AS y,
            CASE WHEN reciprocal OR mutual THEN 'R' WHEN sx < ty THEN 'S' ELSE 'T' END AS role,
            {PAIR_COLUMNS}
        FROM p
        WHERE NOT (mutual AND sx > ty)
        ORDER BY x, y, day"""


def months_sql(pairs: str) -> str:
    """Monthly sums of ``pairs`` for both orders of each pair; ``*_out`` count only what
    ``x`` did (roles S and R)."""
    return f"""
        WITH both_orders AS (
            SELECT x, y, role, day, w, goldstein FROM {pairs}
            UNION ALL
            SELECT y AS x, x AS y, CASE role WHEN 'S' THEN 'T' WHEN 'T' THEN 'S' ELSE 'R' END,
                day, w, goldstein
            FROM {pairs}
        )
        SELECT x, y, date_trunc('month', day)::DATE AS month,
            count(*)::INTEGER AS n,
            sum(w) AS w,
            sum(w * goldstein) AS wg,
            coalesce(sum(w * goldstein) FILTER (WHERE goldstein > 0), 0.0) AS wg_coop,
            coalesce(sum(w * goldstein) FILTER (WHERE goldstein < 0), 0.0) AS wg_conflict,
            count(*) FILTER (WHERE role <> 'T')::INTEGER AS n_out,
            coalesce(sum(w) FILTER (WHERE role <> 'T'), 0.0) AS w_out,
            coalesce(sum(w * goldstein) FILTER (WHERE role <> 'T'), 0.0) AS wg_out
        FROM both_orders
        GROUP BY x, y, month
        ORDER BY month, x, y"""


def build(
    con: duckdb.DuckDBPyConnection,
    tables: Tables,
    weights: Weights,
    layout: StoreLayout,
    *,
    level: str = "country",
    where: str = "",
    params: Sequence[Any] = (),
) -> None:
    """(Re)create one set of derived tables from the events."""
    kind = "TABLE" if tables.persisted else "TEMP TABLE"
    rows, row_params = event_rows_sql(weights, layout, level=level, where=where, params=params)
    ev = "rel_event_rows"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {ev} AS {rows}", row_params)
    try:
        con.execute(
            f"CREATE OR REPLACE {kind} {tables.stories} AS {stories_sql(ev, weights)} ORDER BY day"
        )
    finally:
        con.execute(f"DROP TABLE IF EXISTS {ev}")
    con.execute(f"CREATE OR REPLACE {kind} {tables.pairs} AS {pairs_sql(tables.stories)}")
    con.execute(f"CREATE OR REPLACE {kind} {tables.months} AS {months_sql(tables.pairs)}")


def signature(con: duckdb.DuckDBPyConnection, weights: Weights, layout: StoreLayout) -> str:
    """What derived tables depend on: the events and documents, the weights, the layout."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM documents), "
        "(SELECT max(ingested_at) FROM documents)"
    ).fetchone()
    parts = [f"v{REL_VERSION}", weights.store_key(), layout.key(), *map(str, row or ())]
    if layout.merged:
        merged = con.execute(
            "SELECT count(merged_id), bit_xor(hash(merged_id)) FROM events"
        ).fetchone()
        parts += map(str, merged or ())
        if layout.merged_sources:
            sources = con.execute(
                "SELECT count(*), sum(n_sources), bit_xor(hash(merged_id)) FROM merged_events"
            ).fetchone()
            parts += map(str, sources or ())
    return "|".join(parts)


def stored_signature(con: duckdb.DuckDBPyConnection) -> str | None:
    """The signature the persisted tables were built with, or None when there are none."""
    present = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary "
        "AND table_name IN (?, ?, ?, ?)",
        [META, PERSISTED.stories, PERSISTED.pairs, PERSISTED.months],
    ).fetchone()
    if not present or present[0] != 4:
        return None
    row = con.execute(f"SELECT value FROM {META} WHERE key = 'signature'").fetchone()
    return None if row is None else str(row[0])


# Persisted tables are built under these names, then swapped in with the signature.
STAGING = Tables("rel_stories_new", "rel_pairs_new", "rel_month_new", persisted=True)


def persist(
    con: duckdb.DuckDBPyConnection, weights: Weights, layout: StoreLayout, signature_now: str
) -> None:
    """Build the persisted tables under staging names, then swap them in and record their
    signature in one transaction: readers see the old tables or the new ones, never half.

    (Building the large tables inside one explicit transaction keeps them all in the
    transaction's memory until commit, which is many times slower on large stores.)
    """
    build(con, STAGING, weights, layout)
    con.execute("BEGIN TRANSACTION")
    try:
        for old, new in zip(
            (PERSISTED.stories, PERSISTED.pairs, PERSISTED.months),
            (STAGING.stories, STAGING.pairs, STAGING.months),
            strict=True,
        ):
            con.execute(f"DROP TABLE IF EXISTS {old}")
            con.execute(f"ALTER TABLE {new} RENAME TO {old}")
        con.execute(f"CREATE TABLE IF NOT EXISTS {META} (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute(f"DELETE FROM {META}")
        con.execute(
            f"INSERT INTO {META} VALUES ('signature', ?), ('weights', ?), ('built_at', "
            "strftime(now()::TIMESTAMP, '%Y-%m-%dT%H:%M:%S'))",
            [signature_now, weights.store_key()],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("CHECKPOINT")


def drop_persisted(con: duckdb.DuckDBPyConnection) -> None:
    """Remove the persisted tables (they are derived: nothing is lost)."""
    for tables in (PERSISTED, STAGING):
        for name in (tables.months, tables.pairs, tables.stories):
            con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute(f"DROP TABLE IF EXISTS {META}")
