"""The data a flow view draws: a transitions table cut to its top flows, as plain records.

:func:`stage_level` turns a touchpoint-level :func:`~cjm_widgets.transitions`
table into stage-level moves (what ``transitions(level="stage")`` counts, when
only the table is at hand); :func:`flow_records` keeps the top ``n`` flows
(the rest grouped as "Other", see :func:`~cjm_widgets.top_flows`) and gives
the nodes in display order and one JSON-ready record per flow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import pandas as pd

from ..errors import SchemaError
from ..schema.values import is_missing
from .transitions import END, START, top_flows

__all__ = ["FLOW_COLUMNS", "flow_records", "is_transitions_table", "stage_level"]

FLOW_COLUMNS = ("from", "to", "count")


def is_transitions_table(data: Any) -> bool:
    """True for a pandas table shaped like :func:`~cjm_widgets.transitions`' result (from, to, count)."""
    return isinstance(data, pd.DataFrame) and all(c in data.columns for c in FLOW_COLUMNS)


def stage_level(table: pd.DataFrame, stage_of: Mapping[str, str]) -> pd.DataFrame:
    """Touchpoint-level transitions summed into moves between stages.

    A move is a transition whose two touchpoints sit in different stages, so
    ``count`` equals ``transitions(level="stage")``'s. Distinct ``users`` and
    the ``median_gap`` cannot be added up from the pieces: they are NA (pass the
    event log instead of the table to get them). ``(start)``/``(end)`` stay.
    """
    ends = {START: START, END: END}
    for column in ("from", "to"):
        for position, name in enumerate(table[column]):
            if name not in stage_of and name not in ends:
                raise SchemaError(
                    f"touchpoint {name!r} has no stage, so its flows cannot be placed at stage level",
                    table="transitions",
                    column=column,
                    position=position,
                    value=name,
                    fix="Pass stage={touchpoint: stage} covering every touchpoint, or a linked map that shows it",
                )
    mapping = {**stage_of, **ends}
    moves = table.assign(**{"from": table["from"].map(mapping), "to": table["to"].map(mapping)})
    moves = moves[moves["from"] != moves["to"]]
    summed = moves.groupby(["from", "to"], as_index=False, sort=False)["count"].sum()
    gap_dtype = table["median_gap"].dtype if "median_gap" in table.columns else "float64"
    summed = summed.assign(
        users=pd.array([pd.NA] * len(summed), dtype="Int64"),
        median_gap=pd.Series([None] * len(summed), dtype=gap_dtype),
    )
    summed = summed.sort_values(["count", "from", "to"], ascending=[False, True, True], kind="stable")
    return cast("pd.DataFrame", summed.reset_index(drop=True))


def _seconds(value: Any) -> float | None:
    """A median gap as seconds (Timedelta) or as the log's own number; None when unknown."""
    if is_missing(value):
        return None
    if isinstance(value, pd.Timedelta):
        return float(value.total_seconds())
    return float(value)


def _node_order(names: set[str], order: Sequence[str] | None, weight: dict[str, int], other: str) -> list[str]:
    """``(start)`` first; then ``order``'s names; the rest by flow size; ``other`` and ``(end)`` last."""
    known = [name for name in (order or []) if name in names]
    rest = sorted(names - set(known) - {START, END, other}, key=lambda name: (-weight.get(name, 0), name))
    tail = [name for name in (other, END) if name in names]
    return ([START] if START in names else []) + known + rest + tail


def flow_records(
    table: pd.DataFrame, n: int = 10, other: str = "Other", order: Sequence[str] | None = None
) -> tuple[pd.DataFrame, list[str], list[dict[str, Any]]]:
    """The top-``n`` flows of a transitions table, its nodes in display order, and one record per flow.

    A record has ``from``, ``to``, ``count``, ``users`` (None when unknown),
    ``median_gap`` (seconds, or the log's time unit; None when unknown) and
    ``other`` (True for a grouped "Other" flow). Nodes follow ``order`` (e.g. the
    map's touchpoints or stages); names outside it come after, biggest first.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if "segment" in table.columns:
        raise ValueError(
            "this transitions table has a segment column; show one segment at a time, "
            "e.g. FlowView(table[table['segment'] == 'new'].drop(columns='segment'))"
        )
    shown = top_flows(table, n=n, other=other)
    weight: dict[str, int] = {}
    for column in ("from", "to"):
        for name, count in shown.groupby(column)["count"].sum().items():
            weight[str(name)] = weight.get(str(name), 0) + int(count)
    nodes = _node_order(set(weight), order, weight, other)
    records = [
        {
            "from": str(row["from"]),
            "to": str(row["to"]),
            "count": int(row["count"]),
            "users": None if is_missing(row.get("users")) else int(row["users"]),
            "median_gap": _seconds(row.get("median_gap")),
            "other": bool(row["is_other"]),
        }
        for row in shown.to_dict("records")
    ]
    return shown, nodes, records
