"""Who may ask, and how much: the bearer token, the body size limit, the Host check and
the headers every answer carries (``SecurityHeaders``)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import HTTPException, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .settings import ServerSettings

bearer = HTTPBearer(
    auto_error=False,
    description="The server's token (--token or $REALPOLITIK_TOKEN), as `Bearer <token>`.",
)

Guard = Callable[[HTTPAuthorizationCredentials | None], Awaitable[None]]


def token_guard(settings: ServerSettings, *, write: bool) -> Guard:
    """A dependency that wants the token: always for writes, for reads off loopback. The
    run's own token (``settings.run_token``, for the CLI on the same store) is taken too."""
    token = settings.token
    needed = token is not None and (write or not settings.loopback)
    accepted = [t.encode("utf-8") for t in (token, settings.run_token) if t]

    async def guard(
        credentials: HTTPAuthorizationCredentials | None = Security(bearer),  # noqa: B008
    ) -> None:
        if not needed or token is None:
            return
        given = (credentials.credentials if credentials is not None else "").encode("utf-8")
        if not any([hmac.compare_digest(given, t) for t in accepted]):
            raise HTTPException(
                status_code=401,
                detail="a valid token is needed: send the header Authorization: Bearer <token>",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return guard


def allowed_hosts(settings: ServerSettings) -> list[str] | None:
    """Host headers a loopback server answers (so that a web page cannot reach it through
    DNS rebinding); ``None`` (any) off loopback, where the token guards every endpoint."""
    if not settings.loopback:
        return None
    return sorted({"localhost", "127.0.0.1", "::1", "[::1]", settings.host.strip("[]")})


async def _send_json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes is answered ``413``, whether
    its ``Content-Length`` says so or the bytes (chunked) run over while it is read."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def _detail(self) -> str:
        return (
            f"the request body is over the {self.limit:,} byte limit; send a shorter text "
            "(or start the server with a larger --max-body)"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, bytes] = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _send_json(send, 400, "the Content-Length header is not a number")
                return
            if declared > self.limit:
                await _send_json(send, 413, self._detail())
                return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:  # FastAPI passes an HTTPException on as it is
                    raise HTTPException(status_code=413, detail=self._detail())
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except HTTPException as exc:
            if exc.status_code != 413 or started:
                raise
            await _send_json(send, 413, self._detail())


# The dashboard loads its scripts and styles from /static only (no inline script, no
# eval); ECharts writes style attributes in its tooltips, hence 'unsafe-inline' for styles
# alone. No page may frame the server's (frame-ancestors, X-Frame-Options).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI (/docs) starts from an inline script that FastAPI writes.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect")


class SecurityHeaders:
    """ASGI middleware: every answer, errors included, says ``nosniff``, may not be framed,
    and carries the Content-Security-Policy the dashboard keeps (``CSP``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CSP if scope.get("path") in DOCS_PATHS else CSP
        extra = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"content-security-policy", policy.encode("ascii")),
            (b"referrer-policy", b"no-referrer"),
        ]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = dict(message)
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in extra if k not in names),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def one_line(errors: list[Any]) -> str:
    """The first of a validation error's problems as one line: where, then what."""
    if not errors:
        return "invalid request"
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "request"
    message = str(first.get("msg", "invalid value")).splitlines()[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {message}{more}"
