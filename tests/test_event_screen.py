"""Events need a political actor (``events/screen.py``) and passive verbs find who
undergoes them (``events/grammar.py``). Every sentence here is invented."""

from __future__ import annotations

from datetime import date

import pytest

from realpolitik.events.event_types import builtin_event_types
from realpolitik.events.screen import newsworthy, sports_report
from realpolitik.model import Actor, Event, Evidence
from realpolitik.pipeline import Pipeline

DAY = date(2019, 4, 2)


def actor(code: str, country: str | None, sector: str | None, kind: str = "state") -> Actor:
    return Actor(code=code, country=country, sector=sector, text=code, kind=kind)


def event(kind: str, source: tuple[Actor, ...], target: tuple[Actor, ...] = ()) -> Event:
    evidence = Evidence("d", 0, "s", 0, 1, 0, 1, "w", "rule")
    return Event("d", kind, "000", 0.0, 1, source, target, "factual", evidence, 0.5)


PERSON = actor("---", None, None, kind="person")
PEOPLE = actor("---CVL", None, "CVL", kind="group")
TOWN = actor("---", None, None)


@pytest.mark.parametrize(
    ("coded", "kept"),
    [
        (event("REQUEST", (PERSON,)), False),  # "she asked" with nobody political
        (event("AGREE", (TOWN,)), False),
        (event("REQUEST", (PERSON,), (actor("GBRGOV", "GBR", "GOV"),)), True),
        (event("CONSULT", (actor("NATO", None, "IGO", kind="organisation"),)), True),
        (event("SUPPORT", (actor("---CVL", "CAN", "CVL", kind="group"),)), True),  # placed
        (event("COERCE", (), (PERSON,)), True),  # an arrest: an authority did it
        (event("PROTEST", (PEOPLE,)), True),  # a crowd in the street
        (event("ASSAULT", (), (PEOPLE,)), True),  # violence done to civilians
        (event("ASSAULT", (TOWN,)), True),  # by a body no dictionary knows
        (event("ASSAULT", (PERSON,)), False),  # by a private person
        (event("CONSULT", ()), True),  # nobody named: the extractor judged it
    ],
)
def test_an_event_needs_a_political_actor(coded: Event, kept: bool) -> None:
    assert bool(newsworthy([coded], builtin_event_types())) is kept


def test_private_errands_in_local_news_are_not_events(pipeline: Pipeline) -> None:
    text = (
        "The mayor met the police chief on Friday. "
        "Housing officer Mary Doyle said she asked a tenant to call her back."
    )
    found = pipeline.extract(text, article_date=DAY).events
    assert [e.type for e in found] == ["CONSULT"]  # the mayor's meeting, not the errand


def undergoers(pipeline: Pipeline, text: str) -> list[tuple[str, list[str]]]:
    found = pipeline.extract(text, article_date=DAY).events
    return [(e.evidence.trigger, [a.country or a.code for a in e.target]) for e in found]


def test_who_undergoes_a_passive_in_a_relative_clause(pipeline: Pipeline) -> None:
    text = "Police said Marta Kowalski, a Polish diplomat who was detained on Friday, is ill."
    assert ("detained", ["POL"]) in undergoers(pipeline, text)


def test_who_undergoes_a_participle_describing_its_noun(pipeline: Pipeline) -> None:
    found = pipeline.extract(
        "Russian diplomats expelled by Britain left London.", article_date=DAY
    ).events
    expelled = [e for e in found if e.type == "SANCTION"]
    assert [(s.country, t.country) for e in expelled for s in e.source for t in e.target] == [
        ("GBR", "RUS")
    ]


def test_coordinated_passives_share_their_subject(pipeline: Pipeline) -> None:
    text = "The Nigerian senator was charged with fraud and was detained on Saturday."
    found = undergoers(pipeline, text)
    assert ("detained", ["NGA"]) in found
    assert ("charged", ["NGA"]) in found


def test_participles_coordinated_with_a_passive_are_passive(pipeline: Pipeline) -> None:
    text = "The Chadian army said 40 rebels had been captured, killed or injured."
    found = pipeline.extract(text, article_date=DAY).events
    for e in found:
        if e.evidence.trigger in ("killed", "injured"):
            assert [a.code for a in e.source] != ["TCDREB"]  # the rebels were the victims
            assert [a.country for a in e.target] == ["TCD"]


def test_an_agent_misparsed_one_phrase_down_is_the_source(pipeline: Pipeline) -> None:
    text = "The raids are carried out with impunity by Ethiopian forces."
    found = pipeline.extract(text, article_date=DAY).events
    assert [(e.type, [a.code for a in e.source]) for e in found] == [("ASSAULT", ["ETHMIL"])]


