"""Each journey's events in time order: step number, next touchpoint, time to it.

One window pass (partitioned by journey, ordered by time) adds the columns
every analysis builds on. A journey is a user's events, or with
``session_gap=`` one session of them. Events at the same instant are ordered by
touchpoint code, so every engine puts them in one order: codes follow the
touchpoint names, by stage first where stages are known (``from_events``,
stage-level ``transitions``).

pandas fast path: pandas input is ordered once with numpy (a lexsort of journey and
time, ties re-sorted by touchpoint) and the window columns are shifted arrays within
each journey's run of rows (:func:`_pandas_steps`); the first-visit tables of
:mod:`.aggregates` then take each journey's first rows. The results equal the general
path's (tests/unit/analytics/test_pandas_fast_path.py); other engines run the windows
in-engine through narwhals. (:func:`~.journey_from_events.from_events` goes further on
pandas: :mod:`.numpy_pass` computes all its aggregates from codes.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from .event_columns import TIME, TOUCHPOINT, USER

__all__ = [
    "GAP",
    "NEXT",
    "ORDER",
    "SESSION",
    "SINCE_START",
    "STEP",
    "journey_keys",
    "lookup",
    "resort_ties",
    "sessions",
    "windowed",
    "with_steps",
]

STEP = "__cjm_step"  # 1 for a journey's first event
NEXT = "__cjm_next"  # the touchpoint of the journey's next event (null for the last)
GAP = "__cjm_gap"  # seconds to the journey's next event (null for the last)
SINCE_START = "__cjm_since"  # seconds since the journey's first event
SESSION = "__cjm_session"  # a user's session number, with session_gap=
ORDER = [TIME, TOUCHPOINT]

# Builds window expressions from an `over` function: over(expr, keys) -> expr.over(keys, ...).
Over = Callable[[nw.Expr, list[str]], nw.Expr]


def journey_keys(frame: nw.LazyFrame[Any]) -> list[str]:
    """The columns that identify one journey: the user, and the session when there is one."""
    return [USER, SESSION] if SESSION in frame.columns else [USER]


def windowed(frame: nw.LazyFrame[Any], keys: list[str], build: Callable[[Over], list[nw.Expr]]) -> nw.LazyFrame[Any]:
    """Add the window expressions ``build(over)`` makes, each partitioned by ``keys`` in time order.

    Lazy engines get ``over(..., order_by=ORDER)``. pandas is sorted once and the
    windows follow row order: narwhals' pandas backend would otherwise sort the
    whole frame again for every expression (three times slower for three).
    """
    if frame.implementation.is_pandas_like():
        eager = nw.from_native(_sorted(frame.collect().to_native(), [*keys, *ORDER]))
        return eager.with_columns(*build(lambda expr, by: expr.over(*by))).lazy()
    return frame.with_columns(*build(lambda expr, by: expr.over(*by, order_by=ORDER)))


def _plain_number(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column.dtype) and isinstance(column.dtype, np.dtype)


def _sort_codes(column: pd.Series) -> np.ndarray:
    """Values in the column's order: the numbers themselves, else sorted factor codes (equal iff equal)."""
    return column.to_numpy() if _plain_number(column) else pd.factorize(column, sort=True)[0]


def resort_ties(order: np.ndarray, tied_next: np.ndarray, last: np.ndarray) -> np.ndarray:
    """``order`` with each run of rows tied on the major keys re-sorted by ``last`` (stably, in place).

    ``tied_next[i]``: rows ``order[i]`` and ``order[i + 1]`` are tied. Ties are few (same
    journey, same instant), so re-sorting only them is much cheaper than one more sort key.
    """
    if tied_next.any():
        tied = np.zeros(len(order), dtype=bool)
        tied[:-1] |= tied_next
        tied[1:] |= tied_next
        run = np.cumsum(np.concatenate(([True], ~tied_next)))  # rows of equal major keys share a run number
        rows = np.flatnonzero(tied)
        order[rows] = order[rows][np.lexsort((last[order[rows]], run[rows]))]
    return order


def _order(keys: list[np.ndarray]) -> np.ndarray:
    """The stable order of rows by ``keys`` (first key first), as numpy's lexsort gives it.

    The last key (the touchpoint) only breaks ties of the others: sorting by the others
    and then re-sorting the tied rows is ~2x faster than a lexsort of all keys.
    """
    *major, last = keys
    order = np.lexsort(major[::-1])
    tied_next = np.ones(len(order) - 1, dtype=bool) if len(order) else np.zeros(0, dtype=bool)
    for key in major:
        ordered = key[order]
        tied_next &= ordered[1:] == ordered[:-1]
    return resort_ties(order, tied_next, last)


