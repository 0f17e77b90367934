"""Editing the map in the page, as a person does, and checking the kernel's DataFrame.

Every interaction of the editable map (inline edit, emotion drag and keys, add,
delete, drag to another stage, stage operations, undo/redo, lanes, read-only)
happens in real JupyterLab through Chromium; the assertions read the kernel.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from .lab import Lab
from .notebook_page import NotebookPage

SETUP = (
    "import cjm_widgets as cjm\n"
    "m = cjm.JourneyMap(cjm.templates.load('sales-funnel-4'))\n"
    "edits = []\n"
    "m.on_edit(edits.append)\n"
    "m"
)


@pytest.fixture
def board(notebook: NotebookPage, lab: Lab, request: pytest.FixtureRequest) -> Iterator[NotebookPage]:
    name = lab.write_notebook(f"edit_{request.node.name[:40]}.ipynb".replace("[", "_").replace("]", ""), SETUP)
    notebook.open(name).run_all()
    expect(map_root(notebook.page)).to_be_visible()
    yield notebook
    notebook.shutdown_kernels()


def map_root(page: Page) -> Locator:
    return page.locator(".cjm-journey-map").first


def cell(page: Page, row_id: str, lane: str) -> Locator:
    return map_root(page).locator(f"[data-lane='{lane}'][data-id='{row_id}']").first


def commit_text(page: Page, target: Locator, text: str) -> None:
    target.dblclick()
    editor = page.locator(".cjm-journey-map .cjm-editor")
    expect(editor).to_be_focused()
    editor.fill(text)
    editor.press("Enter")
    expect(editor).to_have_count(0)


def test_inline_edit_reaches_the_dataframe(board: NotebookPage) -> None:
    page = board.page
    commit_text(page, cell(page, "sf-04", "thought"), "Prices <b>hidden</b> & unclear")
    assert (
        board.kernel_value("m.touchpoints.set_index('id').loc['sf-04', 'thought']") == "Prices <b>hidden</b> & unclear"
    )
    assert board.kernel_value("[(e.kind, e.id, e.column, e.origin) for e in edits]") == [
        ["set", "sf-04", "thought", "view"]
    ]
    expect(cell(page, "sf-04", "thought")).to_contain_text("Prices <b>hidden</b> & unclear")
    assert map_root(page).locator("b").count() == 0  # text, not markup


def test_keyboard_edit_shift_enter_and_escape(board: NotebookPage) -> None:
    page = board.page
    target = cell(page, "sf-05", "action")
    target.focus()
    page.keyboard.press("Enter")
    editor = map_root(page).locator(".cjm-editor")
    expect(editor).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("Line one")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("Line two")
    page.keyboard.press("Enter")
    expect(editor).to_have_count(0)
    assert board.kernel_value("m.touchpoints.set_index('id').loc['sf-05', 'action']") == "Line one\nLine two"
    # Escape cancels: nothing reaches the kernel.
    target.focus()
    page.keyboard.press("Enter")
    page.keyboard.type(" and more")
    page.keyboard.press("Escape")
    assert board.kernel_value("m.touchpoints.set_index('id').loc['sf-05', 'action']") == "Line one\nLine two"


def test_emotion_by_keyboard_and_drag(board: NotebookPage) -> None:
    page = board.page
    dot = map_root(page).locator(".cjm-emotion-dot[data-id='sf-04']")
    dot.focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(dot).to_have_attribute("aria-valuenow", "0.5")
    assert board.kernel_value("float(m.touchpoints.set_index('id').loc['sf-04', 'emotion'])") == 0.5
    # Drag the dot of sf-01 (-1) to the top of its cell: +2.
    dot = map_root(page).locator(".cjm-emotion-dot[data-id='sf-01']")
    box = dot.bounding_box()
    lane = cell(page, "sf-01", "emotion").bounding_box()
    assert box and lane
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, lane["y"] - 20, steps=8)
    page.mouse.up()
    expect(dot).to_have_attribute("aria-valuenow", "2")
    assert board.kernel_value("float(m.touchpoints.set_index('id').loc['sf-01', 'emotion'])") == 2.0


def test_add_and_delete_touchpoints(board: NotebookPage) -> None:
    page = board.page
    map_root(page).locator("button.cjm-add-touchpoint[data-stage='Purchase']").click()
    editor = map_root(page).locator(".cjm-editor")
    expect(editor).to_be_focused()
    editor.fill("Invoice by email")
    editor.press("Enter")
    rows = board.kernel_value("m.touchpoints[['stage', 'touchpoint']].values.tolist()")
    assert ["Purchase", "Invoice by email"] in rows
    assert rows.index(["Purchase", "Invoice by email"]) == 8  # last of its stage
    target = cell(page, "sf-06", "touchpoint")
    target.hover()
    map_root(page).locator("button.cjm-delete-touchpoint[data-id='sf-06']").click()
    expect(map_root(page).locator("[data-id='sf-06']")).to_have_count(0)
    cell(page, "sf-03", "touchpoint").focus()
    page.keyboard.press("Delete")
    expect(map_root(page).locator("[data-id='sf-03']")).to_have_count(0)
    ids = board.kernel_value("m.touchpoints['id'].tolist()")
    assert "sf-06" not in ids and "sf-03" not in ids and len(ids) == 10


def test_drag_touchpoint_to_another_stage(board: NotebookPage) -> None:
    page = board.page
    source = cell(page, "sf-02", "touchpoint")
    target = cell(page, "sf-08", "touchpoint")
    source.drag_to(target)
    expect(cell(page, "sf-02", "touchpoint")).to_have_attribute("data-stage", "Purchase")
    rows = board.kernel_value("m.touchpoints[['id', 'stage']].values.tolist()")
    assert rows[rows.index(["sf-02", "Purchase"]) + 1] == ["sf-08", "Purchase"]  # dropped before sf-08
    # Keyboard: Alt+ArrowRight moves it one place later.
    cell(page, "sf-02", "touchpoint").focus()
    page.keyboard.press("Alt+ArrowRight")
    page.wait_for_timeout(500)
    ids = board.kernel_value("m.touchpoints['id'].tolist()")
    assert ids.index("sf-02") == ids.index("sf-08") + 1


def stage_menu(page: Page, stage: str, item: str) -> None:
    map_root(page).locator(f"button.cjm-stage-menu[data-stage='{stage}']").click()
    map_root(page).get_by_role("menuitem", name=re.compile(re.escape(item))).click()


def test_stage_operations(board: NotebookPage) -> None:
    page = board.page
    stage_menu(page, "Purchase", "Rename")
    editor = map_root(page).locator(".cjm-editor")
    editor.fill("Buy")
    editor.press("Enter")
    expect(map_root(page).locator(".cjm-stage-header", has_text="Buy")).to_have_count(1)
    assert board.kernel_value("m.journey.stage_names")[2] == "Buy"
    stage_menu(page, "Buy", "Move left")
    assert board.kernel_value_when("m.journey.stage_names", lambda names: names[1] == "Buy") == [
        "Investigate",
        "Buy",
        "Compare & decide",
        "Set up & give feedback",
    ]
    stage_menu(page, "Investigate", "Add stage after")
    editor = map_root(page).locator(".cjm-editor")
    editor.fill("Shortlist")
    editor.press("Enter")
    assert board.kernel_value_when("m.journey.stage_names", lambda names: names[1] == "Shortlist")[1] == "Shortlist"
    # Delete a stage, moving its touchpoints to another stage.
    stage_menu(page, "Compare & decide", "Delete stage")
    dialog = map_root(page).locator(".cjm-dialog")
    dialog.get_by_label(re.compile("Move them to")).check()
    dialog.locator("select").select_option("Shortlist")
    dialog.get_by_role("button", name=re.compile("Delete")).click()
    expect(dialog).to_have_count(0)
    stages = board.kernel_value_when("m.journey.stage_names", lambda names: "Compare & decide" not in names)
    assert "Compare & decide" not in stages
    moved = board.kernel_value("m.touchpoints.set_index('id').loc[['sf-04', 'sf-05', 'sf-06'], 'stage'].tolist()")
    assert moved == ["Shortlist"] * 3
    # And delete one removing its touchpoints.
    stage_menu(page, "Buy", "Delete stage")
    dialog = map_root(page).locator(".cjm-dialog")
    dialog.get_by_label(re.compile("Delete its touchpoints")).check()
    dialog.get_by_role("button", name=re.compile("Delete")).click()
    page.wait_for_timeout(300)
    assert not {"sf-07", "sf-08"} & set(board.kernel_value("m.touchpoints['id'].tolist()"))
    map_root(page).locator("button.cjm-add-stage").click()
    editor = map_root(page).locator(".cjm-editor")
    editor.fill("Renew")
    editor.press("Enter")
    page.wait_for_timeout(300)
    assert board.kernel_value("m.journey.stage_names")[-1] == "Renew"


def test_undo_and_redo(board: NotebookPage) -> None:
    page = board.page
    commit_text(page, cell(page, "sf-07", "thought"), "Edited")
    map_root(page).locator("button.cjm-delete-touchpoint[data-id='sf-09']").click(force=True)
    expect(map_root(page).locator("[data-id='sf-09']")).to_have_count(0)
    undo = map_root(page).locator("button.cjm-undo")
    undo.click()
    expect(cell(page, "sf-09", "touchpoint")).to_be_visible()
    cell(page, "sf-01", "action").focus()
    page.keyboard.press("Control+z")
    expect(cell(page, "sf-07", "thought")).not_to_contain_text("Edited")
    tp = "m.touchpoints.set_index('id')"
    assert board.kernel_value(f"{tp}.loc['sf-07', 'thought']") != "Edited"
    assert "sf-09" in board.kernel_value("m.touchpoints['id'].tolist()")
    cell(page, "sf-01", "action").focus()
    page.keyboard.press("Control+Shift+z")
    expect(cell(page, "sf-07", "thought")).to_contain_text("Edited")
    map_root(page).locator("button.cjm-redo").click()
    expect(map_root(page).locator("[data-id='sf-09']")).to_have_count(0)
    assert board.kernel_value(f"{tp}.loc['sf-07', 'thought']") == "Edited"
    assert "sf-09" not in board.kernel_value("m.touchpoints['id'].tolist()")


def test_rejected_edit_is_rolled_back_with_a_message(board: NotebookPage) -> None:
    page = board.page
    board.run_code("m.touchpoints = m.touchpoints.assign(revenue=0)\nm.lanes = [*m.lanes, 'revenue']")
    target = cell(page, "sf-01", "revenue")
    expect(target).to_contain_text("0")
    target.dblclick()
    editor = map_root(page).locator(".cjm-editor")
    editor.fill("lots")
    editor.press("Enter")
    message = map_root(page).locator(".cjm-message")
    expect(message).to_contain_text("expected a whole number")
    expect(cell(page, "sf-01", "revenue")).to_have_text(re.compile(r"^\s*0\s*$"))
    assert board.kernel_value("int(m.touchpoints['revenue'].iloc[0])") == 0


def test_lanes_panel_and_read_only(board: NotebookPage) -> None:
    page = board.page
    map_root(page).locator("button.cjm-lanes-button").click()
    panel = map_root(page).locator(".cjm-lanes-panel")
    panel.locator("input[type=checkbox][data-lane='thought']").uncheck()
    page.wait_for_timeout(300)
    assert "thought" not in board.kernel_value("m.lanes")
    expect(map_root(page).locator("[data-lane='thought'][data-id]")).to_have_count(0)
    board.run_code("m.editable = False")
    expect(map_root(page).locator("button.cjm-add-touchpoint")).to_have_count(0)
    cell(page, "sf-01", "action").dblclick()
    expect(map_root(page).locator(".cjm-editor")).to_have_count(0)


def test_python_changes_show_in_the_page(board: NotebookPage) -> None:
    page = board.page
    board.run_code("with m.edit() as df:\n    df.loc[df['id'] == 'sf-10', 'thought'] = 'Paid in a day!'")
    expect(cell(page, "sf-10", "thought")).to_contain_text("Paid in a day!")
    board.run_code(
        "import pandas as pd\n"
        "m.touchpoints = pd.concat([m.touchpoints, pd.DataFrame({'stage': ['Purchase'], 'touchpoint': ['Receipt']})],"
        " ignore_index=True)"
    )
    expect(map_root(page).locator(".cjm-touchpoint-text", has_text="Receipt")).to_have_count(1)
    board.run_code("m.stages = ['Investigate', 'Compare & decide', 'Purchase', 'Set up & give feedback', 'Advocacy']")
    expect(map_root(page).locator(".cjm-stage-header", has_text="Advocacy")).to_have_count(1)
    board.run_code("m.title = 'Renamed map'")
    expect(map_root(page)).to_contain_text("Renamed map")


def test_markers_and_selection_from_python_show_in_the_page(board: NotebookPage) -> None:
    page = board.page
    board.run_code(
        "m.show_markers('peak_end', [{'kind': 'peak', 'label': 'Peak <i>moment</i>', 'touchpoint_id': 'sf-04',"
        " 'tone': 'bad'}, {'kind': 'end', 'label': 'Last stage', 'stage': 'Purchase'}])"
    )
    peak = cell(page, "sf-04", "touchpoint").locator(".cjm-marker[data-source='peak_end'][data-kind='peak']")
    expect(peak).to_have_text("Peak <i>moment</i>")
    expect(map_root(page).locator(".cjm-stage-header[data-stage='Purchase'] .cjm-marker")).to_have_text("Last stage")
    board.run_code("m.selected_touchpoints = ['sf-02', 'sf-05']")
    expect(map_root(page).locator(".cjm-lane-touchpoint.cjm-selected")).to_have_count(2)
    expect(cell(page, "sf-05", "touchpoint")).to_have_class(re.compile(r"\bcjm-selected\b"))
    board.run_code("m.show_markers('peak_end', None)")
    expect(map_root(page).locator(".cjm-marker")).to_have_count(0)


def test_same_map_twice_stays_consistent(board: NotebookPage) -> None:
    page = board.page
    board.run_code("m")
    maps = page.locator(".cjm-journey-map")
    expect(maps).to_have_count(2)
    commit_text(page, maps.nth(1).locator("[data-lane='thought'][data-id='sf-02']"), "From the second view")
    expect(maps.nth(0).locator("[data-lane='thought'][data-id='sf-02']")).to_contain_text("From the second view")
    assert board.kernel_value("m.touchpoints.set_index('id').loc['sf-02', 'thought']") == "From the second view"


def test_saved_widget_state_has_the_latest_edit(board: NotebookPage) -> None:
    page = board.page
    commit_text(page, cell(page, "sf-11", "thought"), "Saved with the notebook")
    board.run_code("with m.edit() as df:\n    df.loc[df['id'] == 'sf-01', 'action'] = 'Edited in Python'")
    expect(cell(page, "sf-01", "action")).to_contain_text("Edited in Python")
    page.keyboard.press("Control+s")
    path = board.lab.root / page.locator(".jp-mod-current .lm-TabBar-tabLabel").first.inner_text().strip()
    page.wait_for_function("() => !document.querySelector('.jp-mod-current.jp-mod-dirty')")
    state = json.loads(path.read_text())["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]
    rows = next(m["state"]["_rows"] for m in state["state"].values() if "_rows" in m["state"])
    by_id = {row["id"]: row for row in rows}
    assert by_id["sf-11"]["thought"] == "Saved with the notebook"
    assert by_id["sf-01"]["action"] == "Edited in Python"
