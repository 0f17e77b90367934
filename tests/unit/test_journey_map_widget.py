"""JourneyMap's Python side: state sent to views, patches both ways, observers, bad messages."""

from __future__ import annotations

import json
import logging

import ipywidgets
import numpy as np
import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.schema.tables import LANES

from .fake_view import Wire


def small_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "phase": ["Awareness", "Purchase"],
            "touchpoint": ["<img src=x onerror=alert(1)>", "Checkout 结账"],
            "emotion": [1.0, np.nan],
            "revenue": [0, 120],
            "seen": pd.to_datetime(["2024-01-01", "2024-01-02"]),
        },
        index=pd.Index([10, 20], name="event"),
    )


def make_map(**kwargs: object) -> cjm.JourneyMap:
    return cjm.JourneyMap(
        small_df(), stages=["Awareness", "Purchase", "Advocacy"], columns={"phase": "stage"}, **kwargs
    )  # type: ignore[arg-type]


def test_state_sent_to_a_view() -> None:
    m = make_map(title="T", kind="future")
    state = m.get_state()
    assert m.title == "T" and m.kind == "future" and m.journey.kind == "future"
    assert [s["stage"] for s in state["_stages"]] == ["Awareness", "Purchase", "Advocacy"]
    assert state["_rows"][0]["touchpoint"] == "<img src=x onerror=alert(1)>"  # data, sent as-is
    assert state["_rows"][1]["emotion"] is None  # NaN -> null
    assert state["_rows"][1]["revenue"] == 120 and state["_rows"][0]["seen"].startswith("2024-01-01")
    kinds = {c["name"]: c["kind"] for c in state["_columns"]}
    assert kinds["touchpoint"] == "text" and kinds["emotion"] == "number" and kinds["revenue"] == "integer"
    assert kinds["seen"] == "datetime"
    json.dumps(state["_rows"])
    assert m.lanes == list(LANES) and m.emotion_scale == [-2.0, 2.0] and m.editable


def test_from_journey_and_template() -> None:
    journey = cjm.templates.load("colleen-vacuum")
    m = cjm.JourneyMap(journey)
    assert m.journey is journey
    assert [r["id"] for r in m.get_state()["_rows"]] == journey.touchpoints["id"].tolist()
    with pytest.raises(TypeError, match="pass the Journey alone"):
        cjm.JourneyMap(journey, stages=["A"])


def test_view_edit_updates_dataframe_and_every_view() -> None:
    m = make_map()
    wire = Wire(m)
    a, b = wire.view(), wire.view()
    seen: list[cjm.widgets.journey_map.Edit] = []
    m.on_edit(seen.append)
    trait_changes: list[pd.DataFrame] = []
    m.observe(lambda change: trait_changes.append(change["new"]), "touchpoints")
    edit_id = a.edit({"op": "set", "id": "tp-1", "column": "thought", "value": "Looks solid"})
    a.flush()
    assert m.touchpoints.loc[10, "thought"] == "Looks solid"
    assert m.touchpoints.index.tolist() == [10, 20]  # the user's index survives edits
    for view in (a, b):
        view.receive_all()
        assert view.rows == m.get_state()["_rows"]
    assert a.acked[edit_id]["inverse"] == {"op": "set", "id": "tp-1", "column": "thought", "value": None}
    assert [(e.kind, e.id, e.column, e.old, e.new, e.origin) for e in seen] == [
        ("set", "tp-1", "thought", None, "Looks solid", "view")
    ]
    assert len(trait_changes) == 1 and trait_changes[0].loc[10, "thought"] == "Looks solid"


def test_one_cell_edit_costs_bytes_independent_of_map_size() -> None:
    sizes = []
    for n in (10, 2000):
        df = pd.DataFrame({"stage": ["A"] * n, "touchpoint": [f"t{i}" for i in range(n)]})
        m = cjm.JourneyMap(df)
        wire = Wire(m)
        view = wire.view()
        view.edit({"op": "set", "id": "tp-5", "column": "thought", "value": "x"})
        view.flush()
        with m.edit() as tp:
            tp.loc[3, "action"] = "y"
        sizes.append([len(json.dumps(msg)) for msg in wire.sent])
    assert sizes[0] == sizes[1]
    assert all(size < 300 for size in sizes[1])


def test_python_assignment_and_edit_block_patch_views() -> None:
    m = make_map()
    wire = Wire(m)
    view = wire.view()
    tp = m.touchpoints
    tp.loc[20, "emotion"] = -1
    m.touchpoints = tp
    with m.edit() as df:
        df.loc[10, "pain_point"] = "Too many ads"
    assert [msg["ops"] for msg in wire.sent] == [
        [{"op": "set", "id": "tp-2", "column": "emotion", "value": -1.0}],
        [{"op": "set", "id": "tp-1", "column": "pain_point", "value": "Too many ads"}],
    ]
    view.receive_all()
    assert view.rows == m.get_state()["_rows"]


