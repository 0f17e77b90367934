"""pandas, Polars (eager and lazy), DuckDB and PySpark inputs give the same results.

No engine is skipped: a missing one fails the test (they are all in the `test` extra).
Spark runs in one session-scoped local[1] session on a small log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import cjm_widgets as cjm

ENGINES = ["pandas", "polars", "polars-lazy", "duckdb", "spark"]
KW: dict[str, Any] = {"user": "user_id", "time": "timestamp", "touchpoint": "touchpoint"}
FULL: dict[str, Any] = {**KW, "stage": "stage", "channel": "channel", "sentiment": "csat", "segment": "segment"}
# PySpark 4.3 warns that it does not fully support pandas 3; the results are checked here regardless.
pytestmark = [
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return cjm.datasets.events(n_users=150, seed=5)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Callable[[pd.DataFrame], Any]:
    """A function putting a pandas log into the engine under test."""
    name = request.param
    if name == "pandas":
        return lambda df: df
    if name.startswith("polars"):
        import polars as pl

        return (lambda df: pl.from_pandas(df).lazy()) if name == "polars-lazy" else pl.from_pandas
    if name == "duckdb":
        import duckdb

        connection = duckdb.connect()
        return connection.from_df
    spark = request.getfixturevalue("spark")
    return spark.createDataFrame


@pytest.fixture(scope="module")
def expected(data: pd.DataFrame) -> dict[str, Any]:
    """The pandas results, which every engine must match."""
    plan = cjm.templates.load("digital-5-online-banking")
    return {
        "journey": cjm.from_events(data, **FULL),
        "transitions": cjm.transitions(data, **KW, segment="segment", ends=True),
        "stage_flows": cjm.transitions(data, **KW, stage="stage", level="stage"),
        "conformance": cjm.conformance(plan, data, **KW, segment="segment"),
    }


def sorted_metrics(journey: cjm.Journey) -> pd.DataFrame:
    keys = ["metric", "stage", "touchpoint_id", "segment"]
    return journey.metrics.sort_values(keys).reset_index(drop=True)


def test_same_results_in_every_engine(engine: Callable[[pd.DataFrame], Any], data: pd.DataFrame, expected) -> None:
    native = engine(data)
    journey = cjm.from_events(native, **FULL)
    want = expected["journey"]
    assert journey.stage_names == want.stage_names
    pd.testing.assert_frame_equal(journey.touchpoints, want.touchpoints)
    pd.testing.assert_frame_equal(sorted_metrics(journey), sorted_metrics(want), rtol=1e-9)
    pd.testing.assert_frame_equal(journey.personas, want.personas)
    assert journey.notes == want.notes

    transitions = cjm.transitions(native, **KW, segment="segment", ends=True)
    pd.testing.assert_frame_equal(transitions, expected["transitions"])
    stage_flows = cjm.transitions(native, **KW, stage="stage", level="stage")
    pd.testing.assert_frame_equal(stage_flows, expected["stage_flows"])

    plan = cjm.templates.load("digital-5-online-banking")
    result = cjm.conformance(plan, native, **KW, segment="segment")
    pd.testing.assert_frame_equal(result.summary, expected["conformance"].summary)
    pd.testing.assert_frame_equal(result.touchpoints, expected["conformance"].touchpoints)


def test_text_timestamps_and_bad_ones_in_every_engine(engine: Callable[[pd.DataFrame], Any], data) -> None:
    text = data.assign(timestamp=data["timestamp"].dt.strftime("%Y-%m-%d %H:%M:%S"))
    got = cjm.transitions(engine(text), **KW)
    pd.testing.assert_frame_equal(got, cjm.transitions(data, **KW))

    text.loc[7, "timestamp"] = "not a time"
    with pytest.raises(cjm.SchemaError, match="cannot read this value as a timestamp") as info:
        cjm.transitions(engine(text), **KW)
    assert (info.value.table, info.value.column, info.value.value) == ("events", "timestamp", "not a time")
    assert "'timestamp': 'not a time'" in str(info.value)  # the example row


def test_missing_users_in_every_engine(engine: Callable[[pd.DataFrame], Any], data) -> None:
    broken = data.assign(user_id=data["user_id"].astype("float64"))
    broken.loc[3, "user_id"] = None
    with pytest.raises(cjm.SchemaError, match="missing value") as info:
        cjm.from_events(engine(broken), **KW)
    assert (info.value.table, info.value.column) == ("events", "user_id")
    assert repr(broken.loc[3, "touchpoint"]) in str(info.value)
