"""Money and counts in a parsed document: "1 billion dollars" -> 1e9 USD, "24 jets" -> 24.

Money is read from the text with patterns built from ``data/amounts.yaml`` (a currency
sign or code before the number, or a currency name after it, with multipliers such as
"million", "bn" or "crore"); counts are read from the parse: a number modifying a noun
("24 Su-30MK2 jets"), or a vague quantity phrase before one ("a fleet of helicopters").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import Amount
from ..nlp.view import view
from .lexicon import (
    AmountLexicon,
    MaterielLexicon,
    default_amount_lexicon,
    default_materiel_lexicon,
)
from .materiel import designation_end

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SKIP_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "ORDINAL", "QUANTITY"})
NAME_ENTS = frozenset({"DATE", "TIME", "GPE", "LOC", "PERSON", "NORP", "ORG", "FAC", "EVENT"})
ALIASES = {"RMB": "CNY"}
PRICE_YEAR = re.compile(
    r"\s*[(,]?\s*(?:in|at)?\s*(?:constant\s+)?((?:19|20)\d{2})\s+(?:constant\s+)?"
    r"(?:u\.?s\.?\s?)?(?:dollars|euros|pounds|prices|terms|usd|eur|us\$|\$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Patterns:
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    vague: re.Pattern[str]
    approx: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_COMPILED: dict[int, tuple[AmountLexicon, _Patterns]] = {}


def _patterns(lex: AmountLexicon) -> _Patterns:
    """The compiled patterns of a lexicon (kept while the lexicon lives)."""
    cached = _COMPILED.get(id(lex))
    if cached is not None and cached[0] is lex:
        return cached[1]
    pats = _compile(lex)
    _COMPILED[id(lex)] = (lex, pats)
    return pats


def _compile(lex: AmountLexicon) -> _Patterns:
    words = [w for w in lex.number_words if " " not in w]
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    units = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    spelled = (
        rf"(?:(?:{'|'.join(tens)})-(?:{'|'.join(units)})|half an?|{_alternation(words)})"
        rf"(?:\s+hundred)?"
    )
    number = rf"(?P<num>{DIGITS}|{spelled})"
    long_mult = [m for m in lex.multipliers if len(m) > 3 or m in ("lac",)]
    short_mult = [m for m in lex.multipliers if m not in long_mult]
    mult = (
        rf"(?P<mult>(?:\s*(?:{_alternation(short_mult)})(?![\w$])"
        rf"|\s+(?:{_alternation(long_mult)})\b)*)"
    )
    names = [w for entry in lex.names for w in entry.words]
    adjectives = [a for entry in lex.names for a in entry.by_adjective]
    adj = rf"(?:(?P<adj>{_alternation(adjectives)})\.?\s+)?"
    name = rf"(?P<name>{_alternation(names)})"
    code = rf"(?P<code>{_alternation(sorted(lex.codes))})"
    symbol = rf"(?P<sym>{_alternation(list(lex.symbols))})"
    digits = rf"(?P<num>{DIGITS})"
    prefix = re.compile(
        rf"(?:(?<![\w$]){symbol}|(?<![\w]){code})\s?{digits}{mult}"
        rf"(?:\s+(?i:{adj}(?:{name}))\b)?"
    )
    suffix = re.compile(
        rf"(?<![\w.,]){number}{mult}\s+(?:of\s+)?(?:(?P<year>(?:19|20)\d\d)\s+)?"
        rf"(?:{adj}{name}|(?-i:{code}))(?!\w)",
        re.IGNORECASE,
    )
    vague = re.compile(
        rf"(?<!\w)(?P<scale>(?:tens|hundreds|several)\s+of\s+)?"
        rf"(?P<mult>thousands|millions|billions|trillions)\s+of\s+{adj}{name}(?!\w)",
        re.IGNORECASE,
    )
    approx = re.compile(rf"(?:^|\W)(?P<approx>{_alternation(list(lex.approximators))})\s+$")
    return _Patterns(prefix, suffix, vague, approx)


def parse_number(text: str, lex: AmountLexicon) -> float | None:
    """A number written in digits or words: "4,000" -> 4000, "twenty-five" -> 25."""
    low = re.sub(r"\s+", " ", text.lower().strip())
    if re.fullmatch(r"half an?", low):
        return 0.5
    if re.fullmatch(DIGITS, low):
        return float(low.replace(",", ""))
    if low in lex.number_words:
        return lex.number_words[low]
    total = 0.0
    current = 0.0
    seen = False
    for word in re.split(r"[\s-]+", low):
        if word in ("and", ""):
            continue
        if re.fullmatch(DIGITS, word):
            current += float(word.replace(",", ""))
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in lex.multipliers and lex.multipliers[word] >= 1000:
            total += (current or 1) * lex.multipliers[word]
            current = 0
        elif word in lex.number_words:
            current += lex.number_words[word]
        else:
            return None
        seen = True
    return total + current if seen else None


def _multiplier(text: str, lex: AmountLexicon) -> float:
    factor = 1.0
    for part in re.findall(r"[A-Za-z]+", text or ""):
        value = lex.multipliers.get(part, lex.multipliers.get(part.lower()))
        if value is not None:
            factor *= value
    return factor


def _currency(match: re.Match[str], lex: AmountLexicon) -> tuple[str | None, bool]:
    """The ISO code and whether the currency reading holds for this match."""
    groups = match.groupdict()
    sym, code, name = groups.get("sym"), groups.get("code"), groups.get("name")
    adj = (groups.get("adj") or "").lower().rstrip(".")
    if sym:
        return lex.symbols.get(sym, lex.symbols.get(sym.upper())), True
    if code:
        upper = code.upper()
        return ALIASES.get(upper, upper), True
    if name:
        entry = lex.name_entry(name)
        if entry is None:
            return None, False
        by_adj = entry.by_adjective.get(adj) if adj else None
        if entry.needs_adjective and by_adj is None:
            return None, False
        has_mult = bool((groups.get("mult") or "").strip())
        if entry.needs_multiplier and not has_mult and by_adj is None:
            return None, False
        return by_adj or entry.code, True
    return None, False


def _money(doc: Any, lex: AmountLexicon, text: str) -> list[Amount]:
    pats = _patterns(lex)
    found: list[tuple[int, int, Amount]] = []
    for kind, pattern in (("prefix", pats.prefix), ("suffix", pats.suffix)):
        for m in pattern.finditer(text):
            unit, ok = _currency(m, lex)
            if not ok:
                continue
            name = (m.group("name") or "").lower() if "name" in m.groupdict() else ""
            entry = lex.name_entry(name) if name else None
            after = text[m.end() : m.end() + 12].lower().split()
            if entry and after and after[0] in entry.not_before and kind == "suffix":
                continue
            value = parse_number(m.group("num"), lex)
            if value is None or _price_base(text, m):
                continue
            if m.group("num").lower() in ("a", "an") and not (m.group("mult") or "").strip():
                continue  # "a yen for adventure", "a dollar store": not a sum
            value *= _multiplier(m.group("mult"), lex)
            if entry and entry.amount_word:
                value *= lex.multipliers.get(name, 1.0)
            found.append((m.start(), m.end(), _amount(text, m, value, unit, lex)))
    for m in pats.vague.finditer(text):
        unit, ok = _currency(m, lex)
        if not ok:
            continue
        scale = {"tens": 30.0, "hundreds": 300.0, "several": 3.0}.get(
            (m.group("scale") or "").split(" ")[0].lower(), 3.0
        )
        value = scale * _multiplier(m.group("mult")[:-1], lex)
        found.append((m.start(), m.end(), _amount(text, m, value, unit, lex, exact=False)))
    found.extend(_crore_only(text, lex, found))
    return _without_overlaps(found)


def _price_base(text: str, m: re.Match[str]) -> bool:
    """ "(in 2007 dollars)": a year naming the price base, not an amount."""
    num = m.group("num")
    if not re.fullmatch(r"(?:19|20)\d\d", num) or (m.group("mult") or "").strip():
        return False
    before = text[max(0, m.start() - 12) : m.start()]
    return bool(re.search(r"(?:\bin|\bat|\bconstant|\(|,)\s*$", before))


def _crore_only(
    text: str, lex: AmountLexicon, found: list[tuple[int, int, Amount]]
) -> list[tuple[int, int, Amount]]:
    """ "500 crore" with no currency named: an Indian amount in rupees."""
    words = [w for e in lex.names if e.amount_word for w in e.words]
    if not words:
        return []
    code = next(e.code for e in lex.names if e.amount_word)
    pattern = re.compile(rf"(?<![\w.,])(?P<num>{DIGITS})\s+(?P<mult>{_alternation(words)})s?\b")
    out = []
    for m in pattern.finditer(text):
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        value = float(m.group("num").replace(",", "")) * _multiplier(m.group("mult"), lex)
        out.append((m.start(), m.end(), _amount(text, m, value, code, lex)))
    return out


def _amount(
    text: str,
    m: re.Match[str],
    value: float,
    unit: str | None,
    lex: AmountLexicon,
    exact: bool = True,
) -> Amount:
    start, end = m.start(), m.end()
    pats = _patterns(lex)
    before = pats.approx.search(text[max(0, start - 40) : start].lower())
    if before:
        exact = False
        start -= len(text[max(0, start - 40) : start]) - before.start("approx")
    year = None
    groups = m.groupdict()
    if groups.get("year"):
        year = int(groups["year"])
    else:
        after = PRICE_YEAR.match(text, end)
        if after:
            year = int(after.group(1))
    return Amount(
        start=start,
        end=end,
        text=text[start:end],
        kind="money",
        value=value,
        unit=unit,
        exact=exact,
        year=year,
    )


def _without_overlaps(found: list[tuple[int, int, Amount]]) -> list[Amount]:
    out: list[Amount] = []
    for start, end, amount in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
        if all(end <= a.start or start >= a.end for a in out):
            out.append(amount)
    return sorted(out, key=lambda a: a.start)


def _money_nouns(doc: Any, lex: AmountLexicon, money: list[Amount], text: str) -> list[Amount]:
    """Money named without a sum ("smuggled weapons and money"): value and unit unknown."""
    phrases = sorted(lex.money_nouns, key=len, reverse=True)
    lowered = text.lower()
    if not any(p in lowered for p in phrases):
        return []
    out: list[Amount] = []
    for tok in view(doc).tokens:
        if tok.pos_ not in ("NOUN", "PROPN") or (tok.text[:1].isupper() and not tok.is_sent_start):
            continue
        end = tok.idx + len(tok.text)
        for phrase in phrases:
            start = end - len(phrase)
            if start < 0 or lowered[start:end] != phrase:
                continue
            if start > 0 and lowered[start - 1].isalnum():
                continue
            if any(a.start < end and start < a.end for a in [*money, *out]):
                break
            out.append(Amount(start, end, text[start:end], "money", None, None, exact=False))
            break
    return out


# -- counts ---------------------------------------------------------------------------


def _is_number(token: Any, lex: AmountLexicon) -> bool:
    low = token.lower_
    if re.fullmatch(DIGITS, low):
        return True
    if low in ("a", "an", "half"):
        return False  # only as part of money, never a count by itself
    return token.like_num and parse_number(low, lex) is not None


def _unit(noun: Any) -> str:
    """The counted noun's lemma; a plural designation loses its "s" ("AK-47s")."""
    lemma = noun.lemma_.lower()
    if lemma == noun.lower_ and lemma.endswith("s") and any(c.isdigit() for c in lemma):
        return lemma[:-1]
    return lemma


