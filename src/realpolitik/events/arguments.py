"""Read an event's source and target actors from the dependency parse.

Subjects are sources, objects and prepositional objects targets, with passive voice,
control verbs, relative clauses, noun triggers ("Russia's arms sales to Venezuela"),
reported advice ("X said Y should ...") and transfers read from the receiving side
handled. Each step that decided is added to ``Arguments.steps`` and so to the event's
``rule``. Arguments found beyond the trigger's own phrase are in ``sentence.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..actors.lexicon import UNKNOWN_COUNTRY
from ..actors.recognise import RELATION_NOUNS, DocumentActors, make_code
from ..model import Actor
from ..nlp.clauses import object_relative, prep_objects
from .grammar import (
    CONTENT_PREPS,
    SUBJECT_DEPS,
    absolute_passive,
    done_by,
    for_infinitive,
    governing_verb,
    in_or_during,
    infinitive_of_noun,
    is_passive,
    lemma_of,
    passive_subject,
    phrase_tokens,
    reported_advice,
    reporter_of_stray_conjunct,
    with_conjuncts,
)
from .lexicon import EventLexicon, Trigger
from .modality import ADVERBIAL_PREPS, ModalityCues, answered_act, names_an_occasion
from .pairing import supplier_first


@dataclass
class Arguments:
    """A trigger's sources and targets, and the steps that found them."""

    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    symmetric_group: bool = False
    steps: list[str] = field(default_factory=list)
    fallback: bool = False


# Happenings that no one does: their modifiers name no doer ("the Malaysia Airlines crash").
ACCIDENTS = frozenset(
    {"crash", "accident", "collision", "disaster", "storm", "flood", "earthquake", "outbreak"}
)
# Types whose "on"/"against" phrase names what a measure is aimed at.
MEASURES = frozenset({"SANCTION"})
# Sectors of armed forces and groups.
ARMED_SECTORS = frozenset({"MIL", "REB"})


# Rules of actors named by a state's adjective ("Russian backers" are Russian, where
# "America's allies" and "US allies" are not American).
DEMONYMS = ("actor.adjective",)
# The step of a request's target that answers it (its modality is its own, extract.py).
ANSWERED = "target.answerer"
# Prepositions after which a verb of answering takes a request: "responded to", "complied
# with", "looked at", "acted on".
ANSWER_PREPS = frozenset({"to", "with", "at", "on"})
# Rules of actors named by a capital ("Moscow"; not a seat of government, "the Kremlin").
CAPITALS = ("actor.capital",)
# Prepositions that name the members of a group: "countries like Peru" (and "such as").
MEMBER_PREPS = frozenset({"like", "including"})


