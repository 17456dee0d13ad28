"""The actor dictionaries: countries, demonyms, capitals, seats of power,
organisations, sectors and the leaders table, loaded once from ``data/``.

A user dictionary (YAML or CSV) extends or overrides the built-in entries
without code changes; see ``docs/dictionaries.md``.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import LexiconError
from ..yamlio import load_yaml

# The code prefix of an actor whose country is unknown ("---GOV").
UNKNOWN_COUNTRY = "---"

# Kinds of phrase an actor dictionary knows.
COUNTRY = "country"  # "Russia", "the United States"
ADJECTIVE = "adjective"  # "Russian"
PLURAL = "plural"  # "Russians"
CAPITAL = "capital"  # "Moscow": a government when it acts, a place after "in"
SEAT = "seat"  # "the Kremlin", "the Pentagon"
ORGANISATION = "organisation"  # "NATO"
REGION = "region"  # "Latin American"
PERSON = "person"  # a leader's full name
CUSTOM = "custom"  # a user-defined actor phrase

LEADER_ROLES = ("HOS", "HOG", "FM", "DM")
OFFICIAL_ROLE = "OFF"  # any other office, from data/officials/ (with its own sector)
IGO_ROLE = "IGO"  # an office of an international organisation, from data/igo/
OFFICIAL_SECTORS = frozenset(
    {
        "GOV", "MIL", "LEG", "JUD", "COP", "SPY", "PTY", "OPP", "REB", "INS", "SEP",
        "UAF", "ELI", "MED", "BUS", "CVL", "LAB", "EDU", "HLH", "REF", "HRI", "CRM",
        "AGR", "DEV", "ENV", "RAD", "MOD", "REL",
    }
)  # fmt: skip
OFFICIALS_COLUMNS = ("country", "sector", "name", "aliases", "start", "end", "source")
IGO_COLUMNS = ("igo", "office", "name", "aliases", "start", "end", "source")
USER_KEYS = frozenset(
    {
        "countries",
        "regions",
        "organisations",
        "sectors",
        "actors",
        "triggers",
        "word_lists",
        "event_types",
    }
)
USER_KINDS = frozenset({COUNTRY, ADJECTIVE, PLURAL, CAPITAL, SEAT, CUSTOM})
ROLE_TITLES = {
    "HOS": "head of state",
    "HOG": "head of government",
    "FM": "foreign minister",
    "DM": "defence minister",
    OFFICIAL_ROLE: "official",
    IGO_ROLE: "official of an international organisation",
}


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Lower-case, accent-free, with typographic quotes made plain: the key of every lookup."""
    if text.isascii():
        return text.lower()
    text = text.replace("’", "'").replace("‘", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class Entry:
    """What a phrase in an actor dictionary stands for."""

    kind: str
    code: str  # ISO-3 for state words, the organisation's code otherwise
    country: str | None
    sector: str | None = None
    name: str = ""  # canonical name (countries, organisations, persons)
    region: str | None = None
    # a body's proper name from a built-in table: "Border Security Force" names India's
    # force only when written as a name, not "a Kurdish border security force"
    proper: bool = False


@dataclass(frozen=True)
class LeaderTerm:
    """One person's time in one office. An office of an international organisation
    (``role`` ``IGO``) has the organisation's code in ``country`` and its title in
    ``office``: its holder acts for the organisation, never for a state."""

    country: str
    role: str
    name: str
    start: date
    end: date | None
    sector: str = "GOV"
    office: str = ""

    @property
    def igo(self) -> str | None:
        """The organisation's code when this is an office of one."""
        return self.country if self.role == IGO_ROLE else None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class ActorLexicon:
    """Phrases (as tuples of normalised words) to the actors they denote."""

    phrases: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    sectors: dict[str, str] = field(default_factory=dict)  # normalised noun phrase -> sector
    leaders: dict[str, list[LeaderTerm]] = field(default_factory=lambda: defaultdict(list))
    # other offices (data/officials/), used only where no leader term covers the day
    officials: dict[str, list[LeaderTerm]] = field(default_factory=lambda: defaultdict(list))
    surnames: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    countries: dict[str, dict[str, Any]] = field(default_factory=dict)
    # names several states' bodies bear ("labour"): their states, the most common first
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict)
    acronyms: set[str] = field(default_factory=set)  # keys that match only in capitals ("WHO")
    spelled: set[str] = field(default_factory=set)  # keys also written in mixed case
    _starts: frozenset[str] | None = field(default=None, repr=False)
    _prefixes: frozenset[str] | None = field(default=None, repr=False)
    max_words: int = 1

    def add_phrase(self, text: str, entry: Entry) -> None:
        key = normalise(text).strip()
        if key.startswith("the "):
            key = key[4:]
        if not key:
            return
        bare = text.strip()
        if any(c.isalpha() for c in bare) and not any(c.islower() for c in bare):
            if key not in self.spelled:
                self.acronyms.add(key)
        else:
            # "Isis" as well as "ISIS": the name also matches in mixed case
            self.spelled.add(key)
            self.acronyms.discard(key)
        existing = self.phrases[key]
        # A later definition of the same kind overrides (user dictionaries come last).
        self.phrases[key] = [e for e in existing if e.kind != entry.kind] + [entry]
        self.max_words = max(self.max_words, len(key.split()))
        self._starts = None
        self._prefixes = None

    def add_leader(self, term: LeaderTerm, aliases: list[str]) -> None:
        canonical = normalise(term.name)
        self.leaders[canonical].append(term)
        for name in [term.name, *aliases]:
            key = normalise(name)
            self.add_phrase(name, Entry(PERSON, term.country, term.country, "GOV", term.name))
            if key != canonical:
                self.leaders[key].append(term)
            surname = key.split()[-1] if " " in key else key
            self.surnames[surname].add(canonical)

    def add_igo_official(self, term: LeaderTerm, aliases: list[str]) -> None:
        """An office of an international organisation: dated like a leader's, and
        consulted before the other offices, so that "Antonio Guterres" in 2019 is the
        UN's Secretary-General, not a former Portuguese prime minister. The surname alone
        is not registered: "Kim", "Khan" or "Hussein" would take leaders' surnames."""
        for name in [term.name, *aliases]:
            key = normalise(name).strip()
            self.leaders[key].append(term)
            if not any(e.kind == PERSON for e in self.phrases.get(key, ())):
                self.add_phrase(name, Entry(PERSON, term.country, None, None, term.name))

    def add_official(self, term: LeaderTerm, aliases: list[str]) -> None:
        """An office other than the leaders': the person's names become PERSON phrases
        unless a leader already holds them, and the surname alone is not registered."""
        for name in [term.name, *aliases]:
            key = normalise(name).strip()
            self.officials[key].append(term)
            if not any(e.kind == PERSON for e in self.phrases.get(key, ())):
                self.add_phrase(name, Entry(PERSON, term.country, term.country, term.sector, name))

    def start_words(self) -> frozenset[str]:
        """Token keys that can begin a phrase: the first word of every phrase, and its part
        before a hyphen or apostrophe (the tokenizer splits "al-Qaeda", not "U.S.")."""
        if self._starts is None:
            starts: set[str] = set()
            for key in self.phrases:
                first = key.split()[0]
                starts.update({first, first.split("-")[0], first.split("'")[0]})
            self._starts = frozenset(starts)
        return self._starts

    def key_prefixes(self) -> frozenset[str]:
        """Every leading part of every phrase key ("u", "un", ... "united states"): a text
        that is not one cannot grow into a phrase."""
        if self._prefixes is None:
            self._prefixes = frozenset(k[:i] for k in self.phrases for i in range(1, len(k) + 1))
        return self._prefixes

    def lookup(self, key: str) -> list[Entry]:
        return self.phrases.get(key, [])

    def terms(self, name: str) -> list[LeaderTerm]:
        return self.leaders.get(normalise(name), [])

    def terms_on(self, name: str, day: date | None, *, officials: bool = False) -> list[LeaderTerm]:
        """The offices a named person held on ``day`` (all offices when the day is unknown).

        With ``officials``, the other offices of data/officials/ count too, but only
        where the leaders table has none for that name on that day."""
        terms = self.terms(name)
        if day is not None:
            terms = [t for t in terms if t.covers(day)]
        if terms or not officials:
            return terms
        others = self.officials.get(normalise(name), [])
        return others if day is None else [t for t in others if t.covers(day)]


