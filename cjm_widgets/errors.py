"""The one exception type raised for bad journey data."""

from __future__ import annotations

from typing import Any

__all__ = ["SchemaError"]


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
