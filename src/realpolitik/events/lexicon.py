"""The event lexicon: trigger words and phrases, kept as data in ``data/triggers.yaml``,
and what each event type means (``data/types.yaml``, read by ``event_types.py``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import LexiconError
from ..model import PLOVER_ROOTS
from ..yamlio import load_yaml
from .cameo import lookup
from .event_types import EventTypes, merge_event_types, read_builtin

# Entry keys that are true or false.
FLAG_KEYS = (
    "symmetric",
    "unknown_direction",
    "needs_target",
    "target_or_political",
    "names_its_object",
    "needs_armed",
    "needs_political",
    "defers_to_content",
    "mandative",
    "asks_another",
    "tells_another",
)
KNOWN_KEYS = frozenset(
    {
        *FLAG_KEYS,
        "id",
        "pos",
        "lemmas",
        "objects",
        "modifiers",
        "not_modifiers",
        "particle",
        "particle_or_prep",
        "cameo",
        "type",
        "preps",
        "direction",
        "context",
        "confidence",
        "plural_only",
        "source_sectors",
        "source_sectors_not",
        "not_objects",
        "not_particles",
        "not_preps",
        "complements",
        "not_complements",
        "predicates",
        "intransitive",
        "transitive",
        "not_personal",
    }
)
DEFAULT_PREPS = ("with", "to", "against", "on")
# The word lists of triggers.yaml that the extractor reads by name (besides "@name" uses).
REQUIRED_LISTS = (
    "arms",
    "materiel_nouns",
    "measure_nouns",
    "imputes",
    "alleges",
    "answers_charge",
    "answers_request",
    "acts_upon",
    "undergoes",
    "held_in",
    "perpetrates",
    "blamed",
    "faults",
    "not_force_objects",
    "object_control",
    "object_of_charge",
    "object_kept_from",
    "acts_found_at_fault",
    "stative_passives",
    "co_actor_words",
    "standing_nouns",
    "danger_frames",
    "sports_words",
    "habitual_adverbs",
    "capacity_nouns",
    "naming_verbs",
    "offensive_nouns",
)


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry."""

    id: str
    pos: str
    lemmas: frozenset[str]
    cameo: str
    type: str
    goldstein: float
    quad_class: int
    objects: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()
    complements: frozenset[str] = frozenset()
    not_complements: frozenset[str] = frozenset()
    # what a naming verb calls its object: "called X a liar" (``grammar.naming_predicates``)
    predicates: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    not_modifiers: frozenset[str] = frozenset()
    particle: str | None = None
    particle_or_prep: frozenset[str] = frozenset()
    # particles that make the verb mean something else: "hold off", "keep out"
    not_particles: frozenset[str] = frozenset()
    # prepositions whose phrase names the act itself, coded by its own entry: "retaliated
    # with an attack", "retaliated by imposing sanctions"
    not_preps: frozenset[str] = frozenset()
    preps: tuple[str, ...] = DEFAULT_PREPS
    symmetric: bool = False
    reverse: bool = False
    # "Raqqa fell to the Kurds", "Isis lost Mosul to Iraqi troops": the "to" phrase took it
    yielding: bool = False
    unknown_direction: bool = False
    context: str | None = None
    confidence: float = 0.6
    plural_only: frozenset[str] = frozenset()
    source_sectors: frozenset[str] = frozenset()
    source_sectors_not: frozenset[str] = frozenset()
    needs_target: bool = False  # an event only when an actor is acted upon ("support X")
    # with needs_target: or when a political actor does it ("a spokesman said any such move
    # would be unacceptable")
    target_or_political: bool = False
    # an event only when its object (or passive subject) is itself an actor: "captured
    # three men", not "captured the predicament of the rebels"
    names_its_object: bool = False
    # an event only when a side is an armed force or group: "defeated Isis", not
    # "defeated the motion" or "ousted the prime minister" in a vote
    needs_armed: bool = False
    # an event only when a state, official or political body takes part, before any
    # country is guessed for the others ("his mother called him a hero" is private life)
    needs_political: bool = False
    # not an event when the act it asks for is one ("ordered the paper to suspend
    # publication" is the suspension; "told Moscow to get ready" a demand)
    defers_to_content: bool = False
    # with a that-clause, an event only when the clause says what should be: "insisted
    # that Assad step aside" is a demand, "insisted that Isis remained a threat" a claim
    mandative: bool = False
    asks_another: bool = False  # only with another's act as complement ("wants X to go")
    tells_another: bool = False  # only with an object told to act ("warned X not to go")
    intransitive: bool = False  # only with nothing acted upon ("they signed in Moscow")
    transitive: bool = False  # only with something acted upon ("closed the border", not
    # "the court closed this week")
    # no event when a private doer does it to private people ("visiting her father")
    not_personal: bool = False

    @property
    def specificity(self) -> int:
        """More constrained entries win over bare ones on the same word."""
        return (
            2 * bool(self.objects)
            + bool(self.modifiers)
            + bool(self.particle or self.particle_or_prep)
        )


