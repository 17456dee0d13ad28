"""What ``realpolitik serve`` needs to know: one typed settings object, from flags and env."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ServerError

STATIC_DIR = Path(__file__).parent / "static"
TOKEN_ENV = "REALPOLITIK_TOKEN"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MAX_BODY_BYTES = 1_000_000
MAX_PAGE = 500
QUERY_TIMEOUT_S = 10.0
READ_THREADS = 4
RELATIONS_THREADS = 2
MAX_WAITING = 512  # jobs queued for one kind of thread before new ones are refused
CACHE_BYTES = 64 * 2**20
# While posts keep the write thread busy (a bulk ingest), answers and the relations tables
# move to the store's latest state at most once per this many seconds (docs/server.md).
REFRESH_INTERVAL_S = 1.0
# The budget of one POST /extract or /ingest: the characters of its text, the seconds its
# extraction may run once the write thread takes it (then it is stopped: 503), the posts
# that may wait for that thread (then 503 at once), and the events, places and dates one
# /extract answers (the rest are counted, not sent).
MAX_CHARS = 100_000
WORK_TIMEOUT_S = 60.0
MAX_WAITING_WRITES = 16
MAX_EXTRACT_ITEMS = 1000


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server on this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServerSettings:
    """The store, the address, and the limits of one server.

    ``token`` (default ``$REALPOLITIK_TOKEN``) guards the POST endpoints, and every JSON
    endpoint when ``host`` is not a loopback address; such a host without a token is
    refused (:meth:`check`).
    """

    db: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = field(default_factory=lambda: os.environ.get(TOKEN_ENV) or None)
    cors_origins: tuple[str, ...] = ()
    allow_fetch: bool = False
    max_body_bytes: int = MAX_BODY_BYTES
    max_page: int = MAX_PAGE
    query_timeout: float = QUERY_TIMEOUT_S
    read_threads: int = READ_THREADS
    relations_threads: int = RELATIONS_THREADS
    max_waiting: int = MAX_WAITING
    cache_bytes: int = CACHE_BYTES  # answers kept for one view of the store; 0 keeps none
    # During an ingest, answers are at most this many seconds behind the last write.
    refresh_interval: float = REFRESH_INTERVAL_S
    # Load the pipeline when the store opens (before the first answer), not on the first
    # POST: a bulk ingest then does not load it under the GIL while reads are answered.
    preload: bool = False
    max_chars: int = MAX_CHARS
    work_timeout: float = WORK_TIMEOUT_S
    max_waiting_writes: int = MAX_WAITING_WRITES
    max_extract_items: int = MAX_EXTRACT_ITEMS
    # A second token made for one run of ``realpolitik serve`` and written, readable only by
    # its user, next to the store (``client.py``): the CLI on the same store sends work with it.
    run_token: str | None = field(default=None, repr=False)
    static_dir: Path = STATIC_DIR
    weights: Path | None = None

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def check(self) -> None:
        """Raise ``ServerError`` (one line) for a setting that is unsafe or impossible."""
        if not self.loopback and not self.token:
            raise ServerError(
                f"refusing to serve on {self.host}, a non-loopback address, without a token: "
                f"give --token or set ${TOKEN_ENV} (or serve on 127.0.0.1)"
            )
        if "*" in self.cors_origins and not self.token:
            raise ServerError(
                "refusing --cors '*' without a token: any web page could use this server; "
                f"name the origins (--cors http://localhost:5173) or give --token / ${TOKEN_ENV}"
            )
        if self.token is not None and len(self.token) < 8:
            raise ServerError("the token must be at least 8 characters long")
        if not 0 < self.port < 65536:
            raise ServerError(f"port {self.port} is not between 1 and 65535")
        if self.max_body_bytes < 1:
            raise ServerError("the body size limit must be at least 1 byte")
        if not 1 <= self.max_page <= 10_000:
            raise ServerError("the page size limit must be between 1 and 10000")
        if self.query_timeout <= 0:
            raise ServerError("the query time limit must be more than 0 seconds")
        if self.cache_bytes < 0:
            raise ServerError("the cache size cannot be negative")
        if not 0 <= self.refresh_interval <= 60:
            raise ServerError("the refresh interval must be between 0 and 60 seconds")
        if self.max_chars < 1 or self.max_extract_items < 1:
            raise ServerError("the text and answer size limits must be at least 1")
        if self.work_timeout <= 0:
            raise ServerError("the extraction time limit must be more than 0 seconds")
        if self.max_waiting_writes < 1:
            raise ServerError("at least one post must be allowed to wait for the write thread")
        if self.max_waiting < 1:
            raise ServerError("at least one job must be allowed to wait for a thread")
        if self.read_threads < 1 or self.relations_threads < 1:
            raise ServerError("at least one read thread and one relations thread are needed")
