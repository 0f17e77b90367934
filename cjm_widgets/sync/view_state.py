"""The map view's state: which traits a journey map view has, and how each comes from a Journey.

One list, used by the live widget (:class:`~cjm_widgets.JourneyMap`) and by
every page drawn with no kernel (``to_html`` files, ``cjm-report`` pages,
both in :mod:`cjm_widgets.render`). The front end declares the same lists in
``js/src/journey_map/view_traits.ts``; a test keeps the two equal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import SchemaError
from ..schema.cell_values import column_kind
from ..schema.tables import LANES
from ..schema.values import is_missing
from .metric_lanes import decode_series, lane_metric, metric_lanes_state, metric_names
from .records import records

if TYPE_CHECKING:
    from ..model.journey import Journey

__all__ = [
    "MAP_DATA_TRAITS",
    "MAP_VIEW_TRAITS",
    "SETTABLE_TRAITS",
    "check_lanes",
    "column_specs",
    "json_ready",
    "map_state",
    "offline_state",
    "persona_choices",
]

# What a map needs to be drawn: data traits Python computes from the Journey.
MAP_DATA_TRAITS = ("_rows", "_stages", "_columns", "_metrics", "_personas", "title", "kind", "lanes", "emotion_scale")
# How the map was being shown, besides its data: kept by the offline renderer so a page shows it the same way.
MAP_VIEW_TRAITS = ("_rev", "language", "selected_stage", "selected_touchpoints", "markers", "persona")
# The only traits a view may set by message (set_trait); everything else is Python's to decide.
SETTABLE_TRAITS = ("lanes", "selected_stage", "persona")


def column_specs(touchpoints: pd.DataFrame) -> list[dict[str, Any]]:
    """The ``_columns`` trait: each touchpoint column's name and how a view edits it."""
    return [{"name": str(c), **column_kind(touchpoints[c])} for c in touchpoints.columns]


def persona_choices(journey: Journey) -> list[dict[str, Any]]:
    """The ``_personas`` trait: ``{persona, name}`` per persona of the table, then keys only found in touchpoints."""
    table = journey.personas
    choices = [
        {"persona": key, "name": None if is_missing(name) else name}
        for key, name in zip(table["persona"].tolist(), table["name"].tolist(), strict=True)
    ]
    known = {c["persona"] for c in choices}
    tp = journey.touchpoints
    if "persona" in tp.columns:
        for key in tp["persona"].dropna().unique().tolist():
            if key not in known:
                known.add(key)
                choices.append({"persona": key, "name": None})
    return choices


def check_lanes(lanes: Sequence[str], journey: Journey, shown: Sequence[str] = ()) -> list[str]:
    """``lanes`` without repeats, each a built-in lane, a touchpoint column or ``metric:<name>``.

    A lane already ``shown`` stays valid when its metric goes (it shows "no
    values"); a new metric lane must name one of the journey's metrics.
    Raises :class:`SchemaError` naming the lane.
    """
    lanes = list(dict.fromkeys(lanes))
    columns = set(map(str, journey.touchpoints.columns))
    known = metric_names(journey.metrics)
    for lane in lanes:
        metric = lane_metric(lane)
        if metric is not None and (metric in known or lane in shown):
            continue
        if lane not in LANES and lane not in columns:
            fix = f"Use a built-in lane ({', '.join(LANES)}), a touchpoint column or metric:<name>"
            if metric is not None:
                fix = f"Use one of the journey's metrics: {', '.join(f'metric:{n}' for n in known) or '(none yet)'}"
            raise SchemaError(
                f"unknown lane {lane!r}",
                table="metrics" if metric is not None else "touchpoints",
                column=lane,
                value=lane,
                fix=fix,
            )
    return lanes


def map_state(journey: Journey, lanes: Sequence[str] | None = None) -> dict[str, Any]:
    """The state of a read-only map of ``journey`` as first shown: what a new JourneyMap would send.

    JSON-ready (metric series as lists) and with ``editable`` false, for pages with no kernel.
    """
    shown = check_lanes(LANES if lanes is None else lanes, journey)
    tp = journey.touchpoints
    state: dict[str, Any] = {
        "_rows": records(tp),
        "_stages": records(journey.stages),
        "_columns": column_specs(tp),
        "_metrics": metric_lanes_state(journey.metrics, shown),
        "_personas": persona_choices(journey),
        "title": journey.title,
        "kind": journey.kind,
        "lanes": shown,
        "emotion_scale": list(journey.emotion_scale),
        "_rev": journey.revision,
        "language": "",
        "selected_stage": None,
        "selected_touchpoints": [],
        "markers": [],
        "persona": None,
    }
    return offline_state(state)


def json_ready(value: Any) -> Any:
    """``value`` with binary buffers turned into JSON lists.

    The only binary values a map's state holds are the metric lanes' series
    (:func:`~.metric_lanes.encode_series`); the renderer reads a plain list of
    numbers the same way, with null for a missing or non-finite value.
    """
    if isinstance(value, (bytes, bytearray, memoryview)):
        return [None if v is None or not math.isfinite(v) else float(v) for v in decode_series(value)]
    if isinstance(value, Mapping):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    return value


def offline_state(state: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a (saved) map state a page with no kernel needs, made read-only and JSON-ready."""
    kept = {k: json_ready(state[k]) for k in (*MAP_DATA_TRAITS, *MAP_VIEW_TRAITS) if k in state}
    kept["editable"] = False
    return kept
