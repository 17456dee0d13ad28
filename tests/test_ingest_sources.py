"""Reading every kind of input through ``iter_sources``: files, tables, feeds, URLs, stdin."""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import shutil
import socket
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pytest

from realpolitik.ingest.sources import (
    ReadWarning,
    SourceOptions,
    SourceStats,
    is_public_address,
    iter_sources,
)
from realpolitik.ingest.tables import to_date
from realpolitik.ingest.text import MAX_BYTES, ReadFailure
from realpolitik.model import Document

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = FIXTURES / "ingest_article.html"
RSS = FIXTURES / "ingest_rss.xml"
ATOM = FIXTURES / "ingest_atom.atom"
CORPUS_CSV = FIXTURES / "ingest_corpus.csv"
CORPUS_JSONL = FIXTURES / "ingest_corpus.jsonl"
BROKEN_CSV = FIXTURES / "ingest_broken.csv"
NOTE = FIXTURES / "ingest_note.txt"

SENTENCE = (
    "The foreign ministers of Norway and Sweden met in Oslo on Monday and said that they "
    "would work together on the defence of the north. "
)


def read(
    specs: list[str], options: SourceOptions | None = None
) -> tuple[list[Document], list[ReadFailure], SourceStats]:
    stats = SourceStats()
    docs: list[Document] = []
    failures: list[ReadFailure] = []
    for item in iter_sources(specs, options or SourceOptions(), stats=stats):
        if isinstance(item, ReadFailure):
            failures.append(item)
        else:
            assert isinstance(item, Document)
            docs.append(item)
    return docs, failures, stats


# --- HTML ------------------------------------------------------------------------------------


def test_html_page_gives_main_text_title_date_and_site() -> None:
    docs, failures, stats = read([str(ARTICLE)])
    assert failures == []
    [doc] = docs
    assert doc.doc_id == str(ARTICLE)
    assert doc.title == "Estonia and Finland agree to guard Baltic undersea cables"
    assert doc.date == date(2023, 5, 4)
    assert doc.source == "Baltic Ledger"
    assert "Estonia and Finland signed an agreement on Thursday" in doc.text
    assert "European Union to pay for new underwater sensors" in doc.text
    for boilerplate in ("Subscribe", "All rights reserved", "Cookie", "Ten saunas", "Home"):
        assert boilerplate not in doc.text
    assert "<p>" not in doc.text
    assert "\n\n" in doc.text  # paragraphs stay apart, as in plain-text articles
    assert stats.by_kind == {"html": 1}


def test_html_without_date_markup_takes_the_dateline_not_the_copyright_year(
    tmp_path: Path,
) -> None:
    page = tmp_path / "kenya.htm"
    page.write_text(
        "<html><head><title>Kenya and Ethiopia</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
        "<article><h1>Kenya and Ethiopia open a new road</h1>"
        "<p>NAIROBI, March 2, 2022 - Kenya and Ethiopia opened a new highway between their "
        "capitals on Wednesday, the transport ministers of the two states said.</p>"
        "<p>The road is part of a corridor that will link the port of Lamu to Addis Ababa.</p>"
        "</article><footer>&copy; 2019 East Africa Star. All rights reserved.</footer>"
        "</body></html>",
        encoding="utf-8",
    )
    [doc] = read([str(page)])[0]
    assert doc.date == date(2022, 3, 2)
    assert doc.title == "Kenya and Ethiopia open a new road"


def test_html_copyright_year_is_not_a_date(tmp_path: Path) -> None:
    page = tmp_path / "undated.html"
    page.write_text(
        "<html><head><title>Undated</title></head><body><article>"
        "<h1>Brazil and Paraguay share the Itaipu power</h1>"
        "<p>Brazil and Paraguay agreed to review the price of the power from the Itaipu dam, "
        "the energy ministers of the two countries said after a meeting.</p>"
        "</article><footer><p>Copyright 2021 Parana News. All rights reserved.</p></footer>"
        "</body></html>"
    )
    [doc] = read([str(page)])[0]
    assert doc.date is None


