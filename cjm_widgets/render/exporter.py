"""``jupyter nbconvert --to cjm-report``: one self-contained, offline HTML report.

Markdown, code (hidden with ``--CjmReportExporter.hide_code=True`` or
``--no-input``), outputs, and every cjm map drawn by the notebook's own
renderer from the saved widget state, or, when the notebook saved none, from
the output's cjm data (with a warning saying so: that is the map as first
displayed, without later edits). Other widgets fall back to their static
output. The renderer's JavaScript and CSS are stored once; nothing is loaded
from outside the file (the page's Content-Security-Policy forbids it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, default

from ..sync.view_state import MAP_VIEW_TRAITS, map_state, offline_state
from .mimebundle import WIDGET_VIEW_MIME
from .notebook import MapOutput, journey_of, map_outputs, maps_inside, widget_states
from .offline import CSP, map_block, renderer_tags
from .static_html import MapData, static_html

__all__ = ["CjmReportExporter", "MapsPreprocessor", "convert_maps", "state_block"]

TEMPLATES = Path(__file__).resolve().parent / "nbconvert_templates"


class CjmReportExporter(HTMLExporter):
    """nbconvert exporter of offline HTML reports with interactive cjm maps (read-only)."""

    export_from_notebook = "CJM report (offline HTML)"

    hide_code = Bool(False, help="Leave code cells' input out of the report (outputs stay).").tag(config=True)

    @default("template_name")
    def _template_name_default(self) -> str:
        return "cjm-report"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [*super()._default_extra_template_basedirs(), str(TEMPLATES)]

    @default("embed_images")
    def _embed_images_default(self) -> bool:
        return True  # markdown images inside the file: a report must not point elsewhere

    @default("default_preprocessors")
    def _default_preprocessors_default(self) -> list[Any]:
        # Ours comes after nbconvert's own, ``--execute``'s ExecutePreprocessor among them: the maps it
        # converts are the ones the run produced, with the widget state the run stored.
        inherited: list[Any] = list(HTMLExporter.class_traits()["default_preprocessors"].default() or [])
        return [*inherited, MapsPreprocessor]

    def from_notebook_node(self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any) -> Any:
        resources = dict(resources or {})
        resources["cjm_renderer"] = renderer_tags()
        resources["cjm_csp"] = CSP
        resources.setdefault("cjm_warnings", [])
        if self.hide_code:
            self.exclude_input = True
            self.exclude_input_prompt = True
        return super().from_notebook_node(nb, resources, **kw)

    def convert_maps(self, nb: Any) -> list[str]:
        """Replace every cjm map output of ``nb`` (in place) by an offline map block; returns the warnings."""
        return convert_maps(nb, self.log)


class MapsPreprocessor(Preprocessor):
    """Turns every cjm map output into an offline map block and drops other widget views.

    Runs after notebook execution (nbconvert's ``--execute``), so a report of a
    notebook executed on the fly shows the maps that run produced.
    """

    @default("enabled")
    def _enabled_default(self) -> bool:
        return True  # nbconvert's own preprocessors start disabled; this one is the exporter's reason to be

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        resources.setdefault("cjm_warnings", []).extend(convert_maps(nb, self.log))
        return nb, resources


def convert_maps(nb: Any, log: Any) -> list[str]:
    """Replace every cjm map output by an offline map block and drop other widget views.

    Returns the warnings given (one per map drawn from its output data).
    """
    warnings = []
    for found in list(map_outputs(nb)):
        output = nb.cells[found.cell].outputs[found.output]
        block, warning = _map_html(found)
        output["data"] = {"text/html": block}
        output.setdefault("metadata", {})
        if warning:
            log.warning(warning)
            warnings.append(warning)
    states = widget_states(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            view = output.get("data", {}).pop(WIDGET_VIEW_MIME, None)
            # A layout holding maps (a JourneyBoard, a VBox of maps...): its maps, drawn from their state.
            inner = maps_inside(view.get("model_id") if isinstance(view, dict) else None, states)
            if inner:
                output["data"] = {"text/html": "".join(state_block(s) for s in inner)}
            # Other widgets: their static output (text/html, text/plain) is what a report can show.
    nb.metadata.pop("widgets", None)
    return warnings


def state_block(saved: dict[str, Any]) -> str:
    state = offline_state(saved)
    fallback = static_html(MapData.of_state(state), state.get("lanes"), markers=state.get("markers"))
    return map_block(state, fallback)


def _map_html(found: MapOutput) -> tuple[str, str | None]:
    if found.state is not None and found.state_is_newest:
        # The common case, kept cheap: the saved state is drawn as it is, no Journey rebuilt.
        return state_block(found.state), None
    journey = journey_of(found, "notebook")
    warning = None
    if found.state is not None:
        # A later display of this map is newer than its saved state: its data, shown as the state shows it.
        view = offline_state(found.state)
        state = {**map_state(journey, view.get("lanes")), **{k: view[k] for k in MAP_VIEW_TRAITS[1:] if k in view}}
    else:
        state = map_state(journey)
        warning = (
            f"cjm-report: cell {found.cell + 1} output {found.output + 1}: no saved widget state for this map; "
            "drawn from the output's cjm data (the map as displayed, without later edits). "
            "Execute with widget state saved (nbclient store_widget_state=True, or JupyterLab's "
            "'Save Widget State Automatically') to report the latest map."
        )
    return map_block(state, static_html(journey, state.get("lanes"), markers=state.get("markers"))), warning
