"""Write notebooks/03_metrics_and_emotions.ipynb (outputs cleared).

Run: .venv/bin/python scripts/notebooks/make_03_metrics_and_emotions.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat

CELLS: list[tuple[str, str]] = [
    (
        "md",
        """# Metrics and emotions: charts linked to the map

This notebook takes a built-in journey, gives it a second persona and a realistic metrics table
(conversion, drop-off, CSAT, NPS and users per stage, by persona, over six months), and shows the
bqplot charts that stay linked to the map:

- `cjm.EmotionCurve(m)`: one emotion curve per persona; drag a point to change that touchpoint's emotion;
- `cjm.MetricsPanel(m)`: the metrics per stage; click a bar to select the stage on the map;
- `cjm.PriorityMatrix(m)`: pain points and opportunities by impact and effort; drag to rate them;
- `cjm.peak_end`, `cjm.stage_summary`, `m.action_plan()`: the same analyses as DataFrames;
- `cjm.JourneyBoard(journey)`: all of them in one layout.""",
    ),
    (
        "code",
        """import numpy as np
import pandas as pd

import cjm_widgets as cjm

journey = cjm.templates.load("digital-5-online-banking")
journey""",
    ),
    ("md", "## A second persona\n\nSam runs a small shop and travels the same journey with other feelings."),
    (
        "code",
        """priya = journey.touchpoints
sam = priya.assign(
    id=[f"sam-{i + 1:02d}" for i in range(len(priya))],
    persona="sam",
    emotion=np.clip(priya["emotion"].to_numpy()[::-1] * 0.8 - 0.3, -2, 2).round(1),
)
sam.loc[sam.index[4], "emotion"] = np.nan  # not asked: a gap in the curve, not a zero
journey.personas = pd.concat(
    [journey.personas, pd.DataFrame({"persona": ["sam"], "name": ["Sam"], "age": [41]})], ignore_index=True
)
journey.touchpoints = pd.concat([priya, sam], ignore_index=True)
journey.touchpoints.groupby("persona")["emotion"].describe()""",
    ),
    (
        "md",
        """## A metrics table from a template

One row per stage, metric, persona and month: the long format `journey.metrics` takes
(`stage` or `touchpoint_id`, `metric`, `value`, optional `persona`/`segment` and `period`).
Users fall from stage to stage by the conversion rate; CSAT (1-5) is surveyed after purchase
only and NPS (-100..100) in the last two stages, so the other stages have no value: missing, not zero.""",
    ),
    (
        "code",
        """rng = np.random.default_rng(7)
stages = journey.stage_names
periods = pd.period_range("2024-01", periods=6, freq="M").astype(str)
template = {  # per persona: visitors entering the journey and the usual stage-to-stage conversion
    "priya": {"entering": 12_000, "conversion": [0.42, 0.35, 0.81, 0.30, 0.0]},
    "sam": {"entering": 4_000, "conversion": [0.38, 0.22, 0.74, 0.41, 0.0]},
}
rows = []
for persona, spec in template.items():
    for month, period in enumerate(periods):
        users = spec["entering"] * (1 + 0.04 * month) * rng.normal(1, 0.03)
        for i, stage in enumerate(stages):
            conversion = float(np.clip(spec["conversion"][i] + 0.01 * month + rng.normal(0, 0.02), 0, 1))
            last = i == len(stages) - 1
            csat = float(np.clip(rng.normal(3.6 + 0.2 * (persona == "priya"), 0.3), 1, 5))
            nps = float(rng.normal(18 if persona == "priya" else -4, 6))
            values = {
                "users": round(users),
                "conversion": np.nan if last else conversion,  # nobody converts out of the last stage
                "drop_off": np.nan if last else 1 - conversion,
                "csat": round(csat, 2) if i >= 2 else np.nan,  # surveyed from purchase on
                "nps": round(nps) if i >= 3 else np.nan,  # asked of customers only
            }
            rows += [
                {"stage": stage, "persona": persona, "period": period, "metric": metric, "value": value}
                for metric, value in values.items()
            ]
            users *= conversion
metrics = pd.DataFrame(rows)
journey.metrics = metrics
metrics.head(10)""",
    ),
    ("md", "## The map and its emotion curve\n\nDrag a point of the curve: the DataFrame and the map change."),
    ("code", "m = cjm.JourneyMap(journey)\nm"),
    ("code", "curve = cjm.EmotionCurve(m)\ncurve"),
    (
        "md",
        """The peak (most intense moment) and the end of each persona's curve: the curve rings them,
and the map shows them as markers.""",
    ),
    ("code", "cjm.peak_end(journey)"),
    ("md", "An edit in Python moves the curve (and the peak-end markers) too:"),
    (
        "code",
        """with m.edit() as df:
    df.loc[df["id"] == "sam-12", "emotion"] = 2.0
curve.peak_end_table""",
    ),
    (
        "md",
        """## Metrics per stage

Rates as bars, each score on its own axis, and the funnel of users. Click a bar to select its
stage on the map; select a stage on the map and its bars light up. Pick a month or a persona above
the charts.""",
    ),
    ("code", "panel = cjm.MetricsPanel(m)\npanel"),
    ("code", 'm.selected_stage = "Purchase"  # the same as clicking Purchase\'s bar\npanel.selected_stage'),
    (
        "code",
        """# The numbers behind the charts, and a summary of each stage (latest month):
cjm.stage_summary(journey, period=periods[-1])""",
    ),
    (
        "md",
        """## Priorities

Pain points and opportunities by impact and effort. Drag a point to rate it (the ratings are
the touchpoints' `impact` and `effort` columns); `m.action_plan()` ranks the opportunities by
impact / effort.""",
    ),
    ("code", "matrix = cjm.PriorityMatrix(m)\nmatrix"),
    (
        "code",
        """with m.edit() as df:  # ratings can come from Python too (e.g. a workshop's spreadsheet)
    rated = df["opportunity"].notna()
    df.loc[rated, "impact"] = rng.integers(1, 6, rated.sum()).astype(float)
    df.loc[rated, "effort"] = rng.integers(1, 6, rated.sum()).astype(float)
m.action_plan().head()""",
    ),
    ("md", "## Everything at once\n\n`JourneyBoard` lays out the map and the three charts, all bound to one journey."),
    ("code", "board = cjm.JourneyBoard(journey)\nboard"),
]


def main() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text) for kind, text in CELLS
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    target = Path(__file__).resolve().parents[2] / "notebooks" / "03_metrics_and_emotions.ipynb"
    nbformat.write(nb, target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
