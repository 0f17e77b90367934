"""The tables a one-pass aggregation of :func:`~.journey_from_events.from_events` returns.

Both fast paths (:mod:`.numpy_pass` and its compiled twin :mod:`.journey_pass`)
end with per-group arrays; these helpers turn them into the "times", "reach",
"stages" and "sets" tables of the general path (:mod:`.aggregates`), so the three
paths hand :func:`~.journey_from_events.from_events` the same frames.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..aggregates import BIT, MASK, USERS
from ..event_columns import SEGMENT
from ..metrics import segment_names

__all__ = ["Parts", "combined", "group_table", "set_table", "stage_table"]

Parts = dict[str, list[pd.DataFrame]]  # table name -> its parts (all journeys, then per segment)


def group_table(
    rows: np.ndarray, n_codes: int, per_segment: bool, code: str, columns: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Per-group figures for the groups with rows (group = segment * n_codes + code):
    the code, SEGMENT codes when per segment, the columns."""
    present = np.flatnonzero(rows)
    table = {code: present % n_codes, **{name: values[present] for name, values in columns.items()}}
    if per_segment:
        table[SEGMENT] = present // n_codes
    return pd.DataFrame(table)


def stage_table(reached: np.ndarray, n_stages: int, per_segment: bool, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """Per stage group with journeys: BIT (1 << stage index), SEGMENT codes when per segment, the columns."""
    table = group_table(reached, n_stages, per_segment, BIT, {USERS: reached, **columns})
    return table.assign(**{BIT: np.left_shift(1, table[BIT].to_numpy(dtype=np.int64))})


def set_table(segment: np.ndarray | None, masks: np.ndarray, counts: np.ndarray) -> pd.DataFrame:
    """Journeys per set of stages (MASK: a bit per stage), per segment code when given."""
    table = {MASK: masks, USERS: counts} if segment is None else {SEGMENT: segment, MASK: masks, USERS: counts}
    return pd.DataFrame(table).astype("int64")


def combined(parts: Parts, segments: Sequence[str] | None) -> dict[str, pd.DataFrame]:
    """Each table's parts in one frame, segment codes replaced by names."""
    names = list(segments) if segments is not None else None
    return {
        name: pd.concat([segment_names(t, names) for t in tables], ignore_index=True) for name, tables in parts.items()
    }
