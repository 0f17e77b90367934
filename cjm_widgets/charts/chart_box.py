"""What every chart shares: a journey to follow, a message line, PNG/SVG download buttons."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from typing import Any

import bqplot
import ipywidgets as widgets

from ..errors import EditError, SchemaError
from ..insights.source import journey_of
from ..model.journey import Journey
from ..render.mimebundle import StaticRepr
from ..sync.observed import Update
from ..widgets.page_state import PageGuard, refuse_read_only
from .host_note import HostNote, marimo_note
from .labels import language_of, translator

__all__ = ["ChartBox", "chart_frame", "download_buttons", "left_title"]


def _file_stem(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower() or "chart"


def download_buttons(
    figure: bqplot.Figure, title: str, stem: str | None = None, t: Callable[..., str] | None = None
) -> widgets.HBox:
    """Buttons that save ``figure`` as PNG or SVG in the browser (real <button>s: Tab and Enter reach them).

    The files are named ``<stem>.png`` / ``.svg`` (default: from the title).
    """
    t = t or translator("en")
    stem = _file_stem(stem or title)
    buttons = []
    for fmt in ("PNG", "SVG"):
        button = widgets.Button(
            description=fmt,
            icon="download",
            tooltip=t("download", title=title, fmt=fmt),
            # Small, so they fit on the title's band beside the title.
            layout=widgets.Layout(width="auto", height="24px", padding="0 6px", margin="0 0 0 4px"),
            style={"font_size": "12px"},
        )
        button.add_class("cjm-download")
        button.add_class(f"cjm-download-{fmt.lower()}")
        # bqplot renders the figure in the browser and downloads it there (save_png / save_svg).
        method, name = f"save_{fmt.lower()}", f"{stem}.{fmt.lower()}"
        button.on_click(lambda _button, method=method, name=name: getattr(figure, method)(name))
        buttons.append(button)
    box = widgets.HBox(buttons, layout=widgets.Layout(justify_content="flex-end"))
    box.add_class("cjm-chart-downloads")
    return box


def left_title(width: int, margin: dict[str, int]) -> dict[str, str]:
    """A ``title_style`` that starts the title at the plot's left edge in a figure ``width`` px wide.

    bqplot centres the title over the plot; in a narrow figure a centred title runs under the
    download buttons at the top right, so it starts on the left, as a card's heading does.
    """
    plot = width - margin["left"] - margin["right"]
    return {"text-anchor": "start", "transform": f"translateX({-plot / 2:g}px)"}


def chart_frame(figure: bqplot.Figure, buttons: widgets.Box, controls: widgets.Widget | None = None) -> widgets.VBox:
    """The figure with its download ``buttons`` in its title row, and its keyboard ``controls`` under it.

    The buttons share the figure's grid cell, at its top right, so they sit on the title's band
    (the figure keeps its title, so the PNG/SVG files are titled too); the controls are the last
    row of the same frame, so they read as part of this chart.
    """
    figure.layout.grid_area = "chart"
    buttons.layout.grid_area = "chart"
    # Across the top, right-aligned (ipywidgets' Layout has no justify-self).
    buttons.layout.align_self = "flex-start"
    buttons.layout.width = "100%"
    buttons.layout.margin = "16px 0 0 0"  # level with the title in bqplot's top margin
    buttons.layout.padding = "0 4px 0 0"
    # Later children paint on top: the buttons come after the figure.
    stack = widgets.GridBox([figure, buttons], layout=widgets.Layout(grid_template_areas='"chart"', width="100%"))
    rows: list[widgets.Widget] = [stack] if controls is None else [stack, controls]
    frame = widgets.VBox(rows, layout=widgets.Layout(width=figure.layout.width or "100%"))
    frame.add_class("cjm-chart-frame")
    return frame


class ChartBox(StaticRepr, PageGuard, widgets.VBox):  # the page sets none of its traits
    """A box of bqplot figures bound to one journey (through a JourneyMap when given one).

    Subclasses build their figures, then call :meth:`_follow`; :meth:`redraw` is
    called after every change of the journey. Outputs also carry the journey's
    static map and data (:class:`~cjm_widgets.render.StaticRepr`) for readers
    without a widget runtime.
    """

    def __init__(self, source: Any, language: str | None = None, **kwargs: Any) -> None:
        self._journey: Journey = journey_of(source)
        # UI words (en, zh, lv): ``language=``, else the map's language, else English.
        self.t = translator(language_of(source, language))
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

    # The label key of what a marimo user should use instead (see host_note.py).
    _marimo_hint = "marimo_hint_map"

    def _display_(self) -> HostNote:
        """What marimo shows (its display protocol): a note pointing at the map's own lanes."""
        return marimo_note(self, self.t)

    def _follow(self) -> None:
        self._journey.observe(self._journey_changed)

    # Touchpoint columns a chart draws: a change that only sets other cells leaves it as it is.
    # None: every change redraws.
    _drawn_columns: frozenset[str] | None = None
    # Whether the chart draws the metrics table (else a metrics-only change leaves it as it is).
    _draws_metrics = False

    def _journey_changed(self, update: Update) -> None:
        if set(update.tables) <= {"journey", "actions"}:  # title, kind, notes, actions: nothing drawn here
            return
        if update.tables == ("metrics",) and not update.changes[1:] and not self._draws_metrics:
            return
        if self._drawn_columns is not None and update.ops is not None and "metrics" not in update.tables:
            sets = [c for c in update.changes if c["kind"] == "set"]
            if len(sets) == len(update.changes) and all(c["column"] not in self._drawn_columns for c in sets):
                return
        self.redraw()

    def redraw(self) -> None:
        """Bring the figures up to date with the journey."""
        raise NotImplementedError

    def _framed(
        self, figure: bqplot.Figure, title: str, stem: str, controls: widgets.Widget | None = None
    ) -> widgets.VBox:
        return chart_frame(figure, download_buttons(figure, title, stem, self.t), controls)

    def _apply(self, op: dict[str, Any]) -> None:
        """Apply a user's edit through the journey (validated, patched to every view, told to on_edit).

        A refused edit is explained under the chart and the marks go back to what the journey holds.
        """
        if self._refuses_edits():
            return
        try:
            self._journey.apply(op, origin="view")
            self._say("")
        except (EditError, SchemaError) as exc:
            self._say(self.t("not_changed", reason=exc))
            self.redraw()

    def page_may_edit(self) -> bool:
        """Whether a drag on the page may edit the journey now (not when the map is read-only: then it says why)."""
        return not self._refuses_edits()

    def _refuses_edits(self) -> bool:
        """True (with a message, the marks put back) when the chart's map is read-only: so is the chart."""
        try:
            if self.map is not None:
                refuse_read_only(self.map)
        except EditError as exc:
            self._say(self.t("not_changed", reason=exc))
            self.redraw()
            return True
        return False

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
