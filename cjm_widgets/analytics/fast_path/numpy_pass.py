"""The aggregates of :func:`~.journey_from_events.from_events` on pandas input, in one numpy pass.

:func:`aggregate` hands the work to the compiled journey pass (:mod:`.journey_pass`) when
the package was built with a C compiler and the log fits it; the numpy pass below
computes the same tables otherwise.

The general path (:mod:`.steps`, :mod:`.aggregates`) computes them as window
functions and group-bys in the user's engine; on pandas each of those hashes its
keys again. Over the codes of :mod:`.log_arrays` the same figures take a few
linear passes:

- journey order is a counting sort of the user codes (an event log is usually in
  time order already; otherwise it is time-sorted first), with rows at the same
  instant re-sorted by touchpoint code as the general path orders them;
- the gap to the next event is a shifted array; the step and the time since the
  journey's start are read off each journey's first row, only where they are used;
- rows grouped by touchpoint (and by stage) with a radix sort keep journey order
  inside each group, so a journey's first visit there is a row whose predecessor in
  the group belongs to another journey;
- medians and 90th percentiles are order statistics of each group's values
  (a partition per group), interpolated as pandas does.

On a machine where fresh memory is slow (page faults in a VM) allocations cost more
than arithmetic, so arrays are as narrow as their values allow and reused in place.

:func:`aggregate` returns the tables the general path returns (checked by
tests/unit/analytics/test_numpy_pass.py), or None when the input needs the
general path (a user in two segments, which it reports).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import cast

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
from ..steps import resort_ties
from . import journey_pass
from .log_arrays import LogCodes, in_background
from .pass_tables import Parts, combined, group_table, set_table, stage_table

__all__ = ["aggregate", "journey_order", "order_statistics"]

try:  # pandas' linear, stable counting sort (private, but in every pandas since 0.x)
    from pandas._libs.algos import groupsort_indexer as _groupsort_indexer
except ImportError:  # pragma: no cover - numpy's stable sort gives the same order, in n log n
    _groupsort_indexer = None


def counting_sort(codes: np.ndarray, n_codes: int) -> tuple[np.ndarray, np.ndarray]:
    """The stable order of rows by integer codes ``0 <= code < n_codes``, and each code's count."""
    if _groupsort_indexer is not None:  # one counting pass and one scatter: ~2x numpy's radix sort
        order, counts = _groupsort_indexer(codes.astype(np.intp, copy=False), n_codes)
        return order, counts[1:]  # counts[0]: code -1, which the callers never pass
    if n_codes <= 1 << 16:  # numpy's stable sort of 8- and 16-bit keys is a radix sort (a pass per byte)
        narrow = codes.astype(np.uint8 if n_codes <= 1 << 8 else np.uint16)
        return np.argsort(narrow, kind="stable"), np.bincount(narrow, minlength=n_codes)
    return np.argsort(codes, kind="stable"), np.bincount(codes, minlength=n_codes)


