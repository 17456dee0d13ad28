"""The CLI and a running server on the same store: ``ingest``, ``export`` and ``brief`` go
through the server while it holds the store (DuckDB lets one process open it).

``realpolitik serve`` writes ``STORE.server.json`` next to the store while it runs (mode
0600: only its user may read it): its process id, the address to reach it on and a token
made for that run. When one of those commands is given a store with such a file, whose
process is alive and whose server answers, it sends its work there instead of opening the
store (``forwarded``): ``ingest`` posts its documents to ``POST /ingest``, two at a time,
with a progress bar; ``export`` streams ``POST /store/export`` to its output; ``brief``
writes ``GET /store/brief``'s text. Nothing is lost: each document is stored by the server
as the CLI would have stored it, and one refused is one ``error:`` line. See
``docs/server.md``.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import os
import secrets
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import ForwardError, ServerError
from ..relations.state import check_actors

if TYPE_CHECKING:
    import httpx
    from rich.console import Console

    from ..model import Document
    from .settings import ServerSettings

SUFFIX = ".server.json"
FORWARDED = ("ingest", "export", "brief")
IN_FLIGHT = 2  # posts under way at once: the server's write thread never waits for the next
RETRIES = 30  # a busy answer (503 with Retry-After) is tried again this many times
POST_TIMEOUT_S = 600.0


def info_path(db: Path | str) -> Path:
    """Where a server on ``db`` says how to reach it: ``STORE.server.json``."""
    return Path(str(Path(db).expanduser().absolute()) + SUFFIX)


def new_run_token() -> str:
    return secrets.token_urlsafe(32)


def _connect_host(host: str) -> str:
    name = host.strip().strip("[]")
    if name in ("", "0.0.0.0"):
        return "127.0.0.1"
    if name == "::":
        return "::1"
    return name


def publish(settings: ServerSettings) -> Path:
    """Write the lock-info file of a server about to serve ``settings`` (mode 0600)."""
    path = info_path(settings.db)
    host = _connect_host(settings.host)
    url = f"http://{f'[{host}]' if ':' in host else host}:{settings.port}"
    info = {
        "pid": os.getpid(),
        "url": url,
        "host": settings.host,
        "port": settings.port,
        "store": str(Path(settings.db).expanduser().absolute()),
        "token": settings.run_token,
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(info, handle)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ServerError(f"cannot write {path}: {exc.strerror}") from exc
    return path


def unpublish(path: Path) -> None:
    """Remove the lock-info file, when it is still this process's."""
    with contextlib.suppress(OSError, ValueError):
        if json.loads(path.read_text("utf-8")).get("pid") == os.getpid():
            path.unlink()


@dataclass(frozen=True)
class Running:
    """A server that holds a store: where it is and the run's token."""

    url: str
    token: str | None
    pid: int

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: not a server of ours
        return False
    return True


