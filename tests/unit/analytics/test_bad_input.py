"""Bad event logs raise SchemaError(table="events") naming the column, the value and an example row."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import cjm_widgets as cjm

KW: dict[str, Any] = {"user": "user", "time": "time", "touchpoint": "touchpoint"}


def error(log, **options) -> cjm.SchemaError:
    with pytest.raises(cjm.SchemaError) as info:
        cjm.from_events(log, **{**KW, **options})
    assert info.value.table == "events"
    return info.value


def test_missing_column(log: pd.DataFrame) -> None:
    err = error(log, touchpoint="touch_point")
    assert err.column == "touch_point"
    assert "missing column" in str(err) and "Did you mean 'touchpoint'" in str(err)


def test_empty_log(log: pd.DataFrame) -> None:
    assert "empty" in str(error(log.iloc[:0]))


@pytest.mark.parametrize("column", ["user", "touchpoint", "time", "segment"])
def test_missing_values(log: pd.DataFrame, column: str) -> None:
    log.loc[2, column] = None
    err = error(log, segment="segment")
    assert err.column == column
    assert "missing value" in str(err) and f"'{column}': " in str(err)  # the example row


def test_unparseable_and_non_time_columns(log: pd.DataFrame) -> None:
    text = log.assign(time=log["time"].astype("str"))
    text.loc[4, "time"] = "yesterday"
    err = error(text)
    assert (err.column, err.value) == ("time", "yesterday")
    assert f"'user': {text.loc[4, 'user']!r}" in str(err)
    assert error(log.assign(time=True)).column == "time"  # booleans are not times


def test_stage_problems(log: pd.DataFrame) -> None:
    err = error(log, stage={"Ad": "Aware", "Site": "Consider", "Buy": "Purchase"})
    assert (err.column, err.value) == ("touchpoint", "Help")
    assert "'touchpoint': 'Help'" in str(err)
    log.loc[log["touchpoint"] == "Help", "stage"] = None
    err = error(log, stage="stage")
    assert err.column == "stage" and "'Help'" in str(err)
    err = error(log.dropna(subset=["stage"]), stage="stage", stages=["Aware", "Consider"])
    assert err.value == "Purchase"


def test_sentiment_problems(log: pd.DataFrame) -> None:
    assert error(log.assign(csat="good"), sentiment="csat").column == "csat"
    err = error(log, sentiment="csat", sentiment_scale=(1, 4))
    assert (err.column, err.value) == ("csat", 5.0)
    assert "outside the sentiment scale" in str(err)
    assert error(log, sentiment="csat", sentiment_scale=(5, 1)).column == "csat"


def test_a_user_in_two_segments(log: pd.DataFrame) -> None:
    log.loc[(log["user"] == "b") & (log["touchpoint"] == "Help"), "segment"] = "loyal"
    err = error(log, segment="segment")
    assert (err.column, err.value) == ("segment", "b")


def test_the_all_journeys_segment_name_is_reserved(log: pd.DataFrame) -> None:
    """The figures about all journeys are kept under a segment named "\\x00all": a real one would mix in."""
    reserved = log.assign(segment=log["segment"].where(log["segment"] != "loyal", "\x00all"))
    err = error(reserved, segment="segment")
    assert (err.column, err.value) == ("segment", "\x00all")
    with pytest.raises(cjm.SchemaError, match="reserved"):
        cjm.transitions(reserved, **KW, segment="segment")


def test_other_arguments(log: pd.DataFrame) -> None:
    assert error(log, session_gap="soon").column == "session_gap"
    with pytest.raises(cjm.SchemaError, match="expected an event log table"):
        cjm.from_events(42, **KW)
    with pytest.raises(ValueError, match="level"):
        cjm.transitions(log, **KW, level="persona")
