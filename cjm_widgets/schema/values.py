"""Column coercion shared by every table of a journey.

Each function takes one column of a user's DataFrame and returns it in its
canonical dtype, or raises :class:`SchemaError` naming the table, column, row
and value. Rows are named by id when the table has ids, else by position.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real
from typing import Any

import pandas as pd

from ..errors import SchemaError

__all__ = ["TEXT_DTYPE", "RowNamer", "is_missing", "require_present", "to_number", "to_text"]

# pandas' default string dtype ("str" on pandas 3: missing values are NaN).
TEXT_DTYPE = "str"


def is_missing(value: Any) -> bool:
    """True for None, NaN, pd.NA and NaT: the values pandas treats as missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like cells: not a scalar, not missing
        return False


class RowNamer:
    """Names a row in an error: by its id when it has one, always by position."""

    def __init__(self, table: str, ids: Sequence[Any] | None = None, offset: int = 0) -> None:
        self.table = table
        self.ids = ids
        # For a slice of a table (one edited cell): where position 0 sits in the whole table.
        self.offset = offset

    def error(self, problem: str, column: str, position: int, value: Any, fix: str) -> SchemaError:
        row = None
        if self.ids is not None and not is_missing(self.ids[position]):
            row = self.ids[position]
        return SchemaError(
            problem, table=self.table, column=column, row=row, position=position + self.offset, value=value, fix=fix
        )


def to_text(series: pd.Series, column: str, rows: RowNamer) -> pd.Series:
    """Coerce a column of text (str, object, categorical, pd.NA...) to the text dtype.

    Non-text cells (numbers, lists, ...) are refused rather than silently turned
    into strings: a number in a text lane is almost always a column mix-up.
    """
    # Fast path for large tables: a column that is all text (or missing) converts in one go.
    if isinstance(series.dtype, pd.StringDtype) or (
        series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")
    ):
        return series.astype("str")  # TEXT_DTYPE
    values = series.tolist()
    out: list[Any] = []
    for position, value in enumerate(values):
        if is_missing(value):
            out.append(None)
        elif isinstance(value, str):
            out.append(value)
        else:
            raise rows.error(
                f"expected text, got {type(value).__name__} {value!r}",
                column,
                position,
                value,
                f"Convert the column first, e.g. df[{column!r}] = df[{column!r}].astype(str)",
            )
    return pd.Series(out, index=series.index, dtype=TEXT_DTYPE, name=series.name)


def to_number(
    series: pd.Series,
    column: str,
    rows: RowNamer,
    bounds: tuple[float, float] | None = None,
) -> pd.Series:
    """Coerce a numeric column to float64 (NaN = missing); numeric strings are accepted.

    ``bounds`` (inclusive) rejects values outside a scale, e.g. the emotion scale.
    """
    if series.dtype.kind in "iuf":  # fast path: already numbers (NaN = missing); the loop below names a bad cell
        numbers = series.astype("float64")
        if bounds is None or not ((numbers < bounds[0]) | (numbers > bounds[1])).any():
            return numbers
    out: list[float] = []
    for position, value in enumerate(series.tolist()):
        if is_missing(value) or (isinstance(value, str) and not value.strip()):
            out.append(math.nan)
            continue
        number: float | None = None
        if isinstance(value, Real) and not isinstance(value, bool):
            try:
                number = float(value)
            except OverflowError:  # an int past float64 (JSON allows any length): named, not raised bare
                raise rows.error(
                    f"a number of {len(str(value)):,} digits is too large for a number cell",
                    column,
                    position,
                    None,
                    "Use a number within float64's range",
                ) from None
        elif isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                number = None
        if number is None or math.isnan(number):
            raise rows.error(
                f"expected a number, got {type(value).__name__} {value!r}",
                column,
                position,
                value,
                "Use a number, or leave the cell empty (NaN) when it is unknown",
            )
        if bounds is not None and not bounds[0] <= number <= bounds[1]:
            lo, hi = bounds
            raise rows.error(
                f"{value!r} is outside the scale {lo:g}..{hi:g}",
                column,
                position,
                value,
                f"Use a value between {lo:g} and {hi:g}, or pass emotion_scale=(low, high)",
            )
        out.append(number)
    return pd.Series(out, index=series.index, dtype="float64", name=series.name)


def require_present(series: pd.Series, column: str, rows: RowNamer) -> None:
    """Refuse missing cells in a column that needs a value in every row."""
    if not series.isna().any():
        return
    for position, value in enumerate(series.tolist()):
        if is_missing(value):
            raise rows.error(
                f"missing value ({value!r}) where one is required",
                column,
                position,
                value,
                f"Fill in {column!r} for this row, or drop the row",
            )
