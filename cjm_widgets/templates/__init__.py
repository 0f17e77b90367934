"""Built-in journeys drawn from the founding material, shipped as ``.cjm.json`` data files.

>>> import cjm_widgets as cjm
>>> cjm.templates.names()[:2]
['colleen-vacuum', 'digital-5-fashion-ecommerce']
>>> j = cjm.templates.load("colleen-vacuum")
"""

from __future__ import annotations

import difflib
from importlib import resources

from ..io.cjm_json import loads
from ..model.journey import Journey

__all__ = ["load", "names"]

_SUFFIX = ".cjm.json"


def _files() -> dict[str, resources.abc.Traversable]:
    folder = resources.files(__name__) / "data"
    return {f.name[: -len(_SUFFIX)]: f for f in folder.iterdir() if f.name.endswith(_SUFFIX)}


def names() -> list[str]:
    """Names of the built-in templates, sorted."""
    return sorted(_files())


def load(name: str, variant: str | None = None) -> Journey:
    """Load a built-in template as a new, independent Journey.

    ``load("digital-5", variant="fitness-app")`` and ``load("digital-5-fitness-app")``
    are the same template. An unknown name raises ``LookupError`` listing the names.
    """
    key = f"{name}-{variant}" if variant else name
    files = _files()
    if key not in files:
        close = difflib.get_close_matches(key, list(files), n=3)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise LookupError(f"no template named {key!r}.{hint} Available: {', '.join(sorted(files))}")
    return loads(files[key].read_bytes(), source=f"template {key!r}")
