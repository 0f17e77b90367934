"""The Python half of the sync protocol, shared by every widget that edits a table.

A widget binds to a model with ``revision``, ``apply(op, origin, edit_id)`` and
``observe(fn)`` (a :class:`~cjm_widgets.Journey` or :class:`~cjm_widgets.model.empathy_notes.EmpathyNotes`).
Edits from the page are applied to the model or refused with a ``reject``; every
change of the model reaches every view as one ``patch`` (or a ``reset``) and
each ``on_edit`` callback as an :class:`Edit` (see docs/sync-protocol.md).

A view opens with ``hello`` and its revision; Python answers ``welcome``, after a
``reset`` when the view is behind. Until some view has said hello (a headless run:
``nbconvert --execute``, papermill, ``marimo export``) nothing in a page applies the
patches, so each change also sends the view tables as state: what a run stores as
the widget's state, and so every report, shows the change.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, Protocol, cast

import anywidget
import traitlets

from ..errors import EditError, SchemaError
from ..sync.observed import Update
from .edit_events import Edit, EditDispatcher
from .page_state import PageGuard, check_page_text, refuse_read_only

__all__ = ["MAX_REPLY_CHARS", "SyncedModel", "Table", "TableSyncWidget", "host_reruns_on_state"]

log = logging.getLogger(__name__)

MAX_REPLY_CHARS = 1_000  # a reject's message: long enough for any error of ours, short whatever the page sent


def host_reruns_on_state() -> bool:
    """Whether this kernel is a marimo notebook or app: it re-runs the cells that use a widget
    when a view writes the widget's state, never on custom messages (page edits)."""
    marimo = sys.modules.get("marimo")  # never imported here: only a marimo kernel has it loaded
    running = getattr(marimo, "running_in_notebook", None)
    return bool(callable(running) and running())


class SyncedModel(Protocol):
    """What a table-sync widget needs of its model."""

    @property
    def revision(self) -> int: ...

    def apply(self, op: Any, origin: str = "python", edit_id: str | None = None) -> Update: ...

    def observe(self, fn: Callable[[Update], None], remove: bool = False) -> None: ...


class Table(traitlets.Any):
    """A DataFrame-valued trait: every assignment notifies observers.

    traitlets compares old and new with ``==``, which pandas answers cell by cell
    (slow on a large map, and ambiguous); a new table object is a change.
    """

    def set(self, obj: traitlets.HasTraits, value: Any) -> None:
        name = str(self.name)
        new_value = self._validate(obj, value)
        old_value = obj._trait_values.get(name, self.default_value)
        obj._trait_values[name] = new_value
        if old_value is not new_value:
            obj._notify_trait(name, old_value, new_value)


