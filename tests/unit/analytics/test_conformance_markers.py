"""Conformance deviations as map markers: which, labelled how, in what tone."""

from __future__ import annotations

import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets.analytics.conformance import Conformance


def test_one_marker_per_deviation_with_share_and_tone(result: Conformance) -> None:
    # 5 journeys. Ad: c comes back to it (out of order). Site: e skips it, a repeats it, b leaves
    # the plan from it (to Help). Buy: nothing. 2 of 5 follow the plan.
    markers = cjm.conformance_markers(result, warn=0.05, bad=0.25)
    rows = [tuple(r) for r in markers[["touchpoint_id", "kind", "tone"]].itertuples(index=False)]
    assert rows[:4] == [
        ("p1", "out-of-order", "warn"),
        ("p2", "skipped", "warn"),
        ("p2", "repeated", "warn"),
        ("p2", "unplanned", "warn"),
    ]
    # A touchpoint's marker names its stage too: the table a user reads has no NaN there.
    assert markers["stage"].tolist() == ["Aware", "Consider", "Consider", "Consider", "Aware"]
    assert list(markers["label"].iloc[:2]) == [
        "out of order for 1 journey (20%)",
        "skipped by 1 journey (20%)",
    ]
    check = markers.iloc[-1]
    assert (check["stage"], check["kind"], check["tone"]) == ("Aware", "check", "bad")
    assert check["label"] == "40% of 5 journeys follow the plan"
    assert pd.isna(check["touchpoint_id"])


def test_thresholds_set_the_tone(result: Conformance) -> None:
    tones = cjm.conformance_markers(result, warn=0.3, bad=0.5)["tone"].tolist()
    assert tones == ["info", "info", "info", "info", "bad"]  # 20% each; 40% follow (< 50%)
    with pytest.raises(ValueError, match="warn <= bad"):
        cjm.conformance_markers(result, warn=0.5, bad=0.1)


def test_segments(plan: cjm.Journey, log: pd.DataFrame) -> None:
    by = cjm.conformance(plan, log, user="user", time="time", touchpoint="touchpoint", segment="segment")
    loyal = cjm.conformance_markers(by, segment="loyal")
    # loyal: c (Site, Buy, Ad: skips Ad, Ad out of order) and d (Ad): 2 journeys.
    assert set(zip(loyal["touchpoint_id"].dropna(), loyal["kind"], strict=False)) >= {("p1", "out-of-order")}
    assert loyal["label"].iloc[-1] == "50% of 2 journeys follow the plan"
    with pytest.raises(ValueError, match="no segment 'vip'.*loyal, new"):
        cjm.conformance_markers(by, segment="vip")


def test_rare_deviations_get_no_marker(result: Conformance) -> None:
    markers = cjm.conformance_markers(result, min_share=0.25)  # every deviation here is 1 in 5
    assert markers["kind"].tolist() == ["check"]


def test_show_conformance_puts_the_markers_on_the_map(plan: cjm.Journey, result: Conformance) -> None:
    m = cjm.JourneyMap(plan)
    m.show_markers("peak_end", [{"kind": "peak", "label": "Peak", "touchpoint_id": "p3"}])
    shown = cjm.show_conformance(m, result)
    on_map = [x for x in m.markers if x["source"] == "conformance"]
    assert [(x["touchpoint_id"], x["stage"], x["kind"], x["label"]) for x in on_map] == [
        # On the map a marker names one place: a touchpoint's marker drops its stage.
        (None, r.stage, r.kind, r.label) if pd.isna(r.touchpoint_id) else (r.touchpoint_id, None, r.kind, r.label)
        for r in shown.itertuples()
    ]
    assert len(on_map) == 5 and [x["source"] for x in m.markers].count("peak_end") == 1  # others kept
    cjm.show_conformance(m, result, min_share=0.5)
    assert [x["kind"] for x in m.markers if x["source"] == "conformance"] == ["check"]  # replaced, not added
