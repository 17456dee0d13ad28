from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from realpolitik.events.cameo import cameo_table, lookup
from realpolitik.model import PLOVER_ROOTS, Event
from realpolitik.pipeline import Pipeline


def events(pipeline: Pipeline, text: str, day: date | None = None) -> list[Event]:
    return pipeline.extract(text, article_date=day).events


def dyads(evs: list[Event]) -> set[tuple[str, str, str]]:
    return {
        (
            e.type,
            ",".join(a.country or "-" for a in e.source),
            ",".join(a.country or "-" for a in e.target),
        )
        for e in evs
    }


def of_type(pipeline: Pipeline, text: str, *kinds: str) -> list[Event]:
    """The events of the given PLOVER types that ``text`` yields."""
    return [e for e in events(pipeline, text) if e.type in kinds]


def types(pipeline: Pipeline, text: str) -> list[str]:
    return [e.type for e in events(pipeline, text)]


def best(evs: list[Event]) -> Event:
    return max(evs, key=lambda e: e.confidence)


def test_meeting_with_target(pipeline: Pipeline) -> None:
    evs = events(
        pipeline,
        "Japanese Prime Minister Shinzo Abe met Indian Prime Minister Narendra Modi in Tokyo.",
        date(2018, 10, 29),
    )
    top = best(evs)
    assert top.type == "CONSULT" and top.cameo.startswith("04")
    assert [a.code for a in top.source] == ["JPNGOV"]
    assert [a.code for a in top.target] == ["INDGOV"]
    assert top.modality == "factual"
    assert top.evidence.sentence.startswith("Japanese")
    assert top.evidence.trigger == "met"
    assert top.evidence.rule.startswith("consult.meet")


def test_reciprocal_compound_subject(pipeline: Pipeline) -> None:
    evs = events(pipeline, "Egypt and Jordan agreed on a new gas pipeline.")
    agree = [e for e in evs if e.type == "AGREE"]
    assert agree and all(e.reciprocal for e in agree)
    assert {a.country for e in agree for a in e.source + e.target} == {"EGY", "JOR"}


def test_compound_target_is_one_event_with_both_targets(pipeline: Pipeline) -> None:
    evs = events(pipeline, "Pakistan threatened Congo and Costa Rica with sanctions.")
    [threat] = [e for e in evs if e.type == "THREATEN"]
    assert [a.country for a in threat.source] == ["PAK"]
    assert [a.country for a in threat.target] == ["COG", "CRI"]
    sources = events(pipeline, "Germany, France and Italy expelled Russian diplomats.")
    [expelled] = [e for e in sources if e.type == "SANCTION"]
    assert {a.country for a in expelled.source} == {"DEU", "FRA", "ITA"}
    assert [a.country for a in expelled.target] == ["RUS"]


def test_passive_voice(pipeline: Pipeline) -> None:
    evs = events(pipeline, "Two Israeli soldiers were killed by Hezbollah fighters.")
    top = best(evs)
    assert top.type == "ASSAULT"
    assert top.source[0].country == "LBN" and top.target[0].country == "ISR"


def test_sanctions_and_goldstein_from_cameo_table(pipeline: Pipeline) -> None:
    top = best(events(pipeline, "The European Union imposed sanctions on Belarus."))
    assert top.type == "SANCTION" and top.cameo == "163"
    assert top.goldstein == lookup("163").goldstein < 0
    assert top.quad_class == 4
    assert [a.code for a in top.target] == ["BLR"]


def test_noun_trigger_with_possessor(pipeline: Pipeline) -> None:
    evs = events(pipeline, "Moscow's arms sales to Venezuela worry Washington.")
    sale = next(e for e in evs if e.type == "COOPERATE")
    assert sale.source[0].country == "RUS" and sale.target[0].country == "VEN"
    assert sale.context == "military"


def test_purchase_reads_supplier_from_object(pipeline: Pipeline) -> None:
    evs = events(pipeline, "India bought French fighter jets last year.")
    sale = next(e for e in evs if e.type == "COOPERATE")
    assert sale.source[0].country == "FRA" and sale.target[0].country == "IND"


def test_modality_negated_planned_speculative(pipeline: Pipeline) -> None:
    assert best(events(pipeline, "Iran did not attack Iraq.")).modality == "negated"
    spec = best(events(pipeline, "Analysts believe that Syria might attack Turkey."))
    assert spec.modality == "speculative"
    planned = best(events(pipeline, "Russia is planning to sell tanks to Venezuela."))
    assert planned.modality == "planned"


def test_a_conjecture_that_no_one_voices_is_no_event(pipeline: Pipeline) -> None:
    # the writer's own prediction: not coded
    assert events(pipeline, "Chile could impose sanctions on Peru next year.") == []
    # the same words said by someone, quoted, or reported as hearsay are coded
    said = events(pipeline, "The minister said Chile could impose sanctions on Peru.")
    quoted = events(
        pipeline, '"Chile could impose sanctions on Peru," the minister told reporters.'
    )
    reported = events(pipeline, "Chile reportedly imposed sanctions on Peru.")
    for found in (said, quoted, reported):
        assert [(e.type, e.modality) for e in found] == [("SANCTION", "speculative")]


def test_a_strike_on_a_place_is_an_attack_and_a_dated_one_may_be_a_walkout(
    pipeline: Pipeline,
) -> None:
    text = "Syrian medics said more than 40 people died in a strike on Douma last week."
    strike = [e for e in events(pipeline, text) if e.evidence.trigger == "strike"]
    assert [(e.type, [a.code for a in e.source], [a.code for a in e.target]) for e in strike] == [
        ("ASSAULT", [], ["SYRCVL"])
    ]
    assert types(pipeline, "French teachers began a strike on Monday.") == ["PROTEST"]
    # "on Wednesday" dates the call, it does not make it a "call on": a phone call
    call = "The Chilean president called the Peruvian president on Wednesday."
    assert types(pipeline, call) == ["CONSULT"]


def test_who_dies_in_an_attack_suffers_it(pipeline: Pipeline) -> None:
    text = "A British soldier has died in an explosion in Syria, the Ministry of Defence said."
    blast = [e for e in events(pipeline, text) if e.evidence.trigger == "explosion"]
    assert [([a.code for a in e.source], [a.code for a in e.target]) for e in blast] == [
        ([], ["GBRMIL"])
    ]


def test_the_happening_is_coded_at_the_noun_with_the_verbs_object(pipeline: Pipeline) -> None:
    found = events(pipeline, "A Chilean airstrike killed five Peruvian soldiers.")
    assert [
        (e.evidence.trigger, [a.code for a in e.source], [a.country for a in e.target])
        for e in found
    ] == [("airstrike", ["CHL"], ["PER"])]
    # a passive's doer that stands alone still happens: "hit by gunfire"
    assert types(pipeline, "Two Chilean army vehicles were hit by gunfire in Lima.") == ["ASSAULT"]
    # a fight against an abstract foe is no attack
    text = "Chile must spend more to help with the battle against the water crisis."
    assert types(pipeline, text) == []


def test_a_conjecture_held_by_someone_named_is_coded(pipeline: Pipeline) -> None:
    text = "The Chilean government made it clear that it would welcome Peruvian help."
    assert [e.modality for e in events(pipeline, text)] == ["speculative"]
    assert types(pipeline, "It is likely that Chile could impose sanctions on Peru.") == []


def test_an_accident_names_no_doer(pipeline: Pipeline) -> None:
    found = events(pipeline, "Dozens of people were killed by the Chilean airline crash.")
    assert all(not e.source for e in found)


def test_an_attack_noun_doing_the_verb_is_one_happening(pipeline: Pipeline) -> None:
    for text in (
        "A Chilean airstrike killed five rebels near the border.",
        "The rebel convoy was hit by a Chilean airstrike near the border.",
    ):
        found = [
            (e.type, e.evidence.trigger, [a.code for a in e.source]) for e in events(pipeline, text)
        ]
        assert len(found) == 1 and found[0][0] == "ASSAULT" and found[0][2] == ["CHL"], found


def test_a_warning_not_to_act_is_an_appeal(pipeline: Pipeline) -> None:
    told = events(pipeline, "Chile warned Peru not to close the border.")
    assert [(e.type, [a.code for a in e.target]) for e in told] == [("REQUEST", ["PER"])]
    assert types(pipeline, "Chile warned against an embargo on Peru.") == ["REQUEST"]
    # a warning of force stays a threat
    assert types(pipeline, "Chile warned Peru that its army would respond.") == ["THREATEN"]


def test_what_an_event_sets_off_happens(pipeline: Pipeline) -> None:
    text = "The Kenyan police killing of a student sparked two weeks of protests in Nairobi."
    assert "PROTEST" in types(pipeline, text)
    # the object of another verb is not reported happening
    text = "Kenyan television filmed two weeks of protests in Nairobi."
    assert "PROTEST" not in types(pipeline, text)


def test_tariffs_and_duties_are_trade_sanctions(pipeline: Pipeline) -> None:
    found = events(pipeline, "Chile retaliated with tariffs on Peruvian copper.")
    assert [
        (e.type, [a.country for a in e.source], [a.country for a in e.target]) for e in found
    ] == [("SANCTION", ["CHL"], ["PER"])]
    assert types(pipeline, "Chile slapped duties on Peruvian wine.") == ["SANCTION"]


def test_a_grant_awarded_is_aid(pipeline: Pipeline) -> None:
    found = events(pipeline, "The Chilean government awarded a grant to Peruvian farmers.")
    assert [(e.type, [a.country for a in e.source]) for e in found] == [("AID", ["CHL"])]


def test_announced_cooperation_is_agree_and_refusal_is_reject(pipeline: Pipeline) -> None:
    will = best(events(pipeline, "Hungary said it will support the resolution against Serbia."))
    assert will.type in ("AGREE", "SUPPORT")
    refuse = best(events(pipeline, "The United States said it would not meet Iran's demands."))
    assert refuse.type == "REJECT" and refuse.modality != "negated"


def test_cooperation_that_did_not_happen_keeps_its_type_negated(pipeline: Pipeline) -> None:
    missed = of_type(pipeline, "Peru did not attend the meeting with Chile.", "CONSULT")
    assert missed and missed[0].modality == "negated"
    assert not of_type(pipeline, "Peru did not attend the meeting with Chile.", "REJECT")
    refused = of_type(pipeline, "Peru refused to attend the meeting with Chile.", "REJECT")
    assert refused
    # an agreement not reached is a disagreement
    text = "Chile and Peru failed to reach agreement on the border."
    assert [e.cameo for e in of_type(pipeline, text, "REJECT")] == ["127"]


def test_attribution_of_hearsay(pipeline: Pipeline) -> None:
    ev = best(
        events(
            pipeline, "Some Washington insiders believe that Caracas might buy Russian submarines."
        )
    )
    assert ev.modality == "speculative"
    assert ev.attribution is not None and ev.attribution.country == "USA"


def test_no_event_in_plain_text(pipeline: Pipeline) -> None:
    assert events(pipeline, "The weather in the capital was mild and sunny today.") == []


def test_event_ids_are_stable(pipeline: Pipeline) -> None:
    text = "China condemned the Japanese visit to the shrine."
    first = [e.event_id for e in events(pipeline, text)]
    assert first and first == [e.event_id for e in events(pipeline, text)]


def test_cameo_table_is_complete() -> None:
    table = cameo_table()
    roots = [c for c in table if len(c) == 2]
    assert len(roots) == 20
    for entry in table.values():
        assert -10 <= entry.goldstein <= 10
        assert entry.plover is None or entry.plover in PLOVER_ROOTS


def test_user_triggers_are_validated(tmp_path: Path) -> None:
    from realpolitik.errors import LexiconError
    from realpolitik.events.lexicon import build_event_lexicon

    bad_code = tmp_path / "a.yaml"
    bad_code.write_text("triggers:\n  - {id: x.y, pos: VERB, lemmas: [snub], cameo: 030}\n")
    with pytest.raises(LexiconError, match="quote"):
        build_event_lexicon((bad_code,))
    bad_flag = tmp_path / "b.yaml"
    bad_flag.write_text(
        'triggers:\n  - {id: x.y, pos: VERB, lemmas: [snub], cameo: "120", symmetric: no}\n'
    )
    with pytest.raises(LexiconError, match="symmetric"):
        build_event_lexicon((bad_flag,))
    good = tmp_path / "c.yaml"
    good.write_text(
        'triggers:\n  - {id: reject.snub, pos: VERB, lemmas: [snub], cameo: "120", preps: [on]}\n'
    )
    lex = build_event_lexicon((good,))
    assert lex.triggers["reject.snub"].preps == ("on",)


