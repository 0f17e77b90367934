"""The sentiment -> emotion rule (documented in cjm_widgets.analytics.sentiment)."""

from __future__ import annotations

import math

import pytest

import cjm_widgets as cjm
from cjm_widgets.analytics.sentiment import rescale, sentiment_scale


@pytest.mark.parametrize(
    ("seen", "scale"),
    [
        ((1, 5), (1, 5)),
        ((2, 4), (1, 5)),
        ((0, 10), (0, 10)),
        ((3, 9), (0, 10)),
        ((-3, 7), (-3, 7)),
        ((20, 80), (20, 80)),
    ],
)
def test_scale_guess(seen: tuple[float, float], scale: tuple[float, float]) -> None:
    assert sentiment_scale(None, seen, "score") == scale


def test_given_scale_wins_and_is_checked() -> None:
    assert sentiment_scale((0, 100), (1, 5), "score") == (0, 100)
    with pytest.raises(cjm.SchemaError):
        sentiment_scale((1, 1), None, "score")


@pytest.mark.parametrize(
    ("score", "scale", "emotion"),
    [(1, (1, 5), -2), (3, (1, 5), 0), (5, (1, 5), 2), (4, (1, 5), 1), (0, (0, 10), -2), (7.5, (0, 10), 1)],
)
def test_linear_onto_the_emotion_scale(score: float, scale: tuple[float, float], emotion: float) -> None:
    assert rescale(score, scale, (-2, 2)) == emotion
    assert rescale(score, scale, (0, 10)) == (emotion + 2) * 2.5  # any emotion scale


def test_nan_stays_nan() -> None:
    assert math.isnan(rescale(math.nan, (1, 5), (-2, 2)))
