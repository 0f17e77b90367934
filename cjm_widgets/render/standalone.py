"""``to_html``: one self-contained HTML file showing a map offline, with no kernel.

The map is drawn by the same renderer as in the notebook, read-only; lane
toggles and hover details work. Without JavaScript the static fallback shows.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..io.atomic import write_atomic
from ..model import writers
from ..model.journey import Journey
from ..sync.view_state import map_state
from .offline import CSP, map_block, renderer_tags
from .static_html import static_html

__all__ = ["PAGE_STYLE", "html_page", "journey_html", "write_html"]

# The page around the map; printed landscape (a map is wider than tall).
PAGE_STYLE = (
    "<style>body{margin:1rem;font-family:system-ui,sans-serif}"
    "@media print{@page{size:landscape;margin:10mm}body{margin:0}}</style>"
)


def html_page(title: str, body: str, head: str = "") -> str:
    """A complete HTML document that loads nothing from outside itself (enforced by its CSP)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n{PAGE_STYLE}\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def journey_html(journey: Journey, lanes: Sequence[str] | None = None, state: Mapping[str, Any] | None = None) -> str:
    """The HTML text of a page showing ``journey`` (``state``: a saved widget state to draw instead)."""
    shown = state if state is not None else map_state(journey, lanes)
    lanes_shown = shown.get("lanes", lanes)
    block = map_block(shown, static_html(journey, lanes_shown, markers=shown.get("markers")))
    return html_page(journey.title or "Customer journey map", f'<main class="cjm-page">{block}</main>', renderer_tags())


def write_html(text: str, path: str | os.PathLike[str]) -> Path:
    """Write a page as UTF-8, atomically (a failed write leaves the old page), and return its path."""
    target = Path(path)
    write_atomic(target, text.encode("utf-8"))
    return target


@writers.register("html")
def write_journey_html(journey: Journey, path: str | os.PathLike[str], lanes: Sequence[str] | None = None) -> Path:
    """Write ``journey``'s map (with ``lanes``) to one self-contained offline page (``Journey.to_html``)."""
    return write_html(journey_html(journey, lanes), path)
