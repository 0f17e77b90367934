"""Personas in real JupyterLab: the editable persona card and the map's persona switcher.

Edits happen in the page as a person makes them and are asserted in the
kernel's ``journey.personas`` / ``m.persona``; Python-side changes are asserted in the DOM.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from .lab import Lab
from .notebook_page import NotebookPage
from .test_themes import _CONTRAST as CONTRAST
from .test_themes import dark_lab  # noqa: F401 (a fixture)

# A 1x1 PNG: a real image the picture loader accepts.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

SETUP = (
    "import cjm_widgets as cjm\n"
    "j = cjm.templates.load('colleen-vacuum')\n"
    "people = j.personas\n"
    "j.personas = [*people.to_dict('records'), {'persona': 'bob', 'name': 'Busy Bob', 'age': 35}]\n"
    "with_bob = j.touchpoints\n"
    "with_bob.loc[with_bob['id'].isin(['cv-03', 'cv-06']), 'persona'] = 'bob'\n"
    "with_bob.loc[with_bob['id'] == 'cv-01', 'persona'] = None\n"
    "j.touchpoints = with_bob\n"
)


@pytest.fixture
def lab_notebook(notebook: NotebookPage, lab: Lab, request: pytest.FixtureRequest) -> Iterator[NotebookPage]:
    (lab.root / "tiny.png").write_bytes(PNG)
    name = lab.write_notebook(f"personas_{request.node.name[:40]}.ipynb", SETUP + request.param)
    notebook.open(name).run_all()
    yield notebook
    notebook.shutdown_kernels()


def card(page: Page) -> Locator:
    return page.locator(".cjm-persona-card").first


def field(page: Page, name: str) -> Locator:
    return card(page).locator(f".cjm-field-value[data-field='{name}']")


@pytest.mark.parametrize("lab_notebook", ["card = cjm.PersonaCard(j)\ncard"], indirect=True)
def test_persona_card_edits_reach_journey_personas(lab_notebook: NotebookPage, tmp_path: Path) -> None:
    board, page = lab_notebook, lab_notebook.page
    expect(field(page, "name")).to_have_text("Curious Colleen", timeout=30_000)
    field(page, "name").click()
    editor = card(page).locator(".cjm-field-editor")
    expect(editor).to_be_focused()
    editor.fill("Colleen <i>the careful</i>")
    editor.press("Enter")
    expect(field(page, "name")).to_have_text("Colleen <i>the careful</i>")
    assert board.kernel_value("j.personas.set_index('persona').loc['colleen', 'name']") == "Colleen <i>the careful</i>"

    # Keyboard: Enter on a field opens it; the age is stored as a number.
    field(page, "age").focus()
    page.keyboard.press("Enter")
    editor = card(page).locator(".cjm-field-editor")
    expect(editor).to_be_focused()
    editor.fill("41")
    editor.press("Enter")
    expect(field(page, "age")).to_have_text("41", timeout=30_000)
    assert board.kernel_value("j.personas.set_index('persona').loc['colleen', 'age']") == 41.0

    # Multi-line goals: Shift+Enter is a new line, Enter saves.
    field(page, "goals").click()
    editor = card(page).locator(".cjm-field-editor")
    editor.fill("Buy once")
    editor.press("Shift+Enter")
    editor.type("购买耐用的产品")
    editor.press("Enter")
    assert board.kernel_value("j.personas.set_index('persona').loc['colleen', 'goals']") == "Buy once\n购买耐用的产品"

    # Python-side changes redraw the card.
    board.run_code(
        "p = j.personas\np.loc[p['persona'] == 'colleen', 'quote'] = 'Es gribu, lai tas kalpo ilgi.'\nj.personas = p"
    )
    expect(field(page, "quote")).to_have_text("Es gribu, lai tas kalpo ilgi.", timeout=30_000)

    # A picture chosen in the page is embedded as a data URL; one loaded from Python shows too.
    picture = tmp_path / "face.png"
    picture.write_bytes(PNG)
    card(page).locator(".cjm-picture-input").set_input_files(str(picture))
    expect(card(page).locator(".cjm-picture img")).to_have_count(1, timeout=30_000)
    assert board.kernel_value("j.personas['picture'].iloc[0][:22]") == "data:image/png;base64,"
    card(page).locator(".cjm-picture-remove").click()
    expect(card(page).locator(".cjm-picture img")).to_have_count(0, timeout=30_000)
    assert board.kernel_value("bool(j.personas['picture'].isna().iloc[0])") is True
    board.run_code("card.load_picture('tiny.png')")
    expect(card(page).locator(".cjm-picture img")).to_have_count(1, timeout=30_000)


def option(page: Page, persona: str) -> Locator:
    return page.locator(f".cjm-journey-map .cjm-persona-option[data-persona='{persona}']")


def touchpoint_ids(page: Page) -> list[str]:
    cells = page.locator(".cjm-journey-map .cjm-lane-cell[data-lane='touchpoint'][data-id]")
    return [c.get_attribute("data-id") or "" for c in cells.all()]


@pytest.mark.parametrize("lab_notebook", ["m = cjm.JourneyMap(j)\nm"], indirect=True)
def test_persona_switcher_filters_the_map(lab_notebook: NotebookPage) -> None:
    board, page = lab_notebook, lab_notebook.page
    expect(option(page, "")).to_have_attribute("aria-checked", "true", timeout=30_000)
    expect(option(page, "bob")).to_have_text("Busy Bob")
    all_ids = touchpoint_ids(page)
    assert len(all_ids) == board.kernel_value("len(m.touchpoints)")
    # With All, each persona's emotion dots wear their own colour.
    expect(page.locator(".cjm-emotion-point.cjm-persona-1")).to_have_count(2)

    # ... and each persona has its own line in its colour, carried over the other's columns
    # (Bob's from cv-03 to cv-06), named once at its end, where the name covers no other text.
    def emotion_cell(touchpoint: str) -> Locator:
        return page.locator(f".cjm-journey-map .cjm-lane-cell[data-lane='emotion'][data-id='{touchpoint}']")

    between = all_ids[all_ids.index("cv-03") : all_ids.index("cv-06") + 1]
    for touchpoint in between:
        expect(emotion_cell(touchpoint).locator(".cjm-emotion-curve path.cjm-persona-1").first).to_be_attached()
    expect(emotion_cell("cv-04").locator("path.cjm-persona-1")).to_have_css("stroke", "rgb(230, 159, 0)")
    names = page.locator(".cjm-journey-map .cjm-emotion-line-label")
    expect(names).to_have_count(2)
    expect(emotion_cell("cv-06").locator(".cjm-emotion-line-label")).to_have_text("Busy Bob")
    label = emotion_cell("cv-06").locator(".cjm-emotion-line-label").bounding_box()
    assert label is not None and label["width"] > 0
    for other in (".cjm-emotion-point", ".cjm-emotion-score"):
        box = emotion_cell("cv-06").locator(other).bounding_box()
        assert box is not None
        apart = label["y"] >= box["y"] + box["height"] or box["y"] >= label["y"] + label["height"]
        assert apart or label["x"] >= box["x"] + box["width"], f"Bob's name covers {other}"

    option(page, "bob").click()
    expect(option(page, "bob")).to_have_attribute("aria-checked", "true")
    # Bob sees his touchpoints and the shared one (no persona), not Colleen's.
    expect(page.locator(".cjm-journey-map .cjm-lane-cell[data-lane='touchpoint'][data-id]")).to_have_count(3)
    assert touchpoint_ids(page) == ["cv-01", "cv-03", "cv-06"]
    assert board.kernel_value("m.persona") == "bob"

    # Python sets it back to All: the page follows.
    board.run_code("m.persona = None")
    expect(option(page, "")).to_have_attribute("aria-checked", "true", timeout=30_000)
    expect(page.locator(".cjm-journey-map .cjm-lane-cell[data-lane='touchpoint'][data-id]")).to_have_count(len(all_ids))

    # Keyboard: arrows move through All / Colleen / Bob and pick.
    option(page, "").focus()
    page.keyboard.press("ArrowRight")
    expect(option(page, "colleen")).to_be_focused()
    expect(option(page, "colleen")).to_have_attribute("aria-checked", "true")
    expect(page.locator(".cjm-journey-map .cjm-lane-cell[data-lane='touchpoint'][data-id]")).to_have_count(
        len(all_ids) - 2, timeout=30_000
    )
    assert board.kernel_value("m.persona") == "colleen"
    board.run_code("m.persona = 'bob'")
    expect(option(page, "bob")).to_have_attribute("aria-checked", "true", timeout=30_000)
    assert touchpoint_ids(page) == ["cv-01", "cv-03", "cv-06"]


@pytest.mark.usefixtures("dark_lab")
def test_empathy_map_and_persona_card_are_readable_in_the_dark_theme(notebook: NotebookPage, lab: Lab) -> None:
    name = lab.write_notebook(
        "personas_dark.ipynb",
        "import cjm_widgets as cjm\nj = cjm.templates.load('colleen-vacuum')\ncjm.PersonaCard(j)",
        "cjm.EmpathyMap([{'quadrant': q, 'text': f'A {q} note'} for q in ('says', 'pains', 'gains')])",
    )
    notebook.open(name).run_all()
    page = notebook.page
    checks = {
        ".cjm-persona-card .cjm-field-value": page.locator(".cjm-persona-card .cjm-field-value").first,
        ".cjm-persona-card .cjm-field-label": page.locator(".cjm-persona-card .cjm-field-label").first,
        ".cjm-note-text": page.locator(".cjm-empathy-map .cjm-note-text").first,
        ".cjm-quadrant-title (pains)": page.locator(".cjm-quadrant-pains .cjm-quadrant-title"),
        ".cjm-quadrant-hint": page.locator(".cjm-empathy-map .cjm-quadrant-hint").first,
    }
    for selector, node in checks.items():
        expect(node).to_be_visible(timeout=30_000)
        result = node.evaluate(CONTRAST)
        assert result["ratio"] >= 4.5, f"{selector} contrast {result['ratio']:.2f} in the dark theme"
        assert result["bgLum"] < 0.2, f"{selector} sits on a light background in the dark theme"
    notebook.shutdown_kernels()
