"""Arguments from the trigger's sentence when its own phrase names too few.

The nearest actor before a subjectless trigger, the authority that reports a passive
arrest, the accuser a denial answers, a place that stands in for a missing target, and
the country where unnamed local actors act.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..actors.recognise import DocumentActors, locatable, make_code
from ..model import Actor
from ..nlp.view import view
from .arguments import ArgumentReader, Arguments
from .grammar import (
    SUBJECT_DEPS,
    coordinated_passive,
    governing_verb,
    lemma_of,
    phrase_tokens,
)
from .lexicon import Trigger


class SentenceArguments:
    """Completes ``Arguments`` from the rest of the sentence."""

    def __init__(self, reader: ArgumentReader) -> None:
        self.reader = reader
        self.lex = reader.lex
        self.cues = reader.cues
        self.authority_sectors = reader.lex.types.sectors["authority"]

    def fallbacks(
        self, trig: Trigger, token: Any, sent: Any, actors: DocumentActors, args: Arguments
    ) -> None:
        """No actor in the parse: take the nearest actor before the trigger in its sentence."""
        best = None
        for m in actors.mentions:
            if m.reading != "actor" or not (sent.start <= m.head < token.i):
                continue
            if best is None or m.head > best.head:
                best = m
        if best is not None:
            args.sources.extend(best.actors)
            args.steps.append("source.nearest_before")
            args.fallback = True

    def reporting_authority(self, token: Any, actors: DocumentActors, args: Arguments) -> None:
        """An arrest or charge reported in the passive by the police, a court or a
        government ("Ranger was charged, police say") was made by that authority."""
        if not any(
            c.dep_ in ("nsubjpass", "auxpass") for c in token.children
        ) and not coordinated_passive(token):
            return  # passive: "was charged", "was arrested and charged"
        clause = token
        for _ in range(3):
            if clause.dep_ in ("ccomp", "parataxis") and lemma_of(clause.head) in (
                self.cues.report_verbs
            ):
                self._take_authority(self._authority_of(clause.head, actors), args)
                return
            if clause.dep_ not in ("conj", "advcl") or clause.head == clause:
                break
            clause = clause.head
        # "A man was arrested after police say drugs were found": the authority that
        # reports in the same sentence, wherever its clause hangs
        for verb in view(token.doc).tokens[token.sent.start : token.sent.end]:
            if verb.i == token.i or lemma_of(verb) not in self.cues.report_verbs:
                continue
            if self._take_authority(self._authority_of(verb, actors), args):
                return

    def _authority_of(self, report: Any, actors: DocumentActors) -> list[Actor]:
        """The police, court or government that is the subject of a reporting verb."""
        speaker = next((c for c in report.children if c.dep_ in SUBJECT_DEPS), None)
        found = self.reader.actors_of(speaker, actors) if speaker is not None else []
        return [a for a in found if a.sector in self.authority_sectors]

    @staticmethod
    def _take_authority(found: list[Actor], args: Arguments) -> bool:
        if found:
            args.sources.extend(found)
            args.steps.append("source.reporting_authority")
        return bool(found)

    def said_by_materiel(self, token: Any) -> bool:
        materiel = self.lex.words("materiel_nouns")
        return any(c.dep_ in ("nsubj", "csubj") and lemma_of(c) in materiel for c in token.children)

    def accuser(self, token: Any, sent: Any, actors: DocumentActors, args: Arguments) -> None:
        """A denial answers whoever laid the charge in its sentence: "Britain blames Russia,
        which Russia denies" is Russia rejecting Britain."""
        accusing = self.lex.words("imputes") | self.lex.words("alleges")
        denier = {a.country or a.code for a in args.sources}
        for verb in view(token.doc).tokens[sent.start : sent.end]:
            if (
                verb.i == token.i
                or verb.pos_ not in ("VERB", "AUX")
                or lemma_of(verb) not in accusing
            ):
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None:
                continue
            accusers = self.reader.actors_of(subject, actors)
            if not accusers or any((a.country or a.code) in denier for a in accusers):
                continue
            accused = {
                a.country or a.code
                for tok in verb.subtree
                if tok.i != token.i and not (subject.left_edge.i <= tok.i <= subject.right_edge.i)
                for m in actors.by_head.get(tok.i, [])
                for a in m.actors
            }
            if accused & denier:
                args.targets.extend(a for a in accusers if a not in args.targets)
                args.steps.append("target.accuser")
                return

    def place_target(self, token: Any, sent: Any, actors: DocumentActors, args: Arguments) -> None:
        """A place in the event's clause stands in for a missing target ('a curfew in Cizre')."""
        scope = token if token.pos_ in ("VERB", "AUX") else (governing_verb(token) or token)
        places = [
            pobj
            for head in (token, scope)
            for prep in head.children
            if prep.dep_ == "prep"
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        places = [t for p in places for t in phrase_tokens(p)]
        for tok in places:
            for m in actors.by_head.get(tok.i, []):
                if m.reading != "place":
                    continue
                for actor in m.actors:
                    if actor.country and all(actor.country != a.code for a in args.targets):
                        args.targets.append(
                            replace(
                                actor,
                                sector=None,
                                code=actor.country,
                                rule=actor.rule + "+event_place",
                            )
                        )
        if args.targets:
            args.steps.append("target.place")

    def locate_sources(self, token: Any, actors: DocumentActors, args: Arguments) -> None:
        """Unnamed local actors take the country where they act: "supporters blocked roads
        in Algiers" -> Algerian supporters."""
        scope = token if token.pos_ in ("VERB", "AUX") else (governing_verb(token) or token)
        for prep in scope.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "at", "inside", "across"):
                continue
            for pobj in prep.children:
                for tok in phrase_tokens(pobj):
                    for m in actors.by_head.get(tok.i, []):
                        country = next((a.country for a in m.actors if a.country), None)
                        if m.reading == "place" and country:
                            # not a body with a code of its own: "the UN met officials
                            # in Damascus" is still the UN
                            args.sources = [
                                replace(
                                    a,
                                    country=country,
                                    code=make_code(country, a.sector, ""),
                                    rule=a.rule + "+event_place",
                                )
                                if locatable(a)
                                else a
                                for a in args.sources
                            ]
                            args.steps.append("source.event_place")
                            return
