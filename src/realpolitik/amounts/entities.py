"""re3d-style entities from materiel and amounts: WEAPON, MILITARY_PLATFORM and MONEY."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Amount, Entity, Materiel


def entities_from(materiel: Iterable[Materiel], amounts: Iterable[Amount]) -> list[Entity]:
    """One entity per weapon or platform and per sum of money, in text order.

    A production facility is not itself a weapon: the item it makes, which
    ``find_materiel`` reports nested inside it, stands for it. Counts are not entities.
    """
    out: list[Entity] = []
    for m in materiel:
        if m.category == "production_facility":
            continue
        out.append(Entity(m.start, m.end, m.text, m.entity_type, f"amounts.materiel.{m.category}"))
    for a in amounts:
        if a.kind == "money":
            out.append(Entity(a.start, a.end, a.text, "MONEY", "amounts.money"))
    return sorted(out, key=lambda e: (e.start, e.end))
