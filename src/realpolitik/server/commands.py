"""The ``serve`` subcommand, ready for ``realpolitik.cli`` to mount:

    realpolitik serve [--db FILE] [--host 127.0.0.1] [--port 8000] [--token T] [--cors ORIGIN]

``add_commands(sub)`` adds the parser; ``COMMANDS`` maps its name to ``run(args, out, err)``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..config import default_db_path
from .settings import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    MAX_BODY_BYTES,
    MAX_CHARS,
    MAX_EXTRACT_ITEMS,
    MAX_PAGE,
    QUERY_TIMEOUT_S,
    REFRESH_INTERVAL_S,
    TOKEN_ENV,
    WORK_TIMEOUT_S,
    ServerSettings,
)

if TYPE_CHECKING:
    from rich.console import Console


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``serve`` to the CLI's subparsers."""
    sv = sub.add_parser("serve", help="serve the store's events and relations over HTTP")
    sv.add_argument(
        "--db", type=Path, default=None, help=f"the store (default {default_db_path()})"
    )
    sv.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})"
    )
    sv.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    sv.add_argument(
        "--token",
        default=None,
        help=f"bearer token for POSTs, and for everything off loopback (default ${TOKEN_ENV})",
    )
    sv.add_argument(
        "--cors",
        dest="cors",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let pages from this origin call the API (e.g. http://localhost:5173); repeatable",
    )
    sv.add_argument(
        "--allow-fetch",
        action="store_true",
        help="let POST /ingest fetch a url (never loopback or private addresses)",
    )
    sv.add_argument(
        "--max-body",
        type=int,
        default=MAX_BODY_BYTES,
        metavar="BYTES",
        help=f"largest request body (default {MAX_BODY_BYTES:,})",
    )
    sv.add_argument(
        "--max-page", type=int, default=MAX_PAGE, help=f"largest page of events ({MAX_PAGE})"
    )
    sv.add_argument(
        "--query-timeout",
        type=float,
        default=QUERY_TIMEOUT_S,
        metavar="SECONDS",
        help=f"stop a query after this long and answer 503 (default {QUERY_TIMEOUT_S:g})",
    )
    sv.add_argument(
        "--max-chars",
        type=int,
        default=MAX_CHARS,
        metavar="N",
        help=f"longest text a POST may send: 413 past it (default {MAX_CHARS:,})",
    )
    sv.add_argument(
        "--work-timeout",
        type=float,
        default=WORK_TIMEOUT_S,
        metavar="SECONDS",
        help=f"stop an extraction after this long and answer 503 (default {WORK_TIMEOUT_S:g})",
    )
    sv.add_argument(
        "--max-items",
        type=int,
        default=MAX_EXTRACT_ITEMS,
        metavar="N",
        help=f"most events, places and dates one /extract answers ({MAX_EXTRACT_ITEMS})",
    )
    sv.add_argument(
        "--refresh-interval",
        type=float,
        default=REFRESH_INTERVAL_S,
        metavar="SECONDS",
        help="while posts keep coming, answers follow the store at most once per this many "
        f"seconds (default {REFRESH_INTERVAL_S:g}; 0: after every write)",
    )
    sv.add_argument(
        "--preload",
        action="store_true",
        help="start the extraction worker (it loads the pipeline in its own process) at "
        "start, not on the first POST",
    )
    sv.add_argument("--weights", type=Path, help="a YAML file of relation weights")
    sv.add_argument("--log-level", default="warning", help="uvicorn's log level (warning)")


def settings_from(args: argparse.Namespace) -> ServerSettings:
    """The server's settings from the parsed command line (and ``$REALPOLITIK_TOKEN``)."""
    base = ServerSettings(db=args.db or default_db_path())
    return ServerSettings(
        db=base.db,
        host=args.host,
        port=args.port,
        token=args.token or base.token,
        cors_origins=tuple(args.cors),
        allow_fetch=args.allow_fetch,
        max_body_bytes=args.max_body,
        max_page=args.max_page,
        query_timeout=args.query_timeout,
        max_chars=args.max_chars,
        work_timeout=args.work_timeout,
        max_extract_items=args.max_items,
        refresh_interval=getattr(args, "refresh_interval", REFRESH_INTERVAL_S),
        preload=getattr(args, "preload", False),
        weights=args.weights,
    )


def run_serve(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    """Open the store, print the address, serve until Ctrl-C."""
    from dataclasses import replace

    import uvicorn

    from .app import create_app
    from .client import new_run_token, publish, unpublish

    settings = replace(settings_from(args), run_token=new_run_token())
    app = create_app(settings)
    if "*" in settings.cors_origins:
        err.print(
            "WARNING: --cors '*' lets every web page call this server; the token guards "
            "the posts (and every request off loopback): keep it secret",
            style="bold red",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    app.state.backend.open()  # a locked or broken store is one line here, not a traceback
    try:
        info = publish(settings)  # how `realpolitik ingest/export/brief` find this server
    except BaseException:
        app.state.backend.close()
        raise
    auth = "token required for POST" if settings.token else "no token"
    if settings.token and not settings.loopback:
        auth = "token required"
    err.print(
        f"realpolitik serving {settings.db} at {settings.url} ({auth}); Ctrl-C stops",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=args.log_level,
        timeout_graceful_shutdown=5,
    )
    try:
        uvicorn.Server(config).run()
    except KeyboardInterrupt:  # uvicorn stops on Ctrl-C, then raises it again: done
        pass
    finally:
        unpublish(info)
        app.state.backend.close()
    err.print("stopped", markup=False, highlight=False)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, Console], int]] = {
    "serve": run_serve,
}
