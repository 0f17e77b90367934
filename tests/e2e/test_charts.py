"""The bqplot charts in real JupyterLab: drag a point of the emotion curve and of the priority
matrix with the mouse, click a bar of the metrics panel, and check the kernel and the map."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from .lab import Lab
from .notebook_page import NotebookPage

SETUP = (
    "import cjm_widgets as cjm, pandas as pd\n"
    "j = cjm.templates.load('sales-funnel-4')\n"
    "j.metrics = pd.DataFrame({\n"
    "    'stage': ['Investigate', 'Compare & decide', 'Purchase', 'Set up & give feedback'] * 2,\n"
    "    'metric': ['conversion'] * 4 + ['users'] * 4,\n"
    "    'value': [0.6, 0.35, float('nan'), 0.8, 1000, 600, 210, 170],\n"
    "})\n"
    "m = cjm.JourneyMap(j)\n"
    "edits = []\n"
    "m.on_edit(edits.append)\n"
    "m",
    "curve = cjm.EmotionCurve(m)\ncurve",
    "panel = cjm.MetricsPanel(m)\npanel",
    "matrix = cjm.PriorityMatrix(m)\nmatrix",
)

# The centre of the draggable point of a touchpoint (named by its text): the last scatter drawn
# with that name is the draggable one (peak/end rings are drawn below it).
_POINT = """([figure, name]) => {
  const groups = [...document.querySelectorAll(`.${figure} g.object_grp`)]
    .filter(g => g.querySelector('text.dot_text')?.textContent === name);
  if (!groups.length) return null;
  const r = groups.at(-1).querySelector('path.dot').getBoundingClientRect();
  return {x: r.x + r.width / 2, y: r.y + r.height / 2};
}"""


@pytest.fixture
def charts(notebook: NotebookPage, lab: Lab, request: pytest.FixtureRequest) -> Iterator[NotebookPage]:
    name = lab.write_notebook(f"charts_{request.node.name[:40]}.ipynb", *SETUP)
    notebook.open(name).run_all()
    for figure in ("cjm-chart-emotion", "cjm-chart-metrics", "cjm-chart-priority"):
        expect(notebook.page.locator(f".{figure} svg").first).to_be_visible(timeout=30_000)
    yield notebook
    notebook.shutdown_kernels()


def point(page: Page, figure: str, name: str) -> dict[str, float]:
    page.locator(f".{figure}").first.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_function(f"() => ({_POINT})({[figure, name]!r}) !== null", timeout=30_000)
    found = page.evaluate(_POINT, [figure, name])
    assert found, name
    return found  # type: ignore[no-any-return]


def drag(page: Page, start: dict[str, float], x: float, y: float) -> None:
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(x, y, steps=10)
    page.mouse.up()


def touchpoint_name(notebook: NotebookPage, row_id: str) -> str:
    return str(notebook.kernel_value(f"m.touchpoints.set_index('id').loc['{row_id}', 'touchpoint']"))


def test_drag_on_the_emotion_curve_reaches_the_dataframe_and_the_map(charts: NotebookPage) -> None:
    page = charts.page
    # Pixels per emotion point, from two points whose emotions are known: sf-10 (+2) and sf-04 (-1.5).
    top_name, name = touchpoint_name(charts, "sf-10"), touchpoint_name(charts, "sf-04")
    top = point(page, "cjm-chart-emotion", top_name)
    start = point(page, "cjm-chart-emotion", name)
    per_point = (start["y"] - top["y"]) / 3.5
    drag(page, start, start["x"], start["y"] - 2.5 * per_point)  # -1.5 -> +1
    # The drop reached the kernel before this cell runs (one channel, in order).
    assert charts.kernel_value("float(m.touchpoints.set_index('id').loc['sf-04', 'emotion'])") == 1.0
    dot = page.locator(".cjm-journey-map .cjm-emotion-dot[data-id='sf-04']")
    dot.scroll_into_view_if_needed()
    expect(dot).to_have_attribute("aria-valuenow", "1", timeout=30_000)
    assert charts.kernel_value("[(e.kind, e.id, e.column, e.new, e.origin) for e in edits]") == [
        ["set", "sf-04", "emotion", 1.0, "view"]
    ]
    # A Python-side edit moves the point on the curve.
    charts.run_code("with m.edit() as df:\n    df.loc[df['id'] == 'sf-04', 'emotion'] = -2.0\n")
    # Measured against sf-10 (+2) in the same instant, so scrolling in between cannot matter: 4 points below.
    page.wait_for_function(
        f"() => Math.abs(({_POINT})({['cjm-chart-emotion', name]!r}).y"
        f" - ({_POINT})({['cjm-chart-emotion', top_name]!r}).y - {4 * per_point}) < 3",
        timeout=30_000,
    )


def test_bar_click_selects_the_stage_on_the_map_and_back(charts: NotebookPage) -> None:
    page = charts.page
    funnel = page.locator(".cjm-chart-metrics-funnel rect.bar")
    expect(funnel).to_have_count(4)
    funnel.first.evaluate("e => e.scrollIntoView({block: 'center'})")
    funnel.nth(2).click()
    header = page.locator(".cjm-journey-map .cjm-stage-header[data-stage='Purchase']")
    expect(header).to_have_class(re.compile(r"\bcjm-selected\b"), timeout=30_000)
    assert charts.kernel_value("m.selected_stage") == "Purchase"
    # The rate chart draws no bar for Purchase (NaN conversion), not even a zero-height one.
    heights = page.evaluate(
        "() => [...document.querySelectorAll('.cjm-chart-metrics-rates rect.bar')].map(r => r.getBBox().height)"
    )
    assert [h > 0 for h in heights] == [True, True, False, True]
    # Selecting on the map (here from Python) highlights the stage's bars in the panel.
    charts.run_code("m.selected_stage = 'Investigate'")
    expect(header).not_to_have_class(re.compile(r"\bcjm-selected\b"), timeout=30_000)
    assert charts.kernel_value("[b.selected.tolist() for b in panel.bars.values()]") == [[0], [0]]
    # New metrics assigned in Python redraw the bars: Purchase gets its conversion bar.
    charts.run_code("t = j.metrics\nt.loc[t['value'].isna(), 'value'] = 0.9\nm.metrics = t")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.cjm-chart-metrics-rates rect.bar')]"
        ".filter(r => r.getBBox().height > 0).length === 4",
        timeout=30_000,
    )


_TICKS = """(figure) => [...document.querySelectorAll(`.${figure} g.tick`)].map(t => {
  const r = t.getBoundingClientRect();
  return {text: t.textContent.trim(), x: r.x + r.width / 2, y: r.y + r.height / 2};
})"""


def test_drag_in_the_priority_matrix_writes_impact_and_effort(charts: NotebookPage) -> None:
    page = charts.page
    name = touchpoint_name(charts, "sf-08")
    start = point(page, "cjm-chart-priority", name)  # unrated: waits in the row below the matrix
    ticks = page.evaluate(_TICKS, "cjm-chart-priority")
    twos, fours = ([t for t in ticks if t["text"] == label] for label in ("2", "4"))
    # Each axis has a '2' and a '4': the x axis ones lie lowest on screen, the y axis ones leftmost.
    x2, x4 = (max(ts, key=lambda t: t["y"])["x"] for ts in (twos, fours))
    y2, y4 = (min(ts, key=lambda t: t["x"])["y"] for ts in (twos, fours))
    per_x, per_y = (x4 - x2) / 2, (y2 - y4) / 2
    drag(page, start, x2 + 2.5 * per_x, y2 + 0.5 * per_y)  # to impact 4.5, effort 1.5
    # The drop reached the kernel before this cell runs (one channel, in order).
    row = charts.kernel_value("m.touchpoints.set_index('id').loc['sf-08', ['impact', 'effort']].tolist()")
    assert row == [4.5, 1.5]
    assert charts.kernel_value("[(e.id, e.column, e.new, e.origin) for e in edits if e.kind == 'set']") == [
        ["sf-08", "impact", 4.5, "view"],
        ["sf-08", "effort", 1.5, "view"],
    ]
    assert charts.kernel_value("m.action_plan()['touchpoint_id'].iloc[0]") == "sf-08"
    # A Python-side rating moves the point.
    charts.run_code("m.journey.apply({'op': 'set', 'id': 'sf-08', 'column': 'impact', 'value': 2})")
    page.wait_for_function(f"() => Math.abs(({_POINT})({['cjm-chart-priority', name]!r}).x - {x2}) < 3", timeout=30_000)


def test_keyboard_sets_an_emotion_and_downloads_the_curve(charts: NotebookPage) -> None:
    page = charts.page
    controls = page.locator(".cjm-chart-keyboard").first
    controls.evaluate("e => e.scrollIntoView({block: 'center'})")
    controls.locator("select").select_option(label="Purchase · " + touchpoint_name(charts, "sf-08") + " (marco)")
    field = controls.locator(".cjm-chart-field-emotion input")
    expect(field).to_have_value("-1")
    field.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("1.5")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector(\".cjm-emotion-dot[data-id='sf-08']\")?.getAttribute('aria-valuenow') === '1.5'",
        timeout=30_000,
    )
    assert charts.kernel_value("float(m.touchpoints.set_index('id').loc['sf-08', 'emotion'])") == 1.5
    # The PNG button is a real button: focus it and press Enter; the browser downloads the picture.
    button = page.locator(".cjm-download.cjm-download-png").first  # the chart's, not the map toolbar's
    button.focus()
    with page.expect_download(timeout=30_000) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "emotion-curve.png"


# Luminance of an SVG element's computed fill (text and shapes in bqplot are painted with fill).
_FILL_LUMINANCE = """(el) => {
  const [r, g, b] = (getComputedStyle(el).fill.match(/[\\d.]+/g) || []).map(Number);
  const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}"""


@pytest.fixture
def dark_charts(lab: Lab, notebook: NotebookPage) -> Iterator[NotebookPage]:
    lab.set_theme("JupyterLab Dark")
    try:
        name = lab.write_notebook("charts_dark.ipynb", SETUP[0], SETUP[1])
        notebook.open(name).run_all()
        yield notebook
    finally:
        lab.set_theme("JupyterLab Light")
        notebook.shutdown_kernels()


def test_charts_follow_the_dark_theme(dark_charts: NotebookPage) -> None:
    page = dark_charts.page
    figure = page.locator(".cjm-chart-emotion").first
    expect(figure.locator("svg").first).to_be_visible(timeout=30_000)
    figure.evaluate("e => e.scrollIntoView({block: 'center'})")
    stage_name = figure.locator("text.label", has_text="Purchase").first
    band = figure.locator("path.line").first  # the first stage's shaded band
    text, shade = stage_name.evaluate(_FILL_LUMINANCE), band.evaluate(_FILL_LUMINANCE)
    assert text > 0.5 and shade < 0.1, (text, shade)  # light text on a dark band
    assert (text + 0.05) / (shade + 0.05) >= 4.5
    tick = figure.locator("g.tick text").first
    assert tick.evaluate(_FILL_LUMINANCE) > 0.3  # bqplot's axes use JupyterLab's colours too


def test_board_shows_map_and_charts_bound_to_one_journey(notebook: NotebookPage, lab: Lab) -> None:
    name = lab.write_notebook(
        "charts_board.ipynb", SETUP[0].rsplit("m = cjm", 1)[0] + "board = cjm.JourneyBoard(j)\nboard"
    )
    notebook.open(name).run_all()
    page = notebook.page
    board = page.locator(".cjm-journey-board")
    for part in (".cjm-journey-map", ".cjm-chart-emotion", ".cjm-chart-priority", ".cjm-chart-metrics-funnel"):
        expect(board.locator(part).first).to_be_visible(timeout=30_000)
    bar = board.locator(".cjm-chart-metrics-funnel rect.bar").nth(1)
    bar.evaluate("e => e.scrollIntoView({block: 'center'})")
    bar.click()
    assert notebook.kernel_value("board.map.selected_stage") == "Compare & decide"
    header = board.locator(".cjm-journey-map .cjm-stage-header[data-stage='Compare & decide']")
    expect(header).to_have_class(re.compile(r"\bcjm-selected\b"), timeout=30_000)
    notebook.shutdown_kernels()
