"""Planned vs actual on the map: :func:`conformance` deviations as map markers.

Each planned touchpoint gets one marker per kind of deviation that happened
there (skipped, repeated, out-of-order, unplanned next step), labelled with
how many journeys did it and their share of all journeys. The tone says how
serious it is: a share of at least ``bad`` is "bad", of at least ``warn`` is
"warn", anything less is "info"; shares below ``min_share`` get no marker (a map full of
one-journey badges helps nobody). The first stage gets a "check" marker with
the share of journeys that followed the plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..schema.values import is_missing
from .conformance import Conformance

if TYPE_CHECKING:
    from ..widgets.journey_map import JourneyMap

__all__ = ["DEVIATIONS", "SOURCE", "conformance_markers", "show_conformance"]

SOURCE = "conformance"
# Conformance column -> marker kind, and how a label reads it.
DEVIATIONS = {
    "skipped": ("skipped", "skipped by"),
    "repeated": ("repeated", "repeated by"),
    "out_of_order": ("out-of-order", "out of order for"),
    "unplanned": ("unplanned", "left the plan here:"),  # e.g. "left the plan here: 12 journeys (3%)"
}
MARKER_COLUMNS = ["touchpoint_id", "stage", "kind", "label", "tone"]


def _rows_of(table: pd.DataFrame, segment: str | None) -> pd.DataFrame:
    """The rows about all journeys (segment=None) or about one segment."""
    if "segment" not in table.columns:
        if segment is not None:
            raise ValueError(f"segment={segment!r} given, but this conformance result has no segments")
        return table
    mine = table["segment"].isna() if segment is None else table["segment"] == segment
    if segment is not None and not mine.any():
        known = sorted(str(s) for s in table["segment"].dropna().unique())
        raise ValueError(f"no segment {segment!r} in this conformance result; it has: {', '.join(known)}")
    return table[mine]


def _tone(share: float, warn: float, bad: float) -> str:
    return "bad" if share >= bad else "warn" if share >= warn else "info"


def conformance_markers(
    result: Conformance,
    *,
    segment: str | None = None,
    warn: float = 0.05,
    bad: float = 0.2,
    min_share: float = 0.01,
) -> pd.DataFrame:
    """Map markers (``touchpoint_id``, ``stage``, ``kind``, ``label``, ``tone``) for a conformance result.

    A touchpoint's marker names its touchpoint and that touchpoint's stage; the
    "check" marker names only the first stage (its ``touchpoint_id`` is empty).

    ``segment`` picks one segment's figures (default: all journeys). ``warn`` and
    ``bad`` are the shares of journeys from which a deviation's tone is "warn"
    and "bad"; deviations by fewer than ``min_share`` of journeys get no marker.
    """
    if not 0 <= warn <= bad:
        raise ValueError(f"need 0 <= warn <= bad, got warn={warn}, bad={bad}")
    summary = _rows_of(result.summary, segment).set_index("metric")["value"]
    journeys = float(summary.get("users", 0.0))
    rows: list[dict[str, Any]] = []
    touchpoints = _rows_of(result.touchpoints, segment)
    for tp in touchpoints[touchpoints["planned"]].to_dict("records"):
        for column, (kind, verb) in DEVIATIONS.items():
            count = tp[column]
            if is_missing(count) or int(count) == 0:
                continue
            share = int(count) / journeys if journeys else 0.0
            if share < min_share:
                continue
            # Shown inside the touchpoint's card: the name would only repeat the card's title.
            label = f"{verb} {int(count):,} journey{'' if int(count) == 1 else 's'} ({share:.0%})"
            # The stage is filled in too, so the table a user reads has no missing cells.
            rows.append(
                {
                    "touchpoint_id": tp["touchpoint_id"],
                    "stage": tp["stage"],
                    "kind": kind,
                    "label": label,
                    "tone": _tone(share, warn, bad),
                }
            )
    planned = touchpoints[touchpoints["planned"]]
    if journeys and len(planned):
        following = float(summary.get("following_plan_share", float("nan")))
        label = f"{following:.0%} of {int(journeys):,} journeys follow the plan"
        tone = "good" if following >= 1 - warn else "warn" if following >= 1 - bad else "bad"
        rows.append({"stage": planned["stage"].iloc[0], "kind": "check", "label": label, "tone": tone})
    return pd.DataFrame(rows, columns=MARKER_COLUMNS).astype({"kind": "str", "label": "str", "tone": "str"})


def show_conformance(
    journey_map: JourneyMap,
    result: Conformance,
    *,
    segment: str | None = None,
    warn: float = 0.05,
    bad: float = 0.2,
    min_share: float = 0.01,
) -> pd.DataFrame:
    """Show a :func:`conformance` result's deviations on a map as markers (source ``"conformance"``).

    Replaces the map's earlier conformance markers; returns the markers shown
    (see :func:`conformance_markers`). ``journey_map.show_markers("conformance", None)``
    removes them.
    """
    markers = conformance_markers(result, segment=segment, warn=warn, bad=bad, min_share=min_share)
    # One dict per marker, naming a touchpoint or a stage: a touchpoint's marker leaves its stage out.
    shown = [
        {str(k): v for k, v in row.items() if not is_missing(v) and not (k == "stage" and on_touchpoint)}
        for row in markers.to_dict("records")
        for on_touchpoint in [not is_missing(row["touchpoint_id"])]
    ]
    journey_map.show_markers(SOURCE, shown)
    return markers
