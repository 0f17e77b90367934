"""A small notebook with cjm maps, executed the way a report author does (nbclient, widget state saved).

Shared by the unit tests of the report exporter and the browser tests of reports.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

# A touchpoint text that would run script if it ever became markup.
XSS = '<img src=x onerror="window.__xss=1"></script><!-- <b>bold?</b>'
EDITED = "Edited after it was displayed"

CELLS = [
    ("markdown", "# Vacuum report\n\nThe journey **as mapped** by the team."),
    (
        "code",
        "import cjm_widgets as cjm\n"
        "import ipywidgets as widgets\n"
        "journey = cjm.templates.load('colleen-vacuum')\n"
        "with_xss = journey.touchpoints.copy()\n"
        f"with_xss.loc[with_xss.index[1], 'touchpoint'] = {XSS!r}\n"
        "journey.touchpoints = with_xss\n"
        "m = cjm.JourneyMap(journey)\n"
        "m",
    ),
    # A change after display: the saved widget state has it, the output's snapshot does not.
    ("code", f"with m.edit() as df:\n    df.loc[df.index[0], 'thought'] = {EDITED!r}"),
    ("code", "widgets.IntSlider(value=7, description='Other widget')"),
    # A chart of the map: a cjm widget but not a map; reports show its static output.
    ("code", "cjm.EmotionCurve(m)"),
    ("code", "cjm.JourneyMap(cjm.templates.load('equipment-repair'))"),
    ("code", "print('plain output')"),
    # Displayed again after the change: this snapshot is newer than the state nbclient saved at creation.
    ("code", "m"),
]


def write_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(src) if kind == "markdown" else nbformat.v4.new_code_cell(src)
        for kind, src in CELLS
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def executed_notebook(folder: Path, name: str = "report.ipynb") -> Path:
    """Write and execute the notebook with its widget state saved; returns its path."""
    path = write_notebook(folder / name)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", store_widget_state=True).execute(cwd=str(folder))
    nbformat.write(nb, path)
    return path
