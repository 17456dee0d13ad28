"""How many events on real news get a resolved date and a geocoded place.

Reads ../shared/corpora/guardian_2019_sample.csv (249 dated Guardian articles, 2019)
when it is there, runs the pipeline, and prints the shares plus a random sample of events
to read by hand. Usage: python benchmarks/guardian_coverage.py [--sample 20] [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from realpolitik.model import Document
from realpolitik.pipeline import Pipeline

CORPUS = (
    Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "guardian_2019_sample.csv"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--undated", action="store_true", help="drop the article dates (dates from the window)"
    )
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} is not here: nothing to measure (it lives in ../shared/).")
        return 0
    csv.field_size_limit(sys.maxsize)
    with CORPUS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[: args.limit]
    docs = [
        Document(
            doc_id=f"guardian:{i}",
            text=r["text"],
            date=None if args.undated else date.fromisoformat(r["date"][:10]),
            source=r.get("source"),
        )
        for i, r in enumerate(rows)
    ]
    events = []
    for result in Pipeline.load().run(docs):
        events.extend(result.events)
    n = len(events)
    sources = Counter((e.date or {}).get("source", "none") for e in events)
    clause_dated = sources["clause"]
    dated = sum(1 for e in events if e.date and e.date.get("value"))
    placed = sum(1 for e in events if e.location and e.location.get("lat") is not None)
    figures = {
        "articles": len(docs),
        "events": n,
        "dated_share": round(dated / n, 3) if n else 0.0,
        "dated_by_clause_share": round(clause_dated / n, 3) if n else 0.0,
        "dated_by_context_share": round(sources["context"] / n, 3) if n else 0.0,
        "dated_by_article_share": round(sources["article"] / n, 3) if n else 0.0,
        "dated_by_window_share": round(sources["window"] / n, 3) if n else 0.0,
        "geocoded_place_share": round(placed / n, 3) if n else 0.0,
    }
    print(json.dumps(figures, indent=2))
    random.seed(args.seed)
    for e in random.sample(events, min(args.sample, n)):
        d = e.date or {}
        loc = e.location or {}
        print(
            f"- [{e.type} {e.cameo}] {','.join(a.code for a in e.source) or '?'} -> "
            f"{','.join(a.code for a in e.target) or '?'} {e.modality}; date {d.get('value')} "
            f"({d.get('source')}, {d.get('text')!r}); place {loc.get('name')} {loc.get('country')}"
            f"\n    {e.evidence.sentence[:220]!r}"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
