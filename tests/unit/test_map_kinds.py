"""Map kinds reach the page: a day in the life's stage times, a future map's kind."""

from __future__ import annotations

import pandas as pd

import cjm_widgets as cjm


def test_a_day_in_the_life_sends_its_stage_times_to_the_page() -> None:
    stages = pd.DataFrame({"stage": ["Wake up", "Commute", "Lunch"], "time": ["07:00", "08:15", None]})
    journey = cjm.Journey(
        [{"stage": "Wake up", "touchpoint": "Alarm rings"}, {"stage": "Commute", "touchpoint": "Checks the app"}],
        stages,
        kind="day-in-the-life",
    )
    state = cjm.JourneyMap(journey).get_state()
    assert state["kind"] == "day-in-the-life"
    assert [s.get("time") for s in state["_stages"]] == ["07:00", "08:15", None]


def test_kind_and_language_are_synced_traits() -> None:
    m = cjm.JourneyMap(cjm.Journey([{"stage": "A", "touchpoint": "x"}]), kind="future", language="lv")
    state = m.get_state()
    assert (state["kind"], state["language"]) == ("future", "lv")
    m.kind = "day-in-the-life"
    assert m.journey.kind == "day-in-the-life"
