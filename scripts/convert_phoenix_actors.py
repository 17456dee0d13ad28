"""Convert facts from the Phoenix actor dictionaries into realpolitik's officials data.

The Phoenix dictionaries (openeventdata/petrarch2, MIT licence) list, for each actor,
its names and a series of CAMEO codes with optional date ranges::

    SOME_PERSON_  # a comment
    +ANOTHER_SPELLING_
        [CCCSEC yymmdd-yymmdd]
        [CCCSEC >yymmdd]
        [CCCELI]

Only the facts are taken: who held an office (country and sector) between which dates,
and which named organisation belongs to which country and sector. The rows are written
to ``src/realpolitik/actors/data/officials/`` with the file and line each came from.

Usage::

    python scripts/convert_phoenix_actors.py PETRARCH2_CHECKOUT [--out DIR] [--commit HASH]

where PETRARCH2_CHECKOUT is a directory holding ``petrarch2/data/dictionaries/`` (or
the dictionaries themselves).
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.actors.lexicon import normalise  # noqa: E402

DATA = ROOT / "src" / "realpolitik" / "actors" / "data"
FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
CUTOFF = date(1990, 1, 1)  # terms that ended before this day are dropped

# CAMEO country codes that are not (current) ISO 3166-1 alpha-3, mapped the way
# data/countries.yaml folds them (successor states); None drops the code.
COUNTRY_MAP: dict[str, str | None] = {
    "TMP": "TLS",  # East Timor
    "KSV": "XKX",  # Kosovo
    "ROM": "ROU",  # Romania (old CAMEO code)
    "ZAR": "COD",  # Zaire
    "ANG": "AGO",  # a typo for Angola in MilNonState
    "SUN": "RUS",  # Soviet Union
    "USR": "RUS",  # Soviet Union
    "YUG": "SRB",  # Yugoslavia
    "FRY": "SRB",  # Federal Republic of Yugoslavia
    "SCG": "SRB",  # Serbia and Montenegro
    "CSK": "CZE",  # Czechoslovakia
    "DDR": "DEU",  # East Germany
    "GZS": "PSE",  # Gaza Strip
    "WST": "PSE",  # West Bank
    # unrecognised entities, regions and religions: no single country
    "KRJ": None,
    "SRP": None,
    "KKL": None,
    "KNT": None,
    "NMR": None,
    "EIN": None,
    "CFR": None,
    "FRN": None,
    "BAH": None,
}
ISO3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}

# Sectors kept (CAMEO "primary role" codes, plus a few secondary ones that name a body).
SECTORS = frozenset(
    {
        "GOV", "MIL", "LEG", "JUD", "COP", "SPY", "PTY", "OPP", "REB", "INS", "SEP",
        "UAF", "ELI", "MED", "BUS", "CVL", "LAB", "EDU", "HLH", "REF", "HRI", "CRM",
        "AGR", "DEV", "ENV", "RAD", "MOD", "REL",
    }
)  # fmt: skip
RELIGIONS = frozenset({"CHR", "MOS", "JEW", "HIN", "BUD", "CTH", "SHI", "SUN", "ITH"})
ORG_SECTOR_DEFAULT = {"IGO": "GOV", "NGO": "CVL"}

# Words that, alone or in combination, never name one organisation.
STOP_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "a", "an", "de", "la", "al"})
# Words of an alias that make it a title or description, not a person's name.
_TITLES = """\
president vice premier prime minister secretary gen chairman leader soviet
    communist emir sultan governor senator chief commander ambassador spokesman
    spokeswoman former mr mrs ms dr chancellor deputy foreign defense defence official
    officials judge col colonel lt admiral mayor pm fm sen sec speaker"""
TITLE_WORDS = frozenset(_TITLES.split())
# Words that mark a name as a body, not a person.
_BODIES = """\
party ministry ministries army armies front council court courts police force forces
    movement brigade brigades committee assembly parliament agency service services
    department news times tv radio union organization organisation organizations
    association league alliance congress senate guard guards command bank institute
    foundation society group groups network coalition commission office bureau corps
    militia militias government administration cabinet republic kingdom federation
    state states university college church mosque company corporation agency press
    television newspaper daily post herald tribune journal channel broadcasting
    federal national islamic revolutionary liberation people peoples people's workers
    intelligence security navy air airforce military legion battalion battalions
    regiment division division unit units cell cells fighters rebels insurgents
    mujahideen jihad jamaat harakat hizb tehrik lashkar jaish ansar council's
    authority authorities board fund program programme centre center trust
    federation confederation chamber directorate secretariat mission embassy
    observatory rights human aid watch"""
ORG_WORDS = frozenset(_BODIES.split())
NAME_CHARS = re.compile(r"^[A-Za-z][A-Za-z.'\- ]*[A-Za-z.]$")
LOWER_PARTICLES = frozenset(
    {"de", "da", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos", "das",
     "di", "bin", "bint", "ibn", "y", "e", "el", "ben", "ould", "abu"}
)  # fmt: skip
ACRONYMS = frozenset({"US", "UK", "UN", "EU", "USA", "UAE", "PLA", "FBI", "CIA", "BBC", "CNN"})
SUFFIXES = {"JR": "Jr.", "JR.": "Jr.", "SR": "Sr.", "SR.": "Sr.", "II": "II", "III": "III"}


@dataclass
class Code:
    code: str
    start: date | None
    end: date | None
    line: int


@dataclass
class Block:
    """One dictionary record: a base name, its synonyms and codes."""

    file: str
    line: int
    names: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    comment: str = ""


@dataclass
class Stats:
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] += n


# --------------------------------------------------------------------------- parsing


def _day(text: str) -> date | None:
    """yymmdd (yy <= 30 is 20yy, as in TABARI/PETRARCH) or yyyymmdd; None when invalid."""
    if len(text) == 10 and text.startswith("19") and text[2:4] in ("19", "20"):
        text = text[2:]  # "1920030320": a stray century before yyyymmdd
    if not text.isdigit():
        return None
    try:
        if len(text) == 6:
            yy = int(text[:2])
            return date(2000 + yy if yy <= 30 else 1900 + yy, int(text[2:4]), int(text[4:6]))
        if len(text) in (8, 9):
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return None


def _codes(text: str, line: int, stats: Stats) -> Iterator[Code]:
    for inner in re.findall(r"\[([^\]]*)\]", text):
        parts = inner.split()
        if not parts:
            continue
        code, spec = parts[0], "".join(parts[1:])
        start = end = None
        if spec:
            if spec.startswith(">"):
                start = _day(spec[1:])
                ok = start is not None
            elif spec.startswith("<"):
                end = _day(spec[1:])
                ok = end is not None
            elif "-" in spec:
                first, _, last = spec.partition("-")
                start, end = _day(first), _day(last)
                ok = start is not None and end is not None and start <= end
            else:
                start = _day(spec)
                ok = start is not None
            if not ok:
                stats.add("codes with an unreadable date")
                continue
        yield Code(code, start, end, line)


def parse(path: Path, stats: Stats) -> list[Block]:
    """The records of one dictionary file, in order.

    A base line that has no codes and is directly followed (no blank line) by another
    base line is read as a synonym of that one: several records list spellings so."""
    blocks: list[Block] = []
    current: Block | None = None
    blank = True  # a blank line since the current record began
    for n, raw in enumerate(path.read_text("utf-8", errors="replace").splitlines(), start=1):
        body, _, comment = raw.partition("#")
        text = body.strip()
        if not text:
            if not raw.strip():
                blank = True
            elif current is not None:
                current.comment += " " + comment
            continue
        if current is not None and (text.startswith("+") or text.startswith("[")):
            if text.startswith("+"):
                current.names.append(text[1:].split("[")[0].strip())
            current.codes.extend(_codes(text, n, stats))
            current.comment += " " + comment
            continue
        if text.startswith(("+", "[")):
            continue
        names = [text.split("[")[0].strip()]
        if current is not None and not current.codes and not blank:
            names = [*current.names, *names]  # codeless record: spellings of this one
            blocks.pop()
        current = Block(path.name, n, names, list(_codes(text, n, stats)), comment)
        blank = False
        blocks.append(current)
    return [b for b in blocks if b.codes]


# --------------------------------------------------------------------------- names


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[_\s]+", name.strip()) if w]


def _case_word(word: str, first: bool) -> str:
    upper = word.upper()
    if upper in SUFFIXES:
        return SUFFIXES[upper]
    if "-" in word:
        parts = word.split("-")
        head = parts[0].lower()
        if head in ("al", "el", "ad", "ar", "as", "ash", "at", "az", "ul", "ud", "bin"):
            rest = "-".join(_case_word(p, True) for p in parts[1:])
            return f"{head.capitalize() if first else head}-{rest}"
        return "-".join(_case_word(p, first or i > 0) for i, p in enumerate(parts))
    low = word.lower()
    if not first and low in LOWER_PARTICLES:
        return low
    if re.fullmatch(r"([a-z]\.)+", low):
        return low.upper()
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2:].capitalize()
    if low.startswith("o'") and len(low) > 2:
        return "O'" + low[2:].capitalize()
    if "/" in low:
        return "/".join(_case_word(p, True) for p in low.split("/"))
    if "'" in low:
        head, _, tail = low.partition("'")
        return f"{head.capitalize()}'{tail if len(tail) < 2 else tail.capitalize()}"
    return low.capitalize()


def person_name(raw: str) -> str | None:
    """ "VLADIMIR_PUTIN_" -> "Vladimir Putin"; None when not a plain name."""
    words = _words(raw)
    text = " ".join(words)
    if not words or not NAME_CHARS.match(text):
        return None
    return " ".join(_case_word(w, i == 0) for i, w in enumerate(words))


def org_name(raw: str) -> tuple[str, list[str]] | None:
    """ "IRISH_REPUBLICAN_ARMY_(IRA)_" -> ("Irish Republican Army", ["IRA"])."""
    acronyms = re.findall(r"\(([A-Za-z0-9./\-]{2,10})\)", raw)
    bare = re.sub(r"\([^)]*\)", " ", raw)
    words = _words(bare)
    if not words or not all(re.fullmatch(r"[A-Za-z][A-Za-z.'\-/&]*", w) for w in words):
        return None
    cased = []
    for i, w in enumerate(words):
        low = w.lower()
        if i > 0 and low in STOP_WORDS:
            cased.append(low)
        elif len(words) == 1 or re.fullmatch(r"([A-Za-z]\.)+", w) or w.upper() in ACRONYMS:
            cased.append(w.upper())
        else:
            cased.append(_case_word(w, True))
    return " ".join(cased), [a.upper() for a in acronyms if a.isalpha()]


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in STOP_WORDS).upper()


# --------------------------------------------------------------------------- codes


def split_code(code: str) -> tuple[str | None, str | None, str]:
    """(country ISO-3 or None, sector or None, kind) of a CAMEO actor code.

    kind is "state" for country-first codes, "IGO"/"NGO" for international bodies and
    "" for anything else (regions, religions, corporations)."""
    head = code[:3]
    if head in ("IGO", "NGO"):
        country = None
        sector = None
        for i in range(3, len(code) - 2, 3):
            chunk = code[i : i + 3]
            mapped = COUNTRY_MAP.get(chunk, chunk)
            if country is None and mapped in ISO3 and chunk not in SECTORS:
                country = mapped
            elif sector is None and chunk in SECTORS:
                sector = chunk
            elif sector is None and chunk in RELIGIONS:
                sector = "REL"
        return country, sector or ORG_SECTOR_DEFAULT[head], head
    country = COUNTRY_MAP.get(head, head)
    if country is None or country not in ISO3:
        return None, None, ""
    rest = code[3:]
    sub = rest[:3]
    if sub and sub not in SECTORS and COUNTRY_MAP.get(sub, sub) in ISO3:
        # "YUGSRB...": a state inside another; the inner one is the country
        mapped = COUNTRY_MAP.get(sub, sub)
        country, rest = (mapped, rest[3:]) if mapped else (country, rest[3:])
    sector = rest[:3] or None
    if sector in RELIGIONS:
        sector = "REL"
    return country, sector, "state"


# --------------------------------------------------------------------------- selection


def _known_texts() -> tuple[set[str], set[str]]:
    """Normalised phrases already in the built-in dictionaries, and the CAMEO codes
    of data/organisations.yaml."""
    texts: set[str] = set()
    cameo: set[str] = set()

    def add(text: object) -> None:
        key = normalise(str(text)).strip()
        texts.add(key[4:] if key.startswith("the ") else key)

    countries = yaml.safe_load((DATA / "countries.yaml").read_text("utf-8"))
    for rec in (countries.get("countries") or {}).values():
        for k in ("name",):
            add(rec.get(k, ""))
        for k in ("aliases", "adjectives", "plurals"):
            for t in rec.get(k) or []:
                add(t)
        cap = rec.get("capital") or []
        for t in [cap] if isinstance(cap, str) else cap:
            add(t)
        for seat in rec.get("seats") or []:
            add(seat["text"])
    for reg in countries.get("regions") or []:
        add(reg["text"])
    orgs = yaml.safe_load((DATA / "organisations.yaml").read_text("utf-8"))
    for org in orgs.get("organisations") or []:
        add(org["name"])
        for t in org.get("aliases") or []:
            add(t)
        if org.get("cameo"):
            cameo.add(org["cameo"])
    for row in yaml.safe_load((DATA / "groups.yaml").read_text("utf-8"))["actors"]:
        add(row["text"])
    for path in sorted((DATA / "leaders").glob("*.csv")):
        for row in csv.DictReader(path.read_text("utf-8").splitlines()):
            add(row["name"])
            for t in (row.get("aliases") or "").split("|"):
                if t.strip():
                    add(t)
    return texts, cameo


def _leader_terms() -> dict[str, list[tuple[date, date]]]:
    """Names (and aliases) of the leaders table with the spans of their terms."""
    terms: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for path in sorted((DATA / "leaders").glob("*.csv")):
        for row in csv.DictReader(path.read_text("utf-8").splitlines()):
            span = (
                date.fromisoformat(row["start"]),
                date.fromisoformat(row["end"] or "9999-12-31"),
            )
            for name in [row["name"], *(row.get("aliases") or "").split("|")]:
                if name.strip():
                    terms[normalise(name.strip())].append(span)
    return terms


def _overlaps(code: Code, spans: list[tuple[date, date]]) -> bool:
    start, end = code.start or date.min, code.end or date.max
    return any(start <= last and first <= end for first, last in spans)


def _is_person(block: Block) -> bool:
    base = _words(re.sub(r"\([^)]*\)", " ", block.names[0]))
    if not 2 <= len(base) <= 6:
        return False
    lowered = {w.lower().strip(".") for w in base}
    if lowered & (ORG_WORDS | TITLE_WORDS | {"for", "of", "the", "and"}):
        return False
    if re.search(r"countryinfo|rulers", block.comment, re.I):
        return True
    return any(c.start or c.end for c in block.codes)


def _generic_words(blocks: Iterable[Block]) -> set[str]:
    """Words found in the names of organisations of at least four countries."""
    seen: dict[str, set[str]] = defaultdict(set)
    for block in blocks:
        for code in block.codes:
            country, _, kind = split_code(code.code)
            if kind != "state" or country is None:
                continue
            for name in block.names:
                for w in _words(re.sub(r"\([^)]*\)", " ", name)):
                    seen[w.lower()].add(country)
    return {w for w, cs in seen.items() if len(cs) >= 4} | STOP_WORDS | ORG_WORDS


def convert(root: Path, out: Path, commit: str) -> Stats:
    stats = Stats()
    folder = root / "petrarch2" / "data" / "dictionaries"
    if not folder.is_dir():
        folder = root
    blocks = []
    for name in FILES:
        path = folder / name
        if not path.is_file():
            raise SystemExit(f"{path}: not found")
        found = parse(path, stats)
        stats.add(f"records read from {name}", len(found))
        blocks.extend(found)
    known, cameo = _known_texts()
    leader_terms = _leader_terms()
    persons = [b for b in blocks if _is_person(b)]
    others = [b for b in blocks if not _is_person(b)]
    generic = _generic_words(others)

    officials: list[dict[str, str]] = []
    for block in persons:
        name = person_name(block.names[0])
        if name is None:
            stats.add("persons dropped: name not a plain name")
            continue
        aliases: list[str] = []
        for raw in block.names[1:]:
            alias = person_name(raw)
            if alias is None or alias == name or alias in aliases:
                continue
            words = [w.lower().strip(".") for w in re.split(r"[\s-]+", alias)]
            if len(alias.split()) < 2:
                stats.add("person aliases dropped: one word")
                continue
            if set(words) & (TITLE_WORDS | ORG_WORDS) or all(w in generic for w in words):
                stats.add("person aliases dropped: a title or common words")
                continue
            aliases.append(alias)
        if all(w.lower() in generic for w in name.split()):
            stats.add("persons dropped: name of common words only")
            continue
        undated_seen = False
        kept = 0
        for code in block.codes:
            country, sector, kind = split_code(code.code)
            if kind != "state" or country is None or sector not in SECTORS:
                stats.add("person terms dropped: not a national office (IGO, region, no sector)")
                continue
            if code.start is None and code.end is None:
                if undated_seen:
                    continue  # PETRARCH uses the first undated code only
                undated_seen = True
            if code.end is not None and code.end < CUTOFF:
                stats.add("person terms dropped: ended before 1990")
                continue
            if sector == "GOV" and _overlaps(code, leader_terms.get(normalise(name), [])):
                # the same office as in the leaders table, often with a stale open end
                stats.add("person terms dropped: an office of the leaders table")
                continue
            officials.append(
                {
                    "country": country,
                    "sector": sector,
                    "name": name,
                    "aliases": "|".join(aliases),
                    "start": code.start.isoformat() if code.start else "",
                    "end": code.end.isoformat() if code.end else "",
                    "source": f"petrarch2:{block.file}:{code.line}",
                }
            )
            kept += 1
        stats.add("persons kept" if kept else "persons dropped: no term from 1990 on")

    # Organisations: each text with the codes it is given; texts given to more than
    # one country are ambiguous and dropped.
    person_keys = {normalise(r["name"]) for r in officials} | {
        normalise(a) for r in officials for a in r["aliases"].split("|") if a
    }
    candidates: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    shown: dict[str, str] = {}
    for block in others:
        today = [
            c
            for c in block.codes
            if (c.end is None or c.end >= CUTOFF) and not c.code.startswith("MNC")
        ]
        if not today:
            stats.add("organisation records dropped: corporations or ended before 1990")
            continue
        code = next((c for c in today if c.start is None and c.end is None), today[-1])
        country, sector, kind = split_code(code.code)
        if not kind or (kind == "state" and sector not in SECTORS):
            stats.add("organisation records dropped: a state, place, region or religion")
            continue
        if kind in ("IGO", "NGO") and code.code in cameo:
            stats.add("organisation records dropped: already in organisations.yaml")
            continue
        names: list[tuple[str, str]] = []
        full_names = []
        for raw in block.names:
            parsed = org_name(raw)
            if parsed is None:
                continue
            text, acronyms = parsed
            full_names.append(text)
            names.append((text, "name"))
            names.extend((a, "acronym") for a in acronyms)
        for raw in block.names:  # one-word names: acronyms of a longer name of the record
            parsed = org_name(raw)
            if (
                parsed
                and " " not in parsed[0]
                and parsed[0].upper() in {initials(f) for f in full_names if " " in f}
            ):
                names.append((parsed[0].upper(), "acronym"))
        where = f"petrarch2:{block.file}:{code.line}"
        code_text = code.code if kind != "state" else (country or "") + code.code[3:]
        for text, how in names:
            words = [w.lower().strip(".") for w in text.split()]
            key = normalise(text)
            if how == "name" and len(words) < 2:
                stats.add("organisation names dropped: one word")
                continue
            if how == "acronym" and (len(text) < 3 or not text.isalpha()):
                stats.add("organisation names dropped: short acronym")
                continue
            if how == "name" and all(w in generic for w in words):
                stats.add("organisation names dropped: common words only")
                continue
            if how == "name" and block.file != FILES[2] and not set(words) & ORG_WORDS:
                # outside the armed-groups file a name without a word such as "party"
                # or "ministry" is most often a person listed under a body
                stats.add("organisation names dropped: no word naming a body")
                continue
            if key in known or key in person_keys:
                stats.add("organisation names dropped: already in the built-in dictionaries")
                continue
            candidates[key].append((country or "", sector or "", code_text, where))
            shown.setdefault(key, text)
    organisations: list[dict[str, str]] = []
    for key, options in candidates.items():
        if len({o[0] for o in options}) > 1 or len({o[2] for o in options}) > 1:
            stats.add("organisation names dropped: given to different actors")
            continue
        country, sector, code_text, where = options[0]
        organisations.append(
            {
                "text": shown[key],
                "country": country,
                "sector": sector,
                "code": code_text,
                "source": where,
            }
        )

    out.mkdir(parents=True, exist_ok=True)
    _write(
        out / "phoenix_officials.csv",
        officials,
        ["country", "sector", "name", "aliases", "start", "end", "source"],
    )
    _write(
        out / "phoenix_organisations.csv",
        organisations,
        ["text", "country", "sector", "code", "source"],
    )
    stats.add("official rows written", len(officials))
    stats.add("organisation rows written", len(organisations))
    stats.add(f"commit {commit}")
    return stats


def _write(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "source",
        type=Path,
        help="petrarch2 checkout, its dictionaries folder, or a bare git directory of it",
    )
    parser.add_argument("--out", type=Path, default=DATA / "officials")
    parser.add_argument("--commit", default="unknown", help="commit of the checkout, for the log")
    args = parser.parse_args(argv)
    source, commit = args.source, args.commit
    if (source / "HEAD").is_file() and (source / "objects").is_dir():
        # a bare git directory (e.g. a mirror): read the files of its HEAD commit
        tmp = Path(tempfile.mkdtemp(prefix="phoenix-"))
        git = ["git", f"--git-dir={source}"]
        commit = subprocess.run(
            [*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
        ).stdout.strip()
        for name in FILES:
            blob = subprocess.run(
                [*git, "show", f"HEAD:petrarch2/data/dictionaries/{name}"],
                check=True,
                capture_output=True,
            ).stdout
            (tmp / name).write_bytes(blob)
        source = tmp
    stats = convert(source, args.out, commit)
    for what, n in sorted(stats.counts.items()):
        print(f"{n:8d}  {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
