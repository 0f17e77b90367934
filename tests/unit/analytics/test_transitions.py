"""transitions / top_flows / flows: hand-checked on the small log, and against pm4py's DFG."""

from __future__ import annotations

from typing import Any

import pandas as pd

import cjm_widgets as cjm

KW: dict[str, Any] = {"user": "user", "time": "time", "touchpoint": "touchpoint"}


def as_rows(table: pd.DataFrame) -> set[tuple]:
    gaps = [None if pd.isna(g) else g.total_seconds() / 60 for g in table["median_gap"]]
    return set(zip(table["from"], table["to"], table["count"], table["users"], gaps, strict=True))


def test_touchpoint_transitions_by_hand(log: pd.DataFrame) -> None:
    # a: Ad-10m-Site-5m-Site-60m-Buy; b: Ad-30m-Site-10m-Help; c: Site-20m-Buy-60m-Ad; d: Ad.
    table = cjm.transitions(log, **KW)
    assert list(table.columns) == ["from", "to", "count", "users", "median_gap"]
    assert as_rows(table) == {
        ("Ad", "Site", 2, 2, 20.0),
        ("Site", "Buy", 2, 2, 40.0),  # 60m (a), 20m (c)
        ("Site", "Site", 1, 1, 5.0),
        ("Site", "Help", 1, 1, 10.0),
        ("Buy", "Ad", 1, 1, 60.0),
    }
    assert table["count"].is_monotonic_decreasing


def test_ends_stage_level_and_segments(log: pd.DataFrame) -> None:
    with_ends = as_rows(cjm.transitions(log, **KW, ends=True))
    assert {r for r in with_ends if "(start)" in r or "(end)" in r} == {
        ("(start)", "Ad", 3, 3, None),
        ("(start)", "Site", 1, 1, None),
        ("Ad", "(end)", 2, 2, None),
        ("Help", "(end)", 1, 1, None),
        ("Buy", "(end)", 1, 1, None),
    }
    # Stage level: moves between stages only (a's Site->Site and b's Site->Help stay in Consider).
    stages = cjm.transitions(log, **KW, stage="stage", level="stage")
    assert as_rows(stages) == {
        ("Aware", "Consider", 2, 2, 20.0),
        ("Consider", "Purchase", 2, 2, 40.0),
        ("Purchase", "Aware", 1, 1, 60.0),
    }
    by_segment = cjm.transitions(log, **KW, segment="segment")
    assert by_segment.columns[0] == "segment"
    new = by_segment[by_segment["segment"] == "new"].drop(columns="segment")
    assert as_rows(new) == {
        ("Ad", "Site", 2, 2, 20.0),
        ("Site", "Site", 1, 1, 5.0),
        ("Site", "Buy", 1, 1, 60.0),
        ("Site", "Help", 1, 1, 10.0),
    }


def test_times_beyond_the_nanosecond_range(log: pd.DataFrame) -> None:
    """Second-resolution datetimes past 2262 are read in their own unit (nanoseconds would overflow)."""
    import numpy as np

    far = log.assign(time=(log["time"] + pd.DateOffset(years=400)).to_numpy().astype("datetime64[s]"))
    assert far["time"].dtype == np.dtype("datetime64[s]") and far["time"].min().year > 2262
    assert as_rows(cjm.transitions(far, **KW)) == as_rows(cjm.transitions(log, **KW))


def test_arrow_backed_timestamps(log: pd.DataFrame) -> None:
    """timestamp[...][pyarrow] columns (read_parquet(dtype_backend="pyarrow")) read as numpy datetimes do."""
    import pyarrow as pa

    for unit, tz in [("s", None), ("ns", "Europe/Riga")]:
        times = log["time"].dt.tz_localize(tz) if tz else log["time"]
        arrow = log.assign(time=times.astype(pd.ArrowDtype(pa.timestamp(unit, tz))))
        assert as_rows(cjm.transitions(arrow, **KW)) == as_rows(cjm.transitions(log, **KW))


def test_session_gap_cuts_long_pauses(log: pd.DataFrame) -> None:
    # Over 45 minutes apart: a's Site -60m- Buy and c's Buy -60m- Ad are in different sessions.
    table = cjm.transitions(log, **KW, session_gap=pd.Timedelta(minutes=45))
    assert as_rows(table) == {
        ("Ad", "Site", 2, 2, 20.0),
        ("Site", "Buy", 1, 1, 20.0),
        ("Site", "Site", 1, 1, 5.0),
        ("Site", "Help", 1, 1, 10.0),
    }


def test_top_flows_groups_the_rest_per_source(log: pd.DataFrame) -> None:
    table = cjm.transitions(log, **KW)
    top = cjm.top_flows(table, n=2)
    # Kept: Ad->Site (2) and Site->Buy (2); nodes Ad, Site, Buy. The rest by source:
    # Site->Site + Site->Help = 2 as Site->Other; Buy->Ad = 1 as Buy->Other.
    assert list(zip(top["from"], top["to"], top["count"], top["is_other"], strict=True)) == [
        ("Ad", "Site", 2, False),
        ("Site", "Buy", 2, False),
        ("Site", "Other", 2, True),
        ("Buy", "Other", 1, True),
    ]
    assert top["users"].isna().tolist() == [False, False, True, True]
    assert top["count"].sum() == table["count"].sum()
    flows = cjm.flows(log, **KW, stage="stage", level="stage", n=1, other="Rest")
    assert flows[["from", "to", "count"]].values.tolist() == [
        ["Aware", "Consider", 2],
        ["Consider", "Rest", 2],
        ["Rest", "Rest", 1],  # Purchase -> Aware: Purchase is not a node of the kept flow
    ]


def test_counts_equal_pm4py_directly_follows_graph() -> None:
    import pm4py  # a test dependency: fail, never skip, when it is missing

    log = cjm.datasets.events(n_users=300, seed=3)
    log["case"] = log["user_id"].astype(str)  # pm4py wants text case ids
    dfg, starts, ends = pm4py.discover_dfg(
        log, case_id_key="case", activity_key="touchpoint", timestamp_key="timestamp"
    )
    kw = {"user": "user_id", "time": "timestamp", "touchpoint": "touchpoint"}
    ours = cjm.transitions(log, **kw, ends=True)
    pairs = {(f, t): c for f, t, c in zip(ours["from"], ours["to"], ours["count"], strict=True)}
    assert {k: v for k, v in pairs.items() if "(start)" not in k and "(end)" not in k} == dict(dfg)
    assert {t: c for (f, t), c in pairs.items() if f == "(start)"} == dict(starts)
    assert {f: c for (f, t), c in pairs.items() if t == "(end)"} == dict(ends)
