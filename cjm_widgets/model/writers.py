"""Where a Journey's ``save``, ``copy`` and ``to_*`` methods find the code for each file format.

:mod:`cjm_widgets.io` and :mod:`cjm_widgets.render` read files into Journeys, so
they import this package; it must not import them back. Each registers its
functions here as it is imported (``cjm_widgets/__init__`` imports both), and
the Journey's methods look them up by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["FORMATS", "lookup", "register"]

F = TypeVar("F", bound=Callable[..., Any])

# name -> what the registered function does (and so what a Journey method expects of it)
FORMATS = {
    "cjm.json": "write a .cjm.json file: (journey, path) -> None",
    "dict": "the .cjm.json format as a dict: (journey) -> dict",
    "from dict": "a Journey from that dict: (dict) -> Journey",
    "html": "write a self-contained offline page: (journey, path, lanes) -> Path",
    "csv": "write a CSV file: (journey, path, layout) -> None",
    "excel": "write an .xlsx workbook: (journey, path, layout) -> None",
    "mermaid": "write a Mermaid journey diagram: (journey, path) -> None",
    "mermaid text": "the Mermaid diagram: (journey) -> str",
    "cjml": "write CJML 2.0: (journey, path, journey_type) -> None",
    "cjml text": "the CJML 2.0 text: (journey, journey_type) -> str",
}
_registered: dict[str, Callable[..., Any]] = {}


def register(name: str) -> Callable[[F], F]:
    """Decorator: ``fn`` is the function for format ``name`` (one of :data:`FORMATS`)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; known: {', '.join(FORMATS)}")

    def add(fn: F) -> F:
        _registered[name] = fn
        return fn

    return add


def lookup(name: str) -> Callable[..., Any]:
    """The function registered for ``name``."""
    try:
        return _registered[name]
    except KeyError:
        raise RuntimeError(
            f"no function for {name!r} is registered; import cjm_widgets (its io and render parts register them)"
        ) from None
