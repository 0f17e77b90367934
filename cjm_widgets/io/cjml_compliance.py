"""CJML compliance (planned vs actual) as the deviation markers ``show_conformance`` draws.

An actual CJML journey marks each touchpoint's ``<compliance>``: ``adHoc`` (not in the plan),
``failing`` (in the plan, but it went wrong) or ``missing`` (planned, never happened); a compliant
touchpoint needs no marker. The reader keeps the value in the ``compliance`` column;
:func:`compliance_markers` turns it into map markers of the same kinds and tones as
:func:`cjm_widgets.conformance_markers` (an ad hoc touchpoint is ``unplanned``, a missing one
``skipped``), and :func:`show_compliance` shows them on a map in place of its conformance markers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model.journey import Journey
from ..schema.values import is_missing

__all__ = ["COMPLIANCE", "compliance_markers", "show_compliance"]

SOURCE = "conformance"  # the marker source show_conformance uses: one set of deviation markers per map
# compliance value (lower case, no spaces or dashes) -> (marker kind, label, tone)
COMPLIANCE = {
    "adhoc": ("unplanned", "ad hoc: not in the plan", "warn"),
    "failing": ("failing", "failing: planned, but it went wrong", "bad"),
    "missing": ("skipped", "missing: planned, never happened", "bad"),
}
_COLUMNS = ["touchpoint_id", "stage", "kind", "label", "tone"]


def compliance_markers(journey: Journey) -> pd.DataFrame:
    """Markers (``touchpoint_id``, ``stage``, ``kind``, ``label``, ``tone``) for deviating touchpoints.

    Each names its touchpoint and that touchpoint's stage (as :func:`~cjm_widgets.conformance_markers` does),
    so the table a user reads has no missing cells.
    """
    tp = journey.touchpoints
    rows: list[dict[str, Any]] = []
    if "compliance" in tp.columns:
        for tp_id, stage, value in zip(tp["id"].tolist(), tp["stage"].tolist(), tp["compliance"].tolist(), strict=True):
            if is_missing(value):
                continue
            found = COMPLIANCE.get(str(value).replace(" ", "").replace("-", "").replace("_", "").lower())
            if found is not None:
                kind, label, tone = found
                rows.append({"touchpoint_id": tp_id, "stage": stage, "kind": kind, "label": label, "tone": tone})
    return pd.DataFrame(rows, columns=_COLUMNS).astype({"kind": "str", "label": "str", "tone": "str"})


def show_compliance(journey_map: Any) -> pd.DataFrame:
    """Show the map's CJML compliance deviations as markers (replacing its conformance markers); returns them."""
    markers = compliance_markers(journey_map.journey)
    # A touchpoint's marker leaves its stage out (the map places it by its touchpoint), as show_conformance does.
    shown = [
        {str(k): v for k, v in row.items() if not is_missing(v) and k != "stage"} for row in markers.to_dict("records")
    ]
    journey_map.show_markers(SOURCE, shown)
    return markers