class TableSyncWidget(PageGuard, anywidget.AnyWidget):
    """Base of editable table widgets: view messages in, patches out, ``on_edit`` callbacks.

    Subclasses set ``_view_traits`` (traits a view may set, see :mod:`.page_state`) and
    ``_view_tables`` (synced traits computed from the model: ``_rev`` and the
    tables a ``reset`` carries), call :meth:`_bind` once their model exists, and
    implement :meth:`_view_table` and :meth:`_model_changed`.
    """

    _view_traits: tuple[str, ...] = ()
    _view_tables: tuple[str, ...] = ("_rev",)
    _sync_model: SyncedModel

    def _bind(self, model: SyncedModel) -> None:
        self._sync_model = model
        self._following = False  # True while a trait is set from the model (not by the user)
        self._edits = EditDispatcher()
        self._greeted = False  # some view said hello: it applies patches itself (see _on_model_update)
        model.observe(self._on_model_update)
        self.on_msg(self._on_view_message)

    def on_edit(self, callback: Callable[[Edit], Any], remove: bool = False) -> None:
        """Call ``callback(edit)`` once per applied change, from the page or from Python.

        ``edit`` has ``kind``, ``id``, ``column``, ``old``, ``new``, ``origin``
        ("view" or "python") and ``revision``.
        """
        self._edits.register(callback, remove)

    def close(self) -> None:
        model = getattr(self, "_sync_model", None)  # None when __init__ failed early
        if model is not None:
            with suppress(ValueError):  # already unbound
                model.observe(self._on_model_update, remove=True)
        super().close()

    # -- state sent to views ------------------------------------------------------------

    def get_state(self, key: str | Sequence[str] | None = None, drop_defaults: bool = False) -> dict[str, Any]:
        # View tables are computed from the model whenever ipywidgets sends full state
        # (first render, page reload): the model's DataFrame is the one truth.
        state = super().get_state(key, drop_defaults)
        keys = self._view_tables if key is None else [key] if isinstance(key, str) else list(key)
        for name in keys:
            if name in self._view_tables:
                state[name] = self._view_table(name)
        return cast("dict[str, Any]", state)

    def _view_table(self, name: str) -> Any:
        """The current value of view table ``name`` (``_rev``: the model's revision)."""
        raise NotImplementedError

    def _reset_tables(self) -> dict[str, Any]:
        return {n[1:]: self._view_table(n) for n in self._view_tables if n != "_rev"}

    # -- hooks ------------------------------------------------------------------------

    def _model_changed(self, update: Update) -> None:
        """Bring the widget's own traits in step with the model after ``update``."""

    def _check_view_edit(self, op: Any) -> None:
        """Raise :class:`EditError` to refuse an edit from the page before the model sees it (default: none).

        Python-side edits do not pass here: a widget can refuse what its page may change (a map's
        locked lanes, say) while the notebook's code still changes everything.
        """

    def _patches_views(self, update: Update) -> bool:
        """Whether ``update`` is sent to the views as a patch or reset (False: synced traits carry it)."""
        return True

    # -- protocol -----------------------------------------------------------------------

    @contextmanager
    def _follow(self) -> Iterator[None]:
        self._following = True
        try:
            yield
        finally:
            self._following = False

    def _on_model_update(self, update: Update) -> None:
        """The model changed (from any widget or from Python): patch every view, tell observers."""
        if self._patches_views(update):
            self.send(self._view_message(update))
            if not self._greeted:  # no page applies patches: keep the stored state current instead
                self.send_state(list(self._view_tables))
        self._model_changed(update)
        self._edits.dispatch(update)

    def _view_message(self, update: Update) -> dict[str, Any]:
        """The patch (or, for a structural change, the reset) that brings every view to ``update``."""
        if update.ops is None:
            return {"type": "reset", "rev": update.revision, **self._reset_tables()}
        message: dict[str, Any] = {"type": "patch", "rev": update.revision, "origin": update.origin, "ops": update.ops}
        if update.edit_id is not None:
            message.update(edit_id=update.edit_id, inverse=update.inverse)
        return message

    def _on_view_message(self, _: Any, content: Any, buffers: Any) -> None:
        if not isinstance(content, dict):
            return self._refuse(None, f"a message must be an object, got {type(content).__name__}")
        kind = content.get("type")
        if kind == "edit":
            edit_id = content.get("edit_id") if isinstance(content.get("edit_id"), str) else None
            try:
                refuse_read_only(self)  # editable=False holds in Python, whatever the page sends
                check_page_text(content.get("op"))
                self._check_view_edit(content.get("op"))
                self._sync_model.apply(content.get("op"), origin="view", edit_id=edit_id)
            except (EditError, SchemaError) as exc:
                self._refuse(edit_id, str(exc))
            except Exception as exc:  # a message nobody foresaw: refuse it, never leave the view waiting
                log.exception("%s could not apply an edit from the page", type(self).__name__)
                self._refuse(edit_id, f"this edit could not be applied ({type(exc).__name__}: {exc})")
        elif kind == "hello":
            self._welcome(content.get("rev"))
        elif kind == "set_trait" and content.get("name") in self._view_traits:
            try:
                check_page_text(content.get("value"), f"set_trait {content['name']}")
                setattr(self, content["name"], content.get("value"))
            except (traitlets.TraitError, SchemaError, EditError) as exc:
                self._refuse(None, str(exc))
                self.send_state(content["name"])  # the page's copy goes back to Python's value
        elif kind == "set_trait":  # not on the allow-list (page_state.py): refused and rolled back
            name = content.get("name")
            self._refuse(None, f"the page may not set {name!r}; only Python does")
            if isinstance(name, str) and name in self.keys:
                self.send_state(name)
        else:
            self._refuse(None, f"unknown message type {kind!r}")

    def _welcome(self, rev: Any) -> None:
        """Answer a view's ``hello``: a ``reset`` first when it is behind (a host that replays only state)."""
        self._greeted = True
        current = self._sync_model.revision
        if type(rev) is not int or rev != current:
            self.send({"type": "reset", "rev": current, **self._reset_tables()})
        # echo: the host re-runs cells only when a view writes state; the view then saves `_rev` after its edits.
        self.send({"type": "welcome", "rev": current, "echo": host_reruns_on_state()})

    def _refuse(self, edit_id: str | None, message: str) -> None:
        if len(message) > MAX_REPLY_CHARS:  # an error may quote the page's value (traitlets does): not all of it
            message = message[:MAX_REPLY_CHARS] + "…"
        log.warning("%s refused an edit from the page: %s", type(self).__name__, message)
        self.send({"type": "reject", "edit_id": edit_id, "rev": self._sync_model.revision, "message": message})
