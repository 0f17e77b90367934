"""Point names placed apart: the greedy placement alone, then on the priority matrix."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

import cjm_widgets as cjm
from cjm_widgets.charts.label_placement import Placed, place_names, shorten


def _box(x: float, y: float, text: str, anchor: str) -> tuple[float, float, float, float]:
    w, h, gap = len(text) * 6.5, 14.0, 8.0
    return {
        "right": (x + gap, y - h / 2, x + gap + w, y + h / 2),
        "left": (x - gap - w, y - h / 2, x - gap, y + h / 2),
        "above": (x - w / 2, y - gap - h, x + w / 2, y - gap),
        "below": (x - w / 2, y + gap, x + w / 2, y + gap + h),
    }[anchor]


def _apart(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_names_try_each_side_then_shorten_then_give_up() -> None:
    points = [(100.0, 100.0), (130.0, 100.0), (100.0, 75.0), (100.0, 125.0), (300.0, 20.0)]
    names = [
        "Checkout",
        "Delivery slot",
        "Survey",
        "Personalised financing offer",
        "Right edge, a name far too long to sit on any side",
    ]
    placed = place_names(points, names, (400.0, 200.0))
    # Right of "Checkout" is the next point: it goes left.
    assert placed[0] == Placed("Checkout", "left")
    boxes = [_box(*points[i], p.text, p.anchor) for i, p in enumerate(placed) if p is not None]
    for a, b in itertools.combinations(boxes, 2):
        assert _apart(a, b)
    for box in boxes:  # none covers a point, none leaves the area
        assert all(_apart(box, (x - 6, y - 6, x + 6, y + 6)) for x, y in points)
        assert box[0] >= 0 and box[2] <= 400 and box[1] >= 0 and box[3] <= 200
    # The last name is too long for any side at full length: shortened, not clipped.
    assert placed[4] is not None and placed[4].text == shorten(names[4], 14) and placed[4].text.endswith("…")


def test_crowded_points_leave_names_out_rather_than_overlap() -> None:
    points = [(50.0 + 10 * i, 100.0) for i in range(20)]
    placed = place_names(points, [f"Touchpoint number {i}" for i in range(20)], (400.0, 200.0))
    assert 0 < sum(p is not None for p in placed) < 20


def test_priority_matrix_names_never_overlap_and_unrated_sit_apart() -> None:
    one = cjm.templates.load("colleen-vacuum")
    tp = one.touchpoints
    other = tp.assign(id=tp["id"] + "-m", persona="marco")
    rated = pd.concat([tp, other], ignore_index=True)
    # Half rated (clustered in the middle, where names collide most), half waiting in the row below.
    n = len(rated)
    rated["impact"] = np.where(np.arange(n) % 2 == 0, 3.0 + (np.arange(n) % 3) * 0.1, np.nan)
    rated["effort"] = np.where(np.arange(n) % 2 == 0, 3.0 - (np.arange(n) % 5) * 0.1, np.nan)
    journey = cjm.Journey(touchpoints=rated, stages=one.stages)
    matrix = cjm.PriorityMatrix(journey)
    assert matrix.points.display_names is False
    width, height = 640 - 55 - 25, 420 - 45 - 50
    x0, x1, y0, y1 = matrix.x_scale.min, matrix.x_scale.max, matrix.y_scale.min, matrix.y_scale.max
    boxes = []
    for anchor, label in matrix.name_labels.items():
        for x, y, text in zip(label.x, label.y, label.text, strict=True):
            px, py = (x - x0) / (x1 - x0) * width, (y1 - y) / (y1 - y0) * height
            boxes.append(_box(px, py, text, anchor))
    assert boxes, "some names are shown"
    for a, b in itertools.combinations(boxes, 2):
        assert _apart(a, b)
    # Every point keeps its full name for the tooltip, shown or not.
    shown = rated[rated["pain_point"].notna() | rated["opportunity"].notna()]
    assert len(matrix.points.names) == len(shown) > len(boxes)
    assert set(matrix.points.names) == {str(n) for n in shown["touchpoint"]}


def test_a_crowded_row_names_more_points_shortened_twice() -> None:
    # Points 70px apart: some 14-character names (91px) fit no side; 9 characters (58.5px) do.
    points = [(40.0 + 70 * i, 150.0) for i in range(7)]
    names = ["Overdue invoices pile up"] * 7
    placed = place_names(points, names, (520.0, 200.0))
    assert all(p is not None for p in placed)
    assert shorten(names[0], 9) in {p.text for p in placed if p is not None}  # needed the shorter cut
    boxes = [_box(*points[i], p.text, p.anchor) for i, p in enumerate(placed) if p is not None]
    for a, b in itertools.combinations(boxes + [(x - 6, y - 6, x + 6, y + 6) for x, y in points], 2):
        assert _apart(a, b) or (a[2] - a[0] == 12 and b[2] - b[0] == 12)  # dots may be close to each other
