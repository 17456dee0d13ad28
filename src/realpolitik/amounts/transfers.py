"""Arms-transfer records (in the spirit of the SIPRI register) from a document's events.

Each transfer event (context "military", rule ``transfer.*``) gives one record per item
it is about. Its items are the materiel phrases in the event's sentence that the event's
own materiel list names, that lie in its trigger's phrase, or, for phrases no event claims,
the transfer trigger nearest to them. Supplier and recipient are the event's source and
target states; a missing supplier is the item's maker country, a missing recipient that of
another transfer in the sentence or the place the item goes to. Status, year and quantity
are read as described in ``data/transfers.yaml`` and ``find_amounts``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..actors.lexicon import ActorLexicon, default_lexicon, normalise
from ..model import Amount, ArmsTransfer, DocumentResult, Event, Materiel
from .context import (
    countries_in,
    event_year,
    place_countries,
    sentence_at,
    sentences,
    timex_year,
    year_near,
)
from .lexicon import (
    MaterielLexicon,
    TransferLexicon,
    default_materiel_lexicon,
    default_transfer_lexicon,
)

QUANTITY_GAP = re.compile(r"\s*(?:of\s+)?(?:the\s+|these\s+|those\s+)?$", re.IGNORECASE)


@dataclass
class _Site:
    """One transfer trigger and the events read at it (one per source-target pair)."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int
    events: list[Event]


def is_transfer(event: Event) -> bool:
    """An arms transfer that took place, is planned or rumoured (not a refusal)."""
    rule = event.evidence.rule.split(" ", 1)[0]
    return (
        event.context == "military"
        and rule.startswith("transfer.")
        and event.type != "REJECT"
        and event.modality != "negated"
    )


def _sites(events: Sequence[Event]) -> list[_Site]:
    sites: dict[tuple[int, int], _Site] = {}
    for event in events:
        ev = event.evidence
        key = (ev.start, ev.end)
        if key not in sites:
            sites[key] = _Site(ev.start, ev.end, ev.sentence_start, ev.sentence_end, [])
        sites[key].events.append(event)
    return sorted(sites.values(), key=lambda s: s.start)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _named_spans(site: _Site) -> list[tuple[int, int]]:
    """Where the event's own materiel list ("extras") sits in its sentence."""
    ev = site.events[0].evidence
    spans = []
    for event in site.events:
        for name in event.extras.get("materiel", []) or []:
            for m in re.finditer(re.escape(str(name)), ev.sentence):
                spans.append((ev.sentence_start + m.start(), ev.sentence_start + m.end()))
    return spans


