"""Throughput and memory of realpolitik against the bare spaCy parse, and a 10,000-document ingest.

From the repository root, with ``../shared/`` beside it::

    python benchmarks/throughput.py                      # (a) to (d) on the Guardian sample
    python benchmarks/throughput.py --limit 40 --skip-ray --json out.json
    python benchmarks/throughput.py --ingest-10k /tmp/bench.duckdb

Each engine runs in a fresh Python process, so that its timings and peak memory are its
own: (a) bare spaCy ``nlp.pipe`` over the texts (the floor); (b) realpolitik in one
process; (c) realpolitik in two processes (``run_parallel``); (d) realpolitik on a local
Ray with two CPUs (``run_ray``). Peak RSS is the kernel's high-water mark (``VmHWM``) of
each process that codes documents, read while it runs; words are whitespace-separated.

The corpus (``../shared/corpora/guardian_2019_sample.csv``, columns date, text, source) is
not part of the repository; without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from realpolitik.config import Settings
from realpolitik.model import Document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "guardian_2019_sample.csv"
ENGINES = {
    "bare": "(a) bare spaCy nlp.pipe",
    "one": "(b) realpolitik, 1 process",
    "local2": "(c) realpolitik, 2 processes",
    "ray2": "(d) realpolitik, Ray, 2 CPUs",
}
TARGETS = {"one_over_bare_max": 1.3, "speedup_2_min": 1.7, "peak_rss_mb_max": 1536}
INGEST_DOCS = 10_000
WORKERS = 2


# ---------------------------------------------------------------------- corpus


def read_corpus(path: Path, limit: int | None = None) -> list[Document]:
    """The Guardian sample as documents, in file order."""
    csv.field_size_limit(2**31 - 1)
    documents: list[Document] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            if limit is not None and i >= limit:
                break
            day = row.get("date") or ""
            documents.append(
                Document(
                    doc_id=f"guardian-{row.get('') or i}",
                    text=row["text"],
                    date=date.fromisoformat(day) if day else None,
                    source=row.get("source") or None,
                )
            )
    return documents


def words(documents: Iterable[Document]) -> int:
    return sum(len(d.text.split()) for d in documents)


def variants(corpus: list[Document], total: int) -> Iterator[Document]:
    """``total`` distinct documents: the corpus, then numbered copies with one more sentence."""
    for k in range(total):
        base = corpus[k % len(corpus)]
        copy = k // len(corpus)
        if copy == 0:
            yield base
        else:
            text = f"{base.text}\n\nThis is copy {copy} of the report."
            yield replace(base, doc_id=f"{base.doc_id}-copy{copy}", text=text)


# ---------------------------------------------------------------------- memory


class ProcessMonitor:
    """Peak RSS and CPU time of every process below this one, sampled in a thread.

    The kernel keeps each process's high-water mark (``VmHWM``); sampling it often enough
    to see every process before it ends gives each one's true peak. CPU time is the last
    sample's, so a process may lose up to one interval of it.
    """

    def __init__(self, interval: float = 0.2) -> None:
        import psutil

        self._me = psutil.Process()
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.seen: dict[int, tuple[str, int, float]] = {}  # pid -> (label, peak bytes, cpu s)

    def __enter__(self) -> ProcessMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def _sample(self) -> None:
        import psutil

        for proc in self._me.children(recursive=True):
            try:
                label = _label(proc)
                peak = _high_water_mark(proc.pid) or proc.memory_info().rss
                times = proc.cpu_times()
            except (psutil.Error, OSError):
                continue
            old_peak = self.seen.get(proc.pid, (label, 0, 0.0))[1]
            self.seen[proc.pid] = (label, max(old_peak, peak), times.user + times.system)

    def peaks_mb(self, label: str) -> list[float]:
        return sorted((_mb(p) for lab, p, _ in self.seen.values() if lab == label), reverse=True)

    def cpu_s(self, label: str) -> float:
        return round(sum(cpu for lab, _, cpu in self.seen.values() if lab == label), 2)


def _label(proc: Any) -> str:
    """What a process below the benchmark is: a coding worker, or a helper."""
    line = " ".join(proc.cmdline())
    if "MapWorker" in line:
        return "ray_actor"
    if "ray" in line or "gcs_server" in line:
        return "ray_other"
    if "resource_tracker" in line:
        return "mp_helper"
    if "forkserver" in line:
        # The forkserver's own children, forked from it, are the workers.
        parent = proc.parent()
        forked = parent is not None and "forkserver" in " ".join(parent.cmdline())
        return "worker" if forked else "mp_helper"
    return "worker"


def _high_water_mark(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _own_peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _mb(n_bytes: float) -> float:
    return round(n_bytes / 2**20, 1)


# ---------------------------------------------------------------------- one engine


def default_batches() -> dict[str, int]:
    """Each engine's batch size when none is asked for."""
    from realpolitik.scale.local import DEFAULT_BATCH_SIZE as local
    from realpolitik.scale.ray_engine import DEFAULT_BATCH_SIZE as ray

    return {"local": local, "ray": ray}


