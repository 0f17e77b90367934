"""Each journey's events in time order: step number, next touchpoint, time to it.

One window pass (partitioned by journey, ordered by time) adds the columns
every analysis builds on. A journey is a user's events, or with
``session_gap=`` one session of them. Events at the same instant are ordered by
touchpoint code, so every engine puts them in one order: codes follow the
touchpoint names, by stage first where stages are known (``from_events``,
stage-level ``transitions``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import narwhals as nw

from .events import TIME, TOUCHPOINT, USER

__all__ = [
    "GAP",
    "NEXT",
    "ORDER",
    "SESSION",
    "SINCE_START",
    "STEP",
    "journey_keys",
    "lookup",
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
        eager = frame.collect().sort(*keys, *ORDER)
        return eager.with_columns(*build(lambda expr, by: expr.over(*by))).lazy()
    return frame.with_columns(*build(lambda expr, by: expr.over(*by, order_by=ORDER)))


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

    return windowed(frame, keys, build)


def lookup(column: str, mapping: Mapping[Any, Any], default: Any, dtype: Any) -> nw.Expr:
    """``mapping[value]`` for each value of a column (``default`` when absent), in-engine."""
    return nw.col(column).replace_strict(dict(mapping), default=default, return_dtype=dtype)
