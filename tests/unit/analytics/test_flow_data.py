"""FlowView's data preparation: stage-level sums, top-N grouping, node order, JSON records."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.analytics.flow_data import flow_records, is_transitions_table, stage_level
from cjm_widgets.errors import SchemaError

from .conftest import STAGE_OF

KW: dict[str, Any] = {"user": "user", "time": "time", "touchpoint": "touchpoint"}


def test_stage_level_counts_equal_transitions_at_stage_level(log: pd.DataFrame) -> None:
    # Touchpoint flows Ad>Site 2, Site>Buy 2, Site>Site 1, Site>Help 1, Buy>Ad 1; Site>Site and
    # Site>Help stay inside Consider, so they are not moves between stages.
    summed = stage_level(cjm.transitions(log, **KW), STAGE_OF)
    assert list(zip(summed["from"], summed["to"], summed["count"], strict=True)) == [
        ("Aware", "Consider", 2),
        ("Consider", "Purchase", 2),
        ("Purchase", "Aware", 1),
    ]
    direct = cjm.transitions(log, **KW, stage="stage", level="stage")
    assert summed[["from", "to", "count"]].equals(direct[["from", "to", "count"]])
    # Distinct users and medians do not add up from the pieces: unknown, not made up.
    assert summed["users"].isna().all() and summed["median_gap"].isna().all()


def test_stage_level_keeps_journey_ends(log: pd.DataFrame) -> None:
    summed = stage_level(cjm.transitions(log, **KW, ends=True), STAGE_OF)
    rows = set(zip(summed["from"], summed["to"], summed["count"], strict=True))
    assert ("(start)", "Aware", 3) in rows and ("Consider", "(end)", 1) in rows


def test_stage_level_names_a_touchpoint_without_stage(log: pd.DataFrame) -> None:
    with pytest.raises(SchemaError) as info:
        stage_level(cjm.transitions(log, **KW), {"Ad": "Aware", "Site": "Consider", "Buy": "Purchase"})
    message = str(info.value)
    assert "'Help'" in message and "transitions" in message and "stage=" in message


def test_top_n_groups_the_rest_per_source(log: pd.DataFrame) -> None:
    # Ranked: Ad>Site 2, Site>Buy 2 | Buy>Ad 1, Site>Help 1, Site>Site 1 -> Site>Other 2, Buy>Other 1.
    shown, nodes, records = flow_records(cjm.transitions(log, **KW), n=2, order=["Ad", "Site", "Help", "Buy"])
    assert [(r["from"], r["to"], r["count"], r["other"]) for r in records] == [
        ("Ad", "Site", 2, False),
        ("Site", "Buy", 2, False),
        ("Site", "Other", 2, True),
        ("Buy", "Other", 1, True),
    ]
    assert nodes == ["Ad", "Site", "Buy", "Other"]  # the given order; Other last; Help is not drawn
    assert records[0]["users"] == 2 and records[0]["median_gap"] == 20 * 60  # seconds
    assert records[2]["users"] is None and records[2]["median_gap"] is None
    assert shown["count"].sum() == cjm.transitions(log, **KW)["count"].sum()  # nothing lost


def test_nodes_without_order_go_biggest_first_with_ends_around(log: pd.DataFrame) -> None:
    _, nodes, _ = flow_records(cjm.transitions(log, **KW, ends=True), n=20)
    # In + out: Ad 8, Site 8 (ties by name), Buy 4, Help 2; the journey ends around them.
    assert nodes == ["(start)", "Ad", "Site", "Buy", "Help", "(end)"]


def test_bad_tables_are_refused(log: pd.DataFrame) -> None:
    table = cjm.transitions(log, **KW, segment="segment")
    with pytest.raises(ValueError, match="one segment at a time"):
        flow_records(table)
    with pytest.raises(ValueError, match="at least 1"):
        flow_records(cjm.transitions(log, **KW), n=0)
    assert is_transitions_table(table) and not is_transitions_table(log)