def test_ready_is_an_intent_only_to_cooperate(pipeline: Pipeline) -> None:
    day = date(2008, 7, 24)
    hostile = "Moscow is prepared to direct at Washington's expense heavy assets in the region."
    assert not [e for e in events(pipeline, hostile, day) if e.type == "AGREE"]
    willing = events(pipeline, "Russia said it was ready to negotiate with Ukraine.", day)
    assert ("AGREE", "RUS", "UKR") in dyads(willing)


def test_displeasure_adjective_with_its_object(pipeline: Pipeline) -> None:
    text = (
        "Venezuelan President Hugo Chavez remains agitated over what he considers to be "
        "Washington's hostile intentions towards his government."
    )
    evs = [e for e in events(pipeline, text, date(2008, 7, 24)) if e.type == "ACCUSE"]
    assert evs and dyads(evs) == {("ACCUSE", "VEN", "USA")}
    assert evs[0].evidence.rule.startswith("accuse.displeased")
    # without an object the adjective is a mood, not an event
    assert not events(pipeline, "The minister was angry.", date(2008, 7, 24))


def test_what_one_is_accused_of_is_the_accused_acts_and_alleged(pipeline: Pipeline) -> None:
    evs = events(
        pipeline, "Chavez accused the United States of threatening Venezuela.", date(2008, 7, 24)
    )
    threat = [e for e in evs if e.type == "THREATEN"]
    assert dyads(threat) == {("THREATEN", "USA", "VEN")}
    assert threat[0].modality == "speculative" and threat[0].modality_cue == "accused"
    assert threat[0].attribution is not None and threat[0].attribution.country == "VEN"
    assert ("ACCUSE", "VEN", "USA") in dyads(evs)


def test_partner_in_coordination_is_not_the_target(pipeline: Pipeline) -> None:
    text = "Russia's defence ministry said it had hit Idlib in coordination with Turkey."
    evs = [e for e in events(pipeline, text, date(2019, 3, 14)) if e.type == "ASSAULT"]
    assert evs and all(not e.target for e in evs)
    assert "actors.co_actor" in evs[0].evidence.rule


def test_states_owning_the_fighters_do_not_fight_each_other(pipeline: Pipeline) -> None:
    text = (
        "Washington wants Germany, France and Britain to prosecute their citizens fighting "
        "in Syria."
    )
    fights = [e for e in events(pipeline, text, date(2019, 2, 18)) if e.type == "ASSAULT"]
    assert all(not e.target for e in fights)


def test_a_plan_to_act_is_planned_and_a_leader_surname_alone(pipeline: Pipeline) -> None:
    text = "The UK privately opposed Trump's plan to withdraw US troops from Syria."
    evs = events(pipeline, text, date(2019, 1, 3))
    # an announced withdrawal is an intent to de-escalate (CAMEO 035), as CAMEO codes it
    retreat = [e for e in evs if e.evidence.trigger.startswith("withdraw")]
    assert retreat and retreat[0].modality == "planned" and retreat[0].modality_cue == "plan"
    assert (retreat[0].type, retreat[0].cameo) == ("AGREE", "035")
    assert ("AGREE", "USA", "SYR") in dyads(evs)
    assert ("REJECT", "GBR", "USA") in dyads(evs)
    # Out of office on the date, the surname is nobody's
    assert ("REJECT", "GBR", "USA") not in dyads(events(pipeline, text, date(2009, 1, 3)))


def test_importing_oil_is_not_an_arms_transfer(pipeline: Pipeline) -> None:
    text = "Washington allowed India to continue importing crude from Iran for six months."
    assert not [e for e in events(pipeline, text, date(2019, 2, 12)) if e.type == "COOPERATE"]


def test_a_pledge_to_destroy_is_a_threat_not_an_agreement(pipeline: Pipeline) -> None:
    day = date(2019, 2, 19)
    hostile = events(pipeline, "Turkey has pledged to destroy the Syrian government.", day)
    assert {e.type for e in hostile} == {"THREATEN"}
    assert ("AGREE", "RUS", "VEN") in dyads(
        events(pipeline, "Russia pledged to help Venezuela.", day)
    )


def test_material_events_with_nobody_named(pipeline: Pipeline) -> None:
    # a passive arrest and a protest that goes on are news although no actor is named
    arrest = events(pipeline, "A 40-year-old man was arrested in the town on Friday.")
    assert [(e.type, e.source, [a.code for a in e.target]) for e in arrest] == [
        ("COERCE", (), ["---CVL"])
    ]
    assert events(pipeline, "He was arrested in the town on Friday.")[0].type == "COERCE"
    # planned, but nobody threatens: the type stays PROTEST
    protests = events(pipeline, "The protests will continue for a fourth day.")
    assert [(e.type, e.modality) for e in protests] == [("PROTEST", "planned")]


def test_material_words_that_describe_or_name_a_private_doer(pipeline: Pipeline) -> None:
    assert events(pipeline, "A man demolished the old shed behind his house.") == []
    assert events(pipeline, "A woman attacked her neighbour with a knife.") == []
    assert events(pipeline, "There was a pause in the bombing last week.") == []


def test_object_pronoun_is_a_person_other_than_the_subject(pipeline: Pipeline) -> None:
    text = (
        "Canadian Foreign Minister Chrystia Freeland arrived on Monday. "
        "Mexican President Enrique Pena Nieto praised her at the summit."
    )
    praise = [e for e in events(pipeline, text, date(2018, 4, 2)) if e.type == "SUPPORT"]
    assert [(a.text, a.country) for a in praise[0].target] == [("her", "CAN")]
    assert [a.country for a in praise[0].source] == ["MEX"]


def test_an_authority_that_reports_a_passive_charge_made_it(pipeline: Pipeline) -> None:
    charged = events(pipeline, "Prosecutors said the former mayor was charged with fraud.")
    assert [(a.sector, e.type) for e in charged for a in e.source] == [("JUD", "ACCUSE")]
    assert "source.reporting_authority" in charged[0].evidence.rule
    # a private speaker is no source of the arrest
    told = events(pipeline, "His neighbour said the man was arrested on Friday.")
    assert [e.source for e in told if e.type == "COERCE"] == [()]


def test_words_that_need_someone_acted_upon(pipeline: Pipeline) -> None:
    assert events(pipeline, "The new rules will support growth in rural areas.") == []
    backed = events(pipeline, "France backed Germany in the dispute.")
    assert [(e.type, [a.code for a in e.target]) for e in backed] == [("SUPPORT", ["DEU"])]


def test_an_entry_for_some_sources_gives_way_to_the_general_one(pipeline: Pipeline) -> None:
    def coded(text: str) -> list[tuple[str, str]]:
        return [(e.type, e.evidence.rule.split()[0]) for e in events(pipeline, text)]

    assert coded("Teachers are striking in Kenya.") == [("PROTEST", "protest.strike")]
    assert coded("Rebels struck the town on Monday.") == [("ASSAULT", "assault.attack")]
    assert coded("The unions struck a deal with the government.")[0][1] == "agree.reach_deal"


def test_a_state_said_to_be_responsible_is_accused(pipeline: Pipeline) -> None:
    evs = events(pipeline, "Turkey said Syrian Kurdish fighters were responsible for the bombing.")
    blame = [e for e in evs if e.type == "ACCUSE"]
    assert [([a.country for a in e.source], [a.code for a in e.target]) for e in blame] == [
        (["TUR"], ["SYRREB"])
    ]
    assert events(pipeline, "Britain says the talks were productive.") == []


def test_withdrawal_of_forces_not_of_a_court_case(pipeline: Pipeline) -> None:
    def coded(text: str) -> list[str]:
        return [e.type for e in events(pipeline, text)]

    assert coded("Russia withdrew its troops from Syria.") == ["RETREAT"]
    assert coded("The complaint against the mayor was withdrawn in court.") == []
    assert coded("The suspect pointed a gun at a police officer.") == ["THREATEN"]
    informed = events(pipeline, "The Russian Foreign Ministry informed the US ambassador.")
    assert [(e.type, [a.code for a in e.target]) for e in informed] == [("CONSULT", ["USAGOV"])]


def test_an_event_noun_with_nobody_named_is_news_only_as_a_subject(pipeline: Pipeline) -> None:
    assert [e.type for e in events(pipeline, "Clashes erupted in the capital.")] == ["ASSAULT"]
    assert events(pipeline, "Investigators filmed the assaults in the house.") == []


def test_a_war_is_a_standing_thing_not_an_event(pipeline: Pipeline) -> None:
    assert events(pipeline, "The Syrian war began in 2011.") == []
    assert [e.type for e in events(pipeline, "Syrian jets bombed the town.")] == ["ASSAULT"]


def test_an_agreement_named_in_passing_is_no_event(pipeline: Pipeline) -> None:
    assert events(pipeline, "Officials said the deal would cost millions.") == []
    signed = events(pipeline, "Russia signed an agreement with Turkey on Monday.")
    assert ("AGREE", "RUS", "TUR") in dyads(signed) or ("SUPPORT", "RUS", "TUR") in dyads(signed)


def test_a_modal_of_the_report_is_not_the_reported_events(pipeline: Pipeline) -> None:
    text = "I would like to note that Kazakhstan and the UAE concluded an agreement."
    assert [e.modality for e in events(pipeline, text)] == ["factual"]
    assert [e.modality for e in events(pipeline, "Russia said it would expel diplomats.")] == [
        "planned"
    ]


def test_the_reporter_is_not_the_actor_of_a_reported_passive(pipeline: Pipeline) -> None:
    text = "Britain says the Russian government was involved in the poisoning of a former spy."
    coded = events(pipeline, text)
    # Britain accuses; the poisoning is whoever was involved in it, never the reporter's
    assert sorted((e.type, [a.country for a in e.source]) for e in coded) == [
        ("ACCUSE", ["GBR"]),
        ("ASSAULT", ["RUS"]),
    ]


def test_the_accused_did_the_act_not_the_accuser(pipeline: Pipeline) -> None:
    text = "Norway held Belarus responsible for the cyber attack on its parliament."
    attack = [e for e in events(pipeline, text) if e.type == "ASSAULT"]
    assert [[a.country for a in e.source] for e in attack] == [["BLR"]]
    text = "Estonia blamed Moscow for its role in the bombing of the embassy."
    coded = {e.type: [a.country for a in e.source] for e in events(pipeline, text)}
    assert coded == {"ACCUSE": ["EST"], "ASSAULT": ["RUS"]}
    # a verb of one's own act still gives its subject: "launched an attack"
    launched = events(pipeline, "Norway launched an attack on the rebels.")
    assert [[a.country for a in e.source] for e in launched] == [["NOR"]]


def test_a_denial_answers_whoever_laid_the_charge(pipeline: Pipeline) -> None:
    text = "Kenya blames Somalia for the raid, which Somalia firmly denies."
    denial = [e for e in events(pipeline, text) if e.type == "REJECT"]
    assert [([a.country for a in e.source], [a.country for a in e.target]) for e in denial] == [
        (["SOM"], ["KEN"])
    ]
    # a denial with no accuser in its sentence keeps no target
    alone = [e for e in events(pipeline, "Somalia denied the report.") if e.type == "REJECT"]
    assert alone and not alone[0].target


def test_a_contract_to_sell_is_sold_by_its_approver(pipeline: Pipeline) -> None:
    text = "France on Monday approved a contract to sell Egypt twelve fighter jets."
    sale = [e for e in events(pipeline, text) if e.evidence.trigger.startswith("sell")]
    assert [([a.country for a in e.source], [a.country for a in e.target]) for e in sale] == [
        (["FRA"], ["EGY"])
    ]


