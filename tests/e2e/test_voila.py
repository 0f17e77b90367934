"""A page served by Voila tries to unlock a read-only map, and fails: Python decides.

The notebook shows a read-only map autosaved to a file, and writes what its
kernel holds to ``kernel_state.json`` whenever the map or its journey changes.
The attacker is the page itself: with the kernel id the page was given, it
opens its own websocket to the kernel (as any script in the page could) and
speaks the widget protocol directly to every widget comm: a standard
``update`` setting ``editable=True`` and ``locked=[]``, an edit of a cell, then
an allowed ``update`` (``selected_stage``) that proves its messages arrive. A
second page does the same to a read-only map's emotion curve: a drag, and
traits of its marks, axes, scales and figure that bqplot alone would accept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
from playwright.sync_api import Browser, expect

import cjm_widgets as cjm

from .lab import running_voila

CODE = """\
import json, pathlib
import cjm_widgets as cjm

m = cjm.JourneyMap(cjm.templates.load("equipment-repair"), editable=False, autosave="map.cjm.json", overwrite=True)


def record(*_):
    state = {
        "editable": m.editable,
        "locked": list(m.locked),
        "selected_stage": m.selected_stage,
        "first_thought": m.touchpoints["thought"].iloc[0],
        "revision": m.journey.revision,
    }
    pathlib.Path("kernel_state.json").write_text(json.dumps(state))


