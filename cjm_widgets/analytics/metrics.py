"""Turning the small aggregates into metrics: one wide table per level, then the long table.

Pure pandas over tables with one row per touchpoint or stage (and segment);
the metric names are documented in :mod:`cjm_widgets.analytics.journey_from_events`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from .aggregates import (
    BIT,
    EXITS,
    GAP_MEDIAN,
    GAP_P90,
    MASK,
    POSITION,
    SENTIMENT_COUNT,
    SENTIMENT_MEAN,
    SINCE_MEDIAN,
    SINCE_P90,
    USERS,
)
from .code_books import ALL, EVENTS
from .event_columns import CHANNEL, SEGMENT, TOUCHPOINT

__all__ = ["ALL", "SEG", "channel_table", "long_metrics", "segment_names", "stage_table", "touchpoint_table"]

SEG = "segment"  # the segment column of every table here


def _ratio(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """part / whole, NaN where the whole is 0 or missing."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(whole > 0, part / whole, np.nan)


def _aligned(
    rows: Sequence[tuple[Any, ...]], table: pd.DataFrame, keys: list[str], columns: list[str]
) -> dict[str, np.ndarray]:
    """``table``'s numeric ``columns`` for each key in ``rows`` (NaN where it has no such row).

    A left join of a few hundred rows by dict lookup: ~10x faster than ``DataFrame.merge``.
    """
    position = {key: i for i, key in enumerate(zip(*(table[k].tolist() for k in keys), strict=True))}
    picks = np.array([position.get(row, -1) for row in rows], dtype=np.intp)  # -1: the NaN appended below
    return {c: np.append(table[c].to_numpy(dtype=np.float64, na_value=np.nan), np.nan)[picks] for c in columns}


def _keys(*tables: pd.DataFrame, key: str) -> list[tuple[Any, ...]]:
    """The sorted (segment, key) pairs found in any of the tables (an outer join's rows)."""
    found: set[tuple[Any, ...]] = set()
    for table in tables:
        found.update(zip(table[SEG].tolist(), table[key].tolist(), strict=True))
    return sorted(found)


def touchpoint_table(
    reach: pd.DataFrame, times: pd.DataFrame, events: pd.DataFrame, totals: pd.Series, names: Sequence[str]
) -> pd.DataFrame:
    """One row per (segment, touchpoint): reach, drop-off, time to next, sentiment.

    ``reach``/``times`` come from the aggregates (touchpoint codes), ``events``
    counts events per (segment, touchpoint name), ``totals`` journeys per segment.
    """
    rows = _keys(reach, times, key=TOUCHPOINT)
    segments = [segment for segment, _ in rows]
    touchpoints = [names[int(code)] for _, code in rows]
    sentiment = [SENTIMENT_MEAN, SENTIMENT_COUNT] if SENTIMENT_MEAN in times.columns else []
    got = {
        **_aligned(rows, reach, [SEG, TOUCHPOINT], [USERS, POSITION]),
        **_aligned(rows, times, [SEG, TOUCHPOINT], [EXITS, GAP_MEDIAN, GAP_P90, *sentiment]),
        **_aligned(list(zip(segments, touchpoints, strict=True)), events, [SEG, TOUCHPOINT], [EVENTS]),
    }
    users = got[USERS]
    out = pd.DataFrame(
        {
            SEG: pd.array(segments, dtype="str"),
            TOUCHPOINT: pd.array(touchpoints, dtype="str"),
            "events": got[EVENTS].astype(np.int64),
            "users": users.astype(np.int64),
            "reach": _ratio(users, np.array([totals[s] for s in segments], dtype=np.float64)),
            "drop_off_users": got[EXITS].astype(np.int64),
            "drop_off": _ratio(got[EXITS], users),
            "time_to_next_median_s": got[GAP_MEDIAN],
            "time_to_next_p90_s": got[GAP_P90],
            "position_median": got[POSITION],
        }
    )
    if sentiment:
        out["sentiment_mean"] = got[SENTIMENT_MEAN]
        out["sentiment_count"] = got[SENTIMENT_COUNT].astype(np.int64)
    return out


def channel_table(combos: pd.DataFrame) -> pd.DataFrame:
    """Per (segment, touchpoint): the share of events on each channel and the most common channel."""
    keys = [SEG, TOUCHPOINT]
    known = combos.dropna(subset=[CHANNEL])
    counts = known.groupby([*keys, CHANNEL], as_index=False, dropna=False).agg({EVENTS: "sum"})
    counts["share"] = counts[EVENTS] / counts.groupby(keys, dropna=False)[EVENTS].transform("sum")
    wide = counts.pivot_table(index=keys, columns=CHANNEL, values="share", dropna=False).reset_index()
    wide.columns = [c if c in keys else f"channel_share:{c}" for c in wide.columns]
    # The most common channel (ties: first alphabetically).
    top = counts.sort_values([*keys, EVENTS, CHANNEL], ascending=[True, True, False, True])
    top = top.drop_duplicates(keys)[[*keys, CHANNEL]].rename(columns={CHANNEL: "channel"})
    return wide.merge(top, on=keys, how="left")


