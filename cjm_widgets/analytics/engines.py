"""The few steps narwhals cannot express the same way in every engine.

Everything else in :mod:`cjm_widgets.analytics` is written once with narwhals.
Two steps need the engine's own API:

- turning the time column into seconds: narwhals has no lenient ("null when
  unparseable") string parser and no epoch conversion for every backend, and we
  need nulls, not an exception, to name the bad row;
- materializing an intermediate result inside the engine, so several small
  aggregations over the same per-event window pass do not recompute it.

Each engine module (polars, duckdb, pyspark) is imported only when the input is
of that type, so none of them is needed to use the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

__all__ = ["materialized", "with_seconds"]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def with_seconds(native: Any, column: str, kind: str, fmt: str | None, out: str) -> Any:
    """Add column ``out``: the time column as float seconds (null where unparseable).

    ``kind`` is ``datetime``, ``date``, ``string`` or ``number`` (numbers are
    taken as seconds already). Datetimes become seconds since the Unix epoch.
    """
    impl = nw.from_native(native).implementation
    if impl.is_pandas():
        return native.assign(**{out: _pandas_seconds(native[column], kind, fmt)})
    if impl.is_polars():
        return native.with_columns(_polars_seconds(column, kind, fmt).alias(out))
    if impl.is_duckdb():
        return native.project(f"*, {_duckdb_seconds(_quote(column), kind, fmt)} AS {_quote(out)}")
    if impl.is_pyspark():
        return native.withColumn(out, _spark_seconds(column, kind, fmt))
    return _narwhals_seconds(native, column, kind, fmt, out)


TICKS_PER_SECOND = {"s": 1.0, "ms": 1e3, "us": 1e6, "ns": 1e9}  # a datetime column's unit -> ticks per second


def _pandas_seconds(series: pd.Series, kind: str, fmt: str | None) -> pd.Series:
    if kind == "number":
        return series.astype("float64")
    if kind == "string":
        # utc=True: offsets are honoured and naive strings read as UTC; bad values become NaT.
        series = pd.to_datetime(series, format=fmt or "ISO8601", errors="coerce", utc=True)
    elif kind == "date":
        series = pd.to_datetime(series)
    dtype = series.dtype
    if isinstance(dtype, pd.ArrowDtype) and dtype.kind == "M":  # timestamp[...][pyarrow]: as numpy datetimes
        unit, tz = dtype.pyarrow_dtype.unit, dtype.pyarrow_dtype.tz
        series = series.astype(pd.DatetimeTZDtype(unit, tz) if tz else np.dtype(f"datetime64[{unit}]"))
    # Ticks since the epoch in the column's own unit: converting to nanoseconds (as subtracting a
    # Timestamp does) overflows past the year 2262. NaT becomes NaN, which the checks report.
    values = series.array
    if not hasattr(values, "asi8"):  # any other datetime array: through timedeltas
        return (series - pd.Timestamp(0, tz=getattr(series.dtype, "tz", None))) / pd.Timedelta(seconds=1)
    ticks = np.asarray(values.asi8)
    seconds = ticks / TICKS_PER_SECOND[values.unit]
    seconds[ticks == np.iinfo(np.int64).min] = np.nan
    return pd.Series(seconds, index=series.index)


def _polars_seconds(column: str, kind: str, fmt: str | None) -> Any:
    import polars as pl  # optional: only reached with Polars input (the [polars] extra)

    expr = pl.col(column)
    if kind == "number":
        return expr.cast(pl.Float64)
    if kind == "string":
        expr = expr.str.to_datetime(format=fmt, strict=False, time_unit="us")
    elif kind == "date":
        expr = expr.cast(pl.Datetime("us"))
    return expr.dt.epoch("us") / 1e6


def _duckdb_seconds(column: str, kind: str, fmt: str | None) -> str:
    if kind == "number":
        return f"CAST({column} AS DOUBLE)"
    if kind == "string":
        parsed = f"try_strptime({column}, '{fmt.replace(chr(39), chr(39) * 2)}')" if fmt else None
        column = parsed or f"TRY_CAST({column} AS TIMESTAMP)"
    elif kind == "date":
        column = f"CAST({column} AS TIMESTAMP)"
    return f"epoch_us({column}) / 1e6"


def _spark_seconds(column: str, kind: str, fmt: str | None) -> Any:
    from pyspark.sql import functions as F  # optional: only reached with Spark input (the [spark] extra)

    col = F.col(column)
    if kind == "number":
        return col.cast("double")
    if kind == "string":
        col = F.try_to_timestamp(col, F.lit(fmt)) if fmt else F.try_to_timestamp(col)
    # unix_micros wants a local-time timestamp; TIMESTAMP_NTZ and DATE cast to it.
    return F.unix_micros(col.cast("timestamp")) / F.lit(1e6)


def _narwhals_seconds(native: Any, column: str, kind: str, fmt: str | None, out: str) -> Any:
    """Other narwhals backends (e.g. pyarrow): strict parsing, which may raise on bad values."""
    frame = nw.from_native(native)
    expr = nw.col(column)
    if kind == "number":
        return frame.with_columns(expr.cast(nw.Float64).alias(out)).to_native()
    if kind == "string":
        expr = expr.str.to_datetime(fmt)
    elif kind == "date":
        expr = expr.cast(nw.Datetime("us"))
    return frame.with_columns((expr.dt.timestamp("us") / 1e6).alias(out)).to_native()


@contextmanager
def materialized(frame: nw.LazyFrame[Any]) -> Iterator[nw.LazyFrame[Any]]:
    """The frame computed once and held by its engine while the block runs.

    pandas is eager (already computed); Polars collects to an in-memory frame;
    DuckDB materializes the relation; Spark persists the DataFrame and
    unpersists it when the block ends.
    """
    impl = frame.implementation
    native = frame.to_native()
    if impl.is_polars():
        yield nw.from_native(native.collect().lazy())
    elif impl.is_duckdb() and hasattr(native, "materialize"):
        yield nw.from_native(native.materialize())
    elif impl.is_pyspark():
        cached = native.persist()
        try:
            yield nw.from_native(cached)
        finally:
            cached.unpersist()
    else:
        yield frame
