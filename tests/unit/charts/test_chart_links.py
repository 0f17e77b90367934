"""The charts' Python side: drags (the front end setting a mark's data) reach the DataFrame and
every map; edits on the map or in Python move the marks; bar clicks select stages both ways."""

from __future__ import annotations

import bqplot
import numpy as np
import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.charts.palette import palette

from .journeys import two_personas, with_metrics


def drag(mark: object, trait: str, position: int, value: float) -> None:
    """What bqplot's front end does on drop: send the mark's whole array with one point moved."""
    data = np.array(getattr(mark, trait), dtype="float64")
    data[position] = value
    setattr(mark, trait, data)


def emotion(m: cjm.JourneyMap, row_id: str) -> float:
    return float(m.touchpoints.set_index("id").loc[row_id, "emotion"])


# -- EmotionCurve ---------------------------------------------------------------------------------


def test_curve_has_one_series_per_persona_with_gaps_for_missing_emotions() -> None:
    m = cjm.JourneyMap(two_personas())
    curve = cjm.EmotionCurve(m)
    assert [c.labels for c in curve.curves] == [["ann"], ["bob"]]
    # No legend box over the points: each persona's name at its line's last point, in its colour.
    assert not any(c.display_legend for c in curve.curves)
    named = {
        str(text): (float(x), float(y), colour)
        for label in curve.line_names.values()
        for x, y, text, colour in zip(label.x, label.y, label.text, label.colors, strict=False)  # [TEXT] when empty
    }
    assert named == {"ann": (4.0, -2.0, palette(2)[0]), "bob": (5.0, 0.5, palette(2)[1])}
    ann = curve.curves[0]
    assert ann.x.tolist() == [0.0, 2.0, 4.0, 6.0]  # map order across personas
    assert np.isnan(ann.y[3]) and ann.y[:3].tolist() == [-1.0, 2.0, -2.0]  # NaN: a gap, not 0
    assert curve.points[1].x.tolist() == [1.0, 5.0]  # b2 (no emotion) has no point
    assert curve.stage_names.text.tolist() == ["Aware", "Buy", "Use"]
    assert curve.bands.x.tolist() == [[-0.5, 1.5, 1.5, -0.5], [1.5, 3.5, 3.5, 1.5], [3.5, 6.5, 6.5, 3.5]]


def test_dragging_a_point_writes_the_emotion_through_the_journey() -> None:
    m = cjm.JourneyMap(two_personas())
    edits: list[cjm.widgets.journey_map.Edit] = []
    m.on_edit(edits.append)
    sent: list[dict[str, object]] = []
    m.send = sent.append  # type: ignore[method-assign]
    curve = cjm.EmotionCurve(m)
    drag(curve.points[1], "y", 1, -1.3)  # bob's second point is b3: snaps to -1.5
    assert emotion(m, "b3") == -1.5
    assert [(e.kind, e.id, e.column, e.old, e.new, e.origin) for e in edits] == [
        ("set", "b3", "emotion", 0.5, -1.5, "view")
    ]
    patch = [s for s in sent if s.get("type") == "patch"][-1]
    assert patch["ops"] == [{"op": "set", "id": "b3", "column": "emotion", "value": -1.5}]
    assert curve.points[1].y.tolist() == [1.0, -1.5]  # the point sits where the journey says
    drag(curve.points[0], "y", 0, 9.0)  # past the top: the top of the scale
    assert emotion(m, "a1") == 2.0


def test_map_and_python_edits_move_the_points_and_peak_end() -> None:
    m = cjm.JourneyMap(two_personas())
    curve = cjm.EmotionCurve(m)
    m.journey.apply({"op": "set", "id": "a1", "column": "emotion", "value": -2}, origin="view")  # as the map does
    assert curve.points[0].y.tolist()[0] == -2.0
    with m.edit() as df:
        df.loc[df["id"] == "b2", "emotion"] = 1.5
    assert curve.points[1].x.tolist() == [1.0, 3.0, 5.0]  # the gap is filled: a new point
    peaks = curve.peak_end_table.set_index(["persona", "moment"])["touchpoint_id"]
    assert peaks[("ann", "peak")] == "a1"  # -2 now comes before +2
    assert curve.peak_marks.x.tolist() == [0.0, 3.0]  # bob: 1.5 at b2 is the new peak


def test_any_number_of_personas_get_distinct_colours() -> None:
    n = 23
    df = pd.DataFrame(
        {"stage": ["S"] * n, "touchpoint": [f"t{i}" for i in range(n)], "persona": [f"p{i}" for i in range(n)]}
    )
    curve = cjm.EmotionCurve(cjm.Journey(df, ["S"]))
    colours = [c.colors[0] for c in curve.curves]
    assert len(curve.curves) == n and len(set(colours)) == n == len(set(palette(n)))


