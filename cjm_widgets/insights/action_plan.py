"""The action plan: opportunities ranked by priority from the impact and effort users rate them with."""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd

from .source import has_text, journey_of

__all__ = ["action_plan", "priority"]


def priority(impact: pd.Series, other: pd.Series, y: Literal["effort", "feasibility"] = "effort") -> pd.Series:
    """Priority of each row: ``impact / effort`` (quick wins first), or ``impact * feasibility``.

    Missing ratings give a missing priority; an effort of 0 or less counts as the smallest effort rated
    (no division by zero: effortless and high impact is simply the top).
    """
    impact = impact.astype("float64")
    other = other.astype("float64")
    if y == "feasibility":
        return impact * other
    positive = other[other > 0]
    floor = float(positive.min()) if len(positive) else 1.0
    return impact / other.where(other > 0, floor).where(other.notna())


def action_plan(source: Any, *, y: Literal["effort", "feasibility"] = "effort") -> pd.DataFrame:
    """The opportunities (touchpoints with a non-blank ``opportunity``), highest priority first.

    Priority is ``impact / effort`` (with ``y="feasibility"``: ``impact *
    feasibility``), from the touchpoints' numeric ``impact`` and ``effort`` /
    ``feasibility`` columns (rate them by dragging in a :class:`PriorityMatrix`).
    Unrated opportunities come last; equal priorities keep map order.

    Returns
    -------
    pandas.DataFrame
        ``rank`` (1 = do first; missing when unrated), ``touchpoint_id``, ``stage``,
        ``touchpoint``, ``opportunity``, ``pain_point``, ``impact``, ``effort``
        (or ``feasibility``) and ``priority``; a fresh RangeIndex.
    """
    journey = journey_of(source)
    tp = journey.touchpoints
    tp = tp[has_text(tp["opportunity"]).to_numpy()]
    missing = pd.Series(float("nan"), index=tp.index)
    impact = tp["impact"].astype("float64") if "impact" in tp.columns else missing
    other = tp[y].astype("float64") if y in tp.columns else missing
    table = pd.DataFrame(
        {
            "touchpoint_id": tp["id"],
            "stage": tp["stage"],
            "touchpoint": tp["touchpoint"],
            "opportunity": tp["opportunity"],
            "pain_point": tp["pain_point"],
            "impact": impact,
            y: other,
            "priority": priority(impact, other, y),
        }
    )
    table = table.sort_values("priority", ascending=False, kind="stable", na_position="last").reset_index(drop=True)
    rated = table["priority"].notna()
    table.insert(0, "rank", pd.Series(range(1, len(table) + 1), dtype="Int64").where(rated.to_numpy(), pd.NA))
    return table
