"""A pipeline component: mend the lemmas spaCy gets wrong for the lexicons' verbs.

The small English pipeline's rule-based lemmatizer turns "hopes", "hoped" and "hoping" into
"hop", "staged" into "stag" and "raped" into "rap", and leaves "deploring" or "jeered" as
they are, so that a trigger or a modality cue written as a lemma never sees them. The
forms and their right lemmas are data (``data/lemmas.csv``), found by
``scripts/find_lemma_errors.py``; only tokens read as verbs are mended.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language

COMPONENT = "realpolitik_lemmas"
VERBAL = frozenset({"VERB", "AUX"})


@lru_cache(maxsize=1)
def lemma_fixes() -> dict[str, str]:
    """Inflected form (lower case) -> its lemma, for the forms spaCy gets wrong."""
    text = resources.files("realpolitik.nlp").joinpath("data", "lemmas.csv").read_text("utf-8")
    return {row["form"]: row["lemma"] for row in csv.DictReader(io.StringIO(text))}


@Language.component(COMPONENT)
def mend_lemmas(doc: Any) -> Any:
    """Give each verb whose form is in the table its right lemma."""
    fixes = lemma_fixes()
    for token in doc:
        lemma = fixes.get(token.lower_)
        if lemma is not None and token.pos_ in VERBAL:
            token.lemma_ = lemma
    return doc
