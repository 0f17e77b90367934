"""The wide layout people draw maps in: stages across as columns, lanes down as rows.

A grid (list of rows of text) such as::

    Lane          | Awareness        | Consideration | Purchase
    Touchpoint    | TV ad⏎Friend     | Store visit   | Checkout
    Channel       | TV⏎Word of mouth | Store         | Web
    Emotion       | 1⏎2              | -1            | 0
    Pain points   | ⏎                | Pushy staff   |

Rules (the reader and the writer follow the same ones, so round trips are
lossless for what the layout can express):

* The first column names the lanes; names are matched loosely
  (``Touchpoints``, ``Pain points``, ``pain_point``, ``Feelings`` for emotion,
  see :data:`LANE_NAMES`). Any other row becomes an extra touchpoint column
  named as written. The header row names the stages (its first cell is
  free, e.g. ``Lane`` or empty).
* Several touchpoints in one stage cell are on separate lines, aligned across
  lanes: line *i* of every lane cell belongs to touchpoint *i* (an empty line
  is an empty value). A column whose touchpoint cell has one line is one
  touchpoint, so its other cells may hold line breaks.
* A stage may also span several columns: a header repeating the stage name,
  or left empty (as merged cells export), continues the stage to its left.
  The writer uses this for a stage whose texts hold line breaks.
* Empty values and missing values are the same; extra columns come back as
  text; stage descriptions, metrics and personas are not part of the layout.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from ..errors import FormatError, SchemaError
from ..model.journey import Journey
from ..schema.values import is_missing
from .limits import DEFAULT_LIMITS, Limits, clip, column_letters, file_error, over_limit, shorten

__all__ = ["LANE_NAMES", "grid_to_journey", "journey_to_grid"]

# Written lane labels for the canonical columns, top to bottom.
LANE_LABELS = {
    "touchpoint": "Touchpoint",
    "channel": "Channel",
    "action": "Actions",
    "thought": "Thoughts",
    "emotion": "Emotion",
    "pain_point": "Pain points",
    "opportunity": "Opportunities",
    "persona": "Persona",
    "id": "ID",
}
# Accepted spellings (lowercase, spaces/underscores/dashes removed) -> canonical column.
LANE_NAMES = {
    **{re.sub(r"[\s_-]", "", label.lower()): column for column, label in LANE_LABELS.items()},
    "touchpoints": "touchpoint",
    "channels": "channel",
    "action": "action",
    "doing": "action",
    "thought": "thought",
    "thinking": "thought",
    "emotions": "emotion",
    "feeling": "emotion",
    "feelings": "emotion",
    "painpoint": "pain_point",
    "pains": "pain_point",
    "opportunity": "opportunity",
    "ideas": "opportunity",
    "personas": "persona",
}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def journey_to_grid(journey: Journey) -> list[list[str]]:
    """The journey in the wide layout, as rows of text (header row first)."""
    tp = journey.touchpoints
    columns = [c for c in LANE_LABELS if c in tp.columns and (c != "persona" or tp[c].notna().any())]
    extras = [c for c in tp.columns if c not in LANE_LABELS and c != "stage"]
    for column in extras:
        if not isinstance(column, str) or _lane_key(column) in LANE_NAMES or _lane_key(column) in ("", "stage"):
            raise FormatError(
                f"touchpoints column {column!r} cannot be a lane of the wide layout (its name is taken or empty); "
                "rename it, or use layout='long'"
            )
    lanes = [*columns[:-1], *extras, columns[-1]]  # extra lanes before the ID row
    labels = [LANE_LABELS.get(c, c) for c in lanes]
    header: list[str] = ["Lane"]
    body: list[list[str]] = [[label] for label in labels]
    for stage in journey.stage_names:
        rows = tp[tp["stage"] == stage]
        cells = {c: [_text(v) for v in rows[c].tolist()] for c in lanes}
        for position, name in enumerate(cells["touchpoint"]):
            if "\n" in name or "\r" in name:
                raise FormatError(
                    f"touchpoint {rows['id'].iloc[position]!r} has a line break in its name, which the wide layout "
                    "uses to separate touchpoints; remove it, or use layout='long'"
                )
        one_per_column = any("\n" in v or "\r" in v for values in cells.values() for v in values)
        groups = [[i] for i in range(len(rows))] if one_per_column else [list(range(len(rows)))]
        for group in groups or [[]]:
            header.append(stage)
            for line, column in zip(body, lanes, strict=True):
                values = [cells[column][i] for i in group]
                line.append("\n".join(values) if any(values) else "")
    return [header, *body]


def _text(value: Any) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # emotion 2.0 reads as a person wrote it: 2
    return str(value)


def _lane_key(label: str) -> str:
    return re.sub(r"[\s_-]", "", label.strip().lower())


def grid_to_journey(grid: list[list[Any]], source: str, title: str = "", limits: Limits = DEFAULT_LIMITS) -> Journey:
    """Build a Journey from a wide-layout grid; a cell that does not fit raises :class:`FormatError`.

    The grid's size is checked against ``limits`` before its rows are padded
    to one width, and the touchpoints are counted before they are built.
    """
    rows = [[_cell(v) for v in row] for row in grid]
    rows = [row for row in rows if any(row)]
    if len(rows) < 2:
        raise FormatError(f"{source}: the wide layout needs a header row of stages and lane rows below it")
    width = max(len(row) for row in rows)
    if width > limits.max_columns:
        raise over_limit(source, "columns", width, "max_columns", limits)
    if width * len(rows) > limits.max_cells:  # every row is padded to the widest
        raise over_limit(f"{source} ({len(rows):,} rows of {width:,})", "cells", width * len(rows), "max_cells", limits)
    rows = [row + [""] * (width - len(row)) for row in rows]
    header, lane_rows = rows[0], rows[1:]
    lanes: list[str] = []
    for number, row in enumerate(lane_rows, start=2):
        label = row[0].strip()
        if not label:
            raise FormatError(f"{source}: row {number} has no lane name in its first cell")
        column = LANE_NAMES.get(_lane_key(label), label)
        if column in lanes:
            raise FormatError(f"{source}: row {number}: lane {clip(label)} appears twice")
        lanes.append(column)
    if "touchpoint" not in lanes:
        raise FormatError(
            f"{source}: no 'Touchpoint' row; the first column must name the lanes (Touchpoint, Channel, Actions, "
            "Thoughts, Emotion, Pain points, Opportunities)"
        )
    stages: list[str] = []
    records: list[dict[str, Any]] = []
    for col in range(1, width):
        # Stage names are kept as written; an empty (or blank) header continues the stage to the left.
        stage = header[col] if header[col].strip() else (stages[-1] if stages else "")
        if not stage:
            if any(row[col] for row in lane_rows):
                raise FormatError(f"{source}: column {column_letters(col)} holds cells but no stage name in row 1")
            continue
        if stage not in stages:
            stages.append(stage)
        records.extend(_column_records(lane_rows, lanes, col, stage, source, limits.max_rows - len(records)))
        if len(records) * len(lanes) > limits.max_cells:
            raise over_limit(
                f"{source}: column {column_letters(col)}", "cells", len(records) * len(lanes), "max_cells", limits
            )
    frame = pd.DataFrame(records, columns=[*lanes, "stage"], dtype="str")
    if "emotion" in lanes:
        frame["emotion"] = _emotions(frame["emotion"], records, source)
    try:
        return Journey(frame, stages, title=title)
    except SchemaError as exc:
        raise file_error(source, exc) from None


def _column_records(
    lane_rows: list[list[str]], lanes: list[str], col: int, stage: str, source: str, room: int
) -> list[dict[str, Any]]:
    touchpoint_row = lanes.index("touchpoint")
    cell = lane_rows[touchpoint_row][col]
    count = cell.count("\n") + 1 if cell else 0
    where = f"{source}: stage {clip(stage)}, column {column_letters(col)}"
    if count > room:  # counted before a record is built
        raise FormatError(
            f"{where}: {count:,} touchpoints would pass the limit on rows (max_rows); read it with "
            "limits=cjm.Limits(max_rows=...) if the file is trusted"
        )
    if count == 0:
        for number, (row, lane) in enumerate(zip(lane_rows, lanes, strict=True), start=2):
            if row[col]:
                raise FormatError(f"{where}, row {number} ({shorten(lane, 60)}): a value with no touchpoint above it")
        return []
    out: list[dict[str, Any]] = [{"stage": stage} for _ in range(count)]
    for number, (row, lane) in enumerate(zip(lane_rows, lanes, strict=True), start=2):
        text = row[col]
        values: list[str | None]
        if count == 1:
            values = [text or None]
        elif not text:
            values = [None] * count
        else:
            values = [v or None for v in text.split("\n")]
            if len(values) != count:
                raise FormatError(
                    f"{where}, row {number} ({shorten(lane, 60)}): {len(values)} lines for {count} touchpoints; "
                    "put one line per touchpoint (an empty line for none), in the order of the Touchpoint row"
                )
        for record, value in zip(out, values, strict=True):
            record[lane] = value
    return out


def _emotions(values: pd.Series, records: list[dict[str, Any]], source: str) -> pd.Series:
    numbers: list[float] = []
    for value, record in zip(values.tolist(), records, strict=True):
        if is_missing(value):
            numbers.append(math.nan)
        elif _NUMBER.fullmatch(str(value).strip()):
            numbers.append(float(value))
        else:
            raise FormatError(
                f"{source}: stage {clip(record['stage'])}, touchpoint {clip(record['touchpoint'])}: "
                f"emotion {clip(value)} is not a number; write a score on the map's scale (-2 to 2), e.g. -1"
            )
    return pd.Series(numbers, index=values.index, dtype="float64")


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n")