def test_taking_place_is_no_capture(pipeline: Pipeline) -> None:
    text = "The ambush is thought to have taken place on Monday in a village near Kadugli."
    found = pipeline.extract(text, article_date=DAY).events
    assert all(e.evidence.rule.split()[0] != "assault.capture" for e in found)


def test_ones_own_forces_are_not_acted_upon(pipeline: Pipeline) -> None:
    def dyads(text: str) -> list[tuple[str, list[str], list[str]]]:
        found = pipeline.extract(text, article_date=DAY).events
        return [(e.type, [a.code for a in e.source], [a.code for a in e.target]) for e in found]

    assert dyads("Moscow deployed Russian troops near the Latvian border.")[0][2] != ["RUSMIL"]
    assert dyads("By withdrawing Kenyan troops, he angered his allies.") == [
        ("RETREAT", ["KENMIL"], [])
    ]
    assert dyads("The withdrawal of French forces from Mali began in June.") == [
        ("RETREAT", ["FRAMIL"], ["MLI"])
    ]


def test_a_standing_agreement_or_ceasefire_is_background(pipeline: Pipeline) -> None:
    def types(text: str) -> list[str]:
        return [e.type for e in pipeline.extract(text, article_date=DAY).events]

    assert types("The ceasefire between Armenia and Azerbaijan has largely held.") == []
    assert types("Peru said its 2016 agreement with Bolivia excluded fishing rights.") == []
    assert "RETREAT" in types("Armenia and Azerbaijan declared a ceasefire on Monday.")


def test_a_threat_as_a_danger_is_no_ones_threat(pipeline: Pipeline) -> None:
    def types(text: str) -> list[str]:
        return [e.type for e in pipeline.extract(text, article_date=DAY).events]

    assert types("A few rockets will not pose any threat to the Syrian government.") == []
    assert types("Hospitals run by the Yemeni government are under threat.") == []
    assert types("Iran issued a threat against Israel on Monday.") == ["THREATEN"]


def test_the_act_threatened_is_not_coded_as_done(pipeline: Pipeline) -> None:
    found = pipeline.extract("The Russian threat to attack Ukraine alarmed Kiev.", article_date=DAY)
    assert [e.type for e in found.events] == ["THREATEN"]
    denied = pipeline.extract("Kenya blamed Somalia for the attack, a charge denied by Mogadishu.")
    assert "REJECT" in [e.type for e in denied.events]


def test_a_request_for_comment_is_the_reporters(pipeline: Pipeline) -> None:
    text = "The Kenyan foreign ministry did not respond to a request for comment."
    assert pipeline.extract(text, article_date=DAY).events == []
    text = "Kenya made a request for food aid to Uganda on Monday."
    assert [e.type for e in pipeline.extract(text, article_date=DAY).events][:1] == ["REQUEST"]


def test_pronouns_in_that_clauses_and_relative_clauses(pipeline: Pipeline) -> None:
    def sources(text: str) -> list[list[str]]:
        found = pipeline.extract(text, article_date=DAY).events
        return [[a.code for a in e.source] for e in found]

    text = "The Kenyan opposition party had made it clear that they would welcome Ugandan help."
    assert ["KENOPP"] in sources(text)
    text = "The Chilean foreign ministry sent a list of demands that it wants Peru to meet."
    assert all(s == ["CHLGOV"] for s in sources(text))


def test_a_verb_misattached_as_dep_takes_its_heads_subject(pipeline: Pipeline) -> None:
    text = (
        "Police officers responding to reports of a man with a gun on Wednesday fatally "
        "shot a man in Sacramento, police said."
    )
    found = pipeline.extract(text, article_date=DAY).events
    assert [[a.sector for a in e.source] for e in found if e.type == "ASSAULT"] == [["COP"]]


def test_who_was_involved_in_an_event_did_it(pipeline: Pipeline) -> None:
    text = "Britain says the Russian government was involved in the poisoning of a spy."
    found = pipeline.extract(text, article_date=DAY).events
    assert [[a.code for a in e.source] for e in found if e.type == "ASSAULT"] == [["RUSGOV"]]


SPORTS_REPORT = (
    "England beat Australia by six wickets at the stadium on Sunday. "
    "The England bowlers attacked from the first over, and the Australian batsmen "
    "collapsed before tea. The home side's striker in the football match scored twice. "
    "Police arrested two fans outside the stadium after a fight."
)


def test_a_sports_report_codes_only_what_a_political_body_does(pipeline: Pipeline) -> None:
    found = pipeline.extract(SPORTS_REPORT, article_date=DAY).events
    assert [e.type for e in found] == ["COERCE"]  # the police arrest, not the game


