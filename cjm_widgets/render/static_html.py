"""The static fallback of a map: semantic HTML that needs no widget runtime.

GitHub, nbviewer, plain ``nbconvert`` and screen readers show this when no
JavaScript runs: a ``<table>`` of lanes (rows) by touchpoints (columns, grouped
under their stage headers), and the emotion curve as an inline ``<svg>`` with a
``<title>``. Every user string goes through :func:`html.escape`; no script, no
event handler, no URL.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model.journey import Journey
from ..schema.tables import LANES
from ..sync.records import records

__all__ = ["KIND_LABELS", "LANE_LABELS", "MapData", "static_html"]

# The same words the map's front end shows (js/src/journey_map/lanes.ts, draw_grid.ts).
LANE_LABELS = {
    "touchpoint": "Touchpoint",
    "channel": "Channel",
    "action": "Action",
    "thought": "Thought",
    "emotion": "Emotion",
    "pain_point": "Pain point",
    "opportunity": "Opportunity",
}
KIND_LABELS = {"current": "Current state", "future": "Future state", "day-in-the-life": "Day in the life"}

# Scoped to .cjm-static so it never restyles the page around it; plain colours with
# currentColor so it reads on light and dark pages (no --jp-* variables outside Jupyter).
_STYLE = (
    "<style>"
    ".cjm-static{margin:0;overflow-x:auto;font:13px/1.35 system-ui,sans-serif}"
    ".cjm-static table{border-collapse:collapse}"
    ".cjm-static caption{text-align:left;font-weight:600;padding:4px 0}"
    ".cjm-static th,.cjm-static td{border:1px solid rgba(128,128,128,.45);padding:4px 6px;"
    "vertical-align:top;text-align:left;min-width:8em;white-space:pre-wrap}"
    ".cjm-static thead th{background:rgba(128,128,128,.12)}"
    ".cjm-static svg{display:block;max-width:100%;height:auto;margin-top:6px}"
    "@media print{.cjm-static{overflow:visible}.cjm-static tr{break-inside:avoid}}"
    "</style>"
)


def _text(value: Any) -> str:
    """A cell as display text ('' for missing); numbers without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _esc(value: Any) -> str:
    return html.escape(_text(value), quote=True)


def _lane_text(data: MapData, row: dict[str, Any], lane: str) -> str:
    if lane == "touchpoint":
        channel = _text(row.get("channel"))
        name = _esc(row.get("touchpoint"))
        marks = data.markers_of("touchpoint_id", row.get("id"))
        return (f"{name}<br><small>{html.escape(channel)}</small>" if channel else name) + marks
    return _esc(row.get(lane))


@dataclass(frozen=True)
class MapData:
    """What the static map shows, as JSON records: from a Journey or from a saved widget state."""

    title: str
    kind: str
    stages: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    emotion_scale: tuple[float, float]
    markers: list[dict[str, Any]] = field(default_factory=list)
    """Markers shown on the map (``JourneyMap.markers``): by ``touchpoint_id`` or ``stage``."""

    @classmethod
    def of_journey(cls, journey: Journey, markers: Sequence[Mapping[str, Any]] | None = None) -> MapData:
        stages, rows = records(journey.stages), records(journey.touchpoints)
        return cls(journey.title, journey.kind, stages, rows, journey.emotion_scale, [dict(m) for m in markers or []])

    def markers_of(self, key: str, value: Any) -> str:
        """The labels of the markers on one touchpoint (key ``touchpoint_id``) or stage, as HTML."""
        return "".join(
            f'<br><small data-kind="{_esc(m.get("kind"))}">⚑ {_esc(m.get("label"))}</small>'
            for m in self.markers
            if m.get(key) is not None and m.get(key) == value
        )

    @classmethod
    def of_state(cls, state: Mapping[str, Any]) -> MapData:
        """From a JourneyMap's view state (``_stages``, ``_rows``, ``title``, ``kind``, ``emotion_scale``)."""
        scale = state.get("emotion_scale") or [-2, 2]
        return cls(
            str(state.get("title", "")),
            str(state.get("kind", "current")),
            [s for s in state.get("_stages") or [] if isinstance(s, dict)],
            [r for r in state.get("_rows") or [] if isinstance(r, dict)],
            (float(scale[0]), float(scale[1])),
            [m for m in state.get("markers") or [] if isinstance(m, dict)],
        )


