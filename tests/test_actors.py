from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from realpolitik.actors.lexicon import build_lexicon
from realpolitik.actors.recognise import ActorRecogniser, DocumentActors
from realpolitik.errors import LexiconError
from realpolitik.pipeline import Pipeline


def actors_of(
    pipeline: Pipeline, text: str, day: date | None = None
) -> tuple[object, DocumentActors]:
    doc = pipeline.nlp(text)
    return doc, ActorRecogniser(pipeline.actor_lexicon)(doc, day)


def codes_at(
    pipeline: Pipeline, text: str, word: str, day: date | None = None, places: bool = False
) -> list[str]:
    doc, found = actors_of(pipeline, text, day)
    index = next(t.i for t in doc if t.text == word)
    return [a.code for a in found.at(index, places=places)]


def test_country_names_and_variants(pipeline: Pipeline) -> None:
    assert codes_at(pipeline, "The U.S. warned Iran.", "U.S.") == ["USA"]
    assert codes_at(pipeline, "Britain and France protested.", "Britain") == ["GBR"]
    assert codes_at(pipeline, "The United States protested.", "States") == ["USA"]


def test_demonym_with_state_noun_gives_sector(pipeline: Pipeline) -> None:
    text = "The Venezuelan high command wants tanks."
    assert codes_at(pipeline, text, "command") == ["VENMIL"]
    assert codes_at(pipeline, "Russian officials denied it.", "officials") == ["RUSGOV"]


def test_metonymy_actor_versus_place(pipeline: Pipeline) -> None:
    text = "Washington rejected the plan."
    assert codes_at(pipeline, text, "Washington") == ["USAGOV"]
    text = "The two presidents met in Washington on Monday."
    assert codes_at(pipeline, text, "Washington") == []
    assert codes_at(pipeline, text, "Washington", places=True) == ["USAGOV"]
    assert codes_at(pipeline, "The Kremlin denied the report.", "Kremlin") == ["RUSGOV"]


def test_regions_stay_regions(pipeline: Pipeline) -> None:
    _, found = actors_of(pipeline, "Latin American governments met in Lima.")
    assert all(a.country is None for m in found.mentions for a in m.actors if "Latin" in a.text)


def test_titled_person_and_later_short_mention(pipeline: Pipeline) -> None:
    text = "Venezuelan President Hugo Chávez met Vladimir Putin. Later Chávez flew home."
    assert codes_at(pipeline, text, "Chávez", date(2008, 7, 22)) == ["VENGOV"]
    doc, found = actors_of(pipeline, text, date(2008, 7, 22))
    later = [t.i for t in doc if t.text == "Chávez"][-1]
    assert [a.code for a in found.at(later)] == ["VENGOV"]


def test_leaders_are_date_aware(pipeline: Pipeline) -> None:
    text = "Obama arrived on Tuesday."
    assert codes_at(pipeline, text, "Obama", date(2012, 5, 1)) == ["USAGOV"]
    assert "USAGOV" not in codes_at(pipeline, text, "Obama", date(1995, 5, 1))


def test_group_reference_resolves_to_context(pipeline: Pipeline) -> None:
    text = "Russia and Venezuela held talks. The two countries signed a deal."
    assert sorted(codes_at(pipeline, text, "countries")) == ["RUS", "VEN"]


def test_acronyms_need_capitals(pipeline: Pipeline) -> None:
    assert codes_at(pipeline, "Who said that WHO failed?", "Who") == []


@pytest.mark.slow
def test_user_dictionary_yaml_and_csv(tmp_path: Path, pipeline: Pipeline) -> None:
    yaml_file = tmp_path / "mine.yaml"
    yaml_file.write_text(
        "actors:\n  - {text: Freedonia, country: FRE}\n"
        "  - {text: Kremlin, country: RUS, sector: SPY, kind: seat}\n",
        "utf-8",
    )
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("text,country,sector\nSylvania Guard,SYL,MIL\n", "utf-8")
    lex = build_lexicon((yaml_file, csv_file))
    doc = pipeline.nlp("Freedonia accused the Sylvania Guard. The Kremlin said nothing.")
    found = ActorRecogniser(lex)(doc, None)
    codes = {a.code for m in found.mentions for a in m.actors}
    assert {"FRE", "SYLMIL", "RUSSPY"} <= codes


