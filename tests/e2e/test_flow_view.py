"""FlowView in real JupyterLab: clicking or pressing Enter on a flow selects its touchpoints on the
linked map (kernel and page), the map's stage highlights flows, and conformance markers show.

One notebook (a map built from a synthetic event log, its FlowView and the conformance result)
serves every test of this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .lab import Lab
from .notebook_page import NotebookPage
from .test_themes import _CONTRAST

SETUP = (
    "import cjm_widgets as cjm\n"
    "from IPython.display import display\n"
    "KW = dict(user='user_id', time='timestamp', touchpoint='touchpoint')\n"
    "log = cjm.datasets.events(n_users=300, seed=1)\n"
    "m = cjm.JourneyMap(cjm.from_events(log, **KW, stage='stage'))\n"
    "fv = cjm.FlowView(log, **KW, map=m, n=8)\n"
    "display(fv, m)"
)


@pytest.fixture(scope="module")
def board(browser: Browser, lab: Lab) -> Iterator[NotebookPage]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(lab.url) else route.abort(),
    )
    notebook = NotebookPage(context.new_page(), lab)
    # A last cell after the widgets: reading the kernel (a new cell below it) takes the focus
    # off the flow view, as a person's click on another cell does.
    notebook.open(lab.write_notebook("flow_view.ipynb", SETUP, "print('ready')")).run_all()
    expect(notebook.page.locator(".cjm-flow-view path.cjm-flow-link").first).to_be_visible(timeout=30_000)
    yield notebook
    notebook.shutdown_kernels()
    context.close()


def bands(page: Page) -> Locator:
    return page.locator(".cjm-flow-view path.cjm-flow-link")


def selected_cards(page: Page) -> Locator:
    return page.locator(".cjm-journey-map .cjm-lane-touchpoint.cjm-selected")


def assert_flow_selected_on_map(board: NotebookPage, band: Locator) -> None:
    """The kernel's fv.selected is this band's flow; the map's selection is that flow's touchpoints."""
    page = board.page
    flow_from, flow_to = band.get_attribute("data-from"), band.get_attribute("data-to")
    expect(band).to_have_attribute("aria-pressed", "true", timeout=30_000)
    # The map's cards change only after the kernel took the selection: wait for them first.
    page.wait_for_function(
        """(want) => {
          const cards = document.querySelectorAll('.cjm-journey-map .cjm-lane-touchpoint.cjm-selected');
          const names = [...cards].map((c) => c.querySelector('.cjm-touchpoint-text')?.textContent ?? '');
          return JSON.stringify(names.sort()) === JSON.stringify(want);
        }""",
        arg=sorted({flow_from, flow_to}),
        timeout=30_000,
    )
    assert board.kernel_value("[fv.selected['from'], fv.selected['to']]") == [flow_from, flow_to]
    ids = board.kernel_value("m.selected_touchpoints")
    names_in_kernel = board.kernel_value(
        "m.touchpoints.set_index('id').loc[m.selected_touchpoints, 'touchpoint'].tolist()"
    )
    assert sorted(names_in_kernel) == sorted({flow_from, flow_to})  # both ends of the flow, nothing else
    assert sorted(c.get_attribute("data-id") or "" for c in selected_cards(page).all()) == sorted(ids)


def test_click_and_keyboard_select_a_flow_on_the_linked_map(board: NotebookPage) -> None:
    page = board.page
    first, second = bands(page).nth(0), bands(page).nth(1)
    first.hover()
    expect(page.locator(".cjm-flow-details")).to_contain_text(f"{first.get_attribute('data-from')} →")
    first.click()
    assert_flow_selected_on_map(board, first)

    # Keyboard: the focused flow moves with the arrow keys, Enter selects it.
    first.focus()
    page.keyboard.press("ArrowDown")
    expect(second).to_be_focused()
    page.keyboard.press("Enter")
    assert_flow_selected_on_map(board, second)
    expect(first).to_have_attribute("aria-pressed", "false")

    # Escape on a focused flow clears the selection, on the map too.
    second.focus()
    page.keyboard.press("Escape")
    expect(selected_cards(page)).to_have_count(0, timeout=30_000)
    assert board.kernel_value("[fv.selected, m.selected_touchpoints]") == [None, []]


def test_python_selection_and_the_maps_stage_show_in_the_flow_view(board: NotebookPage) -> None:
    page = board.page
    flow = board.kernel_value("[fv.links[2]['from'], fv.links[2]['to']]")
    board.run_code(f"fv.selected = {{'from': {flow[0]!r}, 'to': {flow[1]!r}}}")
    assert_flow_selected_on_map(board, bands(page).nth(2))
    stage = board.kernel_value("fv.node_stages[fv.links[0]['from']]")
    board.run_code(f"m.selected_stage = {stage!r}")
    highlighted = page.locator(".cjm-flow-view path.cjm-flow-link.cjm-flow-highlight")
    expected = board.kernel_value(
        f"sum(fv.node_stages.get(x['from']) == {stage!r} or fv.node_stages.get(x['to']) == {stage!r} for x in fv.links)"
    )
    expect(highlighted).to_have_count(expected, timeout=30_000)
    expect(bands(page).nth(0)).to_have_class(re.compile(r"\bcjm-flow-highlight\b"))


def test_conformance_markers_appear_on_the_map(board: NotebookPage) -> None:
    page = board.page
    board.run_code("shown = cjm.show_conformance(m, cjm.conformance(m.journey, log, **KW))")
    markers = board.kernel_value("shown.fillna('').to_dict('records')")
    assert markers, "the synthetic log has deviations"
    on_map = page.locator(".cjm-journey-map .cjm-marker[data-source='conformance']")
    expect(on_map).to_have_count(len(markers), timeout=30_000)
    first = next(x for x in markers if x["touchpoint_id"])
    card = page.locator(f".cjm-journey-map [data-lane='touchpoint'][data-id='{first['touchpoint_id']}']")
    badge = card.locator(f".cjm-marker[data-source='conformance'][data-kind='{first['kind']}']").first
    expect(badge).to_contain_text(first["label"])
    check = page.locator(".cjm-journey-map .cjm-stage-header .cjm-marker[data-kind='check']")
    expect(check).to_contain_text("follow the plan")
    board.run_code("m.show_markers('conformance', None)")
    expect(on_map).to_have_count(0, timeout=30_000)


def test_flow_view_is_readable_in_the_dark_theme(lab: Lab, browser: Browser) -> None:
    lab.set_theme("JupyterLab Dark")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(lab.url) else route.abort())
    notebook = NotebookPage(context.new_page(), lab)
    try:
        code = (
            "import cjm_widgets as cjm\n"
            "log = cjm.datasets.events(n_users=100, seed=3)\n"
            "cjm.FlowView(log, user='user_id', time='timestamp', touchpoint='touchpoint', n=5)"
        )
        notebook.open(lab.write_notebook("flow_view_dark.ipynb", code)).run_all()
        view = notebook.page.locator(".cjm-flow-view").first
        expect(view.locator("path.cjm-flow-link").first).to_be_visible(timeout=30_000)
        for selector in (".cjm-flow-label", ".cjm-flow-details"):
            result = view.locator(selector).first.evaluate(_CONTRAST)
            assert result["ratio"] >= 4.5, f"{selector} contrast {result['ratio']:.2f} in the dark theme"
            assert result["bgLum"] < 0.2, f"{selector} sits on a light background in the dark theme"
        notebook.shutdown_kernels()
    finally:
        lab.set_theme("JupyterLab Light")
        context.close()
