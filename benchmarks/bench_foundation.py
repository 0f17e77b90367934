"""Foundation figures, each beside a peer measured in the same run.

- wall time of ``import cjm_widgets`` (fresh interpreter)  vs ``import pandas`` and ``import ipywidgets``
- wall time of ``templates.load(name)``                    vs ``json.loads`` + ``pd.DataFrame`` of the same file
- gzipped size of the JS bundle                            vs bqplot's and anywidget's lab extensions
"""

from __future__ import annotations

import gzip
import json
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pandas as pd

import cjm_widgets as cjm

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 7


def import_time(module: str) -> float:
    """Median wall time (s) of importing ``module`` in a fresh interpreter."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(REPEATS)]
    return statistics.median(runs)


def median_time(fn: object, repeats: int = 30) -> float:
    runs = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def gz_size(paths: list[Path]) -> int:
    return sum(len(gzip.compress(p.read_bytes(), 9)) for p in paths)


def main() -> None:
    print(f"{'figure':<48}{'cjm_widgets':>14}{'peer':>14}  peer")
    row = "{:<48}{:>14}{:>14}  {}"
    ours = import_time("cjm_widgets")
    print(
        row.format(
            "import time (ms, median of 7)", f"{ours * 1e3:.0f}", f"{import_time('pandas') * 1e3:.0f}", "import pandas"
        )
    )
    print(row.format("", "", f"{import_time('ipywidgets') * 1e3:.0f}", "import ipywidgets"))

    data = ROOT / "cjm_widgets" / "templates" / "data"
    for name in cjm.templates.names():
        raw = (data / f"{name}.cjm.json").read_bytes()

        def peer(raw: bytes = raw) -> None:  # plain parse, no validation, no dtypes
            obj = json.loads(raw)
            pd.DataFrame(obj["touchpoints"]["data"], columns=[c["name"] for c in obj["touchpoints"]["columns"]])

        ms = median_time(lambda name=name: cjm.templates.load(name)) * 1e3
        print(
            row.format(
                f"templates.load({name!r}) ms", f"{ms:.2f}", f"{median_time(peer) * 1e3:.2f}", "json.loads + DataFrame"
            )
        )

    # What a notebook loads: offline.js only ever goes into exported pages (to_html, cjm-report).
    bundle = sorted(p for p in (ROOT / "cjm_widgets" / "static").glob("*.js") if p.stem != "offline")
    ext = Path(sysconfig.get_paths()["data"]) / "share" / "jupyter" / "labextensions"
    print(
        row.format(
            "JS bundle, gzipped (bytes)",
            f"{gz_size(bundle):,}",
            f"{gz_size(sorted((ext / 'bqplot').rglob('*.js'))):,}",
            "bqplot lab extension",
        )
    )
    print(row.format("", "", f"{gz_size(sorted((ext / 'anywidget').rglob('*.js'))):,}", "anywidget lab extension"))


if __name__ == "__main__":
    main()
