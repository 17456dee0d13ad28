"""The article's home country and the actors of unknown country that take it."""

from __future__ import annotations

from dataclasses import replace

import realpolitik
from realpolitik.actors.home import (
    HomeCountry,
    belongs_home,
    home_country,
    localise_event,
    place_armed_groups,
)
from realpolitik.model import Actor, Event, Evidence


def _event(*actors: Actor) -> Event:
    evidence = Evidence("d", 0, "s", 0, 1, 0, 1, "t", "rule")
    return Event(
        "d",
        "COERCE",
        "173",
        -5.0,
        4,
        tuple(actors[:1]),
        tuple(actors[1:]),
        "factual",
        evidence,
        0.5,
    )


def test_home_country_needs_a_clear_lead() -> None:
    assert home_country([("NGA", 10), ("NGA", 900), ("GBR", 1200)]) == HomeCountry("NGA", 0.75, 3.0)
    # a tie, or a country named once in the body, decides nothing
    assert home_country([("NGA", 900), ("GBR", 1000)]) is None
    assert home_country([("NGA", 900)]) is None
    assert home_country([("NGA", 900), ("GBR", 950), ("FRA", 990), ("USA", 999)]) is None
    assert home_country([]) is None


def test_the_lead_counts_double() -> None:
    home = home_country([("KEN", 5), ("UGA", 700)])
    assert home is not None and home.country == "KEN"


def test_only_unplaced_people_and_bodies_take_the_home_country() -> None:
    police = Actor("---COP", None, "COP", "police", kind="group")
    person = Actor("---", None, None, "Okafor", kind="person")
    nato = Actor("NATO", None, "MIL", "NATO", kind="organisation")
    states = Actor("---", None, None, "other countries", kind="group")
    france = Actor("FRA", "FRA", None, "France")
    assert belongs_home(police) and belongs_home(person)
    assert not belongs_home(nato) and not belongs_home(states) and not belongs_home(france)
    event = localise_event(_event(police, person), HomeCountry("NGA", 0.8, 4.0))
    assert [a.code for a in event.source] == ["NGACOP"]
    assert [a.code for a in event.target] == ["NGA"]
    assert event.source[0].rule.endswith("home_country")
    assert localise_event(_event(nato, france), HomeCountry("NGA", 0.8, 4.0)) == _event(
        nato, france
    )


ARTICLE = (
    "Police break up rally in Kano\n\n"
    "KANO, Nigeria - Police in northern Nigeria broke up a rally on Saturday. "
    "Officers arrested twelve protesters outside the governor's office in Kano. "
    "The Nigerian government said the march had not been approved. "
    "Amina Bello, a lawyer for the group, condemned the arrests. "
    "Bello said the detainees would appear before a court in Kano on Monday."
)


def test_an_article_places_its_police_and_people() -> None:
    result = realpolitik.extract(ARTICLE)
    arrests = [e for e in result.events if e.evidence.trigger.startswith("arrested")]
    assert arrests, [e.evidence.trigger for e in result.events]
    officers = arrests[0].source
    assert [(a.text, a.country) for a in officers] == [("Officers", "NGA")]
    assert officers[0].rule.endswith("+home_country")


def test_descriptors_and_definite_descriptions_link_inside_the_document() -> None:
    text = (
        "Karim Haddad, a spokesman for the Syrian army, said the attack was repelled. "
        "Haddad accused Turkey of shelling civilians. "
        "The Iranian foreign ministry summoned the British ambassador. "
        "The ministry accused London of interference."
    )
    accused = [e for e in realpolitik.extract(text).events if e.evidence.trigger == "accused"]
    assert [
        ([(a.text, a.country) for a in e.source], [a.country for a in e.target]) for e in accused
    ] == [([("Haddad", "SYR")], ["TUR"]), ([("ministry", "IRN")], ["GBR"])]


def _sources(text: str, trigger: str) -> list[list[tuple[str, str | None, str | None]]]:
    return [
        [(a.text, a.country, a.sector) for a in e.source]
        for e in realpolitik.extract(text).events
        if e.evidence.trigger == trigger
    ]


def test_a_titled_name_places_its_later_surname_and_pronoun() -> None:
    text = (
        "Chilean Foreign Minister Tomas Vargasson met the Peruvian ambassador on Monday. "
        "Vargasson criticised Bolivia over the border closure. "
        "He urged La Paz to reopen the crossing."
    )
    assert _sources(text, "criticised") == [[("Vargasson", "CHL", "GOV")]]
    assert _sources(text, "urged") == [[("He", "CHL", "GOV")]]


def test_a_surname_two_titled_people_share_links_neither() -> None:
    text = (
        "Chilean Foreign Minister Tomas Vargasson met Peruvian Defence Minister Ana "
        "Vargasson in Lima. Vargasson criticised Bolivia over the border closure."
    )
    assert _sources(text, "criticised") == [[]]


def test_a_first_name_is_no_title() -> None:
    text = "British citizen Jane Whitcombe criticised the Kenyan police."
    assert _sources(text, "criticised") == [[("British citizen Jane Whitcombe", "GBR", None)]]


def test_two_bodies_of_one_state_are_a_dyad() -> None:
    events = realpolitik.extract("The Kenyan parliament criticised the Kenyan police.").events
    assert [([a.code for a in e.source], [a.code for a in e.target]) for e in events] == [
        (["KENLEG"], ["KENCOP"])
    ]


def _codes(text: str, trigger: str) -> list[tuple[list[str], list[str]]]:
    return [
        ([a.code for a in e.source], [a.code for a in e.target])
        for e in realpolitik.extract(text).events
        if e.evidence.trigger == trigger
    ]


def test_a_country_across_the_act_does_not_place_the_other_side() -> None:
    # the only country of the sentence is the partner or the doer, not the rebels' own
    text = "Fighting went on in Syria. Rebel fighters were trying to negotiate with Russia."
    assert _codes(text, "negotiate") == [(["---REB"], ["RUS"])]
    text = "Fighting went on in Syria on Monday. Russian jets bombed rebels near the border."
    assert _codes(text, "bombed") == [(["RUS"], ["---REB"])]
    assert _codes("Kenyan officials met Iran in Nairobi.", "met") == [(["KENGOV"], ["IRN"])]


def test_the_only_country_of_a_sentence_still_places_its_unnamed_bodies() -> None:
    text = "Kenya's president spoke on Monday. Troops shelled rebel positions, Sudan said."
    assert _codes(text, "shelled") == [(["SDNMIL"], [])]


def test_a_relation_named_beside_it_is_that_state() -> None:
    text = "Fighting went on in Syria. The rebels have negotiated with Assad's backer, Russia."
    assert _codes(text, "negotiated") == [(["---REB"], ["RUS"])]


def test_an_armed_group_across_borders_takes_the_country_it_acts_in() -> None:
    isis = Actor("IMGREBISL", None, "REB", "Isis", 0, 4, "organisation", rule="actor.custom")
    event = _event(isis)
    theatre = HomeCountry("SYR", 0.6, 5.0)
    assert [a.country for a in place_armed_groups(event, theatre).source] == ["SYR"]
    # the event's own place comes first; its code stays its own
    located = place_armed_groups(replace(event, location={"country": "IRQ"}), theatre)
    assert [(a.code, a.country) for a in located.source] == [("IMGREBISL", "IRQ")]
    assert place_armed_groups(event, None) == event
    text = "Islamic State fighters attacked a village near Mosul on Monday."
    assert _codes(text, "attacked") and [
        a.country for e in realpolitik.extract(text).events for a in e.source
    ] == ["IRQ"]
