"""Real files from other tools (tests/fixtures/*/SOURCES.md): each one reads, and round-trips in its own format."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cjm_widgets as cjm

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MERMAID = sorted((FIXTURES / "mermaid").glob("*.mmd"))
CJML = sorted(p for p in (FIXTURES / "cjml").iterdir() if p.suffix in (".cjml", ".xml"))


def quietly(read: object, *args: object) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cjm.FormatWarning)
        return read(*args)  # type: ignore[operator]


def test_the_corpus_holds_enough_files_from_enough_tools() -> None:
    assert len([p for p in MERMAID if p.name.startswith("mermaid-")]) >= 30
    assert len(CJML) >= 5
    assert len({p.name.split("-")[0] for p in CJML}) >= 2  # two other tools' writers
    # files those tools wrote when we ran them (the rest imitate their shapes): see cjml/SOURCES.md
    ran = [p for p in CJML if p.name.split("-")[0] in ("cjmlexcel", "uiomaster")]
    assert len(ran) >= 5 and len({p.name.split("-")[0] for p in ran}) == 2


@pytest.mark.parametrize("path", MERMAID, ids=[p.name for p in MERMAID])
def test_every_mermaid_file_reads_and_round_trips(path: Path, tmp_path: Path) -> None:
    journey = quietly(cjm.load, path)
    assert isinstance(journey, cjm.Journey)
    text = journey.to_mermaid(tmp_path / "again.mmd")
    back = cjm.load(tmp_path / "again.mmd")  # what we write reads back with no warning
    assert back.to_mermaid() == text
    assert (back.title, back.notes, back.stage_names) == (journey.title, journey.notes, journey.stage_names)
    columns = ["id", "stage", "touchpoint"]
    pd.testing.assert_frame_equal(back.touchpoints[columns], journey.touchpoints[columns])
    # Mermaid's actors are one text: an actor holding a comma (#44;) comes back as two.
    personas = journey.touchpoints["persona"].str.replace(", ", ",")
    pd.testing.assert_series_equal(back.touchpoints["persona"].str.replace(", ", ","), personas)
    # Emotion survives except where Mermaid has no place for it: no score is written as 3, fractions round.
    on_grid = np.floor(journey.touchpoints["emotion"].fillna(0.0) + 0.5)
    pd.testing.assert_series_equal(back.touchpoints["emotion"], on_grid)


@pytest.mark.parametrize("path", CJML, ids=[p.name for p in CJML])
def test_every_cjml_file_reads_and_round_trips(path: Path, tmp_path: Path) -> None:
    journeys = quietly(cjm.read_cjml_all, path)
    assert isinstance(journeys, list) and journeys
    cjm.io.cjml.write_cjml(journeys, tmp_path / "again.cjml")
    back = cjm.read_cjml_all(tmp_path / "again.cjml")
    assert len(back) == len(journeys)
    for original, again in zip(journeys, back, strict=True):
        assert again.equals(original)
        pd.testing.assert_frame_equal(again.personas, original.personas)


def test_cjml_phases_ratings_titles_timestamps_and_comments_are_read() -> None:
    planned, actual = cjm.read_cjml_all(FIXTURES / "cjml" / "cjml2-01-planned-and-actual.cjml")
    assert (planned.title, planned.kind, actual.kind) == ("Buying a second-hand book on Bookis", "future", "current")
    assert planned.stage_names == ["Register", "Buy"]
    assert planned.stages.set_index("stage").loc["Register", "description"] == "Create an account and verify it"
    assert planned.notes == "The journey as Bookis designed it"
    tp = actual.touchpoints.set_index("id")
    assert tp["stage"].tolist() == ["Register", "Register", "Register", "Buy", "Buy"]
    # ratings 1-5 (or words) onto the emotion scale: 4 -> 1, veryNegative -> -2, neutral -> 0
    assert tp.loc[["A1", "A2", "A3"], "emotion"].tolist() == [1.0, -2.0, 0.0]
    assert tp.loc["A1", "thought"] == "Easy enough" and tp.loc["A2", "comment"] == "Carl waited 20 minutes"
    assert tp.loc["A1", "time_originated"] == "2021-03-22T18:02:00"
    assert tp.loc["A4", "time_completed"] == "2021-03-23T09:03:00"
    # actors declared by reference take their names from the planned journey's declarations
    assert actual.personas.set_index("persona").loc["Bookis", "name"] == "Bookis AS"


def test_cjml_compliance_becomes_the_deviation_markers_of_show_conformance() -> None:
    actual = cjm.read_cjml(FIXTURES / "cjml" / "cjml2-01-planned-and-actual.cjml", journey="AJ1")
    markers = cjm.compliance_markers(actual)
    assert markers[["touchpoint_id", "kind", "tone"]].values.tolist() == [
        ["A2", "failing", "bad"],
        ["A3", "unplanned", "warn"],
        ["A5", "skipped", "bad"],
    ]
    m = cjm.JourneyMap(actual)
    cjm.show_compliance(m)
    shown = [(x["touchpoint_id"], x["kind"], x["source"]) for x in m.markers]
    assert shown == [
        ("A2", "failing", "conformance"),
        ("A3", "unplanned", "conformance"),
        ("A5", "skipped", "conformance"),
    ]


def test_load_says_how_many_journeys_a_cjml_file_holds() -> None:
    path = FIXTURES / "cjml" / "excel2cjml-01-two-actual-journeys.xml"
    with pytest.warns(cjm.FormatWarning, match=r"holds 2 journeys \('AJ1', 'AJ2'\); read the first"):
        first = cjm.load(path)
    assert first.title == "Sick leave: Ola reports absence"
    assert [j.title for j in cjm.read_cjml_all(path)] == [first.title, "Sick leave: Kari reports absence"]


def test_excel_to_cjml_files_with_spaced_phase_ids_and_empty_refs() -> None:
    ola = cjm.read_cjml(FIXTURES / "cjml" / "excel2cjml-01-two-actual-journeys.xml", journey=0)
    assert ola.stage_names == ["Reporting", "Follow-up"]  # phaseID =" Reporting" matches phaseIDref ="Reporting"
    assert ola.touchpoints["id"].tolist() == ["1", "D2", "3"]
    pharmacy = cjm.read_cjml(FIXTURES / "cjml" / "excel2cjml-02-no-phase.xml")
    assert pharmacy.stage_names == ["Journey"]


def test_files_written_by_running_cjmlexcel_read_as_its_workbooks_said() -> None:
    """Real ExcelToCJML output (SOURCES.md): phases padded, a set's phase order, D-prefixed deviations."""
    shop = cjm.read_cjml(FIXTURES / "cjml" / "cjmlexcel-01-online-bookshop.xml")
    assert shop.stage_names == ["Order", "Delivery", "Return"]
    tp = shop.touchpoints.set_index("id")
    # the workbook's UX ratings (Satisfied, Neutral, Very satisfied, -, Dissatisfied, Very dissatisfied)
    # were written as 4, 3, 5, -, 2, 1
    assert tp["emotion"].fillna(9.0).tolist() == [1.0, 0.0, 2.0, 9.0, -1.0, -2.0]
    assert (tp.loc["T4", "cjml_type"], tp.loc["T4", "touchpoint"]) == ("action", "Walks to the pick-up point")
    assert tp.loc["T1", "time_completed"] == "2021-03-22 18:02:00" and tp.loc["T1", "receiver"] == "Bookshop"
    claim = cjm.read_cjml(FIXTURES / "cjml" / "cjmlexcel-03-insurance-deviations.xml")
    # ExcelToCJML lists its phases in a set's order; the touchpoints follow the phases, numbered afresh
    assert claim.stage_names == ["Assessment", "Settlement", "Report"]
    assert claim.touchpoints["id"].tolist() == ["D1", "D2", "C1"]
    pd.testing.assert_index_equal(claim.touchpoints.index, pd.RangeIndex(3))


