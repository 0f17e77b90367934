"""Planned vs actual: a map's touchpoint order against what users did.

The plan is the journey's touchpoints in map order (stage by stage, left to
right), matched to the log by touchpoint name. A journey (a user, or a session
with ``session_gap=``) *follows the plan* when it starts at the first planned
touchpoint and every next event is the same touchpoint again or the next
planned one: no skips, no going back, nothing unplanned. Stopping early still
follows the plan; reaching the last planned touchpoint that way *completes* it.

Per planned touchpoint (counts of journeys):

- ``users``: reach it; ``events``: events there;
- ``skipped``: do not reach it but reach a later planned touchpoint;
- ``repeated``: have more than one event there;
- ``out_of_order``: reach it (again, or for the first time) after a later planned touchpoint;
- ``unplanned``: go from it straight to a touchpoint that is not on the map.

Touchpoints in the log but not on the map get rows with ``planned=False``
(``users`` and ``events`` only).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import narwhals as nw
import pandas as pd

from ..errors import SchemaError
from ..model.journey import Journey
from .code_books import encode
from .engines import materialized
from .event_columns import SEGMENT, TOUCHPOINT, Columns
from .events import load, to_pandas
from .journey_from_events import gap_seconds
from .metrics import ALL, SEG, segment_names
from .steps import journey_keys, lookup, sessions, windowed

__all__ = ["Conformance", "conformance"]

_POS, _PREV, _NEXT, _MAX, _BAD = "__cjm_pos", "__cjm_prev", "__cjm_nextpos", "__cjm_max", "__cjm_bad"
_LATE, _AWAY, _AGAIN = "__cjm_late", "__cjm_away", "__cjm_again"
COUNTS = ["users", "events", "skipped", "repeated", "out_of_order", "unplanned"]


class Conformance(NamedTuple):
    """``summary``: metric/value (users, following_plan(_share), completed_plan(_share));
    ``touchpoints``: one row per touchpoint (planned ones in map order, then unplanned)."""

    summary: pd.DataFrame
    touchpoints: pd.DataFrame


def _plan(journey: Journey) -> pd.DataFrame:
    plan = journey.touchpoints[["id", "stage", "touchpoint"]].reset_index(drop=True)
    dupes = plan["touchpoint"].duplicated()
    if dupes.any():
        position = int(dupes.to_numpy().nonzero()[0][0])
        raise SchemaError(
            "the plan names this touchpoint twice, so the log cannot say which one a user visited",
            table="touchpoints",
            column="touchpoint",
            row=plan["id"].iloc[position],
            position=position,
            value=plan["touchpoint"].iloc[position],
            fix="Give each touchpoint of the map a distinct name",
        )
    return plan


def _flagged(frame: nw.LazyFrame[Any], positions: dict[int, int]) -> nw.LazyFrame[Any]:
    """Per event: planned position (-1: unplanned), the journey's previous/next one, running max."""
    keys = journey_keys(frame)
    frame = frame.with_columns(lookup(TOUCHPOINT, positions, -1, nw.Int32).alias(_POS))
    frame = windowed(
        frame,
        keys,
        lambda over: [
            over(nw.col(_POS).shift(1), keys).alias(_PREV),
            over(nw.col(_POS).shift(-1), keys).alias(_NEXT),
            over(nw.col(_POS).cum_max(), keys).alias(_MAX),
        ],
    )
    step = nw.col(_POS) - nw.col(_PREV)
    bad = (nw.col(_POS) < 0) | nw.when(nw.col(_PREV).is_null()).then(nw.col(_POS) != 0).otherwise(
        (step < 0) | (step > 1)
    )
    return frame.with_columns(
        bad.cast(nw.Int32).alias(_BAD),
        # A visit after a later planned touchpoint; a step from the plan to an unplanned touchpoint.
        (nw.col(_POS) < nw.col(_MAX)).cast(nw.Int32).alias(_LATE),
        ((nw.col(_POS) >= 0) & (nw.col(_NEXT) == -1)).fill_null(False).cast(nw.Int32).alias(_AWAY),
    )


