"""Event-log analytics figures, each beside a peer measured in the same run.

- ``from_events`` on pandas / Polars input      vs pm4py's directly-follows discovery (``discover_dfg``)
  (Polars: an eager DataFrame, read through its own memory, and a LazyFrame, which runs in Polars)
- ``transitions`` on pandas input               vs pm4py's ``discover_dfg``
- ``from_events`` on DuckDB input               vs hand-written DuckDB SQL: transitions + the same funnel figures
- ``transitions`` on DuckDB input               vs the hand-written SQL transitions query
- peak memory of each (extra resident memory while it runs, over the loaded log)
- a floor: ordering the events by user and time as from_events does it on pandas (a counting sort
  of the users over the time-ordered log), which any directly-follows count needs
- the first call in a fresh interpreter, beside the best: on a VM, fresh memory (page faults)
  costs more than the arithmetic, and the first call pays it in full

The log is synthetic (``cjm.datasets.events``) on a 50-touchpoint journey, about 5 events per user
(~200k users for 1M events). Each figure runs in a fresh interpreter that loads the log from Parquet
into its engine first; times are the best of ``--repeats`` runs (the least disturbed by other
work on the machine). Ours and the peer are measured in turn, ``--rounds`` times each, so a burst
of other work on a shared machine hits both alike; the load average is printed before and after.

Usage: .venv/bin/python benchmarks/bench_events.py [--events 10000000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import cjm_widgets as cjm

STAGES = ["Awareness", "Consideration", "Purchase", "Retention", "Advocacy"]
KW: dict[str, Any] = {"user": "user_id", "time": "timestamp", "touchpoint": "touchpoint"}


def big_journey(n_touchpoints: int) -> cjm.Journey:
    """A journey of ``n_touchpoints`` spread evenly over five stages."""
    rng = np.random.default_rng(0)
    stage = [STAGES[i * len(STAGES) // n_touchpoints] for i in range(n_touchpoints)]
    channels = ["Web", "App", "Email", "Phone", "Social", "Chat", "Branch"]
    return cjm.Journey(
        pd.DataFrame(
            {
                "stage": stage,
                "touchpoint": [f"{s} touchpoint {i + 1:02d}" for i, s in enumerate(stage)],
                "channel": [channels[i % len(channels)] for i in range(n_touchpoints)],
                "emotion": rng.choice([-2, -1, -0.5, 0, 0.5, 1, 2], n_touchpoints),
            }
        ),
        stages=STAGES,
    )


def make_log(n_events: int, n_touchpoints: int, folder: Path) -> Path:
    journey = big_journey(n_touchpoints)
    # Shorter journeys than the default (drop_off=2): ~5 events a user, as in many web logs.
    per_user = len(cjm.datasets.events(n_users=5000, seed=1, journey=journey, drop_off=2.0)) / 5000
    log = cjm.datasets.events(n_users=round(n_events / per_user), seed=0, journey=journey, drop_off=2.0)
    log["case"] = log["user_id"].astype(str)  # pm4py wants text case ids (made here, not timed)
    path = folder / "events.parquet"
    log.to_parquet(path)
    print(f"log: {len(log):,} events, {log['user_id'].nunique():,} users, {log['touchpoint'].nunique()} touchpoints")
    return path


# Hand-written DuckDB SQL, as an analyst would write it: the transitions, and the same funnel
# figures from_events reports (reach, drop-off and time to next per touchpoint; reach, first
# step and furthest stage per stage), over one temp table of each user's ordered events.
SQL_TRANSITIONS = """
WITH ev AS (
  SELECT user_id, touchpoint,
         lead(touchpoint) OVER w AS next_tp,
         epoch(lead("timestamp") OVER w) - epoch("timestamp") AS gap
  FROM events WINDOW w AS (PARTITION BY user_id ORDER BY "timestamp", touchpoint)
)
SELECT touchpoint AS "from", next_tp AS "to", count(*) AS count, count(DISTINCT user_id) AS users,
       median(gap) AS median_gap
FROM ev WHERE next_tp IS NOT NULL GROUP BY ALL
"""
SQL_FUNNEL = [
    f"""
CREATE OR REPLACE TEMP TABLE ev AS
SELECT user_id, touchpoint, list_position({STAGES!r}, stage) AS stage,
       lead(touchpoint) OVER w AS next_tp,
       epoch(lead("timestamp") OVER w) - epoch("timestamp") AS gap,
       row_number() OVER w AS step
FROM events WINDOW w AS (PARTITION BY user_id ORDER BY "timestamp", touchpoint)
""",
    """
SELECT touchpoint AS "from", next_tp AS "to", count(*) AS count, count(DISTINCT user_id) AS users,
       median(gap) AS median_gap
FROM ev WHERE next_tp IS NOT NULL GROUP BY ALL
""",
    """
SELECT touchpoint, count(DISTINCT user_id) AS users, count(*) FILTER (WHERE next_tp IS NULL) AS drop_off,
       median(gap) AS median_gap, quantile_cont(gap, 0.9) AS p90_gap
FROM ev GROUP BY touchpoint
""",
    """
