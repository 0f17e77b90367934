"""FlowView's Python side: building from a table or a log, stage level, the link to a map."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
import traitlets

import cjm_widgets as cjm
from cjm_widgets.errors import SchemaError

from .conftest import STAGE_OF

KW: dict[str, Any] = {"user": "user", "time": "time", "touchpoint": "touchpoint"}


@pytest.fixture
def m(plan: cjm.Journey) -> cjm.JourneyMap:
    return cjm.JourneyMap(plan)


def pairs(fv: cjm.FlowView) -> list[tuple[str, str, int]]:
    return [(link["from"], link["to"], link["count"]) for link in fv.links]


def test_from_a_log_or_its_table_draws_the_same_flows(log: pd.DataFrame) -> None:
    from_log = cjm.FlowView(log, **KW, n=2)
    from_table = cjm.FlowView(cjm.transitions(log, **KW), n=2)
    assert (
        pairs(from_log)
        == pairs(from_table)
        == [("Ad", "Site", 2), ("Site", "Buy", 2), ("Site", "Other", 2), ("Buy", "Other", 1)]
    )
    assert from_log.links[0]["median_gap"] == 1200.0 and from_log.timed
    assert from_log.table["is_other"].tolist() == [False, False, True, True]
    with pytest.raises(TypeError, match="user=, time= and touchpoint="):
        cjm.FlowView(log)


def test_stage_level_from_a_map_a_mapping_or_a_column(log: pd.DataFrame, m: cjm.JourneyMap) -> None:
    expected = [("Aware", "Consider", 2), ("Consider", "Purchase", 2), ("Purchase", "Aware", 1)]
    by_column = cjm.FlowView(log, **KW, stage="stage", level="stage")
    by_mapping = cjm.FlowView(cjm.transitions(log, **KW), stage=STAGE_OF, level="stage")
    assert pairs(by_column) == pairs(by_mapping) == expected
    assert by_column.links[0]["users"] == 2 and by_mapping.links[0]["users"] is None
    stage_table = cjm.transitions(log, **KW, stage="stage", level="stage")
    assert pairs(cjm.FlowView(stage_table, level="stage")) == pairs(cjm.FlowView(stage_table, level="stage", map=m))
    assert pairs(cjm.FlowView(stage_table, level="stage")) == expected  # shown as it is
    # The plan has no Help: the map alone cannot place it.
    with pytest.raises(SchemaError, match="'Help' has no stage"):
        cjm.FlowView(cjm.transitions(log, **KW), level="stage", map=m)
    with pytest.raises(SchemaError, match="'Help' has no stage.*linked map.*Pass stage="):
        cjm.FlowView(log, **KW, level="stage", map=m)
    assert pairs(cjm.FlowView(log, **KW, stage="stage", level="stage", map=m)) == expected
    linked = cjm.FlowView(log[log["touchpoint"] != "Help"], **KW, level="stage", map=m)
    assert linked.nodes == ["Aware", "Consider", "Purchase"]  # the map's stage order
    assert linked.node_stages == {"Aware": "Aware", "Consider": "Consider", "Purchase": "Purchase"}


def test_selecting_a_flow_selects_its_touchpoints_on_the_map(log: pd.DataFrame, m: cjm.JourneyMap) -> None:
    fv = cjm.FlowView(log, **KW, map=m)
    assert fv.nodes[:3] == ["Ad", "Site", "Buy"]  # the map's order first
    fv.selected = {"from": "Site", "to": "Buy"}
    assert fv.selected == {**fv.links[1], "from": "Site", "to": "Buy"}  # the full record
    assert m.selected_touchpoints == ["p2", "p3"]
    fv.selected = {"from": "Site", "to": "Help"}  # Help is not on the map: only Site is selected
    assert m.selected_touchpoints == ["p2"]
    fv.selected = None
    assert m.selected_touchpoints == []
    with pytest.raises(traitlets.TraitError, match="no flow 'Buy' -> 'Site' is shown"):
        fv.selected = {"from": "Buy", "to": "Site"}
    stages = cjm.FlowView(log, **KW, stage="stage", level="stage", map=m)
    stages.selected = {"from": "Aware", "to": "Consider"}
    assert m.selected_touchpoints == ["p1", "p2"]


def test_the_maps_selected_stage_and_language_reach_the_view(log: pd.DataFrame, m: cjm.JourneyMap) -> None:
    m.language = "zh"
    fv = cjm.FlowView(log, **KW, map=m)
    assert fv.node_stages == {"Ad": "Aware", "Site": "Consider", "Buy": "Purchase"}
    assert fv.language == "zh"
    m.selected_stage, m.language = "Consider", "lv"
    assert (fv.highlight_stage, fv.language) == ("Consider", "lv")
    fv.close()
    m.selected_stage, m.language = "Aware", "en"
    assert (fv.highlight_stage, fv.language) == ("Consider", "lv")  # a closed view no longer follows the map
