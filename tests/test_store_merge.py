"""Unit tests of the store's pure parts: merge groups, date spans, shingles, signatures."""

from __future__ import annotations

import itertools
import random
from datetime import date

import pytest

from realpolitik.store import dedup, merge
from realpolitik.store.merge import DateSpan, Mention, group_mentions, merge_fields

D = date(2024, 3, 5)


def day(offset: int) -> date:
    return date.fromordinal(D.toordinal() + offset)


def groups_of(mentions: list[Mention], window: int = 1) -> list[set[str]]:
    return sorted(
        ({m.event_id for m in g.mentions} for g in group_mentions("k", mentions, window)),
        key=sorted,
    )


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("2024-03-05", DateSpan(D, D, True)),
        ("2024-03-05T10:30:00Z", DateSpan(D, D, True)),
        ("2024-03", DateSpan(date(2024, 3, 1), date(2024, 3, 31), False)),
        ("2024-12", DateSpan(date(2024, 12, 1), date(2024, 12, 31), False)),
        ("2024", DateSpan(date(2024, 1, 1), date(2024, 12, 31), False)),
        ("2024-W10", DateSpan(date(2024, 3, 4), date(2024, 3, 10), False)),
        ("2024-03-01/2024-03-05", DateSpan(date(2024, 3, 1), D, False)),
        ("2024-03-05/2024-03-05", DateSpan(D, D, True)),
        ("2024-02-30", None),
        ("2024-03-06/2024-03-05", None),
        ("last week", None),
        (None, None),
        (20240305, None),
    ],
)
def test_parse_date_value(value: object, span: DateSpan | None) -> None:
    assert merge.parse_date_value(value) == span


def _payload(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "type": "CONSULT",
        "modality": "factual",
        "source": [{"code": "RUSGOV", "country": "RUS"}],
        "target": [{"code": "UKRGOV", "country": "UKR"}],
        "reciprocal": False,
        "date": None,
        "location": None,
    }
    base.update(kw)
    return base


def test_merge_fields_prefers_the_event_day_then_the_document_date() -> None:
    with_day = merge_fields(_payload(date={"value": "2024-03-04"}), D)
    assert (with_day.merge_day, with_day.merge_period) == (day(-1), None)
    assert (with_day.date_start, with_day.date_end) == (day(-1), day(-1))
    coarse = merge_fields(_payload(date={"value": "2024-03"}), D)
    assert (coarse.merge_day, coarse.merge_period) == (None, "2024-03")
    undated_event = merge_fields(_payload(date={"value": "soon"}), D)
    assert (undated_event.merge_day, undated_event.date_start) == (D, None)
    nothing = merge_fields(_payload(), None)
    assert (nothing.merge_day, nothing.merge_period) == (None, None)


def test_merge_fields_strand_uses_countries_or_codes_and_orders_reciprocal_sides() -> None:
    a = merge_fields(_payload(), D)
    # Sides are country sets: the Russian military and government are one side.
    sector = merge_fields(_payload(source=[{"code": "RUSMIL", "country": "RUS"}]), D)
    assert sector.merge_key == a.merge_key
    assert (a.source_key, a.target_key) == (("RUS",), ("UKR",))
    nato = merge_fields(_payload(target=[{"code": "NATO", "country": None}]), D)
    assert nato.target_key == ("NATO",)
    forward = merge_fields(_payload(reciprocal=True), D)
    backward = merge_fields(
        _payload(
            reciprocal=True,
            source=[{"code": "UKRGOV", "country": "UKR"}],
            target=[{"code": "RUSGOV", "country": "RUS"}],
        ),
        D,
    )
    assert forward.merge_key == backward.merge_key
    one_way = merge_fields(
        _payload(
            source=[{"code": "UKRGOV", "country": "UKR"}],
            target=[{"code": "RUSGOV", "country": "RUS"}],
        ),
        D,
    )
    assert one_way.merge_key != a.merge_key
    assert merge_fields(_payload(modality="negated"), D).merge_key != a.merge_key
    assert merge_fields(_payload(type="AGREE"), D).merge_key != a.merge_key
    assert merge_fields(_payload(location={"country": "TUR"}), D).place_country == "TUR"


