"""Empathy-map notes: the schema of a notes table and the model a widget binds to.

A notes table has one row per sticky note: ``quadrant`` (says, thinks, does,
feels, pains, gains), ``text``, optional ``persona`` and ``source``, a stable
``id`` (``note-N`` when not given) and any extra columns the user brings.
"""

from __future__ import annotations

import difflib
from typing import Any

import pandas as pd

from .columns import RowNamer, is_missing
from .diff import changes_of, diff_touchpoints
from .edits import Update
from .note_edits import apply_note_op
from .observed import Observed
from .schema import TableSpec, as_frame, assign_ids, normalize_table

__all__ = ["NOTES", "QUADRANTS", "EmpathyNotes", "normalize_notes", "quadrant_of"]

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


class EmpathyNotes(Observed):
    """The notes of one empathy map, with revisions and observers (what :class:`EmpathyMap` binds to).

    Importable without ipywidgets. ``table`` is always the current DataFrame;
    assigning a new one validates it and tells the views what changed.
    """

    def __init__(self, notes: Any = None) -> None:
        self._start_observing()
        self._table = normalize_notes(notes)

    @property
    def table(self) -> pd.DataFrame:
        """The notes, one row per note (a cheap copy-on-write copy: edit, then assign back)."""
        return self._table.copy(deep=False)

    @table.setter
    def table(self, value: Any) -> None:
        table = normalize_notes(value)
        old = self._table
        ops = diff_touchpoints(old, table)
        self._table = table
        if ops == [] and old.index.equals(table.index):
            return
        self._notify(ops, changes_of(old, ops), tables=("notes",))

    def apply(self, op: Any, origin: str = "python", edit_id: str | None = None) -> Update:
        """Apply one edit op (``set``, ``insert``, ``delete``, ``batch``) and tell the observers.

        Raises :class:`SchemaError` for a bad value and :class:`~cjm_widgets.edits.EditError`
        for a malformed op or a note that is gone; the notes are unchanged then.
        """
        applied = apply_note_op(self._table, op)
        table = applied.table
        if not isinstance(table.index, pd.RangeIndex) and table.index.equals(pd.RangeIndex(len(table))):
            table = table.set_axis(pd.RangeIndex(len(table)))
        self._table = table
        return self._notify(applied.ops, applied.changes, origin, applied.inverse, edit_id, tables=("notes",))

    def __repr__(self) -> str:
        counts = self._table["quadrant"].value_counts()
        return f"<EmpathyNotes: {', '.join(f'{q} {int(counts.get(q, 0))}' for q in QUADRANTS)}>"