class ArgumentReader:
    """Sources and targets of a trigger from its parse."""

    def __init__(self, lexicon: EventLexicon, cues: ModalityCues) -> None:
        self.lex = lexicon
        self.cues = cues
        self.object_control = lexicon.words("object_control")
        self.object_of_charge = lexicon.words("object_of_charge")
        self.kept_from = lexicon.words("object_kept_from")
        self.stative_passives = lexicon.words("stative_passives")
        self.co_actor_words = lexicon.words("co_actor_words")
        self.journeys = lexicon.words("journeys")
        self.offensive_nouns = lexicon.words("offensive_nouns")
        self.undergone_by_possessor = lexicon.words("undergone_by_possessor")
        self.materiel_nouns = lexicon.words("materiel_nouns")
        self.conditional_target = lexicon.types.having("conditional_target")
        self.own_forces = lexicon.types.having("own_forces")
        self.material_target = lexicon.types.having("material_target")
        self.directing = lexicon.types.having("directing")
        self.violent = lexicon.types.having("violent")
        # what a verb that lays an act at someone's door does ("accused", "convicted"): a
        # noun of that type under it is the imputation itself ("convicted on charges")
        self.imputing = frozenset(
            t.type for lemma in lexicon.words("imputes") for t in lexicon.candidates("VERB", lemma)
        )
        # verbal acts whose content is another's act, not a request of it: a refusal or a
        # threat is aimed at whom the act refused or threatened is aimed at
        self.refusing = lexicon.types.having("absorbing") - self.directing
        # acts that ask another to act (a request, not a ban): who answers one was asked
        self.asking = self.directing & lexicon.types.having("spoken")
        self.answers = lexicon.words("answers_request")

    def _co_actor_phrase(self, prep: Any) -> bool:
        """True for "with" that names a partner: "together with", "in coordination with",
        and "fought with the US against Isis" (the enemy is named by "against")."""
        if prep.lower_ != "with" or prep.i == 0:
            return False
        partners = [g for g in prep.children if g.dep_ == "pobj"]
        if any(prep_objects(t, ("against",)) for t in (prep.head, *partners)):
            return True  # "against Isis" on the verb, or parsed onto the partner
        before = prep.doc[prep.i - 1]
        return before.lower_ in self.co_actor_words or (
            prep.head.lower_ in self.co_actor_words and prep.head.i == prep.i - 1
        )

    def actors_of(
        self, token: Any, actors: DocumentActors, *, modifiers: bool = False, depth: int = 2
    ) -> list[Actor]:
        """Actors denoted by the phrase headed by ``token`` (and coordinated phrases).
        A name in apposition to a title is one actor with it: "the minister, Juan Pérez"."""
        found: list[Actor] = []
        by_token: dict[int, list[Actor]] = {}
        for tok in with_conjuncts(token):
            here = self._actors_on(tok, actors, modifiers)
            if not here and depth > 0:
                here = self._actors_below(tok, actors, modifiers, depth)
            described = by_token.get(tok.head.i, []) if _names_a_title(tok) else []
            if len(described) == 1 and len(here) == 1 and described[0] in found:
                title, name = described[0], here[0]
                if tok.ent_type_ != "PERSON":  # "Juan Pérez, the minister"
                    title, name = name, title
                one = same_one(title, name)
                if one is not None:
                    found[found.index(described[0])] = one
                    by_token[tok.i] = [one]
                    continue
            by_token[tok.i] = here
            for actor in here:
                if all(actor.code != a.code for a in found):
                    found.append(actor)
        return found

    @staticmethod
    def _actors_on(tok: Any, actors: DocumentActors, modifiers: bool) -> list[Actor]:
        out: list[Actor] = []
        related = tok.lemma_.lower() in RELATION_NOUNS

        def other_side(m: Any) -> bool:
            # "America's allies", "US allies" are not America; "Russian backers" are
            return related and m.reading == "modifier" and not m.rule.startswith(DEMONYMS)

        for m in actors.by_head.get(tok.i, []):
            if m.reading == "place" or (m.reading == "modifier" and not modifiers):
                continue
            if other_side(m):
                continue
            out.extend(a for a in m.actors if a not in out)
        if not out and not modifiers:
            # A noun modified by a state word, not itself a sector: "Russian technicians",
            # or the subject of an event: "British aircraft killed four people".
            for m in actors.by_head.get(tok.i, []):
                if (
                    m.reading == "modifier"
                    and tok.pos_ in ("NOUN", "PROPN")
                    and (tok.tag_ in ("NNS", "NNPS") or tok.dep_ in ("nsubj", "nsubjpass"))
                    and not other_side(m)
                ):
                    out.extend(a for a in m.actors if a not in out)
        return out

    def _actors_below(
        self, tok: Any, actors: DocumentActors, modifiers: bool, depth: int
    ) -> list[Actor]:
        """Actors one or two links below a non-actor head: "officials of the Russian
        government"; the members named of a group: "countries like Peru and Bolivia",
        "states such as Peru", "countries, including Peru"."""
        members: list[Actor] = []
        for prep in tok.children:
            if prep.dep_ == "prep" and (
                prep.lower_ in MEMBER_PREPS
                or (prep.lower_ == "as" and prep.i > 0 and prep.nbor(-1).lower_ == "such")
            ):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        for t in with_conjuncts(pobj):
                            here = self._actors_on(t, actors, modifiers)
                            members.extend(a for a in here if a not in members)
        if members:
            return members
        level = [tok]
        for _ in range(depth):
            nxt = []
            for t in level:
                for child in t.children:
                    if child.dep_ in (
                        "relcl",
                        "acl",
                        "advcl",
                        "ccomp",
                        "punct",
                        "cc",
                        "det",
                        "conj",
                    ):
                        continue
                    if child.dep_ == "prep" and child.lower_ not in ("of", "from", "by"):
                        continue
                    nxt.append(child)
            found: list[Actor] = []
            for t in nxt:
                found.extend(a for a in self._actors_on(t, actors, modifiers) if a not in found)
            if found:
                return found
            level = nxt
        return []

    def _subject_of(self, verb: Any, actors: DocumentActors, steps: list[str]) -> list[Actor]:
        """Who does what ``verb`` says, climbing through control and coordination."""
        seen = 0
        tok = verb
        reporter = reporter_of_stray_conjunct(verb, self.cues.report_verbs)
        if reporter is not None and not any(
            self.actors_of(c, actors) for c in verb.head.children if c.dep_ in SUBJECT_DEPS
        ):
            steps.append("source.stray_conjunct")
            tok = reporter  # "said the situation was critical and called on ..."
        while tok is not None and seen < 5:
            for child in tok.children:
                if child.dep_ in SUBJECT_DEPS or (
                    child.dep_ == "nsubjpass" and tok != verb
                ):  # "Moscow can be expected to express ...": the raised subject
                    if child.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
                        break  # "Britain, which criticised Iran": the noun it describes
                    found = self.actors_of(child, actors)
                    if found:
                        steps.append("source.subject" if tok == verb else f"source.{tok.dep_}")
                    return found
                if child.dep_ == "agent" and tok == verb:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            steps.append("source.agent")
                            return self.actors_of(pobj, actors)
            if tok == verb and tok.dep_ in ("advcl", "ccomp", "relcl") and _own_passive_clause(tok):
                return []  # "after his mother was arrested": a clause of its own, no agent
            if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
                found = self.actors_of(tok.head, actors, modifiers=True)
                noun = tok.head
                if (
                    not found
                    and noun.dep_ == "pobj"
                    and noun.head.dep_ in ("prep", "advcl")
                    and noun.head.lower_ in ADVERBIAL_PREPS
                ):
                    # "while at the same time continuing talks": the noun is only an
                    # adverbial; the clause belongs to the verb the phrase hangs on
                    tok = noun.head.head
                    seen += 1
                    continue
                if (
                    not found
                    and noun.dep_ in ("dobj", "attr")
                    and noun.head.pos_ in ("VERB", "AUX")
                    and (
                        not any(c.dep_ in SUBJECT_DEPS for c in tok.children)
                        or self._done_by_someone(noun)
                    )
                ):
                    # "the US approved a contract to sell drones": the contract's party;
                    # "launched airstrikes that killed": who launched them; but not
                    # "retaliate against countries that expelled ...": their own doer
                    tok = noun.head
                    seen += 1
                    continue
                steps.append("source.modified_noun")
                return found
            if tok.dep_ == "xcomp" and lemma_of(tok.head) in self.object_control:
                obj = next((c for c in tok.head.children if c.dep_ in ("dobj",)), None)
                if obj is not None:
                    steps.append("source.controller_object")
                    return self.actors_of(obj, actors)
            if tok.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp", "dep") and tok.head != tok:
                if tok.dep_ == "ccomp" and any(
                    c.dep_ in (*SUBJECT_DEPS, "nsubjpass") for c in tok.children
                ):
                    return []  # a reported clause has its own subject, not the reporter
                if tok == verb and tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN"):
                    # "prosecute their citizens fighting in Syria": the subject found is
                    # the host clause's, borrowed (pairing.BORROWED)
                    steps.append("source.participle_host")
                tok = tok.head
                if tok.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
                    return []
                seen += 1
                continue
            if (
                tok.dep_ == "pcomp"
                and tok.head.dep_ == "prep"
                and (
                    (
                        tok.head.lower_ in ("of", "for")
                        and lemma_of(tok.head.head) in self.object_of_charge
                    )
                    or (tok.head.lower_ == "from" and lemma_of(tok.head.head) in self.kept_from)
                )
            ):
                # "accused the US of threatening Venezuela": the accused does the act
                obj = next((c for c in tok.head.head.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    steps.append("source.charged_object")
                    return self.actors_of(obj, actors)
            if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
                # "resorted to throwing stones": the subject of the verb the phrase hangs on
                tok = tok.head.head
                seen += 1
                continue
            if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
                tok = tok.head.head
                seen += 1
                continue
            return []
        return []

    def _prep_actors(
        self,
        token: Any,
        preps: Iterable[str],
        actors: DocumentActors,
        args: Arguments,
        role: str,
        *,
        measure: bool = False,
    ) -> None:
        """Actors of the trigger's prepositional phrases, as ``role``. ``measure``: a trade
        or diplomatic measure, aimed at what its "on"/"against" phrase names by its state
        alone ("tariffs on Peruvian copper", "an embargo on Iranian oil" -> PER, IRN); a
        place so named is never the target of an attack ("on a Turkish beach")."""
        for child in _prepositions(token):
            if child.lower_ not in preps:
                continue
            if self._co_actor_phrase(child):
                # "hit Idlib in coordination with Turkey": a partner in the act, not its target;
                # "fought with the US against Isis", "against" parsed onto the partner
                args.steps.append("actors.co_actor")
                if role == "target" and "against" in preps:
                    for pobj in (g for g in child.children if g.dep_ == "pobj"):
                        for foe in prep_objects(pobj, ("against",)):
                            found = self.actors_of(foe, actors)
                            args.targets.extend(a for a in found if a not in args.targets)
                continue
            aimed = measure and role == "target" and child.lower_ in ("on", "against")
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                # the doer of a passive act named by its state: "hit by a Turkish
                # airstrike", "awarded by the U.S. Department" -> TUR, USA; an accident
                # has no doer ("killed by the Malaysia Airlines crash")
                armed = child.dep_ == "agent" and lemma_of(pobj) not in ACCIDENTS
                found = self.actors_of(pobj, actors, modifiers=aimed or armed)
                if child.lower_ == "between":
                    args.sources.extend(a for a in found if a not in args.sources)
                    args.symmetric_group = True
                    args.steps.append("actors.between")
                    continue
                bucket = args.targets if role == "target" else args.sources
                bucket.extend(a for a in found if a not in bucket)
                if found:
                    args.steps.append(f"{role}.prep_{child.lower_}")

    def arguments(
        self, trig: Trigger, token: Any, obj: Any | None, actors: DocumentActors
    ) -> Arguments:
        args = Arguments()
        if trig.pos == "MODAL":
            self._advice_arguments(token, actors, args)
        elif token.pos_ in ("VERB", "AUX", "ADJ"):
            self._verb_arguments(trig, token, obj, actors, args)
        else:
            self._noun_arguments(trig, token, actors, args)
        if trig.reverse:
            self._reverse(trig, token, obj, actors, args)
        if trig.yielding:
            self._yielded(token, actors, args)
        return args

    def _verb_arguments(
        self, trig: Trigger, verb: Any, obj: Any | None, actors: DocumentActors, args: Arguments
    ) -> None:
        passive = is_passive(verb)
        if passive and lemma_of(verb) in self.stative_passives:
            # "Israel is opposed to French mediation": a state of mind, not a passive act
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if subj is not None:
                args.sources.extend(self.actors_of(subj, actors))
                args.steps.append("source.stative_subject")
            self._content_targets(verb, actors, args, depth=1)
            return
        if passive:
            undergoer = passive_subject(verb)
            # "new Chilean sanctions were announced": the noun is the act itself, and the
            # state it belongs to did it
            owners, step = self._measure_owners(undergoer, obj, actors), "source.measure_owner"
            if not owners and trig.type in self.own_forces and _same(undergoer, obj):
                # "Peruvian troops were deployed to the border": one's own forces move
                owners, step = self.actors_of(undergoer, actors), "source.own_forces"
            if owners:
                args.sources.extend(owners)
                args.steps.append(step)
            elif undergoer is not None:
                args.targets.extend(self.actors_of(undergoer, actors))
                if args.targets:
                    args.steps.append("target.passive_subject")
            self._prep_actors(verb, ("by",), actors, args, "source")
            if not args.sources:
                # "killed by a bomb planted by the rebels": who used the weapon
                for agent in (c for c in verb.children if c.dep_ == "agent"):
                    for pobj in (p for p in agent.children if p.dep_ == "pobj"):
                        user = instrument_user(pobj)
                        found = self.actors_of(user, actors) if user is not None else []
                        args.sources.extend(a for a in found if a not in args.sources)
                        if found:
                            args.steps.append("source.instrument_user")
            if not args.sources and lemma_of(verb) in EXPELLING:
                # "diplomats expelled from the United States": the state they leave did it
                self._prep_actors(verb, ("from",), actors, args, "source")
            if not args.sources:
                # "carried out with impunity by Syrian forces": the agent misparsed one
                # phrase down
                for prep in verb.children:
                    if prep.dep_ == "prep" and prep.lower_ != "by":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                self._prep_actors(pobj, ("by",), actors, args, "source")
            happening = self.happening_in(verb, trig.type)
            if not args.sources and happening is not None:
                # "killed in a Russian airstrike", "in an airstrike by Russia": the state
                # of the one happening did it (not "in a bombing of the Iraqi city")
                about = {
                    t.idx
                    for prep in happening.children
                    if prep.dep_ == "prep" and prep.lower_ != "by"
                    for t in prep.subtree
                }
                found = [
                    a
                    for a in self.actors_of(happening, actors, modifiers=True)
                    if a.start not in about
                ]
                args.sources.extend(a for a in found if a not in args.targets)
                if found:
                    args.steps.append("source.happening")
            if not args.sources and not absolute_passive(verb):
                # the clause's subject, unless it is the one who undergoes this verb too
                # ("had been neutralized, killed, injured")
                steps: list[str] = []
                found = [
                    a for a in self._subject_of_clause(verb, actors, steps) if a not in args.targets
                ]
                if found:
                    args.sources.extend(found)
                    args.steps.extend(steps)
        else:
            args.sources.extend(self._subject_of(verb, actors, args.steps))
            own = obj is not None and trig.type in self.own_forces
            if own and not any(a.country for a in args.sources):
                # "withdrawing US troops": the troops' state withdraws them
                found = self.actors_of(obj, actors)
                if found:
                    args.sources.extend(a for a in found if a not in args.sources)
                    args.steps.append("source.own_forces")
            for child in verb.children:
                if own and child == obj:
                    continue  # one's own forces are not acted upon
                if child.dep_ in ("dobj", "dative", "iobj") and not trig.reverse:
                    # "rejected a U.S. request": a state modifying the object is the target,
                    # unless the object is what the trigger is about ("sold Russian tanks").
                    found = self._doer_of_act(child, actors) if child != obj else []
                    if not found:
                        found = self.actors_of(child, actors)
                    if not found and child != obj:
                        found = self._actors_on(child, actors, modifiers=True)
                    args.targets.extend(a for a in found if a not in args.targets)
                    if found:
                        args.steps.append(f"target.{child.dep_}")
            denial = lemma_of(verb) in self.lex.words("answers_charge")
            if not args.targets and not trig.reverse and not denial and object_relative(verb):
                # "the militia that Ankara is fighting": the noun the clause describes
                # (not what a denial answers: "the poisoning, which Russia denies")
                found = [a for a in self.actors_of(verb.head, actors) if a not in args.sources]
                args.targets.extend(found)
                if found:
                    args.steps.append("target.relative_object")
        self._prep_actors(
            verb, (*trig.preps, "between"), actors, args, "target", measure=trig.type in MEASURES
        )
        if obj is not None and obj.head == verb:
            # "formalize an alliance between the two countries", "sign a treaty with X"
            self._prep_actors(
                obj,
                (*trig.preps, "between", "with"),
                actors,
                args,
                "target",
                measure=trig.type in MEASURES,
            )
        if not args.targets:
            # One level down: "mobilized reservists for a possible war against Iraq".
            for child in verb.children:
                for noun in child.children if child.dep_ == "prep" else [child]:
                    if noun.dep_ in ("pobj", "dobj") and noun != obj:
                        self._prep_actors(noun, ("against", "on", "with"), actors, args, "target")
        if trig.complements and "target.dobj" in args.steps:
            # "told reporters that Peru had lied": whom one tells is no target
            args.targets = []
            args.steps = [step for step in args.steps if step != "target.dobj"]
        if trig.complements and not args.targets:
            # "Britain says Russia was involved": the one the complement is said of
            for clause in verb.children:
                if clause.dep_ == "ccomp":
                    subj = self._said_of(clause)
                    if subj is None:
                        continue
                    found = [a for a in self.actors_of(subj, actors) if a not in args.sources]
                    args.targets.extend(found)
                    if found:
                        args.steps.append("target.complement_subject")
        if not args.targets and (trig.type in self.directing or args.sources):
            # "wants Peru to answer", "Moscow allowed Turkey to run the operation", parsed
            # with Peru or Turkey as the subject of the infinitive: the one asked, allowed
            # or helped to act is the target (of an act with a doer: "the rules allow the
            # opposition to choose" is no one's concession)
            for clause in verb.children:
                # "called for Peru to withdraw": a clause marked by "for"
                marked = clause.dep_ == "advcl" and for_infinitive(clause)
                if (clause.dep_ in ("ccomp", "xcomp") or marked) and any(
                    c.tag_ == "TO" for c in clause.children
                ):
                    for subj in clause.children:
                        if subj.dep_ == "nsubj":
                            found = [
                                a for a in self.actors_of(subj, actors) if a not in args.sources
                            ]
                            args.targets.extend(found)
                            if found:
                                args.steps.append("target.asked")
        if not args.targets and trig.type in self.directing and _addressed(verb):
            # "will write to the Commissioner asking for measures", "wrote to the
            # minister urging him to act": whom the letter or call is addressed to
            self._prep_actors(verb.head, ("to",), actors, args, "target")
            if args.targets:
                args.steps.append("target.addressee")
        for child in verb.children:
            if child.dep_ == "xcomp" and not args.targets:
                # "threatened to impose restrictions against German goods": the target of
                # what is threatened, promised or refused is the event's target.
                self._content_targets(child, actors, args, depth=2)
        if not args.targets:
            # "provide 70 million dollars of aid for Romania": a target inside the object
            self._content_targets(verb, actors, args, depth=0, sides=trig.type in self.violent)
        if obj is not None and trig.type in self.own_forces and args.targets:
            # "Moscow deployed Russian troops": not acted upon; but "strengthened its forces
            # in Lebanon" keeps the country the forces are in
            countries = {a.country for a in args.sources}
            own = [
                a for a in self.actors_of(obj, actors) if a.country in countries or not a.country
            ]
            args.targets = [a for a in args.targets if a not in own]
            if not args.targets:
                args.steps = [s for s in args.steps if not s.startswith("target.")]
        if not args.targets and trig.type in self.conditional_target:
            # "... if the United States goes ahead": whoever the condition is about
            for child in verb.children:
                if child.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children
                ):
                    subj = next((c for c in child.children if c.dep_ == "nsubj"), None)
                    if subj is not None:
                        args.targets.extend(self.actors_of(subj, actors))
                        args.steps.append("target.condition")
        if trig.id.startswith("request.") and not args.targets:
            # "urged Iraq to ...": the object of an appeal is its target.
            for child in verb.children:
                if child.dep_ in ("ccomp", "xcomp"):
                    subj = next((c for c in child.children if c.dep_ in ("nsubj", "dobj")), None)
                    if subj is not None:
                        args.targets.extend(self.actors_of(subj, actors))

    def _content_targets(
        self,
        clause: Any,
        actors: DocumentActors,
        args: Arguments,
        depth: int,
        nested: bool = False,
        sides: bool = False,
    ) -> None:
        """Targets inside an embedded action: its objects and prepositional objects.

        ``nested``: ``clause`` is a clause after a preposition ("agitated over what he
        considers to be Washington's intentions"), whose predicate noun counts as an object.
        ``sides``: ``clause`` is an act of force, whose *for* names the side one fights for
        ("recruits fighting for Isis"), not whom it is aimed at.
        """
        found: list[Actor] = []
        objects = ("dobj", "dative", "attr") if nested else ("dobj", "dative")
        for child in clause.children:
            if child.dep_ in objects:
                here = self.actors_of(child, actors) or self._actors_on(child, actors, True)
                found.extend(here)
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in CONTENT_PREPS:
                        for pobj in prep.children:
                            # "vowed revenge for the killing of X": X is not its target
                            if pobj.dep_ == "pobj" and not answered_act(pobj):
                                found.extend(self.actors_of(pobj, actors, modifiers=True))
            elif child.dep_ == "prep" and child.lower_ in CONTENT_PREPS:
                if sides and child.lower_ == "for":
                    continue
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found.extend(self.actors_of(pobj, actors, modifiers=True))
                    elif pobj.dep_ == "pcomp" and not nested:
                        self._content_targets(pobj, actors, args, depth=2, nested=True)
            elif child.dep_ in ("xcomp", "conj") and depth > 0 and not found:
                self._content_targets(child, actors, args, depth - 1, nested)
        found = [a for a in found if all(a.code != s.code for s in args.sources)]
        if found:
            args.targets.extend(a for a in found if a not in args.targets)
            args.steps.append("target.content")

    def _subject_of_clause(
        self, verb: Any, actors: DocumentActors, steps: list[str]
    ) -> list[Actor]:
        if verb.dep_ == "advcl" and _own_passive_clause(verb):
            return []  # "he died after his mother was arrested": not by him
        if verb.dep_ in ("xcomp", "conj", "advcl"):
            return self._subject_of(verb.head, actors, steps)
        return []

    def _noun_arguments(
        self, trig: Trigger, noun: Any, actors: DocumentActors, args: Arguments
    ) -> None:
        undergoer = self._undergone_by_possessor(noun)
        for child in noun.children:
            if child.dep_ == "poss":
                found = self.actors_of(child, actors, modifiers=True)
                role = args.targets if undergoer else args.sources
                role.extend(a for a in found if a not in role)
                if found:
                    args.steps.append("target.possessor" if undergoer else "source.possessor")
        for m in actors.by_head.get(noun.i, []):
            if m.reading in ("modifier", "actor"):
                for actor in m.actors:
                    if self._placed_by_capital(trig, noun, actor):
                        continue  # "the Kabul assault", "a Paris rally": the place, no doer
                    if undergoer and _possessive(noun, actor):
                        # "Navalny's arrest", "Khashoggi's murder": who undergoes it
                        if actor not in args.targets:
                            args.targets.append(actor)
                            args.steps.append("target.possessor")
                        continue
                    if self._destination(noun, actor):
                        # "a three-week US tour", "his Moscow trip": where one goes
                        if actor not in args.targets:
                            args.targets.append(actor)
                            args.steps.append("target.destination")
                        continue
                    if actor not in args.sources:
                        args.sources.append(actor)
                        args.steps.append("source.modifier")
        for child in noun.children:
            # "the police killing of a man", "a Taliban attack": a body named before the noun
            if child.dep_ not in ("compound", "amod") or child.i > noun.i:
                continue
            for m in actors.by_head.get(child.i, []):
                found = [a for a in m.actors if a.sector and a.kind != "state"]
                if m.reading in ("actor", "modifier") and found:
                    args.sources.extend(a for a in found if a not in args.sources)
                    args.steps.append("source.compound")
        agents = Arguments()  # a "by" phrase the parser hung on the noun's "of" object
        if trig.type in self.own_forces:
            # "the withdrawal of American forces from Iraq": the forces' state withdraws
            # them, from the place it leaves
            self._prep_actors(noun, ("by",), actors, args, "source")
            placed = Arguments()
            self._prep_actors(noun, ("of",), actors, placed, "source")
            if any(a.country for a in placed.sources):  # not "of some invasion forces"
                args.sources.extend(a for a in placed.sources if a not in args.sources)
                args.steps.extend(placed.steps)
        elif lemma_of(noun) in self.journeys:
            # "the visit of the Chilean president to Peru", "a visit from the minister":
            # who travels; not the place a trip starts from ("the trip from Amsterdam")
            travellers = Arguments()
            # "a tour of Arab capitals" names where one goes
            by_of = ("by", "from", "of") if lemma_of(noun) == "visit" else ("by", "from")
            self._prep_actors(noun, by_of, actors, travellers, "source")
            kept = [a for a in travellers.sources if not a.rule.startswith(CAPITALS)]
            if kept:
                args.sources.extend(a for a in kept if a not in args.sources)
                args.steps.extend(travellers.steps)
        else:
            self._prep_actors(noun, ("by", "from"), actors, args, "source")
            if not args.sources and lemma_of(noun) in self.offensive_nouns:
                # "the attack of the Turkish army on Afrin": an armed force after "of"
                # attacks; "the invasion of Iraq": a state after "of" is attacked
                for pobj in prep_objects(noun, ("of",)):
                    armed = [a for a in self.actors_of(pobj, actors) if a.sector in ARMED_SECTORS]
                    agents.sources.extend(a for a in armed if a not in agents.sources)
                if agents.sources:
                    args.sources.extend(agents.sources)
                    args.steps.append("source.prep_of")
            if not args.sources:
                # "the arrest of a Chilean activist by Peruvian police": the parser hangs
                # the agent on the one acted upon
                for pobj in prep_objects(noun, ("of",)):
                    self._prep_actors(pobj, ("by",), actors, agents, "source")
                args.sources.extend(agents.sources)
                args.steps.extend(agents.steps)
        self._prep_actors(
            noun, (*trig.preps, "between"), actors, args, "target", measure=trig.type in MEASURES
        )
        if agents.sources:
            kept = [a for a in args.targets if a not in agents.sources]
            if len(kept) < len(args.targets) and "target.prep_of" in args.steps:
                # the "of" phrase named the doer, not whom it was done to
                of_phrases = prep_objects(noun, ("of",))
                named_of = [a for p in of_phrases for a in self.actors_of(p, actors)]
                if not any(a in kept for a in named_of):
                    args.steps.remove("target.prep_of")
            args.targets = kept
        verb = done_by(noun)
        if (
            not args.targets
            and verb is not None
            and any(t.type == trig.type for t in self.lex.candidates("VERB", lemma_of(verb)))
        ):
            # "a Turkish airstrike killed five fighters": the verb's object is the target
            # of the one happening, coded at the noun; "killed by US-led airstrikes": the
            # state that leads them is its source
            if not args.sources:
                found = [
                    a
                    for a in self.actors_of(noun, actors, modifiers=True)
                    if not self._placed_by_capital(trig, noun, a)
                ]
                args.sources.extend(found)
                if found:
                    args.steps.append("source.modifier")
            for child in verb.children:
                if child.dep_ in ("dobj", "nsubjpass"):
                    found = self.actors_of(child, actors)
                    args.targets.extend(a for a in found if a not in args.targets)
                    if found:
                        args.steps.append("target.verb_object")
        if not args.targets:
            # "a suspension of air links with Serbia": the target hangs off what it is about
            for child in noun.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            self._prep_actors(pobj, trig.preps, actors, args, "target")
        if not args.targets and trig.type in self.directing and noun.dep_ == "dobj":
            # "renewed its calls for Peru to withdraw", parsed as a clause of the verb
            for clause in noun.head.children:
                if clause.dep_ == "advcl" and clause.i > noun.i and for_infinitive(clause):
                    for subj in (c for c in clause.children if c.dep_ == "nsubj"):
                        found = [a for a in self.actors_of(subj, actors) if a not in args.sources]
                        args.targets.extend(found)
                        if found:
                            args.steps.append("target.asked")
        content = next((c for c in noun.children if infinitive_of_noun(c)), None)
        if content is not None and trig.type in self.refusing:
            # "the refusal of the regime to negotiate": who refuses; "Britain's refusal to
            # back the French resolution", "the threat to attack Ukraine": the target of
            # the act refused or threatened is the event's
            of = Arguments()
            self._prep_actors(noun, ("of",), actors, of, "source")
            if of.sources:
                args.targets = [a for a in args.targets if a not in of.sources]
                args.sources.extend(a for a in of.sources if a not in args.sources)
                args.steps = [s for s in args.steps if s != "target.prep_of"]
                args.steps.extend(of.steps)
            if not args.targets:
                self._content_targets(content, actors, args, depth=2)
        if not args.targets and trig.type in self.asking:
            # "Trump's demand that Germany and France repatriate them": who is to act
            for clause in (c for c in noun.children if mandated_clause(c)):
                for subject in (c for c in clause.children if c.dep_ == "nsubj"):
                    found = self.actors_of(subject, actors)
                    args.targets.extend(a for a in found if a not in args.targets)
                    if found:
                        args.steps.append("target.mandated")
        if self._answered(trig, noun, actors, args):
            return
        if self._undergone(noun, actors, args) or self._held_in(noun, actors, args):
            return
        if args.sources:
            return
        if names_an_occasion(noun):
            # "expelled diplomats over the poisoning": the expellers did not poison
            args.steps.append("source.none_occasion")
            return
        verb = governing_verb(noun)
        if verb is None:
            if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
                self._prep_actors(noun.head, ("between", "with"), actors, args, "target")
            return
        steps: list[str] = []
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head == verb:
            # "trade deals were achieved between the two nations", "a pact was signed by
            # Russia and Iran"; "the attack was carried out by Isis": who did it
            done = lemma_of(verb) in self.lex.words("perpetrates")
            if not trig.symmetric and done:
                self._prep_actors(verb, ("by",), actors, args, "source")
            by = ("by",) if trig.symmetric else ()
            self._prep_actors(verb, ("between", "with", *by), actors, args, "target")
            if noun.dep_ == "nsubjpass" and not args.targets:
                # "allegations were levelled against the chief", "sanctions were imposed
                # on Iran": whom the event is aimed at
                self._prep_actors(verb, ("against", "on", "upon"), actors, args, "target")
            if args.symmetric_group or args.targets:
                args.steps.append("actors.governing_verb")
                return
            commented = any(c.dep_ == "agent" for c in verb.children)
            if noun.dep_ == "nsubjpass" and commented and not done and not trig.symmetric:
                # "the attack was confirmed by the ministry": the agent speaks of it
                args.steps.append("source.none_commenter")
                return
        if self._imputes(verb):
            # "Britain accused Russia of the attack": the accused did it, not the accuser
            imputed = self._imputed(verb, actors)
            if trig.type in self.imputing:
                # "was convicted on terror charges": the charge is aimed at the convicted
                args.targets.extend(a for a in imputed if a not in args.targets)
                args.steps.append("target.imputed" if imputed else "source.none_imputed")
                return
            args.sources.extend(a for a in imputed if a not in args.sources)
            args.steps.append("source.imputed" if imputed else "source.none_imputed")
            return
        if lemma_of(verb) in self.lex.words("acts_upon"):
            # "police broke up the rally": the police are not the ones rallying
            args.steps.append("source.none_acted_upon")
            return
        if lemma_of(verb) in self.lex.words("blamed") and noun.dep_ == "pobj":
            # "the Russian government was involved in the poisoning": who was involved
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            found = self.actors_of(subj, actors) if subj is not None else []
            if found:
                args.sources.extend(a for a in found if a not in args.sources)
                args.steps.append("source.involved")
                return
        found = self._subject_of(verb, actors, steps)
        # "two soldiers were wounded in the attack": the passive's subject suffered it
        suffered = (
            noun.dep_ == "pobj"
            and noun.head.lower_ in ("in", "during")
            and any(c.dep_ == "nsubjpass" for c in verb.children)
        )
        if found and (lemma_of(verb) in self.lex.words("undergoes") or suffered):
            # "he faces charges", "40 people died in a strike": the one who undergoes it
            args.targets.extend(a for a in found if a not in args.targets)
            args.steps.append("target.undergoer")
            self._prep_actors(verb, ("from", "by"), actors, args, "source")
            return
        if found:
            args.sources.extend(a for a in found if a not in args.sources)
            args.steps.append("source.governing_verb")
            args.steps.extend(steps)
            if not args.targets:
                # "put pressure on Assad": the verb's "on" names whom the noun aims at
                aimed = [p for p in ("on", "upon") if p in trig.preps and noun.dep_ == "dobj"]
                self._prep_actors(verb, ("with", "between", *aimed), actors, args, "target")
                for child in verb.children:
                    if child.dep_ in ("dative", "iobj"):
                        args.targets.extend(self.actors_of(child, actors))

    def happening_in(self, verb: Any, kind: str) -> Any | None:
        """The noun of an event of the same type that a passive verb happened in: "was
        killed in a Russian airstrike", "were wounded during the attack" (one happening,
        coded at the verb); not an accident ("killed in a crash")."""
        for noun in in_or_during(verb):
            if lemma_of(noun) in ACCIDENTS:
                continue
            if any(t.type == kind for t in self.lex.candidates("NOUN", lemma_of(noun))):
                return noun
        return None

    @staticmethod
    def accident_in(verb: Any) -> bool:
        """Whether a verb happened in an accident: "three people were killed in a car
        crash", "died in the earthquake" (no one did it)."""
        return any(lemma_of(noun) in ACCIDENTS for noun in in_or_during(verb))

    def _done_by_someone(self, noun: Any) -> bool:
        """Whether a noun names something someone does or uses, an event or a weapon
        ("airstrikes", "missiles"), not who acts ("countries", "a dictator")."""
        lemma = lemma_of(noun)
        return lemma in self.materiel_nouns or bool(self.lex.candidates("NOUN", lemma))

    def _doer_of_act(self, noun: Any, actors: DocumentActors) -> list[Actor]:
        """Who does the act that an object noun names, when a state word or possessive
        says so: the one criticised in "criticised Turkey's invasion of Syria" or "the
        Russian airstrikes on Idlib" is Turkey or Russia, not the place acted upon.
        Not the possessor of an act that it undergoes ("Khashoggi's murder", but "Russia's
        expulsion of British diplomats" is Russia's)."""
        if noun.pos_ != "NOUN" or not self.lex.candidates("NOUN", lemma_of(noun)):
            return []
        found = self._actors_on(noun, actors, modifiers=True)
        if not self._undergone_by_possessor(noun):
            for child in noun.children:
                if child.dep_ == "poss":
                    found.extend(
                        a for a in self.actors_of(child, actors, modifiers=True) if a not in found
                    )
        return found

    def _undergone_by_possessor(self, noun: Any) -> bool:
        """Whether the possessor of an event noun undergoes it: "his arrest", "their
        expulsion", "Khashoggi's murder" (``undergone_by_possessor``), unless an "of"
        phrase names who does ("Russia's expulsion of British diplomats")."""
        if lemma_of(noun) not in self.undergone_by_possessor:
            return False
        return not any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)

    def _destination(self, noun: Any, actor: Actor) -> bool:
        """Whether a state or capital named before a noun of travel is where one goes ("a US
        tour", "Obama's China visit"), not who travels: a name, not a possessor ("Russia's
        visit") nor an adjective ("a Russian visit to Iran")."""
        if lemma_of(noun) not in self.journeys or actor.rule.startswith(DEMONYMS):
            return False
        if actor.kind != "state" and not actor.rule.startswith(CAPITALS):
            return False
        return any(c.dep_ == "compound" and c.idx == actor.start for c in noun.children)

    def _placed_by_capital(self, trig: Trigger, noun: Any, actor: Actor) -> bool:
        """Whether a capital before an event noun of force says where it happened ("the
        Kabul assault"), not who did it ("Ankara's offensive": a possessor acts)."""
        if trig.type not in self.material_target or not actor.rule.startswith(CAPITALS):
            return False
        return not _possessive(noun, actor)

    def _answered(self, trig: Trigger, noun: Any, actors: DocumentActors, args: Arguments) -> bool:
        """Who answers a request is who was asked: "France is not responding to Trump's
        demands", "Britain is considering Russia's request", "Ankara's demands were rebuffed
        by Moscow" (``answers_request``). The answerer is the target, never the source; the
        request's own words (a possessor, *of*, *from*) give its source. False when no such
        verb takes the noun as its object, its passive subject or its preposition's object."""
        if trig.type not in self.asking:
            return False
        head = noun
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head  # "ignored the requests and demands"
        verb = head.head
        if head.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in ANSWER_PREPS:
            verb = verb.head  # "responding to the demands", "complied with the request"
        elif head.dep_ not in ("dobj", "nsubjpass"):
            return False
        if verb.pos_ not in ("VERB", "AUX") or lemma_of(verb) not in self.answers:
            return False
        steps: list[str] = []
        answerer = [a for a in self._subject_of(verb, actors, steps) if a not in args.sources]
        if not answerer:
            return False
        args.targets = [a for a in args.targets if a not in args.sources]
        args.targets.extend(a for a in answerer if a not in args.targets)
        args.steps.append(ANSWERED)
        return True

    def _measure_owners(
        self, undergoer: Any | None, obj: Any | None, actors: DocumentActors
    ) -> list[Actor]:
        """The states a passive verb's subject belongs to when that subject is the act the
        entry's ``objects`` name rather than anyone acted upon ("US sanctions were
        imposed", "the Chilean offer was made"): only states named as its modifiers."""
        if not _same(undergoer, obj):
            return []
        found = self.actors_of(undergoer, actors, modifiers=True)
        if not found or any(a.kind != "state" or a.sector for a in found):
            return []  # "prisoners were held": people acted upon
        return found

    def _undergone(self, noun: Any, actors: DocumentActors, args: Arguments) -> bool:
        """The arguments of an event noun that a verb's subject undergoes: "Israel faced
        condemnation from the UN", "Jordan received US aid", "the law attracted criticism from
        the opposition". The subject is the target, also when the noun names its source;
        the verb's *from* or *by* gives the source when the noun does not. So does the
        subject of a verb the noun is *under* ("came under attack"). False when no such
        verb governs the noun as (part of) its object."""
        verb = governing_verb(noun)
        if verb is None:
            return False
        # "Ankara came under pressure", "the convoy was under attack from the rebels"
        under = noun.dep_ == "pobj" and noun.head.lower_ == "under" and noun.head.head == verb
        if not under:
            if lemma_of(verb) not in self.lex.words("undergoes"):
                return False
            below = noun
            while below.head != verb:
                below = below.head
            if below.dep_ != "dobj":
                return False  # "faced condemnation after the raid": the raid is not undergone
        if not args.sources:
            self._prep_actors(verb, ("from", "by"), actors, args, "source")
        steps: list[str] = []
        found = [a for a in self._subject_of(verb, actors, steps) if a not in args.sources]
        if found:
            args.targets.extend(a for a in found if a not in args.targets)
            args.steps.append("target.undergoer")
        return bool(args.sources or args.targets)

    def _held_in(self, noun: Any, actors: DocumentActors, args: Arguments) -> bool:
        """The one held in custody: the subject of "is in custody", "remain in detention",
        "were taken into custody" is the target, not the one who holds (``held_in``)."""
        if lemma_of(noun) not in self.lex.words("held_in") or noun.dep_ != "pobj":
            return False
        prep = noun.head
        if prep.lower_ not in ("in", "into") or prep.head.pos_ not in ("VERB", "AUX"):
            return False
        verb = prep.head
        holder = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if holder is None:
            return False
        found = [a for a in self.actors_of(holder, actors) if a not in args.sources]
        args.targets.extend(a for a in found if a not in args.targets)
        if found:
            args.steps.append("target.held")
        self._prep_actors(verb, ("by",), actors, args, "source")
        return True

    def _advice_arguments(self, modal: Any, actors: DocumentActors, args: Arguments) -> None:
        """Who says another should act asks it to: the reporter is the source, the one who
        should act the target."""
        verb = reported_advice(modal, self.cues.report_verbs)
        if verb is None:
            return
        speaker = next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS), None)
        addressee = next(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
        sources = self.actors_of(speaker, actors) if speaker is not None else []
        codes = {a.code for a in sources}
        targets = [a for a in self.actors_of(addressee, actors) if a.code not in codes]
        if sources and targets:
            args.sources.extend(sources)
            args.targets.extend(targets)
            args.steps.extend(["source.reporter", "target.advised"])

    def _said_of(self, clause: Any) -> Any | None:
        """Whom a reported complement is said of: its subject; not the one who undergoes a
        wrong ("said the child was wronged"), nor the "it" of "it is unacceptable that"."""
        for subj in clause.children:
            if subj.dep_ == "nsubjpass" and lemma_of(clause) in self.lex.words("faults"):
                return None
            if (
                subj.dep_ == "nsubj"
                and subj.lower_ == "it"
                and any(c.dep_ in ("ccomp", "xcomp") for c in clause.children)
            ):
                return None
            if subj.dep_ in ("nsubj", "nsubjpass"):
                return subj
        return None

    def _imputes(self, verb: Any) -> bool:
        """Whether ``verb`` lays an act at someone's door: "accused", "blamed", or a verb
        that holds someone to one of the ``blamed`` words ("held Russia responsible")."""
        if lemma_of(verb) in self.lex.words("imputes"):
            return True
        blamed = self.lex.words("blamed")
        return any(
            c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and lemma_of(c) in blamed
            for c in verb.children
        )

    def _imputed(self, verb: Any, actors: DocumentActors) -> list[Actor]:
        """Whom an accusing verb names as the doer: its object ("blamed Russia for"), its
        passive subject ("Russia was accused of"), or the subject said to be one of the
        ``blamed`` words ("the government was responsible for the attack")."""
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                return self.actors_of(child, actors)
        blamed = self.lex.words("blamed")
        if any(c.dep_ == "acomp" and lemma_of(c) in blamed for c in verb.children):
            for child in verb.children:
                if child.dep_ == "nsubj":
                    return self.actors_of(child, actors)
        return []

    def _yielded(self, token: Any, actors: DocumentActors, args: Arguments) -> None:
        """Ground lost to another: who it went "to" took it (the source); a loser named
        as the active subject is the target ("Isis lost Mosul to Iraqi troops"). Without
        a taker there is no one's act ("the vote fell to 40 percent")."""
        takers = [
            actor
            for prep in _prepositions(token)
            if prep.lower_ == "to"
            for pobj in prep.children
            if pobj.dep_ == "pobj"
            for actor in self.actors_of(pobj, actors)
        ]
        # the subject loses what it names as object; "the city fell" names no loser
        lost = any(c.dep_ == "dobj" for c in token.children) and not is_passive(token)
        losers = [a for a in args.sources if a not in takers] if lost else []
        args.sources, args.targets = (takers, losers) if takers else ([], [])
        args.steps[:] = (["source.taker"] if takers else []) + (["target.loser"] if losers else [])

    def _reverse(
        self, trig: Trigger, token: Any, obj: Any | None, actors: DocumentActors, args: Arguments
    ) -> None:
        """Transfers read from the receiving side: subject receives, the supplier gives."""
        recipients = list(args.sources)
        suppliers = [a for a in args.targets if a not in recipients]
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "from":
                for pobj in child.children:
                    for actor in self.actors_of(pobj, actors, modifiers=True):
                        if all(actor.code != a.code for a in suppliers):
                            suppliers.append(actor)
        if not suppliers:
            scope = obj if obj is not None else token
            for tok in phrase_tokens(scope):
                for m in actors.by_head.get(tok.i, []):
                    for actor in m.actors:
                        known = recipients + suppliers
                        if actor.country and all(actor.country != a.country for a in known):
                            suppliers.append(actor)
        if suppliers:
            args.steps.append("transfer.supplier")
        elif len({a.country for a in recipients if a.country}) >= 2:
            # "The Russian and Venezuelan leaders negotiated the acquisition of tanks".
            ranked, rest = supplier_first(recipients[:2])
            suppliers = ranked
            recipients = rest + recipients[2:]
            args.steps.append("transfer.direction_prior")
        recipients = [a for a in recipients if all(a.country != s.country for s in suppliers)]
        args.sources, args.targets = suppliers, recipients


def _addressed(verb: Any) -> bool:
    """Whether a verb of asking is a participle that says what a message addressed to
    someone asks ("wrote to the Commissioner asking for measures"): it hangs on another
    verb, has no object of its own, and that verb has a "to" phrase."""
    return (
        verb.tag_ == "VBG"
        and verb.dep_ in ("advcl", "xcomp", "conj")
        and verb.head.pos_ == "VERB"
        and not any(c.dep_ in ("dobj", "dative", "iobj") for c in verb.children)
        and any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.head.children)
    )


