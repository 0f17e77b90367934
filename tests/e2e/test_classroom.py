"""Classroom features in real JupyterLab: a locked frame, check markers, the %%journey magic, languages.

Each test does what a student or teacher does in the page and reads the kernel (or changes the
map in Python and reads the page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from .lab import Lab
from .notebook_page import NotebookPage

EXERCISE = (
    "import cjm_widgets as cjm\n"
    "j = cjm.Journey([\n"
    "    {'id': 'a', 'stage': 'Awareness', 'touchpoint': 'Sees an ad', 'thought': 'Looks nice'},\n"
    "    {'id': 'b', 'stage': 'Purchase', 'touchpoint': 'Pays online', 'pain_point': 'Card refused'},\n"
    "], stages=['Awareness', 'Purchase', 'Use'])\n"
    "m = cjm.JourneyMap(j, locked=['touchpoint', 'thought', 'Awareness'])\n"
    "frame = m.touchpoints.copy()\n"
    "m"
)


@pytest.fixture
def exercise(notebook: NotebookPage, lab: Lab) -> Iterator[NotebookPage]:
    notebook.open(lab.write_notebook("classroom_exercise.ipynb", EXERCISE)).run_all()
    expect(map_root(notebook.page)).to_be_visible()
    yield notebook
    notebook.shutdown_kernels()


def map_root(page: Page) -> Locator:
    return page.locator(".cjm-journey-map").first


def cell(page: Page, row_id: str, lane: str) -> Locator:
    return map_root(page).locator(f".cjm-lane-cell[data-lane='{lane}'][data-id='{row_id}']")


def test_a_locked_frame_cannot_be_changed_in_the_page(exercise: NotebookPage) -> None:
    page = exercise.page
    root = map_root(page)
    expect(root.locator(".cjm-lane-label[data-lane='thought'] .cjm-lock")).to_have_count(1)
    expect(root.locator(".cjm-stage-header[data-stage='Awareness'] .cjm-lock")).to_have_count(1)
    expect(cell(page, "a", "thought")).to_have_class(re.compile(r"\bcjm-locked\b"))

    # A locked lane opens no editor; the page says why.
    cell(page, "a", "thought").dblclick()
    expect(root.locator(".cjm-editor")).to_have_count(0)
    expect(root.locator(".cjm-message")).to_contain_text("locked for this exercise")

    # Delete on a locked touchpoint reaches Python, which refuses it; the page shows its message.
    cell(page, "b", "touchpoint").focus()
    page.keyboard.press("Delete")
    expect(root.locator(".cjm-message")).to_contain_text(
        "touchpoints are locked for this exercise and cannot be deleted"
    )
    expect(cell(page, "b", "touchpoint")).to_contain_text("Pays online")

    # A locked stage cannot be renamed from its menu.
    root.locator(".cjm-stage-header[data-stage='Awareness'] .cjm-stage-menu").click()
    expect(root.locator(".cjm-menu [data-action='rename']")).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Escape")

    # The rest is the student's: an open lane edits as usual.
    cell(page, "b", "opportunity").dblclick()
    editor = root.locator(".cjm-editor")
    expect(editor).to_be_focused()
    editor.fill("Offer another way to pay")
    editor.press("Enter")
    expect(cell(page, "b", "opportunity")).to_contain_text("Offer another way to pay")

    assert (
        exercise.kernel_value("m.touchpoints.drop(columns='opportunity').equals(frame.drop(columns='opportunity'))")
        is True
    )
    assert exercise.kernel_value("m.touchpoints.set_index('id').loc['b', 'opportunity']") == "Offer another way to pay"
    assert exercise.kernel_value("m.stages['stage'].tolist()") == ["Awareness", "Purchase", "Use"]


def test_check_markers_appear_on_the_map(exercise: NotebookPage) -> None:
    page = exercise.page
    exercise.run_code("findings = cjm.check(m)")
    markers = map_root(page).locator(".cjm-marker[data-source='check']")
    expected = exercise.kernel_value("len(m.markers)")
    assert expected == 4  # two missing emotions, a pain point without an opportunity, an empty stage
    expect(markers).to_have_count(expected)
    expect(map_root(page).locator(".cjm-stage-header[data-stage='Use'] .cjm-marker")).to_contain_text(
        "has no touchpoints yet"
    )
    expect(cell(page, "b", "touchpoint").locator(".cjm-marker")).to_have_count(2)
    # Students fill in the gaps; running the checks again clears what is done.
    exercise.run_code(
        "with m.edit() as df:\n"
        "    df['emotion'] = [1.0, -1.0]\n"
        "    df.loc[df['id'] == 'b', 'opportunity'] = 'Offer PayPal'\n"
        "findings = cjm.check(m)"
    )
    expect(markers).to_have_count(1)
    expect(markers.first).to_contain_text("“Use” has no touchpoints yet")


def test_journey_magic_and_languages(notebook: NotebookPage, lab: Lab) -> None:
    name = lab.write_notebook(
        "classroom_magic.ipynb",
        "%load_ext cjm_widgets",
        "%%journey bike\n"
        "title: Buying a bike\n"
        "# Awareness\n"
        "- Sees an ad; channel: Instagram; emotion: 1; evidence: assumed\n"
        "# Purchase\n"
        "- Pays online\n"
        "  pain point: Card refused\n"
        "  evidence: observed",
        "import cjm_widgets as cjm\nzh = cjm.JourneyMap(bike.journey, language='zh', kind='future')\nzh",
        "cjm.JourneyMap(cjm.templates.load('digital-5-online-banking-zh'), language='zh')",
        "cjm.JourneyMap(cjm.templates.load('colleen-vacuum-lv'), language='lv')",
    )
    notebook.open(name).run_all()
    page = notebook.page
    try:
        english, chinese = page.locator(".cjm-journey-map").nth(0), page.locator(".cjm-journey-map").nth(1)
        expect(english.locator(".cjm-title")).to_have_text("Buying a bike")
        expect(english.locator(".cjm-touchpoint-text")).to_have_text(["Sees an ad", "Pays online"])
        expect(english.locator(".cjm-evidence")).to_have_text(["Assumed", "Observed"])
        assert notebook.kernel_value("type(bike).__name__") == "JourneyMap"
        assert notebook.kernel_value("bike.touchpoints['pain_point'].fillna('-').tolist()") == ["-", "Card refused"]

        expect(chinese).to_have_attribute("lang", "zh")
        expect(chinese.locator(".cjm-lane-label")).to_have_text(["触点", "行为", "想法", "情绪", "痛点", "机会"])
        expect(chinese.locator(".cjm-kind")).to_have_text("未来状态")
        expect(chinese.locator(".cjm-undo")).to_have_text("撤销")
        expect(chinese.locator(".cjm-evidence")).to_have_text(["假设", "已观察"])
        # Chinese and Latvian texts wrap inside their cards: no cell is wider than its column.
        for nth, language in ((2, "zh"), (3, "lv")):
            template = page.locator(".cjm-journey-map").nth(nth)
            expect(template).to_have_attribute("lang", language)
            expect(template.locator(".cjm-lane-cell").first).to_be_visible()
            overflowing = template.evaluate(
                "root => [...root.querySelectorAll('.cjm-lane-cell, .cjm-stage-header')]"
                ".filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent)"
            )
            assert overflowing == [], overflowing
        expect(page.locator(".cjm-journey-map").nth(2).locator(".cjm-stage-name").first).to_have_text("认知")
        # A Python-side change of the language relabels the page.
        notebook.run_code("zh.language = 'lv'")
        expect(chinese.locator(".cjm-lane-label").first).to_have_text("Saskares punkts")
        expect(chinese).to_have_attribute("lang", "lv")
    finally:
        notebook.shutdown_kernels()


def test_compare_shows_both_maps_with_their_differences(notebook: NotebookPage, lab: Lab) -> None:
    name = lab.write_notebook(
        "classroom_compare.ipynb",
        "import cjm_widgets as cjm\n"
        "now = cjm.Journey([\n"
        "    {'id': 'a', 'stage': 'Buy', 'touchpoint': 'Queue at till', 'emotion': -2, 'pain_point': 'Slow'},\n"
        "    {'id': 'b', 'stage': 'Buy', 'touchpoint': 'Pays cash', 'emotion': 0},\n"
        "])\n"
        "later = cjm.Journey([\n"
        "    {'id': 'a', 'stage': 'Buy', 'touchpoint': 'Pays in the app', 'emotion': 1},\n"
        "    {'id': 'n', 'stage': 'Buy', 'touchpoint': 'Gets a receipt by mail', 'emotion': 1},\n"
        "])\n"
        "view = cjm.compare(now, later)\n"
        "view",
    )
    notebook.open(name).run_all()
    page = notebook.page
    try:
        maps = page.locator(".cjm-comparison .cjm-journey-map")
        expect(maps).to_have_count(2)
        current, future = maps.nth(0), maps.nth(1)
        expect(future).to_have_class(re.compile(r"\bcjm-future\b"))
        expect(future.locator(".cjm-kind")).to_have_text("Future state")
        expect(current.locator(".cjm-undo")).to_have_count(0)  # both read-only
        expect(current.locator(".cjm-marker[data-kind='removed']")).to_have_count(1)
        expect(current.locator(".cjm-marker[data-kind='resolved']")).to_contain_text("Pain point resolved")
        expect(future.locator(".cjm-lane-cell[data-id='n'] .cjm-marker[data-kind='added']")).to_have_count(1)
        expect(future.locator(".cjm-stage-header .cjm-marker[data-kind='emotion']")).to_have_text("Emotion +2")
        assert notebook.kernel_value("view.differences['change'].tolist()") == [
            "added",
            "removed",
            "changed",
            "pain_resolved",
            "emotion",
        ]
    finally:
        notebook.shutdown_kernels()
