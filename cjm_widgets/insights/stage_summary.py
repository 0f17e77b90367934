"""Stage summaries: how each stage feels, what hurts, what could be better, and its numbers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .source import has_text, journey_of
from .stage_metrics import stage_metrics

__all__ = ["stage_summary"]

_OWN = ("stage", "touchpoints", "mean_emotion", "pain_points", "opportunities")


def stage_summary(source: Any, *, period: Any = None, segment: Any = None) -> pd.DataFrame:
    """One row per stage, in map order, summarising its touchpoints and metrics.

    Columns: ``stage``; ``touchpoints`` (how many); ``mean_emotion`` (mean of the
    scored touchpoints, NaN when none is scored); ``pain_points`` and
    ``opportunities`` (touchpoints with a non-blank cell); then one column per
    metric, the mean of that metric's rows for the stage and its touchpoints
    (NaN when it has none). A metric whose name clashes with the columns above
    is prefixed with ``metric_``. ``period=``/``segment=`` narrow the metrics
    like :func:`cjm_widgets.insights.stage_metrics.stage_metrics` does.
    """
    journey = journey_of(source)
    tp = journey.touchpoints
    stages = pd.Index(journey.stage_names, name="stage")
    grouped = tp.assign(
        _pain=has_text(tp["pain_point"]),
        _opportunity=has_text(tp["opportunity"]),
        _emotion=tp["emotion"].astype("float64"),
    ).groupby("stage", sort=False)
    table = pd.DataFrame(
        {
            "touchpoints": grouped.size(),
            "mean_emotion": grouped["_emotion"].mean(),
            "pain_points": grouped["_pain"].sum(),
            "opportunities": grouped["_opportunity"].sum(),
        }
    ).reindex(stages)
    for name in ("touchpoints", "pain_points", "opportunities"):
        table[name] = table[name].fillna(0).astype("int64")
    metrics = stage_metrics(journey, period=period, segment=segment)
    metrics.columns = [f"metric_{c}" if c in _OWN else c for c in metrics.columns]
    return table.join(metrics).reset_index()
