"""Weapons and military platforms named in a parsed document.

Three kinds of anchor are found first: generic materiel nouns ("tanks", "assault rifles"),
named families and makers ("Su-30MK2", "Patriot", "Sukhoi") and warship names ("HMS
Ocean", "DDG 70"). Anchors that modify one another are grouped under the noun phrase's
head ("Sukhoi fighter jets"), and the phrase's span, category, designation and origin are
read from the group. A materiel phrase that modifies a factory or plant makes a production
facility ("a Kalashnikov rapid firing weapons' assembly factory"); the item inside it is
reported as well, nested in the facility's span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Materiel
from ..nlp.view import view
from ..regexinfo import first_chars
from .lexicon import Family, MaterielLexicon, NounEntry, default_materiel_lexicon

CLIMB_DEPS = frozenset({"compound", "nmod", "amod", "nummod", "npadvmod", "poss"})
LEFT_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "det", "npadvmod", "advmod", "case", "punct", "predet"}
)
ARTICLES = frozenset({"a", "an", "the", "this", "that", "these", "those", "such", "its", "their"})
INNER_PUNCT = frozenset({"-", "’", "'", "–", ",", "/"})
NAME_WORD = r"(?:[A-Z]\.|[A-Z][\w'’-]*)"


@dataclass
class _Anchor:
    start: int  # token index
    end: int  # token index, exclusive
    kind: str  # noun | family | maker | ship
    category: str
    designation: str | None = None
    origin: str | None = None
    entry: NounEntry | None = None
    family: Family | None = None
    licensed: bool = True


@dataclass
class _Group:
    root: int
    anchors: list[_Anchor] = field(default_factory=list)
    facility: bool = False


def _norm(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").lower()


# -- anchors --------------------------------------------------------------------------


def _head_forms(token: Any) -> list[tuple[str, int]]:
    """(word, character offset where the word starts) for matching a noun entry's head."""
    forms = [(token.lower_, token.idx), (token.lemma_.lower(), token.idx)]
    text = token.text
    if token.lemma_ == text and text.endswith("s") and not text.endswith("ss"):
        forms.append((text[:-1].lower(), token.idx))  # a plural read as a name: "gunships"
    if len(text) > 2 and text.endswith("s") and text[:-1].isupper():
        forms.append((text[:-1].lower(), token.idx))  # "IEDs", "UAVs"
    if "-" in text.strip("-"):
        cut = text.rfind("-")
        last = text[cut + 1 :]
        forms.append((last.lower(), token.idx + cut + 1))
        if last.endswith("s"):
            forms.append((last[:-1].lower(), token.idx + cut + 1))
    return forms


def _modifier_words(token: Any) -> set[str]:
    words: set[str] = set()
    for child in token.lefts:
        if child.dep_ in ("det",) and child.lower_ in ARTICLES:
            continue
        for tok in child.subtree:
            if tok.i < token.i:
                words.add(tok.lower_)
                words.add(tok.lemma_.lower())
    if token.i > 0:
        words.add(token.nbor(-1).lower_)
    return words


def _excluded(doc: Any, token: Any, entry: NounEntry, lowered: str) -> bool:
    start, end = token.idx, token.idx + len(token.text)
    for phrase in entry.exclude:
        lo = max(0, start - len(phrase) - 2)
        for m in re.finditer(re.escape(phrase), lowered[lo : end + len(phrase) + 2]):
            s, e = lo + m.start(), lo + m.end()
            boundary_ok = (s == 0 or not lowered[s - 1].isalnum()) and (
                e >= len(lowered) or not lowered[e].isalnum()
            )
            if boundary_ok and s < end and e > start:
                return True
    return False


