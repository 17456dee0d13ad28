"""An event's context, CAMEO code and type after CAMEO's recoding conventions.

Announced cooperation is an expression of intent (03x), announced force a threat (13x),
refused cooperation a rejection (12x), an act set as an ultimatum ("unless ...") a
threat. Which types are cooperative or forceful, their codes, and the words that give an
event a context are data: ``data/types.yaml``.
"""

from __future__ import annotations

from typing import Any

from .event_types import EventTypes
from .lexicon import Trigger


def context_of(token: Any, obj: Any | None, types: EventTypes) -> str | None:
    """The first context whose words are near the trigger or in its object."""
    near = [c for c in token.children if c.dep_ not in ("ccomp", "advcl", "conj", "xcomp")]
    words = {w.lower_ for c in near for w in c.subtree} | {token.lower_}
    if obj is not None:
        words |= {w.lower_ for w in obj.subtree}
    for name, context in types.contexts.items():
        if words & context.words:
            return name
    return None


def cameo_in_context(trig: Trigger, context: str | None, types: EventTypes) -> str:
    """The trigger's CAMEO code, made specific by the context ("060" military: "062")."""
    found = types.contexts.get(context) if context is not None else None
    if found is None:
        return trig.cameo
    return found.codes.get(trig.cameo, trig.cameo)


def recode(
    trig: Trigger,
    context: str | None,
    decision: Any,
    types: EventTypes,
    has_source: bool = True,
) -> tuple[str, str, str, str | None]:
    """Type, CAMEO code and modality after CAMEO's intent, threat and refusal rules, and
    the step that decided (``None`` when the trigger's type stands).
    Intent, threat and refusal are someone's: an event with no source keeps its type."""
    code = cameo_in_context(trig, context, types)
    if not has_source:
        return trig.type, code, decision.modality, None
    recoding = types.recoding
    kind = trig.type
    refused = decision.refused or kind in types.having("reached")
    if decision.modality == "negated" and refused and kind in types.having("cooperative"):
        refusal = types.code("refusal", kind)
        assert refusal is not None  # event_types.py: a cooperative type has one
        return recoding["refusal"], refusal, decision.without_negation, "type.refusal"
    if decision.modality == "planned" and decision.conditional == "unless":
        # "will withdraw its force unless ...": an ultimatum
        threat = types.code("threat", kind) or recoding["ultimatum"]
        return recoding["threat"], threat, "planned", "type.ultimatum"
    if decision.modality == "planned" and decision.intent:
        intent = types.code("intent", kind)
        if intent is not None:
            return recoding["intent"], intent, "planned", "type.intent"
        said_will = decision.future and kind not in types.having("announced_as_is")
        if kind in types.having("forceful") and (decision.threat or said_will):
            threat = types.code("threat", kind)
            assert threat is not None  # event_types.py: a forceful type has one
            return recoding["threat"], threat, "planned", "type.threat"
    return trig.type, code, decision.modality, None
