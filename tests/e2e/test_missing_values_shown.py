"""Missing values in the pages a reader opens without a kernel: the offline page (``to_html``) and
the static fallback show a gap or a dash, never "NaN", "None", "nan", "<NA>" or "NaT"."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from playwright.sync_api import Browser

import cjm_widgets as cjm
from cjm_widgets.render.static_html import static_html

MISSING = re.compile(r"\b(NaN|nan|None|NaT)\b|<NA>")
# Every text a reader sees: the body's text and the SVG's (the curve and its labels).
_SHOWN = (
    "() => document.body.innerText + ' ' + [...document.querySelectorAll('svg text')].map(t => t.textContent).join(' ')"
)


def _gappy_journey() -> cjm.Journey:
    j = cjm.templates.load("sales-funnel-4")
    tp = j.touchpoints
    tp.loc[tp.index[1], "emotion"] = float("nan")
    tp.loc[tp.index[2], ["pain_point", "thought", "channel"]] = None
    j.touchpoints = tp
    stages = list(j.stage_names)
    j.metrics = pd.DataFrame({"stage": stages, "metric": ["csat"] * 4, "value": [4.2, None, None, 3.1]})
    return j


def test_offline_page_and_static_fallback_show_no_missing_value_words(browser: Browser, tmp_path: Path) -> None:
    j = _gappy_journey()
    page = browser.new_page()
    # Only the file itself: an offline page needs nothing else.
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    try:
        page.goto(j.to_html(tmp_path / "page.html").as_uri())
        page.wait_for_function("() => document.body.innerText.includes('Investigate')", timeout=30_000)
        shown = page.evaluate(_SHOWN)
        assert "Investigate" in shown and MISSING.findall(shown) == []
        page.set_content(static_html(j))
        shown = page.evaluate(_SHOWN)
        assert "Investigate" in shown and MISSING.findall(shown) == []
    finally:
        page.close()
