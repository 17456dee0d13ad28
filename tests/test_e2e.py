"""The dashboard in a real browser: Debian's chromium, driven by Playwright, against the real
``realpolitik serve`` on a store holding one article (tests/fixtures/moscow_summit.txt).

Screenshots go under each test's tmp_path and to /tmp/e2e_shots/ for a person to look at.
The browser is never downloaded: the module is skipped when /usr/bin/chromium or the built
dashboard assets (``python -m realpolitik.server.assets``) are absent; CI installs both.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from realpolitik.server.assets import BUILD_COMMAND, missing_assets

from .serving import call, served

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
# Without these, chromium reaches for the network (closed here) and stalls.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path("/tmp/e2e_shots")
VIEWPORT: ViewportSize = {"width": 1400, "height": 1000}
WAIT_MS = 20_000
# Drives chromium against a running `realpolitik serve`: `browser` (and `slow`).
pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent (Debian: apt-get install chromium)", allow_module_level=True)
if missing_assets():
    pytest.skip(
        f"dashboard assets not built ({', '.join(missing_assets())}): run `{BUILD_COMMAND}`",
        allow_module_level=True,
    )

SUKHOI = (
    "Russia will sell Sukhoi fighter jets and air defence systems to Venezuela, "
    "officials in Caracas said."
)


def read_article(path: Path) -> dict[str, str]:
    """A fixture article as POST /ingest takes it: its Title: and Date: lines, then the text."""
    head, _, text = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines())
    return {"title": fields["Title"], "date": fields["Date"], "text": text.strip()}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``realpolitik serve`` on a fresh store, with the Moscow summit article ingested."""
    with served(tmp_path_factory.mktemp("e2e")) as base:
        stored = call(f"{base}/ingest", read_article(FIXTURES / "moscow_summit.txt"))
        assert stored["events"] > 0
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.set_default_timeout(WAIT_MS)
    yield opened
    context.close()
    assert not errors, f"errors in the page's scripts: {errors}"


def shoot(page: Page, tmp_path: Path, name: str) -> Path:
    """A full-page screenshot under tmp_path, copied to /tmp/e2e_shots/."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, SHOTS / path.name)
    return path


def open_dashboard(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")


def area_colour(page: Page, code: str) -> str | None:
    """The colour the map's chart gives a country (read from ECharts, not from pixels)."""
    return page.evaluate(
        """(code) => {
            const chart = echarts.getInstanceByDom(document.getElementById("map"));
            const item = chart.getOption().series[0].data.find((d) => d.name === code);
            return item && item.itemStyle ? item.itemStyle.areaColor : null;
        }""",
        code,
    )


def test_the_dashboard_loads_with_its_counts(server: str, page: Page, tmp_path: Path) -> None:
    open_dashboard(page, f"{server}/")
    assert page.inner_text("#health").startswith("1 document · ")
    assert page.locator("#assets-missing").is_hidden()
    assert page.locator("#error").is_hidden()
    assert page.locator("#events tbody tr[data-event-id]").count() > 0
    shoot(page, tmp_path, "01-dashboard")


def test_choosing_venezuela_colours_russia_cooperative(
    server: str, page: Page, tmp_path: Path
) -> None:
    open_dashboard(page, f"{server}/#USA")  # start elsewhere, then choose Venezuela
    page.wait_for_selector('#map[data-state="USA"]')
    page.select_option("#state", "VEN")
    page.wait_for_selector('#map[data-state="VEN"]')
    colours = page.evaluate("() => window.realpolitik.COLOURS")
    assert area_colour(page, "RUS") == colours["cooperative"]
    assert area_colour(page, "USA") == colours["conflictual"]
    assert area_colour(page, "VEN") == colours["chosen"]
    assert page.inner_text("#state-name") == "Venezuela"
    page.wait_for_selector('#timeline[data-dyad="VEN-RUS"]')
    shoot(page, tmp_path, "02-venezuela")


def test_an_event_opens_its_evidence_in_the_article(
    server: str, page: Page, tmp_path: Path
) -> None:
    open_dashboard(page, f"{server}/#VEN")
    page.fill("#event-filters input[name=q]", "Sukhoi")
    page.click("#event-filters button[type=submit]")
    page.wait_for_function(
        "() => document.querySelectorAll('#events tbody tr[data-event-id]').length === 1"
    )
    page.click("#events tbody tr[data-event-id]")
    highlight = page.locator("#evidence-text mark.highlight")
    highlight.wait_for()
    assert highlight.inner_text() == SUKHOI
    assert highlight.locator("mark.trigger").inner_text() == "sell"
    article = page.inner_text("#evidence-text")
    assert "Kalashnikov rifles" in article and "naval exercises" in article
    assert "Chavez and Medvedev" in page.inner_text("#evidence-title")
    shoot(page, tmp_path, "03-evidence")


def test_a_pasted_article_shows_events_modality_and_places(
    server: str, page: Page, tmp_path: Path
) -> None:
    open_dashboard(page, f"{server}/")
    text = (FIXTURES / "bogota_border.txt").read_text(encoding="utf-8").strip()
    page.fill("#extract-form textarea[name=text]", text)
    page.fill("#extract-form input[name=date]", "2008-03-03")
    page.click("#extract-form button[type=submit]")
    page.wait_for_selector("#extract-events tbody tr[data-event-id]")
    modalities = page.locator("#extract-events .modality").all_inner_texts()
    assert "factual" in modalities and "speculative" in modalities
    places = page.inner_text("#extract-places")
    assert "Bogotá" in places and "Cúcuta" in places
    assert page.locator("#extract-text mark.place").count() >= 3
    assert page.locator("#extract-text mark.date").count() >= 1
    shoot(page, tmp_path, "04-extract")


def test_missing_assets_are_named_and_the_rest_works(
    server: str, page: Page, tmp_path: Path
) -> None:
    page.route("**/static/vendor/**", lambda route: route.fulfill(status=404, body="missing"))
    open_dashboard(page, f"{server}/")
    banner = page.locator("#assets-missing")
    assert banner.is_visible()
    assert BUILD_COMMAND in banner.inner_text()
    assert page.locator("#events tbody tr[data-event-id]").count() > 0
    shoot(page, tmp_path, "05-assets-missing")
