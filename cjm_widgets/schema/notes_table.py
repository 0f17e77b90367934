"""Empathy-map notes: what a notes table holds and how it is checked.

A notes table has one row per sticky note: ``quadrant`` (says, thinks, does,
feels, pains, gains), ``text``, optional ``persona`` and ``source``, a stable
``id`` (``note-N`` when not given) and any extra columns the user brings.
"""

from __future__ import annotations

import difflib
from typing import Any

import pandas as pd

from .tables import TableSpec, as_frame, assign_ids, normalize_table
from .values import RowNamer, is_missing

__all__ = ["NOTES", "QUADRANTS", "normalize_notes", "quadrant_of"]

# Says / Thinks / Does / Feels, then Pains and Gains: the order the map shows them.
QUADRANTS = ("says", "thinks", "does", "feels", "pains", "gains")
NOTES = TableSpec(
    "notes",
    text=("id", "quadrant", "text", "persona", "source"),
    required=("quadrant", "text"),
    unique=("id",),
)


def quadrant_of(value: Any, rows: RowNamer, position: int) -> str:
    """The canonical quadrant for ``value`` ("Says " -> "says"), or a SchemaError with a suggestion."""
    if isinstance(value, str) and value.strip().lower() in QUADRANTS:
        return value.strip().lower()
    close = difflib.get_close_matches(str(value).strip().lower(), QUADRANTS, n=1, cutoff=0.5)
    hint = f"Did you mean {close[0]!r}? " if close else ""
    raise rows.error(
        f"unknown quadrant {value!r}",
        "quadrant",
        position,
        value,
        f"{hint}Use one of: {', '.join(QUADRANTS)}",
    )


def normalize_notes(data: Any) -> pd.DataFrame:
    """Validate a notes table: canonical columns, stable ids, known quadrants; extra columns kept."""
    if data is None:  # no notes yet: an empty board
        data = pd.DataFrame({"quadrant": pd.Series([], dtype=object), "text": pd.Series([], dtype=object)})
    df = as_frame(data, "notes")
    if "id" in df.columns or len(df) == 0:
        df = df.assign(id=assign_ids(df, "note") if len(df) else pd.Series([], dtype=object))
    ids = df["id"].tolist() if "id" in df.columns else None
    table = normalize_table(df, NOTES, ids=ids)
    if "id" not in df.columns:
        table["id"] = assign_ids(df, "note")
    rows = RowNamer("notes", table["id"].tolist())
    table["quadrant"] = pd.Series(
        [quadrant_of(v, rows, p) for p, v in enumerate(table["quadrant"].tolist())],
        index=table.index,
        dtype=table["quadrant"].dtype,
    )
    for position, text in enumerate(table["text"].tolist()):
        if not is_missing(text) and not text.strip():
            raise rows.error("a note cannot be empty", "text", position, text, "Write the note, or drop the row")
    return table
