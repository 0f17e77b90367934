"""Greedy placement of point names on a chart: no name covers another name, a point or a fixed text.

Each name tries the four places around its point (right, left, above, below); a name that fits
nowhere is tried again shortened, twice (the full name stays in the point's tooltip), and is left
out when even that collides. Geometry is in pixels of the plot area, y growing downwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import marks
from .palette import TEXT

__all__ = ["ANCHORS", "GAP", "Box", "Placed", "anchored_labels", "css_pixels", "place_names", "shorten", "show_placed"]

Box = tuple[float, float, float, float]  # left, top, right, bottom
ANCHORS = ("right", "left", "above", "below")
GAP = 8.0  # px between a point and its name


@dataclass(frozen=True)
class Placed:
    """Where one point's name went: the text shown (maybe shortened) and its anchor."""

    text: str
    anchor: str


def shorten(text: str, chars: int) -> str:
    """``text`` cut to ``chars`` characters with an ellipsis (unchanged when it already fits)."""
    return text if len(text) <= chars else text[: max(chars - 1, 1)].rstrip() + "…"


def _box(x: float, y: float, width: float, height: float, anchor: str, gap: float) -> Box:
    if anchor == "right":
        return (x + gap, y - height / 2, x + gap + width, y + height / 2)
    if anchor == "left":
        return (x - gap - width, y - height / 2, x - gap, y + height / 2)
    if anchor == "above":
        return (x - width / 2, y - gap - height, x + width / 2, y - gap)
    return (x - width / 2, y + gap, x + width / 2, y + gap + height)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_names(
    points: Sequence[tuple[float, float]],
    names: Sequence[str],
    area: tuple[float, float],
    *,
    obstacles: Sequence[Box] = (),
    char_width: float = 6.5,
    line_height: float = 14.0,
    gap: float = GAP,
    radius: float = 6.0,
    short: int = 14,
) -> list[Placed | None]:
    """A place for each point's name in ``area`` (width, height), in the order given (earlier wins).

    ``obstacles`` are boxes already taken (fixed labels); every point's dot is one too. The text
    width is estimated as ``char_width`` per character: a generous guess, so a real text fits.
    """
    taken: list[Box] = [*obstacles]
    taken += [(x - radius, y - radius, x + radius, y + radius) for x, y in points]
    width, height = area
    placed: list[Placed | None] = []
    for (x, y), name in zip(points, names, strict=True):
        found: Placed | None = None
        # The full name first, then shortened, then shorter still (a crowded row).
        for text in dict.fromkeys((name, shorten(name, short), shorten(name, max(short * 2 // 3, 4)))):
            for anchor in ANCHORS:
                box = _box(x, y, len(text) * char_width, line_height, anchor, gap)
                inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
                if inside and not any(_overlaps(box, other) for other in taken):
                    found = Placed(text, anchor)
                    taken.append(box)
                    break
            if found is not None:
                break
        placed.append(found)
    return placed


def anchored_labels(
    scales: dict[str, Any], *, size: int = 11, bold: bool = False, gap: float = GAP
) -> dict[str, marks.Label]:
    """One (guarded) bqplot Label per anchor, offset from the points as :func:`place_names` assumes."""
    half = gap + 7  # the text's middle: its near edge gap px from the point
    return {
        anchor: marks.Label(
            scales=scales,
            x=[],
            y=[],
            text=[],
            colors=[TEXT],
            default_size=size,
            font_weight="bold" if bold else "normal",
            align={"right": "start", "left": "end"}.get(anchor, "middle"),
            x_offset={"right": gap, "left": -gap}.get(anchor, 0),
            y_offset={"above": -half, "below": half}.get(anchor, 0),
        )
        for anchor in ANCHORS
    }


def show_placed(
    labels: dict[str, marks.Label],
    spots: Sequence[tuple[float, float, str, Placed | None]],
    colours: Sequence[str] | None = None,
) -> None:
    """Put each ``(x, y, name, placed)`` (data coordinates) on its anchor's label; unplaced ones are left out."""
    rows: dict[str, list[tuple[float, float, str, str]]] = {anchor: [] for anchor in ANCHORS}
    for i, (x, y, _name, spot) in enumerate(spots):
        if spot is not None:
            rows[spot.anchor].append((x, y, spot.text, colours[i] if colours else TEXT))
    for anchor, label in labels.items():
        with label.hold_sync():
            label.x = [r[0] for r in rows[anchor]]
            label.y = [r[1] for r in rows[anchor]]
            label.text = [r[2] for r in rows[anchor]]
            label.colors = [r[3] for r in rows[anchor]] or [TEXT]


def css_pixels(size: str, default: int) -> int:
    """``"420px"`` -> 420; any other CSS size -> ``default``."""
    return int(size[:-2]) if size.endswith("px") and size[:-2].isdigit() else default
