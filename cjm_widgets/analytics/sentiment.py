"""Sentiment scores (CSAT, NPS, any numeric score) onto a journey's emotion scale.

The rule: a score ``s`` on the sentiment scale ``(lo, hi)`` becomes the
emotion ``e_lo + (s - lo) / (hi - lo) * (e_hi - e_lo)`` on the emotion scale
``(e_lo, e_hi)`` (default -2..+2): linear, lowest score to lowest emotion,
highest to highest, the middle of the scale to neutral. A touchpoint's emotion
is its mean score so rescaled.

The sentiment scale is ``sentiment_scale=(lo, hi)`` when given. Otherwise it is
guessed from the scores seen: all within 1..5 is CSAT (1, 5); all within
0..10 is NPS-style (0, 10); anything else is the observed (min, max). Pass the
scale whenever you know it: a CSAT log whose answers are all 4 or 5 would
otherwise still be read as (1, 5), but an NPS log whose answers all lie in
1..5 would be read as CSAT.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..errors import SchemaError

__all__ = ["rescale", "sentiment_scale"]


def sentiment_scale(
    given: Sequence[float] | None, seen: tuple[float, float] | None, column: str
) -> tuple[float, float]:
    """The scale to read scores on: ``given``, or the guess from the ``seen`` (min, max)."""
    if given is not None:
        try:
            lo, hi = (float(v) for v in given)
        except (TypeError, ValueError):
            lo = hi = math.nan
        if not lo < hi:
            raise SchemaError(
                f"sentiment_scale must be (low, high) numbers with low < high, got {given!r}",
                table="events",
                column=column,
                value=given,
                fix="Pass e.g. sentiment_scale=(1, 5) for CSAT or (0, 10) for NPS",
            )
        return lo, hi
    if seen is None:
        return (1.0, 5.0)  # no scores at all: any scale will do, nothing gets rescaled
    low, high = seen
    if low >= 1 and high <= 5:
        return (1.0, 5.0)
    if low >= 0 and high <= 10:
        return (0.0, 10.0)
    return (low, high) if low < high else (low - 1.0, high + 1.0)


def rescale(score: float, scale: tuple[float, float], emotion_scale: tuple[float, float]) -> float:
    """One (mean) score on ``scale`` as an emotion on ``emotion_scale``; NaN stays NaN."""
    lo, hi = scale
    e_lo, e_hi = emotion_scale
    value = e_lo + (score - lo) / (hi - lo) * (e_hi - e_lo)
    return min(max(value, e_lo), e_hi) if not math.isnan(value) else value
