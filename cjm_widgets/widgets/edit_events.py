"""What ``on_edit`` callbacks receive, and the dispatcher that calls them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..sync.observed import Update

__all__ = ["Edit", "EditDispatcher"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Edit:
    """One applied change to a map.

    ``kind`` is set, insert, delete, move, add_stage, rename_stage, delete_stage,
    move_stage, reset (a Python-side change too large to describe cell by cell), personas,
    or title, kind, notes, actions (set on the Journey);
    ``id`` the touchpoint's row id (None for stage changes); ``column`` the cell's
    column; ``old``/``new`` the values before and after (a row dict for insert and
    delete); ``origin`` "view" (made in the page) or "python"; ``revision`` the
    journey's revision after the change.
    """

    kind: str
    id: str | None
    column: str | None
    old: Any
    new: Any
    origin: str
    revision: int


class EditDispatcher:
    """Calls every registered callback once per change; one failing callback doesn't stop the rest."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[Edit], Any]] = []

    def register(self, callback: Callable[[Edit], Any], remove: bool = False) -> None:
        if remove:
            self._callbacks.remove(callback)
        elif callback not in self._callbacks:
            self._callbacks.append(callback)

    def dispatch(self, update: Update) -> None:
        for change in update.changes:
            edit = Edit(origin=update.origin, revision=update.revision, **change)
            for callback in list(self._callbacks):
                try:
                    callback(edit)
                except Exception:  # a user's callback must not break the sync
                    log.exception("an on_edit callback failed for %s", edit)
