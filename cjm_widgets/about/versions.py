"""The versions and choices of this install, as a dict and as the text ``--info`` prints."""

from __future__ import annotations

import json
import platform
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .. import __version__
from ..analytics.pass_status import active_pass
from ..render.bundle import bundle_info

__all__ = ["DEPENDENCIES", "ENGINES", "installed", "report", "show_versions"]

# What a map needs (and numpy, which the analytics passes run on).
DEPENDENCIES = ("anywidget", "ipywidgets", "pandas", "bqplot", "numpy", "narwhals", "nbformat", "traitlets")
# Engines from_events and flows run inside (pandas always); found by distribution, never imported
# (importing pyspark alone takes seconds).
ENGINES = ("polars", "duckdb", "pyspark", "pyarrow")
# Optional features and what they add.
EXTRAS = {"openpyxl": "Excel files", "nbconvert": "cjm-report pages", "jupyterlab": "JupyterLab"}


def _version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def installed() -> dict[str, Any]:
    """This install as a JSON-safe dict: package, Python, dependencies, analytics pass, engines, front end."""
    status = active_pass()
    bundle = bundle_info()
    return {
        "cjm_widgets": {"version": __version__, "location": str(Path(__file__).resolve().parent.parent)},
        "python": {
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "platform": f"{sys.platform} {platform.machine()}",
        },
        "dependencies": {name: _version(name) for name in DEPENDENCIES},
        "analytics_pass": {
            "name": status.name,
            "reason": status.reason,
            "warn": status.warn,
            "compiled_text_encoder": status.text_encoder,
        },
        "engines": {"pandas": _version("pandas"), **{name: _version(name) for name in ENGINES}},
        "optional": {name: _version(name) for name in EXTRAS},
        "front_end": {"version": bundle.version, "files": bundle.files, "problems": list(bundle.problems)},
    }


def _rows(title: str, values: dict[str, str | None], missing: str = "not installed") -> list[str]:
    width = max([14, *map(len, values)])
    return [title, *(f"  {name:<{width}} {value or missing}" for name, value in values.items())]


def report(info: dict[str, Any]) -> str:
    """The text ``python -m cjm_widgets --info`` prints for :func:`installed`'s dict."""
    package, python, passed, front = info["cjm_widgets"], info["python"], info["analytics_pass"], info["front_end"]
    lines = [
        f"cjm_widgets {package['version']}",
        f"  location       {package['location']}",
        f"Python           {python['version']} ({python['implementation']}, {python['platform']})",
        *_rows("dependencies", info["dependencies"]),
        "analytics pass (from_events on in-memory logs)",
        f"  active         {passed['name']}",
        f"  why            {passed['reason']}",
        f"  text encoder   {'compiled' if passed['compiled_text_encoder'] else 'not compiled (pyarrow or numpy)'}",
        *_rows("engines (from_events, flows, conformance)", info["engines"]),
        *_rows("optional", {f"{name} ({what})": info["optional"][name] for name, what in EXTRAS.items()}),
        "front end",
        f"  bundle         {front['version'] or 'NOT BUILT'} ({front['files']} files"
        + (", all as built)" if not front["problems"] else ")"),
    ]
    lines += [f"  problem        {problem}" for problem in front["problems"]]
    if passed["warn"]:
        lines += [
            "",
            f"WARNING: from_events runs its numpy pass, several times slower on big logs: {passed['reason']}.",
            "  Reinstall with a C compiler and Python's headers (e.g. `apt install gcc python3-dev`,",
            "  then `pip install --force-reinstall --no-binary cjm_widgets cjm_widgets`) for the compiled pass.",
        ]
    if front["problems"]:
        lines += ["", "WARNING: the front end is incomplete: maps will not draw. Reinstall cjm_widgets."]
    return "\n".join(lines)


def show_versions(as_json: bool = False) -> None:
    """Print the versions and choices of this install: what to paste into a bug report.

    Package, Python, anywidget/ipywidgets/pandas/bqplot/numpy versions, the analytics pass
    ``from_events`` uses (compiled or numpy, and why), the engines it can run inside, and
    the front end bundle's version. ``as_json=True`` prints :func:`~cjm_widgets.about.installed`'s dict as JSON.
    """
    info = installed()
    print(json.dumps(info, indent=2) if as_json else report(info))