def test_invalid_edit_block_raises_and_leaves_map_unchanged() -> None:
    m = make_map()
    wire = Wire(m)
    before = m.touchpoints
    with pytest.raises(cjm.SchemaError, match="outside the scale"), m.edit() as df:
        df.loc[10, "emotion"] = 7
    pd.testing.assert_frame_equal(m.touchpoints, before)
    assert wire.sent == []


def test_structural_python_change_resets_views() -> None:
    m = make_map()
    wire = Wire(m)
    view = wire.view()
    m.touchpoints = m.touchpoints.assign(stage="Purchase").iloc[::-1]  # reordered within a stage
    m.stages = ["Advocacy", "Awareness", "Purchase"]
    assert [msg["type"] for msg in wire.sent] == ["reset", "reset"]
    view.receive_all()
    assert view.rows == m.get_state()["_rows"] and view.stages == m.get_state()["_stages"]


def test_rejected_edit_explains_and_changes_nothing(caplog: pytest.LogCaptureFixture) -> None:
    m = make_map()
    wire = Wire(m)
    view = wire.view()
    before = m.touchpoints
    bad = [
        {"op": "set", "id": "tp-1", "column": "emotion", "value": 9},
        {"op": "set", "id": "nope", "column": "thought", "value": "x"},
        {"op": "set", "id": "tp-1", "column": "id", "value": "x"},
        {"op": "set", "id": "tp-1", "column": "revenue", "value": "lots"},
        {"op": "explode"},
        {"op": "insert", "row": {"stage": "Nowhere", "touchpoint": "x"}, "before": None},
        {"op": "move", "id": "tp-1", "stage": 3, "before": None},
        {"op": "delete_stage", "stage": "Awareness", "touchpoints": "shred"},
        "not even an object",
    ]
    with caplog.at_level(logging.WARNING):
        for op in bad:
            view.edit(op)  # type: ignore[arg-type]
        view.flush()
        m._handle_custom_msg(["garbage"], [])
    view.receive_all()
    assert len(view.rejected) == len(bad)
    messages = list(view.rejected.values())
    assert "outside the scale -2..2" in messages[0]
    assert "touchpoint 'nope' does not exist" in messages[1]
    assert "ids are stable" in messages[2]
    assert "expected a whole number, got 'lots'" in messages[3]
    assert "unknown op 'explode'" in messages[4]
    assert "stage 'Nowhere' does not exist" in messages[5]
    pd.testing.assert_frame_equal(m.touchpoints, before)
    assert "refused an edit" in caplog.text
    assert wire.sent[-1]["type"] == "reject" and "must be an object" in wire.sent[-1]["message"]


def test_touchpoint_and_stage_ops_with_undo() -> None:
    m = make_map()
    wire = Wire(m)
    view = wire.view()
    ops = [
        {"op": "insert", "row": {"stage": "Advocacy", "touchpoint": "Tells a friend"}, "before": None},
        {"op": "move", "id": "tp-1", "stage": "Purchase", "before": "tp-2"},
        {"op": "add_stage", "stage": "Retention", "index": 2},
        {"op": "rename_stage", "stage": "Purchase", "to": "Buy"},
        {"op": "move_stage", "stage": "Advocacy", "index": 0},
        {"op": "delete_stage", "stage": "Buy", "touchpoints": "move", "to": "Retention"},
        {"op": "delete", "id": "tp-1"},
    ]
    snapshots = [m.journey.to_dict()]
    for op in ops:
        view.edit(op)
        view.flush()
        view.receive_all()
        assert not view.rejected, view.rejected
        assert view.rows == m.get_state()["_rows"] and view.stages == m.get_state()["_stages"]
        snapshots.append(m.journey.to_dict())
    assert m.journey.stage_names == ["Advocacy", "Awareness", "Retention"]
    assert m.touchpoints["stage"].tolist() == ["Advocacy", "Retention"]
    # Undo everything, newest first: each step restores the previous snapshot exactly.
    for snapshot in reversed(snapshots[:-1]):
        view.edit(view.undo.pop())
        view.flush()
        view.receive_all()
        view.undo.pop()  # the undo's own inverse (the redo), not needed here
        assert m.journey.to_dict() == snapshot
        assert view.rows == m.get_state()["_rows"] and view.stages == m.get_state()["_stages"]