def test_wanting_another_to_act_is_a_request_and_the_act_is_not_done(pipeline: Pipeline) -> None:
    coded = events(pipeline, "The Kremlin wants Finland to close its border crossings.")
    assert [(e.type, [a.country for a in e.target]) for e in coded] == [("REQUEST", ["FIN"])]
    urged = events(pipeline, "Chile urged Peru to release the fishermen.")
    assert [e.type for e in urged] == ["REQUEST"]
    forced = events(pipeline, "The Bolivian army forced the president to resign.")
    assert [e.type for e in forced] == ["COERCE"]
    own_wish = events(pipeline, "The Chilean president wants to visit Peru next year.")
    assert "REQUEST" not in [e.type for e in own_wish]


def test_firms_among_themselves_are_no_political_event(pipeline: Pipeline) -> None:
    assert events(pipeline, "Several German companies have pledged to cut their prices.") == []
    assert events(pipeline, "Two airlines met in Paris and agreed to cut fares.") == []


def test_a_passive_arrest_is_made_by_the_authority_that_reports_it(pipeline: Pipeline) -> None:
    text = (
        "A 40-year-old man was arrested in Ohio on Friday after police said stolen rifles "
        "were found in his car."
    )
    arrest = [e for e in events(pipeline, text) if e.type == "COERCE"]
    assert [[a.sector for a in e.source] for e in arrest] == [["COP"]]


def test_a_body_named_before_an_event_noun_did_it(pipeline: Pipeline) -> None:
    text = "The police killing of an unarmed teenager in Lyon sparked protests in France."
    killing = [e for e in events(pipeline, text) if e.evidence.trigger == "killing"]
    assert [[a.sector for a in e.source] for e in killing] == [["COP"]]
    # what a state word classifies is no actor: "state aid" is not given by the state
    assert events(pipeline, "The airlines opposed state aid to rivals.") == []


def test_the_occasion_of_a_clause_is_neither_planned_nor_done_by_its_subject(
    pipeline: Pipeline,
) -> None:
    text = "Hungary will expel two diplomats over the bombing of its embassy in Kyiv."
    coded = events(pipeline, text)
    assert all(e.type != "THREATEN" or e.evidence.trigger != "bombing" for e in coded)
    bombing = [e for e in coded if e.evidence.trigger == "bombing"]
    assert all(not e.source for e in bombing)


def test_a_speaker_saying_another_should_act_asks_it_to(pipeline: Pipeline) -> None:
    coded = events(pipeline, "The Danish minister said Sweden should reopen its border.")
    asks = [e for e in coded if e.type == "REQUEST"]
    assert [([a.country for a in e.source], [a.country for a in e.target]) for e in asks] == [
        (["DNK"], ["SWE"])
    ]
    # one's own duty is no appeal
    own = events(pipeline, "The Danish minister said he must reopen the border.")
    assert "REQUEST" not in [e.type for e in own]


def test_a_negated_event_with_no_one_named_is_nothing(pipeline: Pipeline) -> None:
    assert events(pipeline, "Police arrested a man. The officer was not injured.")[1:] == []
    assert [e.type for e in events(pipeline, "Two officers were injured in the attack.")] == [
        "ASSAULT"
    ]


def test_event_type_table_is_data(tmp_path: Path) -> None:
    """An entry of ``event_types:`` in a user dictionary replaces the built-in one: COERCE
    without ``actorless`` is no news when nobody is named; CONSULT's refusal code moves."""
    from realpolitik.config import Settings

    looted = "Shops were looted in Algiers."
    refused = "Russia will not meet Ukraine."
    built_in = Pipeline.load()
    assert [e.type for e in events(built_in, looted)] == ["COERCE"]
    assert [(e.type, e.cameo) for e in events(built_in, refused)] == [("REJECT", "125")]
    mine = tmp_path / "types.yaml"
    mine.write_text(
        "event_types:\n"
        "  types:\n"
        "    COERCE:\n"
        "      traits: [forceful, directing, place_target, material_target, authority_act]\n"
        '      threat: "132"\n'
        '    CONSULT: {traits: [cooperative, place_target], intent: "036", refusal: "120"}\n'
    )
    changed = Pipeline.load(Settings(user_dictionaries=(mine,)))
    assert events(changed, looted) == []
    assert [(e.type, e.cameo) for e in events(changed, refused)] == [("REJECT", "120")]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("types: {COERCE: {traits: [flying]}}", "unknown traits"),
        ("types: {BRIBE: {traits: [spoken]}}", "not a PLOVER type"),
        ("types: {AID: {traits: [cooperative]}}", "needs a refusal code"),
        ("types: {AID: {traits: [cooperative], refusal: 122}}", "quote the CAMEO code"),
        ("types: {AID: {traits: [cooperative], refusal: '999'}}", "unknown CAMEO code"),
        ("types: {AID: {traits: [spoken], colour: red}}", "unknown keys"),
        ("recoding: {threat: MENACE}", "not a PLOVER type"),
        ("sectors: {private: [business]}", "three capital letters"),
        ("colours: {}", "unknown keys"),
    ],
)
def test_malformed_event_type_entry_is_one_line(tmp_path: Path, entry: str, message: str) -> None:
    from realpolitik.errors import LexiconError
    from realpolitik.events.lexicon import build_event_lexicon

    bad = tmp_path / "bad.yaml"
    bad.write_text(f"event_types: {{{entry}}}\n")
    with pytest.raises(LexiconError, match=message) as raised:
        build_event_lexicon((bad,))
    assert "\n" not in str(raised.value) and str(bad) in str(raised.value)


def test_every_event_type_has_a_table_entry() -> None:
    from realpolitik.events.lexicon import build_event_lexicon

    table = build_event_lexicon().types
    assert set(table.types) == set(PLOVER_ROOTS)
    assert table.having("cooperative") and table.having("forceful")


def test_closing_a_mission_is_a_diplomatic_sanction(pipeline: Pipeline) -> None:
    closed = events(pipeline, "Moldova closed the Belarusian embassy in Chisinau on Monday.")
    assert [(e.type, e.cameo) for e in closed] == [("SANCTION", "161")]
    shop = events(pipeline, "The Moldovan police closed a shop in Chisinau on Monday.")
    assert all(e.type != "SANCTION" for e in shop)


def test_a_wrong_said_of_a_state_is_criticism(pipeline: Pipeline) -> None:
    failed = events(
        pipeline, "Poland said Belarus had failed to protect the refugees at the border."
    )
    assert [(e.type, e.cameo) for e in failed] == [("ACCUSE", "111")]
    assert dyads(failed) == {("ACCUSE", "POL", "BLR")}
    illegal = events(pipeline, "Chile's foreign minister said the Bolivian blockade was illegal.")
    assert dyads(illegal) == {("ACCUSE", "CHL", "BOL")}  # the blockade is Bolivia's
    assert events(pipeline, "Chile's foreign minister said the storm was a disgrace.") == []
    it = events(pipeline, "Norway said it was unacceptable that Sweden closed the bridge.")
    assert not any(a.country == "NOR" for e in it if e.type == "ACCUSE" for a in e.target)


def test_who_is_said_to_be_wronged_is_not_the_one_criticised(pipeline: Pipeline) -> None:
    wronged = events(pipeline, "Peru said its fishermen had been betrayed and ignored.")
    assert not [e for e in wronged if e.type == "ACCUSE"]


def test_a_passive_clause_of_its_own_time_has_no_agent_from_the_main_clause(
    pipeline: Pipeline,
) -> None:
    text = "The Kenyan minister resigned after his aide was arrested on fraud charges."
    arrests = [e for e in events(pipeline, text) if e.type == "COERCE"]
    assert arrests and all(not e.source for e in arrests)
    assert all(
        a.country != "KEN" or a.sector != "GOV"
        for e in events(pipeline, text)
        if e.type == "ACCUSE"
        for a in e.source
    )


def test_diplomats_expelled_from_a_state_were_expelled_by_it(pipeline: Pipeline) -> None:
    expelled = events(pipeline, "Two Iranian diplomats were expelled from the Netherlands.")
    assert dyads(expelled) == {("SANCTION", "NLD", "IRN")}
    recalled = events(pipeline, "France recalled its ambassador from Rome.")
    assert [[a.country for a in e.source] for e in recalled] == [["FRA"]]


def test_an_event_noun_described_is_not_reported_as_happening(pipeline: Pipeline) -> None:
    assert events(pipeline, "The massacre was a shock to the whole region.") == []
    assert events(pipeline, "Renewed fighting is a possibility.") == []
    erupted = events(pipeline, "Heavy fighting erupted near the border on Monday.")
    assert [e.type for e in erupted] == ["ASSAULT"]


def test_a_verb_of_force_with_an_object_of_another_sense_is_no_assault(
    pipeline: Pipeline,
) -> None:
    assert events(pipeline, "The Kenyan government beat the deadline on Monday.") == []
    assert events(pipeline, "Kenyan police destroyed the evidence, the court heard.") == []
    shot = events(pipeline, "Kenyan police shot two protesters in Nairobi.")
    assert [e.type for e in shot] == ["ASSAULT"]


def test_calling_to_congratulate_is_a_congratulation_not_a_plan(pipeline: Pipeline) -> None:
    text = "The Kenyan president called to congratulate the Ugandan president on Monday."
    praise = [e for e in events(pipeline, text) if e.type == "SUPPORT"]
    assert [e.modality for e in praise] == ["factual"]


def test_set_off_is_not_set_to(pipeline: Pipeline) -> None:
    off = events(pipeline, "The dispute has set off sweeping expulsions of Kenyan diplomats.")
    assert [e.modality for e in off if e.type == "SANCTION"] == ["factual"]
    to = events(pipeline, "The Kenyan president is set to visit Uganda next week.")
    assert [e.modality for e in to if e.type == "CONSULT"] == ["planned"]


def test_an_attempt_is_reported_as_done(pipeline: Pipeline) -> None:
    text = "Gunmen tried to kill the Kenyan governor in Mombasa on Monday."
    assault = [e for e in events(pipeline, text) if e.type == "ASSAULT"]
    assert [e.modality for e in assault] == ["factual"]


def test_a_known_event_taken_up_by_a_planning_verb_stays_factual(pipeline: Pipeline) -> None:
    text = "The Kenyan government is considering Uganda's request for talks."
    asked = [e for e in events(pipeline, text) if e.type == "REQUEST"]
    assert [e.modality for e in asked] == ["factual"]
    planned = events(pipeline, "Kenya is considering sanctions against Uganda.")
    assert all(e.modality != "factual" for e in planned if e.type == "SANCTION")


def test_who_faces_or_receives_an_event_noun_is_its_target(pipeline: Pipeline) -> None:
    # the noun names its source, the verb's subject undergoes it
    condemned = dyads(events(pipeline, "Kenya faced condemnation from Uganda after the raid."))
    assert ("ACCUSE", "UGA", "KEN") in condemned
    assert not any(t == "ASSAULT" and target == "KEN" for t, _, target in condemned)
    aided = dyads(events(pipeline, "Kenya received military aid from Uganda on Monday."))
    assert ("AID", "UGA", "KEN") in aided
    # the source on the verb: "the bill attracted criticism from ..."
    bill = "The new bill attracted sharp criticism from the Ugandan government."
    assert any(t == "ACCUSE" and s == "UGA" for t, s, _ in dyads(events(pipeline, bill)))


def test_a_town_read_as_a_name_is_a_place_not_an_actor(pipeline: Pipeline) -> None:
    # the parser reads these towns as an organisation or a people; a place is no actor
    garissa = events(pipeline, "The Garissa attack was blamed on al-Shabaab by Kenya.")
    assert all(not e.source for e in garissa if e.type == "ASSAULT"), (
        "the town named before the attack did not do it"
    )
    mombasa = events(pipeline, "The Mombasa bombing killed five people, Kenyan police said.")
    assert not any("Mombasa" in a.text for e in mombasa for a in (*e.source, *e.target))
    shelled = events(pipeline, "Mandera was shelled by militants overnight, Kenyan officials said.")
    assert not any("Mandera" in a.text for e in shelled for a in e.target)
    # the subject of an active clause is used as an actor
    accused = events(pipeline, "Tamil Nadu accused the Centre of refusing to act.")
    assert any(a.text == "Tamil Nadu" for e in accused for a in e.source)


