"""Write notebooks/07_publish_a_report.ipynb (outputs cleared). Run: .venv/bin/python scripts/make_notebook_07.py"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    (
        "md",
        "# Publish a report\n\n"
        "A journey map in a notebook should survive wherever the notebook goes: GitHub, nbviewer, an "
        "e-mail attachment, a printed PDF. This notebook shows the four ways cjm_widgets makes that work:\n\n"
        "1. every map output also carries a **static fallback** (plain HTML, no script) and the journey's data;\n"
        "2. `to_html` writes **one self-contained HTML file** of a map;\n"
        "3. `jupyter nbconvert --to cjm-report` turns a whole notebook into an **offline report**;\n"
        "4. **Download SVG / PNG** on every map's toolbar, and print styles for PDFs.",
    ),
    (
        "code",
        "import cjm_widgets as cjm\n\njourney = cjm.templates.load('colleen-vacuum')\nm = cjm.JourneyMap(journey)\nm",
    ),
    (
        "md",
        "## 1. The static fallback\n\n"
        "Next to the live widget, the output above also holds `text/html`: a table of stages × lanes with the "
        "emotion curve as an inline SVG. GitHub, nbviewer and plain `nbconvert` show it when no widget runtime "
        "is there, and screen readers read it as a table. Here it is on its own:",
    ),
    (
        "code",
        "from IPython.display import HTML\n\n"
        "from cjm_widgets.render import static_html\n\n"
        "HTML(static_html(journey, lanes=['touchpoint', 'emotion', 'pain_point']))",
    ),
    (
        "md",
        "The output also carries the journey itself under `application/vnd.cjm.journey+json` (the `.cjm.json` "
        "document), so a tool can rebuild every map from the notebook file alone with "
        "`cjm_widgets.render.journeys_in_notebook(path)`.\n\n"
        "Outputs are captured when a cell runs: the static HTML is the map *as displayed*. The saved widget "
        "state is the live source (JupyterLab keeps it current with every edit made on the map); reports and "
        "`journeys_in_notebook` take whichever is newest. After changing a map from Python in a notebook you "
        "execute headless (nbclient), display it again so the newest version is in the file.",
    ),
    (
        "code",
        "from cjm_widgets.render import static_bundle\n\nsorted(static_bundle(journey))",
    ),
    (
        "md",
        "## 2. One map, one file: `to_html`\n\n"
        "The page draws the map with the same renderer as the notebook (inlined in the file), read-only: lane "
        "toggles and hover details work, editing does not. It loads nothing from the network and needs no "
        "kernel; with JavaScript off it shows the static fallback.",
    ),
    (
        "code",
        "page = m.to_html('colleen-vacuum.html')   # or journey.to_html(...)\n"
        "print(page, f'{page.stat().st_size / 1024:.0f} KB')",
    ),
    (
        "md",
        "## 3. A whole notebook as an offline report\n\n"
        "```bash\n"
        "jupyter nbconvert --to cjm-report my_analysis.ipynb                # code shown\n"
        "jupyter nbconvert --to cjm-report --no-input my_analysis.ipynb     # code hidden\n"
        "jupyter nbconvert --to cjm-report --CjmReportExporter.hide_code=True my_analysis.ipynb\n"
        "```\n\n"
        "Every cjm map is drawn interactively from the notebook's saved widget state (save it with JupyterLab's "
        "*Save Widget State Automatically*, or execute with `nbclient` and `store_widget_state=True`). Without "
        "saved state the maps are drawn from their outputs' data, with a warning saying so. Other widgets show "
        "their static output. The renderer is stored once; no URL outside the file is loaded.\n\n"
        "Below, a small notebook is written, executed with its widget state saved, and converted:",
    ),
    (
        "code",
        "import subprocess\n"
        "import sys\n"
        "from pathlib import Path\n\n"
        "import nbformat\n"
        "from nbclient import NotebookClient\n\n"
        "nb = nbformat.v4.new_notebook(cells=[\n"
        "    nbformat.v4.new_markdown_cell('# Repair journey'),\n"
        '    nbformat.v4.new_code_cell("import cjm_widgets as cjm\\n"\n'
        "                              \"cjm.JourneyMap(cjm.templates.load('equipment-repair'))\"),\n"
        "])\n"
        "nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}\n"
        "NotebookClient(nb, kernel_name='python3', store_widget_state=True).execute()\n"
        "nbformat.write(nb, 'repair.ipynb')\n\n"
        "subprocess.run([sys.executable, '-m', 'nbconvert', '--to', 'cjm-report', '--no-input', 'repair.ipynb'],\n"
        "               check=True, capture_output=True)\n"
        "print(f\"repair.html: {Path('repair.html').stat().st_size / 1024:.0f} KB\")",
    ),
    (
        "code",
        "from cjm_widgets.render import journeys_in_notebook\n\njourneys_in_notebook('repair.ipynb')",
    ),
    (
        "md",
        "## 4. Images and print\n\n"
        "Every map's toolbar has **⤓ SVG** and **⤓ PNG** (Tab to them, Enter or Space to press): the image is "
        "drawn from the map's data with the colours of the current theme. Printing a report (or *Save as PDF*) "
        "lays maps out in landscape, hides the toolbar and never cuts a card in two.",
    ),
]


def main() -> None:
    nb = new_notebook(cells=[new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    out = Path(__file__).resolve().parents[1] / "notebooks" / "07_publish_a_report.ipynb"
    nbformat.write(nb, out)
    # The cells are written compactly above; ruff gives them the project's style (`ruff format --check` passes).
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(out)], check=True)
    print(out)


if __name__ == "__main__":
    main()
