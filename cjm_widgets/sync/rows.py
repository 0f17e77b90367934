"""Row helpers both kinds of edit op share (touchpoints and empathy notes).

Ops name rows by id; these read an op's fields with a clear error, make new
ids and index labels, and insert one-row frames that keep the table's dtypes.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..errors import EditError

__all__ = ["field", "insert_rows", "new_id", "new_label", "row_frame", "short"]

from .ops import RawOp


def short(value: Any, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters for an error message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def field(op: RawOp, name: str, kind: type | tuple[type, ...], optional: bool = False) -> Any:
    """``op[name]`` if it is of ``kind`` (or missing and ``optional``), else an EditError naming it."""
    value = op.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise EditError(f"op {op.get('op')!r} needs {name!r} of type {_type_names(kind)}, got {short(value)}")
    return value


def _type_names(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


def insert_rows(df: pd.DataFrame, position: int, rows: pd.DataFrame) -> pd.DataFrame:
    """``df`` with ``rows`` inserted before table position ``position``."""
    return pd.concat([df.iloc[:position], rows, df.iloc[position:]])


def row_frame(template: pd.DataFrame, values: dict[str, Any], label: Any) -> pd.DataFrame:
    """A one-row frame with ``template``'s columns and dtypes (defaults where a dtype can't be empty)."""
    data = {}
    for name in template.columns:
        value = values.get(str(name))
        dtype = template[name].dtype
        if value is None and not isinstance(dtype, pd.api.extensions.ExtensionDtype):
            value = {"b": False, "i": 0, "u": 0}.get(dtype.kind)
        data[name] = pd.Series([value], dtype=dtype)
    frame = pd.DataFrame(data)
    frame.index = pd.Index([label], name=template.index.name)
    return frame


def new_label(index: pd.Index, wanted: Any, row_id: str) -> Any:
    """The index label of an inserted row: the one an undo asks back, if it fits the index."""
    if isinstance(wanted, (str, int)) and not isinstance(wanted, bool):
        try:
            label = pd.Index([wanted]).astype(index.dtype)[0] if len(index) else wanted
        except (TypeError, ValueError):
            label = None
        if label is not None and label not in index:
            return label
    if pd.api.types.is_integer_dtype(index.dtype):
        return int(index.max()) + 1 if len(index) else 0
    return row_id


def new_id(ids: list[str], prefix: str = "tp") -> str:
    """A fresh ``<prefix>-<n>`` id not among ``ids``."""
    taken = set(ids)
    n = len(ids) + 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"
