"""A chart's page may set only what bqplot's own interactions need: drags of its points, hovers, bar clicks.

Every message goes through ``Widget._handle_msg`` (``HostilePage``), as the
kernel delivers a browser's: plain bqplot would let a page set any trait of a
mark, axis, scale, tooltip or figure.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from typing import Any

import bqplot
import ipywidgets
import numpy as np
import pytest

import cjm_widgets as cjm
from cjm_widgets.charts.marks import PageMark

from ..hostile_page import HostilePage
from .journeys import with_metrics


def colleen() -> cjm.Journey:
    return with_metrics()


def snapshot(journey: cjm.Journey) -> dict[str, Any]:
    return {"journey": journey.to_dict(), "revision": journey.revision}


def widgets_under(root: ipywidgets.Widget) -> Iterator[ipywidgets.Widget]:
    """Every widget the page can reach from ``root`` (children, marks, axes, scales, tooltips...)."""
    seen: set[str] = set()
    stack = [root]
    while stack:
        widget = stack.pop()
        if widget.model_id in seen:
            continue
        seen.add(widget.model_id)
        yield widget
        for name in widget.keys:
            value = getattr(widget, name)
            values = value.values() if isinstance(value, dict) else value
            values = values if isinstance(values, (list, tuple, type({}.values()))) else [value]
            stack.extend(v for v in values if isinstance(v, ipywidgets.Widget))


def charts(source: Any) -> list[Any]:
    return [cjm.EmotionCurve(source), cjm.PriorityMatrix(source), cjm.MetricsPanel(source), cjm.JourneyBoard(colleen())]


def test_every_bqplot_widget_of_every_chart_is_guarded() -> None:
    m = cjm.JourneyMap(colleen())
    for chart in charts(m):
        found = [w for w in widgets_under(chart) if isinstance(w, bqplot.Figure | bqplot.Mark | bqplot.Axis)]
        assert found, type(chart).__name__
        bqplot_widgets = [w for w in widgets_under(chart) if w._model_module == "bqplot"]
        plain = [type(w).__name__ for w in bqplot_widgets if not isinstance(w, PageMark)]
        assert plain == [], type(chart).__name__


def test_the_page_cannot_set_a_charts_other_traits(caplog: pytest.LogCaptureFixture) -> None:
    m = cjm.JourneyMap(colleen())
    curve = cjm.EmotionCurve(m)
    before = snapshot(m.journey)
    points = curve.points[0]
    x, title = points.x.copy(), curve.figure.title
    attempts: list[tuple[ipywidgets.Widget, dict[str, Any]]] = [
        (points, {"x": [0.0] * len(x), "restrict_y": False, "enable_move": False, "names": ["owned"] * len(x)}),
        (curve.figure, {"title": "Owned", "marks": [], "fig_margin": {"top": 0}}),
        (curve.x_axis, {"label": "Owned", "tick_values": [1, 2]}),
        (curve.y_scale, {"min": 100.0, "max": 200.0}),
        (curve.stage_names, {"text": ["<b>owned</b>"]}),
        (curve.figure.scale_x, {"min": 5.0}),
    ]
    with caplog.at_level(logging.WARNING):
        for widget, state in attempts:
            kept = {k: widget.get_state(k)[k] for k in state}
            page = HostilePage(widget)
            page.update(**state)
            assert {k: widget.get_state(k)[k] for k in state} == kept, type(widget).__name__
            assert set(page.rolled_back()) == set(state)  # the page's copy goes back
    assert np.array_equal(points.x, x) and points.restrict_y and points.enable_move
    assert curve.figure.title == title and curve.y_scale.min < 0
    assert snapshot(m.journey) == before
    said = [r.getMessage() for r in caplog.records]
    assert any("'restrict_y'" in r and "may only be set from Python" in r for r in said)


def test_a_drag_from_the_page_edits_through_the_journey() -> None:
    m = cjm.JourneyMap(colleen())
    curve, matrix = cjm.EmotionCurve(m), cjm.PriorityMatrix(m)
    edits: list[Any] = []
    m.on_edit(edits.append)
    y = curve.points[0].y.tolist()
    y[1] = 1.3  # snapped to the curve's step, as a mouse drop is
    HostilePage(curve.points[0]).update(y=y)
    assert m.touchpoints.set_index("id").loc[curve._point_ids[0][1], "emotion"] == 1.5
    # The matrix's page moves a point in x and y at once, as bqplot's binary arrays.
    xs, ys = matrix.points.x.astype("float64"), matrix.points.y.astype("float64")
    xs[0], ys[0] = 4.0, 2.0
    binary = [{"value": a.tobytes(), "dtype": "float64", "shape": [len(a)], "type": None} for a in (xs, ys)]
    HostilePage(matrix.points).update(x=binary[0], y=binary[1])
    row = m.touchpoints.set_index("id").loc[matrix._ids[0]]
    assert (row["impact"], row["effort"]) == (4.0, 2.0)
    assert len(edits) >= 2


def test_a_drag_from_the_page_of_a_read_only_map_is_refused_before_the_marks_change(
    caplog: pytest.LogCaptureFixture,
) -> None:
    m = cjm.JourneyMap(colleen(), editable=False)
    curve, matrix = cjm.EmotionCurve(m), cjm.PriorityMatrix(m)
    before, y = snapshot(m.journey), curve.points[0].y.copy()
    changes: list[Any] = []
    curve.points[0].observe(changes.append, "y")
    moved = y.tolist()
    moved[0] = moved[0] + 1.0
    page = HostilePage(curve.points[0])
    with caplog.at_level(logging.WARNING):
        page.update(y=moved)
        HostilePage(matrix.points).update(x=[3.0] * len(matrix.points.x), y=[3.0] * len(matrix.points.y))
    assert changes == []  # Python's copy never held the page's value
    assert np.array_equal(curve.points[0].y, y)
    assert page.rolled_back()["y"]["shape"] == (len(y),)
    assert "read-only" in curve.message.value and "read-only" in matrix.message.value
    assert snapshot(m.journey) == before
    assert "impact" not in m.touchpoints.columns
    assert any("refused a state update" in r.getMessage() for r in caplog.records)


HOSTILE_DRAGS = [
    "nan",
    "inf",
    "huge int",
    "too long",
    "too short",
    "text",
    "bools",
    "object dtype",
    "wide dtype",
    "short buffer",
    "2-d",
    "date",
    "not an array",
]


def hostile_drag(kind: str, n: int) -> Any:
    good = [0.5] * n
    return {
        "nan": [math.nan] * n,
        "inf": [math.inf, *good[1:]],
        "huge int": [10**400, *good[1:]],
        "too long": [*good, 1.0],
        "too short": good[:-1],
        "text": ["1", *good[1:]],
        "bools": [True] * n,
        "object dtype": {"value": b"\0" * 8 * n, "dtype": "object", "shape": [n]},
        "wide dtype": {"value": b"\0" * 8, "dtype": "<U500000000", "shape": [n]},
        "short buffer": {"value": b"\0" * 8, "dtype": "float64", "shape": [n]},
        "2-d": {"value": b"\0" * 8 * n, "dtype": "float64", "shape": [n, 1]},
        "date": {"value": b"\0" * 8 * n, "dtype": "float64", "shape": [n], "type": "date"},
        "not an array": {"__proto__": {"y": 1}},
    }[kind]


@pytest.mark.parametrize("kind", HOSTILE_DRAGS)
def test_a_hostile_drag_changes_nothing_and_raises_nothing(kind: str) -> None:
    m = cjm.JourneyMap(colleen())
    curve = cjm.EmotionCurve(m)
    before, y = snapshot(m.journey), curve.points[0].y.copy()
    page = HostilePage(curve.points[0])
    page.update(y=hostile_drag(kind, len(y)))  # NaN used to reach round() and raise out of the handler
    assert snapshot(m.journey) == before
    assert np.array_equal(curve.points[0].y, y)
    assert "y" in page.rolled_back()


@pytest.mark.parametrize("picked", [[99], [-1], [0, 0, 0, 0, 0, 0, 0, 0, 0], ["0"], [True], 3, {"value": b"x"}])
def test_a_bar_click_from_the_page_picks_one_of_its_own_bars(picked: Any) -> None:
    m = cjm.JourneyMap(colleen())
    panel = cjm.MetricsPanel(m)
    bars = next(iter(panel.bars.values()))
    page = HostilePage(bars)
    page.update(selected=[1])  # a real click selects that stage, on the panel and the map
    assert m.selected_stage == panel.selected_stage == str(bars.x[1])
    page.update(selected=picked)  # an index past the end used to raise IndexError; -1 picked the last stage
    assert m.selected_stage == str(bars.x[1])
    assert page.rolled_back()["selected"] is not None


def test_hovering_sets_only_a_point_of_the_mark() -> None:
    curve = cjm.EmotionCurve(colleen())
    points = curve.points[0]
    page = HostilePage(points)
    page.update(hovered_point=2)
    assert points.hovered_point == 2
    for bad in (len(points.x), -1, 2**64, "2", 1.5):
        page.update(hovered_point=bad)
        assert points.hovered_point == 2


def test_a_keyboard_field_takes_no_nan_or_infinity_from_the_page() -> None:
    m = cjm.JourneyMap(colleen())
    curve, matrix = cjm.EmotionCurve(m), cjm.PriorityMatrix(m)
    before = snapshot(m.journey)
    for chart in (curve, matrix):
        for box in chart.controls.fields.values():
            HostilePage(box).update(value=math.nan)  # a NaN used to clear the touchpoint's emotion
    assert snapshot(m.journey) == before
    box = curve.controls.fields["emotion"]
    HostilePage(box).update(value=1.5)  # a typed number still edits
    assert m.touchpoints.set_index("id").loc[curve.controls.picker.value, "emotion"] == 1.5
