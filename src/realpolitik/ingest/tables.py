"""Read corpora of many articles from CSV/TSV, JSON Lines and JSON files.

Files are streamed row by row (a JSON file that is one array or object is the
exception: it is parsed whole, up to ``MAX_JSON_BYTES``). The first row of a
CSV is its header. Columns are found by the names given in ``SourceOptions``
(``text_col``, ``date_col``, ``url_col``, ``title_col``, ``source_col``,
``id_col``), matched exactly, then ignoring case; a name left ``None`` is looked
for among common names (``COLUMN_NAMES``). In JSON a name may be a dotted path
into nested objects ("meta.published").

A bad row gives a ``ReadFailure`` at its location ("corpus.csv:17: ...", the
row's first line; "corpus.json#item-3" inside a JSON array) and the rest goes
on: a row with the wrong number of fields, bytes that are not in the file's
encoding (latin-1 in a UTF-8 file), an empty text, a text over
``text.MAX_BYTES``, or a text that is not English. A date that cannot be read
keeps the row, with date ``None`` and a ``ReadWarning``; a missing date is not
worth a warning. With no date column, a dateline at the top of the text gives
the date.

A row's ``doc_id`` is its id column, else its URL column, else ``path:line``.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections import deque
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..model import Document, date_problem
from . import text as plain
from .html import dateline_date
from .sources import ReadWarning, SourceOptions
from .text import ReadFailure

ROLES = ("text", "date", "url", "title", "source", "id")
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "body",
        "content",
        "article",
        "article_text",
        "full_text",
        "fulltext",
        "maintext",
        "story",
        "body_text",
    ),
    "date": (
        "date",
        "published",
        "pubdate",
        "pub_date",
        "publish_date",
        "published_at",
        "publication_date",
        "date_publish",
        "datetime",
        "timestamp",
    ),
    "url": ("url", "link", "href", "uri", "source_url", "article_url"),
    "title": ("title", "headline", "heading", "subject"),
    "source": ("source", "publisher", "outlet", "site", "sitename", "source_name", "feed"),
    "id": ("id", "doc_id", "docid", "document_id", "article_id", "guid", "uuid"),
}
# A JSON file that is one object holds its records in one of these keys, or is one record.
CONTAINER_KEYS = ("articles", "documents", "docs", "records", "items", "entries", "data", "rows")
MAX_JSON_BYTES = 64 * 2**20

_UNDECODED = re.compile("[\udc80-\udcff]")
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]|$)")
_DELIMITERS = (",", ";", "\t", "|")


def _wanted(options: SourceOptions) -> dict[str, str | None]:
    return {
        "text": options.text_col,
        "date": options.date_col,
        "url": options.url_col,
        "title": options.title_col,
        "source": options.source_col,
        "id": options.id_col,
    }


def to_date(value: object) -> date | None:
    """A cell's date: ``None`` when empty; ``ValueError`` when it cannot be read.

    Strings in the forms ``text.parse_date`` knows, ISO date-times (the date as
    written, whatever the zone), RFC 2822 dates, ``YYYYMMDD`` numbers and Unix
    timestamps (seconds or milliseconds, read in UTC).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        return _number_date(value)
    if not isinstance(value, str):
        raise ValueError(repr(value))
    raw = value.strip()
    if not raw:
        return None
    match = _ISO_PREFIX.match(raw)
    if match:
        return date.fromisoformat(match.group(1))
    try:
        return plain.parse_date(raw)
    except InputError:
        pass
    try:
        return parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        pass
    if raw.isdigit():
        return _number_date(int(raw))
    raise ValueError(raw)


