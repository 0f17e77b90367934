"""``cjm.compare(current, future)``: two read-only maps side by side, differences marked on them."""

from __future__ import annotations

from typing import Any

import ipywidgets
import pandas as pd

from ..classroom.compare import compare_journeys, emotion_delta
from ..model.journey import Journey
from .journey_map import JourneyMap
from .page_state import PageGuard

__all__ = ["Comparison", "compare"]


def _journey(value: Journey | JourneyMap) -> Journey:
    return value.journey if isinstance(value, JourneyMap) else value


def _place(row: dict[Any, Any]) -> dict[str, Any]:
    return {"touchpoint_id": row["touchpoint_id"]} if isinstance(row["touchpoint_id"], str) else {"stage": row["stage"]}


def _markers(differences: pd.DataFrame) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Markers for the current map and for the future map."""
    current: list[dict[str, Any]] = []
    future: list[dict[str, Any]] = []
    for row in differences.to_dict("records"):
        change = row["change"]
        if change == "added":
            future.append({"kind": "added", "label": "New in the future state", "tone": "good", **_place(row)})
        elif change == "removed":
            current.append({"kind": "removed", "label": "Gone in the future state", "tone": "warn", **_place(row)})
        elif change == "changed":
            future.append({"kind": "changed", "label": f"Changed: {row['columns']}", "tone": "info", **_place(row)})
        elif change == "pain_resolved":
            current.append({"kind": "resolved", "label": "Pain point resolved", "tone": "good", **_place(row)})
        elif change == "emotion":
            delta = emotion_delta(row["before"], row["after"])
            if delta:
                tone = "good" if delta > 0 else "bad"
                future.append(
                    {"kind": "emotion", "label": f"Emotion {delta:+.2g}", "tone": tone, "stage": row["stage"]}
                )
    return current, future


class Comparison(PageGuard, ipywidgets.GridBox):  # the page sets none of its traits
    """A current-state map and a future-state map side by side, read-only, with their differences.

    ``current`` and ``future`` are the two :class:`~cjm_widgets.JourneyMap` s (the future one
    is shown as a future-state map), ``differences`` the DataFrame of
    :func:`~cjm_widgets.compare_journeys`. Markers on the maps show
    what is gone or resolved (current) and what is new or changed, and how each
    stage's emotion moved (future).
    """

    def __init__(self, current: Journey | JourneyMap, future: Journey | JourneyMap, **kwargs: Any) -> None:
        before, after = _journey(current), _journey(future)
        if after.kind != "future":  # shown as the future state without changing the user's journey
            after = after.copy()
            after.kind = "future"
        self.differences = compare_journeys(before, after)
        self.current = JourneyMap(before, editable=False)
        self.future = JourneyMap(after, editable=False)
        on_current, on_future = _markers(self.differences)
        self.current.show_markers("compare", on_current)
        self.future.show_markers("compare", on_future)
        layout = ipywidgets.Layout(grid_template_columns="minmax(0, 1fr) minmax(0, 1fr)", grid_gap="12px")
        super().__init__([self.current, self.future], layout=layout, **kwargs)
        self.add_class("cjm-comparison")

    def close(self) -> None:
        self.current.close()
        self.future.close()
        super().close()


def compare(current: Journey | JourneyMap, future: Journey | JourneyMap) -> Comparison:
    """A side-by-side comparison of a current-state and a future-state map.

    Returns a :class:`~cjm_widgets.widgets.compare_view.Comparison` widget; its ``differences`` attribute is the
    DataFrame of touchpoints added, removed and changed, pain points resolved and
    emotion change per stage (see :func:`~cjm_widgets.compare_journeys`).
    """
    return Comparison(current, future)
