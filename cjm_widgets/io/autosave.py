"""Autosave: keep a ``.cjm.json`` file in step with a Journey, one atomic write per applied change.

Every change the Journey applies (an edit from the page, ``m.edit()``, an
assignment) is written at once, synchronously, with :func:`cjm_json.save`'s
temp-file-and-rename. Writing at once (rather than on a timer) means the last
edit is on disk before the kernel answers the page, so a kernel restart or a
crash never loses it; a 1,000-touchpoint map takes a few milliseconds to write
(``benchmarks/bench_autosave.py`` measures it).

A write that fails (disk full, folder removed, no permission) leaves the map
as it is, and is reported through ``on_error`` and :attr:`Autosave.error`; the
next change tries again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import AutosaveConflict, FormatError
from ..model.journey import Journey
from .cjm_json import load, save

__all__ = ["Autosave"]


class Autosave:
    """Write ``journey`` to ``path`` now and after every change it applies.

    Parameters
    ----------
    journey:
        The Journey to keep on disk.
    path:
        The ``.cjm.json`` file.
    overwrite:
        When the file exists and holds a *different* map: False (default)
        raises :class:`AutosaveConflict` and leaves the file alone; True
        replaces it. A file holding this very map is simply kept in step.
    on_error:
        Called with a message when a write fails (the map keeps its state).
    """

    def __init__(
        self,
        journey: Journey,
        path: str | os.PathLike[str],
        *,
        overwrite: bool = False,
        on_error: Callable[[str | None], Any] | None = None,
    ) -> None:
        self.journey = journey
        self.path = Path(path)
        self.error: str | None = None
        self._on_error = on_error
        if not overwrite and self.path.exists() and not _holds(self.path, journey):
            raise AutosaveConflict(
                f"{self.path} already holds a different journey map, and autosave would overwrite it. "
                f"To continue from the file: cjm.JourneyMap.from_file({str(self.path)!r}). "
                f"To replace it with this map: autosave={str(self.path)!r}, overwrite=True. "
                "Or pick another file name."
            )
        self.save_now()
        journey.observe(self._changed)

    def save_now(self) -> bool:
        """Write the journey now; True when it was written (see :attr:`error` otherwise)."""
        try:
            save(self.journey, self.path)
        except (OSError, FormatError) as exc:
            self._report(f"Autosave to {self.path} failed: {exc}. The map is unchanged; the next edit tries again.")
            return False
        if self.error is not None:
            self._report(None)
        return True

    def close(self) -> None:
        """Stop following the journey (the file stays)."""
        self.journey.observe(self._changed, remove=True)

    def _changed(self, _update: Any) -> None:
        self.save_now()

    def _report(self, message: str | None) -> None:
        self.error = message
        if self._on_error is not None:
            self._on_error(message)

    def __repr__(self) -> str:
        return f"Autosave({str(self.path)!r})"


def _holds(path: Path, journey: Journey) -> bool:
    """Whether the file already holds this journey (same data, dtypes and metadata)."""
    try:
        return load(path).equals(journey)
    except (OSError, FormatError):
        return False  # unreadable or not a journey: a different file, never silently replaced
