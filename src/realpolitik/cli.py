"""The command line: thin wrappers that parse arguments, call the API and print.

realpolitik extract PATH... [--format table|jsonl|csv|json] [--db FILE]
realpolitik extract --example
realpolitik eval GOLD.jsonl|DIR [--report out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from . import __version__
from .config import Settings, default_db_path
from .errors import InputError, RealpolitikError
from .ingest.text import ReadFailure, expand_paths, parse_date, read_documents
from .model import Document, DocumentResult

FORMATS = ("table", "jsonl", "csv", "json")


def example_path() -> Path:
    """The example article that ships with the package."""
    return Path(str(resources.files("realpolitik").joinpath("examples", "summit.txt")))


def _say(err: Console, message: str) -> None:
    """One line on stderr, never wrapped and never read as markup (file names may hold '[')."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)


def _date_arg(value: str) -> date:
    try:
        return parse_date(value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="realpolitik",
        description="Political event data from international news, offline and explainable.",
    )
    parser.add_argument("--version", action="version", version=f"realpolitik {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="code the events in articles")
    ex.add_argument(
        "paths", nargs="*", metavar="PATH", help="text files or directories of them; - reads stdin"
    )
    ex.add_argument(
        "--example", action="store_true", help="run on the example article bundled with realpolitik"
    )
    ex.add_argument("--date", type=_date_arg, help="article date (YYYY-MM-DD) for all inputs")
    ex.add_argument("--format", choices=FORMATS, default="table", help="output format")
    ex.add_argument("--output", "-o", type=Path, help="write the output to this file")
    ex.add_argument(
        "--db",
        type=Path,
        default=None,
        help=f"DuckDB store to add the results to (default {default_db_path()})",
    )
    ex.add_argument("--no-store", action="store_true", help="do not write to any store")
    ex.add_argument(
        "--dict",
        dest="dictionaries",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a user dictionary (YAML or CSV); may be repeated",
    )
    ex.add_argument("--quiet", "-q", action="store_true", help="no progress or summary lines")

    ev = sub.add_parser("eval", help="score the extractor on gold evaluation data")
    ev.add_argument("gold", type=Path, help="an evalset/1 JSONL file, or a directory of them")
    ev.add_argument("--report", type=Path, help="write the full report as JSON here")
    ev.add_argument("--limit", type=int, help="score only the first N records of each set")
    ev.add_argument(
        "--dict",
        dest="dictionaries",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a user dictionary (YAML or CSV); may be repeated",
    )
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    for path in args.dictionaries:
        if not path.is_file():
            raise RealpolitikError(f"dictionary {path} does not exist")
    return Settings(user_dictionaries=tuple(args.dictionaries))


def _readable(
    items: Iterator[Document | ReadFailure], failures: list[ReadFailure], err: Console
) -> Iterator[Document]:
    for item in items:
        if isinstance(item, ReadFailure):
            failures.append(item)
            _say(err, f"error: {item.reason}")
        else:
            yield item


def _stored(
    results: Iterator[DocumentResult], db: Path | None, totals: dict[str, int]
) -> Iterator[DocumentResult]:
    if db is None:
        yield from results
        return
    from .store.duckdb_store import EventStore

    with EventStore.open(db) as store:
        for result in results:
            summary = store.write(result)
            totals["new_documents"] += int(summary.new_document)
            totals["events_added"] += summary.events_added
            yield result


def _counted(results: Iterator[DocumentResult], totals: dict[str, int]) -> Iterator[DocumentResult]:
    for result in results:
        totals["documents"] += 1
        totals["events"] += len(result.events)
        yield result


def _with_progress(
    results: Iterator[DocumentResult], total: int, err: Console, totals: dict[str, int]
) -> Iterator[DocumentResult]:
    """A progress bar on stderr: documents done, events found, rate and time left."""
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[events]} events"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("extracting", total=total, events=0)
        for result in results:
            progress.update(task, advance=1, events=totals["events"])
            yield result


def run_extract(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    from .output import render_table, write_csv, write_json, write_jsonl
    from .pipeline import Pipeline

    paths = [str(p) for p in args.paths]
    if args.example:
        paths.append(str(example_path()))
    if not paths:
        raise RealpolitikError("give one or more PATHs, - for stdin, or --example")
    pipeline = Pipeline.load(_settings(args))
    failures: list[ReadFailure] = []
    totals = {"documents": 0, "events": 0, "new_documents": 0, "events_added": 0}
    docs = _readable(read_documents(paths, article_date=args.date), failures, err)
    db = None if args.no_store else (args.db or default_db_path())
    results = _counted(_stored(pipeline.run(docs), db, totals), totals)
    total = sum(1 for _ in expand_paths(paths))
    if not args.quiet and total > 1 and err.is_terminal:
        results = _with_progress(results, total, err, totals)
    if args.format == "table":
        console = Console(file=out) if args.output else Console()
        render_table(results, console)
    else:
        writer = {"jsonl": write_jsonl, "csv": write_csv, "json": write_json}[args.format]
        writer(results, out)
    if not args.quiet:
        stored = (
            f"; store {db}: +{totals['new_documents']} documents, +{totals['events_added']} events"
            if db
            else ""
        )
        skipped = f", {len(failures)} skipped" if failures else ""
        _say(
            err, f"{totals['documents']} documents read{skipped}, {totals['events']} events{stored}"
        )
    if totals["documents"] == 0:
        return 1
    return 0


def run_eval(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    from .evaluate.evalset import EvalsetError
    from .evaluate.runner import evaluate, evaluate_many, format_report
    from .pipeline import Pipeline

    if not args.gold.exists():
        raise RealpolitikError(f"{args.gold}: no such file or directory")
    pipeline = Pipeline.load(_settings(args))
    try:
        if args.gold.is_dir():
            report = evaluate_many(args.gold, pipeline, limit=args.limit, progress=True)
        else:
            report = evaluate(args.gold, pipeline, limit=args.limit, progress=True)
    except EvalsetError as exc:
        raise RealpolitikError(str(exc)) from None
    out.write(format_report(report) + "\n")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
        _say(err, f"report written to {args.report}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    out: TextIO = sys.stdout
    try:
        if getattr(args, "output", None):
            out = args.output.open("w", encoding="utf-8")
        command = {"extract": run_extract, "eval": run_eval}[args.command]
        return command(args, out, err)
    except RealpolitikError as exc:
        _say(err, f"error: {exc}")
        return 1
    except KeyboardInterrupt:
        _say(err, "interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback for a user, unless asked
        if args.debug:
            raise
        _say(err, f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details)")
        return 1
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
