"""Small journeys whose expected figures are worked out by hand in the tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

import cjm_widgets as cjm

STAGES = ["Aware", "Buy", "Use"]


def two_personas() -> cjm.Journey:
    """Ann: -1, +2, -2 (tie on |2|: +2 is earlier), NaN last. Bob: 1, NaN, 0.5 (end 0.5)."""
    return cjm.Journey(
        pd.DataFrame(
            {
                "id": ["a1", "b1", "a2", "b2", "a3", "b3", "a4"],
                "stage": ["Aware", "Aware", "Buy", "Buy", "Use", "Use", "Use"],
                "touchpoint": ["Ad", "Ad", "Cart", "Cart", "Setup", "Setup", "Survey"],
                "emotion": [-1.0, 1.0, 2.0, np.nan, -2.0, 0.5, np.nan],
                "persona": ["ann", "bob", "ann", "bob", "ann", "bob", "ann"],
                "pain_point": [None, "Too many ads", "", None, "Manual is unclear", None, None],
                "opportunity": ["Target better", None, "  ", "Save the cart", "Video guide", "Quick start", None],
            }
        ),
        STAGES,
        title="Two personas",
    )


def with_metrics() -> cjm.Journey:
    """Stage rows for conversion/csat/users in two periods and two segments; touchpoint rows for nps."""
    journey = two_personas()
    rows = []
    for period, shift in (("2024-01", 0.0), ("2024-02", 0.1)):
        for stage, conversion, users in (("Aware", 0.5, 1000), ("Buy", 0.2, 400), ("Use", np.nan, 80)):
            rows.append({"stage": stage, "metric": "conversion", "value": conversion + shift, "period": period})
            rows.append({"stage": stage, "metric": "users", "value": users, "period": period})
            for segment, seg_users in (("new", users * 0.75), ("returning", users * 0.25)):
                rows.append(
                    {"stage": stage, "metric": "users", "value": seg_users, "period": period, "segment": segment}
                )
        rows.append({"stage": "Buy", "metric": "csat", "value": 4.0 + shift, "period": period})
        rows.append({"touchpoint_id": "a1", "metric": "nps", "value": 10.0, "period": period})
        rows.append({"touchpoint_id": "b1", "metric": "nps", "value": 30.0, "period": period})
    journey.metrics = pd.DataFrame(rows)
    return journey
