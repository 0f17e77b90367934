"""Who goes where next: the directly-follows table of an event log, and its top flows.

:func:`transitions` counts, for each pair of touchpoints (or stages), how often
one event directly follows the other within a journey: the same counts as
process mining's directly-follows graph (e.g. pm4py's ``discover_dfg``).
:func:`top_flows` keeps the N biggest flows and groups the rest as "Other",
the shape a Sankey-style flow view draws; :func:`flows` does both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from typing import Any

import narwhals as nw
import pandas as pd

from .code_books import by_range, encode, encode_by_stage
from .engines import materialized
from .event_columns import SEGMENT, TOUCHPOINT, USER, Columns
from .events import load, to_pandas
from .journey_from_events import gap_seconds
from .stages import stage_map
from .steps import GAP, NEXT, STEP, sessions, with_steps

__all__ = ["END", "START", "flows", "top_flows", "transitions"]

START, END = "(start)", "(end)"
COLUMNS = ["from", "to", "count", "users", "median_gap"]
_END_CODE, _START_CODE = -2, -3


def transitions(
    events: Any,
    *,
    user: str,
    time: str,
    touchpoint: str,
    stage: str | Mapping[str, str] | pd.Series | None = None,
    stages: Sequence[str] | None = None,
    level: str = "touchpoint",
    segment: str | None = None,
    session_gap: Any = None,
    ends: bool = False,
    time_format: str | None = None,
) -> pd.DataFrame:
    """The directly-follows table: ``from``, ``to``, ``count``, ``users``, ``median_gap``.

    ``count`` is how many times an event at ``from`` is directly followed by one
    at ``to`` in the same journey (a user, or a session with ``session_gap=``);
    ``users`` how many distinct users did so; ``median_gap`` the median time
    between the two events (a Timedelta, or seconds when time is numeric).
    Repeats (``from == to``) are kept at touchpoint level.

    ``level="stage"`` (needs ``stage=``, as in :func:`from_events`) counts moves
    between stages: consecutive events in different stages. ``ends=True`` adds
    ``(start) -> first`` and ``last -> (end)`` rows. With ``segment=`` there is
    a ``segment`` column first. Rows are sorted by count, largest first.
    """
    if level not in ("touchpoint", "stage"):
        raise ValueError(f"level must be 'touchpoint' or 'stage', got {level!r}")
    columns = Columns(user, time, touchpoint, stage if isinstance(stage, str) else None, segment=segment)
    log = load(events, columns, time_format)
    if level == "stage":
        mapping, order = stage_map(log, events, stage, stages)
        names = list(order or sorted(set(mapping.values())))
        # Codes sorted by stage: each stage is a range of codes, its index a few comparisons.
        coded, bounds = encode_by_stage(log, mapping, names)
    else:
        coded = encode(log)
        names = list(coded.touchpoints)
    frame = coded.frame
    gap = gap_seconds(session_gap)
    if gap is not None:
        frame = sessions(frame, gap)
    # A journey's last event is followed by the END code (kept only with ends=True).
    frame = with_steps(frame, step=ends).with_columns(nw.col(NEXT).fill_null(_END_CODE))
    if level == "stage":
        stage_of = list(range(len(names)))
        frame = frame.with_columns(
            by_range(TOUCHPOINT, bounds, stage_of).alias(TOUCHPOINT),
            nw.when(nw.col(NEXT) == _END_CODE)
            .then(nw.lit(_END_CODE, dtype=nw.Int64))
            .otherwise(by_range(NEXT, bounds, stage_of))
            .alias(NEXT),
        )
    keys = [SEGMENT] if segment is not None else []
    aggs = [nw.len().alias("count"), nw.col(USER).n_unique().alias("users"), nw.col(GAP).median().alias("median_gap")]
    with materialized(frame) if ends else nullcontext(frame) as steps:
        moves = steps
        if level == "stage":  # a move between stages: consecutive events in different stages
            moves = moves.filter(nw.col(TOUCHPOINT) != nw.col(NEXT))
        if not ends:
            moves = moves.filter(nw.col(NEXT) != _END_CODE)
        parts = [to_pandas(moves.group_by(*keys, TOUCHPOINT, NEXT).agg(*aggs))]
        if ends:
            firsts = steps.filter(nw.col(STEP) == 1).with_columns(nw.lit(_START_CODE, dtype=nw.Int32).alias(NEXT))
            starts = to_pandas(firsts.group_by(*keys, TOUCHPOINT, NEXT).agg(*aggs[:2]))
            parts.append(starts.rename(columns={TOUCHPOINT: NEXT, NEXT: TOUCHPOINT}))
    return _named(pd.concat(parts, ignore_index=True), names, coded.segments, log.timestamps)


def _named(table: pd.DataFrame, names: list[str], segments: list[str] | None, timestamps: bool) -> pd.DataFrame:
    """Codes back to names, dtypes fixed, biggest flows first."""
    label = {**dict(enumerate(names)), _END_CODE: END, _START_CODE: START}
    gap = table["median_gap"].astype("float64") if "median_gap" in table.columns else pd.Series(float("nan"))
    out = pd.DataFrame(
        {
            "from": pd.Series([label[int(c)] for c in table[TOUCHPOINT]], dtype="str"),
            "to": pd.Series([label[int(c)] for c in table[NEXT]], dtype="str"),
            "count": table["count"].astype("int64"),
            "users": table["users"].astype("int64"),
            "median_gap": pd.to_timedelta(gap, unit="s") if timestamps else gap,
        }
    )
    if segments is not None:
        out.insert(0, "segment", pd.Series([segments[int(c)] for c in table[SEGMENT]], dtype="str"))
    by = ["segment"] if segments is not None else []
    order = [*by, "count", "from", "to"]
    out = out.sort_values(order, ascending=[True] * len(by) + [False, True, True], kind="stable")
    return out.reset_index(drop=True)


def top_flows(table: pd.DataFrame, n: int = 10, other: str = "Other") -> pd.DataFrame:
    """The ``n`` biggest flows of a :func:`transitions` table, the rest grouped as ``other``.

    The rest is grouped per source: ``from -> other`` when ``from`` is a node of
    the kept flows, else ``other -> other``, so each kept node keeps its full
    outflow. Grouped rows have ``is_other=True``, ``users`` NA (distinct users
    do not add up) and ``median_gap`` NA. Done per segment when there is one.
    """
    if "segment" in table.columns:
        parts = [top_flows(g.drop(columns="segment"), n, other).assign(segment=s) for s, g in table.groupby("segment")]
        out = pd.concat(parts, ignore_index=True) if parts else table.assign(is_other=pd.Series(dtype=bool))
        return out[["segment", *[c for c in out.columns if c != "segment"]]]
    ranked = table.sort_values(["count", "from", "to"], ascending=[False, True, True], kind="stable")
    kept, rest = ranked.iloc[:n].copy(), ranked.iloc[n:]
    kept["users"] = kept["users"].astype("Int64")
    kept["is_other"] = False
    if rest.empty:
        return kept.reset_index(drop=True)
    nodes = set(kept["from"]) | set(kept["to"])
    source = rest["from"].where(rest["from"].isin(nodes), other)
    grouped = rest.assign(**{"from": source}).groupby("from", as_index=False, sort=False).agg({"count": "sum"})
    grouped = grouped.assign(
        to=other,
        users=pd.array([pd.NA] * len(grouped), dtype="Int64"),
        median_gap=pd.Series([None] * len(grouped), dtype=table["median_gap"].dtype),
        is_other=True,
    )
    grouped = grouped.sort_values(["count", "from"], ascending=[False, True], kind="stable")
    return pd.concat([kept, grouped[kept.columns]], ignore_index=True)


def flows(
    events: Any,
    *,
    user: str,
    time: str,
    touchpoint: str,
    stage: str | Mapping[str, str] | pd.Series | None = None,
    level: str = "touchpoint",
    n: int = 10,
    other: str = "Other",
    **options: Any,
) -> pd.DataFrame:
    """The top-``n`` flows at touchpoint or stage level, the rest as ``other`` (for a flow view).

    ``options`` go to :func:`transitions` (``stages``, ``segment``, ``session_gap``,
    ``ends``, ``time_format``).
    """
    table = transitions(events, user=user, time=time, touchpoint=touchpoint, stage=stage, level=level, **options)
    return top_flows(table, n=n, other=other)
