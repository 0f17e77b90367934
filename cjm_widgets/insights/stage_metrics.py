"""Metrics per stage: the journey's long metrics table folded to one number per stage and metric.

A metric row belongs to a stage through its ``stage`` or, for touchpoint
metrics, through its touchpoint's stage. Missing values stay missing (NaN),
never zero: a chart draws no bar for them.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import pandas as pd

from ..model.journey import Journey

__all__ = ["LATEST", "metric_kind", "periods", "segment_column", "segments", "stage_metrics"]

LATEST = "latest"  # period= value meaning "the last period of the table"

MetricKind = Literal["count", "rate", "score"]
# Names that say what a metric is; values decide only when the name does not.
_COUNT = re.compile(r"(^|_)(users|visitors|sessions|count|customers|events|people|journeys)$", re.IGNORECASE)
_RATE = re.compile(r"conversion|drop|churn|rate|reach|funnel|share|retention|bounce|abandon", re.IGNORECASE)
_SCORE = re.compile(r"csat|nps|ces|score|satisfaction|sentiment|rating|time|duration", re.IGNORECASE)


def metric_kind(name: str, values: pd.Series) -> MetricKind:
    """``count`` (users reaching a stage), ``rate`` (a share in 0..1) or ``score`` (CSAT, NPS, times...)."""
    if _COUNT.search(name):
        return "count"
    if _RATE.search(name):
        return "rate"
    if _SCORE.search(name):
        return "score"
    known = pd.to_numeric(values, errors="coerce").dropna()
    return "rate" if len(known) and known.between(0, 1).all() else "score"


def segment_column(metrics: pd.DataFrame) -> str | None:
    """The metrics column that splits rows by who they are about (``segment``, else ``persona``)."""
    for name in ("segment", "persona"):
        if name in metrics.columns and metrics[name].notna().any():
            return name
    return None


def segments(metrics: pd.DataFrame) -> list[str]:
    """The segments (or personas) of a metrics table, in order of first appearance."""
    column = segment_column(metrics)
    return [] if column is None else [str(s) for s in metrics[column].dropna().unique()]


def periods(metrics: pd.DataFrame) -> list[str]:
    """The periods of a metrics table, oldest first (chronological when they read as dates)."""
    if "period" not in metrics.columns:
        return []
    names = [str(p) for p in metrics["period"].dropna().unique()]  # unique(): first-appearance order
    try:
        dates = pd.to_datetime(pd.Series(names), errors="raise", format="mixed")
    except (ValueError, TypeError):
        return names  # labels like "Q1 FY24": the table's own order
    return [names[i] for i in dates.argsort(kind="stable")]


def _rows_with_stage(journey: Journey) -> pd.DataFrame:
    metrics = journey.metrics
    tp = journey.touchpoints
    by_id = dict(zip(tp["id"].tolist(), tp["stage"].tolist(), strict=True))
    stage = metrics["stage"].astype(object).where(metrics["stage"].notna(), metrics["touchpoint_id"].map(by_id))
    out = metrics.assign(_stage=stage, _level=metrics["stage"].isna().astype("int64"))
    out["value"] = out["value"].astype("float64")
    return out


def stage_metrics(
    journey: Journey,
    *,
    period: Any = None,
    segment: Any = None,
    how: Literal["mean", "chart"] = "mean",
) -> pd.DataFrame:
    """One row per stage (all stages, map order), one column per metric (first-appearance order).

    Parameters
    ----------
    period:
        None: every period; ``"latest"``: the last period (see ``periods``);
        any other value: that period's rows.
    segment:
        A segment (or persona) to keep only its rows; None: every row.
    how:
        ``"mean"``: the mean of every row of the metric in the stage (its own rows
        and its touchpoints'). ``"chart"``: what a chart of the stage shows: the
        stage's own rows win over its touchpoints' (which are folded: counts by
        max, the users reaching a stage are at least those reaching its busiest
        touchpoint; rates and scores by mean); without a segment, rows about
        everyone (no segment) win, else segments are combined (counts summed,
        others averaged).
    """
    stages = journey.stage_names
    rows = _rows_with_stage(journey)
    if "period" in rows.columns and period is not None:
        chosen = (periods(rows) or [None])[-1] if period == LATEST else period  # type: ignore[list-item]
        if chosen is not None:
            rows = rows[rows["period"].astype(object) == chosen]
    column = segment_column(rows)
    if column is not None and segment is not None:
        rows = rows[rows[column].astype(object) == segment]
    names = journey.metrics["metric"].unique().tolist()
    if how == "mean" or rows.empty:
        table = rows.groupby(["_stage", "metric"], sort=False)["value"].mean().unstack("metric")
    else:
        table = _chart_values(rows, column if segment is None else None)
    return table.reindex(index=pd.Index(stages, name="stage"), columns=pd.Index(names, name=None)).astype("float64")


def _chart_values(rows: pd.DataFrame, column: str | None) -> pd.DataFrame:
    parts = []
    for metric, group in rows.groupby("metric", sort=False):
        kind = metric_kind(str(metric), group["value"])
        if column is not None and group[column].isna().any():
            group = group[group[column].isna()]  # rows about everyone
        # The stage's own rows win over its touchpoints' rows.
        group = group[group["_level"] == group.groupby("_stage")["_level"].transform("min")]
        keys = ["_stage"] if column is None else ["_stage", column]
        keys_frame = group.assign(**{column: group[column].astype(object).fillna("")}) if column else group
        inner = keys_frame.groupby(keys, sort=False)["value"].agg("max" if kind == "count" else "mean")
        by_stage = inner.groupby(level="_stage", sort=False)
        outer = by_stage.sum(min_count=1) if kind == "count" else by_stage.mean()
        parts.append(outer.rename(metric))
    return pd.concat(parts, axis=1) if parts else pd.DataFrame()
