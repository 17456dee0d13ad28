"""Write a command's output without ever losing what is already there.

Every file realpolitik writes on request (``-o/--output``, ``--plot``, ``--report``,
``exports.export`` to a path) goes through this module. Before anything is opened
for writing, ``check_output`` refuses:

- a DuckDB database (a store: ``DUCK`` at byte 8), whatever its name;
- an input of the same run (an article, a corpus, the ``--db`` store, a dictionary),
  or a path inside an input folder;
- a folder, or an existing file that is not of the kind the command writes (a CSV
  output replaces only a CSV file with a header, Parquet only Parquet, JSON Lines only
  JSON, ...; an empty file is always replaced).

The output is then written to a hidden temporary file in the same folder and moved into
place (``os.replace``, atomic on one file system) only when the command succeeds; a run
that fails or is interrupted leaves the old file as it was and no temporary file behind.
``docs/output.md`` documents the rules.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .errors import OutputError

DUCKDB_MAGIC = b"DUCK"  # at byte 8 of every DuckDB database file
PARQUET_MAGIC = b"PAR1"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PDF_MAGIC = b"%PDF"
HEAD_BYTES = 8192

# What each kind of output looks like, judged from its first line (or, for a rich
# table, its last): the test an existing file must pass to be replaced.
_CSV_HEADER = re.compile(r"^\ufeff?[A-Za-z_][\w.]*(,[A-Za-z_][\w.]*)+\r?$")
_FRAME_HEADER = re.compile(r"^\s*[A-Za-z_]\w*(\s+[A-Za-z_]\w*)+\s*$")
_TABLE_SUMMARY = re.compile(r"(no events found|\d+ events? in \d+ documents?)\s*$")
TEXT_KINDS: frozenset[str] = frozenset(
    {"csv", "jsonl", "json", "gdelt", "table", "frame", "markdown", "svg"}
)
BINARY_KINDS: dict[str, bytes] = {"parquet": PARQUET_MAGIC, "png": PNG_MAGIC, "pdf": PDF_MAGIC}
KIND_NAMES: dict[str, str] = {
    "csv": "a CSV file with a header",
    "jsonl": "a JSON Lines file",
    "json": "a JSON file",
    "gdelt": "a GDELT tab-separated file",
    "table": "an event table written by realpolitik",
    "frame": "a table written by realpolitik",
    "markdown": "a Markdown file",
    "svg": "an SVG image",
    "parquet": "a Parquet file",
    "png": "a PNG image",
    "pdf": "a PDF file",
}
# Text kinds added by output formats (``exports/registry.py``): a test of an existing
# file's first line.
_MORE_CHECKS: dict[str, Callable[[str], bool]] = {}


def add_text_kind(kind: str, name: str, first_line: Callable[[str], bool]) -> None:
    """Let a new output format's files be guarded too: ``name`` in messages ("a TSV file"),
    ``first_line`` tells whether an existing file's first line is of this kind."""
    known = KIND_NAMES.get(kind)
    if known is not None and kind not in _MORE_CHECKS:
        raise ValueError(f"output kind {kind!r} exists already")
    KIND_NAMES[kind] = name
    _MORE_CHECKS[kind] = first_line


def remove_text_kind(kind: str) -> None:
    """Forget a kind ``add_text_kind`` added (a test's format)."""
    if _MORE_CHECKS.pop(kind, None) is not None:
        KIND_NAMES.pop(kind, None)


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of a file (b"" when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def is_duckdb_file(path: Path) -> bool:
    """Whether ``path`` is a DuckDB database file (``DUCK`` at byte 8)."""
    return path.is_file() and read_head(path, 12)[8:12] == DUCKDB_MAGIC


def _read_tail(path: Path, size: int = 4096) -> bytes:
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - size))
            return handle.read()
    except OSError:
        return b""


def _first_line(head: bytes) -> str:
    text = head.decode("utf-8", "ignore").lstrip("\ufeff")
    return text.lstrip().split("\n", 1)[0]


