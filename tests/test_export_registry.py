"""The exports registry: every format module is found, and a new format is one file."""

from __future__ import annotations

import pkgutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from realpolitik import exports
from realpolitik.cli import build_parser, example_path, main
from realpolitik.exports import formats as formats_package
from realpolitik.exports import registry

BUILT_IN = {"csv", "gdelt", "json", "jsonl", "parquet"}

# A whole new format, as one module: written into a folder of the formats package.
NEW_FORMAT = """
from realpolitik.exports.query import flat_query, rows
from realpolitik.exports.registry import Format, register
from realpolitik.exports.values import csv_value


def export_tsv(store, handle, table, filters, header):
    n = 0
    for row in rows(store, flat_query(table, filters)):
        handle.write("\\t".join(csv_value(v) for v in row) + "\\n")
        n += 1
    return n


def write_tsv(results, stream):
    n = 0
    for result in results:
        for event in result.events:
            stream.write(f"{event.event_id}\\t{event.type}\\n")
            n += 1
    return n


FORMAT = register(
    Format(
        "tsvtest",
        "tab-separated values, for a test",
        export=export_tsv,
        results=write_tsv,
        file_kind=("a test TSV file", lambda line: "\\t" in line),
    )
)
"""


def _choices(command: str) -> tuple[str, ...]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    fmt = next(a for a in sub.choices[command]._actions if a.dest == "format")  # type: ignore[index]
    return tuple(fmt.choices)


def test_registry_lists_every_format_module() -> None:
    modules = {m.name for m in pkgutil.iter_modules(formats_package.__path__)}
    assert modules == BUILT_IN
    assert set(registry.all_formats()) == BUILT_IN
    assert set(registry.export_formats()) == {"csv", "gdelt", "jsonl", "parquet"}
    assert set(registry.result_formats()) == {"csv", "json", "jsonl"}
    assert set(_choices("export")) == set(registry.export_formats())
    assert set(_choices("extract")) == {"table", *registry.result_formats()}


@pytest.fixture
def new_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    folder = tmp_path / "more_formats"
    folder.mkdir()
    (folder / "tsvtest.py").write_text(NEW_FORMAT, encoding="utf-8")
    monkeypatch.setattr(formats_package, "__path__", [*formats_package.__path__, str(folder)])
    monkeypatch.setattr(registry, "_LOADED", False)
    try:
        yield "tsvtest"
    finally:
        registry.unregister("tsvtest")
        sys.modules.pop("realpolitik.exports.formats.tsvtest", None)


def test_a_new_format_is_one_file(
    new_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert new_format in registry.all_formats()
    assert new_format in _choices("export") and new_format in _choices("extract")
    db = tmp_path / "x.duckdb"
    assert main(["ingest", str(example_path()), "--db", str(db), "-q"]) == 0
    out = tmp_path / "events.tsv"
    assert main(["export", "--db", str(db), "--format", new_format, "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all("\t" in line for line in lines)
    # written through safe_output: not over a file of another kind, nor over the store
    other = tmp_path / "notes.txt"
    other.write_text("my notes\n", encoding="utf-8")
    assert main(["export", "--db", str(db), "--format", new_format, "-o", str(other)]) != 0
    assert other.read_text(encoding="utf-8") == "my notes\n"
    assert main(["export", "--db", str(db), "--format", new_format, "-o", str(db)]) != 0
    coded = tmp_path / "coded.tsv"
    argv = ["extract", "--example", "--no-store", "--format", new_format, "-o", str(coded)]
    assert main(argv) == 0
    assert coded.read_text(encoding="utf-8").count("\n") >= 1


def test_unknown_format_names_the_registered_ones(tmp_path: Path) -> None:
    from realpolitik.errors import StoreError
    from realpolitik.store.duckdb_store import EventStore

    with EventStore.open(tmp_path / "x.duckdb") as store, pytest.raises(StoreError) as caught:
        exports.export(store, tmp_path / "x.out", "json")
    assert "unknown export format 'json'" in str(caught.value)
    for name in registry.export_formats():
        assert name in str(caught.value)
