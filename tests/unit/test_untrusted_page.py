"""The page is untrusted: whatever it sends (edits, standard ipywidgets updates), Python decides.

Each test plays a page that tries what the Python side forbade, through the
messages a browser really sends (``HostilePage`` goes through ``_handle_msg``),
and checks that nothing changed, that the refusal was logged, and that the page
got an answer rolling its copy back.
"""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cjm_widgets as cjm

from .hostile_page import HostilePage

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PNG_URL = "data:image/png;base64," + base64.b64encode(PNG).decode()


def colleen() -> cjm.Journey:
    return cjm.templates.load("colleen-vacuum")


def tables(journey: cjm.Journey) -> dict[str, object]:
    """Everything a refused message must leave as it was."""
    return {"journey": journey.to_dict(), "revision": journey.revision}


def refusals(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]


# -- the allow-list -------------------------------------------------------------------------


def test_the_allow_list_is_short_and_declared_once() -> None:
    from cjm_widgets.widgets.page_state import EMPATHY_MAP_SETTABLE, FLOW_VIEW_SETTABLE, JOURNEY_MAP_SETTABLE

    assert JOURNEY_MAP_SETTABLE == ("lanes", "selected_stage", "persona")
    assert cjm.JourneyMap._view_traits == JOURNEY_MAP_SETTABLE
    assert cjm.EmpathyMap._view_traits == EMPATHY_MAP_SETTABLE == ("persona",)
    assert cjm.FlowView._view_traits == FLOW_VIEW_SETTABLE == ("selected",)
    assert cjm.PersonaCard._view_traits == ()
    for forbidden in ("editable", "locked", "markers", "_rows", "autosave_error", "title"):
        assert forbidden not in JOURNEY_MAP_SETTABLE


def test_an_update_message_cannot_unlock_a_read_only_map(caplog: pytest.LogCaptureFixture) -> None:
    m = cjm.JourneyMap(colleen(), editable=False, locked=["thought"])
    m.show_markers("teacher", [{"stage": "Research", "kind": "note", "label": "Look here"}])
    before, markers = tables(m.journey), list(m.markers)
    page = HostilePage(m)
    rows = [dict(r, thought="hacked") for r in m.get_state("_rows")["_rows"]]
    with caplog.at_level(logging.WARNING):
        page.update(editable=True, locked=[], markers=[], _rows=rows, title="Owned", autosave_error="x")
    assert m.editable is False
    assert m.locked == ["thought"]
    assert m.markers == markers
    assert m.title == colleen().title
    assert tables(m.journey) == before
    back = page.rolled_back()  # the page is told Python's values, which rolls its copy back
    assert back["editable"] is False and back["locked"] == ["thought"] and back["markers"] == markers
    assert back["title"] == m.title and back["_rows"][0]["thought"] != "hacked"
    assert any("'editable'" in r and "may only be set from Python" in r for r in refusals(caplog))


def test_the_allowed_traits_still_work_and_bad_values_roll_back(caplog: pytest.LogCaptureFixture) -> None:
    m = cjm.JourneyMap(colleen())
    page = HostilePage(m)
    page.update(lanes=["touchpoint", "emotion"], selected_stage="Research")
    assert (m.lanes, m.selected_stage) == (["touchpoint", "emotion"], "Research")
    assert page.states == []
    with caplog.at_level(logging.WARNING):
        page.update(selected_stage="No such stage", lanes=["emotion"])
    assert (m.lanes, m.selected_stage) == (["touchpoint", "emotion"], "Research")  # all or nothing
    assert page.rolled_back() == {"selected_stage": "Research", "lanes": ["touchpoint", "emotion"]}
    assert any("unknown stage" in r for r in refusals(caplog))


def test_echoed_state_is_ignored_without_a_word(caplog: pytest.LogCaptureFixture) -> None:
    """marimo sends traits back as update messages with their values unchanged: not an attack."""
    m = cjm.JourneyMap(colleen())
    m.journey.metrics = pd.DataFrame({"metric": ["csat"], "stage": ["Research"], "value": [3.5]})
    m.lanes = [*m.lanes, "metric:csat"]  # a binary buffer in the state (`_metrics`)
    before = tables(m.journey)
    page = HostilePage(m)
    state = m.get_state()
    state["_metrics"] = m.get_state("_metrics")["_metrics"]
    with caplog.at_level(logging.DEBUG):
        page.update(**state)
    assert caplog.records == []
    assert page.states == []
    assert tables(m.journey) == before


