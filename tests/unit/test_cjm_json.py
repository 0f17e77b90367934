"""The .cjm.json format: lossless round trip, atomic writes, clear errors on bad files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cjm_widgets as cjm
from cjm_widgets import FormatError
from cjm_widgets.io import cjm_json


def rich_journey() -> cjm.Journey:
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "stage": ["Awareness", "Purchase", "Purchase"],
            "touchpoint": ["<b>Ad</b>", "购物车", "Kase ✓"],
            "emotion": [1.0, np.nan, -2.0],
            "pain_point": [None, "Slow", ""],
            "persona": ["p1", "p1", "p2"],
            "revenue": pd.array([1, None, 3], dtype="Int64"),
            "score": [0.5, np.inf, -np.inf],
            "flag": [True, False, True],
            "when": pd.to_datetime(["2024-05-01 10:00", None, "2024-05-03 00:00"]).tz_localize("UTC"),
            "tier": pd.Categorical(["a", "b", None], categories=["b", "a"], ordered=True),
            "mixed": pd.Series([1, "x", None], dtype=object),
        },
        index=pd.Index(["r1", "r2", "r3"], name="row"),
    )
    return cjm.Journey(
        df,
        pd.DataFrame({"stage": ["Awareness", "Purchase", "Advocacy"], "goal": ["Notice", "Buy", None]}),
        title="Round trip ✓ 旅程",
        kind="future",
        notes="line 1\nline 2",
        personas=[{"persona": "p1", "name": "Kolīna", "age": 32}, {"persona": "p2", "name": "李"}],
        metrics=[{"stage": "Purchase", "metric": "conversion", "value": 0.3, "period": "2024-05"}],
        actions=[{"action": "Chatbot", "stage": "Purchase", "owner": "CX", "status": "proposed"}],
    )


def assert_same(a: cjm.Journey, b: cjm.Journey) -> None:
    for name in ("touchpoints", "stages", "personas", "metrics", "actions"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert (a.title, a.kind, a.notes, a.emotion_scale) == (b.title, b.kind, b.notes, b.emotion_scale)
    assert a.equals(b)


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    j = rich_journey()
    path = tmp_path / "map.cjm.json"
    j.save(path)
    back = cjm.load(path)
    assert_same(j, back)
    assert str(back.touchpoints["touchpoint"].dtype) == "str"
    assert back.touchpoints["revenue"].dtype == pd.Int64Dtype()
    assert str(back.touchpoints["when"].dtype) == str(j.touchpoints["when"].dtype)


def test_file_is_versioned_utf8_json(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    rich_journey().save(path)
    text = path.read_text(encoding="utf-8")
    assert "购物车" in text  # readable, not \u-escaped
    obj = json.loads(text)
    assert obj["format"] == "cjm-journey" and obj["version"] == 1


def test_save_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "map.cjm.json"
    rich_journey().save(path)
    before = path.read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk gone"):
        cjm.Journey(stages=["Other"]).save(path)
    assert path.read_bytes() == before  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["map.cjm.json"]  # no temp file left


def test_save_gives_the_usual_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    old = os.umask(0o022)
    try:
        rich_journey().save(path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
    path.chmod(0o640)
    rich_journey().save(path)  # overwriting keeps the existing mode
    assert path.stat().st_mode & 0o777 == 0o640


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "bad.cjm.json"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        ("[]", "not a cjm_widgets journey"),
        ('{"format": "cjm-journey", "version": 99}', "written by a newer cjm_widgets"),
        ('{"format": "cjm-journey", "version": "1"}', "'version' must be a positive integer"),
        ('{"format": "cjm-journey", "version": 1, "touchpoints": 5}', "touchpoints: expected an object"),
        (
            '{"format": "cjm-journey", "version": 1, "touchpoints": {"columns": [], "data": [[1]]}}',
            "row 0 must be a list of 0 values",
        ),
        (
            '{"format": "cjm-journey", "version": 1, "touchpoints": {"columns": [{"name": "x", "dtype": "nope"}],'
            ' "data": [[1]]}}',
            "unknown dtype 'nope'",
        ),
        (
            '{"format": "cjm-journey", "version": 1, "touchpoints": {"columns": [{"name": "x", "dtype": "int64"}],'
            ' "data": [[null]]}}',
            "cannot hold missing values",
        ),
        (
            '{"format": "cjm-journey", "version": 1, "touchpoints": {"columns": [{"name": "x", "dtype": "str"}],'
            ' "data": [[{"a": 1}]]}}',
            "cells must be scalars",
        ),
        ('{"format": "cjm-journey", "version": 1, "title": 3}', "'title' must be a string"),
        ('{"format": "cjm-journey", "version": 1, "x": NaN}', "bare NaN is not JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_malformed_files_give_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(FormatError, match=message) as info:
        cjm.load(write(tmp_path, content))
    assert "bad.cjm.json" in str(info.value)


def test_schema_errors_in_file_name_the_row(tmp_path: Path) -> None:
    obj = rich_journey().to_dict()
    obj["touchpoints"]["data"][1][1] = "Nowhere"  # stage of row b
    path = write(tmp_path, json.dumps(obj))
    with pytest.raises(cjm.SchemaError, match="unknown stage 'Nowhere'"):
        cjm.load(path)


def test_oversized_file_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, " " * 2000)
    with pytest.raises(FormatError, match="over the 1,000-byte limit"):
        cjm_json.load(path, max_bytes=1000)


# Control characters but tab, LF and CR are refused at the edge (a test in test_bounded_files.py).
CONTROLS = [chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127]]
text = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters=CONTROLS), max_size=20)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C"]),
            text.filter(bool),
            st.one_of(st.none(), text),
            st.one_of(st.none(), st.floats(min_value=-2, max_value=2)),
            st.one_of(st.none(), st.integers(-(2**40), 2**40)),
        ),
        max_size=12,
    )
)
def test_round_trip_property(rows: list[tuple[str, str, str | None, float | None, int | None]]) -> None:
    df = pd.DataFrame(
        {
            "stage": [r[0] for r in rows],
            "touchpoint": [r[1] for r in rows],
            "thought": pd.Series([r[2] for r in rows], dtype=object),
            "emotion": pd.Series([r[3] for r in rows], dtype=float),
            "extra": pd.array([r[4] for r in rows], dtype="Int64"),
        }
    )
    j = cjm.Journey(df, ["A", "B", "C"])
    assert_same(j, cjm.loads(json.dumps(j.to_dict())))
