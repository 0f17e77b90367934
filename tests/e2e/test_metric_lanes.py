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
