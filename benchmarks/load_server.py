"""Load on ``realpolitik serve``: many concurrent clients reading events and dyads.

From the repository root::

    python benchmarks/load_server.py                      # 200 Guardian articles, 100 clients
    python benchmarks/load_server.py --db /tmp/load.duckdb --keep --warmup 30  # reuse, warm
    python benchmarks/load_server.py --synthetic 1000000  # a synthetic store instead

The store is made first: the first ``--docs`` articles of
``../shared/corpora/guardian_2019_sample.csv`` coded by the pipeline and written with
``EventStore`` (or, with ``--synthetic N``, N synthetic events made by
``benchmarks/relations_bench.py``). Then ``realpolitik serve`` runs on it in a process of
its own, on a free port of 127.0.0.1, and ``--clients`` asyncio clients (httpx, one
connection each) send requests back to back for ``--duration`` seconds: ``GET /events``
with filters drawn from the store (actor, actor and partner, type, modality, a month, a
word of the evidence, a place) and pages (offset 0 to 200, limit 20 to 100), ``GET
/events/{id}`` and ``GET /dyads/{a}/{b}`` (by month, week or year, over a few windows).
The draws are seeded: the same store and arguments give the same requests.

With ``--ingest N``, the next N articles of the corpus (after the first ``--docs``) go
through the server while the clients read: ``realpolitik ingest`` on the store the server
holds posts them to ``POST /ingest`` (``server/client.py``), starting with the load; the
report adds how long that ingest took and how many documents the store held at the end.
The articles are written to a CSV in a temporary folder for it, never into the repository.

It reports requests per second, latency percentiles (all and by endpoint) and errors (any
answer that is not 200, or no answer). The clients and the server share the machine: on a
small one the clients' own Python takes part of the CPU the server could have.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "guardian_2019_sample.csv"


# --------------------------------------------------------------------------- the store


def build_guardian_store(db: Path, corpus: Path, n_docs: int) -> dict[str, Any]:
    """Code the first ``n_docs`` articles of the corpus into a new store."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import read_corpus

    from realpolitik.pipeline import Pipeline
    from realpolitik.store.duckdb_store import EventStore

    documents = read_corpus(corpus, n_docs)
    started = time.perf_counter()
    pipeline = Pipeline.load()
    with EventStore.open(db) as store:
        for result in pipeline.run(documents):
            store.write(result)
    return {"documents": len(documents), "build_s": round(time.perf_counter() - started, 1)}


