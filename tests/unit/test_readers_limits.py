"""Mermaid and CJML readers take ``limits=`` as the table readers do, and refuse what they cannot read cleanly.

Each limit is set low on a small real file, so the test shows the check runs (and names the file,
the place and the limit) without building megabytes; ``cjm.load`` passes ``limits=`` on. Also: an
XML declaration naming an unknown encoding, ``columns=`` given to a reader with no header row,
and the CJML journey fields a journey has no column for.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

import cjm_widgets as cjm

from .capped import GIB, run_capped

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CJML = FIXTURES / "cjml" / "cjml2-01-planned-and-actual.cjml"

MERMAID = """journey
  title Buying a vacuum
  section Awareness
    Sees TV ad: 3: Colleen
    Reads reviews: 4: Colleen, Friend
  section Purchase
    Buys it: 5: Colleen
"""


def _quiet_load(path: Path, **kwargs: object) -> cjm.Journey:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cjm.FormatWarning)
        return cjm.load(path, **kwargs)  # type: ignore[arg-type]


def test_mermaid_text_over_the_line_limit_is_refused_before_parsing() -> None:
    text = "journey\nsection S\n" + "<a " * 5000 + "\n"
    with pytest.raises(cjm.FormatError, match=r"mermaid text: line 3: 15,000 characters .*max_line_chars"):
        cjm.read_mermaid(text, limits=cjm.Limits(max_line_chars=10_000))
    # With the limit raised the line is parsed: a task name with no score, refused as mermaid does.
    with pytest.raises(cjm.FormatError, match="needs ': <score>'"):
        cjm.read_mermaid(text, limits=cjm.Limits(max_line_chars=20_000))


def _cjml_with(extra: str = "", *, touchpoint_label: str = "Signs up") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<CJML xmlns="http://cjml.no/schema/2.0">
  <actualJourney>
    <journeyID>AJ9</journeyID>
    <journeyTitle>Registering</journeyTitle>
    <journeyShortSummary>Short</journeyShortSummary>
    {extra}
    <actors><endUser actorID="me"><actorName>Me</actorName></endUser></actors>
    <touchpoints>
      <touchpointAction>
        <touchpointID>T1</touchpointID>
        <initiator><refersTo actorIDref="me"/><initiatorLabel>{touchpoint_label}</initiatorLabel></initiator>
      </touchpointAction>
      <touchpointAction>
        <touchpointID>T2</touchpointID>
        <initiator><refersTo actorIDref="me"/><initiatorLabel>Logs in</initiatorLabel></initiator>
      </touchpointAction>
    </touchpoints>
  </actualJourney>
</CJML>
"""


CASES = [
    ("x.mmd", cjm.Limits(max_file_bytes=50), r"x\.mmd: \d+ bytes is over the limit of 50 .*max_file_bytes"),
    ("x.mmd", cjm.Limits(max_line_chars=30), r"x\.mmd: line 5: 37 characters is over the limit of 30 .*max_line_chars"),
    ("x.mmd", cjm.Limits(max_rows=2), r"x\.mmd: line 7: 3 tasks is over the limit of 2 .*max_rows"),
    ("x.mmd", cjm.Limits(max_cells=12), r"x\.mmd: line 7: 15 cells is over the limit of 12 .*max_cells"),
    ("x.mmd", cjm.Limits(max_cell_chars=12), r"x\.mmd: line 2: 15 characters in one text .*max_cell_chars"),
    ("x.cjml", cjm.Limits(max_file_bytes=100), r"x\.cjml: \d+ bytes is over the limit of 100 .*max_file_bytes"),
    ("x.cjml", cjm.Limits(max_cells=10), r"x\.cjml: line 8: 11 elements \(or more\) .* limit of 10 .*max_cells"),
    ("x.cjml", cjm.Limits(max_cell_chars=20), r"x\.cjml: <initiatorLabel>: 30 characters .*max_cell_chars"),
    ("x.cjml", cjm.Limits(max_rows=1), r"x\.cjml: journey 'AJ9': <touchpoints>: 2 touchpoints .*max_rows"),
    ("x.cjml", cjm.Limits(max_columns=5), r"x\.cjml: journey 'AJ9': <touchpoints>: 14 columns .*max_columns"),
]


@pytest.mark.parametrize(("name", "limits", "message"), CASES)
def test_a_file_over_a_limit_is_refused_naming_the_place_and_limit(
    tmp_path: Path, name: str, limits: cjm.Limits, message: str
) -> None:
    path = tmp_path / name
    mermaid = name.endswith(".mmd")
    path.write_text(MERMAID if mermaid else _cjml_with(touchpoint_label="S" * 30))
    readers = (cjm.read_mermaid, cjm.load) if mermaid else (cjm.read_cjml, cjm.read_cjml_all, cjm.load)
    for read in readers:
        with pytest.raises(cjm.FormatError, match=message) as refused:
            read(path, limits=limits)  # type: ignore[operator]
        assert len(str(refused.value)) < 300
    assert len(cjm.load(path).touchpoints) == (3 if mermaid else 2)  # the defaults read it


