"""What a chart shows in marimo: bqplot charts are Jupyter widgets, which marimo cannot draw.

marimo asks an object for ``_display_()`` before anything else (and only marimo does),
so a chart there answers with a note pointing at what works, the map's own lanes,
above the journey's static map. Jupyter front ends never call it.
"""

from __future__ import annotations

import html
from typing import Any

from ..model.journey import Journey
from ..render.static_html import static_html

__all__ = ["HostNote", "marimo_note"]


class HostNote:
    """A note and a static map, as HTML; ``text`` is escaped (user text is data, never markup)."""

    def __init__(self, text: str, journey: Journey | None = None) -> None:
        self.text = text
        self.journey = journey

    def html(self) -> str:
        """The note as one HTML block (the static map after it, when there is a journey)."""
        static = static_html(self.journey) if self.journey is not None else ""
        return f'<div class="cjm-host-note" role="note"><p><strong>{html.escape(self.text)}</strong></p>{static}</div>'

    def _mime_(self) -> tuple[str, str]:  # marimo's display protocol
        return "text/html", self.html()

    def _repr_html_(self) -> str:
        return self.html()


def marimo_note(chart: Any, t: Any) -> HostNote:
    """The note a chart shows in marimo: its name, why it cannot be drawn, and the map lane that can."""
    hint = t(getattr(chart, "_marimo_hint", "marimo_hint_map"))
    return HostNote(t("marimo_chart", chart=type(chart).__name__, hint=hint), chart.journey)