def conformance(
    journey: Journey,
    events: Any,
    *,
    user: str,
    time: str,
    touchpoint: str,
    segment: str | None = None,
    session_gap: Any = None,
    time_format: str | None = None,
) -> Conformance:
    """Compare the map's planned touchpoint order with the journeys in an event log.

    Returns a :class:`~cjm_widgets.analytics.conformance.Conformance` of two DataFrames (see the module docstring
    for the definitions); with ``segment=`` both have a ``segment`` column
    (empty on the rows about all journeys).
    """
    plan = _plan(journey)
    log = load(events, Columns(user, time, touchpoint, segment=segment), time_format)
    coded = encode(log)
    where = {name: i for i, name in enumerate(plan["touchpoint"])}
    positions = {code: where.get(name, -1) for code, name in enumerate(coded.touchpoints)}
    frame = coded.frame
    gap = gap_seconds(session_gap)
    if gap is not None:
        frame = sessions(frame, gap)
    key_sets: list[list[str]] = [[]] + ([[SEGMENT]] if segment is not None else [])
    per_tp, per_journey = [], []
    with materialized(_flagged(frame, positions)) as flagged:
        journey_cols = journey_keys(flagged)
        for keys in key_sets:
            visits = flagged.group_by(*keys, *journey_cols, TOUCHPOINT).agg(
                nw.len().alias("events"),
                nw.col(_LATE).max().alias("out_of_order"),
                nw.col(_AWAY).max().alias("unplanned"),
            )
            visits = visits.with_columns((nw.col("events") > 1).cast(nw.Int64).alias(_AGAIN))
            tps = visits.group_by(*keys, TOUCHPOINT).agg(
                nw.len().alias("users"),
                nw.col("events").sum(),
                nw.col(_AGAIN).sum().alias("repeated"),
                nw.col("out_of_order").sum(),
                nw.col("unplanned").sum(),
            )
            per_tp.append(segment_names(to_pandas(tps), coded.segments))
            walks = flagged.group_by(*keys, *journey_cols).agg(nw.col(_BAD).max(), nw.col(_POS).max().alias(_MAX))
            counts = walks.group_by(*keys, _BAD, _MAX).agg(nw.len().alias("users"))
            per_journey.append(segment_names(to_pandas(counts), coded.segments))
    return _tables(plan, coded.touchpoints, pd.concat(per_tp), pd.concat(per_journey), segment is not None)


def _tables(plan: pd.DataFrame, names: list[str], tps: pd.DataFrame, walks: pd.DataFrame, by: bool) -> Conformance:
    tps = tps.assign(touchpoint=[names[int(c)] for c in tps[TOUCHPOINT]]).drop(columns=[TOUCHPOINT])
    walks = walks.astype({_BAD: "int64", _MAX: "int64", "users": "int64"})
    rows, summary = [], []
    last = len(plan) - 1
    for segment in [ALL, *sorted(set(tps[SEG]) - {ALL})] if by else [ALL]:
        mine, journeys = tps[tps[SEG] == segment].set_index("touchpoint"), walks[walks[SEG] == segment]
        total = int(journeys["users"].sum())
        follow = journeys[journeys[_BAD] == 0]
        done = int(follow.loc[follow[_MAX] == last, "users"].sum())
        for metric, value in [
            ("users", total),
            ("following_plan", int(follow["users"].sum())),
            ("following_plan_share", follow["users"].sum() / total if total else float("nan")),
            ("completed_plan", done),
            ("completed_plan_share", done / total if total else float("nan")),
        ]:
            summary.append({SEG: segment, "metric": metric, "value": float(value)})
        seen = {str(k): v for k, v in mine.to_dict("index").items()}  # touchpoint -> its counts
        for i, (tp_id, stage, name) in enumerate(plan[["id", "stage", "touchpoint"]].itertuples(index=False)):
            got = seen.get(name, {})
            counts = {c: int(got.get(c, 0)) for c in COUNTS if c != "skipped"}
            counts["skipped"] = int(journeys.loc[journeys[_MAX] >= i, "users"].sum()) - counts["users"]
            place = {"touchpoint_id": tp_id, "touchpoint": name, "stage": stage, "planned_position": i, "planned": True}
            rows.append({SEG: segment, **place, **{c: counts[c] for c in COUNTS}})
        for name in sorted(set(seen) - set(plan["touchpoint"])):
            place = {
                "touchpoint_id": None,
                "touchpoint": name,
                "stage": None,
                "planned_position": None,
                "planned": False,
            }
            visits: dict[str, int | None] = {c: None for c in COUNTS}
            visits.update(users=int(seen[name]["users"]), events=int(seen[name]["events"]))
            rows.append({SEG: segment, **place, **visits})
    return Conformance(_finish(pd.DataFrame(summary), by), _finish(pd.DataFrame(rows), by))


def _finish(table: pd.DataFrame, by: bool) -> pd.DataFrame:
    """Nullable integer counts; the segment column only with segment= (empty: all journeys)."""
    for column in ["planned_position", *COUNTS]:
        if column in table.columns:
            table[column] = table[column].astype("Int64")
    for column in ["touchpoint_id", "touchpoint", "stage"]:
        if column in table.columns:
            table[column] = table[column].astype("str")
    if "planned" in table.columns:
        table["planned"] = table["planned"].astype(bool)
    if by:
        table[SEG] = table[SEG].where(table[SEG] != ALL).astype("str")
        return table
    return table.drop(columns=[SEG])