def _scope(doc: Any, site: _Site, others: list[_Site]) -> tuple[int, int] | None:
    """The character range of the trigger's phrase (its subtree), if the parse is at hand."""
    if doc is None:
        return None
    span = doc.char_span(site.start, site.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    inner = [
        t.i
        for t in token.subtree
        if not any(o.start <= t.idx < o.end for o in others if o is not site)
    ]
    if not inner:
        return None
    return doc[min(inner)].idx, doc[max(inner)].idx + len(doc[max(inner)].text)


def _assign(doc: Any, sites: list[_Site], items: list[Materiel]) -> dict[int, list[Materiel]]:
    """Which items each site (by index) is about."""
    claimed: dict[int, list[Materiel]] = {i: [] for i in range(len(sites))}
    owner: dict[int, int] = {}
    for i, site in enumerate(sites):
        for s, e in _named_spans(site):
            for k, item in enumerate(items):
                if k not in owner and _overlaps(s, e, item.start, item.end):
                    owner[k] = i
    for i, site in enumerate(sites):
        scope = _scope(doc, site, sites)
        if scope is None:
            continue
        for k, item in enumerate(items):
            if k not in owner and scope[0] <= item.start and item.end <= scope[1]:
                owner[k] = i
    for k, item in enumerate(items):
        if k in owner:
            continue
        # the nearest trigger, one before the item first
        before = [i for i, s in enumerate(sites) if s.start <= item.start]
        pool = before or list(range(len(sites)))
        owner[k] = min(pool, key=lambda i: abs(item.start - sites[i].start))
    for k, i in owner.items():
        claimed[i].append(items[k])
    return claimed


def _words_around(doc: Any, site: _Site, window: int) -> tuple[set[str], set[str]]:
    """Words near the trigger, and those of the verbs and nouns it hangs from."""
    if doc is None:
        return set(), set()
    span = doc.char_span(site.start, site.end, alignment_mode="expand")
    if span is None:
        return set(), set()
    sent = span.root.sent
    lo = max(sent.start, span.start - window)
    hi = min(sent.end, span.end + window)
    near = {t.lemma_.lower() for t in doc[lo:hi]} | {t.lower_ for t in doc[lo:hi]}
    governing: set[str] = set()
    for anc in list(span.root.ancestors)[:3]:
        if anc.dep_ == "relcl" or span.root.dep_ == "relcl":
            break  # "drones, which Turkey supplied": the noun's own clause is another matter
        governing.update((anc.lemma_.lower(), anc.lower_))
        governing.update(c.lemma_.lower() for c in anc.children if c.dep_ in ("aux", "neg"))
    return near, governing


def _has_cue(cues: frozenset[str], words: set[str], text: str) -> bool:
    if words & cues:
        return True
    low = text.lower()
    return any(" " in c and c in low for c in cues)


def _status(
    event: Event, item: Materiel, around: tuple[set[str], set[str]], lex: TransferLexicon
) -> str:
    cues = lex.status_cues
    near, governing = around
    words = near | governing
    if event.modality == "speculative":
        # "insiders believe X is holding talks about importing ...": rumoured talks are
        # still talks; a rumoured purchase with no talks is only a rumour
        talks = cues.get("rumoured_negotiation", frozenset())
        return "negotiating" if _has_cue(talks, governing, "") else "rumoured"
    cue = (event.modality_cue or "").lower()
    cue_words = {cue, *cue.split()}
    if event.modality == "planned":
        if _has_cue(cues.get("negotiating", frozenset()), cue_words | words, ""):
            return "negotiating"
        if _has_cue(cues.get("ordered", frozenset()), cue_words | words, ""):
            return "ordered"
        return "negotiating"
    licence = cues.get("licensed_production", frozenset())
    item_words = set(re.findall(r"[\w-]+", item.text.lower()))
    if item.category == "production_facility" or _has_cue(
        licence, near | item_words, " ".join(sorted(near)) + " " + item.text
    ):
        return "licensed_production"
    if _has_cue(cues.get("ordered", frozenset()) - {"will", "shall", "'ll", "due"}, words, ""):
        return "ordered"
    return "delivered"


def _quantity(item: Materiel, amounts: Sequence[Amount], text: str) -> Amount | None:
    best: Amount | None = None
    for amount in amounts:
        if amount.kind != "count":
            continue
        inside = item.start <= amount.start < item.end
        before = amount.end <= item.start and QUANTITY_GAP.fullmatch(text[amount.end : item.start])
        if (inside or before) and (best is None or amount.start > best.start):
            best = amount
    return best


def _state(actors: Sequence[Any], items: Sequence[Materiel]) -> str | None:
    """The first state among actors, leaving out a weapon read as an actor ("Kalashnikov")."""
    for actor in actors:
        if not actor.country:
            continue
        if actor.start is not None and any(
            m.start <= actor.start < m.end and actor.kind != "state" for m in items
        ):
            continue
        return str(actor.country)
    return None


def _states_outside(
    result: DocumentResult,
    doc: Any,
    sent_start: int,
    items: Sequence[Materiel],
    actors: ActorLexicon,
) -> list[str]:
    """States named in a sentence outside its materiel phrases, in text order."""
    located = sentence_at(sentences(doc), sent_start)
    if located is None:
        return []
    named = countries_in(result, located[1], actors)
    return list(
        dict.fromkeys(
            country for where, country in named if not any(m.start <= where < m.end for m in items)
        )
    )


def _adjective_state(item: Materiel, lex: ActorLexicon) -> str | None:
    """A state adjective in the item's phrase: "Russian submarines" -> RUS."""
    for word in re.findall(r"[A-Z][\w.]+", item.text):
        for entry in lex.lookup(normalise(word)):
            if entry.kind == "adjective" and entry.country:
                return str(entry.country)
    return None


def arms_transfers(
    result: DocumentResult,
    materiel: Sequence[Materiel] | None = None,
    amounts: Sequence[Amount] | None = None,
    *,
    lexicon: TransferLexicon | None = None,
    materiel_lexicon: MaterielLexicon | None = None,
    actor_lexicon: ActorLexicon | None = None,
) -> list[ArmsTransfer]:
    """One arms-transfer record per item of each transfer event of ``result``.

    ``materiel`` and ``amounts`` default to ``result.materiel`` and ``result.amounts``.
    Negated events give no record; events whose items are not named give none either.
    The lexicons default to the built-in ones; the pipeline passes its own (the user's
    dictionaries included), and ``actor_lexicon`` reads state adjectives ("Russian").
    """
    lex = lexicon or default_transfer_lexicon()
    mlex = materiel_lexicon or default_materiel_lexicon()
    actors = actor_lexicon or default_lexicon()
    materiel = list(result.materiel if materiel is None else materiel)
    amounts = list(result.amounts if amounts is None else amounts)
    doc = result.parsed
    text = result.document.text
    events = [e for e in result.events if is_transfer(e)]
    facilities = [m for m in materiel if m.category == "production_facility"]
    items_all = [
        m
        for m in materiel
        if mlex.transferable(m.category)
        and not any(f is not m and f.start <= m.start and m.end <= f.end for f in facilities)
    ]
    sites = _sites(events)
    by_sentence: dict[int, list[_Site]] = {}
    for site in sites:
        by_sentence.setdefault(site.sentence_start, []).append(site)
    records: list[ArmsTransfer] = []
    seen: set[tuple[Any, ...]] = set()
    for sent_start, group in by_sentence.items():
        sent_end = group[0].sentence_end
        sentence = text[sent_start:sent_end]
        items = [m for m in items_all if sent_start <= m.start < sent_end]
        if not items:
            continue
        claimed = _assign(doc, group, items)
        recipients_here = [
            c for s in group for e in s.events if (c := _state(e.target, items)) is not None
        ]
        others_here = _states_outside(result, doc, sent_start, items, actors)
        for i, site in enumerate(group):
            words = _words_around(doc, site, lex.window)
            for event in site.events:
                for item in claimed[i]:
                    record = _record(
                        event,
                        item,
                        words,
                        sentence,
                        recipients_here,
                        others_here,
                        result,
                        amounts,
                        lex,
                        items,
                        actors,
                    )
                    key = (record.supplier, record.recipient, item.start, record.status)
                    if key not in seen:
                        seen.add(key)
                        records.append(record)
    return records


def _record(
    event: Event,
    item: Materiel,
    words: tuple[set[str], set[str]],
    sentence: str,
    recipients_here: list[str],
    others_here: list[str],
    result: DocumentResult,
    amounts: Sequence[Amount],
    lex: TransferLexicon,
    items: Sequence[Materiel],
    actors: ActorLexicon,
) -> ArmsTransfer:
    ev = event.evidence
    recipient = _state(event.target, items)
    if recipient is None and recipients_here:
        recipient = recipients_here[0]
    if recipient is None:
        places = place_countries(result, ev.start, ev.sentence_end)
        recipient = places[0] if places else None
    supplier = _state(event.source, items)
    if recipient is None:
        # another state named in the sentence: "Venezuelan officials ... talks about importing"
        others = [c for c in others_here if c not in (supplier, item.origin)]
        recipient = others[0] if others else None
    if supplier is None or supplier == recipient:
        fallback = item.origin or _adjective_state(item, actors)
        supplier = fallback if fallback != recipient else None
    year = event_year(event.date)
    if year is None:
        year = timex_year(result, ev.sentence_start, ev.sentence_end, ev.start)
    if year is None:
        found = year_near(sentence, ev.start, lex.year_preps, base=ev.sentence_start)
        year = found[0] if found else None
    return ArmsTransfer(
        doc=event.doc,
        supplier=supplier,
        recipient=recipient,
        item=item.text,
        category=item.category,
        quantity=_quantity(item, amounts, result.document.text),
        status=_status(event, item, words, lex),
        year=year,
        modality=event.modality,
        event_id=event.event_id,
        evidence=ev,
    )
