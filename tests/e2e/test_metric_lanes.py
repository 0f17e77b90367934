"""Metric lanes in real JupyterLab: metrics assigned in Python appear on the map, and a person
switches a metric lane on in the lanes panel (the kernel's ``m.lanes`` follows)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from .lab import Lab
from .notebook_page import NotebookPage

SETUP = (
    "import numpy as np, pandas as pd\n"
    "import cjm_widgets as cjm\n"
    "m = cjm.JourneyMap(cjm.templates.load('sales-funnel-4'))\n"
    "m"
)

# Conversion of two touchpoints over three months (one month missing), CSAT of two stages.
METRICS = (
    "rows = [{'touchpoint_id': 'sf-04', 'metric': 'conversion', 'period': f'2024-{p:02d}', 'value': v}"
    " for p, v in ((1, 0.12), (2, 0.2), (3, 0.3))]\n"
    "rows += [{'touchpoint_id': 'sf-05', 'metric': 'conversion', 'period': p, 'value': v}"
    " for p, v in (('2024-01', 0.5), ('2024-02', 0.4), ('2024-03', np.nan))]\n"
    "rows += [{'stage': 'Investigate', 'metric': 'csat', 'value': 4.2},"
    " {'stage': 'Purchase', 'metric': 'csat', 'value': 3.1}]\n"
    "m.metrics = pd.DataFrame(rows)\n"
    "m.lanes = [*m.lanes, 'metric:conversion']"
)


@pytest.fixture
def board(notebook: NotebookPage, lab: Lab) -> Iterator[NotebookPage]:
    notebook.open(lab.write_notebook("metric_lanes.ipynb", SETUP)).run_all()
    expect(notebook.page.locator(".cjm-journey-map").first).to_be_visible(timeout=30_000)
    yield notebook
    notebook.shutdown_kernels()


def metric_cell(page: Page, lane: str, attr: str, value: str) -> Locator:
    row = page.locator(f".cjm-journey-map .cjm-metric-row[data-lane='metric:{lane}']")
    return row.locator(f".cjm-metric-cell[{attr}='{value}']").first


def test_metrics_from_python_show_in_their_lane_and_the_lanes_panel_adds_one(board: NotebookPage) -> None:
    page = board.page
    board.run_code(METRICS)

    # Python → page: latest value as a percentage, a sparkline over the periods, NaN as missing.
    latest = metric_cell(page, "conversion", "data-id", "sf-04")
    expect(latest.locator(".cjm-metric-value")).to_have_text("30%", timeout=30_000)
    expect(latest.locator("svg.cjm-sparkline path")).to_have_count(1)
    assert latest.locator("svg.cjm-sparkline path").get_attribute("d").count("L") == 2  # three periods joined
    missing = metric_cell(page, "conversion", "data-id", "sf-05")
    expect(missing.locator(".cjm-metric-value")).to_have_text("–")
    expect(missing).to_have_attribute("aria-label", "conversion, Free trial: missing")
    expect(metric_cell(page, "conversion", "data-id", "sf-01")).to_have_text("–")  # no row: missing, not 0

    # Hover/focus shows every period's value.
    latest.focus()
    details = page.locator(".cjm-journey-map .cjm-metric-details")
    expect(details).to_contain_text("Pricing page")
    expect(details).to_contain_text("2024-01")
    expect(details).to_contain_text("12%")

    # A new table from Python updates the lane in place.
    board.run_code("m.metrics = m.metrics.assign(value=m.metrics['value'].where(m.metrics['value'] != 0.3, 0.55))")
    expect(metric_cell(page, "conversion", "data-id", "sf-04").locator(".cjm-metric-value")).to_have_text("55%")

    # The lanes panel offers the other metric; switching it on shows the stage values and reaches the kernel.
    page.locator(".cjm-journey-map button.cjm-lanes-button").first.click()
    box = page.locator(".cjm-journey-map .cjm-lanes-panel input[data-lane='metric:csat']")
    expect(box).not_to_be_checked()
    box.check()
    stage_cell = metric_cell(page, "csat", "data-stage", "Investigate")
    expect(stage_cell).to_have_text("4.2", timeout=30_000)
    expect(stage_cell).to_have_attribute("aria-colspan", "3")  # spans the stage's three touchpoints
    expect(metric_cell(page, "csat", "data-stage", "Compare & decide")).to_have_text("–")
    assert board.kernel_value("m.lanes")[-2:] == ["metric:conversion", "metric:csat"]
    assert board.kernel_value("int(m.metrics['value'].isna().sum())") == 1  # NaN kept as NaN in the kernel

    # Saved with the notebook: reopened without a kernel's widgets, the lanes come back from the saved state.
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.jp-mod-current.jp-mod-dirty')")
    board.shutdown_kernels()
    page.reload()
    expect(metric_cell(page, "csat", "data-stage", "Investigate")).to_have_text("4.2", timeout=60_000)
    reopened = metric_cell(page, "conversion", "data-id", "sf-04")
    expect(reopened.locator(".cjm-metric-value")).to_have_text("55%")
    expect(reopened.locator("svg.cjm-sparkline path")).to_have_count(1)


# WCAG contrast of a metric cell's number against its tint blended over the page behind it.
_TINTED_CONTRAST = """(cell) => {
  const rgba = s => {
    const v = (s.match(/[\\d.]+/g) || []).map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let page = null;
  for (let n = cell.parentElement; n && !page; n = n.parentElement) {
    const c = rgba(getComputedStyle(n).backgroundColor);
    if (c[3] > 0.9) page = c;
  }
  page = page || [255, 255, 255, 1];
  const tint = rgba(getComputedStyle(cell).backgroundColor);
  const bg = [0, 1, 2].map(i => tint[i] * tint[3] + page[i] * (1 - tint[3]));
  const text = rgba(getComputedStyle(cell.querySelector('.cjm-metric-value')).color);
  const fg = [0, 1, 2].map(i => text[i] * text[3] + bg[i] * (1 - text[3]));
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return {ratio: (a + 0.05) / (b + 0.05), alpha: tint[3], pageLum: lum(page)};
}"""


@pytest.fixture
def dark_board(lab: Lab, notebook: NotebookPage) -> Iterator[NotebookPage]:
    lab.set_theme("JupyterLab Dark")
    try:
        notebook.open(lab.write_notebook("metric_lanes_dark.ipynb", SETUP, METRICS)).run_all()
        yield notebook
    finally:
        notebook.shutdown_kernels()
        lab.set_theme("JupyterLab Light")


def test_metric_values_stay_readable_on_their_tint_in_the_dark_theme(dark_board: NotebookPage) -> None:
    page = dark_board.page
    middle = metric_cell(page, "conversion", "data-id", "sf-04")  # 30% on a 12%..50% scale
    expect(middle.locator(".cjm-metric-value")).to_have_text("30%", timeout=30_000)
    page.locator(".cjm-journey-map button.cjm-lanes-button").first.click()
    page.locator(".cjm-journey-map .cjm-lanes-panel input[data-lane='metric:csat']").check()
    high = metric_cell(page, "csat", "data-stage", "Investigate")  # 4.2: the top of csat's scale
    low = metric_cell(page, "csat", "data-stage", "Purchase")  # 3.1: the bottom
    expect(high).to_have_text("4.2", timeout=30_000)
    results = {
        name: cell.evaluate(_TINTED_CONTRAST) for name, cell in (("middle", middle), ("high", high), ("low", low))
    }
    for name, result in results.items():
        assert result["pageLum"] < 0.2, "the dark theme's page is dark"
        assert result["alpha"] > 0, f"the {name} value is tinted"
        assert result["ratio"] >= 4.5, f"{name} value: contrast {result['ratio']:.2f} on its tint"
    assert (
        results["high"]["alpha"] > results["middle"]["alpha"] > results["low"]["alpha"]
    )  # stronger tint, higher value