def _prepositions(token: Any) -> list[Any]:
    """The prepositions (and passive agent) of ``token``, each followed by the same
    preposition coordinated with it: "engaging with the United States and with Mexico"
    reads both phrases."""
    found: list[Any] = []
    for child in token.children:
        if child.dep_ not in ("prep", "agent"):
            continue
        found.append(child)
        stack = [c for c in child.children if c.dep_ == "conj"]
        while stack:
            conj = stack.pop(0)
            if conj.pos_ == "ADP" and conj.lower_ == child.lower_:
                found.append(conj)
                stack.extend(c for c in conj.children if c.dep_ == "conj")
    return found


# Conjunctions that open a clause of its own time or reason, whose passive has an agent of
# its own ("after his mother was arrested"); not "so that", whose act the main clause's
# subject brings about ("convince parliament to amend it so that marriages are banned").
CLAUSE_OF_ITS_OWN = frozenset(
    {
        "after",
        "before",
        "when",
        "while",
        "as",
        "since",
        "until",
        "till",
        "once",
        "because",
        "although",
        "though",
        "whereas",
        "whenever",
        "if",
        "unless",
    }
)


def _possessive(noun: Any, actor: Actor) -> bool:
    """Whether ``actor`` is named by a possessive of ``noun`` ("Jamal Khashoggi's")."""
    if actor.start is None:
        return False
    return any(c.dep_ == "poss" and c.left_edge.idx <= actor.start <= c.idx for c in noun.children)


