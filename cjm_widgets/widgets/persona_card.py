"""PersonaCard: one persona of a journey as an editable card, bound to a row of ``journey.personas``.

Edits in the card set one field of that row (validated like any assignment to
``journey.personas``); a Python-side change to ``journey.personas`` redraws the card.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import anywidget
import pandas as pd
import traitlets

from ..errors import EditError, SchemaError
from ..model.journey import Journey
from ..render.bundle import asset
from ..schema.pictures import page_picture, picture_data_url
from ..schema.tables import PERSONAS
from ..sync.records import json_value, records
from .page_state import MAX_PAGE_TEXT, PageGuard, check_page_text, refuse_read_only

__all__ = ["PERSONA_FIELDS", "PersonaCard"]

log = logging.getLogger(__name__)

# Fields the card edits, in the order it shows them (``persona``, the key, is fixed).
PERSONA_FIELDS = ("name", "age", "situation", "goals", "needs", "frustrations", "motivations", "quote", "picture")


class PersonaCard(PageGuard, anywidget.AnyWidget):
    """An editable persona card bound to one row of ``journey.personas``.

    Parameters
    ----------
    source:
        A :class:`Journey` or a JourneyMap (the card edits that journey's
        personas table), or a dict of persona fields (the card then keeps its own
        one-persona journey, ``card.journey``).
    persona:
        The key (``persona`` column) of the row to show; default: the first persona.

    Examples
    --------
    >>> import cjm_widgets as cjm
    >>> j = cjm.templates.load("colleen-vacuum")
    >>> card = cjm.PersonaCard(j)        # the first persona of the journey
    >>> card.set("quote", "I want it to last.")
    >>> j.personas["quote"].iloc[0]
    'I want it to last.'
    """

    _esm = asset("persona_card.js")
    _css = asset("persona_card.css")

    persona = traitlets.Unicode().tag(sync=True)
    """str: the key of the persona shown (read-only after creation)."""

    editable = traitlets.Bool(True).tag(sync=True)
    """bool: whether the card can be edited in the page (default True)."""

    language = traitlets.Unicode("").tag(sync=True)
    """str: UI language, ``en``, ``zh`` or ``lv`` (default ``""``: the Jupyter/browser locale)."""

    _record = traitlets.Dict().tag(sync=True)  # the persona's row as JSON, picture as a data URL

    def __init__(self, source: Any = None, persona: str | None = None, **kwargs: Any) -> None:
        journey = getattr(source, "journey", source)  # a JourneyMap carries its Journey
        if isinstance(source, Mapping):
            journey = Journey(personas=[{"persona": "persona-1", **dict(source)}])
        if not isinstance(journey, Journey):
            raise TypeError(f"PersonaCard needs a Journey, a JourneyMap or a dict, got {type(source).__name__}")
        keys = journey.personas["persona"].tolist()
        if not keys:
            raise SchemaError(
                "the journey has no personas",
                table="personas",
                column="persona",
                fix="Assign journey.personas = [{'persona': 'p1', 'name': ...}] first, or pass a dict of fields",
            )
        key = keys[0] if persona is None else persona
        if key not in keys:
            raise SchemaError(
                f"unknown persona {key!r}",
                table="personas",
                column="persona",
                value=key,
                fix=f"Use one of: {', '.join(map(repr, keys))}",
            )
        self._journey = journey
        super().__init__(persona=key, **kwargs)
        self._record = self._current()
        journey.observe(self._journey_changed)
        self.on_msg(self._on_view_message)

    @property
    def journey(self) -> Journey:
        """The journey whose ``personas`` row this card edits."""
        return self._journey

    @property
    def record(self) -> dict[str, Any]:
        """The persona's current row as a dict (empty if the row was deleted)."""
        return dict(self._record)

    def set(self, field: str, value: Any) -> None:
        """Set one field of the persona (``picture`` takes a local image path or a data URL).

        Raises :class:`SchemaError` naming the field and value when it doesn't fit;
        the persona is unchanged then.
        """
        if field not in PERSONA_FIELDS and field not in self._journey.personas.columns:
            raise SchemaError(
                f"unknown persona field {field!r}",
                table="personas",
                column=field,
                row=self.persona,
                fix=f"Use one of: {', '.join(PERSONA_FIELDS)}",
            )
        if field == "persona":
            raise SchemaError(
                "the persona key is fixed", table="personas", column=field, row=self.persona, fix="Edit the name"
            )
        if field == "picture" and isinstance(value, (str, bytes)) is False and value is not None:
            value = str(value)  # a pathlib.Path
        if field == "picture" and value:
            value = picture_data_url(value, persona=self.persona)
        table = self._journey.personas.copy()
        rows = table["persona"] == self.persona
        if not rows.any():
            raise SchemaError("this persona was deleted", table="personas", row=self.persona, fix="Create a new card")
        if isinstance(value, str) and not value.strip():
            value = None
        text_cell = pd.api.types.is_string_dtype(table[field].dtype) and field not in PERSONAS.numbers
        if not text_cell or not (value is None or isinstance(value, str)):
            # Let the schema coerce ("34" -> 34.0) or refuse with the field named: a number put into a
            # text column would otherwise be refused by pandas itself (a bare TypeError on pandas 3).
            table[field] = table[field].astype(object)
        table.loc[rows, field] = value
        self._journey.personas = table

    def load_picture(self, path: Any) -> None:
        """Embed a local image file (PNG, JPEG, GIF, WebP; at most 2 MB) as the persona's picture."""
        self.set("picture", path)

    def close(self) -> None:
        journey = getattr(self, "_journey", None)
        if journey is not None:
            journey.observe(self._journey_changed, remove=True)
        super().close()

    def __repr__(self) -> str:
        return f"PersonaCard({self.persona!r}, name={self._record.get('name')!r})"

    # -- sync -------------------------------------------------------------------------

    def _current(self) -> dict[str, Any]:
        table = self._journey.personas
        rows = table[table["persona"] == self.persona] if self.persona else table.iloc[:0]
        if rows.empty:
            return {}
        record = records(rows.iloc[[0]])[0]
        picture = record.get("picture")
        if isinstance(picture, str) and not picture.startswith("data:image/"):
            try:  # a path in the table: shown embedded, the table keeps the path
                record["picture"] = picture_data_url(picture, persona=self.persona)
            except SchemaError as exc:
                log.warning("PersonaCard cannot show the picture: %s", exc)
                record["picture"] = None
        return record

    def _journey_changed(self, update: Any) -> None:
        if "personas" in update.tables:
            self._record = self._current()

    def _on_view_message(self, _: Any, content: Any, buffers: Any) -> None:
        edit_id = (
            content.get("edit_id") if isinstance(content, dict) and isinstance(content.get("edit_id"), str) else None
        )
        try:
            if not isinstance(content, dict) or content.get("type") != "edit":
                raise EditError("the card takes only 'edit' messages")
            op = content.get("op")
            if not isinstance(op, dict) or op.get("op") != "set" or not isinstance(op.get("column"), str):
                raise SchemaError("the card sends only 'set' edits", table="personas", row=self.persona)
            refuse_read_only(self)
            # A picture is bounded by page_picture (its length, before decoding); every other field here.
            check_page_text(op, max_chars=None if op["column"] == "picture" else MAX_PAGE_TEXT)
            value = op.get("value")
            if op["column"] == "picture" and value:  # the page never names a kernel file
                value = page_picture(value, persona=self.persona)
            self.set(op["column"], value)
        except (SchemaError, EditError) as exc:
            log.warning("PersonaCard refused an edit from the page: %s", exc)
            self.send({"type": "reject", "edit_id": edit_id, "message": str(exc)})
        except Exception as exc:  # a message nobody foresaw: refused, never left unanswered
            log.exception("PersonaCard could not apply an edit from the page")
            self.send({"type": "reject", "edit_id": edit_id, "message": f"not applied ({type(exc).__name__})"})
        else:
            self.send({"type": "ack", "edit_id": edit_id, "value": json_value(self._record.get(op["column"]))})
