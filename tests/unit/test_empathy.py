"""EmpathyMap and its notes: validation, the edit ops with their inverses, and the widget protocol."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.errors import EditError
from cjm_widgets.model.empathy_notes import EmpathyNotes
from cjm_widgets.schema.notes_table import QUADRANTS, normalize_notes
from cjm_widgets.sync.note_ops import apply_note_op
from cjm_widgets.widgets.edit_events import Edit


def notes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quadrant": ["Says", " thinks ", "PAINS"],
            "text": ["I just want it to work", "这个值得买吗？", "Pārāk daudz informācijas"],
            "weight": [1, 2, 3],
        },
        index=["a", "b", "c"],
    )


class Wire:
    """Captures what the widget sends and delivers view messages to it."""

    def __init__(self, widget: cjm.EmpathyMap) -> None:
        self.widget = widget
        self.sent: list[dict[str, Any]] = []
        widget.send = lambda content, buffers=None: self.sent.append(content)  # type: ignore[method-assign]

    def edit(self, op: Any, edit_id: str = "v-1") -> dict[str, Any]:
        self.widget._handle_custom_msg({"type": "edit", "edit_id": edit_id, "rev": 0, "op": op}, [])
        return self.sent[-1]


def test_notes_are_normalized_with_ids_and_extra_columns_kept() -> None:
    table = normalize_notes(notes())
    assert table["id"].tolist() == ["note-1", "note-2", "note-3"]
    assert table["quadrant"].tolist() == ["says", "thinks", "pains"]
    assert list(table.columns) == ["id", "quadrant", "text", "persona", "source", "weight"]
    assert table.index.tolist() == ["a", "b", "c"]
    assert table["weight"].tolist() == [1, 2, 3]
    given = normalize_notes(notes().assign(id=["x", None, "note-1"]))
    assert given["id"].tolist() == ["x", "note-2", "note-1"]


@pytest.mark.parametrize(
    ("value", "hint"),
    [("feelz", "Did you mean 'feels'?"), ("Sayz", "Did you mean 'says'?"), ("banana", "Use one of: says")],
)
def test_unknown_quadrant_names_row_value_and_suggests(value: str, hint: str) -> None:
    bad = notes()
    bad.loc["b", "quadrant"] = value
    with pytest.raises(cjm.SchemaError) as info:
        normalize_notes(bad)
    err = info.value
    assert (err.table, err.column, err.row, err.position, err.value) == ("notes", "quadrant", "note-2", 1, value)
    assert hint in str(err)


def test_missing_columns_empty_text_and_duplicate_ids_are_refused() -> None:
    with pytest.raises(cjm.SchemaError, match="'text': required column is missing"):
        normalize_notes(pd.DataFrame({"quadrant": ["says"]}))
    with pytest.raises(cjm.SchemaError, match="row id 'note-1'.*a note cannot be empty"):
        normalize_notes(pd.DataFrame({"quadrant": ["says"], "text": ["   "]}))
    with pytest.raises(cjm.SchemaError, match="duplicate value 'n1'"):
        normalize_notes(pd.DataFrame({"id": ["n1", "n1"], "quadrant": ["says", "does"], "text": ["a", "b"]}))
    with pytest.raises(cjm.SchemaError, match="expected text, got int 5"):
        normalize_notes(pd.DataFrame({"quadrant": ["says"], "text": [5]}))


def test_ops_apply_and_their_inverses_restore_the_table_exactly() -> None:
    table = normalize_notes(notes())
    for op in (
        {"op": "set", "id": "note-2", "column": "quadrant", "value": "Gains"},
        {"op": "set", "id": "note-1", "column": "text", "value": "It has to last"},
        {"op": "set", "id": "note-1", "column": "weight", "value": 9},
        {"op": "insert", "row": {"quadrant": "does", "text": "Reads reviews"}, "before": "note-2"},
        {"op": "delete", "id": "note-2"},
        {"op": "batch", "ops": [{"op": "delete", "id": "note-1"}, {"op": "delete", "id": "note-3"}]},
    ):
        applied = apply_note_op(table, op)
        assert applied.inverse is not None
        back = apply_note_op(applied.table, applied.inverse).table
        pd.testing.assert_frame_equal(back, table)
    moved = apply_note_op(table, {"op": "set", "id": "note-2", "column": "quadrant", "value": "Gains"})
    assert moved.ops == [{"op": "set", "id": "note-2", "column": "quadrant", "value": "gains"}]
    inserted = apply_note_op(table, {"op": "insert", "row": {"quadrant": "does", "text": "x"}, "before": "note-2"})
    assert inserted.table["id"].tolist() == ["note-1", "note-4", "note-2", "note-3"]
    assert inserted.ops[0]["before"] == "note-2"


@pytest.mark.parametrize(
    ("op", "error", "message"),
    [
        ({"op": "set", "id": "note-1", "column": "quadrant", "value": "sayz"}, cjm.SchemaError, "Did you mean 'says'"),
        ({"op": "set", "id": "note-1", "column": "text", "value": ""}, cjm.SchemaError, "a note cannot be empty"),
        ({"op": "set", "id": "note-1", "column": "id", "value": "x"}, cjm.SchemaError, "ids are stable"),
        ({"op": "set", "id": "note-1", "column": "weight", "value": "heavy"}, cjm.SchemaError, "whole number"),
        ({"op": "set", "id": "gone", "column": "text", "value": "x"}, EditError, "does not exist"),
        ({"op": "insert", "row": {"quadrant": "says"}, "before": None}, cjm.SchemaError, "cannot be empty"),
        ({"op": "insert", "row": {"text": "x"}, "before": None}, cjm.SchemaError, "unknown quadrant None"),
        ({"op": "insert", "row": {"quadrant": "says", "text": "x", "mood": 1}}, EditError, "unknown column 'mood'"),
        ({"op": "move", "id": "note-1", "stage": "x"}, EditError, "unknown op 'move' for notes"),
        ("nonsense", EditError, "must be an object"),
    ],
)
def test_bad_ops_are_refused_with_a_reason(op: Any, error: type[Exception], message: str) -> None:
    table = normalize_notes(notes())
    with pytest.raises(error, match=message):
        apply_note_op(table, op)


def test_widget_state_edits_patches_and_on_edit() -> None:
    e = cjm.EmpathyMap(notes(), title="Colleen")
    wire = Wire(e)
    seen: list[Edit] = []
    e.on_edit(seen.append)
    state = e.get_state()
    assert state["_rev"] == 0 and state["quadrants"] == list(QUADRANTS)
    assert [r["quadrant"] for r in state["_rows"]] == ["says", "thinks", "pains"]

    patch = wire.edit({"op": "set", "id": "note-2", "column": "quadrant", "value": "feels"})
    assert patch["type"] == "patch" and patch["edit_id"] == "v-1"
    assert patch["inverse"] == {"op": "set", "id": "note-2", "column": "quadrant", "value": "thinks"}
    assert e.notes.loc["b", "quadrant"] == "feels"
    assert (seen[-1].kind, seen[-1].id, seen[-1].old, seen[-1].new, seen[-1].origin) == (
        "set",
        "note-2",
        "thinks",
        "feels",
        "view",
    )
    reject = wire.edit({"op": "set", "id": "note-2", "column": "quadrant", "value": "nowhere"}, "v-2")
    assert reject["type"] == "reject" and reject["edit_id"] == "v-2" and "unknown quadrant" in reject["message"]
    assert e.notes.loc["b", "quadrant"] == "feels"  # nothing lost, nothing changed
    wire.edit(patch["inverse"], "v-3")
    assert e.notes.loc["b", "quadrant"] == "thinks"
    assert e.model.revision == 2


def test_python_side_assignment_is_validated_and_patched() -> None:
    e = cjm.EmpathyMap(notes())
    wire = Wire(e)
    with e.edit() as df:
        df.loc["a", "text"] = "Changed in pandas"
    assert wire.sent[-1] == {
        "type": "patch",
        "rev": 1,
        "origin": "python",
        "ops": [{"op": "set", "id": "note-1", "column": "text", "value": "Changed in pandas"}],
    }
    before = e.notes
    with pytest.raises(cjm.SchemaError, match="Did you mean 'does'"):
        e.notes = before.assign(quadrant=["says", "dose", "pains"])
    pd.testing.assert_frame_equal(e.notes, before)
    e.notes = pd.concat([before, pd.DataFrame([{"quadrant": "gains", "text": "Saves time"}])], ignore_index=True)
    assert wire.sent[-1]["type"] == "reset"  # a new index: views start afresh
    assert e.notes["id"].tolist()[-1] == "note-4"


def test_two_maps_share_one_notes_model_and_persona_filter_is_a_trait() -> None:
    model = EmpathyNotes(notes())
    first, second = cjm.EmpathyMap(model), cjm.EmpathyMap(model, persona="colleen")
    wire = Wire(second)
    Wire(first).edit({"op": "delete", "id": "note-3"})
    assert wire.sent[-1]["ops"] == [{"op": "delete", "id": "note-3"}]
    assert second.notes["id"].tolist() == ["note-1", "note-2"]
    assert second.persona == "colleen"
    second._handle_custom_msg({"type": "set_trait", "name": "persona", "value": None}, [])
    assert second.persona is None
    second._handle_custom_msg({"type": "set_trait", "name": "title", "value": "x"}, [])
    assert wire.sent[-1]["type"] == "reject"
    first.close()
    assert len(model._observers) == 1


def test_bundle_is_built_and_repr() -> None:
    e = cjm.EmpathyMap([{"quadrant": "says", "text": "hi"}])
    assert "render" in str(e._esm)
    assert ".cjm-empathy-map" in str(e._css) and ".cjm-panel" in str(e._css)
    assert repr(e) == "EmpathyMap(<EmpathyNotes: says 1, thinks 0, does 0, feels 0, pains 0, gains 0>)"
    assert cjm.EmpathyMap().notes.empty
