"""Find events in a parsed document: the orchestrator of the event extractor.

A trigger is a word that the lexicon lists (``data/triggers.yaml``) and whose
constraints hold (``triggers.py``). Its actors come from the dependency parse
(``arguments.py``) and, failing that, from its sentence (``sentence.py``). Each step that
decided is named in the event's ``rule``. What each event type means (recoded to an
intent, a threat or a refusal, news with nobody named, ...) is data, ``data/types.yaml``
(``event_types.py``); the type and code are recoded in ``recoding.py``, and one event is
made per source-target pair in ``pairing.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..actors.quotes import quote_spans
from ..actors.recognise import DocumentActors
from ..model import Actor, Document, Event, Evidence
from ..nlp.clauses import object_relative
from ..nlp.view import view
from .arguments import ANSWERED, ARMED_SECTORS, ArgumentReader, Arguments
from .cameo import lookup
from .event_types import builtin_event_types
from .grammar import (
    BACKGROUND_DEPS,
    SUBJECT_DEPS,
    act_pressed_for,
    agent_of,
    definite_or_dated,
    doer_of,
    in_a_condition,
    in_an_open_question,
    infinitive_of_noun,
    is_passive,
    lemma_of,
    marked_by_for,
    phrase_tokens,
    reported_as_happening,
    to_infinitive,
    told_as_lasting_years,
    with_conjuncts,
)
from .lexicon import EventLexicon, Trigger
from .modality import ModalityCues, ModalityDecision, decide_modality, default_cues
from .pairing import pairs
from .recoding import context_of, recode
from .sentence import SentenceArguments
from .triggers import TriggerMatcher

__all__ = [
    "ARTICLE_SENTENCES",
    "MIN_POLITICAL_MENTIONS",
    "Arguments",
    "EventExtractor",
    "is_political",
    "political_document",
    "political_mentions",
]

# An article (this many sentences or more) that names a political actor fewer times than
# this is about sport, business or private life: its trigger words are not events.
ARTICLE_SENTENCES = 5
MIN_POLITICAL_MENTIONS = 2


def political_mentions(actors: DocumentActors, sectors: frozenset[str] | None = None) -> int:
    """How many times a document names a political actor (not a place)."""
    return sum(
        1
        for m in actors.mentions
        if m.reading == "actor" and any(is_political(a, sectors) for a in m.actors)
    )


def political_document(
    doc: Any, actors: DocumentActors, sectors: frozenset[str] | None = None
) -> bool:
    """Whether a text can report political events: a short text is judged event by event;
    an article must name political actors at least ``MIN_POLITICAL_MENTIONS`` times."""
    if len(view(doc).sents) < ARTICLE_SENTENCES:
        return True
    return political_mentions(actors, sectors) >= MIN_POLITICAL_MENTIONS


# Cues of a writer's conjecture: modal auxiliaries and conditions, not evidential words
# ("reportedly", "alleged", "accused of"), which report what others claim happened.
CONJECTURE_CUES = frozenset(
    {"could", "would", "might", "may", "should", "must", "if", "unless", "can", "shall"}
)


def _voiced(token: Any) -> bool:
    """Whether a word stands in a clause that someone named holds or states: a clausal
    complement of a verb with a subject of its own ("X made it clear that ...")."""
    tok = token
    for _ in range(8):
        if (
            tok.dep_ == "ccomp"
            and tok.head.lemma_ not in ("be", "seem", "appear")  # "it is likely that"
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.head.children)
        ):
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


@lru_cache(maxsize=4)
def _quotations(text: str) -> tuple[tuple[int, int], ...]:
    """The quoted passages of a document's text, found once per document."""
    return tuple(quote_spans(text))


def is_political(actor: Actor, sectors: frozenset[str] | None = None) -> bool:
    """A state named as such, an office of a state, an armed group, a party, an
    international organisation: an actor whose act is news for event data.
    ``sectors``: the political sectors (``event_types.sectors.political``; by default
    the built-in ones)."""
    if sectors is None:
        sectors = builtin_event_types().sectors["political"]
    if actor.sector in sectors or actor.igo is not None:
        return True  # an office of a state, or a person acting for an organisation
    if actor.kind == "organisation":
        return not actor.code.startswith("---")
    if actor.kind == "state":
        return actor.country is not None and actor.sector is None
    return actor.kind == "region"


def _a_private_person(actor: Actor, political: frozenset[str]) -> bool:
    """A person or people of no public office: "her father", "him", "residents"."""
    if actor.igo is not None or actor.sector in political:
        return False
    return actor.kind == "person" or actor.sector in PRIVATE_PEOPLE


