"""What each event type means to the extractor, read from ``data/types.yaml``.

The trigger lexicon says which words report which event; this table says what the
extractor does with an event of each type: which types are recoded to an intent, a threat
or a refusal and with which CAMEO codes, which are news with nobody named, which take a
place as their target, and so on (the ``traits``). A user dictionary's ``event_types:``
mapping has the same shape; each of its entries replaces the built-in one of the same name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import LexiconError
from ..model import PLOVER_ROOTS
from ..yamlio import load_yaml
from .cameo import lookup

TRAITS = (
    "cooperative",
    "forceful",
    "announced_as_is",
    "absorbing",
    "directing",
    "spoken",
    "actorless",
    "place_target",
    "material_target",
    "authority_act",
    "conditional_target",
    "civilian_act",
    "violent",
    "own_forces",
    "reached",
)
TYPE_KEYS = frozenset({"traits", "intent", "refusal", "threat"})
SECTIONS = frozenset({"types", "recoding", "sectors", "contexts"})
RECODINGS = {"intent": "type", "refusal": "type", "threat": "type", "ultimatum": "code"}
SECTOR_SETS = frozenset({"political", "authority", "private"})
CONTEXT_KEYS = frozenset({"words", "codes"})
SECTOR_CODE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class TypeEntry:
    """One event type's traits and recoding codes."""

    traits: frozenset[str] = frozenset()
    intent: str | None = None
    refusal: str | None = None
    threat: str | None = None


@dataclass(frozen=True)
class Context:
    """Words that give an event a context, and the CAMEO codes the context refines."""

    words: frozenset[str] = frozenset()
    codes: dict[str, str] = field(default_factory=dict)


@dataclass
class EventTypes:
    """The merged table; :meth:`finish` derives the per-trait sets the extractor reads."""

    types: dict[str, TypeEntry] = field(default_factory=dict)
    recoding: dict[str, str] = field(default_factory=dict)
    sectors: dict[str, frozenset[str]] = field(default_factory=dict)
    contexts: dict[str, Context] = field(default_factory=dict)
    by_trait: dict[str, frozenset[str]] = field(default_factory=dict)

    def having(self, trait: str) -> frozenset[str]:
        """The types with ``trait``."""
        return self.by_trait[trait]

    def code(self, table: str, event_type: str) -> str | None:
        """The ``intent``, ``refusal`` or ``threat`` code of ``event_type``, if it has one."""
        entry = self.types.get(event_type)
        return getattr(entry, table) if entry is not None else None

    def finish(self, where: str) -> None:
        missing = [k for k in RECODINGS if k not in self.recoding]
        missing += [f"sectors.{k}" for k in sorted(SECTOR_SETS) if k not in self.sectors]
        if missing:
            raise LexiconError(f"{where}: event_types needs {', '.join(missing)}")
        self.by_trait = {
            trait: frozenset(t for t, e in self.types.items() if trait in e.traits)
            for trait in TRAITS
        }


def _code(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise LexiconError(f'{where}: quote the CAMEO code, e.g. "030" (got {value!r})')
    try:
        lookup(value)
    except LexiconError:
        raise LexiconError(f"{where}: unknown CAMEO code {value!r}") from None
    return value


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise LexiconError(f"{where}: must be a mapping, not {type(value).__name__}")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: must be a list of words")
    return value


def _type_entry(name: str, raw: Any, where: str) -> TypeEntry:
    here = f"{where}: event type {name}"
    if name not in PLOVER_ROOTS:
        raise LexiconError(f"{here}: not a PLOVER type ({', '.join(PLOVER_ROOTS)})")
    raw = _mapping(raw, here)
    unknown = set(raw) - TYPE_KEYS
    if unknown:
        raise LexiconError(f"{here}: unknown keys {sorted(unknown)}; use {sorted(TYPE_KEYS)}")
    traits = _strings(raw.get("traits") or [], f"{here}: traits")
    bad = [t for t in traits if t not in TRAITS]
    if bad:
        raise LexiconError(f"{here}: unknown traits {bad}; use {', '.join(TRAITS)}")
    codes = {k: _code(raw[k], f"{here}: {k}") for k in ("intent", "refusal", "threat") if k in raw}
    if "cooperative" in traits and "refusal" not in codes:
        raise LexiconError(f"{here}: a cooperative type needs a refusal code")
    if "forceful" in traits and "threat" not in codes:
        raise LexiconError(f"{here}: a forceful type needs a threat code")
    for key in ("intent", "refusal"):
        if key in codes and "cooperative" not in traits:
            raise LexiconError(f"{here}: only a cooperative type has an {key} code")
    return TypeEntry(frozenset(traits), **codes)


def merge_event_types(table: EventTypes, raw: Any, where: str) -> None:
    """Add the entries of one ``event_types:`` mapping, each replacing its namesake."""
    raw = _mapping(raw, f"{where}: event_types")
    unknown = set(raw) - SECTIONS
    if unknown:
        raise LexiconError(
            f"{where}: event_types: unknown keys {sorted(unknown)}; use {sorted(SECTIONS)}"
        )
    for name, entry in _mapping(raw.get("types") or {}, f"{where}: event_types.types").items():
        table.types[str(name)] = _type_entry(str(name), entry, where)
    for key, value in _mapping(raw.get("recoding") or {}, f"{where}: recoding").items():
        here = f"{where}: event_types.recoding.{key}"
        if key not in RECODINGS:
            raise LexiconError(f"{here}: unknown; use {', '.join(RECODINGS)}")
        if RECODINGS[key] == "code":
            table.recoding[key] = _code(value, here)
        elif value not in PLOVER_ROOTS:
            raise LexiconError(f"{here}: {value!r} is not a PLOVER type")
        else:
            table.recoding[key] = value
    for key, value in _mapping(raw.get("sectors") or {}, f"{where}: sectors").items():
        here = f"{where}: event_types.sectors.{key}"
        if key not in SECTOR_SETS:
            raise LexiconError(f"{here}: unknown; use {', '.join(sorted(SECTOR_SETS))}")
        codes = _strings(value, here)
        bad = [c for c in codes if not SECTOR_CODE.match(c)]
        if bad:
            raise LexiconError(f"{here}: sectors are three capital letters, not {bad}")
        table.sectors[key] = frozenset(codes)
    for name, value in _mapping(raw.get("contexts") or {}, f"{where}: contexts").items():
        here = f"{where}: event_types.contexts.{name}"
        value = _mapping(value, here)
        unknown = set(value) - CONTEXT_KEYS
        if unknown:
            raise LexiconError(f"{here}: unknown keys {sorted(unknown)}; use words, codes")
        codes = _mapping(value.get("codes") or {}, f"{here}.codes")
        table.contexts[str(name)] = Context(
            words=frozenset(w.lower() for w in _strings(value.get("words") or [], here)),
            codes={_code(k, f"{here}.codes"): _code(v, f"{here}.codes") for k, v in codes.items()},
        )


def read_builtin(table: EventTypes) -> None:
    """Merge the built-in ``data/types.yaml`` into ``table``."""
    text = resources.files("realpolitik.events").joinpath("data", "types.yaml").read_text("utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict) or "event_types" not in data:
        raise LexiconError("types.yaml: needs an event_types mapping")
    merge_event_types(table, data["event_types"], "types.yaml")


@lru_cache(maxsize=1)
def builtin_event_types() -> EventTypes:
    """The built-in table alone (for callers without a lexicon, e.g. ``is_political``)."""
    table = EventTypes()
    read_builtin(table)
    table.finish("types.yaml")
    return table
