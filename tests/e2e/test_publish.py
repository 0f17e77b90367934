"""Published maps in Chromium: cjm-report pages and to_html files offline, the static fallback, image downloads.

Reports and to_html files are opened from file:// with every other request
refused (and recorded: the tests fail if the page asked for anything). The
download buttons are pressed in real JupyterLab.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

import cjm_widgets as cjm
from cjm_widgets.render import journeys_in_notebook

from ..publish_notebook import EDITED, XSS, executed_notebook
from .lab import Lab
from .notebook_page import NotebookPage


class Offline:
    """A browser context that only loads file: URLs and remembers what else was asked for."""

    def __init__(self, browser: Browser, javascript: bool = True) -> None:
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.context: BrowserContext = browser.new_context(
            viewport={"width": 1400, "height": 1000}, java_script_enabled=javascript, accept_downloads=True
        )
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def open(self, path: Path) -> Page:
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(path.resolve().as_uri())
        return page


@pytest.fixture
def offline(browser: Browser) -> Iterator[Offline]:
    ctx = Offline(browser)
    yield ctx
    ctx.context.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of an executed notebook, made with the command a report author types."""
    folder = tmp_path_factory.mktemp("published")
    notebook = executed_notebook(folder)
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "cjm-report", str(notebook)], check=True, capture_output=True
    )
    return notebook.with_suffix(".html")


def map_texts(page: Page, index: int) -> tuple[list[str], list[str]]:
    """Stage names and touchpoint texts drawn by the index-th map (text content: off-screen cells count)."""
    root = page.locator(".cjm-journey-map").nth(index)
    return root.locator(".cjm-stage-name").all_text_contents(), root.locator(".cjm-touchpoint-text").all_text_contents()


def test_report_draws_every_map_offline_with_its_latest_data(report: Path, offline: Offline) -> None:
    page = offline.open(report)
    expect(page.locator(".cjm-journey-map")).to_have_count(3, timeout=30_000)
    journeys = journeys_in_notebook(report.with_suffix(".ipynb"))
    for i, journey in enumerate(journeys):
        stages, touchpoints = map_texts(page, i)
        assert stages == journey.stage_names
        assert touchpoints == journey.touchpoints["touchpoint"].tolist()
    first = page.locator(".cjm-journey-map").first
    expect(first.locator(".cjm-lane-cell[data-lane='thought']").first).to_have_text(EDITED)
    # The hostile touchpoint is text on the page, and nothing ran.
    expect(first.get_by_text(XSS, exact=True)).to_have_count(1)
    assert page.evaluate("window.__xss") is None and page.locator(".cjm-journey-map img").count() == 0
    # Markdown, code and the other widget's static output are there too.
    expect(page.get_by_role("heading", name="Vacuum report")).to_be_visible()
    expect(page.get_by_text("IntSlider(value=7, description='Other widget')", exact=True)).to_be_visible()
    assert offline.refused == [] and offline.errors == []


def test_report_maps_are_read_only_but_lanes_toggle(report: Path, offline: Offline) -> None:
    page = offline.open(report)
    first = page.locator(".cjm-journey-map").first
    expect(first.locator(".cjm-grid")).to_be_visible(timeout=30_000)
    assert first.locator(".cjm-add-touchpoint, .cjm-undo, .cjm-stage-menu").count() == 0
    cell = first.locator(".cjm-lane-cell[data-lane='action']").first
    before = cell.text_content()
    cell.dblclick()
    expect(first.locator(".cjm-editor")).to_have_count(0)
    assert cell.text_content() == before
    # Hover details: the emotion dots name their touchpoint.
    assert "Old vacuum stops working" in (first.locator(".cjm-emotion-point").first.get_attribute("title") or "")
    # Lanes: hide the action lane with the keyboard.
    first.get_by_role("button", name="Lanes").click()
    box = first.locator("input[type='checkbox'][data-lane='action']")
    box.focus()
    page.keyboard.press("Space")
    expect(first.locator(".cjm-lane-cell[data-lane='action']")).to_have_count(0)
    box.click()
    expect(first.locator(".cjm-lane-cell[data-lane='action']").first).to_have_text(before or "")
    assert offline.refused == [] and offline.errors == []


