"""realpolitik.when: temporal expressions, event dates and the date window of undated articles."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from realpolitik.actors.lexicon import ActorLexicon, default_lexicon
from realpolitik.model import DateWindow, Timex
from realpolitik.nlp.loader import load_pipeline
from realpolitik.when import WhenTimex, event_date, find_timexes, infer_date_window
from realpolitik.when import calendar as cal
from realpolitik.when.timexes import shift_value
from realpolitik.when.undated import fix_by_window, window_value

THURSDAY = date(2008, 7, 24)  # ISO week 2008-W30


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_pipeline()


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return default_lexicon()


def timexes(nlp: Any, text: str, day: date | None = THURSDAY) -> list[Timex]:
    return find_timexes(nlp(text), day)


def one(nlp: Any, text: str, day: date | None = THURSDAY) -> Timex:
    found = timexes(nlp, text, day)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


def values(nlp: Any, text: str, day: date | None = THURSDAY) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in timexes(nlp, text, day)]


def dated(nlp: Any, text: str, word: str) -> dict[str, Any] | None:
    """The date ``event_date`` gives the event at ``word`` of ``text``, said on THURSDAY."""
    doc = nlp(text)
    return event_date(token(doc, word), find_timexes(doc, THURSDAY), THURSDAY)


def token(doc: Any, word: str) -> Any:
    return next(t for t in doc if t.text == word)


# --------------------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed on July 22, 2008.",
        "The treaty was signed on 22 July 2008.",
        "The treaty was signed on 2008-07-22.",
        "The treaty was signed on the 22nd of July, 2008.",
        "The treaty was signed on July 22nd, 2008.",
        "The treaty was signed on Tuesday, July 22, 2008.",
    ],
)
def test_absolute_day_formats(nlp: Any, text: str) -> None:
    t = one(nlp, text, date(2010, 1, 1))
    assert (t.type, t.value, t.precision) == ("DATE", "2008-07-22", "day")
    assert "22" in t.text


def test_absolute_dates_need_no_article_date(nlp: Any) -> None:
    found = values(nlp, "Talks opened on July 22, 2008, and trade grew in 2007.", None)
    assert found == [("July 22, 2008", "2008-07-22"), ("2007", "2007")]


def test_month_and_year(nlp: Any) -> None:
    t = one(nlp, "Russia delivered the jets in March 2008.")
    assert (t.value, t.precision) == ("2008-03", "month")


def test_abbreviated_month_with_period(nlp: Any) -> None:
    t = one(nlp, "The offer expired Sept. 30, 1989.", date(1989, 10, 26))
    assert t.text == "Sept. 30, 1989" and t.value == "1989-09-30"


@pytest.mark.parametrize("text", ["on the 5th of May", "on May 5th", "on 5th May", "on May 5"])
def test_ordinal_day_formats(nlp: Any, text: str) -> None:
    t = one(nlp, f"The ministers met {text}.")
    assert (t.value, t.precision) == ("2008-05-05", "day")


def test_day_after_month_and_day(nlp: Any) -> None:
    assert values(nlp, "The summit was held on April 24 and 25.", date(1999, 5, 2)) == [
        ("April 24", "1999-04-24"),
        ("25", "1999-04-25"),
    ]


# --------------------------------------------------------------------------- day and month alone


def test_bare_day_month_takes_the_article_year(nlp: Any) -> None:
    assert one(nlp, "The army attacked on January 2.", date(2008, 1, 5)).value == "2008-01-02"


def test_date_after_the_article_date_is_last_years(nlp: Any) -> None:
    # The trap: December 30 read in an article of January 5 lies in the past.
    t = one(nlp, "On December 30 the army attacked the town.", date(2008, 1, 5))
    assert t.value == "2007-12-30"


def test_date_a_few_days_ahead_stays_in_the_article_year(nlp: Any) -> None:
    assert one(nlp, "The ministers met on January 9.", date(2008, 1, 5)).value == "2008-01-09"


def test_future_clause_takes_the_next_occurrence(nlp: Any) -> None:
    t = one(nlp, "The ministers will meet again on January 3.", date(2008, 12, 20))
    assert t.value == "2009-01-03"


def test_date_without_tense_takes_the_nearest_year(nlp: Any) -> None:
    # A deadline in a noun phrase: nearest reading, not last year's.
    t = one(nlp, "He gave no reason for the Jan. 14 deadline.", date(2000, 1, 5))
    assert t.value == "2000-01-14"


# --------------------------------------------------------------------------- weekdays and relatives


def test_weekday_is_the_latest_such_day_in_a_past_clause(nlp: Any) -> None:
    assert one(nlp, "The ministers met on Tuesday.").value == "2008-07-22"
    assert one(nlp, "The ministers met on Thursday.").value == "2008-07-24"


def test_weekday_in_a_future_clause_is_the_next(nlp: Any) -> None:
    assert one(nlp, "The ministers will meet on Tuesday.").value == "2008-07-29"


def test_last_and_next_weekday(nlp: Any) -> None:
    assert one(nlp, "They met last Friday.").value == "2008-07-18"
    assert one(nlp, "They meet next Thursday.").value == "2008-07-31"


def test_today_yesterday_tomorrow(nlp: Any) -> None:
    text = "Troops left yesterday, aid arrives today and talks resume tomorrow."
    assert values(nlp, text) == [
        ("yesterday", "2008-07-23"),
        ("today", "2008-07-24"),
        ("tomorrow", "2008-07-25"),
    ]


def test_relative_weeks_months_years(nlp: Any) -> None:
    found = timexes(
        nlp,
        "They talked last week and last month; they meet again next month. "
        "Trade fell last year and will grow this year.",
    )
    got = [(t.text, t.value, t.precision) for t in found]
    assert got == [
        ("last week", "2008-W29", "week"),
        ("last month", "2008-06", "month"),
        ("next month", "2008-08", "month"),
        ("last year", "2007", "year"),
        ("this year", "2008", "year"),
    ]


def test_last_month_name_skips_the_month_just_ended(nlp: Any) -> None:
    """ "last June" said in July is the June a year before (the one just ended is
    "last month"); an earlier month of the year is this year's; "last December" said in
    January is the December just ended, already last year's."""
    assert one(nlp, "The port was shelled last June.").value == "2007-06"
    assert one(nlp, "The port was shelled last July.").value == "2007-07"
    assert one(nlp, "The port was shelled last May.").value == "2008-05"
    assert one(nlp, "The port was shelled last December.", date(2009, 1, 20)).value == "2008-12"
    assert one(nlp, "The port was shelled in June.").value == "2008-06"


