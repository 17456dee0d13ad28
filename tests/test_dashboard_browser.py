"""The analyst's workbench in a real browser (Debian's chromium, driven by Playwright): the
date range, transfers, downloads, names beside codes, evidence beside the table, the paste
box, blocs as text, a phone's screen and the keyboard.

The real ``realpolitik serve`` runs on a fresh store holding the invented articles of
``test_dashboard_api.py``. Skipped where chromium or the built assets are missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent (Debian: apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright  # noqa: E402

from realpolitik.server.assets import BUILD_COMMAND, missing_assets  # noqa: E402

from .serving import call, served  # noqa: E402
from .test_dashboard_api import ARTICLES  # noqa: E402
from .test_e2e import CHROMIUM_ARGS  # noqa: E402

if missing_assets():
    pytest.skip(
        f"dashboard assets not built ({', '.join(missing_assets())}): run `{BUILD_COMMAND}`",
        allow_module_level=True,
    )

DESKTOP: ViewportSize = {"width": 1440, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
WAIT_MS = 20_000
SHOTS = Path("/tmp/e2e_shots")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(tmp_path_factory.mktemp("workbench-browser")) as base:
        for day, title, outlet, text in ARTICLES:
            body = {"text": text, "date": day, "title": title, "source": outlet}
            assert call(f"{base}/ingest", body)["events"] > 0
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _page(browser: Browser, viewport: ViewportSize) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.set_default_timeout(WAIT_MS)
    yield opened
    context.close()
    assert not errors, f"errors in the page: {errors}"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, DESKTOP)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, PHONE)


def open_dashboard(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"workbench-{name}.png"), full_page=True)


def no_overflow(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] if page.viewport_size else True, width


def test_the_article_is_asked_for_beside_its_event(page: Page, server: str) -> None:
    """The evidence asks for the event and its article at once (the row names the
    article), not one after the other."""
    open_dashboard(page, f"{server}/#RUS")
    page.wait_for_selector("#events tbody tr[data-event-id]")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url.split("/")[3]))
    page.on("response", lambda r: asked.append("answer " + r.url.split("/")[3]))
    page.click("#events tbody tr[data-event-id]")
    page.locator("#evidence-text mark.highlight").wait_for()
    assert asked[:2] in (["documents", "events"], ["events", "documents"]), asked


def test_a_state_its_names_transfers_blocs_and_evidence(page: Page, server: str) -> None:
    open_dashboard(page, f"{server}/#RUS")
    page.wait_for_selector('#map[data-state="RUS"]')
    assert page.inner_text("#state-name") == "Russia"
    # Transfers of the chosen state, with their evidence sentence.
    page.wait_for_selector("#transfers tbody tr[data-transfer-id]")
    row = page.inner_text("#transfers tbody tr[data-transfer-id]")
    assert "Russia (RUS) → Venezuela (VEN)" in row and "Sukhoi" in row and "delivered" in row
    # Blocs as text, with how they are made.
    assert "signed modularity" in page.inner_text("#blocs-explained")
    # Names beside codes, never a bare "?".
    table = page.inner_text("#events tbody")
    assert "?" not in table.split()
    assert "Russia" in table
    # Evidence beside the table, titled with the article, its outlet and its date.
    page.click("#events tbody tr[data-event-id]")
    page.locator("#evidence-text mark.highlight").wait_for()
    title = page.inner_text("#evidence-title")
    assert any(t in title for _, t, _, _ in ARTICLES)
    assert "The Daily Invention" in title or "Weekly Fiction" in title
    table_box = page.locator("#events").bounding_box()
    evidence_box = page.locator("#evidence-panel").bounding_box()
    assert table_box and evidence_box and evidence_box["x"] > table_box["x"] + 200
    assert abs(evidence_box["y"] - table_box["y"]) < 120  # beside it, not 420 px below
    no_overflow(page)
    shoot(page, "desktop")


def test_period_drives_every_panel_and_bad_input_is_said(page: Page, server: str) -> None:
    open_dashboard(page, f"{server}/#RUS")
    page.wait_for_selector('#map[data-state="RUS"]')
    assert int(page.get_attribute("#coverage", "data-months") or 0) >= 11
    before = page.inner_text("#page-info")
    page.fill("#since", "2019-01-01")
    page.fill("#until", "2018-01-01")
    page.click("#range button[type=submit]")
    error = page.locator("#range-error")
    error.wait_for()
    assert "before it starts" in error.inner_text() and "all time" in error.inner_text()
    assert page.inner_text("#page-info") == before  # nothing silently changed
    page.fill("#since", "2018-04-01")
    page.fill("#until", "2018-12-31")
    page.click("#range button[type=submit]")
    page.wait_for_function("() => document.querySelector('#range-error').hidden")
    assert page.inner_text("#period-label") == "April 2018 – December 2018"
    page.wait_for_function(
        "() => document.querySelector('#transfers tbody').innerText.includes('No arms transfers')"
    )
    page.wait_for_function(
        "() => { const cells = [...document.querySelectorAll('#events tbody td.date-cell')];"
        " return cells.length > 0 && cells.every((c) => c.innerText.includes('2018')); }"
    )
    assert "April 2018" in page.inner_text("#transfers-scope")
    # A click on a month lists that month's events.
    page.evaluate("() => window.realpolitik.chooseMonth('2018-03')")
    page.wait_for_selector("#month-filter:not([hidden])")
    assert "March 2018" in page.inner_text("#month-filter")


def test_assault_in_syria_in_2018_exported_as_csv(page: Page, server: str, tmp_path: Path) -> None:
    open_dashboard(page, f"{server}/")
    page.fill("#event-filters input[name=actor]", "Syria")
    page.select_option("#event-filters select[name=type]", "ASSAULT")
    page.fill("#since", "2018-01-01")
    page.fill("#until", "2018-12-31")
    page.click("#range button[type=submit]")
    page.click("#event-filters button[type=submit]")
    # the table is refilled once the filter's answer is in: every row an assault
    page.wait_for_function(
        "() => { const rows = [...document.querySelectorAll('#events tbody tr[data-event-id]')];"
        " return rows.length > 0 && rows.every((r) => r.innerText.includes('ASSAULT')); }"
    )
    shown = page.locator("#events tbody tr[data-event-id]").count()
    with page.expect_download() as info:
        page.click("button[data-export=events][data-format=csv]")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert info.value.suggested_filename.startswith("events-SYR-ASSAULT")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("event_id,")
    assert len(lines) - 1 == shown


def test_pasted_article_links_events_to_sentences(page: Page, server: str) -> None:
    open_dashboard(page, f"{server}/")
    text = (
        "The United States agreed to sell 40 F-16 fighter aircraft to Turkey. "
        "Turkey and Russia signed an agreement on gas in Ankara. Ankara welcomed the deal."
    )
    page.fill("#extract-form textarea[name=text]", text)
    page.fill("#extract-form input[name=date]", "2018-05-02")
    page.click("#extract-form button[type=submit]")
    page.wait_for_selector("#extract-transfers tbody tr")
    assert "F-16" in page.inner_text("#extract-transfers tbody")
    rows = page.locator("#extract-events tbody tr[data-event-id]")
    rows.last.click()
    mark = page.locator("#extract-text mark.highlight")
    mark.wait_for()
    assert mark.inner_text() in text
    assert page.input_value("#extract-form input[name=date]") == "2018-05-02"
    places = page.locator("#extract-places li").all_inner_texts()
    assert len([p for p in places if p.startswith("Ankara")]) == 1  # repeats merged


def test_phone_cards_keyboard_and_no_overflow(phone: Page, server: str) -> None:
    open_dashboard(phone, f"{server}/#RUS")
    phone.wait_for_selector("#events tbody tr[data-event-id]")
    no_overflow(phone)
    assert phone.locator("#events thead").is_hidden()  # rows are cards
    row = phone.locator("#events tbody tr[data-event-id]").first
    assert row.get_attribute("tabindex") == "0"
    row.focus()
    phone.keyboard.press("Enter")
    phone.locator("#evidence-text mark.highlight").wait_for()
    for chart in ("#map", "#timeline", "#network", "#coverage"):
        assert phone.get_attribute(chart, "aria-label")
    no_overflow(phone)
    shoot(phone, "phone")


def test_address_and_back_button(page: Page, server: str) -> None:
    open_dashboard(page, f"{server}/#XYZ")
    assert "not a state" in page.inner_text("#error")
    page.evaluate("() => { location.hash = '#TUR'; }")
    page.wait_for_selector('#map[data-state="TUR"]')
    page.select_option("#state", "USA")
    page.wait_for_selector('#map[data-state="USA"]')
    page.go_back()
    page.wait_for_selector('#map[data-state="TUR"]')
