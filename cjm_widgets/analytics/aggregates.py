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
import pandas as pd

from .events import SEGMENT, SENTIMENT, TOUCHPOINT, to_pandas
from .steps import GAP, NEXT, SINCE_START, STEP, journey_keys

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


def visits(events: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """One row per journey and touchpoint it reached: first step there, seconds from the start.

    Keeps the segment (constant within a journey) so one table serves every key set.
    """
    keys = [SEGMENT] if SEGMENT in events.columns else []
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