def test_to_html_draws_the_map_offline(tmp_path: Path, offline: Offline) -> None:
    journey = cjm.templates.load("telecom-5g-upgrade")
    tp = journey.touchpoints.copy()
    tp.loc[tp.index[0], "touchpoint"] = XSS
    journey.touchpoints = tp
    m = cjm.JourneyMap(journey, lanes=["touchpoint", "emotion", "pain_point"])
    page = offline.open(m.to_html(tmp_path / "map.html"))
    stages, touchpoints = (expect(page.locator(".cjm-grid")).to_be_visible(timeout=30_000), map_texts(page, 0))[1]
    assert stages == journey.stage_names
    assert touchpoints == journey.touchpoints["touchpoint"].tolist()
    lanes = page.locator(".cjm-lane-label").all_text_contents()
    assert lanes == ["Touchpoint", "Emotion", "Pain point"]
    assert page.evaluate("window.__xss") is None
    # Images download from the offline page too (its Content-Security-Policy allows data:/blob: only).
    with page.expect_download(timeout=30_000) as png:
        page.get_by_role("button", name="Download the map as a PNG image").click()
    assert png_size(Path(png.value.path()).read_bytes())[0] > 500
    assert offline.refused == [] and offline.errors == []
    m.close()


@pytest.mark.parametrize("made_by", ["to_html", "report"])
def test_static_fallback_shows_every_touchpoint_without_javascript(
    made_by: str, browser: Browser, report: Path, tmp_path: Path
) -> None:
    journey = cjm.templates.load("colleen-vacuum")
    path = journey.to_html(tmp_path / "map.html") if made_by == "to_html" else report
    names = journey.touchpoints["touchpoint"].tolist()
    if made_by == "report":
        names = journeys_in_notebook(report.with_suffix(".ipynb"))[0].touchpoints["touchpoint"].tolist()
    no_js = Offline(browser, javascript=False)
    try:
        page = no_js.open(path)
        fallback = page.locator("figure.cjm-static").first
        expect(fallback).to_be_visible()
        assert page.locator(".cjm-journey-map").count() == 0  # no widget runtime drew anything
        cells = fallback.locator("tr[data-lane='touchpoint'] td")
        texts = [t.split("\n")[0] for t in cells.all_inner_texts()]
        assert texts == names
        expect(fallback.locator("svg title").first).to_contain_text("Emotion curve")
        assert page.locator("figure.cjm-static img").count() == 0
        assert no_js.refused == []
    finally:
        no_js.context.close()


# -- image downloads in JupyterLab ---------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def test_download_svg_and_png_from_the_map_toolbar(notebook: NotebookPage, lab: Lab) -> None:
    code = (
        "import cjm_widgets as cjm\n"
        "j = cjm.templates.load('sales-funnel-4')\n"
        "tp = j.touchpoints.copy()\n"
        f"tp.loc[tp.index[0], 'touchpoint'] = {XSS!r}\n"
        "j.touchpoints = tp\n"
        "m = cjm.JourneyMap(j)\n"
        "m"
    )
    notebook.open(lab.write_notebook("downloads.ipynb", code)).run_all()
    page = notebook.page
    root = page.locator(".cjm-journey-map").first
    expect(root).to_be_visible()
    touchpoints = notebook.kernel_value("m.touchpoints['touchpoint'].tolist()")
    stages = notebook.kernel_value("m.journey.stage_names")

    with page.expect_download(timeout=30_000) as svg_download:
        root.get_by_role("button", name="Download the map as an SVG image").click()
    assert svg_download.value.suggested_filename.endswith(".svg")
    svg_text = Path(svg_download.value.path()).read_text(encoding="utf-8")
    tree = ET.parse(io.StringIO(svg_text))  # well-formed XML, or this raises
    assert tree.getroot().tag == "{http://www.w3.org/2000/svg}svg"
    assert tree.getroot().find("{http://www.w3.org/2000/svg}image") is None
    words = " ".join(t for t in tree.getroot().itertext())
    for text in [*stages, *(t.split()[0] for t in touchpoints)]:
        assert text in words
    assert XSS[:20] in words  # text, not markup: the parser found no <img>
    assert not list(tree.getroot().iter("{http://www.w3.org/2000/svg}img"))

    # The PNG button, pressed with the keyboard.
    png_button = root.get_by_role("button", name="Download the map as a PNG image")
    png_button.focus()
    with page.expect_download(timeout=30_000) as png_download:
        page.keyboard.press("Enter")
    data = Path(png_download.value.path()).read_bytes()
    width, height = png_size(data)
    svg_width = float(tree.getroot().get("width") or 0)
    assert width >= svg_width and height > 200
    assert len(data) > 10_000
    notebook.shutdown_kernels()


