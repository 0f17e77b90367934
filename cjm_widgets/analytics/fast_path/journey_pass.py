"""The aggregates of :func:`~.journey_from_events.from_events` from the compiled journey pass.

``_journey_pass.c`` orders the rows into journeys (a counting sort of the users),
walks them once, bucketing the values whose medians are asked for, and takes per-group
order statistics on two cores, where :mod:`.numpy_pass` needs ~25 whole-array numpy
steps: on a million events it is several times faster.
The package's build compiles it (``hatch_build.py``); where it could not be built,
:data:`BUILT` is False and :mod:`.numpy_pass` computes the same tables.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..aggregates import (
    EXITS,
    GAP_MEDIAN,
    GAP_P90,
    POSITION,
    SENTIMENT_COUNT,
    SENTIMENT_MEAN,
    SINCE_MEDIAN,
    SINCE_P90,
    USERS,
)
from ..event_columns import TOUCHPOINT
from .log_arrays import LogCodes
from .pass_tables import Parts, combined, group_table, set_table, stage_table

LOAD_ERROR: str | None = None  # why the compiled pass did not load (``--info`` reports it)
try:
    from ._journey_pass import journey_pass as _journey_pass
except ImportError as error:  # pragma: no cover - a build without a C compiler: numpy_pass runs instead
    _journey_pass = None
    LOAD_ERROR = str(error)

__all__ = ["BUILT", "LOAD_ERROR", "MAX_STAGES", "QUANTILE", "aggregate", "covers"]

BUILT = _journey_pass is not None
MAX_STAGES = 20  # sets of stages are counted in an array of 2^stages per segment
QUANTILE = 0.9  # the upper figure of gaps and of times since the journey's start (p90)


def covers(n_rows: int, n_segments: int, n_stages: int) -> bool:
    """Whether the compiled pass is built and takes a log of this shape (else the numpy pass runs)."""
    return (
        BUILT
        and n_rows < 2**31  # rows are numbered in 32 bits
        and n_stages <= MAX_STAGES
        and max(n_segments, 1) << n_stages <= 4 * n_rows + (1 << 20)  # the sets table stays small
    )


def aggregate(
    codes: LogCodes,
    touchpoint: np.ndarray,
    n_touchpoints: int,
    segment: np.ndarray | None,
    segments: Sequence[str] | None,
    stage_of_code: np.ndarray,
    gap: float | None,
) -> dict[str, pd.DataFrame] | None:
    """The "times", "reach", "stages" and "sets" tables, or None for a journey in two segments.

    ``touchpoint``/``segment``: codes per row in input order; ``stage_of_code``: each
    touchpoint code's stage index (fewer than :data:`MAX_STAGES` stages); ``gap``: the
    session gap in seconds. Rows are put in journey order (user, time, touchpoint code) in C.
    """
    assert _journey_pass is not None, "the compiled journey pass is not built"
    n, n_stages = len(codes), int(stage_of_code.max()) + 1
    by_time: np.ndarray | None = None  # the rows in time order, when the log is not
    log = (
        np.ascontiguousarray(codes.user, dtype=np.intp),
        np.ascontiguousarray(codes.time, dtype=np.float64),
        np.ascontiguousarray(touchpoint, dtype=np.int32),
    )
    segment32 = None if segment is None else np.ascontiguousarray(segment, dtype=np.int32)
    stage_of = np.ascontiguousarray(stage_of_code, dtype=np.int8)
    scores = None if codes.sentiment is None else np.ascontiguousarray(codes.sentiment, dtype=np.float64)
    parts: Parts = {"times": [], "reach": [], "stages": [], "sets": []}
    for per_segment in [False] + ([True] if segment is not None else []):
        n_seg = len(segments or ()) if per_segment else 1
        groups, stage_groups = n_seg * n_touchpoints, n_seg * n_stages
        counts = {name: np.empty(groups, dtype=np.int64) for name in ("rows", EXITS, USERS, SENTIMENT_COUNT)}
        figures = {name: np.empty(groups) for name in (GAP_MEDIAN, GAP_P90, POSITION, SENTIMENT_MEAN)}
        reached = np.empty(stage_groups, dtype=np.int64)
        stage_figures = {name: np.empty(stage_groups) for name in (POSITION, SINCE_MEDIAN, SINCE_P90)}
        sets = np.empty((n_seg, 1 << n_stages), dtype=np.int64)

        sizes = (n, codes.n_users, n_touchpoints, n_seg, n_stages, np.nan if gap is None else float(gap), QUANTILE)
        buffers = (
            *(*log, segment32 if per_segment else None, stage_of, scores, *counts.values(), *figures.values()),
            *(reached, *stage_figures.values(), sets),
        )
        outcome = _journey_pass(*sizes, by_time, *buffers)
        if outcome == "not in time order":
            by_time = np.argsort(log[1], kind="stable")
            outcome = _journey_pass(*sizes, by_time, *buffers)
        if not outcome:
            return None  # the general path reports the journey
        times = {EXITS: counts[EXITS], GAP_MEDIAN: figures[GAP_MEDIAN], GAP_P90: figures[GAP_P90]}
        if scores is not None:
            times[SENTIMENT_MEAN], times[SENTIMENT_COUNT] = figures[SENTIMENT_MEAN], counts[SENTIMENT_COUNT]
        parts["times"].append(group_table(counts["rows"], n_touchpoints, per_segment, TOUCHPOINT, times))
        reach = {USERS: counts[USERS], POSITION: figures[POSITION]}
        parts["reach"].append(group_table(counts[USERS], n_touchpoints, per_segment, TOUCHPOINT, reach))
        parts["stages"].append(stage_table(reached, n_stages, per_segment, stage_figures))
        seg_codes, masks = np.nonzero(sets)
        parts["sets"].append(set_table(seg_codes if per_segment else None, masks, sets[seg_codes, masks]))
    return combined(parts, segments)
