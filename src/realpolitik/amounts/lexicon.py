"""The data behind amounts, materiel and indicators, read from ``data/*.yaml``.

Each loader reads the built-in file and then the same keys from any user dictionary
(a YAML file passed as a user dictionary): lists are extended, mappings updated, and a
materiel family with the name of a built-in one replaces it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import LexiconError
from ..yamlio import DataLoader, load_yaml

ENTITY_TYPES = frozenset({"WEAPON", "MILITARY_PLATFORM"})


def _load(text: str) -> Any:
    """YAML read the YAML 1.2 way (see ``yamlio``), with the C parser where there is one."""
    base = getattr(yaml, "CSafeLoader", None)
    if base is None:
        return load_yaml(text)

    class _Loader(base):  # type: ignore[misc, valid-type]
        pass

    _Loader.yaml_implicit_resolvers = DataLoader.yaml_implicit_resolvers
    return yaml.load(text, Loader=_Loader)


def _builtin(name: str) -> dict[str, Any]:
    text = resources.files("realpolitik.amounts").joinpath("data", name).read_text("utf-8")
    data = _load(text)
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping at the top level")
    return data


def _user_data(path: Path) -> dict[str, Any]:
    if Path(path).suffix.lower() not in (".yaml", ".yml"):
        return {}
    try:
        data = _load(Path(path).read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read dictionary ({exc})") from None
    return data if isinstance(data, dict) else {}


def _merged(name: str, user_files: tuple[Path, ...], keys: tuple[str, ...]) -> dict[str, Any]:
    """The built-in data with the given keys of each user file merged in."""
    data = _builtin(name)
    for path in user_files:
        extra = _user_data(path)
        for key in keys:
            if key not in extra:
                continue
            value = extra[key]
            if isinstance(value, list):
                data[key] = [*(data.get(key) or []), *value]
            elif isinstance(value, dict):
                data[key] = {**(data.get(key) or {}), **value}
            else:
                data[key] = value
    return data


def _lower_set(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values or [])


# -- materiel -------------------------------------------------------------------------


@dataclass(frozen=True)
class NounEntry:
    """A generic materiel noun or noun phrase ("tank", "assault rifle")."""

    phrase: str  # lower case, as listed
    head: str  # the last word (after the last space or hyphen)
    prefix: str  # what precedes the head, separator included ("assault ", "fighter-")
    category: str
    generic: bool = False
    weak: bool = False
    doc_license: str | None = None  # None | "category" | "any"
    strict: bool = False
    licensed_by: frozenset[str] = frozenset()
    not_modifiers: frozenset[str] = frozenset()
    exclude: tuple[str, ...] = ()
    capitals: bool = False  # listed in capitals: matches only in capitals ("UAV")


@dataclass(frozen=True)
class Family:
    """A named weapon family or designation pattern ("Su-27", "Patriot"), or a maker."""

    name: str
    regex: re.Pattern[str]
    category: str
    origin: str | None
    maker: str | None = None
    needs_head: bool = False
    is_maker: bool = False


@dataclass
class MaterielLexicon:
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    nouns: dict[str, list[NounEntry]] = field(default_factory=dict)  # head word -> entries
    families: list[Family] = field(default_factory=list)
    facility_nouns: frozenset[str] = frozenset()
    facility_phrases: tuple[str, ...] = ()
    military_modifiers: frozenset[str] = frozenset()
    quantifier_modifiers: frozenset[str] = frozenset()
    ship_prefixes: dict[str, str] = field(default_factory=dict)
    hull_codes: frozenset[str] = frozenset()

    def entity_type(self, category: str) -> str:
        return str(self.categories.get(category, {}).get("entity_type", "WEAPON"))

    def transferable(self, category: str) -> bool:
        return bool(self.categories.get(category, {}).get("transfer", True))

    def heads(self) -> frozenset[str]:
        return frozenset(self.nouns)


def _doc_license(value: Any) -> str | None:
    if value is True:
        return "category"
    if value == "any":
        return "any"
    return None


NOUN_KEYS = frozenset(
    {
        "words",
        "category",
        "generic",
        "weak",
        "doc_license",
        "strict",
        "licensed_by",
        "not_modifiers",
        "exclude",
    }
)
FAMILY_KEYS = frozenset(
    {"name", "pattern", "category", "origin", "maker", "needs_head", "ignore_case"}
)


def _check_keys(raw: Any, known: frozenset[str], where: str, what: str) -> None:
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: each {what} must be a mapping")
    unknown = set(raw) - known
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)} in {what} {raw}")


def _noun_entries(raw: dict[str, Any], where: str, categories: dict[str, Any]) -> list[NounEntry]:
    _check_keys(raw, NOUN_KEYS, where, "noun entry")
    category = str(raw.get("category", ""))
    if category not in categories:
        raise LexiconError(f"{where}: noun entry {raw.get('words')} has unknown category")
    out = []
    for word in raw.get("words") or []:
        text = str(word).strip()
        capitals = text.isupper() and any(c.isalpha() for c in text)
        low = text.lower()
        cut = max(low.rfind(" "), low.rfind("-"))
        head, prefix = (low[cut + 1 :], low[: cut + 1]) if cut >= 0 else (low, "")
        out.append(
            NounEntry(
                phrase=low,
                head=head,
                prefix=prefix,
                category=category,
                generic=bool(raw.get("generic", False)),
                weak=bool(raw.get("weak", False)),
                doc_license=_doc_license(raw.get("doc_license")),
                strict=bool(raw.get("strict", False)),
                licensed_by=_lower_set(raw.get("licensed_by")),
                not_modifiers=_lower_set(raw.get("not_modifiers")),
                exclude=tuple(str(e).lower() for e in raw.get("exclude") or []),
                capitals=capitals,
            )
        )
    return out


def _family(raw: dict[str, Any], where: str, categories: dict[str, Any], is_maker: bool) -> Family:
    _check_keys(raw, FAMILY_KEYS, where, "family")
    for key in ("name", "pattern", "category"):
        if key not in raw:
            raise LexiconError(f"{where}: family {raw.get('name', '?')} needs {key!r}")
    if raw["category"] not in categories:
        raise LexiconError(f"{where}: family {raw['name']} has unknown category")
    flags = re.IGNORECASE if raw.get("ignore_case") else 0
    try:
        regex = re.compile(r"(?<![\w-])(?:" + str(raw["pattern"]) + r")(?:s)?(?!\w)", flags)
    except re.error as exc:
        raise LexiconError(f"{where}: family {raw['name']}: bad pattern ({exc})") from None
    origin = raw.get("origin")
    return Family(
        name=str(raw["name"]),
        regex=regex,
        category=str(raw["category"]),
        origin=str(origin).upper() if origin else None,
        maker=str(raw["maker"]) if raw.get("maker") else None,
        needs_head=bool(raw.get("needs_head", False)),
        is_maker=is_maker,
    )


def build_materiel_lexicon(user_files: tuple[Path, ...] = ()) -> MaterielLexicon:
    keys = (
        "categories",
        "nouns",
        "families",
        "makers",
        "facility_nouns",
        "military_modifiers",
        "quantifier_modifiers",
        "ship_prefixes",
        "hull_codes",
    )
    data = _merged("materiel.yaml", user_files, keys)
    where = "materiel.yaml"
    categories = dict(data.get("categories") or {})
    for name, info in categories.items():
        if str((info or {}).get("entity_type", "WEAPON")) not in ENTITY_TYPES:
            raise LexiconError(
                f"{where}: category {name}: entity_type must be WEAPON or MILITARY_PLATFORM"
            )
    lex = MaterielLexicon(categories=categories)
    nouns: dict[str, list[NounEntry]] = {}
    for raw in data.get("nouns") or []:
        for entry in _noun_entries(raw, where, categories):
            nouns.setdefault(entry.head, []).append(entry)
    for entries in nouns.values():
        entries.sort(key=lambda e: -len(e.prefix))  # the longest phrase first
    lex.nouns = nouns
    by_name: dict[tuple[str, bool], Family] = {}
    for raw in data.get("families") or []:
        fam = _family(raw, where, categories, is_maker=False)
        by_name[(fam.name, fam.needs_head)] = fam
    for raw in data.get("makers") or []:
        fam = _family(raw, where, categories, is_maker=True)
        by_name[("maker:" + fam.name, True)] = fam
    lex.families = list(by_name.values())
    facilities = [str(f).lower() for f in data.get("facility_nouns") or []]
    lex.facility_nouns = frozenset(f for f in facilities if " " not in f)
    lex.facility_phrases = tuple(f for f in facilities if " " in f)
    lex.military_modifiers = _lower_set(data.get("military_modifiers"))
    lex.quantifier_modifiers = _lower_set(data.get("quantifier_modifiers"))
    prefixes = data.get("ship_prefixes") or {}
    lex.ship_prefixes = {str(k): str(v).upper() for k, v in prefixes.items()}
    lex.hull_codes = frozenset(str(c) for c in data.get("hull_codes") or [])
    return lex


@lru_cache(maxsize=1)
def default_materiel_lexicon() -> MaterielLexicon:
    """The built-in lexicon (the package's data alone; a pipeline's, with the user's
    files, is in its ``Resources``)."""
    return build_materiel_lexicon()


# -- amounts --------------------------------------------------------------------------


@dataclass(frozen=True)
class CurrencyName:
    words: frozenset[str]
    code: str | None
    by_adjective: dict[str, str]
    needs_multiplier: bool = False
    needs_adjective: bool = False
    not_before: frozenset[str] = frozenset()
    amount_word: bool = False  # "crore": a multiplier that also names the currency


@dataclass
class AmountLexicon:
    symbols: dict[str, str] = field(default_factory=dict)
    codes: frozenset[str] = frozenset()
    names: list[CurrencyName] = field(default_factory=list)
    multipliers: dict[str, float] = field(default_factory=dict)
    number_words: dict[str, float] = field(default_factory=dict)
    approximators: tuple[str, ...] = ()
    vague: dict[str, float | None] = field(default_factory=dict)  # phrase -> value
    not_counted: frozenset[str] = frozenset()
    money_nouns: frozenset[str] = frozenset()

    def name_entry(self, word: str) -> CurrencyName | None:
        low = word.lower()
        for entry in self.names:
            if low in entry.words:
                return entry
        return None


def build_amount_lexicon(user_files: tuple[Path, ...] = ()) -> AmountLexicon:
    keys = (
        "symbols",
        "codes",
        "names",
        "multipliers",
        "number_words",
        "approximators",
        "vague",
        "not_counted",
        "money_nouns",
    )
    data = _merged("amounts.yaml", user_files, keys)
    lex = AmountLexicon()
    lex.symbols = {str(k): str(v).upper() for k, v in (data.get("symbols") or {}).items()}
    lex.codes = frozenset(str(c).upper() for c in data.get("codes") or [])
    for raw in data.get("names") or []:
        lex.names.append(
            CurrencyName(
                words=_lower_set(raw.get("words")),
                code=str(raw["code"]).upper() if raw.get("code") else None,
                by_adjective={
                    str(k).lower(): str(v).upper()
                    for k, v in (raw.get("by_adjective") or {}).items()
                },
                needs_multiplier=bool(raw.get("needs_multiplier", False)),
                needs_adjective=bool(raw.get("needs_adjective", False)),
                not_before=_lower_set(raw.get("not_before")),
                amount_word=bool(raw.get("amount_word", False)),
            )
        )
    lex.multipliers = {str(k): float(v) for k, v in (data.get("multipliers") or {}).items()}
    lex.number_words = {
        str(k).lower(): float(v) for k, v in (data.get("number_words") or {}).items()
    }
    lex.approximators = tuple(
        sorted((str(a).lower() for a in data.get("approximators") or []), key=len, reverse=True)
    )
    for raw in data.get("vague") or []:
        value = raw.get("value")
        for words in raw.get("words") or []:
            lex.vague[str(words).lower()] = float(value) if value is not None else None
    lex.not_counted = _lower_set(data.get("not_counted"))
    lex.money_nouns = _lower_set(data.get("money_nouns"))
    return lex


@lru_cache(maxsize=1)
def default_amount_lexicon() -> AmountLexicon:
    """The built-in lexicon (the package's data alone; a pipeline's, with the user's
    files, is in its ``Resources``)."""
    return build_amount_lexicon()


# -- indicators -----------------------------------------------------------------------


@dataclass
class IndicatorLexicon:
    cues: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # head -> (prefix, metric)
    as_of_preps: tuple[str, ...] = ()
    max_distance: int = 5


def build_indicator_lexicon(user_files: tuple[Path, ...] = ()) -> IndicatorLexicon:
    data = _merged("indicators.yaml", user_files, ("metrics", "as_of_preps", "max_distance"))
    lex = IndicatorLexicon()
    for metric, info in (data.get("metrics") or {}).items():
        for cue in (info or {}).get("cues") or []:
            low = str(cue).lower()
            cut = low.rfind(" ")
            head, prefix = (low[cut + 1 :], low[: cut + 1]) if cut >= 0 else (low, "")
            lex.cues.setdefault(head, []).append((prefix, str(metric)))
    for entries in lex.cues.values():
        entries.sort(key=lambda e: -len(e[0]))
    lex.as_of_preps = tuple(
        sorted((str(p).lower() for p in data.get("as_of_preps") or []), key=len, reverse=True)
    )
    lex.max_distance = int(data.get("max_distance", 5))
    return lex


@lru_cache(maxsize=1)
def default_indicator_lexicon() -> IndicatorLexicon:
    """The built-in lexicon (the package's data alone; a pipeline's, with the user's
    files, is in its ``Resources``)."""
    return build_indicator_lexicon()


# -- transfers ------------------------------------------------------------------------


@dataclass
class TransferLexicon:
    status_cues: dict[str, frozenset[str]] = field(default_factory=dict)
    window: int = 6
    year_preps: tuple[str, ...] = ()


def build_transfer_lexicon(user_files: tuple[Path, ...] = ()) -> TransferLexicon:
    data = _merged("transfers.yaml", user_files, ("status_cues", "window", "year_preps"))
    lex = TransferLexicon()
    lex.status_cues = {
        str(status): _lower_set(words) for status, words in (data.get("status_cues") or {}).items()
    }
    lex.window = int(data.get("window", 6))
    lex.year_preps = tuple(
        sorted((str(p).lower() for p in data.get("year_preps") or []), key=len, reverse=True)
    )
    return lex


@lru_cache(maxsize=1)
def default_transfer_lexicon() -> TransferLexicon:
    """The built-in lexicon (the package's data alone; a pipeline's, with the user's
    files, is in its ``Resources``)."""
    return build_transfer_lexicon()