def test_a_refused_drag_puts_the_point_back_and_says_why() -> None:
    m = cjm.JourneyMap(two_personas())
    curve = cjm.EmotionCurve(m, step=None)
    m.journey.apply({"op": "delete", "id": "a1"})  # ...while the old drawing is still in the page
    ann = [c.labels for c in curve.curves].index(["ann"])  # bob comes first now
    curve._point_ids[ann][0] = "a1"  # a stale view: the point of a deleted touchpoint
    drag(curve.points[ann], "y", 0, 1.0)
    assert "does not exist" in curve.message.value
    assert "a1" not in m.touchpoints["id"].tolist()
    assert curve.points[ann].y.tolist() == [2.0, -2.0]  # back where the journey says


def test_curve_marks_peak_end_on_the_map_when_the_map_can_show_markers() -> None:
    shown: list[tuple[str, list[dict[str, object]]]] = []

    class MarkingMap(cjm.JourneyMap):
        def show_markers(self, source: str, markers: list[dict[str, object]]) -> None:
            shown.append((source, markers))

    m = MarkingMap(two_personas())
    cjm.EmotionCurve(m)
    source, markers = shown[-1]
    assert source == "peak_end"
    assert [(k["kind"], k["touchpoint_id"], k["tone"]) for k in markers] == [
        ("peak", "a2", "good"),
        ("end", "a3", "bad"),
        ("peak", "b1", "good"),
        ("end", "b3", "good"),
    ]
    assert markers[0]["label"] == "Peak (ann): +2"
    m.journey.apply({"op": "set", "id": "b3", "column": "emotion", "value": -1})
    assert shown[-1][1][-1]["tone"] == "bad"


# -- PriorityMatrix ----------------------------------------------------------------------------------


def test_matrix_shows_pain_points_and_opportunities_and_writes_impact_and_effort() -> None:
    m = cjm.JourneyMap(two_personas())
    edits: list[cjm.widgets.journey_map.Edit] = []
    m.on_edit(edits.append)
    matrix = cjm.PriorityMatrix(m)
    assert matrix._ids == ["a1", "b1", "b2", "a3", "b3"]  # a2 has only blanks
    assert matrix.points.x.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]  # unrated: spread out below, faded
    assert matrix.points.y.tolist() == [0.6] * 5
    assert matrix.points.opacities.tolist() == [0.45] * 5
    x, y = matrix.points.x.copy(), matrix.points.y.copy()
    x[2], y[2] = 4.8, 1.2
    with matrix.points.hold_trait_notifications():  # as set_state does with the x and y of one message
        matrix.points.x, matrix.points.y = x, y
    tp = m.touchpoints.set_index("id")
    assert (tp.loc["b2", "impact"], tp.loc["b2", "effort"]) == (5.0, 1.0)
    assert tp["impact"].dtype == "float64" and np.isnan(tp.loc["a1", "impact"])
    assert [(e.id, e.column, e.new, e.origin) for e in edits if e.kind == "set"] == [
        ("b2", "impact", 5.0, "view"),
        ("b2", "effort", 1.0, "view"),
    ]
    assert matrix.points.opacities.tolist()[2] == 1.0
    assert m.action_plan()["touchpoint_id"].tolist()[0] == "b2"
    m.journey.apply({"op": "set", "id": "a3", "column": "impact", "value": 2})
    assert matrix.points.x.tolist()[3] == 2.0  # Python-side edits move the point


def test_matrix_feasibility_axis() -> None:
    matrix = cjm.PriorityMatrix(two_personas(), y="feasibility")
    x, y = matrix.points.x.copy(), matrix.points.y.copy()
    x[0], y[0] = 2.0, 4.0
    with matrix.points.hold_trait_notifications():
        matrix.points.x, matrix.points.y = x, y
    tp = matrix.journey.touchpoints.set_index("id")
    assert (tp.loc["a1", "impact"], tp.loc["a1", "feasibility"]) == (2.0, 4.0)
    assert "effort" not in tp.columns
    assert matrix.action_plan()["touchpoint_id"].tolist()[0] == "a1"
    with pytest.raises(ValueError, match="effort"):
        cjm.PriorityMatrix(two_personas(), y="cost")  # type: ignore[arg-type]


# -- MetricsPanel -------------------------------------------------------------------------------------


