"""What a map's metric lanes need from the metrics table, aggregated in Python.

A lane ``metric:<name>`` shows one metric. Views get, per shown metric, one
*series* per level (stage or touchpoint) and segment: the targets (stage
names or touchpoint ids) and their values over the metric's periods, as one
flat little-endian float64 buffer (``len(targets) * max(1, len(periods))``
numbers, target by target, NaN for missing). Buffers travel as binary
websocket frames (no JSON number formatting or parsing, NaN needs no
stand-in) and are saved with the widget state. That is far smaller and
quicker to draw than the raw long table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..schema.values import is_missing

__all__ = [
    "METRIC_LANE",
    "decode_series",
    "encode_series",
    "lane_metric",
    "metric_lanes_state",
    "metric_names",
    "period_order",
]

METRIC_LANE = "metric:"
# Segment columns, in the order their values are joined into a sub-row's label.
_SEGMENT_COLUMNS = ("segment", "persona")
_NO_PERIOD = "(no period)"


def lane_metric(lane: str) -> str | None:
    """The metric a lane shows (``"metric:csat"`` → ``"csat"``), None for other lanes."""
    return lane[len(METRIC_LANE) :] if lane.startswith(METRIC_LANE) else None


def metric_names(metrics: pd.DataFrame) -> list[str]:
    """Metric names in order of first appearance."""
    return [str(n) for n in pd.unique(metrics["metric"]) if not is_missing(n)]


def period_order(periods: Iterable[Any]) -> list[str]:
    """Periods in time order: numeric or date-like ones sorted, others in order of first appearance."""
    column = periods if isinstance(periods, pd.Series) else pd.Series(list(periods), dtype=object)
    seen = [p for p in column.dropna().unique().tolist() if not is_missing(p)]
    if not seen:
        return []
    numbers = pd.to_numeric(pd.Series(seen), errors="coerce")
    if numbers.notna().all():
        return [seen[i] for i in np.argsort(numbers.to_numpy(), kind="stable")]
    try:
        stamps = pd.to_datetime(pd.Series(seen), format="ISO8601")
    except (ValueError, TypeError):
        return seen
    return [seen[i] for i in np.argsort(stamps.to_numpy(), kind="stable")]


def _segment_labels(table: pd.DataFrame) -> pd.Series:
    """One label per row: its segment and persona joined, "" for rows about everyone."""
    parts = [table[c].fillna("") for c in _SEGMENT_COLUMNS if c in table.columns and table[c].notna().any()]
    if not parts:
        return pd.Series("", index=table.index, dtype=object)
    label = parts[0].astype(object)
    for part in parts[1:]:
        label = label.str.cat(part.astype(object), sep=" · ").str.strip(" ·")
    return label


def encode_series(values: np.ndarray) -> bytes:
    """A metric lane's series as little-endian float64 bytes; NaN (missing) stays NaN, never 0.

    The map state's one binary value; :func:`decode_series` reads it back.
    """
    return np.ascontiguousarray(values, dtype="<f8").tobytes()


def decode_series(buffer: bytes | bytearray | memoryview) -> list[float | None]:
    """A series' values back as a list (None for missing, NaN): the decoder of :func:`encode_series`."""
    values = np.frombuffer(bytes(buffer), dtype="<f8")
    return [None if math.isnan(v) else v for v in values.tolist()]


def _series(rows: pd.DataFrame, level: str, periods: list[str]) -> list[dict[str, Any]]:
    """One series per segment: a dense (target x period) grid filled by integer codes, no pivot."""
    targets, target_codes = _codes(rows["stage" if level == "stage" else "touchpoint_id"])
    segments, segment_codes = _codes(_segment_labels(rows))
    if periods:
        seen, codes = _codes(rows["period"].fillna(_NO_PERIOD))
        rank = {p: i for i, p in enumerate(periods)}
        period_codes = np.array([rank[p] for p in seen], dtype=np.intp)[codes]
    else:
        period_codes = np.zeros(len(rows), dtype=np.intp)
    values = rows["value"].to_numpy(dtype="float64")
    out = []
    for code, segment in enumerate(segments):
        mine = segment_codes == code
        grid = np.full((len(targets), max(1, len(periods))), np.nan)
        # The key is unique (validated), so each cell is written at most once: no aggregation needed.
        grid[target_codes[mine], period_codes[mine]] = values[mine]
        present = np.unique(target_codes[mine])
        out.append(
            {
                "level": level,
                "segment": segment or None,
                "targets": [str(targets[i]) for i in present],
                "values": encode_series(grid[present].ravel()),
            }
        )
    return out


def _codes(column: pd.Series) -> tuple[list[Any], np.ndarray]:
    """Distinct values in order of first appearance, and each row's index into them."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return list(uniques), codes


def _lane(rows: pd.DataFrame) -> dict[str, Any]:
    periods: list[str] = []
    if "period" in rows.columns and rows["period"].notna().any():
        periods = period_order(rows["period"])
        if rows["period"].isna().any():
            periods = [_NO_PERIOD, *periods]
    values = rows["value"].to_numpy(dtype="float64")
    finite = values[np.isfinite(values)]
    series: list[dict[str, Any]] = []
    for level, column in (("stage", "stage"), ("touchpoint", "touchpoint_id")):
        at_level = rows[rows[column].notna().to_numpy()]
        if len(at_level):
            series.extend(_series(at_level, level, periods))
    return {
        "periods": periods,
        "min": float(finite.min()) if finite.size else None,
        "max": float(finite.max()) if finite.size else None,
        # Whole numbers only: counts, not rates (the view formats rates in 0..1 as %).
        "integers": bool(finite.size) and bool(np.all(finite == np.round(finite))),
        "series": series,
    }


def metric_lanes_state(metrics: pd.DataFrame, lanes: Sequence[str]) -> dict[str, Any]:
    """The ``_metrics`` trait: every metric's name (for the lanes panel) and the data of the shown ones."""
    shown = [name for name in (lane_metric(lane) for lane in lanes) if name is not None]
    out: dict[str, Any] = {"names": metric_names(metrics), "lanes": {}}
    if not shown:
        return out
    by_metric = metrics[metrics["metric"].isin(shown).to_numpy()]
    for name, rows in by_metric.groupby("metric", sort=False):
        out["lanes"][str(name)] = _lane(rows)
    return out
