"""The built docs, opened from file:// in Chromium with the network refused, show drawn maps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

import cjm_widgets as cjm

from .conftest import ROOT

NOTEBOOK_PAGES = [f"notebooks/{p.stem}.html" for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]


class OfflineDocs:
    """Pages of the built site from file://; any other request is refused and remembered."""

    def __init__(self, browser: Browser, site: Path) -> None:
        self.site = site
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def open(self, page_path: str) -> Page:
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{page_path}: {error}"))
        page.goto((self.site / page_path).as_uri())
        return page


@pytest.fixture
def docs(browser: Browser, built_docs: Path) -> Iterator[OfflineDocs]:
    ctx = OfflineDocs(browser, built_docs)
    yield ctx
    ctx.context.close()


def drawn_maps(page: Page) -> list[tuple[list[str], list[str]]]:
    """(stage names, touchpoint texts) of every map the offline renderer drew, after checking it drew them all."""
    states = page.locator("script.cjm-map-state")
    assert states.count() > 0, "no map on this page"
    hosts = page.locator(".cjm-offline-host .cjm-journey-map")
    expect(hosts).to_have_count(states.count())  # every map drawn, none left as its static fallback
    expect(page.locator(".cjm-offline-fallback:visible")).to_have_count(0)
    expect(hosts.first.locator(".cjm-stage-name").first).to_be_visible()
    return [
        (
            hosts.nth(i).locator(".cjm-stage-name").all_text_contents(),
            hosts.nth(i).locator(".cjm-touchpoint-text").all_text_contents(),
        )
        for i in range(hosts.count())
    ]


def test_quick_start_page_shows_the_template_map(docs: OfflineDocs) -> None:
    journey = cjm.templates.load("colleen-vacuum")
    page = docs.open("getting-started.html")
    [(stages, touchpoints)] = drawn_maps(page)
    assert stages == journey.stage_names
    assert touchpoints == journey.touchpoints["touchpoint"].tolist()
    expect(page.get_by_text(journey.touchpoints["touchpoint"].iloc[0], exact=True).first).to_be_visible()
    assert not docs.refused, docs.refused
    assert not docs.errors, docs.errors


@pytest.mark.parametrize("page_path", NOTEBOOK_PAGES)
def test_every_notebook_page_shows_its_maps_drawn(docs: OfflineDocs, page_path: str) -> None:
    page = docs.open(page_path)
    maps = drawn_maps(page)
    for i, (stages, touchpoints) in enumerate(maps):
        # What the notebook's run stored for this map, read from the page's own state block.
        state = json.loads(page.locator("script.cjm-map-state").nth(i).text_content() or "")
        assert stages == [s["stage"] for s in state["_stages"]], (page_path, i)
        # A map switched to one persona (state "persona") shows that persona's touchpoints.
        shown = [r for r in state["_rows"] if not state.get("persona") or r.get("persona") == state["persona"]]
        assert touchpoints == [r["touchpoint"] for r in shown], (page_path, i)
        assert touchpoints, (page_path, i)
    assert not docs.refused, docs.refused
    assert not docs.errors, docs.errors


def test_the_quickstart_notebook_page_shows_the_colleen_map(docs: OfflineDocs) -> None:
    journey = cjm.templates.load("colleen-vacuum")
    stages, touchpoints = drawn_maps(docs.open("notebooks/01_quickstart.html"))[0]
    assert stages == journey.stage_names
    assert touchpoints == journey.touchpoints["touchpoint"].tolist()
