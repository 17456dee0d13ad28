"""The "governments only" switch and the map's layout in a real browser (Debian's chromium,
driven by Playwright), on a store where Syrian rebels fight Turkey and the two governments
cooperate (the articles of ``test_governments_only.py``).

Skipped where chromium or the built assets are missing.
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

from .serving import call, served  # noqa: E402
from .test_dashboard_browser import (  # noqa: E402
    DESKTOP,
    PHONE,
    _page,
    no_overflow,
    open_dashboard,
    shoot,
)
from .test_e2e import CHROMIUM_ARGS  # noqa: E402
from .test_governments_only import REBELS_AND_GOVERNMENTS  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(tmp_path_factory.mktemp("governments-browser")) as base:
        for day, title, text in REBELS_AND_GOVERNMENTS:
            body = {"text": text, "date": day, "title": title, "source": "Invented"}
            assert call(f"{base}/ingest", body)["events"] > 0
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def relation_on_map(page: Page, country: str) -> str:
    """The relation the map colours ``country`` with (its ECharts data)."""
    found = page.evaluate(
        """(country) => {
            const option = window.realpolitik.charts.map.getOption();
            const row = option.series[0].data.find((d) => d.name === country);
            return row ? row.relation : "";
        }""",
        country,
    )
    return str(found)


def test_governments_only_turns_syria_from_red_to_blue(browser: Browser, server: str) -> None:
    for page in _page(browser, DESKTOP):
        open_dashboard(page, f"{server}/#TUR")
        page.wait_for_selector('#map[data-state="TUR"][data-actors="all"]')
        assert relation_on_map(page, "SYR") == "conflictual"
        page.wait_for_selector('#timeline[data-dyad="TUR-SYR"]')
        page.check("#governments")
        page.wait_for_selector('#map[data-state="TUR"][data-actors="state"]')
        assert relation_on_map(page, "SYR") == "cooperative"
        assert "between governments" in page.inner_text("#map-hint")
        page.wait_for_function(
            "() => document.querySelector('#dyad-name').innerText.includes('governments only')"
        )
        index = page.evaluate(
            "() => window.realpolitik.state.series.filter((r) => r.n_events > 0)"
            ".map((r) => r.index)"
        )
        assert index and all(i > 0 for i in index)
        page.uncheck("#governments")
        page.wait_for_selector('#map[data-state="TUR"][data-actors="all"]')
        assert relation_on_map(page, "SYR") == "conflictual"


def test_governments_only_filters_the_event_table_and_its_download(
    browser: Browser, server: str, tmp_path: Path
) -> None:
    for page in _page(browser, DESKTOP):
        open_dashboard(page, f"{server}/#TUR")
        page.wait_for_selector('#events[data-actors="all"] tbody tr[data-event-id]')
        every = page.locator("#events tbody tr[data-event-id]").count()
        assert "ASSAULT" in page.inner_text("#events tbody")  # the rebels' attacks
        page.check("#governments")
        page.wait_for_selector('#events[data-actors="state"] tbody tr[data-event-id]')
        rows = page.locator("#events tbody tr[data-event-id]").count()
        assert 0 < rows < every
        assert "ASSAULT" not in page.inner_text("#events tbody")
        assert "between governments" in page.inner_text("#page-info")
        with page.expect_download() as info:  # the download holds what the table lists
            page.click("button[data-export=events][data-format=csv]")
        assert "governments" in info.value.suggested_filename
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert len(path.read_text(encoding="utf-8").splitlines()) == rows + 1
        page.uncheck("#governments")
        page.wait_for_selector('#events[data-actors="all"]')
        page.wait_for_function(
            f"() => document.querySelectorAll('#events tbody tr[data-event-id]').length === {every}"
        )


def test_each_change_draws_each_chart_once(browser: Browser, server: str) -> None:
    """Issue 15, every view under 0.2 s: no chart transitions (a second of frames after
    each change), and the map is not drawn again at another size when the blocs listed
    beside it change (2 blocs counting every actor, 1 between governments)."""
    for page in _page(browser, DESKTOP):
        open_dashboard(page, f"{server}/#TUR")
        page.wait_for_selector('#map[data-state="TUR"][data-actors="all"]')
        assert page.evaluate(
            "() => Object.values(window.realpolitik.charts)"
            ".every((chart) => chart.getOption().animation === false)"
        )
        page.evaluate(
            """() => {
                window.resized = [];
                for (const [name, chart] of Object.entries(window.realpolitik.charts)) {
                    const resize = chart.resize.bind(chart);
                    chart.resize = (...args) => {
                        window.resized.push(name);
                        return resize(...args);
                    };
                }
            }"""
        )
        height = page.locator("#map").bounding_box()
        blocs = page.locator("#blocs-list li").count()
        page.check("#governments")
        page.wait_for_selector('#map[data-actors="state"]')
        count = "document.querySelectorAll('#blocs-list li').length"
        page.wait_for_function(f"() => {count} !== {blocs}")
        page.wait_for_timeout(300)  # a resize would come at the next frame
        assert page.locator("#map").bounding_box() == height
        assert page.evaluate("() => window.resized") == []


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_an_unknown_state_in_the_address_leaves_the_map_above_its_legend(
    browser: Browser, server: str, size: str
) -> None:
    viewport: ViewportSize = DESKTOP if size == "desktop" else PHONE
    for page in _page(browser, viewport):
        open_dashboard(page, f"{server}/#XYZ")
        assert "not a state" in page.inner_text("#error")
        page.wait_for_selector("#map canvas")
        for at in ("#XYZ", "#TUR"):  # the banner shown, then gone
            if at == "#TUR":
                page.evaluate("() => { location.hash = '#TUR'; }")
                page.wait_for_selector('#map[data-state="TUR"]')
                page.wait_for_function("() => document.querySelector('#error').hidden")
            map_box = page.locator("#map").bounding_box()
            legend_box = page.locator("#map-legend").bounding_box()
            panel_box = page.locator(".map-panel").bounding_box()
            assert map_box and legend_box and panel_box
            assert legend_box["height"] > 0
            assert map_box["y"] + map_box["height"] <= legend_box["y"] + 1, (at, size)
            assert legend_box["y"] + legend_box["height"] <= panel_box["y"] + panel_box["height"]
            # The map's canvas fills its box: it was not drawn at another size.
            canvas = page.locator("#map canvas").first.bounding_box()
            assert canvas and abs(canvas["height"] - map_box["height"]) <= 2, (at, size)
            assert abs(canvas["width"] - map_box["width"]) <= 2, (at, size)
        no_overflow(page)
        shoot(page, f"xyz-{size}")


def test_an_undated_pasted_article_shows_its_window(browser: Browser, server: str) -> None:
    from .test_governments_only import UNDATED

    for page in _page(browser, DESKTOP):
        open_dashboard(page, f"{server}/")
        page.fill("#extract-form textarea[name=text]", UNDATED)
        page.click("#extract-form button[type=submit]")
        page.wait_for_selector("#extract-undated:not([hidden])")
        banner = page.inner_text("#extract-undated")
        assert "undated" in banner and "between" in banner and "Medvedev" in banner
        start, end = (page.get_attribute("#extract-undated", "data-window") or "..").split("..")
        assert "2008-05-07" <= start <= end <= "2012-05-07"
