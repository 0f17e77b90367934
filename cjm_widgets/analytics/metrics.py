"""Turning the small aggregates into metrics: one wide table per level, then the long table.

Pure pandas over tables with one row per touchpoint or stage (and segment);
the metric names are documented in :mod:`cjm_widgets.analytics.journey_from_events`.
"""

from __future__ import annotations

from collections.abc import Sequence

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
from .coding import EVENTS
from .events import CHANNEL, SEGMENT, TOUCHPOINT

__all__ = ["ALL", "SEG", "channel_table", "long_metrics", "segment_names", "stage_table", "touchpoint_table"]

SEG = "segment"  # the segment column of every table here
ALL = "\x00all"  # SEG of the rows about all journeys (merges and maps cannot match NA keys reliably)


def _share(part: pd.Series, whole: pd.Series) -> pd.Series:
    return part.astype("float64") / whole.astype("float64").where(whole > 0)


def touchpoint_table(
    reach: pd.DataFrame, times: pd.DataFrame, events: pd.DataFrame, totals: pd.Series, names: Sequence[str]
) -> pd.DataFrame:
    """One row per (segment, touchpoint): reach, drop-off, time to next, sentiment.

    ``reach``/``times`` come from the aggregates (touchpoint codes), ``events``
    counts events per (segment, touchpoint name), ``totals`` journeys per segment.
    """
    table = reach.merge(times, on=[SEG, TOUCHPOINT], how="outer")
    table[TOUCHPOINT] = [names[int(code)] for code in table[TOUCHPOINT]]
    table = table.merge(events, on=[SEG, TOUCHPOINT], how="left")
    users = table[USERS].astype("int64")
    out = pd.DataFrame(
        {
            SEG: table[SEG],
            TOUCHPOINT: table[TOUCHPOINT],
            "events": table[EVENTS].astype("int64"),
            "users": users,
            "reach": _share(users, table[SEG].map(totals)),
            "drop_off_users": table[EXITS].astype("int64"),
            "drop_off": _share(table[EXITS], users),
            "time_to_next_median_s": table[GAP_MEDIAN].astype("float64"),
            "time_to_next_p90_s": table[GAP_P90].astype("float64"),
            "position_median": table[POSITION].astype("float64"),
        }
    )
    if SENTIMENT_MEAN in table.columns:
        out["sentiment_mean"] = table[SENTIMENT_MEAN].astype("float64")
        out["sentiment_count"] = table[SENTIMENT_COUNT].astype("int64")
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
    rows = []
    for segment in totals.index:
        mine = (sets[SEG] == segment).to_numpy()
        counts = sets[USERS].to_numpy(dtype=np.int64)[mine]
        for stage, k in rank.items():
            funnel = int(counts[furthest[mine] >= k].sum())
            before = int(counts[furthest[mine] >= k - 1].sum()) if k > 0 else None
            rows.append({SEG: segment, "stage": stage, "funnel_users": funnel, "_before": before})
    table = pd.DataFrame(rows)
    named = reach.assign(stage=[bits[int(b)] for b in reach[BIT]]).drop(columns=[BIT])
    table = table.merge(named, on=[SEG, "stage"], how="left").merge(exits, on=[SEG, "stage"], how="left")
    users = table[USERS].fillna(0).astype("int64")
    whole = table[SEG].map(totals)
    out = pd.DataFrame(
        {
            SEG: table[SEG],
            "stage": table["stage"],
            "users": users,
            "stage_reach": _share(users, whole),
            "funnel": _share(table["funnel_users"], whole),
            "conversion": _share(table["funnel_users"], table["_before"].astype("float64")),
            "drop_off_users": table[EXITS].fillna(0).astype("int64"),
            "drop_off": _share(table[EXITS].fillna(0), users),
            "time_from_start_median_s": table[SINCE_MEDIAN].astype("float64"),
            "time_from_start_p90_s": table[SINCE_P90].astype("float64"),
            "position_median": table[POSITION].astype("float64"),
        }
    )
    return out


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
        return pd.array(spread[kept], dtype="str")

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
