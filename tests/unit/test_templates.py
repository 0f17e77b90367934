"""The built-in journey templates: every one is a complete, realistic current-state map."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets import templates
from cjm_widgets.schema.values import is_missing

EXPECTED = {
    "colleen-vacuum",
    "sales-funnel-4",
    "digital-5-online-banking",
    "digital-5-fashion-ecommerce",
    "digital-5-fitness-app",
    "equipment-repair",
    "telecom-5g-upgrade",
    # Translations of the founding material's own languages (issue 5).
    "colleen-vacuum-lv",
    "digital-5-online-banking-zh",
}
NAMES = templates.names()
DIGITAL_STAGES = ["Awareness", "Consideration", "Purchase", "Retention", "Advocacy"]


def short_label(text: str) -> bool:
    if re.search(r"[\u4e00-\u9fff]", text):
        return 3 <= len(text) <= 14
    return 2 <= len(text.split()) <= 6


def filled(value) -> bool:
    return not is_missing(value) and bool(str(value).strip())


def test_exactly_the_built_in_names():
    assert set(NAMES) == EXPECTED
    assert sorted(NAMES) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_loads_as_current_state_journey(name):
    j = templates.load(name)
    assert isinstance(j, cjm.Journey)
    assert j.kind == "current"
    assert j.title.strip()
    assert j.notes.strip()
    assert j.emotion_scale == (-2.0, 2.0)


@pytest.mark.parametrize("name", NAMES)
def test_stages_are_complete(name):
    stages = templates.load(name).stages
    assert 4 <= len(stages) <= 6
    for column in ("stage", "description", "goal"):
        assert stages[column].map(filled).all(), f"{name}: empty {column}"


@pytest.mark.parametrize("name", NAMES)
def test_every_stage_has_two_to_four_touchpoints(name):
    j = templates.load(name)
    counts = j.touchpoints["stage"].value_counts()
    for stage in j.stage_names:
        assert 2 <= counts.get(stage, 0) <= 4, f"{name}: stage {stage!r} has {counts.get(stage, 0)}"


@pytest.mark.parametrize("name", NAMES)
def test_touchpoints_are_filled_in(name):
    j = templates.load(name)
    tps = j.touchpoints
    low, high = j.emotion_scale
    for column in ("id", "touchpoint", "channel", "action", "thought"):
        assert tps[column].map(filled).all(), f"{name}: empty {column}"
    assert tps["emotion"].notna().all()
    assert tps["emotion"].between(low, high).all()
    assert tps["id"].is_unique
    # Touchpoint labels are short: 2 to 6 words (Chinese, written without spaces: 3 to 14 characters).
    short = tps["touchpoint"].map(short_label)
    assert short.all(), tps.loc[~short, "touchpoint"].tolist()
    # Thoughts are plain first-person text, not wrapped in quotes.
    assert not tps["thought"].str.match(r"^[\"“'‘]").any()


@pytest.mark.parametrize("name", NAMES)
def test_emotion_curve_has_a_peak_and_an_end(name):
    emotion = templates.load(name).touchpoints["emotion"]
    assert emotion.max() > 0
    assert emotion.min() < 0
    assert emotion.iloc[-1] > 0  # journeys here end on a positive note


@pytest.mark.parametrize("name", NAMES)
def test_pain_points_have_opportunities(name):
    tps = templates.load(name).touchpoints
    pains = tps["pain_point"].map(filled)
    assert pains.sum() >= 3
    assert tps.loc[pains, "opportunity"].map(filled).all()
    # Every pain point has an opportunity, and a few opportunities stand on their own.
    assert tps["opportunity"].map(filled).sum() >= pains.sum()


@pytest.mark.parametrize("name", NAMES)
def test_persona_is_complete_and_used(name):
    j = templates.load(name)
    personas = j.personas
    assert len(personas) >= 1
    for column in ("persona", "name", "situation", "goals", "needs", "frustrations", "motivations", "quote"):
        assert personas[column].map(filled).all(), f"{name}: empty persona {column}"
    assert personas["age"].notna().all()
    assert "persona" in j.touchpoints.columns
    assert j.touchpoints["persona"].isin(personas["persona"]).all()


@pytest.mark.parametrize("name", NAMES)
def test_action_plan(name):
    actions = templates.load(name).actions
    assert 3 <= len(actions) <= 5
    for column in ("action", "stage", "owner"):
        assert actions[column].map(filled).all()
    assert (actions["status"] == "proposed").all()


@pytest.mark.parametrize("name", NAMES)
def test_load_returns_independent_objects(name):
    first = templates.load(name)
    original = templates.load(name).touchpoints
    edited = first.touchpoints
    edited["thought"] = "changed"
    edited["emotion"] = 0.0
    first.touchpoints = edited
    first.title = "changed"
    second = templates.load(name)
    assert first is not second
    assert (first.touchpoints["thought"] == "changed").all()
    pd.testing.assert_frame_equal(second.touchpoints, original)
    assert second.title != "changed"


@pytest.mark.parametrize("variant", ["online-banking", "fashion-ecommerce", "fitness-app"])
def test_digital_5_variants(variant):
    j = templates.load("digital-5", variant=variant)
    assert j.equals(templates.load(f"digital-5-{variant}"))
    assert j.stage_names == DIGITAL_STAGES


def test_unknown_name_names_close_matches():
    with pytest.raises(LookupError, match="colleen-vacuum"):
        templates.load("colleen-vacum")
    with pytest.raises(LookupError, match="digital-5-fitness-app"):
        templates.load("digital-5", variant="fitnes-app")
    with pytest.raises(LookupError):
        templates.load("no-such-template")


def test_translated_templates_match_their_english_twins():
    for translated, original in (
        ("colleen-vacuum-lv", "colleen-vacuum"),
        ("digital-5-online-banking-zh", "digital-5-online-banking"),
    ):
        j, en = templates.load(translated), templates.load(original)
        assert j.touchpoints["id"].tolist() == en.touchpoints["id"].tolist()
        assert j.touchpoints["emotion"].tolist() == en.touchpoints["emotion"].tolist()
        assert j.touchpoints["pain_point"].map(filled).tolist() == en.touchpoints["pain_point"].map(filled).tolist()
        assert len(j.stage_names) == len(en.stage_names) and j.stage_names != en.stage_names
    assert templates.load("colleen-vacuum-lv").personas["name"].iloc[0] == "Zinātkārā Kolīna"
    assert templates.load("digital-5-online-banking-zh").stage_names == ["认知", "考虑", "购买", "留存", "推荐"]


def test_colleen():
    j = templates.load("colleen-vacuum")
    persona = j.personas.iloc[0]
    assert persona["persona"] == "colleen"
    assert persona["age"] == 32
    assert "vacuum" in persona["goals"].lower()
    actions = j.actions["action"].str.lower().tolist()
    assert len(actions) == 5
    # The five-point plan, in order.
    for step, keyword in zip(actions, ["chatbot", "comparison", "benefit", "social", "survey"], strict=True):
        assert keyword in step


def test_sales_funnel_stages():
    j = templates.load("sales-funnel-4")
    assert j.stage_names == ["Investigate", "Compare & decide", "Purchase", "Set up & give feedback"]


def test_equipment_repair_peak_end():
    j = templates.load("equipment-repair")
    tps = j.touchpoints.set_index("id")
    peak, low = tps["emotion"].idxmax(), tps["emotion"].idxmin()
    assert (tps["emotion"] == tps["emotion"].max()).sum() == 1
    assert (tps["emotion"] == tps["emotion"].min()).sum() == 1
    assert tps.loc[peak, "stage"] == "On-site repair"
    assert tps.loc[low, "stage"] == "Service call"
    assert "transfer" in tps.loc[low, "touchpoint"].lower()
    assert filled(tps.loc[low, "pain_point"])
    assert tps["emotion"].iloc[-1] > 0  # a positive end
    assert "peak-end" in j.notes.lower()
    assert any("self-service" in str(p).lower() or "online" in str(p).lower() for p in tps["pain_point"])


def test_telecom_covers_phone_check():
    j = templates.load("telecom-5g-upgrade")
    text = " ".join(j.touchpoints["touchpoint"].tolist() + j.stage_names).lower()
    for keyword in ("5g", "plan", "store", "app", "phone"):
        assert keyword in text