def _own_passive_clause(verb: Any) -> bool:
    """A passive clause with its own subject, opened by a conjunction of time or reason (or
    a relative or reported clause): whoever acts in it is not the main clause's subject."""
    if not any(c.dep_ == "nsubjpass" for c in verb.children):
        return False
    if verb.dep_ != "advcl":
        return True
    return any(
        c.dep_ in ("mark", "advmod") and c.lower_ in CLAUSE_OF_ITS_OWN for c in verb.children
    )


# Verbs whose passive names, after "from", the state that did it: "diplomats were
# expelled from Britain" (Britain expelled them); in the active voice "from" is where
# they are sent from ("recalled its ambassador from Paris").
EXPELLING = frozenset({"expel", "kick", "deport", "evict", "banish", "eject"})


def _names_a_title(appositive: Any) -> bool:
    """Whether an appositive and the noun it stands beside are a person's name and title
    ("the minister, Juan Pérez"; "Juan Pérez, the minister"), not a list ("two soldiers,
    an official and a contractor") nor two names."""
    if appositive.dep_ != "appos":
        return False
    pair = (appositive, appositive.head)
    return sorted(t.ent_type_ == "PERSON" for t in pair) == [False, True] and all(
        t.pos_ in ("NOUN", "PROPN") for t in pair
    )


