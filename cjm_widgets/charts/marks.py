"""The charts' bqplot widgets, guarded: the page may set only what a chart's own interactions need.

Plain bqplot lets a page set any trait of any mark, axis, scale, tooltip or
figure (an ipywidgets ``update`` message). The charts build their figures from
the subclasses here instead, so Python decides (see :mod:`..widgets.page_state`):

=================  ==========================================================  ======================
widget             what the page may set                                       when
=================  ==========================================================  ======================
a draggable mark   its coordinates (the emotion curve's points: ``y``; the     the chart is editable
                   priority matrix's points: ``x`` and ``y``): as many finite
                   numbers as it has points; the chart's own drop handler then
                   applies them as an edit of the journey (validated there)
a mark             ``hovered_point`` (scatters) or ``selected`` (the metrics   always (it is view state)
                   bars' click): indices of its own points
anything else      nothing: axes, scales, figures, tooltips, labels, lines     never
=================  ==========================================================  ======================

Anything else is refused, logged and rolled back like a map's refused traits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import bqplot
import numpy as np
import traitlets

from ..errors import EditError
from ..widgets.page_state import PageGuard

__all__ = [
    "Axis",
    "Bars",
    "Figure",
    "Label",
    "LinearScale",
    "Lines",
    "OrdinalScale",
    "PageMark",
    "Scatter",
    "Tooltip",
    "page_indices",
    "page_numbers",
]

# What bqplot's page sends typed arrays as (Float64Array, Uint32Array...); never objects, text or dates.
_NUMBER_DTYPES = frozenset(
    {"float64", "float32", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
)


def page_numbers(value: Any, count: int, name: str) -> np.ndarray:
    """The page's array for trait ``name`` as float64, if it is ``count`` finite numbers; else :class:`EditError`.

    Accepts a JSON list or bqplot's binary form (``{"value": buffer, "dtype", "shape"}``),
    checked before numpy reads the buffer.
    """
    if isinstance(value, list):
        if len(value) != count or not all(type(v) in (int, float) for v in value):
            raise EditError(f"{name}: a drag sends {count} numbers; the page sent something else")
        try:
            numbers = np.array(value, dtype="float64")
        except OverflowError:  # an int beyond float64
            raise EditError(f"{name}: a number is out of range") from None
    elif isinstance(value, Mapping):
        numbers = _binary(value, count, name, "a drag").astype("float64")
    else:
        raise EditError(f"{name}: a drag sends {count} numbers; the page sent {type(value).__name__}")
    if not np.isfinite(numbers).all():
        raise EditError(f"{name}: a drag sends finite numbers; the page sent NaN or infinity")
    return numbers


def page_indices(value: Any, count: int, name: str) -> list[int]:
    """The indices (of a mark's ``count`` points) the page picked, checked; :class:`EditError` when not indices."""
    if value is None:
        return []
    if name == "hovered_point":
        value = [value]
    if isinstance(value, list):
        if len(value) > count or not all(type(v) is int for v in value):
            raise EditError(f"{name}: expected at most {count} point indices")
        picked = list(value)
    elif isinstance(value, Mapping):
        picked = [int(v) for v in _binary(value, None, name, "a pick")]
    else:
        raise EditError(f"{name}: expected point indices, got {type(value).__name__}")
    if len(picked) > count or any(not 0 <= v < count for v in picked):
        raise EditError(f"{name}: an index is outside the {count} points")
    return picked


def _binary(value: Mapping[str, Any], count: int | None, name: str, what: str) -> np.ndarray:
    """A bqplot binary array from the page, its dtype, shape and size checked before it is read."""
    dtype, shape, buffer = value.get("dtype"), value.get("shape"), value.get("value")
    extra = set(value) - {"value", "dtype", "shape", "type"}
    if extra or value.get("type") is not None or dtype not in _NUMBER_DTYPES:  # type: "date" is not ours
        raise EditError(f"{name}: {what} sends a typed array of numbers (dtype {dtype!r} refused)")
    if not isinstance(shape, (list, tuple)) or len(shape) != 1 or type(shape[0]) is not int:
        raise EditError(f"{name}: {what} sends a flat array (shape {shape!r} refused)")
    if count is not None and shape[0] != count:
        raise EditError(f"{name}: {what} sends {count} numbers, not {shape[0]}")
    if not isinstance(buffer, (bytes, bytearray, memoryview)):
        raise EditError(f"{name}: {what} sends its numbers in a buffer")
    size = shape[0] * np.dtype(dtype).itemsize
    if memoryview(buffer).nbytes != size:
        raise EditError(f"{name}: the buffer holds {memoryview(buffer).nbytes} bytes, its shape says {size}")
    return np.frombuffer(buffer, dtype=dtype)


def _always() -> bool:
    return True


class PageMark(PageGuard):
    """Mixin for a bqplot widget: the page sets nothing of it, unless the chart allows it with :meth:`let_page`."""

    page_drags: tuple[str, ...] = ()
    page_picks: tuple[str, ...] = ()
    _editable: Callable[[], bool] | None = None  # the chart's: whether a drag may edit now

    def let_page(
        self, *, drag: tuple[str, ...] = (), pick: tuple[str, ...] = (), editable: Callable[[], bool] = _always
    ) -> None:
        """Let the page drag (set ``drag`` coordinates, while ``editable()``) and pick (``pick`` indices)."""
        self.page_drags, self.page_picks = drag, pick
        self._editable = editable

    def _page_settable(self, sync_data: Mapping[str, Any]) -> tuple[str, ...]:
        # Editability is asked only when a drag arrives: a hover over a read-only chart says nothing.
        if any(k in sync_data for k in self.page_drags) and not (self._editable or _always)():
            return self.page_picks
        return self.page_picks + self.page_drags

    def _check_page_values(self, allowed: Mapping[str, Any]) -> None:
        points = getattr(self, "x", None)
        count = 0 if points is None else len(points)
        for name, value in allowed.items():
            if name in self.page_drags:
                page_numbers(value, count, name)
            else:
                page_indices(value, count, name)


class Scatter(PageMark, bqplot.Scatter):
    """A bqplot Scatter whose page sets ``hovered_point`` (its tooltip) and what :meth:`PageMark.let_page` allows."""

    page_picks = ("hovered_point",)


class Bars(PageMark, bqplot.Bars):
    """A bqplot Bars whose page sets only what :meth:`PageMark.let_page` allows."""


class Lines(PageMark, bqplot.Lines):
    """A bqplot Lines the page sets nothing of."""


class Label(PageMark, bqplot.Label):
    """A bqplot Label the page sets nothing of."""


class Axis(PageMark, bqplot.Axis):
    """A bqplot Axis the page sets nothing of."""


class LinearScale(PageMark, bqplot.LinearScale):
    """A bqplot LinearScale the page sets nothing of."""


class OrdinalScale(PageMark, bqplot.OrdinalScale):
    """A bqplot OrdinalScale the page sets nothing of."""


class Tooltip(PageMark, bqplot.Tooltip):
    """A bqplot Tooltip the page sets nothing of."""


class Figure(PageMark, bqplot.Figure):
    """A bqplot Figure the page sets nothing of; its own default scales are guarded too."""

    @traitlets.default("scale_x")
    def _guarded_scale_x(self) -> LinearScale:
        return LinearScale(min=0, max=1, allow_padding=False)

    @traitlets.default("scale_y")
    def _guarded_scale_y(self) -> LinearScale:
        return LinearScale(min=0, max=1, allow_padding=False)
