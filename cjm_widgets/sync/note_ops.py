"""Edit ops on an empathy map's notes: ``set``, ``insert``, ``delete`` and ``batch``.

The same protocol as the journey map (docs/sync-protocol.md): ops name notes
by id, each returns the ops as applied and the inverse that undoes it. Moving
a note to another quadrant is a ``set`` of its ``quadrant``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import EditError, SchemaError
from ..schema.cell_values import coerce_extra
from ..schema.notes_table import quadrant_of
from ..schema.values import RowNamer, is_missing, to_text
from .ops import InsertOp, Op, RawOp
from .records import json_value, records
from .rows import field as typed_field
from .rows import insert_rows, new_id, new_label, row_frame, short

__all__ = ["NoteApplied", "apply_note_op"]

_TEXT = ("quadrant", "text", "persona", "source")


@dataclass
class NoteApplied:
    """The result of one op: the new table, ops as applied, the inverse, and per-note changes."""

    table: pd.DataFrame
    ops: list[Op] = field(default_factory=list)
    inverse: Op | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)


def apply_note_op(table: pd.DataFrame, op: Any) -> NoteApplied:
    """Apply one op (or a ``batch``, all-or-nothing) to a notes table."""
    if not isinstance(op, dict) or not isinstance(op.get("op"), str):
        raise EditError(f"an edit must be an object with an 'op' name, got {short(op)}")
    handler = _HANDLERS.get(op["op"])
    if handler is None:
        raise EditError(f"unknown op {op['op']!r} for notes; known ops: {', '.join(sorted(_HANDLERS))}")
    return handler(table, op)


def _position(table: pd.DataFrame, note_id: Any) -> int:
    if not isinstance(note_id, str):
        raise EditError(f"a note id must be a string, got {short(note_id)}")
    ids = table["id"].tolist()
    if note_id not in ids:
        raise EditError(f"note {note_id!r} does not exist (deleted meanwhile?)")
    return ids.index(note_id)


def coerce_note_cell(table: pd.DataFrame, column: str, value: Any, note_id: str, position: int) -> Any:
    """The value to store in ``table[column]`` for this note, or a SchemaError naming it."""

    rows = RowNamer("notes", [note_id], offset=position)

    def refuse(problem: str, fix: str) -> SchemaError:
        return rows.error(problem, column, 0, value, fix)

    if column == "id":
        raise refuse("ids are stable and cannot be edited", "Delete the note and add a new one instead")
    if column not in table.columns:
        raise refuse(f"no such column {column!r}", f"Use one of: {', '.join(map(str, table.columns))}")
    if column not in _TEXT:
        return coerce_extra(table[column], value, refuse)
    text = to_text(pd.Series([value], dtype=object), column, rows).iloc[0]
    text = None if is_missing(text) or not text.strip() else text
    if column == "quadrant":
        return quadrant_of(value, rows, 0)
    if column == "text" and text is None:
        raise refuse("a note cannot be empty", "Write the note, or delete it")
    return text


def _set(table: pd.DataFrame, op: RawOp) -> NoteApplied:
    position = _position(table, op.get("id"))
    column = typed_field(op, "column", str)
    if "value" not in op:
        raise EditError("op 'set' needs a 'value' (null to clear the cell)")
    note_id = str(table["id"].iat[position])
    value = coerce_note_cell(table, column, op["value"], note_id, position)
    old = json_value(table[column].iat[position])
    new = table.copy()
    new.iloc[position, new.columns.get_loc(column)] = value  # type: ignore[index]
    stored = json_value(new[column].iat[position])
    return NoteApplied(
        new,
        [{"op": "set", "id": note_id, "column": column, "value": stored}],
        {"op": "set", "id": note_id, "column": column, "value": old},
        [{"kind": "set", "id": note_id, "column": column, "old": old, "new": stored}],
    )


def _insert(table: pd.DataFrame, op: RawOp) -> NoteApplied:
    row = typed_field(op, "row", dict)
    columns = set(map(str, table.columns))
    unknown = [k for k in row if k not in columns]
    if unknown:
        raise EditError(f"insert: unknown column {unknown[0]!r}; columns are {', '.join(map(str, table.columns))}")
    ids = table["id"].tolist()
    note_id = row.get("id")
    if note_id is None:
        note_id = new_id(ids, "note")
    elif not isinstance(note_id, str) or not note_id or note_id in ids:
        raise EditError(f"insert: id {short(note_id)} must be a new, non-empty string")
    position = len(table)
    values: dict[str, Any] = {"id": note_id}
    for name in ("quadrant", "text"):  # required: checked even when the row leaves them out
        values[name] = coerce_note_cell(table, name, row.get(name), note_id, position)
    for name, value in row.items():
        if name not in values:
            values[name] = coerce_note_cell(table, name, value, note_id, position)
    before = op.get("before")
    slot = ids.index(before) if isinstance(before, str) and before in ids else len(table)
    label = new_label(table.index, op.get("index"), note_id)
    new = insert_rows(table, slot, row_frame(table, values, label))
    record = records(new.iloc[[slot]])[0]
    after = str(new["id"].iat[slot + 1]) if slot + 1 < len(new) else None
    return NoteApplied(
        new,
        [{"op": "insert", "row": record, "before": after}],
        {"op": "delete", "id": note_id},
        [{"kind": "insert", "id": note_id, "column": None, "old": None, "new": record}],
    )


def _delete(table: pd.DataFrame, op: RawOp) -> NoteApplied:
    position = _position(table, op.get("id"))
    note_id = str(table["id"].iat[position])
    record = records(table.iloc[[position]])[0]
    after = str(table["id"].iat[position + 1]) if position + 1 < len(table) else None
    inverse: InsertOp = {"op": "insert", "row": record, "before": after, "index": json_value(table.index[position])}
    new = pd.concat([table.iloc[:position], table.iloc[position + 1 :]])
    return NoteApplied(
        new,
        [{"op": "delete", "id": note_id}],
        inverse,
        [{"kind": "delete", "id": note_id, "column": None, "old": record, "new": None}],
    )


def _batch(table: pd.DataFrame, op: RawOp) -> NoteApplied:
    ops = typed_field(op, "ops", list)
    result = NoteApplied(table)
    inverses: list[Op] = []
    for step in ops:
        one = apply_note_op(result.table, step)
        result.table = one.table
        result.ops.extend(one.ops)
        result.changes.extend(one.changes)
        if one.inverse is not None:
            inverses.insert(0, one.inverse)
    result.inverse = {"op": "batch", "ops": inverses}
    return result


_HANDLERS: dict[str, Callable[[pd.DataFrame, RawOp], NoteApplied]] = {
    "set": _set,
    "insert": _insert,
    "delete": _delete,
    "batch": _batch,
}
