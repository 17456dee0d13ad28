"""Relations between states, read from a realpolitik store: ``open(db)`` gives a ``Relations``.

Every question is answered by DuckDB from the derived tables of ``tables.py``; the methods
return pandas DataFrames (``brief`` returns a :class:`~realpolitik.relations.briefing.Brief`).

Why one module of about 1,100 lines: it is the public surface of relations, one method
per question (dyad, series, index, network, blocs, brief, events), each a thin DuckDB
query over the derived tables; the computations live in the other modules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self

import duckdb
import numpy as np
import pandas as pd
import pycountry

from ..errors import RealpolitikError, StoreError
from ..model import PLOVER_ROOTS, QUAD_COLUMNS
from ..store import reads
from ..store.duckdb_store import EventStore
from ..store.filters import actor_conditions, bound
from ..store.reads import StoreLayout
from . import periods
from .blocs import partition
from .periods import By, PeriodLike, Window
from .state import Actors, check_actors, state_only_sql
from .tables import (
    DAY_SQL,
    LIVE,
    PERSISTED,
    QUERY,
    STATE,
    Tables,
    build,
    drop_persisted,
    modality_case,
    persist,
    signature,
    stored_signature,
)
from .trend import Trend, relation_index, theil_sen
from .weights import Weights, load_weights

if TYPE_CHECKING:
    from .briefing import Brief

Direction = Literal["both", "out", "in"]
Summaries = Literal["auto", "live", "persist"]
WeightsLike = Weights | Path | str | Mapping[str, Any] | None

# In ``auto`` mode, a writable store with at least this many events gets persisted tables.
AUTO_PERSIST_EVENTS = 100_000

TYPE_COLUMNS: tuple[str, ...] = tuple(t.lower() for t in PLOVER_ROOTS)
SERIES_COLUMNS: tuple[str, ...] = (
    "a",
    "b",
    "period",
    "period_start",
    "n_events",
    "n_mentions",
    "n_docs",
    "n_sources",
    "weight",
    "score",
    "cooperation",
    "conflict",
    "index",
    *QUAD_COLUMNS,
    *TYPE_COLUMNS,
)
SUMMARY_COLUMNS: tuple[str, ...] = (
    "a",
    "b",
    "period",
    "by",
    "n_events",
    "n_docs",
    "n_sources",
    "top_source_share",
    "weight",
    "score",
    "index",
    "n_periods",
    "slope",
    "slope_low",
    "slope_high",
    "trend",
    "thin",
)


class RelationsError(RealpolitikError):
    """A relations question could not be answered as asked."""


def _in_window(window: Window, column: str) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    bound(column, ">=", window.start, where, params)
    bound(column, "<", window.end, where, params)
    return where, params


# Restricts pair rows to a list of dyads given as two parameters: the ``x`` and ``y`` lists.
_KEY_JOIN = (
    "JOIN (SELECT unnest(?::VARCHAR[]) AS ka, unnest(?::VARCHAR[]) AS kb) k "
    "ON x = k.ka AND y = k.kb"
)


def _and(clauses: Sequence[str]) -> str:
    return " AND ".join(clauses) if clauses else "true"


class Relations:
    """Dyad series, relationship indices, alignment blocs, similarity and briefs of one store.

    Open with :func:`open` (or :meth:`of` for an open ``EventStore``); close with ``close()``
    or a ``with`` block. The weights (``data/weights.yaml``) are fixed for the object's life.

    The store owns the connection and the schema: a ``Relations`` is given a connection of
    the store (or a cursor of it: each of a server's relations threads has its own, where
    its temporary tables live) and the store's description of its layout
    (``EventStore.layout()``, ``store/reads.py``); without one it asks the store's
    ``describe`` for it.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        layout: StoreLayout | None = None,
        weights: WeightsLike = None,
        summaries: Summaries = "auto",
        read_only: bool = False,
        path: Path | None = None,
        store: EventStore | None = None,
    ) -> None:
        self._con = con
        self.path = path
        self.weights = load_weights(weights)
        self._read_only = read_only
        self._store = store  # closed with this object when given
        # DuckDB draws progress bars on long queries; they would land in the CLI's output.
        con.execute("SET enable_progress_bar = false")
        reads.check_store(con)
        self.layout: StoreLayout = layout if layout is not None else reads.describe(con)
        self._query_tokens: list[str] | None = None  # the actors QUERY tables were built for
        self._state_built = False  # whether the STATE tables (governments only) are built
        self._known: dict[str, bool] = {}  # actor -> is a country (see _is_country)
        self._tables = self._prepare(summaries)

    @classmethod
    def open(
        cls,
        path: Path | str,
        weights: WeightsLike = None,
        *,
        summaries: Summaries = "auto",
        read_only: bool = False,
    ) -> Relations:
        """Open the store at ``path``; see :func:`realpolitik.relations.open`."""
        store = EventStore.open_existing(path, read_only=read_only)
        try:
            return cls.of(store, weights=weights, summaries=summaries, read_only=read_only)
        except BaseException:
            store.close()
            raise

    @classmethod
    def of(
        cls,
        store: EventStore,
        *,
        cursor: duckdb.DuckDBPyConnection | None = None,
        weights: WeightsLike = None,
        summaries: Summaries = "auto",
        read_only: bool = False,
    ) -> Relations:
        """Relations of an open store, on its connection (closed with this object) or on
        ``cursor``, a cursor of it (the store stays open)."""
        return cls(
            cursor if cursor is not None else store.connection,
            layout=store.layout(),
            weights=weights,
            summaries=summaries,
            read_only=read_only,
            path=store.path,
            store=store if cursor is None else None,
        )

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Relations({self.path or 'connection'}, tables={self.mode})"

    # ------------------------------------------------------------------ derived tables

    @property
    def mode(self) -> str:
        """``persisted`` (summary tables stored in the file) or ``live`` (temporary)."""
        return "persisted" if self._tables.persisted else "live"

    def _prepare(self, summaries: str) -> Tables:
        if summaries not in ("auto", "live", "persist"):
            raise RelationsError(f"summaries must be auto, live or persist, not {summaries!r}")
        con = self._con
        if summaries == "live":
            build(con, LIVE, self.weights, self.layout)
            return LIVE
        now = signature(con, self.weights, self.layout)
        if stored_signature(con) == now:
            return PERSISTED
        row = con.execute("SELECT count(*) FROM events").fetchone()
        n_events = int(row[0]) if row else 0
        if summaries == "persist" or (not self._read_only and n_events >= AUTO_PERSIST_EVENTS):
            if self._read_only:
                raise StoreError(
                    "the store's relation summaries are missing or out of date and it is open "
                    "read-only; open it writable once to build them"
                )
            persist(con, self.weights, self.layout, now)
            return PERSISTED
        build(con, LIVE, self.weights, self.layout)
        return LIVE

    def refresh(self) -> None:
        """Rebuild the derived tables after new events were written (same mode)."""
        self._query_tokens = None
        self._state_built = False
        self._known = {}
        self._tables = self._prepare("persist" if self._tables.persisted else "live")

    def _is_country(self, token: str) -> bool:
        """Whether ``token`` is a country: an ISO-3 code, or a country with a dyad here."""
        if token not in self._known:
            known = (
                len(token) == 3
                and token.isalpha()
                and token.isupper()
                and pycountry.countries.get(alpha_3=token) is not None
            )
            for column in ("x", "y"):  # pairs are sorted by x: the first lookup is cheap
                if not known:
                    known = (
                        self._con.execute(
                            f"SELECT 1 FROM {self._tables.pairs} WHERE {column} = ? LIMIT 1",
                            [token],
                        ).fetchone()
                        is not None
                    )
            self._known[token] = known
        return self._known[token]

    def _base(self, actors: Actors = "all") -> Tables:
        """The country tables of every actor, or of governments only (``state.py``), built
        the first time they are asked for after each (re)build of the others."""
        if check_actors(actors) == "all":
            return self._tables
        if not self._state_built:
            where = f"WHERE {state_only_sql('e')}"
            build(self._con, STATE, self.weights, self.layout, where=where)
            self._state_built = True
        return STATE

    def tables_of(self, actors: Actors = "all") -> Tables:
        """The country tables of every actor (``all``) or of governments only (``state``)."""
        return self._base(actors)

    def _tables_for(self, *tokens: str | None, actors: Actors = "all") -> Tables:
        """Country tables when every actor is a country, else tables built for the question."""
        given = [t for t in tokens if t is not None]
        if all(self._is_country(t) for t in given):
            return self._base(actors)
        if self._query_tokens == [*given, actors]:
            return QUERY
        # Only the events that name every actor asked about (on either side).
        clauses = [
            "(list_contains(e.source_codes, ?) OR list_contains(e.target_codes, ?) "
            "OR list_contains(e.source_countries, ?) OR list_contains(e.target_countries, ?))"
            for _ in given
        ]
        if check_actors(actors) == "state":
            clauses.append(state_only_sql("e"))
        where = "WHERE " + " AND ".join(clauses)
        params = [t for t in given for _ in range(4)]
        build(self._con, QUERY, self.weights, self.layout, level="any", where=where, params=params)
        self._query_tokens = [*given, actors]
        return QUERY

    def _df(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return self._con.execute(sql, list(params)).df()

    # ------------------------------------------------------------------ events

    def events(
        self,
        *,
        actor: str | None = None,
        partner: str | None = None,
        period: PeriodLike = None,
        type: str | None = None,
        cameo: str | None = None,
        quad_class: int | None = None,
        modality: str | None = None,
        min_confidence: float | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Stored events with their day and modality weight, oldest first.

        ``actor`` and ``partner`` match a code or a country on either side (``partner``
        on the other side from ``actor``); ``period`` filters the event's day.
        """
        mod_sql, params = modality_case(self.weights)
        where: list[str] = []
        actor_conditions(actor, partner if actor is not None else None, where, params)
        for column, value in (
            ("e.type", type),
            ("e.cameo", cameo),
            ("e.quad_class", quad_class),
            ("e.modality", modality),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if min_confidence is not None:
            where.append("e.confidence >= ?")
            params.append(min_confidence)
        window_where, window_params = _in_window(periods.parse_period(period), "day")
        sql = f"""
            SELECT * FROM (
                SELECT e.event_id, {DAY_SQL} AS day, e.type, e.cameo, e.goldstein, e.quad_class,
                    e.source_codes, e.target_codes, e.source_countries, e.target_countries,
                    e.reciprocal, e.modality, {mod_sql} AS modality_weight, e.confidence,
                    e.trigger, e.sentence, d.doc_id, d.title, d.source, d.date AS doc_date,
                    e.sentence_index, e.trigger_start
                FROM events e JOIN documents d ON d.doc_key = e.doc_key
                WHERE {_and(where)}
            )
            WHERE {_and(window_where)}
            ORDER BY day NULLS LAST, doc_id, sentence_index, trigger_start, event_id"""
        params += window_params
        if limit is not None:
            if limit < 0:
                raise RelationsError(f"limit must be 0 or more, not {limit}")
            sql += " LIMIT ?"
            params.append(limit)
        return self._df(sql, params).drop(columns=["sentence_index", "trigger_start"])

    # ------------------------------------------------------------------ dyads

    def _pair_rows(
        self, tables: Tables, a: str, b: str | None, direction: Direction, window: Window
    ) -> tuple[str, list[Any]]:
        """SQL for the pair rows of ``a`` with ``b``, or with anyone (``x`` is ``a``, ``y`` is
        ``*``). Pairs are stored once, ``x < y``, with the role of ``x``."""
        if direction not in ("both", "out", "in"):
            raise RelationsError(f"direction must be both, out or in, not {direction!r}")
        # What ``a`` must have done: out = acted (S, R as x; T, R as y); in = the reverse.
        not_as_x = {"both": None, "out": "T", "in": "S"}[direction]
        not_as_y = {"both": None, "out": "S", "in": "T"}[direction]
        window_where, window_params = _in_window(window, "day")
        if b is not None:
            lo, hi = sorted((a, b))
            where = ["x = ?", "y = ?"]
            params: list[Any] = [lo, hi]
            refused = not_as_x if a == lo else not_as_y
            if refused is not None:
                where.append(f"role <> '{refused}'")
            sql = f"SELECT * FROM {tables.pairs} WHERE {_and(where + window_where)}"
            return sql, params + window_params
        as_x = "x = ?" + (f" AND role <> '{not_as_x}'" if not_as_x else "")
        as_y = "y = ?" + (f" AND role <> '{not_as_y}'" if not_as_y else "")
        sql = (
            f"SELECT * REPLACE (CAST(? AS VARCHAR) AS x, '*' AS y) FROM {tables.pairs} "
            f"WHERE (({as_x}) OR ({as_y})) AND {_and(window_where)}"
        )
        return sql, [a, a, a, *window_params]

    def _stats(self, rows_sql: str, params: Sequence[Any]) -> pd.DataFrame:
        """Per (x, y): stories, weight, score, distinct documents and outlets, top outlet share.

        A story in k documents gives each document's outlet 1/k of it; ``top_source_share``
        is the largest share one outlet has of the stories.
        """
        sql = f"""
            WITH r AS MATERIALIZED (
                SELECT x, y, story, any_value(w) AS w, any_value(goldstein) AS goldstein,
                    any_value(docs) AS docs, any_value(outlets) AS outlets
                FROM ({rows_sql}) GROUP BY x, y, story
            ),
            base AS (
                SELECT x, y, count(*) AS n_events, sum(w) AS weight, sum(w * goldstein) AS score
                FROM r GROUP BY x, y
            ),
            dd AS (
                SELECT x, y, count(DISTINCT d) AS n_docs
                FROM (SELECT x, y, unnest(docs) AS d FROM r) GROUP BY x, y
            ),
            oo AS (
                SELECT x, y, o, sum(1.0 / len(outlets)) AS share
                FROM (SELECT x, y, outlets, unnest(outlets) AS o FROM r) GROUP BY x, y, o
            ),
            ss AS (SELECT x, y, count(*) AS n_sources, max(share) AS top FROM oo GROUP BY x, y)
            SELECT base.x, base.y, n_events, weight, score,
                coalesce(n_docs, 0) AS n_docs, coalesce(n_sources, 0) AS n_sources,
                top / n_events AS top_source_share
            FROM base LEFT JOIN dd USING (x, y) LEFT JOIN ss USING (x, y)"""
        return self._df(sql, params)

    def _series_sql(
        self,
        rows_sql: str,
        params: Sequence[Any],
        by: By,
        weighted: bool,
        *,
        dedupe: bool,
    ) -> tuple[str, list[Any]]:
        """SQL per period: counts by QuadClass and PLOVER type, weight, score; and the totals
        of the whole window (``total_docs``, ``total_sources``, ``top_share``, the same on
        every row) from the same scan. ``dedupe`` counts a story once when it has several rows
        (several partners). Periods without events have no row."""
        if weighted:
            quads = [
                f"coalesce(sum(w) FILTER (WHERE quad_class = {q}), 0.0) AS {name}"
                for q, name in enumerate(QUAD_COLUMNS, start=1)
            ]
            types = [f"coalesce(sum(w) FILTER (WHERE type = ?), 0.0) AS {n}" for n in TYPE_COLUMNS]
        else:
            quads = [
                f"count(*) FILTER (WHERE quad_class = {q}) AS {name}"
                for q, name in enumerate(QUAD_COLUMNS, start=1)
            ]
            types = [f"count(*) FILTER (WHERE type = ?) AS {n}" for n in TYPE_COLUMNS]
        columns = "day, type, quad_class, goldstein, w, n_mentions, docs, outlets"
        stories = (
            f"SELECT story, {', '.join(f'any_value({c}) AS {c}' for c in columns.split(', '))} "
            f"FROM ({rows_sql}) GROUP BY story"
            if dedupe
            else f"SELECT {columns} FROM ({rows_sql})"
        )
        sql = f"""
            WITH s AS MATERIALIZED (
                SELECT date_trunc(?, day)::DATE AS period_start, * FROM ({stories})
            ),
            agg AS (
                SELECT period_start, count(*) AS n_events,
                    sum(n_mentions) AS n_mentions, sum(w) AS weight, sum(w * goldstein) AS score,
                    coalesce(sum(w * goldstein) FILTER (WHERE goldstein > 0), 0.0) AS cooperation,
                    coalesce(sum(w * goldstein) FILTER (WHERE goldstein < 0), 0.0) AS conflict,
                    {", ".join(quads)}, {", ".join(types)}
                FROM s GROUP BY period_start
            ),
            dd AS (
                SELECT period_start, count(DISTINCT d) AS n_docs
                FROM (SELECT period_start, unnest(docs) AS d FROM s)
                GROUP BY GROUPING SETS ((period_start), ())
            ),
            oo AS (
                SELECT period_start, count(DISTINCT o) AS n_sources
                FROM (SELECT period_start, unnest(outlets) AS o FROM s)
                GROUP BY GROUPING SETS ((period_start), ())
            ),
            shares AS (
                SELECT sum(1.0 / len(outlets)) AS share
                FROM (SELECT outlets, unnest(outlets) AS o FROM s) GROUP BY o
            )
            SELECT agg.*, coalesce(dd.n_docs, 0) AS n_docs, coalesce(oo.n_sources, 0) AS n_sources,
                (SELECT n_docs FROM dd WHERE period_start IS NULL) AS total_docs,
                (SELECT n_sources FROM oo WHERE period_start IS NULL) AS total_sources,
                (SELECT max(share) FROM shares) AS top_share
            FROM agg
            LEFT JOIN dd ON dd.period_start = agg.period_start
            LEFT JOIN oo ON oo.period_start = agg.period_start
            ORDER BY agg.period_start"""
        return sql, [by, *params, *PLOVER_ROOTS]

    def _series_frame(
        self,
        rows_sql: str,
        params: Sequence[Any],
        by: By,
        weighted: bool,
        *,
        dedupe: bool,
    ) -> tuple[pd.DataFrame, dict[str, float]]:
        """Per period (``_series_sql``) as a frame, and the totals of the whole window."""
        sql, sql_params = self._series_sql(rows_sql, params, by, weighted, dedupe=dedupe)
        found = self._df(sql, sql_params)
        totals: dict[str, float] = {"n_docs": 0, "n_sources": 0, "top_share": math.nan}
        if not found.empty:
            first = found.iloc[0]
            totals = {
                "n_docs": int(first["total_docs"]),
                "n_sources": int(first["total_sources"]),
                "top_share": float(first["top_share"]) / int(found["n_events"].sum()),
            }
        return found.drop(columns=["total_docs", "total_sources", "top_share"]), totals

    def _fill(self, found: pd.DataFrame, by: By, window: Window, weighted: bool) -> pd.DataFrame:
        """Every period of the window (or of the data) as a row; no events, no index."""
        found["period_start"] = pd.to_datetime(found["period_start"])
        if found.empty and (window.start is None or window.end is None):
            starts: list[date] = []
        else:
            observed = [ts.date() for ts in found["period_start"]]
            first = window.start or min(observed)
            last = (window.end - timedelta(days=1)) if window.end else max(observed)
            starts = periods.starts(first, last, by)
        full = pd.DatetimeIndex(pd.to_datetime(starts), name="period_start")
        frame = found.set_index("period_start").reindex(full, fill_value=0).reset_index()
        counts = [c for c in frame.columns if c != "period_start"]
        floats = {"weight", "score", "cooperation", "conflict"}
        if weighted:
            floats |= {*QUAD_COLUMNS, *TYPE_COLUMNS}
        frame = frame.astype({c: float if c in floats else "int64" for c in counts})
        with np.errstate(divide="ignore", invalid="ignore"):
            index = frame["score"] / (frame["weight"] + self.weights.index_prior)
        frame["index"] = index.where(frame["n_events"] > 0)
        frame["period"] = [periods.label(ts.date(), by) for ts in frame["period_start"]]
        return frame

    def dyad(
        self,
        a: str,
        b: str | None = None,
        *,
        by: By = "month",
        period: PeriodLike = None,
        direction: Direction = "both",
        weighted: bool = False,
        actors: Actors = "all",
    ) -> pd.DataFrame:
        """The relation of ``a`` with ``b`` (or with every other actor) period by period.

        ``a`` and ``b`` are ISO-3 countries (every actor of the country counts) or actor
        codes (``VENGOV``). ``direction``: ``both`` (each story once), ``out`` (what ``a``
        did to ``b``) or ``in``; reciprocal events count in both directions. Counts by
        QuadClass and PLOVER type are stories, or their weights with ``weighted=True``.
        ``df.attrs["summary"]`` holds :meth:`index`'s row for the same question.
        ``actors="state"`` counts only the events whose both sides are states (``state.py``).
        """
        by = periods.check_by(by)
        window = periods.parse_period(period)
        tables = self._tables_for(a, b, actors=actors)
        rows_sql, params = self._pair_rows(tables, a, b, direction, window)
        found, totals = self._series_frame(rows_sql, params, by, weighted, dedupe=b is None)
        frame = self._fill(found, by, window, weighted)
        frame["a"] = a
        frame["b"] = b if b is not None else "*"
        frame = frame[list(SERIES_COLUMNS)]
        active = frame[frame["n_events"] > 0]
        trend = theil_sen(
            [periods.ordinal(ts.date(), by) for ts in active["period_start"]],
            list(active["index"]),
        )
        frame.attrs["summary"] = self._summary_row(
            a,
            b or "*",
            window,
            by,
            int(frame["n_events"].sum()),
            int(totals["n_docs"]),
            int(totals["n_sources"]),
            totals["top_share"],
            float(frame["weight"].sum()),
            float(frame["score"].sum()),
            trend,
        )
        return frame

    def dyad_series(
        self,
        a: str,
        b: str | None = None,
        *,
        by: By = "month",
        period: PeriodLike = None,
        direction: Direction = "both",
        weighted: bool = False,
        max_periods: int | None = None,
        actors: Actors = "all",
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """:meth:`dyad` without pandas, for a server: its rows as dicts (``SERIES_COLUMNS``,
        ``period_start`` a date, ``index`` NaN where a period has no events) and its summary.

        DuckDB aggregates the periods; the periods without events are filled in here. With
        ``max_periods``, more periods than that raise RelationsError before any is filled.
        """
        by = periods.check_by(by)
        window = periods.parse_period(period)
        tables = self._tables_for(a, b, actors=actors)
        rows_sql, params = self._pair_rows(tables, a, b, direction, window)
        sql, sql_params = self._series_sql(rows_sql, params, by, weighted, dedupe=b is None)
        cursor = self._con.execute(sql, sql_params)
        names = [str(d[0]) for d in cursor.description or ()]
        found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        totals: dict[str, float] = {"n_docs": 0, "n_sources": 0, "top_share": math.nan}
        if found:
            first_row = found[0]
            top = first_row["top_share"]
            totals = {
                "n_docs": int(first_row["total_docs"]),
                "n_sources": int(first_row["total_sources"]),
                "top_share": math.nan
                if top is None
                else float(top) / sum(int(r["n_events"]) for r in found),
            }
        counts = [
            n
            for n in names
            if n not in ("period_start", "total_docs", "total_sources", "top_share")
        ]
        floats = {"weight", "score", "cooperation", "conflict"}
        if weighted:
            floats |= {*QUAD_COLUMNS, *TYPE_COLUMNS}
        by_start = {r["period_start"]: r for r in found}
        if not found and (window.start is None or window.end is None):
            first: date | None = None
            last: date | None = None
        else:
            first = window.start or min(by_start)
            last = (window.end - timedelta(days=1)) if window.end else max(by_start)
        starts: list[date] = []
        if first is not None and last is not None:
            n_periods = (
                periods.ordinal(periods.truncate(last, by), by)
                - periods.ordinal(periods.truncate(first, by), by)
                + 1
            )
            if max_periods is not None and n_periods > max_periods:
                raise RelationsError(
                    f"more than {max_periods} periods of one {by}: "
                    "use a coarser by or a shorter window"
                )
            starts = periods.starts(first, last, by)
        prior = self.weights.index_prior
        other = b if b is not None else "*"
        rows: list[dict[str, Any]] = []
        for start in starts:
            got = by_start.get(start)
            values = {
                c: (float if c in floats else int)(got[c] if got is not None else 0) for c in counts
            }
            denominator = values["weight"] + prior
            index = (
                values["score"] / denominator
                if values["n_events"] > 0 and denominator != 0
                else math.nan
            )
            rows.append(
                {"a": a, "b": other, "period": periods.label(start, by), "period_start": start}
                | {c: values[c] for c in SERIES_COLUMNS if c in values}
                | {"index": index}
            )
        rows = [{c: r[c] for c in SERIES_COLUMNS} for r in rows]
        active = [r for r in rows if r["n_events"] > 0]
        trend = theil_sen(
            [periods.ordinal(r["period_start"], by) for r in active],
            [r["index"] for r in active],
        )
        summary = self._summary_row(
            a,
            other,
            window,
            by,
            sum(r["n_events"] for r in rows),
            int(totals["n_docs"]),
            int(totals["n_sources"]),
            totals["top_share"],
            float(sum(r["weight"] for r in rows)),
            float(sum(r["score"] for r in rows)),
            trend,
        )
        return rows, summary

    def _summary_row(
        self,
        a: str,
        b: str,
        window: Window,
        by: str,
        n_events: int,
        n_docs: int,
        n_sources: int,
        share: float,
        weight: float,
        score: float,
        trend: Trend,
    ) -> dict[str, Any]:
        thin = self.weights.thin
        is_thin = (
            n_events < thin.min_events
            or trend.n_periods < thin.min_periods
            or (not math.isnan(share) and share > thin.max_source_share)
        )
        return {
            "a": a,
            "b": b,
            "period": window.label,
            "by": by,
            "n_events": n_events,
            "n_docs": n_docs,
            "n_sources": n_sources,
            "top_source_share": share,
            "weight": weight,
            "score": score,
            "index": relation_index(score, weight, self.weights.index_prior)
            if n_events
            else math.nan,
            "n_periods": trend.n_periods,
            "slope": trend.slope,
            "slope_low": trend.low,
            "slope_high": trend.high,
            "trend": trend.direction,
            "thin": bool(is_thin),
        }

    def index(
        self,
        a: str,
        b: str | None = None,
        *,
        by: By = "month",
        period: PeriodLike = None,
        direction: Direction = "both",
        actors: Actors = "all",
    ) -> pd.DataFrame:
        """One row: the relationship index of the whole period, its trend over periods of
        ``by`` (Theil–Sen slope, Sen's 95 % interval) and how sure it is (``thin``)."""
        series = self.dyad(a, b, by=by, period=period, direction=direction, actors=actors)
        return pd.DataFrame([series.attrs["summary"]], columns=list(SUMMARY_COLUMNS))

    def _edges(self, window: Window, actors: Actors = "all") -> pd.DataFrame:
        """Undirected dyads (``a < b``) of a window with their stories, weight and score."""
        t = self._base(actors)
        if window.month_aligned:
            where, params = _in_window(window, "month")
            sql = f"""
                SELECT x AS a, y AS b, sum(n)::BIGINT AS n_events, sum(w) AS weight,
                    sum(wg) AS score, sum(wg_coop) AS cooperation, sum(wg_conflict) AS conflict
                FROM {t.months} WHERE x < y AND {_and(where)} GROUP BY x, y"""
        else:
            where, params = _in_window(window, "day")
            sql = f"""
                SELECT x AS a, y AS b, count(*) AS n_events, sum(w) AS weight,
                    sum(w * goldstein) AS score,
                    coalesce(sum(w * goldstein) FILTER (WHERE goldstein > 0), 0.0) AS cooperation,
                    coalesce(sum(w * goldstein) FILTER (WHERE goldstein < 0), 0.0) AS conflict
                FROM {t.pairs} WHERE {_and(where)} GROUP BY x, y"""
        edges = self._df(sql, params)
        prior = self.weights.index_prior
        edges["index"] = edges["score"] / (edges["weight"] + prior)  # relation_index, vectorised
        return edges.sort_values(["a", "b"], ignore_index=True)

    def dyads(
        self,
        period: PeriodLike = None,
        *,
        top: int = 20,
        actor: str | None = None,
        by: By | None = None,
    ) -> pd.DataFrame:
        """The ``top`` most active dyads of a period (by weight), with index, trend and thinness.

        The trend is read over sub-periods ``by``: years for all time or a window of two years
        or more, months for shorter windows of two months or more, else weeks.
        """
        window = periods.parse_period(period)
        if by is None:
            days = window.days
            by = "year" if days is None or days >= 730 else "month" if days >= 59 else "week"
        by = periods.check_by(by)
        edges = self._edges(window)
        if actor is not None:
            edges = edges[(edges["a"] == actor) | (edges["b"] == actor)]
        edges = edges.sort_values(
            ["weight", "n_events", "a", "b"], ascending=[False, False, True, True]
        ).head(top)
        if edges.empty:
            return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
        keys = [list(edges["a"]), list(edges["b"])]
        t = self._tables
        if window.month_aligned and by in ("month", "quarter", "year"):
            where, wparams = _in_window(window, "month")
            sql = f"""
                SELECT x, y, date_trunc(?, month)::DATE AS p, sum(n) AS n, sum(w) AS w,
                    sum(wg) AS wg
                FROM {t.months} {_KEY_JOIN} WHERE {_and(where)} GROUP BY ALL"""
        else:
            where, wparams = _in_window(window, "day")
            sql = f"""
                SELECT x, y, date_trunc(?, day)::DATE AS p, count(*) AS n, sum(w) AS w,
                    sum(w * goldstein) AS wg
                FROM {t.pairs} {_KEY_JOIN} WHERE {_and(where)} GROUP BY ALL"""
        sub = self._df(sql, [by, *keys, *wparams])
        stats = self.dyad_sources(list(zip(keys[0], keys[1], strict=True)), window)
        stats_by_key = {(r.a, r.b): r for r in stats.itertuples(index=False)}
        prior = self.weights.index_prior
        rows: list[dict[str, Any]] = []
        for edge in edges.itertuples(index=False):
            mine = sub[(sub["x"] == edge.a) & (sub["y"] == edge.b)].sort_values("p")
            trend = theil_sen(
                [periods.ordinal(pd.Timestamp(p).date(), by) for p in mine["p"]],
                [relation_index(s, w, prior) for s, w in zip(mine["wg"], mine["w"], strict=True)],
            )
            st = stats_by_key.get((edge.a, edge.b))
            rows.append(
                self._summary_row(
                    str(edge.a),
                    str(edge.b),
                    window,
                    by,
                    int(edge.n_events),
                    int(st.n_docs) if st is not None else 0,
                    int(st.n_sources) if st is not None else 0,
                    float(st.top_source_share) if st is not None else math.nan,
                    float(edge.weight),
                    float(edge.score),
                    trend,
                )
            )
        return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))

    def dyad_sources(
        self,
        dyads: Sequence[tuple[str, str]],
        period: PeriodLike = None,
        *,
        actors: Actors = "all",
    ) -> pd.DataFrame:
        """For each undirected country dyad: distinct documents and outlets behind its stories
        in the period, and the largest share of its stories one outlet has (rows keyed by the
        dyad's countries in alphabetical order, ``a < b``); ``actors="state"``: governments
        only."""
        if not dyads:
            return pd.DataFrame(columns=["a", "b", "n_docs", "n_sources", "top_source_share"])
        ordered = [tuple(sorted(pair)) for pair in dyads]  # pairs are stored as x < y
        keys = [[a for a, _ in ordered], [b for _, b in ordered]]
        where, params = _in_window(periods.parse_period(period), "day")
        stats = self._stats(
            f"SELECT * FROM {self._base(actors).pairs} {_KEY_JOIN} WHERE {_and(where)}",
            [*keys, *params],
        )
        stats = stats.rename(columns={"x": "a", "y": "b"})
        return stats[["a", "b", "n_docs", "n_sources", "top_source_share"]]

    # ------------------------------------------------------------------ alignment

    def network(
        self, period: PeriodLike = None, *, min_events: int = 1, actors: Actors = "all"
    ) -> pd.DataFrame:
        """The signed network of a period: one row per dyad with at least ``min_events``
        stories; its edge weight is ``score`` (the weighted Goldstein sum). ``actors="state"``
        counts only the events whose both sides are states (``state.py``)."""
        edges = self._edges(periods.parse_period(period), actors)
        return edges[edges["n_events"] >= min_events].reset_index(drop=True)

    def blocs(
        self,
        period: PeriodLike = None,
        *,
        min_events: int = 1,
        seed: int = 0,
        restarts: int = 4,
        actors: Actors = "all",
    ) -> pd.DataFrame:
        """Alignment blocs of a period by signed modularity (``blocs.py``), one row per state.

        ``df.attrs`` holds ``modularity``, ``frustration`` (share of absolute weight the
        partition disagrees with), ``n_blocs`` and ``period``.
        """
        window = periods.parse_period(period)
        edges = self.network(window, min_events=min_events, actors=actors)
        edges = edges[edges["score"] != 0]
        names = pd.Index(pd.concat([edges["a"], edges["b"]]).unique()).sort_values()
        nodes = [str(n) for n in names]
        w = np.zeros((len(nodes), len(nodes)))
        rows_i = names.get_indexer(edges["a"])
        rows_j = names.get_indexer(edges["b"])
        scores = edges["score"].to_numpy(dtype=float)
        w[rows_i, rows_j] = scores
        w[rows_j, rows_i] = scores
        found = partition(nodes, w, seed=seed, restarts=restarts)
        labels = np.array(found.blocs, dtype=int)
        same = labels[:, None] == labels[None, :]
        frame = pd.DataFrame(
            {
                "country": nodes,
                "bloc": labels,
                "partners": (w != 0).sum(axis=1),
                "cooperation": np.clip(w, 0, None).sum(axis=1),
                "conflict": np.clip(w, None, 0).sum(axis=1),
                "within": np.where(same, w, 0.0).sum(axis=1),
                "between": np.where(same, 0.0, w).sum(axis=1),
            }
        ).sort_values(["bloc", "country"], ignore_index=True)
        frame.attrs.update(
            {
                "modularity": found.modularity,
                "frustration": found.frustration,
                "n_blocs": len(set(found.blocs)),
                "period": window.label,
            }
        )
        return frame

    def _profiles(self, window: Window, direction: Direction) -> pd.DataFrame:
        """Per ordered pair: stories, weight and score, of what ``x`` did (``out``) or of all."""
        if direction not in ("out", "both"):
            raise RelationsError(f"similarity direction must be out or both, not {direction!r}")
        t = self._tables
        if window.month_aligned:
            n, w, wg = ("n_out", "w_out", "wg_out") if direction == "out" else ("n", "w", "wg")
            where, params = _in_window(window, "month")
            sql = f"""
                SELECT x, y, sum({n}) AS n, sum({w}) AS w, sum({wg}) AS wg FROM {t.months}
                WHERE {_and(where)} GROUP BY x, y HAVING sum({n}) > 0"""
        else:
            role = "role <> 'T'" if direction == "out" else "true"
            where, params = _in_window(window, "day")
            sql = f"""
                SELECT x, y, count(*) AS n, sum(w) AS w, sum(w * goldstein) AS wg
                FROM (
                    SELECT x, y, role, w, goldstein FROM {t.pairs} WHERE {_and(where)}
                    UNION ALL
                    SELECT y, x, CASE role WHEN 'S' THEN 'T' WHEN 'T' THEN 'S' ELSE 'R' END,
                        w, goldstein
                    FROM {t.pairs} WHERE {_and(where)}
                )
                WHERE {role} GROUP BY x, y"""
            params = params + params
        frame = self._df(sql, params)
        prior = self.weights.index_prior
        # relation_index / 10, vectorised: the position of x toward y, -1 .. 1.
        frame["value"] = (frame["wg"] / (10.0 * (frame["w"] + prior))).clip(-1.0, 1.0)
        return frame

    def profile(
        self, a: str, b: str, period: PeriodLike = None, *, direction: Direction = "out"
    ) -> pd.DataFrame:
        """How ``a`` and ``b`` each act toward every third party either of them deals with:
        ``a_value`` and ``b_value`` are their shrunken mean Goldstein scores / 10 (−1..1)."""
        frame = self._profiles(periods.parse_period(period), direction)
        mine = frame[frame["x"].isin([a, b]) & ~frame["y"].isin([a, b])]
        thirds = sorted(set(mine["y"]))
        out = pd.DataFrame({"third": thirds})
        for who, name in ((a, "a"), (b, "b")):
            own = mine[mine["x"] == who].set_index("y")
            out[f"{name}_value"] = [float(own["value"].get(k, 0.0)) for k in thirds]
            out[f"{name}_events"] = [int(own["n"].get(k, 0)) for k in thirds]
        out["difference"] = (out["a_value"] - out["b_value"]).abs()
        return out.sort_values(["difference", "third"], ascending=[False, True], ignore_index=True)

    def similarity(
        self,
        a: str,
        b: str | None = None,
        period: PeriodLike = None,
        *,
        direction: Direction = "out",
    ) -> pd.DataFrame:
        """S-score of the foreign-policy profiles of ``a`` and ``b`` (or of ``a`` and every
        state, best first): ``1 - mean |a_k - b_k|`` over the third parties ``k`` either one
        deals with, ``a_k`` being ``a``'s shrunken mean Goldstein score toward ``k`` / 10.
        1: they act alike toward everyone; 0: unrelated; −1: opposite everywhere."""
        window = periods.parse_period(period)
        frame = self._profiles(window, direction)
        names = pd.Index(pd.concat([frame["x"], frame["y"]]).unique()).sort_values()
        m = len(names)
        value = np.zeros((m, m))
        present = np.zeros((m, m), dtype=bool)
        rows_x, cols_y = names.get_indexer(frame["x"]), names.get_indexer(frame["y"])
        value[rows_x, cols_y] = frame["value"].to_numpy(dtype=float)
        present[rows_x, cols_y] = frame["n"].to_numpy() > 0
        others = [b] if b is not None else [str(n) for n in names if n != a]
        here = names.get_indexer([a, *others])
        ia, io = here[0], here[1:]
        out = pd.DataFrame({"a": a, "b": others, "period": window.label})
        if ia < 0:
            out["s_score"], out["n_third"], out["n_shared"] = math.nan, 0, 0
            return out
        # Third parties of each pair: either state deals with them; neither state itself.
        known = io >= 0
        rows = np.where(known, io, 0)
        third = present[ia][None, :] | present[rows]
        shared = present[ia][None, :] & present[rows]
        for mask in (third, shared):
            mask[:, ia] = False
            mask[np.arange(len(rows)), rows] = False
            mask[~known] = False
        n_third = third.sum(axis=1)
        distance = (np.abs(value[ia][None, :] - value[rows]) * third).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            out["s_score"] = np.where(n_third > 0, 1.0 - distance / n_third, np.nan)
        out["n_third"] = n_third
        out["n_shared"] = shared.sum(axis=1)
        if b is None:
            out = out.sort_values(["s_score", "b"], ascending=[False, True], ignore_index=True)
        return out

    # ------------------------------------------------------------------ evidence and briefs

    def evidence(self, event_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Sentence, codes and document of each event, by event id."""
        if not event_ids:
            return {}
        frame = reads.evidence_frame(self._con, event_ids)
        out: dict[str, dict[str, Any]] = {}
        for row in frame.to_dict(orient="records"):
            row["date"] = None if pd.isna(row["date"]) else pd.Timestamp(row["date"]).date()
            for side in ("source_codes", "target_codes"):
                row[side] = [] if row[side] is None else [str(c) for c in row[side]]
            out[str(row["event_id"])] = row
        return out

    def documents_by_hash(self, doc_hashes: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Documents (doc_id, title, source, date) by the hashes the derived tables keep of
        their keys. One query for many: it hashes every document key once."""
        wanted = sorted({int(h) for h in doc_hashes})
        if not wanted:
            return {}
        frame = reads.documents_by_hash_frame(self._con, wanted)
        out: dict[int, dict[str, Any]] = {}
        for doc in frame.to_dict(orient="records"):
            key = int(doc.pop("h"))
            doc["date"] = None if pd.isna(doc["date"]) else pd.Timestamp(doc["date"]).date()
            for name in ("title", "source"):
                if pd.isna(doc[name]):
                    doc[name] = None
            out[key] = doc
        return out

    def day_range(self) -> tuple[date | None, date | None]:
        """The days of the first and the latest story in the store."""
        row = self._con.execute(f"SELECT min(day), max(day) FROM {self._tables.stories}").fetchone()
        return (None, None) if row is None else (row[0], row[1])

    def latest_day(self) -> date | None:
        """The day of the latest story in the store."""
        row = self._con.execute(f"SELECT max(day) FROM {self._tables.stories}").fetchone()
        return None if row is None or row[0] is None else row[0]

    def country_of(self, actor: str) -> str:
        """The country of an actor code (``VENGOV`` -> ``VEN``); a country stays itself."""
        if self._is_country(actor):
            return actor
        country = reads.actor_country(self._con, actor)
        if country is None:
            raise RelationsError(f"no country known for actor {actor!r}")
        return country

    def brief(
        self,
        since: date | str,
        *,
        until: date | str | None = None,
        actor: str | None = None,
        top: int = 5,
        evidence: int = 2,
        actors: Actors = "all",
    ) -> Brief:
        """What changed since ``since``: see :func:`realpolitik.relations.briefing.make_brief`;
        ``actors="state"``: only the events between governments (``state.py``)."""
        from .briefing import make_brief

        return make_brief(
            self, since, until=until, actor=actor, top=top, evidence=evidence, actors=actors
        )

    # Used by brief.py: the derived tables and the connection, read-only.
    @property
    def tables(self) -> Tables:
        return self._tables

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run a parameterised read query on the store; a DataFrame of its rows."""
        return self._df(sql, params)


def open(
    db_path: Path | str,
    weights: WeightsLike = None,
    *,
    summaries: Summaries = "auto",
    read_only: bool = False,
) -> Relations:
    """Open a realpolitik store for relations.

    ``weights``: a YAML file or dict laid over ``data/weights.yaml``. ``summaries``:
    ``auto`` uses persisted summary tables when they are up to date, builds and persists them
    for a writable store of 100,000 events or more, and otherwise builds temporary ones;
    ``live`` always builds temporary ones; ``persist`` always keeps them in the store.
    ``read_only`` lets other processes read the store at the same time.
    """
    return Relations.open(db_path, weights, summaries=summaries, read_only=read_only)


def build_summaries(
    db_path: Path | str, weights: WeightsLike = None, *, force: bool = False
) -> dict[str, Any]:
    """Build (or bring up to date) the persisted summary tables of a store; what they hold.

    ``force`` rebuilds them even when they are up to date (after an upgrade of realpolitik
    that changed how they are made without changing their version, for instance).
    """
    if force:
        with EventStore.open_existing(db_path) as store:
            drop_persisted(store.connection)
    with Relations.open(db_path, weights, summaries="persist") as rel:
        counts = {
            name: int(rel.query(f"SELECT count(*) AS n FROM {name}")["n"].iloc[0])
            for name in (PERSISTED.stories, PERSISTED.pairs, PERSISTED.months)
        }
        return {"path": str(rel.path), "weights": rel.weights.store_key(), "rows": counts}
