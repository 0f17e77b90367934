"""The ``%%journey`` cell magic: ``%load_ext cjm_widgets``, then write a map as an outline.

::

    %%journey bike
    title: Buying a bike
    # Awareness
    - Sees an ad; channel: Instagram; emotion: 1
    # Purchase
    - Pays online
      pain point: Card refused

The cell's value is the :class:`~cjm_widgets.JourneyMap` (so the notebook shows
it and ``_`` holds it); an optional name after ``%%journey`` also stores the map
in that variable. The outline format is described in :mod:`cjm_widgets.io.outline`.
"""

from __future__ import annotations

from typing import Any

from IPython.core.error import UsageError

from .errors import FormatError, OutlineError
from .io.outline import journey_from_outline
from .widgets.journey_map import JourneyMap

__all__ = ["journey_magic", "load_ipython_extension"]


def journey_magic(line: str, cell: str, namespace: dict[str, Any] | None = None) -> JourneyMap:
    """Build the map of an outline cell; ``line`` may name a variable to store it in."""
    name = line.strip()
    if name and not name.isidentifier():
        raise UsageError(f"%%journey takes an optional variable name, got {name!r}; e.g. '%%journey my_map'")
    try:
        journey = journey_from_outline(cell)
    except OutlineError as exc:
        # A UsageError shows its message without a traceback: students see the line to fix.
        raise UsageError(f"%%journey outline, {exc}") from None
    except FormatError as exc:  # over a limit, or a control character; the message names the line
        raise UsageError(str(exc)) from None
    widget = JourneyMap(journey)
    if name and namespace is not None:
        namespace[name] = widget
    return widget


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%journey`` (called by ``%load_ext cjm_widgets``)."""

    def journey(line: str, cell: str) -> JourneyMap:
        return journey_magic(line, cell, ipython.user_ns)

    journey.__doc__ = journey_magic.__doc__
    ipython.register_magic_function(journey, magic_kind="cell", magic_name="journey")
