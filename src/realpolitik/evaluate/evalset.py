"""A typed reader for ``evalset/1`` JSONL gold files.

One JSON object per line, one line per scoring unit (see ``shared/eval/README.md``).
Only the fields the scorers use are kept; optional fields may be missing or null.
Anything that would make a score silently wrong (bad JSON, a wrong ``schema``, a
span outside the text, a non-integer offset) raises :class:`EvalsetError` with the
file name and line number.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from realpolitik.errors import RealpolitikError
from realpolitik.model import Document

SCHEMA = "evalset/1"


class EvalsetError(RealpolitikError, ValueError):
    """An evalset file could not be read: bad JSON or a record that breaks the schema."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line is not None else f"{self.path}: "
        super().__init__(f"{where}{message}")


@dataclass(frozen=True)
class Span:
    """A character span of the record text (end-exclusive)."""

    start: int
    end: int
    text: str = ""


@dataclass(frozen=True)
class GoldActor:
    code: str | None
    country: str | None
    sector: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    span_exact: bool | None = None
    igo: str | None = None  # organisation code (realnews_events), when the actor is one


@dataclass(frozen=True)
class GoldEvent:
    id: str
    type: str | None
    orig_type: str | None = None
    trigger: Span | None = None
    trigger_spans: tuple[Span, ...] = ()
    source: tuple[GoldActor, ...] = ()
    target: tuple[GoldActor, ...] = ()
    reciprocal: bool = False
    modality: str | None = None
    cameo: str | None = None
    cameo_root: str | None = None
    sentence: Span | None = None  # the sentence the coder read (realnews_events)
    type_candidates: tuple[str, ...] = ()  # the type first, then acceptable alternatives

    @property
    def accepted_types(self) -> tuple[str, ...]:
        """``type_candidates`` when given, else the gold type alone (none when untyped)."""
        if self.type_candidates:
            return self.type_candidates
        return (self.type,) if self.type else ()

    @property
    def all_trigger_spans(self) -> tuple[Span, ...]:
        """The main trigger followed by any further ``trigger_spans``."""
        spans: list[Span] = []
        if self.trigger is not None:
            spans.append(self.trigger)
        spans.extend(s for s in self.trigger_spans if s not in spans)
        return tuple(spans)


@dataclass(frozen=True)
class GoldEntity:
    id: str
    start: int
    end: int
    text: str
    type: str


@dataclass(frozen=True)
class GoldPlace:
    id: str
    start: int
    end: int
    text: str
    type: str | None
    reading: str
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class GoldTimex:
    id: str
    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True)
class GoldEventDate:
    event_id: str | None
    trigger: Span
    timex_id: str | None
    value: str | None
    rel_type: str | None = None
    via_dct: bool = False


@dataclass(frozen=True)
class EvalRecord:
    """One scoring unit of an evalset file."""

    dataset: str
    doc_id: str
    text: str
    gold: tuple[str, ...]
    split: str | None = None
    lang: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    doc_labels: dict[str, Any] = field(default_factory=dict)
    events: tuple[GoldEvent, ...] = ()
    entities: tuple[GoldEntity, ...] = ()
    places: tuple[GoldPlace, ...] = ()
    timexes: tuple[GoldTimex, ...] = ()
    event_dates: tuple[GoldEventDate, ...] = ()
    doc_date: date | None = None
    line: int = 0

    def has(self, layer: str) -> bool:
        """Whether this record is annotated for ``layer`` (listed in ``gold``)."""
        return layer in self.gold

    @property
    def document_date(self) -> date | None:
        """The article date: ``doc_date`` (tbaq), else ``meta.date`` (petr2_gsr), else None."""
        if self.doc_date is not None:
            return self.doc_date
        raw = self.meta.get("date")
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                return None
        return None

    def to_document(self) -> Document:
        return Document(doc_id=self.doc_id, text=self.text, date=self.document_date)


# --------------------------------------------------------------------------- parsing


class _Ctx:
    """Where we are, for error messages."""

    def __init__(self, path: Path | str, line: int, text_len: int = 0):
        self.path = path
        self.line = line
        self.text_len = text_len

    def error(self, message: str) -> EvalsetError:
        return EvalsetError(message, self.path, self.line)