def journey_order(
    user: np.ndarray, n_users: int, time: np.ndarray, touchpoint: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows by user, time, then touchpoint code, stable: the general path's sort (a lexsort of the three).

    Also returns the times in that order and where each user's rows start.
    """
    if len(time) > 1 and not bool((time[1:] >= time[:-1]).all()):
        by_time = np.argsort(time, kind="stable")
        inner, counts = counting_sort(user[by_time], n_users)
        order = by_time[inner]
    else:  # already in time order: the stable sort by user keeps it
        order, counts = counting_sort(user, n_users)
    times = time[order]
    starts = np.zeros(len(order), dtype=bool)
    starts[:1] = True
    starts[np.cumsum(counts[counts > 0])[:-1]] = True
    # Re-sorting ties moves rows only among rows of one user and one instant: times and starts stay valid.
    order = resort_ties(order, (times[1:] == times[:-1]) & ~starts[1:], touchpoint)
    return order, times, starts


def _groups(values: np.ndarray, order: np.ndarray, counts: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Each non-empty group's number and its values (a slice of one fresh copy, so callers may
    reorder it in place); ``order``/``counts`` as :func:`counting_sort` gives them."""
    ordered = values[order]
    ends = np.cumsum(counts)
    for g in np.flatnonzero(counts):
        yield int(g), ordered[ends[g] - counts[g] : ends[g]]


def order_statistics(
    values: np.ndarray, order: np.ndarray, counts: np.ndarray, quantile: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per group: the median and the linear ``quantile`` of the non-NaN values (NaN for a group without any).

    ``order`` lists the rows group by group, ``counts`` the rows of each group
    (:func:`counting_sort`). The arithmetic is pandas' (``GroupBy.median``;
    ``GroupBy.quantile`` with linear interpolation), so the figures equal the general path's.
    """
    median = np.full(len(counts), np.nan)
    upper = np.full(len(counts), np.nan)
    for g, x in _groups(values, order, counts):
        size = len(x) - int(np.count_nonzero(np.isnan(x)))  # partitions put NaNs last
        if not size:
            continue
        mid = size // 2
        wanted = {mid, mid - 1} if size % 2 == 0 else {mid}
        if quantile is not None:
            position = quantile * (size - 1)
            low, frac = int(position), position % 1
            wanted |= {low, low + 1} if frac else {low}
        x.partition(sorted(wanted))  # in place (see _groups)
        median[g] = (x[mid] + x[mid - 1]) / 2 if size % 2 == 0 else x[mid]
        if quantile is not None:
            upper[g] = x[low] + (x[low + 1] - x[low]) * frac if frac else x[low]
    return median, upper


def _step_medians(group: np.ndarray, step: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group, the median step (small positive integers) from a histogram of steps."""
    width = int(step.max()) + 1 if len(step) else 1
    if n_groups * width > 1 << 22:  # very long journeys: order statistics instead
        return order_statistics(step.astype(np.float64), *counting_sort(group, n_groups))[0]
    counts = np.bincount(group * width + step, minlength=n_groups * width).reshape(n_groups, width)
    below = counts.cumsum(axis=1)  # below[g, v]: steps <= v in group g
    size = below[:, -1]

    def kth(k: np.ndarray) -> np.ndarray:  # the k-th smallest step (0-based) of each group
        return cast("np.ndarray", (below <= k[:, None]).sum(axis=1).astype(np.float64))

    mid = size // 2
    odd = kth(mid)
    even = (kth(np.maximum(mid - 1, 0)) + odd) / 2
    return np.where(size == 0, np.nan, np.where(size % 2 == 1, odd, even))


def _first_rows(row_start: np.ndarray, order: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each journey's first row in each group (``row_start``: each row's journey's first row;
    ``order``, ``counts``: the groups, from :func:`counting_sort`).

    The groups' stable sort keeps journey order inside each group, so a journey's first
    row there is one that starts the group or whose predecessor in the group lies
    before the journey's first row.
    """
    new = np.empty(len(order), dtype=bool)
    new[:1] = True
    np.less(order[:-1], row_start[order[1:]], out=new[1:])
    ends = np.cumsum(counts)[:-1]
    new[ends[ends < len(order)]] = True  # (a group's first row, even after the same journey's row)
    first = np.empty(len(order), dtype=bool)
    first[order] = new
    return first


def _means(values: np.ndarray, order: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per group: the mean and number of the non-NaN values (NaN mean for none).

    Each group's sum is numpy's pairwise sum, so rounding stays near pandas' compensated
    mean (a single running sum over a million scores drifts by ~1e-11).
    """
    mean = np.full(len(counts), np.nan)
    number = np.zeros(len(counts), dtype=np.int64)
    for g, x in _groups(values, order, counts):
        number[g] = len(x) - int(np.count_nonzero(np.isnan(x)))
        if number[g]:
            mean[g] = np.nansum(x) / number[g]
    return mean, number


def _value_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct non-negative values and how often each occurs (a histogram when they are small)."""
    if len(values) and int(values.max()) < 1 << 20:
        counts = np.bincount(values)
        present = np.flatnonzero(counts)
        return present, counts[present]
    return np.unique(values, return_counts=True)


def _set_counts(journey_segment: np.ndarray | None, sets: np.ndarray) -> pd.DataFrame:
    """How many journeys reached each set of stages (per segment when given)."""
    if journey_segment is None:
        return set_table(None, *_value_counts(sets))
    width = int(sets.max()) + 1
    if width < 1 << 20:
        keys, counts = _value_counts(journey_segment.astype(np.int64) * width + sets)
        pairs = np.stack([keys // width, keys % width])
    else:
        pairs, counts = np.unique(np.stack([journey_segment, sets]), axis=1, return_counts=True)
    return set_table(pairs[0], pairs[1], counts)


def _narrow(n: int) -> type[np.signedinteger]:
    return np.int32 if n < 2**31 else np.int64


def _stage_firsts(
    row_start: np.ndarray, stage: np.ndarray, n_stages: int, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each journey's first row in each stage, and each journey's set of stages (a bit per stage)."""
    first_in_stage = _first_rows(row_start, *counting_sort(stage, n_stages))
    stage_bits = np.left_shift(np.int64(1), stage[first_in_stage].astype(np.int64))
    sets = np.add.reduceat(stage_bits, np.flatnonzero(starts[first_in_stage]))  # distinct bits: a sum is an OR
    return first_in_stage, sets


def aggregate(
    codes: LogCodes,
    touchpoint: np.ndarray,
    n_touchpoints: int,
    segment: np.ndarray | None,
    segments: Sequence[str] | None,
    stage_of_code: np.ndarray,
    gap: float | None,
) -> dict[str, pd.DataFrame] | None:
    """The "times", "reach", "stages" and "sets" tables of the general path, from codes.

    ``touchpoint``/``segment``: codes per row in input order; ``stage_of_code``: each
    touchpoint code's stage index (at most 62 stages); ``gap``: the session gap in seconds.
    """
    if n_touchpoints * max(len(segments or ()), 1) > 4 * len(touchpoint) + (1 << 20):
        return None  # per-group arrays would dwarf the log: the general path groups only what occurs
    if journey_pass.covers(len(touchpoint), len(segments or ()), int(stage_of_code.max()) + 1):
        return journey_pass.aggregate(codes, touchpoint, n_touchpoints, segment, segments, stage_of_code, gap)
    order, time, starts = journey_order(codes.user, codes.n_users, codes.time, touchpoint)
    tp_job = in_background(touchpoint.__getitem__, order)
    n = len(order)
    to_next = np.empty(n)
    np.subtract(time[1:], time[:-1], out=to_next[:-1])
    if gap is not None:
        starts[1:] |= to_next[:-1] > gap
    seg = None
    if segment is not None:
        seg = segment[order]
        if ((seg[1:] != seg[:-1]) & ~starts[1:]).any():
            return None  # a journey in two segments: the general path reports it
    first_row = np.flatnonzero(starts)
    lengths = np.diff(first_row, append=n)
    last = np.zeros(n, dtype=bool)
    last[first_row[1:] - 1] = True
    last[-1] = True
    to_next[last] = np.nan
    index = _narrow(n)
    row_start = np.repeat(first_row.astype(index), lengths)  # each row's journey's first row
    step = np.arange(1, n + 1, dtype=index)  # 1 = a journey's first event
    step -= row_start

    tp = tp_job.result()
    n_stages = int(stage_of_code.max()) + 1
    stage = stage_of_code.astype(np.int8)[tp]  # at most 62 stages
    stage_job = in_background(_stage_firsts, row_start, stage, n_stages, starts)
    tp_groups = counting_sort(tp, n_touchpoints)
    gap_job = in_background(order_statistics, to_next, *tp_groups, 0.9)
    first_visit = _first_rows(row_start, *tp_groups)
    step_at_visit = step[first_visit]
    first_in_stage, sets = stage_job.result()
    stage_rows = np.flatnonzero(first_in_stage)
    step_at_stage = step[stage_rows]
    since_at_stage = time[stage_rows] - time[row_start[stage_rows]]  # time since the journey's start
    del row_start, step, time

    sentiment = None if codes.sentiment is None else codes.sentiment[order]
    parts: Parts = {"times": [], "reach": [], "stages": [], "sets": []}
    n_segments = len(segments) if segments is not None else 0
    for per_segment in [False] + ([True] if seg is not None else []):
        segment_of = seg.astype(np.intp) if per_segment and seg is not None else None
        groups = n_touchpoints * (n_segments if per_segment else 1)
        by_tp = tp if segment_of is None else segment_of * n_touchpoints + tp
        by_tp_groups = tp_groups if segment_of is None else counting_sort(by_tp, groups)
        gap_median, gap_p90 = gap_job.result() if segment_of is None else order_statistics(to_next, *by_tp_groups, 0.9)
        times = {EXITS: np.bincount(by_tp[last], minlength=groups), GAP_MEDIAN: gap_median, GAP_P90: gap_p90}
        if sentiment is not None:
            times[SENTIMENT_MEAN], times[SENTIMENT_COUNT] = _means(sentiment, *by_tp_groups)
        parts["times"].append(group_table(by_tp_groups[1], n_touchpoints, per_segment, TOUCHPOINT, times))

        visits = by_tp[first_visit]
        users = np.bincount(visits, minlength=groups)
        reach = {USERS: users, POSITION: _step_medians(visits, step_at_visit, groups)}
        parts["reach"].append(group_table(users, n_touchpoints, per_segment, TOUCHPOINT, reach))

        stage_groups = n_stages * (n_segments if per_segment else 1)
        by_stage = stage[first_in_stage].astype(np.intp)
        if segment_of is not None:
            by_stage += segment_of[first_in_stage] * n_stages
        since_median, since_p90 = order_statistics(since_at_stage, *counting_sort(by_stage, stage_groups), 0.9)
        reached = np.bincount(by_stage, minlength=stage_groups)
        stages = {
            POSITION: _step_medians(by_stage, step_at_stage, stage_groups),
            SINCE_MEDIAN: since_median,
            SINCE_P90: since_p90,
        }
        parts["stages"].append(stage_table(reached, n_stages, per_segment, stages))
        parts["sets"].append(_set_counts(None if segment_of is None else segment_of[first_row], sets))
    return combined(parts, segments)
