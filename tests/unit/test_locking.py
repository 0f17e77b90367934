"""Locked lanes and stages: the page cannot change them, Python (the teacher) still can."""

from __future__ import annotations

import pandas as pd
import pytest

import cjm_widgets as cjm

from .fake_view import Wire


def exercise_map(locked: list[str]) -> cjm.JourneyMap:
    journey = cjm.Journey(
        [
            {"id": "a", "stage": "Awareness", "touchpoint": "Sees an ad", "thought": "Nice"},
            {"id": "b", "stage": "Awareness", "touchpoint": "Asks a friend"},
            {"id": "c", "stage": "Purchase", "touchpoint": "Pays"},
        ],
        stages=["Awareness", "Purchase", "Use"],
    )
    return cjm.JourneyMap(journey, locked=locked)


def send(m: cjm.JourneyMap, op: dict[str, object]) -> str | None:
    """One edit from a fake page; returns the reject message, or None when it applied."""
    wire = Wire(m)
    view = wire.view()
    edit_id = view.edit(op)
    view.flush()
    view.receive_all()
    return view.rejected.get(edit_id)


REFUSED = [
    (["touchpoint"], {"op": "set", "id": "a", "column": "touchpoint", "value": "x"}, "touchpoint lane is locked"),
    (["touchpoint"], {"op": "set", "id": "a", "column": "channel", "value": "x"}, "touchpoint lane is locked"),
    (["touchpoint"], {"op": "delete", "id": "b"}, "cannot be deleted"),
    (["touchpoint"], {"op": "insert", "row": {"stage": "Use", "touchpoint": "x"}, "before": None}, "cannot be added"),
    (["touchpoint"], {"op": "move", "id": "a", "stage": "Awareness", "before": None}, "cannot be moved"),
    (["thought"], {"op": "set", "id": "b", "column": "thought", "value": "x"}, "thought lane is locked"),
    (["pain_point"], {"op": "set", "id": "b", "column": "pain_point", "value": "x"}, "pain point lane is locked"),
    (["thought"], {"op": "delete", "id": "a"}, "has a thought given by the exercise"),
    (["Awareness"], {"op": "rename_stage", "stage": "Awareness", "to": "Seeing"}, "cannot be renamed"),
    (["Awareness"], {"op": "delete_stage", "stage": "Awareness", "touchpoints": "remove"}, "cannot be deleted"),
    (["Awareness"], {"op": "move_stage", "stage": "Awareness", "index": 2}, "cannot be moved"),
    (["Awareness"], {"op": "move", "id": "a", "stage": "Purchase", "before": None}, "touchpoints stay in it"),
    (["Awareness"], {"op": "set", "id": "a", "column": "stage", "value": "Use"}, "touchpoints stay in it"),
    (
        ["Use"],
        {
            "op": "batch",
            "ops": [
                {"op": "set", "id": "a", "column": "thought", "value": "ok"},
                {"op": "delete_stage", "stage": "Use", "touchpoints": "remove"},
            ],
        },
        "cannot be deleted",
    ),
]


@pytest.mark.parametrize(("locked", "op", "message"), REFUSED)
def test_page_edits_of_locked_lanes_and_stages_are_refused(
    locked: list[str], op: dict[str, object], message: str
) -> None:
    m = exercise_map(locked)
    before, stages = m.touchpoints, m.stages
    reject = send(m, op)
    assert reject is not None and message in reject and "locked" in reject
    pd.testing.assert_frame_equal(m.touchpoints, before)
    pd.testing.assert_frame_equal(m.stages, stages)


ALLOWED = [
    (["touchpoint"], {"op": "set", "id": "a", "column": "thought", "value": "Hmm"}),
    (["touchpoint", "Awareness"], {"op": "set", "id": "a", "column": "emotion", "value": 1}),
    (["Awareness"], {"op": "insert", "row": {"stage": "Awareness", "touchpoint": "New"}, "before": None}),
    (["Awareness"], {"op": "move", "id": "b", "stage": "Awareness", "before": "a"}),
    (["Awareness"], {"op": "move", "id": "c", "stage": "Awareness", "before": None}),
    (["Awareness"], {"op": "rename_stage", "stage": "Use", "to": "Using"}),
    (["thought"], {"op": "delete", "id": "b"}),
]


@pytest.mark.parametrize(("locked", "op"), ALLOWED)
def test_students_fill_in_the_rest(locked: list[str], op: dict[str, object]) -> None:
    m = exercise_map(locked)
    revision = m.journey.revision
    assert send(m, op) is None
    assert m.journey.revision == revision + 1


def test_teacher_edits_in_python_still_work_and_locks_follow_renames() -> None:
    m = exercise_map(["touchpoint", "Awareness"])
    with m.edit() as df:
        df.loc[df["id"] == "a", "touchpoint"] = "Sees a poster"
    assert m.touchpoints.loc[m.touchpoints["id"] == "a", "touchpoint"].item() == "Sees a poster"
    m.journey.apply({"op": "rename_stage", "stage": "Awareness", "to": "Noticing"})
    assert m.locked == ["touchpoint", "Noticing"]
    m.journey.apply({"op": "delete_stage", "stage": "Noticing", "touchpoints": "remove"})
    assert m.locked == ["touchpoint"]


def test_locked_names_are_validated_and_synced() -> None:
    with pytest.raises(cjm.SchemaError) as info:
        exercise_map(["Awarenes"])
    text = str(info.value)
    assert "column 'locked'" in text and "'Awarenes'" in text and "'Awareness'" in text and "thought" in text
    m = exercise_map(["thought", "thought", "Use"])
    assert m.locked == ["thought", "Use"]
    assert m.get_state()["locked"] == ["thought", "Use"]
    m.locked = []
    assert send(m, {"op": "set", "id": "a", "column": "thought", "value": "free"}) is None
