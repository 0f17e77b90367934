"""The empathy map in real JupyterLab: add, edit, delete, drag and keyboard-move notes, undo/redo.

Each interaction happens in the page as a person does it; the assertions read
the kernel's ``e.notes`` DataFrame. Python-side changes are asserted in the DOM.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from .lab import Lab
from .notebook_page import NotebookPage

SETUP = (
    "import cjm_widgets as cjm\n"
    "import pandas as pd\n"
    "notes = pd.DataFrame({\n"
    "    'id': ['n1', 'n2', 'n3'],\n"
    "    'quadrant': ['says', 'thinks', 'pains'],\n"
    "    'text': ['I just want it to work', '这个值得买吗？', 'Pārāk daudz informācijas'],\n"
    "    'source': ['interview 3', None, None],\n"
    "    'weight': [1, 2, 3],\n"
    "})\n"
    "e = cjm.EmpathyMap(notes, title='Colleen')\n"
    "edits = []\n"
    "e.on_edit(edits.append)\n"
    "e"
)


@pytest.fixture
def board(notebook: NotebookPage, lab: Lab, request: pytest.FixtureRequest) -> Iterator[NotebookPage]:
    name = lab.write_notebook(f"empathy_{request.node.name[:40]}.ipynb", SETUP)
    notebook.open(name).run_all()
    expect(root(notebook.page).locator(".cjm-note")).to_have_count(3, timeout=30_000)
    yield notebook
    notebook.shutdown_kernels()


def root(page: Page) -> Locator:
    return page.locator(".cjm-empathy-map").first


def note(page: Page, note_id: str) -> Locator:
    return root(page).locator(f".cjm-note[data-id='{note_id}']")


def quadrant(page: Page, name: str) -> Locator:
    return root(page).locator(f".cjm-quadrant[data-quadrant='{name}']")


def kernel_note(board: NotebookPage, note_id: str, column: str) -> object:
    return board.kernel_value(f"e.notes.set_index('id').loc[{note_id!r}, {column!r}]")


def test_add_a_note_in_a_quadrant(board: NotebookPage) -> None:
    page = board.page
    quadrant(page, "feels").locator(".cjm-add-note").click()
    editor = root(page).locator(".cjm-note-editor")
    expect(editor).to_be_focused()
    editor.fill("Overwhelmed <script>alert(1)</script>")
    editor.press("Enter")
    expect(quadrant(page, "feels").locator(".cjm-note")).to_have_count(1, timeout=30_000)
    # Text only, never markup: the tag shows as typed and no element was created.
    added = quadrant(page, "feels").locator(".cjm-note-text")
    expect(added).to_have_text("Overwhelmed <script>alert(1)</script>")
    assert root(page).locator("script").count() == 0
    rows = board.kernel_value("e.notes[['quadrant', 'text']].to_dict('records')")
    assert rows[-1] == {"quadrant": "feels", "text": "Overwhelmed <script>alert(1)</script>"}
    assert board.kernel_value("[x.kind for x in edits]") == ["insert"]
    # Extra columns are kept and the new note has a stable id.
    assert board.kernel_value("list(e.notes.columns)") == ["id", "quadrant", "text", "persona", "source", "weight"]
    assert board.kernel_value("e.notes['id'].iloc[-1]") == "note-4"


def test_edit_a_note_inline_then_undo_and_redo(board: NotebookPage) -> None:
    page = board.page
    note(page, "n1").dblclick()
    editor = note(page, "n1").locator(".cjm-note-editor")
    expect(editor).to_be_focused()
    editor.fill("It has to last for years")
    editor.press("Enter")
    expect(note(page, "n1").locator(".cjm-note-text")).to_have_text("It has to last for years")
    assert kernel_note(board, "n1", "text") == "It has to last for years"

    root(page).locator(".cjm-undo").click()
    expect(note(page, "n1").locator(".cjm-note-text")).to_have_text("I just want it to work", timeout=30_000)
    assert kernel_note(board, "n1", "text") == "I just want it to work"
    root(page).locator(".cjm-redo").click()
    expect(note(page, "n1").locator(".cjm-note-text")).to_have_text("It has to last for years", timeout=30_000)
    assert kernel_note(board, "n1", "text") == "It has to last for years"


def test_drag_a_note_to_another_quadrant_and_undo_with_ctrl_z(board: NotebookPage) -> None:
    page = board.page
    source = note(page, "n2").bounding_box()
    target = quadrant(page, "gains").bounding_box()
    assert source and target
    page.mouse.move(source["x"] + 20, source["y"] + 15)
    page.mouse.down()
    page.mouse.move(source["x"] + 40, source["y"] + 40, steps=4)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2, steps=8)
    expect(quadrant(page, "gains")).to_have_class(re.compile(r"\bcjm-drop-target\b"))
    page.mouse.up()
    expect(quadrant(page, "gains").locator(".cjm-note[data-id='n2']")).to_have_count(1, timeout=30_000)
    assert kernel_note(board, "n2", "quadrant") == "gains"

    note(page, "n2").focus()
    page.keyboard.press("Control+z")
    expect(quadrant(page, "thinks").locator(".cjm-note[data-id='n2']")).to_have_count(1, timeout=30_000)
    assert kernel_note(board, "n2", "quadrant") == "thinks"


def test_keyboard_moves_edits_and_deletes_a_note(board: NotebookPage) -> None:
    page = board.page
    note(page, "n1").focus()
    page.keyboard.press("Alt+ArrowDown")  # Says -> Does, below it
    expect(quadrant(page, "does").locator(".cjm-note[data-id='n1']")).to_have_count(1, timeout=30_000)
    expect(note(page, "n1")).to_be_focused()
    page.keyboard.press("Alt+ArrowRight")  # Does -> Feels
    expect(quadrant(page, "feels").locator(".cjm-note[data-id='n1']")).to_have_count(1, timeout=30_000)
    assert kernel_note(board, "n1", "quadrant") == "feels"

    note(page, "n1").focus()  # running the check above focused a notebook cell
    page.keyboard.press("Enter")
    editor = note(page, "n1").locator(".cjm-note-editor")
    expect(editor).to_be_focused()
    editor.fill("Worn out by the choice")
    editor.press("Enter")
    expect(note(page, "n1").locator(".cjm-note-text")).to_have_text("Worn out by the choice", timeout=30_000)
    expect(note(page, "n1")).to_be_focused()
    page.keyboard.press("Delete")
    expect(note(page, "n1")).to_have_count(0, timeout=30_000)
    assert board.kernel_value("e.notes['id'].tolist()") == ["n2", "n3"]
    note(page, "n2").focus()
    page.keyboard.press("Control+z")  # the deleted note comes back, with its extra column
    expect(note(page, "n1")).to_have_count(1, timeout=30_000)
    assert board.kernel_value("e.notes[['id', 'weight']].values.tolist()") == [["n1", 1], ["n2", 2], ["n3", 3]]


def test_a_refused_edit_shows_why_and_keeps_the_note(board: NotebookPage) -> None:
    page = board.page
    board.run_code("e.notes = e.notes.assign(weight=e.notes['weight'].astype('Int64'))")
    # Python-side changes reach the page: the text changes in the DOM.
    board.run_code("with e.edit() as df:\n    df.loc[df['id'] == 'n3', 'text'] = 'Too many tabs open'")
    expect(note(page, "n3").locator(".cjm-note-text")).to_have_text("Too many tabs open", timeout=30_000)
    board.run_code("e.notes = pd.concat([e.notes, pd.DataFrame([{'quadrant': 'Gains', 'text': 'Saves time'}])])")
    expect(quadrant(page, "gains").locator(".cjm-note")).to_have_count(1, timeout=30_000)
    # The persona filter, set from Python, narrows what the page shows.
    board.run_code("e.persona = 'colleen'")
    expect(root(page).locator(".cjm-note")).to_have_count(4)
    board.run_code("e.notes = e.notes.assign(persona=['colleen', 'bob', None, 'bob'])")
    expect(root(page).locator(".cjm-note")).to_have_count(2, timeout=30_000)
    quadrant(page, "does").locator(".cjm-add-note").click()
    editor = root(page).locator(".cjm-note-editor")
    editor.fill("Reads reviews")
    editor.press("Enter")
    expect(quadrant(page, "does").locator(".cjm-note")).to_have_count(1, timeout=30_000)
    assert board.kernel_value("e.notes[['quadrant', 'persona']].iloc[-1].tolist()") == ["does", "colleen"]
