"""What every chart shares: a journey to follow, a message line, PNG/SVG download buttons."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any

import bqplot
import ipywidgets as widgets

from ..analysis.source import journey_of
from ..edits import Update
from ..journey import Journey

__all__ = ["ChartBox", "download_buttons"]


def _file_stem(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower() or "chart"


def download_buttons(figure: bqplot.Figure, title: str) -> widgets.HBox:
    """Buttons that save ``figure`` as PNG or SVG in the browser (real <button>s: Tab and Enter reach them)."""
    stem = _file_stem(title)
    buttons = []
    for fmt in ("PNG", "SVG"):
        button = widgets.Button(
            description=fmt,
            icon="download",
            tooltip=f"Download {title} as {fmt}",
            layout=widgets.Layout(width="auto"),
        )
        button.add_class("cjm-download")
        button.add_class(f"cjm-download-{fmt.lower()}")
        # bqplot renders the figure in the browser and downloads it there (save_png / save_svg).
        method, name = f"save_{fmt.lower()}", f"{stem}.{fmt.lower()}"
        button.on_click(lambda _button, method=method, name=name: getattr(figure, method)(name))
        buttons.append(button)
    return widgets.HBox(buttons, layout=widgets.Layout(justify_content="flex-end"))


class ChartBox(widgets.VBox):
    """A box of bqplot figures bound to one journey (through a JourneyMap when given one).

    Subclasses build their figures, then call :meth:`_follow`; :meth:`redraw` is
    called after every change of the journey.
    """

    def __init__(self, source: Any, **kwargs: Any) -> None:
        self._journey: Journey = journey_of(source)
        # The map this chart is linked to (selection, markers); None for a bare Journey.
        self.map: Any = None if isinstance(source, Journey) else source
        self.message = widgets.Label("", layout=widgets.Layout(min_height="1.5em"))
        self.message.add_class("cjm-chart-message")
        super().__init__(**kwargs)
        self.add_class("cjm-chart")

    @property
    def journey(self) -> Journey:
        """The Journey this chart shows, always current."""
        return self._journey

    def _follow(self) -> None:
        self._journey.observe(self._journey_changed)

    def _journey_changed(self, update: Update) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Bring the figures up to date with the journey."""
        raise NotImplementedError

    def _framed(self, figure: bqplot.Figure, title: str) -> widgets.VBox:
        return widgets.VBox([download_buttons(figure, title), figure])

    def _say(self, text: str) -> None:
        self.message.value = text

    def close(self) -> None:
        journey = getattr(self, "_journey", None)  # None when __init__ failed early
        with contextlib.suppress(ValueError):  # closed twice
            if journey is not None:
                journey.observe(self._journey_changed, remove=True)
        super().close()

    @staticmethod
    def figures_of(children: Sequence[Any]) -> list[bqplot.Figure]:
        """Every bqplot Figure under ``children`` (boxes searched too)."""
        found: list[bqplot.Figure] = []
        for child in children:
            if isinstance(child, bqplot.Figure):
                found.append(child)
            elif isinstance(child, widgets.Box):
                found.extend(ChartBox.figures_of(child.children))
        return found
