from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from realpolitik.errors import InputError
from realpolitik.ingest.text import (
    MAX_BYTES,
    ReadFailure,
    decode,
    make_document,
    parse_date,
    read_documents,
)
from realpolitik.model import Document


def test_header_gives_title_and_date() -> None:
    doc = make_document("Title: Talks\nDate: 2008-07-22\n\nRussia and Venezuela met.", "a")
    assert doc.title == "Talks"
    assert doc.date == date(2008, 7, 22)
    assert doc.text == "Russia and Venezuela met."


def test_dateline_gives_date() -> None:
    doc = make_document("MOSCOW, July 22, 2008 - The two presidents met in the Kremlin.", "b")
    assert doc.date == date(2008, 7, 22)


def test_flag_date_wins_over_header() -> None:
    doc = make_document(
        "Date: 2001-01-01\n\nThe ministers met.", "c", article_date=date(2005, 5, 5)
    )
    assert doc.date == date(2005, 5, 5)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2008-07-22", date(2008, 7, 22)),
        ("July 22, 2008", date(2008, 7, 22)),
        ("22 July 2008", date(2008, 7, 22)),
        ("Sept 3rd, 2019", date(2019, 9, 3)),
    ],
)
def test_parse_date_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_parse_date_rejects_nonsense() -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_date("next Tuesday-ish")


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Le président a rencontré son homologue à Moscou.".encode("latin-1"), "not UTF-8"),
        (
            "Der Präsident traf sich mit seinem Amtskollegen in Moskau und sprach über "
            "die Lage im Land und die Zusammenarbeit der beiden Staaten.".encode(),
            "English",
        ),
    ],
)
def test_bad_bytes_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, "input")


def test_enormous_input_is_refused() -> None:
    with pytest.raises(InputError, match="MB limit"):
        decode(b"the " * (MAX_BYTES // 4 + 1), "big")


def test_batch_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("France and Germany signed a treaty in Paris.", "utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"")
    items = list(read_documents([str(bad), str(good), str(tmp_path / "missing.txt")]))
    assert [type(i) for i in items] == [ReadFailure, Document, ReadFailure]
    assert "empty" in items[0].reason  # type: ignore[union-attr]
    assert "no such file" in items[2].reason  # type: ignore[union-attr]


def test_directory_is_expanded_in_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text("Japan and China held talks in Beijing.", "utf-8")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    docs = [d for d in read_documents([str(tmp_path)]) if isinstance(d, Document)]
    assert [Path(d.doc_id).name for d in docs] == ["a.txt", "b.txt"]


def test_a_long_source_line_is_body_text_not_a_header() -> None:
    from realpolitik.ingest.text import MAX_HEADER_LINE, split_header

    paragraph = "Source: " + "officials said the talks would resume. " * 20
    assert len(paragraph) > MAX_HEADER_LINE
    header, body, offset = split_header(paragraph + "\nMore text.")
    assert header == {} and offset == 0 and body.startswith("Source: officials")
    header, body, offset = split_header("Source: Reuters\n\nThe talks resumed.")
    assert header == {"source": "Reuters"} and body == "The talks resumed."