def test_files_written_by_running_uiomasters_cjml_writer_read_with_their_compliance() -> None:
    """Real output of UIOMaster's XMLCreator (SOURCES.md): actorIDref actors, lower-case compliance words."""
    planned, actual = cjm.read_cjml_all(FIXTURES / "cjml" / "uiomaster-01-planned-and-actual-sick-leave.xml")
    assert (planned.title, planned.kind, actual.title, actual.kind) == (
        "Sick leave as planned",
        "future",
        "Sick leave as it went",
        "current",
    )
    # the actual journey declares its actors by actorIDref (each with its name again)
    assert actual.personas[["persona", "name", "actor_type"]].values.tolist() == [
        ["Ola", "Ola", "endUser"],
        ["Employer", "Employer", "serviceProvider"],
        ["NAV", "NAV", "serviceProvider"],
    ]
    assert actual.touchpoints["id"].tolist() == ["T1", "3", "T2", "D4"]
    assert actual.touchpoints["cjml_type"].tolist() == ["communication", "action", "communication", "communication"]
    markers = cjm.compliance_markers(actual)
    assert markers[["touchpoint_id", "kind"]].values.tolist() == [["T2", "failing"], ["D4", "unplanned"]]
    parcel = cjm.read_cjml(FIXTURES / "cjml" / "uiomaster-02-actual-with-missing-step.xml")
    assert cjm.compliance_markers(parcel)[["touchpoint_id", "kind"]].values.tolist() == [
        ["T2", "skipped"],
        ["D3", "unplanned"],
    ]


