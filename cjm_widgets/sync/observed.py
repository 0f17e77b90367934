"""Revisions and observers: what every editable model (Journey, EmpathyNotes) shares with its widgets."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .ops import Op

__all__ = ["Observed", "Update"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Update:
    """What a journey tells its observers after a change.

    ``ops`` are the patch ops as applied (None: the change was structural and
    views should reset from the tables); ``inverse`` undoes a view's edit.
    """

    revision: int
    origin: str  # "view" or "python"
    ops: list[Op] | None
    changes: list[dict[str, Any]]
    inverse: Op | None = None
    edit_id: str | None = None
    tables: tuple[str, ...] = ("touchpoints",)


class Observed:
    """A model whose changes are counted (``revision``) and announced to observers as :class:`Update`.

    Observers are isolated: one that raises is logged and the others (views,
    autosave, ``on_edit``) still hear of the change, which stays applied.
    """

    _revision: int
    _observers: list[Callable[[Update], None]]

    def _start_observing(self) -> None:
        self._revision = 0
        self._observers = []

    @property
    def revision(self) -> int:
        """Bumped once per applied change; views use it to order edits."""
        return self._revision

    def observe(self, fn: Callable[[Update], None], remove: bool = False) -> None:
        """Call ``fn(update)`` after every change (widgets use this to stay in step); ``remove=True`` stops it."""
        if remove:  # removing one that is not there is fine: closing twice is harmless
            if fn in self._observers:
                self._observers.remove(fn)
        elif fn not in self._observers:
            self._observers.append(fn)

    def _notify(
        self,
        ops: list[Op] | None,
        changes: list[dict[str, Any]],
        origin: str = "python",
        inverse: Op | None = None,
        edit_id: str | None = None,
        tables: tuple[str, ...] = ("touchpoints",),
    ) -> Update:
        self._revision += 1
        update = Update(self._revision, origin, ops, changes, inverse, edit_id, tables)
        for fn in list(self._observers):
            try:
                fn(update)
            except Exception:  # the change is applied: one failing observer must not cost the others it
                log.exception(
                    "an observer of %s failed after revision %d; the change stands",
                    type(self).__name__,
                    update.revision,
                )
        return update
