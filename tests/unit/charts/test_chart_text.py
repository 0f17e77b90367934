"""What the charts print: values of known bars only, shortened names, peak and end labels that never touch."""

from __future__ import annotations

import pandas as pd

import cjm_widgets as cjm
from cjm_widgets.charts.emotion_curve import moment_groups, short_name


def test_metrics_panel_prints_only_known_values_like_its_axis() -> None:
    j = cjm.templates.load("sales-funnel-4")
    stages = list(j.stage_names)
    j.metrics = pd.DataFrame(
        {
            "stage": stages * 2,
            "metric": ["csat"] * 4 + ["users"] * 4,
            "value": [4.2, float("nan"), float("nan"), 3.1, 12345, 866, float("nan"), 0.5],
        }
    )
    labels = cjm.MetricsPanel(j).value_labels
    assert list(labels["csat"].text) == ["4.2", "3.1"]
    assert list(labels["csat"].x) == [stages[0], stages[3]]
    assert list(labels["funnel"].text) == ["12,300", "866", "0.5"]


def test_short_names_keep_short_text_and_cut_long_text() -> None:
    assert short_name("Pricing page") == "Pricing page"
    assert short_name("Search results and guides") == "Search results an…"
    assert short_name(None) == "–" and short_name(float("nan")) == "–" and short_name(pd.NA) == "–"
    assert short_name("two\nlines  here") == "two lines here"


def test_peak_and_end_close_together_share_one_label() -> None:
    assert moment_groups([10.0, 9.0], ["End", "Peak"], gap=1.0) == [(9.5, "Peak · End")]
    assert moment_groups([2.0, 9.0], ["Peak", "End"], gap=1.0) == [(2.0, "Peak"), (9.0, "End")]
    # Two personas' peaks on the same point: one word, once.
    assert moment_groups([4.0, 4.0, 8.0], ["Peak", "Peak", "End"], gap=2.0) == [(4.0, "Peak"), (8.0, "End")]


def test_a_thousand_like_names_stay_distinct_and_small() -> None:
    n = 1000
    tp = pd.DataFrame(
        {
            "id": [f"t{i}" for i in range(n)],
            "stage": ["A"] * 500 + ["B"] * 500,
            "touchpoint": ["Touchpoint with a long, shared name"] * n,
            "emotion": [0.0] * n,
        }
    )
    curve = cjm.EmotionCurve(cjm.Journey(touchpoints=tp, stages=["A", "B"]))
    domain = list(curve.name_scale.domain)
    assert len(set(domain)) == n  # the category axis needs distinct names
    assert max(len(d) for d in domain) < 40  # invisible marks in binary, not one per repeat
    assert len(curve.x_axis.tick_values) == 40  # every 25th named; all on hover


def test_one_curve_has_no_legend() -> None:
    curve = cjm.EmotionCurve(cjm.templates.load("sales-funnel-4"))
    assert [c.display_legend for c in curve.curves] == [False]