@dataclass
class EventLexicon:
    triggers: dict[str, Trigger] = field(default_factory=dict)
    by_lemma: dict[tuple[str, str], list[Trigger]] = field(
        default_factory=lambda: defaultdict(list)
    )
    word_lists: dict[str, frozenset[str]] = field(default_factory=dict)
    types: EventTypes = field(default_factory=EventTypes)

    def words(self, name: str) -> frozenset[str]:
        """The word list ``name`` (one of ``REQUIRED_LISTS``, or empty)."""
        return self.word_lists.get(name, frozenset())

    def index(self) -> None:
        self.by_lemma = defaultdict(list)
        for trig in self.triggers.values():
            for lemma in trig.lemmas:
                self.by_lemma[(trig.pos, lemma)].append(trig)
        for entries in self.by_lemma.values():
            entries.sort(key=lambda t: (-t.specificity, -t.confidence))

    def candidates(self, pos: str, lemma: str) -> list[Trigger]:
        return self.by_lemma.get((pos, lemma), [])


def _words(value: Any, lists: dict[str, list[str]], where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        if value.startswith("@"):
            if value[1:] not in lists:
                raise LexiconError(f"{where}: unknown word list {value!r}")
            return frozenset(w.lower() for w in lists[value[1:]])
        return frozenset([value.lower()])
    words: set[str] = set()
    for item in value:
        # a list may name word lists among its words: ["@slurs", "@faults", enemy]
        words |= _words(item, lists, where) if str(item).startswith("@") else {str(item).lower()}
    return frozenset(words)


def _trigger(raw: dict[str, Any], lists: dict[str, list[str]], where: str) -> Trigger:
    unknown = set(raw) - KNOWN_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)} in trigger {raw.get('id')}")
    for key in ("id", "pos", "lemmas", "cameo"):
        if key not in raw:
            raise LexiconError(f"{where}: trigger {raw.get('id', '?')} needs {key!r}")
    if not isinstance(raw["cameo"], str):
        raise LexiconError(f'{where}: trigger {raw["id"]}: quote the CAMEO code, e.g. cameo: "030"')
    for flag in FLAG_KEYS:
        if flag in raw and not isinstance(raw[flag], bool):
            raise LexiconError(f"{where}: trigger {raw['id']}: {flag} must be true or false")
    code = str(raw["cameo"])
    entry = lookup(code)
    plover = raw.get("type") or entry.plover
    if plover not in PLOVER_ROOTS:
        raise LexiconError(f"{where}: trigger {raw['id']} has no PLOVER type (set `type`)")
    pos = str(raw["pos"]).upper()
    if pos not in ("VERB", "NOUN", "ADJ", "MODAL"):
        raise LexiconError(f"{where}: trigger {raw['id']}: pos must be VERB, NOUN, ADJ or MODAL")
    return Trigger(
        id=str(raw["id"]),
        pos=pos,
        lemmas=_words(raw["lemmas"], lists, where),
        cameo=code,
        type=plover,
        goldstein=entry.goldstein,
        quad_class=entry.quad_class,
        objects=_words(raw.get("objects"), lists, where),
        not_objects=_words(raw.get("not_objects"), lists, where),
        complements=_words(raw.get("complements"), lists, where),
        not_complements=_words(raw.get("not_complements"), lists, where),
        predicates=_words(raw.get("predicates"), lists, where),
        modifiers=_words(raw.get("modifiers"), lists, where),
        not_modifiers=_words(raw.get("not_modifiers"), lists, where),
        particle=raw.get("particle"),
        particle_or_prep=_words(raw.get("particle_or_prep"), lists, where),
        not_particles=_words(raw.get("not_particles"), lists, where),
        not_preps=_words(raw.get("not_preps"), lists, where),
        preps=tuple(raw.get("preps") or DEFAULT_PREPS),
        symmetric=bool(raw.get("symmetric", False)),
        reverse=raw.get("direction") == "reverse",
        yielding=raw.get("direction") == "yield",
        unknown_direction=bool(raw.get("unknown_direction", False)),
        needs_political=bool(raw.get("needs_political", False)),
        defers_to_content=bool(raw.get("defers_to_content", False)),
        mandative=bool(raw.get("mandative", False)),
        context=raw.get("context"),
        confidence=float(raw.get("confidence", 0.7 if raw.get("objects") else 0.6)),
        plural_only=_words(raw.get("plural_only"), lists, where),
        source_sectors=frozenset(
            w.upper() for w in _words(raw.get("source_sectors"), lists, where)
        ),
        source_sectors_not=frozenset(s.upper() for s in raw.get("source_sectors_not") or []),
        needs_target=bool(raw.get("needs_target", False)),
        target_or_political=bool(raw.get("target_or_political", False)),
        names_its_object=bool(raw.get("names_its_object", False)),
        needs_armed=bool(raw.get("needs_armed", False)),
        asks_another=bool(raw.get("asks_another", False)),
        tells_another=bool(raw.get("tells_another", False)),
        intransitive=bool(raw.get("intransitive", False)),
        transitive=bool(raw.get("transitive", False)),
        not_personal=bool(raw.get("not_personal", False)),
    )