def _data_text(name: str) -> str:
    return resources.files("realpolitik.actors").joinpath("data", name).read_text("utf-8")


def _parse_day(value: str, where: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise LexiconError(f"{where}: bad date {value!r} (use YYYY-MM-DD)") from None


def _load_countries(lex: ActorLexicon, data: dict[str, Any]) -> None:
    for iso3, rec in (data.get("countries") or {}).items():
        lex.countries[iso3] = rec
        name = rec.get("name", iso3)
        for text in [name, *(rec.get("aliases") or [])]:
            lex.add_phrase(text, Entry(COUNTRY, iso3, iso3, None, name))
        for text in rec.get("adjectives") or []:
            lex.add_phrase(text, Entry(ADJECTIVE, iso3, iso3, None, name))
        for text in rec.get("plurals") or []:
            lex.add_phrase(text, Entry(PLURAL, iso3, iso3, "CVL", name))
        capitals = rec.get("capital") or []
        for text in [capitals] if isinstance(capitals, str) else capitals:
            lex.add_phrase(text, Entry(CAPITAL, iso3, iso3, "GOV", name))
        for seat in rec.get("seats") or []:
            lex.add_phrase(seat["text"], Entry(SEAT, iso3, iso3, seat.get("sector", "GOV"), name))
    for reg in data.get("regions") or []:
        lex.add_phrase(reg["text"], Entry(REGION, "REG", None, None, reg["region"], reg["region"]))


def _load_organisations(lex: ActorLexicon, data: dict[str, Any]) -> None:
    for org in data.get("organisations") or []:
        entry = Entry(ORGANISATION, org["code"], None, org.get("sector"), org["name"])
        for text in [org["name"], *(org.get("aliases") or [])]:
            lex.add_phrase(text, entry)


def _load_sectors(lex: ActorLexicon, data: dict[str, list[str]]) -> None:
    for sector, nouns in data.items():
        for noun in nouns or []:
            lex.sectors[normalise(noun)] = sector


def _load_leaders_csv(lex: ActorLexicon, text: str, where: str) -> None:
    reader = csv.DictReader(text.splitlines())
    for n, row in enumerate(reader, start=2):
        try:
            role = row["role"].strip().upper()
            start = _parse_day(row["start"], f"{where}:{n}")
        except KeyError as exc:
            raise LexiconError(f"{where}: missing column {exc}") from None
        if role not in LEADER_ROLES or start is None:
            raise LexiconError(f"{where}:{n}: role must be one of {LEADER_ROLES} with a start date")
        term = LeaderTerm(
            country=row["country"].strip().upper(),
            role=role,
            name=row["name"].strip(),
            start=start,
            end=_parse_day(row.get("end") or "", f"{where}:{n}"),
        )
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        lex.add_leader(term, aliases)


def _term_rows(
    text: str, columns: tuple[str, ...], where: str
) -> Iterator[tuple[str, dict[str, str]]]:
    """The rows of a CSV of office terms, each with the place it is read from
    ("officials/x.csv:2"), once its columns and cells are complete."""
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise LexiconError(f"{where}: missing columns {missing}")
    for n, row in enumerate(reader, start=2):
        if None in row or None in row.values():
            raise LexiconError(f"{where}:{n}: expected {len(columns)} cells")
        yield f"{where}:{n}", row


def _term_dates(row: dict[str, str], at: str, open_start: date | None) -> tuple[date, date | None]:
    """A term's start and end; an empty start is ``open_start`` (an error when None), an
    empty end an open one."""
    start = _parse_day(row["start"], at) or open_start
    if start is None:
        raise LexiconError(f"{at}: needs a start date")
    end = _parse_day(row["end"], at)
    if end is not None and end < start:
        raise LexiconError(f"{at}: end {end} before start {start}")
    return start, end


def _aliases(row: dict[str, str]) -> list[str]:
    return [a.strip() for a in row["aliases"].split("|") if a.strip()]


def _load_officials_csv(lex: ActorLexicon, text: str, where: str) -> None:
    """Rows country,sector,name,aliases,start,end,source: one person in one office; empty
    dates are open ends (an empty start: since ever)."""
    for at, row in _term_rows(text, OFFICIALS_COLUMNS, where):
        country = row["country"].strip().upper()
        sector = row["sector"].strip().upper()
        name = row["name"].strip()
        if len(country) != 3 or not country.isalpha() or sector not in OFFICIAL_SECTORS:
            raise LexiconError(f"{at}: needs an ISO-3 country and a sector such as GOV, MIL, JUD")
        if not name:
            raise LexiconError(f"{at}: empty name")
        start, end = _term_dates(row, at, date.min)
        term = LeaderTerm(country, OFFICIAL_ROLE, name, start, end, sector)
        lex.add_official(term, _aliases(row))


def _load_igo_officials_csv(lex: ActorLexicon, text: str, where: str) -> None:
    """Rows igo,office,name,aliases,start,end,source: one person in one office of an
    international organisation (``igo`` is its code in organisations.yaml); an empty end
    is an open one."""
    known = {e.code for entries in lex.phrases.values() for e in entries if e.kind == ORGANISATION}
    for at, row in _term_rows(text, IGO_COLUMNS, where):
        igo = row["igo"].strip()
        name = row["name"].strip()
        if igo not in known:
            raise LexiconError(f"{at}: {igo!r} is no organisation of organisations.yaml")
        if not name or not row["source"].strip():
            raise LexiconError(f"{at}: needs a name and a source")
        start, end = _term_dates(row, at, None)
        term = LeaderTerm(igo, IGO_ROLE, name, start, end, "GOV", row["office"].strip())
        lex.add_igo_official(term, _aliases(row))


def _load_organisations_csv(lex: ActorLexicon, text: str, where: str) -> None:
    """Rows text,country,sector,code,source: named bodies; never override a phrase that
    the other built-in dictionaries already define."""
    for n, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        key = normalise(row.get("text") or "").strip()
        if key.startswith("the "):
            key = key[4:]
        if key in lex.phrases:
            continue
        _add_custom(lex, {**row, "kind": CUSTOM}, f"{where}:{n}", proper=True)


def _header(text: str) -> set[str]:
    """The column names of a CSV text's first line."""
    return {c.strip() for c in text.split("\n", 1)[0].split(",")}


def _load_officials_dir(lex: ActorLexicon) -> None:
    folder = resources.files("realpolitik.actors").joinpath("data", "officials")
    if not folder.is_dir():
        return
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".csv"):
            continue
        text = item.read_text("utf-8")
        where = f"officials/{item.name}"
        if "text" in _header(text):
            _load_organisations_csv(lex, text, where)
        else:
            _load_officials_csv(lex, text, where)


