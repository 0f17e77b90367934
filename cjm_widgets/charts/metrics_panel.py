"""MetricsPanel: the journey's metrics per stage as bqplot bars, linked to the map's stage selection."""

from __future__ import annotations

from typing import Any

import bqplot
import ipywidgets as widgets
import numpy as np
import pandas as pd
import traitlets

from ..analysis.stage_metrics import LATEST, metric_kind, periods, segments, stage_metrics
from .chart_box import ChartBox
from .palette import TEXT, palette

__all__ = ["MetricsPanel"]

_ALL_PERIODS = "All periods (mean)"
_EVERYONE = "Everyone"
# Metrics whose values are the users reaching a stage, best first: the funnel draws the first present.
_FUNNEL = ("users", "funnel_users", "reach_users", "visitors", "sessions", "reach", "funnel")


class MetricsPanel(ChartBox):
    """Bar charts of the journey's metrics per stage, linked to the map's selected stage.

    - rates (conversion, drop-off, reach: shares in 0..1) as grouped bars on a 0-100 % axis;
    - each score (CSAT, NPS, times...) as bars on its own axis, value printed;
    - a funnel of the users reaching each stage, from the first of ``users``,
      ``funnel_users``, ``reach_users``, ``visitors``, ``sessions``, ``reach``,
      ``funnel`` present, with each stage's share of the first.

    Values are stage aggregates (see :func:`cjm_widgets.analysis.stage_metrics.stage_metrics`,
    ``how="chart"``): a stage's own rows win over its touchpoints' rows. A
    missing value (NaN, or no row) draws no bar, never a zero.

    Click a bar to select its stage (``selected_stage``; with a map it is the
    map's ``selected_stage``); click it again to clear. Selecting a stage on the
    map highlights its bars. The panel redraws after every change of the journey
    and when period or segment change (dropdowns above the charts when the
    metrics have periods or segments).

    Parameters
    ----------
    source:
        A :class:`~cjm_widgets.JourneyMap` (linked selection) or a :class:`~cjm_widgets.Journey`.
    metrics:
        Names of the metrics to chart (default: all, in table order).
    period:
        ``"latest"`` (default), a period value, or None for the mean over all periods.
    segment:
        A segment (or persona) value, or None (default) for everyone.
    """

    selected_stage = traitlets.Unicode(None, allow_none=True)
    """str | None: the selected stage (linked to the map's ``selected_stage`` when built on a map)."""

    period = traitlets.Any(LATEST)
    """str | None: the period shown: ``"latest"``, a period value, or None for the mean of all periods."""

    segment = traitlets.Any(None)
    """str | None: the segment (or persona) shown, None for everyone."""

    def __init__(
        self,
        source: Any,
        *,
        metrics: list[str] | None = None,
        period: Any = LATEST,
        segment: Any = None,
        height: str = "260px",
    ) -> None:
        super().__init__(source)
        self.chosen_metrics = metrics
        self.height = height
        self.bars: dict[str, bqplot.Bars] = {}
        """dict[str, bqplot.Bars]: the bar marks by chart name (``rates``, ``funnel``, or a score's name)."""
        self.figures: dict[str, bqplot.Figure] = {}
        self.period_choice = widgets.Dropdown(description="Period", layout=widgets.Layout(width="auto"))
        self.segment_choice = widgets.Dropdown(description="Segment", layout=widgets.Layout(width="auto"))
        self.charts = widgets.Box(layout=widgets.Layout(flex_flow="row wrap", width="100%"))
        self.children = [widgets.HBox([self.period_choice, self.segment_choice]), self.charts, self.message]
        self.set_trait("period", period)
        self.set_trait("segment", segment)
        if self.map is not None:
            self._link = traitlets.link((self.map, "selected_stage"), (self, "selected_stage"))
        self.period_choice.observe(self._period_chosen, "value")
        self.segment_choice.observe(self._segment_chosen, "value")
        self.redraw()
        self._follow()
        if self.map is not None and self.map.has_trait("metrics"):  # the map's own metrics trait, when it has one
            self.map.observe(lambda _change: self.redraw(), "metrics")

    # -- choices ----------------------------------------------------------------------------

    def _period_chosen(self, change: dict[str, Any]) -> None:
        if not self._drawing:
            self.period = None if change["new"] == _ALL_PERIODS else change["new"]

    def _segment_chosen(self, change: dict[str, Any]) -> None:
        if not self._drawing:
            self.segment = None if change["new"] == _EVERYONE else change["new"]

    @traitlets.observe("period", "segment")
    def _choice_changed(self, _change: dict[str, Any]) -> None:
        if self.figures is not None and hasattr(self, "charts"):
            self.redraw()

    # -- drawing ----------------------------------------------------------------------------

    _drawing = False

    def redraw(self) -> None:
        journey = self.journey
        table = journey.metrics
        self._drawing = True
        try:
            self._draw_choices(table)
            values = stage_metrics(journey, period=self._period(table), segment=self.segment, how="chart")
            if self.chosen_metrics is not None:
                values = values[[c for c in self.chosen_metrics if c in values.columns]]
            values = values.loc[:, values.notna().any()]
            self._draw_charts(values)
        finally:
            self._drawing = False
        self._say("" if self.bars else "No metrics to chart yet: give the journey a metrics table.")
        self._show_selection()

    def _period(self, table: pd.DataFrame) -> Any:
        if self.period == LATEST and not periods(table):
            return None
        return self.period

    def _draw_choices(self, table: pd.DataFrame) -> None:
        found = periods(table)
        self.period_choice.options = [*found[::-1], _ALL_PERIODS]
        latest = found[-1] if found else None
        shown = latest if self.period == LATEST else self.period
        self.period_choice.value = _ALL_PERIODS if shown is None else shown
        self.period_choice.layout.display = None if found else "none"
        who = segments(table)
        self.segment_choice.options = [_EVERYONE, *who]
        self.segment_choice.value = _EVERYONE if self.segment is None else self.segment
        self.segment_choice.layout.display = None if who else "none"

    def _draw_charts(self, values: pd.DataFrame) -> None:
        kinds = {name: metric_kind(str(name), values[name]) for name in values.columns}
        stages = list(values.index)
        wanted: dict[str, tuple[list[str], str]] = {}
        rates = [n for n, k in kinds.items() if k == "rate"]
        if rates:
            wanted["rates"] = (rates, "Rates")
        for name, kind in kinds.items():
            if kind == "score":
                wanted[str(name)] = ([name], str(name))
        funnel = next((n for n in _FUNNEL if n in values.columns), None)
        if funnel is not None:
            wanted["funnel"] = ([funnel], f"Funnel: {funnel} per stage")
        if set(wanted) != set(self.figures):
            self._build(wanted)
        for key, (names, _title) in wanted.items():
            self._fill(key, names, stages, values)

    def _build(self, wanted: dict[str, tuple[list[str], str]]) -> None:
        for bars in self.bars.values():
            bars.unobserve(self._bar_clicked, "selected")
        self.bars, self.figures = {}, {}
        boxes = []
        for key, (names, title) in wanted.items():
            x = bqplot.OrdinalScale()
            y = bqplot.LinearScale(min=0.0) if key in ("rates", "funnel") else bqplot.LinearScale()
            bars = bqplot.Bars(
                scales={"x": x, "y": y},
                type="grouped",
                labels=[str(n) for n in names],
                display_legend=key == "rates",
                colors=palette(len(names)) if key != "funnel" else ["#0072B2"],
                interactions={"click": "select"},
                selected_style={"stroke": TEXT, "stroke-width": "3"},
                unselected_style={"opacity": "0.45"},
                label_display=key != "rates",
                label_font_style={"fill": TEXT, "font-size": "11px"},
                label_display_format=".0%" if key == "rates" else ",.3~r",
                tooltip=bqplot.Tooltip(fields=["x", "y"], labels=["Stage", title], formats=["", ",.3~r"]),
            )
            bars.observe(self._bar_clicked, "selected")
            axes = [
                bqplot.Axis(scale=x, tick_style={"font-size": "11px"}),
                bqplot.Axis(
                    scale=y,
                    side="left",
                    tick_format=".0%" if key == "rates" else ",.3~r",
                    grid_lines="dashed",
                ),
            ]
            figure = bqplot.Figure(
                title=title,
                marks=[bars],
                axes=axes,
                legend_location="top-right",
                fig_margin={"top": 45, "bottom": 35, "left": 55, "right": 15},
                layout={"width": "420px" if key != "rates" else "560px", "height": self.height},
                animation_duration=0,
            )
            figure.add_class("cjm-metrics-chart")
            figure.add_class(f"cjm-metrics-{'score' if key not in ('rates', 'funnel') else key}")
            self.bars[key], self.figures[key] = bars, figure
            boxes.append(self._framed(figure, title))
        self.charts.children = boxes

    def _fill(self, key: str, names: list[str], stages: list[str], values: pd.DataFrame) -> None:
        bars = self.bars[key]
        y = values[names].T.to_numpy(dtype="float64")  # rows: metrics; NaN: no bar
        with bars.hold_sync():
            bars.x = np.array(stages, dtype=object)
            bars.y = y if len(names) > 1 else y[0]
        if key == "rates":
            top = np.nanmax(y) if np.isfinite(y).any() else 1.0
            bars.scales["y"].max = float(max(1.0, top))

    # -- selection ----------------------------------------------------------------------------

    def _bar_clicked(self, change: dict[str, Any]) -> None:
        if self._drawing:
            return
        picked = change["new"]
        stages = list(change["owner"].x)
        if picked is None or len(picked) == 0:
            self.selected_stage = None
        else:
            self.selected_stage = str(stages[int(picked[0])])

    @traitlets.observe("selected_stage")
    def _selection_changed(self, _change: dict[str, Any]) -> None:
        self._show_selection()

    def _show_selection(self) -> None:
        stage = self.selected_stage
        self._drawing = True
        try:
            for bars in self.bars.values():
                stages = [str(s) for s in bars.x]
                bars.selected = [stages.index(stage)] if stage in stages else None
        finally:
            self._drawing = False
