"""Static fallback, cjm mime data, journeys read back from notebooks, to_html and the cjm-report exporter.

The notebook is executed for real (nbclient, widget state saved); the browser
side of reports is in tests/e2e/test_publish.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import cjm_widgets as cjm
from cjm_widgets.io.cjm_json import journey_from_dict
from cjm_widgets.render import JOURNEY_MIME, journeys_in_notebook, static_html
from cjm_widgets.render.exporter import CjmReportExporter, state_block
from cjm_widgets.render.offline import script_json

from ..publish_notebook import EDITED, XSS, executed_notebook

# A resource the page would fetch: src=/href= attributes and CSS url() pointing at the network.
REMOTE = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?\s*|url\(\s*["']?\s*)(?:https?:)?//""", re.IGNORECASE)


class Parsed(HTMLParser):
    """Tags, attributes and text of an HTML document, as a browser's tokenizer sees them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def names(self) -> list[str]:
        return [tag for tag, _ in self.tags]

    def all_text(self) -> str:
        return "".join(self.text)


def map_states(page: str) -> list[dict]:  # type: ignore[type-arg]
    """The map states embedded in an offline page, in page order."""
    return [json.loads(m) for m in re.findall(r'class="cjm-map-state"[^>]*>(.*?)</script>', page, re.S)]


def first_thought(page: str) -> str:
    return str(map_states(page)[0]["_rows"][0]["thought"])


def journey_with_xss() -> cjm.Journey:
    journey = cjm.templates.load("colleen-vacuum")
    tp = journey.touchpoints.copy()
    tp.loc[tp.index[1], "touchpoint"] = XSS
    tp.loc[tp.index[2], "thought"] = "a & b < c"
    journey.touchpoints = tp
    return journey


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return executed_notebook(tmp_path_factory.mktemp("report"))


# -- static fallback -----------------------------------------------------------------------


def test_static_html_shows_every_stage_touchpoint_and_lane_as_text() -> None:
    journey = journey_with_xss()
    parsed = Parsed(static_html(journey))
    text = parsed.all_text()
    for name in journey.touchpoints["touchpoint"]:
        assert name in text
    for stage in journey.stage_names:
        assert stage in text
    for label in ("Touchpoint", "Action", "Thought", "Emotion", "Pain point", "Opportunity"):
        assert label in text
    assert "a & b < c" in text
    # The hostile text stayed text: no element came out of it, no handler attribute anywhere.
    assert "img" not in parsed.names() and "script" not in parsed.names() and "b" not in parsed.names()
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)


def test_static_html_is_a_semantic_table_with_an_emotion_curve() -> None:
    journey = cjm.templates.load("colleen-vacuum")
    parsed = Parsed(static_html(journey))
    scopes = [attrs.get("scope") for tag, attrs in parsed.tags if tag == "th"]
    assert scopes.count("colgroup") == len(journey.stage_names)
    assert scopes.count("row") == 6
    assert "caption" in parsed.names()
    assert parsed.names().count("circle") == journey.touchpoints["emotion"].notna().sum()
    assert "Emotion curve of" in parsed.all_text()  # the svg's <title>
    assert "title" in parsed.names()


def test_static_html_follows_the_lanes_asked_for() -> None:
    parsed = Parsed(static_html(cjm.templates.load("colleen-vacuum"), ["touchpoint", "thought"]))
    lanes = [attrs.get("data-lane") for tag, attrs in parsed.tags if tag == "tr" and "data-lane" in attrs]
    assert lanes == ["touchpoint", "thought"]
    assert "svg" not in parsed.names()


def test_static_html_labels_the_touchpoints_and_stages_markers_point_at() -> None:
    m = cjm.JourneyMap(cjm.templates.load("sales-funnel-4"))
    m.show_markers(
        "peak_end",
        [
            {"kind": "peak", "label": "Peak <i>moment</i>", "touchpoint_id": "sf-04", "tone": "bad"},
            {"kind": "end", "label": "Last stage", "stage": "Purchase"},
        ],
    )
    data, _ = m._repr_mimebundle_()
    parsed = Parsed(data["text/html"])
    assert "⚑ Peak <i>moment</i>" in parsed.all_text() and "i" not in parsed.names()
    html_text = data["text/html"]
    sf04 = m.touchpoints.set_index("id").loc["sf-04", "touchpoint"]
    assert (
        html_text.index(sf04)
        < html_text.index("Peak &lt;i&gt;moment")
        < html_text.index("</tr>", html_text.index(sf04))
    )
    head = html_text[: html_text.index("</thead>")]
    assert "Last stage" in head[head.index(">Purchase") :]
    m.close()


def test_map_output_carries_widget_view_first_then_static_html_and_journey_data() -> None:
    journey = journey_with_xss()
    m = cjm.JourneyMap(journey, lanes=["touchpoint", "emotion"])
    data, _ = m._repr_mimebundle_()
    assert list(data)[:3] == ["application/vnd.jupyter.widget-view+json", "text/html", JOURNEY_MIME]
    assert journey_from_dict(data[JOURNEY_MIME]).equals(journey)
    rows = [a.get("data-lane") for t, a in Parsed(data["text/html"]).tags if t == "tr" and "data-lane" in a]
    assert rows == ["touchpoint", "emotion"]  # the lanes the map shows
    m.close()


def test_script_json_cannot_end_its_script_element() -> None:
    value = {"t": "</script><script>alert(1)</script><!-- ]]> & </SCRIPT"}
    text = script_json(value)
    assert "<" not in text and ">" not in text
    assert json.loads(text) == value


# -- notebooks --------------------------------------------------------------------------------


def test_journeys_in_notebook_reads_every_map_from_its_newest_source(executed: Path) -> None:
    first, second, again = journeys_in_notebook(executed)
    # nbclient saved the state the map was created with; its later display (revision higher) wins.
    assert first.touchpoints["thought"].iloc[0] == EDITED
    assert again.equals(first)
    assert XSS in first.touchpoints["touchpoint"].tolist()
    assert second.equals(cjm.templates.load("equipment-repair"))


def test_saved_widget_state_wins_when_it_is_newest(executed: Path, tmp_path: Path) -> None:
    # What JupyterLab saves after a page edit: the state's rows and revision move on.
    nb = nbformat.read(executed, as_version=4)
    model_id = nb.cells[1].outputs[0].data["application/vnd.jupyter.widget-view+json"]["model_id"]
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"][model_id]["state"]
    state["_rows"][0]["action"] = "Edited in the page"
    state["_rev"] = 1000
    path = tmp_path / "edited_in_page.ipynb"
    nbformat.write(nb, path)
    first, _, again = journeys_in_notebook(path)
    assert first.touchpoints["action"].iloc[0] == "Edited in the page"
    assert again.touchpoints["action"].iloc[0] == "Edited in the page"


def test_journeys_in_notebook_without_widget_state_uses_the_snapshots(executed: Path, tmp_path: Path) -> None:
    nb = nbformat.read(executed, as_version=4)
    del nb.metadata["widgets"]
    nb.cells = nb.cells[:-1]  # without the later display, the first display is all there is
    path = tmp_path / "no_state.ipynb"
    nbformat.write(nb, path)
    first, _ = journeys_in_notebook(path)
    assert first.touchpoints["thought"].iloc[0] != EDITED
    assert first.title == "Curious Colleen replaces her broken vacuum cleaner"


# -- to_html ----------------------------------------------------------------------------------------


def test_to_html_is_one_offline_file_with_the_renderer_inline(tmp_path: Path) -> None:
    path = journey_with_xss().to_html(tmp_path / "map.html")
    text = path.read_text(encoding="utf-8")
    assert not REMOTE.search(text)
    parsed = Parsed(text)
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert sorted(str(s.get("type")) for s in scripts) == ["application/json", "module"]
    assert "img" not in parsed.names()
    assert "Content-Security-Policy" in text
    (state,) = map_states(text)
    assert state["editable"] is False and XSS in [r["touchpoint"] for r in state["_rows"]]


def test_journey_map_to_html_keeps_the_lanes_shown(tmp_path: Path) -> None:
    m = cjm.JourneyMap(cjm.templates.load("colleen-vacuum"), lanes=["touchpoint", "pain_point"])
    text = m.to_html(tmp_path / "m.html").read_text(encoding="utf-8")
    (state,) = map_states(text)
    assert state["lanes"] == ["touchpoint", "pain_point"] and state["editable"] is False
    m.close()


METRIC_SETUP = (
    "import cjm_widgets as cjm, pandas as pd\n"
    "m = cjm.JourneyMap(cjm.templates.load('colleen-vacuum'))\n"
    "stages = m.journey.stage_names\n"
    "m.metrics = pd.DataFrame({'stage': stages, 'metric': 'conversion',"
    " 'value': [0.5, float('nan'), 0.25, 0.125, 0.75]})\n"
    "m.lanes = [*m.lanes, 'metric:conversion']\n"
    "m"
)


def metric_values(state: dict) -> list[float | None]:  # type: ignore[type-arg]
    """Every value of every metric series in an embedded map state, in order."""
    found: list[float | None] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "values" and isinstance(inner, list):
                    found.extend(inner)
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(state["_metrics"])
    return found


def test_metric_lanes_reach_to_html_as_plain_numbers_with_missing_as_null(tmp_path: Path) -> None:
    # Metric series travel to the page as binary float64 buffers; an offline page holds them as JSON.
    namespace: dict[str, object] = {}
    exec(METRIC_SETUP.rsplit("\n", 1)[0], namespace)
    m = namespace["m"]
    assert isinstance(m, cjm.JourneyMap)
    (state,) = map_states(m.to_html(tmp_path / "m.html").read_text(encoding="utf-8"))
    assert "metric:conversion" in state["lanes"]
    assert sorted(metric_values(state), key=lambda v: -1 if v is None else v) == [None, 0.125, 0.25, 0.5, 0.75]
    m.close()


def test_report_draws_metric_lanes_from_saved_widget_state(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(METRIC_SETUP)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=180, kernel_name="python3", store_widget_state=True).execute(cwd=str(tmp_path))
    body, resources = CjmReportExporter().from_notebook_node(nb)
    assert resources["cjm_warnings"] == []
    (state,) = map_states(body)
    assert "metric:conversion" in state["lanes"]
    assert sorted(metric_values(state), key=lambda v: -1 if v is None else v) == [None, 0.125, 0.25, 0.5, 0.75]


# -- the cjm-report exporter -------------------------------------------------------------------------


def test_report_has_markdown_code_outputs_and_every_map_once_offline(executed: Path) -> None:
    body, resources = CjmReportExporter().from_filename(str(executed))
    assert resources["cjm_warnings"] == []
    assert not REMOTE.search(body)
    parsed = Parsed(body)
    renderer = [(t, a.get("type")) for t, a in parsed.tags if a.get("data-cjm") == "renderer"]
    assert sorted(renderer, key=str) == [("script", "module"), ("style", None)]  # the renderer, stored once
    assert body.count('class="cjm-map-state"') == 3
    text = parsed.all_text()
    assert "Vacuum report" in text and "h1" in parsed.names()  # markdown rendered
    assert "cjm.templates.load" in text  # code shown
    assert "plain output" in text
    assert "IntSlider(value=7" in text  # another widget: its static output
    # The chart (a cjm widget, not a map) shows its static fallback outside any <noscript>.
    assert body.count('data-cjm-static="journey-map"') == 4
    assert "application/vnd.jupyter.widget-view+json" not in body
    assert "application/vnd.jupyter.widget-state+json" not in body
    assert "img" not in parsed.names()
    assert first_thought(body) == EDITED  # the map's newest source
    assert all(state["editable"] is False for state in map_states(body))


def test_report_hides_code_when_asked(executed: Path) -> None:
    body, _ = CjmReportExporter(hide_code=True).from_filename(str(executed))
    text = Parsed(body).all_text()
    assert "cjm.templates.load" not in text
    assert "plain output" in text and body.count('class="cjm-map-state"') == 3


def test_report_without_widget_state_draws_maps_from_their_data_and_warns(executed: Path, tmp_path: Path) -> None:
    nb = nbformat.read(executed, as_version=4)
    del nb.metadata["widgets"]
    nb.cells = nb.cells[:-1]
    body, resources = CjmReportExporter().from_notebook_node(nb)
    warnings = resources["cjm_warnings"]
    assert len(warnings) == 2
    assert "cell 2 output 1: no saved widget state" in warnings[0] and "cell 6" in warnings[1]
    assert body.count('class="cjm-map-state"') == 2
    assert first_thought(body) != EDITED


def test_nbconvert_command_finds_the_cjm_report_exporter(executed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "nbconvert",
            "--to",
            "cjm-report",
            "--no-input",
            str(executed),
            "--output-dir",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    body = (out / "report.html").read_text(encoding="utf-8")
    assert body.count('class="cjm-map-state"') == 3
    assert "cjm.templates.load" not in Parsed(body).all_text()


def test_report_draws_the_maps_inside_layouts_and_boards(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import cjm_widgets as cjm, ipywidgets as widgets\n"
            "widgets.VBox([widgets.HTML('<b>Two maps</b>'), widgets.HBox([cjm.JourneyMap(cjm.templates.load("
            "'sales-funnel-4'))]), cjm.JourneyMap(cjm.templates.load('equipment-repair'))])"
        ),
        nbformat.v4.new_code_cell("cjm.JourneyBoard(cjm.templates.load('colleen-vacuum'))"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=180, kernel_name="python3", store_widget_state=True).execute(cwd=str(tmp_path))
    body, resources = CjmReportExporter().from_notebook_node(nb)
    titles = [state["title"] for state in map_states(body)]
    assert titles == [
        cjm.templates.load("sales-funnel-4").title,
        cjm.templates.load("equipment-repair").title,
        cjm.templates.load("colleen-vacuum").title,
    ]
    assert resources["cjm_warnings"] == []


def test_hostile_title_and_stage_names_stay_text_in_every_output(tmp_path: Path) -> None:
    bad = "</title><script>window.__xss=1</script>"
    journey = cjm.Journey(
        [{"stage": bad, "touchpoint": "a"}, {"stage": "ok", "touchpoint": "b"}], title=bad + ' " onload="x'
    )
    m = cjm.JourneyMap(journey)
    data, _ = m._repr_mimebundle_()
    page = m.to_html(tmp_path / "bad.html").read_text(encoding="utf-8")
    report_map = state_block(m.get_state())
    for text in (data["text/html"], page, report_map):
        parsed = Parsed(text)
        assert parsed.names().count("script") == (2 if text is page else 1 if text is report_map else 0)
        assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
        assert bad in parsed.all_text() or bad in text.replace("\\u003c", "<").replace("\\u003e", ">")
    m.close()


def test_to_html_works_after_a_plain_import(tmp_path: Path) -> None:
    # A fresh interpreter that loads no widget: the "html" writer must be registered by the import alone.
    out = tmp_path / "plain.html"
    code = f"import cjm_widgets as cjm; cjm.templates.load('colleen-vacuum').to_html({str(out)!r})"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert "Curious Colleen" in out.read_text(encoding="utf-8")
