"""cjm_widgets: customer journey maps in Jupyter, two-way bound to pandas DataFrames.

The data model (:class:`Journey`, templates, file formats) imports without
ipywidgets; the widgets are loaded on first use, which keeps ``import
cjm_widgets`` fast and usable in plain Python.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import templates
from .errors import SchemaError
from .io.cjm_json import FormatError, load, loads
from .journey import Journey

if TYPE_CHECKING:
    from .widgets.journey_map import JourneyMap

__version__ = "0.1.0"
__all__ = ["FormatError", "Journey", "JourneyMap", "SchemaError", "__version__", "load", "loads", "templates"]

# Public widget name -> module that defines it (imported lazily).
_WIDGETS = {"JourneyMap": ".widgets.journey_map"}


def __getattr__(name: str) -> Any:
    if name in _WIDGETS:
        return getattr(import_module(_WIDGETS[name], __name__), name)
    raise AttributeError(f"module 'cjm_widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