def _noun_entry(doc: Any, token: Any, lex: MaterielLexicon, lowered: str) -> NounEntry | None:
    if token.pos_ in ("NOUN", "PROPN"):
        forms = _head_forms(token)
    elif token.pos_ == "VERB" and token.tag_ in ("VBG", "NN", "NNS"):
        forms = [(token.lower_, token.idx)]  # "shelling" is listed; "bombing" is an act
    else:
        return None
    for form, offset in forms:
        for entry in lex.nouns.get(form, []):
            if entry.capitals and token.text.rstrip("s") != entry.head.upper():
                continue
            if not entry.capitals and token.pos_ == "PROPN" and token.text.isupper():
                continue
            if entry.prefix:
                before = lowered[max(0, offset - len(entry.prefix) - 1) : offset]
                if not before.endswith(entry.prefix):
                    continue
                s = offset - len(entry.prefix)
                if s > 0 and lowered[s - 1].isalnum():
                    continue
            if entry.not_modifiers and _modifier_words(token) & entry.not_modifiers:
                continue
            if entry.exclude and _excluded(doc, token, entry, lowered):
                continue
            return entry
    return None


def _is_head_word(token: Any, lex: MaterielLexicon) -> bool:
    forms = {f for f, _ in _head_forms(token)}
    return bool(forms & lex.heads()) or token.lemma_.lower() in lex.facility_nouns


def _head_follows(doc: Any, end: int, lex: MaterielLexicon) -> bool:
    """A materiel noun within the noun phrase that continues after token ``end``."""
    for tok in doc[end : min(len(doc), end + 4)]:
        if _is_head_word(tok, lex) and tok.pos_ in ("NOUN", "PROPN"):
            return True
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN", "NUM") and tok.text not in ("-",):
            return False
    return False


def _base_text(fam: Family, text: str) -> str:
    """A matched name without its plural "s" ("An-124s" -> "An-124")."""
    if text.endswith("s") and fam.regex.fullmatch(text[:-1]):
        return text[:-1]
    return text


Screen = tuple["re.Pattern[str] | None", tuple[Family, ...]]


@dataclass(frozen=True)
class _Screens:
    """Families by the (lower-cased, ASCII) first character of a match, each group with one
    screening pattern that any of its families' matches also matches."""

    by_char: dict[str, Screen]
    anywhere: Screen  # families whose first characters could not be worked out
    everything: Screen  # every family: for a character beyond ASCII

    def at(self, text: str, pos: int) -> tuple[Family, ...]:
        """The families worth trying at ``pos``: those whose screen matches there."""
        if pos >= len(text):
            return ()
        ch = text[pos].lower()
        pattern, families = self.by_char.get(ch, self.anywhere) if ch.isascii() else self.everything
        if pattern is None or not pattern.match(text, pos):
            return ()
        return families


def _alternation(families: tuple[Family, ...]) -> re.Pattern[str] | None:
    if not families:
        return None
    parts = [
        f"(?{'i' if f.regex.flags & re.IGNORECASE else ''}:{f.regex.pattern})" for f in families
    ]
    return re.compile("|".join(parts))


_SCREENS: dict[int, tuple[MaterielLexicon, _Screens]] = {}


def _screen(lex: MaterielLexicon) -> _Screens:
    """Screening patterns: any family's match at a position also matches the screen of
    that position's first character (run at word starts only)."""
    cached = _SCREENS.get(id(lex))
    if cached is not None and cached[0] is lex:
        return cached[1]
    firsts = [first_chars(f.regex) for f in lex.families]  # None: try it everywhere
    unknown = tuple(f for f, chars in zip(lex.families, firsts, strict=True) if chars is None)
    keys = sorted({ch for chars in firsts if chars is not None for ch in chars})
    by_char: dict[str, Screen] = {}
    for key in keys:
        chosen = tuple(
            f
            for f, chars in zip(lex.families, firsts, strict=True)
            if chars is None or key in chars
        )
        by_char[key] = (_alternation(chosen), chosen)
    families = tuple(lex.families)
    screens = _Screens(
        by_char, (_alternation(unknown), unknown), (_alternation(families), families)
    )
    _SCREENS[id(lex)] = (lex, screens)
    return screens


def designation_end(text: str, pos: int, lex: MaterielLexicon) -> int | None:
    """The end of the longest family name that starts at ``pos``, if one does."""
    ends = [m.end() for f in _screen(lex).at(text, pos) if (m := f.regex.match(text, pos))]
    return max(ends) if ends else None


