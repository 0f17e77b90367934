"""A real JupyterLab on 127.0.0.1 and Debian's Chromium, for end-to-end tests.

The server gets its own root, settings, workspaces and runtime folders so a
developer's own JupyterLab state never leaks into a test (or the reverse).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Lab:
    """A running JupyterLab server: its URL, root folder and log."""

    def __init__(self, url: str, root: Path, log: Path, process: subprocess.Popen[bytes], app: str = "lab") -> None:
        self.app = app
        self.url = url
        self.root = root
        self.log = log
        self.process = process

    def notebook_url(self, name: str) -> str:
        if self.app == "notebook":
            return f"{self.url}/notebooks/{name}"
        # ?reset: start from an empty workspace, not the notebooks an earlier test left open.
        return f"{self.url}/lab/tree/{name}?reset"

    def add_notebook(self, source: Path, name: str | None = None) -> str:
        """Copy a notebook into the server's root; returns its name there."""
        target = self.root / (name or source.name)
        shutil.copy(source, target)
        return target.name

    def write_notebook(self, name: str, *sources: str) -> str:
        """Write a notebook of code cells into the server's root; returns its name."""
        import nbformat

        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
        nbformat.write(nb, self.root / name)
        return name

    def set_theme(self, theme: str) -> None:
        """Write the theme into the user settings (read when a page loads)."""
        write_setting(self.root.parent / "settings", "apputils-extension", "themes", {"theme": theme})


def write_setting(settings: Path, extension: str, plugin: str, values: dict[str, object]) -> None:
    folder = settings / "@jupyterlab" / extension
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{plugin}.jupyterlab-settings").write_text(json.dumps(values))


@contextmanager
def running_voila(base: Path, notebook: Path) -> Iterator[str]:
    """Serve one notebook with Voila on a free loopback port; yields its URL."""
    port = free_port()
    log = base / "voila.log"
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        "--Voila.tornado_settings={'allow_origin': ''}",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=notebook.parent,
            env={**os.environ, "JUPYTER_RUNTIME_DIR": str(base / "runtime")},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, log, path="/")
        yield url
    finally:
        _stop(process)


@contextmanager
def running_lab(base: Path, app: str = "lab") -> Iterator[Lab]:
    """Start ``jupyter lab`` (or ``notebook``) on a free loopback port; stop it afterwards."""
    root, settings, workspaces, runtime = (base / n for n in ("root", "settings", "workspaces", "runtime"))
    for folder in (root, settings, workspaces, runtime):
        folder.mkdir(parents=True, exist_ok=True)
    # No news pop-up, and no kernel picker: start the notebook's own kernel, as a user's lab would.
    write_setting(settings, "apputils-extension", "notification", {"fetchNews": "false", "checkForUpdates": False})
    write_setting(settings, "notebook-extension", "tracker", {"autoStartDefaultKernel": True})
    port = free_port()
    log = base / f"{app}.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "JUPYTER_PLATFORM_DIRS": "1"}
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        app,
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={root}",
        "--no-browser",
        "--allow-root",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={workspaces}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=",
    ]
    if app == "notebook":
        cmd = [c.replace("--LabApp.", "--JupyterNotebookApp.") for c in cmd if "news_url" not in c]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, log)
        yield Lab(url, root, log, process, app)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_ready(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90, path: str = "/api/status"
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Jupyter exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"Jupyter did not answer on {url} within {timeout}s:\n{log.read_text()[-3000:]}")


@contextmanager
def running_app(base: Path, cmd: list[str], name: str, ready_path: str = "/") -> Iterator[str]:
    """Serve an app (marimo, Panel, Solara...) on a free loopback port; ``{port}`` in ``cmd`` is filled in.

    Yields its URL; the server is stopped afterwards.
    """
    port = free_port()
    log = base / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [c.replace("{port}", str(port)) for c in cmd], stdout=out, stderr=subprocess.STDOUT, cwd=base
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, log, path=ready_path)
        yield url
    finally:
        _stop(process)