def _counted_noun(token: Any) -> Any | None:
    """The noun a number or quantifier counts: its head, or what follows "of"."""
    head = token
    while head.dep_ in ("compound", "quantmod", "nummod", "amod", "det") and head.head != head:
        nxt = head.head
        if nxt.pos_ in ("NOUN", "PROPN") and nxt.i > head.i:
            return nxt
        if nxt.pos_ != "NUM" or nxt.i < head.i:
            break
        head = nxt
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
                return pobj
    return None


def _noun_after(doc: Any, index: int) -> Any | None:
    """The head noun of the noun phrase that starts at ``index``."""
    for tok in doc[index : min(len(doc), index + 8)]:
        if tok.is_punct and tok.text not in ("-", "’", "'"):
            return None
        if tok.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PRON") and tok.lower_ != "of":
            return None
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound", "nmod", "amod"):
            return tok
        if tok.pos_ in ("NOUN", "PROPN") and (tok.head.i < tok.i or tok.head.i > index + 8):
            return tok
    return None


def _approximator(doc: Any, start: int, lex: AmountLexicon) -> int | None:
    """The index of the first token of an approximator just before ``start``."""
    for phrase in lex.approximators:
        words = phrase.split()
        first = start - len(words)
        if first < 0:
            continue
        if [t.lower_ for t in doc[first:start]] == words:
            return first
    return None