def find(db: Path | str) -> Running | None:
    """The server that holds ``db``, or None (no file, a stale one, someone else's, or no
    answer)."""
    import httpx

    path = info_path(db)
    try:
        stat = path.stat()
        if stat.st_uid != os.getuid() or stat.st_mode & 0o077:
            return None  # not written by this user's server: not trusted with a token
        info = json.loads(path.read_text("utf-8"))
        pid, url = int(info["pid"]), str(info["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _alive(pid) or info.get("store") != str(Path(db).expanduser().absolute()):
        return None
    running = Running(url=url, token=info.get("token") or None, pid=pid)
    try:
        response = httpx.get(f"{url}/health", headers=running.headers, timeout=5)
    except httpx.HTTPError:
        return None
    return running if response.status_code == 200 else None


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail"))
    except (ValueError, AttributeError):
        return response.text.strip().splitlines()[0] if response.text.strip() else "no detail"


def _check(response: httpx.Response, what: str) -> None:
    if response.status_code != 200:
        raise ForwardError(
            f"{what}: the server answered {response.status_code}: {_detail(response)}"
        )


def forwarded(args: argparse.Namespace, out: TextIO, err: Console) -> int | None:
    """Run ``ingest``, ``export`` or ``brief`` through the server that holds its store;
    None when no server holds it (the command then opens the store itself)."""
    if getattr(args, "command", None) not in FORWARDED:
        return None
    from ..config import default_db_path

    db = args.db or default_db_path()
    running = find(db)
    if running is None:
        return None
    say = _sayer(err)
    say(
        f"store {db} is held by realpolitik serve (PID {running.pid}): "
        f"sending the work to {running.url}"
    )
    if args.command == "ingest":
        return ingest(args, running, err, db)
    if args.command == "export":
        return export(args, running, out, err)
    return brief(args, running, out)


def _sayer(err: Console) -> Any:
    def say(message: str) -> None:
        err.print(message, markup=False, highlight=False, soft_wrap=True)

    return say


# --------------------------------------------------------------------------- ingest


def _payload(doc: Document) -> dict[str, Any]:
    return {
        "text": doc.text,
        "date": doc.date.isoformat() if doc.date else None,
        "title": doc.title,
        "source": doc.source,
        "url": doc.url,
        "name": doc.doc_id,
    }


def post_document(client: httpx.Client, running: Running, doc: Document) -> dict[str, Any]:
    """``POST /ingest`` one document, again while the server says it is busy."""
    for _ in range(RETRIES):
        response = client.post("/ingest", json=_payload(doc), headers=running.headers)
        if response.status_code == 503 and "Retry-After" in response.headers:
            time.sleep(float(response.headers.get("Retry-After") or 1))
            continue
        _check(response, doc.doc_id)
        return dict(response.json())
    raise ForwardError(f"{doc.doc_id}: the server stayed busy; try again later")


def ingest(args: argparse.Namespace, running: Running, err: Console, db: Path) -> int:
    """Post every readable document of ``args.paths``; a summary line at the end."""
    import httpx

    from ..cli import _estimate_total, _readable
    from ..ingest.sources import SourceStats

    say = _sayer(err)
    stats = SourceStats()
    specs = [str(p) for p in args.paths]
    docs = _readable(specs, args, stats, err)
    totals = {"documents": 0, "events": 0, "new_documents": 0, "events_added": 0, "failed": 0}
    show = not args.quiet and err.is_terminal

    def done(doc: Document, future: Future[dict[str, Any]]) -> None:
        try:
            answer = future.result()
        except (ForwardError, httpx.HTTPError) as exc:
            totals["failed"] += 1
            say(f"error: {exc}" if isinstance(exc, ForwardError) else f"error: {doc.doc_id}: {exc}")
            return
        totals["documents"] += 1
        totals["events"] += int(answer.get("events", 0))
        if answer.get("new"):
            totals["new_documents"] += 1
            totals["events_added"] += int(answer.get("events", 0))

    with (
        httpx.Client(base_url=running.url, timeout=POST_TIMEOUT_S) as client,
        ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="realpolitik-post") as pool,
        _progress(err, _estimate_total(specs) if show else None, show) as advance,
    ):
        pending: list[tuple[Document, Future[dict[str, Any]]]] = []
        for doc in docs:
            pending.append((doc, pool.submit(post_document, client, running, doc)))
            while len(pending) >= IN_FLIGHT:
                first, future = pending.pop(0)
                done(first, future)
                advance(totals["events"])
        for doc, future in pending:
            done(doc, future)
            advance(totals["events"])
    if not args.quiet:
        failed = f", {totals['failed']} refused by the server" if totals["failed"] else ""
        say(
            f"{stats.summary()}{failed}; {totals['events']} events; store {db} "
            f"(through the server): +{totals['new_documents']} documents, "
            f"+{totals['events_added']} events"
        )
    if totals["failed"]:
        return 1
    return 0 if totals["documents"] or not stats.skipped else 1


@contextlib.contextmanager
def _progress(err: Console, total: int | None, show: bool) -> Iterator[Any]:
    """A progress bar on stderr (documents sent, events found); a no-op when not shown."""
    if not show:
        yield lambda events: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[events]} events"),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("sending to the server", total=total, events=0)
        yield lambda events: progress.update(task, advance=1, events=events)


# --------------------------------------------------------------------------- export, brief


def export(args: argparse.Namespace, running: Running, out: TextIO, err: Console) -> int:
    """``POST /store/export``, streamed to the output as it comes."""
    import httpx

    if args.format == "parquet" and not args.output:
        raise ForwardError("parquet needs --output FILE")
    body = {
        "format": args.format,
        "table": args.table,
        "header": True if args.header else None,
        "actor": args.actor,
        "country": args.country,
        "types": list(args.types),
        "modalities": list(args.modalities),
        "since": args.since.isoformat() if args.since else None,
        "until": args.until.isoformat() if args.until else None,
        "date_on": args.date_on,
        "doc": args.doc,
    }
    size = 0
    with (
        httpx.Client(base_url=running.url, timeout=POST_TIMEOUT_S) as client,
        client.stream("POST", "/store/export", json=body, headers=running.headers) as r,
    ):
        if r.status_code != 200:
            r.read()
            _check(r, "export")
        if args.format == "parquet":
            target = Path(args.output)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
            try:
                with tmp.open("wb") as handle:
                    for block in r.iter_bytes():
                        size += len(block)
                        handle.write(block)
                os.replace(tmp, target)
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink()
        else:
            decoder = codecs.getincrementaldecoder("utf-8")()
            for block in r.iter_bytes():
                size += len(block)
                out.write(decoder.decode(block))
            out.write(decoder.decode(b"", final=True))
            out.flush()
    _sayer(err)(f"exported through the server ({size:,} bytes)")
    return 0


def brief(args: argparse.Namespace, running: Running, out: TextIO) -> int:
    """``GET /store/brief``: the brief as the command would write it."""
    import httpx

    if getattr(args, "weights", None):
        raise ForwardError(
            "--weights cannot be used while a server holds the store: it uses its own"
        )
    params = {
        "since": args.since.isoformat(),
        "until": args.until.isoformat() if args.until else None,
        "actor": args.actor,
        "top": args.top,
        "format": args.format,
        "actors": check_actors(getattr(args, "actors", "all")),
    }
    query = {k: v for k, v in params.items() if v is not None}
    response = httpx.get(
        f"{running.url}/store/brief", params=query, headers=running.headers, timeout=POST_TIMEOUT_S
    )
    _check(response, "brief")
    out.write(response.text)
    return 0