def test_a_capital_before_an_attack_says_where_not_who(pipeline: Pipeline) -> None:
    kabul = events(pipeline, "The Kabul assault was claimed by an Islamic State affiliate.")
    assault = [e for e in kabul if e.type == "ASSAULT"]
    assert assault and not any(a.country == "AFG" for e in assault for a in e.source)
    # the agent of "claimed" did it; the agent of "confirmed" only speaks of it
    assert any(a.code.startswith("IMG") for e in assault for a in e.source)
    confirmed = events(pipeline, "The attack was confirmed by the Kenyan foreign ministry.")
    assert not any(a.country == "KEN" for e in confirmed for a in (*e.source, *e.target))
    # a possessor acts: "Ankara's offensive" is Turkey's
    text = "Kurdish fighters are fending off Ankara's offensive in Afrin."
    offensive = [e for e in events(pipeline, text) if e.evidence.trigger == "offensive"]
    assert any(a.country == "TUR" for e in offensive for a in e.source)


def test_an_attack_and_the_killing_it_did_are_one_event_in_reported_speech(
    pipeline: Pipeline,
) -> None:
    text = "Kenyan police said a car bombing killed five people in Nairobi."
    assert types(pipeline, text) == ["ASSAULT"]


def test_the_noun_a_relative_clause_acts_on_is_its_target(pipeline: Pipeline) -> None:
    text = "Relations are strained over aid to the Somali militia that Kenya is fighting."
    fight = [e for e in events(pipeline, text) if e.type == "ASSAULT"]
    assert fight and any(a.sector == "REB" for e in fight for a in e.target)
    # the rebels Kenyan jets bombed are not Kenyan rebels
    text = (
        "Uganda's parliament met in Kampala on Monday to debate Uganda's budget. "
        "The rebels whom Kenyan jets bombed on Monday have withdrawn."
    )
    bombed = events(pipeline, text)
    assault = [e for e in bombed if e.type == "ASSAULT"]
    assert assault and all(a.country != "KEN" for e in assault for a in e.target)
    assert any(a.sector == "REB" for e in assault for a in e.target)
    # not a partner ("fought alongside"), nor the owner of the subject ("whose")
    partner = "Somalis trust the Kenyan forces who they have fought alongside."
    assert not any(a.country == "KEN" for e in events(pipeline, partner) for a in e.target)
    whose = "Kenya, whose soldiers are fighting alongside Somali forces, said it would stay."
    assert not any(a.code == "KEN" for e in events(pipeline, whose) for a in e.target)


def test_killed_in_an_airstrike_is_one_event_by_the_airstrikes_state(pipeline: Pipeline) -> None:
    text = "A Somali fighter was killed in a Kenyan airstrike on Monday."
    evs = events(pipeline, text)
    assert [e.type for e in evs] == ["ASSAULT"]
    assert [a.country for a in evs[0].source] == ["KEN"]
    # an accident is done by no one, and is no assault
    assert events(pipeline, "Three Kenyan soldiers were killed in a car crash.") == []


def test_who_is_said_responsible_for_an_attack_did_it(pipeline: Pipeline) -> None:
    text = "Kenyan officials said the Somali government was responsible for the attack on Garissa."
    attack = [e for e in events(pipeline, text) if e.type == "ASSAULT"]
    assert attack and [a.country for e in attack for a in e.source] == ["SOM"]


def test_a_conjunct_set_against_by_not_is_no_target(pipeline: Pipeline) -> None:
    text = "Kenyan troops are in Somalia to fight al-Shabaab, not the Somali army."
    fight = [e for e in events(pipeline, text) if e.type == "ASSAULT"]
    assert fight and not any(
        a.country == "SOM" and a.sector == "MIL" for e in fight for a in e.target
    )


def test_the_allies_of_a_state_are_not_that_state(pipeline: Pipeline) -> None:
    allies = events(pipeline, "Uganda has attacked Kenya's allies in the region.")
    assert not any(a.country == "KEN" for e in allies for a in e.target)
    us_allies = events(pipeline, "US allies were not consulted before the withdrawal.")
    assert not any(a.country == "USA" for e in us_allies for a in e.target)
    # an adjective names the allies' own state: "its Ugandan backers" are Ugandan
    text = "The Kenyan government and its Ugandan backers launched an offensive on Monday."
    backers = [e for e in events(pipeline, text) if e.type == "ASSAULT"]
    assert any(a.country == "UGA" for e in backers for a in e.source)


def test_who_is_in_custody_is_held_not_holding(pipeline: Pipeline) -> None:
    text = "Two Ugandan opposition leaders remain in detention in Kampala, officials said."
    held = [e for e in events(pipeline, text) if e.type == "COERCE"]
    assert held and not any("leaders" in a.text for e in held for a in e.source)
    assert any("leaders" in a.text for e in held for a in e.target)
    text = "The suspected Isis recruiter has been in custody in Kenya since 2016."
    recruiter = [e for e in events(pipeline, text) if e.type == "COERCE"]
    assert recruiter and not any("recruiter" in a.text for e in recruiter for a in e.source)


def test_a_state_named_before_a_journey_is_where_one_goes(pipeline: Pipeline) -> None:
    text = "The Kenyan president began a three-day Japan visit on Monday."
    visit = of_type(pipeline, text, "CONSULT")
    assert visit and not any(a.country == "JPN" for e in visit for a in e.source)
    assert any(a.country == "JPN" for e in visit for a in e.target)
    assert any(a.country == "KEN" for e in visit for a in e.source)
    # an adjective names who travels: "a Kenyan visit to Japan" is Kenya's
    text = "A Kenyan visit to Japan ended on Friday."
    kenyan = of_type(pipeline, text, "CONSULT")
    assert any(a.country == "KEN" for e in kenyan for a in e.source)


def test_people_called_foreign_take_no_country_of_the_article(pipeline: Pipeline) -> None:
    text = (
        "Peru expelled foreign journalists on Monday. Peru said the journalists had "
        "entered Peru illegally. Peruvian police escorted them to Lima airport."
    )
    expelled = of_type(pipeline, text, "SANCTION", "COERCE")
    assert expelled
    assert not any(a.country == "PER" for e in expelled[:1] for a in e.target)
    # the home country still places who is not called foreign
    text = "Peru expelled Chilean journalists. Police in Lima detained protesters."
    detained = of_type(pipeline, text, "COERCE")
    assert any(a.country == "PER" for e in detained for a in e.source)


def test_a_relative_clause_with_its_own_subject_names_its_own_doer(pipeline: Pipeline) -> None:
    text = "Chile will punish the countries that recalled Chilean diplomats."
    recalled = [e for e in events(pipeline, text) if "recalled" in e.evidence.trigger]
    assert recalled and not any(a.text == "Chile" for e in recalled for a in e.source)
    # weapons and attacks in a relative clause are still used by whoever launched them
    text = "A Kenyan-led force has launched airstrikes that have killed scores of herders."
    killed = of_type(pipeline, text, "ASSAULT")
    assert any(a.country == "KEN" for e in killed for a in e.source)


def test_the_possessor_of_an_arrest_undergoes_it(pipeline: Pipeline) -> None:
    arrest = events(pipeline, "Navalny's arrest sparked protests across Russia.")
    coerce = [e for e in arrest if e.type == "COERCE"]
    assert coerce and not any("Navalny" in a.text for e in coerce for a in e.source)
    assert any("Navalny" in a.text for e in coerce for a in e.target)
    # an "of" phrase names who undergoes it, and the possessor does it
    text = "Ecuador's expulsion of Colombian diplomats angered Bogota."
    expulsion = of_type(pipeline, text, "SANCTION")
    assert any(a.country == "ECU" for e in expulsion for a in e.source)


def test_a_possessive_pronoun_stands_for_the_subject_of_its_clause(pipeline: Pipeline) -> None:
    text = "Nurses in Kenya said their strike would continue until the government pays them."
    strike = [e for e in events(pipeline, text) if e.evidence.trigger == "strike"]
    assert any(a.sector == "HLH" for e in strike for a in e.source)
    # "their" in an object is not the target of the verb: no event about themselves
    text = "The Kenyan opposition parties defended their record in parliament."
    assert not any(
        a.sector == "OPP" or "their" in a.text for e in events(pipeline, text) for a in e.target
    )
    # nor are "its enemies" the state itself
    text = "Kenya has been accused by its enemies of arming the militia."
    accused = of_type(pipeline, text, "ACCUSE")
    assert accused and not any(a.country == "KEN" for e in accused for a in e.source)


def test_a_participle_of_a_standing_relation_is_no_event(pipeline: Pipeline) -> None:
    text = "Somali troops backed by Kenya captured the port."
    assert not of_type(pipeline, text, "SUPPORT")
    text = "The Somali president, supported by Nairobi, rejected the plan."
    assert not of_type(pipeline, text, "SUPPORT")
    # the verb itself still reports the act
    text = "Kenya backed the Somali president in the dispute with Ethiopia."
    backed = of_type(pipeline, text, "SUPPORT")
    assert any(a.country == "KEN" for e in backed for a in e.source)


def test_educators_are_a_sector(pipeline: Pipeline) -> None:
    text = "Educators in Kenya marched to parliament to demand higher pay."
    protest = of_type(pipeline, text, "PROTEST")
    assert any(a.sector == "EDU" for e in protest for a in e.source)


def test_what_is_said_to_the_press_is_no_refusal_or_appeal(pipeline: Pipeline) -> None:
    text = "The Kenyan foreign ministry declined to comment on the report."
    assert not of_type(pipeline, text, "REJECT")
    text = "A Kenyan official, who requested anonymity, said the talks had failed."
    assert not of_type(pipeline, text, "REQUEST")
    # a refusal to answer another actor is still one
    text = "Kenya refused to explain its decision to the United Nations."
    refusal = of_type(pipeline, text, "REJECT")
    assert any(a.country == "KEN" for e in refusal for a in e.source)


def test_signing_a_paper_is_no_deal(pipeline: Pipeline) -> None:
    text = "The Kenyan president signed an executive order on Monday."
    assert not of_type(pipeline, text, "SUPPORT", "AGREE")
    text = "Activists handed in a petition signed by Kenyan MPs to the ministry."
    assert not of_type(pipeline, text, "SUPPORT", "AGREE")
    # signing with a party, or an agreement, still is
    text = "Kenya and Ethiopia signed in Nairobi on Tuesday."
    assert of_type(pipeline, text, "SUPPORT", "AGREE")


def test_verbs_and_phrases_of_criticism_are_accusations(pipeline: Pipeline) -> None:
    text = "The Kenyan president chided Ugandan officials for the delay."
    chided = of_type(pipeline, text, "ACCUSE")
    assert any(a.country == "UGA" for e in chided for a in e.target)
    text = "Kenya hit out at the Ugandan government over the border closure."
    hit = of_type(pipeline, text, "ACCUSE")
    assert any(a.country == "UGA" for e in hit for a in e.target)
    assert not of_type(pipeline, text, "ASSAULT")
    # attacking a decision is words, attacking a base is force
    text = "The Kenyan opposition attacked the Ugandan government's decision to close the border."
    words = events(pipeline, text)
    assert [e for e in words if e.type == "ACCUSE"]
    assert not [e for e in words if e.type == "ASSAULT" and "attacked" in e.evidence.trigger]


def test_what_is_planned_is_not_the_object_of_the_act(pipeline: Pipeline) -> None:
    text = "Ugandan troops are making final plans to attack the rebels inside Kenya."
    planned = [e for e in events(pipeline, text) if "attack" in e.evidence.trigger]
    assert planned and not any(e.type == "ACCUSE" for e in planned)


def test_a_warning_of_what_others_do_or_what_is_is_no_threat(pipeline: Pipeline) -> None:
    text = "The Kenyan health ministry warned that cholera was spreading in the camps."
    assert not of_type(pipeline, text, "THREATEN")
    text = "Kenyan officials warned that Uganda is arming the rebels."
    assert not of_type(pipeline, text, "THREATEN")
    # the speaker's own side, what will come, or someone warned: still a threat
    text = "Kenya warned that Kenyan troops would cross the border."
    assert of_type(pipeline, text, "THREATEN")
    text = "The Kenyan president warned that missiles will be coming."
    assert of_type(pipeline, text, "THREATEN")
    text = "Kenya warned Uganda that an operation was imminent."
    assert of_type(pipeline, text, "THREATEN")


