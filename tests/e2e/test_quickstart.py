"""The quickstart notebook, run in real JupyterLab, shows the template's map in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

import cjm_widgets as cjm

from .notebook_page import NotebookPage


def test_quickstart_map_shows_every_stage_and_touchpoint(notebook: NotebookPage, notebooks_dir: Path) -> None:
    name = notebook.lab.add_notebook(notebooks_dir / "01_quickstart.ipynb")
    notebook.open(name).run_all()
    page = notebook.page
    first_map = page.locator(".cjm-journey-map").first
    expect(first_map).to_be_visible()

    journey = cjm.templates.load("colleen-vacuum")
    headers = first_map.locator(".cjm-stage-header")
    for stage in journey.stage_names:
        expect(headers.filter(has_text=re.compile(re.escape(stage)))).to_have_count(1)
    texts = first_map.locator(".cjm-touchpoint-text").all_text_contents()
    assert [t.strip() for t in texts] == journey.touchpoints["touchpoint"].tolist()
    expect(first_map.get_by_text(journey.title)).to_be_visible()
    # The emotion curve: one dot per scored touchpoint.
    scored = int(journey.touchpoints["emotion"].notna().sum())
    expect(first_map.locator("[data-lane='emotion'] [aria-label^='Emotion']")).to_have_count(scored)
    page.screenshot(path=str(notebook.lab.root.parent / "quickstart.png"), full_page=False)
    notebook.shutdown_kernels()
