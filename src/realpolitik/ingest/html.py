"""Read news articles from HTML pages with trafilatura.

trafilatura finds the main text of a page (navigation, footers, cookie banners
and comments are left out), its title, site name and publication date. Dates
come only from the page's markup, metadata and URL: trafilatura's extensive
search is off because it reads years out of copyright footers ("© 2021" gives
2021-01-01). When the markup has no date, a wire-style dateline at the top of
the text ("OSLO, May 4, 2023 -") gives it, as for plain text.

Nothing here uses the network: the page is given as bytes.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Document
from . import text as plain

_NEWLINES = re.compile(r"\n+")


def _date_params() -> dict[str, Any]:
    """What trafilatura's date search may use: markup and URL, never free text."""
    return {
        "original_date": True,
        "extensive_search": False,
        "max_date": datetime.now().astimezone().strftime("%Y-%m-%d"),
    }


def _paragraphs(extracted: str) -> str:
    """trafilatura puts one paragraph a line; plain-text articles put a blank line between."""
    lines = (line.strip() for line in _NEWLINES.split(extracted.strip()))
    return "\n\n".join(line for line in lines if line)


def dateline_date(text: str) -> date | None:
    """The date of a ``Date:`` line or a dateline at the top of ``text``, if any.

    The dateline may follow a headline: the first three paragraphs are tried.
    """
    for paragraph in text.lstrip().split("\n\n", 3)[:3]:
        try:
            found = plain.make_document(paragraph, "-", title="-").date
        except InputError:
            continue
        if found is not None:
            return found
    return None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs kept apart."""
    import trafilatura

    if "<" not in fragment:
        return fragment.strip()
    page = f"<html><body><div>{fragment}</div></body></html>"
    extracted = trafilatura.extract(
        page, favor_recall=True, include_comments=False, include_tables=True
    )
    if not extracted:
        extracted = trafilatura.html2txt(page) or ""
    return _paragraphs(extracted)


def read_html(
    data: bytes | str,
    doc_id: str,
    *,
    url: str | None = None,
    article_date: date | None = None,
) -> Document:
    """Build a ``Document`` from a whole HTML page; raise ``InputError`` if no article is in it.

    ``article_date`` (the caller's date) wins over the page's own date.
    """
    import trafilatura

    too_large = plain.size_problem(len(data), doc_id)
    if too_large:
        raise InputError(too_large)
    head = data[:8192]
    if (b"\x00" in head) if isinstance(head, bytes) else ("\x00" in head):
        raise InputError(f"{doc_id}: binary file, not HTML")
    if not data.strip():
        raise InputError(f"{doc_id}: empty input")
    found = trafilatura.bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_date_params(),
    )
    body = _paragraphs(getattr(found, "text", None) or "") if found is not None else ""
    if not body:
        raise InputError(f"{doc_id}: no article text found in the HTML")
    refused = plain.english_problem(body, doc_id)  # the page was within MAX_BYTES
    if refused:
        raise InputError(refused)
    page_date: date | None = None
    raw_date = getattr(found, "date", None)
    if raw_date:
        try:
            page_date = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            page_date = None
    title = getattr(found, "title", None) or None
    source = getattr(found, "sitename", None) or None
    return Document(
        doc_id=doc_id,
        text=body,
        date=article_date or page_date or dateline_date(body),
        title=title,
        source=source,
        url=url,
    )


def read_html_file(path: Path, doc_id: str, *, article_date: date | None = None) -> Document:
    """Read one HTML file, refusing an over-size one before reading it."""
    too_large = plain.size_problem(path.stat().st_size, doc_id)
    if too_large:
        raise InputError(too_large)
    return read_html(path.read_bytes(), doc_id, article_date=article_date)