def test_delete_stage_removing_touchpoints_and_undo_restores_metrics_and_actions() -> None:
    journey = cjm.templates.load("colleen-vacuum")
    stage = journey.stage_names[1]
    first = journey.touchpoints.query("stage == @stage")["id"].iloc[0]
    journey.metrics = pd.DataFrame(
        {"stage": [stage, None], "touchpoint_id": [None, first], "metric": ["reach", "csat"], "value": [0.5, 4.0]}
    )
    m = cjm.JourneyMap(journey)
    view = Wire(m).view()
    before = journey.to_dict()
    view.edit({"op": "delete_stage", "stage": stage, "touchpoints": "remove"})
    view.flush()
    view.receive_all()
    assert stage not in journey.stage_names and len(journey.metrics) == 0
    assert stage not in journey.actions["stage"].tolist()
    view.edit(view.undo.pop())
    view.flush()
    view.receive_all()
    assert journey.to_dict() == before
    assert view.rows == m.get_state()["_rows"]


def test_edit_on_an_older_revision_is_rebased() -> None:
    m = make_map()
    wire = Wire(m)
    a, b = wire.view(), wire.view()
    a.edit({"op": "set", "id": "tp-1", "column": "thought", "value": "from a"})
    b.edit({"op": "set", "id": "tp-2", "column": "thought", "value": "from b"})  # same base revision
    with m.edit() as df:
        df.loc[10, "action"] = "from python"
    a.flush()
    b.flush()
    assert m.touchpoints["thought"].tolist() == ["from a", "from b"]
    assert m.touchpoints.loc[10, "action"] == "from python"
    for view in (a, b):
        view.receive_all()
        assert view.rows == m.get_state()["_rows"]
    assert not a.rejected and not b.rejected


def test_edit_of_a_deleted_row_is_refused_with_a_reason() -> None:
    m = make_map()
    wire = Wire(m)
    view = wire.view()
    edit_id = view.edit({"op": "set", "id": "tp-1", "column": "thought", "value": "late"})
    m.touchpoints = m.touchpoints.iloc[1:]
    view.flush()
    view.receive_all()
    assert "does not exist (deleted meanwhile?)" in view.rejected[edit_id]
    assert view.rows == m.get_state()["_rows"]


def test_set_trait_messages_and_lanes() -> None:
    m = make_map(lanes=["touchpoint", "revenue", "emotion"])
    assert m.lanes == ["touchpoint", "revenue", "emotion"]
    m._handle_custom_msg({"type": "set_trait", "name": "lanes", "value": ["emotion", "touchpoint"]}, [])
    m._handle_custom_msg({"type": "set_trait", "name": "selected_stage", "value": "Purchase"}, [])
    assert m.lanes == ["emotion", "touchpoint"] and m.selected_stage == "Purchase"
    with pytest.raises(cjm.SchemaError, match="unknown lane 'profit'"):
        m.lanes = ["touchpoint", "profit"]
    m.journey.apply({"op": "rename_stage", "stage": "Purchase", "to": "Buy"})
    assert m.selected_stage == "Buy"
    wire = Wire(m)
    m._handle_custom_msg({"type": "set_trait", "name": "title", "value": "hijack"}, [])
    assert wire.sent[-1]["type"] == "reject"


def test_title_and_kind_write_through_and_link() -> None:
    m = make_map()
    text = ipywidgets.Text()
    ipywidgets.link((text, "value"), (m, "title"))
    text.value = "Linked title"
    assert m.journey.title == "Linked title"
    m.kind = "day-in-the-life"
    assert m.journey.kind == "day-in-the-life"
    ipywidgets.jslink((m, "editable"), (ipywidgets.Checkbox(), "value"))


def test_two_maps_of_one_journey_stay_in_step() -> None:
    journey = cjm.templates.load("sales-funnel-4")
    first, second = cjm.JourneyMap(journey), cjm.JourneyMap(journey)
    wire = Wire(second)
    view = wire.view()
    first_id = journey.touchpoints["id"].iloc[0]
    first._handle_custom_msg(
        {
            "type": "edit",
            "edit_id": "x-1",
            "rev": 0,
            "op": {"op": "set", "id": first_id, "column": "emotion", "value": -2},
        },
        [],
    )
    assert second.touchpoints["emotion"].iloc[0] == -2
    view.receive_all()
    assert view.rows == second.get_state()["_rows"]
    first.close()
    journey.apply({"op": "set", "id": first_id, "column": "emotion", "value": 1})
    assert second.touchpoints["emotion"].iloc[0] == 1


def test_esm_and_css_are_the_built_bundle() -> None:
    m = make_map()
    assert "render" in str(m._esm)
    assert ".cjm-journey-map" in str(m._css)


def test_interact_drives_map_traits() -> None:
    m = make_map()
    controls = ipywidgets.interactive(lambda kind: setattr(m, "kind", kind), kind=["current", "future"])
    controls.children[0].value = "future"
    assert m.kind == "future" and m.journey.kind == "future"


