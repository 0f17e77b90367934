"""Event logs: checking the input and holding it in the user's engine.

An event log has one row per customer event: who (``user``), when (``time``)
and where (``touchpoint``), optionally the ``stage``, ``channel``, a
``sentiment`` score and a ``segment``. It may be a pandas or Polars DataFrame,
a Polars LazyFrame, a DuckDB relation or a PySpark DataFrame; the work runs in
that engine through narwhals and only small aggregates come back, as pandas.

Time may be a datetime or date column, ISO 8601 strings (or strings in
``time_format``, written in the engine's own syntax: strftime for pandas,
Polars and DuckDB, a Java pattern for Spark), or numbers taken as seconds.

Bad input raises :class:`~cjm_widgets.SchemaError` with ``table="events"``,
naming the column, the offending value and an example row.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from ..errors import SchemaError
from .engines import with_seconds
from .event_columns import CHANNEL, EVENTS, ROLE_NAMES, SEGMENT, SENTIMENT, STAGE, TIME, TOUCHPOINT, Columns
from .fast_path import log_arrays

__all__ = ["EventLog", "load", "to_pandas"]


@dataclass(frozen=True)
class EventLog:
    """A checked event log: ``frame`` has the internal columns, in the user's engine."""

    source: Callable[[], nw.LazyFrame[Any]] = field(repr=False)  # makes `raw` (when first needed)
    columns: Columns
    combos: pd.DataFrame  # events (EVENTS) per combination of touchpoint, segment, channel, stage
    n_events: int
    t_min: float
    t_max: float
    time_kind: str  # datetime, date, string or number
    sentiment_range: tuple[float, float] | None
    codes: log_arrays.LogCodes | None = field(default=None, repr=False)  # pandas input: the fast path's arrays

    @cached_property
    def raw(self) -> nw.LazyFrame[Any]:
        """The user's columns plus TIME, in their engine (for example rows in errors)."""
        return self.source()

    @cached_property
    def frame(self) -> nw.LazyFrame[Any]:
        """The internal columns (USER, TIME, TOUCHPOINT...), in the user's engine."""
        return _internal(self.raw, self.columns)

    @property
    def timestamps(self) -> bool:
        """True when time is a date/time (seconds since the epoch), False for plain numbers."""
        return self.time_kind != "number"

    def example(self, where: nw.Expr) -> dict[str, Any]:
        """The first row matching ``where`` (on the user's columns), as ``{column: value}``."""
        cols = list(dict.fromkeys(self.columns.roles().values()))
        row = to_pandas(self.raw.filter(where).select(cols).head(1))
        return {} if row.empty else {c: _plain(row[c].iloc[0]) for c in cols}

    def fail(self, problem: str, column: str, where: nw.Expr, fix: str, value: Any = None) -> SchemaError:
        """A SchemaError for the events table, with an example row matching ``where``."""
        row = self.example(where)
        if value is None and column in row:
            value = row[column]
        return SchemaError(f"{problem}; example row: {row}", table="events", column=column, value=value, fix=fix)


def to_pandas(frame: nw.LazyFrame[Any]) -> pd.DataFrame:
    """Run a (small) query in its engine and bring the result back as pandas."""
    out: pd.DataFrame = frame.collect(backend="pandas").to_native()
    return out


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def _time_kind(dtype: Any, column: str) -> str:
    if isinstance(dtype, nw.Datetime):
        return "datetime"
    if isinstance(dtype, nw.Date):
        return "date"
    if isinstance(dtype, nw.String):
        return "string"
    if dtype.is_numeric():
        return "number"
    raise SchemaError(
        f"expected timestamps, got a column of {dtype}",
        table="events",
        column=column,
        fix="Pass datetimes, ISO 8601 strings (or time_format=...), or numbers of seconds",
    )


def _as_lazy(events: Any) -> nw.LazyFrame[Any]:
    if isinstance(events, (list, dict)):
        events = pd.DataFrame(events)
    try:
        frame = nw.from_native(events)
    except TypeError:
        raise SchemaError(
            f"expected an event log table, got {type(events).__name__}",
            table="events",
            fix="Pass a pandas or Polars DataFrame, a Polars LazyFrame, a DuckDB relation or a PySpark DataFrame",
        ) from None
    return frame.lazy() if isinstance(frame, nw.DataFrame) else frame


def load(events: Any, columns: Columns, time_format: str | None = None) -> EventLog:
    """Check an event log and return it in its engine with the internal columns.

    Checks, in order: the columns exist; the log is not empty; user,
    touchpoint, time (and segment) have no missing values; every time parses;
    sentiment is numeric.
    """
    lazy = _as_lazy(events)
    schema = lazy.collect_schema()
    for role, name in columns.roles().items():
        if name not in schema:
            close = difflib.get_close_matches(str(name), [str(c) for c in schema], n=1)
            hint = f"Did you mean {close[0]!r}? " if close else ""
            raise SchemaError(
                f"missing column (the log has: {', '.join(map(str, schema))})",
                table="events",
                column=name,
                fix=f"{hint}Pass the name of the {ROLE_NAMES[role]} column",
            )
    kind = _time_kind(schema[columns.time], columns.time)
    if columns.sentiment is not None and not schema[columns.sentiment].is_numeric():
        raise SchemaError(
            f"expected numeric scores, got a column of {schema[columns.sentiment]}",
            table="events",
            column=columns.sentiment,
            fix="Convert the sentiment column to numbers (CSAT, NPS or any numeric score)",
        )

    def with_time() -> nw.LazyFrame[Any]:
        raw = nw.from_native(with_seconds(lazy.to_native(), columns.time, kind, time_format, TIME))
        return raw.lazy() if isinstance(raw, nw.DataFrame) else raw

    if lazy.implementation.is_pandas() or lazy.implementation.is_polars():
        polars = None if lazy.implementation.is_pandas() else log_arrays.polars_columns(events, columns)
        native, arrow_text = (lazy.to_native(), None) if lazy.implementation.is_pandas() else polars or (None, None)
        codes = None if native is None else log_arrays.encode(native, columns, kind, arrow_text)
        if codes is not None:  # a clean in-memory log: checked and counted from codes
            return _from_codes(codes, with_time, columns, kind)
    return _checked(with_time(), columns, kind)


