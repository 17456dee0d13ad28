"""One entry point for every kind of input: ``iter_sources(specs, options)``.

A spec is one of:

- ``-``: standard input, read as one plain-text article;
- an ``http://`` or ``https://`` URL: fetched once (``SourceOptions.timeout``
  for the whole fetch; at most ``max_fetch_bytes``, by default ``text.MAX_BYTES``),
  then read as a feed, an HTML page or plain text by its content type and first
  bytes. A host that resolves to a loopback, private, link-local or reserved
  address is refused unless ``allow_private`` is set; the connection goes to the
  address that was checked, so a second DNS answer cannot change it. Redirects
  are checked the same way;
- a file, by its suffix: ``.html .htm .xhtml`` (``html.py``), ``.xml .rss .atom``
  (``feeds.py``), ``.csv .tsv .jsonl .ndjson .json`` (``tables.py``), anything
  else as plain text (``text.py``);
- a directory: every supported file under it, recursively, sorted; hidden files
  and folders and other suffixes are passed over;
- a glob pattern (``news/*.html``, ``corpus/**/*.jsonl``): the files it matches.

A file named twice (by a directory and a glob) is read once. The caller's
``iter_sources`` loop gets ``Document`` and ``ReadFailure`` records only, as
from ``text.read_documents``; a failure is one input (or one row or entry)
left out, with its location in ``reason``. Problems that keep the document,
such as a date that cannot be read, are ``ReadWarning`` records: they go to
``SourceStats.warnings`` and to ``SourceOptions.on_warning`` when one is set,
never into the loop, so a caller that treats every non-failure as a document
stays right. ``SourceStats`` counts what was read and skipped, by kind.

Document ids are stable: the path as given (or as found under a directory), a
table row's ``path:line`` (or its id or URL column), a feed entry's link (or
``feed#entry-N``), a fetched page's URL, ``-`` for standard input.
"""

from __future__ import annotations

import glob
import http.client
import ipaddress
import os
import re
import socket
import ssl
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..errors import InputError
from ..model import Document, date_problem
from . import text as plain
from .text import ReadFailure

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
TEXT_SUFFIXES = frozenset(plain.TEXT_SUFFIXES)

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_GLOB = re.compile(r"[*?[]")
_FEED_MARK = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_MARK = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class ReadWarning:
    """A document that was kept, with something about it the reader should know."""

    source: str
    reason: str


@dataclass
class SourceOptions:
    """How to read the inputs.

    Table columns (``*_col``) are names in the header or JSON keys; ``None``
    looks for common names (``tables.COLUMN_NAMES``: text, body, content, ...).
    ``article_date`` wins over every date found in the inputs, as ``--date`` does
    for plain text.
    """

    text_col: str | None = None
    date_col: str | None = None
    url_col: str | None = None
    title_col: str | None = None
    source_col: str | None = None
    id_col: str | None = None
    delimiter: str | None = None  # CSV: None picks "\t" for .tsv, else sniffs , ; \t |
    encoding: str = "utf-8"  # CSV, JSON and JSON Lines files
    article_date: date | None = None
    timeout: float = 20.0  # seconds for a whole URL fetch, redirects included
    allow_private: bool = False  # fetch from loopback, private and reserved addresses
    max_fetch_bytes: int | None = None  # None: text.MAX_BYTES, the limit of one page or feed
    max_redirects: int = 5
    user_agent: str = "realpolitik/0.1 (news event coder)"
    on_warning: Callable[[ReadWarning], None] | None = None


@dataclass
class SourceStats:
    """What ``iter_sources`` read and skipped, by kind (text, stdin, html, feed, csv, jsonl,
    json; url for a fetch that failed, missing for a path or glob that names nothing)."""

    read: int = 0
    skipped: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    skipped_by_kind: Counter[str] = field(default_factory=Counter)
    warnings: list[ReadWarning] = field(default_factory=list)

    def summary(self) -> str:
        """One line: "5 documents read (csv 3, html 2); 1 skipped (csv 1); 1 warning"."""

        def kinds(counts: Counter[str]) -> str:
            parts = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()) if n)
            return f" ({parts})" if parts else ""

        line = f"{self.read} document{'s' * (self.read != 1)} read{kinds(self.by_kind)}"
        if self.skipped:
            line += f"; {self.skipped} skipped{kinds(self.skipped_by_kind)}"
        if self.warnings:
            line += f"; {len(self.warnings)} warning{'s' * (len(self.warnings) != 1)}"
        return line


