"""Everything the stages read, built once from the settings and handed to each stage.

:class:`Resources` holds the actor dictionary, the gazetteer, the event lexicon and the
modality cues, the materiel, amount, indicator and transfer lexicons, and the date
vocabulary and grammar. :func:`load_resources` builds them from the package's data files
and the user's dictionaries (``Settings.user_dictionaries``), so that a country a user
adds is an actor, a supplier, an indicator's country and a place alike; no stage looks
a lexicon up by itself.

Two pipelines with different dictionaries in one process each get their own resources.
The objects are shared read-only between the documents and threads of a pipeline.
Building them takes seconds (the gazetteer most), so they are cached, keyed by what they
are built from: the user files' paths with their size and modification time (a file
that changes gives new resources), and for the gazetteer the country names and capitals
that the actor dictionary adds. The tables built from the package's own data files
alone (``default_lexicon()``, ``default_gazetteer()``, ...) are pure functions of files
that do not change and stay cached per process; they are the resources when there are
no user files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .actors.lexicon import ActorLexicon, build_lexicon, default_lexicon
from .amounts.lexicon import (
    AmountLexicon,
    IndicatorLexicon,
    MaterielLexicon,
    TransferLexicon,
    build_amount_lexicon,
    build_indicator_lexicon,
    build_materiel_lexicon,
    build_transfer_lexicon,
    default_amount_lexicon,
    default_indicator_lexicon,
    default_materiel_lexicon,
    default_transfer_lexicon,
)
from .events.lexicon import EventLexicon, build_event_lexicon, default_event_lexicon
from .events.modality import ModalityCues, default_cues
from .when.grammar import Rule, grammar
from .when.vocabulary import Titles, Vocabulary, titles, vocabulary
from .where.gazetteer import Gazetteer, country_names, default_gazetteer, gazetteer_with

# A user file as a cache key: its path, size and modification time.
FileStamp = tuple[str, int, int]


@dataclass(frozen=True, eq=False)
class Resources:
    """The data every stage reads, for one set of user dictionaries (compared and hashed
    by identity: one object per set of files)."""

    user_files: tuple[Path, ...]
    actors: ActorLexicon
    gazetteer: Gazetteer
    events: EventLexicon
    cues: ModalityCues
    materiel: MaterielLexicon
    amounts: AmountLexicon
    indicators: IndicatorLexicon
    transfers: TransferLexicon
    dates: Vocabulary
    titles: Titles
    date_grammar: tuple[Rule, ...]


def load_resources(user_files: tuple[Path, ...] | list[Path] = ()) -> Resources:
    """The resources for the package's data and these user files (later files win)."""
    return _load(tuple(_stamp(Path(p)) for p in user_files))


def _stamp(path: Path) -> FileStamp:
    try:
        st = path.stat()
    except OSError:
        return (str(path), -1, -1)  # building reports the missing file
    return (str(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=8)
def _load(stamps: tuple[FileStamp, ...]) -> Resources:
    files = tuple(Path(path) for path, _, _ in stamps)
    if not files:
        actors = default_lexicon()
        return Resources(
            user_files=(),
            actors=actors,
            gazetteer=default_gazetteer(),
            events=default_event_lexicon(),
            cues=default_cues(),
            materiel=default_materiel_lexicon(),
            amounts=default_amount_lexicon(),
            indicators=default_indicator_lexicon(),
            transfers=default_transfer_lexicon(),
            dates=vocabulary(),
            titles=titles(),
            date_grammar=grammar(),
        )
    actors = build_lexicon(files)
    return Resources(
        user_files=files,
        actors=actors,
        gazetteer=gazetteer_with(*country_names(actors)),
        events=build_event_lexicon(files),
        cues=default_cues(),
        materiel=build_materiel_lexicon(files),
        amounts=build_amount_lexicon(files),
        indicators=build_indicator_lexicon(files),
        transfers=build_transfer_lexicon(files),
        dates=vocabulary(),
        titles=titles(),
        date_grammar=grammar(),
    )
