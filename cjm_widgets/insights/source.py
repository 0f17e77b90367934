"""What an analysis reads: a Journey or anything showing one (a map, a chart), its personas, its text cells."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..model.journey import Journey
from ..schema.values import is_missing

__all__ = ["has_text", "journey_of", "persona_groups"]


def journey_of(source: Any) -> Journey:
    """The Journey of ``source``: a :class:`Journey` itself, or a widget with a ``journey`` attribute."""
    if isinstance(source, Journey):
        return source
    journey = getattr(source, "journey", None)
    if isinstance(journey, Journey):
        return journey
    raise TypeError(f"expected a Journey or a JourneyMap, got {type(source).__name__}")


def persona_groups(touchpoints: Any) -> list[tuple[str | None, Any]]:
    """Touchpoints split by persona, in order of first appearance; one group (None) without personas.

    Rows with no persona form their own group (None) when other rows have one: every
    touchpoint belongs to exactly one curve.
    """
    if "persona" not in touchpoints.columns or touchpoints["persona"].isna().all():
        return [(None, touchpoints)]
    keys = [None if is_missing(k) else k for k in touchpoints["persona"].tolist()]
    column = np.array(keys, dtype=object)
    return [(key, touchpoints[column == key]) for key in dict.fromkeys(keys)]


def has_text(series: pd.Series) -> pd.Series:
    """True where a text cell holds something other than blanks."""
    return series.map(lambda v: not is_missing(v) and bool(str(v).strip())).astype("bool")