def _number_date(value: float) -> date:
    if float(value).is_integer() and 1800_01_01 <= value <= 2100_12_31:
        number = int(value)
        return date(number // 10000, number // 100 % 100, number % 100)
    if 1e8 <= value < 1e11:
        return datetime.fromtimestamp(value, tz=UTC).date()
    if 1e11 <= value < 1e14:
        return datetime.fromtimestamp(value / 1000, tz=UTC).date()
    raise ValueError(str(value))


def _string(value: object) -> str | None:
    if value is None or isinstance(value, dict | list | bool):
        return None
    cleaned = str(value).strip()
    return cleaned or None


def _document(
    values: Mapping[str, object],
    *,
    where: str,
    fallback_id: str,
    text_name: str,
    options: SourceOptions,
) -> Iterator[Document | ReadFailure | ReadWarning]:
    """One record's document, or the failure that keeps it out."""
    raw = values.get("text")
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)
    if raw is not None and not isinstance(raw, str):
        yield ReadFailure(where, f"{where}: {text_name!r} is not a string")
        return
    body = (raw or "").replace("\r\n", "\n").strip()
    refused = plain.text_problem(body, where, empty=f"empty text in {text_name!r}")
    if refused:
        yield ReadFailure(where, refused)
        return
    found_date: date | None = options.article_date
    if found_date is None:
        raw_date = values.get("date")
        try:
            found_date = to_date(raw_date)
        except (ValueError, OverflowError, OSError):
            yield ReadWarning(where, f"{where}: cannot read date {raw_date!r}; kept without a date")
        else:
            if found_date is None:
                found_date = dateline_date(body)
    problem = None if found_date is None else date_problem(found_date)
    if problem is not None:
        yield ReadFailure(where, f"{where}: {problem}: out of range; row skipped")
        return
    doc_id = _string(values.get("id")) or _string(values.get("url")) or fallback_id
    yield Document(
        doc_id=doc_id,
        text=body,
        date=found_date,
        title=_string(values.get("title")),
        source=_string(values.get("source")),
        url=_string(values.get("url")),
    )


# --- CSV -------------------------------------------------------------------------------------


def _header_columns(header: list[str], options: SourceOptions) -> dict[str, int]:
    """Column index per role; ``InputError`` when a named column or any text column is missing."""
    names = [cell.strip() for cell in header]
    lowered = [name.lower() for name in names]
    found: dict[str, int] = {}
    for role, wanted in _wanted(options).items():
        if wanted is not None:
            if wanted in names:
                found[role] = names.index(wanted)
            elif wanted.lower() in lowered:
                found[role] = lowered.index(wanted.lower())
            else:
                listed = ", ".join(names)
                raise InputError(f"no column {wanted!r} for the {role} (columns: {listed})")
            continue
        for candidate in COLUMN_NAMES[role]:
            if candidate in lowered:
                found[role] = lowered.index(candidate)
                break
    if "text" not in found:
        raise InputError(
            f"no text column (columns: {', '.join(names)}); name one with the text column option"
        )
    return found


