"""The registry of output formats: one module per format in ``exports/formats/``.

Each format module makes a ``Format`` and calls ``register`` with it when it is imported;
``all_formats()`` imports every module of that package the first time it is asked, so a new
format is one new file there. A format writes a store's rows (``export``: ``realpolitik
export``, the server's bulk export), documents as they are coded (``results``:
``realpolitik extract``), or both; the CLI's ``--format`` choices are read from here.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from ..safe_output import add_text_kind, remove_text_kind

if TYPE_CHECKING:
    from ..model import DocumentResult
    from ..store.filters import Filters

# store (anything with ``.connection`` and ``.path``), where to (a path for a ``to_path``
# format, else an open text stream), table, filters, header -> rows written
ExportWriter = Callable[[Any, "Path | IO[str]", str, "Filters", bool], int]
# coded documents, as they come, and a text stream -> events written
ResultWriter = Callable[["Iterable[DocumentResult]", TextIO], int]


@dataclass(frozen=True)
class Format:
    """One output format.

    - ``export``: writes a store table's rows that pass the filters (``exports.export``);
    - ``results``: writes coded documents as they arrive (``realpolitik extract``);
    - ``to_path``: ``export`` writes a file by its path (DuckDB writes Parquet), never a
      stream; the others get an open text stream, a file being written aside
      (``safe_output.py``) or stdout;
    - ``tables``: the tables it can write, the first its default (``None``: every table);
    - ``header``: whether a header line is written when the caller does not say;
    - ``file_kind``: for a format whose files ``safe_output.py`` does not know yet, how
      they are named in messages and a test of an existing file's first line, so that
      ``-o`` guards them as it guards the others;
    - ``position``: where it stands in lists (``--format`` choices), then by name.
    """

    name: str
    description: str
    export: ExportWriter | None = None
    results: ResultWriter | None = None
    to_path: bool = False
    tables: tuple[str, ...] | None = None
    header: bool = True
    file_kind: tuple[str, Callable[[str], bool]] | None = None
    position: int = 100


_REGISTRY: dict[str, Format] = {}
_LOADED = False


def register(fmt: Format) -> Format:
    """Add a format (a format module calls this when imported); a name is registered once."""
    known = _REGISTRY.get(fmt.name)
    if known is not None and known != fmt:
        raise ValueError(f"output format {fmt.name!r} is registered twice")
    if fmt.file_kind is not None:
        add_text_kind(fmt.name, *fmt.file_kind)
    _REGISTRY[fmt.name] = fmt
    return fmt


def unregister(name: str) -> None:
    """Remove a format (tests that register their own)."""
    if _REGISTRY.pop(name, None) is not None:
        remove_text_kind(name)


def _load() -> None:
    """Import every module of ``exports.formats`` once: each registers its format."""
    global _LOADED
    if _LOADED:
        return
    package = importlib.import_module(f"{__package__}.formats")

    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        importlib.import_module(f"{package.__name__}.{module.name}")
    _LOADED = True


def all_formats() -> dict[str, Format]:
    """Every registered format by name, in list order (``position``, then name)."""
    _load()
    ordered = sorted(_REGISTRY.values(), key=lambda f: (f.position, f.name))
    return {fmt.name: fmt for fmt in ordered}


def export_formats() -> tuple[str, ...]:
    """The names of the formats ``realpolitik export`` writes."""
    return tuple(name for name, fmt in all_formats().items() if fmt.export is not None)


def result_formats() -> tuple[str, ...]:
    """The names of the formats ``realpolitik extract`` writes (besides its table)."""
    return tuple(name for name, fmt in all_formats().items() if fmt.results is not None)


def get(name: str) -> Format | None:
    """The format of this name, or None."""
    return all_formats().get(name)