def test_sports_words_in_a_political_text_do_not_mute_it() -> None:
    words = [
        "the",
        "minister",
        "said",
        "the",
        "football",
        "match",
        "was",
        "cancelled",
        "after",
        "the",
        "attack",
    ]
    assert not sports_report(words, builtin_lexicon_words())


def builtin_lexicon_words() -> frozenset[str]:
    from realpolitik.events.lexicon import default_event_lexicon

    return default_event_lexicon().words("sports_words")


def test_an_international_organisation_never_takes_a_sentences_country(
    pipeline: Pipeline,
) -> None:
    found = pipeline.extract(
        "New sanctions were imposed on Iran by the European Union.", article_date=DAY
    ).events
    assert [([a.code for a in e.source], [a.code for a in e.target]) for e in found] == [
        (["EU"], ["IRN"])
    ]


def test_an_accusation_levelled_against_someone_targets_them(pipeline: Pipeline) -> None:
    text = "Allegations of corruption have been levelled against the Kenyan health minister."
    found = pipeline.extract(text, article_date=DAY).events
    assert [[a.code for a in e.target] for e in found] == [["KENGOV"]]


def test_a_habit_is_not_an_event(pipeline: Pipeline) -> None:
    def types(text: str) -> list[str]:
        return [e.type for e in pipeline.extract(text, article_date=DAY).events]

    assert types("Kenyan lawmakers traditionally do not meet on Fridays.") == []
    assert types("Kenyan lawmakers met on Friday.") == ["CONSULT"]


def test_a_position_taken_is_a_stance_not_a_capture(pipeline: Pipeline) -> None:
    text = "Ghana criticised the position taken by Togo at the summit."
    rules = [e.evidence.rule.split()[0] for e in pipeline.extract(text, article_date=DAY).events]
    assert "assault.capture" not in rules


def test_an_instruction_to_another_is_a_request(pipeline: Pipeline) -> None:
    text = "The Kenyan foreign minister instructed the embassy in Washington to object."
    found = pipeline.extract(text, article_date=DAY).events
    # the embassy in Washington is Kenya's: a post abroad is not its host's
    assert [e.type for e in found] == ["REQUEST"]
    assert [a.country for e in found for a in e.target] in ([None], ["KEN"])
    told = pipeline.extract("Officials told reporters Kenya had lifted the ban.", article_date=DAY)
    assert [e.type for e in told.events] == ["CONCEDE"]  # a report, not a request


def test_communicating_with_another_is_consulting(pipeline: Pipeline) -> None:
    found = pipeline.extract(
        "Kenya's foreign ministry said it was engaging with Uganda on the border dispute.",
        article_date=DAY,
    ).events
    assert [(e.type, [a.country for a in e.target]) for e in found] == [("CONSULT", ["UGA"])]
    tour = pipeline.extract("The Kenyan president began a tour of Uganda.", article_date=DAY)
    assert [e.type for e in tour.events] == ["CONSULT"]


def test_backing_received_comes_from_its_giver(pipeline: Pipeline) -> None:
    text = "Kenya has received strong backing from the United States."
    found = pipeline.extract(text, article_date=DAY).events
    assert [(e.type, e.source[0].country, e.target[0].country) for e in found] == [
        ("SUPPORT", "USA", "KEN")
    ]


def test_when_asked_is_the_reporters_question(pipeline: Pipeline) -> None:
    text = "When asked about the deal, the Kenyan minister said Uganda had broken it."
    assert "REQUEST" not in [e.type for e in pipeline.extract(text, article_date=DAY).events]
    text = "Kenya asked Uganda for help on Monday."
    assert [e.type for e in pipeline.extract(text, article_date=DAY).events] == ["REQUEST"]


def test_a_leaders_surname_tagged_as_an_adjective_is_still_the_leader(
    pipeline: Pipeline,
) -> None:
    text = "Responding to a Trump request to Nato, Britain increased its troop numbers."
    found = pipeline.extract(text, article_date=date(2018, 12, 22)).events
    assert [[a.code for a in e.source] for e in found if e.type == "REQUEST"] == [["USAGOV"]]


def test_easing_rules_and_granting_an_amnesty_are_concessions(pipeline: Pipeline) -> None:
    def types(text: str) -> list[str]:
        return [e.type for e in pipeline.extract(text, article_date=DAY).events]

    assert types("The Kenyan government moved to roll back the rules on investors.") == ["CONCEDE"]
    assert types("Sudan granted an amnesty to the rebels on Monday.") == ["CONCEDE"]
    assert types("Ghana offered concessions to Togo.")[0] != "CONCEDE"  # an offer, AGREE
