"""Pieces of an offline page (to_html files, cjm-report pages) that draw maps with no kernel.

The page embeds the notebook's own map renderer once (``offline.js`` and its
CSS, built from js/src/offline/) and, per map, its widget state as JSON in a
``<script type="application/json">`` block plus the static fallback, shown
until the renderer has drawn the map: with JavaScript off, a renderer that
failed to load, or a state it cannot read, the fallback is what the reader
sees. A Content-Security-Policy forbids loading anything from outside the file.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from .bundle import asset

__all__ = ["CSP", "map_block", "renderer_assets", "script_json"]

# Nothing outside the file: inline scripts and styles, images only from data:/blob: URLs.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src data: blob:"
)


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script``, ``<!--`` or ``]]>`` can appear.

    Escaping every ``<``, ``>`` and ``&`` as ``\\u003c``... keeps the text valid JSON
    that parses back to the same strings.
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def map_block(state: Mapping[str, Any], fallback: str) -> str:
    """One map: its state for the renderer and the static fallback, which shows until the renderer replaces it."""
    label = html.escape(str(state.get("title") or "Customer journey map"), quote=True)
    return (
        f'<div class="cjm-offline-map" role="figure" aria-label="{label}">'
        f'<script type="application/json" class="cjm-map-state">{script_json(dict(state))}</script>'
        f'<div class="cjm-offline-fallback">{fallback}</div></div>'
    )


def renderer_assets() -> tuple[str, str]:
    """The offline renderer's JavaScript (safe to inline in a module script) and CSS."""
    js = asset("offline.js").read_text(encoding="utf-8")
    # The renderer draws with the map's own front end and so its stylesheet (the build ships one copy).
    css = asset("journey_map.css").read_text(encoding="utf-8")
    # Inlined text must not end its element early; these escapes keep JS and CSS meaning.
    js = js.replace("</script", "<\\/script").replace("<!--", "<\\!--")
    css = css.replace("</style", "<\\/style")
    return js, css


def renderer_tags() -> str:
    """``<style>`` and ``<script type="module">`` of the renderer, to put once in a page."""
    js, css = renderer_assets()
    return f'<style data-cjm="renderer">{css}</style>\n<script type="module" data-cjm="renderer">{js}</script>'