def test_html_caller_date_wins(tmp_path: Path) -> None:
    [doc] = read([str(ARTICLE)], SourceOptions(article_date=date(2001, 1, 2)))[0]
    assert doc.date == date(2001, 1, 2)


def test_html_page_without_article_is_a_failure(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><script>var a = 1;</script><img src='a.png'></body></html>")
    docs, failures, stats = read([str(page)])
    assert docs == []
    assert [f.source for f in failures] == [str(page)]
    assert str(page) in failures[0].reason
    assert stats.skipped_by_kind == {"html": 1}


# --- feeds -----------------------------------------------------------------------------------


def test_rss_feed_gives_one_document_per_entry() -> None:
    docs, failures, stats = read([str(RSS)])
    assert failures == []
    assert len(docs) == 2
    first, second = docs
    assert first.doc_id == "https://andes-wire.example.org/2023/05/04/border-pass"
    assert first.title == "Chile and Argentina reopen the Cristo Redentor border pass"
    assert first.source == "Andes Wire"
    assert first.date == date(2023, 5, 4)  # as written in the feed, not 5 May in UTC
    # content:encoded is longer than the description, so it is the text; tags and scripts go
    assert "closed for three weeks by heavy snow" in first.text
    assert "trucks would be allowed through" in first.text
    assert "trackVisit" not in first.text and "<" not in first.text
    # no link: the entry's place in the feed names it
    assert second.doc_id == f"{RSS}#entry-2"
    assert second.title == "Bolivia & Peru hold talks on Lake Titicaca"
    assert second.date == date(2023, 5, 5)
    assert second.text.startswith("Officials from Bolivia and Peru met in Puno")
    assert stats.by_kind == {"feed": 2}


def test_atom_feed_gives_one_document_per_entry() -> None:
    docs, failures, _ = read([str(ATOM)])
    assert failures == []
    assert [d.doc_id for d in docs] == [
        "https://mekong-monitor.example.net/news/river-transport",
        "https://mekong-monitor.example.net/news/flood-warnings",
    ]
    assert [d.title for d in docs] == [
        "Vietnam and Cambodia sign a river transport agreement",
        "Laos asks Thailand for help with flood warnings",
    ]
    assert [d.date for d in docs] == [date(2022, 11, 9), date(2022, 11, 10)]
    assert {d.source for d in docs} == {"Mekong Monitor"}
    assert "cargo barges" in docs[0].text and "&lt;" not in docs[0].text
    assert "river gauge readings" in docs[1].text


def test_xml_that_is_not_a_feed_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "config.xml"
    path.write_text("<?xml version='1.0'?><settings><colour>red</colour></settings>")
    docs, failures, _ = read([str(path)])
    assert docs == []
    assert "not an RSS or Atom feed" in failures[0].reason


# --- tables ----------------------------------------------------------------------------------


def test_csv_columns_found_by_common_names() -> None:
    docs, failures, stats = read([str(CORPUS_CSV)])
    assert failures == []
    assert [d.doc_id for d in docs] == [
        "https://east-asia-desk.example.com/finance-talks",
        f"{CORPUS_CSV}:3",  # no id and no URL: path and first line of the row
        "https://maghreb-brief.example.org/fishing",
    ]
    assert [d.date for d in docs] == [date(2019, 3, 14), date(2022, 6, 15), None]
    assert docs[0].title == "Japan and South Korea resume finance talks"
    assert docs[0].source == "East Asia Desk"
    assert docs[1].text.count("\n\n") == 1  # a quoted field over several lines stays whole
    assert stats.by_kind == {"csv": 3}


def test_csv_column_mapping() -> None:
    options = SourceOptions(
        text_col="BODY", id_col="ref", title_col="outlet", source_col="headline", date_col="date"
    )
    docs, failures, _ = read([str(CORPUS_CSV)], options)
    assert failures == [
        ReadFailure(
            str(CORPUS_CSV),
            f"{CORPUS_CSV}: no column 'date' for the date (columns: ref, headline, published, "
            "body, link, outlet)",
        )
    ]
    assert docs == []
    options.date_col = "published"
    docs, failures, _ = read([str(CORPUS_CSV)], options)
    assert failures == []
    assert [d.doc_id for d in docs] == ["r-1", "r-2", "r-3"]
    assert docs[0].title == "East Asia Desk"
    assert docs[0].source == "Japan and South Korea resume finance talks"


def test_csv_bad_rows_are_reported_and_skipped() -> None:
    warnings: list[ReadWarning] = []
    docs, failures, stats = read([str(BROKEN_CSV)], SourceOptions(on_warning=warnings.append))
    where = str(BROKEN_CSV)
    assert [d.doc_id for d in docs] == ["b-1", "b-5", "b-6"]
    assert [f.source for f in failures] == [f"{where}:3", f"{where}:4", f"{where}:5"]
    assert failures[0].reason.startswith(f"{where}:3: 6 fields where the header has 4")
    assert failures[1].reason.startswith(f"{where}:4: bytes that are not utf-8")
    assert failures[2].reason == f"{where}:5: empty text in 'text'"
    # an unreadable date keeps the row, without a date, and says so
    assert docs[1].date is None
    assert warnings == stats.warnings
    assert [w.source for w in warnings] == [f"{where}:6"]
    assert "sometime in spring" in warnings[0].reason
    assert (stats.read, stats.skipped) == (3, 3)
    assert stats.summary() == "3 documents read (csv 3); 3 skipped (csv 3); 1 warning"


def test_csv_in_latin1_reads_whole_with_its_encoding() -> None:
    docs, failures, _ = read([str(BROKEN_CSV)], SourceOptions(encoding="latin-1"))
    assert "b-3" in [d.doc_id for d in docs]
    assert any("São Tomé and Príncipe" in d.text for d in docs)
    assert len(failures) == 2


def test_csv_without_text_column_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("a,b\n1,2\n")
    docs, failures, _ = read([str(path)])
    assert docs == []
    assert failures[0].reason.startswith(f"{path}: no text column (columns: a, b)")


def test_tsv_and_semicolons(tmp_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text(f"title\ttext\nTalks\t{SENTENCE}\n")
    semi = tmp_path / "b.csv"
    semi.write_text(f"title;text;date\nTalks;{SENTENCE};2020-01-02\n")
    docs, failures, _ = read([str(tsv), str(semi)])
    assert failures == []
    assert [d.doc_id for d in docs] == [f"{tsv}:2", f"{semi}:2"]
    assert docs[1].date == date(2020, 1, 2)


def test_csv_field_over_the_limit_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "big_field.csv"
    with path.open("w") as handle:
        handle.write("text\n")
        handle.write(f'"{SENTENCE}"\n')
        handle.write('"' + "x" * (MAX_BYTES + 100) + '"\n')
        handle.write(f'"{SENTENCE}"\n')
    docs, failures, _ = read([str(path)])
    assert [d.doc_id for d in docs] == [f"{path}:2", f"{path}:4"]
    assert [f.source for f in failures] == [f"{path}:3"]
    assert "MB limit" in failures[0].reason


def test_jsonl_column_mapping() -> None:
    options = SourceOptions(text_col="story", date_col="when", id_col="uid", source_col="meta.site")
    docs, failures, stats = read([str(CORPUS_JSONL)], options)
    assert failures == []
    assert [d.doc_id for d in docs] == ["mx-001", "mx-002", "mx-003"]
    assert [d.date for d in docs] == [date(2020, 2, 11), date(2020, 2, 13), None]
    assert {d.source for d in docs} == {"Isthmus Daily"}
    assert docs[0].title == "Mexico and Guatemala agree on migration centres"
    assert docs[2].title is None
    assert stats.by_kind == {"jsonl": 3}


def test_jsonl_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        json.dumps({"text": SENTENCE}).encode()
        + b"\n{not json}\n[1, 2]\n"
        + json.dumps({"body": SENTENCE, "date": "2021-13-45"}).encode()
        + b"\n"
        + json.dumps({"words": SENTENCE}).encode()
        + b"\n"
    )
    docs, failures, stats = read([str(path)])
    assert [d.doc_id for d in docs] == [f"{path}:1", f"{path}:4"]
    assert docs[1].date is None
    assert [f.source for f in failures] == [f"{path}:2", f"{path}:3", f"{path}:5"]
    assert "not JSON" in failures[0].reason
    assert "not a JSON object" in failures[1].reason
    assert "no text field (fields: words)" in failures[2].reason
    assert [w.source for w in stats.warnings] == [f"{path}:4"]


def test_json_array_and_single_object(tmp_path: Path) -> None:
    array = tmp_path / "array.json"
    array.write_text(json.dumps({"articles": [{"content": SENTENCE}, {"content": ""}]}))
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"text": SENTENCE, "title": "Talks"}, indent=2))
    docs, failures, stats = read([str(array), str(single)])
    assert [d.doc_id for d in docs] == [f"{array}#item-1", str(single)]
    assert [f.source for f in failures] == [f"{array}#item-2"]
    assert stats.by_kind == {"json": 2}


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2020-02-11T16:20:00-06:00", date(2020, 2, 11)),
        ("2020-02-11 23:59:59", date(2020, 2, 11)),
        ("Thu, 04 May 2023 23:30:00 -0500", date(2023, 5, 4)),
        ("15 June 2022", date(2022, 6, 15)),
        (20190314, date(2019, 3, 14)),
        (1581552000, date(2020, 2, 13)),
        (1581552000000, date(2020, 2, 13)),
        ("", None),
        (None, None),
    ],
)
def test_to_date(value: object, expected: date | None) -> None:
    assert to_date(value) == expected


