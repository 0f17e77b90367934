"""Markers and touchpoint selection on a JourneyMap (Python side)."""

from __future__ import annotations

import pandas as pd
import pytest

import cjm_widgets as cjm


@pytest.fixture
def m() -> cjm.JourneyMap:
    return cjm.JourneyMap(cjm.templates.load("colleen-vacuum"))


def test_markers_of_each_source_replace_only_their_own(m: cjm.JourneyMap) -> None:
    ids = m.touchpoints["id"].tolist()
    m.show_markers("peak_end", [{"kind": "peak", "label": "Peak", "touchpoint_id": ids[1], "tone": "bad"}])
    m.show_markers("check", pd.DataFrame({"kind": ["check"], "label": ["Add a touchpoint"], "stage": ["Purchase"]}))
    m.show_markers("peak_end", [{"kind": "end", "label": "End", "touchpoint_id": ids[-1]}])
    assert [(x["source"], x["kind"], x["tone"]) for x in m.markers] == [
        ("check", "check", "info"),
        ("peak_end", "end", "info"),
    ]
    assert m.markers[0]["touchpoint_id"] is None and m.markers[0]["stage"] == "Purchase"
    m.show_markers("check", None)
    assert [x["source"] for x in m.markers] == ["peak_end"]


def test_markers_are_in_the_state_sent_to_views(m: cjm.JourneyMap) -> None:
    ids = m.touchpoints["id"].tolist()
    m.show_markers("peak_end", [{"kind": "peak", "label": "Peak", "touchpoint_id": ids[0]}])
    assert m.get_state("markers")["markers"][0]["touchpoint_id"] == ids[0]


@pytest.mark.parametrize(
    ("marker", "column", "words"),
    [
        ({"kind": "x", "touchpoint_id": "nope"}, "touchpoint_id", "unknown touchpoint id 'nope'"),
        ({"kind": "x"}, "touchpoint_id", "either a touchpoint or a stage"),
        ({"kind": "x", "stage": "Awareness"}, "stage", "unknown stage 'Awareness'"),
        ({"kind": "x", "stage": "Purchase", "tone": "loud"}, "tone", "unknown tone 'loud'"),
        ({"label": "no kind", "stage": "Purchase"}, "kind", "needs a kind"),
    ],
)
def test_a_bad_marker_is_refused_by_name_and_changes_nothing(
    m: cjm.JourneyMap, marker: dict[str, str], column: str, words: str
) -> None:
    m.show_markers("check", [{"kind": "ok", "stage": "Purchase"}])
    before = list(m.markers)
    with pytest.raises(cjm.SchemaError) as info:
        m.show_markers("check", [{"kind": "ok", "stage": "Purchase"}, marker])
    assert info.value.column == column
    assert "position 1" in str(info.value) and words in str(info.value)
    assert m.markers == before


def test_markers_cannot_be_assigned_directly(m: cjm.JourneyMap) -> None:
    with pytest.raises(Exception, match="read-only"):
        m.markers = []


def test_selected_touchpoints_are_checked(m: cjm.JourneyMap) -> None:
    ids = m.touchpoints["id"].tolist()
    m.selected_touchpoints = [ids[2], ids[0], ids[2]]
    assert m.selected_touchpoints == [ids[2], ids[0]]
    with pytest.raises(cjm.SchemaError, match="unknown touchpoint id 'zz'"):
        m.selected_touchpoints = ["zz"]
    assert m.selected_touchpoints == [ids[2], ids[0]]
