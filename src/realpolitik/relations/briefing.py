"""The morning brief: what changed between states since a date, with the sentences that say so.

For the window ``since .. until`` against the window of equal length just before it:

- the dyads whose relationship index rose or fell most (dyads with stories in the window);
- arms transfers reported in the window: the records of the store's ``transfers`` table when
  it has one, then COOPERATE/AID stories with context ``military`` that no record covers;
- agreements (AGREE, or CAMEO 057 "sign formal agreement") reported in the window;

each with its strongest evidence (confidence × weight) and the documents behind it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..jsonsafe import plain
from . import periods
from .periods import Window
from .state import STATE_SECTORS, Actors, check_actors, state_only_sql
from .trend import relation_index

if TYPE_CHECKING:
    from .api import Relations
    from .tables import Tables

# Conditions on a story ``{s}`` (its best mention's type, CAMEO code and context).
AGREEMENT_SQL = "({s}.type = 'AGREE' OR {s}.cameo = '057')"
TRANSFER_SQL = "({s}.type IN ('COOPERATE', 'AID') AND {s}.context = 'military')"
# Documents listed under one piece of evidence.
DOCS_SHOWN = 3
# Columns of a transfers table the brief shows when they are there.
TRANSFER_COLUMNS: tuple[str, ...] = (
    "supplier",
    "recipient",
    "item",
    "category",
    "status",
    "year",
    "modality",
    "event_id",
)


@dataclass
class Brief:
    """A brief: plain data, rendered with :meth:`to_markdown` or :meth:`to_json`."""

    window: Window
    previous: Window
    actor: str | None
    totals: dict[str, int]
    rose: list[dict[str, Any]] = field(default_factory=list)
    fell: list[dict[str, Any]] = field(default_factory=list)
    transfers: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    actors: Actors = "all"  # "state": only the events between governments (state.py)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(
            {
                "window": self.window.to_dict(),
                "previous": self.previous.to_dict(),
                "actor": self.actor,
                "actors": self.actors,
                "totals": self.totals,
                "rose": self.rose,
                "fell": self.fell,
                "transfers": self.transfers,
                "agreements": self.agreements,
            }
        )
        return data

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Each section as a DataFrame (evidence left out)."""
        out: dict[str, pd.DataFrame] = {}
        for name in ("rose", "fell", "transfers", "agreements"):
            rows = [
                {k: v for k, v in item.items() if k != "evidence"} for item in getattr(self, name)
            ]
            out[name] = pd.DataFrame(rows)
        return out

    def to_markdown(self) -> str:
        return _markdown(self)


def _as_day(value: date | str) -> date:
    return value if isinstance(value, date) else periods.parse_period(value).start or date.min


class _Evidence:
    """The evidence a brief shows, read in two queries for the whole brief (events by id,
    documents by the hashes the derived tables keep) rather than two per item."""

    def __init__(self, rel: Relations) -> None:
        self._rel = rel
        self._asked: list[tuple[pd.DataFrame, int, list[dict[str, Any]]]] = []

    def ask(self, rows: pd.DataFrame, limit: int) -> list[dict[str, Any]]:
        """A list that :meth:`resolve` fills with up to ``limit`` entries for story ``rows``
        (best_event, day, docs, confidence, w, n_docs, n_sources), one per sentence."""
        out: list[dict[str, Any]] = []
        self._asked.append((rows, limit, out))
        return out

    def resolve(self) -> None:
        frames = [rows for rows, _, _ in self._asked]
        events = self._rel.evidence([str(e) for rows in frames for e in rows["best_event"]])
        documents = self._rel.documents_by_hash(
            int(h) for rows in frames for docs in rows["docs"] for h in list(docs)[:DOCS_SHOWN]
        )
        for rows, limit, out in self._asked:
            seen: set[tuple[str, str]] = set()
            for row in rows.itertuples(index=False):
                ev = events.get(str(row.best_event))
                if ev is None or len(out) >= limit:
                    continue
                hashes = dict.fromkeys(int(h) for h in list(row.docs)[:DOCS_SHOWN])
                docs = [documents[h] for h in hashes if h in documents]
                key = (str(ev["sentence"]), str(docs[0]["doc_id"]) if docs else "")
                if key in seen:
                    continue
                seen.add(key)
                out.append(
                    {
                        "event_id": str(row.best_event),
                        "sentence": ev["sentence"],
                        "trigger": ev["trigger"],
                        "type": ev["type"],
                        "cameo": ev["cameo"],
                        "goldstein": ev["goldstein"],
                        "modality": ev["modality"],
                        "confidence": round(float(row.confidence), 3),
                        "weight": round(float(row.w), 3),
                        "day": pd.Timestamp(row.day).date(),
                        "source_codes": ev["source_codes"],
                        "target_codes": ev["target_codes"],
                        "n_docs": int(row.n_docs),
                        "n_sources": int(row.n_sources),
                        "documents": docs,
                    }
                )