@pytest.mark.parametrize("value", ["sometime in spring", "2021-13-45", True, 42, [2020]])
def test_to_date_refuses(value: object) -> None:
    with pytest.raises(ValueError):
        to_date(value)


# --- files, directories, globs, stdin --------------------------------------------------------


def test_plain_text_file() -> None:
    [doc] = read([str(NOTE)])[0]
    assert doc.doc_id == str(NOTE)
    assert doc.title == "Ghana and Togo agree on border patrols"
    assert doc.date == date(2021, 8, 12)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    (root / "html").mkdir(parents=True)
    (root / "feeds" / "deep").mkdir(parents=True)
    (root / ".cache").mkdir()
    shutil.copy(NOTE, root / "note.txt")
    shutil.copy(ARTICLE, root / "html" / "article.html")
    shutil.copy(RSS, root / "feeds" / "deep" / "andes.rss")
    shutil.copy(CORPUS_CSV, root / "corpus.csv")
    shutil.copy(NOTE, root / ".cache" / "hidden.txt")
    shutil.copy(NOTE, root / ".hidden.txt")
    (root / "scan.pdf").write_bytes(b"%PDF-1.4 binary \x00\x01")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    return root


def test_directory_reads_every_supported_file_recursively(tree: Path) -> None:
    docs, failures, stats = read([str(tree)])
    assert failures == []
    assert stats.by_kind == {"csv": 3, "feed": 2, "html": 1, "text": 1}
    ids = [d.doc_id for d in docs]
    assert str(tree / "note.txt") in ids
    assert str(tree / "html" / "article.html") in ids
    assert not any("hidden" in i or "scan" in i or "photo" in i for i in ids)


