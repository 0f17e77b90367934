"""First render of a JourneyMap in Chromium at 100, 1,000 and 5,000 touchpoints (goal: <= 300 ms at 1,000).

The bundle renders from a model holding exactly the state Python sends; the time
covers render() and the browser's style and layout of the result (forced by
reading its size). Peer, same run, same rows: pandas ``DataFrame.to_html()``
inserted as a notebook's HTML output is, then laid out.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
from pathlib import Path

import pandas as pd
from browser import CHROMIUM, CHROMIUM_ARGS, ROOT, serve
from playwright.sync_api import sync_playwright

import cjm_widgets as cjm

SIZES = (100, 1000, 5000)
REPEATS = 5

HARNESS = """<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="journey_map.css"></head>
<body><script type="module">
import widget from "./journey_map.js";
function fakeModel(state) {
  return { get: k => state[k], set: (k, v) => { state[k] = v; }, on() {}, off() {}, send() {}, save_changes() {} };
}
window.renderMap = async (state) => {
  const el = document.createElement("div");
  document.body.append(el);
  const model = fakeModel(structuredClone(state));
  const t0 = performance.now();
  if (widget.initialize) await widget.initialize({ model });
  await widget.render({ model, el });
  el.getBoundingClientRect(); document.body.offsetHeight;  // style + layout
  const ms = performance.now() - t0;
  el.remove();
  return ms;
};
window.renderHtml = (html) => {
  const el = document.createElement("div");
  document.body.append(el);
  const t0 = performance.now();
  el.innerHTML = html;  // how a notebook shows an HTML output (the peer)
  el.getBoundingClientRect(); document.body.offsetHeight;
  const ms = performance.now() - t0;
  el.remove();
  return ms;
};
window.ready = true;
</script></body></html>"""


def journey_of(n: int) -> cjm.Journey:
    base = cjm.templates.load("digital-5-online-banking")
    tp = base.touchpoints
    rows = tp.iloc[[i % len(tp) for i in range(n)]].reset_index(drop=True)
    rows = rows.assign(id=[f"t{i}" for i in range(n)]).sort_values(
        "stage", key=lambda s: s.map({name: i for i, name in enumerate(base.stage_names)}), kind="stable"
    )
    return cjm.Journey(rows, base.stages, title=f"{n} touchpoints")


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    for asset in ("journey_map.js", "journey_map.css"):
        shutil.copy(ROOT / "cjm_widgets" / "static" / asset, folder / asset)
    (folder / "index.html").write_text(HARNESS)
    print(f"{'touchpoints':>12}{'JourneyMap ms':>16}{'to_html ms':>14}  (median of {REPEATS}, render + layout)")
    with serve(folder) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{url}/index.html")
        page.wait_for_function("window.ready === true")
        for n in SIZES:
            journey = journey_of(n)
            state = cjm.JourneyMap(journey).get_state()
            state = json.loads(
                json.dumps({k: v for k, v in state.items() if not k.startswith("_esm") and not k.startswith("_css")})
            )
            html = pd.DataFrame(journey.touchpoints).to_html()
            ours = statistics.median(page.evaluate("s => renderMap(s)", state) for _ in range(REPEATS))
            peer = statistics.median(page.evaluate("h => renderHtml(h)", html) for _ in range(REPEATS))
            print(f"{n:>12,}{ours:>16.1f}{peer:>14.1f}")
        browser.close()


if __name__ == "__main__":
    main()