def measure(engine: str, documents: list[Document], batch_size: int | None) -> dict[str, Any]:
    """Run one engine over ``documents`` in this process; timings, counts, CPU and peak RSS.

    ``wall_s`` runs from the call to the last result and includes starting and loading
    workers for (c) and (d); for (a) and (b) the model is loaded first (``load_s``).
    """
    settings = Settings()
    figures: dict[str, Any] = {"engine": engine, "label": ENGINES[engine]}
    figures["load_average_before"] = round(os.getloadavg()[0], 2)
    with ProcessMonitor() as monitor:
        figures.update(RUNNERS[engine](documents, settings, batch_size))
    figures["load_average_after"] = round(os.getloadavg()[0], 2)
    if engine in ("bare", "one"):
        figures["worker_peak_rss_mb"] = [_mb(_own_peak())]
    else:
        workers = "ray_actor" if engine == "ray2" else "worker"
        helpers = "ray_other" if engine == "ray2" else "mp_helper"
        figures["worker_peak_rss_mb"] = monitor.peaks_mb(workers)
        figures["worker_cpu_s"] = monitor.cpu_s(workers)
        figures["driver_peak_rss_mb"] = _mb(_own_peak())
        figures["driver_cpu_s"] = round(_own_cpu(), 2)
        figures["helper_peak_rss_mb"] = monitor.peaks_mb(helpers)
    n_words = words(documents)
    wall = figures["wall_s"]
    figures.update(
        articles=len(documents),
        words=n_words,
        articles_per_s=round(len(documents) / wall, 2),
        words_per_s=round(n_words / wall),
    )
    return figures


def _timed(items: Callable[[], Iterable[int]]) -> dict[str, float]:
    """Consume ``items()``: wall and CPU time of this process, time to the first, their sum."""
    start, cpu = time.perf_counter(), _own_cpu()
    first = None
    total = 0
    for n in items():
        if first is None:
            first = time.perf_counter() - start
        total += n
    return {
        "wall_s": round(time.perf_counter() - start, 2),
        "cpu_s": round(_own_cpu() - cpu, 2),
        "first_result_s": round(first or 0.0, 2),
        "total": total,
    }


def _bare(documents: list[Document], settings: Settings, batch: int | None) -> dict[str, Any]:
    start = time.perf_counter()
    nlp = importlib.import_module(settings.spacy_model).load()  # without realpolitik's parts
    load = time.perf_counter() - start
    texts = [d.text for d in documents]
    # The batch size realpolitik gives nlp.pipe, so that only realpolitik's work differs.
    timed = _timed(lambda: (len(doc) for doc in nlp.pipe(texts, batch_size=settings.batch_size)))
    return {"load_s": round(load, 2), **timed, "tokens": timed.pop("total")}


def _one_process(
    documents: list[Document], settings: Settings, batch: int | None
) -> dict[str, Any]:
    from realpolitik.pipeline import Pipeline
    from realpolitik.scale import run_parallel

    start = time.perf_counter()
    Pipeline.load(settings)  # cached: run_parallel's own load is then free
    load = time.perf_counter() - start
    timed = _timed(lambda: (len(r.events) for r in run_parallel(documents, settings, workers=1)))
    return {"load_s": round(load, 2), **timed, "events": timed.pop("total")}


def _two_processes(
    documents: list[Document], settings: Settings, batch: int | None
) -> dict[str, Any]:
    from realpolitik.scale import LocalPool

    with LocalPool(settings, WORKERS, batch) as pool:
        start = time.perf_counter()
        pool.start()  # both workers started, their models loaded, as (b)'s before its clock
        load = time.perf_counter() - start

        def events() -> Iterator[int]:
            for result in pool.run(documents):
                yield len(result.events)

        timed = _timed(events)
    timed.pop("cpu_s")  # the driver's: reported as driver_cpu_s
    return {"load_s": round(load, 2), **timed, "events": timed.pop("total")}


def _ray(documents: list[Document], settings: Settings, batch: int | None) -> dict[str, Any]:
    from realpolitik.scale import ray_session, run_ray

    start = time.perf_counter()
    with ray_session(num_cpus=WORKERS), tempfile.TemporaryDirectory() as tmp:
        init = time.perf_counter() - start
        parquet = Path(tmp) / "parquet"

        def events() -> Iterator[int]:
            for result in run_ray(
                documents,
                settings,
                num_cpus=WORKERS,
                parquet_dir=parquet,
                batch_size=batch,
            ):
                yield len(result.events)

        timed = _timed(events)
    timed.pop("cpu_s")
    return {"ray_init_s": round(init, 2), **timed, "events": timed.pop("total")}


