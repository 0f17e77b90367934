"""The synthetic event-log generator: deterministic, realistic, fast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cjm_widgets as cjm


def test_columns_and_determinism() -> None:
    log = cjm.datasets.events(n_users=500, seed=1)
    assert list(log.columns) == ["user_id", "timestamp", "touchpoint", "stage", "channel", "csat", "segment"]
    assert str(log["touchpoint"].dtype) == "str" and log["timestamp"].dtype.kind == "M"
    pd.testing.assert_frame_equal(log, cjm.datasets.events(n_users=500, seed=1))
    assert not log.equals(cjm.datasets.events(n_users=500, seed=2))
    assert log["timestamp"].is_monotonic_increasing
    assert log["user_id"].nunique() == 500


def test_realistic_journeys() -> None:
    log = cjm.datasets.events(n_users=3000, seed=0)
    template = cjm.templates.load("digital-5-online-banking")
    planned = set(template.touchpoints["touchpoint"])
    assert planned <= set(log["touchpoint"])
    assert 0 < (~log["touchpoint"].isin(planned)).mean() < 0.1  # a few unplanned detours
    journey = cjm.from_events(
        log, user="user_id", time="timestamp", touchpoint="touchpoint", stage="stage", stages=template.stage_names
    )
    m = journey.metrics
    funnel = m[(m["metric"] == "funnel") & m["segment"].isna()].set_index("stage")["value"]
    assert funnel.is_monotonic_decreasing and funnel.iloc[-1] < 0.6  # people drop off along the way
    per_user = log.groupby(["user_id", "touchpoint"]).size()
    assert (per_user > 1).mean() > 0.05  # repeats
    assert set(log["csat"].dropna()) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert 0.2 < log["csat"].notna().mean() < 0.3
    assert log.groupby("user_id")["segment"].nunique().max() == 1
    assert set(log["segment"]) == {"new customer", "existing customer", "small business"}
    # Mostly each touchpoint's own channel.
    own = dict(zip(template.touchpoints["touchpoint"], template.touchpoints["channel"], strict=True))
    assert (log["channel"] == log["touchpoint"].map(own)).mean() > 0.75
    # Low-emotion touchpoints score lower: ID document upload (-2) below Personalised advice (+2).
    csat = log.groupby("touchpoint")["csat"].mean()
    assert csat["ID document upload"] < 2.5 < 4 < csat["Personalised financial advice"]


def test_other_templates_and_a_journey() -> None:
    assert set(cjm.datasets.events(50, journey="fitness-app")["stage"]) <= {
        "Awareness",
        "Consideration",
        "Purchase",
        "Retention",
        "Advocacy",
    }
    mine = cjm.Journey(pd.DataFrame({"stage": ["S1", "S2"], "touchpoint": ["One", "Two"]}))
    assert {"One", "Two"} <= set(cjm.datasets.events(50, journey=mine)["touchpoint"])
    with pytest.raises(LookupError):
        cjm.datasets.events(5, journey="no-such-journey")


def test_a_million_events_are_generated_whole() -> None:
    # How fast is a benchmark's question (benchmarks/bench_events.py); here: the size and values.
    log = cjm.datasets.events(n_users=150_000, seed=0)
    assert len(log) > 1_000_000
    assert np.isfinite(log["timestamp"].astype("int64")).all()
