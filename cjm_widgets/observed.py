"""Revisions and observers: what every editable model (Journey, EmpathyNotes) shares with its widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .edits import Update

__all__ = ["Observed"]


class Observed:
    """A model whose changes are counted (``revision``) and announced to observers as :class:`Update`."""

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
        """Call ``fn(update)`` after every change (widgets use this to stay in step)."""
        if remove:
            self._observers.remove(fn)
        elif fn not in self._observers:
            self._observers.append(fn)

    def _notify(
        self,
        ops: list[dict[str, Any]] | None,
        changes: list[dict[str, Any]],
        origin: str = "python",
        inverse: dict[str, Any] | None = None,
        edit_id: str | None = None,
        tables: tuple[str, ...] = ("touchpoints",),
    ) -> Update:
        self._revision += 1
        update = Update(self._revision, origin, ops, changes, inverse, edit_id, tables)
        for fn in list(self._observers):
            fn(update)
        return update