def test_years_ago(nlp: Any) -> None:
    t = one(nlp, "The base closed three years ago.")
    assert (t.value, t.precision) == ("2005", "year")


def test_later_counts_from_the_date_last_mentioned(nlp: Any) -> None:
    found = values(nlp, "The war began in 1990. Two years later, the two sides signed a truce.")
    assert found == [("1990", "1990"), ("Two years later", "1992")]


def test_no_article_date_leaves_relative_values_unknown(nlp: Any) -> None:
    found = timexes(
        nlp, "Troops left yesterday. They met on Tuesday, last year and on July 22.", None
    )
    assert [t.text for t in found] == ["yesterday", "Tuesday", "last year", "July 22"]
    assert all(t.value is None for t in found)
    assert found[2].precision == "year"


# --------------------------------------------------------------------------- years, decades, ranges


def test_in_a_year(nlp: Any) -> None:
    t = one(nlp, "Russia sold tanks to Venezuela in 2007.")
    assert (t.text, t.value, t.precision) == ("2007", "2007", "year")


def test_decade(nlp: Any) -> None:
    t = one(nlp, "Trade collapsed in the 1990s.")
    assert (t.value, t.precision) == ("199X", "decade")


def test_early_and_late_modify(nlp: Any) -> None:
    found = timexes(nlp, "Talks began in early 2008 and ended in the late 1990s.")
    assert [(t.value, getattr(t, "mod", None)) for t in found] == [
        ("2008", "START"),
        ("199X", "END"),
    ]


