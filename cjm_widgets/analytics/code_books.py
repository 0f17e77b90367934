"""Touchpoints and segments as small integer codes.

Sorting and grouping 1M events by integers is several times faster than by
text in every engine, so the per-event work runs on codes and names come back
only in the small results. The code books come from the log's combinations
table (:attr:`EventLog.combos`), which the input checks count anyway.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

import narwhals as nw
import numpy as np
import pandas as pd

from ..errors import SchemaError
from .event_columns import EVENTS, SEGMENT, SENTIMENT, TIME, TOUCHPOINT, USER
from .events import EventLog
from .steps import lookup

ALL = "\x00all"  # the segment of the rows about all journeys (merges and maps cannot match NA keys reliably)

__all__ = ["EVENTS", "Coded", "by_range", "encode", "encode_by_stage"]


@dataclass(frozen=True)
class Coded:
    """An event log with touchpoint (and segment) codes, plus what the codes stand for."""

    log: EventLog
    touchpoints: list[str]  # code -> name, sorted by name (so ties in time sort by name)
    segments: list[str] | None  # code -> segment, or None without segment=
    # pandas fast path: TOUCHPOINT (and SEGMENT) codes per event, in the log's row order
    arrays: dict[str, np.ndarray] | None = field(default=None, repr=False)

    @cached_property
    def frame(self) -> nw.LazyFrame[Any]:
        """USER, TIME, TOUCHPOINT (code) [, SEGMENT (code)] [, SENTIMENT], in the log's engine."""
        keep = [c for c in (USER, TIME, TOUCHPOINT, SEGMENT, SENTIMENT) if c in self.log.frame.columns]
        return _with_codes(self.log.frame.select(keep), self.books)

    @property
    def books(self) -> dict[str, list[str]]:
        """Role -> the names its codes stand for."""
        return {TOUCHPOINT: self.touchpoints, **({SEGMENT: self.segments} if self.segments is not None else {})}

    @property
    def combos(self) -> pd.DataFrame:
        """Events per combination of touchpoint, segment, channel and stage (names, not codes)."""
        return self.log.combos


def renumbered(codes: np.ndarray, distinct: Sequence[Any], book: Sequence[str]) -> np.ndarray:
    """Codes into ``distinct`` (-1: missing) as positions in ``book`` (-1 when absent)."""
    rank = {name: i for i, name in enumerate(book)}
    renumber = np.array([rank.get(name, -1) for name in distinct] + [-1], dtype=np.int32)
    return cast("np.ndarray", renumber[codes])  # code -1 (missing) picks the trailing -1


def _with_codes(frame: nw.LazyFrame[Any], books: dict[str, list[str]]) -> nw.LazyFrame[Any]:
    """Replace text columns by their position in a sorted list of names (-1 when absent)."""
    if frame.implementation.is_pandas():
        # Factorizing, then renumbering the few distinct values, is ~5x faster than a per-row lookup.
        native = frame.collect().to_native()
        codes = {}
        for column, names in books.items():
            found, distinct = pd.factorize(native[column])
            codes[column] = renumbered(found, list(distinct), names)
        return cast("nw.LazyFrame[Any]", nw.from_native(native.assign(**codes)).lazy())
    exprs = [lookup(c, {n: i for i, n in enumerate(names)}, -1, nw.Int32).alias(c) for c, names in books.items()]
    return frame.with_columns(*exprs)


def encode(log: EventLog, sort_key: Callable[[str], Any] | None = None) -> Coded:
    """Replace touchpoint and segment text by codes, in-engine.

    Touchpoint codes follow ``sort_key`` (default: the name). Sorting by stage first
    makes each stage a range of codes, so a touchpoint's stage is a few comparisons
    (:func:`by_range`) instead of a per-row lookup.
    """
    books = {TOUCHPOINT: sorted(set(log.combos[TOUCHPOINT].tolist()), key=sort_key)}
    if SEGMENT in log.combos.columns:
        books[SEGMENT] = sorted(set(log.combos[SEGMENT].tolist()))
        if ALL in books[SEGMENT]:  # it would be counted as all journeys
            raise SchemaError(
                f"the segment name {ALL!r} is reserved for the figures about all journeys",
                table="events",
                column=log.columns.segment,
                value=ALL,
                fix="Rename that segment",
            )
    arrays = None
    if log.codes is not None:  # pandas: the codes are there; only renumber them
        arrays = {role: renumbered(*log.codes.text[role], book) for role, book in books.items()}
    return Coded(log, books[TOUCHPOINT], books.get(SEGMENT), arrays)


def encode_by_stage(log: EventLog, mapping: dict[str, str], stages: Sequence[str]) -> tuple[Coded, list[int]]:
    """Codes sorted by stage (in ``stages`` order), then name; and where each stage's codes end.

    Stage ``i`` holds the codes below ``ends[i]`` (and at least ``ends[i - 1]``).
    """
    rank = {name: i for i, name in enumerate(stages)}
    coded = encode(log, sort_key=lambda tp: (rank[mapping[tp]], tp))
    ranks = [rank[mapping[tp]] for tp in coded.touchpoints]
    return coded, [bisect.bisect_right(ranks, i) for i in range(len(stages))]


def by_range(column: str, ends: Sequence[int], values: Sequence[int], default: int = -1) -> nw.Expr:
    """``values[i]`` for codes below ``ends[i]`` (and at least ``ends[i - 1]``), in-engine."""
    expr: Any = nw
    for end, value in zip(ends, values, strict=True):
        expr = expr.when(nw.col(column) < end).then(nw.lit(value, dtype=nw.Int64))
    return cast("nw.Expr", expr.otherwise(nw.lit(default, dtype=nw.Int64)))
