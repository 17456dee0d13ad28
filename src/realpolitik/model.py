"""The records that flow through the pipeline.

Every stage takes and returns these plain dataclasses; ``to_dict`` gives the
stable JSON shape documented in ``docs/output.md``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from .errors import InputError

Modality = Literal["factual", "negated", "planned", "speculative"]
MODALITIES: tuple[str, ...] = ("factual", "negated", "planned", "speculative")

PLOVER_ROOTS: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
)

# The four QuadClasses (``Event.quad_class`` 1..4) as column names, in order: the one list
# relations' series and the server's answers count them by.
QUAD_COLUMNS: tuple[str, ...] = (
    "verbal_cooperation",
    "material_cooperation",
    "verbal_conflict",
    "material_conflict",
)


# The dates a document may carry: older ones are typing slips (0001-01-01) and later ones
# are placeholders (9999-12-31); both break date arithmetic downstream. ``docs/pipeline.md``.
EARLIEST_DATE = date(1800, 1, 1)
FUTURE_DAYS = 366  # how far past today a date may lie (a time zone, an embargo)


def latest_date(today: date | None = None) -> date:
    """The last date a document may carry: a year after ``today`` (default: now)."""
    return (today or date.today()) + timedelta(days=FUTURE_DAYS)


def date_problem(day: date, today: date | None = None) -> str | None:
    """Why ``day`` is out of the sane range for a document, or ``None`` when it is in it."""
    if day < EARLIEST_DATE:
        return f"date {day.isoformat()} is before {EARLIEST_DATE.isoformat()}"
    latest = latest_date(today)
    if day > latest:
        return f"date {day.isoformat()} is after {latest.isoformat()} (a year from today)"
    return None


def check_date(day: date, where: str) -> date:
    """``day`` when it is in the sane range; ``InputError`` naming ``where`` otherwise."""
    problem = date_problem(day)
    if problem is not None:
        raise InputError(f"{where}: {problem}: out of range, refused")
    return day


# The forms of a written date that ``parse_date`` reads (the CLI's --date, a header's
# Date:, a dateline, a feed's or a table's date column).
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%B %d, %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y%m%d",
)


def parse_date(value: str) -> date:
    """Parse a date written in one of the common news forms; raise ``InputError`` if none fits."""
    cleaned = re.sub(r"\s+", " ", value.strip().rstrip(".")).replace("Sept ", "Sep ")
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    if "T" in cleaned and re.match(r"\d{4}-\d{2}-\d{2}T", cleaned):
        cleaned = cleaned.split("T", 1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise InputError(f"cannot read date {value!r}: use YYYY-MM-DD")


@dataclass(frozen=True)
class Document:
    """One input text, with what we know about it before reading it."""

    doc_id: str
    text: str
    date: date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Actor:
    """A coded actor: a state (ISO-3 + sector), an organisation, or a group.

    ``code`` is the CAMEO-style code (``VENGOV``, ``RUSMIL``, ``NATO``);
    ``country`` is ISO-3 or ``None`` for organisations and unknowns; ``igo`` is the
    code of the international organisation a person acts for ("UN" for its
    Secretary-General or envoy, who then has no country).
    """

    code: str
    country: str | None
    sector: str | None
    text: str
    start: int | None = None
    end: int | None = None
    kind: str = "state"  # state | organisation | person | group | region
    person: str | None = None  # canonical name when the actor is a known person
    rule: str = ""
    igo: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "text": self.text,
            "kind": self.kind,
            "person": self.person,
            "igo": self.igo,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Evidence:
    """Where an event was read, and what decided it."""

    doc: str
    sentence_index: int
    sentence: str
    sentence_start: int
    sentence_end: int
    start: int
    end: int
    trigger: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Event:
    """One coded political event with its evidence."""

    doc: str
    type: str
    cameo: str
    goldstein: float
    quad_class: int
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    modality: str
    evidence: Evidence
    confidence: float
    reciprocal: bool = False
    attribution: Actor | None = None
    modality_cue: str | None = None
    context: str | None = None  # military, economic, diplomatic, ...
    date: dict[str, Any] | None = None
    location: dict[str, Any] | None = None
    doc_hash: str = ""  # the document's content hash (prefix): ids differ across texts
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def event_id(self) -> str:
        """A stable id: same document, trigger, type and dyad give the same id."""
        key = "|".join(
            [
                self.doc,
                self.doc_hash,
                str(self.evidence.start),
                str(self.evidence.end),
                self.cameo,
                ",".join(a.code for a in self.source),
                ",".join(a.code for a in self.target),
            ]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.event_id,
            "doc": self.doc,
            "type": self.type,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "reciprocal": self.reciprocal,
            "modality": self.modality,
            "modality_cue": self.modality_cue,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "context": self.context,
            "date": self.date,
            "location": self.location,
            "evidence": self.evidence.to_dict(),
            "confidence": round(self.confidence, 3),
            **self.extras,
        }


@dataclass(frozen=True)
class Entity:
    """A typed span found in a document (re3d-style entity types)."""

    start: int
    end: int
    text: str
    type: str  # PERSON, ORG, LOC, NORP, WEAPON, MILITARY_PLATFORM, MONEY, ...
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Toponym:
    """A place name and how it is read: a ``place`` or a metonymic ``actor``."""

    start: int
    end: int
    text: str
    reading: str  # place | actor
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature_class: str | None = None
    guessed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Timex:
    """A temporal expression normalised against the article date."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # ISO 8601 date, month (YYYY-MM), year, or interval
    precision: str | None = None  # day | month | year | range | week | decade
    mod: str | None = None  # TimeML-style modifier: "ON_OR_BEFORE" for "by 2007"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DocumentResult:
    """Everything read from one document.

    ``parsed`` holds the spaCy ``Doc`` while the result is in memory (for
    scorers that ask about arbitrary spans); it is never serialised.
    """

    document: Document
    events: list[Event]
    entities: list[Entity]
    actors: list[Actor]
    toponyms: list[Toponym] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    materiel: list[Materiel] = field(default_factory=list)
    transfers: list[ArmsTransfer] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    date_window: DateWindow | None = None
    warnings: list[str] = field(default_factory=list)
    parsed: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class DateWindow:
    """The dates an undated article can have been written on, and why."""

    start: date | None
    end: date | None
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Amount:
    """Money or a count: "1 billion dollars" -> 1e9 USD; "a fleet of" -> approximate count."""

    start: int
    end: int
    text: str
    kind: str  # money | count
    value: float | None
    unit: str | None  # ISO 4217 currency for money; the counted noun for counts
    exact: bool = True
    year: int | None = None  # the year a money value is stated in, if given

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Materiel:
    """A weapon or military platform named in the text."""

    start: int
    end: int
    text: str
    category: str  # combat_aircraft, helicopter, armoured_vehicle, submarine, ...
    designation: str | None = None  # "Su-30MK2", "T-72", "AN-74"
    origin: str | None = None  # ISO-3 of the usual maker's country, when the lexicon knows it
    entity_type: str = "WEAPON"  # WEAPON or MILITARY_PLATFORM (re3d's distinction)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ArmsTransfer:
    """An arms-transfer record in the spirit of the SIPRI register."""

    doc: str
    supplier: str | None  # ISO-3
    recipient: str | None
    item: str
    category: str
    quantity: Amount | None
    status: str  # rumoured | negotiating | ordered | delivered | licensed_production
    year: str | None
    modality: str
    event_id: str | None
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "supplier": self.supplier,
            "recipient": self.recipient,
            "item": self.item,
            "category": self.category,
            "quantity": self.quantity.to_dict() if self.quantity else None,
            "status": self.status,
            "year": self.year,
            "modality": self.modality,
            "event_id": self.event_id,
            "evidence": self.evidence.to_dict(),
        }


@dataclass(frozen=True)
class Indicator:
    """An economic figure between two states: "bilateral trade reached $1bn by 2007"."""

    doc: str
    countries: tuple[str, ...]
    metric: str  # trade_volume, investment, aid, loan, ...
    value: float | None
    unit: str | None
    as_of: str | None
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "countries": list(self.countries),
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "as_of": self.as_of,
            "evidence": self.evidence.to_dict(),
        }
