"""Clause shapes that both actor recognition and event extraction read from a parse."""

from __future__ import annotations

from typing import Any

# Relative pronouns that stand for the noun a relative clause describes.
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})
# Words after a verb that make the noun a relative clause describes a partner.
PARTNER_WORDS = frozenset({"alongside", "with", "beside", "together"})


def object_relative(verb: Any) -> bool:
    """Whether a relative clause's verb has the noun it describes as its object: "the
    militia that Ankara is fighting", "the rebels Russian jets bombed"; not "the militia
    that attacked Ankara" (the subject), "the town where jets struck" (a place), "the
    forces we fought alongside" (a preposition's) nor "which he called a threat"."""
    if verb.dep_ != "relcl" or verb.head.pos_ not in ("NOUN", "PROPN"):
        return False
    if not any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children):
        return False  # the relative pronoun, or nothing, is the subject
    if any(t.lower_ == "whose" for t in verb.subtree if t.i < verb.i):
        return False  # "Iran, whose guards are fighting": the noun owns the subject
    for child in verb.children:
        if child.dep_ in ("oprd", "attr", "xcomp", "ccomp"):
            return False  # "which he called a dangerous situation": a naming, a report
        stranded = child.dep_ == "prep" and child.n_lefts + child.n_rights == 0
        if stranded or child.lower_ in PARTNER_WORDS:
            return False  # "the forces we fought alongside": the partner of a preposition
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects:
        return all(o.lower_ in RELATIVE_PRONOUNS for o in objects)
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in ("where", "when", "why", "how"):
            return False  # "the town where jets struck"
        if child.dep_ == "prep" and any(g.lower_ in RELATIVE_PRONOUNS for g in child.children):
            return False  # "the town in which they fought"
    return True


def prep_objects(token: Any, preps: tuple[str, ...]) -> list[Any]:
    """The objects of a word's phrases with these prepositions ("Maria Zakharova *of*
    Russia", "met *with* criticism")."""
    return [
        pobj
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in preps
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
