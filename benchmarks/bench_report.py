"""Offline report size and export time, beside plain ``nbconvert --to html`` of the same notebook.

The notebook has 5 maps of 200 touchpoints each, executed with nbclient and its
widget state saved. Both exports run as the command a report author types
(fresh process, wall time) and in-process (median of 3). Goal: report < 1 MB,
the map renderer stored once.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert.exporters import HTMLExporter

from cjm_widgets.render.exporter import CjmReportExporter

MAPS, TOUCHPOINTS, STAGES = 5, 200, 5

# Builds a journey of TOUCHPOINTS touchpoints with sentence-length texts, like a real map's.
SETUP = f"""
import cjm_widgets as cjm, pandas as pd
def big_journey(seed):
    stages = [f"Stage {{s + 1}}" for s in range({STAGES})]
    rows = [dict(stage=stages[i * {STAGES} // {TOUCHPOINTS}], touchpoint=f"Touchpoint {{seed}}-{{i}}", channel="Web",
                 action=f"The customer does step {{i}} of the journey and moves on",
                 thought=f"Thinking about step {{i}}",
                 emotion=(i * 7 + seed) % 5 - 2, pain_point=f"Pain {{i}}" if i % 3 == 0 else None,
                 opportunity=f"Opportunity {{i}}" if i % 4 == 0 else None) for i in range({TOUCHPOINTS})]
    return cjm.Journey(pd.DataFrame(rows), stages, title=f"Map {{seed}}")
"""


def notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Five big maps"), nbformat.v4.new_code_cell(SETUP)]
    nb.cells += [nbformat.v4.new_code_cell(f"cjm.JourneyMap(big_journey({i}))") for i in range(MAPS)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=True).execute(cwd=str(folder))
    path = folder / "five_maps.ipynb"
    nbformat.write(nb, path)
    return path


def command(path: Path, to: str) -> tuple[float, int]:
    """Wall time (s) of `jupyter nbconvert --to <to>` and the size (bytes) of what it wrote."""
    out = path.parent / to
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", to, str(path), "--output-dir", str(out)],
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - start
    return elapsed, (out / f"{path.stem}.html").stat().st_size


def in_process(path: Path, exporter: type[HTMLExporter]) -> tuple[float, str]:
    runs, body = [], ""
    for _ in range(3):
        start = time.perf_counter()
        body, _ = exporter().from_filename(str(path))
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), body


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = notebook(Path(tmp))
        ours_cmd, ours_size = command(path, "cjm-report")
        peer_cmd, peer_size = command(path, "html")
        ours_t, ours_body = in_process(path, CjmReportExporter)
        peer_t, peer_body = in_process(path, HTMLExporter)
    renderer = sum(len(m) for m in re.findall(r'data-cjm="renderer"[^>]*>(.*?)</(?:script|style)>', ours_body, re.S))
    renderers = len(re.findall(r'<script[^>]*data-cjm="renderer"', ours_body))
    # The peer keeps each map's widget state, the front-end code (_esm) included, once per map.
    esm_copies = peer_body.count("_esm")
    row = "{:<52}{:>14}{:>14}  {}"
    print(row.format(f"{MAPS} maps x {TOUCHPOINTS} touchpoints", "cjm-report", "peer", "peer"))
    peer = "nbconvert --to html (widget state embedded)"
    print(row.format("report size (KB)", f"{ours_size / 1024:,.0f}", f"{peer_size / 1024:,.0f}", peer))
    print(row.format("  goal", "< 1,024", "", ""))
    print(
        row.format(
            "renderer JS+CSS stored (KB) x copies",
            f"{renderer / 1024:,.0f} x {renderers}",
            f"x {esm_copies}",
            "_esm in widget state",
        )
    )
    print(row.format("export, command wall time (s)", f"{ours_cmd:.2f}", f"{peer_cmd:.2f}", peer))
    print(row.format("export, in process (s, median of 3)", f"{ours_t:.2f}", f"{peer_t:.2f}", "HTMLExporter"))
    print(row.format("loads from the network", "nothing", "CDN scripts", "require.js, MathJax, html-manager"))


if __name__ == "__main__":
    main()