def build_synthetic_store(db: Path, n_events: int) -> dict[str, Any]:
    """``n_events`` synthetic events over 150 countries (``relations_bench.build_store``)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from relations_bench import build_store

    started = time.perf_counter()
    build_store(db, n_events, 150)
    return {"synthetic_events": n_events, "build_s": round(time.perf_counter() - started, 1)}


@dataclass
class Mix:
    """What the store holds, to draw realistic requests from."""

    countries: list[str]
    dyads: list[tuple[str, str]]
    months: list[str]
    event_ids: list[str]
    types: list[str]
    words: list[str]
    places: list[str] = field(default_factory=list)


def read_mix(db: Path) -> Mix:
    con = duckdb.connect(str(db), read_only=True)
    try:

        def column(sql: str) -> list[Any]:
            return [row[0] for row in con.execute(sql).fetchall()]

        countries = column(
            "SELECT c FROM (SELECT unnest(source_countries || target_countries) AS c FROM events)"
            " GROUP BY c ORDER BY count(*) DESC, c LIMIT 30"
        )
        dyads = [
            (str(a), str(b))
            for a, b in con.execute(
                "SELECT s, t FROM (SELECT source_countries[1] AS s, target_countries[1] AS t "
                "FROM events WHERE len(source_countries) > 0 AND len(target_countries) > 0 "
                "AND source_countries[1] <> target_countries[1]) "
                "GROUP BY s, t ORDER BY count(*) DESC, s, t LIMIT 40"
            ).fetchall()
        ]
        months = column(
            "SELECT strftime(date, '%Y-%m') AS m FROM documents WHERE date IS NOT NULL "
            "GROUP BY m ORDER BY m"
        )
        event_ids = column("SELECT event_id FROM events USING SAMPLE 500 ROWS (reservoir, 7)")
        types = column("SELECT type FROM events GROUP BY type ORDER BY count(*) DESC")
        places = column(
            "SELECT location->>'$.name' AS p FROM events WHERE location IS NOT NULL "
            "GROUP BY p ORDER BY count(*) DESC LIMIT 20"
        )
    finally:
        con.close()
    words = ["president", "minister", "talks", "sanctions", "attack", "agreement", "military"]
    return Mix(countries, dyads, months, event_ids, types, words, places)


# --------------------------------------------------------------------------- requests


def _month_window(month: str) -> dict[str, str]:
    year, number = (int(p) for p in month.split("-"))
    last = (31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[number - 1]
    return {"since": f"{month}-01", "until": f"{month}-{last:02d}"}


def draw(rng: random.Random, mix: Mix) -> tuple[str, str, dict[str, Any]]:
    """One request: (endpoint label, path, query parameters)."""
    roll = rng.random()
    if roll < 0.6 or not mix.dyads:
        params: dict[str, Any] = {
            "limit": rng.choice((20, 50, 50, 100)),
            "offset": rng.choice((0, 0, 0, 20, 50, 200)),
        }
        kind = rng.random()
        if kind < 0.25 and mix.countries:
            params["actor"] = rng.choice(mix.countries[:15])
        elif kind < 0.4 and mix.dyads:
            params["actor"], params["partner"] = rng.choice(mix.dyads)
        elif kind < 0.55 and mix.types:
            params["type"] = rng.sample(mix.types[:8], k=min(2, len(mix.types)))
        elif kind < 0.65:
            params["modality"] = rng.choice(("factual", "planned", "speculative", "negated"))
        elif kind < 0.75 and mix.months:
            params |= _month_window(rng.choice(mix.months))
        elif kind < 0.85:
            params["q"] = rng.choice(mix.words)
        elif kind < 0.9 and mix.places:
            params["place"] = rng.choice(mix.places)
        return "GET /events", "/events", params
    if roll < 0.75 and mix.event_ids:
        return "GET /events/{id}", f"/events/{rng.choice(mix.event_ids)}", {}
    a, b = rng.choice(mix.dyads)
    params = {"by": rng.choice(("month", "month", "week", "year"))}
    if rng.random() < 0.3 and mix.months:
        params["since"] = f"{rng.choice(mix.months)}-01"
    return "GET /dyads", f"/dyads/{a}/{b}", params


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)


async def client(
    number: int, base: str, mix: Mix, deadline: float, tally: Tally, seed: int
) -> None:
    rng = random.Random(seed * 1000 + number)
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as http:
        while time.monotonic() < deadline:
            label, path, params = draw(rng, mix)
            started = time.perf_counter()
            try:
                response = await http.get(path, params=params)
                status = response.status_code
                detail = response.text[:200] if status != 200 else ""
            except httpx.HTTPError as exc:
                status, detail = 0, f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            if time.monotonic() > deadline + 5:  # answers after the end do not count
                break
            tally.latencies[label].append(elapsed)
            if status != 200:
                tally.errors[label] += 1
                if len(tally.examples) < 5:
                    tally.examples.append(f"{status} {path} {params}: {detail}")


async def load(base: str, mix: Mix, clients: int, duration: float, seed: int) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + duration
    await asyncio.gather(*(client(n, base, mix, deadline, tally, seed) for n in range(clients)))
    return tally


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


def summarise(tally: Tally, duration: float) -> dict[str, Any]:
    def stats(values: list[float], errors: int) -> dict[str, Any]:
        return {
            "requests": len(values),
            "per_s": round(len(values) / duration, 1),
            "p50_ms": round(1000 * _percentile(values, 50), 1),
            "p95_ms": round(1000 * _percentile(values, 95), 1),
            "p99_ms": round(1000 * _percentile(values, 99), 1),
            "mean_ms": round(1000 * statistics.fmean(values), 1) if values else None,
            "errors": errors,
        }

    every = [v for values in tally.latencies.values() for v in values]
    return {
        "all": stats(every, sum(tally.errors.values())),
        **{k: stats(v, tally.errors.get(k, 0)) for k, v in sorted(tally.latencies.items())},
    }


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int, extra: list[str] | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "REALPOLITIK_TOKEN": ""}
    command = [sys.executable, "-m", "realpolitik.cli", "serve", "--db", str(db)]
    return subprocess.Popen(
        [*command, "--port", str(port), *(extra or [])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_ready(base: str, server: subprocess.Popen[str], timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            err = server.stderr.read() if server.stderr else ""
            raise SystemExit(f"the server stopped: {err.strip()}")
        try:
            return dict(httpx.get(f"{base}/health", timeout=2).json())
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer /health within {timeout:g} s")


def stop_server(server: subprocess.Popen[str]) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def write_ingest_csv(corpus: Path, skip: int, n: int, folder: Path) -> Path:
    """Articles ``skip .. skip + n`` of the corpus as a CSV in ``folder`` (a temp folder)."""
    import csv

    csv.field_size_limit(2**31 - 1)
    path = folder / "ingest.csv"
    with corpus.open(encoding="utf-8", newline="") as src, path.open("w", newline="") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=["id", "date", "text", "source"])
        writer.writeheader()
        for i, row in enumerate(reader):
            if skip <= i < skip + n:
                writer.writerow(
                    {"id": f"guardian-{row.get('') or i}", "date": row.get("date"),
                     "text": row["text"], "source": row.get("source")}
                )  # fmt: skip
    return path


def start_ingest(csv_path: Path, db: Path) -> tuple[subprocess.Popen[str], float]:
    """``realpolitik ingest`` on the store the server holds: it posts to the server."""
    command = [
        sys.executable, "-m", "realpolitik.cli", "ingest", str(csv_path), "--db", str(db),
        "--text-col", "text", "--date-col", "date", "--source-col", "source", "--id-col", "id",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    return process, time.monotonic()


def finish_ingest(
    ingest: tuple[subprocess.Popen[str], float], load_started: float, base: str
) -> dict[str, Any]:
    process, started = ingest
    running_at_load_end = process.poll() is None
    _, err = process.communicate(timeout=1800)
    lines = [line for line in err.strip().splitlines() if line.strip()]
    return {
        "exit_code": process.returncode,
        "wall_s": round(time.monotonic() - started, 1),
        "still_running_when_the_load_ended": running_at_load_end,
        "summary": lines[-1] if lines else "",
        "documents_after": httpx.get(f"{base}/health", timeout=30).json().get("documents"),
    }


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--docs", type=int, default=200, help="articles to ingest (200)")
    parser.add_argument("--synthetic", type=int, metavar="N", help="N synthetic events instead")
    parser.add_argument("--db", type=Path, help="keep the store here (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="reuse the store at --db if present")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (30)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--warmup", type=float, default=0.0, help="seconds of load first, not counted (0)"
    )
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument(
        "--ingest", type=int, default=0, metavar="N", help="ingest N more articles meanwhile"
    )
    parser.add_argument(
        "--preload", action="store_true", help="serve --preload: the pipeline loads at start"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="realpolitik-load-") as scratch:
        db = args.db or Path(scratch) / "load.duckdb"
        report: dict[str, Any] = {"machine_cores": os.cpu_count()}
        if args.keep and db.exists():
            report["store"] = {"reused": str(db)}
        elif args.synthetic:
            report["store"] = build_synthetic_store(db, args.synthetic)
        else:
            if not args.corpus.is_file():
                print(
                    f"the corpus {args.corpus} is absent: give --corpus, or --synthetic N "
                    "for a synthetic store",
                    file=sys.stderr,
                )
                return 1
            if db.exists():
                db.unlink()
            report["store"] = build_guardian_store(db, args.corpus, args.docs)
        mix = read_mix(db)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(db, port, ["--preload"] if args.preload else None)
        report["server_options"] = ["--preload"] if args.preload else []
        try:
            report["store"] |= wait_ready(base, server)
            if args.warmup > 0:  # the same clients, other draws: fills the server's cache
                asyncio.run(load(base, mix, args.clients, args.warmup, args.seed + 1000))
                report["warmup_s"] = args.warmup
            report["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
            cpu_before = _cpu_seconds(server.pid)
            ingest = None
            if args.ingest:
                csv_path = write_ingest_csv(args.corpus, args.docs, args.ingest, Path(scratch))
                ingest = start_ingest(csv_path, db)
            started = time.monotonic()
            tally = asyncio.run(load(base, mix, args.clients, args.duration, args.seed))
            wall = time.monotonic() - started
            cpu_after = _cpu_seconds(server.pid)
            if ingest is not None:
                report["ingest"] = finish_ingest(ingest, started, base)
        finally:
            stop_server(server)
        report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        report["clients"] = args.clients
        report["duration_s"] = round(wall, 1)
        if cpu_before is not None and cpu_after is not None:
            report["server_cpu_s"] = round(cpu_after - cpu_before, 1)
        report["results"] = summarise(tally, wall)
        report["error_examples"] = tally.examples
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 1 if report["results"]["all"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