def _dyad_changes(
    rel: Relations,
    actors: Actors,
    window: Window,
    previous: Window,
    actor: str | None,
    top: int,
    evidence: _Evidence,
    per_dyad: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    now = rel.network(window, actors=actors)
    before = rel.network(previous, actors=actors)
    if actor is not None:
        now = now[(now["a"] == actor) | (now["b"] == actor)]
    if now.empty:
        return [], []
    merged = now.merge(
        before[["a", "b", "n_events", "weight", "score"]],
        on=["a", "b"],
        how="left",
        suffixes=("", "_before"),
    ).fillna({"n_events_before": 0, "weight_before": 0.0, "score_before": 0.0})
    prior = rel.weights.index_prior
    merged["index_before"] = [
        relation_index(s, w, prior) if n > 0 else 0.0
        for s, w, n in zip(
            merged["score_before"], merged["weight_before"], merged["n_events_before"], strict=True
        )
    ]
    merged["change"] = merged["index"] - merged["index_before"]
    # Dyads with enough stories in the window come first, then the thin ones.
    merged["few"] = merged["n_events"] < rel.weights.thin.min_events
    rose = merged[merged["change"] > 0].sort_values(
        ["few", "change", "a", "b"], ascending=[True, False, True, True]
    )
    fell = merged[merged["change"] < 0].sort_values(
        ["few", "change", "a", "b"], ascending=[True, True, True, True]
    )
    rose, fell = rose.head(top), fell.head(top)
    keys = [(a, b) for a, b in zip(rose["a"], rose["b"], strict=True)]
    keys += [(a, b) for a, b in zip(fell["a"], fell["b"], strict=True)]
    sources = rel.dyad_sources(keys, window, actors=actors).set_index(["a", "b"])
    thin = rel.weights.thin

    def items(frame: pd.DataFrame, sign: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for row in frame.itertuples(index=False):
            src = sources.loc[(row.a, row.b)] if (row.a, row.b) in sources.index else None
            n_sources = int(src["n_sources"]) if src is not None else 0
            share = float(src["top_source_share"]) if src is not None else math.nan
            out.append(
                {
                    "a": row.a,
                    "b": row.b,
                    "index": round(float(row.index), 3),
                    "index_before": round(float(row.index_before), 3),
                    "change": round(float(row.change), 3),
                    "n_events": int(row.n_events),
                    "n_events_before": int(row.n_events_before),
                    "n_docs": int(src["n_docs"]) if src is not None else 0,
                    "n_sources": n_sources,
                    "thin": bool(
                        row.n_events < thin.min_events
                        or (not math.isnan(share) and share > thin.max_source_share)
                    ),
                    "evidence": evidence.ask(
                        _dyad_stories(
                            rel, rel.tables_of(actors), row.a, row.b, window, sign, 4 * per_dyad
                        ),
                        per_dyad,
                    ),
                }
            )
        return out

    return items(rose, 1), items(fell, -1)


def _dyad_stories(
    rel: Relations, tables: Tables, a: str, b: str, window: Window, sign: int, limit: int
) -> pd.DataFrame:
    """The strongest stories of a dyad in the window, those that moved it the way it went
    first (cooperative for a rise, conflictual for a fall), by confidence × weight."""
    return rel.query(
        f"""
        SELECT best_event, day, docs, confidence, w, n_docs, n_sources
        FROM {tables.stories}
        WHERE day >= ? AND day < ? AND story IN (
            SELECT story FROM {tables.pairs} WHERE x = ? AND y = ? AND day >= ? AND day < ?
        )
        ORDER BY (sign(goldstein) = ?) DESC, confidence * w DESC, best_event
        LIMIT ?""",
        [window.start, window.end, a, b, window.start, window.end, sign, limit],
    )


def _story_items(
    rel: Relations,
    tables: Tables,
    condition: str,
    window: Window,
    actor: str | None,
    limit: int,
    kind: str,
    evidence: _Evidence,
) -> list[dict[str, Any]]:
    """Stories of one kind in the window, strongest first, each flagged ``first_report`` when
    no story of the kind had the same sources and targets before the window."""
    stories = tables.stories
    actor_sql = "AND (list_contains(s.src, ?) OR list_contains(s.tgt, ?))" if actor else ""
    params: list[Any] = [window.start, window.end, *([actor, actor] if actor else []), limit]
    rows = rel.query(
        f"""
        WITH cur AS (
            SELECT s.story, s.best_event, s.day, s.docs, s.confidence, s.w, s.n_docs,
                s.n_sources, s.src, s.tgt, s.reciprocal
            FROM {stories} s
            WHERE s.day >= ? AND s.day < ? AND s.wmod > 0
                AND (len(s.src) > 0 OR len(s.tgt) > 0) AND {condition.format(s="s")}
                {actor_sql}
            ORDER BY s.confidence * s.w DESC, s.best_event
            LIMIT ?
        ),
        seen AS (
            SELECT DISTINCT c.story
            FROM cur c JOIN {stories} p ON p.src = c.src AND p.tgt = c.tgt
            WHERE p.day < ? AND p.wmod > 0 AND {condition.format(s="p")}
        )
        SELECT cur.*, cur.story NOT IN (SELECT story FROM seen) AS first_report
        FROM cur ORDER BY confidence * w DESC, best_event""",
        [*params, window.start],
    )
    # type, cameo, modality and day come from the evidence once it is read (``_finish``).
    return [
        {
            "kind": kind,
            "sources": list(row.src),
            "targets": list(row.tgt),
            "reciprocal": bool(row.reciprocal),
            "event_id": str(row.best_event),
            "first_report": bool(row.first_report),
            "evidence": evidence.ask(rows.iloc[[k]], 1),
        }
        for k, row in enumerate(rows.itertuples(index=False))
    ]


def _finish(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Story items with their evidence read: its type, CAMEO code, modality and day."""
    out = []
    for item in items:
        if not item["evidence"]:
            continue
        ev = item["evidence"][0]
        head = {k: item[k] for k in ("kind", "sources", "targets", "reciprocal")}
        head.update({k: ev[k] for k in ("type", "cameo", "modality", "day")})
        out.append({**head, "first_report": item["first_report"], "evidence": item["evidence"]})
    return out


def _transfer_table_items(
    rel: Relations, window: Window, actor: str | None, limit: int, actors: Actors = "all"
) -> list[dict[str, Any]]:
    """Rows of the store's ``transfers`` table from documents dated in the window; with
    ``actors="state"``, only those whose event has a state on both sides (``state.py``)."""
    columns = [c for c in TRANSFER_COLUMNS if c in rel.layout.transfers]
    select = ", ".join(f"t.{c}" for c in columns)
    actor_sql = "AND (t.supplier = ? OR t.recipient = ?)" if actor else ""
    if actors == "state":
        actor_sql += (
            " AND EXISTS (SELECT 1 FROM events e WHERE e.event_id = t.event_id "
            f"AND {state_only_sql('e')})"
        )
    params: list[Any] = [window.start, window.start, window.end]
    if actor:
        params += [actor, actor]
    params.append(limit)
    rows = rel.query(
        f"""
        SELECT {select}, d.doc_id, d.title, d.source, d.date,
            NOT EXISTS (
                SELECT 1 FROM transfers p JOIN documents pd ON pd.doc_key = p.doc_key
                WHERE pd.date < ? AND p.supplier IS NOT DISTINCT FROM t.supplier
                    AND p.recipient IS NOT DISTINCT FROM t.recipient
            ) AS first_report
        FROM transfers t JOIN documents d ON d.doc_key = t.doc_key
        WHERE d.date >= ? AND d.date < ? {actor_sql}
        ORDER BY d.date DESC, d.doc_id
        LIMIT ?""",
        params,
    )
    found = rel.evidence([str(e) for e in rows["event_id"]]) if "event_id" in rows else {}
    out: list[dict[str, Any]] = []
    for row in rows.to_dict(orient="records"):
        doc = {k: row.pop(k) for k in ("doc_id", "title", "source", "date")}
        doc["date"] = None if pd.isna(doc["date"]) else pd.Timestamp(doc["date"]).date()
        ev = found.get(str(row.get("event_id")))
        item = {
            "kind": "transfer",
            "sources": [row.get("supplier")],
            "targets": [row.get("recipient")],
            "reciprocal": False,
            **{k: v for k, v in row.items() if k not in ("supplier", "recipient")},
            "evidence": [
                {
                    "event_id": row.get("event_id"),
                    "sentence": ev["sentence"] if ev else row.get("sentence"),
                    "type": ev["type"] if ev else None,
                    "cameo": ev["cameo"] if ev else None,
                    "documents": [doc],
                }
            ],
        }
        out.append(item)
    return out


def make_brief(
    rel: Relations,
    since: date | str,
    *,
    until: date | str | None = None,
    actor: str | None = None,
    top: int = 5,
    evidence: int = 2,
    actors: Actors = "all",
) -> Brief:
    """The brief of ``since .. until`` (default: the latest story in the store), compared
    with the as-long window before it; ``actor`` keeps what involves that country (an actor
    code is read as its country); ``actors="state"`` counts only the events whose both
    sides are states (``state.py``: governments only)."""
    check_actors(actors)
    start = periods.check_day(_as_day(since), "since")
    latest = rel.latest_day()
    end = _as_day(until) if until is not None else max(start, latest or start)
    periods.check_day(end, "until")
    window = periods.between(start, end)
    length = window.days or 1
    previous = periods.between(start - timedelta(days=length), start - timedelta(days=1))
    country = rel.country_of(actor) if actor else None
    tables = rel.tables_of(actors)
    found = _Evidence(rel)
    rose, fell = _dyad_changes(rel, actors, window, previous, country, top, found, evidence)
    # Transfer records of the store's transfers table, then transfer events no record covers
    # (documents stored before the table existed, or transfers the extractor left unrecorded).
    recorded: list[dict[str, Any]] = []
    needed = {"supplier", "recipient", "doc_key"} | ({"event_id"} if actors == "state" else set())
    if needed <= rel.layout.transfers:
        recorded = _transfer_table_items(rel, window, country, top * 2, actors)
    covered = {str(t["evidence"][0].get("event_id")) for t in recorded}
    events = [
        item
        for item in _story_items(
            rel, tables, TRANSFER_SQL, window, country, top * 2, "transfer", found
        )
        if item["event_id"] not in covered
    ]
    agreements = _story_items(
        rel, tables, AGREEMENT_SQL, window, country, top * 2, "agreement", found
    )
    found.resolve()
    transfers = (recorded + _finish(events))[: top * 2]
    return Brief(
        window=window,
        previous=previous,
        actor=country,
        totals=_totals(rel, tables, window, country),
        rose=rose,
        fell=fell,
        transfers=transfers,
        agreements=_finish(agreements),
        actors=actors,
    )


def _totals(rel: Relations, tables: Tables, window: Window, actor: str | None) -> dict[str, int]:
    actor_sql = "AND (list_contains(src, ?) OR list_contains(tgt, ?))" if actor else ""
    params: list[Any] = [window.start, window.end] + ([actor, actor] if actor else [])
    frame = rel.query(
        f"""
        WITH s AS (SELECT docs FROM {tables.stories}
                   WHERE day >= ? AND day < ? {actor_sql})
        SELECT (SELECT count(*) FROM s) AS stories,
            (SELECT count(DISTINCT d) FROM (SELECT unnest(docs) AS d FROM s)) AS documents""",
        params,
    )
    return {"stories": int(frame["stories"].iloc[0]), "documents": int(frame["documents"].iloc[0])}


# --------------------------------------------------------------------------- markdown


def _num(value: float) -> str:
    return f"{value:+.1f}" if not math.isnan(value) else "–"


def _quote(text: str | None, width: int = 240) -> str:
    if not text:
        return "(no sentence)"
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _doc_line(docs: Sequence[dict[str, Any]]) -> str:
    parts = []
    for doc in docs:
        bits = [f"*{doc['title']}*" if doc.get("title") else None, doc.get("source")]
        bits.append(doc["date"].isoformat() if doc.get("date") else None)
        bits.append(f"`{doc['doc_id']}`")
        parts.append(", ".join(b for b in bits if b))
    return "; ".join(parts)


def _evidence_lines(evidence: Sequence[dict[str, Any]]) -> list[str]:
    lines = []
    for ev in evidence:
        codes = " ".join(str(c) for c in (ev.get("type"), ev.get("cameo")) if c)
        how = ", ".join(
            str(b)
            for b in (
                codes or None,
                ev.get("modality"),
                f"confidence {ev['confidence']:.2f}" if ev.get("confidence") is not None else None,
                f"{ev['n_docs']} docs" if ev.get("n_docs", 0) > 1 else None,
            )
            if b
        )
        lines.append(f"  - “{_quote(ev.get('sentence'))}” ({how}) — {_doc_line(ev['documents'])}")
    return lines


def _dyad_section(title: str, items: Sequence[dict[str, Any]]) -> list[str]:
    lines = [f"## {title}", ""]
    if not items:
        return [*lines, "_None in this window._", ""]
    lines += [
        "| Dyad | Index now | Before | Change | Stories now (before) | Sources | |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for it in items:
        lines.append(
            f"| {it['a']}–{it['b']} | {_num(it['index'])} | {_num(it['index_before'])} | "
            f"{_num(it['change'])} | {it['n_events']} ({it['n_events_before']}) | "
            f"{it['n_sources']} | {'thin' if it['thin'] else ''} |"
        )
    lines.append("")
    for it in items:
        lines.append(f"- **{it['a']}–{it['b']}** {_num(it['change'])}")
        lines += _evidence_lines(it["evidence"])
    return [*lines, ""]


def _story_section(title: str, items: Sequence[dict[str, Any]]) -> list[str]:
    lines = [f"## {title}", ""]
    if not items:
        return [*lines, "_None in this window._", ""]
    for it in items:
        src = ", ".join(str(s) for s in it["sources"] if s) or "?"
        tgt = ", ".join(str(t) for t in it["targets"] if t) or "?"
        extra = [str(it[k]) for k in ("item", "status") if it.get(k)]
        flag = " — first report" if it.get("first_report") else ""
        what = " ".join(str(x) for x in (it.get("type"), it.get("cameo")) if x)
        arrow = "↔" if it.get("reciprocal") else "→"
        head = f"- **{src} {arrow} {tgt}** {what}".rstrip()
        if extra:
            head += f" ({', '.join(extra)})"
        lines.append(head + flag)
        lines += _evidence_lines(it["evidence"])
    return [*lines, ""]


def _markdown(brief: Brief) -> str:
    w, p = brief.window.to_dict(), brief.previous.to_dict()
    who = f" — {brief.actor}" if brief.actor else ""
    governments = " (governments only)" if brief.actors == "state" else ""
    only = (
        "Only the events whose both sides are governments (the bare country, or its "
        f"{', '.join(STATE_SECTORS)}) count. "
        if brief.actors == "state"
        else ""
    )
    lines = [
        f"# Relations brief{who}{governments}: {w['start']} to {w['end']}",
        "",
        f"Compared with {p['start']} to {p['end']}. {only}{brief.totals['stories']} stories from "
        f"{brief.totals['documents']} documents in the window. Index: weighted mean Goldstein "
        "score, −10 (conflict) to +10 (cooperation), pulled toward 0 when events are few; "
        "*thin*: too few events or one outlet dominates.",
        "",
    ]
    lines += _dyad_section("Relations that improved", brief.rose)
    lines += _dyad_section("Relations that worsened", brief.fell)
    lines += _story_section("Arms transfers", brief.transfers)
    lines += _story_section("Agreements", brief.agreements)
    return "\n".join(lines).rstrip() + "\n"
