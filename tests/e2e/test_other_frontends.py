"""The map in Jupyter Notebook 7 and in Voila, not only in JupyterLab."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from .lab import running_lab, running_voila
from .notebook_page import NotebookPage

CODE = (
    "import ipywidgets, cjm_widgets as cjm\n"
    "m = cjm.JourneyMap(cjm.templates.load('equipment-repair'))\n"
    "last = ipywidgets.Label('no edit yet')\n"
    "m.on_edit(lambda e: setattr(last, 'value', f'{e.id} {e.column} = {e.new}'))\n"
    "ipywidgets.VBox([m, last])"
)


def edit_first_thought(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(".cjm-journey-map [data-lane='thought'][data-id]").first.dblclick()
    editor = page.locator(".cjm-journey-map .cjm-editor")
    expect(editor).to_be_focused()
    editor.fill(text)
    editor.press("Enter")


def test_notebook_7(browser: Browser, tmp_path: Path) -> None:
    with running_lab(tmp_path, app="notebook") as server:
        name = server.write_notebook("nb7.ipynb", CODE)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        notebook = NotebookPage(page, server)
        notebook.open(name).run_all()
        expect(page.locator(".cjm-journey-map")).to_be_visible()
        expect(page.locator(".cjm-stage-header").first).to_contain_text("Breakdown")
        edit_first_thought(page, "Edited in Notebook 7")
        expect(page.get_by_text("thought = Edited in Notebook 7")).to_be_visible()
        page.close()


def test_voila(browser: Browser, tmp_path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(CODE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "voila.ipynb"
    nbformat.write(nb, path)
    with running_voila(tmp_path, path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        expect(page.locator(".cjm-journey-map")).to_be_visible(timeout=90_000)
        expect(page.locator(".cjm-stage-header").first).to_contain_text("Breakdown")
        edit_first_thought(page, "Edited in Voila")
        expect(page.get_by_text("thought = Edited in Voila")).to_be_visible()
        page.close()


def test_a_notebook_saved_by_notebook_7_reports_its_edited_map(browser: Browser, tmp_path: Path) -> None:
    import subprocess
    import sys

    with running_lab(tmp_path, app="notebook") as server:
        name = server.write_notebook("nb7_report.ipynb", CODE)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        notebook = NotebookPage(page, server)
        notebook.open(name).run_all()
        edit_first_thought(page, "Edited in Notebook 7 before the report")
        expect(page.get_by_text("thought = Edited in Notebook 7 before the report")).to_be_visible()
        saved = server.root / name
        # Save as the user does (File > Save), then wait for the file on disk to hold the run.
        page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
        page.keyboard.press("Escape")
        page.keyboard.press("Control+s")
        for _ in range(60):
            if '"execution_count": 1' in saved.read_text(encoding="utf-8"):
                break
            page.wait_for_timeout(500)
        page.wait_for_timeout(500)
        page.close()
    command = [sys.executable, "-m", "nbconvert", "--to", "cjm-report", str(saved)]
    subprocess.run(command, check=True, capture_output=True)
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    report = context.new_page()
    report.goto(saved.with_suffix(".html").as_uri())
    thought = report.locator(".cjm-journey-map [data-lane='thought'][data-id]").first
    expect(thought).to_have_text("Edited in Notebook 7 before the report")
    context.close()
