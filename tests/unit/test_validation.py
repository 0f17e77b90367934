"""Every validation error names the column, the row and the value, and says how to fix it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets import SchemaError

STAGES = ["Awareness", "Consideration", "Purchase"]


def frame(**overrides: object) -> pd.DataFrame:
    data: dict[str, object] = {
        "id": ["a", "b", "c"],
        "stage": STAGES,
        "touchpoint": ["Ad", "Review site", "Checkout"],
        "emotion": [1.0, -1.0, 2.0],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def test_schema_error_is_a_value_error() -> None:
    assert issubclass(SchemaError, ValueError)


def test_unknown_stage_names_row_value_and_suggests() -> None:
    with pytest.raises(SchemaError) as info:
        cjm.Journey(frame(stage=["Awareness", "Purchse", "Purchase"]), STAGES)
    err = info.value
    assert (err.column, err.row, err.position, err.value) == ("stage", "b", 1, "Purchse")
    message = str(err)
    assert "column 'stage'" in message and "row id 'b' (position 1)" in message
    assert "unknown stage 'Purchse'" in message
    assert "Did you mean 'Purchase'?" in message and "stages=[...]" in message


def test_missing_required_column_lists_columns_and_mapping_fix() -> None:
    with pytest.raises(SchemaError) as info:
        cjm.Journey(frame().drop(columns="touchpoint"), STAGES)
    message = str(info.value)
    assert info.value.column == "touchpoint"
    assert "required column is missing" in message
    assert "id, stage, emotion" in message
    assert "columns={'your_name': 'touchpoint'}" in message


def test_wrong_type_in_text_column() -> None:
    with pytest.raises(SchemaError) as info:
        cjm.Journey(frame(touchpoint=["Ad", 42, "Checkout"]), STAGES)
    err = info.value
    assert (err.column, err.row, err.value) == ("touchpoint", "b", 42)
    assert "expected text, got int 42" in str(err) and "astype(str)" in str(err)


def test_wrong_type_in_emotion() -> None:
    with pytest.raises(SchemaError) as info:
        cjm.Journey(frame(emotion=[1, "very happy", 0]), STAGES)
    err = info.value
    assert (err.column, err.row, err.value) == ("emotion", "b", "very happy")
    assert "expected a number, got str 'very happy'" in str(err)


def test_bool_is_not_an_emotion() -> None:
    with pytest.raises(SchemaError, match="expected a number, got bool True"):
        cjm.Journey(frame(emotion=pd.Series([True, False, True], dtype=object)), STAGES)


@pytest.mark.parametrize("bad", [3, -2.5, math.inf])
def test_emotion_out_of_range(bad: float) -> None:
    with pytest.raises(SchemaError) as info:
        cjm.Journey(frame(emotion=[0, 0, bad]), STAGES)
    err = info.value
    assert (err.column, err.row, err.position) == ("emotion", "c", 2)
    assert "outside the scale -2..2" in str(err) and "emotion_scale" in str(err)


def test_emotion_scale_is_configurable() -> None:
    j = cjm.Journey(frame(emotion=[1, 5, 3]), STAGES, emotion_scale=(1, 5))
    assert j.emotion_scale == (1.0, 5.0)
    assert j.touchpoints["emotion"].tolist() == [1.0, 5.0, 3.0]
    with pytest.raises(SchemaError, match="outside the scale 1..5"):
        cjm.Journey(frame(emotion=[0, 5, 3]), STAGES, emotion_scale=(1, 5))
    with pytest.raises(SchemaError, match="low < high"):
        cjm.Journey(frame(), STAGES, emotion_scale=(2, -2))


def test_nan_where_a_value_is_required() -> None:
    with pytest.raises(SchemaError) as info:
        cjm.Journey(frame(touchpoint=["Ad", None, "Checkout"]), STAGES)
    err = info.value
    assert (err.column, err.row, err.position) == ("touchpoint", "b", 1)
    assert "missing value" in str(err) and "where one is required" in str(err)


def test_pd_na_in_stage_is_missing() -> None:
    stage = pd.Series(["Awareness", pd.NA, "Purchase"], dtype="string")
    with pytest.raises(SchemaError, match="column 'stage', row id 'b' .* missing value"):
        cjm.Journey(frame(stage=stage), STAGES)


def test_duplicate_id_names_both_positions() -> None:
    with pytest.raises(SchemaError) as info:
        cjm.Journey(frame(id=["a", "b", "a"]), STAGES)
    err = info.value
    assert (err.column, err.value, err.position) == ("id", "a", 2)
    assert "duplicate value 'a' (also at position 0)" in str(err)


def test_ids_generated_when_absent_and_kept_when_present() -> None:
    generated = cjm.Journey(frame().drop(columns="id"), STAGES).touchpoints["id"].tolist()
    assert generated == ["tp-1", "tp-2", "tp-3"]
    partial = cjm.Journey(frame(id=["tp-1", None, "x"]), STAGES).touchpoints["id"].tolist()
    assert partial == ["tp-1", "tp-2", "x"]  # generated ids never collide with given ones
    numeric = cjm.Journey(frame(id=[10, 20, 30]), STAGES).touchpoints["id"].tolist()
    assert numeric == ["10", "20", "30"]


def test_errors_without_ids_name_the_position() -> None:
    with pytest.raises(SchemaError) as info:
        cjm.Journey(frame(stage=["Awareness", "Nope", "Purchase"]).drop(columns="id"), STAGES)
    # Generated ids count as ids: the user can find the row by position too.
    assert "position 1" in str(info.value)


def test_duplicate_stage_names() -> None:
    with pytest.raises(SchemaError) as info:
        cjm.Journey(frame(), ["Awareness", "Consideration", "Awareness", "Purchase"])
    assert info.value.table == "stages" and info.value.position == 2
    assert "duplicate value 'Awareness'" in str(info.value)


def test_empty_stage_name() -> None:
    with pytest.raises(SchemaError, match="stage name cannot be empty"):
        cjm.Journey(frame(), [*STAGES, " "])


def test_unknown_kind() -> None:
    with pytest.raises(SchemaError, match="unknown map kind 'past'.*current, future, day-in-the-life"):
        cjm.Journey(frame(), STAGES, kind="past")


def test_columns_mapping_errors() -> None:
    with pytest.raises(SchemaError, match="maps 'phase', which is not a column"):
        cjm.Journey(frame(), STAGES, columns={"phase": "stage"})
    with pytest.raises(SchemaError, match="not a canonical column"):
        cjm.Journey(frame(), STAGES, columns={"touchpoint": "step"})
    with pytest.raises(SchemaError, match="onto a name the DataFrame already has"):
        cjm.Journey(frame(step=["x", "y", "z"]), STAGES, columns={"step": "touchpoint"})


def test_duplicate_column_names() -> None:
    df = pd.concat([frame(), frame()[["stage"]]], axis=1)
    with pytest.raises(SchemaError, match="duplicate column names"):
        cjm.Journey(df, STAGES)


def test_not_a_dataframe() -> None:
    with pytest.raises(SchemaError, match="expected a DataFrame, got int"):
        cjm.Journey(42, STAGES)


def test_assignment_is_validated_and_leaves_journey_unchanged() -> None:
    j = cjm.Journey(frame(), STAGES)
    before = j.touchpoints
    bad = before.assign(emotion=[0, 9, 0])
    with pytest.raises(SchemaError, match="outside the scale"):
        j.touchpoints = bad
    pd.testing.assert_frame_equal(j.touchpoints, before)
    with pytest.raises(SchemaError, match="unknown stage 'Purchase'"):
        j.stages = ["Awareness", "Consideration"]
    assert j.stage_names == STAGES


def test_unknown_persona_reference() -> None:
    personas = pd.DataFrame({"persona": ["colleen"], "name": ["Colleen"]})
    with pytest.raises(SchemaError) as info:
        cjm.Journey(frame(persona=["colleen", "bob", "colleen"]), STAGES, personas=personas)
    assert (info.value.column, info.value.row, info.value.value) == ("persona", "b", "bob")


def test_metrics_validation() -> None:
    j = cjm.Journey(frame(), STAGES)
    j.metrics = pd.DataFrame(
        {
            "stage": ["Awareness", None],
            "touchpoint_id": [None, "b"],
            "metric": ["reach", "csat"],
            "value": [0.8, np.nan],
        }
    )
    assert math.isnan(j.metrics["value"].iloc[1])  # NaN stays missing, not zero
    with pytest.raises(SchemaError, match="metrics, column 'stage', row at position 0: unknown stage 'Nowhere'"):
        j.metrics = pd.DataFrame({"stage": ["Nowhere"], "metric": ["reach"], "value": [1.0]})
    with pytest.raises(SchemaError, match="unknown touchpoint id 'zz'"):
        j.metrics = pd.DataFrame({"touchpoint_id": ["zz"], "metric": ["reach"], "value": [1.0]})
    with pytest.raises(SchemaError, match="expected a number, got str 'lots'"):
        j.metrics = pd.DataFrame({"stage": ["Awareness"], "metric": ["reach"], "value": ["lots"]})
    with pytest.raises(SchemaError, match="duplicate metric"):
        j.metrics = pd.DataFrame(
            {"stage": ["Awareness", "Awareness"], "metric": ["reach", "reach"], "value": [1.0, 2.0]}
        )
    with pytest.raises(SchemaError, match="needs a stage or a touchpoint_id"):
        j.metrics = pd.DataFrame({"metric": ["reach"], "value": [1.0]})


def test_metric_references_block_removing_a_touchpoint() -> None:
    j = cjm.Journey(frame(), STAGES, metrics=pd.DataFrame({"touchpoint_id": ["c"], "metric": ["csat"], "value": [4.0]}))
    with pytest.raises(SchemaError, match="unknown touchpoint id 'c'"):
        j.touchpoints = j.touchpoints.iloc[:2]


def test_title_must_be_text() -> None:
    with pytest.raises(SchemaError, match="title.*expected text, got int"):
        cjm.Journey(frame(), STAGES, title=5)  # type: ignore[arg-type]
