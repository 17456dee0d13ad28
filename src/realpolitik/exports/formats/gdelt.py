"""GDELT 2.0: merged events as the 61 tab-separated columns of a GDELT 2.0 Events table row
(GDELT Event Codebook V2.0), with CAMEO country codes and FIPS place codes from
``store/data/countries.tsv``. The dashboard's GDELT download uses ``GDELT_SQL`` and
``gdelt_rows`` from here too.

The format's own column list is here, not in ``store/columns.py``: it is GDELT's, not the
store's.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import IO, Any, NamedTuple

from ...store.filters import Filters, merged_conditions, where_clause
from ..query import Query, rows
from ..registry import Format, register

# The 61 columns of a GDELT 2.0 Events table row, in the order of GDELT's files
# (GDELT Event Codebook V2.0; http://data.gdeltproject.org/documentation/).
_GEO_FIELDS: tuple[str, ...] = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)
_ACTOR_FIELDS: tuple[str, ...] = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61


class _Country(NamedTuple):
    cameo: str
    fips: str
    geonames_id: int
    name: str


@lru_cache(maxsize=1)
def countries() -> dict[str, _Country]:
    """ISO-3 -> CAMEO code, FIPS 10-4 code, GeoNames id and name (``store/data/countries.tsv``)."""
    text = (
        resources.files("realpolitik.store")
        .joinpath("data", "countries.tsv")
        .read_text(encoding="utf-8")
    )
    table: dict[str, _Country] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("iso3\t"):
            continue
        iso3, cameo, fips, geonames_id, name = line.split("\t")
        table[iso3] = _Country(cameo, fips, int(geonames_id), name)
    return table


def cameo_country(iso3: str | None) -> str:
    """The CAMEO country code GDELT uses for an ISO-3 code (mostly the same code)."""
    if not iso3:
        return ""
    known = countries().get(iso3)
    return known.cameo if known else iso3


def _clean(text: object) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def _num(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return str(int(number)) if number.is_integer() else repr(number)


def gdelt_actor(actor: object) -> list[str]:
    if not isinstance(actor, dict):
        return [""] * len(_ACTOR_FIELDS)
    iso3 = actor.get("country") if isinstance(actor.get("country"), str) else None
    country = cameo_country(iso3)
    code = str(actor.get("code") or "")
    if iso3 and country != iso3 and code.startswith(iso3):
        code = country + code[len(iso3) :]
    known = countries().get(iso3) if iso3 else None
    if actor.get("person"):
        name = actor["person"]
    elif actor.get("kind") == "state" and known:
        name = known.name
    else:
        name = actor.get("text") or ""
    return [
        _clean(code),
        _clean(name).upper(),
        country,
        "",
        "",
        "",
        "",
        _clean(actor.get("sector") or ""),
        "",
        "",
    ]


_NO_GEO = ["0", "", "", "", "", "", "", ""]


def gdelt_geo(location: object, fallback_country: str | None) -> list[str]:
    """The eight ``*Geo_`` fields of a location dict (``Event.location``)."""
    loc = location if isinstance(location, dict) else {}
    iso3 = loc.get("country") if isinstance(loc.get("country"), str) else None
    iso3 = iso3 or fallback_country
    if not loc and not iso3:
        return list(_NO_GEO)
    known = countries().get(iso3) if iso3 else None
    fips = known.fips if known else ""
    country_name = known.name if known else (iso3 or "")
    name = _clean(loc.get("name") or "")
    kind = str(loc.get("kind") or loc.get("type") or "").lower()
    feature = str(loc.get("feature_class") or "").upper()
    if kind == "continent" or feature == "L":
        return list(_NO_GEO)
    is_country = (
        kind == "country"
        or not name
        or (
            known is not None
            and (name == known.name or loc.get("geonames_id") == known.geonames_id)
        )
    )
    lat = _num(loc.get("lat"))
    lon = _num(loc.get("lon", loc.get("lng")))
    if is_country:
        return ["1", _clean(known.name if known else name or iso3), fips, fips, "", lat, lon, fips]
    us = iso3 == "USA"
    region = kind in ("region", "state", "province", "adm1") or (feature == "A" and kind != "city")
    geo_type = ("2" if us else "5") if region else ("3" if us else "4")
    admin1 = loc.get("admin1") if isinstance(loc.get("admin1"), str) else None
    full = ", ".join(p for p in (name, _clean(admin1) if admin1 else "", country_name) if p)
    return [geo_type, full, fips, "", "", lat, lon, ""]


def lead_paragraph(text: str) -> tuple[int, int]:
    """The character span of an article's lead paragraph: its first block of text (blocks
    are separated by blank lines) that is not a headline or a ``Key: value`` header line,
    i.e. that ends like a sentence. The whole text when there is no such block."""
    at = 0
    for block in re.split(r"(\n[ \t]*\n)", text):
        stripped = block.strip()
        lines = [line for line in stripped.splitlines() if line.strip()]
        body = [line for line in lines if not _HEADER.match(line)]
        if body and re.search(r"[.!?…\"”’')]\s*$", body[-1]):
            return at, at + len(block)
        at += len(block)
    return 0, len(text)


_HEADER = re.compile(r"^\s*[A-Z][\w -]{0,30}:\s")


def _middle(start: date, end: date) -> date:
    return start + (end - start) / 2


def gdelt_day(
    when: date | None,
    date_start: date | None,
    date_end: date | None,
    article: date | None,
    window: tuple[date | None, date | None],
    added: datetime | None,
) -> tuple[date | None, str]:
    """SQLDATE's day and how it was found: the event's day (``day``); the middle of its
    coarse date, or of the date window it was given (``period``: "in 2007", an undated
    article's window); its article's date ("since 2006": ``article``); the middle of its
    article's inferred date window (``window``); else the day it was added to the store
    (``added``)."""
    if when is not None:
        return when, "day"
    if date_start is not None and date_end is not None and date_end < date.max:
        return _middle(date_start, date_end), "period"
    if article is not None:
        return article, "article"
    if window[0] is not None and window[1] is not None:
        return _middle(window[0], window[1]), "window"
    if added is not None:
        return added.date(), "added"
    return None, "none"


def _gdelt_date(day: date | None) -> list[str]:
    if day is None:
        return ["", "", "", ""]
    fraction = ((day.month - 1) * 30 + day.day) / 365
    return [
        day.strftime("%Y%m%d"),
        day.strftime("%Y%m"),
        str(day.year),
        f"{day.year + fraction:.4f}",
    ]


GDELT_SQL = (
    "SELECT m.merged_id, m.date, m.first_seen, m.n_mentions, m.n_sources, m.n_articles, "
    "m.first_added_at, m.is_root, m.cameo, m.quad_class, m.goldstein, m.place_country, "
    "re.payload, rd.url, rd.doc_id, m.date_period, m.date_start, m.date_end, "
    "rd.window_start, rd.window_end, "
    "(SELECT list(struct_pack(k := e4.doc_key, s := e4.sentence_start)) FROM events e4 "
    " WHERE e4.merged_id = m.merged_id), "
    "(SELECT d2.url FROM events e2 JOIN documents d2 ON d2.doc_key = e2.doc_key "
    " WHERE e2.merged_id = m.merged_id AND d2.url IS NOT NULL "
    " ORDER BY d2.date NULLS LAST, d2.doc_key LIMIT 1) "
    "FROM merged_events m JOIN events re ON re.event_id = m.representative_id "
    "JOIN documents rd ON rd.doc_key = re.doc_key"
)


def global_event_id(merged_id: str) -> int:
    """GLOBALEVENTID: the first 15 hex digits of ``merged_id`` as an integer (< 2**60)."""
    return int(merged_id[:15], 16)


def dyad_event_id(merged_id: str, index: int) -> int:
    """GLOBALEVENTID of the ``index``-th dyad of a merged event: the first is the merged
    event's own id; the others are read from a hash of the id and the index."""
    if index == 0:
        return global_event_id(merged_id)
    digest = hashlib.sha1(f"{merged_id}:{index}".encode()).hexdigest()
    return int(digest[:15], 16)


def _dyads(event: dict[str, Any]) -> list[tuple[Any, Any]]:
    """The (source, target) pairs of an event's sides, in order: GDELT has one actor a
    side. An empty side is one empty actor; an actor is never paired with itself."""
    sources = event.get("source") or [None]
    targets = event.get("target") or [None]
    found = [
        (s, t)
        for s in sources
        for t in targets
        if s is None
        or t is None
        or (s.get("code"), s.get("text")) != (t.get("code"), t.get("text"))
    ]
    return found or [(sources[0], None)]


def gdelt_rows(
    row: tuple[Any, ...], leads: Callable[[str], tuple[int, int]] | None = None
) -> list[list[str]]:
    """GDELT 2.0 rows (61 strings each) from a row of ``GDELT_SQL``: one per dyad of the
    event ("Germany and France expelled Russian diplomats" gives DEU-RUS and FRA-RUS);
    ``leads`` gives the lead paragraph's span of a document (by ``doc_key``) for
    IsRootEvent."""
    (
        merged_id,
        when,
        first_seen,
        n_mentions,
        n_sources,
        n_articles,
        first_added_at,
        is_root,
        cameo,
        quad_class,
        goldstein,
        place_country,
        payload,
        url,
        doc_id,
        date_period,
        date_start,
        date_end,
        window_start,
        window_end,
        mentions,
        any_url,
    ) = row
    # a coarse group ("in 2007", an undated article's window) is dated by its period's start
    # in the store: GDELT gets the middle of the period instead
    day, _basis = gdelt_day(
        None if date_period else when,
        date_start,
        date_end,
        first_seen,
        (window_start, window_end),
        first_added_at,
    )
    if not is_root and leads is not None:
        is_root = any(
            m["s"] is not None and leads(m["k"])[0] <= m["s"] < leads(m["k"])[1]
            for m in mentions or ()
        )
    event = json.loads(payload)
    code = str(cameo or "")
    return [
        _gdelt_line(
            dyad_event_id(merged_id, i),
            day,
            source,
            target,
            is_root,
            code,
            quad_class,
            goldstein,
            (n_mentions, n_sources, n_articles),
            event.get("location"),
            place_country,
            first_added_at,
            _clean(url or any_url or doc_id or ""),
        )
        for i, (source, target) in enumerate(_dyads(event))
    ]


def _gdelt_line(
    event_id: int,
    day: date | None,
    source: Any,
    target: Any,
    is_root: bool,
    code: str,
    quad_class: Any,
    goldstein: Any,
    counts: tuple[Any, Any, Any],
    location: Any,
    place_country: str | None,
    first_added_at: Any,
    url: str,
) -> list[str]:
    n_mentions, n_sources, n_articles = counts
    out = [
        str(event_id),
        *_gdelt_date(day),
        *gdelt_actor(source),
        *gdelt_actor(target),
        "1" if is_root else "0",
        code,
        code[:3],
        code[:2],
        "" if quad_class is None else str(int(quad_class)),
        "" if goldstein is None else f"{float(goldstein):.1f}",
        str(n_mentions),
        str(max(1, int(n_sources or 0))),  # an unknown outlet is still one source
        str(n_articles),
        "0",  # AvgTone: tone is not computed; 0 is GDELT's neutral
        *_NO_GEO,  # Actor1Geo_*: not computed
        *_NO_GEO,  # Actor2Geo_*
        *gdelt_geo(location, place_country),
        first_added_at.strftime("%Y%m%d%H%M%S") if first_added_at else "",
        url,
    ]
    assert len(out) == len(GDELT_COLUMNS)
    return out


def export_gdelt(store: Any, handle: IO[str], table: str, filters: Filters, header: bool) -> int:
    """The merged events that pass ``filters`` as GDELT 2.0 rows (``table`` is ``merged``)."""
    where, params = merged_conditions(filters)
    query = Query(
        GDELT_SQL + where_clause(where) + " ORDER BY m.date NULLS LAST, m.merged_id", params
    )
    if header:
        handle.write("\t".join(GDELT_COLUMNS) + "\n")
    texts: dict[str, tuple[int, int]] = {}

    def leads(doc_key: str) -> tuple[int, int]:
        if doc_key not in texts:
            found = store.connection.execute(
                "SELECT text FROM documents WHERE doc_key = ?", [doc_key]
            ).fetchall()
            texts[doc_key] = lead_paragraph(found[0][0]) if found else (0, 0)
        return texts[doc_key]

    n = 0
    for row in rows(store, query):
        for line in gdelt_rows(row, leads):
            handle.write("\t".join(line) + "\n")
            n += 1
    return n


FORMAT = register(
    Format(
        "gdelt",
        "GDELT 2.0 event rows, tab-separated: merged events",
        export=export_gdelt,
        tables=("merged",),
        header=False,
        position=5,
    )
)