def test_a_tool_file_that_is_not_well_formed_is_refused_at_its_line() -> None:
    """ExcelToCJML writes cell text unescaped: "Orders tea & cake" makes a file no XML parser reads."""
    path = FIXTURES / "cjml" / "refused" / "cjmlexcel-ampersand-in-comment.xml"
    with pytest.raises(cjm.FormatError, match=r"cjmlexcel-ampersand-in-comment\.xml: not well-formed XML at line 26, "):
        cjm.load(path)


def test_written_cjml_uses_the_initiator_form_and_mermaid_actors_become_actors() -> None:
    journey = cjm.read_mermaid("journey\n section S\n  Do work: 1: Me, Cat\n  Rest: 5: Cat\n")
    text = journey.to_cjml()
    assert "<actor>" not in text and "<actionLabel>" not in text
    assert '<endUser actorID="Me" cjm:added="true" />' in text and '<endUser actorID="Cat" cjm:added="true" />' in text
    assert "<initiatorLabel>Do work</initiatorLabel>" in text and '<belongsTo phaseIDref="P1" />' in text
    back = cjm.io.cjml.parse(text)
    assert back.touchpoints["persona"].tolist() == ["Me, Cat", "Cat"]
    assert back.touchpoints["emotion"].tolist() == journey.touchpoints["emotion"].tolist()


def test_an_actor_type_never_becomes_an_xml_tag() -> None:
    personas = pd.DataFrame({"persona": ["p"], "name": ["P"], "actor_type": ['x onload="evil()"><script/><y']})
    journey = cjm.Journey([{"stage": "S", "touchpoint": "T", "persona": "p"}], personas=personas)
    text = journey.to_cjml()
    assert "<script" not in text and "<x " not in text
    assert '<otherActor actorID="p" cjm:actorType="x onload=&quot;evil()&quot;&gt;&lt;script/&gt;&lt;y">' in text
    back = cjm.io.cjml.parse(text)
    pd.testing.assert_frame_equal(back.personas, journey.personas)


def test_compliance_markers_name_each_touchpoints_stage() -> None:
    # The markers table a user reads has no missing cells (issue 21: no NaN shown): each names its stage.
    journeys = cjm.read_cjml_all(FIXTURES / "cjml" / "uiomaster-01-planned-and-actual-sick-leave.xml")
    actual = journeys[-1]
    markers = cjm.compliance_markers(actual)
    assert len(markers) > 0 and not markers["stage"].isna().any()
    stages = actual.touchpoints.set_index("id")["stage"]
    assert markers["stage"].tolist() == [stages[t] for t in markers["touchpoint_id"]]