def test_a_cjml_journey_over_the_cell_limit_is_refused_before_its_table_is_built(tmp_path: Path) -> None:
    action = "<touchpointAction><touchpointID>T{n}</touchpointID><actionLabel>x</actionLabel></touchpointAction>"
    many = "".join(action.format(n=n) for n in range(3, 40))
    path = tmp_path / "x.cjml"
    path.write_text(_cjml_with().replace("</touchpoints>", many + "</touchpoints>"))
    # 39 touchpoints of 14 columns are 546 cells; the file has under 400 tags.
    with pytest.raises(cjm.FormatError, match=r"x\.cjml: journey 'AJ9': <touchpoints>: 546 cells .*max_cells"):
        cjm.load(path, limits=cjm.Limits(max_cells=400))
    assert len(cjm.load(path).touchpoints) == 39


@pytest.mark.parametrize("encoding", ["ttf-8", "no-such-codec", "x" * 200])
def test_cjml_declaring_an_unknown_encoding_is_a_format_error(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "x.cjml"
    path.write_text(_cjml_with().replace('encoding="UTF-8"', f'encoding="{encoding}"'))
    with pytest.raises(cjm.FormatError, match=r"x\.cjml: line 1: the XML declaration names an unknown encoding"):
        cjm.load(path)
    with pytest.raises(cjm.FormatError, match="unknown encoding"):
        cjm.read_cjml_all(path)


@pytest.mark.parametrize("encoding", ["utf-32", "utf-7", "idna", "punycode", "undefined"])
def test_cjml_declaring_an_encoding_xml_cannot_use_is_a_format_error(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "x.cjml"
    path.write_text(
        _cjml_with(touchpoint_label="Signs up \u00e9\u20ac").replace('encoding="UTF-8"', f'encoding="{encoding}"')
    )
    with pytest.raises(cjm.FormatError, match=r"x\.cjml: line 1: the XML declaration names an encoding XML cannot"):
        cjm.load(path)


@pytest.mark.parametrize(("name", "text"), [("x.mmd", MERMAID), ("x.cjml", _cjml_with())])
def test_columns_given_to_a_reader_with_no_header_row_says_which_readers_take_it(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(TypeError, match=r"columns= is not an option of read_\w+ \(only \.csv, \.xlsx, \.xlsm files"):
        cjm.load(path, columns={"Step": "touchpoint"})
    with pytest.raises(TypeError, match=r"layouts= is not an option .*no reader takes it"):
        cjm.load(path, layouts="wide")


def test_columns_still_reach_the_csv_reader(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Phase,Step\nAwareness,Sees ad\n")
    journey = cjm.load(path, columns={"Phase": "stage", "Step": "touchpoint"})
    assert journey.touchpoints["touchpoint"].tolist() == ["Sees ad"]


def test_cjml_long_summary_joins_the_notes_and_status_and_planned_reference_are_warned(tmp_path: Path) -> None:
    path = tmp_path / "x.cjml"
    extra = (
        "<journeyLongSummary>Long, with details</journeyLongSummary>"
        "<journeyStatus>completed</journeyStatus><plannedReference>PJ1</plannedReference>"
    )
    path.write_text(_cjml_with(extra))
    with pytest.warns(cjm.FormatWarning) as caught:
        journey = cjm.load(path)
    shown = " ".join(str(w.message) for w in caught)
    assert re.search(r"journey 'AJ9': <journeyStatus> 'completed', <plannedReference> 'PJ1' not kept", shown)
    assert journey.notes == "Short\n\nLong, with details"
    # What the writer can keep round-trips: the notes (as the short summary), with no warning.
    again = tmp_path / "again.cjml"
    journey.to_cjml(again)
    with warnings.catch_warnings():
        warnings.simplefilter("error", cjm.FormatWarning)
        back = cjm.load(again)
    assert back.notes == journey.notes
    assert back.equals(journey)


def test_the_corpus_planned_reference_is_reported() -> None:
    with pytest.warns(cjm.FormatWarning, match=r"journey 'AJ1': <plannedReference> 'PJ1' not kept"):
        cjm.read_cjml_all(CJML)


def test_a_cjml_file_of_millions_of_tags_is_refused_before_the_xml_is_parsed(tmp_path: Path) -> None:
    # Before: a 24 MB file of empty tags was parsed into 6 million elements (a 60 MB one took 46 s
    # and 1.5 GB) before the reader found no journey in it; now the tags are counted first.
    path = tmp_path / "tags.cjml"
    path.write_bytes(b"<CJML>" + b"<a/>" * 6_000_000 + b"</CJML>")
    got = run_capped(f"cjm.load({str(path)!r})", seconds=60, memory=GIB)
    assert got.kind == "FormatError", got
    assert "line 1: 2,000,001 elements (or more) is over the limit of 2,000,000" in got.message