def _load_bodies_dir(lex: ActorLexicon) -> None:
    """data/bodies/: our own table of named national bodies (police forces, intelligence
    agencies, parliaments, armed forces, state media, parties), loaded after every other
    built-in file and, like the Phoenix organisations, never overriding their phrases."""
    folder = resources.files("realpolitik.actors").joinpath("data", "bodies")
    if not folder.is_dir():
        return
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".csv"):
            continue
        text = item.read_text("utf-8")
        if "countries" in _header(text):
            _load_shared_names(lex, text, f"bodies/{item.name}")
        else:
            _load_organisations_csv(lex, text, f"bodies/{item.name}")


def _load_shared_names(lex: ActorLexicon, text: str, where: str) -> None:
    """Rows text,countries,sector,source: names that several states' bodies or peoples bear
    ("Labour", "Republicans", "Kurdish"), the most common first; the sector may be empty.
    Who bears one has no country of its own: the article gives it one of these
    (``home.place_shared_names``)."""
    for n, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        name = (row.get("text") or "").strip()
        countries = tuple(
            c.strip().upper() for c in (row.get("countries") or "").split(";") if c.strip()
        )
        sector = (row.get("sector") or "").strip().upper() or None
        if not name or not countries or not (row.get("source") or "").strip():
            raise LexiconError(f"{where}:{n}: needs a text, countries and a source")
        if any(len(c) != 3 or not c.isalpha() for c in countries):
            raise LexiconError(f"{where}:{n}: countries are ISO-3 codes separated by ';'")
        key = normalise(name).strip()
        if key in lex.phrases:
            continue
        code = UNKNOWN_COUNTRY + (sector or "")
        lex.add_phrase(name, Entry(CUSTOM, code, None, sector, name))
        lex.shared[key] = countries


