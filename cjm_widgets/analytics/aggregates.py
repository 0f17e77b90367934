"""The in-engine aggregations behind :func:`from_events`; each returns a small pandas table.

They run on the per-event frame from :func:`~.steps.with_steps` (with touchpoint
codes and a stage bit, ``BIT``: 1, 2, 4... so that a sum over a journey's
distinct stages is the set of stages it reached), or on the smaller tables made
from it: :func:`visits` (journey x touchpoint) and :func:`first_in_stage`
(journey x stage). ``keys`` is ``[]`` for all journeys or ``[SEGMENT]`` for one
row per segment.

"Users" count journeys: users, or sessions with ``session_gap=``.
"""

from __future__ import annotations

from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from .event_columns import SEGMENT, SENTIMENT, TOUCHPOINT, USER
from .events import to_pandas
from .steps import GAP, NEXT, SESSION, SINCE_START, STEP, journey_keys

__all__ = [
    "BIT",
    "EXITS",
    "GAP_MEDIAN",
    "GAP_P90",
    "MASK",
    "POSITION",
    "SENTIMENT_COUNT",
    "SENTIMENT_MEAN",
    "SINCE_MEDIAN",
    "SINCE_P90",
    "USERS",
    "first_in_stage",
    "stage_reach",
    "stage_sets",
    "touchpoint_reach",
    "touchpoint_times",
    "visits",
]

BIT = "__cjm_bit"
USERS, EXITS, POSITION, MASK = "users", "exits", "position", "mask"
GAP_MEDIAN, GAP_P90 = "gap_median", "gap_p90"
SINCE_MEDIAN, SINCE_P90 = "since_median", "since_p90"
SENTIMENT_MEAN, SENTIMENT_COUNT = "sentiment_mean", "sentiment_count"


def touchpoint_times(events: nw.LazyFrame[Any], keys: list[str]) -> pd.DataFrame:
    """Per touchpoint: journeys that end there, time to the next event, sentiment."""
    aggs = [
        nw.col(EXITS).sum(),
        nw.col(GAP).median().alias(GAP_MEDIAN),
        nw.col(GAP).quantile(0.9, interpolation="linear").alias(GAP_P90),
    ]
    if SENTIMENT in events.columns:
        aggs += [nw.col(SENTIMENT).mean().alias(SENTIMENT_MEAN), nw.col(SENTIMENT).count().alias(SENTIMENT_COUNT)]
    # The flag is a column first: pandas' group-by only aggregates plain columns quickly.
    events = events.with_columns(nw.col(NEXT).is_null().cast(nw.Int64).alias(EXITS))
    return to_pandas(events.group_by(*keys, TOUCHPOINT).agg(*aggs))


def _journey_runs(native: pd.DataFrame) -> np.ndarray | None:
    """A number per row for its journey, when rows are in journey order; else None.

    Journey order (what :func:`~.steps.with_steps` gives pandas, and rows kept from it): each
    journey's rows together, in step order; a journey has one step 1, so a run of rows from
    a step 1 to the next is one journey.
    The check costs one pass; it makes the first-row shortcuts below safe on any input.
    """
    step = native[STEP].to_numpy()
    if not len(step) or step[0] != 1:
        return None
    starts = step == 1
    new = starts[1:]  # rows that start a journey; the others continue the previous row's
    if not np.all((step[1:] > step[:-1]) | new):
        return None
    # The segment too: a user in two segments must keep a row in each (from_events reports it).
    keys = [k for k in (USER, SESSION, SEGMENT) if k in native.columns]
    for key in keys:
        values = native[key].to_numpy()
        if not np.all((values[1:] == values[:-1]) | new):
            return None
    return np.cumsum(starts, dtype=np.int64)


