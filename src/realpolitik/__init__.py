"""realpolitik: political event data and relations between states, read from news.

>>> import realpolitik
>>> result = realpolitik.extract("Russia and China signed a treaty in Moscow.")
>>> [(e.type, e.cameo) for e in result.events]  # doctest: +SKIP
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from .model import Actor, Document, DocumentResult, Entity, Event, Evidence, Timex, Toponym

if TYPE_CHECKING:
    from .pipeline import Pipeline

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Document",
    "DocumentResult",
    "Entity",
    "Event",
    "Evidence",
    "Timex",
    "Toponym",
    "__version__",
    "default_pipeline",
    "extract",
]


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The default pipeline, loaded once per process."""
    from .pipeline import Pipeline

    return Pipeline.load()


def extract(text: str, *, article_date: date | None = None, doc_id: str = "-") -> DocumentResult:
    """Code the events in one text with the default pipeline."""
    return default_pipeline().extract(text, doc_id=doc_id, article_date=article_date)