def _load_user_file(lex: ActorLexicon, path: Path) -> None:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read dictionary ({exc})") from None
    if path.suffix.lower() == ".csv":
        header = text.splitlines()[0] if text.strip() else ""
        columns = [c.strip() for c in header.split(",")]
        if {"role", "name", "start"} <= set(columns):
            _load_leaders_csv(lex, text, str(path))
            return
        if not {"text", "country"} <= set(columns):
            raise LexiconError(
                f"{path}: a CSV dictionary needs columns text,country[,sector] "
                "or country,role,name,aliases,start,end"
            )
        for row in csv.DictReader(text.splitlines()):
            _add_custom(lex, row, str(path))
        return
    try:
        data = load_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: a YAML dictionary must be a mapping")
    unknown = set(data) - USER_KEYS
    if unknown:
        raise LexiconError(
            f"{path}: unknown keys {sorted(unknown)}; use {', '.join(sorted(USER_KEYS))}"
        )
    _load_countries(lex, data)
    _load_organisations(lex, data)
    _load_sectors(lex, data.get("sectors") or {})
    for row in data.get("actors") or []:
        _add_custom(lex, row, str(path))


def _add_custom(
    lex: ActorLexicon, row: dict[str, Any], where: str, *, proper: bool = False
) -> None:
    text = (row.get("text") or "").strip()
    country = (row.get("country") or "").strip().upper() or None
    code = (row.get("code") or "").strip() or None
    sector = (row.get("sector") or "").strip().upper() or None
    if not text or not (country or code):
        raise LexiconError(f"{where}: each actor needs a text and a country or code")
    kind = (row.get("kind") or "").strip() or (COUNTRY if country and not sector else CUSTOM)
    if kind not in USER_KINDS:
        raise LexiconError(
            f"{where}: kind {kind!r} of {text!r} must be one of {sorted(USER_KINDS)}"
        )
    if kind == CUSTOM and not country and not code:
        raise LexiconError(f"{where}: actor {text!r} needs a country or a code")
    code = code or ((country or "") + (sector or ""))
    lex.add_phrase(text, Entry(kind, code, country, sector, text, proper=proper))


