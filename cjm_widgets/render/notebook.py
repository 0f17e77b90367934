"""Journeys read back from a notebook file alone (no kernel, no widget runtime).

Each cjm map output carries its journey under :data:`~.mimebundle.JOURNEY_MIME`
(the snapshot taken when it was displayed, with the journey's revision in the
output metadata). The notebook's saved widget state holds the map as its
views last had it (JupyterLab keeps it current with every edit; nbclient
keeps the state sent when the map was created). For each map, the newest of
these wins: the saved state, unless a later display of the same map has a
higher revision.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..errors import FormatError, SchemaError
from ..io.cjm_json import journey_from_dict
from ..model.journey import Journey
from .mimebundle import JOURNEY_MIME, WIDGET_VIEW_MIME

__all__ = [
    "WIDGET_STATE_MIME",
    "MapOutput",
    "journey_of",
    "journeys_in_notebook",
    "map_outputs",
    "maps_inside",
    "widget_states",
]

WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"


@dataclass
class MapOutput:
    """One cjm map output of a notebook: where it is and what it holds."""

    cell: int
    output: int
    data: dict[str, Any] | None
    """The newest :data:`JOURNEY_MIME` snapshot of this map (this output's or a later display's), or None."""
    state: dict[str, Any] | None
    """The map's saved widget state, or None when none was saved."""
    state_is_newest: bool = True
    """False when a display of this map has a higher revision than its saved state."""


def widget_states(notebook: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """model id -> saved state of every widget in ``notebook``'s metadata (empty when none was saved).

    Binary values (saved apart from the state as base64 ``buffers`` with their
    path, as ipywidgets does) are put back in place as bytes.
    """
    saved = notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE_MIME, {})
    models = saved.get("state", {}) if isinstance(saved, dict) else {}
    return {
        k: _with_buffers(v["state"], v.get("buffers"))
        for k, v in models.items()
        if isinstance(v, dict) and isinstance(v.get("state"), dict)
    }


def _with_buffers(state: dict[str, Any], buffers: Any) -> dict[str, Any]:
    if not isinstance(buffers, list) or not buffers:
        return state
    state = copy.deepcopy(state)
    for buffer in buffers:
        path = buffer.get("path") if isinstance(buffer, dict) else None
        if not isinstance(path, list) or not path or not isinstance(buffer.get("data"), str):
            continue
        try:
            data = base64.b64decode(buffer["data"], validate=True) if buffer.get("encoding") == "base64" else b""
            parent: Any = state
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = data
        except (KeyError, IndexError, TypeError, ValueError, binascii.Error):
            continue  # a damaged buffer leaves that value out; the rest of the map still draws
    return state


def is_map_state(state: Mapping[str, Any] | None) -> bool:
    """True for the saved state of a JourneyMap (it has the map's view tables)."""
    return state is not None and all(k in state for k in ("_rows", "_stages", "lanes"))


def maps_inside(model_id: Any, states: Mapping[str, Mapping[str, Any]], depth: int = 0) -> list[dict[str, Any]]:
    """Saved states of the JourneyMaps inside the widget ``model_id`` (a box, a JourneyBoard...), in order.

    Empty for a map itself (see :func:`map_outputs`) and for widgets without map children.
    """
    state = states.get(model_id) if isinstance(model_id, str) else None
    if state is None or is_map_state(state) or depth > 20:
        return []
    found: list[dict[str, Any]] = []
    for child in state.get("children") or []:
        child_id = child[len("IPY_MODEL_") :] if isinstance(child, str) and child.startswith("IPY_MODEL_") else None
        child_state = states.get(child_id) if child_id else None
        if is_map_state(child_state):
            found.append(dict(child_state or {}))
        else:
            found.extend(maps_inside(child_id, states, depth + 1))
    return found