def _first_rows(native: pd.DataFrame, codes: np.ndarray, n_codes: int) -> pd.DataFrame | None:
    """Each journey's first row of each code (``0 <= codes < n_codes``), when in journey order.

    In journey order a journey's first row with a code has the least STEP and SINCE_START
    (steps and times increase along the journey), which is what the group-by minimum gives,
    with one integer key instead of a multi-column group-by.
    """
    runs = _journey_runs(native)
    if runs is None or codes.min() < 0 or codes.max() >= n_codes or len(codes) * n_codes >= 2**62:
        return None
    # A stable sort of the keys (nearly sorted already: runs increase) finds each key's first row
    # ~3x faster than hashing them.
    key = runs * n_codes + codes
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    starts = np.ones(len(key), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    first = np.zeros(len(key), dtype=bool)
    first[order[starts]] = True
    return native[first]


def _pandas_first(events: nw.LazyFrame[Any], by: str, keep: list[str]) -> nw.LazyFrame[Any] | None:
    """The first rows per journey and ``by`` (TOUCHPOINT or BIT) on pandas, or None (use the group-by)."""
    if not events.implementation.is_pandas():
        return None
    native = events.collect().to_native()
    if STEP not in native.columns or SINCE_START not in native.columns or not len(native):
        return None
    values = native[by].to_numpy()
    if by == BIT:  # bits 1, 2, 4...: their exponent is a small code
        if values.min() < 1:
            return None
        codes = np.frexp(values.astype(np.float64))[1].astype(np.int64) - 1
        n_codes = 64
    else:
        codes = values.astype(np.int64)
        n_codes = int(codes.max()) + 1
    first = _first_rows(native, codes, n_codes)
    return None if first is None else nw.from_native(first[keep]).lazy()


def visits(events: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """One row per journey and touchpoint it reached: first step there, seconds from the start.

    Keeps the segment (constant within a journey) so one table serves every key set.
    """
    keys = [SEGMENT] if SEGMENT in events.columns else []
    fast = _pandas_first(events, TOUCHPOINT, [*keys, *journey_keys(events), TOUCHPOINT, BIT, STEP, SINCE_START])
    if fast is not None:
        return fast
    return events.group_by(*keys, *journey_keys(events), TOUCHPOINT, BIT).agg(
        nw.col(STEP).min(), nw.col(SINCE_START).min()
    )


def touchpoint_reach(visited: nw.LazyFrame[Any], keys: list[str]) -> pd.DataFrame:
    """Per touchpoint: journeys that reach it and the median step of their first visit."""
    return to_pandas(
        visited.group_by(*keys, TOUCHPOINT).agg(nw.len().alias(USERS), nw.col(STEP).median().alias(POSITION))
    )


def first_in_stage(visited: nw.LazyFrame[Any], keys: list[str]) -> nw.LazyFrame[Any]:
    """One row per journey and stage it reached: first step and seconds from the journey's start."""
    fast = _pandas_first(visited, BIT, [*keys, *journey_keys(visited), BIT, STEP, SINCE_START])
    if fast is not None:
        return fast
    return visited.group_by(*keys, *journey_keys(visited), BIT).agg(nw.col(STEP).min(), nw.col(SINCE_START).min())


def stage_reach(first: nw.LazyFrame[Any], keys: list[str]) -> pd.DataFrame:
    """Per stage: journeys that reach it, median first step there, time from the start to it."""
    return to_pandas(
        first.group_by(*keys, BIT).agg(
            nw.len().alias(USERS),
            nw.col(STEP).median().alias(POSITION),
            nw.col(SINCE_START).median().alias(SINCE_MEDIAN),
            nw.col(SINCE_START).quantile(0.9, interpolation="linear").alias(SINCE_P90),
        )
    )


def stage_sets(first: nw.LazyFrame[Any], keys: list[str]) -> pd.DataFrame:
    """How many journeys reached each set of stages (MASK: the sum of the stages' bits)."""
    masks = first.group_by(*keys, *journey_keys(first)).agg(nw.col(BIT).sum().alias(MASK))
    out = to_pandas(masks.group_by(*keys, MASK).agg(nw.len().alias(USERS)))
    return out.astype({MASK: "int64", USERS: "int64"})