@pytest.mark.slow
def test_bad_user_dictionary_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,place\nx,y\n", "utf-8")
    with pytest.raises(LexiconError, match="columns"):
        build_lexicon((bad,))


@pytest.mark.parametrize(
    "content,message",
    [
        ("actors:\n  - {text: Freedonia, country: FRE, kind: planet}\n", "kind"),
        ("organizations:\n  - {code: X, name: X}\n", "unknown keys"),
    ],
)
@pytest.mark.slow
def test_user_dictionary_mistakes_are_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(content, "utf-8")
    with pytest.raises(LexiconError, match=message):
        build_lexicon((path,))


def test_a_leaders_surname_borne_by_someone_else_named_in_full(pipeline: Pipeline) -> None:
    # "Clark" alone could be a former Canadian prime minister; after "Stephon Clark" it is him
    text = "Stephon Clark was shot by officers in Sacramento, California. Clark was 22."
    coded = pipeline.extract(text).actors
    assert not any(a.country == "CAN" for a in coded)


def test_a_definite_title_is_the_latest_holder_named(pipeline: Pipeline) -> None:
    text = (
        "Saudi Crown Prince Mohammed bin Salman arrived in Paris on Monday. "
        "Later the crown prince detained Lebanon's Prime Minister Saad Hariri."
    )
    coded = pipeline.extract(text).events
    detained = [e for e in coded if e.evidence.trigger == "detained"]
    assert [a.country for a in detained[0].source] == ["SAU"]


def test_a_state_that_backs_a_group_is_not_its_country(pipeline: Pipeline) -> None:
    shelled = [
        e
        for e in pipeline.extract("Iranian-funded militias shelled the town.").events
        if e.type == "ASSAULT"
    ]
    assert shelled and all(a.country != "IRN" for e in shelled for a in e.source)
    armed = pipeline.extract("Iranian militias shelled the town.").events
    assert [a.country for e in armed for a in e.source] == ["IRN"]
    led = pipeline.extract("UN-sponsored talks between Armenia and Azerbaijan resumed.").events
    assert not any(a.country == "PRK" for e in led for a in (*e.source, *e.target))


def test_it_as_a_subject_is_the_state_of_the_sentence_before(pipeline: Pipeline) -> None:
    text = (
        "Turkey's army shelled Kurdish positions overnight. It also closed its border with Syria."
    )
    closed = [e for e in pipeline.extract(text).events if e.evidence.trigger.startswith("closed")]
    assert [[a.country for a in e.source] for e in closed] == [["TUR"]]
    seems = "Turkey's army shelled Kurdish positions. It seems the border closed on Monday."
    assert not [
        a for e in pipeline.extract(seems).events for a in e.source if a.text.lower() == "it"
    ]


def test_a_relative_belongs_to_the_person_s_country_not_the_place(pipeline: Pipeline) -> None:
    text = "Gunmen attacked a former Chilean diplomat and his daughter in Peru on Monday."
    targets = [a for e in pipeline.extract(text).events for a in e.target]
    daughter = [a for a in targets if a.text == "daughter"]
    assert daughter and all(a.country == "CHL" for a in daughter)


def test_t_and_t_is_trinidad_and_tobago(pipeline: Pipeline) -> None:
    evs = pipeline.extract("T&T criticised Venezuela over the fishing dispute.").events
    assert [[a.country for a in e.source] for e in evs if e.type == "ACCUSE"] == [["TTO"]]


def test_an_adjective_belongs_to_the_possessor_it_modifies(pipeline: Pipeline) -> None:
    # "the Chilean regime's airbase" is the regime's, and the regime is Chilean
    text = "Peru ordered a strike against the Chilean regime's northern airbase."
    assert codes_at(pipeline, text, "regime") == ["CHLGOV"]
    # the modifier itself may be the possessor: "Chile's envoy" is Chilean
    assert codes_at(pipeline, "Chile's envoy met Peru's president.", "envoy") == ["CHLGOV"]


