"""Autosave cost per applied edit, beside pandas writing the same touchpoints, in the same run.

Autosave writes the whole map synchronously after every applied edit (atomic:
temp file, fsync, rename), so the last edit is always on disk. This measures
whether that is cheap enough not to need coalescing, on maps of 1,000 and
5,000 touchpoints:

- ours: one ``set`` edit applied through ``Journey.apply`` with autosave on
  (edit + full atomic write), and the same edit with autosave off;
- peer: ``DataFrame.to_json(orient="table")`` of the same touchpoints to a file
  (pandas' own lossless-ish JSON, no fsync, no rename) - what a user would call by hand.

Goal: an autosaved edit under 50 ms at 1,000 touchpoints (a person's edits are
seconds apart; a drag sends one edit on drop).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import cjm_widgets as cjm
from cjm_widgets.io.autosave import Autosave

REPEATS = 25


def sized(n: int) -> cjm.Journey:
    base = cjm.templates.load("digital-5-online-banking")
    tp = base.touchpoints
    rows = tp.iloc[[i % len(tp) for i in range(n)]].reset_index(drop=True).assign(id=[f"t{i}" for i in range(n)])
    return cjm.Journey(rows, base.stages, title=f"{n} touchpoints")


def median_ms(fn: Callable[[int], object]) -> float:
    times = []
    for i in range(REPEATS):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def edit_ms(journey: cjm.Journey) -> float:
    return median_ms(lambda i: journey.apply({"op": "set", "id": "t7", "column": "thought", "value": f"edit {i}"}))


def measure(n: int, folder: Path) -> None:
    plain, saved = sized(n), sized(n)
    Autosave(saved, folder / f"map{n}.cjm.json")
    no_save, with_save = edit_ms(plain), edit_ms(saved)
    frame = saved.touchpoints
    peer = median_ms(lambda i: frame.to_json(folder / f"peer{n}.json", orient="table"))
    print(f"{n:>11,}  {no_save:>15.2f} ms  {with_save:>13.2f} ms  {peer:>12.2f} ms")
    size = (folder / f"map{n}.cjm.json").stat().st_size
    print(f"{'':>11}  file: {size / 1024:,.0f} KiB; autosave adds {with_save - no_save:.2f} ms per edit")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'touchpoints':>11}  {'edit, no autosave':>18}  {'edit + autosave':>16}  {'pandas to_json':>15}")
        for n in (1_000, 5_000):
            measure(n, Path(folder))


if __name__ == "__main__":
    main()
