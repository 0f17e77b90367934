"""Markers: small labelled badges that analyses put on a map.

Peak-end moments, classroom checks and conformance deviations all end up as
markers: each names a touchpoint (``touchpoint_id``) or a stage (``stage``),
has a ``kind`` and a ``label`` a person reads, and a ``tone``. Each analysis
owns its ``source``, so showing new markers of one source never hides another's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..errors import SchemaError
from ..model.journey import Journey

__all__ = ["TONES", "normalize_markers"]

TONES = ("info", "good", "warn", "bad")
_KEYS = ("kind", "label", "touchpoint_id", "stage", "tone")


def _records(markers: pd.DataFrame | Sequence[Mapping[str, Any]] | None) -> list[Mapping[str, Any]]:
    if markers is None:
        return []
    if isinstance(markers, pd.DataFrame):
        return [{str(k): (None if _missing(v) else v) for k, v in row.items()} for row in markers.to_dict("records")]
    if isinstance(markers, Mapping) or not isinstance(markers, Sequence):
        raise TypeError(f"markers must be a DataFrame or a list of dicts, got {type(markers).__name__}")
    return list(markers)


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (str, list, dict)) and bool(pd.isna(value)))


def _text(value: Any) -> str | None:
    return None if _missing(value) or value == "" else str(value)


def normalize_markers(
    source: str, markers: pd.DataFrame | Sequence[Mapping[str, Any]] | None, journey: Journey
) -> list[dict[str, Any]]:
    """Validate ``markers`` against ``journey`` and return them as plain dicts tagged with ``source``.

    Raises :class:`SchemaError` naming the marker (by position), the key and the value at fault.
    """
    if not isinstance(source, str) or not source:
        raise TypeError("source must be a non-empty string naming the analysis (e.g. 'peak_end')")
    rows = _records(markers)
    ids = set(journey.touchpoints["id"].astype(str))
    stages = journey.stage_names
    out: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise SchemaError("a marker must be a dict", table="markers", position=i, value=row)

        def fail(message: str, column: str, value: Any, fix: str, i: int = i) -> SchemaError:
            return SchemaError(message, table="markers", column=column, position=i, value=value, fix=fix)

        tp, stage = _text(row.get("touchpoint_id")), _text(row.get("stage"))
        if (tp is None) == (stage is None):
            raise fail(
                "a marker names either a touchpoint or a stage",
                "touchpoint_id",
                tp,
                "Give exactly one of 'touchpoint_id' and 'stage'",
            )
        if tp is not None and tp not in ids:
            raise fail(f"unknown touchpoint id {tp!r}", "touchpoint_id", tp, "Use an id from the map's touchpoints")
        if stage is not None and stage not in stages:
            raise fail(f"unknown stage {stage!r}", "stage", stage, f"Use one of: {', '.join(map(repr, stages))}")
        tone = _text(row.get("tone")) or "info"
        if tone not in TONES:
            raise fail(f"unknown tone {tone!r}", "tone", tone, f"Use one of: {', '.join(TONES)}")
        kind = _text(row.get("kind"))
        if kind is None:
            raise fail("a marker needs a kind", "kind", row.get("kind"), "Say what it marks, e.g. 'peak'")
        label = _text(row.get("label")) or kind
        out.append({"source": source, "kind": kind, "label": label, "touchpoint_id": tp, "stage": stage, "tone": tone})
    return out