@dataclass(frozen=True)
class Fetched:
    """A URL's body, its final address after redirects, and its content type."""

    url: str
    content_type: str
    data: bytes


# --- specs -----------------------------------------------------------------------------------


def kind_of(path: Path, *, named: bool = True) -> str | None:
    """The reader for a file by its suffix; ``None`` for an unsupported file found in a walk.

    A file named on its own (``named``) with another suffix is read as plain text.
    """
    suffix = path.suffix.lower()
    for kind, suffixes in (
        ("html", HTML_SUFFIXES),
        ("feed", FEED_SUFFIXES),
        ("csv", CSV_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("json", JSON_SUFFIXES),
        ("text", TEXT_SUFFIXES),
    ):
        if suffix in suffixes:
            return kind
    return "text" if named else None


def _walk(root: Path) -> Iterator[tuple[str, str] | ReadWarning]:
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            kind = kind_of(path, named=False)
            if kind is None:
                continue
            if not path.exists():  # a symbolic link to nothing
                yield ReadWarning(str(path), f"{path}: broken symbolic link; skipped")
                continue
            yield kind, str(path)


def expand_spec(spec: str) -> Iterator[tuple[str, str] | ReadFailure | ReadWarning]:
    """The inputs a spec names, as ``(kind, name)``; a ``ReadFailure`` when it names none,
    a ``ReadWarning`` for a file passed over in a folder (a broken symbolic link)."""
    if spec == "-":
        yield "stdin", spec
        return
    if _URL.match(spec):
        scheme = spec.split(":", 1)[0].lower()
        if scheme in ("http", "https"):
            yield "url", spec
        else:
            yield ReadFailure(spec, f"{spec}: only http and https URLs are read")
        return
    path = Path(spec)
    if path.is_dir():
        yield from _walk(path)
        return
    if path.is_file():
        yield kind_of(path) or "text", spec
        return
    if _GLOB.search(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield ReadFailure(spec, f"{spec}: no file matches the pattern")
        for match in matches:
            found = Path(match)
            if found.is_dir():
                yield from _walk(found)
            elif found.is_file():
                yield kind_of(found) or "text", match
        return
    yield ReadFailure(spec, f"{spec}: no such file or directory")


# --- URLs ------------------------------------------------------------------------------------


def is_public_address(value: str) -> bool:
    """True for a globally routable unicast address; IPv4 inside IPv6 is judged as IPv4."""
    address: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
        value.split("%", 1)[0]
    )
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        elif address.sixtofour is not None:
            address = address.sixtofour
        elif address in _NAT64:
            address = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    """The addresses a host resolves to; ``InputError`` if any is not public (unless allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise InputError(f"cannot resolve {host} ({reason})") from None
    addresses: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise InputError(f"cannot resolve {host}")
    if not allow_private:
        for address in addresses:
            if not is_public_address(address):
                raise InputError(
                    f"{host} resolves to {address}, a loopback, private or reserved address: "
                    "refused (allow_private reads it)"
                )
    return addresses


def _pinned(addresses: list[str], port: int) -> Callable[..., socket.socket]:
    """A ``create_connection`` that connects only to the addresses already checked."""

    def create(
        _address: object, timeout: float | None = None, source_address: object = None
    ) -> socket.socket:
        last: OSError | None = None
        for address in addresses:
            try:
                return socket.create_connection((address, port), timeout, source_address)  # type: ignore[arg-type]
            except OSError as exc:
                last = exc
        raise last or OSError("no address to connect to")

    return create


def fetch(url: str, options: SourceOptions) -> Fetched:
    """GET a URL within the options' limits; ``InputError`` (with the URL) when it fails."""
    deadline = time.monotonic() + options.timeout
    limit = plain.MAX_BYTES if options.max_fetch_bytes is None else options.max_fetch_bytes
    current = url
    for _ in range(options.max_redirects + 1):
        parts = urlsplit(current)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise InputError(f"{url}: only http and https URLs are read (got {current})")
        host = parts.hostname
        if not host:
            raise InputError(f"{url}: no host in {current}")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise InputError(f"{url}: bad port in {current}") from None
        try:
            addresses = resolve(host, port, allow_private=options.allow_private)
        except InputError as exc:
            raise InputError(f"{url}: {exc}") from None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise InputError(f"{url}: timed out after {options.timeout:g} s")
        connection: http.client.HTTPConnection
        if scheme == "https":
            connection = http.client.HTTPSConnection(
                host, port, timeout=remaining, context=ssl.create_default_context()
            )
        else:
            connection = http.client.HTTPConnection(host, port, timeout=remaining)
        connection._create_connection = _pinned(addresses, port)  # type: ignore[attr-defined]
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request(
                "GET",
                target,
                headers={
                    "User-Agent": options.user_agent,
                    "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                    "text/html;q=0.8, text/plain;q=0.7, */*;q=0.1",
                },
            )
            response = connection.getresponse()
            if response.status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise InputError(f"{url}: HTTP {response.status} without a Location")
                current = urljoin(current, location.strip())
                continue
            if response.status != 200:
                raise InputError(f"{url}: HTTP {response.status} {response.reason}".rstrip())
            length = response.getheader("Content-Length") or ""
            if length.isdigit() and int(length) > limit:
                raise InputError(
                    f"{url}: {int(length) / 1e6:.1f} MB is over the {limit / 1e6:.1f} MB limit"
                )
            chunks: list[bytes] = []
            total = 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise InputError(f"{url}: timed out after {options.timeout:g} s")
                if connection.sock is not None:
                    connection.sock.settimeout(remaining)
                chunk = response.read1(65536)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise InputError(f"{url}: over the {limit / 1e6:.1f} MB limit")
                chunks.append(chunk)
            content_type = response.getheader("Content-Type") or ""
            return Fetched(url=current, content_type=content_type, data=b"".join(chunks))
        except TimeoutError:
            raise InputError(f"{url}: timed out after {options.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise InputError(f"{url}: {reason}") from None
        finally:
            connection.close()
    raise InputError(f"{url}: more than {options.max_redirects} redirects")


def fetched_kind(fetched: Fetched) -> str | None:
    """feed, html or text by content type and first bytes; ``None`` when none fits."""
    content_type = fetched.content_type.split(";", 1)[0].strip().lower()
    head = fetched.data[:4096]
    if content_type.endswith(("rss+xml", "atom+xml", "rdf+xml")) or _FEED_MARK.search(head):
        return "feed"
    if "html" in content_type or _HTML_MARK.search(head):
        return "html"
    if content_type in ("application/xml", "text/xml"):
        return "feed"
    if content_type.startswith("text/") or not content_type:
        return "text"
    return None


# --- reading ---------------------------------------------------------------------------------

Item = Document | ReadFailure | ReadWarning


def _read_stdin(options: SourceOptions) -> Document:
    stream = sys.stdin
    if stream is None:
        raise InputError("-: no standard input")
    buffer = getattr(stream, "buffer", None)
    limit = plain.MAX_BYTES + 1
    data = buffer.read(limit) if buffer is not None else stream.read(limit).encode("utf-8")
    return plain.make_document(plain.decode(data, "-"), "-", article_date=options.article_date)


def _read_url(url: str, options: SourceOptions) -> Iterator[tuple[str, Item]]:
    from .feeds import read_feed
    from .html import read_html

    try:
        fetched = fetch(url, options)
    except InputError as exc:
        yield "url", ReadFailure(url, str(exc))
        return
    kind = fetched_kind(fetched)
    try:
        if kind == "feed":
            for item in read_feed(
                fetched.data,
                url,
                base_url=fetched.url,
                content_type=fetched.content_type,
                article_date=options.article_date,
            ):
                yield kind, item
        elif kind == "html":
            yield (
                kind,
                read_html(fetched.data, url, url=fetched.url, article_date=options.article_date),
            )
        elif kind == "text":
            text = plain.decode(fetched.data, url)
            yield kind, plain.make_document(text, url, article_date=options.article_date)
        else:
            yield "url", ReadFailure(url, f"{url}: cannot read {fetched.content_type!r} content")
    except InputError as exc:
        yield kind or "url", ReadFailure(url, str(exc))


def _read_file(kind: str, name: str, options: SourceOptions) -> Iterator[Item]:
    from . import feeds, tables
    from .html import read_html_file

    path = Path(name)
    if kind == "text":
        yield from plain.read_documents([name], article_date=options.article_date)
    elif kind == "html":
        yield read_html_file(path, name, article_date=options.article_date)
    elif kind == "feed":
        yield from feeds.read_feed_file(path, name, article_date=options.article_date)
    elif kind == "csv":
        yield from tables.read_csv(path, name, options)
    elif kind == "jsonl":
        yield from tables.read_jsonl(path, name, options)
    elif kind == "json":
        yield from tables.read_json(path, name, options)
    else:  # pragma: no cover - kind_of gives only the kinds above
        raise InputError(f"{name}: no reader for {kind}")


def _read(kind: str, name: str, options: SourceOptions) -> Iterator[tuple[str, Item]]:
    """Every record one input gives, with the kind to count it under."""
    if kind == "url":
        yield from _read_url(name, options)
        return
    try:
        if kind == "stdin":
            yield kind, _read_stdin(options)
        else:
            for item in _read_file(kind, name, options):
                yield kind, item
    except InputError as exc:
        yield kind, ReadFailure(name, str(exc))
    except OSError as exc:
        yield kind, ReadFailure(name, f"{name}: {exc.strerror or exc}")


def _warn(warning: ReadWarning, options: SourceOptions, stats: SourceStats) -> None:
    stats.warnings.append(warning)
    if options.on_warning is not None:
        options.on_warning(warning)


def _in_range(item: Item) -> Item:
    """A document dated outside the sane range (``model.date_problem``) as a failure."""
    if isinstance(item, Document) and item.date is not None:
        problem = date_problem(item.date)
        if problem is not None:
            return ReadFailure(item.doc_id, f"{item.doc_id}: {problem}: out of range, refused")
    return item


def iter_sources(
    specs: list[str],
    options: SourceOptions | None = None,
    *,
    stats: SourceStats | None = None,
) -> Iterator[Document | ReadFailure]:
    """Read every spec in turn: a ``Document`` per text, a ``ReadFailure`` per one left out.

    Pass a ``SourceStats`` to have it counted (and its ``warnings`` filled) as the
    iterator is consumed.
    """
    options = options or SourceOptions()
    stats = SourceStats() if stats is None else stats
    seen: set[str] = set()
    for spec in specs:
        for target in expand_spec(spec):
            if isinstance(target, ReadWarning):
                _warn(target, options, stats)
                continue
            if isinstance(target, ReadFailure):
                stats.skipped += 1
                stats.skipped_by_kind["missing"] += 1
                yield target
                continue
            kind, name = target
            if kind not in ("stdin", "url"):
                key = os.path.realpath(name)
                if key in seen:
                    continue
                seen.add(key)
            for counted, read in _read(kind, name, options):
                item = _in_range(read)
                if isinstance(item, ReadWarning):
                    _warn(item, options, stats)
                    continue
                if isinstance(item, ReadFailure):
                    stats.skipped += 1
                    stats.skipped_by_kind[counted] += 1
                else:
                    stats.read += 1
                    stats.by_kind[counted] += 1
                yield item