def _opt_str(obj: dict[str, Any], key: str, ctx: _Ctx, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ctx.error(f"{where}.{key} must be a string or null, got {type(value).__name__}")
    return value


def _req_str(obj: dict[str, Any], key: str, ctx: _Ctx, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise ctx.error(f"{where}.{key} is required and must be a string")
    return value


def _opt_float(obj: dict[str, Any], key: str, ctx: _Ctx, where: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ctx.error(f"{where}.{key} must be a number or null")
    return float(value)


def _opt_int(obj: dict[str, Any], key: str, ctx: _Ctx, where: str) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ctx.error(f"{where}.{key} must be an integer or null")
    return value


def _list(obj: dict[str, Any], key: str, ctx: _Ctx, where: str) -> list[dict[str, Any]]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ctx.error(f"{where}.{key} must be a list")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise ctx.error(f"{where}.{key}[{i}] must be an object")
    return value


def _offsets(obj: dict[str, Any], ctx: _Ctx, where: str) -> tuple[int, int]:
    start, end = obj.get("start"), obj.get("end")
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ctx.error(f"{where}.{name} must be an integer offset")
    assert isinstance(start, int) and isinstance(end, int)
    if not 0 <= start <= end <= ctx.text_len:
        raise ctx.error(
            f"{where} span [{start}, {end}) lies outside the text (length {ctx.text_len})"
        )
    return start, end


def _span(obj: Any, ctx: _Ctx, where: str) -> Span | None:
    if obj is None:
        return None
    if not isinstance(obj, dict):
        raise ctx.error(f"{where} must be an object or null")
    start, end = _offsets(obj, ctx, where)
    text = obj.get("text")
    return Span(start, end, text if isinstance(text, str) else "")


def _actor(obj: dict[str, Any], ctx: _Ctx, where: str) -> GoldActor:
    start, end = obj.get("start"), obj.get("end")
    if start is not None or end is not None:
        # actor spans are optional (petr2_gsr has none) but must be sane when present
        start, end = _offsets(obj, ctx, where)
    span_exact = obj.get("span_exact")
    return GoldActor(
        code=_opt_str(obj, "code", ctx, where),
        country=_opt_str(obj, "country", ctx, where),
        sector=_opt_str(obj, "sector", ctx, where),
        text=_opt_str(obj, "text", ctx, where),
        start=start,
        end=end,
        span_exact=span_exact if isinstance(span_exact, bool) else None,
        igo=_opt_str(obj, "igo", ctx, where),
    )


def _event(obj: dict[str, Any], ctx: _Ctx, where: str) -> GoldEvent:
    spans = tuple(
        s
        for i, raw in enumerate(_list(obj, "trigger_spans", ctx, where))
        if (s := _span(raw, ctx, f"{where}.trigger_spans[{i}]")) is not None
    )
    reciprocal = obj.get("reciprocal")
    candidates = obj.get("type_candidates")
    if candidates is None:
        candidates = []
    if not isinstance(candidates, list) or not all(isinstance(t, str) for t in candidates):
        raise ctx.error(f"{where}.type_candidates must be a list of type names")
    return GoldEvent(
        id=str(obj.get("id", "")),
        type=_opt_str(obj, "type", ctx, where),
        orig_type=_opt_str(obj, "orig_type", ctx, where),
        trigger=_span(obj.get("trigger"), ctx, f"{where}.trigger"),
        trigger_spans=spans,
        source=tuple(
            _actor(a, ctx, f"{where}.source[{i}]")
            for i, a in enumerate(_list(obj, "source", ctx, where))
        ),
        target=tuple(
            _actor(a, ctx, f"{where}.target[{i}]")
            for i, a in enumerate(_list(obj, "target", ctx, where))
        ),
        reciprocal=bool(reciprocal) if reciprocal is not None else False,
        modality=_opt_str(obj, "modality", ctx, where),
        cameo=_opt_str(obj, "cameo", ctx, where),
        cameo_root=_opt_str(obj, "cameo_root", ctx, where),
        sentence=_span(obj.get("sentence"), ctx, f"{where}.sentence"),
        type_candidates=tuple(candidates),
    )


def _entity(obj: dict[str, Any], ctx: _Ctx, where: str) -> GoldEntity:
    start, end = _offsets(obj, ctx, where)
    return GoldEntity(
        id=str(obj.get("id", "")),
        start=start,
        end=end,
        text=_opt_str(obj, "text", ctx, where) or "",
        type=_req_str(obj, "type", ctx, where),
    )


def _place(obj: dict[str, Any], ctx: _Ctx, where: str) -> GoldPlace:
    start, end = _offsets(obj, ctx, where)
    return GoldPlace(
        id=str(obj.get("id", "")),
        start=start,
        end=end,
        text=_opt_str(obj, "text", ctx, where) or "",
        type=_opt_str(obj, "type", ctx, where),
        reading=_req_str(obj, "reading", ctx, where),
        geonames_id=_opt_int(obj, "geonames_id", ctx, where),
        lat=_opt_float(obj, "lat", ctx, where),
        lon=_opt_float(obj, "lon", ctx, where),
    )


def _timex(obj: dict[str, Any], ctx: _Ctx, where: str) -> GoldTimex:
    start, end = _offsets(obj, ctx, where)
    return GoldTimex(
        id=str(obj.get("id", "")),
        start=start,
        end=end,
        text=_opt_str(obj, "text", ctx, where) or "",
        type=_req_str(obj, "type", ctx, where),
        value=_opt_str(obj, "value", ctx, where),
    )


def _event_date(obj: dict[str, Any], ctx: _Ctx, where: str) -> GoldEventDate:
    trigger = _span(obj.get("trigger"), ctx, f"{where}.trigger")
    if trigger is None:
        raise ctx.error(f"{where}.trigger is required")
    return GoldEventDate(
        event_id=_opt_str(obj, "event_id", ctx, where),
        trigger=trigger,
        timex_id=_opt_str(obj, "timex_id", ctx, where),
        value=_opt_str(obj, "value", ctx, where),
        rel_type=_opt_str(obj, "rel_type", ctx, where),
        via_dct=bool(obj.get("via_dct") or False),
    )


def parse_record(obj: Any, path: Path | str = "<memory>", line: int = 0) -> EvalRecord:
    """Build an :class:`EvalRecord` from one decoded JSON object."""
    ctx = _Ctx(path, line)
    if not isinstance(obj, dict):
        raise ctx.error(f"expected a JSON object, got {type(obj).__name__}")
    schema = obj.get("schema")
    if schema != SCHEMA:
        raise ctx.error(f"schema must be {SCHEMA!r}, got {schema!r}")
    text = _req_str(obj, "text", ctx, "record")
    ctx.text_len = len(text)
    doc_id = obj.get("doc_id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id:
        raise ctx.error("record.doc_id is required and must be a non-empty string")
    gold = obj.get("gold")
    if not isinstance(gold, list) or not all(isinstance(g, str) for g in gold):
        raise ctx.error("record.gold is required and must be a list of layer names")
    meta = obj.get("meta") or {}
    doc_labels = obj.get("doc_labels") or {}
    if not isinstance(meta, dict):
        raise ctx.error("record.meta must be an object")
    if not isinstance(doc_labels, dict):
        raise ctx.error("record.doc_labels must be an object")
    doc_date: date | None = None
    raw_date = obj.get("doc_date")
    if raw_date is not None:
        if not isinstance(raw_date, str):
            raise ctx.error("record.doc_date must be a YYYY-MM-DD string")
        try:
            doc_date = date.fromisoformat(raw_date)
        except ValueError as exc:
            raise ctx.error(f"record.doc_date {raw_date!r} is not a YYYY-MM-DD date") from exc
    return EvalRecord(
        dataset=_opt_str(obj, "dataset", ctx, "record") or "",
        doc_id=doc_id,
        text=text,
        gold=tuple(gold),
        split=_opt_str(obj, "split", ctx, "record"),
        lang=_opt_str(obj, "lang", ctx, "record"),
        meta=meta,
        doc_labels=doc_labels,
        events=tuple(
            _event(e, ctx, f"events[{i}]")
            for i, e in enumerate(_list(obj, "events", ctx, "record"))
        ),
        entities=tuple(
            _entity(e, ctx, f"entities[{i}]")
            for i, e in enumerate(_list(obj, "entities", ctx, "record"))
        ),
        places=tuple(
            _place(p, ctx, f"places[{i}]")
            for i, p in enumerate(_list(obj, "places", ctx, "record"))
        ),
        timexes=tuple(
            _timex(t, ctx, f"timexes[{i}]")
            for i, t in enumerate(_list(obj, "timexes", ctx, "record"))
        ),
        event_dates=tuple(
            _event_date(d, ctx, f"event_dates[{i}]")
            for i, d in enumerate(_list(obj, "event_dates", ctx, "record"))
        ),
        doc_date=doc_date,
        line=line,
    )


def iter_evalset(path: Path | str) -> Iterator[EvalRecord]:
    """Yield the records of an evalset/1 JSONL file, in file order; blank lines are skipped.

    ``doc_id`` is not required to be unique (plover_gsr dev repeats one id for two
    different sentences): records are matched to results by position, never by id.
    """
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise EvalsetError(f"cannot open: {exc.strerror or exc}", path) from exc
    with handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise EvalsetError(
                    f"bad JSON: {exc.msg} (column {exc.colno})", path, lineno
                ) from exc
            yield parse_record(obj, path, lineno)


def read_evalset(path: Path | str, *, limit: int | None = None) -> list[EvalRecord]:
    """Read an evalset/1 file into a list (the first ``limit`` records when given)."""
    records: list[EvalRecord] = []
    if limit is not None and limit <= 0:
        return records
    for record in iter_evalset(path):
        records.append(record)
        if limit is not None and len(records) >= limit:
            break
    return records
