"""PriorityMatrix: pain points and opportunities on an impact x effort (or feasibility) scatter."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from ..insights.action_plan import action_plan
from ..insights.source import has_text
from . import marks
from .chart_box import ChartBox
from .keyboard import Field, ValueControls
from .label_placement import anchored_labels, css_pixels, place_names, show_placed

__all__ = ["PriorityMatrix"]

_PAIN, _OPPORTUNITY, _BOTH = "#D55E00", "#009E73", "#0072B2"
_MIN_WIDTH = 640  # px: the narrowest the matrix is drawn, for which its names are placed


class PriorityMatrix(ChartBox):
    """Pain points and opportunities placed by impact (x) and effort or feasibility (y); drag to rate them.

    Every touchpoint with a non-blank ``pain_point`` or ``opportunity`` is a
    labelled point (orange: pain point only, green: opportunity only, blue:
    both). Its place is the touchpoint's numeric ``impact`` and ``effort`` (or
    ``feasibility``) columns. An unrated touchpoint waits, faded, in the row
    below the matrix (spread out left to right, so each can be grabbed).
    Dropping a point writes both columns through the journey (created, empty,
    the first time), rounded to ``step`` and kept within ``scale``, with the
    map's validation and edit events.

    Parameters
    ----------
    source:
        A :class:`~cjm_widgets.JourneyMap` or a :class:`~cjm_widgets.Journey`.
    y:
        ``"effort"`` (default: low effort and high impact, bottom right, are quick
        wins) or ``"feasibility"``.
    scale:
        (low, high) of both ratings, default (1, 5).
    step:
        Dropped ratings round to multiples of this (default 0.5); None keeps them as dropped.
    """

    _marimo_hint = "marimo_hint_priority"
    _drawn_columns = frozenset(
        {"stage", "touchpoint", "persona", "pain_point", "opportunity", "impact", "effort", "feasibility"}
    )

    def __init__(
        self,
        source: Any,
        *,
        y: Literal["effort", "feasibility"] = "effort",
        scale: tuple[float, float] = (1.0, 5.0),
        step: float | None = 0.5,
        title: str | None = None,
        height: str = "420px",
        language: str | None = None,
    ) -> None:
        if y not in ("effort", "feasibility"):
            raise ValueError(f"y must be 'effort' or 'feasibility', got {y!r}")
        super().__init__(source, language)
        t = self.t
        self.y_column = y
        self.scale = (float(scale[0]), float(scale[1]))
        self.step = step
        low, high = self.scale
        pad = (high - low) * 0.06
        self._waiting_y = low - (high - low) * 0.1  # the row of unrated touchpoints, below the matrix
        self.x_scale = marks.LinearScale(min=low - pad, max=high + pad)
        self.y_scale = marks.LinearScale(min=self._waiting_y - pad, max=high + pad)
        scales = {"x": self.x_scale, "y": self.y_scale}
        middle = (low + high) / 2
        self.quadrants = marks.Lines(
            scales=scales,
            x=np.array([[middle, middle], [low, high]]),
            y=np.array([[low, high], [middle, middle]]),
            colors=["var(--jp-border-color1, #bdbdbd)"],
            line_style="dashed",
        )
        self.points = marks.Scatter(
            scales=scales,
            enable_move=True,
            # Names are placed apart by `_place_names` (bqplot's own all sit to the right and collide).
            display_names=False,
            default_size=110,
            stroke="white",
            tooltip=marks.Tooltip(fields=["name", "x", "y"], labels=[t("touchpoint"), t("impact"), t(y)]),
            names_unique=False,
        )
        self.points.let_page(drag=("x", "y"), pick=("hovered_point",), editable=self.page_may_edit)
        self.points.observe(self._dropped, ["x", "y"])
        self.waiting_label = marks.Label(
            scales=scales,
            x=[low],
            y=[self._waiting_y],
            text=[t("not_rated")],
            colors=["var(--jp-ui-font-color2, #757575)"],
            default_size=11,
            align="start",
            y_offset=-14,
        )
        self._plot_size = (_MIN_WIDTH - 55 - 25, css_pixels(height, 420) - 45 - 50)
        self.name_labels = anchored_labels(scales)
        """dict[str, bqplot.Label]: the points' names by where they sit (right, left, above, below the point)."""
        self.quadrant_names = _quadrant_names(scales, self.scale, pad, y, t)
        """list[bqplot.Label]: the quadrants' names (quick wins, major projects, fill-ins, thankless tasks)."""
        self._ids: list[str] = []
        self._drawing = False
        title = title or t("priority", y=t(y).lower())
        self.figure = marks.Figure(
            title=title,
            marks=[self.quadrants, *self.quadrant_names, self.waiting_label, *self.name_labels.values(), self.points],
            axes=[
                # The axis name one line below the tick labels (bqplot's default lets the two touch).
                marks.Axis(scale=self.x_scale, label=t("impact"), grid_lines="none", label_offset="34px"),
                marks.Axis(scale=self.y_scale, side="left", label=t(y), grid_lines="none"),
            ],
            fig_margin={"top": 45, "bottom": 50, "left": 55, "right": 25},
            # The names are placed for this width: a wider figure only spreads them further apart.
            layout={"width": "100%", "min_width": f"{_MIN_WIDTH}px", "height": height},
            animation_duration=0,
        )
        self.figure.add_class("cjm-chart-priority")
        fields = [Field(c, t(c), low, high, step or 0.1) for c in ("impact", y)]
        self.controls = ValueControls(fields, self._typed, t)
        """Keyboard controls (a ``ValueControls`` box) to pick a pain point or opportunity and rate it."""
        self.children = [self._framed(self.figure, title, f"priority-impact-{y}", self.controls), self.message]
        self._held: tuple[np.ndarray, np.ndarray] | None = None
        self.redraw()
        self._follow()

    def action_plan(self) -> pd.DataFrame:
        """The opportunities ranked by priority (see :func:`cjm_widgets.action_plan`)."""
        return action_plan(self.journey, y=self.y_column)

    # -- drawing --------------------------------------------------------------------------------

    def redraw(self) -> None:
        tp = self.journey.touchpoints
        pain = has_text(tp["pain_point"]).to_numpy()
        chance = has_text(tp["opportunity"]).to_numpy()
        shown = tp[pain | chance]
        low, high = self.scale
        spread = pd.Series(np.linspace(low, high, len(shown)) if len(shown) > 1 else [low] * len(shown))
        impact, other = _ratings(shown, "impact"), _ratings(shown, self.y_column)
        x = impact.fillna(spread.set_axis(shown.index)).to_numpy()
        y = other.fillna(self._waiting_y).to_numpy()
        rated = (impact.notna() & other.notna()).to_numpy()
        colours = [
            _BOTH if p and c else _PAIN if p else _OPPORTUNITY
            for p, c in zip(pain[pain | chance], chance[pain | chance], strict=True)
        ]
        self._ids = [str(i) for i in shown["id"]]
        self._drawing = True
        try:
            with self.points.hold_sync():
                self.points.x, self.points.y = x, y
                self.points.names = [str(n) for n in shown["touchpoint"]]
                self.points.colors = colours or ["gray"]
                self.points.opacities = [1.0 if r else 0.45 for r in rated] or [1.0]
                self.points.labels = [self.t("touchpoints")]
        finally:
            self._drawing = False
        self._held = (x.copy(), y.copy())
        self._place_names(x, y, [str(n) for n in shown["touchpoint"]], rated)
        self.controls.refresh(shown)
        if not self._ids:
            self._say(self.t("no_points"))

    def _place_names(self, x: np.ndarray, y: np.ndarray, names: list[str], rated: np.ndarray) -> None:
        """Each point's name where it covers no other text (rated points first); shortened or left out else."""
        width, height = self._plot_size
        x0, x1 = float(self.x_scale.min), float(self.x_scale.max)
        y0, y1 = float(self.y_scale.min), float(self.y_scale.max)
        px = (x - x0) / (x1 - x0) * width
        py = (y1 - y) / (y1 - y0) * height
        order = sorted(range(len(names)), key=lambda i: (not rated[i], px[i]))
        fixed = [
            self._text_box(label, width, height, x0, x1, y0, y1) for label in (*self.quadrant_names, self.waiting_label)
        ]
        placed = place_names(
            [(px[i], py[i]) for i in order], [names[i] for i in order], (width, height), obstacles=fixed
        )
        spots = [(float(x[i]), float(y[i]), names[i], spot) for i, spot in zip(order, placed, strict=True)]
        with self.figure.hold_sync():
            show_placed(self.name_labels, spots)

    @staticmethod
    def _text_box(
        label: marks.Label, width: float, height: float, x0: float, x1: float, y0: float, y1: float
    ) -> tuple[float, float, float, float]:
        """The pixel box a fixed one-line label takes (an estimate, generous like the names')."""
        left = (float(label.x[0]) - x0) / (x1 - x0) * width + float(label.x_offset)
        middle = (y1 - float(label.y[0])) / (y1 - y0) * height + float(label.y_offset)
        wide = len(str(label.text[0])) * 7.5 + 4
        if label.align == "end":
            left -= wide
        return (left, middle - 8, left + wide, middle + 8)

    # -- dragging ---------------------------------------------------------------------------------

    def _dropped(self, _change: dict[str, Any]) -> None:
        """A point was dropped: the front end set x and y together (one message, two changes)."""
        if self._drawing or self._held is None:
            return
        x = np.asarray(self.points.x, dtype="float64")
        y = np.asarray(self.points.y, dtype="float64")
        old_x, old_y = self._held
        if x.shape != old_x.shape or y.shape != old_y.shape:
            return  # halfway through a two-trait update: wait for the other trait
        moved = np.flatnonzero(~(np.isclose(x, old_x) & np.isclose(y, old_y)))
        if not len(moved):
            return
        if self._refuses_edits():  # before the rating columns are added: a read-only journey gets nothing
            return
        self._held = (x.copy(), y.copy())
        self._ensure_columns()
        ops = []
        for position in moved:
            for column, value in (("impact", x[position]), (self.y_column, y[position])):
                ops.append({"op": "set", "id": self._ids[position], "column": column, "value": self._rating(value)})
        self._apply({"op": "batch", "ops": ops})

    def _typed(self, row_id: str, column: str, value: float) -> None:
        if self._refuses_edits():
            return
        self._ensure_columns()
        self._apply({"op": "set", "id": row_id, "column": column, "value": self._rating(value)})

    def _rating(self, value: float) -> float:
        if self.step:
            value = round(value / self.step) * self.step
        low, high = self.scale
        return float(min(max(value, low), high))

    def _ensure_columns(self) -> None:
        """Add empty numeric ``impact`` / effort columns the first time a point is rated."""
        tp = self.journey.touchpoints
        missing = [c for c in ("impact", self.y_column) if c not in tp.columns]
        if missing:
            empty = {c: pd.Series(np.nan, index=tp.index, dtype="float64") for c in missing}
            self.journey.touchpoints = tp.assign(**empty)