def test_since_is_an_open_interval(nlp: Any) -> None:
    t = one(nlp, "Turkish instructors have trained Azerbaijani officers since 2010.")
    assert (t.text, t.value, t.precision) == ("since 2010", "2010/..", "range")


def test_by_is_as_of(nlp: Any) -> None:
    t = one(nlp, "By 2007, bilateral trade had reached 1 billion dollars.", None)
    assert (t.value, t.precision) == ("2007", "year")
    assert isinstance(t, WhenTimex) and t.as_of and t.mod == "ON_OR_BEFORE"
    assert t.to_dict()["mod"] == "ON_OR_BEFORE"


def test_between_is_an_interval(nlp: Any) -> None:
    t = one(nlp, "Exports doubled between 2001 and 2003.")
    assert (t.text, t.value, t.precision) == ("between 2001 and 2003", "2001/2003", "range")


def test_interval_lends_its_year(nlp: Any) -> None:
    t = one(nlp, "The talks ran from May to July 2008.", date(2010, 1, 1))
    assert t.value == "2008-05/2008-07"


def test_counts_are_not_years(nlp: Any) -> None:
    assert values(nlp, "Some 2000 troops and 2,000 tanks arrived in 1990.") == [("1990", "1990")]


def test_quarter(nlp: Any) -> None:
    t = one(nlp, "Profit fell in the third quarter.", date(1989, 10, 26))
    assert (t.value, t.precision) == ("1989-Q3", "range")


# --------------------------------------------------------------------------- types


def test_duration_set_and_time(nlp: Any) -> None:
    found = timexes(nlp, "The talks lasted three years; the envoys meet every week at 10 a.m.")
    assert [(t.text, t.type, t.value) for t in found] == [
        ("three years", "DURATION", "P3Y"),
        ("every week", "SET", "P1W"),
        ("10 a.m.", "TIME", "2008-07-24"),
    ]


def test_time_of_day_takes_the_day_beside_it(nlp: Any) -> None:
    found = timexes(nlp, "The vote opens at 9 a.m. Tuesday.")
    assert [(t.type, t.value) for t in found] == [("TIME", "2008-07-22"), ("DATE", "2008-07-22")]


def test_ages_are_not_timexes(nlp: Any) -> None:
    assert timexes(nlp, "A 6-year-old boy was wounded.") == []


# --------------------------------------------------------------------------- May and March


def test_may_the_modal_is_no_timex(nlp: Any) -> None:
    assert timexes(nlp, "Russia may sign the treaty.") == []


def test_may_the_month(nlp: Any) -> None:
    t = one(nlp, "Russia may sign the treaty in May.")
    assert (t.text, t.value, t.precision) == ("May", "2008-05", "month")


def test_march_the_verb_is_no_timex(nlp: Any) -> None:
    found = timexes(nlp, "Thousands march through Moscow every year in March.")
    assert [(t.text, t.type) for t in found] == [("every year", "SET"), ("March", "DATE")]
    assert found[1].value == "2008-03"


def test_march_as_a_modifier(nlp: Any) -> None:
    t = one(nlp, "The March accession enabled the three countries to join.", date(1999, 5, 10))
    assert t.value == "1999-03"


def test_month_names_in_person_names_are_not_dates(nlp: Any) -> None:
    assert timexes(nlp, "Ambassador April Glaspie met Saddam Hussein.") == []


def test_reference_words(nlp: Any) -> None:
    found = timexes(nlp, "Russia is now the largest supplier.")
    assert [(t.text, t.value) for t in found] == [("now", "PRESENT_REF")]


# --------------------------------------------------------------------------- calendar


