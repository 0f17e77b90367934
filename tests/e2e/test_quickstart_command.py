"""The README's quick-start command opens JupyterLab with the template's map already drawn."""

from __future__ import annotations

import subprocess
from pathlib import Path

from playwright.sync_api import Browser, expect

import cjm_widgets as cjm

from .lab import _stop, _wait_ready, free_port

ROOT = Path(__file__).resolve().parents[2]


def test_quickstart_script_shows_the_map_without_running_anything(browser: Browser, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "quickstart.log"
    args = [
        "--ServerApp.token=",
        "--no-browser",  # (no --allow-root: the script must add it itself when run as root, as on CI)
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--LabApp.news_url=",
        f"--LabApp.workspaces_dir={tmp_path}",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", "scripts/quickstart.sh", *args], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_ready(url, process, log, timeout=600)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/lab/tree/01_quickstart.ipynb?reset")
        first_map = page.locator(".cjm-journey-map").first
        expect(first_map).to_be_visible(timeout=60_000)
        journey = cjm.templates.load("colleen-vacuum")
        for stage in journey.stage_names:
            expect(first_map.locator(".cjm-stage-header", has_text=stage)).to_have_count(1)
        page.close()
    finally:
        _stop(process)
