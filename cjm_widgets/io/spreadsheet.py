"""CSV and Excel files, in the wide layout (stages across, lanes down) or the long one (a row per touchpoint).

``layout="wide"`` is the grid of :mod:`cjm_widgets.io.wide`; ``layout="long"``
is the touchpoints table with its column names as the header. Reading with
``layout="auto"`` (the default) takes a file whose header has ``stage`` and
``touchpoint`` columns as long, anything else as wide.

CSV exports guard against formula injection: a text cell starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or a quote, so the
guard itself round-trips) is written with a leading ``'``, which spreadsheet
programs show as text; reading removes it again. Excel files get their text
cells typed as text, so nothing in them is ever a formula.

Excel support uses openpyxl (``pip install cjm_widgets[excel]``), which parses
the workbook's XML through defusedxml when it is installed (it is a
dependency of cjm_widgets).
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Mapping
from typing import Any, Literal

import pandas as pd

from ..errors import FormatError, SchemaError
from ..model import writers
from ..model.journey import Journey
from .atomic import decode_text, read_limited, write_atomic
from .headers import match_headers
from .limits import (
    BAD_CHARACTER,
    DEFAULT_LIMITS,
    GridBudget,
    Limits,
    check_frames_text,
    check_text,
    clip,
    file_error,
    shorten,
)
from .wide import grid_to_journey, journey_to_grid

__all__ = ["read_csv", "read_excel", "write_csv", "write_excel"]

Layout = Literal["auto", "wide", "long"]
_UNSAFE_START = ("=", "+", "-", "@", "\t", "\r", "'")
_GUARDED = re.compile(r"'[=+\-@\t\r']")
_NUMBERS = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(\n[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)*")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
EXCEL_ROWS = 1_048_576  # a sheet has no more rows; a file saying otherwise is not a workbook


# -- CSV -------------------------------------------------------------------------------


def read_csv(
    path: str | os.PathLike[str],
    layout: Layout = "auto",
    *,
    title: str | None = None,
    columns: Mapping[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Journey:
    """Read a journey from a CSV file in the wide or long layout (see the module doc).

    Headers are matched ignoring case and spaces, with common synonyms (``Stage``, ``User Action``;
    see ``cjm_widgets.io.headers``); ``columns={"their name": "stage"}`` names the others.
    Each row is checked against ``limits`` (:class:`~cjm_widgets.Limits`) as it is parsed.
    """
    source = os.fspath(path)
    text = decode_text(read_limited(path, limits.max_file_bytes, "CSV file"), source)
    # One search over the whole text; only a file that holds a bad character pays for naming its cell.
    characters = bool(BAD_CHARACTER.search(text))
    budget = GridBudget(source, limits)
    grid: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), strict=True):
            budget.add(row, characters=characters)
            grid.append([_unguard(cell) for cell in row])
    except csv.Error as exc:
        raise FormatError(f"{source}: not valid CSV ({clip(str(exc), 200)})") from None
    call = f"cjm.read_csv({source!r}"
    return _from_grid(grid, layout, source, _title(title, source), columns, call, limits)


@writers.register("csv")
def write_csv(journey: Journey, path: str | os.PathLike[str], layout: Literal["wide", "long"] = "wide") -> None:
    """Write the journey as CSV (atomically), text cells guarded against formula injection."""
    check_frames_text({"touchpoints": journey.touchpoints}, {"title": journey.title})
    grid = _to_grid(journey, layout)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in grid:
        writer.writerow([_guard(cell) for cell in row])
    write_atomic(path, out.getvalue().encode("utf-8"))


def _guard(cell: str) -> str:
    if cell.startswith(_UNSAFE_START) and not _NUMBERS.fullmatch(cell):
        return "'" + cell
    return cell


def _unguard(cell: str) -> str:
    return cell[1:] if _GUARDED.match(cell) else cell


# -- Excel -----------------------------------------------------------------------------


def read_excel(
    path: str | os.PathLike[str],
    layout: Layout = "auto",
    *,
    sheet: str | int = 0,
    title: str | None = None,
    columns: Mapping[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Journey:
    """Read a journey from an ``.xlsx`` workbook's sheet (the first by default), wide or long layout.

    Headers are matched as by :func:`read_csv`; ``columns=`` names the others. The sheet's declared
    size (its ``<dimension>``) is not trusted: cells are counted against ``limits`` as they stream in.
    """
    openpyxl = _openpyxl()
    source = os.fspath(path)
    raw = read_limited(path, limits.max_file_bytes, "workbook")
    _check_zip(raw, source, limits)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, key errors) for a broken file
        raise FormatError(f"{source}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    try:
        names = book.sheetnames
        if isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise FormatError(f"{source}: no sheet number {sheet}; the workbook has {len(names)}")
            sheet = names[sheet]
        if sheet not in names:
            raise FormatError(f"{source}: no sheet {sheet!r}; its sheets are {shorten(', '.join(map(repr, names)))}")
        where = f"{source} sheet {clip(sheet)}"
        grid = _sheet_grid(book[sheet], GridBudget(where, limits))
        saved_title = book.properties.title  # to_excel keeps the map's title here
    finally:
        book.close()
    if title is None and isinstance(saved_title, str) and saved_title:
        check_text(saved_title, f"{source}: the workbook's title", limits)
        title = saved_title
    call = f"cjm.read_excel({source!r}, sheet={sheet!r}"
    return _from_grid(grid, layout, where, _title(title, source), columns, call, limits)


def _sheet_grid(worksheet: Any, budget: GridBudget) -> list[list[Any]]:
    # A read-only sheet pads every row, and every row missing before a later one, to its declared
    # <dimension>: a 5 KB file declaring A1:XFD1048576 with one row at its end asked for 17 billion
    # cells. Forget the declaration; count the cells really there. Empty rows mean nothing in either
    # layout, so only rows with a value count against the limits (and join the grid).
    worksheet.reset_dimensions()
    grid = []
    try:
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if number > EXCEL_ROWS:
                raise FormatError(f"{budget.source}: row {number:,} is past a sheet's last row ({EXCEL_ROWS:,})")
            if all(v is None or v == "" for v in row):
                continue
            budget.add(row, number=number)
            grid.append(["" if v is None else v for v in row])
    except FormatError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken sheet
        raise FormatError(
            f"{budget.source}: not a readable sheet ({type(exc).__name__}: {clip(str(exc), 200)})"
        ) from None
    return grid


@writers.register("excel")
def write_excel(journey: Journey, path: str | os.PathLike[str], layout: Literal["wide", "long"] = "wide") -> None:
    """Write the journey to an ``.xlsx`` workbook (atomically); text cells are text, never formulas."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Journey map" if layout == "wide" else "Touchpoints"
    if journey.title:
        book.properties.title = journey.title
    numeric = {"emotion"} if layout == "long" else set()
    check_frames_text({"touchpoints": journey.touchpoints}, {"title": journey.title})
    grid = _to_grid(journey, layout)
    header = grid[0]
    for r, row in enumerate(grid, start=1):
        for c, value in enumerate(row, start=1):
            if value == "":
                continue
            cell = sheet.cell(row=r, column=c)
            if r > 1 and (header[c - 1] in numeric or (layout == "wide" and row[0] == "Emotion" and c > 1)):
                cell.value = float(value) if _NUMBER.fullmatch(value) else value
            else:
                cell.value = value
                cell.data_type = "s"  # openpyxl would take "=..." for a formula
            if "\n" in value:
                cell.alignment = openpyxl.styles.Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(path, buffer.getvalue())


