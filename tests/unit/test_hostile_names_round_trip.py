"""Exports never change meaning (issue 14/16): hostile names survive every format's round trip.

Names that are keywords (``title X``, ``section Y``, ``journey``), comments (``%% note``, ``# x``,
``<!-- -->``), entity codes (``#35;``, ``&amp;``), markup, formulas and line or paragraph
separators are data: written to Mermaid, CJML, CSV or ``.cjm.json`` they read back as the same
journey. (``test_mermaid_grammar.py`` runs mermaid's own parser over such output too.)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cjm_widgets as cjm

HOSTILE = [
    "title X",
    "section Y",
    "journey",
    "Journey planner",
    "accTitle: t",
    "accDescr { x }",
    "%% note",
    "%%{init: {}}%%",
    "# not a comment",
    "a #35; b",
    "&amp; &lt;",
    "<!-- c -->",
    "<script>alert(1)</script>",
    "]]>",
    "=1+1",
    "a\u2028b",
    "a\u2029b",
    "line\nbreak",
    "semi;colon",
    "co:lon",
    "tab\there",
    "  padded  ",
    "}%%",
    "---",
]
# Text that any format can hold: no NUL or other C0 controls XML refuses, no lone surrogates.
plain = st.text(st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufffe\uffff"), max_size=8)
hostile = st.one_of(st.sampled_from(HOSTILE), st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), plain))
names = hostile.filter(lambda s: s.strip() != "")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def journey_of(stages: list[str], rows: list[tuple[int, str, int, str | None]], title: str, notes: str) -> cjm.Journey:
    touchpoints = pd.DataFrame(
        [[stages[s % len(stages)], t, float(e), p] for s, t, e, p in rows],
        columns=["stage", "touchpoint", "emotion", "persona"],
    ).astype({"stage": "str", "touchpoint": "str", "emotion": "float64", "persona": "str"})
    return cjm.Journey(touchpoints, stages, title=title, notes=notes)


# Mermaid's actors are one comma-separated text: an actor holds no comma and no spaces at its ends.
actor = names.map(lambda s: s.replace(",", " ").strip()).filter(bool)
persona = st.one_of(st.none(), st.lists(actor, min_size=1, max_size=2, unique=True).map(", ".join))
journeys = st.builds(
    journey_of,
    stages=st.lists(names, min_size=1, max_size=3, unique=True),
    rows=st.lists(st.tuples(st.integers(0, 2), names, st.integers(-2, 2), persona), max_size=5),
    title=hostile,
    notes=hostile,
)


@SETTINGS
@given(journey=journeys)
def test_mermaid_round_trip_with_hostile_names(journey: cjm.Journey) -> None:
    back = cjm.read_mermaid(journey.to_mermaid())
    assert (back.title, back.notes, back.stage_names) == (journey.title, journey.notes, journey.stage_names)
    # Mermaid has no touchpoint ids (reading numbers them in map order); everything else comes back.
    mine, theirs = journey.touchpoints.drop(columns="id"), back.touchpoints.drop(columns="id")
    pd.testing.assert_frame_equal(theirs.reset_index(drop=True), mine.reset_index(drop=True))


@SETTINGS
@given(journey=journeys)
def test_cjml_round_trip_with_hostile_names(journey: cjm.Journey) -> None:
    back = cjm.io.cjml.parse(journey.to_cjml())
    assert back.title == journey.title and back.notes == journey.notes and back.stage_names == journey.stage_names
    for column in ("id", "stage", "touchpoint", "emotion", "persona"):
        assert back.touchpoints[column].tolist() == journey.touchpoints[column].tolist(), column


@SETTINGS
@given(journey=journeys)
def test_long_csv_excel_and_json_round_trip_with_hostile_names(journey: cjm.Journey, tmp_path: Path) -> None:
    journey.to_csv(tmp_path / "map.csv", layout="long")
    back = cjm.read_csv(tmp_path / "map.csv", title=journey.title)
    for column in ("stage", "touchpoint", "emotion", "persona"):
        assert back.touchpoints[column].tolist() == journey.touchpoints[column].tolist(), column
    journey.to_excel(tmp_path / "map.xlsx", layout="long")
    back = cjm.read_excel(tmp_path / "map.xlsx", title=journey.title)
    for column in ("stage", "touchpoint", "emotion", "persona"):
        assert back.touchpoints[column].tolist() == journey.touchpoints[column].tolist(), column
    journey.save(tmp_path / "map.cjm.json")
    assert cjm.load(tmp_path / "map.cjm.json").equals(journey)
