"""Reports built the way authors build them, opened offline in Chromium: never a blank box.

Every notebook in notebooks/ is turned into a report by ``jupyter nbconvert
--to cjm-report --execute`` (the one-step command of a CI job), and one by
papermill then nbconvert; each report is opened from file:// with every other
request refused. Every map must be drawn with its texts; every output must
show something. Then each way a map can fail to draw live is planted: the
static fallback is what shows.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Browser, Page, expect

from .test_publish import Offline

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def nbconvert(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``jupyter nbconvert ...`` as a report author types it; fails the test with nbconvert's own words."""
    done = subprocess.run(
        [sys.executable, "-m", "nbconvert", *args], cwd=cwd, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of notebooks/: files the notebooks write never land in the repository."""
    target = tmp_path_factory.mktemp("reports")
    for path in NOTEBOOKS:
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture(scope="module")
def reports(folder: Path) -> dict[str, Path]:
    """Every notebook reported in one command, executed on the fly."""
    names = [p.name for p in NOTEBOOKS]
    nbconvert("--to", "cjm-report", "--execute", "--ExecutePreprocessor.timeout=600", *names, cwd=folder)
    return {p.stem: folder / f"{p.stem}.html" for p in NOTEBOOKS}


@pytest.fixture
def offline(browser: Browser) -> Iterator[Offline]:
    ctx = Offline(browser)
    yield ctx
    ctx.context.close()


def maps_in(path: Path) -> int:
    return path.read_text(encoding="utf-8").count('class="cjm-map-state"')


def assert_drawn(page: Page, expected_maps: int) -> None:
    """Every map block drawn by the renderer with its stage and touchpoint texts; no output is blank."""
    blocks = page.locator(".cjm-offline-map")
    expect(blocks).to_have_count(expected_maps)
    for i in range(expected_maps):
        block = blocks.nth(i)
        expect(block.locator(".cjm-journey-map")).to_have_count(1)
        stages = [t.strip() for t in block.locator(".cjm-stage-name").all_text_contents()]
        touchpoints = [t.strip() for t in block.locator(".cjm-touchpoint-text").all_text_contents()]
        assert stages and all(stages), f"map {i}: stage names {stages}"
        assert touchpoints and any(touchpoints), f"map {i}: no touchpoint text"
        expect(block.locator(".cjm-stage-name").first).to_be_visible()
        expect(block.locator(".cjm-offline-fallback")).to_be_hidden()
    blank = page.evaluate(
        """() => Array.from(document.querySelectorAll('.jp-OutputArea-output')).filter(
            (o) => !o.innerText.trim() && !o.querySelector('svg, img, canvas, table')).length"""
    )
    assert blank == 0, f"{blank} outputs show nothing"


@pytest.mark.parametrize("stem", [p.stem for p in NOTEBOOKS])
def test_nbconvert_execute_reports_show_every_map_offline(
    stem: str, reports: dict[str, Path], offline: Offline
) -> None:
    path = reports[stem]
    page = offline.open(path)
    assert_drawn(page, maps_in(path))
    assert "application/vnd.jupyter.widget-view+json" not in path.read_text(encoding="utf-8")
    assert offline.refused == [] and offline.errors == []


def test_the_report_notebooks_show_maps_at_all(reports: dict[str, Path]) -> None:
    # The reports above must be about maps: most notebooks show at least one.
    with_maps = [stem for stem, path in reports.items() if maps_in(path)]
    assert len(with_maps) >= 6, with_maps


def test_execute_with_no_input_and_executor_options(folder: Path, offline: Offline) -> None:
    nbconvert(
        "--to",
        "cjm-report",
        "--execute",
        "--no-input",
        "--ExecutePreprocessor.kernel_name=python3",
        "--ExecutePreprocessor.timeout=300",
        "--output",
        "quick_no_input",
        "01_quickstart.ipynb",
        cwd=folder,
    )
    path = folder / "quick_no_input.html"
    page = offline.open(path)
    assert_drawn(page, maps_in(path))
    assert maps_in(path) >= 1
    expect(page.locator(".jp-CodeCell .jp-InputArea")).to_have_count(0)
    assert "cjm.templates.load" not in page.locator("body").inner_text()


def test_papermill_then_nbconvert(folder: Path, offline: Offline) -> None:
    source, executed = folder / "02_edit_and_analyse.ipynb", folder / "02_papermill.ipynb"
    done = subprocess.run(
        [sys.executable, "-m", "papermill", "--cwd", str(folder), str(source), str(executed)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    nbconvert("--to", "cjm-report", executed.name, cwd=folder)
    path = executed.with_suffix(".html")
    page = offline.open(path)
    assert maps_in(path) >= 1
    assert_drawn(page, maps_in(path))
    assert offline.refused == [] and offline.errors == []


# -- planted failures: the static fallback is what shows ------------------------------------------------


@pytest.fixture(scope="module")
def executed(folder: Path) -> Path:
    """01 executed to a notebook file with its widget state (as nbclient stores it)."""
    nbconvert("--to", "notebook", "--execute", "--output", "01_executed", "01_quickstart.ipynb", cwd=folder)
    return folder / "01_executed.ipynb"


def fallback_shown(page: Page) -> None:
    fallback = page.locator(".cjm-offline-fallback").first
    expect(fallback).to_be_visible()
    expect(fallback.locator("figure.cjm-static")).to_be_visible()
    expect(fallback.locator("tr[data-lane='touchpoint'] td").first).not_to_be_empty()


def test_a_notebook_saved_without_widget_state_reports_its_maps_and_warns(executed: Path, offline: Offline) -> None:
    # As VS Code or a "clear widget state" saves it: outputs keep their cjm data, no widget state.
    nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("widgets", None)
    stateless = executed.with_name("01_stateless.ipynb")
    nbformat.write(nb, stateless)
    done = nbconvert("--to", "cjm-report", stateless.name, cwd=executed.parent)
    assert "no saved widget state for this map" in done.stderr
    path = stateless.with_suffix(".html")
    page = offline.open(path)
    assert_drawn(page, maps_in(path))


def planted_report(executed: Path, name: str, element: str, content: str) -> Path:
    """The report of ``executed`` with the content of every ``<script>`` matching ``element`` replaced."""
    nbconvert("--to", "cjm-report", "--output", name, executed.name, cwd=executed.parent)
    path = executed.with_name(f"{name}.html")
    text = path.read_text(encoding="utf-8")
    planted = re.sub(rf"(<script[^>]*{element}[^>]*>)(.*?)(</script>)", rf"\g<1>{content}\g<3>", text, flags=re.S)
    assert planted != text
    path.write_text(planted, encoding="utf-8")
    return path


def test_a_report_whose_renderer_fails_to_load_shows_the_static_maps(executed: Path, offline: Offline) -> None:
    # The inlined renderer, damaged the way a truncated download or a blocked script would leave it.
    failing = "throw new Error('planted: the renderer failed to load');"
    page = offline.open(planted_report(executed, "01_broken", 'data-cjm="renderer"', failing))
    page.wait_for_timeout(300)
    expect(page.locator(".cjm-journey-map")).to_have_count(0)
    fallback_shown(page)
    assert any("planted" in e for e in offline.errors)


def test_a_map_whose_state_cannot_be_read_shows_its_static_map(executed: Path, offline: Offline) -> None:
    page = offline.open(planted_report(executed, "01_damaged", 'class="cjm-map-state"', "{not json"))
    page.wait_for_timeout(300)
    expect(page.locator(".cjm-journey-map")).to_have_count(0)
    fallback_shown(page)


def test_javascript_off_shows_the_static_maps(executed: Path, browser: Browser) -> None:
    nbconvert("--to", "cjm-report", "--output", "01_nojs", executed.name, cwd=executed.parent)
    no_js = Offline(browser, javascript=False)
    try:
        page = no_js.open(executed.with_name("01_nojs.html"))
        fallback_shown(page)
        assert no_js.refused == []
    finally:
        no_js.context.close()


def test_the_widget_state_mime_is_not_left_in_any_report(reports: dict[str, Path]) -> None:
    for path in reports.values():
        body = path.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-state+json" not in body
        # Every map state block is JSON the renderer can read.
        for block in re.findall(r'<script[^>]*class="cjm-map-state"[^>]*>(.*?)</script>', body, re.S):
            assert json.loads(block)["editable"] is False
