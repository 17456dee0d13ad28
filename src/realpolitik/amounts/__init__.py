"""Amounts, materiel, arms transfers and economic indicators read from a parsed document.

- :func:`find_amounts` - money ("1 billion dollars" -> 1e9 USD) and counts ("24 jets")
- :func:`find_materiel` - weapons and platforms, with category, designation and origin
- :func:`arms_transfers` - SIPRI-style records from a result's transfer events
- :func:`economic_indicators` - trade, investment, aid, loans, debt between states
- :func:`entities_from` - re3d-style WEAPON, MILITARY_PLATFORM and MONEY entities
- :func:`annotate` - all of the above, filled into a ``DocumentResult``

The vocabularies are data in ``data/*.yaml`` (each file documents its format at the top);
a user dictionary may extend them with the same keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import DocumentResult, Materiel
from .entities import entities_from
from .indicators import economic_indicators
from .materiel import find_materiel
from .quantities import find_amounts
from .transfers import arms_transfers, is_transfer

if TYPE_CHECKING:
    from ..resources import Resources

__all__ = [
    "annotate",
    "arms_transfers",
    "economic_indicators",
    "entities_from",
    "find_amounts",
    "find_materiel",
    "is_transfer",
]


def annotate(
    result: DocumentResult,
    resources: Resources | None = None,
    materiel: Sequence[Materiel] | None = None,
) -> DocumentResult:
    """Fill a result's amounts, materiel, transfers and indicators, and add the WEAPON,
    MILITARY_PLATFORM and MONEY entities (replacing spaCy's MONEY entities).
    ``resources`` are the pipeline's (the built-in ones without); ``materiel`` may be
    given when the caller has already found it."""
    doc = result.parsed
    if doc is None:
        return result
    if resources is None:
        from ..resources import load_resources

        resources = load_resources()
    mlex = resources.materiel
    amounts = find_amounts(doc, resources.amounts, mlex)
    if materiel is None:
        materiel = find_materiel(doc, mlex)
    materiel = list(materiel)
    transfers = arms_transfers(
        result,
        materiel,
        amounts,
        lexicon=resources.transfers,
        materiel_lexicon=mlex,
        actor_lexicon=resources.actors,
    )
    indicators = economic_indicators(
        result, amounts, lexicon=resources.indicators, actor_lexicon=resources.actors
    )
    entities = [e for e in result.entities if e.type != "MONEY"]
    entities.extend(entities_from(materiel, amounts))
    return replace(
        result,
        amounts=amounts,
        materiel=materiel,
        transfers=transfers,
        indicators=indicators,
        entities=sorted(entities, key=lambda e: (e.start, e.end)),
    )