def test_calendar_helpers() -> None:
    assert cal.resolve_weekday(1, THURSDAY, "past") == date(2008, 7, 22)
    assert cal.resolve_weekday(1, THURSDAY, "future") == date(2008, 7, 29)
    assert cal.resolve_weekday(3, THURSDAY, "past", strict=True) == date(2008, 7, 17)
    assert cal.resolve_day_month(12, 30, date(2008, 1, 5), "past") == date(2007, 12, 30)
    assert cal.resolve_day_month(2, 30, date(2008, 1, 5)) is None
    assert cal.resolve_month(12, date(2008, 1, 5), "present") == (2007, 12)
    assert cal.resolve_month(2, date(2008, 12, 5), "present") == (2009, 2)
    assert cal.week_value(date(1998, 8, 7)) == "1998-W32"
    assert shift_value("1989-Q3", "year", -1) == ("1988-Q3", "range")
    assert shift_value("1990", "day", 2) is None


# --------------------------------------------------------------------------- event dates


def test_event_date_from_its_clause(nlp: Any) -> None:
    doc = nlp("The ministers met on Tuesday and agreed to resume talks.")
    found = find_timexes(doc, THURSDAY)
    got = event_date(token(doc, "met"), found, THURSDAY)
    assert got == {"text": "Tuesday", "value": "2008-07-22", "precision": "day", "source": "clause"}
    # "resume" is an xcomp of "agreed", itself conjoined to "met": two steps up.
    assert event_date(token(doc, "resume"), found, THURSDAY)["value"] == "2008-07-22"


def test_event_date_of_a_noun_trigger(nlp: Any) -> None:
    doc = nlp("Tuesday's meeting in Moscow was cancelled. The July 2 summit failed.")
    found = find_timexes(doc, THURSDAY)
    assert event_date(token(doc, "meeting"), found, THURSDAY)["value"] == "2008-07-22"
    assert event_date(token(doc, "summit"), found, THURSDAY)["text"] == "July 2"


def test_event_date_falls_back_to_the_article(nlp: Any) -> None:
    doc = nlp("Russia condemned the decision.")
    got = event_date(token(doc, "condemned"), find_timexes(doc, THURSDAY), THURSDAY)
    assert got == {"text": None, "value": "2008-07-24", "precision": "day", "source": "article"}
    assert event_date(token(doc, "condemned"), find_timexes(doc, None), None) is None


def test_event_date_ignores_dates_of_other_clauses(nlp: Any) -> None:
    got = dated(nlp, "The treaty, which was signed in 1997, was renewed by Russia.", "renewed")
    assert got is not None and got["source"] == "article"
    got = dated(nlp, "Russia signed the 1997 treaty.", "signed")
    assert got is not None and got["source"] == "article"


def test_event_date_as_of(nlp: Any) -> None:
    doc = nlp("By 2007, bilateral trade had reached 1 billion dollars.")
    got = event_date(token(doc, "reached"), find_timexes(doc, None), None)
    assert got == {
        "text": "By 2007",
        "value": "2007",
        "precision": "year",
        "source": "clause",
        "mod": "ON_OR_BEFORE",
    }


# --------------------------------------------------------------------------- date windows

FOUNDING = (
    "Venezuelan President Hugo Chávez met in Moscow with President Dimitri Medvédev and "
    "Prime Minister Vladimir Putin. By 2007, bilateral trade between Russia and Venezuela "
    "had reached 1 billion dollars. Russia resents the Bush administration’s encouragement "
    "to Georgia to join NATO."
)


def test_window_of_the_founding_article(nlp: Any, lexicon: ActorLexicon) -> None:
    window = infer_date_window(nlp(FOUNDING), lexicon)
    assert window is not None and window.start is not None and window.end is not None
    assert date(2008, 5, 1) <= window.start <= window.end <= date(2009, 1, 31)
    assert (window.start, window.end) == (date(2008, 5, 8), date(2009, 1, 20))
    reasons = " | ".join(window.reasons)
    assert "Dmitry Medvedev was President of RUS from 2008-05-07" in reasons
    assert "Vladimir Putin was Prime Minister of RUS" in reasons
    assert "George W. Bush was President of USA" in reasons
    assert "Hugo Chávez" in reasons and "By 2007" in reasons
    assert window.to_dict()["start"] == "2008-05-08"


def test_window_from_a_year_alone(nlp: Any, lexicon: ActorLexicon) -> None:
    window = infer_date_window(nlp("By 2007, trade had reached 1 billion dollars."), lexicon)
    assert window is not None and window.start == date(2007, 1, 1) and window.end is None