def test_a_name_that_starts_with_a_possessive_is_no_actor(pipeline: Pipeline) -> None:
    _doc, found = actors_of(
        pipeline, "Trump ordered a strike against the Syrian regime’s al-Shayrat airbase."
    )
    assert not any(a.text.startswith("’s") for m in found.mentions for a in m.actors)


def test_a_sector_word_before_a_noun_of_membership_names_the_body(pipeline: Pipeline) -> None:
    text = "Peruvian rebel groups attacked the Chilean army."
    assert codes_at(pipeline, text, "groups") == ["PERREB"]
    text = "Opposition factions boycotted the talks in Lima."
    assert [c[-3:] for c in codes_at(pipeline, text, "factions")] == ["OPP"]
    # a noun of membership alone names no body
    assert codes_at(pipeline, "Several groups boycotted the talks.", "groups") == []


def test_a_party_name_that_several_states_share_takes_one_of_theirs(pipeline: Pipeline) -> None:
    day = date(2018, 4, 1)

    def sources(text: str) -> list[str | None]:
        events = pipeline.extract(text, article_date=day).events
        return [a.country for e in events for a in e.source]

    # never the country the article is about when that state has no such party
    assert sources("Tory MPs criticised the Syrian ambassador in Damascus.") == ["GBR"]
    assert sources("Republican senators condemned the Syrian government.") == ["USA"]
    # the one of its states the article names
    text = "In Ottawa, Canadian Conservatives condemned the Syrian government."
    assert sources(text) == ["CAN"]
    text = "Canada's Tories condemned the Syrian government on a visit to Toronto."
    assert sources(text) == ["CAN"]
    # a common word at the start of a sentence is no party
    assert "GBR" not in sources("Labour shortages hit Syrian farms.")


def test_shared_names_need_their_states(tmp_path: Path) -> None:
    from realpolitik.actors.lexicon import ActorLexicon, _load_shared_names

    bad = "text,countries,sector,source\nLabour,GB,PTY,own\n"
    with pytest.raises(LexiconError):
        _load_shared_names(ActorLexicon(), bad, "party_names.csv")
    lex = build_lexicon()
    assert lex.shared["labour"][0] == "GBR"


def test_a_people_of_several_states_takes_the_state_where_it_acts(pipeline: Pipeline) -> None:
    day = date(2018, 4, 1)

    def actors(text: str) -> list[str | None]:
        events = pipeline.extract(text, article_date=day).events
        return [a.country for e in events for a in (*e.source, *e.target)]

    text = "Turkish jets bombed Kurdish fighters near Raqqa in Syria on Monday."
    assert "SYR" in actors(text) and None not in actors(text)
    text = "Iraqi Kurds arrested a Syrian smuggler in Erbil."
    assert actors(text)[0] == "IRQ"  # a state named before them is theirs
    text = "Turkish jets bombed Syria's Kurds near Afrin."
    assert actors(text) == ["TUR", "SYR"]
    lex = build_lexicon()
    assert set(lex.shared["kurds"]) == {"SYR", "IRQ", "TUR", "IRN"}


def test_a_place_in_the_sentence_places_a_people_before_the_articles_theatre(
    pipeline: Pipeline,
) -> None:
    text = (
        "Turkish troops entered Turkey's Hatay province. Ankara said Turkey would defend "
        "Turkish towns. Turkish jets flew over Istanbul. "
        "Kurdish militias defending Manbij asked Damascus for help."
    )
    events = pipeline.extract(text, article_date=date(2018, 4, 1)).events
    kurds = [a.country for e in events for a in e.source if "Kurdish" in a.text]
    assert kurds == ["SYR"]  # Manbij is in Syria, whatever the article names most


def test_the_group_calls_back_the_armed_group_named_before(pipeline: Pipeline) -> None:
    text = "Hezbollah fighters shelled the border town. The group also seized two villages."
    assert codes_at(pipeline, text, "group") == ["LBNREBHEZ"]
    text = "Hezbollah shelled the town. The rights group said it would publish a report."
    assert not codes_at(pipeline, text, "group")
    text = "Hezbollah shelled the town. The group of villagers fled to Tyre."
    assert not codes_at(pipeline, text, "group")