def test_advice_given_with_should_is_a_factual_appeal(pipeline: Pipeline) -> None:
    text = "The Kenyan foreign minister said Uganda should withdraw its troops."
    advice = of_type(pipeline, text, "REQUEST")
    assert advice and all(e.modality == "factual" for e in advice)


def test_committing_a_crime_is_no_promise(pipeline: Pipeline) -> None:
    text = "Ugandan forces have committed numerous war crimes in the border region."
    assert not of_type(pipeline, text, "AGREE")
    text = "Kenya has committed itself to the peace process with Uganda."
    assert of_type(pipeline, text, "AGREE")


def test_a_refusal_or_threat_to_act_is_one_event(pipeline: Pipeline) -> None:
    text = "Peru refused to meet Chilean officials on Tuesday."
    found = events(pipeline, text)
    assert [e.type for e in found] == ["REJECT"]
    assert {a.country for a in found[0].target} == {"CHL"}
    text = "Peru threatened to attack Chilean border posts."
    assert [e.type for e in events(pipeline, text)] == ["THREATEN"]


def test_a_refusal_noun_is_a_refusal_aimed_at_its_content(pipeline: Pipeline) -> None:
    text = "Peru's refusal to back the Chilean resolution angered Lima's neighbours."
    found = of_type(pipeline, text, "REJECT")
    assert len(found) == 1
    assert {a.country for a in found[0].source} == {"PER"}
    assert {a.country for a in found[0].target} == {"CHL"}
    assert not of_type(pipeline, text, "SUPPORT")  # the backing refused is not done
    text = "The threats of some Chilean officials to attack Peru were condemned."
    threat = of_type(pipeline, text, "THREATEN")
    assert threat and {a.country for a in threat[0].source} == {"CHL"}
    assert {a.country for a in threat[0].target} == {"PER"}


def test_an_act_one_can_or_may_do_is_no_event(pipeline: Pipeline) -> None:
    text = "The Peruvian government has the power to bar the return of Chilean fighters."
    assert not of_type(pipeline, text, "COERCE")
    text = "Peruvian rebels lack the ability to attack the Chilean army."
    assert not of_type(pipeline, text, "ASSAULT")
    text = "The Peruvian president misses no opportunity to criticise Chile."
    assert not of_type(pipeline, text, "ACCUSE")
    # an attempt or a decision is still news
    text = "Peru's decision to expel Chilean diplomats angered Santiago."
    assert of_type(pipeline, text, "SANCTION")


def test_an_act_in_a_condition_is_no_event(pipeline: Pipeline) -> None:
    text = "Peru warned that if Chile expands its navy, Peruvian ships will respond."
    assert not any("expand" in e.evidence.trigger for e in events(pipeline, text))
    text = "Peru will ask Chile for talks unless Bolivia halts its shelling of Tacna."
    assert not of_type(pipeline, text, "ASSAULT")
    text = "Bolivia pledged support to Peru in the event of a Chilean strike."
    assert not of_type(pipeline, text, "ASSAULT")
    # a clause of its own is not the condition's
    text = "If the talks fail, Peru said, Chilean troops attacked Tacna on Monday."
    assert of_type(pipeline, text, "ASSAULT")


def test_an_act_told_as_lasting_years_is_a_standing_relation(pipeline: Pipeline) -> None:
    text = "The Peruvian rebels have fought a four-decade insurgency against the Chilean state."
    assert not of_type(pipeline, text, "ASSAULT")
    text = "Peru has been threatening Bolivian farmers for years."
    assert not of_type(pipeline, text, "THREATEN")
    # a term of prison is news, and so is a long rule ended
    text = "A Chilean soldier has been jailed for eight years by a Peruvian court."
    assert of_type(pipeline, text, "COERCE")


def test_a_missile_strike_ordered_is_no_arms_purchase(pipeline: Pipeline) -> None:
    text = "The Peruvian president ordered a missile strike against Chilean positions."
    assert not of_type(pipeline, text, "COOPERATE")
    assert of_type(pipeline, text, "ASSAULT")
    text = "Peru ordered 40 Russian missiles from Moscow on Monday."
    assert of_type(pipeline, text, "COOPERATE")


def test_hosting_bases_or_refugees_is_no_meeting(pipeline: Pipeline) -> None:
    text = "Peru hosts Chilean military bases on its northern coast."
    assert not of_type(pipeline, text, "CONSULT")
    text = "Peru hosts 3 million Chilean refugees, the Peruvian government said."
    assert not of_type(pipeline, text, "CONSULT")
    text = "The Peruvian president hosted the Chilean president in Lima on Monday."
    assert of_type(pipeline, text, "CONSULT")


def test_asking_questions_is_no_appeal(pipeline: Pipeline) -> None:
    text = "Peruvian soldiers at the checkpoint began asking the Chilean journalists questions."
    assert not of_type(pipeline, text, "REQUEST")
    text = "Peruvian officials asked the Chilean journalists to leave the border area."
    assert of_type(pipeline, text, "REQUEST")


def test_every_act_threatened_is_part_of_one_threat(pipeline: Pipeline) -> None:
    text = "Peru threatened to close the Chilean embassy and to expel Chilean diplomats."
    assert [e.type for e in events(pipeline, text)] == ["THREATEN"]


def test_an_act_beside_a_threat_is_no_threat(pipeline: Pipeline) -> None:
    text = "Peru threatened the Chilean government, and in 2018 invaded Arica."
    invaded = [e for e in events(pipeline, text) if "invaded" in e.evidence.trigger]
    assert invaded and invaded[0].type == "ASSAULT" and invaded[0].modality == "factual"


def test_a_materiel_word_modifying_other_events_keeps_them(pipeline: Pipeline) -> None:
    # only an act of violence makes a materiel word no purchase: aid deliveries stay aid
    text = "The Peruvian government suspended aid deliveries to Chile on Wednesday."
    assert of_type(pipeline, text, "SANCTION")


def test_offering_remarks_is_no_offer(pipeline: Pipeline) -> None:
    text = "The Peruvian foreign minister offered remarks on Chile at the summit."
    assert not of_type(pipeline, text, "AGREE")
    text = "The Peruvian foreign minister offered talks to Chile."
    assert of_type(pipeline, text, "AGREE")


def test_a_passive_subject_gives_force_another_sense(pipeline: Pipeline) -> None:
    text = "Peru claimed the evidence was being destroyed by the Chilean army."
    assert not of_type(pipeline, text, "ASSAULT")
    text = "Peru claimed Chilean villages were being destroyed by the Chilean army."
    assert of_type(pipeline, text, "ASSAULT")


def test_dropping_a_demand_is_a_concession(pipeline: Pipeline) -> None:
    text = "Peru softened its objections to the Chilean plan on Monday."
    found = of_type(pipeline, text, "CONCEDE")
    assert found and {a.country for a in found[0].source} == {"PER"}


def test_the_people_of_a_state_doing_its_acts_are_its_side(pipeline: Pipeline) -> None:
    text = (
        "Talks resumed in Lima on Monday. "
        "Since then the Chileans have dropped their demand for a new border."
    )
    found = of_type(pipeline, text, "CONCEDE")
    assert found and [a.code for a in found[0].source] == ["CHL"]
    # a crowd protesting is still a crowd
    text = "The Chileans protested against the Peruvian government in Lima."
    protest = of_type(pipeline, text, "PROTEST")
    assert protest and all(a.sector == "CVL" for a in protest[0].source)


def test_a_conjunct_hung_on_a_reported_description_is_the_reporters(pipeline: Pipeline) -> None:
    # the parser coordinates "called" with "was"; the ministry calls
    text = (
        "The Peruvian foreign ministry said the situation at the border was critical "
        "and called on Chile to open its crossings."
    )
    found = of_type(pipeline, text, "REQUEST")
    assert found and {a.country for a in found[0].source} == {"PER"}
    assert {a.country for a in found[0].target} == {"CHL"}
    # a description of an actor keeps that actor as the one who acts
    text = (
        "The Peruvian president said the Chilean envoy was a friend of Bolivia "
        "and refused to meet him."
    )
    refusals = of_type(pipeline, text, "REJECT")
    assert refusals and {a.country for a in refusals[0].source} == {"CHL"}


def test_an_act_a_topic_noun_is_about_is_not_done_by_its_subject(pipeline: Pipeline) -> None:
    # the inquiry is about the attack: Peru did not attack, nor plan to
    text = "Peru called for an inquiry into the attack on the Chilean embassy."
    assert all(
        "PER" not in {a.country for a in e.source} for e in of_type(pipeline, text, "ASSAULT")
    )
    text = "The Peruvian president made no mention of the attack on the Chilean embassy."
    assert all(e.modality != "negated" for e in of_type(pipeline, text, "ASSAULT"))
    # an attack the sentence reports is still one
    text = "Peru attacked the Chilean embassy on Monday, and Chile called for an inquiry."
    assert [a.country for a in of_type(pipeline, text, "ASSAULT")[0].source] == ["PER"]


def test_what_one_is_called_denounces_or_praises(pipeline: Pipeline) -> None:
    text = "The Peruvian president called the Chilean leader a liar on Monday."
    found = of_type(pipeline, text, "ACCUSE")
    assert found and [a.country for a in found[0].target] == ["CHL"]
    assert not of_type(pipeline, text, "CONSULT")  # no telephone call
    text = "Peru branded the Chilean government a threat to regional peace."
    assert of_type(pipeline, text, "ACCUSE") and not of_type(pipeline, text, "THREATEN")
    text = "The Peruvian president called the Chilean leader a great statesman."
    assert of_type(pipeline, text, "SUPPORT")
    # what one calls oneself, and what private people call each other, are no events
    text = "The Peruvian president has long portrayed himself a champion of the poor."
    assert not of_type(pipeline, text, "SUPPORT")
    text = "Jane Doe described her son as a hero."
    assert not of_type(pipeline, text, "SUPPORT")


def test_a_clause_of_fact_keeps_its_own_modality(pipeline: Pipeline) -> None:
    text = (
        "Analysts predicted that Isis would make a comeback, "
        "just as the Chilean army shelled Peruvian border posts in 2001."
    )
    found = of_type(pipeline, text, "ASSAULT")
    assert found and found[0].modality == "factual"
    # the prediction itself is still speculative
    text = "Analysts predicted that the Chilean army would shell Peruvian border posts."
    found = of_type(pipeline, text, "ASSAULT")
    assert found and found[0].modality == "speculative"


def test_telling_another_to_act_is_a_demand_unless_the_act_is_coded(
    pipeline: Pipeline,
) -> None:
    text = "Peru has ordered Chile to reduce its staffing at the embassy in Lima."
    found = of_type(pipeline, text, "REQUEST")
    assert found and [a.country for a in found[0].target] == ["CHL"]
    # the ordered act is the event: a suspension, not a demand
    text = "The Peruvian government ordered the opposition newspaper to suspend publication."
    assert not of_type(pipeline, text, "REQUEST") and of_type(pipeline, text, "COERCE")
    # a neighbour telling someone to see a doctor is private life
    text = "Her neighbour told her to go to the nearest clinic in Lima."
    assert not of_type(pipeline, text, "REQUEST")


def test_a_plot_or_a_promise_makes_its_act_planned(pipeline: Pipeline) -> None:
    for text in (
        "Police uncovered a plot by the rebels to attack the Peruvian army in Lima.",
        "The Chilean president stepped back from his promise to shell Peruvian border posts.",
    ):
        found = of_type(pipeline, text, "ASSAULT", "THREATEN")
        assert found and all(e.modality != "factual" for e in found), text


def test_an_act_in_case_of_which_one_prepares_is_supposed(pipeline: Pipeline) -> None:
    text = (
        "The Peruvian volunteers recorded a statement of intent that they were asked "
        "to make in case they are killed by the Chilean army."
    )
    assert not of_type(pipeline, text, "ASSAULT")
    text = "The Chilean army killed two Peruvian volunteers in the case of the border dispute."
    assert of_type(pipeline, text, "ASSAULT")


def test_at_names_what_is_aimed_at(pipeline: Pipeline) -> None:
    text = "Lima has threatened to hit back militarily at Chile."
    found = of_type(pipeline, text, "THREATEN")
    assert found and [a.country for a in found[0].target] == ["CHL"]
    text = "The Peruvian president lashed out at Chile on Monday."
    found = of_type(pipeline, text, "ACCUSE")
    assert found and [a.country for a in found[0].target] == ["CHL"]