def _revision(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def map_outputs(notebook: Mapping[str, Any]) -> Iterator[MapOutput]:
    """Every output that is a cjm map (it has cjm data, or its widget's saved state is a map's)."""
    states = widget_states(notebook)
    found: list[tuple[MapOutput, str | None, int | None]] = []
    newest: dict[str, tuple[int, dict[str, Any]]] = {}  # model id -> newest snapshot
    for c, cell in enumerate(notebook.get("cells", [])):
        for o, output in enumerate(cell.get("outputs", []) if cell.get("cell_type") == "code" else []):
            data = output.get("data", {})
            view = data.get(WIDGET_VIEW_MIME)
            model_id = view.get("model_id") if isinstance(view, dict) else None
            state = states.get(model_id) if isinstance(model_id, str) else None
            doc = data.get(JOURNEY_MIME)
            meta = output.get("metadata", {}).get(JOURNEY_MIME, {})
            if isinstance(meta, dict) and meta.get("view", "JourneyMap") != "JourneyMap":
                continue  # another cjm widget (a chart): its static output stands for it
            if not isinstance(doc, dict) and not is_map_state(state):
                continue
            revision = _revision(meta.get("revision")) if isinstance(meta, dict) else None
            doc = doc if isinstance(doc, dict) else None
            newer = revision is not None and (model_id not in newest or revision >= newest[model_id][0])
            if isinstance(model_id, str) and doc is not None and revision is not None and newer:
                newest[model_id] = (revision, doc)
            found.append((MapOutput(c, o, doc, state if is_map_state(state) else None), model_id, revision))
    for item, model_id, _ in found:
        if model_id in newest:
            revision, doc = newest[model_id]
            state_revision = _revision(item.state.get("_rev")) if item.state is not None else None
            item.data = doc
            # Equal revisions: the saved state wins (it also has the lanes and selection as last shown).
            item.state_is_newest = state_revision is not None and state_revision >= revision
        yield item


def journey_of(found: MapOutput, source: str = "notebook") -> Journey:
    """The Journey of one map output, from its newest source."""
    where = f"{source}: cell {found.cell + 1}, output {found.output + 1}"
    state = found.state if found.state_is_newest else None
    snapshot = journey_from_dict(found.data, where) if found.data is not None else None
    if state is None:
        if snapshot is None:
            raise FormatError(f"{where}: neither cjm data nor saved widget state")
        return snapshot
    rows, stages = _state_rows(state), pd.DataFrame(state["_stages"]) if state["_stages"] else None
    meta: dict[str, Any] = {
        "title": str(state.get("title", "")),
        "kind": str(state.get("kind", "current")),
        "emotion_scale": state.get("emotion_scale", [-2, 2]),
    }
    if snapshot is not None:
        # The state has the map's view tables only; the rest comes from the snapshot.
        tables: dict[str, Any] = {
            "personas": snapshot.personas,
            "metrics": snapshot.metrics,
            "actions": snapshot.actions,
        }
        try:
            return Journey(rows, stages, notes=snapshot.notes, **meta, **tables)
        except SchemaError:
            pass  # metrics of touchpoints deleted since the snapshot: the map itself still reads
    return Journey(rows, stages, **meta)


def _state_rows(state: Mapping[str, Any]) -> Any:
    columns = [c["name"] for c in state.get("_columns") or [] if isinstance(c, dict) and "name" in c]
    rows = pd.DataFrame(state["_rows"], columns=columns or None)
    return rows if len(rows.columns) else None


def journeys_in_notebook(path: str | os.PathLike[str]) -> list[Journey]:
    """Every cjm map shown in the notebook file at ``path``, as Journeys, in output order.

    Each comes from its newest source: the saved widget state (it reflects
    edits made in the page, and, in a headless run, changes made from Python),
    or a later display of the same map when that is newer.
    """
    source = os.fspath(path)
    with open(source, encoding="utf-8") as fh:
        notebook = json.load(fh)
    return [journey_of(found, source) for found in map_outputs(notebook)]
