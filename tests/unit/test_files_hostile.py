"""Malformed and hostile files: a clear FormatError naming the file (and where), and nothing changed."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import cjm_widgets as cjm
from cjm_widgets import FormatError

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<CJML version="2.0"><actualJourney><journeyID>&lol9;</journeyID></actualJourney></CJML>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE CJML [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CJML version="2.0"><actualJourney><journeyID>&secret;</journeyID></actualJourney></CJML>
"""
GOOD_CJML = """<CJML version="2.0"><plannedJourney><journeyID>J</journeyID><touchpoints>
<plannedCommunicationPoint><touchpointID>T1</touchpointID>
<initiator><initiatorLabel>Hello</initiatorLabel></initiator></plannedCommunicationPoint>
</touchpoints></plannedJourney></CJML>"""
BINARY = bytes(range(256)) * 8


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.cjml", BILLION_LAUGHS, r"bomb\.cjml: has a DTD .* refused"),
        ("external.cjml", EXTERNAL_ENTITY, r"external\.cjml: has a DTD .* refused"),
        ("truncated.cjml", GOOD_CJML[:120], r"truncated\.cjml: not well-formed XML at line 2, column \d+"),
        ("garbage.cjml", BINARY, r"garbage\.cjml: not well-formed XML at line 1"),
        ("html.xml", "<html><body>hi</body></html>", r"html\.xml: the root element is <html>, not <CJML>"),
        ("empty.cjml", '<CJML version="2.0"/>', r"no <plannedJourney> or <actualJourney>"),
        ("noid.cjml", GOOD_CJML.replace("<touchpointID>T1</touchpointID>", ""), r"touchpoint 1 .* no <touchpointID>"),
        (
            "odd.cjml",
            GOOD_CJML.replace("plannedCommunicationPoint", "teleport"),
            r"touchpoint 'T1': unknown element <teleport>",
        ),
        (
            "emotion.cjml",
            GOOD_CJML.replace(
                "</plannedCommunicationPoint>",
                '<cjm:emotion xmlns:cjm="urn:cjm-widgets:cjml:1">happy</cjm:emotion></plannedCommunicationPoint>',
            ),
            r"touchpoint 'T1': emotion 'happy' is not a number",
        ),
        ("garbage.csv", BINARY, r"garbage\.csv: not UTF-8 text .* binary file"),
        ("nul.csv", "Lane,A\nTouchpoint,x\x00y\n", r"nul\.csv: holds NUL bytes"),
        ("truncated.csv", 'Lane,A\nTouchpoint,"Half a cell', r"truncated\.csv: not valid CSV"),
        ("nolanes.csv", "Lane,A\nWhatever,x\n", r"nolanes\.csv: no 'Touchpoint' row"),
        (
            "misaligned.csv",
            'Lane,A\nTouchpoint,"one\ntwo"\nThoughts,"a\nb\nc"\n',
            r"stage 'A', column B, row 3 \(thought\): 3 lines for 2 touchpoints",
        ),
        (
            "feeling.csv",
            "Lane,A\nTouchpoint,Ad\nEmotion,very happy\n",
            r"stage 'A', touchpoint 'Ad': emotion 'very happy' is not a number",
        ),
        ("scale.csv", "Lane,A\nTouchpoint,Ad\nEmotion,9\n", r"scale\.csv: touchpoints, column 'emotion'.*9"),
        ("orphan.csv", "Lane,A\nTouchpoint,\nThoughts,lonely\n", r"row 3 \(thought\): a value with no touchpoint"),
        ("long.csv", "stage,touchpoint,emotion\nA,Ad,loud\n", r"long\.csv: column 'emotion'"),
        ("ragged.csv", "stage,touchpoint\nA,Ad,extra\n", r"ragged\.csv: row 2 has 3 cells for 2 columns"),
        ("garbage.xlsx", BINARY, r"garbage\.xlsx: not an \.xlsx workbook \(it is not a zip archive"),
        ("notjourney.mmd", "flowchart LR\n A --> B\n", r"notjourney\.mmd: a Mermaid journey starts with the line"),
        ("semicolon.mmd", "journey\n section A\n  Ad; 7: Me\n", r"semicolon\.mmd: line 3 .*';' is not allowed"),
        ("notask.mmd", "journey\n section A\n just words\n", r"notask\.mmd: line 3 .*'just words' needs ': <score>'"),
        ("unclosed.mmd", "journey\n accDescr {\n no end\n", r"unclosed\.mmd: line 2 .*never closed"),
        ("garbage.mmd", BINARY, r"garbage\.mmd: not UTF-8 text"),
        ("garbage.cjm.json", BINARY, r"garbage\.cjm\.json: not UTF-8 text"),
        ("unknown.docx", "hello", r"unknown\.docx: unknown file type; cjm_widgets reads \.cjm\.json"),
    ],
)
def test_bad_files_get_a_clear_error(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    path = write(tmp_path / name, content)
    before = path.read_bytes()
    with pytest.raises(FormatError, match=message):
        cjm.load(path)
    assert path.read_bytes() == before  # reading never writes


@pytest.mark.parametrize("name", ["big.csv", "big.xlsx", "big.cjml", "big.mmd", "big.cjm.json"])
def test_a_100_mb_file_is_refused_before_it_is_read(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing to read on disk
    over = r"(.*-byte limit|limit of 67,108,864)"  # readers with limits= say which field to raise
    with pytest.raises(FormatError, match=rf"{name.replace('.', '[.]')}: 104,857,600 bytes is over the {over}"):
        cjm.load(path)


def test_mermaid_text_over_the_limit_is_refused() -> None:
    with pytest.raises(FormatError, match=r"line 2: 9,437,184 characters is over the limit of 10,000"):
        cjm.read_mermaid("journey\n" + "x" * (9 * 1024 * 1024))
    with pytest.raises(FormatError, match=r"mermaid text: 1,048,584 characters is over the limit of 1,048,576"):
        cjm.read_mermaid("journey\n" + "x\n" * (512 * 1024), limits=cjm.Limits(max_file_bytes=1024 * 1024))


def test_a_zip_bomb_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 20_000)
    assert path.stat().st_size < 1_000
    with pytest.raises(FormatError, match=r"bomb\.xlsx: unpacks to 20,000 bytes, over the 10,000-byte limit"):
        cjm.read_excel(path, limits=cjm.Limits(max_unpacked_bytes=10_000))  # the default is 256 MB; same check


def test_an_entity_bomb_inside_a_workbook_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    cjm.templates.load("sales-funnel-4").to_excel(good)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = BILLION_LAUGHS.replace("CJML", "worksheet").encode()
            target.writestr(item, data)
    with pytest.raises(FormatError, match=r"bomb\.xlsx: not a readable \.xlsx workbook"):
        cjm.read_excel(path)


def test_excel_names_a_missing_sheet(tmp_path: Path) -> None:
    path = tmp_path / "map.xlsx"
    cjm.templates.load("sales-funnel-4").to_excel(path)
    with pytest.raises(FormatError, match=r"no sheet 'Nope'; its sheets are 'Journey map'"):
        cjm.read_excel(path, sheet="Nope")
    with pytest.raises(FormatError, match=r"no sheet number 3"):
        cjm.read_excel(path, sheet=3)


def test_a_failed_export_leaves_the_old_file(tmp_path: Path) -> None:
    j = cjm.templates.load("sales-funnel-4")
    path = tmp_path / "map.csv"
    j.to_csv(path)
    before = path.read_bytes()
    broken = cjm.Journey(pd.DataFrame({"stage": ["A"], "touchpoint": ["two\nlines"]}))
    with pytest.raises(FormatError, match=r"line break in its name.*layout='long'"):
        broken.to_csv(path)
    with pytest.raises(FormatError, match=r"column 'touchpoint', row 0: 'bell\\x07' holds a control character"):
        cjm.Journey(pd.DataFrame({"stage": ["A"], "touchpoint": ["bell\x07"]})).to_excel(tmp_path / "map.xlsx")
    with pytest.raises(FormatError, match="XML cannot store"):
        cjm.Journey(pd.DataFrame({"stage": ["A"], "touchpoint": ["bell\x07"]})).to_cjml(tmp_path / "map.cjml")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.csv"]  # no temp files, no half files


def test_a_failed_import_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    write(path, '{"format": "cjm-journey", "version": 1, "touchpoints": ')  # truncated
    before = path.read_bytes()
    with pytest.raises(FormatError, match=r"map\.cjm\.json: not valid JSON"):
        cjm.JourneyMap.from_file(path, default=cjm.templates.load("sales-funnel-4"))
    assert path.read_bytes() == before  # the default did not overwrite the damaged file


def test_formula_cells_are_defused_in_every_text_column(tmp_path: Path) -> None:
    df = pd.DataFrame(
        {
            "stage": ["=cmd|' /C calc'!A0"],
            "touchpoint": ["+SUM(1,2)"],
            "thought": ["@import"],
            "pain_point": ["\tTab"],
            "opportunity": ["-2+3"],
            "emotion": [-1.0],
        }
    )
    j = cjm.Journey(df)
    for layout in ("wide", "long"):
        path = tmp_path / f"{layout}.csv"
        j.to_csv(path, layout=layout)
        text = path.read_text(encoding="utf-8")
        for value in df.iloc[0, :5]:
            assert f",{value}" not in text and f"\n{value}" not in text  # never at the start of a cell
            assert "'" + value in text
        back = cjm.read_csv(path, layout=layout)
        pd.testing.assert_series_equal(back.touchpoints.iloc[0][df.columns], j.touchpoints.iloc[0][df.columns])


def test_reading_io_text_is_not_a_path() -> None:
    with pytest.raises(FileNotFoundError):
        cjm.load(os.path.join("no", "such", "map.csv"))
    assert cjm.read_mermaid(io.StringIO("journey\n").getvalue()).stage_names == []