def test_an_act_asked_for_after_for_is_not_done(pipeline: Pipeline) -> None:
    text = "The Peruvian senator calls for attacking Chilean bases in the north."
    assert of_type(pipeline, text, "REQUEST") and not of_type(pipeline, text, "ASSAULT")


def test_what_a_report_or_claim_says_is_hearsay_not_an_attack_on_it(pipeline: Pipeline) -> None:
    text = "There were reports that the Chilean army attacked a Peruvian convoy."
    assert not of_type(pipeline, text, "ACCUSE")  # no one attacked the reports
    found = of_type(pipeline, text, "ASSAULT")
    assert found and found[0].modality == "speculative"
    text = "Peru confirmed the news that the Chilean army attacked a Peruvian convoy."
    found = of_type(pipeline, text, "ASSAULT")
    assert found and found[0].modality == "factual"


def test_a_titled_surname_the_tagger_reads_as_a_noun_keeps_its_country(
    pipeline: Pipeline,
) -> None:
    text = (
        "The UK’s former intelligence chief Sir John Sawers has backed retaliatory action "
        "against Syria. Sawers, who was head of MI6 from 2009 to 2014, said military "
        "action was right. Sawers also accused the Kremlin of being behind the poisoning."
    )
    found = [e for e in of_type(pipeline, text, "ACCUSE") if e.evidence.trigger == "accused"]
    assert found and [a.country for a in found[0].source] == ["GBR"]


def test_who_answers_a_request_is_its_target(pipeline: Pipeline) -> None:
    for text, source, target in (
        ("The Chilean government is considering Peru's request for access.", "PER", "CHL"),
        ("Lima's demands for a truce were rebuffed by Santiago.", "PER", "CHL"),
        ("Chile is not responding to the Peruvian demands.", "PER", "CHL"),
    ):
        found = of_type(pipeline, text, "REQUEST")
        assert found, text
        assert [a.country for a in found[0].source] == [source], text
        assert [a.country for a in found[0].target] == [target], text
        assert found[0].modality == "factual", text  # the request was made, answered or not


def test_a_promised_response_is_a_threat_and_what_it_answers_is_not_its_own(
    pipeline: Pipeline,
) -> None:
    for text in (
        "Peru promised a strong response to any incursion.",
        "The Peruvian president vowed revenge for the killing of the Peruvian consul.",
        "Lima pledged retaliation against the Chilean navy.",
    ):
        assert of_type(pipeline, text, "THREATEN") and not of_type(pipeline, text, "AGREE"), text
    text = "The Peruvian president vowed revenge for the killing of the Peruvian consul."
    threat = of_type(pipeline, text, "THREATEN")[0]
    assert not threat.target  # the consul was killed, not threatened
    # the president did not kill him
    assert all(not e.source for e in of_type(pipeline, text, "ASSAULT"))
    text = "Peru promised to cooperate with Chile in its response to the floods."
    assert not of_type(pipeline, text, "THREATEN")


def test_a_coming_or_imminent_attack_is_planned(pipeline: Pipeline) -> None:
    for text in (
        "Villagers are bracing for an imminent attack by Chilean forces.",
        "Peru and Chile use a hotline ahead of the coming Chilean strikes on Lima.",
    ):
        found = of_type(pipeline, text, "ASSAULT")
        assert found and all(e.modality == "planned" for e in found), text


def test_the_side_one_fights_for_is_not_the_target(pipeline: Pipeline) -> None:
    text = (
        "The Chilean minister accused Peru of recruiting soldiers to fight for the Bolivian army."
    )
    fights = [e for e in of_type(pipeline, text, "ASSAULT") if e.evidence.trigger == "fight"]
    assert fights and all("BOL" not in {a.country for a in e.target} for e in fights)


def test_a_clause_as_subject_does_no_act(pipeline: Pipeline) -> None:
    from realpolitik.events.extract import _clause_subject

    def subject_clause(text: str) -> bool:
        doc = pipeline.nlp(text)
        root = next(t for t in doc if t.dep_ == "ROOT")
        return any(_clause_subject(c) for c in root.children)

    assert subject_clause("Pushing Peruvian troops out of Arica allowed Chile to claim victory.")
    assert not subject_clause("The army, using Chilean tanks, overran the Peruvian town.")
    text = "Save the Children urged the Peruvian government to protect children."
    assert of_type(pipeline, text, "REQUEST")  # a name the parser reads as a verb


def test_insisting_on_a_fact_is_a_claim_and_on_what_should_be_a_demand(
    pipeline: Pipeline,
) -> None:
    for text in (
        "Peru insisted that the Chilean army remained a threat.",
        "The Peruvian minister insisted the Chilean navy had the right to patrol the coast.",
        "Lima insists it cannot house the Chilean refugees.",
    ):
        assert not of_type(pipeline, text, "REQUEST"), text
    for text in (
        "Peru insisted that the Chilean president step aside.",
        "Peru insisted that Chile should withdraw its troops.",
        "Peru insisted on the withdrawal of Chilean troops.",
    ):
        assert of_type(pipeline, text, "REQUEST"), text


def test_pushing_or_lobbying_another_to_act_is_a_request(pipeline: Pipeline) -> None:
    text = "The Peruvian opposition has been lobbying Chile not to offer aid to Lima."
    found = of_type(pipeline, text, "REQUEST")
    assert found and [a.country for a in found[0].target] == ["CHL"]
    assert not of_type(pipeline, text, "REJECT")  # the refusal is only asked for
    text = "Peru has been pushing Chile to hold off on launching an attack."
    assert of_type(pipeline, text, "REQUEST")


def test_pressure_to_act_is_a_request_and_the_act_is_not_done(pipeline: Pipeline) -> None:
    for text in (
        "Lima has put pressure on Santiago to release the Peruvian prisoners.",
        "Santiago is under pressure from Lima to release the Peruvian prisoners.",
    ):
        found = of_type(pipeline, text, "REQUEST")
        assert found, text
        assert [a.country for a in found[0].source] == ["PER"], text
        assert [a.country for a in found[0].target] == ["CHL"], text
        assert not of_type(pipeline, text, "CONCEDE"), text
    assert not of_type(pipeline, "The Chilean economy is under pressure.", "REQUEST")


def test_who_comes_under_an_act_undergoes_it(pipeline: Pipeline) -> None:
    text = "The Peruvian army came under attack from Chilean rebels."
    found = of_type(pipeline, text, "ASSAULT")
    assert found and [a.country for a in found[0].target] == ["PER"]
    assert [a.country for a in found[0].source] == ["CHL"]


def test_who_is_convicted_on_charges_is_their_target(pipeline: Pipeline) -> None:
    text = "The Peruvian colonel was convicted on terror charges last year."
    found = of_type(pipeline, text, "ACCUSE")
    assert found and not found[0].source
    assert [a.country for a in found[0].target] == ["PER"]


def test_forces_stationed_somewhere_are_a_standing_posture(pipeline: Pipeline) -> None:
    for text in (
        "Up to 2,000 Chilean soldiers are stationed in the area.",
        "The Peruvians fear an attack if the 2,000 Chilean troops stationed in Tacna leave.",
    ):
        assert not of_type(pipeline, text, "MOBILIZE"), text
    text = "Chile stationed 2,000 troops in Arica on Monday."
    assert of_type(pipeline, text, "MOBILIZE")


def test_murders_and_expressed_concern_are_events(pipeline: Pipeline) -> None:
    text = "The murder of the Peruvian journalist by Chilean agents was condemned."
    found = of_type(pipeline, text, "ASSAULT")
    assert found and [a.country for a in found[0].target] == ["PER"]
    text = "Chile expressed strong concern over the Peruvian missile tests."
    found = of_type(pipeline, text, "ACCUSE")
    assert found and [a.country for a in found[0].source] == ["CHL"]


def test_advancing_on_a_place_is_an_assault_and_dropping_charges_a_concession(
    pipeline: Pipeline,
) -> None:
    text = "Chilean forces advanced on Tacna in October."
    found = of_type(pipeline, text, "ASSAULT")
    assert found and [a.country for a in found[0].source] == ["CHL"]
    assert not of_type(pipeline, "The Chilean government pushed on with its reforms.", "ASSAULT")
    assert of_type(pipeline, "Peruvian teachers marched on the Congress in Lima.", "PROTEST")
    text = "Chilean prosecutors dropped the charges against the Peruvian diplomat."
    assert of_type(pipeline, text, "CONCEDE") and not of_type(pipeline, text, "ACCUSE")
    text = "Peruvian police swooped on the house and arrested three men."
    assert len(of_type(pipeline, text, "COERCE")) == 2


def test_even_if_concedes_rather_than_supposes(pipeline: Pipeline) -> None:
    text = "Lima remains committed to the treaty, even if it criticises the Chilean navy."
    found = of_type(pipeline, text, "ACCUSE")
    assert found and found[0].modality == "factual"
    assert not of_type(pipeline, "Lima will protest if Chile attacks Peruvian boats.", "ASSAULT")


def test_sentences_and_convictions_are_judicial_events(pipeline: Pipeline) -> None:
    text = "The Peruvian colonel was sentenced to ten years in prison by a Chilean court."
    found = of_type(pipeline, text, "COERCE")
    assert found and [a.country for a in found[0].source] == ["CHL"]
    assert [a.country for a in found[0].target] == ["PER"]
    text = "A Chilean court gave the Peruvian colonel a suspended sentence."
    found = of_type(pipeline, text, "COERCE")
    assert found and [a.country for a in found[0].target] == ["PER"]
    text = "A Chilean court convicted the Peruvian colonel of espionage."
    found = of_type(pipeline, text, "ACCUSE")
    assert found and [a.country for a in found[0].target] == ["PER"]


def test_approval_said_with_an_adjective_is_support(pipeline: Pipeline) -> None:
    text = "Peru is grateful to Chile for its help after the earthquake."
    found = of_type(pipeline, text, "SUPPORT")
    assert found and [a.country for a in found[0].source] == ["PER"]
    assert [a.country for a in found[0].target] == ["CHL"]


def test_coordinated_prepositions_each_name_a_target(pipeline: Pipeline) -> None:
    text = "Peru is negotiating with Chile and with Bolivia."
    found = of_type(pipeline, text, "CONSULT")
    assert found and sorted(a.country for e in found for a in e.target) == ["BOL", "CHL"]


def test_what_one_does_with_whom_one_met_has_them_as_target(pipeline: Pipeline) -> None:
    text = "The Peruvian president met his Chilean counterpart and signed a fishing accord."
    found = of_type(pipeline, text, "AGREE", "SUPPORT")
    assert found and [a.country for a in found[0].target] == ["CHL"]
    text = "The Peruvian president met his Chilean counterpart and Bolivia signed an accord."
    found = of_type(pipeline, text, "AGREE", "SUPPORT")
    assert all(a.country != "CHL" for e in found for a in e.target)


def test_who_is_allowed_to_act_is_the_target(pipeline: Pipeline) -> None:
    text = "Lima allowed Chile to open a consulate in Tacna."
    found = of_type(pipeline, text, "CONCEDE")
    assert found and [a.country for a in found[0].target] == ["CHL"]
    assert not of_type(pipeline, "The rules allow the Peruvian opposition to speak.", "CONCEDE")


def test_ground_lost_to_another_is_taken_by_it(pipeline: Pipeline) -> None:
    text = "The border town fell to Chilean troops on Monday."
    found = of_type(pipeline, text, "ASSAULT")
    assert found and [a.country for a in found[0].source] == ["CHL"]
    assert not found[0].target
    text = "The Peruvian army lost the border town to Chilean troops."
    found = of_type(pipeline, text, "ASSAULT")
    assert found and [a.country for a in found[0].source] == ["CHL"]
    assert [a.country for a in found[0].target] == ["PER"]
    for text in (
        "Peruvian exports fell to their lowest level in a decade.",
        "The Chilean minister lost his seat to a rival.",
    ):
        assert not of_type(pipeline, text, "ASSAULT"), text