# -- the author's round trip: edit in JupyterLab, save, convert ------------------------------------


def test_report_of_a_notebook_edited_in_jupyterlab_shows_the_edits(
    notebook: NotebookPage, lab: Lab, offline: Offline
) -> None:
    from .test_editing import cell, commit_text

    name = lab.write_notebook(
        "edited_report.ipynb", "import cjm_widgets as cjm\nm = cjm.JourneyMap(cjm.templates.load('sales-funnel-4'))\nm"
    )
    notebook.open(name).run_all()
    page = notebook.page
    commit_text(page, cell(page, "sf-03", "thought"), "Edited in the page <b>before</b> the report")
    # Python-side change after display: JupyterLab's saved state follows it too.
    notebook.run_code("with m.edit() as df:\n    df.loc[df['id'] == 'sf-01', 'action'] = 'Edited in Python'")
    expect(cell(page, "sf-01", "action")).to_contain_text("Edited in Python")
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.jp-mod-current.jp-mod-dirty')")
    notebook.shutdown_kernels()

    path = lab.root / name
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "cjm-report", str(path)], check=True, capture_output=True
    )
    report_page = offline.open(path.with_suffix(".html"))
    root = report_page.locator(".cjm-journey-map")
    expect(root).to_have_count(1, timeout=30_000)
    thought = root.locator(".cjm-lane-cell[data-lane='thought'][data-id='sf-03']")
    expect(thought).to_have_text("Edited in the page <b>before</b> the report")
    expect(root.locator(".cjm-lane-cell[data-lane='action'][data-id='sf-01']")).to_have_text("Edited in Python")
    assert offline.refused == [] and offline.errors == []


def test_printing_a_report_gives_landscape_pages_without_controls_or_cut_cards(report: Path, offline: Offline) -> None:
    page = offline.open(report)
    first = page.locator(".cjm-journey-map").first
    expect(first.locator(".cjm-grid")).to_be_visible(timeout=30_000)
    page.emulate_media(media="print")
    expect(first.locator(".cjm-toolbar")).to_be_hidden()
    breaks = first.locator(".cjm-lane-cell").first.evaluate("(el) => getComputedStyle(el).breakInside")
    assert breaks == "avoid"
    scroll = first.locator(".cjm-scroll").evaluate("(el) => getComputedStyle(el).overflowX")
    assert scroll == "visible"
    # Just before printing, a map wider than the page is zoomed to fit it (14 touchpoints here).
    grid = first.locator(".cjm-grid")
    narrowest = "(el) => { el.style.width = 'min-content'; const w = el.scrollWidth; el.style.width = ''; return w; }"
    width = grid.evaluate(narrowest)
    assert width > 1040
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert float(grid.evaluate("(el) => el.style.zoom")) * width <= 1040
    pdf = page.pdf(prefer_css_page_size=True)
    # Every page's MediaBox is wider than tall: @page { size: landscape } took effect.
    boxes = [
        tuple(map(float, m)) for m in re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", pdf)
    ]
    assert boxes and all(x1 - x0 > y1 - y0 for x0, y0, x1, y1 in boxes)
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert grid.evaluate("(el) => el.style.zoom") == ""


def test_to_html_keeps_the_persona_switcher_working_offline(tmp_path: Path, offline: Offline) -> None:
    journey = cjm.templates.load("colleen-vacuum")
    tp = journey.touchpoints.copy()
    tp["persona"] = ["Colleen" if i % 2 else "Sam" for i in range(len(tp))]
    journey = cjm.Journey(tp, journey.stages, title="Two personas")
    page = offline.open(journey.to_html(tmp_path / "personas.html"))
    expect(page.locator(".cjm-touchpoint-text")).to_have_count(len(tp), timeout=30_000)
    page.get_by_role("radio", name="Sam").click()
    sams = tp.loc[tp["persona"] == "Sam", "touchpoint"].tolist()
    expect(page.locator(".cjm-touchpoint-text")).to_have_text(sams)
    assert offline.refused == [] and offline.errors == []