def test_hostile_values_for_user_columns_are_refused_cleanly() -> None:
    df = small_df().assign(
        big=pd.Series([2**53 + 1, 5], dtype="int64", index=[10, 20]),
        small=pd.Series([1, 2], dtype="uint8", index=[10, 20]),
        zoned=pd.to_datetime(["2024-01-01", "2024-01-02"]).tz_localize("UTC").to_series(index=[10, 20]),
        anything=pd.Series([1, "x"], dtype=object, index=[10, 20]),
    )
    m = cjm.JourneyMap(df, stages=["Awareness", "Purchase"], columns={"phase": "stage"})
    wire = Wire(m)
    view = wire.view()
    before = m.touchpoints
    hostile = [
        {"op": "set", "id": "tp-1", "column": "revenue", "value": 2**63},
        {"op": "set", "id": "tp-1", "column": "revenue", "value": 1e30},
        {"op": "set", "id": "tp-1", "column": "small", "value": 300},
        {"op": "set", "id": "tp-1", "column": "small", "value": -1},
        {"op": "set", "id": "tp-1", "column": "seen", "value": 5},
        {"op": "set", "id": "tp-1", "column": "anything", "value": {"a": 1}},
        {"op": "set", "id": "tp-1", "column": "stage", "value": "Purchase"},
        {"op": "insert", "row": {"stage": "Purchase", "touchpoint": "x", "small": -1}, "before": None},
        {"op": "insert", "row": {"stage": "Purchase", "touchpoint": "x"}, "before": None, "metrics": True},
        {
            "op": "insert",
            "row": {"stage": "Purchase", "touchpoint": "x"},
            "before": None,
            "metrics": [{"metric": "m", "value": 1, "touchpoint_id": "ghost"}],
        },
        {
            "op": "restore_stage_refs",
            "stage": "Purchase",
            "metrics": [{"metric": "m", "value": "abc", "stage": "Purchase"}],
        },
    ]
    for op in hostile:
        view.edit(op)
    view.flush()
    view.receive_all()
    assert len(view.rejected) == len(hostile), view.rejected
    pd.testing.assert_frame_equal(m.touchpoints, before)
    assert len(m.journey.metrics) == 0
    # Exact big integers and zone-aware times are kept.
    view.edit({"op": "set", "id": "tp-1", "column": "big", "value": 2**53 + 3})
    view.edit({"op": "set", "id": "tp-1", "column": "zoned", "value": "2024-05-01T12:00+02:00"})
    view.flush()
    assert m.touchpoints.loc[10, "big"] == 2**53 + 3
    assert m.touchpoints.loc[10, "zoned"] == pd.Timestamp("2024-05-01T10:00", tz="UTC")


def test_insert_before_a_row_that_changes_stage_in_the_same_assignment() -> None:
    df = pd.DataFrame({"stage": ["A", "A", "B"], "touchpoint": ["a1", "a2", "b1"], "id": ["a1", "a2", "b1"]})
    m = cjm.JourneyMap(df, ["A", "B"])
    wire = Wire(m)
    view = wire.view()
    m.touchpoints = pd.DataFrame(
        {"stage": ["A", "B", "B", "B"], "touchpoint": ["a1", "n", "a2", "b1"], "id": ["a1", "n", "a2", "b1"]}
    )
    view.receive_all()
    assert [r["id"] for r in view.rows] == m.touchpoints["id"].tolist() == ["a1", "n", "a2", "b1"]


def test_undo_of_moves_restores_the_default_index_exactly() -> None:
    journey = cjm.templates.load("sales-funnel-4")
    before = journey.touchpoints
    for op in (
        {"op": "move", "id": "sf-01", "stage": "Purchase", "before": None},
        {"op": "move_stage", "stage": "Purchase", "index": 0},
    ):
        journey.apply(journey.apply(op).inverse)
        pd.testing.assert_frame_equal(journey.touchpoints, before, check_index_type=True)


def test_undo_puts_metrics_back_in_their_places() -> None:
    journey = cjm.templates.load("sales-funnel-4")
    journey.metrics = pd.DataFrame(
        {
            "touchpoint_id": ["sf-01", None, "sf-02", "sf-01"],
            "stage": [None, "Purchase", None, None],
            "metric": ["reach", "conversion", "reach", "csat"],
            "value": [0.9, 0.3, 0.5, 4.0],
        }
    )
    before = journey.metrics
    for op in (
        {"op": "delete", "id": "sf-01"},
        {"op": "delete_stage", "stage": "Investigate", "touchpoints": "remove"},
        {"op": "delete_stage", "stage": "Purchase", "touchpoints": "move", "to": "Investigate"},
    ):
        journey.apply(journey.apply(op).inverse)
        pd.testing.assert_frame_equal(journey.metrics, before)