def test_the_doer_of_a_criticised_act_is_the_target(pipeline: Pipeline) -> None:
    text = "Bolivia criticised Chile's invasion of southern Peru."
    found = of_type(pipeline, text, "ACCUSE")
    assert found and [a.country for a in found[0].target] == ["CHL"]
    text = "Bolivia criticised Chile's expulsion of Peruvian diplomats."
    found = of_type(pipeline, text, "ACCUSE")
    assert found and [a.country for a in found[0].target] == ["CHL"]


def test_a_side_described_by_its_fighting_is_no_event(pipeline: Pipeline) -> None:
    text = "The Peruvian government armed the militias fighting Chilean rebels."
    assert not of_type(pipeline, text, "ASSAULT")
    text = "Peruvian militias are fighting Chilean rebels near Tacna."
    assert of_type(pipeline, text, "ASSAULT")


def test_what_an_open_question_asks_is_not_reported(pipeline: Pipeline) -> None:
    text = "It is not known whether Chilean troops attacked the Peruvian border post."
    assert not of_type(pipeline, text, "ASSAULT")
    text = "Peru asked if Chile would expel the Bolivian ambassador."
    assert of_type(pipeline, text, "REQUEST") and not of_type(pipeline, text, "SANCTION")
    text = "Chilean troops attacked the Peruvian border post, the ministry said."
    assert of_type(pipeline, text, "ASSAULT")


def test_releasing_people_is_a_concession_and_handing_back_ground_a_retreat(
    pipeline: Pipeline,
) -> None:
    text = "Chile released 30 Peruvian prisoners on Monday."
    found = of_type(pipeline, text, "CONCEDE")
    assert found and [a.country for a in found[0].source] == ["CHL"]
    assert [a.country for a in found[0].target] == ["PER"]
    assert not of_type(pipeline, text, "RETREAT")
    assert of_type(pipeline, "Chilean forces handed over the territory to Peru.", "RETREAT")


def test_people_captured_are_detained_and_a_scene_captured_is_not(pipeline: Pipeline) -> None:
    text = "Chilean troops captured three Peruvian soldiers near Tacna."
    found = of_type(pipeline, text, "COERCE")
    assert found and [a.country for a in found[0].target] == ["PER"]
    for text in (
        "The Chilean film captures the mood of the Peruvian rebels.",
        "The arrests of Peruvian activists by Chilean police were captured on film.",
    ):
        assert not [e for e in events(pipeline, text) if "capture" in e.evidence.rule], text


def test_a_fault_tweeted_is_criticism(pipeline: Pipeline) -> None:
    text = "The Peruvian president tweeted that the Chilean decision was callous."
    found = of_type(pipeline, text, "ACCUSE")
    assert found and [a.country for a in found[0].source] == ["PER"]


def test_a_victory_in_arms_is_an_assault_and_a_vote_or_a_purpose_is_not(
    pipeline: Pipeline,
) -> None:
    text = "Chilean troops drove the Peruvian rebels out of Tacna."
    found = of_type(pipeline, text, "ASSAULT")
    assert found and [a.country for a in found[0].source] == ["CHL"]
    assert [a.country for a in found[0].target] == ["PER"]
    for text in (
        "The Peruvian opposition defeated the government's budget in Congress.",
        "Chile joined the coalition to defeat the Peruvian rebels.",
    ):
        assert not [e for e in events(pipeline, text) if "defeat" in e.evidence.rule], text


def test_a_victory_vowed_is_a_threat_and_no_promise(pipeline: Pipeline) -> None:
    text = "Chile vowed to crush the Peruvian rebels."
    found = of_type(pipeline, text, "THREATEN")
    assert found and [a.country for a in found[0].source] == ["CHL"]
    assert [a.country for a in found[0].target] == ["PER"]
    text = "The Chilean president vowed to strangle the Peruvian militia."
    assert not of_type(pipeline, text, "AGREE")


@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        ("Chile is working closely with Peru on border security.", "COOPERATE", "PER"),
        ("The Chilean army teamed up with Peruvian troops.", "COOPERATE", "PER"),
        ("The Chilean president paid tribute to the Peruvian soldiers.", "SUPPORT", "PER"),
        ("Chile balked at the Peruvian demands.", "REJECT", "PER"),
        ("The Chilean president took exception to Peru's remarks.", "ACCUSE", "PER"),
        ("Chile held Peru responsible for the attack.", "ACCUSE", "PER"),
        ("Chilean activists called the Peruvian minister to account.", "ACCUSE", "PER"),
        ("Chile objected to Peru's plan.", "ACCUSE", "PER"),
        ("The Chilean government stripped two Peruvian men of their citizenship.", "COERCE", "PER"),
    ],
)
def test_cooperation_praise_refusal_and_criticism_said_in_phrases(
    pipeline: Pipeline, text: str, kind: str, target: str
) -> None:
    found = of_type(pipeline, text, kind)
    assert found and [a.country for a in found[0].source] == ["CHL"], text
    assert [a.country for a in found[0].target] == [target], text
    assert [a.country for a in found[0].target] == [target], text


def test_working_with_a_private_party_is_no_cooperation(pipeline: Pipeline) -> None:
    assert not of_type(pipeline, "She worked with the charity for years.", "COOPERATE")
    text = "The mother paid tribute to her son."
    assert not of_type(pipeline, text, "SUPPORT")


def test_a_verb_in_re_repeats_an_act_only_when_it_means_again(pipeline: Pipeline) -> None:
    assert of_type(pipeline, "Chile reimposed sanctions on Peru.", "SANCTION")
    text = "The Chilean minister recommended a plan drawn up by the Peruvian government."
    assert not of_type(pipeline, text, "SUPPORT")


def test_a_visit_is_made_by_whom_its_of_phrase_names(pipeline: Pipeline) -> None:
    text = "Following the visit of the Chilean president to Peru, trade grew."
    found = of_type(pipeline, text, "CONSULT")
    assert found and [a.country for a in found[0].source] == ["CHL"]
    assert [a.country for a in found[0].target] == ["PER"]
    text = "The Peruvian trip from Santiago to Lima takes six hours."
    assert all(a.country != "CHL" for e in events(pipeline, text) for a in e.source)


def test_who_used_the_weapon_did_the_killing_once(pipeline: Pipeline) -> None:
    text = "A Chilean soldier was killed by a roadside bomb planted by Peruvian rebels."
    found = [e for e in events(pipeline, text) if e.type == "ASSAULT"]
    assert len(found) == 1
    assert [a.country for a in found[0].source] == ["PER"]
    assert [a.country for a in found[0].target] == ["CHL"]
    text = "The Chilean envoy was poisoned by a nerve agent developed by Peru's army."
    assert all(a.country != "PER" for e in events(pipeline, text) for a in e.source)


@pytest.mark.parametrize(
    "text",
    [
        "The Chilean plan met a mixed response in Peru.",
        "The Chilean plan met with fierce criticism from Peru.",
        "Chile met the deadline set by Peru.",
    ],
)
def test_meeting_a_response_or_a_deadline_is_no_meeting(pipeline: Pipeline, text: str) -> None:
    assert not of_type(pipeline, text, "CONSULT"), text


def test_a_demand_that_someone_act_is_addressed_to_them(pipeline: Pipeline) -> None:
    text = "The Chilean demand that Peru withdraw its troops was rejected."
    found = of_type(pipeline, text, "REQUEST")
    assert found and [a.country for a in found[0].target] == ["PER"]
    text = "Chile repeated its demand that the Peruvian rebels get a seat at the talks."
    assert all(a.country != "PER" for e in of_type(pipeline, text, "REQUEST") for a in e.target)


def test_a_fault_said_with_an_adverb_or_a_noun_is_criticism(pipeline: Pipeline) -> None:
    for text in (
        "The Chilean minister said Peru had acted irresponsibly.",
        "Chile said the Peruvian decision was an affront to its people.",
    ):
        found = of_type(pipeline, text, "ACCUSE")
        assert found and [a.country for a in found[0].target] == ["PER"], text
    assert not of_type(pipeline, "Chile said Peru had acted quickly.", "ACCUSE")


def test_a_closure_needs_something_closed(pipeline: Pipeline) -> None:
    assert not of_type(pipeline, "The Chilean court closed this week.", "COERCE")
    assert not of_type(pipeline, "Chilean forces closed in on the Peruvian rebels.", "COERCE")
    text = "The Chilean-led search for the Peruvian jet was suspended in January."
    assert not of_type(pipeline, text, "COERCE")
    found = of_type(pipeline, "Chile closed its border with Peru.", "COERCE")
    assert found and [a.country for a in found[0].source] == ["CHL"]


def test_a_visit_or_call_among_private_people_is_private_life(pipeline: Pipeline) -> None:
    text = "Juan Pérez, a Peruvian student, was visiting his father in Santiago."
    assert not of_type(pipeline, text, "CONSULT")
    text = "Juan Pérez, a Peruvian student, visited the Chilean embassy in Lima."
    assert of_type(pipeline, text, "CONSULT")


def test_who_fought_with_another_against_a_foe_fought_the_foe(pipeline: Pipeline) -> None:
    text = "Chilean troops fought with Peruvian troops against Bolivian rebels."
    found = of_type(pipeline, text, "ASSAULT")
    assert found and [a.country for a in found[0].target] == ["BOL"]
    found = of_type(pipeline, "Chilean troops fought with Peruvian rebels.", "ASSAULT")
    assert found and [a.country for a in found[0].target] == ["PER"]


def test_a_warning_of_a_danger_is_no_threat(pipeline: Pipeline) -> None:
    assert not of_type(pipeline, "The UN warned of a looming famine in Peru.", "THREATEN")
    text = "Chile warned of serious consequences if Peru expelled its diplomats."
    found = of_type(pipeline, text, "THREATEN")
    assert found and [a.country for a in found[0].source] == ["CHL"]


def test_a_message_asking_for_something_asks_its_addressee(pipeline: Pipeline) -> None:
    text = "The Peruvian government wrote to the Chilean president asking for talks."
    found = of_type(pipeline, text, "REQUEST")
    assert found and [a.country for a in found[0].target] == ["CHL"]


def test_who_is_ousted_in_a_with_clause_undergoes_it(pipeline: Pipeline) -> None:
    text = "With the Peruvian rebels crushed, Chile turned to Bolivia."
    assert not [e for e in events(pipeline, text) if any(a.country == "PER" for a in e.source)]


def test_hostages_taken_and_people_held_by_a_force(pipeline: Pipeline) -> None:
    found = of_type(
        pipeline, "Two Chilean reporters were taken hostage by Peruvian rebels.", "ASSAULT"
    )
    assert found and found[0].cameo == "181"
    assert [a.country for a in found[0].source] == ["PER"]
    assert [(a.country, a.sector) for a in found[0].target] == [("CHL", "MED")]
    text = "Hundreds of foreign fighters are held by the Peruvian army."
    found = of_type(pipeline, text, "COERCE")
    assert found and [a.code for a in found[0].source] == ["PERMIL"]
    text = "Thousands of women are held by the Peruvian army in camps."
    assert of_type(pipeline, text, "COERCE")
    # people held by no political actor are no coercion
    assert not of_type(pipeline, "He freed children held in bondage to pimps.", "COERCE")
    # a particle makes "hold" mean something else
    text = "Chilean fighters held off an army of Peruvian militants."
    assert not of_type(pipeline, text, "COERCE")


def test_an_arrest_by_a_force_is_made_by_it(pipeline: Pipeline) -> None:
    text = "The arrest of a Chilean activist by Peruvian police sparked outrage."
    found = of_type(pipeline, text, "COERCE")
    assert found and found[0].cameo == "173"
    assert [a.code for a in found[0].source] == ["PERCOP"]
    assert [a.country for a in found[0].target] == ["CHL"]


def test_a_measure_or_force_named_as_passive_subject_is_its_states_act(
    pipeline: Pipeline,
) -> None:
    text = "New Chilean sanctions on Peru were announced on Monday."
    found = of_type(pipeline, text, "SANCTION")
    assert found and [a.country for a in found[0].source] == ["CHL"]
    assert [a.country for a in found[0].target] == ["PER"]
    found = of_type(pipeline, "Peruvian troops were deployed to the border.", "MOBILIZE")
    assert found and [a.code for a in found[0].source] == ["PERMIL"] and not found[0].target
    # people held are still the ones acted upon
    found = of_type(pipeline, "Two Chilean prisoners were held by Peru.", "COERCE")
    assert found and [a.country for a in found[0].target] == ["CHL"]