def test_glob_pattern(tree: Path) -> None:
    docs, failures, stats = read([str(tree / "**" / "*.html"), str(tree / "*.txt")])
    assert failures == []
    assert sorted(d.doc_id for d in docs) == sorted(
        [str(tree / "html" / "article.html"), str(tree / "note.txt")]
    )
    assert stats.by_kind == {"html": 1, "text": 1}


def test_file_named_twice_is_read_once(tree: Path) -> None:
    docs, _, _ = read([str(tree / "note.txt"), str(tree), str(tree / "*.txt")])
    assert [d.doc_id for d in docs].count(str(tree / "note.txt")) == 1


def test_missing_path_and_empty_glob(tmp_path: Path) -> None:
    docs, failures, stats = read([str(tmp_path / "gone.csv"), str(tmp_path / "*.html")])
    assert docs == []
    assert [f.reason for f in failures] == [
        f"{tmp_path / 'gone.csv'}: no such file or directory",
        f"{tmp_path / '*.html'}: no file matches the pattern",
    ]
    assert stats.skipped_by_kind == {"missing": 2}


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = b"Title: Talks in Hanoi\nDate: 2010-10-10\n\n" + SENTENCE.encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    docs, failures, stats = read(["-"])
    assert failures == []
    [doc] = docs
    assert (doc.doc_id, doc.title, doc.date) == ("-", "Talks in Hanoi", date(2010, 10, 10))
    assert doc.text == SENTENCE
    assert stats.by_kind == {"stdin": 1}


