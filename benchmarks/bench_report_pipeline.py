"""Report time for notebooks 01-08 in one step, beside plain ``nbconvert --to html --execute``.

Each notebook is executed and exported by the command a report author types in
a CI job (a fresh process, wall time, best of ``ROUNDS``):

    jupyter nbconvert --to cjm-report --execute NOTEBOOK     (ours: maps drawn offline)
    jupyter nbconvert --to html --execute NOTEBOOK           (the peer: maps need a CDN)

Both run in a scratch copy of notebooks/ so files the notebooks write stay out of the repository.
Usage: python benchmarks/bench_report_pipeline.py [rounds]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 2


def wall_time(folder: Path, notebook: str, to: str) -> tuple[float, int]:
    """Best wall time of the export, and the size of the page it wrote."""
    best = float("inf")
    out = f"{Path(notebook).stem}-{to}"
    for _ in range(ROUNDS):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "nbconvert", "--to", to, "--execute", "--output", out, notebook],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        best = min(best, time.perf_counter() - start)
    return best, (folder / f"{out}.html").stat().st_size


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for path in NOTEBOOKS:
            shutil.copy(path, folder / path.name)
        print(f"{'notebook':36} {'cjm-report':>11} {'html':>8} {'ratio':>6} {'report size':>12} {'html size':>10}")
        total = [0.0, 0.0]
        for path in NOTEBOOKS:
            ours, our_size = wall_time(folder, path.name, "cjm-report")
            peer, peer_size = wall_time(folder, path.name, "html")
            total[0] += ours
            total[1] += peer
            print(
                f"{path.stem:36} {ours:10.2f}s {peer:7.2f}s {ours / peer:5.2f}x "
                f"{our_size / 1e6:10.2f}MB {peer_size / 1e6:8.2f}MB",
                flush=True,
            )
        print(f"{'all 8 notebooks':36} {total[0]:10.2f}s {total[1]:7.2f}s {total[0] / total[1]:5.2f}x")


if __name__ == "__main__":
    main()
