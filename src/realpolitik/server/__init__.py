"""The REST API and dashboard of ``realpolitik serve`` (``docs/server.md``).

>>> from pathlib import Path
>>> from realpolitik.server import ServerSettings, create_app
>>> app = create_app(ServerSettings(db=Path("events.duckdb")))  # doctest: +SKIP

FastAPI loads when ``create_app`` is first used, so that the CLI starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .settings import ServerSettings, is_loopback

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["ServerSettings", "create_app", "is_loopback"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