def stage_table(
    reach: pd.DataFrame,
    sets: pd.DataFrame,
    exits: pd.DataFrame,
    totals: pd.Series,
    bits: dict[int, str],
    order: Sequence[str],
) -> pd.DataFrame:
    """One row per (segment, stage) in funnel order: reach, funnel, conversion, drop-off, time from start."""
    rank = {stage: i for i, stage in enumerate(order)}
    bit_rank = np.array([rank[bits[b]] for b in sorted(bits)])
    bit_values = np.array(sorted(bits), dtype=np.int64)
    masks = sets[MASK].to_numpy(dtype=np.int64)
    reached = (masks[:, None] & bit_values[None, :]) != 0  # mask x stage
    furthest = np.where(reached, bit_rank[None, :], -1).max(axis=1)
    keys: list[tuple[str, str]] = []  # (segment, stage): the table's rows
    funnel_users: list[float] = []  # journeys whose furthest stage is this one or later
    before_users: list[float] = []  # ... the previous one or later (NaN for the first stage)
    for segment in totals.index:
        mine = (sets[SEG] == segment).to_numpy()
        counts = sets[USERS].to_numpy(dtype=np.int64)[mine]
        for stage, k in rank.items():
            keys.append((segment, stage))
            funnel_users.append(float(counts[furthest[mine] >= k].sum()))
            before_users.append(float(counts[furthest[mine] >= k - 1].sum()) if k > 0 else np.nan)
    named = reach.assign(stage=[bits[int(b)] for b in reach[BIT]])
    got = {
        **_aligned(keys, named, [SEG, "stage"], [USERS, SINCE_MEDIAN, SINCE_P90, POSITION]),
        **_aligned(keys, exits, [SEG, "stage"], [EXITS]),
    }
    users = np.nan_to_num(got[USERS]).astype(np.int64)
    exits_n = np.nan_to_num(got[EXITS])
    whole = np.array([totals[s] for s, _ in keys], dtype=np.float64)
    funnel, before = np.array(funnel_users), np.array(before_users)
    return pd.DataFrame(
        {
            SEG: pd.array([s for s, _ in keys], dtype="str"),
            "stage": pd.array([st for _, st in keys], dtype="str"),
            "users": users,
            "stage_reach": _ratio(users, whole),
            "funnel": _ratio(funnel, whole),
            "conversion": _ratio(funnel, before),
            "drop_off_users": exits_n.astype(np.int64),
            "drop_off": _ratio(exits_n, users),
            "time_from_start_median_s": got[SINCE_MEDIAN],
            "time_from_start_p90_s": got[SINCE_P90],
            "position_median": got[POSITION],
        }
    )


def long_metrics(wide: pd.DataFrame, key: str, ids: dict[str, str] | None = None) -> pd.DataFrame:
    """Wide per-row metrics as the journey's long table: metric, value, stage / touchpoint_id, segment.

    Column by column, as ``DataFrame.melt`` stacks them, without its per-column frames.
    """
    value_columns = [c for c in wide.columns if c not in (SEG, key, "channel")]
    values = wide[value_columns].to_numpy(dtype=np.float64, na_value=np.nan).T.ravel()
    kept = ~np.isnan(values)
    where = wide[key] if ids is None else wide[key].map(ids)
    segment = wide[SEG].where(wide[SEG] != ALL)

    def stacked(column: pd.Series | list[str], per_column: bool = False) -> pd.api.extensions.ExtensionArray:
        items = np.asarray(column, dtype=object)
        spread = np.repeat(items, len(wide)) if per_column else np.tile(items, len(value_columns))
        return cast("pd.api.extensions.ExtensionArray", pd.array(spread[kept], dtype="str"))

    return pd.DataFrame(
        {
            "metric": stacked(value_columns, per_column=True),
            "value": values[kept],
            "stage" if ids is None else "touchpoint_id": stacked(where),
            SEG: stacked(segment),
        }
    )


def segment_names(table: pd.DataFrame, segments: list[str] | None) -> pd.DataFrame:
    """Replace segment codes by names in SEG (ALL when the table is about all journeys)."""
    if SEGMENT in table.columns and segments is not None:
        names = [segments[int(c)] for c in table[SEGMENT]]
        return table.drop(columns=[SEGMENT]).assign(**{SEG: pd.Series(names, index=table.index, dtype="str")})
    return table.assign(**{SEG: pd.Series(ALL, index=table.index, dtype="str")})
