"""from_events on the hand-checked log of conftest.py; every expected number is worked out by hand.

Steps (1-based) and gaps, per user:
  a: Ad(1) -10m- Site(2) -5m- Site(3) -60m- Buy(4)      ends at Buy
  b: Ad(1) -30m- Site(2) -10m- Help(3)                  ends at Help
  c: Site(1) -20m- Buy(2) -60m- Ad(3)                   ends at Ad
  d: Ad(1)                                              ends at Ad
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

import cjm_widgets as cjm

KW: dict[str, Any] = {"user": "user", "time": "time", "touchpoint": "touchpoint"}


def metric(journey: cjm.Journey, name: str, *, tp: str | None = None, stage: str | None = None, segment=None) -> float:
    m = journey.metrics
    rows = m[(m["metric"] == name) & (m["segment"].isna() if segment is None else m["segment"] == segment)]
    if tp is not None:
        ids = dict(zip(journey.touchpoints["touchpoint"], journey.touchpoints["id"], strict=True))
        rows = rows[rows["touchpoint_id"] == ids[tp]]
    else:
        rows = rows[rows["stage"] == stage]
    if rows.empty:
        return math.nan
    assert len(rows) == 1
    return float(rows["value"].iloc[0])


@pytest.fixture
def journey(log: pd.DataFrame) -> cjm.Journey:
    return cjm.from_events(log, **KW, stage="stage", channel="channel", sentiment="csat", segment="segment")


def test_map_layout(journey: cjm.Journey) -> None:
    # Stages by median first step: Aware [1,1,3,1] -> 1, Consider [2,2,1] -> 2, Purchase [4,2] -> 3.
    assert journey.stage_names == ["Aware", "Consider", "Purchase"]
    tps = journey.touchpoints
    # Within Consider: Site (median first step 2) before Help (3).
    assert tps["touchpoint"].tolist() == ["Ad", "Site", "Help", "Buy"]
    assert tps["stage"].tolist() == ["Aware", "Consider", "Consider", "Purchase"]
    assert tps["id"].tolist() == ["ad", "site", "help", "buy"]
    # Most common channel; Buy is a tie (Web 1, App 1): the first alphabetically.
    assert tps["channel"].tolist() == ["Social", "Web", "Phone", "App"]
    # CSAT 1..5 (guessed from the scores) onto -2..2: emotion = mean - 3.
    # Ad (4+3)/2 = 3.5, Site (2+4)/2 = 3, Help 1, Buy 5.
    assert tps["emotion"].tolist() == [0.5, 0.0, -2.0, 2.0]
    assert journey.personas["persona"].tolist() == ["loyal", "new"]
    assert journey.notes == (
        "Built from events: 4 users, 11 events, from 2024-01-01 00:00:00 to 2024-01-01 01:20:00 UTC."
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("events", {"Ad": 4, "Site": 4, "Help": 1, "Buy": 2}),
        ("users", {"Ad": 4, "Site": 3, "Help": 1, "Buy": 2}),
        ("reach", {"Ad": 1.0, "Site": 0.75, "Help": 0.25, "Buy": 0.5}),
        ("drop_off_users", {"Ad": 2, "Site": 0, "Help": 1, "Buy": 1}),  # last events: Buy, Help, Ad, Ad
        ("drop_off", {"Ad": 0.5, "Site": 0.0, "Help": 1.0, "Buy": 0.5}),
        ("position_median", {"Ad": 1, "Site": 2, "Help": 3, "Buy": 3}),
        # Ad: gaps 10m, 30m -> median 20m, p90 10 + 0.9 * 20 = 28m.
        # Site: 5m, 60m, 10m, 20m -> median 15m, p90 at 2.7 of [5,10,20,60] = 20 + 0.7 * 40 = 48m.
        # Buy: 60m (a's Buy is last). Help is always last: no row.
        ("time_to_next_median_s", {"Ad": 1200, "Site": 900, "Help": math.nan, "Buy": 3600}),
        ("time_to_next_p90_s", {"Ad": 1680, "Site": 2880, "Help": math.nan, "Buy": 3600}),
        ("sentiment_mean", {"Ad": 3.5, "Site": 3.0, "Help": 1.0, "Buy": 5.0}),
        ("sentiment_count", {"Ad": 2, "Site": 2, "Help": 1, "Buy": 2}),
        ("channel_share:Social", {"Ad": 0.75, "Site": math.nan, "Help": math.nan, "Buy": math.nan}),
        ("channel_share:Web", {"Ad": 0.25, "Site": 0.75, "Help": math.nan, "Buy": 0.5}),
        ("channel_share:App", {"Ad": math.nan, "Site": 0.25, "Help": math.nan, "Buy": 0.5}),
        ("channel_share:Phone", {"Ad": math.nan, "Site": math.nan, "Help": 1.0, "Buy": math.nan}),
    ],
)
def test_touchpoint_metrics(journey: cjm.Journey, name: str, expected: dict[str, float]) -> None:
    got = {tp: metric(journey, name, tp=tp) for tp in expected}
    assert got == pytest.approx(expected, nan_ok=True)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("users", {"Aware": 4, "Consider": 3, "Purchase": 2}),
        ("stage_reach", {"Aware": 1.0, "Consider": 0.75, "Purchase": 0.5}),
        # Furthest stage: a Purchase, b Consider, c Purchase, d Aware.
        ("funnel", {"Aware": 1.0, "Consider": 0.75, "Purchase": 0.5}),
        ("conversion", {"Aware": math.nan, "Consider": 0.75, "Purchase": 2 / 3}),
        # Last events: a Buy (Purchase), b Help (Consider), c and d Ad (Aware).
        ("drop_off_users", {"Aware": 2, "Consider": 1, "Purchase": 1}),
        ("drop_off", {"Aware": 0.5, "Consider": 1 / 3, "Purchase": 0.5}),
        # From each user's first event to their first event in the stage:
        # Aware [0, 0, 80m, 0]; Consider [10m, 30m, 0]; Purchase [75m, 20m].
        ("time_from_start_median_s", {"Aware": 0, "Consider": 600, "Purchase": 2850}),
        ("time_from_start_p90_s", {"Aware": 3360, "Consider": 1560, "Purchase": 4170}),
        ("position_median", {"Aware": 1, "Consider": 2, "Purchase": 3}),
    ],
)
def test_stage_metrics(journey: cjm.Journey, name: str, expected: dict[str, float]) -> None:
    got = {stage: metric(journey, name, stage=stage) for stage in expected}
    assert got == pytest.approx(expected, nan_ok=True)


def test_segment_metrics(journey: cjm.Journey) -> None:
    # new = a, b; loyal = c, d.
    assert metric(journey, "reach", tp="Buy", segment="new") == 0.5
    assert metric(journey, "reach", tp="Site", segment="loyal") == 0.5
    assert metric(journey, "users", tp="Ad", segment="loyal") == 2
    assert metric(journey, "drop_off", stage="Aware", segment="loyal") == 1.0  # c and d both end at Ad
    assert metric(journey, "funnel", stage="Consider", segment="new") == 1.0
    assert metric(journey, "conversion", stage="Purchase", segment="new") == 0.5
    assert metric(journey, "time_to_next_median_s", tp="Site", segment="new") == 600  # 5m, 60m, 10m
    assert set(journey.metrics["segment"].dropna()) == {"new", "loyal"}


def test_metric_names_are_the_documented_ones(journey: cjm.Journey) -> None:
    from cjm_widgets.analytics import journey_from_events

    for name in set(journey.metrics["metric"]):
        assert f"``{name.split(':')[0] + ':<Channel>' if ':' in name else name}``" in journey_from_events.__doc__


def test_stage_mapping_order_and_defaults(log: pd.DataFrame) -> None:
    mapping = {"Ad": "Aware", "Site": "Consider", "Help": "Consider", "Buy": "Purchase"}
    j = cjm.from_events(log, **KW, stage=mapping)
    assert j.stage_names == ["Aware", "Consider", "Purchase"]
    # An explicit order wins over the observed one, and may name stages no touchpoint is in.
    j = cjm.from_events(log, **KW, stage=mapping, stages=["Purchase", "Consider", "Aware", "Loyalty"])
    assert j.stage_names == ["Purchase", "Consider", "Aware", "Loyalty"]
    assert metric(j, "funnel", stage="Loyalty") == 0
    # So does the order of a categorical mapping or column.
    cat = pd.Series(mapping).astype(pd.CategoricalDtype(["Consider", "Aware", "Purchase"]))
    assert cjm.from_events(log, **KW, stage=cat).stage_names == ["Consider", "Aware", "Purchase"]
    by_col = log.assign(stage=log["stage"].astype(pd.CategoricalDtype(["Purchase", "Aware", "Consider"])))
    assert cjm.from_events(by_col, **KW, stage="stage").stage_names == ["Purchase", "Aware", "Consider"]
    # No stage: one stage, and no sentiment: no emotion.
    j = cjm.from_events(log, **KW)
    assert j.stage_names == ["Journey"]
    assert j.touchpoints["emotion"].isna().all()


def test_a_touchpoint_in_several_stages_sits_in_its_most_common_one(log: pd.DataFrame) -> None:
    log.loc[(log["user"] == "c") & (log["touchpoint"] == "Ad"), "stage"] = "Consider"  # 3 Aware, 1 Consider
    j = cjm.from_events(log, **KW, stage="stage")
    assert j.touchpoints.set_index("touchpoint").loc["Ad", "stage"] == "Aware"


def test_sentiment_scale_and_session_gap(log: pd.DataFrame) -> None:
    # NPS-like 0..10 given: emotion = -2 + s / 10 * 4; Buy's mean 5 is neutral.
    j = cjm.from_events(log, **KW, sentiment="csat", sentiment_scale=(0, 10))
    assert j.touchpoints.set_index("touchpoint").loc["Buy", "emotion"] == 0.0
    # Pauses over 45 minutes split journeys: a's Buy (60m after Site) and c's Ad (60m after Buy) start new ones.
    j = cjm.from_events(log, **KW, session_gap="45min")
    assert metric(j, "users", stage="Journey") == 6
    assert metric(j, "drop_off_users", tp="Site") == 1  # a's first session ends at Site
    assert "6 sessions" in j.notes


def test_records_are_accepted(log: pd.DataFrame) -> None:
    j = cjm.from_events(log.to_dict("records"), **KW, stage="stage")
    assert j.stage_names == ["Aware", "Consider", "Purchase"]


def test_numeric_time_and_string_time(log: pd.DataFrame) -> None:
    seconds = log.assign(time=(log["time"] - pd.Timestamp("2024-01-01")).dt.total_seconds())
    assert metric(cjm.from_events(seconds, **KW), "time_to_next_median_s", tp="Site") == 900
    text = log.assign(time=log["time"].dt.strftime("%Y-%m-%dT%H:%M:%S"))
    assert metric(cjm.from_events(text, **KW), "time_to_next_median_s", tp="Site") == 900
    custom = log.assign(time=log["time"].dt.strftime("%d/%m/%Y %H:%M"))
    j = cjm.from_events(custom, **KW, time_format="%d/%m/%Y %H:%M")
    assert metric(j, "time_to_next_p90_s", tp="Ad") == 1680


def test_the_journey_is_an_ordinary_journey(journey: cjm.Journey, tmp_path) -> None:
    journey.save(tmp_path / "j.cjm.json")
    assert cjm.load(tmp_path / "j.cjm.json").equals(journey)
    df = journey.touchpoints
    df.loc[df["touchpoint"] == "Help", "pain_point"] = "Customers end up calling"
    journey.touchpoints = df
    assert journey.touchpoints.set_index("touchpoint").loc["Help", "pain_point"] == "Customers end up calling"
