"""EmotionCurve: the journey's emotion across stages and touchpoints, one draggable curve per persona."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import bqplot
import numpy as np
import pandas as pd

from ..insights.peak_end import peak_end, peak_end_markers
from ..insights.source import persona_groups
from ..schema.values import is_missing
from . import marks
from .chart_box import ChartBox
from .keyboard import Field, ValueControls
from .label_placement import anchored_labels, css_pixels, place_names, show_placed
from .palette import TEXT, palette

__all__ = ["EmotionCurve"]


@dataclass
class _Layout:
    """Where things go on the x axis: touchpoints in map order, each stage a band (empty ones one slot wide)."""

    x: dict[str, float]  # touchpoint id -> x
    bands: list[tuple[str, float, float]]  # stage, left, right
    names: list[str]  # the name of each slot, left to right ("" for an empty stage's slot)


def _layout(touchpoints: pd.DataFrame, stages: list[str]) -> _Layout:
    ids_by_stage: dict[str, list[str]] = {}
    # .tolist(): one conversion, not a slow per-row walk over pandas' Arrow-backed strings.
    for row_id, stage in zip(touchpoints["id"].tolist(), touchpoints["stage"].tolist(), strict=True):
        ids_by_stage.setdefault(stage, []).append(str(row_id))
    name_of = dict(zip(touchpoints["id"].astype(str).tolist(), touchpoints["touchpoint"].tolist(), strict=True))
    x: dict[str, float] = {}
    bands = []
    names: list[str] = []
    left = 0
    for stage in stages:
        ids = ids_by_stage.get(stage, [])
        for offset, row_id in enumerate(ids):
            x[row_id] = float(left + offset)
            names.append(short_name(name_of[row_id]))
        width = max(len(ids), 1)
        names.extend([""] * (width - len(ids)))
        bands.append((stage, left - 0.5, left + width - 0.5))
        left += width
    return _Layout(x, bands, names)


def short_name(name: Any, limit: int = 18) -> str:
    """A touchpoint's name for an axis: missing is a dash, a long one is cut with an ellipsis."""
    text = "–" if is_missing(name) else " ".join(str(name).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _unique(names: list[str]) -> list[str]:
    """Axis categories must differ: the k-th repeat of a name gets k in binary as invisible
    zero-width characters (the text reads the same; a few characters, however many repeats)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        k = seen[name] = seen.get(name, -1) + 1
        out.append(name + ("\u200b" + format(k, "b").translate(_INVISIBLE_BITS) if k else ""))
    return out


_INVISIBLE_BITS = str.maketrans("01", "\u200c\u200d")


def moment_groups(xs: list[float], words: list[str], gap: float) -> list[tuple[float, str]]:
    """Peak and end names that would touch (within ``gap`` slots of the first) merged into one label."""
    groups: list[tuple[float, list[float], list[str]]] = []
    for x, word in sorted(zip(xs, words, strict=True)):
        if groups and x - groups[-1][0] <= gap:
            groups[-1][1].append(x)
            if word not in groups[-1][2]:
                groups[-1][2].append(word)
        else:
            groups.append((x, [x], [word]))
    return [(sum(at) / len(at), " · ".join(said)) for _, at, said in groups]


_NAME_GAP = 12.0  # px from a line's last point to its name: clear of the end marker's ring


class EmotionCurve(ChartBox):
    """The emotion curve of a journey as a bqplot figure, linked both ways to the journey.

    x is the touchpoints in map order (stages as shaded bands, named at the
    top), y the emotion on the journey's scale. Each persona (the touchpoints'
    ``persona`` column) gets its own curve and colour, overlaid, with a legend (none for one curve).
    A touchpoint without an emotion leaves a gap, not a zero.

    Drag a point up or down: the touchpoint's emotion is set through the
    journey (validated like a map edit, snapped to ``step``, reported to
    ``on_edit`` callbacks with origin ``"view"``), so the DataFrame and every
    map change. Edits elsewhere move the points.

    Parameters
    ----------
    source:
        A :class:`~cjm_widgets.JourneyMap` (linked: the map also shows the
        peak-end markers) or a :class:`~cjm_widgets.Journey`.
    peak_end:
        Mark each persona's peak and end moments (see :func:`cjm_widgets.peak_end`)
        on the curve and, with a map, on the map (marker source ``"peak_end"``).
    step:
        Dragged emotions snap to multiples of this (default 0.5, like the map); None keeps them as dropped.
    title:
        Figure title (default ``"Emotion curve"``, in the chart's language).
    language:
        ``en``, ``zh`` or ``lv`` for the chart's own words (default: the map's ``language``, else English).
    """

    _drawn_columns = frozenset({"stage", "touchpoint", "persona", "emotion"})
    _marimo_hint = "marimo_hint_emotion"

    def __init__(
        self,
        source: Any,
        *,
        peak_end: bool = True,
        step: float | None = 0.5,
        title: str | None = None,
        height: str = "480px",
        language: str | None = None,
    ) -> None:
        super().__init__(source, language)
        t = self.t
        title = title or t("emotion_curve")
        self.step = step
        self.show_peak_end = peak_end
        low, high = self.journey.emotion_scale
        room = (high - low) * 0.12  # room below the curve for the stage names, above it for peak/end names
        # No padding for the dots: the slots must line up with the names' category axis.
        self.x_scale = marks.LinearScale(allow_padding=False)
        self.y_scale = marks.LinearScale(min=low - room, max=high + room)
        scales = {"x": self.x_scale, "y": self.y_scale}
        self.bands = marks.Lines(
            scales=scales, fill="inside", close_path=True, stroke_width=0, colors=["transparent"], preserve_domain={}
        )
        self.stage_names = marks.Label(
            scales=scales, align="middle", colors=[TEXT], default_size=13, font_weight="bold", y=[low - room / 2]
        )
        self.zero = marks.Lines(
            scales=scales, y=[(low + high) / 2] * 2, colors=["var(--jp-border-color1, #bdbdbd)"], line_style="dashed"
        )
        self.curves: list[bqplot.Lines] = []
        self.points: list[bqplot.Scatter] = []
        self.line_names = anchored_labels(scales, size=12, bold=True, gap=_NAME_GAP)
        """dict[str, bqplot.Label]: each persona's name at its line's end, by where it sits (several personas only)."""
        self._persona_names: list[str] = []
        # Names are placed for the narrowest the figure is drawn; wider only spreads them out.
        self._plot_size = (640 - 55 - 20, css_pixels(height, 480) - 50 - 125)
        self.peak_marks = marks.Scatter(scales=scales, marker="diamond", default_size=260, fill=False, stroke_width=2)
        self.end_marks = marks.Scatter(scales=scales, marker="square", default_size=260, fill=False, stroke_width=2)
        # Peak and end named in a row of their own above the curve (rings mark the points themselves).
        self.moment_names = marks.Label(scales=scales, align="middle", colors=[TEXT], default_size=11)
        self._moment_row = high + room * 0.6
        self._personas: list[Any] = []
        self._point_ids: list[list[str]] = []
        self._drawing = False  # True while marks are set from the journey (not dragged)
        # The touchpoints' names on the x axis, upright below it: a category axis over the same slots.
        self.name_scale = marks.OrdinalScale(domain=[])
        self.x_axis = marks.Axis(
            scale=self.name_scale,
            tick_style={"text-anchor": "end", "transform": "translate(-7px, 6px) rotate(-90deg)", "font-size": "11px"},
        )
        self.figure = marks.Figure(
            title=title,
            axes=[
                self.x_axis,
                marks.Axis(
                    scale=self.y_scale,
                    side="left",
                    label=t("emotion"),
                    tick_values=np.linspace(low, high, 5),
                    grid_lines="dashed",
                ),
            ],
            legend_location="top-left",
            fig_margin={"top": 50, "bottom": 125, "left": 55, "right": 20},
            layout={"width": "100%", "min_width": "640px", "height": height},
            animation_duration=0,
        )
        self.figure.add_class("cjm-chart-emotion")
        self.peak_end_table = pd.DataFrame()
        """pandas.DataFrame: the latest :func:`cjm_widgets.peak_end` table the curve marks."""
        self.controls = ValueControls(
            [Field("emotion", t("emotion"), low, high, step or 0.1)],
            lambda row_id, column, value: self._apply({"op": "set", "id": row_id, "column": column, "value": value}),
            t,
        )
        """Keyboard controls (a ``ValueControls`` box) to pick a touchpoint and set its emotion."""
        self.children = [self._framed(self.figure, title, "emotion-curve", self.controls), self.message]
        self.redraw()
        self._follow()

    # -- drawing ------------------------------------------------------------------------

    def redraw(self) -> None:
        journey = self.journey
        tp = journey.touchpoints
        layout = _layout(tp, journey.stage_names)
        groups = persona_groups(tp)
        personas = [key for key, _ in groups]
        self._drawing = True
        try:
            if personas != self._personas:
                self._build_series(personas)
            self._point_ids = []
            for (_, group), curve, points in zip(groups, self.curves, self.points, strict=True):
                ids = [str(i) for i in group["id"].tolist()]
                xs = np.array([layout.x[i] for i in ids], dtype="float64")
                ys = group["emotion"].astype("float64").to_numpy()
                with curve.hold_sync():
                    curve.x, curve.y = xs, ys  # NaN: the line breaks there
                scored = ~np.isnan(ys)
                self._point_ids.append([i for i, s in zip(ids, scored, strict=True) if s])
                names = group["touchpoint"].tolist()
                with points.hold_sync():
                    points.x, points.y = xs[scored], ys[scored]
                    points.names = [str(n) for n, s in zip(names, scored, strict=True) if s]
            self._draw_stages(layout)
            self._draw_peak_end(layout)
            self._name_lines()
            self.controls.refresh(tp)
        finally:
            self._drawing = False

    def _build_series(self, personas: list[Any]) -> None:
        for points in self.points:
            points.unobserve(self._dropped, "y")
        colours = palette(len(personas))
        scales = {"x": self.x_scale, "y": self.y_scale}
        unnamed = self.t("touchpoints" if len(personas) == 1 else "no_persona")
        names = [str(p) if p is not None else unnamed for p in personas]
        self.curves = [
            # No legend (it covers points): each persona's name sits at its line's end (`_name_lines`).
            marks.Lines(scales=scales, colors=[c], labels=[n], display_legend=False, stroke_width=2.5)
            for c, n in zip(colours, names, strict=True)
        ]
        self.points = []
        for colour in colours:
            points = marks.Scatter(
                scales=scales,
                colors=[colour],
                default_size=90,
                enable_move=True,
                restrict_y=True,  # emotion moves; the touchpoint's place does not
                display_names=False,
                tooltip=marks.Tooltip(
                    fields=["name", "y"], labels=[self.t("touchpoint"), self.t("emotion")], formats=["", ".2f"]
                ),
                stroke="white",
            )
            points.let_page(drag=("y",), pick=("hovered_point",), editable=self.page_may_edit)
            points.observe(self._dropped, "y")
            self.points.append(points)
        self._personas = personas
        self._persona_names = names if len(personas) > 1 else []
        self.peak_marks.colors = self.end_marks.colors = colours
        self.figure.marks = [
            self.bands,
            self.zero,
            self.stage_names,
            *self.curves,
            self.peak_marks,
            self.end_marks,
            self.moment_names,
            *self.line_names.values(),
            *self.points,
        ]

    def _name_lines(self) -> None:
        """Each persona's name beside its line's last point (direct labels), clear of every point and name."""
        width, height = self._plot_size
        x0, x1 = float(self.x_scale.min), float(self.x_scale.max)
        y0, y1 = float(self.y_scale.min), float(self.y_scale.max)
        if x1 <= x0:
            return show_placed(self.line_names, [])

        def pixel(x: float, y: float) -> tuple[float, float]:
            return ((x - x0) / (x1 - x0) * width, (y1 - y) / (y1 - y0) * height)

        # Every other dot is in the way; the ends themselves are place_names' points.
        dots = [pixel(float(x), float(y)) for p in self.points for x, y in zip(p.x[:-1], p.y[:-1], strict=True)]
        ends = [
            (float(points.x[-1]), float(points.y[-1]), name, colour)
            for points, name, colour in zip(
                self.points, self._persona_names, palette(len(self._personas)), strict=False
            )
            if len(points.x)
        ]
        taken = [(x - 9, y - 9, x + 9, y + 9) for x, y in dots]  # the dots and their peak/end rings
        placed = place_names(
            [pixel(x, y) for x, y, _, _ in ends],
            [n for _, _, n, _ in ends],
            (width, height),
            obstacles=taken,
            char_width=7.5,
            gap=_NAME_GAP,
            radius=9,
            short=12,
        )
        show_placed(
            self.line_names, [(x, y, n, p) for (x, y, n, _), p in zip(ends, placed, strict=True)], [c for *_, c in ends]
        )

    def _draw_stages(self, layout: _Layout) -> None:
        shades = ["var(--jp-layout-color2, #eeeeee)", "var(--jp-layout-color1, #ffffff)"]
        low, high = self.y_scale.min, self.y_scale.max
        xs = [[left, right, right, left] for _, left, right in layout.bands]
        with self.bands.hold_sync():
            self.bands.x = np.array(xs, dtype="float64").reshape(-1, 4)
            self.bands.y = np.array([[low, low, high, high]] * len(xs), dtype="float64").reshape(-1, 4)
            self.bands.fill_colors = [shades[i % 2] for i in range(len(xs))]
            self.bands.colors = ["transparent"] * len(xs)
        centres = [(left + right) / 2 for _, left, right in layout.bands]
        with self.stage_names.hold_sync():
            self.stage_names.x = np.array(centres, dtype="float64")
            self.stage_names.y = np.full(len(centres), self.stage_names.y[0])
            self.stage_names.text = [stage for stage, _, _ in layout.bands]
        edges = (layout.bands[0][1], layout.bands[-1][2]) if layout.bands else (0.0, 1.0)
        self.zero.x = np.array(edges, dtype="float64")
        self.x_scale.min, self.x_scale.max = edges
        names = _unique(layout.names)
        self.name_scale.domain = names
        # Every touchpoint named while they fit; beyond 40, every k-th (all are named on hover).
        every = max(1, -(-len(names) // 40))
        self.x_axis.tick_values = np.array(names[::every] if every > 1 else names, dtype=object)

    def _draw_peak_end(self, layout: _Layout) -> None:
        table = peak_end(self.journey) if self.show_peak_end else pd.DataFrame(columns=["persona", "moment"])
        self.peak_end_table = table
        colour_of = {p: i for i, p in enumerate(self._personas)}
        for mark, moment in ((self.peak_marks, "peak"), (self.end_marks, "end")):
            rows = table[table["moment"] == moment]
            with mark.hold_sync():
                mark.x = np.array([layout.x[i] for i in rows["touchpoint_id"]], dtype="float64")
                mark.y = rows["emotion"].to_numpy(dtype="float64")
                mark.colors = [palette(len(self._personas))[colour_of[p]] for p in rows["persona"]] or ["gray"]
        xs = [layout.x[i] for i in table["touchpoint_id"]]
        # About a tenth of the width per label: names closer than that share one label.
        gap = max(1.0, len(layout.names) / 10)
        merged = moment_groups(xs, [self.t(str(m)) for m in table["moment"]], gap)
        with self.moment_names.hold_sync():
            self.moment_names.x = np.array([x for x, _ in merged], dtype="float64")
            self.moment_names.y = np.full(len(merged), self._moment_row)
            self.moment_names.text = [text for _, text in merged]
        if self.show_peak_end and self.map is not None and hasattr(self.map, "show_markers"):
            low, high = self.journey.emotion_scale
            self.map.show_markers("peak_end", peak_end_markers(table, (low + high) / 2))

    # -- dragging -------------------------------------------------------------------------

    def _dropped(self, change: dict[str, Any]) -> None:
        """A point was dragged (the front end sets the scatter's y on drop): write the emotion."""
        if self._drawing:
            return
        series = self.points.index(change["owner"])
        ids = self._point_ids[series]
        old = np.asarray(change["old"], dtype="float64") if change["old"] is not None else np.array([])
        new = np.asarray(change["new"], dtype="float64")
        if old.shape != new.shape:
            return self.redraw()
        ops = []
        low, high = self.journey.emotion_scale
        for position in np.flatnonzero(~np.isclose(old, new, equal_nan=True)):
            value = float(new[position])
            if self.step:
                value = round(value / self.step) * self.step
            value = min(max(value, low), high)  # a drop past the edge means the edge
            ops.append({"op": "set", "id": ids[position], "column": "emotion", "value": value})
        if not ops:
            return None
        self._apply(ops[0] if len(ops) == 1 else {"op": "batch", "ops": ops})
        return None