def test_metrics_panel_charts_rates_scores_and_funnel() -> None:
    panel = cjm.MetricsPanel(cjm.JourneyMap(with_metrics()))
    assert set(panel.bars) == {"rates", "csat", "nps", "funnel"}
    rates = panel.bars["rates"]
    assert rates.x.tolist() == ["Aware", "Buy", "Use"]
    assert rates.y[:2].tolist() == pytest.approx([0.6, 0.3])  # the latest period
    assert np.isnan(rates.y[2])  # missing: no bar, not zero
    assert panel.bars["funnel"].y.tolist() == [1000.0, 400.0, 80.0]
    assert panel.bars["nps"].y[0] == 20.0 and np.isnan(panel.bars["nps"].y[1])
    assert [label for label, _ in panel.period_choice.options] == ["2024-02", "2024-01", "All periods (mean)"]
    panel.period_choice.value = "2024-01"
    assert panel.period == "2024-01" and panel.bars["rates"].y[0] == pytest.approx(0.5)
    panel.segment_choice.value = "new"
    assert panel.bars["funnel"].y.tolist() == [750.0, 300.0, 60.0]
    assert set(panel.bars) == {"funnel"}  # only users are split by segment


def test_bar_clicks_select_the_stage_on_the_map_and_back() -> None:
    m = cjm.JourneyMap(with_metrics())
    panel = cjm.MetricsPanel(m)
    panel.bars["funnel"].selected = [1]  # a click on Buy's bar
    assert m.selected_stage == "Buy"
    assert panel.bars["rates"].selected.tolist() == [1]  # every chart highlights the stage
    m.selected_stage = "Use"  # selected on the map
    assert [b.selected.tolist() for b in panel.bars.values()] == [[2]] * 4
    panel.bars["rates"].selected = None  # the same bar clicked again
    assert m.selected_stage is None
    assert all(b.selected is None for b in panel.bars.values())


def test_metrics_panel_updates_when_the_journey_changes_and_says_when_empty() -> None:
    m = cjm.JourneyMap(two_personas())
    panel = cjm.MetricsPanel(m)
    assert panel.bars == {} and "No metrics" in panel.message.value
    m.journey.apply({"op": "rename_stage", "stage": "Buy", "to": "Purchase"})
    journey = with_metrics()
    m2 = cjm.JourneyMap(journey)
    panel2 = cjm.MetricsPanel(m2)
    m2.journey.apply({"op": "rename_stage", "stage": "Buy", "to": "Purchase"})
    assert panel2.bars["rates"].x.tolist() == ["Aware", "Purchase", "Use"]


def test_board_composes_one_map_for_every_chart() -> None:
    board = cjm.JourneyBoard(with_metrics())
    assert board.curve.map is board.map and board.matrix.map is board.map and board.metrics.map is board.map
    drag(board.curve.points[0], "y", 0, 0.0)
    assert emotion(board.map, "a1") == 0.0
    board.metrics.bars["rates"].selected = [0]
    assert board.map.selected_stage == "Aware"
    assert board.action_plan().columns[0] == "rank"
    board.close()
    assert board.journey._observers == []


def widgets_under(widget: object) -> list[object]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found.extend(widgets_under(child))
    return found


def test_every_chart_has_png_and_svg_buttons() -> None:
    m = cjm.JourneyMap(with_metrics())
    saved: list[str] = []
    for chart in (cjm.EmotionCurve(m), cjm.PriorityMatrix(m), cjm.MetricsPanel(m)):
        for figure in chart.figures_of(chart.children):
            figure.save_png = lambda name, saved=saved: saved.append(name)  # type: ignore[method-assign]
            figure.save_svg = lambda name, saved=saved: saved.append(name)  # type: ignore[method-assign]
        for button in widgets_under(chart):
            if "cjm-download" in getattr(button, "_dom_classes", ()):
                button.click()  # type: ignore[attr-defined]
    assert saved == [
        "emotion-curve.png",
        "emotion-curve.svg",
        "priority-impact-effort.png",
        "priority-impact-effort.svg",
        *[f"{name}.{ext}" for name in ("rates", "csat", "nps", "funnel-users") for ext in ("png", "svg")],
    ]


# -- keyboard twins of the drags and clicks -------------------------------------------------------------


