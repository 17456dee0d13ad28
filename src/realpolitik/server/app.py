"""The REST API of ``realpolitik serve``: ``create_app(settings)`` gives the FastAPI app.

Read endpoints answer from the store (``queries.py``), writes go through the pipeline and
``EventStore.write`` (``backend.py``); auth and limits are in ``security.py``. Every error
is JSON ``{"detail": "one line"}``, never a traceback. See ``docs/server.md``.

Why one module of about 630 lines: FastAPI declares each route's parameters in its
signature, so the routes' query parameters are spelled out here, one route after another.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..errors import InputError, RealpolitikError
from ..ingest import text as plain
from ..model import Document, check_date
from . import queries, workbench
from .backend import Backend, Busy, NotReady, QueryTimeout, WorkTimeout
from .schemas import (
    Blocs,
    Coverage,
    DeletedOut,
    DocumentOut,
    Dyad,
    EventDetail,
    EventPage,
    ExportRequest,
    Extraction,
    ExtractRequest,
    Health,
    IngestOut,
    IngestRequest,
    Names,
    Problem,
    RelationsOut,
    TransferPage,
)
from .security import BodyLimit, SecurityHeaders, allowed_hosts, one_line, token_guard
from .settings import ServerSettings

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from .worker import ExtractWorker

log = logging.getLogger("realpolitik.server")

By = Literal["day", "week", "month", "quarter", "year"]
Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[date | None, Query(description="YYYY-MM-DD")]
Period = Annotated[str | None, Query(max_length=40, description="2008, 2008-Q3, 2008-07, A..B")]
Merged = Annotated[bool, Query(description="one mention of each merged event")]
Sort = Annotated[str, Query(max_length=20, description="date, type, source, … (-: descending)")]
ExportFormat = Literal["csv", "json", "gdelt"]
ActorsQuery = Annotated[
    Literal["all", "state"],
    Query(description="all: every actor of a country; state: only events between governments"),
]

ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": Problem, "description": "a value the store cannot answer for"},
    401: {"model": Problem, "description": "a token is needed"},
    422: {"model": Problem, "description": "a parameter is malformed"},
    503: {
        "model": Problem,
        "description": "the query ran past the time limit, or too many queries wait",
    },
}
NOT_FOUND: dict[int | str, dict[str, object]] = {
    404: {"model": Problem, "description": "no such record"}
}

DESCRIPTION = """Political events read from news, and the relations between states they make.

