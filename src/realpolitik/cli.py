"""The command line: thin wrappers that parse arguments, call the API and print.

realpolitik extract PATH... [--format table|jsonl|csv|json] [--db FILE]
realpolitik extract --example
realpolitik eval GOLD.jsonl|DIR [--report out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

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
from .errors import InputError, RealpolitikError, UsageError
from .exports.registry import export_formats, result_formats
from .ingest.sources import SourceOptions, SourceStats, expand_spec, iter_sources
from .ingest.text import ReadFailure, parse_date
from .model import Document, DocumentResult, check_date

if TYPE_CHECKING:
    from .pipeline import OnError


def example_path() -> Path:
    """The example article that ships with the package."""
    return Path(str(resources.files("realpolitik").joinpath("examples", "summit.txt")))


def _say(err: Console, message: str) -> None:
    """One line on stderr, never wrapped and never read as markup (file names may hold '[')."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)


def _date_arg(value: str) -> date:
    try:
        return check_date(parse_date(value), "date")
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _count_arg(value: str) -> int:
    """A whole number of 1 or more (workers, documents per batch)."""
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {count}")
    return count


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="realpolitik",
        description="Political event data from international news, offline and explainable.",
    )
    parser.add_argument("--version", action="version", version=f"realpolitik {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="code the events in articles and show them")
    ex.add_argument(
        "paths",
        nargs="*",
        metavar="SOURCE",
        help="text, HTML, feed, CSV or JSONL files, directories, globs, URLs; - reads stdin",
    )
    ex.add_argument(
        "--example", action="store_true", help="run on the example article bundled with realpolitik"
    )
    # the formats come from the exports registry (exports/formats/, one module each):
    # extract shows a table or writes what a format writes of coded documents
    ex.add_argument(
        "--format", choices=("table", *result_formats()), default="table", help="output format"
    )
    ex.add_argument("--output", "-o", type=Path, help="write the output to this file")
    _store_options(ex)
    ex.add_argument("--no-store", action="store_true", help="do not write to any store")
    _reading_options(ex)

    ing = sub.add_parser("ingest", help="read sources into the store, with progress")
    ing.add_argument(
        "paths",
        nargs="+",
        metavar="SOURCE",
        help="text, HTML, feed, CSV or JSONL files, directories, globs, URLs; - reads stdin",
    )
    _store_options(ing)
    _reading_options(ing)
    ing.add_argument(
        "--workers", type=_count_arg, default=1, help="local worker processes (default 1)"
    )
    ing.add_argument(
        "--engine", choices=("local", "ray"), default="local", help="where the pipeline runs"
    )
    ing.add_argument("--ray-address", help="a Ray cluster to join (default: start a local one)")
    ing.add_argument(
        "--batch-size",
        type=_count_arg,
        help="documents per batch (default: 4 for local workers, 32 for Ray)",
    )

    exp = sub.add_parser("export", help="write stored events, transfers or indicators out")
    exp.add_argument("--format", choices=export_formats(), default="jsonl", help="output format")
    exp.add_argument(
        "--table",
        choices=("events", "merged", "transfers", "indicators"),
        help="what to export (default events; gdelt always writes merged events)",
    )
    exp.add_argument("--output", "-o", type=Path, help="output file (required for parquet)")
    _store_options(exp)
    exp.add_argument("--actor", help="an actor code on either side (RUSGOV, NATO)")
    exp.add_argument("--country", help="an ISO-3 country on either side")
    exp.add_argument(
        "--type", dest="types", action="append", default=[], help="a PLOVER type; repeatable"
    )
    exp.add_argument(
        "--modality", dest="modalities", action="append", default=[], help="repeatable"
    )
    exp.add_argument("--since", type=_date_arg, help="first day (YYYY-MM-DD)")
    exp.add_argument("--until", type=_date_arg, help="last day (YYYY-MM-DD)")
    exp.add_argument(
        "--date-on",
        choices=("event", "document"),
        default="event",
        help="filter on the event's date or the article's",
    )
    exp.add_argument("--doc", help="one document, by path/name or content hash")
    exp.add_argument("--header", action="store_true", help="a header line for gdelt output")

    dl = sub.add_parser("delete", help="remove documents and what was read from them")
    _store_options(dl)
    dl.add_argument("--doc", help="one document, by path/name or content hash")
    dl.add_argument("--source", help="every document of this publisher or feed")
    dl.add_argument("--since", type=_date_arg, help="documents dated from this day on")
    dl.add_argument("--until", type=_date_arg, help="documents dated up to this day")

    from .relations.commands import add_commands
    from .server.commands import add_commands as add_server_commands

    add_commands(sub)
    add_server_commands(sub)

    ev = sub.add_parser("eval", help="score the extractor on gold evaluation data")
    ev.add_argument("gold", type=Path, help="an evalset/1 JSONL file, or a directory of them")
    ev.add_argument("--report", type=Path, help="write the full report as JSON here")
    ev.add_argument("--limit", type=int, help="score only the first N records of each set")
    _dictionary_option(ev)
    return parser


def _store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=f"the DuckDB store (default {default_db_path()}, or $REALPOLITIK_DB)",
    )


