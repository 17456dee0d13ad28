"""Issue 16: dates an event takes from its article when its own clause has none
(``when/context.py``): an earlier mention of the same event, the lead's event said again
later with its date, "since then". Every sentence here is written for the test."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from realpolitik.model import Document
from realpolitik.pipeline import Pipeline

ARTICLE_DATE = date(2019, 6, 20)


def dates(pipeline: Pipeline, text: str, word: str) -> list[dict[str, Any]]:
    """The dates of the events whose trigger is ``word``, in text order."""
    result = next(iter(pipeline.run([Document(doc_id="t", text=text, date=ARTICLE_DATE)])))
    found = [
        e.date
        for e in sorted(result.events, key=lambda e: e.evidence.start)
        if text[e.evidence.start : e.evidence.end] == word and e.date is not None
    ]
    assert found, f"no event {word!r} in {text!r}"
    return found


@pytest.mark.parametrize(
    "text",
    [
        "Rebels shelled the town of Tarsa on 4 May, the army said. The shelling destroyed "
        "a school.",
        "Rebels shelled the town of Tarsa on 4 May. Aid workers arrived after the shelling "
        "of Tarsa.",
    ],
)
def test_the_event_said_again_takes_its_date(pipeline: Pipeline, text: str) -> None:
    (date_,) = dates(pipeline, text, "shelling")
    assert date_ == {
        "text": "4 May",
        "value": "2019-05-04",
        "precision": "day",
        "source": "context",
    }


def test_a_possessive_event_noun_takes_its_date(pipeline: Pipeline) -> None:
    text = "Police arrested the opposition leader Ana Ruiz on 12 March. Her arrest drew protests."
    assert dates(pipeline, text, "arrest")[-1]["value"] == "2019-03-12"


@pytest.mark.parametrize(
    "text,word",
    [
        # another event of the kind, not the one said before
        (
            "Police arrested the opposition leader Ana Ruiz on 12 March. The next arrest "
            "came weeks later.",
            "arrest",
        ),
        # a habit told in the present, not the event
        (
            "Rebels shelled the town of Tarsa on 4 May, the army said. The government rarely "
            "comments on the shelling.",
            "shelling",
        ),
        # the noun names a participant the earlier sentence does not
        (
            "Rebels shelled the town of Tarsa on 4 May. Aid workers arrived after the "
            "shelling of Homs.",
            "shelling",
        ),
        # too far back to be sure it is the same event
        (
            "Rebels shelled the town of Tarsa on 4 May. The talks broke down. The mayor left. "
            "The road closed. Aid workers said the shelling destroyed a school.",
            "shelling",
        ),
    ],
)
def test_not_the_same_event(pipeline: Pipeline, text: str, word: str) -> None:
    assert dates(pipeline, text, word)[-1]["source"] == "article"


def test_the_lead_event_takes_the_date_said_later(pipeline: Pipeline) -> None:
    text = (
        "Car bombings outside two ministries in Lagos killed 30 people. The bombings happened "
        "on Tuesday morning, police said."
    )
    lead, later = dates(pipeline, text, "bombings")
    assert later["source"] == "clause"
    assert lead == {**later, "source": "context"}
    assert lead["value"] == "2019-06-18"


def test_since_then_starts_at_the_date_before(pipeline: Pipeline) -> None:
    text = (
        "The naval blockade of the port began in 2011. Since then, the navy has seized "
        "40 ships from Iran."
    )
    (date_,) = dates(pipeline, text, "seized")
    assert date_ == {
        "text": "Since then",
        "value": "2011/..",
        "precision": "range",
        "source": "context",
    }


def test_at_the_same_time_is_not_the_date_before(pipeline: Pipeline) -> None:
    text = (
        "The naval blockade of the port began in 2011. At the same time, the navy seized "
        "40 ships from Iran."
    )
    assert dates(pipeline, text, "seized")[0]["source"] == "article"
