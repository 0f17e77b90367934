"""The static part of every cjm widget's output: semantic HTML and the journey's data.

A notebook output of a cjm widget carries, next to the widget view, a
``text/html`` fallback (see :mod:`.static_html`) and the journey's
``.cjm.json`` document under :data:`JOURNEY_MIME`, so a notebook file alone
is enough to show (and rebuild) the map where no widget runtime runs.

Outputs are captured when the cell runs: the fallback and the data are the
display-time snapshot. The widget's saved state (notebook metadata
``widgets``) is the live source and reflects later edits; the cjm-report
exporter and :func:`~cjm_widgets.render.journeys_in_notebook` prefer it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..io.cjm_json import journey_to_dict
from ..model.journey import Journey
from .static_html import static_html

__all__ = ["JOURNEY_MIME", "WIDGET_VIEW_MIME", "StaticRepr", "static_bundle", "with_static"]

JOURNEY_MIME = "application/vnd.cjm.journey+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def static_bundle(
    journey: Journey, lanes: Sequence[str] | None = None, markers: Sequence[Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """The mime data a notebook keeps for ``journey``: ``text/html`` and :data:`JOURNEY_MIME`."""
    return {"text/html": static_html(journey, lanes, markers=markers), JOURNEY_MIME: journey_to_dict(journey)}


def with_static(
    bundle: Any,
    journey: Journey,
    lanes: Sequence[str] | None = None,
    markers: Sequence[Mapping[str, Any]] | None = None,
    view: str = "JourneyMap",
) -> Any:
    """Add the static representation to a widget's mime bundle, widget view first.

    ``bundle`` is what the widget's ``_repr_mimebundle_`` returned: a data dict
    (ipywidgets), a ``(data, metadata)`` pair (anywidget), or None when the
    widget has no view. Returns ``(data, metadata)``; the metadata of
    :data:`JOURNEY_MIME` records the journey's revision, so a reader can tell
    which of several snapshots of one map (or its saved widget state) is newest,
    and ``view``, the widget class (reports redraw ``JourneyMap`` outputs only).
    Front ends pick the richest mime type they can render, so the live widget
    still wins wherever a widget manager runs.
    """
    data, metadata = bundle if isinstance(bundle, tuple) and len(bundle) == 2 else (bundle, {})
    if not isinstance(data, dict):
        return bundle
    merged = {k: v for k, v in data.items() if k == WIDGET_VIEW_MIME}
    merged.update(static_bundle(journey, lanes, markers))
    merged.update({k: v for k, v in data.items() if k not in merged})
    return merged, {**(metadata or {}), JOURNEY_MIME: {"revision": journey.revision, "view": view}}


class StaticRepr:
    """Mixin for cjm widgets: their outputs also carry the static map of ``self.journey``.

    Put it before the widget base class; the widget must have a ``journey``
    (property or attribute) and may have ``lanes`` and ``markers`` traits.
    """

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        journey: Journey = self.journey  # type: ignore[attr-defined]
        lanes, markers = getattr(self, "lanes", None), getattr(self, "markers", None)
        return with_static(bundle, journey, lanes, markers, type(self).__name__)
