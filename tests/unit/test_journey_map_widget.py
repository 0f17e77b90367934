"""JourneyMap's Python side: what it sends to the view, and how it follows its Journey."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.schema import LANES


def small_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "phase": ["Awareness", "Purchase"],
            "touchpoint": ["<img src=x onerror=alert(1)>", "Checkout 结账"],
            "emotion": [1.0, np.nan],
            "revenue": [0, 120],
            "seen": pd.to_datetime(["2024-01-01", "2024-01-02"]),
        }
    )


def test_from_dataframe_with_mapping() -> None:
    m = cjm.JourneyMap(
        small_df(), stages=["Awareness", "Purchase", "Advocacy"], columns={"phase": "stage"}, title="T", kind="future"
    )
    assert m.title == "T" and m.kind == "future" and m.journey.kind == "future"
    assert [s["stage"] for s in m._stages] == ["Awareness", "Purchase", "Advocacy"]
    assert m._rows[0]["touchpoint"] == "<img src=x onerror=alert(1)>"  # data, sent as-is
    assert m._rows[1]["emotion"] is None  # NaN -> null
    assert m._rows[1]["revenue"] == 120 and m._rows[0]["seen"].startswith("2024-01-01")
    json.dumps(m._rows)  # everything the view gets is JSON
    assert m.lanes == list(LANES)
    assert m.emotion_scale == [-2.0, 2.0]


def test_from_journey_and_template() -> None:
    journey = cjm.templates.load("colleen-vacuum")
    m = cjm.JourneyMap(journey)
    assert m.journey is journey
    assert len(m._rows) == len(journey.touchpoints)
    assert [r["id"] for r in m._rows] == journey.touchpoints["id"].tolist()
    with pytest.raises(TypeError, match="pass the Journey alone"):
        cjm.JourneyMap(journey, stages=["A"])


def test_assigning_touchpoints_and_stages_updates_the_view_state() -> None:
    m = cjm.JourneyMap(small_df(), columns={"phase": "stage"})
    tp = m.touchpoints
    tp.loc[0, "thought"] = "Looks solid"
    m.touchpoints = tp
    assert m._rows[0]["thought"] == "Looks solid"
    m.stages = ["Awareness", "Purchase", "Advocacy"]
    assert [s["stage"] for s in m._stages][-1] == "Advocacy"


def test_invalid_assignment_leaves_map_unchanged() -> None:
    m = cjm.JourneyMap(small_df(), columns={"phase": "stage"})
    rows = list(m._rows)
    with pytest.raises(cjm.SchemaError, match="unknown stage"):
        m.touchpoints = m.touchpoints.assign(stage=["Awareness", "Nowhere"])
    assert m._rows == rows


def test_lanes_accept_extra_columns_and_refuse_unknown() -> None:
    m = cjm.JourneyMap(small_df(), columns={"phase": "stage"}, lanes=["touchpoint", "revenue", "emotion"])
    assert m.lanes == ["touchpoint", "revenue", "emotion"]
    with pytest.raises(cjm.SchemaError, match="unknown lane 'profit'"):
        m.lanes = ["touchpoint", "profit"]


def test_title_and_kind_write_through_to_the_journey() -> None:
    m = cjm.JourneyMap(small_df(), columns={"phase": "stage"})
    m.title = "Renamed"
    m.kind = "day-in-the-life"
    assert (m.journey.title, m.journey.kind) == ("Renamed", "day-in-the-life")


def test_esm_and_css_are_the_built_bundle() -> None:
    m = cjm.JourneyMap(small_df(), columns={"phase": "stage"})
    assert "render" in str(m._esm)
    assert ".cjm-journey-map" in str(m._css)
