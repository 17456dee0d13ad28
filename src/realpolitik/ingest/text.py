"""Read plain-text articles from files, directories and stdin.

An article may open with header lines (``Title:``, ``Date:``, ``Source:``);
otherwise the first short line without a final full stop is its title, and a
wire-style dateline ("MOSCOW, July 22, 2008 -") gives its date.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..model import Document, check_date, parse_date

MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}

# A header line is a short field; a longer one opening with "Source:" is body text.
MAX_HEADER_LINE = 300
_HEADER = re.compile(r"^(title|date|source|url)\s*:\s*(.+)$", re.IGNORECASE)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATELINE = re.compile(
    rf"^[A-Z][A-Z .'-]{{2,40}},\s*("
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}})",
    re.IGNORECASE,
)
# Frequent English function words: a text in which almost none occur is not English.
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "by",
        "was",
        "at",
        "from",
        "it",
        "be",
        "are",
        "has",
        "have",
        "an",
        "said",
        "his",
        "its",
        "not",
        "were",
        "will",
        "which",
        "their",
        "this",
        "or",
        "had",
        "but",
        "been",
        "would",
        "they",
        "who",
    ]
)


# Byte-order marks, longest first (UTF-32 LE begins as UTF-16 LE does).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class ReadFailure:
    """An input that could not be read, and why (one line)."""

    source: str
    reason: str


def looks_english(text: str) -> bool:
    """True when enough of the text's words are frequent English function words."""
    words = re.findall(r"[A-Za-z]+", text[:20000].lower())
    if len(words) < 8:
        return bool(words)
    share = sum(w in _ENGLISH_WORDS for w in words) / len(words)
    return share >= 0.12


def size_problem(size: int, source: str, *, per: str = "document") -> str | None:
    """Why an input of ``size`` bytes is refused (over ``MAX_BYTES``), or ``None``: the one
    check every reader makes on a file, a page or a feed before reading or parsing it."""
    if size <= MAX_BYTES:
        return None
    return f"{source}: {size / 1e6:.1f} MB is over the {MAX_BYTES // 2**20} MB limit per {per}"


def english_problem(text: str, source: str) -> str | None:
    """Why a text is refused as not English, or ``None``."""
    return None if looks_english(text) else f"{source}: does not look like English text"


def text_problem(body: str, source: str, *, empty: str) -> str | None:
    """Why a text taken out of a record (a feed entry, a table cell) is refused: empty
    (``empty`` says how), over ``MAX_BYTES`` as UTF-8, or not English; ``None`` when kept."""
    if not body:
        return f"{source}: {empty}"
    if len(body.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return f"{source}: text over the {MAX_BYTES // 2**20} MB limit per document"
    return english_problem(body, source)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names (UTF-32, UTF-16 or
    UTF-8, each codec skipping its mark), or ``None`` without one."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding
    return None


def decode(data: bytes, source: str) -> str:
    """Check raw bytes and decode them as UTF-8 text (UTF-16 and UTF-32 with a byte-order
    mark too), or raise ``InputError``."""
    if not data.strip():
        raise InputError(f"{source}: empty input")
    too_large = size_problem(len(data), source)
    if too_large:
        raise InputError(too_large)
    encoding = bom_encoding(data)
    if encoding is None and b"\x00" in data[:8192]:
        raise InputError(f"{source}: binary file, not text")
    try:
        text = data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: not {encoding or 'UTF-8'} (byte {exc.start}); "
            "convert it first, e.g. `iconv -f latin1 -t utf-8`"
        ) from None
    not_english = english_problem(text, source)
    if not_english:
        raise InputError(not_english)
    return text


def split_header(text: str) -> tuple[dict[str, str], str, int]:
    """Take ``Key: value`` header lines off the top; return them, the body and its offset."""
    header: dict[str, str] = {}
    offset = 0
    lines = text.splitlines(keepends=True)
    for line in lines:
        match = _HEADER.match(line.strip()) if len(line) <= MAX_HEADER_LINE else None
        if not match:
            break  # a long "Source: ..." line is the article's first paragraph
        header[match.group(1).lower()] = match.group(2).strip()
        offset += len(line)
    body = text[offset:]
    stripped = len(body) - len(body.lstrip("\n"))
    return header, body[stripped:], offset + stripped


def make_document(
    text: str, doc_id: str, *, article_date: date | None = None, title: str | None = None
) -> Document:
    """Build a ``Document`` from raw text, reading any header and dateline in it."""
    header, body, _ = split_header(text)
    if not body.strip():
        raise InputError(f"{doc_id}: no text after the header")
    found_date = article_date
    if found_date is None and "date" in header:
        found_date = parse_date(header["date"])
    if found_date is None:
        match = _DATELINE.match(body.lstrip())
        if match:
            try:
                found_date = parse_date(match.group(1))
            except InputError:
                found_date = None
    if found_date is not None:
        check_date(found_date, doc_id)
    found_title = title or header.get("title")
    if found_title is None:
        first = body.strip().splitlines()[0].strip()
        if len(first) < 150 and not first.endswith((".", "?", "!", '"', "”")):
            found_title = first
    return Document(
        doc_id=doc_id, text=body, date=found_date, title=found_title, source=header.get("source")
    )


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Yield files named directly, and the text files inside named directories, sorted."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    yield str(child)
        else:
            yield raw


def read_documents(
    paths: list[str], *, article_date: date | None = None
) -> Iterator[Document | ReadFailure]:
    """Read each input in turn; a bad one gives a ``ReadFailure`` and the rest go on."""
    for source in expand_paths(paths):
        try:
            if source == "-":
                data = sys.stdin.buffer.read(MAX_BYTES + 1)
            else:
                path = Path(source)
                if not path.exists():
                    raise InputError(f"{source}: no such file")
                too_large = size_problem(path.stat().st_size, source)
                if too_large:
                    raise InputError(too_large)
                data = path.read_bytes()
            text = decode(data, source)
            yield make_document(text, source, article_date=article_date)
        except InputError as exc:
            yield ReadFailure(source, str(exc))
        except OSError as exc:
            yield ReadFailure(source, f"{source}: {exc.strerror or exc}")
