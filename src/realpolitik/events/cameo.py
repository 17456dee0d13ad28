"""The CAMEO code table: each code's label, Goldstein score, QuadClass and PLOVER root."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import LexiconError


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """All CAMEO codes from ``data/cameo.csv``, keyed by code ("0211", "190")."""
    text = resources.files("realpolitik.events").joinpath("data", "cameo.csv").read_text("utf-8")
    table: dict[str, CameoCode] = {}
    for row in csv.DictReader(text.splitlines()):
        table[row["code"]] = CameoCode(
            code=row["code"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover=row["plover"] or None,
        )
    return table


def lookup(code: str) -> CameoCode:
    """The entry for ``code``, or its nearest listed parent."""
    table = cameo_table()
    probe = code
    while probe:
        if probe in table:
            return table[probe]
        probe = probe[:-1]
    raise LexiconError(f"unknown CAMEO code {code!r}")