def test_keyboard_controls_set_emotion_ratings_and_stage() -> None:
    m = cjm.JourneyMap(with_metrics())
    curve, matrix, panel = cjm.EmotionCurve(m), cjm.PriorityMatrix(m), cjm.MetricsPanel(m)
    curve.controls.picker.value = "b3"
    assert curve.controls.fields["emotion"].value == 0.5
    curve.controls.fields["emotion"].value = -1.0  # typed, or the arrow keys
    assert emotion(m, "b3") == -1.0
    m.journey.apply({"op": "set", "id": "b3", "column": "emotion", "value": 1.5})
    assert curve.controls.fields["emotion"].value == 1.5  # follows edits from elsewhere
    assert matrix.controls.picker.options[0][0] == "Aware · Ad (ann)"
    matrix.controls.picker.value = "a3"
    matrix.controls.fields["impact"].value = 4.0
    matrix.controls.fields["effort"].value = 2.0
    tp = m.touchpoints.set_index("id")
    assert (tp.loc["a3", "impact"], tp.loc["a3", "effort"]) == (4.0, 2.0)
    assert matrix.points.x.tolist()[3] == 4.0
    panel.stage_choice.value = "Use"
    assert m.selected_stage == "Use"
    m.selected_stage = "Aware"
    assert panel.stage_choice.value == "Aware"
    # No stage selected: the select shows "(none)", never an empty box; choosing it clears the selection.
    m.selected_stage = None
    assert panel.stage_choice.label == "(none)"
    panel.stage_choice.label = "Use"
    panel.stage_choice.label = "(none)"
    assert m.selected_stage is None


def test_metrics_panel_redraws_when_metrics_are_assigned() -> None:
    journey = with_metrics()
    m = cjm.JourneyMap(journey)
    panel = cjm.MetricsPanel(m)
    table = journey.metrics
    table.loc[(table["metric"] == "users") & table["segment"].isna() & (table["stage"] == "Use"), "value"] = 90
    m.metrics = table  # through the map...
    assert panel.bars["funnel"].y.tolist() == [1000.0, 400.0, 90.0]
    journey.metrics = table[table["metric"] != "csat"]  # ...or the journey
    assert "csat" not in panel.bars


def test_charts_speak_the_maps_language_or_their_own() -> None:
    m = cjm.JourneyMap(with_metrics())
    m.language = "zh"
    assert cjm.EmotionCurve(m).figure.title == "情绪曲线"
    curve = cjm.EmotionCurve(m, language="lv")
    assert curve.figure.title == "Emociju līkne" and curve.controls.picker.description == "Saskarsmes punkts"
    panel = cjm.MetricsPanel(m, language="lv-LV")
    assert panel.figures["funnel"].title == "Piltuve: users pa posmiem"  # the metric's name is data: kept
    assert cjm.PriorityMatrix(cjm.JourneyMap(with_metrics()), language="xx").figure.title == "Priority: impact × effort"


def test_download_buttons_share_the_title_row_and_keyboard_twins_belong_to_their_chart() -> None:
    m = cjm.JourneyMap(with_metrics())
    for chart in (cjm.EmotionCurve(m), cjm.PriorityMatrix(m)):
        frame = chart.children[0]
        assert "cjm-chart-frame" in frame._dom_classes
        stack, controls = frame.children
        # The buttons lie over the figure's own grid cell, at its top right: on the title's band.
        figure, buttons = stack.children
        assert isinstance(figure, bqplot.Figure) and figure.title
        assert figure.layout.grid_area == buttons.layout.grid_area == "chart"
        assert (buttons.layout.align_self, buttons.layout.justify_content) == ("flex-start", "flex-end")
        # The keyboard row is the frame's last row, named, with words not cut to 90px.
        assert controls is chart.controls and controls.children[0] is controls.label
        assert controls.label.value == "With the keyboard:"
        assert controls.picker.style.description_width == "initial"
    assert cjm.EmotionCurve(m, language="lv").controls.label.value == "Ar tastatūru:"


def test_a_keyboard_row_with_nothing_to_pick_is_not_shown() -> None:
    journey = with_metrics()
    journey.touchpoints = journey.touchpoints.assign(pain_point=None, opportunity=None)
    matrix = cjm.PriorityMatrix(cjm.JourneyMap(journey))
    assert matrix.controls.picker.options == () and matrix.controls.layout.display == "none"
    curve = cjm.EmotionCurve(cjm.JourneyMap(journey))
    assert curve.controls.picker.options and curve.controls.layout.display is None


def test_narrow_charts_start_their_title_on_the_left_clear_of_the_buttons() -> None:
    panel = cjm.MetricsPanel(cjm.JourneyMap(with_metrics()))
    funnel = panel.figures["funnel"]
    # 420px wide, 55 + 15 margins: bqplot's centred title moved back by half the 350px plot.
    assert funnel.title_style == {"text-anchor": "start", "transform": "translateX(-175px)"}