# Sectors of people who hold no public office.
PRIVATE_PEOPLE = frozenset({"CVL", "BUS", "EDU", "HLH", "REL", "LAB", "MED", "REF"})


def _as_a_side(actor: Actor, text: str) -> Actor:
    """ "The Americans" (a people named with the article) as a state's side; any other
    actor as it is."""
    if not actor.rule.startswith("actor.plural") or actor.country is None:
        return actor
    before = text[: actor.start].rstrip().lower()
    if not (before == "the" or before.endswith((" the", "\nthe", "\u201cthe", '"the'))):
        return actor
    return replace(actor, sector=None, code=actor.country, kind="state", rule=actor.rule + "+side")


def _present_state(verb: Any) -> bool:
    """Whether a passive participle says what is so now: "are stationed", "is backed by";
    not what is being done ("are being deployed") or was done ("were stationed")."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(a.dep_ == "auxpass" and a.tag_ in ("VBZ", "VBP") for a in auxiliaries) and not any(
        a.lower_ == "being" or a.tag_ == "MD" for a in auxiliaries
    )


def _clause_subject(token: Any) -> bool:
    """Whether ``token`` heads a clause that is its verb's subject: a gerund ("chasing
    Kurdish forces from Afrin allowed") or an infinitive ("to talk of victory defies");
    not a name the parser read as a verb ("Save the Children urged")."""
    if token.dep_ != "csubj":
        return False
    start = token.left_edge.i
    if start > token.sent.start and token.doc[start - 1].is_punct:
        return False  # "the army, using tanks, overran": an aside the parser took as subject
    return token.tag_ == "VBG" or to_infinitive(token)


# Verbs that say an act will be done to someone: a victory so vowed is a threat.
VOWS = frozenset({"vow", "pledge", "promise", "swear", "threaten"})


def _counterparts(verb: Any, met: Mapping[int, list[Actor]]) -> list[Actor]:
    """Whom a subject just met, for a cooperative act coordinated with the meeting and
    sharing its subject: "Putin met Maduro and signed a deal" signs it with Maduro;
    "held talks with Iran and agreed to cooperate" agrees with Iran."""
    if verb.dep_ != "conj" or verb.pos_ not in ("VERB", "AUX"):
        return []
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return []  # "Putin met Maduro and the two agreed": a subject of its own
    return list(met.get(verb.head.i, []))


def _dated(token: Any) -> bool:
    """Whether a date or time stands in a word's phrase: what is so dated is news ("a plan
    backed by Russia on Monday", "were stationed in Arica on Monday")."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in token.subtree)


def _a_reporters_question(token: Any) -> bool:
    """ "(When) asked about the deal, the minister said ...": a participle of "ask" with
    no asker of its own, modifying the answer, is the reporter's question, not a request
    ("when asked by Kenya" keeps its asker)."""
    return (
        token.lower_ == "asked"
        and token.tag_ == "VBN"
        and token.dep_ == "advcl"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in token.children)
    )