RUNNERS: dict[str, Callable[[list[Document], Settings, int], dict[str, Any]]] = {
    "bare": _bare,
    "one": _one_process,
    "local2": _two_processes,
    "ray2": _ray,
}


# ---------------------------------------------------------------------- all engines


def compare(args: argparse.Namespace) -> dict[str, Any]:
    """Each engine ``--repeat`` times, interleaved, each run in a fresh process; best wall kept."""
    engines = [e for e in ENGINES if not (args.skip_ray and e == "ray2")]
    runs: dict[str, dict[str, Any]] = {}
    walls: dict[str, list[float]] = {e: [] for e in engines}
    for round_ in range(args.repeat):
        for engine in engines:
            print(f"round {round_ + 1}: {ENGINES[engine]} ...", file=sys.stderr, flush=True)
            figures = _in_fresh_process(engine, args)
            walls[engine].append(figures["wall_s"])
            if engine not in runs or figures["wall_s"] < runs[engine]["wall_s"]:
                runs[engine] = figures
    for engine, figures in runs.items():
        figures["wall_s_all_runs"] = walls[engine]
    bare, one, two = runs["bare"], runs["one"], runs["local2"]
    one_end_to_end = one["load_s"] + one["wall_s"]
    ratios = {
        # The pipeline's own cost over the parse, both with the model loaded.
        "one_over_bare": round(one["wall_s"] / bare["wall_s"], 2),
        "one_over_bare_cpu": round(one["cpu_s"] / bare["cpu_s"], 2),
        # Models loaded in every process before the clock starts.
        "speedup_2_over_1": round(one["wall_s"] / two["wall_s"], 2),
        # From the call to the last result: starting the processes, loading their models.
        "speedup_2_over_1_end_to_end": round(one_end_to_end / (two["load_s"] + two["wall_s"]), 2),
    }
    if "ray2" in runs:
        ratios["speedup_ray_over_1"] = round(one_end_to_end / runs["ray2"]["wall_s"], 2)
    if args.repeat > 1:
        # The machine's speed drifts by 10-20 % over minutes: the medians, beside the bests.
        median = {e: statistics.median(w) for e, w in walls.items()}
        ratios["one_over_bare_median"] = round(median["one"] / median["bare"], 2)
        ratios["speedup_2_over_1_median"] = round(median["one"] / median["local2"], 2)
    counts = {figures["events"] for e, figures in runs.items() if e != "bare"}
    return {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "corpus": str(args.corpus),
        "limit": args.limit,
        "batch_size": args.batch_size or default_batches(),
        "repeat": args.repeat,
        "engines": runs,
        "ratios": ratios,
        "same_event_counts": len(counts) == 1,
        "targets": TARGETS,
    }


