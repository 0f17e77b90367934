"""JourneyBoard: the map with its emotion curve, metrics panel and priority matrix, all on one journey."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..insights.source import journey_of
from ..render.mimebundle import StaticRepr
from ..widgets.journey_map import JourneyMap
from ..widgets.page_state import PageGuard
from .emotion_curve import EmotionCurve
from .host_note import HostNote
from .metrics_panel import MetricsPanel
from .priority_matrix import PriorityMatrix

__all__ = ["JourneyBoard"]


class JourneyBoard(StaticRepr, PageGuard, widgets.VBox):  # the page sets none of its traits
    """One layout of a journey: the map on top, then the emotion curve and priority matrix side by side,
    then the metrics panel. One :class:`~cjm_widgets.JourneyMap` (``board.map``) drives them all: an edit
    anywhere shows everywhere, and a stage selected on the map or in the metrics is selected in both.

    Parameters
    ----------
    journey:
        A :class:`~cjm_widgets.Journey` (or a JourneyMap, whose journey is used: the board makes its own map).
    map_options:
        Keyword arguments for the map (e.g. ``{"editable": False}``).
    """

    def __init__(self, journey: Any, *, map_options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        self.journey = journey_of(journey)
        """Journey: the journey every part shows."""
        self.map = JourneyMap(self.journey, **(map_options or {}))
        """JourneyMap: the board's map."""
        self.curve = EmotionCurve(self.map)
        """EmotionCurve: the emotion curve, linked to the map."""
        self.matrix = PriorityMatrix(self.map)
        """PriorityMatrix: pain points and opportunities by impact and effort."""
        self.metrics = MetricsPanel(self.map)
        """MetricsPanel: the metrics per stage, sharing the map's stage selection."""
        middle = widgets.GridBox(
            [self.curve, self.matrix],
            layout=widgets.Layout(grid_template_columns="minmax(0, 3fr) minmax(0, 2fr)", grid_gap="12px", width="100%"),
        )
        super().__init__([self.map, middle, self.metrics], **kwargs)
        self.add_class("cjm-journey-board")

    def _display_(self) -> Any:
        """What marimo shows (its display protocol): the live map, then a note on the bqplot charts."""
        import marimo as mo  # only marimo calls _display_, so marimo is there and loaded

        return mo.vstack([mo.ui.anywidget(self.map), HostNote(self.curve.t("marimo_board"))])

    def action_plan(self) -> Any:
        """The opportunities ranked by priority (see :func:`cjm_widgets.action_plan`)."""
        return self.matrix.action_plan()

    def close(self) -> None:
        for part in (self.curve, self.matrix, self.metrics, self.map):
            part.close()
        super().close()
