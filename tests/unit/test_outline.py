"""The %%journey outline parser: what it reads, and an error naming the line for each mistake."""

from __future__ import annotations

import textwrap

import pytest

import cjm_widgets as cjm
from cjm_widgets.errors import OutlineError
from cjm_widgets.io.outline import journey_from_outline, parse_outline

OUTLINE = textwrap.dedent(
    """\
    title: Buying a bike
    kind: future
    persona: Ana
    goals: Ride to work

    // stages as headings or as 'Name:' lines
    # Awareness
    description: She starts looking
    - Sees an ad
      channel: Instagram
      emotion: 1
    - Asks a friend; channel: WhatsApp; emotion: -0.5

    Purchase:
    goal: Pay without surprises
    * Pays online
      Pain point: Card refused
      opportunity: Offer another way to pay
      evidence: observed
      persona: Ana
    ## Use ##
    """
)


def test_an_outline_becomes_a_journey() -> None:
    journey = journey_from_outline(OUTLINE)
    assert (journey.title, journey.kind) == ("Buying a bike", "future")
    assert journey.stage_names == ["Awareness", "Purchase", "Use"]
    stages = journey.stages.set_index("stage")
    assert stages.loc["Awareness", "description"] == "She starts looking"
    assert stages.loc["Purchase", "goal"] == "Pay without surprises"
    tp = journey.touchpoints
    assert tp["touchpoint"].tolist() == ["Sees an ad", "Asks a friend", "Pays online"]
    assert tp["channel"].tolist()[:2] == ["Instagram", "WhatsApp"]
    assert tp["emotion"].tolist()[:2] == [1.0, -0.5]
    paid = tp.iloc[2]
    assert (paid["pain_point"], paid["opportunity"], paid["evidence"], paid["persona"]) == (
        "Card refused",
        "Offer another way to pay",
        "observed",
        "Ana",
    )
    assert journey.personas[["persona", "goals"]].values.tolist() == [["Ana", "Ride to work"]]


def test_a_day_in_the_life_outline_gives_stage_times() -> None:
    journey = journey_from_outline("kind: day-in-the-life\n# Morning\ntime: 07:00\n- Alarm rings\n# 12:30\n- Lunch")
    assert journey.kind == "day-in-the-life"
    assert journey.stages["time"].tolist()[0] == "07:00" and journey.stages["time"].isna().tolist() == [False, True]


def test_minimal_outline_and_no_header() -> None:
    outline = parse_outline("Awareness:\n- Sees an ad\n")
    assert outline.title == "" and outline.kind == "current" and outline.stage_lines == [1]
    assert outline.touchpoints == [{"stage": "Awareness", "touchpoint": "Sees an ad"}]


ERRORS = [
    ("- Sees an ad", 1, "a touchpoint before any stage", "Put a stage heading above it"),
    ("# Awareness\n  channel: web", 2, "a field 'channel' before the stage's first touchpoint", "indented under"),
    ("# Awareness\n- Ad\nchannel: web", 3, "a touchpoint field must be indented", "'  channel: web'"),
    ("# Awareness\nwhatever this is", 2, "not a stage, a touchpoint or a field", "'# Awareness' for a stage"),
    ("# Awareness\n- Ad\n  emotoin: 1", 3, "unknown touchpoint field 'emotoin'", "Did you mean 'emotion'?"),
    ("titel: X\n# A\n- x", 1, "unknown header field", "Did you mean 'title'?"),
    ("title: X\ntitle: Y\n# A", 2, "'title' is given twice", "Keep one line"),
    ("kind: past\n# A", 1, "unknown map kind 'past'", "current, future, day-in-the-life"),
    ("#\n- x", 1, "a stage heading without a name", "e.g. '# Awareness'"),
    ("# A\n- x\n# A", 3, "the stage 'A' appears twice", "under one heading"),
    ("# A\n- ", 2, "a touchpoint without text", "'- Sees an ad'"),
    ("# A\n-   ; channel: web", 2, "a touchpoint without text", "Say what happens"),
    ("# A\n- x; web", 2, "cannot read 'web' as a field", "'; key: value'"),
    ("# A\n- x\n  channel: a\n  channel: b", 4, "'channel' is given twice", "Keep one"),
    ("# A\n- x\n  channel:", 3, "'channel' has no value", "after the colon"),
    ("# A\n- x\n  emotion: happy", 3, "emotion must be a number, got 'happy'", "'emotion: -1'"),
    ("", 1, "the outline has no stages", "Start with a stage heading"),
    ("title: Only a title", 1, "the outline has no stages", "'- Sees an ad' for a touchpoint"),
    # The schema's errors point at the outline line of the value at fault.
    ("# A\n- x\n- y\n  emotion: 7", 4, "outside the scale -2..2", ""),
    ("# A\n- x; evidence: guessed", 2, "unknown evidence 'guessed'", "assumed (a hypothesis)"),
    ("# A\n- x\n  id: same\n- y\n  id: same", 5, "duplicate value 'same'", "must be unique"),
    ("persona: Ana\n# A\n- x\n  persona: Bo", 4, "unknown persona 'Bo'", "'Ana'"),
]


@pytest.mark.parametrize(("text", "line", "problem", "fix"), ERRORS)
def test_every_mistake_names_its_line_and_the_fix(text: str, line: int, problem: str, fix: str) -> None:
    with pytest.raises(OutlineError) as info:
        journey_from_outline(text)
    error = info.value
    assert error.line == line
    assert str(error).startswith(f"line {line} ({text.splitlines()[line - 1].strip()!r}" if text else "line 1 ('')")
    assert problem in str(error) and fix in str(error)


def test_the_cell_magic_returns_a_map_and_stores_it() -> None:
    from IPython.core.error import UsageError
    from IPython.testing.globalipapp import get_ipython

    ip = get_ipython()
    ip.run_line_magic("load_ext", "cjm_widgets")
    result = ip.run_cell("%%journey bike\n# Awareness\n- Sees an ad; emotion: 1\n# Purchase\n- Pays")
    assert result.success
    m = result.result
    assert isinstance(m, cjm.JourneyMap) and ip.user_ns["bike"] is m and ip.user_ns["_"] is m
    assert m.touchpoints["touchpoint"].tolist() == ["Sees an ad", "Pays"]
    with pytest.raises(UsageError, match=r"line 2 \('- Sees an ad'\): a touchpoint before any stage"):
        ip.run_cell_magic("journey", "", "\n- Sees an ad")
    with pytest.raises(UsageError, match="optional variable name"):
        ip.run_cell_magic("journey", "not a name", "# A")
