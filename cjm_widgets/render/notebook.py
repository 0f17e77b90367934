"""Journeys read back from a notebook file alone (no kernel, no widget runtime).

Each cjm map output carries its journey under :data:`~.mimebundle.JOURNEY_MIME`
(the display-time snapshot). When the notebook also saved its widget state,
that state holds the map as it was last edited, so its touchpoints and stages
win over the snapshot.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..io.cjm_json import FormatError, journey_from_dict
from .mimebundle import JOURNEY_MIME, WIDGET_VIEW_MIME

if TYPE_CHECKING:
    from ..journey import Journey

__all__ = ["WIDGET_STATE_MIME", "MapOutput", "journeys_in_notebook", "map_outputs", "widget_states"]

WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
# The view state a JourneyMap sends (see widgets/journey_map.py): enough to draw it.
MAP_STATE_KEYS = ("_rows", "_stages", "_columns", "title", "kind", "lanes", "emotion_scale")


@dataclass
class MapOutput:
    """One cjm map output of a notebook: where it is and what it holds."""

    cell: int
    output: int
    data: dict[str, Any] | None
    """The output's :data:`JOURNEY_MIME` document (display-time snapshot), or None."""
    state: dict[str, Any] | None
    """The map's saved widget state (latest edits), or None when none was saved."""


def widget_states(notebook: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """model id -> saved state of every widget in ``notebook``'s metadata (empty when none was saved)."""
    saved = notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE_MIME, {})
    models = saved.get("state", {}) if isinstance(saved, dict) else {}
    return {k: v["state"] for k, v in models.items() if isinstance(v, dict) and isinstance(v.get("state"), dict)}


def is_map_state(state: Mapping[str, Any] | None) -> bool:
    """True for the saved state of a JourneyMap (it has the map's view tables)."""
    return state is not None and all(k in state for k in ("_rows", "_stages", "lanes"))


def map_outputs(notebook: Mapping[str, Any]) -> Iterator[MapOutput]:
    """Every output that is a cjm map: it has cjm data, or its widget's saved state is a map's."""
    states = widget_states(notebook)
    for c, cell in enumerate(notebook.get("cells", [])):
        for o, output in enumerate(cell.get("outputs", []) if cell.get("cell_type") == "code" else []):
            data = output.get("data", {})
            view = data.get(WIDGET_VIEW_MIME)
            state = states.get(view.get("model_id", "")) if isinstance(view, dict) else None
            doc = data.get(JOURNEY_MIME)
            if isinstance(doc, dict) or is_map_state(state):
                yield MapOutput(c, o, doc if isinstance(doc, dict) else None, state if is_map_state(state) else None)


def journey_of(found: MapOutput, source: str = "notebook") -> Journey:
    """The Journey of one map output: its data, with touchpoints and stages from the saved state when there."""
    import pandas as pd

    from ..journey import Journey

    where = f"{source}: cell {found.cell}, output {found.output}"
    if found.data is not None:
        journey = journey_from_dict(found.data, where)
        if found.state is None:
            return journey
        journey.stages = pd.DataFrame(found.state["_stages"])
        journey.touchpoints = _state_rows(found.state)
        return journey
    if found.state is None:
        raise FormatError(f"{where}: neither cjm data nor saved widget state")
    state = found.state
    return Journey(
        _state_rows(state),
        pd.DataFrame(state["_stages"]) if state["_stages"] else None,
        title=str(state.get("title", "")),
        kind=str(state.get("kind", "current")),
        emotion_scale=state.get("emotion_scale", [-2, 2]),
    )


def _state_rows(state: Mapping[str, Any]) -> Any:
    import pandas as pd

    columns = [c["name"] for c in state.get("_columns") or [] if isinstance(c, dict) and "name" in c]
    rows = pd.DataFrame(state["_rows"], columns=columns or None)
    return rows if len(rows.columns) else None


def journeys_in_notebook(path: str | os.PathLike[str]) -> list[Journey]:
    """Every cjm map shown in the notebook file at ``path``, as Journeys, in output order.

    Uses the saved widget state where the notebook has it (it reflects edits
    made after the cell ran), else the output's cjm data.
    """
    source = os.fspath(path)
    with open(source, encoding="utf-8") as fh:
        notebook = json.load(fh)
    return [journey_of(found, source) for found in map_outputs(notebook)]