def looks_like(path: Path, kind: str) -> bool:
    """Whether the existing file at ``path`` is of ``kind`` (an empty file is any kind)."""
    head = read_head(path)
    if not head:
        return True
    if kind in BINARY_KINDS:
        return head.startswith(BINARY_KINDS[kind])
    if b"\x00" in head:
        return False
    line = _first_line(head)
    stripped = head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    checks = {
        "csv": lambda: bool(_CSV_HEADER.match(line)),
        "gdelt": lambda: line.count("\t") >= 50,
        "jsonl": lambda: stripped.startswith("{"),
        "json": lambda: stripped.startswith(("{", "[")),
        "markdown": lambda: stripped.startswith("#"),
        "svg": lambda: stripped.startswith(("<?xml", "<svg")),
        "frame": lambda: bool(_FRAME_HEADER.match(line)) or stripped.startswith(("{", "[")),
        "table": lambda: bool(
            _TABLE_SUMMARY.search(_read_tail(path).decode("utf-8", "ignore").strip())
        ),
    }
    if kind in _MORE_CHECKS:
        return _MORE_CHECKS[kind](line)
    return checks.get(kind, lambda: False)()


def _real(path: Path | str) -> Path:
    return Path(os.path.realpath(Path(path).expanduser()))


def check_output(path: Path | str, kind: str, *, inputs: Iterable[Path | str | None] = ()) -> Path:
    """Refuse an output that would destroy something (see the module); return the real
    path it will be written to. Nothing is created or opened for writing."""
    if kind not in KIND_NAMES:
        raise OutputError(f"unknown output kind {kind!r}")
    given = Path(path).expanduser()
    target = _real(given)
    if target.is_dir():
        raise OutputError(f"output {given} is a folder; give a file name")
    if is_duckdb_file(target):
        raise OutputError(
            f"output {given} is a DuckDB store: refusing to write over it "
            "(did you swap --db and --output?)"
        )
    for item in inputs:
        if item is None or str(item) in ("", "-") or "://" in str(item):
            continue
        source = _real(item)
        if source == target:
            raise OutputError(
                f"output {given} is also an input of this run: refusing to write over it"
            )
        if source.is_dir() and source in target.parents:
            raise OutputError(
                f"output {given} is inside {item}, an input folder of this run; write it elsewhere"
            )
    if target.exists() and not looks_like(target, kind):
        raise OutputError(
            f"output {given} exists and is not {KIND_NAMES[kind]}: refusing to write over "
            "it; remove it first or choose another name"
        )
    return target


class PendingOutput:
    """An output written aside and moved into place by ``commit()`` (or dropped by
    ``discard()``); ``open()`` checks it first (``check_output``)."""

    def __init__(
        self, path: Path | str, kind: str, *, inputs: Iterable[Path | str | None] = ()
    ) -> None:
        self.given = Path(path)
        self.kind = kind
        self.inputs = list(inputs)
        self.target = self.given
        self.temp: Path | None = None

    def open(self) -> Path:
        """Check the output and create its empty temporary file; return that file's path."""
        self.target = check_output(self.given, self.kind, inputs=self.inputs)
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            name = f".{self.target.stem}.{secrets.token_hex(4)}.tmp{self.target.suffix}"
            temp = self.target.parent / name
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except OSError as exc:
            raise OutputError(f"cannot write {self.given}: {exc.strerror or exc}") from exc
        self.temp = temp
        return temp

    def open_text(self) -> TextIO:
        """``open()``, as a UTF-8 text stream."""
        return self.open().open("w", encoding="utf-8", newline="")

    def commit(self) -> None:
        """Move the temporary file into place, with the old file's permissions."""
        if self.temp is None:
            return
        try:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(self.temp, self.target.stat().st_mode & 0o7777)
            os.replace(self.temp, self.target)
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write {self.given}: {exc.strerror or exc}") from exc
        self.temp = None

    def discard(self) -> None:
        """Remove the temporary file; the old output stays as it was."""
        if self.temp is not None:
            with contextlib.suppress(OSError):
                self.temp.unlink()
            self.temp = None


@contextmanager
def replacing(
    path: Path | str, kind: str, *, inputs: Iterable[Path | str | None] = ()
) -> Iterator[Path]:
    """A temporary path to write ``kind`` to; it replaces ``path`` when the block ends
    without an error, and is removed when it raises."""
    pending = PendingOutput(path, kind, inputs=inputs)
    temp = pending.open()
    try:
        yield temp
    except BaseException:
        pending.discard()
        raise
    pending.commit()


@contextmanager
def replacing_text(
    path: Path | str, kind: str, *, inputs: Iterable[Path | str | None] = ()
) -> Iterator[TextIO]:
    """``replacing``, as a UTF-8 text stream (closed before it is moved into place)."""
    with (
        replacing(path, kind, inputs=inputs) as temp,
        temp.open("w", encoding="utf-8", newline="") as handle,
    ):
        yield handle


def plot_kind(path: Path | str) -> str:
    """The output kind of a plot, from its suffix (png, svg or pdf; else png, refused later)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in ("png", "svg", "pdf") else "png"
