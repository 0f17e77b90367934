"""Spreadsheet headers as people write them (issue 16): case, spaces, synonyms, and ``columns=`` on every reader."""

from __future__ import annotations

from pathlib import Path

import pytest

import cjm_widgets as cjm

WORKSHOP = (
    "Stage,Touch Point,User Action,Emotion,Pain Points,Notes\n"
    "Aware,Sees ad,Clicks,1,Slow page,x\n"
    "Buy,Pays,Types card,-2,,y\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_capitalised_and_spaced_headers_and_synonyms_are_the_long_layout(tmp_path: Path) -> None:
    journey = cjm.read_csv(write(tmp_path / "workshop.csv", WORKSHOP))
    tp = journey.touchpoints
    assert journey.stage_names == ["Aware", "Buy"]
    assert tp["touchpoint"].tolist() == ["Sees ad", "Pays"] and tp["action"].tolist() == ["Clicks", "Types card"]
    assert tp["emotion"].tolist() == [1.0, -2.0] and tp["pain_point"].tolist()[0] == "Slow page"
    assert tp["Notes"].tolist() == ["x", "y"]  # an unknown header stays an extra column, as written


def test_columns_names_the_headers_no_rule_knows(tmp_path: Path) -> None:
    path = write(tmp_path / "odd.csv", "Lifecycle,Moment,Mood\nAware,Sees ad,2\n")
    journey = cjm.read_csv(path, columns={"Lifecycle": "stage", "Moment": "touchpoint", "Mood": "emotion"})
    assert journey.touchpoints[["stage", "touchpoint", "emotion"]].values.tolist() == [["Aware", "Sees ad", 2.0]]
    again = cjm.load(path, columns={"Lifecycle": "stage", "Moment": "touchpoint", "Mood": "emotion"})
    assert again.equals(journey)


def test_the_error_advice_runs_as_written(tmp_path: Path) -> None:
    path = write(tmp_path / "phases.csv", "Lifecycle,Touchpoint\nAware,Sees ad\n")
    with pytest.raises(cjm.FormatError, match=r"row 1 has no 'stage' column") as caught:
        cjm.read_csv(path, layout="long")
    advice = str(caught.value).split("say which it is: ", 1)[1]
    journey = eval(advice, {"cjm": cjm})  # the message's own code, run as a user would paste it
    assert journey.stage_names == ["Aware"]


def test_two_headers_for_one_column_are_refused_with_a_way_out(tmp_path: Path) -> None:
    path = write(tmp_path / "both.csv", "Stage,Phase,Touchpoint\nA,B,T\n")
    with pytest.raises(cjm.FormatError, match=r"columns 'Stage' and 'Phase' both read as 'stage'"):
        cjm.read_csv(path)
    journey = cjm.read_csv(path, columns={"Phase": "stage"})
    assert journey.stage_names == ["B"] and journey.touchpoints["Stage"].tolist() == ["A"]


def test_excel_headers_match_the_same_way_and_take_columns(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["STAGE", "touch_point", "Customer Action", "Lifecycle mood"], ["Aware", "Sees ad", "Clicks", "1"]]:
        sheet.append(row)
    book.save(tmp_path / "w.xlsx")
    journey = cjm.read_excel(tmp_path / "w.xlsx", columns={"Lifecycle mood": "emotion"})
    assert journey.touchpoints[["stage", "touchpoint", "action", "emotion"]].values.tolist() == [
        ["Aware", "Sees ad", "Clicks", 1.0]
    ]


def test_our_own_long_files_with_synonym_named_extras_read_back(tmp_path: Path) -> None:
    journey = cjm.Journey([{"stage": "A", "touchpoint": "T", "Phase": "beta", "segment": "s1"}])
    journey.to_csv(tmp_path / "own.csv", layout="long")
    back = cjm.read_csv(tmp_path / "own.csv")
    assert back.touchpoints[["stage", "Phase", "segment"]].values.tolist() == [["A", "beta", "s1"]]


def test_columns_maps_wide_lane_labels(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.csv", "Lane,Aware,Buy\nTouchpoint,Sees ad,Pays\nMood,1,-1\n")
    journey = cjm.read_csv(path, layout="wide", columns={"Mood": "emotion"})
    assert journey.touchpoints["emotion"].tolist() == [1.0, -1.0]
