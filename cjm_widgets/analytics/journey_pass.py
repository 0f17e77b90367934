"""The aggregates of :func:`~.journey_from_events.from_events` from the compiled journey pass.

``_journey_pass.c`` walks the log in journey order twice (counting, then bucketing
the values whose medians are asked for) and takes per-group order statistics, where
:mod:`.numpy_pass` needs ~25 whole-array numpy steps: on a million events it is
several times faster, and it keeps no per-row temporaries beyond two narrow arrays.
The package's build compiles it (``hatch_build.py``); where it could not be built,
:data:`BUILT` is False and :mod:`.numpy_pass` computes the same tables.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .aggregates import (
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
from .events import TOUCHPOINT
from .pass_tables import Parts, combined, group_table, set_table, stage_table

try:
    from ._journey_pass import journey_pass as _journey_pass
except ImportError:  # pragma: no cover - a build without a C compiler: numpy_pass runs instead
    _journey_pass = None

__all__ = ["BUILT", "MAX_STAGES", "QUANTILE", "aggregate"]

BUILT = _journey_pass is not None
MAX_STAGES = 20  # sets of stages are counted in an array of 2^stages per segment
QUANTILE = 0.9  # the upper figure of gaps and of times since the journey's start (p90)


def aggregate(
    order: np.ndarray,
    time: np.ndarray,
    starts: np.ndarray,
    touchpoint: np.ndarray,
    n_touchpoints: int,
    segment: np.ndarray | None,
    segments: Sequence[str] | None,
    stage_of_code: np.ndarray,
    sentiment: np.ndarray | None,
    gap: float | None,
) -> dict[str, pd.DataFrame] | None:
    """The "times", "reach", "stages" and "sets" tables, or None for a journey in two segments.

    ``order``, ``time``, ``starts``: the rows in journey order, their times and where each
    user's rows begin (:func:`.numpy_pass.journey_order`); ``touchpoint``, ``segment``,
    ``sentiment``: per row in input order; ``stage_of_code``: each touchpoint code's stage
    index (fewer than :data:`MAX_STAGES` stages); ``gap``: the session gap in seconds.
    """
    assert _journey_pass is not None, "the compiled journey pass is not built"
    n_stages = int(stage_of_code.max()) + 1
    inputs = (
        np.ascontiguousarray(order, dtype=np.intp),
        np.ascontiguousarray(time, dtype=np.float64),
        np.ascontiguousarray(starts, dtype=np.bool_).view(np.uint8),
        np.ascontiguousarray(touchpoint, dtype=np.int32),
    )
    segment32 = None if segment is None else np.ascontiguousarray(segment, dtype=np.int32)
    stage_of = np.ascontiguousarray(stage_of_code, dtype=np.int8)
    scores = None if sentiment is None else np.ascontiguousarray(sentiment, dtype=np.float64)
    parts: Parts = {"times": [], "reach": [], "stages": [], "sets": []}
    for per_segment in [False] + ([True] if segment is not None else []):
        n_seg = len(segments or ()) if per_segment else 1
        groups, stage_groups = n_seg * n_touchpoints, n_seg * n_stages
        counts = {name: np.zeros(groups, dtype=np.int64) for name in ("rows", EXITS, USERS, SENTIMENT_COUNT)}
        figures = {name: np.zeros(groups) for name in (GAP_MEDIAN, GAP_P90, POSITION, SENTIMENT_MEAN)}
        reached = np.zeros(stage_groups, dtype=np.int64)
        stage_figures = {name: np.zeros(stage_groups) for name in (POSITION, SINCE_MEDIAN, SINCE_P90)}
        sets = np.zeros((n_seg, 1 << n_stages), dtype=np.int64)
        one_segment_each = _journey_pass(
            len(inputs[3]),
            n_touchpoints,
            n_seg,
            n_stages,
            len(inputs[0]),
            np.nan if gap is None else float(gap),
            QUANTILE,
            *inputs,
            segment32 if per_segment else None,
            stage_of,
            scores,
            *counts.values(),
            *figures.values(),
            reached,
            *stage_figures.values(),
            sets,
        )
        if not one_segment_each:
            return None  # the general path reports the journey
        times = {EXITS: counts[EXITS], GAP_MEDIAN: figures[GAP_MEDIAN], GAP_P90: figures[GAP_P90]}
        if sentiment is not None:
            times[SENTIMENT_MEAN], times[SENTIMENT_COUNT] = figures[SENTIMENT_MEAN], counts[SENTIMENT_COUNT]
        parts["times"].append(group_table(counts["rows"], n_touchpoints, per_segment, TOUCHPOINT, times))
        reach = {USERS: counts[USERS], POSITION: figures[POSITION]}
        parts["reach"].append(group_table(counts[USERS], n_touchpoints, per_segment, TOUCHPOINT, reach))
        parts["stages"].append(stage_table(reached, n_stages, per_segment, stage_figures))
        seg_codes, masks = np.nonzero(sets)
        parts["sets"].append(set_table(seg_codes if per_segment else None, masks, sets[seg_codes, masks]))
    return combined(parts, segments)