class EventExtractor:
    """Turns one parsed document and its actors into events."""

    def __init__(self, lexicon: EventLexicon, cues: ModalityCues | None = None) -> None:
        self.lex = lexicon
        self.cues = cues or default_cues()
        self.triggers = TriggerMatcher(lexicon, self.cues)
        self.reader = ArgumentReader(lexicon, self.cues)
        self.sentence = SentenceArguments(self.reader)
        types = lexicon.types
        self.types = types
        self.political_sectors = types.sectors["political"]
        self.private_sectors = types.sectors["private"]
        self.absorbing = types.having("absorbing")
        self.directing = types.having("directing")
        self.spoken = types.having("spoken")
        self.actorless = types.having("actorless")
        self.place_target = types.having("place_target")
        self.material_target = types.having("material_target")
        # violence, whose verbs have other senses with other objects ("beat the deadline")
        self.forceful_types = types.having("violent")
        self.not_force_objects = lexicon.words("not_force_objects")
        self.acts_found_at_fault = lexicon.words("acts_found_at_fault")
        self.authority_acts = types.having("authority_act")
        self.civilian_acts = types.having("civilian_act")
        # what one does with whom one has just met: "met Maduro and signed a deal"
        self.with_counterpart = types.having("cooperative") - types.having("own_forces")
        self.directing_or_absorbing = self.directing | self.absorbing
        self.standing_nouns = lexicon.words("standing_nouns")
        self.danger_frames = lexicon.words("danger_frames")
        self.habitual = lexicon.words("habitual_adverbs")
        self.standing_participles = lexicon.words("standing_participles")
        self.identifying_participles = lexicon.words("identifying_participles")
        self.recording_media = lexicon.words("recording_media")
        self.warned_responses = lexicon.words("warned_responses")
        self.forceful_acts = types.having("forceful")  # force of any kind, not only violence
        self.press_refusals = lexicon.words("press_refusals")
        self.press_statements = lexicon.words("press_statements")
        self.anonymity = lexicon.words("anonymity")
        self.warns = lexicon.words("warns")
        self.capacity_nouns = lexicon.words("capacity_nouns")

    def match(self, token: Any) -> tuple[Trigger, Any | None] | None:
        """The most specific lexicon entry whose constraints hold at ``token``."""
        return self.triggers.match(token)

    def matches(self, token: Any) -> list[tuple[Trigger, Any | None]]:
        """Every lexicon entry whose constraints hold at ``token`` (``triggers.py``)."""
        return self.triggers.matches(token)

    def arguments(
        self, trig: Trigger, token: Any, obj: Any | None, actors: DocumentActors
    ) -> Arguments:
        """Sources and targets of the trigger from its parse (``arguments.py``)."""
        return self.reader.arguments(trig, token, obj, actors)

    def __call__(self, doc: Any, actors: DocumentActors, document: Document) -> list[Event]:
        events: list[Event] = []
        if not political_document(doc, actors, self.political_sectors):
            return events
        tokens = view(doc).tokens
        for sent_index, sent in enumerate(view(doc).sents):
            held = {}
            for token in tokens[sent.start : sent.end]:
                found = self.matches(token)
                if found:
                    held[token.i] = found
            hits = {i: found[0] for i, found in held.items()}
            taken = {obj.i for _, obj in hits.values() if obj is not None}
            met: dict[int, list[Actor]] = {}  # who was met, by the meeting verb's index
            at: dict[int, list[Event]] = {}  # the events coded, by their trigger's index
            for i, (trig, obj) in hits.items():
                token = tokens[i]
                # "signed a treaty": the treaty is not a second event; nor are the sanctions
                # in "threatened Congo with sanctions", the content of another event's verb.
                if i in taken or self._absorbed(token, hits):
                    continue
                for trig, obj in held[i]:
                    coded = self._events_at(
                        doc, sent, sent_index, token, trig, obj, actors, document, met
                    )
                    if coded is not None:  # None: the entry is for other sources
                        at[i] = coded
                        for event in coded:
                            if event.type == "CONSULT" and token.pos_ in ("VERB", "AUX"):
                                met.setdefault(i, []).extend(event.target)
                        break
            events.extend(e for coded in _elaborations_merged(tokens, at).values() for e in coded)
        return events

    def _about_an_act(self, verb: Any) -> bool:
        """Whether what a verb of saying finds fault with is someone's doing: "said any
        such move would be unacceptable", "it would be wrong to send them", "what happened
        is disgraceful"; not "said the storm was a disgrace"."""
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None:
            return False
        subject = next(
            (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")),
            None,
        )
        if subject is None or subject.dep_ in ("csubj", "expl"):
            return subject is not None
        if subject.lower_ in ("it", "this", "that", "what") or subject.tag_ == "WP":
            return True
        return lemma_of(subject) in self.acts_found_at_fault or bool(self.matches(subject))

    def _a_victory(self, verb: Any, args: Arguments) -> bool:
        """Whether a verb of defeat reports a victory in arms: a named victor, an armed
        force or group on one side, and the verb not an infinitive of purpose ("the
        coalition to defeat Isis", "sent troops to oust the militants"): "Isis has been
        defeated", said with no victor, is a verdict on the war, not an act. A victory
        vowed or planned ("vowed to crush the militia") is one announced: a threat."""
        if not args.sources or (to_infinitive(verb) and not self._intended(verb)):
            return False
        return any(a.sector in ARMED_SECTORS for a in (*args.sources, *args.targets))

    def _intended(self, verb: Any) -> bool:
        """Whether a verb is the complement of a vow: "vowed *to crush*", "threatened *to
        oust*" (an aim, "sought to overthrow", is not said to anyone)."""
        return verb.dep_ == "xcomp" and lemma_of(verb.head) in VOWS

    def _instrument_of_an_attack(self, participle: Any) -> bool:
        """Whether a participle says who used the weapon by which an act of force was
        done: "planted by Isis" in "killed by a bomb planted by Isis" (that act is the
        event, and Isis its doer)."""
        verb = agent_of(participle.head) if participle.dep_ == "acl" else None
        if verb is None:
            return False
        return any(t.type == "ASSAULT" for t in self.lex.candidates("VERB", lemma_of(verb)))

    def _names_its_object(self, verb: Any, actors: DocumentActors) -> bool:
        """Whether a verb's object, passive subject or the noun its participle describes
        is itself an actor ("captured three men", "men captured by Isis"), and the verb is
        not recorded on a medium ("captured on film")."""
        if any(
            prep.dep_ == "prep" and pobj.lemma_.lower() in self.recording_media
            for prep in verb.children
            for pobj in prep.children
        ):
            return False
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if verb.dep_ == "acl" or (verb.dep_ == "relcl" and object_relative(verb)):
            objects.append(verb.head)  # "fighters captured in Syria", "fighters we captured"
        return any(actors.at(t.i) for obj in objects for t in with_conjuncts(obj))

    def _another_sense_of_force(self, verb: Any, actors: DocumentActors) -> bool:
        """A verb of force whose direct object (or passive subject) gives it another sense
        (``not_force_objects``) and is no actor: "hit the window", "beat the deadline",
        "fought the charges", "disputes fought in the courts"."""
        if verb.pos_ != "VERB":
            return False
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None or obj.pos_ != "NOUN" or actors.by_head.get(obj.i):
            return False
        return obj.lower_ in self.not_force_objects or lemma_of(obj) in self.not_force_objects

    def _a_press_formula(self, trig: Trigger, token: Any, actors: DocumentActors) -> bool:
        """Whether a refusal or a request is said to the press, not to an actor: "declined
        to comment", "refused to elaborate" (and the statement refused), "an official who
        requested anonymity", "asked not to be named". A refusal to answer someone named
        ("refused to answer the UN") is still a refusal, and so is one to discuss a matter
        (in talks, "refused to discuss the agenda" is said to the other side)."""
        if token.pos_ != "VERB":
            return False
        if trig.type == "REQUEST" and any(
            (c.dep_ == "dobj" and c.lower_ in self.anonymity)
            or (c.dep_ == "xcomp" and c.tag_ == "VBN" and lemma_of(c) in self.anonymity)
            for c in token.children
        ):
            return True  # "requested anonymity", "asked not to be named"
        if lemma_of(token) in self.press_refusals:
            statement = next((c for c in token.children if c.dep_ == "xcomp"), None)
        elif token.dep_ == "xcomp" and lemma_of(token.head) in self.press_refusals:
            statement = token
        else:
            return False
        if statement is None or lemma_of(statement) not in self.press_statements:
            return False
        parties = [c for c in statement.children if c.dep_ in ("dobj", "dative")] + [
            t  # "explain its programme to the United States"
            for t in statement.subtree
            if t.dep_ == "pobj" and t.head.lower_ in ("with", "to")
        ]
        return not any(actors.by_head.get(t.i) for t in parties)

    def _a_concern(self, verb: Any, args: Arguments, actors: DocumentActors) -> bool:
        """Whether a warning is about what others do or what may happen, not about what
        the one who warns will do: "the UN warned that hunger was rising", "officials
        warned that Iran is delivering missiles". A warning to someone ("warned America
        that ..."), about the speaker's own side ("warned that Turkish troops would
        advance", "warned it would retaliate") or about what will come ("warned that
        missiles will be coming") stays a threat."""
        if verb.pos_ != "VERB" or lemma_of(verb) not in self.warns:
            return False
        if any(c.dep_ in ("dobj", "dative") for c in verb.children):
            return False
        warned_of = [
            pobj
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ in ("of", "about")
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        if warned_of:
            # "warned of a looming famine": a danger; "warned of consequences", "of
            # retaliation", "of sanctions": what the one who warns may do
            return not any(self._an_act_to_come(noun) for noun in warned_of)
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None:
            return False
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            return False
        said = self.reader.actors_of(subject, actors, modifiers=True)
        own = {a.country or a.code for a in args.sources}
        if said:
            # "warned that Iran is delivering missiles": what others do
            return not any((a.country or a.code) in own for a in said)
        # no actor: a threat when it says what will come ("warned that missiles will be
        # coming"), a concern when it describes ("warned that hunger was rising")
        return not any(c.dep_ == "aux" and c.tag_ == "MD" for c in clause.children)

    def _an_act_to_come(self, noun: Any) -> bool:
        """Whether a noun one warns of names an act of force or a measure the warner may
        take: an event noun of a forceful type ("strikes", "sanctions") or a word of
        response (``warned_responses``: consequences, retaliation, action)."""
        lemma = lemma_of(noun)
        if lemma in self.warned_responses or noun.lower_ in self.warned_responses:
            return True
        return any(t.type in self.forceful_acts for t in self.lex.candidates("NOUN", lemma))

    def _a_danger(self, noun: Any) -> bool:
        """A threat noun framed as a danger: the object or complement of "pose", "see
        as", "remain", or after "under" or "as"."""
        frames = self.danger_frames
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ in frames:
            return True  # "under threat", "nixed as a threat"
        if noun.dep_ == "pobj" and head.dep_ == "prep" and lemma_of(head.head) in frames:
            return True  # "seen as a threat"
        return noun.dep_ in ("dobj", "attr", "oprd") and lemma_of(head) in frames

    def _absorbed(self, token: Any, hits: dict[int, Any]) -> bool:
        if token.pos_ in ("VERB", "AUX") and token.dep_ in ("xcomp", "ccomp"):
            # "urged the Red Cross to deliver food": the act asked for is not coded
            head = token.head
            if head.i in hits and hits[head.i][0].type in self.directing and head.pos_ == "VERB":
                return True
        if token.pos_ in ("VERB", "AUX") and token.dep_ in ("advcl", "ccomp", "xcomp"):
            # "called for Peru to withdraw", parsed as a clause marked by "for": the act
            # asked for is not coded as done
            head = token.head
            marked = marked_by_for(token)
            askers = [head, *(c for c in head.children if c.dep_ == "dobj" and c.i < token.i)]
            if marked and any(a.i in hits and hits[a.i][0].type in self.directing for a in askers):
                return True  # also "renewed its calls for Peru to withdraw"
        if token.dep_ in ("pcomp", "pobj") and token.head.lower_ == "for":
            # "calls for attacking Iranian bases", "appealed for an end to the strikes":
            # the act asked for is not coded as done
            asker = token.head.head
            if asker.i in hits and hits[asker.i][0].type in self.directing:
                return True
        first = token
        while first.dep_ == "conj" and first.head.i != first.i and first.pos_ == "VERB":
            first = first.head
        if first.dep_ == "xcomp" and first.pos_ in ("VERB", "AUX"):
            # "refused to meet Bolton", "threatened to close the embassy and expel its
            # diplomats": one refusal, one threat, whose content is every act refused or
            # threatened (and every act asked for, for a request)
            head = first.head
            if (
                head.pos_ == "VERB"
                and head.i in hits
                and hits[head.i][0].type in self.directing_or_absorbing
            ):
                return True
        if token.pos_ == "VERB" and token.dep_ in ("advcl", "xcomp"):
            # "put pressure on Assad to make concessions": the act pressed for is not done
            pressed = [
                c for c in token.head.children if c.dep_ == "dobj" and c.i in hits and c.i < token.i
            ]
            if any(
                hits[c.i][0].type in self.directing and act_pressed_for(c) == token for c in pressed
            ):
                return True
        if (
            token.pos_ == "VERB"
            and infinitive_of_noun(token)  # not "a charge denied by"
            and token.head.pos_ == "NOUN"
        ):
            # "the Russian threat to attack", "calls to release him": the act threatened or
            # asked for is not coded as done
            head = token.head
            return head.i in hits and hits[head.i][0].type in self.directing_or_absorbing
        kind = hits[token.i][0].type
        if token.pos_ == "VERB":
            # "a Turkish airstrike killed five fighters": the airstrike and the killing are
            # one happening, coded once, at the noun that names it (what later sentences
            # call it back by: "the airstrike")
            noun = doer_of(token)
            return noun is not None and noun.i in hits and hits[noun.i][0].type == kind
        if token.pos_ not in ("NOUN", "PROPN"):
            return False
        verb = agent_of(token)
        if verb is not None and verb.i in hits and hits[verb.i][0].type == kind:
            return True  # "hit by a Turkish airstrike": coded at the verb, by the agent's state
        if token.dep_ == "pobj":
            verb = token.head.head
            same = verb.i in hits and hits[verb.i][0].type == kind
            if same and self.reader.happening_in(verb, kind) == token:
                return is_passive(verb)  # "killed in a Russian airstrike"
        tok = token
        for _ in range(3):
            if tok.dep_ not in ("dobj", "pobj", "prep") or tok.head == tok:
                return False
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                # "threatened X with sanctions", "accused X of attacks": the content of a
                # verbal act; but "negotiating the purchase" keeps the purchase.
                return tok.i in hits and hits[tok.i][0].type in self.absorbing
            if tok.pos_ in ("NOUN", "PROPN"):
                return False  # "negotiations for the acquisition": a noun's own content
        return False

    def _conjecture(self, doc: Any, token: Any, decision: ModalityDecision) -> bool:
        """Whether a speculative event is the writer's own conjecture: a modal or a
        condition ("could", "would", "if") that no one is reported to say, outside any
        quotation. Analysts' predictions are not events (the real-news codebook); what a
        speaker says could happen is, and so is what is alleged or reported."""
        if decision.attribution is not None or (decision.cue or "").lower() not in CONJECTURE_CUES:
            return False
        if _voiced(token):
            return False  # "the party made it clear that they would welcome help"
        return not any(start <= token.idx < end for start, end in _quotations(view(doc).text))

    def _events_at(
        self,
        doc: Any,
        sent: Any,
        sent_index: int,
        token: Any,
        trig: Trigger,
        obj: Any | None,
        actors: DocumentActors,
        document: Document,
        met: Mapping[int, list[Actor]],
    ) -> list[Event] | None:
        """The events one lexicon entry codes at ``token``; ``None`` when the entry is for
        other sources than those found (the next entry for the word is tried)."""
        if (
            token.pos_ in ("NOUN", "PROPN")
            and lemma_of(token) in self.standing_nouns
            and definite_or_dated(token)
        ):
            return []  # "the ceasefire", "its sanctions": a standing thing, not news
        if any(c.dep_ == "advmod" and c.lower_ in self.habitual for c in token.children):
            return []  # "lawmakers traditionally don't meet on Fridays": a habit
        if in_a_condition(token):
            return []  # "if the Turks attack", "in the event of a strike": supposed
        if in_an_open_question(token):
            return []  # "questions about whether Europe will lift sanctions": asked
        if told_as_lasting_years(token):
            return []  # "has threatened them for years", "fought a four-decade war"
        if (
            token.tag_ == "VBN"
            and token.dep_ == "acl"
            and lemma_of(token) in self.standing_participles
            and not _dated(token)
        ):
            # "Syrian rebels backed by Ankara": who they are, not news ("a plan backed by
            # Russia on Monday" is)
            return []
        if (
            token.tag_ == "VBN"
            and lemma_of(token) in self.standing_participles
            and _present_state(token)
            and not _dated(token)
        ):
            return []  # "US forces are stationed in the area": a standing posture
        if (
            token.tag_ == "VBG"
            and token.dep_ == "acl"
            and token.head.pos_ in ("NOUN", "PROPN")
            and lemma_of(token) in self.identifying_participles
            and not _dated(token)
        ):
            return []  # "Kurdish forces fighting Isis": which side they are on
        if (
            token.pos_ == "VERB"
            and infinitive_of_noun(token)
            and lemma_of(token.head) in self.capacity_nouns
        ):
            return []  # "the power to bar", "a right to demonstrate": may, not did
        if token.pos_ == "NOUN" and trig.type == "THREATEN" and self._a_danger(token):
            return []  # "pose a threat", "under threat": a danger, not someone's threat
        if token.pos_ in ("VERB", "AUX") and any(_clause_subject(c) for c in token.children):
            return []  # "to talk of victory defies all decency": a clause acts on no one
        if _a_reporters_question(token):
            return []  # "When asked whether ..., she said": the reporter asked
        if self._a_press_formula(trig, token, actors):
            return []  # "declined to comment", "who requested anonymity": to the press
        if (
            trig.type in self.forceful_types
            and obj is None  # "took control of": the object is the entry's own word
            and self._another_sense_of_force(token, actors)
        ):
            return []  # "hit the window", "beat the deadline": no one is attacked
        if (
            trig.type in self.forceful_types
            and token.pos_ == "VERB"
            and self.reader.accident_in(token)
        ):
            return []  # "three people were killed in a car crash": no one did it
        args = self.arguments(trig, token, obj, actors)
        if (
            not args.sources
            and token.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in token.children)
            and token.dep_ in ("ROOT",)
        ):
            self.sentence.fallbacks(trig, token, sent, actors, args)
        if not args.sources and trig.type in self.authority_acts:
            self.sentence.reporting_authority(token, actors, args)
        if not args.targets and trig.type in self.with_counterpart:
            partners = _counterparts(token, met)
            args.targets.extend(a for a in partners if a not in args.sources)
            if args.targets:
                args.steps.append("target.counterpart")
        if (
            args.sources
            and not args.targets
            and lemma_of(token) in self.lex.words("answers_charge")
        ):
            self.sentence.accuser(token, sent, actors, args)
        actorless = not args.sources and not args.targets
        if actorless and (
            trig.type not in self.actorless
            or (token.dep_ in BACKGROUND_DEPS and not reported_as_happening(token))
            or (token.pos_ in ("NOUN", "PROPN") and not reported_as_happening(token))
            or any(c.dep_ in SUBJECT_DEPS for c in token.children)
        ):
            # kept: "was arrested", "the protests continued"; not a doer who is named but
            # is no political actor ("a man demolished the shed")
            return []
        if trig.type not in self.civilian_acts:
            # "the Americans dropped a demand": a people named with the article, as the
            # doer of a state's act, is its side ("Americans protested" stays a crowd)
            args.sources = [_as_a_side(a, view(doc).text) for a in args.sources]
        if actorless:
            args.steps.append("actors.none")
        elif (
            trig.type not in self.civilian_acts
            and args.sources
            and all(a.sector == "CVL" for a in (*args.sources, *args.targets))
        ):
            # "a man demolished his shed", "a woman attacked her neighbour": private life.
            # Civilians are in event data as the targets of an act ("a man was arrested").
            return []
        elif all(a.sector in self.private_sectors for a in (*args.sources, *args.targets)):
            # "several companies have pledged to diversify hiring": firms among themselves
            return []
        if not args.targets and trig.type in self.place_target and len(args.sources) < 2:
            self.sentence.place_target(token, sent, actors, args)
        if args.sources and all(a.country is None for a in args.sources):
            self.sentence.locate_sources(token, actors, args)
        if trig.type in self.material_target:
            # "suicide bombers attacked Paris": a city attacked is the place, not its government
            args.targets = [
                replace(a, sector=None, code=a.country or a.code, rule=a.rule + "+event_place")
                if a.rule.startswith("actor.capital.metonymy")
                else a
                for a in args.targets
            ]
        if trig.type == "THREATEN" and self._a_concern(token, args, actors):
            return []  # "the UN warned that hunger was rising": a concern, not a threat
        if trig.type in self.spoken and self.sentence.said_by_materiel(token):
            return []  # "the tanks might want Obama to head back": weapons do not ask
        if (
            trig.needs_target
            and not args.targets
            and not args.symmetric_group
            and not (
                trig.target_or_political
                and any(is_political(a, self.political_sectors) for a in args.sources)
                and self._about_an_act(token)
            )
        ):
            return []  # "support growth", "train tickets", "what X calls Y": no one acted upon
        if trig.needs_armed and not self._a_victory(token, args):
            return []  # "Labour defeated the bill", "the coalition to defeat Isis"
        if trig.type == "ASSAULT" and self._instrument_of_an_attack(token):
            return []  # "killed by a bomb planted by Isis": one killing, by Isis
        if trig.names_its_object and not self._names_its_object(token, actors):
            return []  # "captured the mood of the rebels", "captured on film": no one taken
        if trig.needs_political and not any(
            is_political(a, self.political_sectors) for a in (*args.sources, *args.targets)
        ):
            return []  # "his mother described him as a hero": private life
        if (
            trig.not_personal
            and args.sources
            and not any(is_political(a, self.political_sectors) for a in args.sources)
            and args.targets
            and all(_a_private_person(a, self.political_sectors) for a in args.targets)
        ):
            return []  # "she was visiting her father", "went to call her neighbour": private
        if trig.source_sectors and not any(a.sector in trig.source_sectors for a in args.sources):
            return None
        if trig.source_sectors_not and any(
            a.sector in trig.source_sectors_not for a in args.sources
        ):
            return None
        decision = decide_modality(token, self.cues, answered=ANSWERED in args.steps)
        if trig.pos == "MODAL" and decision.modality in ("speculative", "negated"):
            # "Britain should take them back", "children should not suffer": the advice is
            # given; the modal that might make it uncertain is the trigger itself
            decision = replace(decision, modality="factual", cue=None)
        if actorless and decision.modality == "negated":
            return []  # "the officer was not injured": nothing happened, and to no one named
        attribution = None
        if decision.attribution is not None:
            found = self.reader.actors_of(decision.attribution, actors, modifiers=True)
            attribution = found[0] if found else None
        context = trig.context or context_of(token, obj, self.types)
        confidence = trig.confidence
        if args.sources and args.targets:
            confidence += 0.15
        if args.fallback:
            confidence -= 0.2
        if actorless:
            confidence -= 0.25
        confidence += self._prominence(token)
        confidence = max(0.05, min(0.99, confidence))
        event_type, cameo_code, modality, step = recode(
            trig, context, decision, self.types, bool(args.sources)
        )
        if step:
            args.steps.append(step)
        if modality == "speculative" and self._conjecture(doc, token, decision):
            return []  # "Turkey could attack Afrin", said by no one: the writer's conjecture
        phrase = token.text if obj is None else f"{token.text} … {obj.text}"
        start = token.idx
        end = token.idx + len(token.text)
        sentence = view(doc).text[sent.start_char : sent.end_char].rstrip()  # sent.text
        evidence = Evidence(
            doc=document.doc_id,
            sentence_index=sent_index,
            sentence=sentence,
            sentence_start=sent.start_char,
            sentence_end=sent.start_char + len(sentence),
            start=start,
            end=end,
            trigger=phrase,
            rule=" ".join([trig.id, *dict.fromkeys(args.steps)]),
        )
        entry = lookup(cameo_code)
        base = Event(
            doc=document.doc_id,
            doc_hash=document.content_hash[:16],
            type=event_type,
            cameo=cameo_code,
            goldstein=entry.goldstein,
            quad_class=entry.quad_class,
            source=(),
            target=(),
            modality=modality,
            modality_cue=decision.cue,
            attribution=attribution,
            evidence=evidence,
            confidence=confidence,
            context=context,
        )
        materiel = self._materiel(token, obj) if context == "military" else []
        if materiel:
            base = replace(base, extras={"materiel": materiel})
        return pairs(base, trig, args)

    def _materiel(self, token: Any, obj: Any | None) -> list[str]:
        """Weapons and equipment named in the event's phrase: "Sukhoi fighter jets"."""
        arms = self.lex.words("arms")
        scope = obj if obj is not None and token.pos_ in ("VERB", "AUX") else token
        found: list[str] = []
        for tok in phrase_tokens(scope):
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
                continue
            if tok.lower_ not in arms and tok.lemma_.lower() not in arms:
                continue
            measure = tok.lower_ in self.lex.words("measure_nouns")
            if measure and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                continue  # "a fleet of helicopters": the measure is not the item
            mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "nummod")]
            start = min([tok.i] + [m.left_edge.i for m in mods])
            found.append(tok.doc[start : tok.i + 1].text)
        return found

    def _prominence(self, token: Any) -> float:
        """Main-clause events outrank those nested under other verbs or nouns; a report
        verb's complement ("X said it rejected ...") counts as a main clause."""
        depth = 0
        tok = token
        while tok.dep_ != "ROOT" and tok.head != tok and depth < 6:
            reported = (
                tok.dep_ in ("ccomp", "parataxis")
                and tok.head.dep_ == "ROOT"
                and (tok.head.lemma_.lower() in self.cues.report_verbs)
            )
            if not reported:
                depth += 1
            tok = tok.head
        return 0.1 if depth == 0 else -0.04 * min(depth, 4)


