"""Classroom exercises: a map whose frame is given and locked, and a notebook around it.

:func:`exercise_notebook` writes a notebook a teacher hands out: instructions,
the map with its stages and touchpoints locked and the other lanes left blank,
cells for the students, and the completeness checks (:func:`cjm_widgets.check`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .. import templates
from ..model.journey import Journey
from ..schema.tables import LANES

__all__ = ["blank_frame", "exercise_notebook"]

# What the frame keeps by default: where the customer is and what happens there.
FRAME = ("touchpoint", "channel", "action")


def blank_frame(journey: Journey, keep: Sequence[str] = FRAME) -> Journey:
    """A copy of ``journey`` with only its frame: stages, touchpoints and the ``keep`` columns.

    The other built-in lanes (by default thought, emotion, pain point and
    opportunity) are emptied for students to fill in; the persona keeps its
    name and situation but not its goals, and the action plan is dropped.
    """
    frame = journey.copy()
    touchpoints = frame.touchpoints
    for lane in (*LANES, "evidence"):
        if lane in touchpoints.columns and lane not in keep and lane != "touchpoint":
            touchpoints[lane] = None
    frame.touchpoints = touchpoints
    personas = frame.personas
    if len(personas):
        personas["goals"] = None
        frame.personas = personas
    frame.actions = None
    frame.kind = "current"
    return frame


def _source(template: str | Journey) -> tuple[str, str]:
    """Code that loads the template in the notebook, and the map's title."""
    if isinstance(template, Journey):
        text = json.dumps(json.dumps(template.to_dict(), ensure_ascii=False), ensure_ascii=False)
        return f"cjm.loads({text})", template.title
    return f"cjm.templates.load({template!r})", templates.load(template).title


def exercise_notebook(template: str | Journey, path: str | os.PathLike[str], *, title: str | None = None) -> Path:
    """Write a classroom exercise notebook to ``path`` and return its path.

    The notebook has instructions, a map whose stages and touchpoint lane are
    locked (see ``cjm_widgets.classroom.exercise.blank_frame``: students fill in thoughts, emotions, pain
    points and opportunities), cells for the students' own work, and a last
    cell running :func:`cjm_widgets.check` on their map, whose findings also
    show on the map as markers. Its outputs are empty: students run it.

    Parameters
    ----------
    template:
        A template name (see :func:`cjm_widgets.templates.names`) or a
        :class:`Journey` (embedded in the notebook).
    path:
        Where to write the ``.ipynb`` (overwritten if it exists).
    title:
        The exercise's heading (default: the map's title).
    """
    load, map_title = _source(template)
    heading = title or map_title
    cells = [
        new_markdown_cell(
            f"# Exercise: {heading}\n\n"
            "This customer journey map has its **frame** ready: the stages and the touchpoints "
            "(what happens, where). They are locked (marked with a padlock), so they stay as given.\n\n"
            "Your task, touchpoint by touchpoint:\n\n"
            "1. **Thought**: what does the customer think here? Write it in their words.\n"
            "2. **Emotion**: how do they feel? Drag the dot up (good) or down (bad), or use the arrow keys.\n"
            "3. **Pain point**: what goes wrong or annoys them?\n"
            "4. **Opportunity**: for every pain point, how could the experience get better?\n\n"
            "Double-click a cell (or select it and press Enter) to write in it. Run the cells from the top."
        ),
        new_code_cell(
            "import cjm_widgets as cjm\n"
            "from cjm_widgets.classroom.exercise import blank_frame\n\n"
            f"journey = blank_frame({load})\n"
            "m = cjm.JourneyMap(journey, locked=[*journey.stage_names, 'touchpoint'])\n"
            "m"
        ),
        new_markdown_cell(
            "## Your persona\n\nWho travels this journey, and what do they want to achieve? "
            "Write the persona's goals between the quotes below, then run the cell."
        ),
        new_code_cell(
            "goals = ''  # the persona's goals, between the quotes\n"
            "if goals.strip():\n"
            "    personas = journey.personas\n"
            "    personas.loc[personas.index[0], 'goals'] = goals\n"
            "    journey.personas = personas\n"
            "journey.personas"
        ),
        new_markdown_cell(
            "## Your notes\n\nUse this cell for anything you want to work out with pandas, e.g. the average "
            "emotion per stage: `m.touchpoints.groupby('stage', sort=False)['emotion'].mean()`."
        ),
        new_code_cell("m.touchpoints"),
        new_markdown_cell(
            "## Check your map\n\nRun the checks: each finding says what is missing and appears on the map "
            "as a small marker. Fill in the gaps and run them again until nothing important is left."
        ),
        new_code_cell("cjm.check(m)"),
    ]
    notebook = new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})
    target = Path(path)
    nbformat.write(notebook, target)
    return target
