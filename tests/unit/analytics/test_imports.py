"""Imports stay light: engines load only for inputs of their type, and analytics never loads ipywidgets."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["narwhals", "polars", "duckdb", "pyspark", "pm4py", "ipywidgets", "anywidget"]


def loaded_after(code: str) -> dict[str, bool]:
    script = f"import sys, json\n{code}\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    return json.loads(subprocess.check_output([sys.executable, "-c", script], text=True).strip().splitlines()[-1])


def test_import_cjm_widgets_loads_no_engine() -> None:
    assert not any(loaded_after("import cjm_widgets").values())


def test_pandas_analytics_load_only_narwhals() -> None:
    code = """
import cjm_widgets as cjm
log = cjm.datasets.events(n_users=20, seed=0)
kw = dict(user="user_id", time="timestamp", touchpoint="touchpoint")
cjm.from_events(log, **kw, stage="stage", channel="channel", sentiment="csat", segment="segment")
cjm.flows(log, **kw)
cjm.conformance(cjm.templates.load("digital-5-online-banking"), log, **kw)
"""
    loaded = loaded_after(code)
    assert loaded.pop("narwhals")
    assert not any(loaded.values()), loaded
