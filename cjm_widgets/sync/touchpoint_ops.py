"""Edit operations on a journey's tables: validate, apply, and say how to undo.

Ops address rows by id, never by position, so an op made on an older revision
still means the same thing (see docs/sync-protocol.md). :func:`apply_op` works
on a :class:`Tables` snapshot and returns new tables plus the ops *as applied*
(what every view must do) and the inverse op (what undoes it). Nothing here
knows about widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from dataclasses import field as default
from typing import Any, cast

import pandas as pd

from ..errors import EditError, SchemaError
from ..schema.cell_values import coerce_cell
from ..schema.tables import in_map_order
from ..schema.values import is_missing
from .ops import BatchOp, InsertOp, Op, RawOp
from .records import json_value, records
from .rows import field, insert_rows, new_id, new_label, row_frame, short

__all__ = ["Applied", "Tables", "apply_op"]


@dataclass(frozen=True)
class Tables:
    """The tables an edit may touch, plus what validating a cell needs."""

    touchpoints: pd.DataFrame
    stages: pd.DataFrame
    metrics: pd.DataFrame
    actions: pd.DataFrame
    emotion_scale: tuple[float, float]
    personas: tuple[str, ...] = ()

    @property
    def stage_names(self) -> list[str]:
        return self.stages["stage"].tolist()

    @property
    def ids(self) -> list[str]:
        return self.touchpoints["id"].tolist()


@dataclass
class Applied:
    """The result of one op: new tables, ops as applied, the inverse, and per-row changes."""

    tables: Tables
    ops: list[Op] = default(default_factory=list)
    inverse: Op | None = None
    changes: list[dict[str, Any]] = default(default_factory=list)


def apply_op(tables: Tables, op: Any) -> Applied:
    """Apply one op (or a ``batch``, all-or-nothing) to ``tables``."""
    if not isinstance(op, dict) or not isinstance(op.get("op"), str):
        raise EditError(f"an edit must be an object with an 'op' name, got {short(op)}")
    handler = _HANDLERS.get(op["op"])
    if handler is None:
        raise EditError(f"unknown op {op['op']!r}; known ops: {', '.join(sorted(_HANDLERS))}")
    return handler(tables, op)


# -- helpers ------------------------------------------------------------------------


def _position(tables: Tables, row_id: Any) -> int:
    if not isinstance(row_id, str):
        raise EditError(f"a touchpoint id must be a string, got {short(row_id)}")
    try:
        return tables.ids.index(row_id)
    except ValueError:
        raise EditError(f"touchpoint {row_id!r} does not exist (deleted meanwhile?)") from None


def _stage_name(tables: Tables, op: RawOp, name: str = "stage") -> str:
    stage = field(op, name, str)
    if stage not in tables.stage_names:
        raise EditError(f"stage {stage!r} does not exist; stages are {', '.join(map(repr, tables.stage_names))}")
    return cast("str", stage)


def _next_in_stage(tp: pd.DataFrame, position: int) -> str | None:
    """Id of the row after ``position`` in the same stage (None: it is the last)."""
    stages = tp["stage"].tolist()
    for later in range(position + 1, len(tp)):
        if stages[later] == stages[position]:
            return str(tp["id"].iat[later])
    return None


def _slot(tables: Tables, tp: pd.DataFrame, stage: str, before: Any) -> int:
    """Table position for a row going to ``stage``, before row ``before`` (None: last in stage)."""
    ids = tp["id"].tolist()
    stages = tp["stage"].tolist()
    if isinstance(before, str) and before in ids and stages[ids.index(before)] == stage:
        return ids.index(before)
    order = {name: i for i, name in enumerate(tables.stage_names)}
    target = order[stage]
    slot = 0
    for position, row_stage in enumerate(stages):
        if order.get(row_stage, len(order)) <= target:
            slot = position + 1
    return slot


def _row_record(tp: pd.DataFrame, position: int) -> dict[str, Any]:
    return records(tp.iloc[[position]])[0]


# -- touchpoint ops -----------------------------------------------------------------


def _set(tables: Tables, op: RawOp) -> Applied:
    position = _position(tables, op.get("id"))
    column = field(op, "column", str)
    if "value" not in op:
        raise EditError("op 'set' needs a 'value' (null to clear the cell)")
    tp = tables.touchpoints
    row_id = tables.ids[position]
    value = coerce_cell(
        tp, column, op["value"], row_id, position, tables.stage_names, tables.emotion_scale, list(tables.personas)
    )
    old = tp[column].iat[position]
    new_tp = tp.copy()
    new_tp.iloc[position, new_tp.columns.get_loc(column)] = value  # type: ignore[index]
    stored = json_value(new_tp[column].iat[position])
    return Applied(
        replace(tables, touchpoints=new_tp),
        [{"op": "set", "id": row_id, "column": column, "value": stored}],
        {"op": "set", "id": row_id, "column": column, "value": json_value(old)},
        [{"kind": "set", "id": row_id, "column": column, "old": json_value(old), "new": stored}],
    )


def _insert(tables: Tables, op: RawOp) -> Applied:
    row = field(op, "row", dict)
    tp = tables.touchpoints
    unknown = [k for k in row if k not in set(map(str, tp.columns))]
    if unknown:
        raise EditError(f"insert: unknown column {unknown[0]!r}; columns are {', '.join(map(str, tp.columns))}")
    row_id = row.get("id")
    if row_id is None:
        row_id = new_id(tables.ids)
    elif not isinstance(row_id, str) or not row_id or row_id in tables.ids:
        raise EditError(f"insert: id {short(row_id)} must be a new, non-empty string")
    stage = _stage_name(tables, {"op": "insert", "stage": row.get("stage")})
    position = len(tp)
    values = {"id": row_id}
    for name, value in row.items():
        if name != "id":
            values[name] = coerce_cell(
                tp,
                name,
                value,
                row_id,
                position,
                tables.stage_names,
                tables.emotion_scale,
                list(tables.personas),
                inserting=True,
            )
    if is_missing(values.get("touchpoint")):
        raise SchemaError(
            "missing value where one is required",
            column="touchpoint",
            row=row_id,
            position=position,
            fix="Give the new touchpoint a name",
        )
    label = new_label(tp.index, op.get("index"), row_id)
    slot = _slot(tables, tp, stage, op.get("before"))
    new_tp = insert_rows(tp, slot, row_frame(tp, values, label))
    metrics = _restore_metrics(tables.metrics, op.get("metrics"))
    record = _row_record(new_tp, slot)
    before = _next_in_stage(new_tp, slot)
    return Applied(
        replace(tables, touchpoints=new_tp, metrics=metrics),
        [{"op": "insert", "row": record, "before": before}],
        {"op": "delete", "id": row_id},
        [{"kind": "insert", "id": row_id, "column": None, "old": None, "new": record}],
    )


def _frame_like(template: pd.DataFrame, rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series([r.get(str(c)) for r in rows], dtype=template[c].dtype) for c in template.columns}
    )


def _with_positions(table: pd.DataFrame, chosen: Any) -> list[dict[str, Any]]:
    """Records of the chosen rows, each with the position an undo puts it back at."""
    positions = [int(p) for p in chosen.nonzero()[0]]
    return [{**record, "_position": p} for record, p in zip(records(table[chosen]), positions, strict=True)]


def _restore_metrics(metrics: pd.DataFrame, rows: Any) -> pd.DataFrame:
    """Put metric rows back (an undo), at their old positions when the op carries them."""
    if not rows:
        return metrics
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise EditError(f"'metrics' must be a list of metric records, got {short(rows)}")
    frame = _frame_like(metrics, rows)
    positions = [r.get("_position") for r in rows]
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in positions):
        return pd.concat([metrics, frame], ignore_index=True)
    out = metrics
    for position, i in sorted((p, i) for i, p in enumerate(positions)):
        out = pd.concat([out.iloc[:position], frame.iloc[[i]], out.iloc[position:]])
    return out.reset_index(drop=True)


def _delete(tables: Tables, op: RawOp) -> Applied:
    position = _position(tables, op.get("id"))
    tp = tables.touchpoints
    row_id = tables.ids[position]
    record = _row_record(tp, position)
    inverse: InsertOp = {
        "op": "insert",
        "row": record,
        "before": _next_in_stage(tp, position),
        "index": json_value(tp.index[position]),
    }
    # A touchpoint's metrics go with it (and come back with an undo).
    metrics = tables.metrics
    mine = (metrics["touchpoint_id"] == row_id).fillna(False).to_numpy(dtype=bool)
    if mine.any():
        inverse["metrics"] = _with_positions(metrics, mine)
        metrics = metrics[~mine].reset_index(drop=True)
    new_tp = (
        tp.drop(tp.index[position]) if tp.index.is_unique else pd.concat([tp.iloc[:position], tp.iloc[position + 1 :]])
    )
    return Applied(
        replace(tables, touchpoints=new_tp, metrics=metrics),
        [{"op": "delete", "id": row_id}],
        inverse,
        [{"kind": "delete", "id": row_id, "column": None, "old": record, "new": None}],
    )


def _move(tables: Tables, op: RawOp) -> Applied:
    position = _position(tables, op.get("id"))
    stage = _stage_name(tables, op)
    before = op.get("before")
    if before is not None and not isinstance(before, str):
        raise EditError(f"move: 'before' must be a touchpoint id or null, got {short(before)}")
    tp = tables.touchpoints
    row_id = tables.ids[position]
    old_stage = str(tp["stage"].iat[position])
    old_before = _next_in_stage(tp, position)
    row = tp.iloc[[position]].copy()
    row.iloc[0, row.columns.get_loc("stage")] = stage  # type: ignore[index]
    rest = pd.concat([tp.iloc[:position], tp.iloc[position + 1 :]])
    slot = _slot(tables, rest, stage, before if before != row_id else None)
    new_tp = insert_rows(rest, slot, row)
    return Applied(
        replace(tables, touchpoints=new_tp),
        [{"op": "move", "id": row_id, "stage": stage, "before": _next_in_stage(new_tp, slot)}],
        {"op": "move", "id": row_id, "stage": old_stage, "before": old_before},
        [{"kind": "move", "id": row_id, "column": "stage", "old": old_stage, "new": stage}],
    )


# -- stage ops ------------------------------------------------------------------------


def _new_stage_name(tables: Tables, op: RawOp, name: str) -> str:
    stage = field(op, name, str)
    if not stage.strip():
        raise SchemaError(
            "a stage name cannot be empty", table="stages", column="stage", value=stage, fix="Give the stage a name"
        )
    if stage in tables.stage_names:
        raise SchemaError(
            f"a stage named {stage!r} already exists",
            table="stages",
            column="stage",
            value=stage,
            fix="Choose another name",
        )
    return cast("str", stage)


def _add_stage(tables: Tables, op: RawOp) -> Applied:
    stage = _new_stage_name(tables, op, "stage")
    index = op.get("index")
    count = len(tables.stages)
    if index is None:
        index = count
    if not isinstance(index, int) or isinstance(index, bool):
        raise EditError(f"add_stage: 'index' must be an integer or null, got {short(index)}")
    index = max(0, min(count, index))
    values = {"stage": stage, **{k: op.get(k) for k in ("description", "goal") if isinstance(op.get(k), str)}}
    extra = op.get("record")  # an undo gives a deleted stage its whole record back
    if isinstance(extra, dict):
        kept = {k: v for k, v in extra.items() if k in tables.stages.columns and (v is None or isinstance(v, str))}
        values = {**kept, **values}
    stages = insert_rows(tables.stages, index, row_frame(tables.stages, values, 0)).reset_index(drop=True)
    record = records(stages.iloc[[index]])[0]
    return Applied(
        replace(tables, stages=stages),
        [{"op": "add_stage", "stage": stage, "index": index, "record": record}],
        {"op": "delete_stage", "stage": stage, "touchpoints": "remove"},
        [{"kind": "add_stage", "id": None, "column": "stage", "old": None, "new": stage}],
    )


def _rename_stage(tables: Tables, op: RawOp) -> Applied:
    old = _stage_name(tables, op)
    new = _new_stage_name(tables, op, "to")

    def renamed(df: pd.DataFrame) -> pd.DataFrame:
        if "stage" not in df.columns or not (df["stage"] == old).any():
            return df
        out = df.copy()
        out["stage"] = out["stage"].where(out["stage"] != old, new)
        return out

    return Applied(
        replace(
            tables,
            stages=renamed(tables.stages),
            touchpoints=renamed(tables.touchpoints),
            metrics=renamed(tables.metrics),
            actions=renamed(tables.actions),
        ),
        [{"op": "rename_stage", "stage": old, "to": new}],
        {"op": "rename_stage", "stage": new, "to": old},
        [{"kind": "rename_stage", "id": None, "column": "stage", "old": old, "new": new}],
    )


def _move_stage(tables: Tables, op: RawOp) -> Applied:
    stage = _stage_name(tables, op)
    index = field(op, "index", int)
    names = tables.stage_names
    old_index = names.index(stage)
    index = max(0, min(len(names) - 1, index))
    order = [n for n in names if n != stage]
    order.insert(index, stage)
    stages = tables.stages.set_index("stage", drop=False).loc[order].reset_index(drop=True)
    return Applied(
        replace(tables, stages=stages, touchpoints=in_map_order(tables.touchpoints, order)),
        [{"op": "move_stage", "stage": stage, "index": index}],
        {"op": "move_stage", "stage": stage, "index": old_index},
        [{"kind": "move_stage", "id": None, "column": "stage", "old": old_index, "new": index}],
    )


def _delete_stage(tables: Tables, op: RawOp) -> Applied:
    stage = _stage_name(tables, op)
    mode = op.get("touchpoints", "remove")
    if mode not in ("remove", "move"):
        raise EditError(f"delete_stage: 'touchpoints' must be 'remove' or 'move', got {short(mode)}")
    steps: list[Op] = []
    tp = tables.touchpoints
    mine = [i for i, s in zip(tables.ids, tp["stage"].tolist(), strict=True) if s == stage]
    if mode == "move":
        target = _stage_name(tables, op, "to")
        if target == stage:
            raise EditError("delete_stage: cannot move touchpoints to the stage being deleted")
        steps = [{"op": "move", "id": i, "stage": target, "before": None} for i in mine]
    else:
        steps = [{"op": "delete", "id": i} for i in mine]
    result = _batch(tables, {"op": "batch", "ops": steps})
    after = result.tables
    index = tables.stage_names.index(stage)
    record = records(tables.stages.iloc[[index]])[0]
    metric_rows = (after.metrics["stage"] == stage).fillna(False).to_numpy(dtype=bool)
    action_rows = (after.actions["stage"] == stage).fillna(False).to_numpy(dtype=bool)
    actions = after.actions.copy()
    actions.loc[action_rows, "stage"] = None
    final = replace(
        after,
        stages=tables.stages.drop(tables.stages.index[index]).reset_index(drop=True),
        metrics=after.metrics[~metric_rows].reset_index(drop=True),
        actions=actions,
    )
    restore: list[Op] = [{"op": "add_stage", "stage": stage, "index": index, "record": record}]
    if metric_rows.any() or action_rows.any():
        restore.append(
            {
                "op": "restore_stage_refs",
                "stage": stage,
                "metrics": _with_positions(after.metrics, metric_rows),
                "actions": [int(i) for i in action_rows.nonzero()[0]],
            }
        )
    moves_back = result.inverse["ops"] if result.inverse is not None and result.inverse["op"] == "batch" else []
    inverse: BatchOp = {"op": "batch", "ops": [*restore, *moves_back]}
    return Applied(
        final,
        [*result.ops, {"op": "delete_stage", "stage": stage}],
        inverse,
        [*result.changes, {"kind": "delete_stage", "id": None, "column": "stage", "old": stage, "new": None}],
    )


def _restore_stage_refs(tables: Tables, op: RawOp) -> Applied:
    """Undo's half of a stage deletion: give metrics and actions their stage back."""
    stage = _stage_name(tables, op)
    metrics = _restore_metrics(tables.metrics, op.get("metrics"))
    actions = tables.actions.copy()
    positions = [p for p in op.get("actions") or [] if isinstance(p, int) and 0 <= p < len(actions)]
    if positions:
        actions.iloc[positions, actions.columns.get_loc("stage")] = stage  # type: ignore[index]
    return Applied(replace(tables, metrics=metrics, actions=actions), [], None, [])


def _batch(tables: Tables, op: RawOp) -> Applied:
    ops = field(op, "ops", list)
    applied: list[Op] = []
    inverses: list[Op] = []
    changes: list[dict[str, Any]] = []
    for step in ops:
        result = apply_op(tables, step)
        tables = result.tables
        applied.extend(result.ops)
        if result.inverse is not None:
            inverses.insert(0, result.inverse)
        changes.extend(result.changes)
    return Applied(tables, applied, {"op": "batch", "ops": inverses}, changes)


_HANDLERS: dict[str, Callable[[Tables, RawOp], Applied]] = {
    "set": _set,
    "insert": _insert,
    "delete": _delete,
    "move": _move,
    "add_stage": _add_stage,
    "rename_stage": _rename_stage,
    "move_stage": _move_stage,
    "delete_stage": _delete_stage,
    "restore_stage_refs": _restore_stage_refs,
    "batch": _batch,
}
