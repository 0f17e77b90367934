"""Edit round trip and websocket bytes of the sync protocol, beside an ipywidgets Text in the same session.

In a real JupyterLab (127.0.0.1) driven through Chromium:

- round trip: an edit committed in the page -> the Python observer fires -> it sets a
  Label, whose change reaches the page. For the map the edit is an inline cell edit
  (``on_edit``); for the peer, typing into an ``ipywidgets.Text`` (``observe``).
  Goal: <= 1.2x the Text figure.
- bytes: every websocket frame, both directions, for a one-cell edit made in the page
  and one made in Python, on maps of 100 and 5,000 touchpoints, against an ipywidgets
  Text edit (page: typing; Python: ``text.value = ...``). Goal: <= 1.5x the Text
  baseline at both sizes.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from browser import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import Page, sync_playwright

from tests.e2e.lab import running_lab
from tests.e2e.notebook_page import NotebookPage

REPEATS = 15
SETUP = """
import ipywidgets, pandas as pd, cjm_widgets as cjm
base = cjm.templates.load("digital-5-online-banking")
def sized(n):
    tp = base.touchpoints
    rows = tp.iloc[[i % len(tp) for i in range(n)]].reset_index(drop=True).assign(id=[f"t{i}" for i in range(n)])
    return cjm.Journey(rows, base.stages)
m100, m5000 = cjm.JourneyMap(sized(100)), cjm.JourneyMap(sized(5000))
text = ipywidgets.Text("start")
map_label, text_label = ipywidgets.Label("-"), ipywidgets.Label("-")
map_label.add_class("bench-map-label"); text_label.add_class("bench-text-label")
to_label = lambda e: setattr(map_label, "value", str(e.new))
m100.on_edit(to_label)
text.observe(lambda c: setattr(text_label, "value", c["new"]), "value")
ipywidgets.VBox([text, text_label, map_label, m100])
"""
BIG = "m5000"  # in a cell of its own, as a user would show it

# Resolves when ``watched`` shows ``value`` (prefixed to both page scripts below).
SHOWS = """const shows = (watched, value) => new Promise(done => {
  const check = () => { if (watched.textContent.includes(value)) { mo.disconnect(); done(); } };
  const mo = new MutationObserver(check);
  mo.observe(watched, {subtree: true, childList: true, characterData: true});
  check();
});"""

# Commit an inline edit on a map cell, resolve when ``label`` shows the new value.
MAP_EDIT = """async ([mapIndex, rowId, value, label]) => { SHOWS
  const map = document.querySelectorAll('.cjm-journey-map')[mapIndex];
  const cell = map.querySelector(`[data-lane='thought'][data-id='${rowId}']`);
  cell.dispatchEvent(new MouseEvent('dblclick', {bubbles: true}));
  const editor = map.querySelector('.cjm-editor');
  editor.value = value;
  const watched = label ? document.querySelector(label) : null;
  const t0 = performance.now();
  editor.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
  if (watched) await shows(watched, value);
  return performance.now() - t0;
}"""

MAP_EDIT = MAP_EDIT.replace("SHOWS", SHOWS)

# Type into the Text widget, resolve when ``label`` shows the new value.
TEXT_EDIT = """async ([value, label]) => { SHOWS
  const input = document.querySelector('.widget-text input');
  const watched = label ? document.querySelector(label) : null;
  input.value = value;
  const t0 = performance.now();
  input.dispatchEvent(new Event('input', {bubbles: true}));
  if (watched) await shows(watched, value);
  return performance.now() - t0;
}"""

TEXT_EDIT = TEXT_EDIT.replace("SHOWS", SHOWS)


class Frames:
    """Counts websocket bytes, both directions, between two calls of ``take``."""

    def __init__(self, page: Page) -> None:
        self.sent = self.received = 0
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:  # type: ignore[no-untyped-def]
        ws.on("framesent", lambda payload: self._add("sent", payload))
        ws.on("framereceived", lambda payload: self._add("received", payload))

    def _add(self, direction: str, payload: str | bytes) -> None:
        size = len(payload.encode() if isinstance(payload, str) else payload)
        setattr(self, direction, getattr(self, direction) + size)

    def take(self) -> tuple[int, int]:
        out = (self.sent, self.received)
        self.sent = self.received = 0
        return out


def quiet(page: Page, ms: int = 1500) -> None:
    page.wait_for_timeout(ms)


def main() -> None:
    base = Path(tempfile.mkdtemp())
    with running_lab(base) as lab, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        frames = Frames(page)
        notebook = NotebookPage(page, lab)
        notebook.open(lab.write_notebook("bench.ipynb", SETUP, BIG)).run_all(timeout=300_000)
        page.locator(".cjm-journey-map").nth(1).wait_for()

        map_rt = [page.evaluate(MAP_EDIT, [0, "t1", f"m{i}", ".bench-map-label"]) for i in range(REPEATS)]
        text_rt = [page.evaluate(TEXT_EDIT, [f"x{i}", ".bench-text-label"]) for i in range(REPEATS)]
        ours, peer = statistics.median(map_rt), statistics.median(text_rt)
        print(f"{'figure':<52}{'cjm_widgets':>14}{'ipywidgets.Text':>17}")
        print(
            f"{'edit round trip, page -> Python observer -> page (ms)':<52}{ours:>14.1f}{peer:>17.1f}"
            f"   ratio {ours / peer:.2f} (goal <= 1.2)"
        )

        notebook.run_code("m100.on_edit(to_label, remove=True)\ntext.unobserve_all()")
        quiet(page)
        frames.take()
        page.evaluate(TEXT_EDIT, ["bytes-text", None])
        quiet(page)
        text_page = frames.take()
        notebook.run_code("text.value = 'from python'")
        quiet(page)
        text_python = frames.take()
        rows = []
        for index, (name, n) in enumerate((("m100", 100), ("m5000", 5000))):
            page.evaluate(MAP_EDIT, [index, "t2", f"bytes-{n}", None])
            quiet(page)
            in_page = frames.take()
            notebook.run_code(f"with {name}.edit() as df:\n    df.loc[3, 'thought'] = 'from python'")
            quiet(page)
            rows.append((n, in_page, frames.take()))
        print(f"{'websocket bytes (sent / received)':<52}{'map':>14}{'Text':>17}")
        for n, in_page, in_python in rows:
            for label, ours_b, peer_b in (("page", in_page, text_page), ("Python", in_python, text_python)):
                ratio = sum(ours_b) / sum(peer_b)
                print(
                    f"{f'  one-cell edit in the {label}, {n:,} touchpoints':<52}"
                    f"{f'{ours_b[0]} / {ours_b[1]}':>14}{f'{peer_b[0]} / {peer_b[1]}':>17}"
                    f"   ratio {ratio:.2f} (goal <= 1.5)"
                )
        browser.close()


if __name__ == "__main__":
    main()