def _sorted(native: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The rows sorted by ``by`` (stable, like pandas' sort), with numpy: ~2x faster than sort_values."""
    return native.take(_order([_sort_codes(native[c]) for c in by]))


def _taken(native: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """The rows in ``order``, on a fresh RangeIndex (nothing downstream reads the index, and
    taking the columns' arrays is ~2x faster than ``DataFrame.take``)."""
    columns = {
        name: values.to_numpy()[order] if isinstance(values.dtype, np.dtype) else values.array.take(order)
        for name, values in native.items()
    }
    return pd.DataFrame(columns, copy=False)


def _pandas_steps(native: pd.DataFrame, keys: list[str], step: bool) -> pd.DataFrame | None:
    """:func:`with_steps` on pandas with numpy: one sort, then shifted arrays within journey boundaries.

    The windows of narwhals' pandas backend are group-by transforms (a hash of the keys each);
    after one sort a journey is a run of rows, so shifting the arrays and blanking each
    journey's last row gives the same values several times faster. None when the time or
    touchpoint is not a plain numpy number (the general path handles those).
    """
    if not (_plain_number(native[TIME]) and _plain_number(native[TOUCHPOINT])):
        return None
    codes = {c: _sort_codes(native[c]) for c in (*keys, *ORDER)}
    order = _order([codes[c] for c in (*keys, *ORDER)])
    frame = _taken(native, order)
    n = len(frame)
    starts = np.zeros(n, dtype=bool)  # a journey's first row
    starts[:1] = True
    for key in keys:
        values = codes[key][order]
        starts[1:] |= values[1:] != values[:-1]
    last = np.ones(n, dtype=bool)  # a journey's last row
    last[:-1] = starts[1:]
    time = frame[TIME].to_numpy()
    following = np.empty(n, dtype=np.float64)
    following[:-1] = frame[TOUCHPOINT].to_numpy()[1:]
    gap = np.empty(n, dtype=np.float64)
    gap[:-1] = time[1:] - time[:-1]
    following[last], gap[last] = np.nan, np.nan
    added = {NEXT: following, GAP: gap}
    if step:
        first_row = np.flatnonzero(starts)
        journey = np.cumsum(starts) - 1
        added[STEP] = np.arange(1, n + 1, dtype=np.int64) - first_row[journey]
        # Sorted by time within a journey: its running minimum is its first time.
        added[SINCE_START] = time - time[first_row][journey]
    return frame.assign(**added)


def sessions(frame: nw.LazyFrame[Any], gap_seconds: float) -> nw.LazyFrame[Any]:
    """Number each user's sessions: a pause longer than ``gap_seconds`` starts a new one."""
    previous = windowed(frame, [USER], lambda over: [over(nw.col(TIME).shift(1), [USER]).alias(SESSION)])
    pause = nw.col(TIME) - nw.col(SESSION)
    starts = previous.with_columns((pause > gap_seconds).fill_null(True).cast(nw.Int32).alias(SESSION))
    return windowed(starts, [USER], lambda over: [over(nw.col(SESSION).cum_sum(), [USER])])


def with_steps(frame: nw.LazyFrame[Any], step: bool = True) -> nw.LazyFrame[Any]:
    """Add NEXT and GAP (and STEP and SINCE_START) to an event frame with the internal columns."""
    keys = journey_keys(frame)

    def build(over: Over) -> list[nw.Expr]:
        exprs = [
            over(nw.col(TOUCHPOINT).shift(-1), keys).alias(NEXT),
            (over(nw.col(TIME).shift(-1), keys) - nw.col(TIME)).alias(GAP),
        ]
        if step:
            # (narwhals' pandas backend mis-sorts `cum_count().over(order_by=...)` of an order
            # key; `windowed` never passes order_by to pandas, so TIME is safe to count here.)
            exprs.append(over(nw.col(TIME).cum_count(), keys).alias(STEP))
            # The journey's first time, as a running minimum: the same window, so no extra sort.
            exprs.append((nw.col(TIME) - over(nw.col(TIME).cum_min(), keys)).alias(SINCE_START))
        return exprs

    if frame.implementation.is_pandas():
        fast = _pandas_steps(frame.collect().to_native(), keys, step)
        if fast is not None:
            return nw.from_native(fast).lazy()
    return windowed(frame, keys, build)


def lookup(column: str, mapping: Mapping[Any, Any], default: Any, dtype: Any) -> nw.Expr:
    """``mapping[value]`` for each value of a column (``default`` when absent), in-engine."""
    return nw.col(column).replace_strict(dict(mapping), default=default, return_dtype=dtype)
