"""Every exception cjm_widgets raises on purpose, in one place.

All are ``ValueError`` subclasses (``AutosaveConflict`` is a ``FileExistsError``), so
code that catches the built-in kinds keeps working; each message says what is wrong,
where, and how to fix it.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AutosaveConflict",
    "EditError",
    "FormatError",
    "FormatWarning",
    "LockedError",
    "OutlineError",
    "SchemaError",
]


class SchemaError(ValueError):
    """Journey data that does not fit the schema.

    The message names the table, the column, the row (id and position) and the
    offending value, and says how to fix it. The same facts are kept as
    attributes so callers (and the widgets, which show them to users) need not
    parse the message.
    """

    def __init__(
        self,
        problem: str,
        *,
        table: str = "touchpoints",
        column: str | None = None,
        row: Any = None,
        position: int | None = None,
        value: Any = None,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.table = table
        self.column = column
        self.row = row
        self.position = position
        self.value = value
        self.fix = fix
        super().__init__(self._message())

    def _message(self) -> str:
        where = [self.table]
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.row is not None and self.position is not None:
            where.append(f"row id {self.row!r} (position {self.position})")
        elif self.row is not None:
            where.append(f"row id {self.row!r}")
        elif self.position is not None:
            where.append(f"row at position {self.position}")
        text = f"{', '.join(where)}: {self.problem}"
        if self.fix:
            text += f". {self.fix}"
        return text


class FormatError(ValueError):
    """A journey file (or one table in it) that cannot be read or written.

    Raised by ``cjm.load``, ``cjm.loads`` and the ``read_*`` functions, and by a
    writer given a value its format cannot hold. The message names the file (or
    table), the place in it (line, cell or key) and why; nothing was changed.
    """


class FormatWarning(UserWarning):
    """A journey file read with something its format holds but a journey cannot, or holds oddly.

    Issued (``warnings.warn``) by the readers, e.g. a Mermaid score outside 1-5 (mapped to the
    nearest end of the scale), a section named twice, or a CJML file holding several journeys
    when one was read. The message names the file and the line or element; the journey was read.
    """


class EditError(ValueError):
    """An edit op that cannot apply: malformed, of an unknown kind, or naming a row or stage that is gone.

    Raised by ``Journey.apply`` (and answered to the page as a ``reject``); the
    journey is left exactly as it was.
    """


class LockedError(EditError):
    """An edit from the page that would change a locked lane or stage (``JourneyMap(locked=...)``)."""


class AutosaveConflict(FileExistsError):
    """The autosave file already holds a different map; nothing was written.

    Continue from the file with ``JourneyMap.from_file(path)``, or replace it
    with ``overwrite=True``.
    """


class OutlineError(ValueError):
    """A ``%%journey`` outline line that cannot be read; names the line number and text and how to fix it."""

    def __init__(self, line: int, text: str, problem: str, fix: str) -> None:
        self.line, self.text, self.problem, self.fix = line, text, problem, fix
        shown = text.strip()
        shown = repr(shown) if len(shown) <= 80 else f"{shown[:80]!r}..."  # a message stays short
        super().__init__(f"line {line} ({shown}): {problem[:500]}. {fix[:500]}")
