"""Shared fixtures: a hand-checked event log and one local Spark session for the whole run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.analytics.conformance import Conformance

T0 = pd.Timestamp("2024-01-01 00:00:00")

# Four customers (times in minutes from T0). The expected figures in the tests are worked out by hand
# from this table; see test_from_events.py.
#   a: Ad@0 Site@10 Site@15 Buy@75      b: Ad@0 Site@30 Help@40
#   c: Site@0 Buy@20 Ad@80              d: Ad@0
ROWS = [
    # user, minute, touchpoint, channel, csat, segment
    ("a", 0, "Ad", "Social", 4.0, "new"),
    ("a", 10, "Site", "Web", None, "new"),
    ("a", 15, "Site", "App", 2.0, "new"),
    ("a", 75, "Buy", "Web", 5.0, "new"),
    ("b", 0, "Ad", "Social", 3.0, "new"),
    ("b", 30, "Site", "Web", 4.0, "new"),
    ("b", 40, "Help", "Phone", 1.0, "new"),
    ("c", 0, "Site", "Web", None, "loyal"),
    ("c", 20, "Buy", "App", 5.0, "loyal"),
    ("c", 80, "Ad", "Web", None, "loyal"),
    ("d", 0, "Ad", "Social", None, "loyal"),
]
STAGE_OF = {"Ad": "Aware", "Site": "Consider", "Help": "Consider", "Buy": "Purchase"}


def small_log() -> pd.DataFrame:
    """The hand-checked log, shuffled (row order must not matter), with a stage column."""
    df = pd.DataFrame(ROWS, columns=["user", "minute", "touchpoint", "channel", "csat", "segment"])
    df["time"] = T0 + pd.to_timedelta(df.pop("minute"), unit="min")
    df["stage"] = df["touchpoint"].map(STAGE_OF)
    return df.sample(frac=1.0, random_state=7).reset_index(drop=True)


@pytest.fixture
def log() -> pd.DataFrame:
    return small_log()


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local[1] SparkSession for the whole test run (starting Spark takes seconds).

    Not skipped when PySpark or Java is missing: the suite promises every engine.
    """
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("cjm_widgets-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")  # tiny data: one partition keeps each query fast
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")  # faster pandas <-> Spark
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture
def plan() -> cjm.Journey:
    tps = pd.DataFrame(
        {"id": ["p1", "p2", "p3"], "stage": ["Aware", "Consider", "Purchase"], "touchpoint": ["Ad", "Site", "Buy"]}
    )
    return cjm.Journey(tps, stages=["Aware", "Consider", "Purchase"])


@pytest.fixture
def result(plan: cjm.Journey, log: pd.DataFrame) -> Conformance:
    # e: Ad@0 Buy@5m skips Site.
    e = pd.DataFrame(
        {
            "user": ["e", "e"],
            "time": pd.to_datetime(["2024-01-01 00:00", "2024-01-01 00:05"]),
            "touchpoint": ["Ad", "Buy"],
            "segment": ["loyal", "loyal"],
        }
    )
    return cjm.conformance(
        plan, pd.concat([log, e], ignore_index=True), user="user", time="time", touchpoint="touchpoint"
    )
