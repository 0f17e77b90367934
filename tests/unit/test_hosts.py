"""What maps and charts answer to hosts other than Jupyter: marimo's display protocol, Panel's __panel__."""

from __future__ import annotations

import cjm_widgets as cjm
from cjm_widgets.widgets.table_sync import host_reruns_on_state

HOSTILE = "<img src=x onerror=alert(1)>"


def hostile_journey() -> cjm.Journey:
    j = cjm.templates.load("colleen-vacuum")
    tp = j.touchpoints.copy()
    tp.loc[tp.index[0], "touchpoint"] = HOSTILE
    j.touchpoints = tp
    return j


def test_a_chart_in_marimo_shows_a_note_pointing_at_the_map_lane_and_the_static_map() -> None:
    m = cjm.JourneyMap(hostile_journey())
    curve = cjm.EmotionCurve(m)
    mime, html = curve._display_()._mime_()
    assert mime == "text/html"
    assert "EmotionCurve is a bqplot chart" in html
    assert "emotion lane" in html and "mo.ui.anywidget(cjm.JourneyMap(journey))" in html
    assert 'data-cjm-static="journey-map"' in html  # the journey itself is still shown
    assert HOSTILE not in html and "&lt;img src=x" in html  # user text is data, never markup


def test_each_chart_points_at_what_replaces_it() -> None:
    m = cjm.JourneyMap(cjm.templates.load("colleen-vacuum"))
    assert "metric:<name>" in cjm.MetricsPanel(m)._display_().text
    assert "cjm.action_plan(journey)" in cjm.PriorityMatrix(m)._display_().text
    zh = cjm.EmotionCurve(m, language="zh")._display_().text
    assert "marimo 无法显示" in zh


def test_a_board_in_marimo_is_the_live_map_and_a_note() -> None:
    board = cjm.JourneyBoard(cjm.templates.load("colleen-vacuum"))
    shown = board._display_()
    html = shown.text
    assert "marimo-anywidget" in html  # the map itself, live
    assert "cannot show" in html


def test_panel_shows_the_map_read_only_with_nothing_from_outside() -> None:
    import panel as pn

    m = cjm.JourneyMap(hostile_journey(), lanes=["touchpoint", "thought", "emotion"])
    pane = pn.panel(m)
    assert isinstance(pane, pn.pane.HTML)
    html = pane.object
    assert m.touchpoints["thought"].iloc[1] in html
    assert HOSTILE not in html and "&lt;img src=x" in html
    assert "<script" not in html and "https://" not in html
    assert 'data-lane="action"' not in html  # the map as shown: its lanes only


def test_outside_marimo_views_are_never_asked_to_write_state() -> None:
    assert host_reruns_on_state() is False