def _ratings(table: pd.DataFrame, column: str) -> pd.Series:
    if column not in table.columns:
        return pd.Series(np.nan, index=table.index, dtype="float64")
    return pd.to_numeric(table[column], errors="coerce").astype("float64")


def _quadrant_names(
    scales: dict[str, marks.LinearScale], scale: tuple[float, float], pad: float, y: str, t: Any
) -> list[marks.Label]:
    """The quadrants' names in the matrix's outer corners, clear of the middle where most points sit.

    High impact is right; low effort (or high feasibility) is easy, so quick wins sit bottom
    right on an effort axis and top right on a feasibility axis.
    """
    low, high = scale
    easy_top = y == "feasibility"
    right = ("quick_wins", "major_projects") if easy_top else ("major_projects", "quick_wins")
    left = ("fill_ins", "thankless_tasks") if easy_top else ("thankless_tasks", "fill_ins")
    corners = [  # (x, y, key, align, y offset in pixels: top names hang below the top edge)
        (low - pad, high + pad, left[0], "start", 16),
        (high + pad, high + pad, right[0], "end", 16),
        (low - pad, low, left[1], "start", -6),
        (high + pad, low, right[1], "end", -6),
    ]
    return [
        marks.Label(
            scales=scales,
            x=[x],
            y=[y_value],
            text=[t(key)],
            colors=["var(--jp-ui-font-color2, #757575)"],
            default_size=12,
            font_weight="bold",
            align=align,
            x_offset=6 if align == "start" else -6,
            y_offset=offset,
        )
        for x, y_value, key, align, offset in corners
    ]
