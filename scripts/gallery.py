"""Render the widgets and charts of two journeys into PNGs under docs/gallery/, offline.

    PYTHONPATH=. python scripts/gallery.py [--out docs/gallery]

One journey is the "sales-funnel-4" template with stage metrics (some missing, drawn as gaps);
the other is "colleen-vacuum" walked by two personas, so every chart shows one line per
persona. Each widget is drawn in a real JupyterLab (on 127.0.0.1, started and stopped here)
in Debian's Chromium, and its output is saved as ``<journey>-<widget>.png``; the offline
page (``Journey.to_html``) is opened from its file with every other request refused. Nothing
leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The kernels JupyterLab starts import this checkout's cjm_widgets, not another installed copy.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))

from tests.e2e.lab import CHROMIUM, CHROMIUM_ARGS, running_lab  # noqa: E402
from tests.e2e.notebook_page import NotebookPage  # noqa: E402

JOURNEYS = {
    "sales-funnel": (
        "j = cjm.templates.load('sales-funnel-4')\n"
        "stages = list(j.stage_names)\n"
        "j.metrics = pd.DataFrame({'stage': stages * 3, 'metric': ['conversion'] * 4 + ['csat'] * 4 + ['users'] * 4,\n"
        "    'value': [0.6, 0.35, None, 0.8, 4.2, None, None, 3.1, 1000, 866, 210, 170]})\n"
    ),
    "two-personas": (
        "one = cjm.templates.load('colleen-vacuum')\n"
        "tp = one.touchpoints\n"
        "other = tp.assign(id=tp['id'] + '-m', persona='marco', emotion=(1 - tp['emotion']).clip(-2, 2))\n"
        "j = cjm.Journey(touchpoints=pd.concat([tp, other], ignore_index=True), stages=one.stages,\n"
        "    title=one.title + ' (two personas)')\n"
    ),
}
# Widget name -> the cell that shows it (`m` is the map of `j`).
WIDGETS = {
    "map": "m = cjm.JourneyMap(j)\nm",
    "emotion-curve": "cjm.EmotionCurve(m)",
    "metrics-panel": "cjm.MetricsPanel(m)",
    "priority-matrix": "cjm.PriorityMatrix(m)",
    "board": "cjm.JourneyBoard(j)",
}


def _shoot_outputs(page: Page, out: Path, journey: str) -> list[Path]:
    saved = []
    outputs = page.locator(".jp-Notebook .jp-CodeCell .jp-OutputArea-output")
    for index, name in enumerate(WIDGETS):
        output = outputs.nth(index)
        output.scroll_into_view_if_needed()
        page.wait_for_timeout(500)  # bqplot draws after the figure is in view
        path = out / f"{journey}-{name}.png"
        output.screenshot(path=str(path))
        saved.append(path)
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "gallery")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, running_lab(Path(tmp)) as lab, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        # Tall enough for the board: a screenshot shows only what the notebook's panel has in view.
        context = browser.new_context(viewport={"width": 1600, "height": 2400})
        allowed = (lab.url, "data:", "blob:", "file:")
        context.route(
            "**/*", lambda route: route.continue_() if route.request.url.startswith(allowed) else route.abort()
        )
        page = context.new_page()
        for journey, setup in JOURNEYS.items():
            html = Path(tmp) / f"{journey}.html"
            cells = [
                "import cjm_widgets as cjm, pandas as pd\n" + setup + f"_ = j.to_html({str(html)!r})",
                *WIDGETS.values(),
            ]
            notebook = NotebookPage(page, lab)
            notebook.open(lab.write_notebook(f"gallery_{journey}.ipynb", *cells)).run_all()
            for path in _shoot_outputs(page, out, journey):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            notebook.shutdown_kernels()
            page.goto(html.as_uri())
            page.wait_for_timeout(1000)
            page.screenshot(path=str(out / f"{journey}-offline-page.png"), full_page=True)
            print(f"{out / journey}-offline-page.png")
        browser.close()


if __name__ == "__main__":
    main()