def test_window_ignores_future_years_and_no_clues(nlp: Any, lexicon: ActorLexicon) -> None:
    assert infer_date_window(nlp("Trade will double by 2015."), lexicon) is None
    assert infer_date_window(nlp("Russia sold tanks to Venezuela."), lexicon) is None


def test_window_ignores_former_office_holders(nlp: Any, lexicon: ActorLexicon) -> None:
    text = "Former President Bill Clinton met Prime Minister Vladimir Putin."
    window = infer_date_window(nlp(text), lexicon)
    assert window is not None
    assert not any("Clinton" in r for r in window.reasons)
    assert window.start == date(1999, 8, 9)


def test_window_ignores_a_title_the_person_never_held(nlp: Any, lexicon: ActorLexicon) -> None:
    assert infer_date_window(nlp("Foreign Minister Vladimir Putin arrived."), lexicon) is None


def test_window_drops_a_conflicting_clue(nlp: Any, lexicon: ActorLexicon) -> None:
    text = "President Bill Clinton met President Dmitry Medvedev and Chancellor Angela Merkel."
    window = infer_date_window(nlp(text), lexicon)
    assert window is not None
    assert (window.start, window.end) == (date(2008, 5, 7), date(2012, 5, 7))
    dropped = [r for r in window.reasons if r.startswith("dropped")]
    assert len(dropped) == 1 and "Bill Clinton" in dropped[0]


def test_window_from_an_appositive_title(nlp: Any, lexicon: ActorLexicon) -> None:
    text = "Vladimir Putin, the Russian prime minister, met the press in 2009."
    window = infer_date_window(nlp(text), lexicon)
    assert window is not None
    assert (window.start, window.end) == (date(2009, 1, 1), date(2012, 5, 7))


def test_window_needs_the_title_to_be_the_persons_own(nlp: Any, lexicon: ActorLexicon) -> None:
    text = "Raul Castro, younger brother of President Fidel Castro, spoke in Havana."
    window = infer_date_window(nlp(text), lexicon)
    assert window is not None
    assert [r for r in window.reasons if "Raúl" in r or "Raul" in r] == []


def test_window_ignores_plans(nlp: Any, lexicon: ActorLexicon) -> None:
    text = "Kellogg had told Wall Street that by 1992 it intended to win half the market."
    assert infer_date_window(nlp(text), lexicon) is None


# --------------------------------------------------------------------------- which date (issue 16)


def test_event_date_of_a_relative_clause(nlp: Any) -> None:
    """The clause takes the date of the noun it describes, not the nearest verb's."""
    got = dated(
        nlp,
        "Police are still hunting the men behind the 1996 bombing that killed two guards.",
        "killed",
    )
    assert got is not None and got["value"] == "1996" and got["source"] == "clause"
    got = dated(
        nlp,
        "He lived in Paris from 1968, when the army invaded the country, until 1975.",
        "invaded",
    )
    assert got is not None and got["value"] == "1968"
    # A relative clause with a subject of its own is not the noun's date.
    got = dated(nlp, "Russia denounced the 1997 treaty, which Georgia violated.", "violated")
    assert got is not None and got["source"] == "article"


def test_event_date_of_a_noun_in_its_verb(nlp: Any) -> None:
    got = dated(nlp, "The two presidents held talks on Tuesday in Ankara.", "talks")
    assert got is not None and got["value"] == "2008-07-22"
    got = dated(nlp, "The clashes occurred on Monday near the border.", "clashes")
    assert got is not None and got["value"] == "2008-07-21"


