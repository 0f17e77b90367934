"""conformance: the map's plan against the hand-checked log plus one user who skips a step."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.analytics.conformance import Conformance

KW: dict[str, Any] = {"user": "user", "time": "time", "touchpoint": "touchpoint"}


def test_summary(result: Conformance) -> None:
    # Plan positions Ad 0, Site 1, Buy 2.
    # a: 0 1 1 2 follows and completes; b: 0 1 Help (unplanned); c: starts at 1, goes back to 0;
    # d: 0 follows (stops early); e: 0 2 skips 1.
    summary = dict(zip(result.summary["metric"], result.summary["value"], strict=True))
    assert summary == {
        "users": 5,
        "following_plan": 2,
        "following_plan_share": 0.4,
        "completed_plan": 1,
        "completed_plan_share": 0.2,
    }


def test_per_touchpoint(result: Conformance) -> None:
    table = result.touchpoints.set_index("touchpoint")
    cols = ["users", "events", "skipped", "repeated", "out_of_order", "unplanned"]
    assert list(table.loc["Ad", cols]) == [5, 5, 0, 0, 1, 0]  # c reaches Ad after Buy
    # Site: reached by a, b, c; skipped by e (who reached Buy); a repeats it; b goes on to Help.
    assert list(table.loc["Site", cols]) == [3, 4, 1, 1, 0, 1]
    assert list(table.loc["Buy", cols]) == [3, 3, 0, 0, 0, 0]
    assert list(table.loc["Help", ["users", "events"]]) == [1, 1]
    assert table.loc["Help", ["skipped", "repeated", "out_of_order", "unplanned"]].isna().all()
    assert table["planned"].tolist() == [True, True, True, False]
    assert table["touchpoint_id"].tolist()[:3] == ["p1", "p2", "p3"]
    assert table["planned_position"].tolist()[:3] == [0, 1, 2]


def test_segments(plan: cjm.Journey, log: pd.DataFrame) -> None:
    result = cjm.conformance(plan, log, **KW, segment="segment")
    summary = result.summary
    new = summary[summary["segment"] == "new"].set_index("metric")["value"]
    assert new["users"] == 2 and new["following_plan"] == 1  # a follows, b does not
    loyal = result.touchpoints[result.touchpoints["segment"] == "loyal"].set_index("touchpoint")
    assert loyal.loc["Ad", "out_of_order"] == 1
    assert summary["segment"].isna().sum() == 5  # the rows about everyone


def test_duplicate_plan_names_are_refused(log: pd.DataFrame) -> None:
    plan = cjm.Journey(pd.DataFrame({"stage": ["A", "B"], "touchpoint": ["Ad", "Ad"]}))
    with pytest.raises(cjm.SchemaError, match="twice") as info:
        cjm.conformance(plan, log, **KW)
    assert info.value.table == "touchpoints" and info.value.column == "touchpoint"
