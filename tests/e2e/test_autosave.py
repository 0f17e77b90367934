"""Autosave in real JupyterLab: edit in the page, restart the kernel, load the file, the edit is there."""

from __future__ import annotations

from playwright.sync_api import expect

from .lab import Lab
from .notebook_page import NotebookPage
from .test_editing import cell, commit_text, map_root

SETUP = (
    "import cjm_widgets as cjm\n"
    "m = cjm.JourneyMap.from_file('autosaved.cjm.json', default=cjm.templates.load('sales-funnel-4'))\n"
    "m"
)


def test_browser_edit_survives_a_kernel_restart(notebook: NotebookPage, lab: Lab) -> None:
    (lab.root / "autosaved.cjm.json").unlink(missing_ok=True)
    notebook.open(lab.write_notebook("autosave.ipynb", SETUP)).run_all()
    page = notebook.page
    expect(map_root(page)).to_be_visible(timeout=30_000)
    target = cell(page, "sf-04", "thought")
    commit_text(page, target, "Saved by autosave ✓ <i>as text</i>")
    # Python has applied the edit once the cell is no longer pending (its patch came back).
    expect(target).not_to_have_class("cjm-pending", timeout=30_000)
    expect(target).to_contain_text("Saved by autosave ✓ <i>as text</i>")

    # Restart the kernel the way a person does: Kernel menu, then confirm.
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.get_by_role("menuitem", name="Restart Kernel…").click()
    page.locator(".jp-Dialog .jp-mod-accept").click()  # "Restart"
    expect(page.locator(".jp-Dialog")).to_have_count(0, timeout=30_000)
    page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=90_000)

    # A new kernel: nothing of the old one is left but the file.
    assert notebook.kernel_value("'m' in globals()") is False
    notebook.run_code("import cjm_widgets as cjm\nj = cjm.load('autosaved.cjm.json')")
    assert notebook.kernel_value("j.touchpoints.set_index('id').loc['sf-04', 'thought']") == (
        "Saved by autosave ✓ <i>as text</i>"
    )
    # Re-running the notebook's cell continues from the file: the page shows the edit again.
    notebook.run_code("m2 = cjm.JourneyMap.from_file('autosaved.cjm.json')\nm2")
    expect(page.locator(".cjm-journey-map").last.locator("[data-lane='thought'][data-id='sf-04']")).to_contain_text(
        "Saved by autosave ✓ <i>as text</i>", timeout=30_000
    )
    notebook.shutdown_kernels()


def test_a_failed_autosave_shows_a_message_and_keeps_the_edit(notebook: NotebookPage, lab: Lab) -> None:
    setup = (
        "import shutil, cjm_widgets as cjm\n"
        "shutil.rmtree('gone', ignore_errors=True)\n"
        "import os; os.mkdir('gone')\n"
        "m = cjm.JourneyMap(cjm.templates.load('sales-funnel-4'), autosave='gone/map.cjm.json')\n"
        "m"
    )
    notebook.open(lab.write_notebook("autosave_fails.ipynb", setup)).run_all()
    page = notebook.page
    expect(map_root(page)).to_be_visible(timeout=30_000)
    notebook.run_code("shutil.rmtree('gone')  # the folder disappears under the map")
    target = cell(page, "sf-05", "thought")
    commit_text(page, target, "Kept although the disk failed")
    message = map_root(page).locator(".cjm-message")
    expect(message).to_be_visible(timeout=30_000)
    expect(message).to_contain_text("Autosave to gone/map.cjm.json failed")
    expect(message).to_contain_text("the next edit tries again")
    assert notebook.kernel_value("m.touchpoints.set_index('id').loc['sf-05', 'thought']") == (
        "Kept although the disk failed"
    )
    expect(target).to_contain_text("Kept although the disk failed")
    notebook.shutdown_kernels()
