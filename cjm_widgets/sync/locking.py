"""Locked lanes and stages: the frame of a classroom exercise that students cannot change.

A map's ``locked`` list names lanes (``touchpoint``, ``thought``, an extra
column...) and/or stages. Edits made in the page are checked here before they
apply; Python-side edits (the teacher's) are not, so a teacher can still change
the frame. What a lock forbids:

- a locked lane: setting its cells (the ``touchpoint`` lane covers the name and
  the channel), and deleting or inserting a touchpoint that has a value in it;
  a locked ``touchpoint`` lane fixes the list of touchpoints (no insert, delete
  or move);
- a locked stage: renaming, deleting or moving it, and moving its touchpoints
  to another stage. Its cells stay open, so students can fill them in;
- deleting an unlocked stage takes its touchpoints along (removed or moved):
  refused when deleting or moving one of them would be (a locked touchpoint
  lane, or a touchpoint with a value in a locked lane), so no op changes what a
  locked lane shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from ..errors import LockedError, SchemaError
from ..schema.tables import LANES
from ..schema.values import is_missing

__all__ = ["check_locked_names", "refuse_locked"]


def _lane_of(column: str) -> str:
    return "touchpoint" if column == "channel" else column


def _label(lane: str) -> str:
    return lane.replace("_", " ")


def check_locked_names(names: Iterable[Any], stages: Sequence[str], columns: Iterable[str]) -> list[str]:
    """Validate a ``locked=[...]`` list: each name is a stage or a lane. Returns it without duplicates."""
    known_lanes = set(LANES) | set(map(str, columns))
    out: list[str] = []
    for position, name in enumerate(names):
        if not isinstance(name, str) or (name not in stages and name not in known_lanes):
            raise SchemaError(
                f"locked names a lane or stage that the map does not have: {name!r}",
                table="journey",
                column="locked",
                position=position,
                value=name,
                fix=f"Use stage names ({', '.join(map(repr, stages))}) or lanes ({', '.join(LANES)}, or a column)",
            )
        if name not in out:
            out.append(name)
    return out


def refuse_locked(op: Any, locked: Sequence[str], touchpoints: pd.DataFrame) -> None:
    """Raise :class:`LockedError` when the page's ``op`` would change something locked."""
    if not locked or not isinstance(op, dict):
        return  # a malformed op is the edit protocol's to refuse
    locks = set(locked)
    kind = op.get("op")
    if kind == "batch":
        for inner in op.get("ops") or []:
            refuse_locked(inner, locked, touchpoints)
        return
    stage = op.get("stage") if isinstance(op.get("stage"), str) else None  # anything else is refused by the op
    if kind in ("rename_stage", "delete_stage", "move_stage") and stage in locks:
        verb = {"rename_stage": "renamed", "delete_stage": "deleted", "move_stage": "moved"}[kind]
        raise LockedError(f"the stage {op['stage']!r} is locked for this exercise and cannot be {verb}")
    if kind == "delete_stage" and stage is not None:
        # Its touchpoints go (or move) with it: each must be free to go, as if deleted or moved one by one.
        mode, target = op.get("touchpoints", "remove"), op.get("to")
        for row_id in touchpoints.loc[touchpoints["stage"] == stage, "id"].tolist():
            step = {"op": "move", "id": row_id, "stage": target} if mode == "move" else {"op": "delete", "id": row_id}
            refuse_locked(step, locked, touchpoints)
        return
    row = _row(touchpoints, op.get("id"))
    if kind == "set":
        column = op.get("column")
        if column == "stage":
            _refuse_move(row, op.get("value"), locks)
        elif isinstance(column, str) and _lane_of(column) in locks:
            raise LockedError(
                f"the {_label(_lane_of(column))} lane is locked for this exercise; fill in the other lanes"
            )
    elif kind == "move":
        _refuse_move(row, op.get("stage"), locks)
    elif kind in ("insert", "delete"):
        if "touchpoint" in locks:
            verb = "added" if kind == "insert" else "deleted"
            raise LockedError(f"the touchpoints are locked for this exercise and cannot be {verb}")
        values = op.get("row") if kind == "insert" else row
        for column, value in (values or {}).items():
            if _lane_of(str(column)) in locks and column not in ("id", "stage") and not is_missing(value):
                raise LockedError(
                    f"this touchpoint has a {_label(_lane_of(str(column)))} given by the exercise, "
                    "which is locked; it cannot be added or deleted"
                )


def _row(touchpoints: pd.DataFrame, row_id: Any) -> dict[str, Any] | None:
    if not isinstance(row_id, str):
        return None
    hits = touchpoints.index[touchpoints["id"] == row_id]
    return None if len(hits) == 0 else touchpoints.loc[hits[0]].to_dict()


def _refuse_move(row: dict[str, Any] | None, stage: Any, locks: set[str]) -> None:
    if "touchpoint" in locks:
        raise LockedError("the touchpoints are locked for this exercise and cannot be moved")
    if row is not None and row["stage"] in locks and stage != row["stage"]:
        raise LockedError(f"the stage {row['stage']!r} is locked for this exercise; its touchpoints stay in it")