record()
m.observe(record, names=["editable", "locked", "selected_stage"])
m.journey.observe(record)
m
"""

# Runs in the page: a second kernel connection speaking Jupyter's JSON websocket protocol.
ATTACK = """
async (messages) => {
  const config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
  const url = `ws://${location.host}${config.baseUrl}api/kernels/${config.kernelId}/channels?session_id=page-attack`;
  const ws = new WebSocket(url);
  const seen = [];
  const message = (type, content, channel) => ({
    header: { msg_id: crypto.randomUUID(), msg_type: type, username: "page", session: "page-attack",
              date: new Date().toISOString(), version: "5.3" },
    parent_header: {}, metadata: {}, content, channel, buffers: [],
  });
  const reply = (type) => new Promise((resolve) => {
    ws.addEventListener("message", function on(event) {
      const msg = JSON.parse(event.data);
      if (msg.header.msg_type === type) { ws.removeEventListener("message", on); resolve(msg); }
    });
  });
  ws.addEventListener("message", (event) => {
    const msg = JSON.parse(event.data);
    if (msg.header.msg_type === "comm_msg") seen.push(msg.content.data);
  });
  await new Promise((resolve) => ws.addEventListener("open", resolve));
  const info = reply("comm_info_reply");
  ws.send(JSON.stringify(message("comm_info_request", { target_name: "jupyter.widget" }, "shell")));
  const comms = Object.keys((await info).content.comms);
  const send = (data) => {
    for (const comm_id of comms) ws.send(JSON.stringify(message("comm_msg", { comm_id, data }, "shell")));
  };
  for (const data of messages) send(data);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  ws.close();
  return { comms: comms.length, seen };
}
"""


def dashboard(path: Path, code: str) -> Path:
    """A one-cell notebook for Voila to serve."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_a_voila_page_cannot_unlock_a_read_only_map(browser: Browser, tmp_path: Path) -> None:
    path = dashboard(tmp_path / "dashboard.ipynb", CODE)
    journey = cjm.templates.load("equipment-repair")
    first = journey.touchpoints.iloc[0]
    stage = journey.stage_names[1]
    state_file = tmp_path / "kernel_state.json"
    with running_voila(tmp_path, path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        expect(page.locator(".cjm-journey-map")).to_be_visible(timeout=90_000)
        saved = (tmp_path / "map.cjm.json").read_bytes()
        edit = {"op": "set", "id": first["id"], "column": "thought", "value": "Hacked from the page"}
        messages = [
            {"method": "update", "state": {"editable": True, "locked": []}, "buffer_paths": []},
            {"method": "custom", "content": {"type": "edit", "edit_id": "attack-1", "rev": 0, "op": edit}},
            {"method": "update", "state": {"selected_stage": stage}, "buffer_paths": []},
        ]
        result: dict[str, Any] = page.evaluate(ATTACK, messages)
        expect(page.locator(".cjm-journey-map")).to_be_visible()
        page.close()
        kernel = json.loads(state_file.read_text())
    assert result["comms"] >= 1
    assert kernel["selected_stage"] == stage  # the page's messages reached the kernel...
    assert kernel["editable"] is False and kernel["locked"] == []  # ...and could not unlock the map
    assert kernel["first_thought"] == first["thought"] and kernel["revision"] == 0  # the DataFrame is unchanged
    assert (tmp_path / "map.cjm.json").read_bytes() == saved  # and so is its autosave file
    customs = [d["content"] for d in result["seen"] if d.get("method") == "custom"]
    assert {"type": "reject", "edit_id": "attack-1"}.items() <= customs[0].items()
    assert "read-only" in customs[0]["message"]
    rolled_back = [d["state"] for d in result["seen"] if d.get("method") == "update" and "editable" in d["state"]]
    assert rolled_back and rolled_back[0]["editable"] is False  # the page was told Python's value


CHART_CODE = """\
import json, pathlib
import cjm_widgets as cjm

m = cjm.JourneyMap(cjm.templates.load("equipment-repair"), editable=False)
curve = cjm.EmotionCurve(m)
points = curve.points[0]


def record(*_):
    state = {
        "emotions": [None if e != e else e for e in m.touchpoints["emotion"].tolist()],
        "y": points.y.tolist(),
        "x": points.x.tolist(),
        "enable_move": points.enable_move,
        "title": curve.figure.title,
        "y_min": curve.y_scale.min,
        "hovered_point": points.hovered_point,
        "revision": m.journey.revision,
    }
    pathlib.Path("kernel_state.json").write_text(json.dumps(state))


record()
points.observe(record)
curve.figure.observe(record)
curve.y_scale.observe(record)
m.journey.observe(record)
curve
"""


def test_a_voila_page_cannot_set_a_charts_bqplot_marks(browser: Browser, tmp_path: Path) -> None:
    """The page sends bqplot updates to every comm: a drag of a read-only chart, and axis/figure/scale traits."""
    path = dashboard(tmp_path / "chart.ipynb", CHART_CODE)
    state_file = tmp_path / "kernel_state.json"
    with running_voila(tmp_path, path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        expect(page.locator(".cjm-chart-emotion")).to_be_visible(timeout=90_000)
        before = json.loads(state_file.read_text())
        n = len(before["y"])
        hostile = {"y": [2.0] * n, "x": [0.0] * n, "enable_move": False, "restrict_y": False}
        hostile |= {"title": "Owned", "min": 100.0, "max": 200.0, "marks": []}
        messages = [
            {"method": "update", "state": hostile, "buffer_paths": []},
            {"method": "update", "state": {"hovered_point": 0}, "buffer_paths": []},  # allowed: shows we got through
        ]
        result: dict[str, Any] = page.evaluate(ATTACK, messages)
        page.close()
        kernel = json.loads(state_file.read_text())
    assert result["comms"] >= 5  # the box, the figure, its marks, axes and scales
    assert kernel["hovered_point"] == 0  # the page's messages reached the kernel...
    for key in ("emotions", "y", "x", "enable_move", "title", "y_min", "revision"):
        assert kernel[key] == before[key], key  # ...and changed nothing else
    # The scales tell the page Python's values back (updates with binary arrays come as frames this page skips).
    rolled_back = [d["state"] for d in result["seen"] if d.get("method") == "update" and "min" in d["state"]]
    assert any(state["min"] == before["y_min"] for state in rolled_back)
