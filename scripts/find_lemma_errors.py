"""Find the inflected forms of realpolitik's verbs that spaCy's lemmatizer gets wrong.

The rule-based lemmatizer of the small English pipeline strips endings it should keep:
"hopes", "hoped" and "hoping" all become "hop", "staged" becomes "stag", "raped" "rap",
and it leaves some forms as they are ("deploring", "jeered"). A trigger or a modality cue
written as a lemma then never matches those forms. This script writes every such form of
the verbs the lexicons name, with the lemma it should have, to
``src/realpolitik/nlp/data/lemmas.csv``, which the ``realpolitik_lemmas`` pipeline
component (``nlp/lemmas.py``) reads.

Each verb of the trigger lexicon (``pos: VERB``) and of the modality cues (the lists
named ``*_verbs``) is put in regular inflections (``-s``, ``-ed``, ``-ing``) into the frame
"They ___ it today.". A form is written when the parser reads it as a verb but lemmatizes
it to something else, and the bare verb itself is read as a verb in the same frame (so
that adverbs and nouns in those lists, and made-up inflections, drop out); words the
lists hold inflected ("marched", "willing") are left out. Review the
output before committing it: a made-up form that never occurs in text does no harm, but
an irregular verb is better left to the lemmatizer.

Usage::

    python scripts/find_lemma_errors.py [--out src/realpolitik/nlp/data/lemmas.csv]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "realpolitik"
FRAME = "They {} it today."
SOURCE = "own: scripts/find_lemma_errors.py, spaCy {} on the frame 'They ___ it today.'"


def lexicon_verbs() -> set[str]:
    """The verbs the trigger lexicon and the modality cues name."""
    verbs: set[str] = set()
    triggers = yaml.safe_load((DATA / "events" / "data" / "triggers.yaml").read_text("utf-8"))
    for entry in triggers.get("triggers", []):
        lemmas = entry.get("lemmas")
        if entry.get("pos") == "VERB" and isinstance(lemmas, list):
            verbs.update(w for w in lemmas if isinstance(w, str) and w.isalpha())
    cues = yaml.safe_load((DATA / "events" / "data" / "modality.yaml").read_text("utf-8"))
    for key, words in cues.items():
        if key.endswith("_verbs"):
            verbs.update(w for w in words if isinstance(w, str) and w.isalpha())
    return verbs


def inflections(verb: str) -> set[str]:
    """Regular inflections of ``verb``: third person, past, gerund."""
    forms = {verb}
    consonant_y = verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou"
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(verb + "es")
    elif consonant_y:
        forms.add(verb[:-1] + "ies")
    else:
        forms.add(verb + "s")
    if verb.endswith("e"):
        forms.update({verb + "d", verb[:-1] + "ing"})
    elif consonant_y:
        forms.update({verb[:-1] + "ied", verb + "ing"})
    else:
        forms.update({verb + "ed", verb + "ing"})
    return forms


def lemma_errors(nlp: Any, verbs: set[str]) -> list[tuple[str, str, str]]:
    """``(form, lemma, spaCy's lemma)`` for each form read as a verb but lemmatized wrongly."""
    ordered = sorted(verbs)
    docs = nlp.pipe(FRAME.format(v) for v in ordered)
    bare = {verb: doc[1] for verb, doc in zip(ordered, docs, strict=True)}
    # a word the lists hold inflected ("marched", "prepared", "willing") is not a lemma
    verbal = {
        v for v, token in bare.items() if token.pos_ == "VERB" and not v.endswith(("ed", "ing"))
    }
    cases = [(verb, form) for verb in sorted(verbal) for form in sorted(inflections(verb))]
    found: dict[str, tuple[str, str, str]] = {}
    docs = nlp.pipe(FRAME.format(f) for _, f in cases)
    for (verb, form), doc in zip(cases, docs, strict=True):
        token = doc[1]
        if token.lower_ != form or token.pos_ not in ("VERB", "AUX"):
            continue
        if token.lemma_.lower() != verb:
            found.setdefault(form, (form, verb, token.lemma_))
    return sorted(found.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DATA / "nlp" / "data" / "lemmas.csv")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    import spacy

    from realpolitik.nlp.loader import load_pipeline

    nlp = load_pipeline()
    if "realpolitik_lemmas" in nlp.pipe_names:
        nlp.remove_pipe("realpolitik_lemmas")  # find spaCy's own errors, not the mended ones
    rows = lemma_errors(nlp, lexicon_verbs())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["form", "lemma", "spacy_lemma", "source"])
        for form, lemma, wrong in rows:
            writer.writerow([form, lemma, wrong, SOURCE.format(spacy.__version__)])
    print(f"{len(rows)} forms written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
