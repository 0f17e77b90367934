"""cjm_widgets: customer journey maps in Jupyter, two-way bound to pandas DataFrames.

The data model (:class:`Journey`, templates, file formats, offline rendering)
imports without ipywidgets; the widgets, charts, classroom tools and event-log
analytics are loaded on first use, which keeps ``import cjm_widgets`` fast and
usable in plain Python. docs/architecture.md maps the parts.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# io/ and render/ register the Journey's file writers as they are imported (see model/writers.py).
from . import render, templates
from .errors import AutosaveConflict, EditError, FormatError, FormatWarning, SchemaError
from .io.cjm_json import loads
from .io.cjml_compliance import compliance_markers, show_compliance
from .io.files import load, read_cjml, read_cjml_all, read_csv, read_excel, read_mermaid
from .io.limits import Limits
from .model.journey import Journey

if TYPE_CHECKING:
    from . import datasets
    from .about import show_versions
    from .analytics.conformance import conformance
    from .analytics.conformance_markers import conformance_markers, show_conformance
    from .analytics.journey_from_events import from_events
    from .analytics.transitions import flows, top_flows, transitions
    from .charts import EmotionCurve, JourneyBoard, MetricsPanel, PriorityMatrix
    from .classroom.checks import check
    from .classroom.compare import compare_journeys
    from .classroom.exercise import exercise_notebook
    from .insights import action_plan, peak_end, stage_summary
    from .widgets.compare_view import compare
    from .widgets.empathy_map import EmpathyMap
    from .widgets.flow_view import FlowView
    from .widgets.journey_map import JourneyMap
    from .widgets.persona_card import PersonaCard

__version__ = "0.1.0"
__all__ = [
    "AutosaveConflict",
    "EditError",
    "EmotionCurve",
    "EmpathyMap",
    "FlowView",
    "FormatError",
    "FormatWarning",
    "Journey",
    "JourneyBoard",
    "JourneyMap",
    "Limits",
    "MetricsPanel",
    "PersonaCard",
    "PriorityMatrix",
    "SchemaError",
    "__version__",
    "action_plan",
    "check",
    "compare",
    "compare_journeys",
    "compliance_markers",
    "conformance",
    "conformance_markers",
    "datasets",
    "exercise_notebook",
    "flows",
    "from_events",
    "load",
    "loads",
    "peak_end",
    "read_cjml",
    "read_cjml_all",
    "read_csv",
    "read_excel",
    "read_mermaid",
    "render",
    "show_compliance",
    "show_conformance",
    "show_versions",
    "stage_summary",
    "templates",
    "top_flows",
    "transitions",
]

# Public widget name -> module that defines it (imported lazily).
_WIDGETS = {
    "JourneyMap": ".widgets.journey_map",
    "EmpathyMap": ".widgets.empathy_map",
    "PersonaCard": ".widgets.persona_card",
    # bqplot charts bound to a map (cjm_widgets/charts/)
    "EmotionCurve": ".charts.emotion_curve",
    "MetricsPanel": ".charts.metrics_panel",
    "PriorityMatrix": ".charts.priority_matrix",
    "JourneyBoard": ".charts.board",
    # Sankey-style flows of an event log, linked to a map
    "FlowView": ".widgets.flow_view",
}
# Classroom tools (pandas only, no widgets needed until a map is passed).
_CLASSROOM = {
    "check": ".classroom.checks",
    "compare_journeys": ".classroom.compare",
    "compare": ".widgets.compare_view",
    "exercise_notebook": ".classroom.exercise",
}
# Event-log analytics (they import narwhals; engines like polars only for inputs of that type).
_ANALYTICS = {
    "from_events": ".analytics.journey_from_events",
    "transitions": ".analytics.transitions",
    "flows": ".analytics.transitions",
    "top_flows": ".analytics.transitions",
    "conformance": ".analytics.conformance",
    "conformance_markers": ".analytics.conformance_markers",
    "show_conformance": ".analytics.conformance_markers",
    # Analysis helpers over a journey (plain pandas)
    "peak_end": ".insights.peak_end",
    "stage_summary": ".insights.stage_summary",
    "action_plan": ".insights.action_plan",
}


def __getattr__(name: str) -> Any:
    if name in _WIDGETS:
        return getattr(import_module(_WIDGETS[name], __name__), name)
    if name in _ANALYTICS:
        return getattr(import_module(_ANALYTICS[name], __name__), name)
    if name in _CLASSROOM:
        return getattr(import_module(_CLASSROOM[name], __name__), name)
    if name == "show_versions":  # (what is installed: versions, analytics pass, engines, front end)
        return getattr(import_module(".about", __name__), name)
    if name == "datasets":
        return import_module(".datasets", __name__)
    raise AttributeError(f"module 'cjm_widgets' has no attribute {name!r}")


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext cjm_widgets``: registers the ``%%journey`` cell magic (see :mod:`cjm_widgets.magics`)."""
    # Imported here: the magic pulls in the widgets, which plain ``import cjm_widgets`` must not.
    from .magics import load_ipython_extension as load

    load(ipython)


def __dir__() -> list[str]:
    return sorted(__all__)
