"""The Journey model: canonical columns, user columns kept, dtypes, stages."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd

import cjm_widgets as cjm
from cjm_widgets.schema.tables import TOUCHPOINT_COLUMNS


def test_import_does_not_need_ipywidgets() -> None:
    code = (
        "import sys; sys.modules['ipywidgets'] = None; sys.modules['anywidget'] = None\n"
        "import cjm_widgets as cjm\n"
        "j = cjm.Journey([{'stage': 'A', 'touchpoint': 'x'}])\n"
        "assert 'ipywidgets' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
        "print(j)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "<Journey '' (current): 1 stages, 1 touchpoints>" in out.stdout


def test_canonical_columns_added_and_user_columns_kept() -> None:
    df = pd.DataFrame(
        {
            "step": ["Sees ad", "Compares", "Buys"],
            "phase": ["Awareness", "Consideration", "Purchase"],
            "feeling": [1, 0, 2],
            "revenue": np.array([0, 0, 120], dtype="int32"),
            "tier": pd.Categorical(["low", "low", "high"], categories=["low", "high"], ordered=True),
        },
        index=pd.Index([101, 102, 103], name="event"),
    )
    j = cjm.Journey(df, columns={"step": "touchpoint", "phase": "stage", "feeling": "emotion"})
    tp = j.touchpoints
    assert list(tp.columns) == [*TOUCHPOINT_COLUMNS, "revenue", "tier"]
    assert tp.index.equals(df.index) and tp.index.name == "event"
    assert tp["revenue"].dtype == np.dtype("int32")
    assert tp["tier"].dtype == df["tier"].dtype
    assert tp["emotion"].dtype == np.dtype("float64")
    assert str(tp["touchpoint"].dtype) == "str"
    assert tp["channel"].isna().all()
    assert j.stage_names == ["Awareness", "Consideration", "Purchase"]


def test_text_columns_accept_object_category_and_string_dtypes() -> None:
    df = pd.DataFrame(
        {
            "stage": pd.Categorical(["A", "B"]),
            "touchpoint": pd.Series(["x", "y"], dtype="string"),
            "thought": pd.Series(["hm", None], dtype=object),
            "channel": pd.Series([pd.NA, "Web"], dtype="string"),
        }
    )
    tp = cjm.Journey(df).touchpoints
    assert tp["stage"].tolist() == ["A", "B"]
    assert tp["touchpoint"].tolist() == ["x", "y"]
    assert tp["thought"].isna().tolist() == [False, True]
    assert tp["channel"].isna().tolist() == [True, False]


def test_numeric_strings_are_accepted_as_emotion() -> None:
    j = cjm.Journey(pd.DataFrame({"stage": ["A", "A"], "touchpoint": ["x", "y"], "emotion": ["1.5", ""]}))
    assert j.touchpoints["emotion"].iloc[0] == 1.5 and np.isnan(j.touchpoints["emotion"].iloc[1])


def test_stages_from_list_dataframe_or_inferred() -> None:
    df = pd.DataFrame({"stage": ["B", "A", "B"], "touchpoint": ["1", "2", "3"]})
    assert cjm.Journey(df).stage_names == ["B", "A"]
    j = cjm.Journey(df, ["A", "B", "C"])
    assert list(j.stages.columns) == ["stage", "description", "goal"]
    assert j.stage_names == ["A", "B", "C"]  # an empty stage is still a stage
    described = pd.DataFrame({"stage": ["A", "B"], "goal": ["learn", "buy"], "owner": ["mkt", "sales"]})
    s = cjm.Journey(df, described).stages
    assert list(s.columns) == ["stage", "description", "goal", "owner"]
    assert s["goal"].tolist() == ["learn", "buy"]


def test_tables_returned_are_copies() -> None:
    j = cjm.Journey(pd.DataFrame({"stage": ["A"], "touchpoint": ["x"]}))
    tp = j.touchpoints
    tp.loc[0, "touchpoint"] = "changed"
    assert j.touchpoints.loc[0, "touchpoint"] == "x"


def test_setting_tables_round_trips_through_validation() -> None:
    j = cjm.Journey(pd.DataFrame({"stage": ["A"], "touchpoint": ["x"]}), ["A", "B"])
    tp = j.touchpoints
    tp.loc[0, "stage"] = "B"
    j.touchpoints = tp
    assert j.touchpoints["stage"].tolist() == ["B"]
    j.stages = ["B", "A"]
    assert j.stage_names == ["B", "A"]


def test_personas_and_actions() -> None:
    j = cjm.Journey(
        pd.DataFrame({"stage": ["A"], "touchpoint": ["x"], "persona": ["ann"]}),
        personas=[{"persona": "ann", "name": "Ann", "age": 40, "goals": "Save time"}],
        actions=[{"action": "Add a chatbot", "stage": "A"}],
    )
    assert j.personas.loc[0, "age"] == 40.0
    assert list(j.actions.columns) == ["action", "stage", "owner", "status"]


def test_repr() -> None:
    j = cjm.Journey(pd.DataFrame({"stage": ["A"], "touchpoint": ["x"]}), title="T", kind="future")
    assert repr(j) == "<Journey 'T' (future): 1 stages, 1 touchpoints>"


def test_empty_journey() -> None:
    j = cjm.Journey(stages=["A", "B"])
    assert len(j.touchpoints) == 0 and list(j.touchpoints.columns) == list(TOUCHPOINT_COLUMNS)
    assert j.stage_names == ["A", "B"]
