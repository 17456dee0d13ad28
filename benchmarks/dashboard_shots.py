"""Screenshots and timings of the dashboard on the Guardian store (issue 15).

    python benchmarks/dashboard_shots.py                     # build /tmp store, serve, shoot
    python benchmarks/dashboard_shots.py --db g.duckdb       # an existing store (or build it)
    python benchmarks/dashboard_shots.py --no-shots          # timings only

The store holds the 249 articles of ``../shared/corpora/guardian_2019_sample.csv`` and the
founding article ``../shared/seeds/000_baa6216354e05cda.txt``, coded by the pipeline; they
are read from ``shared/`` and never copied into the repository (the script stops with a
message when they are absent). It serves the store with ``realpolitik serve`` on 127.0.0.1,
drives Debian's chromium (``/usr/bin/chromium``) with Playwright at 1440×900 and 390×844, and
records the first load (navigation to the page being ready) and the time of each view (the
action to the panel being drawn). Screenshots go to ``docs/img/`` (PNG, palette-reduced with
Pillow when it is installed, under 200 KB each); the timings are printed as a Markdown table
and written as JSON (``--json``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "guardian_2019_sample.csv"
SEED = SHARED / "seeds" / "000_baa6216354e05cda.txt"
IMG = ROOT / "docs" / "img"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
SIZES: dict[str, dict[str, int]] = {
    "desktop": {"width": 1440, "height": 900},
    "phone": {"width": 390, "height": 844},
}
MAX_PNG_BYTES = 200_000
WAIT_MS = 30_000


# --------------------------------------------------------------------------- the store


def build_store(db: Path) -> dict[str, Any]:
    """Code the Guardian sample and the founding article into a new store at ``db``."""
    from realpolitik.ingest.text import make_document
    from realpolitik.model import Document
    from realpolitik.pipeline import Pipeline
    from realpolitik.store.duckdb_store import EventStore

    csv.field_size_limit(2**31 - 1)
    documents: list[Document] = []
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            day = row.get("date") or ""
            documents.append(
                Document(
                    doc_id=f"guardian-{row.get('') or i}",
                    text=row["text"],
                    date=date.fromisoformat(day) if day else None,
                    source=row.get("source") or None,
                )
            )
    documents.append(make_document(SEED.read_text("utf-8"), str(SEED.name)))
    started = time.perf_counter()
    pipeline = Pipeline.load()
    with EventStore.open(db) as store:
        for result in pipeline.run(documents):
            store.write(result)
    return {"documents": len(documents), "build_s": round(time.perf_counter() - started, 1)}


def check_shared() -> None:
    missing = [str(p) for p in (CORPUS, SEED) if not p.is_file()]
    if missing:
        sys.exit(
            f"absent: {', '.join(missing)}. The Guardian sample and the founding article are "
            "read from ../shared/ (never copied into the repository); without them there is no "
            "store to shoot. Give --db with a store built elsewhere."
        )


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


@contextmanager
def serve(db: Path, log: Path) -> Iterator[str]:
    """``realpolitik serve`` on 127.0.0.1 and a free port, until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "realpolitik.cli", "serve", "--db", str(db)]
    command += ["--port", str(port), "--host", "127.0.0.1"]
    env = {k: v for k, v in os.environ.items() if k != "REALPOLITIK_TOKEN"}
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    sys.exit(f"realpolitik serve exited: {log.read_text()}")
                try:
                    _get(f"{base}/health")
                    break
                except (urllib.error.URLError, ConnectionError):
                    if time.monotonic() > deadline:
                        sys.exit("realpolitik serve did not answer within 120 s")
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --------------------------------------------------------------------------- screenshots


