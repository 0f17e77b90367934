"""MetricsPanel: the journey's metrics per stage as bqplot bars, linked to the map's stage selection."""

from __future__ import annotations

from typing import Any

import bqplot
import ipywidgets as widgets
import numpy as np
import pandas as pd
import traitlets

from ..insights.stage_metrics import LATEST, metric_kind, periods, segments, stage_metrics
from . import marks
from .chart_box import ChartBox, left_title
from .palette import TEXT, palette

__all__ = ["MetricsPanel"]

# Dropdown values of the "all periods" and "everyone" choices (labels are translated).
_ALL_PERIODS = "\x00all periods"
_EVERYONE = "\x00everyone"
# The "no stage" choice: a value of its own, as a None value would show an empty select.
_NO_STAGE = "\x00no stage"
# Metrics whose values are the users reaching a stage, best first: the funnel draws the first present.
_FUNNEL = ("users", "funnel_users", "reach_users", "visitors", "sessions", "reach", "funnel")


class MetricsPanel(ChartBox):
    """Bar charts of the journey's metrics per stage, linked to the map's selected stage.

    - rates (conversion, drop-off, reach: shares in 0..1) as grouped bars on a 0-100 % axis;
    - each score (CSAT, NPS, times...) as bars on its own axis, value printed;
    - a funnel of the users reaching each stage, from the first of ``users``,
      ``funnel_users``, ``reach_users``, ``visitors``, ``sessions``, ``reach``,
      ``funnel`` present, with each stage's share of the first.

    Values are stage aggregates (see :func:`cjm_widgets.insights.stage_metrics.stage_metrics`,
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

    # Touchpoint metrics count for their touchpoint's stage: only a stage change moves them.
    _drawn_columns = frozenset({"stage"})
    _draws_metrics = True
    _marimo_hint = "marimo_hint_metrics"

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
        language: str | None = None,
    ) -> None:
        super().__init__(source, language)
        self.chosen_metrics = metrics
        self.height = height
        self._shape: dict[str, tuple[tuple[str, ...], bytes]] = {}
        self.bars: dict[str, bqplot.Bars] = {}
        """dict[str, bqplot.Bars]: the bar marks by chart name (``rates``, ``funnel``, or a score's name)."""
        self.figures: dict[str, bqplot.Figure] = {}
        self.value_labels: dict[str, bqplot.Label] = {}
        """dict[str, bqplot.Label]: the printed values above the bars, by chart name (none for ``rates``)."""
        self.period_choice = widgets.Dropdown(description=self.t("period"), layout=widgets.Layout(width="auto"))
        self.segment_choice = widgets.Dropdown(description=self.t("segment"), layout=widgets.Layout(width="auto"))
        # The keyboard's way to select a stage (the same as clicking its bars).
        self.stage_choice = widgets.Dropdown(description=self.t("stage"), layout=widgets.Layout(width="auto"))
        self.stage_choice.add_class("cjm-chart-stage-choice")
        self.charts = widgets.Box(layout=widgets.Layout(flex_flow="row wrap", width="100%"))
        self.children = [
            widgets.HBox([self.stage_choice, self.period_choice, self.segment_choice]),
            self.charts,
            self.message,
        ]
        self.set_trait("period", period)
        self.set_trait("segment", segment)
        if self.map is not None:
            self._link = traitlets.link((self.map, "selected_stage"), (self, "selected_stage"))
        self.stage_choice.observe(self._stage_chosen, "value")
        self.period_choice.observe(self._period_chosen, "value")
        self.segment_choice.observe(self._segment_chosen, "value")
        self.redraw()
        self._follow()

    # -- choices ----------------------------------------------------------------------------

    def _stage_chosen(self, change: dict[str, Any]) -> None:
        if not self._drawing:
            self.selected_stage = None if change["new"] == _NO_STAGE else change["new"]

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
        self._say("" if self.bars else self.t("no_metrics"))
        self._show_selection()

    def _period(self, table: pd.DataFrame) -> Any:
        if self.period == LATEST and not periods(table):
            return None
        return self.period

    def _draw_choices(self, table: pd.DataFrame) -> None:
        self.stage_choice.options = [(self.t("no_stage"), _NO_STAGE), *((s, s) for s in self.journey.stage_names)]
        self.stage_choice.value = self.selected_stage if self.selected_stage in self.journey.stage_names else _NO_STAGE
        found = periods(table)
        self.period_choice.options = [*((p, p) for p in found[::-1]), (self.t("all_periods"), _ALL_PERIODS)]
        latest = found[-1] if found else None
        shown = latest if self.period == LATEST else self.period
        self.period_choice.value = _ALL_PERIODS if shown is None else shown
        self.period_choice.layout.display = None if found else "none"
        who = segments(table)
        self.segment_choice.options = [(self.t("everyone"), _EVERYONE), *((s, s) for s in who)]
        self.segment_choice.value = _EVERYONE if self.segment is None else self.segment
        self.segment_choice.layout.display = None if who else "none"

    def _draw_charts(self, values: pd.DataFrame) -> None:
        kinds = {name: metric_kind(str(name), values[name]) for name in values.columns}
        stages = list(values.index)
        wanted: dict[str, tuple[list[str], str]] = {}
        rates = [n for n, k in kinds.items() if k == "rate"]
        if rates:
            wanted["rates"] = (rates, self.t("rates"))
        for name, kind in kinds.items():
            if kind == "score":
                wanted[str(name)] = ([name], str(name))
        funnel = next((n for n in _FUNNEL if n in values.columns), None)
        if funnel is not None:
            wanted["funnel"] = ([funnel], self.t("funnel", metric=funnel))
        # Where values are missing, and the stages: when these change the bars are drawn afresh, because
        # bqplot animates a bar from its old height and a bar growing from NaN stays NaN (never shows).
        shape = {key: (tuple(stages), values[names].isna().to_numpy().tobytes()) for key, (names, _) in wanted.items()}
        if set(wanted) != set(self.figures) or shape != self._shape:
            self._build(wanted)
            self._shape = shape
        for key, (names, _title) in wanted.items():
            self._fill(key, names, stages, values)

    def _build(self, wanted: dict[str, tuple[list[str], str]]) -> None:
        for bars in self.bars.values():
            bars.unobserve(self._bar_clicked, "selected")
        self.bars, self.figures, self.value_labels = {}, {}, {}
        boxes = []
        for key, (names, title) in wanted.items():
            x = marks.OrdinalScale()
            y = marks.LinearScale(min=0.0, max=1.0)
            bars = marks.Bars(
                scales={"x": x, "y": y},
                type="grouped",
                labels=[str(n) for n in names],
                display_legend=key == "rates",
                colors=palette(len(names)) if key != "funnel" else ["#0072B2"],
                interactions={"click": "select"},
                selected_style={"stroke": TEXT, "stroke-width": "3"},
                unselected_style={"opacity": "0.45"},
                tooltip=marks.Tooltip(fields=["x", "y"], labels=[self.t("stage"), title], formats=["", ",.3~r"]),
            )
            bars.let_page(pick=("selected",))  # a click selects a stage's bars
            bars.observe(self._bar_clicked, "selected")
            axes = [
                marks.Axis(scale=x, tick_style={"font-size": "11px"}),
                marks.Axis(
                    scale=y,
                    side="left",
                    tick_format=".0%" if key == "rates" else ",.3~r",
                    grid_lines="dashed",
                ),
            ]
            layers: list[bqplot.Mark] = [bars]
            if key != "rates":
                # Values printed by a Label of the known bars only: bqplot's own bar labels print
                # "NaN" over a missing bar and hang below the bar's top, into the axis on short bars.
                self.value_labels[key] = marks.Label(
                    scales={"x": x, "y": y},
                    colors=[TEXT],
                    default_size=11,
                    font_weight="normal",
                    align="middle",
                    y_offset=-10,  # the text's middle, so its bottom clears the bar's top
                )
                layers.append(self.value_labels[key])
            width, margin = (420 if key != "rates" else 560), {"top": 45, "bottom": 35, "left": 55, "right": 15}
            figure = marks.Figure(
                title=title,
                marks=layers,
                axes=axes,
                legend_location="top-right",
                fig_margin=margin,
                layout={"width": f"{width}px", "height": self.height},
                title_style=left_title(width, margin),
                animation_duration=0,
            )
            figure.add_class("cjm-chart-metrics")
            figure.add_class(f"cjm-chart-metrics-{'score' if key not in ('rates', 'funnel') else key}")
            self.bars[key], self.figures[key] = bars, figure
            stem = {"rates": "rates", "funnel": f"funnel-{names[0]}"}.get(key, str(key))
            boxes.append(self._framed(figure, title, stem))
        self.charts.children = boxes

    def _fill(self, key: str, names: list[str], stages: list[str], values: pd.DataFrame) -> None:
        bars = self.bars[key]
        y = values[names].T.to_numpy(dtype="float64")  # rows: metrics; NaN: no bar
        with bars.hold_sync():
            bars.x = np.array(stages, dtype=object)
            bars.y = y if len(names) > 1 else y[0]
        label = self.value_labels.get(key)
        if label is not None:
            known_at = np.isfinite(y[0])
            with label.hold_sync():
                label.x = np.array(stages, dtype=object)[known_at]
                label.y = y[0][known_at]
                label.text = [_value_text(float(v)) for v in y[0][known_at]]
        # bqplot leaves an open end of a bar chart's scale at 0: both ends are set, 0 always in view.
        known = y[np.isfinite(y)]
        low, high = (float(known.min()), float(known.max())) if len(known) else (0.0, 1.0)
        scale = bars.scales["y"]
        scale.min = min(0.0, low * 1.1)
        # Headroom above the tallest bar for its printed value.
        scale.max = max(1.0, high) if key == "rates" else max(0.0, high * 1.15) or 1.0

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
            if stage in [value for _, value in self.stage_choice.options]:
                self.stage_choice.value = stage
            elif stage is None:
                self.stage_choice.value = _NO_STAGE
            for bars in self.bars.values():
                stages = [str(s) for s in bars.x]
                bars.selected = [stages.index(stage)] if stage in stages else None
        finally:
            self._drawing = False


def _value_text(value: float) -> str:
    """A bar's printed value as the axis writes it (d3's ``,.3~r``): 3 significant digits, no exponent."""
    if value == 0:
        return "0"
    digits = 3 - 1 - int(np.floor(np.log10(abs(value))))
    rounded = round(value, digits)
    text = f"{rounded:,.{max(digits, 0)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
