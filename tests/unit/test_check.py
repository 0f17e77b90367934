"""cjm.check: completeness findings a student can read, as a DataFrame and as map markers."""

from __future__ import annotations

import pandas as pd
import pytest

import cjm_widgets as cjm


def student_journey(**changes: object) -> cjm.Journey:
    touchpoints = [
        {"id": "a", "stage": "Awareness", "touchpoint": "Sees an ad", "emotion": 1.0},
        {"id": "b", "stage": "Purchase", "touchpoint": "Pays", "emotion": -1.0, "pain_point": "Card refused"},
        {"id": "c", "stage": "Purchase", "touchpoint": "Gets receipt", "emotion": 0.0},
    ]
    personas = [{"persona": "ana", "name": "Ana", "goals": "Buy quickly"}]
    kwargs: dict[str, object] = {"stages": ["Awareness", "Purchase", "Use"], "personas": personas, **changes}
    return cjm.Journey(changes.pop("touchpoints", touchpoints), **kwargs)  # type: ignore[arg-type]


def test_findings_name_the_check_place_and_say_kindly_what_to_do() -> None:
    findings = cjm.check(student_journey())
    assert list(findings.columns) == ["check", "stage", "touchpoint_id", "message", "severity"]
    assert findings["check"].tolist() == ["empty_stage", "pain_without_opportunity"]
    empty, pain = findings.to_dict("records")
    assert empty["stage"] == "Use" and pd.isna(empty["touchpoint_id"]) and empty["severity"] == "warning"
    assert "“Use” has no touchpoints yet" in empty["message"]
    assert pain["stage"] == "Purchase" and pain["touchpoint_id"] == "b"
    assert "“Pays” has a pain point" in pain["message"] and "How could" in pain["message"]


def test_an_opportunity_in_the_same_stage_answers_a_pain_point() -> None:
    journey = student_journey()
    with_idea = journey.touchpoints
    with_idea.loc[with_idea["id"] == "c", "opportunity"] = "Offer another way to pay"
    journey.touchpoints = with_idea
    assert "pain_without_opportunity" not in cjm.check(journey)["check"].tolist()


def test_missing_emotions_names_and_persona_goals() -> None:
    journey = cjm.Journey(
        [
            {"id": "a", "stage": "Awareness", "touchpoint": "Sees an ad"},
            {"id": "b", "stage": "Awareness", "touchpoint": "  "},
        ],
        personas=[{"persona": "ana", "name": "Ana"}, {"persona": "bo"}],
    )
    findings = cjm.check(journey)
    assert findings["check"].tolist() == [
        "unnamed_touchpoint",
        "missing_emotion",
        "missing_emotion",
        "persona_goals",
        "persona_goals",
    ]
    assert "feel at “Sees an ad”" in findings["message"].iloc[1] and "-2 to 2" in findings["message"].iloc[1]
    assert "“Ana” has no goals" in findings["message"].iloc[3]
    assert "“bo” has no goals" in findings["message"].iloc[4]
    assert findings["touchpoint_id"].tolist()[:3] == ["b", "a", "b"]


def test_no_persona_is_a_gentle_suggestion_and_a_complete_map_has_no_findings() -> None:
    journey = student_journey(personas=None)
    assert cjm.check(journey).query("check == 'no_persona'")["severity"].tolist() == ["info"]
    done = cjm.Journey(
        [{"stage": "Awareness", "touchpoint": "Sees an ad", "emotion": 1}],
        personas=[{"persona": "ana", "goals": "Learn"}],
    )
    empty = cjm.check(done)
    assert empty.empty and list(empty.columns) == ["check", "stage", "touchpoint_id", "message", "severity"]


def test_check_does_not_change_the_journey_and_rejects_other_things() -> None:
    journey = student_journey()
    before = journey.to_dict()
    cjm.check(journey)
    assert journey.to_dict() == before
    with pytest.raises(TypeError, match="Journey or a JourneyMap"):
        cjm.check(pd.DataFrame())  # type: ignore[arg-type]


def test_assumed_touchpoints_are_suggested_for_research() -> None:
    touchpoints = [
        {"id": "a", "stage": "Awareness", "touchpoint": "Sees an ad", "emotion": 1, "evidence": "assumed"},
        {"id": "b", "stage": "Awareness", "touchpoint": "Asks a friend", "emotion": 1, "evidence": "observed"},
    ]
    findings = cjm.check(cjm.Journey(touchpoints, personas=[{"persona": "ana", "goals": "Learn"}]))
    assert findings[["check", "touchpoint_id", "severity"]].values.tolist() == [["assumed", "a", "info"]]
    assert "“Sees an ad” is an assumption" in findings["message"].iloc[0]
