"""Which actors speak for a state: the "governments only" reading of relations.

By default a country's relations count every actor of the country: "Syrian rebels attacked
Russian troops" is an event between Syria and Russia. Asked with ``actors="state"``,
relations count only the events whose *both* sides are states themselves: every actor code
of each side is either the bare country (``SYR``, "Syria said") or the country followed by
one of :data:`STATE_SECTORS` (``SYRGOV``, ``RUSMIL``, ``USAGOVLEG``). Rebels (``SYRREB``),
civilians (``SYRCVL``), opposition (``SYROPP``), groups without a country (``IMGREBISL``),
actors of unknown country (``---GOV``) and organisations (``UN``) are left out, and so is an
event with any of them on a side (``docs/relations.md``, "Governments only").
"""

from __future__ import annotations

from typing import Literal

import duckdb

from ..errors import UsageError

# The sectors of a state itself: its government, armed forces, legislature, judiciary,
# police and intelligence services. The one definition the server's ``/names`` also gives.
STATE_SECTORS: tuple[str, ...] = ("GOV", "MIL", "LEG", "JUD", "COP", "SPY")

Actors = Literal["all", "state"]
ACTORS: tuple[str, ...] = ("all", "state")


def check_actors(actors: str) -> Actors:
    """``actors`` when it is ``all`` or ``state``; UsageError otherwise."""
    if actors not in ACTORS:
        raise UsageError(f"actors must be all or state, not {actors!r}")
    return actors  # type: ignore[return-value]


def _lambda(var: str, body: str) -> str:
    """A DuckDB lambda in the syntax of the installed version (``lambda x: …`` from 1.3 on;
    the arrow form before it, deprecated since)."""
    major, minor = (int(p) for p in duckdb.__version__.split(".")[:2])
    return f"lambda {var}: {body}" if (major, minor) >= (1, 3) else f"{var} -> {body}"


def _side_is_state(codes: str, countries: str) -> str:
    sectors = ", ".join(f"'{s}'" for s in STATE_SECTORS)  # fixed words, never user input
    test = _lambda(
        "c",
        f"list_contains({countries}, substr(c, 1, 3)) "
        f"AND (length(c) = 3 OR substr(c, 4, 3) IN ({sectors}))",
    )
    return (
        f"(len(coalesce({codes}, [])) > 0 "
        f"AND coalesce(list_bool_and(list_transform({codes}, {test})), false))"
    )


def state_only_sql(alias: str = "e") -> str:
    """A SQL condition on ``events {alias}``: both sides are states (see the module)."""
    return (
        f"{_side_is_state(f'{alias}.source_codes', f'{alias}.source_countries')} AND "
        f"{_side_is_state(f'{alias}.target_codes', f'{alias}.target_countries')}"
    )
