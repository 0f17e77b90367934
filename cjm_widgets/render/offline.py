"""Pieces of an offline page (to_html files, cjm-report pages) that draw maps with no kernel.

The page embeds the notebook's own map renderer once (``offline.js`` and its
CSS, built from js/src/offline/) and, per map, its widget state as JSON in a
``<script type="application/json">`` block plus the static fallback in
``<noscript>``. A Content-Security-Policy forbids loading anything from
outside the file.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..widgets.bundle import asset
from .notebook import MAP_STATE_KEYS

if TYPE_CHECKING:
    from ..journey import Journey

__all__ = ["CSP", "map_block", "map_state", "renderer_assets", "script_json", "state_from_widget"]

# Nothing outside the file: inline scripts and styles, images only from data:/blob: URLs.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src data: blob:"
)

# How the map was being shown (besides its data): kept so the page shows it the same way.
VIEW_KEYS = ("_rev", "language", "selected_stage", "selected_touchpoints", "markers", "persona")


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script``, ``<!--`` or ``]]>`` can appear.

    Escaping every ``<``, ``>`` and ``&`` as ``\\u003c``... keeps the text valid JSON
    that parses back to the same strings.
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def map_state(journey: Journey, lanes: Sequence[str] | None = None) -> dict[str, Any]:
    """The view state of a read-only map of ``journey`` (what a JourneyMap would send)."""
    from ..widgets.journey_map import JourneyMap

    widget = JourneyMap(journey, lanes=lanes, editable=False)
    try:
        return state_from_widget(widget.get_state())
    finally:
        widget.close()


def _json_ready(value: Any) -> Any:
    """``value`` with binary buffers turned into JSON lists.

    The only binary values a map's state holds are the metric lanes' series
    (little-endian float64, see widgets/metric_lanes.py); the renderer reads a
    plain list of numbers the same way, with null for a missing (NaN) value.
    """
    if isinstance(value, (bytes, bytearray, memoryview)):
        numbers = np.frombuffer(bytes(value), dtype="<f8")
        return [None if not np.isfinite(x) else float(x) for x in numbers]
    if isinstance(value, Mapping):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    return value


def state_from_widget(state: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a saved JourneyMap state the offline renderer needs, made read-only and JSON-ready."""
    kept = {k: _json_ready(state[k]) for k in (*MAP_STATE_KEYS, *VIEW_KEYS) if k in state}
    kept["editable"] = False
    return kept


def map_block(state: Mapping[str, Any], fallback: str) -> str:
    """One map: its state for the renderer and the static fallback for pages without JavaScript."""
    label = html.escape(str(state.get("title") or "Customer journey map"), quote=True)
    return (
        f'<div class="cjm-offline-map" role="figure" aria-label="{label}">'
        f'<script type="application/json" class="cjm-map-state">{script_json(dict(state))}</script>'
        f"<noscript>{fallback}</noscript></div>"
    )


def renderer_assets() -> tuple[str, str]:
    """The offline renderer's JavaScript (safe to inline in a module script) and CSS."""
    js = asset("offline.js").read_text(encoding="utf-8")
    css = asset("offline.css").read_text(encoding="utf-8")
    # Inlined text must not end its element early; these escapes keep JS and CSS meaning.
    js = js.replace("</script", "<\\/script").replace("<!--", "<\\!--")
    css = css.replace("</style", "<\\/style")
    return js, css


def renderer_tags() -> str:
    """``<style>`` and ``<script type="module">`` of the renderer, to put once in a page."""
    js, css = renderer_assets()
    return f'<style data-cjm="renderer">{css}</style>\n<script type="module" data-cjm="renderer">{js}</script>'