def _table(data: MapData, lanes: Sequence[str]) -> str:
    kind = KIND_LABELS.get(data.kind, data.kind)
    caption = f"{_esc(data.title or 'Customer journey map')} <small>({html.escape(kind)})</small>"
    by_stage: dict[str, list[dict[str, Any]]] = {str(s.get("stage")): [] for s in data.stages}
    for row in data.rows:
        by_stage.setdefault(str(row.get("stage")), []).append(row)
    stages = [
        *data.stages,
        *({"stage": name} for name in by_stage if name not in {str(s.get("stage")) for s in data.stages}),
    ]
    heads = []
    for stage in stages:
        span = max(len(by_stage.get(str(stage.get("stage")), [])), 1)
        extra = "".join(
            f"<br><small>{label}{_esc(stage.get(key))}</small>"
            for key, label in (("description", ""), ("goal", "Goal: "))
            if _text(stage.get(key))
        )
        name = _esc(stage.get("stage"))
        marks = data.markers_of("stage", stage.get("stage"))
        heads.append(f'<th scope="colgroup" colspan="{span}">{name}{extra}{marks}</th>')
    body = []
    for lane in lanes:
        cells = []
        for stage in stages:
            members = by_stage.get(str(stage.get("stage")), [])
            cells.append(
                "<td></td>" if not members else "".join(f"<td>{_lane_text(data, row, lane)}</td>" for row in members)
            )
        label = html.escape(LANE_LABELS.get(lane, lane))
        body.append(f'<tr data-lane="{html.escape(lane)}"><th scope="row">{label}</th>{"".join(cells)}</tr>')
    return (
        f"<table><caption>{caption}</caption>"
        f'<thead><tr><th scope="col">Stage</th>{"".join(heads)}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _curve(data: MapData) -> str:
    """The emotion curve: one point per touchpoint in map order, gaps where emotion is missing."""
    low, high = data.emotion_scale
    rows = data.rows
    scored = [(i, row) for i, row in enumerate(rows) if isinstance(row.get("emotion"), (int, float))]
    if not scored or not math.isfinite(high - low) or high <= low:
        return ""
    step, top, height = 60, 16, 120
    width = step * max(len(rows), 1)

    def y(score: float) -> float:
        return round(top + (high - min(max(score, low), high)) / (high - low) * height, 1)

    points = " ".join(f"{i * step + step // 2},{y(row['emotion'])}" for i, row in scored)
    # No <title> per dot: with role="img" assistive technology reads the <title> and <desc> only.
    dots = "".join(f'<circle cx="{i * step + step // 2}" cy="{y(row["emotion"])}" r="4"/>' for i, row in scored)
    zero = f'<line x1="0" x2="{width}" y1="{y(0)}" y2="{y(0)}" stroke="currentColor" stroke-opacity=".3"/>'
    title = f"Emotion curve of {_esc(data.title or 'the journey')}, from {_text(low)} to {_text(high)}"
    desc = "; ".join(f"{_esc(row.get('touchpoint'))}: {_esc(row.get('emotion'))}" for _, row in scored)
    return (
        f'<svg role="img" viewBox="0 0 {width} {height + 2 * top}" '
        f'width="{width}" height="{height + 2 * top}" class="cjm-static-curve">'
        f"<title>{title}</title><desc>{desc}</desc>{zero}"
        f'<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="2"/>'
        f'<g fill="currentColor">{dots}</g></svg>'
    )


def static_html(
    journey: Journey | MapData,
    lanes: Sequence[str] | None = None,
    *,
    markers: Sequence[Mapping[str, Any]] | None = None,
    style: bool = True,
) -> str:
    """Semantic, script-free HTML of ``journey``: a table of stages and lanes plus the emotion curve.

    ``journey`` is a Journey or a ``MapData`` (e.g. from a saved widget
    state); ``lanes`` picks and orders the rows (default: the built-in lanes);
    ``markers`` (dicts as in ``JourneyMap.show_markers``) label their touchpoints
    and stages; ``style`` False leaves out the small scoped ``<style>`` element.
    """
    data = journey if isinstance(journey, MapData) else MapData.of_journey(journey, markers)
    shown = list(lanes if lanes is not None else LANES)
    curve = _curve(data) if "emotion" in shown else ""
    return (
        f'<figure class="cjm-static" data-cjm-static="journey-map">{_STYLE if style else ""}'
        f"{_table(data, shown)}{curve}</figure>"
    )