# Triggers of what flows between states (arms, aid): pledged, an event of its own.
FLOWS = ("cooperate.", "aid.", "transfer.")


def _elaborations_merged(tokens: Any, at: dict[int, list[Event]]) -> dict[int, list[Event]]:
    """One act told twice: a participle that elaborates a verb of its own type and code
    ("jets hit the town, targeting rebel depots") is that act, as is cooperation pledged
    after a verb of agreeing ("pledged to support Peru"); its target completes the verb's
    event when the verb names none, and it is not coded again."""
    merged = dict(at)
    for i, coded in at.items():
        token = tokens[i]
        head = token.head.i
        if head not in merged or not coded or not merged[head]:
            continue
        main = merged[head]
        if token.dep_ == "xcomp":
            # "pledged to support Peru": the pledge is the agreement, not a second one
            if {e.type for e in main} != {"AGREE"} or {e.type for e in coded} != {"AGREE"}:
                continue
            if any(e.evidence.rule.startswith(FLOWS) for e in coded):
                continue  # "agreed to sell 20 tanks": the sale names what flows, kept
        elif token.dep_ != "advcl" or token.tag_ != "VBG":
            continue
        elif {(e.type, e.cameo) for e in coded} != {(e.type, e.cameo) for e in main}:
            continue  # "attacked the town, killing six": a killing besides the attack
        sources = {a.code for e in main for a in e.source}
        if {a.code for e in coded for a in e.source} - sources:
            continue
        targets = tuple(dict.fromkeys(a for e in coded for a in e.target))
        if token.dep_ == "xcomp" and targets:
            # "agreed to lift embargoes on Iran, Libya and Cuba": whoever either names
            merged[head] = [
                replace(e, target=tuple(dict.fromkeys((*e.target, *targets)))) for e in main
            ]
        elif targets and not any(e.target for e in main):
            merged[head] = [
                replace(
                    e,
                    target=targets,
                    evidence=replace(e.evidence, rule=e.evidence.rule + " target.elaboration"),
                )
                for e in main
            ]
        merged[i] = []
    return merged
