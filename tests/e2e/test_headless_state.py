"""Headless runs keep the saved widget state current: a later cell's Python edit reaches the report.

With no view open (``nbconvert --execute``, papermill) nothing in a page applies the
patches Python sends, so the map would be stored as first built. Python therefore
also sends its view tables as state until a view says hello (docs/sync-protocol.md).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Browser, expect

from .test_publish import Offline

pytestmark = pytest.mark.e2e

BUILD = "import cjm_widgets as cjm\nm = cjm.JourneyMap(cjm.templates.load('colleen-vacuum'))\nm"
EDIT = "with m.edit() as df:\n    df.loc[df.index[0], 'thought'] = 'Changed by cell 2'"


def notebook(folder: Path, name: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(BUILD), nbformat.v4.new_code_cell(EDIT)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / name
    nbformat.write(nb, path)
    return path


def run(*args: str, cwd: Path) -> None:
    done = subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture
def offline(browser: Browser) -> Iterator[Offline]:
    ctx = Offline(browser)
    yield ctx
    ctx.context.close()


def test_nbconvert_execute_report_shows_an_edit_made_by_a_later_cell(tmp_path: Path, offline: Offline) -> None:
    source = notebook(tmp_path, "later_edit.ipynb")
    run("nbconvert", "--to", "cjm-report", "--execute", source.name, cwd=tmp_path)
    page = offline.open(source.with_suffix(".html"))
    block = page.locator(".cjm-offline-map").first
    expect(block.locator(".cjm-journey-map")).to_be_visible()
    expect(block.locator("[data-lane='thought'][data-id]").first).to_have_text("Changed by cell 2")
    assert offline.refused == [] and offline.errors == []


def test_papermill_stores_the_edited_map_as_widget_state(tmp_path: Path) -> None:
    source = notebook(tmp_path, "later_edit_pm.ipynb")
    executed = tmp_path / "later_edit_pm_out.ipynb"
    run("papermill", "--cwd", str(tmp_path), str(source), str(executed), cwd=tmp_path)
    state = nbformat.read(executed, as_version=4).metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
    maps = [m["state"] for m in state["state"].values() if "_rows" in m["state"]]
    assert len(maps) == 1
    assert maps[0]["_rows"][0]["thought"] == "Changed by cell 2"
    assert maps[0]["_rev"] >= 1
