"""The documentation build: every page there, nothing from the network, and planted defects fail it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import cjm_widgets as cjm

from .conftest import ROOT, build_docs

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# Any attribute that would make the browser fetch something: <script src>, <link href>, <img src>...
FETCHED = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["']([^"']+)["']""", re.I)


def test_every_notebook_and_every_public_name_has_a_page(built_docs: Path) -> None:
    for notebook in NOTEBOOKS:
        assert (built_docs / "notebooks" / f"{notebook.stem}.html").is_file(), notebook.name
    for name in cjm.__all__:
        if name != "__version__":
            assert (built_docs / "generated" / f"cjm_widgets.{name}.html").is_file(), name
    for page in (
        "index",
        "getting-started",
        "guides/data-scientist",
        "guides/teacher",
        "guides/report-author",
        "api",
        "file-formats",
        "files-and-autosave",
        "publishing",
        "sync-protocol",
        "architecture",
        "about-these-docs",
    ):
        assert (built_docs / f"{page}.html").is_file(), page


def test_no_page_loads_anything_from_the_network(built_docs: Path) -> None:
    pages = list(built_docs.rglob("*.html"))
    assert len(pages) > 40
    remote = {
        (str(page.relative_to(built_docs)), url)
        for page in pages
        for url in FETCHED.findall(page.read_text(encoding="utf-8"))
        if re.match(r"(?i)(https?:)?//", url)
    }
    assert not remote, sorted(remote)[:10]
    # Nor a widget manager shipped locally: the maps are drawn by cjm's own renderer.
    scripts = {url for page in pages for url in FETCHED.findall(page.read_text(encoding="utf-8"))}
    assert not [url for url in scripts if re.search(r"require|embed-amd|html-manager", url)]


def test_notebook_pages_hold_offline_maps_not_widget_views(built_docs: Path) -> None:
    for notebook in NOTEBOOKS:
        html = (built_docs / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        assert 'class="cjm-map-state"' in html, notebook.name  # a map for the offline renderer
        assert 'data-cjm="renderer"' in html, notebook.name  # ...and the renderer, inlined once
        assert html.count('data-cjm="renderer"') == 2  # its <style> and its <script>
        assert "application/vnd.jupyter.widget-view+json" not in html, notebook.name
        assert "application/vnd.jupyter.widget-state+json" not in html, notebook.name


def test_charts_are_a_note_not_their_maps_table(built_docs: Path) -> None:
    # A bqplot chart's static output is its map's table; on a page it would read as one more map.
    charts = (built_docs / "notebooks" / "03_metrics_and_emotions.html").read_text(encoding="utf-8")
    for chart in ("EmotionCurve", "MetricsPanel", "PriorityMatrix"):
        assert f"An interactive <code>{chart}</code> is shown here" in charts
    assert charts.count('data-cjm-static="journey-map"') == charts.count('class="cjm-map-state"')


def planted_copy(tmp_path: Path) -> Path:
    """A copy of the package, docs, notebooks and build script to plant a defect in."""
    copy = tmp_path / "tree"
    ignore = shutil.ignore_patterns("__pycache__", "_build", "generated", "jupyter_execute")
    for part in ("cjm_widgets", "docs", "notebooks", "scripts"):
        shutil.copytree(ROOT / part, copy / part, ignore=ignore)
    shutil.rmtree(copy / "docs" / "notebooks", ignore_errors=True)
    return copy


def quick_build(tree: Path) -> tuple[int, str]:
    # The notebooks are rendered without executing them: the defects planted here are in the API reference.
    result = build_docs(tree, tree / "out", "-D", "cjm_docs_execute=0")
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("defect", ["none", "no docstring", "broken cross-reference"])
def test_a_planted_defect_fails_the_build(tmp_path: Path, defect: str) -> None:
    tree = planted_copy(tmp_path)
    init = tree / "cjm_widgets" / "__init__.py"
    if defect == "no docstring":
        text = init.read_text(encoding="utf-8").replace("__all__ = [\n", '__all__ = [\n    "journey_count",\n', 1)
        init.write_text(text + "\n\ndef journey_count() -> int:\n    return 1\n", encoding="utf-8")
        api = tree / "docs" / "api.md"
        api.write_text(api.read_text(encoding="utf-8").replace("   load\n", "   load\n   journey_count\n"), "utf-8")
    elif defect == "broken cross-reference":
        files = tree / "cjm_widgets" / "io" / "files.py"
        text = files.read_text(encoding="utf-8")
        start = text.index('"""', text.index("def load("))
        files.write_text(text[: start + 3] + "See :func:`cjm_widgets.load_journey`. " + text[start + 3 :], "utf-8")
    code, output = quick_build(tree)
    if defect == "none":
        assert code == 0, output[-6000:]
    elif defect == "no docstring":
        assert code != 0
        assert "cjm_widgets.journey_count has no docstring" in output, output[-6000:]
    else:
        assert code != 0
        assert "py:func reference target not found: cjm_widgets.load_journey" in output, output[-6000:]
