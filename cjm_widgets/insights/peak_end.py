"""Peak-end: the most intense moment and the last moment of each persona's emotion curve.

People judge an experience largely by its most intense point and by its end
(Kahneman's peak-end rule), so these two touchpoints deserve the most care.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .source import journey_of, persona_groups

__all__ = ["COLUMNS", "peak_end", "peak_end_markers"]

COLUMNS = ("persona", "moment", "touchpoint_id", "stage", "touchpoint", "emotion", "intensity")


def peak_end(source: Any, *, mark_on: Any = None) -> pd.DataFrame:
    """The peak and the end of the emotion curve, per persona.

    Parameters
    ----------
    source:
        A :class:`~cjm_widgets.Journey` or a :class:`~cjm_widgets.JourneyMap`.
    mark_on:
        Optionally a JourneyMap: its page then shows the two moments as markers
        (source ``"peak_end"``), replacing earlier ones. An :class:`EmotionCurve`
        keeps these markers current by itself.

    Returns
    -------
    pandas.DataFrame
        Two rows per persona (one when the persona has a single scored touchpoint
        that is both), columns ``persona`` (None without personas), ``moment``
        (``"peak"`` or ``"end"``), ``touchpoint_id``, ``stage``, ``touchpoint``,
        ``emotion`` and ``intensity``. The peak is the touchpoint whose emotion is
        farthest from the middle of the journey's emotion scale (0 on the default
        -2..+2), positive or negative; ties go to the earliest in map order. The end
        is the last touchpoint in map order with an emotion. Touchpoints without an
        emotion are skipped; a persona with none has no rows.
    """
    journey = journey_of(source)
    low, high = journey.emotion_scale
    middle = (low + high) / 2
    rows: list[dict[str, Any]] = []
    for persona, group in persona_groups(journey.touchpoints):
        scored = group[group["emotion"].notna()]
        if scored.empty:
            continue
        intensity = (scored["emotion"].astype("float64") - middle).abs()
        peak = int(intensity.to_numpy().argmax())  # argmax returns the first of equal maxima: earliest
        for moment, position in (("peak", peak), ("end", len(scored) - 1)):
            row = scored.iloc[position]
            rows.append(
                {
                    "persona": persona,
                    "moment": moment,
                    "touchpoint_id": str(row["id"]),
                    "stage": str(row["stage"]),
                    "touchpoint": str(row["touchpoint"]),
                    "emotion": float(row["emotion"]),
                    "intensity": float(intensity.iloc[position]),
                }
            )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    # Object dtype keeps None (no persona) as None; pandas' string dtype would turn it into NaN.
    table["persona"] = pd.Series([row["persona"] for row in rows], index=table.index, dtype=object)
    table["emotion"] = table["emotion"].astype("float64")
    table["intensity"] = table["intensity"].astype("float64")
    if mark_on is not None:
        show = getattr(mark_on, "show_markers", None)
        if show is None:
            raise TypeError(f"mark_on must be a JourneyMap, got {type(mark_on).__name__}")
        show("peak_end", peak_end_markers(table, middle))
    return table


def peak_end_markers(table: pd.DataFrame, middle: float = 0.0) -> list[dict[str, Any]]:
    """Map markers (see ``JourneyMap.show_markers``) for a :func:`peak_end` table.

    ``middle`` is the neutral emotion (the middle of the scale): above it a moment is good, below bad.
    """
    markers = []
    for persona, moment, row_id, emotion in zip(
        table["persona"].tolist(),
        table["moment"].tolist(),
        table["touchpoint_id"].tolist(),
        table["emotion"].astype("float64").tolist(),
        strict=True,
    ):
        who = f" ({persona})" if persona is not None else ""
        label = f"{'Peak' if moment == 'peak' else 'End'}{who}: {emotion:+g}"
        tone = "good" if emotion > middle else "bad" if emotion < middle else "info"
        markers.append({"kind": moment, "label": label, "touchpoint_id": row_id, "tone": tone})
    return markers