def _from_codes(
    codes: log_arrays.LogCodes, source: Callable[[], nw.LazyFrame[Any]], columns: Columns, kind: str
) -> EventLog:
    """The EventLog of a pandas (or eager Polars) log that :func:`~.log_arrays.encode` found complete."""
    scores = None
    if codes.sentiment is not None and not np.isnan(codes.sentiment).all():
        scores = (float(np.nanmin(codes.sentiment)), float(np.nanmax(codes.sentiment)))
    return EventLog(
        source=source,
        columns=columns,
        combos=log_arrays.combos(codes),
        n_events=len(codes),
        t_min=float(codes.time.min()),
        t_max=float(codes.time.max()),
        time_kind=kind,
        sentiment_range=scores,
        codes=codes,
    )


def _checked(raw: nw.LazyFrame[Any], columns: Columns, kind: str) -> EventLog:
    """One pass over the log: events per combination of the text columns, and the checks."""
    keys = [k for k in (TOUCHPOINT, SEGMENT, CHANNEL, STAGE) if k in columns.roles()]
    # Flags are columns first: pandas' group-by only aggregates plain columns quickly.
    flags = {
        "__cjm_no_user": nw.col(columns.user).is_null(),
        "__cjm_no_time": nw.col(columns.time).is_null(),
        "__cjm_bad_time": ~nw.col(columns.time).is_null() & nw.col(TIME).is_null(),
    }
    profile = raw.with_columns(
        *(expr for role, expr in _internal_exprs(columns).items() if role in keys),
        *(flag.cast(nw.Int64).alias(name) for name, flag in flags.items()),
    )
    aggs = [nw.len().alias(EVENTS), *(nw.col(name).sum() for name in flags)]
    aggs += [nw.col(TIME).min().alias("__cjm_t_min"), nw.col(TIME).max().alias("__cjm_t_max")]
    if columns.sentiment is not None:
        score = nw.col(columns.sentiment)
        aggs += [score.min().alias("__cjm_s_min"), score.max().alias("__cjm_s_max")]
    table = to_pandas(profile.group_by(keys).agg(*aggs))
    log = EventLog(lambda: raw, columns, pd.DataFrame(), 0, math.nan, math.nan, kind, None)
    if table.empty or int(table[EVENTS].sum()) == 0:
        raise SchemaError("the event log is empty", table="events", fix="Pass a log with at least one event")
    missing = {
        columns.user: table["__cjm_no_user"].sum() > 0,
        columns.touchpoint: table[TOUCHPOINT].isna().any(),
        columns.time: table["__cjm_no_time"].sum() > 0,
    }
    if columns.segment is not None:
        missing[columns.segment] = table[SEGMENT].isna().any()
    for name, is_missing in missing.items():
        if is_missing:
            raise log.fail(
                "missing value where one is required",
                name,
                nw.col(name).is_null(),
                f"Fill in {name!r} for every event, or drop the rows where it is missing",
            )
    if table["__cjm_bad_time"].sum() > 0:
        raise log.fail(
            "cannot read this value as a timestamp",
            columns.time,
            ~nw.col(columns.time).is_null() & nw.col(TIME).is_null(),
            "Use ISO 8601 text (2024-05-01 13:45:00), datetimes, or pass time_format=... in the engine's syntax",
        )
    scores = None
    if columns.sentiment is not None and table["__cjm_s_min"].notna().any():
        scores = (_number(table["__cjm_s_min"].min()), _number(table["__cjm_s_max"].max()))
    table[EVENTS] = table[EVENTS].astype("int64")
    return EventLog(
        source=lambda: raw,
        columns=columns,
        combos=table[[*keys, EVENTS]],
        n_events=int(table[EVENTS].sum()),
        t_min=_number(table["__cjm_t_min"].min()),
        t_max=_number(table["__cjm_t_max"].max()),
        time_kind=kind,
        sentiment_range=scores,
    )


def _number(value: Any) -> float:
    # DuckDB returns some aggregates as Decimal, pandas as numpy scalars.
    return float(value)


def _internal_exprs(columns: Columns) -> dict[str, nw.Expr]:
    """The internal columns as expressions over the user's: text cast to text, scores to floats."""
    text = {TOUCHPOINT, STAGE, CHANNEL, SEGMENT}
    exprs = {}
    for role, name in columns.roles().items():
        expr = nw.col(TIME) if role == TIME else nw.col(name)
        if role in text:
            expr = expr.cast(nw.String)
        elif role == SENTIMENT:
            expr = expr.cast(nw.Float64)
        exprs[role] = expr.alias(role)
    return exprs


def _internal(raw: nw.LazyFrame[Any], columns: Columns) -> nw.LazyFrame[Any]:
    return raw.select(*_internal_exprs(columns).values())