def _dictionary_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dict",
        dest="dictionaries",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a user dictionary (YAML or CSV); may be repeated",
    )


def _reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=_date_arg, help="article date (YYYY-MM-DD) for all inputs")
    for column in ("text", "date", "url", "title", "source", "id"):
        parser.add_argument(
            f"--{column}-col", metavar="NAME", help=f"CSV/JSONL column holding the {column}"
        )
    _dictionary_option(parser)
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress or summary lines")


def _source_options(args: argparse.Namespace) -> SourceOptions:
    return SourceOptions(
        text_col=args.text_col,
        date_col=args.date_col,
        url_col=args.url_col,
        title_col=args.title_col,
        source_col=args.source_col,
        id_col=args.id_col,
        article_date=args.date,
    )


def _estimate_total(specs: list[str]) -> int | None:
    """How many documents the sources hold, when that is cheap to know (else None)."""
    total = 0
    for item in (entry for spec in specs for entry in expand_spec(spec)):
        if not isinstance(item, tuple):  # a failure or a warning: nothing to count
            continue
        kind, name = item
        if kind in ("text", "html", "stdin"):
            total += 1
        elif kind in ("csv", "jsonl"):
            total += _count_rows(name, kind)
        else:
            return None
    return total


def _count_rows(name: str, kind: str) -> int:
    """Lines in a CSV (less its header) or JSON Lines file; 0 when it cannot be read (the
    reader reports why)."""
    try:
        with open(name, "rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return 0
    return max(0, lines - (1 if kind == "csv" else 0))


def _settings(args: argparse.Namespace) -> Settings:
    for path in args.dictionaries:
        if not path.is_file():
            raise RealpolitikError(f"dictionary {path} does not exist")
    return Settings(user_dictionaries=tuple(args.dictionaries))


def _readable(
    specs: list[str], args: argparse.Namespace, stats: SourceStats, err: Console
) -> Iterator[Document]:
    """The documents the sources hold; each unreadable item is one ``error:`` line."""
    options = _source_options(args)
    options.on_warning = lambda w: _say(err, f"warning: {w.reason}")
    for item in iter_sources(specs, options, stats=stats):
        if isinstance(item, ReadFailure):
            _say(err, f"error: {item.reason}")
        else:
            yield item


def _failed_coding(stats: SourceStats, err: Console) -> OnError:
    """What a document that fails in the pipeline becomes: one error line, one skip."""

    def report(document: Document, exc: Exception) -> None:
        stats.skipped += 1
        stats.skipped_by_kind["coding"] += 1
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        if not isinstance(exc, RealpolitikError):  # a worker's CodingError names its own
            reason = f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
        _say(err, f"error: {document.doc_id}: cannot be coded ({reason}); skipped")

    return report


def _stored(
    results: Iterator[DocumentResult], db: Path | None, totals: dict[str, int]
) -> Iterator[DocumentResult]:
    if db is None:
        yield from results
        return
    from .store.duckdb_store import EventStore

    with EventStore.open(db) as store:
        for result, summary in store.write_stream(results):
            totals["new_documents"] += int(summary.new_document)
            totals["events_added"] += summary.events_added
            yield result


def _counted(results: Iterator[DocumentResult], totals: dict[str, int]) -> Iterator[DocumentResult]:
    for result in results:
        totals["documents"] += 1
        totals["events"] += len(result.events)
        yield result


def _with_progress(
    results: Iterator[DocumentResult],
    total: int | None,
    err: Console,
    totals: dict[str, int],
    label: str = "extracting",
) -> Iterator[DocumentResult]:
    """A progress bar on stderr: documents done, events found, documents/s and time left."""
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[events]} events"),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(label, total=total, events=0, rate="")
        started = time.monotonic()
        for result in results:
            elapsed = max(time.monotonic() - started, 1e-6)
            rate = f"{(progress.tasks[0].completed + 1) / elapsed:.1f} docs/s"
            progress.update(task, advance=1, events=totals["events"], rate=rate)
            yield result