def build_lexicon(user_files: tuple[Path, ...] = ()) -> ActorLexicon:
    """Load the built-in dictionaries, then each user file in order (later files win)."""
    lex = ActorLexicon()
    _load_countries(lex, load_yaml(_data_text("countries.yaml")))
    _load_organisations(lex, load_yaml(_data_text("organisations.yaml")))
    _load_sectors(lex, load_yaml(_data_text("sectors.yaml")))
    for row in load_yaml(_data_text("groups.yaml"))["actors"]:
        _add_custom(lex, row, "groups.yaml")
    leaders_dir = resources.files("realpolitik.actors").joinpath("data", "leaders")
    for item in sorted(leaders_dir.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".csv"):
            _load_leaders_csv(lex, item.read_text("utf-8"), f"leaders/{item.name}")
    igo_dir = resources.files("realpolitik.actors").joinpath("data", "igo")
    for item in sorted(igo_dir.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".csv"):
            _load_igo_officials_csv(lex, item.read_text("utf-8"), f"igo/{item.name}")
    _load_officials_dir(lex)
    _load_bodies_dir(lex)
    for path in user_files:
        _load_user_file(lex, Path(path))
    return lex


@lru_cache(maxsize=1)
def default_lexicon() -> ActorLexicon:
    """The built-in dictionaries, built once per process (a pipeline's, with the user's
    files, is in its ``Resources``: see ``realpolitik.resources``)."""
    return build_lexicon()