WITH user_stage AS (SELECT user_id, stage, min(step) AS first_step FROM ev GROUP BY ALL),
furthest AS (SELECT user_id, max(stage) AS furthest FROM user_stage GROUP BY user_id)
SELECT 'stage' AS kind, stage, count(*) AS users, median(first_step) AS position FROM user_stage GROUP BY stage
UNION ALL SELECT 'furthest', furthest, count(*), NULL FROM furthest GROUP BY furthest
""",
]


def task(name: str, path: Path) -> Callable[[], Any]:
    """Load the log into the task's engine (not timed); return the timed work."""
    if name == "sort":
        from cjm_widgets.analytics.fast_path.numpy_pass import journey_order

        log = pd.read_parquet(path)
        users = log["user_id"].to_numpy() - log["user_id"].min()
        times, codes = log["timestamp"].to_numpy().view(np.int64), np.zeros(len(log), dtype=np.int32)
        return lambda: journey_order(users, int(users.max()) + 1, times, codes)
    if name == "pm4py":
        import pm4py

        log = pd.read_parquet(path)
        return lambda: pm4py.discover_dfg(log, case_id_key="case", activity_key="touchpoint", timestamp_key="timestamp")
    if name.startswith("sql"):
        import duckdb

        con = duckdb.connect()
        con.execute(f"CREATE TABLE events AS SELECT * FROM read_parquet('{path}')")
        if name == "sql-transitions":
            return lambda: con.sql(SQL_TRANSITIONS).df()
        return lambda: [con.execute(q).df() for q in SQL_FUNNEL]
    function, engine = name.split(":")
    if engine == "pandas":
        native: Any = pd.read_parquet(path)
    elif engine.startswith("polars"):
        import polars as pl

        native = pl.read_parquet(path)
        if engine == "polars-lazy":
            native = native.lazy()
    else:
        import duckdb

        con = duckdb.connect()
        con.execute(f"CREATE TABLE events AS SELECT * FROM read_parquet('{path}')")
        native = con.table("events")
    if function == "transitions":
        return lambda: cjm.transitions(native, **KW)
    return lambda: cjm.from_events(native, **KW, stage="stage", stages=STAGES)


def _status(key: str) -> float:
    """A memory figure of this process from /proc (MiB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_task(name: str, path: Path, repeats: int) -> None:
    """In a fresh interpreter: time the task, and the peak memory over the loaded log."""
    work = task(name, path)
    base = _status("VmRSS:")
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    print(json.dumps({"seconds": min(times), "first": times[0], "peak_mib": _status("VmHWM:") - base}))


def measure(name: str, path: Path, repeats: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--task", name, "--data", str(path), "--repeats", str(repeats)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def best_of_turns(
    ours_name: str, peer_name: str, path: Path, repeats: int, rounds: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Ours and the peer in turn, ``rounds`` times: the best time and the largest peak memory of each."""
    results: dict[str, list[dict[str, float]]] = {ours_name: [], peer_name: []}
    for _ in range(rounds):
        for name in (ours_name, peer_name):
            results[name].append(measure(name, path, repeats))

    def best(runs: list[dict[str, float]]) -> dict[str, float]:
        return {
            "seconds": min(r["seconds"] for r in runs),
            "first": min(r["first"] for r in runs),
            "peak_mib": max(r["peak_mib"] for r in runs),
        }

    return best(results[ours_name]), best(results[peer_name])


CASES = [
    ("from_events, pandas input", "from_events:pandas", "pm4py", "pm4py discover_dfg (pandas)"),
    ("from_events, Polars input", "from_events:polars", "pm4py", "pm4py discover_dfg (pandas)"),
    ("from_events, Polars LazyFrame", "from_events:polars-lazy", "pm4py", "pm4py discover_dfg (pandas)"),
    ("transitions, pandas input", "transitions:pandas", "pm4py", "pm4py discover_dfg (pandas)"),
    ("from_events, DuckDB input", "from_events:duckdb", "sql-transitions-funnel", "DuckDB SQL: transitions + funnel"),
    ("transitions, DuckDB input", "transitions:duckdb", "sql-transitions", "DuckDB SQL: transitions"),
]


def _ratio(speed: float) -> str:
    return f"{speed:.1f}x" if speed >= 1 else f"1/{1 / speed:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--touchpoints", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--task", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        run_task(args.task, args.data, args.repeats)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = make_log(args.events, args.touchpoints, Path(folder))
        row = "{:<34}{:>12}{:>12}{:>9}  {}"
        print(row.format("figure", "cjm_widgets", "peer", "ratio", "peer"))
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
        for figure, ours_name, peer_name, label in CASES:
            ours, peer = best_of_turns(ours_name, peer_name, path, args.repeats, args.rounds)
            best, first = _ratio(peer["seconds"] / ours["seconds"]), _ratio(peer["first"] / ours["first"])
            print(row.format(f"{figure} (s)", f"{ours['seconds']:.3f}", f"{peer['seconds']:.3f}", best, label))
            print(row.format(f"{figure}, first call (s)", f"{ours['first']:.3f}", f"{peer['first']:.3f}", first, ""))
            mem = (f"{ours['peak_mib']:.0f}", f"{peer['peak_mib']:.0f}")
            print(row.format(f"{figure}, peak MiB", *mem, "", ""), flush=True)
        floor, pm4py = best_of_turns("sort", "pm4py", path, args.repeats, args.rounds)
        share = floor["seconds"] / pm4py["seconds"]
        print(
            row.format(
                "floor: sort by user, time (s)", f"{floor['seconds']:.3f}", f"{pm4py['seconds']:.3f}", "", "pm4py"
            )
        )
        print(f"  ordering alone takes {share:.0%} of pm4py's time")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        print("ratio: peer time / our time (above 1: we are faster)")


if __name__ == "__main__":
    main()
