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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..records import records
from ..schema import LANES

if TYPE_CHECKING:
    from ..journey import Journey

__all__ = ["KIND_LABELS", "LANE_LABELS", "static_html"]

# The same words the map's front end shows (js/src/journey_map/lanes.ts, view.ts).
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


def _lane_text(row: dict[str, Any], lane: str) -> str:
    if lane == "touchpoint":
        channel = _text(row.get("channel"))
        name = _esc(row.get("touchpoint"))
        return f"{name}<br><small>{html.escape(channel)}</small>" if channel else name
    return _esc(row.get(lane))


def _table(journey: Journey, rows: list[dict[str, Any]], lanes: Sequence[str]) -> str:
    kind = KIND_LABELS.get(journey.kind, journey.kind)
    caption = f"{_esc(journey.title or 'Customer journey map')} <small>({html.escape(kind)})</small>"
    stages = records(journey.stages)
    counts = {s["stage"]: 0 for s in stages}
    for row in rows:
        counts[row["stage"]] = counts.get(row["stage"], 0) + 1
    heads = []
    for stage in stages:
        span = max(counts.get(stage["stage"], 0), 1)
        extra = "".join(
            f"<br><small>{label}{_esc(stage.get(key))}</small>"
            for key, label in (("description", ""), ("goal", "Goal: "))
            if _text(stage.get(key))
        )
        name = _esc(stage["stage"])
        heads.append(f'<th scope="colgroup" colspan="{span}" data-stage="{name}">{name}{extra}</th>')
    body = []
    by_stage: dict[str, list[dict[str, Any]]] = {s["stage"]: [] for s in stages}
    for row in rows:
        by_stage.setdefault(row["stage"], []).append(row)
    for lane in lanes:
        cells = []
        for stage in stages:
            members = by_stage.get(stage["stage"], [])
            if not members:
                cells.append("<td></td>")
            for row in members:
                cells.append(f'<td data-id="{_esc(row.get("id"))}">{_lane_text(row, lane)}</td>')
        label = html.escape(LANE_LABELS.get(lane, lane))
        body.append(f'<tr data-lane="{html.escape(lane)}"><th scope="row">{label}</th>{"".join(cells)}</tr>')
    return (
        f"<table><caption>{caption}</caption>"
        f'<thead><tr><th scope="col">Stage</th>{"".join(heads)}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _curve(journey: Journey, rows: list[dict[str, Any]]) -> str:
    """The emotion curve: one point per touchpoint in map order, gaps where emotion is missing."""
    low, high = journey.emotion_scale
    scored = [(i, row) for i, row in enumerate(rows) if isinstance(row.get("emotion"), (int, float))]
    if not scored or not math.isfinite(high - low) or high <= low:
        return ""
    step, top, height = 60, 16, 120
    width = step * max(len(rows), 1)

    def y(score: float) -> float:
        return round(top + (high - min(max(score, low), high)) / (high - low) * height, 1)

    points = " ".join(f"{i * step + step // 2},{y(row['emotion'])}" for i, row in scored)
    dots = "".join(
        f'<circle cx="{i * step + step // 2}" cy="{y(row["emotion"])}" r="4" fill="currentColor">'
        f"<title>{_esc(row.get('touchpoint'))}: {_esc(row.get('emotion'))}</title></circle>"
        for i, row in scored
    )
    zero = f'<line x1="0" x2="{width}" y1="{y(0)}" y2="{y(0)}" stroke="currentColor" stroke-opacity=".3"/>'
    title = f"Emotion curve of {_esc(journey.title or 'the journey')}, from {_text(low)} to {_text(high)}"
    desc = "; ".join(f"{_esc(row.get('touchpoint'))}: {_esc(row.get('emotion'))}" for _, row in scored)
    return (
        f'<svg role="img" viewBox="0 0 {width} {height + 2 * top}" '
        f'width="{width}" height="{height + 2 * top}" class="cjm-static-curve">'
        f"<title>{title}</title><desc>{desc}</desc>{zero}"
        f'<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="2"/>{dots}</svg>'
    )


def static_html(journey: Journey, lanes: Sequence[str] | None = None, *, style: bool = True) -> str:
    """Semantic, script-free HTML of ``journey``: a table of stages and lanes plus the emotion curve.

    ``lanes`` picks and orders the rows (default: the built-in lanes). ``style``
    False leaves out the small scoped ``<style>`` element.
    """
    shown = list(lanes if lanes is not None else LANES)
    rows = records(journey.touchpoints)
    curve = _curve(journey, rows) if "emotion" in shown else ""
    return (
        f'<figure class="cjm-static" data-cjm-static="journey-map">{_STYLE if style else ""}'
        f"{_table(journey, rows, shown)}{curve}</figure>"
    )
