"""The sides of a coded event: the last step of coding it.

One happening is one event, whoever takes part: "Germany, France and Britain expelled
Russian diplomats" is one SANCTION with three sources, as an analyst (and the real-news
codebook) counts it; the dyads it holds are read from its sides where dyads are needed
(relations, the GDELT export). Symmetric triggers and "between" groups give reciprocal
pairs, each its own event; a transfer whose direction the text leaves open is read with
the arms-exporter prior (``data/arms_exporters.yaml``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources
from itertools import product
from typing import TYPE_CHECKING

from ..model import Actor, Event
from ..yamlio import load_yaml
from .lexicon import Trigger

if TYPE_CHECKING:
    from .arguments import Arguments

# Sources found on another clause or a noun the trigger describes, not its own subject: a
# symmetric trigger ("fight", "meet") does not pair them with each other. These are the
# names of the extractor's own steps (``arguments.py``), so they stay in code.
BORROWED = frozenset(
    {
        "source.acl",
        "source.relcl",
        "source.modified_noun",
        "source.advcl",
        "source.participle_host",
    }
)


@lru_cache(maxsize=1)
def arms_exporters() -> tuple[str, ...]:
    text = resources.files("realpolitik.events").joinpath("data", "arms_exporters.yaml")
    return tuple(load_yaml(text.read_text("utf-8"))["exporters"])


def same_actor(a: Actor, b: Actor) -> bool:
    """Whether two coded actors are one: a state with itself ("Russia ... Russian"), one
    person twice; not two bodies of one state ("the mayor" and "the police chief")."""
    if a.code != b.code or a.country != b.country or a.country is None:
        return False
    if a.person or b.person:
        return a.person == b.person
    if "pronoun" in a.rule or "pronoun" in b.rule:
        return True  # "Russian officials insist they ...": a pronoun for the same body
    return a.sector is None or a.text.lower() == b.text.lower()


def known_first(group: list[Actor]) -> list[Actor]:
    """Drop actors of unknown country and regions when a state stands in the same role."""
    known = [a for a in group if a.country]
    return known if known else [a for a in group if a.kind != "region"] or group


def pairs(base: Event, trig: Trigger, args: Arguments) -> list[Event]:
    """The event with its sides; symmetric groups give one reciprocal event per pair."""
    sources, targets = known_first(args.sources), known_first(args.targets)
    if trig.unknown_direction and not targets and len(sources) == 2:
        sources, targets = supplier_first(sources)
        args.steps.append("transfer.direction_prior")
        return [
            replace(
                base,
                source=(sources[0],),
                target=(targets[0],),
                evidence=replace(
                    base.evidence, rule=base.evidence.rule + " transfer.direction_prior"
                ),
            )
        ]
    symmetric = (trig.symmetric or args.symmetric_group) and not targets and len(sources) > 1
    if symmetric and not args.symmetric_group and any(s in args.steps for s in BORROWED):
        # "Germany, France and Britain should prosecute their citizens fighting in Syria":
        # the states are not fighting each other; no pairs among borrowed sources.
        return [replace(base, source=tuple(sources))]
    if symmetric:
        out = []
        for i, a in enumerate(sources):
            for b in sources[i + 1 :]:
                if a.country == b.country and a.code == b.code:
                    continue
                out.append(replace(base, source=(a,), target=(b,), reciprocal=True))
        return out
    if not sources or not targets:
        # "shops were looted" (nobody named), "Germany and France protested", "the UN
        # urged Iraq and Syria": one event, every named actor on its side
        return [replace(base, source=tuple(sources), target=tuple(targets))]
    kept = []
    crossing = any(s.country != t.country for s, t in product(sources, targets))
    for s, t in product(sources, targets):
        if same_actor(s, t):
            continue
        if crossing and s.country == t.country:
            continue  # "the two governments negotiated with Turkey": not Turkey with itself
        kept.append((s, t))
    if not kept:
        return [replace(base, source=(sources[0],))]
    return [
        replace(
            base,
            source=tuple(dict.fromkeys(s for s, _ in kept)),
            target=tuple(dict.fromkeys(t for _, t in kept)),
        )
    ]


def supplier_first(pair: list[Actor]) -> tuple[list[Actor], list[Actor]]:
    """The likelier supplier of two states first (the arms-exporter ranking)."""
    ranks = {c: i for i, c in enumerate(arms_exporters())}
    a, b = pair
    ra = ranks.get(a.country or "", 999)
    rb = ranks.get(b.country or "", 999)
    return ([a], [b]) if ra <= rb else ([b], [a])