def _in_fresh_process(engine: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", engine, "--corpus", str(args.corpus)]
    if args.batch_size is not None:
        command += ["--batch-size", str(args.batch_size)]
    if args.limit is not None:
        command += ["--limit", str(args.limit)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{ENGINES[engine]} failed (exit {done.returncode})")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def print_report(report: dict[str, Any]) -> None:
    print(
        f"{'engine':30} {'articles/s':>10} {'words/s':>8} {'wall s':>7} {'CPU s':>7} "
        f"{'load avg':>9}  peak RSS MB per worker"
    )
    for figures in report["engines"].values():
        cpu = figures.get("cpu_s", figures.get("worker_cpu_s", 0.0))
        load = f"{figures['load_average_before']:.1f}-{figures['load_average_after']:.1f}"
        rss = ", ".join(f"{v:.0f}" for v in figures["worker_peak_rss_mb"])
        print(
            f"{figures['label']:30} {figures['articles_per_s']:>10.2f} "
            f"{figures['words_per_s']:>8,} {figures['wall_s']:>7.1f} {cpu:>7.1f} {load:>9}  {rss}"
        )
    print()
    for name, value in report["ratios"].items():
        print(f"{name:32} {value}")
    ratios, targets = report["ratios"], report["targets"]
    peak = max(max(f["worker_peak_rss_mb"]) for f in report["engines"].values())
    print()
    limit = targets["one_over_bare_max"]
    print(f"(b)/(a) <= {limit}: {_ok(ratios['one_over_bare'] <= limit)}")
    least = targets["speedup_2_min"]
    print(f"(c) >= {least} x (b): {_ok(ratios['speedup_2_over_1'] >= least)}")
    print(f"peak RSS <= {targets['peak_rss_mb_max']} MB: {_ok(peak <= targets['peak_rss_mb_max'])}")
    print(f"same number of events from (b), (c), (d): {report['same_event_counts']}")


def _ok(passed: bool) -> str:
    return "met" if passed else "NOT met"


# ---------------------------------------------------------------------- ingest


def ingest(args: argparse.Namespace) -> dict[str, Any]:
    """``--documents`` distinct documents through the engine into a fresh store."""
    from realpolitik.scale import ray_session, run_parallel, run_ray
    from realpolitik.store.duckdb_store import WRITE_BATCH, EventStore

    db = Path(args.ingest_10k)
    if db.exists():
        raise SystemExit(f"{db} exists; the ingest benchmark needs a fresh store path")
    settings = Settings()
    documents = variants(read_corpus(args.corpus, args.limit), args.documents)
    n_words = events = 0
    write_s = 0.0
    steps: list[dict[str, float]] = []
    load_before = os.getloadavg()[0]
    with ProcessMonitor() as monitor, ExitStack() as stack:
        start = time.perf_counter()
        store = stack.enter_context(EventStore.open(db))
        if args.engine == "ray":
            stack.enter_context(ray_session(num_cpus=WORKERS))
            parquet = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "parquet"
            results = run_ray(
                documents,
                settings,
                num_cpus=WORKERS,
                parquet_dir=parquet,
                batch_size=args.batch_size,
            )
        else:
            results = run_parallel(documents, settings, workers=WORKERS, batch_size=args.batch_size)
        batch: list[Any] = []
        done = 0
        for result in results:  # batches as `realpolitik ingest` writes them
            batch.append(result)
            if len(batch) < WRITE_BATCH:
                continue
            before = time.perf_counter()
            events += sum(s.events_added for s in store.write_many(batch))
            write_s += time.perf_counter() - before
            n_words += sum(len(r.document.text.split()) for r in batch)
            done, batch = done + len(batch), []
            if done % 1024 == 0:  # does writing slow down as the store grows?
                steps.append(
                    {
                        "documents": done,
                        "wall_s": round(time.perf_counter() - start, 1),
                        "store_write_s": round(write_s, 1),
                    }
                )
                print(json.dumps(steps[-1]), file=sys.stderr, flush=True)
        if batch:
            before = time.perf_counter()
            events += sum(s.events_added for s in store.write_many(batch))
            write_s += time.perf_counter() - before
            n_words += sum(len(r.document.text.split()) for r in batch)
        stored = {t: store.count(t) for t in ("documents", "actors", "events")}
        store.close()
        wall = time.perf_counter() - start
    size = db.stat().st_size
    label = "ray_actor" if args.engine == "ray" else "worker"
    batch = args.batch_size or default_batches()[args.engine]
    return {
        "engine": f"{args.engine}, {WORKERS} workers, batch size {batch}",
        "documents": args.documents,
        "words": n_words,
        "wall_s": round(wall, 1),
        "store_write_s": round(write_s, 1),
        "documents_per_s": round(args.documents / wall, 2),
        "words_per_s": round(n_words / wall),
        "events_added": events,
        "every_1024": steps,
        "stored_rows": stored,
        "store_bytes": size,
        "store_mb": _mb(size),
        "worker_peak_rss_mb": monitor.peaks_mb(label),
        "worker_cpu_s": monitor.cpu_s(label),
        "driver_peak_rss_mb": _mb(_own_peak()),
        "driver_cpu_s": round(_own_cpu(), 1),
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
    }


# ---------------------------------------------------------------------- command line


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--skip-ray", action="store_true", help="leave out (d), Ray")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--batch-size",
        type=int,
        help="documents per batch (default: the engine's own, 4 local and 32 on Ray)",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each engine; the fastest is kept"
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=argparse.SUPPRESS)
    parser.add_argument(
        "--ingest-10k",
        metavar="DB",
        help="ingest 10,000 distinct documents into a fresh store at DB instead",
    )
    parser.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="engine for --ingest-10k (default: local, the fastest measured)",
    )
    parser.add_argument("--documents", type=int, default=INGEST_DOCS, help=argparse.SUPPRESS)
    parser.add_argument("--measure", choices=tuple(ENGINES), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.is_file():
        print(f"corpus {args.corpus} is absent; nothing to measure.")
        return 0
    if importlib.util.find_spec("psutil") is None:
        print("the benchmark reads each process's memory with psutil: pip install psutil")
        return 2
    if args.measure:  # one engine, in the fresh process compare() started
        figures = measure(args.measure, read_corpus(args.corpus, args.limit), args.batch_size)
        print(json.dumps(figures))
        return 0
    if args.ingest_10k:
        report = ingest(args)
        print(json.dumps(report, indent=2))
    else:
        report = compare(args)
        print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
