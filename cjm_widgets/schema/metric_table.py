"""The metrics table: numbers attached to a stage or a touchpoint, validated against the map.

A long table (``metric``, ``value``, and exactly one of ``stage`` /
``touchpoint_id``; optional ``segment`` or ``persona`` and ``period``). ``value``
NaN means "missing" and stays NaN. Each (target, metric, segment/persona,
period) key appears once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from numbers import Real
from typing import Any

import pandas as pd

from .tables import METRICS, as_frame, check_references, normalize_table
from .values import RowNamer, is_missing

__all__ = ["KEY_COLUMNS", "check_metric_refs", "normalize_metrics"]

# Columns that together name one metric value (those present in the table).
KEY_COLUMNS = ("metric", "stage", "touchpoint_id", "segment", "persona", "period")


def _as_key_text(value: Any) -> Any:
    """Periods and ids often come as numbers or dates: turn those into the text the table stores."""
    if is_missing(value) or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() and stamp.tz is None else stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, Real):
        number = float(value)
        return str(int(number)) if number.is_integer() else str(value)
    return value  # anything else (lists, objects) is refused by the text check, naming the row


def normalize_metrics(
    data: Any,
    stages: Sequence[str],
    touchpoint_ids: Sequence[str],
    personas: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Validate a metrics table against the map and return it with canonical dtypes.

    Raises :class:`~cjm_widgets.errors.SchemaError` naming the row (by position),
    column and value for an unknown stage or touchpoint id, a row with both or
    neither of them, a non-numeric value, or a duplicate key.
    """
    if data is None:  # no metrics: an empty table with the canonical columns
        table = normalize_table(None, METRICS)
        check_metric_refs(table, stages, touchpoint_ids, personas)
        return table
    df = as_frame(data, "metrics")
    # Text columns are already text; anything else (ints, dates, mixed objects) is converted cell by cell.
    convert = [
        c for c in ("period", "touchpoint_id") if c in df.columns and not isinstance(df[c].dtype, pd.StringDtype)
    ]
    if convert:
        df = df.assign(**{c: df[c].map(_as_key_text) for c in convert})
    table = normalize_table(df, METRICS)
    check_metric_refs(table, stages, touchpoint_ids, personas)
    return table


def check_metric_refs(
    table: pd.DataFrame,
    stages: Sequence[str],
    touchpoint_ids: Sequence[str],
    personas: Sequence[str] | None = None,
) -> None:
    """Cross-table checks of a normalized metrics table (also run when stages or touchpoints change)."""
    check_references(table, "metrics", stages, touchpoint_ids, personas or None)
    rows = RowNamer("metrics")
    has_stage, has_tp = table["stage"].notna().to_numpy(), table["touchpoint_id"].notna().to_numpy()
    wrong = (has_stage == has_tp).nonzero()[0]  # both or neither
    start = int(wrong[0]) if len(wrong) else len(table)
    pairs = zip(table["stage"].iloc[start:].tolist(), table["touchpoint_id"].iloc[start:].tolist(), strict=True)
    for position, (stage, tp) in enumerate(pairs, start):
        if is_missing(stage) and is_missing(tp):
            raise rows.error(
                "a metric needs a stage or a touchpoint_id",
                "stage",
                position,
                None,
                "Fill in 'stage' (a stage name) or 'touchpoint_id' (a touchpoint's id)",
            )
        if not is_missing(stage) and not is_missing(tp):
            raise rows.error(
                f"a metric belongs to a stage or to a touchpoint, this row names both (stage {stage!r})",
                "touchpoint_id",
                position,
                tp,
                "Leave 'stage' empty for a touchpoint's metric, or 'touchpoint_id' empty for a stage's",
            )
    key = [c for c in KEY_COLUMNS if c in table.columns]
    dupes = table.duplicated(subset=key, keep="first")
    if dupes.any():
        position = int(dupes.to_numpy().nonzero()[0][0])
        filled = table[key].astype(object).where(table[key].notna(), "\x00missing")  # NaN never equals NaN
        same = (filled.iloc[:position] == filled.iloc[position]).all(axis=1).to_numpy().nonzero()[0]
        values = {c: table[c].iloc[position] for c in key if not is_missing(table[c].iloc[position])}
        raise rows.error(
            f"duplicate metric for the same key {values} (also at position {int(same[0])})",
            "metric",
            position,
            table["metric"].iloc[position],
            "Keep one row per metric, stage/touchpoint, segment/persona and period (aggregate or drop the others)",
        )
