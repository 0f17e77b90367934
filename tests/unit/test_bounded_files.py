"""Every file is untrusted: its work is bounded (cjm.Limits), checked before anything is allocated.

Each hostile file below was reproduced on main before the limits: it took all memory
(a bare MemoryError under a cap), minutes of CPU, or gave a 4 MB error message. Each
runs here in a child Python under a 2 GB memory cap and a time budget
(:mod:`tests.unit.capped`), so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cjm_widgets as cjm
from cjm_widgets import FormatError, SchemaError
from cjm_widgets.io.cjm_json import journey_to_dict

from .capped import run_capped

SHORT = 600  # characters: an error message a person reads, whatever the file holds


def workbook(tmp_path: Path, name: str, dimension: str, extra_rows: str = "") -> Path:
    """A real wide-layout workbook whose sheet declares ``dimension`` (and holds ``extra_rows``)."""
    good = tmp_path / "good.xlsx"
    cjm.templates.load("sales-funnel-4").to_excel(good)
    path = tmp_path / name
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', data.decode())
                assert dimension in text
                data = text.replace("</sheetData>", extra_rows + "</sheetData>").encode()
            target.writestr(item.filename, data)
    return path


def test_a_5_kb_workbook_declaring_a_whole_sheet_reads_in_bounded_memory(tmp_path: Path) -> None:
    # main: openpyxl padded each of the million rows up to the (empty) last one to the declared
    # A1:XFD1048576 and the reader copied them all (~137 GB asked); a MemoryError under a cap.
    path = workbook(tmp_path, "dimension.xlsx", "A1:XFD1048576", '<row r="1048576"/>')
    assert path.stat().st_size < 8_000  # a small file
    got = run_capped(
        f"""
        journey = cjm.read_excel({str(path)!r})
        outcome["result"] = journey.touchpoints["touchpoint"].tolist()
        """,
        seconds=60,
    )
    assert got.kind == "ok", got
    assert got.result == cjm.templates.load("sales-funnel-4").touchpoints["touchpoint"].tolist()


def test_a_workbook_cell_in_the_sheets_far_corner_is_refused_by_counting_cells(tmp_path: Path) -> None:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = workbook(tmp_path, "far.xlsx", "A1:XFD1048576", far)
    got = run_capped(f"cjm.read_excel({str(path)!r})", seconds=60)
    assert got.kind == "FormatError", got
    assert (
        "far.xlsx sheet 'Journey map': row 1,048,576: 16,384 cells in one row is over the limit of 1,000" in got.message
    )
    assert "max_columns" in got.message and got.length < SHORT


def test_a_1_mb_wide_csv_whose_header_is_commas_is_refused_at_row_1(tmp_path: Path) -> None:
    # main: every lane row was padded to a million columns, then a record built per column; MemoryError.
    path = tmp_path / "commas.csv"
    path.write_text("Lane,A" + "," * 1_000_000 + "\nTouchpoint,Ad\n" + "".join(f"Note {i},x\n" for i in range(300)))
    got = run_capped(f"cjm.read_csv({str(path)!r})", seconds=60)
    assert got.kind == "FormatError", got
    assert re.search(
        r"commas\.csv: row 1: 1,000,002 cells in one row is over the limit of 1,000 .*max_columns", got.message
    )
    assert got.length < SHORT


@pytest.mark.parametrize(
    "header",
    [
        "stage,touchpoint," + ",".join(f"column {i}" for i in range(1_000_000)),  # a million names
        "stage,touchpoint" + "," * 1_000_000,  # a million empty names (main: a 4 MB "names a column twice")
    ],
    ids=["names", "commas"],
)
def test_a_long_csv_with_a_million_column_names_gets_a_short_error(tmp_path: Path, header: str) -> None:
    path = tmp_path / "wide_header.csv"
    path.write_text(header + "\nA,Ad\n")
    got = run_capped(f"cjm.read_csv({str(path)!r})", seconds=60)
    assert got.kind == "FormatError", got
    assert "wide_header.csv: row 1: 1,000,00" in got.message and "max_columns" in got.message
    assert got.length < SHORT


def test_a_duplicate_column_error_is_short_even_when_the_limit_is_raised(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("stage,touchpoint" + "," * 5_000 + "\nA,Ad\n")
    with pytest.raises(FormatError, match=r"twice\.csv: row 1 names the column '' twice \(again in cell 4\)") as caught:
        cjm.read_csv(path, limits=cjm.Limits(max_columns=10_000))
    assert len(str(caught.value)) < SHORT


def cjm_json(table: dict[str, object]) -> str:
    """A ``.cjm.json`` text of a small journey whose touchpoints table is ``table``."""
    data = journey_to_dict(cjm.Journey(pd.DataFrame({"stage": ["A"], "touchpoint": ["Ad"]})))
    return json.dumps({**data, "touchpoints": table})


def test_a_small_cjm_json_asking_for_a_2_gb_dtype_is_refused(tmp_path: Path) -> None:
    # main: numpy allocated 500,000,000 x 4 bytes for one cell.
    path = tmp_path / "dtype.cjm.json"
    columns = [{"name": "stage", "dtype": "object"}, {"name": "touchpoint", "dtype": "object"}]
    columns.append({"name": "x", "dtype": "<U500000000"})
    path.write_text(cjm_json({"columns": columns, "data": [["A", "Ad", "a"]]}))
    assert path.stat().st_size < 1_600
    got = run_capped(f"cjm.load({str(path)!r})", seconds=60)
    assert got.kind == "FormatError", got
    assert re.search(
        r"dtype\.cjm\.json: touchpoints column 'x': dtype '<U500000000': 500,000,000 characters", got.message
    )
    assert "max_cell_chars" in got.message


@pytest.mark.parametrize(
    ("dtype", "message"),
    [
        ("(1000,1000)f8", "is not one a journey table holds"),  # a sub-array: a million floats per cell
        ("V100000000", "is not one a journey table holds"),
        ("period[D]", "is not one a journey table holds"),
        ("int" + "8" * 100, "103 characters is over the limit of 64"),
        ("no such dtype", "unknown dtype 'no such dtype'"),
    ],
)
def test_only_allowed_dtypes_are_read(dtype: str, message: str) -> None:
    text = cjm_json({"columns": [{"name": "stage", "dtype": dtype}], "data": [["A"]]})
    with pytest.raises(FormatError, match=message):
        cjm.loads(text, "map.cjm.json")


def test_cjm_json_tables_are_counted_before_they_are_built() -> None:
    rows = [["A", "Ad"]] * 30
    table = {"columns": [{"name": "stage", "dtype": "object"}, {"name": "touchpoint", "dtype": "object"}]}
    text = cjm_json({**table, "data": rows})
    assert len(cjm.loads(text).touchpoints) == 30
    with pytest.raises(FormatError, match=r"map: touchpoints: 30 rows is over the limit of 20 .*max_rows=") as caught:
        cjm.loads(text, "map", limits=cjm.Limits(max_rows=20))
    assert "Limits(max_rows=...)" in str(caught.value)
    with pytest.raises(FormatError, match=r"map: 63 cells is over the limit of 50"):
        cjm.loads(text, "map", limits=cjm.Limits(max_cells=50))
    with pytest.raises(FormatError, match=r"map: touchpoints: row 0, cell 1: 'Ad' .*2 characters is over|characters"):
        cjm.loads(text, "map", limits=cjm.Limits(max_cell_chars=1))


def test_an_outline_heading_with_3000_spaces_parses_in_linear_time() -> None:
    # main: the heading regex backtracked; 1,500 spaces took ~11 s here, 3,000 about a minute.
    got = run_capped(
        """
        from cjm_widgets.io.outline import journey_from_outline
        journey = journey_from_outline("# a" + " " * 3000 + "b\\n- Ad\\n" + "- x; channel: a" + " " * 3000 + "b\\n")
        outcome["result"] = journey.stage_names
        """,
        seconds=30,
    )
    assert got.kind == "ok", got
    assert got.seconds < 3.0, got  # generous for a loaded machine; the old parser took about a minute
    assert got.result == ["a" + " " * 3000 + "b"]


@pytest.mark.parametrize(
    ("line", "stage"),
    [("# Awareness", "Awareness"), ("## Purchase ##", "Purchase"), ("#   C# ", "C"), ("#Trailing  #  ", "Trailing")],
)
def test_outline_headings_read_as_before(line: str, stage: str) -> None:
    from cjm_widgets.io.outline import journey_from_outline

    assert journey_from_outline(f"{line}\n- Ad\n").stage_names == [stage]


def test_an_outline_over_its_limits_names_the_line() -> None:
    from cjm_widgets.io.outline import journey_from_outline

    with pytest.raises(FormatError, match=r"%%journey outline, line 2: 10,001 characters .*max_line_chars"):
        journey_from_outline("# A\n- " + "x" * 9_999 + "\n")
    text = "# A\n" + "- Ad\n" * 50
    with pytest.raises(FormatError, match=r"%%journey outline: 51 lines is over the limit of 10"):
        journey_from_outline(text, cjm.Limits(max_rows=10))
    assert len(journey_from_outline(text).touchpoints) == 50


def test_the_journey_magic_shows_a_limit_as_a_usage_error() -> None:
    from IPython.core.error import UsageError

    from cjm_widgets.magics import journey_magic

    with pytest.raises(UsageError, match=r"line 2: .* control character \(U\+000C\)"):
        journey_magic("", "# A\n- Ad\x0cvert\n")


# -- control characters and lone surrogates, at the edge of every reader and writer --------------------


def test_control_characters_in_a_csv_are_refused_naming_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "bell.csv"
    path.write_text("Lane,A,B\nTouchpoint,Ad,Sho\x07p\n")
    with pytest.raises(
        FormatError, match=r"bell\.csv: row 2, column C: 'Sho\\x07p' holds a control character \(U\+0007\)"
    ):
        cjm.read_csv(path)


@pytest.mark.parametrize(("escape", "kind"), [("\\u0001", "control character"), ("\\ud800", "lone surrogate")])
def test_cjm_json_text_with_a_bad_character_is_refused_naming_the_cell(escape: str, kind: str) -> None:
    table = '{"columns": [{"name": "stage", "dtype": "object"}, {"name": "touchpoint", "dtype": "object"}]'
    text = f'{{"format": "cjm-journey", "version": 1, "touchpoints": {table}, "data": [["A", "x{escape}"]]}}}}'
    with pytest.raises(FormatError, match=rf"map\.cjm\.json: touchpoints: row 0, cell 1: .* holds a {kind}"):
        cjm.loads(text, "map.cjm.json")
    title = f'{{"format": "cjm-journey", "version": 1, "title": "T{escape}"}}'
    with pytest.raises(FormatError, match=rf"map\.cjm\.json: 'title': .* holds a {kind}"):
        cjm.loads(title, "map.cjm.json")


@pytest.mark.parametrize("writer", ["save", "to_csv", "to_excel"])
@pytest.mark.parametrize(("bad", "kind"), [("\ud83d", "lone surrogate"), ("\x1b[31m", "control character")])
def test_writers_refuse_a_bad_character_and_leave_the_old_file(
    tmp_path: Path, writer: str, bad: str, kind: str
) -> None:
    # (pandas 3's text columns cannot hold a lone surrogate at all; a title, and pandas 2's object columns, can)
    extension = {"save": "cjm.json", "to_csv": "csv", "to_excel": "xlsx"}[writer]
    path = tmp_path / f"map.{extension}"
    journey = cjm.templates.load("sales-funnel-4")
    getattr(journey, writer)(path)
    before = path.read_bytes()
    if kind == "control character":
        broken = journey.copy()
        broken.touchpoints = broken.touchpoints.assign(thought=[f"hm{bad}"] + [None] * (len(broken.touchpoints) - 1))
        with pytest.raises(FormatError, match=rf"touchpoints column 'thought', row 0: 'hm.*' holds a {kind}"):
            getattr(broken, writer)(path)
    broken = journey.copy()
    if kind == "lone surrogate":
        # a Journey refuses it already when the title is set, so no writer ever sees one
        with pytest.raises(SchemaError, match=r"column 'title': the text holds a lone surrogate"):
            broken.title = f"Title{bad}"
    else:
        broken.title = f"Title{bad}"
        with pytest.raises(FormatError, match=rf"title: 'Title.*' holds a {kind}"):
            getattr(broken, writer)(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


# -- the limits themselves ---------------------------------------------------------------------------------


def test_limits_are_raised_per_call_and_cjm_load_passes_them_on(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    pd.DataFrame({"stage": ["A"] * 30, "touchpoint": [f"t{i}" for i in range(30)]}).to_csv(path, index=False)
    small = cjm.Limits(max_rows=10)
    for read in (cjm.load, cjm.read_csv):
        with pytest.raises(FormatError, match=r"long\.csv: row 11: 11 rows is over the limit of 10"):
            read(path, limits=small)
    assert len(cjm.load(path).touchpoints) == 30
    assert len(cjm.load(path, limits=cjm.Limits(max_rows=31)).touchpoints) == 30
    workbook = tmp_path / "map.xlsx"
    cjm.templates.load("sales-funnel-4").to_excel(workbook)
    with pytest.raises(FormatError, match=r"map\.xlsx sheet 'Journey map': row 1: 5 cells in one row .*max_columns"):
        cjm.load(workbook, limits=cjm.Limits(max_columns=3))
    mermaid = tmp_path / "map.mmd"
    cjm.templates.load("sales-funnel-4").to_mermaid(mermaid)
    with pytest.raises(FormatError, match=r"map\.mmd: \d+ bytes is over the limit of 100 .*max_file_bytes"):
        cjm.load(mermaid, limits=cjm.Limits(max_file_bytes=100))


def test_a_wide_layout_is_sized_before_its_rows_are_padded(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("Lane,A,B,C,D\nTouchpoint,a,b,c,d\n" + "".join(f"Lane {i},x\n" for i in range(40)))
    with pytest.raises(FormatError, match=r"wide\.csv \(42 rows of 5\): 210 cells is over the limit of 100"):
        cjm.read_csv(path, limits=cjm.Limits(max_cells=100))
    many = tmp_path / "many.csv"
    many.write_text('Lane,A\nTouchpoint,"' + "\n".join(["t"] * 50) + '"\n')
    with pytest.raises(FormatError, match=r"many\.csv: stage 'A', column B: 50 touchpoints .*max_rows"):
        cjm.read_csv(many, limits=cjm.Limits(max_rows=20))


def test_limits_are_checked_and_frozen() -> None:
    limits = cjm.Limits(max_rows=5)
    assert limits.max_columns == cjm.Limits().max_columns
    with pytest.raises(AttributeError):
        limits.max_rows = 6  # type: ignore[misc]
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="Limits.max_rows must be a positive integer"):
            cjm.Limits(max_rows=bad)  # type: ignore[arg-type]


def test_a_refused_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm.json"
    path.write_text(cjm_json({"columns": [{"name": "stage", "dtype": "<U500000000"}], "data": [["A"]]}))
    before = path.read_bytes()
    with pytest.raises(FormatError, match="max_cell_chars"):
        cjm.JourneyMap.from_file(path, default=cjm.templates.load("sales-funnel-4"))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["map.cjm.json"]


# The regexes the outline parser used before it was made linear: the oracle for what lines mean.
OLD_HEADING = re.compile(r"^#+\s*(.*?)\s*#*\s*$")
OLD_FIELD = re.compile(r"^([A-Za-z][\w \-]*?)\s*:\s*(.*)$")
LINE = st.text(alphabet="#: -_aZ1é\t\u00a0\u3000.", max_size=14)


@settings(max_examples=300, deadline=None)
@given(LINE)
def test_linear_outline_headings_read_as_the_old_regex(text: str) -> None:
    from cjm_widgets.errors import OutlineError
    from cjm_widgets.io.outline import parse_outline

    line = "#" + text
    name = OLD_HEADING.match(line.strip()).group(1)  # type: ignore[union-attr]
    if not name:
        with pytest.raises(OutlineError, match="a stage heading without a name"):
            parse_outline(line + "\n- x\n")
    else:
        assert parse_outline(line + "\n- x\n").stages[0]["stage"] == name


@settings(max_examples=300, deadline=None)
@given(LINE)
def test_linear_outline_fields_read_as_the_old_regex(text: str) -> None:
    from cjm_widgets.errors import OutlineError
    from cjm_widgets.io.outline import parse_outline

    old = OLD_FIELD.match(text.strip())
    try:
        outline = parse_outline("# A\n- x; " + text + "\n")
    except OutlineError as exc:
        assert (old is None) == ("cannot read" in str(exc)), str(exc)
    else:
        assert old is not None
        key = re.sub(r"[\s\-]+", "_", old.group(1).strip().lower())
        assert outline.touchpoints[0][key] == (float(old.group(2)) if key == "emotion" else old.group(2).strip())


@pytest.mark.parametrize(
    "column",
    [
        pd.array([1, None], dtype="int64[pyarrow]"),
        pd.arrays.SparseArray([1.0, 0.0]),
        pd.array([1, None], dtype="Int64"),
    ],
    ids=["arrow", "sparse", "nullable"],
)
def test_every_dtype_a_journey_saves_is_read_back(tmp_path: Path, column: object) -> None:
    """The dtype allow-list holds on both sides: autosave never writes a file it cannot reopen."""
    journey = cjm.Journey(pd.DataFrame({"stage": ["A", "A"], "touchpoint": ["x", "y"], "extra": column}))
    journey.save(tmp_path / "map.cjm.json")
    assert cjm.load(tmp_path / "map.cjm.json").equals(journey)


def test_a_dtype_that_could_not_be_read_back_is_refused_on_save(tmp_path: Path) -> None:
    import pyarrow  # optional dependency: the test extra installs it (with polars)

    binary = pd.array([b"a", b"b"], dtype=pd.ArrowDtype(pyarrow.binary()))
    journey = cjm.Journey(pd.DataFrame({"stage": ["A", "A"], "touchpoint": ["x", "y"], "extra": binary}))
    with pytest.raises(FormatError, match=r"touchpoints column 'extra': dtype 'binary\[pyarrow\]' is not one"):
        journey.save(tmp_path / "map.cjm.json")
    assert not (tmp_path / "map.cjm.json").exists()
