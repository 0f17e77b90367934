"""Run by scripts/release_check.py with the Python of a fresh venv that has one artifact installed.

Usage: python release_smoke.py EXPECTED_PASS OUT_HTML

Checks the import comes from the venv (not a source tree), that ``--info`` reports the
expected analytics pass, that ``from_events`` on a small log runs that pass (and, where the
compiled one runs, that the numpy one gives the same tables), and writes a template's
standalone page to OUT_HTML for the browser check (with the texts it must show beside it, .json).
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import pandas as pd

import cjm_widgets as cjm
from cjm_widgets.analytics.fast_path import journey_pass

TEMPLATE = "colleen-vacuum"


def small_log() -> pd.DataFrame:
    """Forty users through four touchpoints in two stages; every fifth leaves after the second."""
    rows = []
    steps = [("Ad", "Aware"), ("Site", "Aware"), ("Cart", "Buy"), ("Pay", "Buy")]
    for user in range(40):
        for step, (touchpoint, stage) in enumerate(steps[: 2 if user % 5 == 0 else 4]):
            at = pd.Timestamp("2026-01-01") + pd.Timedelta(minutes=user * 60 + step * (3 + user % 7))
            rows.append({"user": f"u{user}", "time": at, "touchpoint": touchpoint, "stage": stage})
    return pd.DataFrame(rows)


def from_events_counting_compiled_calls() -> tuple[pd.DataFrame, int]:
    calls = []
    compiled = journey_pass.aggregate

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return compiled(*args, **kwargs)

    journey_pass.aggregate = spy
    try:
        journey = cjm.from_events(small_log(), user="user", time="time", touchpoint="touchpoint", stage="stage")
    finally:
        journey_pass.aggregate = compiled
    return journey.metrics, len(calls)


def main() -> None:
    expected, out = sys.argv[1], Path(sys.argv[2])
    where = Path(cjm.__file__).resolve()
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert site in where.parents, f"cjm_widgets imported from {where}, not from the venv's {site}"

    command = Path(sys.executable).parent / "cjm-widgets"  # the console script says the same as python -m
    info = json.loads(subprocess.check_output([command, "--info", "--json"], text=True))
    ran = info["analytics_pass"]["name"]
    assert ran == expected, f"--info reports the {ran} pass, expected {expected}: {info['analytics_pass']['reason']}"
    assert info["front_end"]["problems"] == [] and info["front_end"]["version"] == cjm.__version__, info["front_end"]

    metrics, compiled_calls = from_events_counting_compiled_calls()
    assert compiled_calls == (1 if expected == "compiled" else 0), f"the compiled pass ran {compiled_calls} times"
    assert len(metrics) > 0 and set(metrics["metric"]) >= {"users", "reach", "funnel"}
    if expected == "compiled":  # the numpy twin computes the same tables
        journey_pass.BUILT = False
        numpy_metrics, calls = from_events_counting_compiled_calls()
        journey_pass.BUILT = True
        assert calls == 0
        pd.testing.assert_frame_equal(metrics, numpy_metrics)

    journey = cjm.templates.load(TEMPLATE)
    journey.to_html(out)
    texts = [*journey.stage_names, *journey.touchpoints["touchpoint"].tolist()]  # what the page must show
    out.with_suffix(".json").write_text(json.dumps(texts), encoding="utf-8")
    print(f"smoke: imported from {where.parent}; from_events ran the {ran} pass; {out.name} written")


if __name__ == "__main__":
    main()
