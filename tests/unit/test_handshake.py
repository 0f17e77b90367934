"""The handshake every host relies on, and the stored state of headless runs (docs/sync-protocol.md).

A view opens with ``hello`` and its revision; Python answers ``welcome``, after a
``reset`` when the view is behind. While no view has said hello, every change also
goes out as widget state, so what nbconvert/papermill store (and the report) is current;
once a view has, a one-cell edit costs exactly the patch, as before.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import cjm_widgets as cjm


class Traffic:
    """Every comm message a widget sends (custom messages and state updates), as the wire sees them."""

    def __init__(self, widget: Any) -> None:
        self.messages: list[dict[str, Any]] = []
        original = widget._send  # ipywidgets' one way out, for both kinds

        def record(msg: dict[str, Any], buffers: Any = None) -> None:
            self.messages.append(json.loads(json.dumps(msg)))
            original(msg, buffers=buffers)

        widget._send = record

    def custom(self) -> list[dict[str, Any]]:
        return [m["content"] for m in self.messages if m.get("method") == "custom"]

    def updates(self) -> list[dict[str, Any]]:
        return [m["state"] for m in self.messages if m.get("method") == "update"]

    def clear(self) -> None:
        self.messages.clear()


def hello(widget: Any, rev: Any) -> None:
    widget._handle_custom_msg({"type": "hello", "rev": rev}, [])


@pytest.fixture
def live() -> tuple[cjm.JourneyMap, Traffic]:
    m = cjm.JourneyMap(cjm.templates.load("colleen-vacuum"))
    return m, Traffic(m)


def first_id(m: cjm.JourneyMap) -> str:
    return str(m.touchpoints["id"].iloc[0])


def test_a_current_view_is_welcomed_without_a_reset(live: tuple[cjm.JourneyMap, Traffic]) -> None:
    m, traffic = live
    hello(m, m.journey.revision)
    assert traffic.custom() == [{"type": "welcome", "rev": m.journey.revision, "echo": False}]


def test_a_view_behind_gets_a_reset_of_the_current_map_then_a_welcome(live: tuple[cjm.JourneyMap, Traffic]) -> None:
    m, traffic = live
    shown_rev = m.journey.revision
    with m.edit() as df:
        df.loc[df.index[0], "thought"] = "Edited while the page was away"
    traffic.clear()
    hello(m, shown_rev)  # a page reloaded in a host that replays state only (marimo)
    reset, welcome = traffic.custom()
    assert reset["type"] == "reset" and reset["rev"] == m.journey.revision
    assert reset["rows"][0]["thought"] == "Edited while the page was away"
    assert [s["stage"] for s in reset["stages"]] == m.journey.stage_names
    assert welcome == {"type": "welcome", "rev": m.journey.revision, "echo": False}


@pytest.mark.parametrize("rev", [None, "3", 2.5, True, -1])
def test_a_hello_without_a_usable_revision_gets_the_full_state(live: tuple[cjm.JourneyMap, Traffic], rev: Any) -> None:
    m, traffic = live
    hello(m, rev)
    assert [c["type"] for c in traffic.custom()] == ["reset", "welcome"]


def test_headless_changes_are_stored_as_widget_state(live: tuple[cjm.JourneyMap, Traffic]) -> None:
    # No view said hello (nbconvert --execute, papermill): the stored state must follow Python's edits.
    m, traffic = live
    with m.edit() as df:
        df.loc[df.index[0], "thought"] = "Changed by a later cell"
    states = traffic.updates()
    assert states, "a headless change sent no widget state: the report would show the map as first built"
    last = {k: v for s in states for k, v in s.items()}
    assert last["_rev"] == m.journey.revision
    assert last["_rows"][0]["thought"] == "Changed by a later cell"


def test_an_empathy_map_stores_headless_changes_and_answers_hello_the_same_way() -> None:
    import pandas as pd

    e = cjm.EmpathyMap(pd.DataFrame({"quadrant": ["says"], "text": ["It is loud"]}))
    traffic = Traffic(e)
    e.notes = pd.DataFrame({"quadrant": ["says", "feels"], "text": ["It is loud", "Tired"]})
    stored = {k: v for s in traffic.updates() for k, v in s.items()}
    assert [r["text"] for r in stored["_rows"]] == ["It is loud", "Tired"]
    traffic.clear()
    hello(e, 0)  # the view was drawn from the first state
    assert [c["type"] for c in traffic.custom()] == ["reset", "welcome"]


def test_once_a_view_said_hello_a_one_cell_edit_costs_only_its_patch(live: tuple[cjm.JourneyMap, Traffic]) -> None:
    m, traffic = live
    hello(m, m.journey.revision)
    traffic.clear()
    with m.edit() as df:
        df.loc[df.index[0], "thought"] = "Small"
    assert traffic.updates() == []  # no state update rides along in a live session
    (patch,) = traffic.custom()
    assert patch["ops"] == [{"op": "set", "id": first_id(m), "column": "thought", "value": "Small"}]
    assert len(json.dumps(traffic.messages)) < 300  # bytes in proportion to the edit, not to the map


def test_a_page_edit_after_hello_is_answered_by_a_patch_only(live: tuple[cjm.JourneyMap, Traffic]) -> None:
    m, traffic = live
    hello(m, m.journey.revision)
    traffic.clear()
    op = {"op": "set", "id": first_id(m), "column": "thought", "value": "From the page"}
    m._handle_custom_msg({"type": "edit", "edit_id": "v1-1", "rev": m.journey.revision, "op": op}, [])
    assert [c["type"] for c in traffic.custom()] == ["patch"]
    assert traffic.updates() == []
    assert m.touchpoints["thought"].iloc[0] == "From the page"
