"""EmpathyMap: Says / Thinks / Does / Feels quadrants plus Pains and Gains, bound to a notes DataFrame.

Notes travel with the same sync protocol as the journey map (docs/sync-protocol.md):
the page sends small id-based ops (``set``, ``insert``, ``delete``), Python
validates and applies them to :class:`~cjm_widgets.model.empathy_notes.EmpathyNotes`, and
every view receives the same patch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import pandas as pd
import traitlets

from ..model.empathy_notes import EmpathyNotes
from ..render.bundle import asset
from ..schema.cell_values import column_kind
from ..schema.notes_table import QUADRANTS
from ..sync.observed import Update
from ..sync.records import records
from .edit_events import Edit
from .page_state import EMPATHY_MAP_SETTABLE
from .table_sync import Table, TableSyncWidget

__all__ = ["EmpathyMap"]


class EmpathyMap(TableSyncWidget):
    """An editable empathy map: notes in Says / Thinks / Does / Feels, Pains and Gains.

    Parameters
    ----------
    notes:
        A DataFrame (or list of dicts) with one row per note: ``quadrant``
        (says, thinks, does, feels, pains, gains; any case) and ``text``;
        optional ``persona``, ``source`` and ``id`` (``note-N`` is generated
        when absent). Extra columns and the index are kept. An
        :class:`~cjm_widgets.model.empathy_notes.EmpathyNotes` shares its notes with other maps.
    persona:
        Show only this persona's notes (notes without a persona are shown to
        every persona); notes added in the page get this persona.
    title:
        Shown above the quadrants.

    Examples
    --------
    >>> import cjm_widgets as cjm
    >>> e = cjm.EmpathyMap([{"quadrant": "says", "text": "I just want it to work"}])
    >>> e.notes[["id", "quadrant", "text"]].to_dict("records")
    [{'id': 'note-1', 'quadrant': 'says', 'text': 'I just want it to work'}]
    """

    _view_traits = EMPATHY_MAP_SETTABLE  # what the page may set: see page_state.py
    _view_tables = ("_rows", "_columns", "_rev")
    _esm = asset("empathy_map.js")
    _css = asset("empathy_map.css")

    title = traitlets.Unicode("").tag(sync=True)
    """str: the title shown above the quadrants (default ``""``)."""

    persona = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    """str | None: show only this persona's notes (default None: every note)."""

    editable = traitlets.Bool(True).tag(sync=True)
    """bool: whether notes can be added, edited, moved and deleted in the page (default True)."""

    language = traitlets.Unicode("").tag(sync=True)
    """str: UI language, ``en``, ``zh`` or ``lv`` (default ``""``: the Jupyter/browser locale)."""

    quadrants = traitlets.List(traitlets.Unicode(), default_value=list(QUADRANTS), read_only=True).tag(sync=True)
    """list[str]: the quadrants, in the order shown (read-only)."""

    notes = Table()
    """pandas.DataFrame: the current notes, every edit included; assign to update every view."""

    # Sent in full only with the widget's state; patches keep views current.
    _rows = traitlets.List(traitlets.Dict()).tag(sync=True)
    _columns = traitlets.List(traitlets.Dict()).tag(sync=True)
    _rev = traitlets.Int(0).tag(sync=True)

    def __init__(
        self,
        notes: EmpathyNotes | pd.DataFrame | Any = None,
        *,
        persona: str | None = None,
        title: str = "",
        **kwargs: Any,
    ) -> None:
        model = notes if isinstance(notes, EmpathyNotes) else EmpathyNotes(notes)
        self._model = model
        self._following = False
        with self._follow():
            super().__init__(notes=model.table, persona=persona, title=title, **kwargs)
        self._bind(model)

    # -- public API -------------------------------------------------------------------

    @property
    def model(self) -> EmpathyNotes:
        """The notes model this map shows (share it to show the same notes in two maps)."""
        return self._model

    @contextmanager
    def edit(self) -> Iterator[pd.DataFrame]:
        """Edit the notes with ordinary pandas; validated and synced when the block ends."""
        df = self._model.table.copy()
        yield df
        self.notes = df

    def on_edit(self, callback: Callable[[Edit], Any], remove: bool = False) -> None:
        """Call ``callback(edit)`` once per applied change to the notes, from the page or from Python.

        ``edit`` has ``kind`` (set, insert, delete or reset), ``id`` (the note's id),
        ``column``, ``old``, ``new``, ``origin`` ("view" or "python") and ``revision``.
        A note moved to another quadrant is a ``set`` of its ``quadrant``.
        """
        super().on_edit(callback, remove)

    def __repr__(self) -> str:
        return f"EmpathyMap({self._model!r})"

    # -- traits and sync ------------------------------------------------------------------

    @traitlets.validate("notes")
    def _assign_notes(self, proposal: dict[str, Any]) -> pd.DataFrame:
        if self._following:
            return cast("pd.DataFrame", proposal["value"])
        with self._follow():  # the model validates, then notifies us; the trait is set on return
            self._model.table = proposal["value"]
        return cast("pd.DataFrame", self._model.table)

    def _view_table(self, name: str) -> Any:
        table = self._model.table
        if name == "_rows":
            return records(table)
        if name == "_columns":
            return [{"name": str(c), **column_kind(table[c])} for c in table.columns]
        return self._model.revision

    def _model_changed(self, update: Update) -> None:
        if not self._following:
            with self._follow():
                self.notes = self._model.table
