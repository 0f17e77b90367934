"""Python-side changes as patch ops: compare two touchpoint tables by row id.

A view that already shows ``old`` reaches ``new`` by applying the ops, so a
one-cell change in pandas costs one small message, not the whole table.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..schema.cell_values import json_equal
from .records import json_value, records

__all__ = ["changes_of", "diff_touchpoints"]

from .ops import Op


def diff_touchpoints(old: pd.DataFrame, new: pd.DataFrame, max_ops: int | None = None) -> list[Op] | None:
    """Ops turning ``old`` into ``new``, or None when a full reset is simpler.

    A reset is due when the columns or dtypes differ, when rows kept by both
    changed their relative order, or when the ops would outnumber ``max_ops``
    (default: half the rows, at least 20).
    """
    if list(old.columns) != list(new.columns) or not old.dtypes.equals(new.dtypes):
        return None
    old_ids, new_ids = old["id"].tolist(), new["id"].tolist()
    old_set, new_set = set(old_ids), set(new_ids)
    if [i for i in old_ids if i in new_set] != [i for i in new_ids if i in old_set]:
        return None
    limit = max_ops if max_ops is not None else max(20, len(new) // 2)
    ops: list[Op] = [{"op": "delete", "id": i} for i in old_ids if i not in new_set]
    new_records = records(new)
    old_records = dict(zip(old_ids, records(old), strict=True))
    # Cell changes of kept rows first (stage changes included), so that an insert's "before"
    # names a row already in its final stage, as in the new table.
    for row_id, record in zip(new_ids, new_records, strict=True):
        previous = old_records.get(row_id)
        if previous is None:
            continue
        ops.extend(
            {"op": "set", "id": row_id, "column": c, "value": v}
            for c, v in record.items()
            if not json_equal(previous[c], v)
        )
        if len(ops) > limit:
            return None
    # Rows are grouped by stage (touchpoints); a table without stages (notes) is one group.
    stages = new["stage"].tolist() if "stage" in new.columns else [None] * len(new)
    # Insert from the end, so each row's "before" (the next row of its stage) already exists.
    for position in range(len(new_ids) - 1, -1, -1):
        if new_ids[position] not in old_set:
            before = next(
                (new_ids[p] for p in range(position + 1, len(new_ids)) if stages[p] == stages[position]), None
            )
            ops.append({"op": "insert", "row": new_records[position], "before": before})
    return ops if len(ops) <= limit else None


def changes_of(old: pd.DataFrame, ops: list[Op] | None) -> list[dict[str, Any]]:
    """What a Python-side assignment changed (ops of :func:`diff_touchpoints`), in the shape on_edit callbacks get."""
    if ops is None:
        return [{"kind": "reset", "id": None, "column": None, "old": None, "new": None}]
    positions = {row_id: p for p, row_id in enumerate(old["id"].tolist())}
    out = []
    for op in ops:
        if op["op"] == "set":
            previous = json_value(old[op["column"]].iat[positions[op["id"]]])
            out.append({"kind": "set", "id": op["id"], "column": op["column"], "old": previous, "new": op["value"]})
        elif op["op"] == "insert":
            out.append({"kind": "insert", "id": op["row"]["id"], "column": None, "old": None, "new": op["row"]})
        elif op["op"] == "delete":
            record = records(old.iloc[[positions[op["id"]]]])[0]
            out.append({"kind": "delete", "id": op["id"], "column": None, "old": record, "new": None})
    return out