def _openpyxl() -> Any:
    try:
        import openpyxl  # optional: the [excel] extra
    except ImportError:
        raise ImportError("Excel files need openpyxl: pip install 'cjm_widgets[excel]'") from None
    return openpyxl


def _check_zip(raw: bytes, source: str, limits: Limits) -> None:
    # An xlsx is a zip: refuse one that would unpack to more than the limit (a "zip bomb").
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FormatError(f"{source}: not an .xlsx workbook (it is not a zip archive: {clip(str(exc), 200)})") from None
    if unpacked > limits.max_unpacked_bytes:
        raise FormatError(
            f"{source}: unpacks to {unpacked:,} bytes, over the {limits.max_unpacked_bytes:,}-byte limit "
            "(read it with limits=cjm.Limits(max_unpacked_bytes=...) if the file is trusted)"
        )


# -- layouts ---------------------------------------------------------------------------


def _to_grid(journey: Journey, layout: str) -> list[list[str]]:
    if layout == "wide":
        return journey_to_grid(journey)
    if layout == "long":
        tp = journey.touchpoints
        for column in tp.columns:
            if not isinstance(column, str):
                raise FormatError(f"touchpoints column {column!r}: column names must be text to be written")
        rows = [[_long_text(v) for v in row] for row in tp.itertuples(index=False)]
        return [list(tp.columns), *rows]
    raise ValueError(f"layout must be 'wide' or 'long', got {layout!r}")


def _long_text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return repr(value)  # every digit: a round trip gets the same float back
    return str(value)


def _from_grid(
    grid: list[list[Any]],
    layout: str,
    source: str,
    title: str,
    columns: Mapping[str, str] | None,
    call: str,
    limits: Limits,
) -> Journey:
    layout, grid = match_headers(grid, layout, columns, source, call)
    if layout == "auto":
        header = {str(v).strip().lower() for v in (grid[0] if grid else [])}
        layout = "long" if {"stage", "touchpoint"} <= header else "wide"
    if layout == "wide":
        return grid_to_journey(grid, source, title, limits)
    if layout == "long":
        return _long_journey(grid, source, title)
    raise ValueError(f"layout must be 'auto', 'wide' or 'long', got {layout!r}")


def _long_journey(grid: list[list[Any]], source: str, title: str) -> Journey:
    if not grid:
        raise FormatError(f"{source}: empty file; the long layout needs a header row (stage, touchpoint, ...)")
    header = [str(v).strip() for v in grid[0]]
    seen: set[str] = set()
    for position, name in enumerate(header):
        if name in seen:
            raise FormatError(f"{source}: row 1 names the column {clip(name)} twice (again in cell {position + 1})")
        seen.add(name)
    rows = []
    for number, row in enumerate(grid[1:], start=2):
        if not any(str(v).strip() for v in row):
            continue
        if len(row) > len(header):
            raise FormatError(f"{source}: row {number} has {len(row)} cells for {len(header)} columns")
        rows.append([None if v == "" else str(v) for v in row] + [None] * (len(header) - len(row)))
    frame = pd.DataFrame(rows, columns=header, dtype="str")
    if "emotion" in frame.columns:
        try:
            frame["emotion"] = pd.to_numeric(frame["emotion"])
        except (TypeError, ValueError) as exc:
            raise FormatError(
                f"{source}: column 'emotion': {clip(str(exc), 200)}; emotions are numbers such as -1 or 2"
            ) from None
    try:
        return Journey(frame, title=title)
    except SchemaError as exc:
        raise file_error(source, exc) from None


def _title(title: str | None, source: str) -> str:
    if title is not None:
        return title
    name = os.path.basename(source)
    return name.split(".")[0] if name else ""