def _family_anchors(doc: Any, lex: MaterielLexicon, text: str) -> list[_Anchor]:
    screens = _screen(lex)
    found: list[tuple[int, int, Family, str]] = []
    for token in view(doc).tokens:
        pos = token.idx
        for fam in screens.at(text, pos):
            m = fam.regex.match(text, pos)
            if m is not None:
                found.append((m.start(), m.end(), fam, m.group(0)))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2].is_maker, f[2].needs_head, f[0]))
    out: list[_Anchor] = []
    taken: list[tuple[int, int]] = []
    for s, e, fam, matched in found:
        if any(s < te and e > ts for ts, te in taken):
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        if fam.is_maker or fam.needs_head:
            plural_maker = fam.is_maker and matched.endswith("s") and not fam.name.endswith("s")
            if not plural_maker and not _head_follows(doc, span.end, lex):
                continue
        taken.append((s, e))
        out.append(
            _Anchor(
                start=span.start,
                end=span.end,
                kind="maker" if fam.is_maker else "family",
                category=fam.category,
                designation=_base_text(fam, matched),
                origin=fam.origin,
                family=fam,
            )
        )
    return out


def _ship_anchors(doc: Any, lex: MaterielLexicon, taken: list[_Anchor], text: str) -> list[_Anchor]:
    if not lex.ship_prefixes:
        return []
    prefixes = "|".join(re.escape(p) for p in sorted(lex.ship_prefixes, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<![\w-])(?P<prefix>{prefixes})\s+(?P<name>[A-Z][a-z][\w'’-]*"
        rf"(?:\s+(?:de|la|le|du|des|von|van|der|of|the|{NAME_WORD})){{0,3}})"
    )
    out: list[_Anchor] = []
    names: list[tuple[str, str]] = []

    def add(s: int, e: int, designation: str, origin: str | None) -> _Anchor | None:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or any(a.start < span.end and span.start < a.end for a in taken + out):
            return None
        anchor = _Anchor(span.start, span.end, "ship", "ship", designation, origin)
        out.append(anchor)
        return anchor

    for m in pattern.finditer(text):
        name = re.sub(r"(?:\s+(?:de|la|le|du|des|von|van|der|of|the))+$", "", m.group("name"))
        end = m.start("name") + len(name)
        origin = lex.ship_prefixes[m.group("prefix")]
        anchor = add(m.start(), end, f"{m.group('prefix')} {name}", origin)
        if anchor is None:
            continue
        names.append((name, lex.ship_prefixes[m.group("prefix")]))
        pennant = re.match(r"\s*\(\s*([A-Z]{1,4})[- ]?(\d{1,4})\s*\)", text[end : end + 14])
        if pennant:
            code = pennant.group(0).strip(" ()")
            add(end + pennant.start(1), end + pennant.end(2), code, anchor.origin)
    if lex.hull_codes:
        codes = "|".join(re.escape(c) for c in sorted(lex.hull_codes, key=len, reverse=True))
        for m in re.finditer(rf"(?<![\w-])(?:{codes})[- ]?\d{{1,4}}(?![\w])", text):
            add(m.start(), m.end(), m.group(0), None)
    # a ship named before, mentioned again by its one-word name: "Forbin is joining ..."
    for name, origin in names:
        if " " in name:
            continue
        for tok in view(doc).tokens:
            if tok.text != name or tok.pos_ not in ("PROPN", "NOUN"):
                continue
            left = doc[tok.i - 1] if tok.i > 0 else None
            right = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if any(n is not None and n.pos_ == "PROPN" for n in (left, right)):
                continue
            add(tok.idx, tok.idx + len(tok.text), name, origin)
    return out


def _licensed(
    token: Any,
    entry: NounEntry,
    lex: MaterielLexicon,
    firm: dict[int, _Anchor],
    named: set[int],
    firm_categories: set[str],
) -> bool:
    words = _modifier_words(token)
    for child in token.lefts:
        words.update(t.lower_ for t in child.subtree)
    licences = entry.licensed_by if entry.strict else lex.military_modifiers | entry.licensed_by
    if words & licences:
        return True
    left = min([token.i, *(c.left_edge.i for c in token.lefts)])
    if any(i in named for i in range(left, token.i)):
        return True
    prefix = _norm(token.doc[left : token.i].text)
    if any(" " in w and w in prefix for w in entry.licensed_by):
        return True
    partners = [c for c in token.children if c.dep_ == "conj"]
    if token.dep_ == "conj":
        partners.append(token.head)
        partners.extend(c for c in token.head.children if c.dep_ == "conj" and c != token)
    if any(p.i in firm for p in partners):
        return True
    if entry.doc_license == "any":
        return bool(firm_categories)
    return entry.doc_license == "category" and entry.category in firm_categories


def _noun_anchor(doc: Any, token: Any, entry: NounEntry) -> _Anchor:
    """An anchor over the whole listed phrase ("artillery and mortar systems")."""
    start = token.i
    if entry.prefix:
        first = doc.char_span(
            token.idx + len(token.text) - len(entry.phrase) - 1,
            token.idx + len(token.text),
            alignment_mode="contract",
        )
        if first is not None and len(first) > 0:
            start = first.start
    return _Anchor(start, token.i + 1, "noun", entry.category, entry=entry)


def _noun_anchors(
    doc: Any, lex: MaterielLexicon, named_anchors: list[_Anchor], text: str
) -> list[_Anchor]:
    lowered = _norm(text)
    named = {i for a in named_anchors for i in range(a.start, a.end)}
    firm: dict[int, _Anchor] = {}
    weak: list[tuple[Any, NounEntry]] = []
    for token in view(doc).tokens:
        if token.i in named:
            continue
        entry = _noun_entry(doc, token, lex, lowered)
        if entry is None:
            continue
        if entry.weak:
            weak.append((token, entry))
            continue
        firm[token.i] = _noun_anchor(doc, token, entry)
    categories = {a.category for a in firm.values()}
    out = dict(firm)
    for token, entry in weak:
        if _licensed(token, entry, lex, firm, named, categories):
            out[token.i] = _noun_anchor(doc, token, entry)
    return [out[i] for i in sorted(out)]


# -- phrases --------------------------------------------------------------------------


def _is_facility(token: Any, lex: MaterielLexicon) -> bool:
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    if token.lemma_.lower() in lex.facility_nouns or token.lower_ in lex.facility_nouns:
        return True
    before = _norm(token.doc[max(0, token.i - 2) : token.i + 1].text)
    lemma_phrase = before[: len(before) - len(token.lower_)] + token.lemma_.lower()
    return any(lemma_phrase.endswith(p) for p in lex.facility_phrases)


def _climb(token: Any, anchored: set[int], lex: MaterielLexicon) -> tuple[Any, Any | None]:
    """The head of the materiel phrase a token belongs to, and a facility above it."""
    root = token
    chain = []
    tok = token
    while (
        tok.dep_ in CLIMB_DEPS and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN", "NUM")
    ):
        tok = tok.head
        chain.append(tok)
    if not any(t.i in anchored or _is_facility(t, lex) for t in chain):
        # a misparse ("Leopard" coordinated, "2A6 tanks" apart): the noun right after it
        for tok in token.doc[token.i + 1 : min(len(token.doc), token.i + 4)]:
            if tok.i in anchored and tok.pos_ in ("NOUN", "PROPN"):
                chain = [tok]
                break
            if tok.pos_ not in ("ADJ", "NOUN", "PROPN", "NUM") and tok.text != "-":
                break
    for i, tok in enumerate(chain):
        if tok.i in anchored:
            root = tok
            continue
        # a facility is one further head at most: "weapons' assembly factory"
        if _is_facility(tok, lex) and all(t.i not in anchored for t in chain[i + 1 :]):
            return root, tok
    return root, None


def _span_start(root: Any, lex: MaterielLexicon, must: int) -> int:
    """The first token of the phrase headed by ``root``: its modifiers, not its quantities."""
    included: set[int] = set()
    for child in root.lefts:
        if child.dep_ not in LEFT_DEPS and not (child.dep_ == "nummod" and child.i >= must):
            continue
        for tok in child.subtree:
            if tok.i < root.i:
                included.add(tok.i)
    start = root.i
    while start - 1 in included:
        prev = root.doc[start - 1]
        if prev.is_punct and prev.text not in INNER_PUNCT:
            break
        if prev.tag_ in ("VBD", "VBP", "VBZ", "MD") or prev.pos_ in ("PRON", "AUX", "CCONJ"):
            break  # a clause or a coordination, not a modifier: a misparse
        if prev.text in ("-", "–") and prev.whitespace_:
            break  # a dash between clauses, not a hyphen
        if prev.lower_ in lex.quantifier_modifiers and prev.lower_ not in ARTICLES:
            break
        if prev.like_num and start - 1 < must:
            break
        start -= 1
    while start < root.i and root.doc[start].is_punct:
        start += 1
    return min(start, must)


def _describe(group: _Group, doc: Any, lex: MaterielLexicon) -> Materiel | None:
    anchors = sorted(group.anchors, key=lambda a: a.start)
    root = doc[group.root]
    must = min(a.start for a in anchors) if anchors else root.i
    start = _span_start(root, lex, must)
    end = max([root.i + 1, *(a.end for a in anchors)])
    span = doc[start:end]
    named = [a for a in anchors if a.kind in ("family", "ship")]
    makers = [a for a in anchors if a.kind == "maker"]
    head_entry = next((a.entry for a in anchors if a.kind == "noun" and a.end == root.i + 1), None)
    nouns = [a for a in anchors if a.kind == "noun"]
    if group.facility:
        category = "production_facility"
    elif head_entry is not None and not head_entry.generic:
        category = head_entry.category
    elif named:
        category = named[-1].category
    elif makers and (head_entry is None or head_entry.category in ("other", "aircraft")):
        category = makers[-1].category
    elif head_entry is not None:
        category = head_entry.category
    elif nouns:
        category = nouns[-1].category
    else:
        return None
    designated = named[-1] if named else (makers[-1] if makers else None)
    origin = next((a.origin for a in named if a.origin), None) or next(
        (a.origin for a in makers if a.origin), None
    )
    if group.facility:
        inner = [a for a in anchors if a.kind != "noun" or a.entry is not None]
        inner_cat = next((a.category for a in reversed(inner)), "other")
        entity_type = lex.entity_type(inner_cat)
    else:
        entity_type = lex.entity_type(category)
    return Materiel(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        category=category,
        designation=designated.designation if designated else None,
        origin=origin,
        entity_type=entity_type,
    )


def find_materiel(doc: Any, lexicon: MaterielLexicon | None = None) -> list[Materiel]:
    """Weapons and platforms named in a spaCy ``Doc``, each with its noun phrase's span.

    Production facilities ("a Kalashnikov assembly factory") are reported with the item
    they make nested inside them; other results do not overlap.
    """
    lex = lexicon or default_materiel_lexicon()
    text = view(doc).text
    named = _family_anchors(doc, lex, text)
    named += _ship_anchors(doc, lex, named, text)
    nouns = _noun_anchors(doc, lex, named, text)
    anchors = named + nouns
    anchored = {i for a in anchors for i in range(a.start, a.end)}
    groups: dict[int, _Group] = {}
    facilities: dict[int, _Group] = {}
    for anchor in anchors:
        span = doc[anchor.start : anchor.end]
        root, facility = _climb(span.root, anchored, lex)
        if (
            anchor.kind == "noun"
            and root.i == anchor.start
            and facility is None
            and anchor.entry is not None
            and anchor.entry.category == "other"
            and anchor.entry.generic
            and root.dep_ in ("compound", "nmod")
            and root.head.i > root.i
        ):
            continue  # "arms sales", "weapons caches": a domain, not an item
        groups.setdefault(root.i, _Group(root.i)).anchors.append(anchor)
        if facility is not None:
            fac = facilities.setdefault(facility.i, _Group(facility.i, facility=True))
            fac.anchors.append(anchor)
    found: list[Materiel] = []
    for group in groups.values():
        m = _describe(group, doc, lex)
        if m is not None:
            found.append(m)
    # overlapping phrases (a misparse can give two roots in one phrase): keep the longest
    kept: list[Materiel] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    for group in facilities.values():
        m = _describe(group, doc, lex)
        if m is not None:
            kept = [k for k in kept if not (k.start < m.start < k.end or k.start < m.end < k.end)]
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, -(m.end - m.start)))
