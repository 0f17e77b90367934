"""Bounds on what one page message may carry, and values a hostile page sends that the fuzz rarely draws.

Every message goes through ``Widget._handle_msg`` (``HostilePage``), as a kernel delivers a browser's.
"""

from __future__ import annotations

import base64
import json
import logging
import math
from typing import Any

import pytest

import cjm_widgets as cjm
from cjm_widgets.widgets.page_state import MAX_PAGE_DEPTH, MAX_PAGE_TEXT
from cjm_widgets.widgets.table_sync import MAX_REPLY_CHARS

from .hostile_page import HostilePage


def colleen() -> cjm.Journey:
    return cjm.templates.load("colleen-vacuum")


def snapshot(journey: cjm.Journey) -> dict[str, Any]:
    return {"journey": journey.to_dict(), "revision": journey.revision}


def answer(page: HostilePage, op: Any) -> dict[str, Any]:
    [reply] = page.answers(page.edit(op))
    return reply


def test_a_cell_text_over_the_limit_is_refused_naming_the_column_before_pandas_sees_it() -> None:
    m = cjm.JourneyMap(colleen())
    page = HostilePage(m)
    before = snapshot(m.journey)
    reply = answer(page, {"op": "set", "id": "cv-01", "column": "thought", "value": "x" * (MAX_PAGE_TEXT + 1)})
    assert reply["type"] == "reject"
    assert "op.value (column thought)" in reply["message"] and f"{MAX_PAGE_TEXT:,}" in reply["message"]
    assert len(reply["message"]) < 300
    assert snapshot(m.journey) == before
    # At the limit it is text like any other.
    reply = answer(page, {"op": "set", "id": "cv-01", "column": "thought", "value": "y" * MAX_PAGE_TEXT})
    assert reply["type"] == "patch" and len(m.touchpoints.loc[0, "thought"]) == MAX_PAGE_TEXT


def test_long_text_in_rows_notes_stage_names_and_traits_is_refused_too() -> None:
    long = "z" * (MAX_PAGE_TEXT + 1)
    m = cjm.JourneyMap(colleen())
    page = HostilePage(m)
    before = snapshot(m.journey)
    insert = answer(page, {"op": "insert", "row": {"stage": "Research", "touchpoint": long}, "before": None})
    assert insert["type"] == "reject" and "op.row.touchpoint" in insert["message"]
    stage = answer(page, {"op": "add_stage", "stage": long, "index": None})
    assert stage["type"] == "reject" and "op.stage" in stage["message"]
    assert snapshot(m.journey) == before
    page.custom({"type": "set_trait", "name": "selected_stage", "value": long})
    assert m.selected_stage is None and "over the limit" in page.replies[-1]["message"]
    page.update(persona=long)
    assert m.persona is None and page.rolled_back()["persona"] is None
    notes = cjm.EmpathyMap([{"quadrant": "says", "text": "Hi", "persona": "p"}])
    note_page = HostilePage(notes)
    reply = answer(note_page, {"op": "insert", "row": {"quadrant": "says", "text": long}, "before": None})
    assert reply["type"] == "reject" and "op.row.text" in reply["message"]
    assert notes.notes["text"].tolist() == ["Hi"]


def test_a_picture_is_bounded_by_its_own_limit_not_the_text_limit() -> None:
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    big = png + b"\0" * MAX_PAGE_TEXT  # still a PNG by its bytes, its data URL over the text limit
    url = "data:image/png;base64," + base64.b64encode(big).decode()
    assert len(url) > MAX_PAGE_TEXT
    card = cjm.PersonaCard(cjm.Journey(colleen().touchpoints, personas=colleen().personas), persona="colleen")
    page = HostilePage(card)
    [reply] = page.answers(page.edit({"op": "set", "column": "picture", "value": url}))
    assert reply["type"] == "ack"
    [reply] = page.answers(page.edit({"op": "set", "column": "quote", "value": "q" * (MAX_PAGE_TEXT + 1)}))
    assert reply["type"] == "reject" and "op.value (column quote)" in reply["message"]


def test_an_error_never_repeats_a_long_key_from_the_page() -> None:
    m = cjm.JourneyMap(colleen())
    page = HostilePage(m)
    reply = answer(page, {"op": "set", "id": "cv-01", "column": "thought", "value": "ok", "k" * 5000: "\x00"})
    assert reply["type"] == "reject" and "control character" in reply["message"]
    assert len(reply["message"]) < 300


def test_bad_text_beside_a_deep_branch_is_refused_without_recursing_into_it() -> None:
    """The walk can meet bad text before the deep branch; locating the text must not recurse down it."""
    deep: Any = "x"
    for _ in range(950):  # about as deep as the kernel's JSON decoder lets a message be
        deep = [deep]
    op = json.loads(json.dumps({"op": "set", "id": "cv-01", "column": "thought", "value": [deep, "\x00"]}))
    m = cjm.JourneyMap(colleen())
    page = HostilePage(m)
    reply = answer(page, op)
    assert reply["type"] == "reject" and f"nested deeper than {MAX_PAGE_DEPTH}" in reply["message"]