def _sources_of(pipeline: Pipeline, text: str) -> list[list[tuple[str | None, str | None]]]:
    result = pipeline.extract(text, article_date=date(2019, 4, 2))
    return [[(a.country or a.igo, a.sector) for a in e.source] for e in result.events]


def test_a_title_takes_the_country_of_the_body_it_serves(pipeline: Pipeline) -> None:
    assert _sources_of(pipeline, "A spokesman for the Chilean army criticised Peru.") == [
        [("CHL", "GOV")]
    ]
    text = "Juan Pérez, a senior adviser to the Chilean president, criticised Peru."
    assert [s[0][0] for s in _sources_of(pipeline, text)] == ["CHL"]
    assert _sources_of(pipeline, "A spokesman for the UN criticised Peru.")[0][0][0] == "UN"
    # forces withdrawn "from" a country are not its own
    text = "Chile announced the withdrawal of its forces from Peru."
    assert all("PER" not in [c for c, _ in s] for s in _sources_of(pipeline, text))


def test_a_title_and_a_name_in_apposition_are_one_actor(pipeline: Pipeline) -> None:
    text = "The Russian defence minister, Sergei Shoigu, criticised Peru on Monday."
    assert [len(s) for s in _sources_of(pipeline, text)] == [1]


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("The Chilean attorney general charged the Peruvian consul with fraud.", "JUD"),
        ("The Chilean national security adviser criticised Peru.", "GOV"),
        ("A Chilean army chief criticised Peru.", "MIL"),
    ],
)
def test_titles_of_office_name_their_sector(pipeline: Pipeline, text: str, sector: str) -> None:
    found = _sources_of(pipeline, text)
    assert found and found[0] == [("CHL", sector)], text


def _targets_of(pipeline: Pipeline, text: str, kind: str) -> list[list[str | None]]:
    result = pipeline.extract(text, article_date=date(2019, 4, 2))
    return [[a.country for a in e.target] for e in result.events if e.type == kind]


def test_the_country_calls_back_the_state_named_last(pipeline: Pipeline) -> None:
    text = "Peru signed the deal on Monday. Chile criticised the country for its stance."
    assert _targets_of(pipeline, text, "ACCUSE") == [["PER"]]
    text = "Jordan bought 20 tanks. Peru hosted the talks. Chile praised the kingdom."
    assert _targets_of(pipeline, text, "SUPPORT") == [["JOR"]]
    text = "Chile and Bolivia imposed a boycott on the small, rich nation last year."
    assert all("CHL" not in t for t in _targets_of(pipeline, text, "SANCTION"))


def test_the_country_after_a_preposition_of_place_is_no_actor(pipeline: Pipeline) -> None:
    text = "Peru held elections. Chilean troops attacked rebels across the country."
    assert all("PER" not in t for t in _targets_of(pipeline, text, "ASSAULT"))


def _event_sources(pipeline: Pipeline, text: str, kind: str) -> list[list[str]]:
    result = pipeline.extract(text, article_date=date(2019, 4, 2))
    return [sorted(a.code for a in e.source) for e in result.events if e.type == kind]


def test_they_calls_back_the_plural_subject_of_the_sentence_before(pipeline: Pipeline) -> None:
    text = "Chile and Peru signed a deal on Monday. They also agreed to hold talks."
    result = pipeline.extract(text, article_date=date(2019, 4, 2))
    agreed = [e for e in result.events if e.evidence.trigger == "agreed"]
    assert {a.code for e in agreed for a in (*e.source, *e.target)} == {"CHL", "PER"}
    text = "Chilean soldiers crossed the river. They shelled rebel positions near Arica."
    assert _event_sources(pipeline, text, "ASSAULT") == [["CHLMIL"]]
    # one state as the subject before: "they" means someone else
    text = "Chile crossed the river. They shelled rebel positions near Arica."
    assert all(not s for s in _event_sources(pipeline, text, "ASSAULT"))
    # a "they" inside a clause is left alone: "the forces they sponsored"
    text = "Chilean soldiers crossed the river. Peru condemned the rebels they armed."
    assert all("CHLMIL" not in s for s in _event_sources(pipeline, text, "ASSAULT"))
