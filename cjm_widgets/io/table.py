"""Lossless JSON codec for one DataFrame: values, dtypes, column order and index.

A table is ``{"columns": [{"name", "dtype", ...}], "data": [[row], ...],
"index": {...}}``; ``index`` is omitted for the default RangeIndex. Missing
values are ``null``; non-finite floats are the strings ``"Infinity"``,
``"-Infinity"``; datetimes are ISO 8601 strings. Decoding checks every part,
so a malformed file raises :class:`~cjm_widgets.FormatError` instead of building garbage.

Decoding is bounded (:class:`~cjm_widgets.io.limits.Limits`): rows, columns,
characters per text cell and dtype names are checked before anything is
built, and only an allow-list of dtypes is read (numbers, booleans, text,
datetimes, timedeltas, categories and pandas' nullable ones; no structured or
sub-array dtypes, and fixed-width strings only up to ``max_cell_chars``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..errors import FormatError
from .limits import BAD_CHARACTER, DEFAULT_LIMITS, Limits, check_text, clip, over_limit

__all__ = ["decode_table", "encode_table", "table_size"]

_JSON_SCALARS = (str, int, float, bool)
_NON_FINITE = {"Infinity": math.inf, "-Infinity": -math.inf}


def _encode_present(value: Any, where: str) -> Any:
    if isinstance(value, (np.generic,)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, _JSON_SCALARS):
        return value
    if isinstance(value, (pd.Timestamp, pd.Timedelta)):
        return value.isoformat()
    raise FormatError(f"{where}: cannot save a value of type {type(value).__name__} ({value!r})")


def _encode_values(values: pd.Series | pd.Index, where: str) -> list[Any]:
    # Vectorised missing-value test: autosave encodes the whole map after every edit.
    items = values.tolist()
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return [v if math.isfinite(v) else None if v != v else _encode_present(v, where) for v in items]
    if isinstance(dtype, np.dtype) and dtype.kind in "biu":
        return items
    missing = pd.isna(values)
    if isinstance(dtype, pd.StringDtype):  # text: nothing to convert
        return [None if gone else v for v, gone in zip(items, missing, strict=True)]
    return [None if gone else _encode_present(v, where) for v, gone in zip(items, missing, strict=True)]


def _encode_series(series: pd.Series | pd.Index, where: str) -> tuple[dict[str, Any], list[Any]]:
    dtype = series.dtype
    spec: dict[str, Any] = {"dtype": str(dtype)}
    values = series
    if not isinstance(dtype, pd.CategoricalDtype):
        _allowed_dtype(spec["dtype"], where, DEFAULT_LIMITS)  # never write a file that cannot be read back
    if isinstance(dtype, pd.CategoricalDtype):
        cat_spec, categories = _encode_series(pd.Index(dtype.categories), f"{where} categories")
        spec.update(categories=categories, categories_dtype=cat_spec["dtype"], ordered=bool(dtype.ordered))
        values = series.astype(object)
    return spec, _encode_values(values, where)


def encode_table(df: pd.DataFrame, name: str = "table") -> dict[str, Any]:
    """Encode a DataFrame as a JSON-ready dict."""
    if isinstance(df.columns, pd.MultiIndex) or isinstance(df.index, pd.MultiIndex):
        raise FormatError(f"{name}: MultiIndex tables cannot be saved; call reset_index() or flatten the columns")
    columns: list[dict[str, Any]] = []
    data_by_column: list[list[Any]] = []
    for label in df.columns:
        if not isinstance(label, _JSON_SCALARS):
            raise FormatError(f"{name}: column name {label!r} must be a string or number")
        spec, values = _encode_series(df[label], f"{name} column {label!r}")
        columns.append({"name": label, **spec})
        data_by_column.append(values)
    out: dict[str, Any] = {"columns": columns, "data": [list(row) for row in zip(*data_by_column, strict=True)]}
    if not df.columns.size:
        out["data"] = [[] for _ in range(len(df))]
    # 0..n-1 is the default index whether it is a RangeIndex or plain integers (as after edits).
    default = pd.api.types.is_integer_dtype(df.index.dtype) and df.index.equals(pd.RangeIndex(len(df)))
    if not default or df.index.name is not None:
        spec, values = _encode_series(df.index, f"{name} index")
        out["index"] = {"name": df.index.name, **spec, "values": values}
    return out


# Extension dtypes a table may hold; anything else (periods, intervals, sparse, Arrow...) is refused.
_EXTENSION_DTYPES = (pd.StringDtype, pd.BooleanDtype, pd.DatetimeTZDtype, pd.CategoricalDtype)
_MASKED_NUMBERS = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float32", "Float64"}


def _allowed_dtype(dtype_name: str, where: str, limits: Limits) -> np.dtype[Any] | pd.api.extensions.ExtensionDtype:
    """The dtype named, if it is on the allow-list and its items are bounded; else :class:`FormatError`."""
    if len(dtype_name) > limits.max_dtype_chars:
        raise over_limit(f"{where}: dtype", "characters", len(dtype_name), "max_dtype_chars", limits)
    try:
        dtype = pd.api.types.pandas_dtype(dtype_name)
    except Exception:  # pandas and numpy raise several kinds for a name they do not know
        raise FormatError(f"{where}: unknown dtype {clip(dtype_name)}") from None
    if isinstance(dtype, pd.api.extensions.ExtensionDtype):
        if isinstance(dtype, _EXTENSION_DTYPES) or dtype.name in _MASKED_NUMBERS:
            return dtype
        if isinstance(dtype, pd.SparseDtype) and dtype.subtype.kind in "biuf":
            return dtype
        # Arrow-backed numbers, booleans, times and text (what Polars hands pandas); not binary, lists or structs.
        if isinstance(dtype, pd.ArrowDtype) and (
            dtype.kind in "biufMm" or str(dtype.pyarrow_dtype) in ("string", "large_string")
        ):
            return dtype
    elif dtype.subdtype is None and dtype.fields is None:
        if dtype.kind in "biufcMmO":
            return dtype
        if dtype.kind in "US":  # fixed-width text: n rows cost n x itemsize, so bound the width
            chars = dtype.itemsize // (4 if dtype.kind == "U" else 1)
            if chars > limits.max_cell_chars:
                raise over_limit(f"{where}: dtype {clip(dtype_name)}", "characters", chars, "max_cell_chars", limits)
            return dtype
    raise FormatError(
        f"{where}: dtype {clip(dtype_name)} is not one a journey table holds (numbers, booleans, text, "
        "datetimes, timedeltas, categories)"
    )


def _decode_values(values: list[Any], spec: dict[str, Any], where: str, limits: Limits = DEFAULT_LIMITS) -> pd.Index:
    dtype_name = spec.get("dtype")
    if not isinstance(dtype_name, str):
        raise FormatError(f"{where}: 'dtype' must be a string, got {clip(dtype_name)}")
    try:
        if dtype_name == "category":
            listed = _list(spec.get("categories"), f"{where} categories")
            if len(listed) > limits.max_rows:
                raise over_limit(f"{where} categories", "categories", len(listed), "max_rows", limits)
            _check_cells(listed, f"{where} categories", limits)
            categories = _decode_values(
                listed,
                {"dtype": spec.get("categories_dtype", "object")},
                f"{where} categories",
                limits,
            )
            cat = pd.Categorical(values, categories=categories, ordered=bool(spec.get("ordered")))
            return pd.Index(cat)
        dtype = _allowed_dtype(dtype_name, where, limits)
        if dtype.kind == "f":
            values = [_NON_FINITE.get(v, v) if isinstance(v, str) else v for v in values]
        if dtype.kind == "M":
            return pd.Index(pd.to_datetime(values, format="ISO8601")).astype(dtype)
        if dtype.kind == "m":
            return pd.Index(pd.to_timedelta(values)).astype(dtype)
        if isinstance(dtype, pd.api.extensions.ExtensionDtype):
            return pd.Index(pd.array(values, dtype=dtype))  # type: ignore[call-overload]
        if dtype.kind in "biu" and any(v is None or isinstance(v, str) for v in values):
            raise FormatError(f"{where}: dtype {clip(dtype_name)} cannot hold missing values or text")
        index: pd.Index = pd.Index(np.asarray(values, dtype=dtype), dtype=dtype)
        return index
    except FormatError:
        raise
    except (TypeError, ValueError, OverflowError) as exc:
        raise FormatError(f"{where}: values do not fit dtype {clip(dtype_name)} ({clip(str(exc), 200)})") from None


def table_size(obj: Any, name: str = "table") -> int:
    """The cells an encoded table would hold (rows x columns), read before anything is decoded; 0 if malformed."""
    if not isinstance(obj, dict) or not isinstance(obj.get("columns"), list) or not isinstance(obj.get("data"), list):
        return 0
    return len(obj["columns"]) * len(obj["data"])


def decode_table(obj: Any, name: str = "table", limits: Limits = DEFAULT_LIMITS) -> pd.DataFrame:
    """Rebuild a DataFrame encoded by :func:`encode_table`, checking every part against ``limits`` first."""
    if not isinstance(obj, dict):
        raise FormatError(f"{name}: expected an object with 'columns' and 'data', got {type(obj).__name__}")
    columns = _list(obj.get("columns"), f"{name} 'columns'")
    rows = _list(obj.get("data"), f"{name} 'data'")
    if len(rows) > limits.max_rows:
        raise over_limit(name, "rows", len(rows), "max_rows", limits)
    if len(columns) > limits.max_columns:
        raise over_limit(name, "columns", len(columns), "max_columns", limits)
    for position, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(columns):
            raise FormatError(f"{name}: row {position} must be a list of {len(columns)} values")
        for value in row:
            if value is not None and not isinstance(value, _JSON_SCALARS):
                raise FormatError(f"{name}: row {position} holds a {type(value).__name__}; cells must be scalars")
        _check_cells(row, f"{name}: row {position}", limits)
    index = None
    if "index" in obj:
        spec = obj["index"]
        if not isinstance(spec, dict):
            raise FormatError(f"{name}: 'index' must be an object")
        values = _list(spec.get("values"), f"{name} index values")
        if len(values) != len(rows):
            raise FormatError(f"{name}: index has {len(values)} values for {len(rows)} rows")
        _check_cells(values, f"{name} index", limits)
        index = _decode_values(values, spec, f"{name} index", limits)
        index.name = spec.get("name")
    data: dict[Any, Any] = {}
    for position, spec in enumerate(columns):
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), _JSON_SCALARS):
            raise FormatError(f"{name}: column {position} needs a 'name' (string) and a 'dtype'")
        label = spec["name"]
        if isinstance(label, str):
            check_text(label, f"{name}: column {position}'s name", limits)
        if label in data:
            raise FormatError(f"{name}: duplicate column {clip(label)}")
        where = f"{name} column {clip(label)}"
        data[label] = _decode_values([row[position] for row in rows], spec, where, limits)
    frame = pd.DataFrame({k: pd.Series(v, copy=False) for k, v in data.items()})
    if not data:
        frame = pd.DataFrame(index=range(len(rows)))
    frame.index = index if index is not None else pd.RangeIndex(len(rows))
    return frame


def _check_cells(values: list[Any], where: str, limits: Limits) -> None:
    """Each text value's length and characters (the one regex runs only on a value that could fail)."""
    longest = limits.max_cell_chars
    for position, value in enumerate(values):
        if isinstance(value, str) and (len(value) > longest or BAD_CHARACTER.search(value)):
            check_text(value, f"{where}, cell {position}", limits)


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise FormatError(f"{where} must be a list, got {type(value).__name__}")
    return value
