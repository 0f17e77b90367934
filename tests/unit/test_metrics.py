"""Metrics: validation of the long table, `m.metrics` as a live trait, and the metric lanes' data."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
import traitlets
from ipywidgets.widgets.widget import _remove_buffers

import cjm_widgets as cjm
from cjm_widgets import SchemaError
from cjm_widgets.sync.metric_lanes import decode_series, metric_lanes_state, period_order

from .fake_view import Wire

STAGES = ["Awareness", "Consideration", "Purchase"]


def journey() -> cjm.Journey:
    tps = pd.DataFrame(
        {"id": ["a", "b", "c"], "stage": STAGES, "touchpoint": ["Ad", "Review site", "Checkout"], "emotion": [1, -1, 2]}
    )
    return cjm.Journey(tps, STAGES)


def metrics(**overrides: list[object]) -> pd.DataFrame:
    data: dict[str, list[object]] = {
        "stage": ["Awareness", None, None],
        "touchpoint_id": [None, "b", "c"],
        "metric": ["reach", "csat", "csat"],
        "value": [0.8, np.nan, 4.5],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def error_for(table: object) -> SchemaError:
    j = journey()
    before = j.metrics
    with pytest.raises(SchemaError) as info:
        j.metrics = table
    pd.testing.assert_frame_equal(j.metrics, before)  # nothing changed on error
    return info.value


# -- validation: each error names the row, column and value, with a fix -----------------------


def test_unknown_stage() -> None:
    err = error_for(metrics(stage=["Awareness", None, "Purchse"], touchpoint_id=[None, "b", None]))
    assert (err.table, err.column, err.position, err.value) == ("metrics", "stage", 2, "Purchse")
    assert str(err).startswith("metrics, column 'stage', row at position 2: unknown stage 'Purchse'")
    assert "Did you mean 'Purchase'?" in str(err)


def test_unknown_touchpoint_id() -> None:
    err = error_for(metrics(touchpoint_id=[None, "b", "zz"]))
    assert (err.column, err.position, err.value) == ("touchpoint_id", 2, "zz")
    assert "unknown touchpoint id 'zz'" in str(err) and "Use one of: 'a', 'b', 'c'" in str(err)


def test_both_stage_and_touchpoint() -> None:
    err = error_for(metrics(stage=["Awareness", "Consideration", None]))
    assert (err.column, err.position, err.value) == ("touchpoint_id", 1, "b")
    assert "names both (stage 'Consideration')" in str(err)
    assert "Leave 'stage' empty for a touchpoint's metric" in str(err)


def test_neither_stage_nor_touchpoint() -> None:
    err = error_for(metrics(stage=[None, None, None]))
    assert (err.column, err.position) == ("stage", 0)
    assert "a metric needs a stage or a touchpoint_id" in str(err) and "Fill in 'stage'" in str(err)


def test_non_numeric_value() -> None:
    err = error_for(metrics(value=[0.8, "n/a", 4.5]))
    assert (err.column, err.position, err.value) == ("value", 1, "n/a")
    assert "expected a number, got str 'n/a'" in str(err) and "leave the cell empty (NaN)" in str(err)


def test_duplicate_key_names_both_rows() -> None:
    table = pd.DataFrame(
        {
            "touchpoint_id": ["a", "a", "a"],
            "metric": ["csat", "csat", "csat"],
            "segment": ["new", "loyal", "new"],
            "period": ["2024-01", "2024-01", "2024-01"],
            "value": [1.0, 2.0, 3.0],
        }
    )
    err = error_for(table)
    assert (err.column, err.position, err.value) == ("metric", 2, "csat")
    assert "duplicate metric for the same key" in str(err) and "'segment': 'new'" in str(err)
    assert "(also at position 0)" in str(err) and "Keep one row per metric" in str(err)


def test_missing_metric_name() -> None:
    err = error_for(metrics(metric=["reach", None, "csat"]))
    assert (err.column, err.position) == ("metric", 1)


def test_nan_means_missing_and_periods_may_be_numbers_or_dates() -> None:
    j = journey()
    j.metrics = pd.DataFrame(
        {
            "touchpoint_id": ["a", "a", "a"],
            "metric": ["visits"] * 3,
            "period": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]),
            "value": [10, np.nan, 12],
        }
    )
    assert j.metrics["period"].tolist() == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert math.isnan(j.metrics["value"].iloc[1])
    j.metrics = pd.DataFrame(
        {"stage": ["Purchase", "Purchase"], "metric": ["n", "n"], "period": [2023, 2024], "value": [1, 2]}
    )
    assert j.metrics["period"].tolist() == ["2023", "2024"]


def test_numeric_touchpoint_ids_match_text_ids() -> None:
    tps = pd.DataFrame({"id": [1, 2], "stage": ["A", "B"], "touchpoint": ["x", "y"]})
    j = cjm.Journey(tps, metrics=pd.DataFrame({"touchpoint_id": [2], "metric": ["m"], "value": [1.0]}))
    assert j.metrics["touchpoint_id"].tolist() == ["2"]


# -- m.metrics: a live, assignable, observable trait ---------------------------------------------


def test_map_metrics_trait_is_assignable_and_observable() -> None:
    m = cjm.JourneyMap(journey())
    seen: list[int] = []
    m.observe(lambda change: seen.append(len(change["new"])), "metrics")
    m.metrics = metrics()
    assert seen == [3] and len(m.journey.metrics) == 3 and m.metrics["metric"].tolist() == ["reach", "csat", "csat"]
    m.journey.metrics = metrics().iloc[:1]  # a change made on the Journey shows on the map
    assert seen == [3, 1] and len(m.metrics) == 1
    with pytest.raises(SchemaError, match="unknown touchpoint id 'zz'"):
        m.metrics = metrics(touchpoint_id=[None, "b", "zz"])
    assert len(m.metrics) == 1 and len(m.journey.metrics) == 1 and seen == [3, 1]


def test_metrics_follow_stage_rename_and_touchpoint_delete() -> None:
    m = cjm.JourneyMap(journey(), lanes=["touchpoint"])
    m.metrics = metrics()
    m.lanes = ["touchpoint", "metric:reach", "metric:csat"]
    m.journey.apply({"op": "rename_stage", "stage": "Awareness", "to": "Discover"}, origin="view")
    assert m.metrics["stage"].tolist()[0] == "Discover"
    assert m.get_state()["_metrics"]["lanes"]["reach"]["series"][0]["targets"] == ["Discover"]
    m.journey.apply({"op": "delete", "id": "c"}, origin="view")
    assert m.metrics["touchpoint_id"].dropna().tolist() == ["b"]
    assert m.get_state()["_metrics"]["lanes"]["csat"]["series"][0]["targets"] == ["b"]


def test_assigning_metrics_sends_no_touchpoints() -> None:
    m = cjm.JourneyMap(journey(), lanes=["touchpoint"])
    m.metrics = metrics()
    m.lanes = ["touchpoint", "metric:csat"]
    wire = Wire(m)
    sent_state: list[dict[str, object]] = []
    m.send_state = lambda key=None: sent_state.append(m.get_state(key))  # type: ignore[method-assign]
    touchpoints_changed: list[object] = []
    m.observe(touchpoints_changed.append, "touchpoints")
    m.metrics = metrics(value=[0.5, 3.0, 4.0])
    assert wire.sent == []  # no patch, no reset: the touchpoints did not change
    assert touchpoints_changed == []
    assert [list(s) for s in sent_state] == [["_metrics"]]
    lane = sent_state[0]["_metrics"]["lanes"]["csat"]  # type: ignore[index]
    assert decode_series(lane["series"][0]["values"]) == [3.0, 4.0]


# -- lanes ---------------------------------------------------------------------------------------


def test_metric_lanes_are_validated() -> None:
    m = cjm.JourneyMap(journey())
    m.metrics = metrics()
    m.lanes = [*m.lanes, "metric:csat"]
    assert m.lanes[-1] == "metric:csat"
    with pytest.raises((SchemaError, traitlets.TraitError)) as info:
        m.lanes = ["touchpoint", "metric:cast"]
    assert "unknown lane 'metric:cast'" in str(info.value) and "metric:reach, metric:csat" in str(info.value)
    m.metrics = metrics(metric=["reach", "nps", "nps"])  # csat goes: its shown lane stays, empty
    assert "metric:csat" in m.lanes and "csat" not in m.get_state()["_metrics"]["lanes"]


def test_lane_data_for_periods_segments_and_nan() -> None:
    rows = []
    for tp in ("a", "b"):
        for seg in ("new", "loyal"):
            for period, value in (("2024-02", 0.2), ("2024-01", 0.1), ("2024-10", np.nan)):
                rows.append(
                    {"touchpoint_id": tp, "metric": "conversion", "segment": seg, "period": period, "value": value}
                )
    rows.append({"stage": "Purchase", "metric": "conversion", "segment": None, "period": "2024-01", "value": 0.5})
    j = journey()
    j.metrics = pd.DataFrame(rows)
    state = metric_lanes_state(j.metrics, ["touchpoint", "metric:conversion"])
    assert state["names"] == ["conversion"]
    lane = state["lanes"]["conversion"]
    assert lane["periods"] == ["2024-01", "2024-02", "2024-10"]
    assert (lane["min"], lane["max"], lane["integers"]) == (0.1, 0.5, False)
    series = lane["series"]
    assert [(s["level"], s["segment"], s["targets"]) for s in series] == [
        ("stage", None, ["Purchase"]),
        ("touchpoint", "new", ["a", "b"]),
        ("touchpoint", "loyal", ["a", "b"]),
    ]
    assert decode_series(series[0]["values"]) == [0.5, None, None]
    assert decode_series(series[1]["values"]) == [0.1, 0.2, None, 0.1, 0.2, None]  # NaN is None, never 0


def test_period_order() -> None:
    assert period_order(["2024-10", "2024-02", "2024-01"]) == ["2024-01", "2024-02", "2024-10"]
    assert period_order(["10", "9", "100"]) == ["9", "10", "100"]
    assert period_order(["Jan", "Feb", "Mar", "Jan"]) == ["Jan", "Feb", "Mar"]


def test_lane_values_travel_as_float64_buffers() -> None:
    j = journey()
    j.metrics = pd.DataFrame({"stage": STAGES, "metric": ["t"] * 3, "value": [1 / 3, np.nan, 123456.789]})
    m = cjm.JourneyMap(j, lanes=["touchpoint", "metric:t"])
    state, buffer_paths, buffers = _remove_buffers(m.get_state())
    assert ["_metrics", "lanes", "t", "series", 0, "values"] in buffer_paths  # binary frames, not JSON numbers
    values = np.frombuffer(buffers[buffer_paths.index(["_metrics", "lanes", "t", "series", 0, "values"])], "<f8")
    assert values[0] == 1 / 3 and math.isnan(values[1]) and values[2] == 123456.789  # exact; NaN stays NaN
    json.dumps(state)


def test_personas_cover_the_metrics_personas() -> None:
    j = journey()
    j.personas = pd.DataFrame({"persona": ["ann", "bob"]})
    j.metrics = pd.DataFrame({"stage": ["Purchase"], "metric": ["csat"], "persona": ["bob"], "value": [4.0]})
    with pytest.raises(SchemaError) as info:
        j.personas = pd.DataFrame({"persona": ["ann"]})
    assert (info.value.table, info.value.column, info.value.value) == ("metrics", "persona", "bob")
    assert j.personas["persona"].tolist() == ["ann", "bob"]  # unchanged