def save_png(data: bytes, path: Path) -> int:
    """Write a screenshot as a small PNG (a 128-colour palette, then halved until it is
    under MAX_PNG_BYTES); the number of bytes written."""
    try:
        from PIL import Image
    except ImportError:  # Pillow absent: the screenshot as Chromium made it
        path.write_bytes(data)
        return len(data)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    while True:
        buffer = io.BytesIO()
        image.quantize(colors=128).save(buffer, format="PNG", optimize=True)
        if buffer.tell() < MAX_PNG_BYTES or image.width < 300:
            break
        image = image.resize((image.width * 3 // 4, image.height * 3 // 4), Image.LANCZOS)
    path.write_bytes(buffer.getvalue())
    return buffer.tell()


# --------------------------------------------------------------------------- the views


def timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def drive(page: Any, base: str, size: str, shots: bool, runs: int) -> dict[str, Any]:
    """First load, then each view: the seconds from the action to the panel being drawn."""
    report: dict[str, Any] = {"size": size, "views": {}}
    loads: list[float] = []
    for _ in range(runs):
        loads.append(
            timed(
                lambda: (
                    page.goto(f"{base}/"),
                    page.wait_for_selector("body[data-ready=true]"),
                )
            )
        )
    report["first_load_s"] = round(loads[0], 3)
    report["load_median_s"] = round(statistics.median(loads), 3)
    views: dict[str, list[float]] = {}
    snap: dict[str, bytes] = {}  # taken when the view is drawn

    def view(name: str, action: Callable[[], Any]) -> None:
        views.setdefault(name, []).append(timed(action))

    js = "(args) => window.realpolitik[args[0]](...args.slice(1))"
    for run in range(runs):
        page.evaluate(js, ["setRange", "", ""])
        page.evaluate(js, ["chooseState", "USA"])
        if page.is_checked("#governments"):
            page.uncheck("#governments")
            page.wait_for_selector('#map[data-actors="all"]')
        view(
            "choose a state (Russia): map, dyad, network, events, transfers",
            lambda: page.evaluate(js, ["chooseState", "RUS"]),
        )
        view(
            "choose a partner (Syria): dyad and events",
            lambda: page.evaluate(js, ["choosePartner", "SYR"]),
        )
        if run == 0:
            snap["overview"] = page.screenshot() if shots else b""
        view(
            "governments only: map, dyad, network",
            lambda: (
                page.check("#governments"),
                page.wait_for_selector('#map[data-actors="state"]'),
                page.wait_for_function(
                    "() => document.querySelector('#dyad-name').innerText.includes('governments')"
                ),
            ),
        )
        if run == 0:
            snap["governments"] = page.locator(".map-panel").screenshot() if shots else b""
        page.uncheck("#governments")
        page.wait_for_selector('#map[data-actors="all"]')
        view(
            "period 2019-01-01..2019-06-30: every panel",
            lambda: page.evaluate(js, ["setRange", "2019-01-01", "2019-06-30"]),
        )
        view(
            "a click on a month (2019-03): events",
            lambda: page.evaluate(js, ["chooseMonth", "2019-03"]),
        )
        page.evaluate(js, ["setRange", "", ""])
        view(
            "evidence of an event in its article",
            lambda: (
                page.click("#events tbody tr[data-event-id]"),
                page.locator("#evidence-text mark.highlight").wait_for(),
            ),
        )
        if run == 0:
            snap["evidence"] = page.locator(".table-and-evidence").screenshot() if shots else b""
        page.keyboard.press("Escape")

        def assault() -> None:
            page.fill("#event-filters input[name=actor]", "Syria")
            page.fill("#event-filters input[name=partner]", "")
            page.select_option("#event-filters select[name=type]", "ASSAULT")
            page.click("#event-filters button[type=submit]")
            page.wait_for_function(
                "() => document.querySelector('#page-info').innerText.length > 0"
                " && [...document.querySelectorAll('#events tbody tr[data-event-id]')].length"
            )

        view("filter: ASSAULT with Syria", assault)
        page.select_option("#event-filters select[name=type]", "")
        view(
            "arms transfers of every state",
            lambda: (
                page.check("#transfers-all"),
                page.wait_for_selector("#transfers tbody tr[data-transfer-id]"),
            ),
        )
        if run == 0:
            snap["transfers"] = page.locator("#transfers").screenshot() if shots else b""
        page.uncheck("#transfers-all")
    if SEED.is_file():
        page.fill("#extract-form textarea[name=text]", SEED.read_text("utf-8"))
        view(
            "paste the founding article: extract (NLP, not a store query)",
            lambda: (
                page.click("#extract-form button[type=submit]"),
                page.wait_for_selector("#extract-result:not([hidden])"),
            ),
        )
        snap["paste"] = page.locator("#extract-result").screenshot() if shots else b""
    report["views"] = {
        name: {"first_s": round(t[0], 3), "median_s": round(statistics.median(t), 3)}
        for name, t in views.items()
    }
    if shots:
        IMG.mkdir(parents=True, exist_ok=True)
        report["shots"] = {}
        for name, data in snap.items():
            path = IMG / f"dashboard-{size}-{name}.png"
            report["shots"][path.name] = save_png(data, path)
    return report


# The server's side of each view, asked once (a period no view used: nothing cached).
API_PERIOD = "since=2019-02-01&until=2019-11-30"
API_PATHS: tuple[str, ...] = (
    f"/relations/RUS?{API_PERIOD}",
    f"/relations/RUS?{API_PERIOD}&actors=state",
    f"/dyads/RUS/SYR?by=month&{API_PERIOD}",
    f"/dyads/RUS/SYR?by=month&{API_PERIOD}&actors=state",
    f"/blocs?{API_PERIOD}",
    f"/blocs?{API_PERIOD}&actors=state",
    f"/events?actor=Syria&type=ASSAULT&merged=true&limit=20&{API_PERIOD}",
    f"/transfers?limit=20&{API_PERIOD}",
    "/coverage",
)


def time_api(base: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for path in API_PATHS:
        started = time.perf_counter()
        _get(base + path)
        found[path] = round(time.perf_counter() - started, 3)
    return found


def one_size(browser: Any, base: str, size: str, shots: bool, runs: int) -> dict[str, Any]:
    """:func:`drive` in a fresh browser context of one size, with its console errors."""
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_default_timeout(WAIT_MS)
    try:
        found = drive(page, base, size, shots, runs)
    finally:
        context.close()
    found["console_errors"] = errors
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/realpolitik-shots/guardian.duckdb"))
    parser.add_argument("--rebuild", action="store_true", help="build the store again")
    parser.add_argument("--no-shots", action="store_true", help="timings only")
    parser.add_argument("--runs", type=int, default=3, help="times each view is timed")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is absent (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    report: dict[str, Any] = {"db": str(args.db)}
    if args.rebuild or not args.db.is_file():
        check_shared()
        args.db.parent.mkdir(parents=True, exist_ok=True)
        args.db.unlink(missing_ok=True)
        report["store"] = build_store(args.db)
    with serve(args.db, args.db.with_suffix(".serve.log")) as base:
        report["health"] = _get(f"{base}/health")
        report["sizes"] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for size in SIZES:
                    found = one_size(browser, base, size, not args.no_shots, max(1, args.runs))
                    report["sizes"].append(found)
            finally:
                browser.close()
        report["api_s"] = time_api(base)
    print_table(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def print_table(report: dict[str, Any]) -> None:
    sizes = report["sizes"]
    heads = [f"{s['size']} {SIZES[s['size']]['width']}×{SIZES[s['size']]['height']}" for s in sizes]
    print("| view | " + " | ".join(f"{h}: first / median s" for h in heads) + " |")
    print("|---|" + "---|" * len(sizes))
    row = [f"{s['first_load_s']:.2f} / {s['load_median_s']:.2f}" for s in sizes]
    print("| first load (page ready) | " + " | ".join(row) + " |")
    for name in sizes[0]["views"]:
        cells = [
            f"{s['views'][name]['first_s']:.3f} / {s['views'][name]['median_s']:.3f}"
            if name in s["views"]
            else "–"
            for s in sizes
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    for s in sizes:
        print(f"{s['size']}: console errors {len(s['console_errors'])}; shots {s.get('shots', {})}")
    print(f"store: {report.get('health')}")
    print("\n| API request (uncached) | s |\n|---|---|")
    for path, seconds in report.get("api_s", {}).items():
        print(f"| `{path}` | {seconds:.3f} |")


if __name__ == "__main__":
    sys.exit(main())
