"""The parameters a store is written with (dedup, merge window), kept in its ``settings``
table so that a store keeps being written the way it was started."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import StoreError
from . import dedup, merge
from .connection import Connection, table_exists


@dataclass(frozen=True)
class StoreSettings:
    """Parameters that stored signatures, duplicate links and merged events depend on.

    They are kept in the ``settings`` table when a store is created, and read back
    on open, so that a store keeps being written the way it was started.
    """

    dedup: dedup.DedupSettings = dedup.DEFAULT
    merge_window_days: int = merge.WINDOW_DAYS

    def rows(self) -> list[tuple[str, str]]:
        d = self.dedup
        return [
            ("dedup_threshold", repr(d.threshold)),
            ("dedup_lsh_threshold", repr(d.lsh_threshold)),
            ("dedup_shingle_words", str(d.shingle_words)),
            ("merge_window_days", str(self.merge_window_days)),
            ("minhash_num_perm", str(d.num_perm)),
            ("minhash_scheme", d.scheme),
            ("minhash_seed", str(d.seed)),
        ]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> StoreSettings:
        values = dict(rows)
        base = cls()
        try:
            return cls(
                dedup=dedup.DedupSettings(
                    threshold=float(values.get("dedup_threshold", base.dedup.threshold)),
                    lsh_threshold=float(
                        values.get("dedup_lsh_threshold", base.dedup.lsh_threshold)
                    ),
                    shingle_words=int(values.get("dedup_shingle_words", base.dedup.shingle_words)),
                    num_perm=int(values.get("minhash_num_perm", base.dedup.num_perm)),
                    seed=int(values.get("minhash_seed", base.dedup.seed)),
                    scheme=values.get("minhash_scheme", base.dedup.scheme),
                ),
                merge_window_days=int(values.get("merge_window_days", base.merge_window_days)),
            )
        except ValueError as exc:
            raise StoreError(f"the store's settings table is damaged: {exc}") from exc


DEFAULT_SETTINGS = StoreSettings()


def read_settings(con: Connection) -> StoreSettings:
    if not table_exists(con, "settings"):
        return DEFAULT_SETTINGS
    rows = con.execute("SELECT key, value FROM settings").fetchall()
    return StoreSettings.from_rows((str(k), str(v)) for k, v in rows)


def write_settings(con: Connection, settings: StoreSettings) -> None:
    con.execute("DELETE FROM settings")
    con.executemany("INSERT INTO settings VALUES (?, ?)", [list(r) for r in settings.rows()])