def test_stdin_that_is_not_english(monkeypatch: pytest.MonkeyPatch) -> None:
    german = "Der Minister traf sich am Montag in Berlin mit seinem Kollegen aus Frankreich."
    monkeypatch.setattr(sys, "stdin", io.StringIO(german))
    docs, failures, _ = read(["-"])
    assert docs == []
    assert failures[0].reason == "-: does not look like English text"


# --- size limits -----------------------------------------------------------------------------


def test_50mb_documents_are_skipped_without_being_read(tmp_path: Path) -> None:
    names = []
    for name in ("huge.html", "huge.txt", "huge.rss"):
        path = tmp_path / name
        with path.open("wb") as handle:
            handle.truncate(50 * 2**20)  # sparse: no disk used, reads as zeros
        names.append(str(path))
    read([str(ARTICLE), str(RSS)])  # the readers' imports are not what is measured
    tracemalloc.start()
    try:
        docs, failures, stats = read(names)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert docs == []
    assert [f.source for f in failures] == names
    for failure, name in zip(failures, names, strict=True):
        assert failure.reason.startswith(f"{name}: 52.4 MB is over the")
    assert peak < 5 * 2**20
    assert stats.skipped_by_kind == {"html": 1, "text": 1, "feed": 1}


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
@pytest.mark.slow
def test_50mb_corpus_is_streamed_row_by_row(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"big{suffix}"
    text = SENTENCE * (2**20 // len(SENTENCE))  # about 1 MB a row
    rows = 50
    with path.open("w", encoding="utf-8") as handle:
        if suffix == ".csv":
            handle.write("id,text\n")
            for number in range(rows):
                handle.write(f'{number},"{text}"\n')
        else:
            for number in range(rows):
                handle.write(json.dumps({"id": str(number), "text": text}) + "\n")
    assert path.stat().st_size > 50 * 10**6
    tracemalloc.start()
    try:
        count = 0
        for item in iter_sources([str(path)], SourceOptions()):
            assert isinstance(item, Document), item
            assert item.doc_id == str(count)
            count += 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == rows
    assert peak < 20 * 2**20  # a few rows' worth, never the whole file


# --- URLs ------------------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    hosts: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hosts.append(self.headers.get("Host", ""))
        if self.path == "/old-feed":
            self.send_response(301)
            self.send_header("Location", "/feed.xml")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.0)
        pages: dict[str, tuple[str, bytes]] = {
            "/feed.xml": ("application/rss+xml; charset=utf-8", RSS.read_bytes()),
            "/article": ("text/html; charset=utf-8", ARTICLE.read_bytes()),
            "/slow": ("text/plain", SENTENCE.encode()),
        }
        if self.path not in pages:
            self.send_error(404, "Not Found")
            return
        content_type, body = pages[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client of /slow has gone
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_feed_url_from_a_local_server(server: str) -> None:
    options = SourceOptions(allow_private=True, timeout=5)
    docs, failures, stats = read([f"{server}/feed.xml", f"{server}/old-feed"], options)
    assert failures == []
    assert [d.doc_id for d in docs] == [
        "https://andes-wire.example.org/2023/05/04/border-pass",
        f"{server}/feed.xml#entry-2",
        "https://andes-wire.example.org/2023/05/04/border-pass",
        f"{server}/old-feed#entry-2",
    ]
    assert docs[0].source == "Andes Wire"
    assert docs[0].date == date(2023, 5, 4)
    assert stats.by_kind == {"feed": 4}


def test_html_url_from_a_local_server(server: str) -> None:
    docs, failures, stats = read([f"{server}/article"], SourceOptions(allow_private=True))
    assert failures == []
    [doc] = docs
    assert doc.doc_id == f"{server}/article"
    assert doc.date == date(2023, 5, 4)
    assert "Subscribe" not in doc.text
    assert stats.by_kind == {"html": 1}


def test_url_errors_from_a_local_server(server: str) -> None:
    options = SourceOptions(allow_private=True, timeout=0.3)
    docs, failures, stats = read([f"{server}/missing", f"{server}/slow"], options)
    assert docs == []
    assert failures[0].reason == f"{server}/missing: HTTP 404 Not Found"
    assert failures[1].reason == f"{server}/slow: timed out after 0.3 s"
    assert stats.skipped_by_kind == {"url": 2}


def test_connection_goes_to_the_checked_address(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second DNS answer (rebinding) cannot move the connection elsewhere."""
    real = socket.getaddrinfo
    answers = iter([[(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 0))]])

    def rebinding(host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        if host == "feeds.test":
            try:
                return next(answers)
            except StopIteration:
                raise AssertionError("the host was resolved twice") from None
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    _Handler.hosts.clear()
    port = server.rsplit(":", 1)[1]
    url = f"http://feeds.test:{port}/feed.xml"
    docs, failures, _ = read([url], SourceOptions(allow_private=True))
    assert failures == []
    assert len(docs) == 2
    assert _Handler.hosts == [f"feeds.test:{port}"]


def test_loopback_url_is_refused_by_default(server: str) -> None:
    docs, failures, _ = read([f"{server}/feed.xml"])
    assert docs == []
    assert "127.0.0.1, a loopback, private or reserved address: refused" in failures[0].reason


def _no_connection(*args: object, **kwargs: object) -> socket.socket:
    raise AssertionError("a refused URL must not be connected to")


@pytest.mark.parametrize(
    "resolved",
    [
        ["10.20.30.40"],
        ["192.168.1.7"],
        ["172.16.0.9"],
        ["169.254.169.254"],
        ["100.64.1.1"],
        ["0.0.0.0"],
        ["::1"],
        ["fd12:3456::1"],
        ["::ffff:10.20.30.40"],
        ["64:ff9b::a14:1e28"],
        ["93.184.216.34", "10.20.30.40"],  # one private answer is enough to refuse
    ],
)
def test_private_address_is_refused_without_connecting(
    monkeypatch: pytest.MonkeyPatch, resolved: list[str]
) -> None:
    asked: list[str] = []

    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[Any]:
        asked.append(host)
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (address, port),
            )
            for address in resolved
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", _no_connection)
    monkeypatch.setattr(socket.socket, "connect", _no_connection)
    url = "https://intranet.example.org/feed.xml"
    docs, failures, stats = read([url])
    assert asked == ["intranet.example.org"]
    assert docs == []
    assert [f.source for f in failures] == [url]
    assert "a loopback, private or reserved address: refused" in failures[0].reason
    assert stats.skipped_by_kind == {"url": 1}


def test_public_addresses() -> None:
    assert is_public_address("93.184.216.34")
    assert is_public_address("2606:2800:220:1:248:1893:25c8:1946")
    assert not is_public_address("127.0.0.1")
    assert not is_public_address("224.0.0.1")
    assert not is_public_address("::ffff:192.168.0.1")


def test_other_url_schemes_are_refused() -> None:
    docs, failures, _ = read(["file:///etc/passwd", "ftp://example.org/feed.xml"])
    assert docs == []
    assert [f.reason for f in failures] == [
        "file:///etc/passwd: only http and https URLs are read",
        "ftp://example.org/feed.xml: only http and https URLs are read",
    ]


def test_files_are_read_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> Any:
        raise AssertionError("reading files must not touch the network")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    docs, failures, _ = read([str(ARTICLE), str(RSS), str(ATOM), str(CORPUS_CSV)])
    assert failures == []
    assert len(docs) == 8


def test_stats_summary_counts_kinds() -> None:
    stats = SourceStats()
    list(iter_sources([str(ARTICLE), str(RSS), str(BROKEN_CSV), "nowhere.txt"], stats=stats))
    assert stats.read == 6
    assert stats.skipped == 4
    assert stats.summary() == (
        "6 documents read (csv 3, feed 2, html 1); 4 skipped (csv 3, missing 1); 1 warning"
    )
