"""Removing documents and everything that hangs on them, so that the store ends as if
they had never been written (``EventStore.delete``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import StoreError
from .columns import MERGED_COLUMNS
from .connection import Connection, table_exists
from .linking import relink_clusters
from .remerge import remerge_strands
from .settings import StoreSettings


@dataclass(frozen=True)
class DeleteSummary:
    """What one ``delete`` removed: rows per table; ``merged_events``, the merged events
    it removed, changed or split; ``relinked``, the near-duplicates whose cluster root
    changed; ``doc_ids``, the documents removed."""

    documents: int = 0
    events: int = 0
    transfers: int = 0
    indicators: int = 0
    toponyms: int = 0
    merged_events: int = 0
    relinked: int = 0
    doc_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "events": self.events,
            "transfers": self.transfers,
            "indicators": self.indicators,
            "toponyms": self.toponyms,
            "merged_events": self.merged_events,
            "relinked": self.relinked,
            "doc_ids": list(self.doc_ids),
        }

    def line(self) -> str:
        """One line: "removed 1 document, 3 events, 0 transfers, ... (a.txt)"."""

        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        names = ", ".join(self.doc_ids[:5]) + (" ..." if len(self.doc_ids) > 5 else "")
        return (
            f"removed {n(self.documents, 'document')}, {n(self.events, 'event')}, "
            f"{n(self.transfers, 'transfer')}, {n(self.indicators, 'indicator')}, "
            f"{n(self.toponyms, 'place')}; {n(self.merged_events, 'merged event')} "
            f"updated" + (f" ({names})" if names else "")
        )


def delete_conditions(
    doc: str | None, source: str | None, since: date | None, until: date | None
) -> tuple[str, list[Any]]:
    """The documents ``delete`` removes: all the given conditions hold."""
    where: list[str] = []
    params: list[Any] = []
    if doc is not None:
        where.append("(doc_key = ? OR doc_id = ?)")
        params += [doc, doc]
    if source is not None:
        where.append("source = ?")
        params.append(source)
    if since is not None:
        where.append("date >= ?")
        params.append(since)
    if until is not None:
        where.append("date <= ?")
        params.append(until)
    if not where:
        raise StoreError("say which documents to delete: a document, a source or a date range")
    if since is not None and until is not None and since > until:
        raise StoreError(f"the range starts after it ends ({since} > {until})")
    return " AND ".join(where), params


def _strands_of(con: Connection, doc_keys: Sequence[str]) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT merge_key FROM events WHERE doc_key IN (SELECT unnest(?)) "
            "AND merge_key IS NOT NULL",
            [list(doc_keys)],
        ).fetchall()
    }


def _merged_state(con: Connection, strands: Sequence[str]) -> set[tuple[Any, ...]]:
    return {
        tuple(tuple(v) if isinstance(v, list) else v for v in r)
        for r in con.execute(
            f"SELECT {', '.join(MERGED_COLUMNS)} FROM merged_events "
            "WHERE merge_key IN (SELECT unnest(?))",
            [list(strands)],
        ).fetchall()
    }


def _count_rows(con: Connection, sql: str, params: list[Any]) -> int:
    row = con.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


def _forget_relations(con: Connection) -> None:
    """Make the relations' persisted summary tables stale: they are rebuilt on next use."""
    if table_exists(con, "rel_meta"):
        con.execute("DELETE FROM rel_meta WHERE key = 'signature'")


def remove_documents(
    con: Connection, settings: StoreSettings, found: Sequence[tuple[str, str, str]]
) -> DeleteSummary:
    """Remove these documents (doc_key, doc_id, cluster root) and everything that hangs
    on them, relink their near-duplicates and bring the merged events up to date."""
    keys = [key for key, _, _ in found]
    strands = _strands_of(con, keys)
    before = _merged_state(con, sorted(strands))
    removed: dict[str, int] = {}
    for table in ("events", "transfers", "indicators", "toponyms"):
        removed[table] = _count_rows(
            con, f"DELETE FROM {table} WHERE doc_key IN (SELECT unnest(?))", [keys]
        )
    con.execute(
        "UPDATE actors SET first_doc_key = NULL WHERE first_doc_key IN (SELECT unnest(?))",
        [keys],
    )
    documents = _count_rows(
        con, "DELETE FROM documents WHERE doc_key IN (SELECT unnest(?))", [keys]
    )
    relinked = relink_clusters(con, settings, sorted({root for _, _, root in found}))
    strands |= _strands_of(con, relinked)
    before |= _merged_state(con, sorted(strands - {r[1] for r in before}))
    remerge_strands(con, settings, strands)
    after = _merged_state(con, sorted(strands))
    _forget_relations(con)
    return DeleteSummary(
        documents=documents,
        events=removed["events"],
        transfers=removed["transfers"],
        indicators=removed["indicators"],
        toponyms=removed["toponyms"],
        merged_events=len({r[0] for r in before ^ after}),
        relinked=len(relinked),
        doc_ids=tuple(sorted(doc_id for _, doc_id, _ in found)),
    )
