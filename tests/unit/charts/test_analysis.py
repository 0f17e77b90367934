"""peak_end, stage_summary, stage metrics and the action plan, against hand-worked figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.insights.stage_metrics import metric_kind, periods, stage_metrics

from .journeys import two_personas, with_metrics


def test_peak_end_per_persona() -> None:
    table = cjm.peak_end(two_personas())
    got = table[["persona", "moment", "touchpoint_id", "stage", "emotion"]].values.tolist()
    assert got == [
        ["ann", "peak", "a2", "Buy", 2.0],  # |+2| ties |-2|: the earlier wins
        ["ann", "end", "a3", "Use", -2.0],  # a4 has no emotion: not the end
        ["bob", "peak", "b1", "Aware", 1.0],
        ["bob", "end", "b3", "Use", 0.5],
    ]
    assert table["intensity"].tolist() == [2.0, 2.0, 1.0, 0.5]


def test_peak_end_without_personas_and_negative_peak() -> None:
    journey = cjm.Journey(
        pd.DataFrame({"stage": ["S"] * 3, "touchpoint": ["a", "b", "c"], "emotion": [1.0, -1.5, 0.0]}), ["S"]
    )
    table = cjm.peak_end(journey)
    assert table["persona"].tolist() == [None, None]
    assert table["emotion"].tolist() == [-1.5, 0.0]
    assert table["touchpoint"].tolist() == ["b", "c"]


def test_peak_end_of_touchpoints_without_a_persona_among_others() -> None:
    journey = cjm.Journey(
        pd.DataFrame(
            {"stage": ["S"] * 3, "touchpoint": ["a", "b", "c"], "persona": ["x", None, "x"], "emotion": [1, 2, -1]}
        ),
        ["S"],
    )
    table = cjm.peak_end(journey)
    assert table[["persona", "moment", "touchpoint"]].values.tolist() == [
        ["x", "peak", "a"],
        ["x", "end", "c"],
        [None, "peak", "b"],
        [None, "end", "b"],
    ]


def test_peak_end_intensity_is_measured_from_the_middle_of_the_scale() -> None:
    journey = cjm.Journey(
        pd.DataFrame({"stage": ["S"] * 3, "touchpoint": ["a", "b", "c"], "emotion": [4.0, 1.0, 3.0]}),
        ["S"],
        emotion_scale=(1, 5),
    )
    peak = cjm.peak_end(journey).iloc[0]
    assert (peak["touchpoint"], peak["intensity"]) == ("b", 2.0)  # 1 is 2 below the middle 3; 4 is 1 above


def test_peak_end_of_a_journey_without_emotions_is_empty() -> None:
    journey = cjm.Journey(pd.DataFrame({"stage": ["S"], "touchpoint": ["a"]}), ["S"])
    table = cjm.peak_end(journey)
    assert table.empty and list(table.columns)[:3] == ["persona", "moment", "touchpoint_id"]


def test_peak_end_refuses_a_non_map_to_mark() -> None:
    with pytest.raises(TypeError, match="JourneyMap"):
        cjm.peak_end(two_personas(), mark_on=object())
    with pytest.raises(TypeError, match="Journey or a JourneyMap"):
        cjm.peak_end("not a journey")


def test_stage_summary_counts_and_means() -> None:
    table = cjm.stage_summary(two_personas())
    assert table["stage"].tolist() == ["Aware", "Buy", "Use"]
    assert table["touchpoints"].tolist() == [2, 2, 3]
    assert table["mean_emotion"].tolist() == [0.0, 2.0, -0.75]  # NaNs skipped, not zeros
    assert table["pain_points"].tolist() == [1, 0, 1]  # "" is no pain point
    assert table["opportunities"].tolist() == [1, 1, 2]  # "  " is no opportunity


def test_stage_summary_metric_means() -> None:
    table = cjm.stage_summary(with_metrics()).set_index("stage")
    assert table.loc["Aware", "conversion"] == pytest.approx(0.55)  # (0.5 + 0.6) / 2
    assert np.isnan(table.loc["Use", "conversion"])  # NaN stays missing
    assert table.loc["Aware", "nps"] == pytest.approx(20.0)  # touchpoints a1 (10) and b1 (30)
    assert np.isnan(table.loc["Buy", "nps"])
    assert table.loc["Buy", "csat"] == pytest.approx(4.05)
    latest = cjm.stage_summary(with_metrics(), period="2024-02").set_index("stage")
    assert latest.loc["Aware", "conversion"] == pytest.approx(0.6)


def test_stage_metrics_for_charts_prefer_everyone_rows_and_latest_period() -> None:
    values = stage_metrics(with_metrics(), period="latest", how="chart")
    assert values.loc["Aware", "users"] == 1000  # the row about everyone, not 1000 + 750 + 250
    assert values.loc["Buy", "conversion"] == pytest.approx(0.3)
    new = stage_metrics(with_metrics(), period="latest", segment="new", how="chart")
    assert new.loc["Buy", "users"] == 300
    assert np.isnan(new.loc["Buy", "conversion"])  # no row for that segment: missing, not zero


def test_stage_metrics_sum_segments_when_nobody_speaks_for_everyone() -> None:
    journey = with_metrics()
    journey.metrics = journey.metrics[journey.metrics["segment"].notna() | (journey.metrics["metric"] != "users")]
    values = stage_metrics(journey, period="latest", how="chart")
    assert values.loc["Buy", "users"] == 400  # 300 new + 100 returning


def test_metric_kinds_and_period_order() -> None:
    assert metric_kind("conversion", pd.Series([0.5])) == "rate"
    assert metric_kind("drop_off", pd.Series([0.1])) == "rate"
    assert metric_kind("CSAT", pd.Series([4.2])) == "score"
    assert metric_kind("nps", pd.Series([0.5])) == "score"  # the name wins over the values
    assert metric_kind("users", pd.Series([100])) == "count"
    assert metric_kind("mystery", pd.Series([0.2, 0.9])) == "rate"
    assert metric_kind("mystery", pd.Series([2.0])) == "score"
    table = pd.DataFrame({"period": ["2024-03", "2023-12", "2024-01"]})
    assert periods(table) == ["2023-12", "2024-01", "2024-03"]
    assert periods(pd.DataFrame({"period": ["Q2 FY", "Q1 FY"]})) == ["Q2 FY", "Q1 FY"]  # not dates: table order


def test_action_plan_ranks_by_impact_over_effort() -> None:
    journey = two_personas()
    tp = journey.touchpoints
    tp["impact"] = [4.0, np.nan, np.nan, 5.0, 3.0, 2.0, np.nan]
    tp["effort"] = [2.0, np.nan, np.nan, 1.0, 3.0, np.nan, np.nan]
    journey.touchpoints = tp
    plan = cjm.JourneyMap(journey).action_plan()
    assert plan["touchpoint_id"].tolist() == ["b2", "a1", "a3", "b3"]  # 5/1, 4/2, 3/3, then unrated
    assert plan["priority"].tolist()[:3] == [5.0, 2.0, 1.0]
    assert plan["rank"].tolist()[:3] == [1, 2, 3] and plan["rank"].isna().tolist()[3]
    assert plan["opportunity"].tolist()[0] == "Save the cart"


def test_action_plan_with_feasibility_and_zero_effort() -> None:
    journey = two_personas()
    tp = journey.touchpoints
    tp["impact"] = [2.0, np.nan, np.nan, 4.0, 3.0, 1.0, np.nan]
    tp["feasibility"] = [5.0, np.nan, np.nan, 1.0, 2.0, 5.0, np.nan]
    tp["effort"] = [0.0, np.nan, np.nan, 2.0, 3.0, 1.0, np.nan]
    journey.touchpoints = tp
    assert cjm.action_plan(journey, y="feasibility")["touchpoint_id"].tolist() == ["a1", "a3", "b3", "b2"]
    # effort 0 counts as the smallest effort rated (1): 2/1 = 2, ranked with 4/2 = 2 in map order
    plan = cjm.action_plan(journey)
    assert plan["touchpoint_id"].tolist() == ["a1", "b2", "a3", "b3"]
    assert plan["priority"].tolist() == [2.0, 2.0, 1.0, 1.0]


def test_action_plan_without_ratings_lists_opportunities_unranked() -> None:
    plan = cjm.action_plan(two_personas())
    assert plan["touchpoint_id"].tolist() == ["a1", "b2", "a3", "b3"]
    assert plan["rank"].isna().all() and plan["priority"].isna().all()