@pytest.mark.parametrize(
    "value",
    [10**400, -(10**400), math.inf, math.nan, "1e999", True, {"__proto__": 1}, [1.0]],
    ids=["huge int", "huge negative int", "inf", "nan", "1e999 text", "bool", "object", "list"],
)
def test_a_number_cell_takes_only_numbers_it_can_hold(value: Any, caplog: pytest.LogCaptureFixture) -> None:
    m = cjm.JourneyMap(colleen())
    page = HostilePage(m)
    before = m.touchpoints["emotion"].iloc[0]
    with caplog.at_level(logging.ERROR):
        reply = answer(page, {"op": "set", "id": "cv-01", "column": "emotion", "value": value})
    if isinstance(value, float) and math.isnan(value):  # NaN is JSON's (and pandas') missing value
        assert reply["type"] == "patch" and math.isnan(m.touchpoints["emotion"].iloc[0])
        return
    assert reply["type"] == "reject" and "column 'emotion'" in reply["message"], reply
    assert m.touchpoints["emotion"].iloc[0] == before
    assert caplog.records == []  # refused by the checks, not by an exception nobody foresaw
    assert len(reply["message"]) < 400


def test_keys_named_like_javascript_internals_are_refused_as_unknown_columns() -> None:
    m = cjm.JourneyMap(colleen())
    page = HostilePage(m)
    before = snapshot(m.journey)
    for key in ("__proto__", "constructor", "prototype"):
        reply = answer(page, {"op": "insert", "row": {"stage": "Research", key: {"polluted": 1}}, "before": None})
        assert reply["type"] == "reject" and f"unknown column {key!r}" in reply["message"]
        reply = answer(page, {"op": "set", "id": "cv-01", "column": key, "value": "x"})
        assert reply["type"] == "reject"
    assert snapshot(m.journey) == before


def test_request_state_buffers_and_other_widgets_messages_change_nothing() -> None:
    m = cjm.JourneyMap(colleen(), editable=False)
    page = HostilePage(m)
    before = snapshot(m.journey)
    m._handle_msg({"content": {"data": {"method": "request_state"}}, "buffers": []})
    assert page.states and page.states[-1]["editable"] is False  # the page gets Python's state, nothing more
    # Binary buffers in an update, as ipywidgets puts them into the state.
    data = {"method": "update", "state": {"editable": None, "_rows": None}, "buffer_paths": [["editable"], ["_rows"]]}
    m._handle_msg({"content": {"data": data}, "buffers": [b"\x01", memoryview(b"[]")]})
    assert m.editable is False
    for content in (
        {"event": "drag_end", "point": {"x": 1, "y": 2}, "index": 0},  # a bqplot mark's message
        {"do": "save_png"},
        {"type": "ack", "edit_id": "x"},
        {"type": "patch", "ops": [{"op": "delete", "id": "cv-01"}]},  # Python's own reply, sent back
        {"type": "reset", "rows": []},
        ["edit"],
        None,
    ):
        page.custom(content)
    assert all(r["type"] == "reject" for r in page.replies) and len(page.replies) == 7
    assert snapshot(m.journey) == before


@pytest.mark.parametrize("value", [0.5, 10**400, math.inf, True, 7])
def test_a_card_refuses_a_number_in_a_text_field_naming_the_field(value: Any, caplog: pytest.LogCaptureFixture) -> None:
    card = cjm.PersonaCard(cjm.Journey(colleen().touchpoints, personas=colleen().personas), persona="colleen")
    page = HostilePage(card)
    quote = card.record["quote"]
    with caplog.at_level(logging.ERROR):
        [reply] = page.answers(page.edit({"op": "set", "column": "quote", "value": value}))
    assert reply["type"] == "reject" and "column 'quote'" in reply["message"]  # was "not applied (TypeError)"
    assert caplog.records == []
    assert card.record["quote"] == quote
    [reply] = page.answers(page.edit({"op": "set", "column": "age", "value": "34"}))
    assert reply == {"type": "ack", "edit_id": reply["edit_id"], "value": 34.0}  # numbers still coerce


HOSTILE_TRAIT_VALUES = [
    ("lanes", None),
    ("lanes", {"__proto__": ["touchpoint"]}),
    ("lanes", [["touchpoint"]]),
    ("lanes", [10**4000]),  # traitlets' error quotes it: the reply is cut short
    ("lanes", ["emotion\x00"]),
    ("selected_stage", 123),
    ("selected_stage", ["Research"]),
    ("selected_stage", "R" * (MAX_PAGE_TEXT + 1)),
    ("persona", {"__proto__": 1}),
    ("persona", math.inf),
]


@pytest.mark.parametrize(
    ("name", "value"), HOSTILE_TRAIT_VALUES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(HOSTILE_TRAIT_VALUES)]
)
def test_an_allowed_trait_with_a_hostile_value_is_refused_and_rolled_back(name: str, value: Any) -> None:
    m = cjm.JourneyMap(colleen())
    page = HostilePage(m)
    kept = getattr(m, name)
    page.custom({"type": "set_trait", "name": name, "value": value})
    assert [r["type"] for r in page.replies] == ["reject"] and len(page.replies[0]["message"]) <= MAX_REPLY_CHARS + 1
    assert getattr(m, name) == kept and page.rolled_back()[name] == kept
    page.update(**{name: value})
    assert getattr(m, name) == kept and page.rolled_back()[name] == kept