# --------------------------------------------------------------------------- groups


def test_day_window_links_transitively_and_splits_on_gaps() -> None:
    ms = [
        Mention("a", day(0)),
        Mention("b", day(1)),
        Mention("c", day(2)),  # chained to a through b
        Mention("d", day(4)),  # two days after c: its own event
    ]
    assert groups_of(ms) == [{"a", "b", "c"}, {"d"}]
    assert groups_of(ms, window=0) == [{"a"}, {"b"}, {"c"}, {"d"}]
    assert groups_of(ms, window=2) == [{"a", "b", "c", "d"}]


def test_coarse_and_undated_mentions() -> None:
    ms = [
        Mention("a", None, "2024-03"),
        Mention("b", None, "2024-03"),
        Mention("c", None, "2024"),
        Mention("d", day(0)),  # a day in March does not join the month group
        Mention("e", None),  # no date at all: never merged
        Mention("f", None),
    ]
    assert groups_of(ms) == [{"a", "b"}, {"c"}, {"d"}, {"e"}, {"f"}]


def test_places_split_groups_and_unplaced_mentions_join_the_nearest() -> None:
    ms = [
        Mention("rus1", day(0), place="RUS"),
        Mention("x", day(0)),  # nearest placed mentions: rus1 and ukr1 (0 days); RUS has 2
        Mention("rus2", day(1), place="RUS"),
        Mention("ukr1", day(0), place="UKR"),
        Mention("y", day(2), place=None),  # nearest: rus2 (1 day)
    ]
    groups = group_mentions("k", ms)
    by_place = {g.place: {m.event_id for m in g.mentions} for g in groups}
    assert by_place == {"RUS": {"rus1", "rus2", "x", "y"}, "UKR": {"ukr1"}}


def test_group_ids_depend_on_the_set_not_the_order() -> None:
    rng = random.Random(3)
    ms = [
        Mention(f"e{i}", day(rng.randint(0, 12)), place=rng.choice([None, None, "RUS", "UKR"]))
        for i in range(30)
    ] + [Mention("p1", None, "2024-03"), Mention("u1", None)]
    reference = group_mentions("k", ms)
    assert len({g.merged_id for g in reference}) == len(reference)
    for _ in range(20):
        shuffled = list(ms)
        rng.shuffle(shuffled)
        assert group_mentions("k", shuffled) == reference


def test_group_id_hashes_strand_first_day_and_place() -> None:
    [g] = group_mentions("k", [Mention("b", day(1)), Mention("a", day(0), place="TUR")])
    assert g.merged_id == merge.merged_id("k", day(0).isoformat(), "TUR")
    assert g.label == "2024-03-05"
    [other] = group_mentions("other", [Mention("a", day(0), place="TUR")])
    assert other.merged_id != g.merged_id


def test_every_mention_is_in_exactly_one_group() -> None:
    ms = [
        Mention(f"e{i}", day(i % 5) if i % 4 else None, place="RUS" if i % 3 else None)
        for i in range(20)
    ]
    seen = [m.event_id for g in group_mentions("k", ms) for m in g.mentions]
    assert sorted(seen) == sorted(m.event_id for m in ms)


def _pairwise_components(ms: list[Mention], window: int) -> list[set[str]]:
    """Single linkage by trying every pair: the definition the fast grouping must match."""
    parent = {m.event_id: m.event_id for m in ms}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in itertools.combinations(ms, 2):
        assert a.day is not None and b.day is not None
        close = abs((a.day - b.day).days) <= window
        if close and (a.place is None or b.place is None or a.place == b.place):
            parent[find(a.event_id)] = find(b.event_id)
    parts: dict[str, set[str]] = {}
    for m in ms:
        parts.setdefault(find(m.event_id), set()).add(m.event_id)
    return sorted(parts.values(), key=min)


