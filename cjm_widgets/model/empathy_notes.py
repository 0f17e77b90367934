"""EmpathyNotes: the notes of one empathy map, the model an EmpathyMap binds to.

The table's columns and checks are in :mod:`cjm_widgets.schema.notes_table`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..schema.notes_table import QUADRANTS, normalize_notes
from ..sync.diff import changes_of, diff_touchpoints
from ..sync.note_ops import apply_note_op
from ..sync.observed import Observed, Update

__all__ = ["EmpathyNotes"]


class EmpathyNotes(Observed):
    """The notes of one empathy map, with revisions and observers (what :class:`~cjm_widgets.EmpathyMap` binds to).

    Importable without ipywidgets. ``table`` is always the current DataFrame;
    assigning a new one validates it and tells the views what changed.
    """

    def __init__(self, notes: Any = None) -> None:
        self._start_observing()
        self._table = normalize_notes(notes)

    @property
    def table(self) -> pd.DataFrame:
        """The notes, one row per note; a cheap copy-on-write copy (edit it, then assign it back)."""
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

        Raises :class:`~cjm_widgets.SchemaError` for a bad value and :class:`~cjm_widgets.EditError`
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
