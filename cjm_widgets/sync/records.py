"""Journey tables as JSON records: what views, patches and change events carry.

One place converts pandas values to JSON (NaN -> null, numpy -> Python,
timestamps -> ISO text) so every widget sends the same shapes.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..schema.values import is_missing

__all__ = ["json_value", "records"]


def json_value(value: Any) -> Any:
    """A pandas cell as a JSON scalar (missing -> None, non-finite -> None)."""
    if is_missing(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, (pd.Timestamp, pd.Timedelta)):
        return value.isoformat()
    return str(value)


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column name (as text), values JSON-ready."""
    names = [str(c) for c in df.columns]
    return [dict(zip(names, map(json_value, row), strict=True)) for row in df.itertuples(index=False, name=None)]