@pytest.mark.parametrize("seed", range(40))
def test_fast_components_equal_pairwise_single_linkage(seed: int) -> None:
    rng = random.Random(seed)
    window = rng.choice([0, 1, 2, 3])
    ms = [
        Mention(f"e{i:03d}", day(rng.randint(0, 25)), place=rng.choice([None, "RUS", "UKR", "TUR"]))
        for i in range(rng.randint(1, 60))
    ]
    dated = sorted(ms, key=lambda m: (m.day, m.event_id))
    fast = [{m.event_id for m in c} for c in merge._day_components(dated, window)]
    assert sorted(fast, key=min) == _pairwise_components(ms, window)


def test_negative_window_is_refused() -> None:
    with pytest.raises(ValueError, match="window"):
        group_mentions("k", [], -1)


# --------------------------------------------------------------------------- dedup


TEXT = (
    "Ruritania and Freedonia signed a fisheries accord in Zenda on Tuesday, "
    "ending a dispute over the northern banks that had lasted a decade."
)


def test_shingles_ignore_case_and_punctuation() -> None:
    assert dedup.shingles("The cat, the HAT!", 3) == {"the cat the", "cat the hat"}
    assert dedup.shingles("Two words", 3) == {"two words"}
    assert dedup.shingles("... !!", 3) == frozenset()
    assert dedup.jaccard(frozenset(), frozenset()) == 0.0


def test_signature_is_deterministic_and_estimates_jaccard() -> None:
    a = dedup.shingles(TEXT)
    b = dedup.shingles(TEXT + " A spokesman welcomed it.")
    sig_a, sig_b = dedup.signature(a), dedup.signature(b)
    assert sig_a == dedup.signature(set(a)) and len(sig_a) == 4 * dedup.NUM_PERM
    assert dedup.signature(frozenset()) == b""
    estimate = dedup.minhash(sig_a).jaccard(dedup.minhash(sig_b))
    assert abs(estimate - dedup.jaccard(a, b)) < 0.15


def test_index_finds_near_duplicates_not_unrelated_texts() -> None:
    index = dedup.NearDuplicateIndex()
    near = dedup.signature(dedup.shingles(TEXT + " Officials welcomed the deal."))
    other = dedup.signature(
        dedup.shingles("Freedonia recalled its ambassador after shelling near the border.")
    )
    index.add("near", near)
    index.add("other", other)
    index.add("near", near)  # a repeat is ignored
    index.add("empty", b"")
    assert len(index) == 2 and "near" in index and "empty" not in index
    assert index.candidates(dedup.signature(dedup.shingles(TEXT))) == ["near"]
    assert index.candidates(b"") == []


def test_lsh_recall_at_the_threshold() -> None:
    """Pairs at Jaccard 0.8 are candidates: the index is tuned for recall, not at 0.8."""
    rng = random.Random(11)
    words = [f"w{i}" for i in range(5000)]
    found = 0
    trials = 40
    for trial in range(trials):
        base = set(rng.sample(words, 200))
        # 20 of 200 elements swapped: Jaccard = 180 / 220 = 0.82
        swapped = set(rng.sample(sorted(base), 20))
        other = (base - swapped) | set(rng.sample(sorted(set(words) - base), 20))
        index = dedup.NearDuplicateIndex()
        index.add("a", dedup.signature(frozenset(base)))
        found += index.candidates(dedup.signature(frozenset(other))) == ["a"]
        assert 0.8 <= dedup.jaccard(frozenset(base), frozenset(other)) < 0.83, trial
    assert found == trials


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="affine32"):
        dedup.DedupSettings(scheme="legacy")
    with pytest.raises(ValueError, match="lsh_threshold"):
        dedup.DedupSettings(lsh_threshold=0.9, threshold=0.8)


def test_permutations_of_a_small_set_give_one_grouping() -> None:
    ms = [
        Mention("a", day(0), place="RUS"),
        Mention("b", day(1)),
        Mention("c", day(2), place="UKR"),
    ]
    results = {
        tuple(g.merged_id for g in group_mentions("k", list(p))) for p in itertools.permutations(ms)
    }
    assert len(results) == 1
