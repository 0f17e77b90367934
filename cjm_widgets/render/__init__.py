"""Maps outside the live notebook: static fallback, offline HTML files, nbconvert reports.

- :func:`static_html` — script-free semantic HTML of a journey (table + emotion curve SVG);
  every cjm widget output carries it as ``text/html`` with the journey's data under
  :data:`JOURNEY_MIME`.
- :func:`journeys_in_notebook` — rebuild the Journeys shown in a notebook file.
- ``Journey.to_html(path)`` / ``JourneyMap.to_html(path)`` — one self-contained offline page.
- ``jupyter nbconvert --to cjm-report`` — see ``cjm_widgets.render.exporter``.
"""

from __future__ import annotations

from .mimebundle import JOURNEY_MIME, StaticRepr, static_bundle, with_static
from .notebook import journeys_in_notebook

# Imported for its side effect too: it registers ``Journey.to_html``'s writer (model/writers.py),
# which must work after a plain ``import cjm_widgets``, before any widget is loaded.
from .standalone import write_html
from .static_html import static_html

__all__ = [
    "JOURNEY_MIME",
    "StaticRepr",
    "journeys_in_notebook",
    "static_bundle",
    "static_html",
    "with_static",
    "write_html",
]