def test_event_date_keeps_its_own_time(nlp: Any) -> None:
    """A pluperfect inside a dated report lies before it; a past event inside a present
    report and a condition are not at the report's date."""
    got = dated(nlp, "Officials said on Tuesday that rebels had attacked the convoy.", "attacked")
    assert got is not None and (got["value"], got["mod"]) == ("2008-07-22", "BEFORE")
    # "after": before the governor's date, which the event takes with TimeML's BEFORE.
    got = dated(
        nlp, "The ministers met on Tuesday after the rebels attacked the convoy.", "attacked"
    )
    assert got is not None and (got["value"], got["mod"]) == ("2008-07-22", "BEFORE")
    got = dated(nlp, "Britain planned in 1940 to bomb the beaches if Germany invaded.", "invaded")
    assert got is not None and got["source"] == "article"
    got = dated(nlp, "Officials say the rebels attacked the convoy on Monday.", "attacked")
    assert got is not None and got["value"] == "2008-07-21"


def test_event_date_shared_by_a_later_conjunct(nlp: Any) -> None:
    got = dated(nlp, "Six soldiers were killed and nine wounded in an ambush on Monday.", "killed")
    assert got is not None and got["value"] == "2008-07-21"
    got = dated(
        nlp, "Russia attacked the border post and Georgia retaliated on Monday.", "attacked"
    )
    assert got is not None and got["source"] == "article"
    got = dated(
        nlp, "The senator has clashed with the president and is not running this year.", "clashed"
    )
    assert got is not None and got["source"] == "article"


# --------------------------------------------------------------------------- undated articles


WINDOW = DateWindow(date(2008, 5, 8), date(2009, 1, 20), ("test",))


def test_window_fixes_a_day_without_a_year() -> None:
    # "July 22" read on the window's first day is 2007-07-22, on its last 2008-07-22;
    # the window holds one July 22.
    assert fix_by_window("2007-07-22", "2008-07-22", "when.month_day", WINDOW) == (
        "2008-07-22",
        "day",
    )
    # A window over two July 22s fixes neither.
    wide = DateWindow(date(2007, 5, 8), date(2009, 1, 20), ())
    assert fix_by_window("2006-07-22", "2008-07-22", "when.month_day", wide) is None


def test_window_fixes_what_both_ends_agree_on() -> None:
    assert fix_by_window("2008-03", "2008-03", "when.month", WINDOW) == ("2008-03", "month")
    assert fix_by_window("2008-06-03", "2008-06-24", "when.weekday", WINDOW) == (
        "2008-06",
        "month",
    )
    assert fix_by_window("2008-06-03", "2008-11-24", "when.weekday", WINDOW) == ("2008", "year")
    assert fix_by_window("2008-06-03", "2009-01-13", "when.weekday", WINDOW) is None
    assert fix_by_window(None, "2009-01-13", "when.weekday", WINDOW) is None


def test_undated_event_dates_from_the_window(nlp: Any) -> None:
    doc = nlp("The presidents met on July 22 in Moscow. They signed a treaty.")
    timexes_ = find_timexes(doc, None)
    got = event_date(token(doc, "met"), timexes_, None, WINDOW)
    assert got == {"text": "July 22", "value": "2008-07-22", "precision": "day", "source": "window"}
    got = event_date(token(doc, "signed"), timexes_, None, WINDOW)
    assert got == {
        "text": None,
        "value": "2008-05-08/2009-01-20",
        "precision": "range",
        "source": "window",
    }
    assert window_value(DateWindow(date(2007, 1, 1), None, ())) == "2007-01-01/.."
    # An absolute date needs no window.
    doc = nlp("The presidents met on July 22, 2008 in Moscow.")
    got = event_date(token(doc, "met"), find_timexes(doc, None), None, WINDOW)
    assert got is not None and got["source"] == "clause" and got["value"] == "2008-07-22"


def test_event_date_of_a_where_clause_and_a_clock_time(nlp: Any) -> None:
    got = dated(
        nlp,
        "The decision follows a phone call with Erdogan on Monday where he agreed to it.",
        "agreed",
    )
    assert got is not None and got["value"] == "2008-07-21"
    # The written day, not a clock time whose day is only the article's.
    got = dated(
        nlp,
        "The blast occurred at about 10:35 a.m. (0735 GMT) Monday, toppling a building.",
        "blast",
    )
    assert got is not None and got["value"] == "2008-07-21" and got["text"] == "Monday"


