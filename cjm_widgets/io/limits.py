"""How much work a journey file may ask for: :class:`Limits`, checked before anything is allocated.

Every reader (``cjm.load``, ``read_csv``, ``read_excel``, ``read_mermaid``,
``read_cjml``, ``read_cjml_all``, the ``.cjm.json`` reader, the ``%%journey``
outline) takes ``limits=``. The defaults are far
above any real map (a big map has a few hundred touchpoints and a dozen lanes)
and far below what takes a machine down; a caller with a bigger file raises
the one limit it needs::

    cjm.load("huge.csv", limits=cjm.Limits(max_rows=1_000_000))

A file over a limit gets a :class:`FormatError` naming the file, the place
(line, row, cell or key) and the limit; its message is short whatever the
file holds, and nothing was built or changed.

This module also holds the one check of text at the edge: control characters
(other than tab, line feed and carriage return) and lone surrogates are
refused by every reader and writer of :mod:`cjm_widgets.io` that uses
:func:`check_text`, because they break other tools' files or cannot be
encoded at all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from ..errors import FormatError
from .atomic import read_limited

__all__ = [
    "BAD_CHARACTER",
    "DEFAULT_LIMITS",
    "GridBudget",
    "Limits",
    "check_characters",
    "check_frames_text",
    "check_text",
    "clip",
    "column_letters",
    "file_error",
    "over_limit",
    "read_bounded",
    "shorten",
]

_MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The most work one journey file may ask for; pass a raised copy as ``limits=`` to read a bigger one.

    ========================  ============  ===================================================
    field                     default       what it bounds
    ========================  ============  ===================================================
    ``max_file_bytes``        64 MiB        the file's size, checked before it is read
    ``max_unpacked_bytes``    256 MiB       what an ``.xlsx`` (a zip) unpacks to
    ``max_rows``              100,000       rows of a table (CSV or sheet rows, table rows)
    ``max_columns``           1,000         columns of a table (cells in one CSV/sheet row)
    ``max_cells``             2,000,000     cells of one file, all tables together
    ``max_cell_chars``        100,000       characters of one cell or text value
    ``max_line_chars``        10,000        characters of one ``%%journey`` outline or Mermaid line
    ``max_dtype_chars``       64            characters of a dtype name in a ``.cjm.json`` table
    ========================  ============  ===================================================
    """

    max_file_bytes: int = 64 * _MIB
    max_unpacked_bytes: int = 256 * _MIB
    max_rows: int = 100_000
    max_columns: int = 1_000
    max_cells: int = 2_000_000
    max_cell_chars: int = 100_000
    max_line_chars: int = 10_000
    max_dtype_chars: int = 64

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Limits.{item.name} must be a positive integer, got {value!r}")


DEFAULT_LIMITS = Limits()


def over_limit(where: str, what: str, count: int, field: str, limits: Limits) -> FormatError:
    """The error for ``count`` of ``what`` at ``where``, over ``limits.<field>``; says how to raise it."""
    limit = getattr(limits, field)
    return FormatError(
        f"{shorten(where)}: {count:,} {what} is over the limit of {limit:,} "
        f"(read it with limits=cjm.Limits({field}=...) if the file is trusted)"
    )


def read_bounded(path: str | os.PathLike[str], limits: Limits, what: str) -> bytes:
    """The bytes of the file at ``path``, refused (saying how to raise the limit) when over ``max_file_bytes``."""
    size = os.path.getsize(path)
    if size > limits.max_file_bytes:
        raise over_limit(os.fspath(path), "bytes", size, "max_file_bytes", limits)
    return read_limited(path, limits.max_file_bytes, what)


def clip(value: Any, size: int = 60) -> str:
    """``repr(value)``, cut to about ``size`` characters, so a message stays short whatever a file holds."""
    if isinstance(value, str) and len(value) > size:
        return f"{value[:size]!r}... ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= size else text[:size] + "..."


def file_error(source: str, exc: Exception) -> FormatError:
    """A :class:`FormatError` for ``source`` carrying ``exc``'s message, cut short (a schema error lists columns)."""
    return FormatError(f"{shorten(source)}: {shorten(str(exc), 1000)}")


def shorten(text: str, size: int = 300) -> str:
    """``text`` as it is, cut to ``size`` characters (for names a message shows unquoted)."""
    return text if len(text) <= size else text[:size] + "..."


# C0 controls but tab, LF and CR; DEL; lone surrogates (which UTF-8 cannot encode).
BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def check_text(value: str, where: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse text too long for one cell, or holding a control character or a lone surrogate."""
    if len(value) > limits.max_cell_chars:
        raise over_limit(where, "characters", len(value), "max_cell_chars", limits)
    check_characters(value, where)


def check_characters(value: str, where: str) -> None:
    """Refuse text holding a control character (but tab, LF, CR) or a lone surrogate; the error names both."""
    bad = BAD_CHARACTER.search(value)
    if bad:
        kind = "a lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else "a control character"
        raise FormatError(
            f"{shorten(where)}: {clip(value)} holds {kind} (U+{ord(bad.group()):04X}) at character {bad.start()}; "
            "remove it"
        )


def column_letters(index: int) -> str:
    """Spreadsheet column letters (0 -> A), so messages point where a person looks."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


class GridBudget:
    """Counts a grid's rows and cells as a reader streams them in; the first one over a limit is refused.

    Each row is checked as soon as it is parsed, before it joins the grid, so
    a reader never holds more than the limits allow (plus the one row).
    """

    def __init__(self, source: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.source, self.limits = source, limits
        self.rows = self.cells = 0

    def add(self, row: Sequence[Any], *, characters: bool = True, number: int | None = None) -> None:
        """Count one row (``number`` in the file, else the count so far); check its text cells when ``characters``."""
        self.rows += 1
        where = f"{self.source}: row {number or self.rows:,}"
        if self.rows > self.limits.max_rows:
            raise over_limit(where, "rows", self.rows, "max_rows", self.limits)
        if len(row) > self.limits.max_columns:
            raise over_limit(where, "cells in one row", len(row), "max_columns", self.limits)
        self.cells += len(row)
        if self.cells > self.limits.max_cells:
            raise over_limit(where, "cells", self.cells, "max_cells", self.limits)
        longest = self.limits.max_cell_chars
        for column, value in enumerate(row):
            if isinstance(value, str) and (characters or len(value) > longest):
                check_text(value, f"{where}, column {column_letters(column)}", self.limits)


def check_frames_text(tables: Mapping[str, pd.DataFrame], texts: Mapping[str, Any]) -> None:
    """Refuse a control character or lone surrogate anywhere in a journey about to be written.

    ``texts`` are single values (title, notes); each table's text cells and
    column names are looked at, and the error names the table, column and row.
    """
    for key, value in texts.items():
        if isinstance(value, str):
            check_characters(value, key)
    for name, frame in tables.items():
        for label in frame.columns:
            if isinstance(label, str):
                check_characters(label, f"{name} column name")
            series = frame[label]
            if series.dtype.kind in "biufcMm":
                continue
            values = series.tolist()
            # One search over the column joined (autosave writes the whole map after every edit);
            # only a column holding a bad character is walked to name the row.
            if not BAD_CHARACTER.search("\n".join(v for v in values if isinstance(v, str))):
                continue
            for position, value in enumerate(values):
                if isinstance(value, str) and BAD_CHARACTER.search(value):
                    check_characters(value, f"{name} column {clip(label)}, row {position}")
