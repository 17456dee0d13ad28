"""``realpolitik eval``: score the pipeline against evalset/1 gold files."""

from realpolitik.evaluate.evalset import (
    EvalRecord,
    EvalsetError,
    iter_evalset,
    parse_record,
    read_evalset,
)
from realpolitik.evaluate.realnews import realnews_figures, realnews_half, score_realnews
from realpolitik.evaluate.runner import (
    DATASET_SCORERS,
    LAYER_SCORERS,
    Extractor,
    evaluate,
    evaluate_many,
    format_report,
    score,
)
from realpolitik.evaluate.scorers import (
    CAMEO_TO_ISO3,
    date_value_matches,
    normalise_country,
    score_cameo,
    score_entities,
    score_event_actors,
    score_event_dates,
    score_event_modality,
    score_event_types,
    score_places,
    score_timexes,
)

__all__ = [
    "CAMEO_TO_ISO3",
    "DATASET_SCORERS",
    "LAYER_SCORERS",
    "EvalRecord",
    "EvalsetError",
    "Extractor",
    "date_value_matches",
    "evaluate",
    "evaluate_many",
    "format_report",
    "iter_evalset",
    "normalise_country",
    "parse_record",
    "read_evalset",
    "realnews_figures",
    "realnews_half",
    "score",
    "score_cameo",
    "score_entities",
    "score_event_actors",
    "score_event_dates",
    "score_event_modality",
    "score_event_types",
    "score_places",
    "score_realnews",
    "score_timexes",
]
