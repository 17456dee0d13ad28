"""Economic figures between states: "bilateral trade ... had reached 1 billion dollars by 2007".

A sum of money becomes an indicator when a metric's cue word (``data/indicators.yaml``)
stands near it in the parse; the nearest cue decides the metric. The states are those
named in the sentence, in the order the document first names them; ``as_of`` is the year
after "by", "in", "as of" ... nearest to the sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..actors.lexicon import ActorLexicon, default_lexicon
from ..model import Amount, DocumentResult, Evidence, Indicator
from .context import countries_in, first_mentions, sentence_at, sentences, year_near
from .lexicon import IndicatorLexicon, default_indicator_lexicon
from .transfers import is_transfer


def _depth(token: Any) -> int:
    depth = 0
    while token.head != token:
        token = token.head
        depth += 1
    return depth


def _tree_distance(a: Any, b: Any) -> int:
    """Dependency links between two tokens of one sentence."""
    ancestors = {a.i: 0}
    tok, steps = a, 0
    while tok.head != tok:
        tok = tok.head
        steps += 1
        ancestors[tok.i] = steps
    tok, steps = b, 0
    while tok.i not in ancestors:
        if tok.head == tok:
            return _depth(a) + _depth(b) + 1
        tok = tok.head
        steps += 1
    return steps + ancestors[tok.i]


def _cues(sent: Any, lex: IndicatorLexicon) -> list[tuple[Any, str, str]]:
    """(token, metric, cue text) for every cue in a sentence."""
    text = sent.text_with_ws
    base = sent.start_char
    out = []
    for tok in sent:
        if tok.pos_ not in ("NOUN", "PROPN", "VERB"):
            continue
        for form in dict.fromkeys((tok.lemma_.lower(), tok.lower_)):
            for prefix, metric in lex.cues.get(form, []):
                at = tok.idx - base
                before = text[max(0, at - len(prefix)) : at].lower()
                if prefix and before != prefix:
                    continue
                cue = text[max(0, at - len(prefix)) : at + len(tok)]
                out.append((tok, metric, cue))
                break
            else:
                continue
            break
    return out


def economic_indicators(
    result: DocumentResult,
    amounts: Sequence[Amount] | None = None,
    *,
    lexicon: IndicatorLexicon | None = None,
    actor_lexicon: ActorLexicon | None = None,
) -> list[Indicator]:
    """Indicators from the sums of money in ``amounts`` (default ``result.amounts``).

    A sum without a named state in its sentence, or without a metric cue within
    ``max_distance`` dependency links, gives none.
    """
    lex = lexicon or default_indicator_lexicon()
    actors = actor_lexicon or default_lexicon()
    doc = result.parsed
    if doc is None:
        return []
    amounts = list(result.amounts if amounts is None else amounts)
    sents = sentences(doc)
    first = first_mentions(result)
    # a sale or purchase that is an arms transfer is an arms deal
    transfer_at = {e.evidence.start for e in result.events if is_transfer(e)}
    out: list[Indicator] = []
    for amount in amounts:
        if amount.kind != "money" or amount.value is None:
            continue
        located = sentence_at(sents, amount.start)
        if located is None:
            continue
        index, sent = located
        span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        anchor = span.root
        best: tuple[int, int, str, str, int] | None = None
        for tok, metric, cue in _cues(sent, lex):
            if span.start <= tok.i < span.end:
                continue
            distance = _tree_distance(anchor, tok)
            if distance > lex.max_distance:
                continue
            key = (distance, abs(tok.i - anchor.i), metric, cue, tok.idx)
            if best is None or key[:2] < best[:2]:
                best = key
        if best is None:
            continue
        metric, cue_at = best[2], best[4]
        if metric in ("exports", "imports") and cue_at in transfer_at:
            metric = "arms_deal"
        named = countries_in(result, sent, actors)
        if not named:
            continue
        order: dict[str, int] = {}
        for where, country in named:
            order.setdefault(country, first.get(country, where))
        countries = tuple(sorted(order, key=lambda c: order[c]))
        found = year_near(sent.text, amount.start, lex.as_of_preps, base=sent.start_char)
        sentence = sent.text.rstrip()
        out.append(
            Indicator(
                doc=result.document.doc_id,
                countries=countries,
                metric=metric,
                value=amount.value,
                unit=amount.unit,
                as_of=found[0] if found else None,
                evidence=Evidence(
                    doc=result.document.doc_id,
                    sentence_index=index,
                    sentence=sentence,
                    sentence_start=sent.start_char,
                    sentence_end=sent.start_char + len(sentence),
                    start=amount.start,
                    end=amount.end,
                    trigger=best[3],
                    rule=f"indicator.{metric}",
                ),
            )
        )
    return out