def test_people_rounded_up_and_officials_implicated(pipeline: Pipeline) -> None:
    text = "Peruvian police rounded up dozens of Chilean protesters."
    found = of_type(pipeline, text, "COERCE")
    assert found and [a.code for a in found[0].source] == ["PERCOP"]
    assert not of_type(pipeline, "The Peruvian ministry rounded up the figures.", "COERCE")
    text = "The report implicates the Chilean army in the killings."
    found = of_type(pipeline, text, "ACCUSE")
    assert found and [a.code for a in found[0].target] == ["CHLMIL"]


def test_an_envoy_summoned_is_a_formal_complaint_to_their_state(pipeline: Pipeline) -> None:
    for text in (
        "Chile summoned the Peruvian ambassador over the remarks.",
        "Chile called in the Peruvian ambassador.",
    ):
        found = of_type(pipeline, text, "ACCUSE")
        assert found and found[0].cameo == "114"
        assert [a.country for a in found[0].source] == ["CHL"]
        assert [a.country for a in found[0].target] == ["PER"]
    assert not of_type(pipeline, "The Chilean president called his envoy home.", "ACCUSE")


def test_a_call_for_another_to_act_asks_them_and_the_act_is_not_done(
    pipeline: Pipeline,
) -> None:
    for text in (
        "The Chilean opposition called for Peru to withdraw its troops.",
        "Chile renewed its calls for Peru to withdraw its troops.",
    ):
        found = events(pipeline, text)
        assert [e.type for e in found] == ["REQUEST"]
        assert [a.country for a in found[0].target] == ["PER"]


def test_a_phone_call_is_a_consultation(pipeline: Pipeline) -> None:
    text = "The Chilean president held a phone call with his Peruvian counterpart."
    found = of_type(pipeline, text, "CONSULT")
    assert found and found[0].cameo == "041"
    assert not of_type(pipeline, "It was a close call for the Chilean team.", "CONSULT")


def test_troops_of_no_named_country_are_the_movers_own(pipeline: Pipeline) -> None:
    text = "In a stark warning to Peru, Chile massed troops on the border."
    found = of_type(pipeline, text, "MOBILIZE")
    assert found and [a.country for a in found[0].source] == ["CHL"]
    assert not found[0].target


def test_verbs_the_lemmatizer_gets_wrong_still_match(pipeline: Pipeline) -> None:
    found = events(pipeline, "Chile hopes to sign a trade deal with Peru.")
    assert found and all(e.modality == "planned" for e in found)  # "hopes" is not "hop"
    found = of_type(pipeline, "Chilean rebels staged an attack on the Peruvian base.", "ASSAULT")
    assert found and found[0].evidence.rule.startswith("assault.carry_out")  # "staged"
    found = of_type(pipeline, "Protesters jeered the Peruvian president.", "PROTEST")
    assert found and [a.country for a in found[0].target] == ["PER"]
    # a noun keeps spaCy's lemma
    doc = pipeline.nlp("Their hopes were high.")
    assert doc[1].lemma_ == "hope"
    # once read, a rape is political violence only where a political actor takes part
    assert of_type(pipeline, "Chilean soldiers raped villagers in the north.", "ASSAULT")
    assert not of_type(pipeline, "A doctor said the girl had been raped.", "ASSAULT")


def test_applying_for_something_is_a_request_by_a_political_actor(pipeline: Pipeline) -> None:
    text = "Chile applied to the WTO for a ruling on the dispute."
    found = events(pipeline, text)
    assert [(e.type, [a.code for a in e.target]) for e in found] == [("REQUEST", ["WTO"])]
    found = events(pipeline, "Since Chile applied for the ban to be lifted, exports grew.")
    assert [e.type for e in found] == ["REQUEST"]  # the lifting asked for is not done
    assert not events(pipeline, "She applied for a job at the bank.")


def test_a_fault_told_to_someone_is_criticism_of_whom_it_is_said(pipeline: Pipeline) -> None:
    text = "The Chilean minister told reporters that Peru had lied."
    found = of_type(pipeline, text, "ACCUSE")
    assert found and [a.country for a in found[0].source] == ["CHL"]
    assert [a.country for a in found[0].target] == ["PER"]  # not the reporters


def test_what_is_said_or_believed_to_have_happened_is_hearsay(pipeline: Pipeline) -> None:
    found = of_type(pipeline, "Peruvian rebels are said to have attacked the base.", "ASSAULT")
    assert found and found[0].modality == "speculative"
    found = of_type(pipeline, "Peruvian rebels were forced to withdraw.", "COERCE")
    assert found and found[0].modality == "factual"


def test_an_armed_force_after_of_is_the_attacker(pipeline: Pipeline) -> None:
    text = "The attack of the Chilean army on Peruvian rebels killed five."
    found = of_type(pipeline, text, "ASSAULT")
    assert found and [a.code for a in found[0].source] == ["CHLMIL"]
    assert [a.code for a in found[0].target] == ["PERREB"]
    found = of_type(pipeline, "The invasion of Peru angered Chile.", "ASSAULT")
    assert found and [a.country for a in found[0].target] == ["PER"] and not found[0].source


def test_force_said_to_come_is_a_threat_and_force_prepared_a_planned_act(
    pipeline: Pipeline,
) -> None:
    def typed(text: str) -> set[tuple[str, str]]:
        return {(e.type, e.modality) for e in events(pipeline, text, date(2018, 4, 1))}

    # Said to come or vowed, force is a threat (CAMEO 13)
    assert typed("Chile said it would attack Peruvian troops.") == {("THREATEN", "planned")}
    assert typed("Chile vowed to expel Peruvian diplomats.") == {("THREATEN", "planned")}
    # Intended or prepared, it keeps its type, planned
    assert typed("The Chilean army intends to attack Peruvian troops.") == {("ASSAULT", "planned")}
    assert typed("Chile is preparing an offensive against Peruvian rebels.") == {
        ("ASSAULT", "planned")
    }
    # A sanction said to come is a planned sanction
    assert typed("Chile will expel 20 Peruvian diplomats.") == {("SANCTION", "planned")}


def test_a_call_or_conversation_with_someone_named_is_a_consultation(
    pipeline: Pipeline,
) -> None:
    day = date(2018, 4, 1)
    text = "After the Chilean president's call with his Peruvian counterpart, talks resumed."
    assert ("CONSULT", "CHL", "PER") in dyads(events(pipeline, text, day))
    calls = events(pipeline, "The Chilean president's call for calm went unheard.", day)
    assert "CONSULT" not in {e.type for e in calls}
    private = events(pipeline, "I had a long conversation with my wife on Sunday.", day)
    assert not private


def test_he_or_she_in_a_reported_clause_is_one_person_not_the_body_reporting(
    pipeline: Pipeline,
) -> None:
    day = date(2018, 4, 1)
    visit = events(pipeline, "The Chilean president said he would visit Peru.", day)
    assert [a.code for e in visit for a in e.source] == ["CHLGOV"]
    charged = events(pipeline, "Chilean police said he is facing charges.", day)
    assert all(a.sector != "COP" for e in charged for a in e.target)
    halted = events(pipeline, "Japan said it had halted aid to Peru.", day)
    assert [a.code for e in halted for a in e.source] == ["JPN"]


def test_a_vow_to_retaliate_is_a_threat_and_a_retaliation_named_is_its_act(
    pipeline: Pipeline,
) -> None:
    day = date(2018, 4, 1)
    vow = events(pipeline, "Chile vowed to retaliate against Peru.", day)
    assert [(e.type, e.modality) for e in vow] == [("THREATEN", "planned")]
    assert ("THREATEN", "CHL", "PER") in dyads(vow)
    done = events(pipeline, "Chile retaliated by imposing sanctions on Peru.", day)
    assert [e.type for e in done] == ["SANCTION"]


def test_complying_drawing_down_bringing_home_and_cornering(pipeline: Pipeline) -> None:
    day = date(2018, 4, 1)

    def typed(text: str) -> list[str]:
        return [e.type for e in events(pipeline, text, day)]

    assert typed("Peru said it was complying with the court ruling.") == ["CONCEDE"]
    assert typed("The children obeyed their parents.") == []
    assert typed("Chile drew down its military presence.") == ["RETREAT"]
    assert typed("Chile is bringing its troops home.") == ["RETREAT"]
    assert typed("Chile is bringing its troops to the border.") != ["RETREAT"]
    assert typed("Chilean troops cornered Peruvian rebels near the border.") == ["COERCE"]


def test_the_one_kept_from_an_act_would_do_it_and_refraining_negates(
    pipeline: Pipeline,
) -> None:
    day = date(2018, 4, 1)
    text = "Chilean police prevented the Peruvian rebels from destroying the bridge."
    kept = of_type(pipeline, text, "ASSAULT")
    assert [(a.code, e.modality) for e in kept for a in e.source] == [("PERREB", "negated")]
    text = "Chile refrained from imposing sanctions on Peru."
    assert [e.modality for e in events(pipeline, text, day)] == ["negated"]


def test_a_fault_found_by_a_political_actor_is_criticism_even_of_no_one_named(
    pipeline: Pipeline,
) -> None:
    day = date(2018, 4, 1)
    said = events(pipeline, "The Peruvian president said the decision was illegal.", day)
    assert [(e.type, [a.code for a in e.source]) for e in said] == [("ACCUSE", ["PERGOV"])]
    assert not events(pipeline, "His mother said the decision was unfair.", day)


def test_a_body_named_after_its_town_gives_the_home_country_when_nothing_else_does(
    pipeline: Pipeline,
) -> None:
    text = "A man is in custody after pointing a replica gun at a Saskatoon police officer."
    pointed = of_type(pipeline, text, "THREATEN")
    assert [a.code for e in pointed for a in e.source] == ["CANCVL"]


def test_a_participle_that_retells_the_act_is_one_event_with_its_target(
    pipeline: Pipeline,
) -> None:
    day = date(2018, 4, 1)
    text = "Chilean jets hit the border town, targeting Peruvian rebels."
    hits = events(pipeline, text, day)
    assert [(e.type, e.evidence.trigger) for e in hits] == [("ASSAULT", "hit")]
    assert ("ASSAULT", "CHL", "PER") in dyads(hits)
    # a killing besides the attack stays an event of its own
    both = events(pipeline, "Chile attacked Peru, killing six soldiers.", day)
    assert [e.cameo for e in both] == ["190", "180"]


def test_the_members_named_of_a_group_are_its_actors_and_a_pledge_is_one_event(
    pipeline: Pipeline,
) -> None:
    day = date(2018, 4, 1)
    aid = events(pipeline, "Chile pledged aid to countries such as Peru and Bolivia.", day)
    assert ("AGREE", "CHL", "PER,BOL") in dyads(aid)
    like = events(pipeline, "Chile expelled diplomats from countries like Peru.", day)
    assert ("SANCTION", "CHL", "PER") in dyads(like)
    pledged = events(pipeline, "Chile pledged to support Peru.", day)
    assert [(e.type, e.evidence.trigger) for e in pledged] == [("AGREE", "pledged")]


def test_speaking_with_a_counterpart_is_a_consultation_and_a_name_is_no_call(
    pipeline: Pipeline,
) -> None:
    day = date(2018, 4, 1)
    text = "The Chilean president spoke to his Peruvian counterpart on Monday."
    assert ("CONSULT", "CHL", "PER") in dyads(events(pipeline, text, day))
    assert not events(pipeline, "The Chilean president spoke to reporters in Lima.", day)
    assert not events(pipeline, "The Peruvian minister has a son called Carlos.", day)
    text = "The Chilean president called his Peruvian counterpart on Monday."
    assert ("CONSULT", "CHL", "PER") in dyads(events(pipeline, text, day))


def test_closing_in_is_an_attack_and_cutting_ones_troops_a_retreat(pipeline: Pipeline) -> None:
    day = date(2018, 4, 1)
    text = "Chilean troops closed in on the Peruvian rebels."
    assert ("ASSAULT", "CHL", "PER") in dyads(events(pipeline, text, day))
    assert [e.type for e in events(pipeline, "Chile reduced its troops in Peru.", day)] == [
        "RETREAT"
    ]
    assert not events(pipeline, "Chile closed in on a rival bid.", day)