def _merge(
    lex: EventLexicon, data: dict[str, Any], lists: dict[str, list[str]], where: str
) -> None:
    lists.update({k: list(v) for k, v in (data.get("word_lists") or {}).items()})
    for raw in data.get("triggers") or []:
        if not isinstance(raw, dict):
            raise LexiconError(f"{where}: each trigger must be a mapping")
        trig = _trigger(raw, lists, where)
        lex.triggers[trig.id] = trig
    if data.get("event_types") is not None:
        merge_event_types(lex.types, data["event_types"], where)


def build_event_lexicon(user_files: tuple[Path, ...] = ()) -> EventLexicon:
    """The built-in trigger lexicon and event-type table, extended by the ``triggers:``,
    ``word_lists:`` and ``event_types:`` of each user YAML file."""
    lex = EventLexicon()
    read_builtin(lex.types)
    lists: dict[str, list[str]] = {}
    text = (
        resources.files("realpolitik.events").joinpath("data", "triggers.yaml").read_text("utf-8")
    )
    _merge(lex, load_yaml(text), lists, "triggers.yaml")
    for path in user_files:
        if Path(path).suffix.lower() not in (".yaml", ".yml"):
            continue
        try:
            data = load_yaml(Path(path).read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise LexiconError(f"{path}: cannot read dictionary ({exc})") from None
        if isinstance(data, dict):
            _merge(lex, data, lists, str(path))
    missing = [name for name in REQUIRED_LISTS if name not in lists]
    if missing:
        raise LexiconError(f"triggers.yaml: word_lists needs {', '.join(missing)}")
    lex.word_lists = {k: frozenset(w.lower() for w in v) for k, v in lists.items()}
    lex.types.finish("event_types")
    lex.index()
    return lex


@lru_cache(maxsize=8)
def default_event_lexicon(user_files: tuple[Path, ...] = ()) -> EventLexicon:
    return build_event_lexicon(user_files)
