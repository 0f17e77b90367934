"""Write notebooks/08_files_and_autosave.ipynb (outputs cleared). Run: .venv/bin/python scripts/make_notebook_08.py"""

from __future__ import annotations

from pathlib import Path

import nbformat

md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell

CELLS = [
    md(
        "# Files and autosave\n\n"
        "Maps edited in the page survive a kernel restart, and maps come from (and go to) the files people "
        "already use: spreadsheets in the wide layout, the long touchpoint table, Mermaid `journey` diagrams "
        "and CJML 2.0 XML.\n\n"
        "This notebook writes its files into a folder `map_files/` next to it."
    ),
    code(
        "from pathlib import Path\n\n"
        "import cjm_widgets as cjm\n\n"
        "folder = Path('map_files')\n"
        "folder.mkdir(exist_ok=True)\n"
        "saved = folder / 'colleen.cjm.json'\n"
        "saved.unlink(missing_ok=True)  # start this tour from the template"
    ),
    md(
        "## Autosave\n\n"
        "`JourneyMap.from_file(path, default=...)` starts from `default` the first time and creates the file; "
        "every edit you make on the map (or in Python) is written to it at once, atomically. After a kernel "
        "restart, running the same cell continues from the file, edits included. Try it: edit a thought on "
        "the map, restart the kernel, and run the notebook again."
    ),
    code("m = cjm.JourneyMap.from_file(saved, default=cjm.templates.load('colleen-vacuum'))\nm"),
    code(
        "with m.edit() as df:\n"
        "    df.loc[df['id'] == 'cv-01', 'thought'] = 'Not again!'\n\n"
        "cjm.load(saved).touchpoints.set_index('id').loc['cv-01', 'thought']  # already on disk"
    ),
    md(
        "`JourneyMap(journey, autosave=path)` never silently replaces a file holding a *different* map: it raises "
        "`AutosaveConflict` and says how to continue (`JourneyMap.from_file`) or replace it (`overwrite=True`). "
        "A write that fails (disk full, folder gone) shows a message on the map and keeps the map as it is."
    ),
    code(
        "try:\n"
        "    cjm.JourneyMap(cjm.templates.load('colleen-vacuum'), autosave=saved)\n"
        "except cjm.AutosaveConflict as error:\n"
        "    print(error)"
    ),
    md(
        "## Spreadsheets: the wide layout\n\n"
        "Stages across as columns, lanes down as rows, several touchpoints of a stage on separate lines of one "
        "cell (aligned across lanes). `to_csv` guards cells a spreadsheet would run as a formula (`=`, `+`, `-`, "
        "`@`) with a leading `'`; `cjm.load` removes it again."
    ),
    code(
        "j = m.journey\n"
        "j.to_csv(folder / 'colleen_wide.csv')            # layout='wide' is the default\n"
        "print((folder / 'colleen_wide.csv').read_text()[:400])"
    ),
    code(
        "back = cjm.load(folder / 'colleen_wide.csv', title=j.title)  # the layout is detected\n"
        "back.touchpoints[['stage', 'touchpoint', 'thought', 'emotion']].head()"
    ),
    md("The long layout is the touchpoint table itself, one row per touchpoint; Excel works the same way."),
    code(
        "j.to_csv(folder / 'colleen_long.csv', layout='long')\n"
        "j.to_excel(folder / 'colleen.xlsx')\n"
        "cjm.load(folder / 'colleen.xlsx', title=j.title).touchpoints.equals(j.touchpoints)"
    ),
    md(
        "## Mermaid `journey` diagrams\n\n"
        "Sections are stages, tasks are touchpoints, actors are the persona. Scores 1–5 map linearly onto the "
        "emotion scale (-2..2: 1 → -2, 3 → 0, 5 → 2); writing rounds to the nearest score."
    ),
    code("print(j.to_mermaid())"),
    code(
        "diagram = '''\n"
        "journey\n"
        "  title My working day\n"
        "  section Go to work\n"
        "    Make tea: 5: Me\n"
        "    Go upstairs: 3: Me\n"
        "    Do work: 1: Me, Cat\n"
        "  section Go home\n"
        "    Go downstairs: 5: Me\n"
        "    Sit down: 5: Me\n"
        "'''\n"
        "cjm.JourneyMap(cjm.read_mermaid(diagram), lanes=['touchpoint', 'emotion', 'persona'])"
    ),
    md(
        "## CJML 2.0\n\n"
        "A future map is a planned journey, others are actual journeys. Actors become the personas table "
        "(with their `actor_type`), communication points and actions become touchpoints with their initiator, "
        "receiver and channel. Lanes CJML has no element for travel in the `cjm:` extension namespace. "
        "Files are parsed with defusedxml: no DTDs, so no entity bombs and no external entities."
    ),
    code("xml = j.to_cjml(folder / 'colleen.cjml')\nprint(xml[:900])"),
    code(
        "carl = cjm.read_cjml(folder / 'colleen.cjml')\n"
        "carl.touchpoints[['id', 'touchpoint', 'channel', 'cjml_type', 'initiator', 'receiver']].head()"
    ),
    md("## Bad files get a clear error, and nothing changes"),
    code(
        "(folder / 'bomb.cjml').write_text(\n"
        '    \'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\'\n'
        "    '<CJML version=\"2.0\"><actualJourney><journeyID>&b;</journeyID></actualJourney></CJML>'\n"
        ")\n"
        "try:\n"
        "    cjm.load(folder / 'bomb.cjml')\n"
        "except cjm.FormatError as error:\n"
        "    print(error)"
    ),
]


def main() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = CELLS
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    target = Path(__file__).resolve().parents[1] / "notebooks" / "08_files_and_autosave.ipynb"
    nbformat.write(nb, target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