def test_edits_from_the_page_of_a_read_only_map_are_refused_and_never_saved(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    m = cjm.JourneyMap(colleen(), editable=False, autosave=path)
    saved, before = path.read_bytes(), tables(m.journey)
    page = HostilePage(m)
    ops = [
        {"op": "set", "id": "cv-01", "column": "thought", "value": "hacked"},
        {"op": "delete", "id": "cv-01"},
        {"op": "delete_stage", "stage": "Research", "touchpoints": "remove"},
        {"op": "batch", "ops": [{"op": "add_stage", "stage": "Owned", "index": None}]},
    ]
    for op in ops:
        edit_id = page.edit(op)
        [answer] = page.answers(edit_id)
        assert answer["type"] == "reject" and "read-only" in answer["message"]
    assert tables(m.journey) == before
    assert path.read_bytes() == saved
    m.journey.apply(ops[0])  # Python's own edits still apply
    assert m.touchpoints.loc[0, "thought"] == "hacked"


def test_read_only_empathy_maps_and_cards_refuse_edits() -> None:
    e = cjm.EmpathyMap([{"quadrant": "says", "text": "Hi", "persona": "p"}], editable=False)
    page = HostilePage(e)
    answer = page.answers(page.edit({"op": "set", "id": "note-1", "column": "text", "value": "x"}))
    assert [a["type"] for a in answer] == ["reject"]
    page.update(editable=True, quadrants=["says"], persona="p")
    assert e.editable is False and e.quadrants == ["says", "thinks", "does", "feels", "pains", "gains"]
    assert e.persona == "p"  # the filter is the page's to choose
    assert e.notes["text"].tolist() == ["Hi"]

    card = cjm.PersonaCard(colleen(), editable=False)
    page = HostilePage(card)
    answer = page.answers(page.edit({"op": "set", "id": "colleen", "column": "quote", "value": "x"}))
    assert [a["type"] for a in answer] == ["reject"]
    page.update(editable=True, persona="other")
    assert (card.editable, card.persona) == (False, "colleen")
    assert card.record["quote"] == colleen().personas["quote"].iloc[0]


def test_a_chart_of_a_read_only_map_refuses_drags() -> None:
    m = cjm.JourneyMap(colleen(), editable=False)
    curve = cjm.EmotionCurve(m)
    before = tables(m.journey)
    points = curve.points[0]
    y = np.array(points.y, dtype="float64")
    y[0] = 2.0 if y[0] != 2.0 else -2.0
    points.y = y  # what bqplot's page sends when a point is dropped
    assert tables(m.journey) == before
    assert "read-only" in curve.message.value
    assert points.y.tolist()[0] == m.touchpoints["emotion"].iloc[0]  # the point went back


def test_boxes_and_flow_views_take_only_their_allow_list(caplog: pytest.LogCaptureFixture) -> None:
    board = cjm.JourneyBoard(colleen())
    children = board.children
    with caplog.at_level(logging.WARNING):
        HostilePage(board).update(children=[])
    assert board.children == children
    log = cjm.datasets.events(n_users=50, seed=1)
    fv = cjm.FlowView(log, user="user_id", time="timestamp", touchpoint="touchpoint", n=4)
    links = list(fv.links)
    page = HostilePage(fv)
    page.update(links=[], level="stage")
    assert (fv.links, fv.level) == (links, "touchpoint")
    page.update(selected={"from": links[0]["from"], "to": links[0]["to"]})
    assert fv.selected is not None and fv.selected["from"] == links[0]["from"]
    assert len(refusals(caplog)) >= 1


# -- pictures: the page never names a kernel file ---------------------------------------------


def test_a_picture_path_from_the_page_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    card = cjm.PersonaCard(colleen())
    page = HostilePage(card)
    messages = []
    for path in (str(secret), str(tmp_path / "missing.png"), "/etc/passwd", "~/.ssh/id_rsa"):
        [answer] = page.answers(page.edit({"op": "set", "id": "colleen", "column": "picture", "value": path}))
        assert answer["type"] == "reject"
        messages.append(answer["message"].replace(path, "PATH"))
    assert len(set(messages)) == 1  # the same words whether the file exists or not: no oracle
    assert "data URL" in messages[0]
    assert cjm.PersonaCard(colleen()).record["picture"] == card.record["picture"]
    card.load_picture(secret)  # Python code may still name a file
    assert card.record["picture"] == PNG_URL


def test_a_picture_from_the_page_is_a_bounded_data_url_of_an_image() -> None:
    card = cjm.PersonaCard(colleen())
    page = HostilePage(card)
    [answer] = page.answers(page.edit({"op": "set", "id": "colleen", "column": "picture", "value": PNG_URL}))
    assert answer == {"type": "ack", "edit_id": answer["edit_id"], "value": PNG_URL}
    svg = "data:image/svg+xml;base64," + base64.b64encode(b"<svg onload='alert(1)'/>").decode()
    huge = "data:image/png;base64," + "A" * (8 * 1024 * 1024)
    for bad, words in ((svg, "not a PNG"), (huge, "over the 2.0 MB")):
        [answer] = page.answers(page.edit({"op": "set", "id": "colleen", "column": "picture", "value": bad}))
        assert answer["type"] == "reject" and words in answer["message"]
    assert card.record["picture"] == PNG_URL


# -- locks hold for every op -------------------------------------------------------------------


def locked_map(locked: list[str]) -> cjm.JourneyMap:
    journey = cjm.Journey(
        [
            {"id": "a", "stage": "Awareness", "touchpoint": "Sees an ad", "thought": "Nice"},
            {"id": "b", "stage": "Purchase", "touchpoint": "Pays"},
        ],
        stages=["Awareness", "Purchase", "Use"],
    )
    return cjm.JourneyMap(journey, locked=locked)


@pytest.mark.parametrize(
    ("locked", "op", "words"),
    [
        (["touchpoint"], {"op": "delete_stage", "stage": "Purchase", "touchpoints": "remove"}, "cannot be deleted"),
        (
            ["touchpoint"],
            {"op": "delete_stage", "stage": "Purchase", "touchpoints": "move", "to": "Use"},
            "cannot be moved",
        ),
        (["thought"], {"op": "delete_stage", "stage": "Awareness", "touchpoints": "remove"}, "has a thought"),
        (
            ["Use"],
            {"op": "delete_stage", "stage": "Awareness", "touchpoints": "move", "to": "Purchase"},
            None,
        ),
    ],
)
def test_deleting_an_unlocked_stage_cannot_change_a_locked_lane(
    locked: list[str], op: dict[str, object], words: str | None
) -> None:
    m = locked_map(locked)
    before = tables(m.journey)
    page = HostilePage(m)
    [answer] = page.answers(page.edit(op))
    if words is None:  # nothing locked is touched: the stage goes, its touchpoint moves
        assert answer["type"] == "patch"
        assert m.journey.stage_names == ["Purchase", "Use"]
        return
    assert answer["type"] == "reject" and words in answer["message"]
    assert tables(m.journey) == before


def test_set_trait_messages_outside_the_allow_list_are_refused_and_rolled_back() -> None:
    m = cjm.JourneyMap(colleen(), editable=False)
    page = HostilePage(m)
    page.custom({"type": "set_trait", "name": "editable", "value": True})
    assert m.editable is False
    assert [r["type"] for r in page.replies] == ["reject"] and "may not set 'editable'" in page.replies[0]["message"]
    assert page.rolled_back() == {"editable": False}
    page.custom({"type": "set_trait", "name": "lanes", "value": ["touchpoint"]})
    assert m.lanes == ["touchpoint"]


def test_a_message_too_big_or_too_deep_is_refused_before_anything_is_applied() -> None:
    from cjm_widgets.widgets.page_state import MAX_PAGE_DEPTH, MAX_PAGE_VALUES

    m = cjm.JourneyMap(colleen())
    page = HostilePage(m)
    sets = [{"op": "set", "id": "cv-01", "column": "thought", "value": str(i)} for i in range(MAX_PAGE_VALUES // 8)]
    [answer] = page.answers(page.edit({"op": "batch", "ops": sets}))
    assert answer["type"] == "reject" and f"over {MAX_PAGE_VALUES:,} values" in answer["message"]
    deep: object = "x"
    for _ in range(MAX_PAGE_DEPTH + 2):
        deep = [deep]
    [answer] = page.answers(page.edit({"op": "set", "id": "cv-01", "column": "thought", "value": deep}))
    assert answer["type"] == "reject" and "nested deeper" in answer["message"]
    assert m.journey.revision == 0


def test_a_priority_matrix_of_a_read_only_map_adds_no_rating_columns() -> None:
    m = cjm.JourneyMap(colleen(), editable=False)
    matrix = cjm.PriorityMatrix(m)
    before = tables(m.journey)
    x, y = np.array(matrix.points.x, dtype="float64"), np.array(matrix.points.y, dtype="float64")
    x[0], y[0] = 4.0, 2.0
    with matrix.points.hold_sync():  # a drop: bqplot's page sets x and y in one message
        matrix.points.x, matrix.points.y = x, y
    matrix._typed(str(m.touchpoints["id"].iloc[0]), "impact", 3.0)  # what the keyboard fields call
    assert tables(m.journey) == before
    assert "impact" not in m.touchpoints.columns
    assert "read-only" in matrix.message.value
