"""One cell's value, checked and coerced for its column, the way the schema would.

Edits from a view change one cell at a time; validating that cell (instead of the
whole table) keeps an edit's cost independent of the map's size.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..errors import SchemaError
from .tables import EVIDENCE, TOUCHPOINTS, check_evidence
from .values import RowNamer, is_missing, to_number, to_text

__all__ = ["coerce_cell", "coerce_extra", "column_kind", "json_equal"]

# Canonical text columns a touchpoint cannot leave empty.
_REQUIRED = set(TOUCHPOINTS.required)


def column_kind(series: pd.Series) -> dict[str, Any]:
    """How a view edits a column: its kind (and options for categories)."""
    dtype = series.dtype
    if series.name == "evidence":  # a text column holding one of three words: the page offers them
        return {"kind": "category", "options": list(EVIDENCE)}
    if isinstance(dtype, pd.CategoricalDtype):
        return {"kind": "category", "options": [str(c) for c in dtype.categories]}
    if pd.api.types.is_bool_dtype(dtype):
        return {"kind": "boolean"}
    if pd.api.types.is_integer_dtype(dtype):
        return {"kind": "integer"}
    if pd.api.types.is_numeric_dtype(dtype):
        return {"kind": "number"}
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return {"kind": "datetime"}
    if pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
        return {"kind": "text"}
    return {"kind": "readonly"}


def coerce_cell(
    table: pd.DataFrame,
    column: str,
    value: Any,
    row: str,
    position: int,
    stages: list[str],
    emotion_scale: tuple[float, float],
    personas: list[str],
    inserting: bool = False,
) -> Any:
    """The value to store in ``table[column]`` for this row, or a SchemaError naming it."""
    rows = RowNamer("touchpoints", [row], offset=position)

    def refuse(problem: str, fix: str) -> SchemaError:
        return rows.error(problem, column, 0, value, fix)

    if column == "id":
        raise refuse("ids are stable and cannot be edited", "Delete the row and insert a new one instead")
    if column not in table.columns:
        raise refuse(f"no such column {column!r}", f"Use one of: {', '.join(map(str, table.columns))}")
    one = pd.Series([value], dtype=object)
    if column == "emotion":
        return float(to_number(one, column, rows, emotion_scale).iloc[0])
    if column in TOUCHPOINTS.text or column in TOUCHPOINTS.optional_text:
        text = to_text(one, column, rows).iloc[0]
        text = None if is_missing(text) or text == "" else text
        if text is None and column in _REQUIRED:
            raise refuse("missing value where one is required", f"Give the {column!r} a value")
        if column == "stage" and not inserting:
            raise refuse("a touchpoint changes stage by a move", "Send a 'move' op (drag it on the map)")
        if column == "stage" and text not in stages:
            raise refuse(f"unknown stage {text!r}", f"Use one of: {', '.join(map(repr, stages))}")
        if column == "evidence" and text is not None:
            check_evidence([text], rows)
        if column == "persona" and personas and text is not None and text not in personas:
            raise refuse(f"unknown persona {text!r}", f"Use one of: {', '.join(map(repr, personas))}")
        return text
    return coerce_extra(table[column], value, refuse)


def coerce_extra(series: pd.Series, value: Any, refuse: Any) -> Any:
    """Coerce a value for a user's own column, keeping that column's dtype."""
    spec = column_kind(series)
    kind = spec["kind"]
    if is_missing(value) or value == "":
        if kind in ("integer", "boolean") and not isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
            raise refuse(f"this {series.dtype} column cannot be empty", "Give it a value")
        return None
    if kind == "category":
        if str(value) not in spec["options"]:
            raise refuse(f"{value!r} is not one of the categories", f"Use one of: {spec['options']}")
        categories = series.cat.categories
        return next(c for c in categories if str(c) == str(value))
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "false"):
            return str(value).lower() == "true"
        raise refuse(f"expected true or false, got {value!r}", "Use true or false")
    if kind == "integer":
        return _whole_number(series, value, refuse)
    if kind == "number":
        try:
            number = float(value) if not isinstance(value, bool) else math.nan
        except (TypeError, ValueError, OverflowError):
            number = math.nan
        if math.isnan(number):
            raise refuse(f"expected a number, got {value!r}", "Type a number")
        return number
    if kind == "datetime":
        return _timestamp(series, value, refuse)
    if kind == "text":
        if isinstance(value, str) or (series.dtype == object and isinstance(value, (int, float, bool))):
            return value
        raise refuse(f"expected text, got {type(value).__name__} {value!r}", "Type text")
    raise refuse(f"column of dtype {series.dtype} cannot be edited in the map", "Edit it in pandas")


def _whole_number(series: pd.Series, value: Any, refuse: Any) -> int:
    """An int for an integer column: exact (no float detour) and within the dtype's range."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            number = None
    if number is None:
        raise refuse(f"expected a whole number, got {value!r}", "Type a whole number")
    dtype = series.dtype
    # Nullable Int64 & co. carry their numpy dtype; plain numpy ints are their own.
    limits = np.iinfo(getattr(dtype, "numpy_dtype", dtype))
    if not limits.min <= number <= limits.max:
        raise refuse(f"{number} does not fit this {dtype} column ({limits.min}..{limits.max})", "Type a smaller number")
    return number


def _timestamp(series: pd.Series, value: Any, refuse: Any) -> pd.Timestamp:
    """A Timestamp matching the column's time zone (naive stays naive)."""
    try:
        if not isinstance(value, str):
            raise TypeError
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise refuse(f"expected a date/time, got {value!r}", "Use ISO 8601, e.g. 2024-05-01T10:00") from None
    zone = getattr(series.dtype, "tz", None)
    if zone is not None:
        return stamp.tz_localize(zone) if stamp.tzinfo is None else stamp.tz_convert(zone)
    return stamp.tz_convert(None) if stamp.tzinfo is not None else stamp


def json_equal(a: Any, b: Any) -> bool:
    """Cell equality as a view sees it: missing == missing, 1 == 1.0."""
    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    if isinstance(a, np.generic):
        a = a.item()
    if isinstance(b, np.generic):
        b = b.item()
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False
