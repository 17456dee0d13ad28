"""Read RSS and Atom feeds with feedparser: one ``Document`` per entry.

An entry's text is the longer of its content and its summary, made plain text
with trafilatura when it is HTML. Its title is the entry title, its source the
feed's title, and its date the published (else updated) date as written in the
feed, so "Thu, 04 May 2023 23:30:00 -0500" is 4 May, not 5 May in UTC.

An entry's link is its ``doc_id`` and its ``url``; an entry without a link is
``<feed>#entry-N`` (N counts from 1, in feed order).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Document
from . import text as plain
from .html import html_to_text
from .sources import ReadWarning
from .text import ReadFailure

_SPACES = re.compile(r"\s+")


def _clean_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if "<" in value:
        value = html_to_text(value)
    cleaned = _SPACES.sub(" ", value).strip()
    return cleaned or None


def _as_text(value: str, kind: str) -> str:
    if "html" in kind or "xml" in kind or ("<" in value and ">" in value):
        return html_to_text(value)
    return value.strip()


def entry_text(entry: Mapping[str, Any]) -> str:
    """The longest of an entry's content blocks and summary, as plain text."""
    candidates: list[tuple[str, str]] = []
    for block in entry.get("content") or []:
        value = block.get("value") if isinstance(block, Mapping) else None
        if isinstance(value, str) and value.strip():
            candidates.append((value, str(block.get("type") or "")))
    summary = entry.get("summary")
    if isinstance(summary, str) and summary.strip():
        detail = entry.get("summary_detail") or {}
        candidates.append((summary, str(detail.get("type") or "")))
    texts = [_as_text(value, kind) for value, kind in candidates]
    return max(texts, key=len, default="")


def _written_date(raw: str) -> date | None:
    """A feed date as written (its own time zone), or None."""
    raw = raw.strip()
    try:
        return parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(raw).date()
    except ValueError:
        pass
    try:
        return plain.parse_date(raw)
    except InputError:
        return None


def entry_date(entry: Mapping[str, Any]) -> tuple[date | None, str | None]:
    """The entry's date, and the raw date string when there is one that could not be read."""
    unread: str | None = None
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            found = _written_date(raw)
            if found is not None:
                return found, None
            parsed = entry.get(f"{key}_parsed")
            if parsed:
                return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday), None
            unread = unread or raw
    return None, unread


def read_feed(
    data: bytes,
    origin: str,
    *,
    base_url: str | None = None,
    content_type: str | None = None,
    article_date: date | None = None,
) -> Iterator[Document | ReadFailure | ReadWarning]:
    """Parse a feed's bytes; yield a ``Document`` per usable entry, a failure per bad one.

    ``origin`` names the feed in messages and in ``#entry-N`` ids. ``article_date``,
    when given, wins over every entry's date.
    """
    import feedparser

    headers: dict[str, str] = {}
    if base_url:
        headers["content-location"] = base_url
    if content_type:
        headers["content-type"] = content_type
    # A stream, never a str: feedparser fetches a str that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") or not parsed.get("version"):
            problem = parsed.get("bozo_exception")
            detail = f" ({_SPACES.sub(' ', str(problem)).strip()})" if problem else ""
            yield ReadFailure(origin, f"{origin}: not an RSS or Atom feed{detail}")
        else:
            yield ReadWarning(origin, f"{origin}: the feed has no entries")
        return
    feed_title = _clean_line((parsed.get("feed") or {}).get("title"))
    for number, entry in enumerate(entries, 1):
        where = f"{origin}#entry-{number}"
        link = entry.get("link")
        doc_id = link.strip() if isinstance(link, str) and link.strip() else where
        body = entry_text(entry)
        refused = plain.text_problem(body, where, empty="the entry has no text")
        if refused:
            yield ReadFailure(where, refused)
            continue
        found_date, unread = entry_date(entry)
        if unread is not None and article_date is None:
            yield ReadWarning(where, f"{where}: cannot read date {unread!r}; kept without a date")
        yield Document(
            doc_id=doc_id,
            text=body,
            date=article_date or found_date,
            title=_clean_line(entry.get("title")),
            source=feed_title,
            url=doc_id if doc_id != where else None,
        )


def read_feed_file(
    path: Path, origin: str, *, article_date: date | None = None
) -> Iterator[Document | ReadFailure | ReadWarning]:
    """Read a feed file, refusing one over ``text.MAX_BYTES`` before reading it.

    A feed is parsed whole, so it has the same limit as one document.
    """
    too_large = plain.size_problem(path.stat().st_size, origin, per="feed")
    if too_large:
        yield ReadFailure(origin, too_large)
        return
    yield from read_feed(path.read_bytes(), origin, article_date=article_date)
