"""Open any journey file by its extension: :func:`load`.

=====================================  ==========================================
extension                              reader
=====================================  ==========================================
``.cjm.json``, ``.json``               :func:`cjm_widgets.io.cjm_json.load` (lossless)
``.csv``                               :func:`read_csv` (wide or long layout, detected)
``.xlsx``, ``.xlsm``                   :func:`read_excel` (first sheet, layout detected)
``.mmd``, ``.mermaid``                 :func:`read_mermaid`
``.cjml``, ``.xml``                    :func:`read_cjml`
=====================================  ==========================================

Every reader refuses a malformed or hostile file with a :class:`FormatError`
naming the file (and the line, row or cell where it can), and changes nothing.
Its work is bounded by :class:`~cjm_widgets.io.limits.Limits`; ``limits=``
raises them for a big file that is trusted.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from typing import Any

from ..errors import FormatError
from ..model.journey import Journey
from . import cjm_json
from .cjml import read_cjml, read_cjml_all
from .limits import Limits, over_limit
from .mermaid import read_mermaid
from .spreadsheet import read_csv, read_excel

__all__ = ["READERS", "load", "read_cjml", "read_cjml_all", "read_csv", "read_excel", "read_mermaid"]

READERS: dict[str, Callable[..., Journey]] = {
    ".cjm.json": cjm_json.load,
    ".json": cjm_json.load,
    ".csv": read_csv,
    ".xlsx": read_excel,
    ".xlsm": read_excel,
    ".mmd": read_mermaid,
    ".mermaid": read_mermaid,
    ".cjml": read_cjml,
    ".xml": read_cjml,
}


def load(path: str | os.PathLike[str], *, limits: Limits | None = None, **kwargs: Any) -> Journey:
    """Read a journey from a file, choosing the reader by the file's extension (see the module doc).

    ``limits`` (a :class:`~cjm_widgets.io.limits.Limits`) bounds the work the
    file may ask for; keyword arguments go to that reader (e.g. ``layout="wide"`` for CSV).
    A keyword the reader does not take is a :class:`TypeError` saying which readers take it
    (``columns=`` renames a table's header: only CSV and Excel files have one).
    """
    name = os.fspath(path).lower()
    for extension, reader in READERS.items():
        if name.endswith(extension):
            if not os.path.exists(path):
                raise FileNotFoundError(f"{os.fspath(path)}: no such file")
            _check_keywords(os.fspath(path), reader, kwargs)
            if limits is not None:
                if "limits" in inspect.signature(reader).parameters:
                    kwargs["limits"] = limits
                elif os.path.getsize(path) > limits.max_file_bytes:  # a reader with limits of its own
                    raise over_limit(os.fspath(path), "bytes", os.path.getsize(path), "max_file_bytes", limits)
            return reader(path, **kwargs)
    known = ", ".join(READERS)
    raise FormatError(f"{os.fspath(path)}: unknown file type; cjm_widgets reads {known}")


def _check_keywords(source: str, reader: Callable[..., Journey], kwargs: dict[str, Any]) -> None:
    """Refuse a keyword ``reader`` does not take, naming the extensions whose readers do."""
    taken = inspect.signature(reader).parameters
    if any(item.kind is inspect.Parameter.VAR_KEYWORD for item in taken.values()):
        return  # a reader taking **kwargs checks them itself
    for name in kwargs:
        if name in taken:
            continue
        takers = [ext for ext, other in READERS.items() if name in inspect.signature(other).parameters]
        which = f"only {', '.join(takers)} files take it" if takers else "no reader takes it"
        own = ", ".join(f"{p}=" for p, item in taken.items() if item.kind is inspect.Parameter.KEYWORD_ONLY)
        raise TypeError(f"{source}: {name}= is not an option of {reader.__name__} ({which}); it takes {own or 'none'}")