Read endpoints are open on a loopback address; POST endpoints, and every endpoint on any
other address, need `Authorization: Bearer <token>` when the server has a token."""


JSON = "application/json"


def _encode(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode(
        "utf-8"
    )


def _problem(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def fetch_document(url: str, day: date | None, limit: int) -> Document:
    """The article at ``url`` (HTML or plain text); loopback and private hosts are refused."""
    from ..ingest.html import read_html
    from ..ingest.sources import SourceOptions, fetch, fetched_kind

    options = SourceOptions(allow_private=False, article_date=day, max_fetch_bytes=limit)
    fetched = fetch(url, options)
    kind = fetched_kind(fetched)
    if kind == "html":
        doc = read_html(fetched.data, url, url=fetched.url, article_date=day)
        if doc.date is not None:
            check_date(doc.date, url)
        return doc
    if kind == "text":
        return plain.make_document(plain.decode(fetched.data, url), url, article_date=day)
    what = "a feed" if kind == "feed" else f"{fetched.content_type or 'unknown'} content"
    raise InputError(f"{url}: {what} is not read by /ingest; use `realpolitik ingest`")


def event_filters(
    actor: Text = None,
    partner: Text = None,
    source: Text = None,
    target: Text = None,
    types: Annotated[list[str] | None, Query(alias="type", description="PLOVER")] = None,
    modalities: Annotated[list[str] | None, Query(alias="modality")] = None,
    since: Day = None,
    until: Day = None,
    place: Text = None,
    q: Text = None,
    merged: Merged = False,
    sort: Sort = "-date",
    actors: ActorsQuery = "all",
) -> queries.EventQuery:
    """The event table's filters, shared by ``/events`` and ``/export/events`` (a FastAPI
    dependency); a state's name stands for its code ("Syria": ``SYR``); ``actors=state``
    keeps the events whose both sides are governments, as for ``/dyads``. Paging is left
    at its defaults for the caller to set."""
    _check_span(since, until)
    return queries.EventQuery(
        actor=workbench.resolve(actor),
        partner=workbench.resolve(partner),
        source=workbench.resolve(source),
        target=workbench.resolve(target),
        types=tuple(types or ()),
        modalities=tuple(modalities or ()),
        since=since,
        until=until,
        place=place,
        q=q,
        merged=merged,
        sort=sort,
        actors=actors,
    )


EventFilters = Annotated[queries.EventQuery, Depends(event_filters)]


def _check_span(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and until < since:
        raise queries.QueryError(f"until ({until}) is before since ({since})")


def _span(since: date | None, until: date | None) -> str | None:
    if since is None and until is None:
        return None
    return f"{since.isoformat() if since else ''}..{until.isoformat() if until else ''}"


def _download(body: str, fmt: str, name: str) -> Response:
    return Response(
        body.encode("utf-8"),
        media_type=workbench.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _capped(found: dict[str, Any], most: int) -> dict[str, Any]:
    """``/extract``'s answer with at most ``most`` events, places and dates; when some were
    left out, ``truncated`` says how many there were of each."""
    totals = {k: len(v) for k, v in found.items() if isinstance(v, list)}
    if all(n <= most for n in totals.values()):
        return found
    capped = {k: v[:most] if isinstance(v, list) else v for k, v in found.items()}
    capped["truncated"] = {"limit": most, **totals}
    return capped


def _install_handlers(app: FastAPI, settings: ServerSettings) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _problem(422, one_line(list(exc.errors())))

    @app.exception_handler(QueryTimeout)
    async def too_slow(_: Request, exc: QueryTimeout) -> JSONResponse:
        return _problem(
            503,
            f"the query ran past the {settings.query_timeout:g} s limit and was stopped; "
            "narrow the filters or the period",
        )

    @app.exception_handler(WorkTimeout)
    async def work_too_slow(_: Request, exc: WorkTimeout) -> JSONResponse:
        return _problem(
            503,
            f"the extraction ran past the {settings.work_timeout:g} s limit of a post, or its "
            "client went away, and was stopped; send a shorter text",
        )

    @app.exception_handler(Busy)
    async def busy(_: Request, exc: Busy) -> JSONResponse:
        response = _problem(
            503,
            _first_line(exc)
            if exc.args
            else f"the server is busy: {settings.max_waiting} queries already wait; try again",
        )
        response.headers["Retry-After"] = "1"
        return response

    @app.exception_handler(NotReady)
    async def not_ready(_: Request, exc: NotReady) -> JSONResponse:
        return _problem(503, "the store is not open: the server is starting or stopping")

    @app.exception_handler(RealpolitikError)
    async def refused(_: Request, exc: RealpolitikError) -> JSONResponse:
        return _problem(400, _first_line(exc))

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception) -> JSONResponse:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return _problem(500, f"internal error ({type(exc).__name__}); see the server log")


def create_app(
    settings: ServerSettings,
    *,
    pipeline: Pipeline | None = None,
    worker: ExtractWorker | None = None,
) -> FastAPI:
    """The API of one store. Posts are coded in a worker process of the app's own
    (``worker.py``); ``worker`` (for tests) is one started elsewhere, and ``pipeline`` (for
    tests) runs in the server's write thread instead, saving a process and its loading."""
    settings.check()
    backend = Backend(settings, pipeline, worker)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(backend.open)
        try:
            yield
        finally:
            await run_in_threadpool(backend.close)

    app: FastAPI = FastAPIOffline(
        title="realpolitik",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        redoc_url=None,
        static_url="/docs-assets",  # Swagger UI's files, shipped by fastapi-offline: no CDN
        swagger_ui_parameters={"validatorUrl": None},  # no badge from validator.swagger.io
    )
    app.state.backend = backend
    app.state.settings = settings
    _install_handlers(app, settings)

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    # The chart library (1.1 MB) and large answers go compressed to browsers that take gzip.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    hosts = allowed_hosts(settings)
    if hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)  # outermost: on every answer, errors included

    async def answer(
        ask: Callable[..., Awaitable[Any]],
        fn: Callable[..., Any],
        *args: Hashable,
        missing: str = "not found",
    ) -> Response:
        """``fn``'s answer as JSON, from the cache while the store has not changed; ``404``
        with ``missing`` when ``fn`` finds nothing."""

        async def compute() -> bytes | None:
            found = await ask(fn, *args)
            return None if found is None else _encode(found)

        body = await backend.cached((fn, *args), compute)
        if body is None:
            return _problem(404, missing)
        return Response(body, media_type=JSON)

    read = [Depends(token_guard(settings, write=False))]
    write = [Depends(token_guard(settings, write=True))]
    index_html = settings.static_dir / "index.html"

    @app.get("/", include_in_schema=False, response_model=None)
    async def dashboard() -> Response:
        if not index_html.is_file():
            return PlainTextResponse(
                f"the dashboard is not installed ({index_html} is missing); the API is at /docs",
                status_code=503,
            )
        return FileResponse(index_html)

    if settings.static_dir.is_dir():
        app.mount("/static", StaticFiles(directory=settings.static_dir), name="static")

    @app.get("/health", response_model=Health, dependencies=read, responses=ERRORS)
    async def health() -> Response:
        """Whether the server is up, and how much the store holds."""
        return await answer(backend.read, queries.health)

    @app.get("/events", response_model=EventPage, dependencies=read, responses=ERRORS)
    async def list_events(
        filters: EventFilters,
        limit: Annotated[int, Query(ge=0)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> Response:
        """Events, newest first. ``actor`` is a code or a country (its code or its name:
        ``Syria`` is ``SYR``) on either side, ``partner`` on the other; ``q`` searches the
        evidence sentence; ``place`` is a place or country; ``merged`` keeps one mention of
        each merged event; ``sort`` is a column, ``-`` first for descending; ``actors=state``
        keeps only the events whose both sides are governments (as for ``/dyads``)."""
        if limit > settings.max_page:
            return _problem(422, f"limit: at most {settings.max_page} events a page")
        query = replace(filters, limit=limit, offset=offset)
        return await answer(backend.read, queries.events, query)

    @app.get(
        "/export/events",
        dependencies=read,
        responses=ERRORS | {200: {"content": {"text/csv": {}}}},
        response_model=None,
    )
    async def export_events(filters: EventFilters, format: ExportFormat = "csv") -> Response:
        """Every event ``GET /events`` lists for the same filters, as a file: ``csv`` (the
        columns of ``realpolitik export``), ``json`` (its JSON lines) or ``gdelt`` (GDELT 2.0
        rows of their merged events, tab-separated, with a header line)."""
        query = replace(filters, limit=0, offset=0)
        body = await backend.read(workbench.export_events, query, format)
        parts = [query.actor, query.partner, *query.types, *query.modalities, query.place]
        parts.append("governments" if query.actors == "state" else None)
        name = workbench.filename("events", format, [*parts, _span(query.since, query.until)])
        return _download(body, format, name)

    @app.get("/transfers", response_model=TransferPage, dependencies=read, responses=ERRORS)
    async def list_transfers(
        state: Text = None,
        since: Day = None,
        until: Day = None,
        limit: Annotated[int, Query(ge=0)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> Response:
        """Arms transfers (supplier → recipient, item, quantity, status, year, evidence),
        newest article first. ``state`` is the supplier or the recipient (a code or a name);
        ``since`` and ``until`` bound the article's date."""
        if limit > settings.max_page:
            return _problem(422, f"limit: at most {settings.max_page} transfers a page")
        _check_span(since, until)
        query = workbench.TransferQuery(state, since, until, limit, offset)
        return await answer(backend.read, workbench.transfers, query)

    @app.get(
        "/export/transfers",
        dependencies=read,
        responses=ERRORS | {200: {"content": {"text/csv": {}}}},
        response_model=None,
    )
    async def export_transfers(
        format: ExportFormat = "csv", state: Text = None, since: Day = None, until: Day = None
    ) -> Response:
        """Every transfer ``GET /transfers`` lists for the same filters, as ``csv`` (the
        columns of ``realpolitik export --table transfers``) or ``json`` (JSON lines)."""
        _check_span(since, until)
        query = workbench.TransferQuery(state, since, until)
        body = await backend.read(workbench.export_transfers, query, format)
        name = workbench.filename(
            "transfers", format, [workbench.resolve(state), _span(since, until)]
        )
        return _download(body, format, name)

    @app.get("/coverage", response_model=Coverage, dependencies=read, responses=ERRORS)
    async def coverage() -> Response:
        """The store's events month by month, and its first and last day."""
        return await answer(backend.read, workbench.coverage)

    @app.get("/names", response_model=Names, dependencies=read, responses=ERRORS)
    async def names() -> Response:
        """Country names, sector words and organisation names, to show beside codes."""
        return Response(_encode(workbench.names()), media_type=JSON)

    @app.get(
        "/events/{event_id}",
        response_model=EventDetail,
        dependencies=read,
        responses=ERRORS | NOT_FOUND,
    )
    async def one_event(event_id: str) -> Response:
        """One event with its evidence (offsets into its document) and its document."""
        missing = f"no event {event_id!r} in the store"
        return await answer(backend.read, queries.event, event_id, missing=missing)

    @app.get(
        "/documents/{doc_id:path}",
        response_model=DocumentOut,
        dependencies=read,
        responses=ERRORS | NOT_FOUND,
    )
    async def one_document(doc_id: str) -> Response:
        """A document's text and its events' offsets, by id (sha256) or the name it was
        stored under."""
        missing = f"no document {doc_id!r} in the store"
        return await answer(backend.read, queries.document, doc_id, missing=missing)

    @app.get("/dyads/{a}/{b}", response_model=Dyad, dependencies=read, responses=ERRORS)
    async def dyad(
        a: str,
        b: str,
        by: By = "month",
        since: Day = None,
        until: Day = None,
        actors: ActorsQuery = "all",
    ) -> Response:
        """A dyad's relation period by period; ``index`` holds the whole window's index and
        trend. ``a`` and ``b`` are countries (VEN) or actor codes (VENGOV). ``actors=state``
        counts only the events whose both sides are governments (GOV, MIL, LEG, JUD, COP, SPY
        or the bare country)."""
        window = queries.window(since, until)
        return await answer(backend.relate, queries.dyad, a, b, by, window, actors)

    @app.get("/blocs", response_model=Blocs, dependencies=read, responses=ERRORS)
    async def blocs(
        period: Period = None,
        since: Day = None,
        until: Day = None,
        min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        actors: ActorsQuery = "all",
    ) -> Response:
        """Alignment blocs by signed modularity, and the edges they were found from."""
        window = queries.window(since, until, period)
        return await answer(backend.relate, queries.blocs, window, min_events, actors)

    @app.get(
        "/relations/{actor}",
        response_model=RelationsOut,
        dependencies=read,
        responses=ERRORS | NOT_FOUND,
    )
    async def relations_of(
        actor: str,
        period: Period = None,
        since: Day = None,
        until: Day = None,
        actors: ActorsQuery = "all",
    ) -> Response:
        """An actor's relation with every state it has events with (for a map);
        ``actors=state``: governments only, as for ``/dyads``."""
        from ..relations.api import RelationsError

        window = queries.window(since, until, period)
        try:
            return await answer(backend.relate, queries.relations_of, actor, window, actors)
        except RelationsError as exc:
            return _problem(404, _first_line(exc))

    @app.get(
        "/brief",
        dependencies=read,
        responses=ERRORS | {200: {"content": {"text/markdown": {}}}},
        response_model=None,
    )
    async def brief(
        since: Day = None,
        until: Day = None,
        actor: Text = None,
        format: Literal["json", "markdown"] = "json",
        actors: ActorsQuery = "all",
    ) -> Response:
        """What changed since a day (default: the store's last 30 days), with evidence;
        ``actors=state``: only the events between governments, as for ``/dyads``."""

        async def compute() -> bytes:
            data, markdown = await backend.relate(queries.brief, since, until, actor, actors)
            return markdown.encode("utf-8") if format == "markdown" else _encode(data)

        key = (queries.brief, since, until, actor, format, actors)
        body = await backend.cached(key, compute)
        media = "text/markdown; charset=utf-8" if format == "markdown" else JSON
        return Response(body, media_type=media)

    @app.post("/extract", response_model=Extraction, dependencies=write, responses=ERRORS)
    async def extract(body: ExtractRequest, request: Request) -> Response:
        """Code a text and answer its events, places and dates; nothing is stored. Offsets
        point into the text as posted. A text over the server's ``--max-chars`` is refused
        (``413``); past ``--max-items`` events (places, dates) the rest are counted in
        ``truncated``, not sent."""
        if len(body.text) > settings.max_chars:
            return _too_long(len(body.text))
        _, _, shift = plain.split_header(body.text)
        doc = plain.make_document(body.text, "-", article_date=body.date, title=body.title)
        found = await backend.extraction(doc, shift, gone=request.is_disconnected)
        return Response(_encode(_capped(found, settings.max_extract_items)), media_type=JSON)

    def _too_long(n: int) -> JSONResponse:
        return _problem(
            413,
            f"the text has {n:,} characters, over the {settings.max_chars:,} a post may have "
            "on this server; send it in parts (or start the server with a larger --max-chars)",
        )

    @app.post("/ingest", response_model=IngestOut, dependencies=write, responses=ERRORS)
    async def ingest(body: IngestRequest, request: Request) -> Response:
        """Code a text and store it; the same text again changes nothing (``new`` false)."""
        if body.text is None:
            if not body.url:
                return _problem(422, "text: give the text (or a url, when fetching is on)")
            if not settings.allow_fetch:
                return _problem(
                    403,
                    "the server does not fetch URLs: post the text, or start it with --allow-fetch",
                )
            doc = await run_in_threadpool(
                fetch_document, body.url, body.date, settings.max_body_bytes
            )
        else:
            name = body.name or body.url or "api:" + Document("-", body.text).content_hash[:16]
            doc = plain.make_document(body.text, name, article_date=body.date)
        doc = replace(
            doc,
            title=body.title or doc.title,
            source=body.source or doc.source,
            url=body.url or doc.url,
        )
        if len(doc.text) > settings.max_chars:
            return _too_long(len(doc.text))
        done = await backend.ingest(doc, gone=request.is_disconnected)
        return JSONResponse({"doc_id": done.doc_id, "new": done.new, "events": done.events})

    @app.delete(
        "/documents/{doc_id:path}",
        response_model=DeletedOut,
        dependencies=write,
        responses=ERRORS,
    )
    async def delete_document(doc_id: str) -> JSONResponse:
        """Remove a document (by id or the name it was stored under) with its events,
        transfers, indicators and places; merged events are updated. Deleting what is not
        in the store removes nothing (all counts 0)."""
        removed = await backend.delete(doc_id)
        return JSONResponse(removed.to_dict())

    @app.post("/store/export", dependencies=write, responses=ERRORS, response_model=None)
    async def store_export(body: ExportRequest) -> Response:
        """What ``realpolitik export`` writes for the same options, streamed as it is
        written (the CLI sends its export here while the server holds the store)."""
        from .bulk import ExportSpec, export_chunks

        spec = ExportSpec(
            **body.model_dump() | {"types": tuple(body.types), "modalities": tuple(body.modalities)}
        )
        chunks = export_chunks(await run_in_threadpool(backend.new_cursor), spec)
        first = await run_in_threadpool(next, chunks, b"")  # a bad option: 400, not a cut stream

        def rest() -> Iterator[bytes]:
            yield first
            yield from chunks

        media = "application/octet-stream" if spec.format == "parquet" else "text/plain"
        return StreamingResponse(rest(), media_type=f"{media}; charset=utf-8")

    @app.get("/store/brief", dependencies=read, responses=ERRORS, response_model=None)
    async def store_brief(
        since: date,
        until: Day = None,
        actor: Text = None,
        top: Annotated[int, Query(ge=1, le=100)] = 5,
        format: Literal["json", "markdown"] = "markdown",
        actors: ActorsQuery = "all",
    ) -> Response:
        """``realpolitik brief``'s output for the same options, as it writes it."""
        from .bulk import brief_text

        queries.check_days(since, until)
        text = await backend.relate(brief_text, since, until, actor, top, format, actors)
        return Response(text.encode("utf-8"), media_type="text/plain; charset=utf-8")

    return app