def same_one(title: Actor, name: Actor) -> Actor | None:
    """A title and the name in apposition to it as one actor ("the minister, Juan Pérez"):
    the name, with the title's sector where it has none, when both name the same country
    or organisation; None otherwise (one not yet placed may still be placed elsewhere:
    merged, they lost an event on half B of realnews_events)."""
    known = [a for a in (name, title) if a.country or a.igo]
    if len(known) != 2 or len({(a.country, a.igo) for a in known}) > 1:
        return None
    base = known[0]
    other = title if base is name else name
    if base.sector or not other.sector:
        return base
    if base.code not in (base.country, UNKNOWN_COUNTRY):
        return replace(base, sector=other.sector)  # an organisation's own code stays
    return replace(base, sector=other.sector, code=make_code(base.country, other.sector, ""))


# Verbs of putting a weapon to use: their agent did what the weapon did.
USING = frozenset(
    {
        "fire",
        "launch",
        "plant",
        "lay",
        "drop",
        "detonate",
        "throw",
        "hurl",
        "set",
        "trigger",
        "fly",
        "pilot",
        "drive",
        "operate",
        "deploy",
        "wield",
        "use",
        "shoot",
        "lob",
        "hide",
        "place",
        "leave",
    }
)


def instrument_user(noun: Any) -> Any | None:
    """Who used the weapon a noun names, as the agent of a participle of use says: "a bomb
    *planted by the rebels*", "a missile fired by Isis"; None when none names one."""
    for participle in noun.children:
        if participle.dep_ != "acl" or participle.tag_ != "VBN":
            continue
        if lemma_of(participle) not in USING:
            continue  # "a nerve agent developed by the Soviet Union": made, not used
        for agent in participle.children:
            if agent.dep_ == "agent":
                return next((p for p in agent.children if p.dep_ == "pobj"), None)
    return None


# Verbs whose subject is given something, not asked to act.
GIVEN_TO = frozenset({"get", "receive", "have", "be", "obtain", "gain", "win", "enjoy"})


def mandated_clause(clause: Any) -> bool:
    """Whether a clause on a noun says what someone is to do: "that Germany *repatriate*
    its citizens" (a that-clause in the subjunctive, or with "should"), not a relative
    clause of fact ("the call that he made")."""
    if clause.dep_ not in ("acl", "relcl", "ccomp") or clause.pos_ != "VERB":
        return False
    if lemma_of(clause) in GIVEN_TO:
        return False  # "demands that the PYD get a place at the table": for them, not of them
    if not any(
        c.dep_ == "mark" or (c.lower_ == "that" and c.i < clause.i) for c in clause.children
    ):
        return False
    if not any(c.dep_ == "nsubj" for c in clause.children):
        return False
    should = any(c.dep_ == "aux" and c.lower_ in ("should", "must") for c in clause.children)
    return clause.tag_ == "VB" or should


def _same(token: Any | None, other: Any | None) -> bool:
    """Whether two optional tokens are one and the same."""
    return token is not None and other is not None and token.i == other.i