def _in_designation(text: str, prev: Any, group: Any, mlex: MaterielLexicon) -> bool:
    """Whether a number is part of a named family's designation ("Leopard 2")."""
    end = designation_end(text, prev.idx, mlex)
    return end is not None and end >= group.end_char


def _counts(
    doc: Any, lex: AmountLexicon, money: list[Amount], text: str, mlex: MaterielLexicon
) -> list[Amount]:
    taken: set[int] = set()
    out: list[Amount] = []

    def in_money(tok: Any) -> bool:
        return any(a.start <= tok.idx < a.end for a in money)

    # vague quantity phrases, longest first
    phrases = sorted(lex.vague.items(), key=lambda kv: -len(kv[0].split()))
    tokens = view(doc).tokens
    lowered = view(doc).lower
    at: dict[str, list[int]] = {}
    for i, word in enumerate(lowered):
        at.setdefault(word, []).append(i)
    for phrase, value in phrases:
        words = tuple(phrase.split())
        n = len(words)
        for i in at.get(words[0], []):
            if lowered[i : i + n] != words or any(j in taken for j in range(i, i + n)):
                continue
            if i > 0 and lowered[i - 1] in ("the", "this", "that", "his", "her", "its", "their"):
                continue  # "the number of", "the fleet of": not a quantity
            if in_money(tokens[i]):
                continue
            noun = _noun_after(doc, i + n)
            if noun is None or noun.lemma_.lower() in lex.not_counted:
                continue
            taken.update(range(i, i + n))
            span = doc[i : i + n]
            out.append(
                Amount(
                    start=span.start_char,
                    end=span.end_char,
                    text=span.text,
                    kind="count",
                    value=value,
                    unit=_unit(noun),
                    exact=False,
                )
            )
    # numbers
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if i in taken or not _is_number(tok, lex) or in_money(tok):
            i += 1
            continue
        j = i + 1
        while (
            j < len(tokens)
            and (_is_number(tokens[j], lex) or tokens[j].lower_ in lex.multipliers)
            and not in_money(tokens[j])
        ):
            j += 1
        group = doc[i:j]
        i = j
        if group[-1].ent_type_ in SKIP_ENTS or group[0].ent_type_ in SKIP_ENTS:
            continue
        noun = _counted_noun(group[-1])
        if group.start > 0 and _in_designation(text, doc[group.start - 1], group, mlex):
            continue  # a model number: "Leopard 2 tanks", "Mirage 2000 jets"
        if noun is None or noun.lemma_.lower() in lex.not_counted or noun.lower_ in lex.not_counted:
            continue
        if noun.ent_type_ in NAME_ENTS:
            continue  # "July 22", "the 1970s Soviet Union"
        value = parse_number(" ".join(t.text for t in group), lex)
        if value is None:
            continue
        first = group.start
        exact = True
        approx = _approximator(doc, first, lex)
        if approx is not None:
            first, exact = approx, False
        span = doc[first : group.end]
        taken.update(range(first, group.end))
        out.append(
            Amount(
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                kind="count",
                value=value,
                unit=_unit(noun),
                exact=exact,
            )
        )
    return out


def find_amounts(
    doc: Any,
    lexicon: AmountLexicon | None = None,
    materiel_lexicon: MaterielLexicon | None = None,
) -> list[Amount]:
    """Money and counts in a spaCy ``Doc``, in text order.

    Money: ``value`` in units of the currency, ``unit`` its ISO 4217 code (``None`` when
    the text does not say which), ``exact`` false after "nearly", "over", "up to" ...,
    ``year`` the price base when stated ("in 2007 dollars"). Counts: ``unit`` the lemma
    of the counted noun, ``value`` the number or, for a vague quantity ("dozens of",
    "a fleet of"), a representative value or ``None``, with ``exact`` false. The number
    in a named family's designation ("Leopard 2 tanks") is not a count.
    """
    lex = lexicon or default_amount_lexicon()
    text = view(doc).text
    money = _money(doc, lex, text)
    money += _money_nouns(doc, lex, money, text)
    counts = _counts(doc, lex, money, text, materiel_lexicon or default_materiel_lexicon())
    return sorted([*money, *counts], key=lambda a: (a.start, a.end))
