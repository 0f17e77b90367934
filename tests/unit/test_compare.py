"""compare_journeys: added, removed, changed (which columns), pain points resolved, emotion per stage."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import cjm_widgets as cjm


def current_state() -> cjm.Journey:
    return cjm.Journey(
        [
            {"id": "a", "stage": "Buy", "touchpoint": "Queue at till", "emotion": -2, "pain_point": "Slow"},
            {"id": "b", "stage": "Buy", "touchpoint": "Pays cash", "emotion": 0},
            {"id": "c", "stage": "Use", "touchpoint": "Reads manual", "emotion": -1, "pain_point": "Confusing"},
            {"id": "d", "stage": "Use", "touchpoint": "Calls support", "emotion": 1},
        ],
        stages=["Buy", "Use"],
    )


def future_state() -> cjm.Journey:
    return cjm.Journey(
        [
            # Same id, new text: matched by id.
            {"id": "a", "stage": "Buy", "touchpoint": "Pays in the app", "emotion": 1},
            # A re-typed copy (new id) of "Pays cash", same stage and text: matched by text.
            {"id": "x1", "stage": "Buy", "touchpoint": " pays CASH ", "emotion": 0},
            {"id": "c", "stage": "Use", "touchpoint": "Reads manual", "emotion": 1, "pain_point": "Confusing"},
            {"id": "n", "stage": "Use", "touchpoint": "Watches a video", "emotion": 2},
        ],
        stages=["Buy", "Use"],
        kind="future",
    )


def test_differences_list_every_kind_of_change() -> None:
    diff = cjm.compare_journeys(current_state(), future_state())
    assert list(diff.columns) == ["change", "stage", "touchpoint_id", "touchpoint", "columns", "before", "after"]
    assert diff["change"].tolist() == [
        "added",
        "removed",
        "changed",
        "changed",
        "changed",
        "pain_resolved",
        "emotion",
        "emotion",
    ]
    rows = diff.to_dict("records")
    assert (rows[0]["touchpoint_id"], rows[0]["touchpoint"], rows[0]["stage"]) == ("n", "Watches a video", "Use")
    assert (rows[1]["touchpoint_id"], rows[1]["touchpoint"]) == ("d", "Calls support")
    by_id = {r["touchpoint_id"]: r for r in rows if r["change"] == "changed"}
    assert by_id["a"]["columns"] == "touchpoint, emotion, pain_point"
    assert by_id["a"]["before"] == {"touchpoint": "Queue at till", "emotion": -2.0, "pain_point": "Slow"}
    assert by_id["a"]["after"] == {"touchpoint": "Pays in the app", "emotion": 1.0, "pain_point": None}
    assert by_id["x1"]["columns"] == "touchpoint"  # only the spelling changed
    assert by_id["c"]["columns"] == "emotion" and by_id["c"]["after"] == {"emotion": 1.0}
    resolved = [(r["touchpoint_id"], r["before"]) for r in rows if r["change"] == "pain_resolved"]
    assert resolved == [("a", "Slow")]  # "Confusing" is still there; "d" (removed) had none
    emotion = {r["stage"]: (r["before"], r["after"]) for r in rows if r["change"] == "emotion"}
    assert emotion == {"Buy": (-1.0, 0.5), "Use": (0.0, 1.5)}


def test_a_removed_touchpoint_takes_its_pain_point_with_it() -> None:
    now = cjm.Journey([{"id": "a", "stage": "Buy", "touchpoint": "Queue", "pain_point": "Slow"}])
    later = cjm.Journey([{"id": "b", "stage": "Buy", "touchpoint": "Pay in app"}])
    diff = cjm.compare_journeys(now, later)
    assert diff["change"].tolist() == ["added", "removed", "pain_resolved"]
    assert diff.iloc[2]["touchpoint_id"] == "a" and diff.iloc[2]["before"] == "Slow"


def test_identical_journeys_differ_only_in_nothing() -> None:
    diff = cjm.compare_journeys(current_state(), current_state())
    assert diff["change"].tolist() == ["emotion", "emotion"]
    assert all(r["before"] == r["after"] for r in diff.to_dict("records"))
    empty = cjm.compare_journeys(cjm.Journey(), cjm.Journey())
    assert empty.empty and empty.columns[0] == "change"


def test_stages_only_in_one_map_and_missing_emotions() -> None:
    now = cjm.Journey([{"stage": "Buy", "touchpoint": "Queue"}], stages=["Buy", "Old"])
    later = cjm.Journey([{"stage": "New", "touchpoint": "Queue", "emotion": 1}], stages=["New"])
    diff = cjm.compare_journeys(now, later)
    # tp-1 matches by id; its stage changed.
    assert diff.query("change == 'changed'")["columns"].tolist() == ["stage, emotion"]
    emotion = diff.query("change == 'emotion'")
    assert emotion["stage"].tolist() == ["New"]
    assert emotion["before"].isna().all() and emotion["after"].tolist() == [1.0]


def test_compare_widget_shows_two_read_only_maps_with_markers() -> None:
    current, future = current_state(), future_state()
    future.kind = "current"
    view = cjm.compare(current, future)
    assert view.current.editable is False and view.future.editable is False
    assert view.future.kind == "future" and future.kind == "current"  # the user's journey is untouched
    pd.testing.assert_frame_equal(view.differences, cjm.compare_journeys(current, view.future.journey))
    kinds_now = sorted(m["kind"] for m in view.current.markers)
    kinds_later = sorted(m["kind"] for m in view.future.markers)
    assert kinds_now == ["removed", "resolved"]
    assert kinds_later == ["added", "changed", "changed", "changed", "emotion", "emotion"]
    added = next(m for m in view.future.markers if m["kind"] == "added")
    assert added["touchpoint_id"] == "n" and added["tone"] == "good" and added["source"] == "compare"
    buy = next(m for m in view.future.markers if m["kind"] == "emotion" and m["stage"] == "Buy")
    assert buy["label"] == "Emotion +1.5" and buy["tone"] == "good"
    assert math.isclose(view.differences.query("change == 'emotion'")["after"].iloc[0], 0.5)
    view.close()


def test_compare_rejects_things_that_are_not_journeys() -> None:
    with pytest.raises(TypeError, match="current is a DataFrame"):
        cjm.compare_journeys(pd.DataFrame(), cjm.Journey())  # type: ignore[arg-type]


def test_a_column_only_one_map_has_is_not_a_change_of_every_row() -> None:
    future = future_state()
    tp = future.touchpoints
    tp["evidence"] = "assumed"
    future.touchpoints = tp
    diff = cjm.compare_journeys(current_state(), future)
    assert all("evidence" not in str(c) for c in diff["columns"])
    assert diff["change"].tolist().count("changed") == 3
