"""Mermaid reading details from issue 16 that mermaid's own parser (test_mermaid_grammar.py) cannot show."""

from __future__ import annotations

from pathlib import Path

import pytest

import cjm_widgets as cjm

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mermaid"


def test_a_string_path_starting_with_journey_is_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("journey.mmd").write_text("journey\n  title From disk\n  section S\n    T: 5\n", encoding="utf-8")
    assert cjm.load("journey.mmd").title == "From disk"
    assert cjm.read_mermaid("journey.mmd").title == "From disk"
    with pytest.raises(FileNotFoundError):
        cjm.read_mermaid("journey-missing.mmd")
    assert cjm.read_mermaid("journey title One line").title == "One line"  # a one-line diagram is still text


def test_out_of_range_scores_are_mapped_to_the_ends_and_reported_with_their_line() -> None:
    with pytest.warns(cjm.FormatWarning) as caught:
        journey = cjm.load(FIXTURES / "edge-01-front-matter-and-scores.mmd")
    message = str(caught[0].message)
    assert "line 14: task 'Wake up': score '0' is outside 1-5; read as 1" in message
    assert "line 15: task 'Coffee': score '6' is outside 1-5; read as 5" in message
    assert "line 16: section 'Morning' appears again" in message and "line 12: task before any section" in message
    assert "'extra' after the actors is ignored" in message
    assert journey.title == "Front matter: title" and journey.stage_names == ["(no section)", "Morning", "Night"]
    tp = journey.touchpoints.set_index("touchpoint")
    assert tp.loc["Wake up", "emotion"] == -2.0 and tp.loc["Negative", "emotion"] == -2.0
    assert tp.loc["Coffee", "emotion"] == 2.0 and tp.loc["Fraction", "emotion"] == 0.5
    assert tp.loc["Coffee", "persona"] == "Me, Cat"  # the trailing "# comment" is not part of an actor


def test_keywords_in_any_case_entities_and_accessibility_texts() -> None:
    with pytest.warns(cjm.FormatWarning, match=r"accTitle 'Short' differs from the title.*unknown entity codes"):
        journey = cjm.load(FIXTURES / "edge-02-keywords-and-entities.mmd")
    assert journey.title == "Tabbed title" and journey.notes == "Several lines\nof description"
    names = journey.touchpoints["touchpoint"].tolist()
    assert names == ['Say "hi" #1;', "NUL \ufffd is not kept", "Unknown &zzz; code", "Line\u2028separator"]
    assert "\x00" not in "".join(names)  # #0; is shown as U+FFFD, as the page shows it, never NUL
    assert journey.touchpoints["persona"].tolist()[0] == "A,B, C"


def test_acc_title_is_the_title_when_there_is_no_other() -> None:
    journey = cjm.read_mermaid("journey\n accTitle: Screen-reader name\n section S\n  T: 3\n")
    assert journey.title == "Screen-reader name"


def test_what_mermaid_refuses_is_refused_with_its_line() -> None:
    with pytest.raises(cjm.FormatError, match=r"starts with the line 'journey'"):
        cjm.read_mermaid("JOURNEY\n section S\n")  # mermaid's detector wants lower case
    with pytest.raises(cjm.FormatError, match=r"line 3 .*'journey' may only start the diagram"):
        cjm.read_mermaid("journey\n section S\n  Journey planner: 3\n")