def _run_engine(
    docs: Iterator[Document],
    settings: Settings,
    args: argparse.Namespace,
    on_error: OnError | None = None,
) -> Iterator[DocumentResult]:
    """The pipeline on one process, several local processes, or Ray."""
    if args.engine == "ray":
        import tempfile

        from .scale.ray_engine import run_ray

        with tempfile.TemporaryDirectory(prefix="realpolitik-ray-") as parquet_dir:
            yield from run_ray(
                docs,
                settings,
                address=args.ray_address,
                num_cpus=args.workers if args.workers > 1 else None,
                parquet_dir=Path(parquet_dir),
                batch_size=args.batch_size,
            )
        return
    if args.workers > 1:
        from .scale.local import run_parallel

        yield from run_parallel(
            docs, settings, args.workers, batch_size=args.batch_size, on_error=on_error
        )
        return
    from .pipeline import Pipeline

    yield from Pipeline.load(settings).run(docs, on_error=on_error)


def run_extract(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    from .exports.registry import get
    from .output import render_table
    from .pipeline import Pipeline

    paths = [str(p) for p in args.paths]
    if args.example:
        paths.append(str(example_path()))
    if not paths:
        raise RealpolitikError("give one or more PATHs, - for stdin, or --example")
    pipeline = Pipeline.load(_settings(args))
    stats = SourceStats()
    totals = {"documents": 0, "events": 0, "new_documents": 0, "events_added": 0}
    docs = _readable(paths, args, stats, err)
    db = None if args.no_store else (args.db or default_db_path())
    coded = pipeline.run(docs, on_error=_failed_coding(stats, err))
    results = _counted(_stored(coded, db, totals), totals)
    if not args.quiet and err.is_terminal and len(paths) + int(Path(paths[0]).is_dir()) > 1:
        results = _with_progress(results, _estimate_total(paths), err, totals)
    if args.format == "table":
        console = Console(file=out) if args.output else Console()
        render_table(results, console)
    else:
        writer = get(args.format)
        assert writer is not None and writer.results is not None  # argparse chose it
        writer.results(results, out)
    if not args.quiet:
        stored = (
            f"; store {db}: +{totals['new_documents']} documents, +{totals['events_added']} events"
            if db
            else ""
        )
        skipped = f", {stats.skipped} skipped" if stats.skipped else ""
        _say(
            err, f"{totals['documents']} documents read{skipped}, {totals['events']} events{stored}"
        )
    if totals["documents"] == 0:
        return 1
    return 0


def run_ingest(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    """Read sources into the store: progress on stderr, a summary line at the end."""
    settings = _settings(args)
    stats = SourceStats()
    totals = {"documents": 0, "events": 0, "new_documents": 0, "events_added": 0}
    db = args.db or default_db_path()
    docs = _readable([str(p) for p in args.paths], args, stats, err)
    coded = _run_engine(docs, settings, args, _failed_coding(stats, err))
    results = _counted(_stored(coded, db, totals), totals)
    if not args.quiet and err.is_terminal:
        results = _with_progress(
            results, _estimate_total([str(p) for p in args.paths]), err, totals, "ingesting"
        )
    for _ in results:
        pass
    if not args.quiet:
        _say(
            err,
            f"{stats.summary()}; {totals['events']} events; store {db}: "
            f"+{totals['new_documents']} documents, +{totals['events_added']} events",
        )
    elif stats.skipped:
        _say(err, f"{stats.skipped} skipped")
    return 1 if stats.skipped else 0


def run_export(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    """Stored rows, filtered, to a file or stdout."""
    from .exports import export, get
    from .store.duckdb_store import EventStore
    from .store.filters import Filters

    db = args.db or default_db_path()
    if not Path(db).exists():
        raise RealpolitikError(f"no store at {db}; run `realpolitik ingest` first or give --db")
    spec = get(args.format)
    if spec is not None and spec.to_path and not args.output:
        raise RealpolitikError(f"{args.format} needs --output FILE")
    filters = Filters(
        actor=args.actor,
        country=args.country,
        types=tuple(t.upper() for t in args.types),
        modalities=tuple(args.modalities),
        date_from=args.since,
        date_to=args.until,
        date_on=args.date_on,
        doc=args.doc,
    )
    with EventStore.open(db) as store:
        target: Path | TextIO = args.output if spec is not None and spec.to_path else out
        n = export(
            store,
            target,
            args.format,
            filters,
            table=args.table,
            header=True if args.header else None,
        )
    _say(err, f"{n} rows exported")
    return 0


def run_delete(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    """Remove documents (by id, source or date range) and what was read from them."""
    from .store.duckdb_store import EventStore

    if args.doc is None and args.source is None and args.since is None and args.until is None:
        raise UsageError("say what to delete: --doc ID, --source NAME, or --since/--until")
    db = args.db or default_db_path()
    if not Path(db).exists():
        raise RealpolitikError(f"no store at {db}; nothing to delete")
    with EventStore.open(db) as store:
        removed = store.delete(doc=args.doc, source=args.source, since=args.since, until=args.until)
    out.write(f"store {db}: {removed.line()}\n")
    return 0


def run_eval(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    from .evaluate.evalset import EvalsetError
    from .evaluate.runner import evaluate, evaluate_many, format_report
    from .pipeline import Pipeline
    from .safe_output import check_output, replacing_text

    if not args.gold.exists():
        raise RealpolitikError(f"{args.gold}: no such file or directory")
    if args.report:
        check_output(args.report, "json", inputs=[args.gold, *args.dictionaries])
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
        with replacing_text(args.report, "json", inputs=[args.gold]) as handle:
            handle.write(json.dumps(report, indent=2, ensure_ascii=False))
        _say(err, f"report written to {args.report}")
    return 0


def _output_kind(args: argparse.Namespace) -> str:
    """What ``--output`` holds: the format, or ``frame`` for a relations table."""
    fmt = str(getattr(args, "format", "table"))
    return "frame" if fmt == "table" and args.command in ("dyad", "blocs") else fmt


def _writes_to_path(args: argparse.Namespace) -> bool:
    """Whether ``export`` writes its format to a path itself (Parquet), not to a stream."""
    from .exports.registry import get

    spec = get(str(getattr(args, "format", ""))) if args.command == "export" else None
    return spec is not None and spec.to_path


def _run_inputs(args: argparse.Namespace) -> list[Path | str | None]:
    """Every file this run reads: its sources, store, dictionaries, weights, gold data."""
    inputs: list[Path | str | None] = [str(p) for p in getattr(args, "paths", None) or ()]
    if getattr(args, "example", False):
        inputs.append(example_path())
    if hasattr(args, "db"):
        inputs.append(args.db or default_db_path())
    inputs += list(getattr(args, "dictionaries", None) or ())
    inputs += [getattr(args, "weights", None), getattr(args, "gold", None)]
    return inputs


def _check_db(args: argparse.Namespace) -> None:
    """A ``--db`` that is not a store (or a new path) stops the run before anything else."""
    if getattr(args, "db", None) is not None:
        from .store.connection import check_store_path

        check_store_path(args.db)


def _dispatch(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    from .relations.commands import COMMANDS
    from .server.commands import COMMANDS as SERVER_COMMANDS

    command = {
        "extract": run_extract,
        "ingest": run_ingest,
        "export": run_export,
        "delete": run_delete,
        "eval": run_eval,
        **COMMANDS,
        **SERVER_COMMANDS,
    }[args.command]
    from .server.client import forwarded

    sent = forwarded(args, out, err)  # ingest/export/brief on a store `serve` holds: sent there
    return command(args, out, err) if sent is None else sent


def _run(args: argparse.Namespace, err: Console) -> int:
    """Check the store and the output, then run the command; its output file, written
    aside, replaces the old one only when the command succeeds (``safe_output.py``)."""
    from .safe_output import PendingOutput, check_output

    _check_db(args)
    output = getattr(args, "output", None)
    if output is None:
        return _dispatch(args, sys.stdout, err)
    kind = _output_kind(args)
    if _writes_to_path(args):  # written by DuckDB to a path: export() replaces it safely
        check_output(output, kind, inputs=_run_inputs(args))
        return _dispatch(args, sys.stdout, err)
    pending = PendingOutput(output, kind, inputs=_run_inputs(args))
    code = 1
    try:
        with pending.open_text() as out:
            code = _dispatch(args, out, err)
    finally:
        if code == 0:
            pending.commit()
        else:
            pending.discard()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    try:
        return _run(args, err)
    except RealpolitikError as exc:
        _say(err, f"error: {exc}")
        return exc.exit_code
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
