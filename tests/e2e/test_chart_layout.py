"""How the bqplot charts read in real JupyterLab, at two window sizes: no missing-value word
("NaN", "None", ...) printed anywhere, value labels above their bars, the priority matrix's
quadrants named, the emotion curve's points named on its axis, and no text overlapping other
text or clipped by its figure."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .lab import Lab
from .notebook_page import NotebookPage

# Two stages have no csat and one no users: their bars are gaps, and must print nothing.
SETUP = (
    "import cjm_widgets as cjm, pandas as pd\n"
    "j = cjm.templates.load('sales-funnel-4')\n"
    "stages = list(j.stage_names)\n"
    "j.metrics = pd.DataFrame({\n"
    "    'stage': stages * 2,\n"
    "    'metric': ['csat'] * 4 + ['users'] * 4,\n"
    "    'value': [4.2, float('nan'), float('nan'), 3.1, 1000, 866, float('nan'), 12],\n"
    "})\n"
    "m = cjm.JourneyMap(j)\n"
    "m",
    "panel = cjm.MetricsPanel(m)\npanel",
    "matrix = cjm.PriorityMatrix(m)\nmatrix",
    "curve = cjm.EmotionCurve(m)\ncurve",
)
CHARTS = ("cjm-chart-metrics", "cjm-chart-priority", "cjm-chart-emotion")
MISSING = re.compile(r"\b(NaN|nan|None|NaT)\b|<NA>")

# Every non-empty SVG text of the charts, with its figure's class, its box and its figure's box.
_TEXTS = """(classes) => classes.flatMap(cls => [...document.querySelectorAll(`.${cls}`)].flatMap((fig, n) => {
  const f = fig.getBoundingClientRect();  // bqplot draws axes and marks in separate svgs
  return [...fig.querySelectorAll('svg text')].filter(t => t.textContent.trim() && t.getBBox().width > 0)
    .map(t => { const r = t.getBoundingClientRect();
      return {figure: `${cls}#${n}`, text: t.textContent.trim(), kind: t.getAttribute('class') || '',
              box: [r.left, r.top, r.right, r.bottom], frame: [f.left, f.top, f.right, f.bottom]}; });
}))"""

# Each bar's top and the value printed for it, per score/funnel figure.
_BARS_AND_VALUES = """() => [...document.querySelectorAll('.cjm-chart-metrics')].map(fig => ({
  bars: [...fig.querySelectorAll('rect.bar')].map(b => { const r = b.getBoundingClientRect();
    return {x: r.left + r.width / 2, top: r.top, height: r.height}; }),
  values: [...fig.querySelectorAll('text.label')].filter(t => t.textContent.trim())
    .map(t => { const r = t.getBoundingClientRect();
      return {text: t.textContent.trim(), x: r.left + r.width / 2, bottom: r.bottom}; }),
}))"""


@pytest.fixture(params=[(1600, 1000), (1000, 760)], ids=["1600x1000", "1000x760"])
def charts(notebook: NotebookPage, lab: Lab, request: pytest.FixtureRequest) -> Iterator[NotebookPage]:
    width, height = request.param
    notebook.page.set_viewport_size({"width": width, "height": height})
    name = lab.write_notebook(f"layout_{width}.ipynb", *SETUP)
    notebook.open(name).run_all()
    for figure in CHARTS:
        expect(notebook.page.locator(f".{figure} svg").first).to_be_visible(timeout=30_000)
    # Bars and their printed values are separate marks: wait for both (5 known values).
    notebook.page.wait_for_function(
        "() => document.querySelectorAll('.cjm-chart-metrics rect.bar').length > 0"
        " && document.querySelectorAll('.cjm-chart-metrics text.label').length === 5",
        timeout=30_000,
    )
    yield notebook
    notebook.shutdown_kernels()


def _overlap(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def _clipped(box: list[float], frame: list[float]) -> bool:
    return box[0] < frame[0] - 0.5 or box[1] < frame[1] - 0.5 or box[2] > frame[2] + 0.5 or box[3] > frame[3] + 0.5


def _texts(charts: NotebookPage) -> list[dict[str, Any]]:
    for figure in CHARTS:  # in view, so the notebook has laid them out
        charts.page.locator(f".{figure}").first.evaluate("e => e.scrollIntoView({block: 'center'})")
    found: list[dict[str, Any]] = charts.page.evaluate(_TEXTS, list(CHARTS))
    assert found, "no chart text rendered"
    return found


def test_no_missing_value_words_in_the_charts(charts: NotebookPage) -> None:
    shown = [t["text"] for t in _texts(charts)]
    assert [t for t in shown if MISSING.search(t)] == []
    # The printed values are the known ones, formatted like the axis; the gaps print nothing.
    assert {"4.2", "3.1", "1,000", "866", "12"} <= set(shown)


def test_values_sit_above_their_bars(charts: NotebookPage) -> None:
    for figure in charts.page.evaluate(_BARS_AND_VALUES):
        drawn = [b for b in figure["bars"] if b["height"] > 0]
        assert len(drawn) == len(figure["values"]), figure
        for value in figure["values"]:
            bar = min(drawn, key=lambda b: abs(b["x"] - value["x"]))
            assert abs(bar["x"] - value["x"]) < 2, (value, bar)
            assert value["bottom"] <= bar["top"] + 0.5, (value, bar)  # above the top, never inside or below


@pytest.mark.parametrize("chart", CHARTS)
def test_chart_text_neither_overlaps_nor_is_clipped(charts: NotebookPage, chart: str) -> None:
    # All text of each figure, the priority matrix's placed point names included (bqplot's own
    # names beside each point, dot_text, are switched off there and have no text to collide).
    texts = [t for t in _texts(charts) if t["figure"].startswith(chart) and "dot_text" not in t["kind"]]
    assert texts
    for i, a in enumerate(texts):
        assert not _clipped(a["box"], a["frame"]), a
        for b in texts[i + 1 :]:
            if a["figure"] == b["figure"]:
                assert not _overlap(a["box"], b["box"]), (a, b)


def test_emotion_curve_names_its_points_on_the_axis(charts: NotebookPage) -> None:
    names = charts.kernel_value("[str(n) for n in j.touchpoints['touchpoint']]")
    found = charts.page.evaluate(_AXIS_NAMES_AND_POINTS)
    ticks, points = found["ticks"], found["points"]
    # Every touchpoint named in map order; a long name is cut, its full text on the point's hover.
    assert len(ticks) == len(names) and any(t["text"].endswith("…") for t in ticks)
    shown = [t["text"].rstrip("…") for t in ticks]
    assert shown == [n[: len(cut)] for n, cut in zip(names, shown, strict=True)]
    for tick, name in zip(ticks, names, strict=True):
        assert abs(tick["x"] - points[name]) < 2, (tick, points[name])  # under its own point
    assert "Peak · End" in [t["text"] for t in _texts(charts)]  # neighbours: one label, not two on top


_AXIS_NAMES_AND_POINTS = """() => {
  const fig = document.querySelector('.cjm-chart-emotion');
  const ticks = [...fig.querySelectorAll('g.tick text')]
    .filter(t => t.textContent.trim() && !/^-?[0-9.]+$/.test(t.textContent))
    .map(t => { const r = t.getBoundingClientRect();
      return {text: t.textContent.replace(/[\u200b-\u200d]/g, ''), x: r.left + r.width / 2}; });
  const points = {};
  for (const g of fig.querySelectorAll('g.object_grp')) {
    const name = g.querySelector('text.dot_text')?.textContent, dot = g.querySelector('path.dot');
    if (name && dot) { const r = dot.getBoundingClientRect(); points[name] = r.left + r.width / 2; }
  }
  return {ticks, points};
}"""


def test_priority_matrix_names_its_quadrants(charts: NotebookPage) -> None:
    texts = [t for t in _texts(charts) if t["figure"].startswith("cjm-chart-priority")]
    names = {"Quick wins", "Major projects", "Fill-ins", "Thankless tasks"}
    quadrants = {t["text"]: t for t in texts if t["text"] in names}
    assert set(quadrants) == names
    # Effort on y: quick wins bottom right (high impact, low effort), thankless tasks top left.
    qw, tt = quadrants["Quick wins"]["box"], quadrants["Thankless tasks"]["box"]
    assert qw[0] > tt[2] and qw[1] > tt[3]
