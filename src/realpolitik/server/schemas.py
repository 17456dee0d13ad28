"""The request bodies and the response shapes of the API (for validation and /docs)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ExtractRequest(BaseModel):
    """A text to code. ``Title:``/``Date:`` header lines at its top are read, as by the CLI."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="the article, plain text")
    date: dt.date | None = Field(default=None, description="the article's date, YYYY-MM-DD")
    title: str | None = None


class IngestRequest(BaseModel):
    """A text to code and store. Without ``text``, ``url`` is fetched (``--allow-fetch``)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, min_length=1)
    date: dt.date | None = None
    title: str | None = None
    url: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=200, description="the publisher")
    name: str | None = Field(
        default=None,
        max_length=2000,
        description="the name it is stored under (default: its url, else api:HASH)",
    )


class Actor(BaseModel):
    code: str | None
    country: str | None
    sector: str | None
    text: str | None
    igo: str | None = Field(
        default=None, description="the international organisation a person acts for"
    )


class Place(BaseModel):
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None


class Event(BaseModel):
    id: str
    doc_id: str | None = Field(description="the document's id (sha256 of its text)")
    date: str | None = Field(description="ISO 8601: a day, or a month or year when coarser")
    date_precision: str | None
    type: str
    cameo: str | None
    cameo_name: str | None
    goldstein: float | None
    quad_class: int | None
    source: Actor | None = Field(description="the first source actor")
    target: Actor | None = Field(description="the first target actor")
    modality: str | None
    claimant: Actor | None = Field(description="who reports the event (attribution), or null")
    place: Place | None
    sentence: str | None
    trigger: str | None
    confidence: float | None


class Evidence(BaseModel):
    doc_id: str | None
    sentence_index: int | None
    sentence: str | None
    sentence_start: int | None
    sentence_end: int | None
    trigger_start: int | None
    trigger_end: int | None
    rule: list[str] | str | None


class DocumentRef(BaseModel):
    id: str
    name: str | None
    title: str | None
    date: str | None
    url: str | None


class EventDetail(Event):
    sources: list[Actor]
    targets: list[Actor]
    reciprocal: bool | None
    modality_cue: str | None
    context: str | None
    merged_id: str | None
    evidence: Evidence
    document: DocumentRef


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Event]


class DocumentEvent(BaseModel):
    id: str
    type: str
    modality: str | None
    source_code: str | None
    target_code: str | None
    sentence_start: int | None
    sentence_end: int | None
    trigger_start: int | None
    trigger_end: int | None


class DocumentOut(BaseModel):
    id: str
    name: str | None
    title: str | None
    date: str | None
    url: str | None
    source: str | None
    duplicate_of: str | None
    text: str
    events: list[DocumentEvent]


class Health(BaseModel):
    status: str
    documents: int
    events: int


class DyadPeriod(BaseModel):
    period: str
    start: str
    n_events: int
    n_docs: int
    weight: float
    score: float
    index: float | None
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int


class Dyad(BaseModel):
    a: str
    b: str
    by: str
    period: str
    series: list[DyadPeriod]
    index: dict[str, Any] = Field(description="Relations.index: index, trend, slope, thin, …")
    actors: str = Field("all", description="all: every actor of a country; state: governments")


class Bloc(BaseModel):
    bloc: int
    countries: list[str]


class Edge(BaseModel):
    a: str
    b: str
    score: float
    index: float | None
    n_events: int


class Blocs(BaseModel):
    period: str
    modularity: float | None
    frustration: float | None
    blocs: list[Bloc]
    edges: list[Edge]
    actors: str = Field("all", description="all: every actor of a country; state: governments")


class Partner(BaseModel):
    country: str
    score: float = Field(description="weighted Goldstein sum: positive is cooperative")
    index: float | None = Field(description="score per unit of weight, -10 .. 10")
    n_events: int


class RelationsOut(BaseModel):
    actor: str
    country: str
    period: str
    partners: list[Partner]
    actors: str = Field("all", description="all: every actor of a country; state: governments")


class ExtractedEvent(Event):
    evidence: Evidence
    sources: list[Actor]
    targets: list[Actor]
    reciprocal: bool | None


class ExtractedPlace(BaseModel):
    text: str
    start: int
    end: int
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    reading: str


class ExtractedDate(BaseModel):
    text: str
    start: int
    end: int
    value: str | None


class DateWindowOut(BaseModel):
    start: str | None
    end: str | None
    reasons: list[str]


class ExtractedDocument(BaseModel):
    title: str | None
    date: str | None
    date_window: DateWindowOut | None = Field(
        default=None,
        description="an undated article: the days it can have been written on, and why (when/)",
    )


class Quantity(BaseModel):
    value: float | None
    exact: bool | None
    unit: str | None
    text: str | None


class ExtractedTransfer(BaseModel):
    supplier: str | None = Field(description="ISO-3")
    recipient: str | None
    item: str
    category: str | None
    quantity: Quantity | None
    status: str | None = Field(description="rumoured, negotiating, ordered, delivered, …")
    year: str | None
    modality: str | None
    event_id: str | None
    sentence: str | None
    trigger: str | None
    sentence_start: int | None
    sentence_end: int | None


class Extraction(BaseModel):
    document: ExtractedDocument
    events: list[ExtractedEvent]
    places: list[ExtractedPlace]
    dates: list[ExtractedDate]
    transfers: list[ExtractedTransfer] = Field(default_factory=list)
    truncated: dict[str, int] | None = Field(
        default=None,
        description="only when lists were cut to the server's --max-items: the limit and "
        "how many events, places, dates there were",
    )


class TransferDocument(BaseModel):
    date: str | None
    title: str | None
    source: str | None = Field(description="the outlet")


class Transfer(BaseModel):
    id: str
    doc_id: str
    supplier: str | None = Field(description="ISO-3")
    recipient: str | None
    item: str
    category: str | None
    quantity: Quantity | None
    status: str | None
    year: str | None
    modality: str | None
    event_id: str | None
    sentence: str | None
    trigger: str | None
    document: TransferDocument


class TransferPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Transfer]


class CoverageMonth(BaseModel):
    month: str = Field(description="YYYY-MM")
    events: int


class Coverage(BaseModel):
    first: str | None = Field(description="the first day with events (1900..2100)")
    last: str | None
    undated: int
    outside: int = Field(description="events dated outside 1900..2100: misreadings")
    months: list[CoverageMonth]


class Names(BaseModel):
    countries: dict[str, str] = Field(description="ISO-3 -> name")
    sectors: dict[str, str] = Field(description="CAMEO sector or group code -> words")
    organisations: dict[str, str]
    state_sectors: list[str]


class IngestOut(BaseModel):
    doc_id: str
    new: bool
    events: int


class DeletedOut(BaseModel):
    """What ``DELETE /documents/{id}`` removed (``EventStore.delete``)."""

    documents: int
    events: int
    transfers: int
    indicators: int
    toponyms: int
    merged_events: int
    relinked: int
    doc_ids: list[str]


class Problem(BaseModel):
    detail: str


class ExportRequest(BaseModel):
    """``realpolitik export``'s options (``POST /store/export``), as ``Filters`` reads them."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["jsonl", "csv", "gdelt", "parquet"] = "jsonl"
    table: Literal["events", "merged", "transfers", "indicators"] | None = None
    header: bool | None = None
    actor: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, max_length=200)
    types: list[str] = Field(default_factory=list, max_length=50)
    modalities: list[str] = Field(default_factory=list, max_length=20)
    since: dt.date | None = None
    until: dt.date | None = None
    date_on: Literal["event", "document"] = "event"
    doc: str | None = Field(default=None, max_length=2000)
