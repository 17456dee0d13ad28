"""docs/architecture.md stays true: every path and symbol it names exists, and the layers
it states hold (no stage imports the store, the server, relations or ingest; relations
never imports ingest or the server)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "realpolitik"
DOC = ROOT / "docs" / "architecture.md"
# Backticked paths that start with these are relative to the repository, others to the package.
ROOT_PREFIXES = ("src/", "tests/", "docs/", "web/", "scripts/", "benchmarks/", ".ci/")
ROOT_FILES = ("pyproject.toml", "README.md")
SUFFIXES = (".py", ".yaml", ".yml", ".csv", ".tsv", ".sql", ".md", ".js", ".toml")

# Places the page names that issue 17's other branches create (A: store split and export
# registry, B: resources and stages, C: events split, D: one query layer). Once they are
# merged, `test_nothing_is_pending` says which entries to delete here.
PENDING: frozenset[str] = frozenset(
    {
        "resources.py",
        "resources.py:Resources",
        "resources.py:load_resources",
        "stages.py",
        "stages.py:STAGES",
        "stages.py:DocumentContext",
        "events/data/types.yaml",
        "events/event_types.py",
        "store/reads.py",
        "relations/api.py:Relations.of",
        "store/schema.py",
        "store/columns.py",
        "exports/formats/",
        "exports/registry.py",
        "exports/query.py",
        "tests/test_export_registry.py",
    }
)

STAGE_PACKAGES = ("actors", "amounts", "events", "nlp", "when", "where")
NOT_FOR_STAGES = ("store", "server", "relations", "ingest", "cli", "evaluate", "scale")
NOT_FOR_RELATIONS = ("ingest", "server", "cli", "evaluate", "scale")


def named_places(text: str) -> list[str]:
    """Every backticked path (``dir/``, ``file.py``) or symbol (``file.py:Name``) in ``text``;
    placeholders (``<stage>/``), globs and commands are not places."""
    places = []
    for token in re.findall(r"`([^`\s]+)`", text):
        if any(c in token for c in "<>*"):
            continue
        path = token.split(":", 1)[0]
        if "/" in path or path.endswith(SUFFIXES):
            places.append(token)
    return places


def _resolve(path: str) -> Path:
    if path.startswith(ROOT_PREFIXES) or path in ROOT_FILES:
        return ROOT / path
    return PACKAGE / path


def _has_symbol(file: Path, dotted: str) -> bool:
    """Whether ``dotted`` (``Name`` or ``Class.member``) is defined at the top of ``file``."""
    scope: list[ast.stmt] = ast.parse(file.read_text("utf-8")).body
    for part in dotted.split("."):
        found = None
        for node in scope:
            names: list[str] = []
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            if part in names:
                found = node
                break
        if found is None:
            return False
        scope = found.body if isinstance(found, ast.ClassDef) else []
    return True


def missing(place: str) -> str | None:
    """Why ``place`` is not there, or ``None`` when it is."""
    path, _, symbol = place.partition(":")
    target = _resolve(path)
    if path.endswith("/") and not target.is_dir():
        return f"{place}: no such directory {target.relative_to(ROOT)}"
    if not target.exists():
        return f"{place}: no such file {target.relative_to(ROOT)}"
    if symbol and not _has_symbol(target, symbol):
        return f"{place}: {target.relative_to(ROOT)} defines no {symbol}"
    return None


def test_the_page_names_places() -> None:
    places = named_places(DOC.read_text("utf-8"))
    assert len(places) > 20
    assert "stages.py:STAGES" in places
    assert named_places("`a/b.py:C.d` `<x>/` `pytest -m x` `c.yaml` `word`") == [
        "a/b.py:C.d",
        "c.yaml",
    ]


def test_every_place_named_in_architecture_md_exists() -> None:
    problems = [
        problem
        for place in dict.fromkeys(named_places(DOC.read_text("utf-8")))
        if place not in PENDING and (problem := missing(place))
    ]
    assert not problems, "docs/architecture.md names places that are missing:\n" + "\n".join(
        problems
    )


def test_nothing_is_pending() -> None:
    """A pending place that now exists is checked like the others: delete it from PENDING."""
    arrived = sorted(place for place in PENDING if missing(place) is None)
    assert not arrived, "these now exist; delete them from PENDING in " + (
        f"tests/test_architecture.py: {arrived}"
    )


def _imports(package: str) -> list[tuple[str, str]]:
    """(file, imported subpackage of realpolitik) for every import in ``package``."""
    found = []
    for file in sorted((PACKAGE / package).rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level == 2:
                    target = module.split(".")[0]
                elif node.level == 0 and module.startswith("realpolitik."):
                    target = module.split(".")[1]
                else:
                    continue
                found.append((str(file.relative_to(PACKAGE)), target))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("realpolitik."):
                        found.append((str(file.relative_to(PACKAGE)), alias.name.split(".")[1]))
    return found


def test_the_layers_hold() -> None:
    wrong = [
        f"{file} imports {target}"
        for package in STAGE_PACKAGES
        for file, target in _imports(package)
        if target in NOT_FOR_STAGES
    ]
    wrong += [
        f"{file} imports {target}"
        for file, target in _imports("relations")
        if target in NOT_FOR_RELATIONS
    ]
    assert not wrong, "imports against docs/architecture.md's layers:\n" + "\n".join(wrong)