def test_event_date_of_a_noun_after_a_copula(nlp: Any) -> None:
    """ "was behind two raids last week": the date of the copula's clause is the raids';
    not a noun after "since", which is a time of its own."""
    got = dated(
        nlp, "Police said the militia was behind two raids on army posts last week.", "raids"
    )
    assert got is not None and got["value"] == "2008-W29"
    got = dated(
        nlp, "The town has been quiet this week since the raids on army posts in Gao.", "raids"
    )
    assert got is not None and got["source"] == "article"


def test_event_date_of_a_dated_text(nlp: Any) -> None:
    """ "the July 2 report criticised": a text acts on its own date; a present perfect
    ("has put pressure") is not its day."""
    got = dated(nlp, "The July 2 report of the inspectors criticised the ministry.", "criticised")
    assert got is not None and got["text"] == "July 2"
    got = dated(nlp, "Monday's statement by the rebels condemned the army.", "condemned")
    assert got is not None and got["value"] == "2008-07-21"
    got = dated(nlp, "The July 2 report has put pressure on the ministry.", "put")
    assert got is not None and got["source"] == "article"
    # a date inside the text's own phrase is not the text's day
    got = dated(nlp, "The report on the 1999 war criticised the ministry.", "criticised")
    assert got is not None and got["source"] == "article"


def test_event_date_from_a_past_infinitive(nlp: Any) -> None:
    """A past date on the infinitive of a verb in the simple past dates the verb: the
    invitation was made then, not on the article's day."""
    got = dated(
        nlp, "The alliance invited the two countries to join the treaty in March 2007.", "invited"
    )
    assert got is not None and (got["value"], got["source"]) == ("2007-03", "clause")
    got = dated(nlp, "The rebels were forced to abandon the village in 2005.", "forced")
    assert got is not None and got["value"] == "2005"
    # A date still to come is the infinitive's own; so may be a perfect's.
    got = dated(nlp, "The government decided to hold elections in December.", "decided")
    assert got is not None and got["source"] == "article"
    got = dated(
        nlp, "The council has ordered the ministry to reopen the border in 2007.", "ordered"
    )
    assert got is not None and got["source"] == "article"


def test_weekday_of_a_timetable_in_the_present_is_the_coming_one(nlp: Any) -> None:
    """ "meet Monday" in the simple present is a timetable: the coming Monday; a report
    verb in the present tells of the Monday gone by."""
    assert one(nlp, "The two leaders meet Monday with the mediator.").value == "2008-07-28"
    assert one(nlp, "The delegation arrives on Saturday in the capital.").value == "2008-07-26"
    assert one(nlp, "The spokesman says Monday was calm.").value == "2008-07-21"
    assert one(nlp, "The two leaders met Monday with the mediator.").value == "2008-07-21"


def test_event_date_of_a_pluperfect_relative_clause(nlp: Any) -> None:
    """A pluperfect relative clause on a verb's object lies before that verb's date; a
    simple past one keeps its own time."""
    got = dated(nlp, "Police arrested on Friday the men who had burned the party office.", "burned")
    assert got is not None and (got["value"], got.get("mod")) == ("2008-07-18", "BEFORE")
    got = dated(
        nlp, "A court fined in 2006 the protesters who had blocked the road to the base.", "blocked"
    )
    assert got is not None and (got["value"], got.get("mod")) == ("2006", "BEFORE")
    got = dated(nlp, "Police arrested on Friday the men who burned the party office.", "burned")
    assert got is not None and got["source"] == "article"


def test_event_date_of_a_when_clause_from_its_governors_predicate(nlp: Any) -> None:
    """A "when" clause is at the time its governor's predicate names, however deep the
    date sits there; not a date that only modifies a noun."""
    doc = nlp(
        "The mayor became the subject of a national inquiry in March when he was named a "
        "suspect in the fraud."
    )
    got = event_date(token(doc, "named"), find_timexes(doc, THURSDAY), THURSDAY)
    assert got is not None and (got["value"], got["source"]) == ("2008-03", "clause")
    got = dated(nlp, "The rebels broke the 2006 truce when they attacked the garrison.", "attacked")
    assert got is not None and got["source"] == "article"