def _delimiter(first_line: str, options: SourceOptions, suffix: str) -> str:
    if options.delimiter:
        return options.delimiter
    if suffix == ".tsv":
        return "\t"
    counts = {sep: first_line.count(sep) for sep in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def _codec(encoding: str) -> str:
    return "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding


def _file_codec(path: Path, options: SourceOptions) -> str:
    """The file's codec: the one its byte-order mark names (UTF-16, UTF-32), else the
    options' encoding (UTF-8 skipping a mark)."""
    with path.open("rb") as handle:
        found = plain.bom_encoding(handle.read(4))
    return found if found in ("utf-16", "utf-32") else _codec(options.encoding)


class _Lines:
    """A file's lines for ``csv.reader``, keeping those of the record being read, so that
    the lines after a record's first can be read again (``replay``)."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self._pending: deque[str] = deque()
        self.record: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._pending.popleft() if self._pending else self._handle.readline()
        if not line:
            raise StopIteration
        self.record.append(line)
        return line

    def replay(self) -> None:
        """Read again every line of the current record but its first."""
        self._pending.extendleft(reversed(self.record[1:]))
        self.record = []


def _csv_rows(handle: IO[str], delimiter: str) -> Iterator[tuple[int, list[str] | str]]:
    """Each record with the number of its first line, or a problem (a string) there.

    The reader is strict: a quote that is never closed swallows the lines after it until
    the next quote, which is then followed by something other than a delimiter (or the
    file ends). That record is one problem, and reading starts again on its second line,
    so the rows it swallowed are read.
    """
    lines = _Lines(handle)
    base = 0  # lines before the current reader's first
    while True:
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        previous = 0
        while True:
            lines.record = []
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                number = base + previous + 1
                problem = str(exc)
                if problem.startswith("field larger than field limit"):
                    previous = reader.line_num
                    limit = plain.MAX_BYTES // 2**20
                    yield number, f"a field over the {limit} MB limit per document"
                    continue
                reason = f"a quote in this row is not closed, or a stray one ({problem})"
                yield number, f"{reason}; row skipped, reading goes on with the next line"
                lines.replay()
                base = number
                break
            yield base + previous + 1, row
            previous = reader.line_num


def read_csv(
    path: Path, origin: str, options: SourceOptions
) -> Iterator[Document | ReadFailure | ReadWarning]:
    """Stream a CSV or TSV file: a document per good row, a failure per bad one."""
    limit = plain.MAX_BYTES + 1
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)
    try:
        codec = _file_codec(path, options)
        handle = path.open(encoding=codec, errors="surrogateescape", newline="")
    except LookupError:
        yield ReadFailure(origin, f"{origin}: unknown encoding {options.encoding!r}")
        return
    with handle:
        first_line = handle.readline(65536)
        handle.seek(0)
        delimiter = _delimiter(first_line, options, path.suffix.lower())
        columns: dict[str, int] | None = None
        header: list[str] = []
        width = 0
        for number, row in _csv_rows(handle, delimiter):
            where = f"{origin}:{number}"
            if isinstance(row, str):
                yield ReadFailure(where, f"{where}: {row}")
                if columns is None:
                    return
                continue
            if not any(cell.strip() for cell in row):
                continue
            if any(_UNDECODED.search(cell) for cell in row):
                yield ReadFailure(
                    where,
                    f"{where}: bytes that are not {options.encoding} (latin-1?); convert the file, "
                    "e.g. `iconv -f latin1 -t utf-8`, or give its encoding",
                )
                if columns is None:
                    return
                continue
            if columns is None:
                try:
                    columns = _header_columns(row, options)
                except InputError as exc:
                    yield ReadFailure(origin, f"{origin}: {exc}")
                    return
                width = len(row)
                header = [cell.strip() for cell in row]
                continue
            if len(row) != width:
                yield ReadFailure(
                    where, f"{where}: {len(row)} fields where the header has {width}; row skipped"
                )
                continue
            values = {role: row[index] for role, index in columns.items()}
            yield from _document(
                values,
                where=where,
                fallback_id=where,
                text_name=header[columns["text"]],
                options=options,
            )


# --- JSON ------------------------------------------------------------------------------------


def _lookup(record: Mapping[str, Any], name: str) -> tuple[bool, Any]:
    if name in record:
        return True, record[name]
    lowered = name.lower()
    for key, value in record.items():
        if isinstance(key, str) and key.lower() == lowered:
            return True, value
    if "." in name:
        head, _, rest = name.partition(".")
        found, inner = _lookup(record, head)
        if found and isinstance(inner, Mapping):
            return _lookup(inner, rest)
    return False, None


def _record_document(
    record: Mapping[str, Any], where: str, options: SourceOptions
) -> Iterator[Document | ReadFailure | ReadWarning]:
    values: dict[str, object] = {}
    text_name = options.text_col or "text"
    for role, wanted in _wanted(options).items():
        names = (wanted,) if wanted is not None else COLUMN_NAMES[role]
        for name in names:
            found, value = _lookup(record, name)
            if found:
                values[role] = value
                if role == "text":
                    text_name = name
                break
    if "text" not in values:
        keys = ", ".join(str(key) for key in record)
        wanted_text = repr(options.text_col) if options.text_col else "text"
        yield ReadFailure(where, f"{where}: no {wanted_text} field (fields: {keys})")
        return
    yield from _document(
        values, where=where, fallback_id=where, text_name=text_name, options=options
    )


def _bounded_lines(handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Number and bytes of each line; ``None`` for a line longer than ``limit`` (skipped)."""
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = handle.readline(2**20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def read_jsonl(
    path: Path, origin: str, options: SourceOptions
) -> Iterator[Document | ReadFailure | ReadWarning]:
    """Stream a JSON Lines file: one object a line."""
    limit = 2 * plain.MAX_BYTES + 2  # escapes make a line longer than its text
    codec = _file_codec(path, options)
    rest = options.encoding  # the codec of every line but the first
    with path.open("rb") as raw:
        handle: IO[bytes] = raw
        if codec in ("utf-16", "utf-32"):  # read as UTF-8, a line at a time
            handle = codecs.EncodedFile(raw, "utf-8", codec)  # type: ignore[assignment]
            codec = rest = "utf-8"
        for number, line in _bounded_lines(handle, limit):
            where = f"{origin}:{number}"
            if line is None:
                yield ReadFailure(
                    where,
                    f"{where}: line over the {plain.MAX_BYTES // 2**20} MB limit per document",
                )
                continue
            if not line.strip():
                continue
            try:
                decoded = line.decode(codec if number == 1 else rest)
            except UnicodeDecodeError as exc:
                yield ReadFailure(
                    where, f"{where}: not {options.encoding} (byte {exc.start}); row skipped"
                )
                continue
            except LookupError:
                yield ReadFailure(origin, f"{origin}: unknown encoding {options.encoding!r}")
                return
            try:
                record = json.loads(decoded)
            except json.JSONDecodeError as exc:
                yield ReadFailure(where, f"{where}: not JSON ({exc.msg}, column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield ReadFailure(where, f"{where}: not a JSON object")
                continue
            yield from _record_document(record, where, options)


def _is_json_lines(path: Path) -> bool:
    """True when the first line is a whole JSON object and more lines follow it."""
    with path.open("rb") as handle:
        first = handle.readline(2**20)
        while first and not first.strip():
            first = handle.readline(2**20)
        first = first.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not first.startswith(b"{"):
            return False
        try:
            if not isinstance(json.loads(first), dict):
                return False
        except (json.JSONDecodeError, UnicodeDecodeError):
            return False
        while chunk := handle.read(65536):
            if chunk.strip():
                return True
    return False


def read_json(
    path: Path, origin: str, options: SourceOptions
) -> Iterator[Document | ReadFailure | ReadWarning]:
    """A ``.json`` file: JSON Lines (streamed), an array of records, or one object."""
    if _is_json_lines(path):
        yield from read_jsonl(path, origin, options)
        return
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        yield ReadFailure(
            origin,
            f"{origin}: {size / 1e6:.1f} MB is over the {MAX_JSON_BYTES // 2**20} MB limit for "
            "a JSON file read whole; write it as JSON Lines (one object a line) instead",
        )
        return
    try:
        data = json.loads(path.read_bytes().decode(_file_codec(path, options)))
    except (UnicodeDecodeError, LookupError) as exc:
        yield ReadFailure(origin, f"{origin}: cannot decode as {options.encoding} ({exc})")
        return
    except json.JSONDecodeError as exc:
        yield ReadFailure(
            origin, f"{origin}: not JSON ({exc.msg}, line {exc.lineno} column {exc.colno})"
        )
        return
    records: list[Any]
    single = False
    if isinstance(data, list):
        records = data
    elif isinstance(data, dict):
        records, single = [data], True
        for key in CONTAINER_KEYS:
            found, inner = _lookup(data, key)
            if found and isinstance(inner, list):
                records, single = inner, False
                break
    else:
        yield ReadFailure(origin, f"{origin}: neither a JSON array nor an object")
        return
    for number, record in enumerate(records, 1):
        where = origin if single else f"{origin}#item-{number}"
        if not isinstance(record, dict):
            yield ReadFailure(where, f"{where}: not a JSON object")
            continue
        yield from _record_document(record, where, options)
