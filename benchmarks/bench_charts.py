"""Charts after a change, on the issue's data: 1,000 touchpoints x 5 metrics x 12 periods.

Kernel side (what Python does before the front end draws): the clock runs from the
assignment to the moment every chart's marks hold the new data, ready to sync.

- metrics: ``journey.metrics = table`` (60,000 rows) until the MetricsPanel's bars are
  updated (stage aggregates of touchpoint metrics, latest period). Ours includes the
  journey's validation and the map's metric lanes (the same assignment updates both). Peer: what one writes
  by hand for the same bars: ``pivot_table`` of the latest period by stage, then a new
  bqplot ``Figure`` with ``Bars`` per metric.
- emotion: one emotion edit until the EmotionCurve (and its peak-end markers on the map)
  moved. Peer: rebuilding a bqplot ``Lines`` + ``Scatter`` figure from the DataFrame.
The browser's own drawing is not timed here (bqplot's, the same on both sides).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import bqplot
import numpy as np
import pandas as pd

import cjm_widgets as cjm

N, METRICS, PERIODS, REPEATS = 1000, 5, 12, 7


def journey() -> cjm.Journey:
    base = cjm.templates.load("digital-5-online-banking")
    tp = base.touchpoints
    rows = tp.iloc[[i % len(tp) for i in range(N)]].reset_index(drop=True).assign(id=[f"t{i}" for i in range(N)])
    return cjm.Journey(rows, base.stages)


def tables(j: cjm.Journey, count: int) -> list[pd.DataFrame]:
    names = ["conversion", "drop_off", "csat", "time_min", "visits"]
    rng = np.random.default_rng(0)
    ids = j.touchpoints["id"].to_numpy()
    base = pd.DataFrame(
        {
            "touchpoint_id": np.tile(np.repeat(ids, PERIODS), len(names)),
            "metric": np.repeat(names, N * PERIODS),
            "period": np.tile([f"2024-{p:02d}" for p in range(1, PERIODS + 1)], N * len(names)),
        }
    )
    return [base.assign(value=rng.random(len(base)) * 5) for _ in range(count)]


def timed(fn: Callable[[int], object]) -> float:
    runs = []
    for run in range(REPEATS):
        t0 = time.perf_counter()
        fn(run)
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


def peer_metrics(j: cjm.Journey, table: pd.DataFrame) -> bqplot.Figure:
    stage_of = j.touchpoints.set_index("id")["stage"]
    latest = table[table["period"] == table["period"].max()]
    wide = latest.assign(stage=latest["touchpoint_id"].map(stage_of)).pivot_table(
        index="stage", columns="metric", values="value"
    )
    x, y = bqplot.OrdinalScale(), bqplot.LinearScale()
    marks = [bqplot.Bars(x=wide.index.tolist(), y=wide[c].to_numpy(), scales={"x": x, "y": y}) for c in wide]
    return bqplot.Figure(marks=marks, axes=[bqplot.Axis(scale=x), bqplot.Axis(scale=y, side="left")])


def peer_curve(tp: pd.DataFrame) -> bqplot.Figure:
    x, y = bqplot.LinearScale(), bqplot.LinearScale()
    xs, ys = np.arange(len(tp), dtype="float64"), tp["emotion"].to_numpy(dtype="float64")
    marks = [bqplot.Lines(x=xs, y=ys, scales={"x": x, "y": y}), bqplot.Scatter(x=xs, y=ys, scales={"x": x, "y": y})]
    return bqplot.Figure(marks=marks, axes=[bqplot.Axis(scale=x), bqplot.Axis(scale=y, side="left")])


def main() -> None:
    j = journey()
    fresh = tables(j, REPEATS + 1)
    j.metrics = fresh[-1]
    m = cjm.JourneyMap(j)
    panel = cjm.MetricsPanel(m)
    curve = cjm.EmotionCurve(m)

    def assign(run: int) -> None:
        j.metrics = fresh[run]
        assert panel.bars["rates"].y is not None

    ours_metrics = timed(assign)
    peer_metrics_ms = timed(lambda run: peer_metrics(j, fresh[run]))

    where = j.touchpoints["id"].tolist().index("t500")  # its place in map order

    def edit(run: int) -> None:
        j.apply({"op": "set", "id": "t500", "column": "emotion", "value": [-2.0, 2.0][run % 2]})
        assert curve.curves[0].y[where] == [-2.0, 2.0][run % 2]

    ours_curve = timed(edit)
    peer_curve_ms = timed(lambda run: peer_curve(j.touchpoints))
    print(f"Charts, {N:,} touchpoints x {METRICS} metrics x {PERIODS} periods (median of {REPEATS}, kernel side):")
    print(
        f"  assign metrics -> map + MetricsPanel        ours {ours_metrics:7.1f} ms"
        f" | peer (pivot_table + new bqplot bars) {peer_metrics_ms:7.1f} ms"
    )
    print(
        f"  one emotion edit -> EmotionCurve (+ markers) ours {ours_curve:7.1f} ms"
        f" | peer (new bqplot line + scatter)   {peer_curve_ms:7.1f} ms"
    )
    print("  (the map's own update after assigning metrics: benchmarks/bench_metrics.py)")


if __name__ == "__main__":
    main()
