"""The date window of an undated article: who held which office, and which years it cites.

"President Dimitri Medvédev" was written while Medvedev was president (from
2008-05-07), "Prime Minister Vladimir Putin" while Putin was prime minister, "the
Bush administration" while a Bush was president; "by 2007, trade had reached"
after 2007 began. Each such clue is a set of date ranges; the window is their
intersection. When the clues cannot all hold, the fewest are dropped (the weakest
kind of clue first: a year, then "the X administration", then a surname, then a
full name) and the reasons say which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..actors.lexicon import ActorLexicon, LeaderTerm, normalise
from ..model import DateWindow
from ..nlp.view import view
from .timexes import AFTER, AS_OF, clause_tense, find_timexes, timex_host
from .vocabulary import Titles, titles, vocabulary

Interval = tuple[date, date]  # inclusive; date.min / date.max for an open end
EVERYTHING: tuple[Interval, ...] = ((date.min, date.max),)

# How much a clue is worth when clues conflict (the lowest is dropped first).
WEIGHT_YEAR = 0
WEIGHT_ADMINISTRATION = 1
WEIGHT_SURNAME = 2
WEIGHT_FULL_NAME = 3

COUNTRY_KINDS = ("country", "adjective")
INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$")
MAX_NAME_TOKENS = 5


@dataclass(frozen=True)
class Clue:
    """One thing the text says about when it was written."""

    mention: str
    intervals: tuple[Interval, ...]
    reason: str
    weight: int
    key: str  # clues with the same key are one clue ("President Putin" twice)


# --------------------------------------------------------------------------- intervals


def intersect(a: tuple[Interval, ...], b: tuple[Interval, ...]) -> tuple[Interval, ...]:
    """The dates in both sets of ranges, as sorted, disjoint ranges."""
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            start, end = max(s1, s2), min(e1, e2)
            if start <= end:
                out.append((start, end))
    out.sort()
    merged: list[Interval] = []
    for start, end in out:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _intersect_all(clues: list[Clue]) -> tuple[Interval, ...]:
    result = EVERYTHING
    for clue in clues:
        result = intersect(result, clue.intervals)
    return result


def _fmt_term(term: LeaderTerm) -> str:
    if term.end is None:
        return f"from {term.start.isoformat()}"
    return f"from {term.start.isoformat()} to {term.end.isoformat()}"


# --------------------------------------------------------------------------- office holders


def _country_before(doc: Any, i: int, lexicon: ActorLexicon) -> tuple[str | None, int]:
    """A country word just before token ``i`` ("Venezuelan", "Russia's", "U.S.").

    Returns the ISO-3 code (or None) and the index of the first token of the phrase.
    """
    j = i
    if j > 0 and doc[j - 1].lower_ in ("'s", "’s"):
        j -= 1
    for width in (3, 2, 1):
        start = j - width
        if start < 0:
            continue
        words = doc[start:j]
        if not words.text[:1].isupper():
            continue
        key = normalise(words.text)
        key = key[4:] if key.startswith("the ") else key
        entries = [e for e in lexicon.lookup(key) if e.kind in COUNTRY_KINDS]
        if entries and entries[0].country:
            return entries[0].country, start
    return None, i


def _not_in_office(doc: Any, start: int, table: Titles) -> bool:
    """ "former President", "ex-Prime Minister", "then-President", "Vice President"."""
    for k in range(max(0, start - 2), start):
        word = doc[k].lower_
        if word in table.not_in_office or word.rstrip("-") in table.not_in_office:
            return True
    text = doc[max(0, start - 2) : start + 1].text.lower()
    return bool(re.search(r"\b(?:ex|then|vice)-", text))


def _name_token(token: Any) -> bool:
    text = token.text
    if INITIAL.match(text):
        return True
    return (
        text[:1].isupper()
        and (token.is_alpha or "-" in text)
        and token.pos_ in ("PROPN", "NOUN", "ADJ", "X")
    )


def _terms_for(names: list[str], lexicon: ActorLexicon) -> tuple[list[LeaderTerm], int]:
    """The offices of a person named by these words: full name first, then the surname."""
    if not names:
        return [], 0
    candidates = [" ".join(names)]
    if len(names) > 2:
        candidates.append(f"{names[0]} {names[-1]}")
    for candidate in candidates:
        terms = lexicon.terms(candidate)
        if terms and len(names) > 1:
            return list(terms), WEIGHT_FULL_NAME
    surname = normalise(names[-1])
    found: list[LeaderTerm] = []
    for canonical in sorted(lexicon.surnames.get(surname, ())):
        found.extend(lexicon.terms(canonical))
    return found, WEIGHT_SURNAME


def _office_clue(
    mention: str,
    title: str,
    roles: tuple[str, ...],
    names: list[str],
    country: str | None,
    lexicon: ActorLexicon,
    weight_cap: int = WEIGHT_FULL_NAME,
) -> Clue | None:
    terms, weight = _terms_for(names, lexicon)
    if country is not None:
        terms = [t for t in terms if t.country == country]
    chosen: list[LeaderTerm] = []
    for role in roles:
        chosen = [t for t in terms if t.role == role]
        if chosen:
            break
    if not chosen:
        return None
    chosen.sort(key=lambda t: t.start)
    intervals = tuple((t.start, t.end or date.max) for t in chosen)
    spans = "; or ".join(f"{t.name} was {title} of {t.country} {_fmt_term(t)}" for t in chosen)
    key = "|".join(sorted(f"{t.name}/{t.country}/{t.role}/{t.start}" for t in chosen))
    return Clue(mention, intervals, f'{spans} ("{mention}")', min(weight, weight_cap), key)


def _label(title: str) -> str:
    """ "secretary of state" -> "Secretary of State", for the reasons."""
    return " ".join(w if w in ("of", "for") else w.capitalize() for w in title.split())


def _title_at(words: list[str], i: int, table: Titles) -> tuple[str, tuple[str, ...], int] | None:
    """The longest office title starting at word ``i``: (title, roles, end index)."""
    best = None
    for title, roles in table.roles.items():
        parts = title.split()
        end = i + len(parts)
        if parts[0] != words[i] or end > len(words) or words[i:end] != parts:
            continue
        if best is None or end > best[2]:
            best = (title, roles, end)
    return best


def office_clues(doc: Any, lexicon: ActorLexicon) -> list[Clue]:
    """Clues from persons named with an office title, and from "the X administration"."""
    table = titles()
    words = [normalise(t.text) for t in view(doc).tokens]
    clues: list[Clue] = []
    i = 0
    n = len(doc)
    while i < n:
        found = _title_at(words, i, table)
        if found is None:
            i += 1
            continue
        title, roles, end = found
        k = end
        names: list[str] = []
        while k < n and len(names) < MAX_NAME_TOKENS and _name_token(doc[k]):
            names.append(doc[k].text)
            k += 1
        country, first = _country_before(doc, i, lexicon)
        if names and roles and not _not_in_office(doc, first, table):
            mention = doc[first:k].text
            clue = _office_clue(mention, _label(title), roles, names, country, lexicon)
            if clue is not None:
                clues.append(clue)
        i = max(k, i + 1)
    clues.extend(_appositive_clues(doc, words, lexicon, table))
    clues.extend(_administration_clues(doc, lexicon, table))
    return clues


def _appositive_clues(
    doc: Any, words: list[str], lexicon: ActorLexicon, table: Titles
) -> list[Clue]:
    """ "Vladimir Putin, the Russian prime minister," and "Putin, Russia's president"."""
    clues = []
    for ent in view(doc).ents:
        if ent.label_ != "PERSON" or ent.end + 2 >= len(doc) or doc[ent.end].text != ",":
            continue
        i = ent.end + 1
        if doc[i].lower_ == "the":
            i += 1
        # Only country words may stand between: "the Russian prime minister",
        # "Russia's president"; not "younger brother of President ...".
        for j in range(i, min(i + 4, len(doc))):
            found = _title_at(words, j, table)
            if found is None:
                if not (doc[j].text[:1].isupper() or doc[j].lower_ in ("'s", "’s")):
                    break
                continue
            title, roles, end = found
            country = _country_before(doc, j, lexicon)[0] if j > i else None
            if j == i or country is not None:
                names = [t.text for t in ent]
                mention = doc[ent.start : end].text
                clue = _office_clue(mention, _label(title), roles, names, country, lexicon)
                if clue is not None:
                    clues.append(clue)
            break
    return clues


def _administration_clues(doc: Any, lexicon: ActorLexicon, table: Titles) -> list[Clue]:
    """ "the Bush administration": the head of state of the United States named Bush."""
    clues = []
    for noun in table.administration_nouns:
        words = noun.split()
        for i in range(1, len(doc) - len(words) + 1):
            if [t.lower_ for t in doc[i : i + len(words)]] != words:
                continue
            k = i
            while k > 0 and i - k < MAX_NAME_TOKENS and _name_token(doc[k - 1]):
                k -= 1
            names = [t.text for t in doc[k:i]]
            if not names or _not_in_office(doc, k, table):
                continue
            mention = doc[k : i + len(words)].text
            if k > 0 and doc[k - 1].lower_ == "the":
                mention = "the " + mention
            clue = _office_clue(
                mention,
                "President",
                (table.administration_role,),
                names,
                table.administration_country,
                lexicon,
                WEIGHT_ADMINISTRATION,
            )
            if clue is not None:
                clues.append(clue)
    return clues


# --------------------------------------------------------------------------- years


def _first_day(value: str) -> date | None:
    """The first day of the last calendar unit a value names ("2001/2003" -> 2003-01-01)."""
    value = value.split("/")[-1] if not value.endswith("/..") else value.split("/")[0]
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", value)
    if m:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    m = re.match(r"^(\d{4})-(?:Q(\d)|H(\d)|W(\d{2})|SP|SU|FA|WI)", value)
    if m:
        year = int(m[1])
        if m[2]:
            return date(year, 3 * int(m[2]) - 2, 1)
        if m[3]:
            return date(year, 6 * int(m[3]) - 5, 1)
        if m[4]:
            return date.fromisocalendar(year, int(m[4]), 1)
        return date(year, 1, 1)
    m = re.match(r"^(\d{3})X$", value)
    if m:
        return date(int(m[1]) * 10, 1, 1)
    return None


def year_clue(doc: Any) -> Clue | None:
    """The latest date the text puts in the past ("By 2007, trade had reached ...")."""
    best: tuple[date, str] | None = None
    plans = vocabulary().future_governors
    for timex in find_timexes(doc, None):
        if (
            timex.type != "DATE"
            or not timex.value
            or getattr(timex, "mod", None) not in (None, AS_OF, AFTER, "START", "MID", "END")
        ):
            continue
        first = _first_day(timex.value)
        if first is None:
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        host, _ = timex_host(span.root) if span is not None else (None, "")
        if host is None or host.pos_ not in ("VERB", "AUX") or clause_tense(host) != "past":
            continue
        if host.lemma_.lower() in plans:
            continue  # "by 1992 it intended to ...": a plan, said at any time before

        if best is None or first > best[0]:
            best = (first, timex.text)
    if best is None:
        return None
    first, text = best
    reason = f'the text speaks of "{text}" in the past: written on or after {first.isoformat()}'
    return Clue(text, ((first, date.max),), reason, WEIGHT_YEAR, f"year/{first}")


# --------------------------------------------------------------------------- the window


def _conflicts(clue: Clue, others: list[Clue]) -> int:
    return sum(1 for o in others if o is not clue and not intersect(clue.intervals, o.intervals))


def _resolve(clues: list[Clue]) -> tuple[list[Clue], list[tuple[Clue, list[Clue]]]]:
    """Drop clues until the rest can all hold: the fewest, the weakest first."""
    active = list(clues)
    dropped: list[tuple[Clue, list[Clue]]] = []
    while active and not _intersect_all(active):
        alone = [c for c in active if _intersect_all([o for o in active if o is not c])]
        pool = alone or active
        victim = min(
            pool,
            key=lambda c: (
                c.weight if alone else -_conflicts(c, active),
                -_conflicts(c, active) if alone else c.weight,
                active.index(c),
            ),
        )
        rivals = [
            o for o in active if o is not victim and not intersect(victim.intervals, o.intervals)
        ]
        active.remove(victim)
        dropped.append((victim, rivals))
    return active, dropped


def infer_date_window(doc: Any, lexicon: ActorLexicon) -> DateWindow | None:
    """The dates between which an undated article can have been written, and why.

    ``None`` when the text holds no clue (no titled office holder the leaders table
    knows, no year in a past-tense clause).
    """
    clues: list[Clue] = []
    seen: set[str] = set()
    for clue in office_clues(doc, lexicon):
        if clue.key not in seen:
            seen.add(clue.key)
            clues.append(clue)
    years = year_clue(doc)
    if years is not None:
        clues.append(years)
    if not clues:
        return None
    kept, dropped = _resolve(clues)
    window = _intersect_all(kept)
    reasons = [c.reason for c in kept]
    for clue, rivals in dropped:
        against = ", ".join(f'"{r.mention}"' for r in rivals) or "the other clues together"
        reasons.append(f"dropped, as it conflicts with {against}: {clue.reason}")
    if not window:
        return DateWindow(None, None, tuple(reasons))
    start, end = window[0][0], window[-1][1]
    if len(window) > 1:
        parts = ", ".join(
            f"{s.isoformat()}–{e.isoformat() if e != date.max else '..'}" for s, e in window
        )
        reasons.append(f"the clues fit separate periods ({parts}); the window spans them all")
    return DateWindow(
        start if start != date.min else None,
        end if end != date.max else None,
        tuple(reasons),
    )
