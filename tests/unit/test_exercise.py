"""exercise_notebook: a classroom notebook that runs top to bottom, with a locked frame and the checks."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import cjm_widgets as cjm
from cjm_widgets.classroom.exercise import blank_frame


def test_blank_frame_keeps_stages_touchpoints_and_actions_only() -> None:
    original = cjm.templates.load("colleen-vacuum")
    frame = blank_frame(original)
    tp = frame.touchpoints
    assert frame.stage_names == original.stage_names
    assert tp[["id", "touchpoint", "channel", "action"]].equals(
        original.touchpoints[["id", "touchpoint", "channel", "action"]]
    )
    assert tp[["thought", "emotion", "pain_point", "opportunity"]].isna().all().all()
    assert frame.personas["goals"].isna().all() and frame.actions.empty
    assert original.touchpoints["thought"].notna().all()  # the template itself is untouched


def run(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.mark.notebooks
def test_the_written_notebook_runs_and_shows_a_locked_map_and_the_checks(tmp_path: Path) -> None:
    path = cjm.exercise_notebook("sales-funnel-4", tmp_path / "exercise.ipynb", title="Buying online")
    assert path == tmp_path / "exercise.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].source.startswith("# Exercise: Buying online")
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    nb = run(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    assert "application/vnd.jupyter.widget-view+json" in code[0].outputs[0]["data"]
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    maps = [w["state"] for w in state.values() if w["model_name"] == "AnyModel" and "locked" in w["state"]]
    stages = cjm.templates.load("sales-funnel-4").stage_names
    assert maps and maps[0]["locked"] == [*stages, "touchpoint"]
    checks = code[-1].outputs[0]["data"]["text/plain"]
    assert "missing_emotion" in checks and "persona_goals" in checks
    # The check markers are on the map the students see.
    assert any(m["source"] == "check" for m in maps[0]["markers"])


def test_a_journey_is_embedded_and_the_notebook_still_runs(tmp_path: Path) -> None:
    journey = cjm.Journey([{"stage": "Ankunft", "touchpoint": "Betritt den Laden „Ü“"}], title="Läden")
    path = cjm.exercise_notebook(journey, tmp_path / "own.ipynb")
    nb = run(path)
    assert nb.cells[0].source.startswith("# Exercise: Läden")
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
