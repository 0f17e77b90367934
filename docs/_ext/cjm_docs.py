"""Sphinx extension of the cjm_widgets docs: notebook pages with their maps drawn offline.

- The notebooks in ``notebooks/`` become pages under ``notebooks/``: each is executed at build
  time (nbclient, widget state stored), then every map output is turned into an offline map by
  the cjm-report exporter's own :func:`~cjm_widgets.render.exporter.convert_maps` (the map's saved
  state for the offline renderer, plus its static HTML, shown until the renderer has drawn it).
  MyST-NB renders the result. No widget manager, require.js or CDN is involved.
- Pages holding a map get the offline renderer (its JS and CSS, inlined like in a report).
- ``{journey-map}`` draws a built-in template's map in a Markdown page (the quick start).
- Every name in ``cjm_widgets.__all__`` must have a docstring and be listed in api.md's
  autosummary tables: a missing one is a warning, which ``-W`` turns into a failed build.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import nbformat
from docutils import nodes
from docutils.parsers.rst import directives
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import cjm_widgets
from cjm_widgets.render.exporter import convert_maps
from cjm_widgets.render.mimebundle import JOURNEY_MIME, WIDGET_VIEW_MIME
from cjm_widgets.render.offline import map_block, renderer_tags
from cjm_widgets.render.static_html import static_html
from cjm_widgets.sync.view_state import map_state

logger = logging.getLogger(__name__)

NOTEBOOK_PAGES = "notebooks"  # the pages' folder inside the docs source
MAP_MARKER = 'class="cjm-map-state"'  # in a page holding an offline map (not in prose about one)
API_PAGE = "api.md"
# Data, not an object with a docstring of its own.
UNDOCUMENTABLE = {"__version__"}
OPTIONAL_PAGES = ("security",)


def copy_notebooks(app: Sphinx) -> None:
    """Copy notebooks/*.ipynb into the docs source (only changed files, so rebuilds stay incremental)."""
    source = Path(app.config.cjm_docs_notebooks)
    target = Path(app.srcdir) / NOTEBOOK_PAGES
    target.mkdir(exist_ok=True)
    wanted = {p.name for p in source.glob("*.ipynb")}
    for stale in target.glob("*.ipynb"):
        if stale.name not in wanted:
            stale.unlink()
    for notebook in sorted(source.glob("*.ipynb")):
        copy = target / notebook.name
        if not copy.exists() or copy.read_bytes() != notebook.read_bytes():
            shutil.copyfile(notebook, copy)


class _SphinxLog:
    """What convert_maps logs to: a Sphinx warning located at the notebook page."""

    def __init__(self, docname: str) -> None:
        self.docname = docname

    def warning(self, message: str, *args: Any) -> None:
        logger.warning(message % args if args else message, location=self.docname, type="cjm", subtype="maps")


def execute_notebook(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: execute a notebook page and turn its map outputs into offline maps."""
    if not docname.startswith(NOTEBOOK_PAGES + "/") or not app.config.cjm_docs_execute:
        return
    nb = nbformat.reads(source[0], as_version=4)
    with tempfile.TemporaryDirectory() as scratch:  # files a notebook writes never land in the docs
        client = NotebookClient(
            nb, timeout=600, kernel_name="python3", store_widget_state=True, resources={"metadata": {"path": scratch}}
        )
        try:
            client.execute()
        except CellExecutionError as error:
            logger.warning("notebook failed while executed for the docs:\n%s", error, location=docname)
            return
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    widgets = [o for o in outputs if WIDGET_VIEW_MIME in o.get("data", {})]
    convert_maps(nb, _SphinxLog(docname))  # replaces each map output's data in place
    for output in widgets:
        if MAP_MARKER not in output["data"].get("text/html", ""):
            # A chart's static HTML is its map's table, which would read as a second map: say what it is.
            output["data"] = {"text/html": widget_note(output)}
    for output in outputs:
        # The journey's data is for tools reading the notebook; a page shows the map instead.
        output.get("data", {}).pop(JOURNEY_MIME, None)
    source[0] = nbformat.writes(nb)


def widget_note(output: dict[str, Any]) -> str:
    """What a page shows for a widget it cannot draw (bqplot charts, flows, empathy maps, persona cards)."""
    view = output.get("metadata", {}).get(JOURNEY_MIME, {}).get("view")
    if not view:
        found = re.match(r"\s*(\w+)\(", str(output["data"].get("text/plain", "")))
        view = found.group(1) if found else "widget"
    return (
        f'<p class="cjm-docs-widget-note">An interactive <code>{html.escape(view)}</code> is shown here '
        "when the notebook runs in Jupyter.</p>"
    )


def optional_pages(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read`` of the design notes: leave pages written separately (security.md) out of
    the table of contents until they exist, so the build needs no placeholder."""
    if docname != "design":
        return
    for page in OPTIONAL_PAGES:
        if not (Path(app.srcdir) / f"{page}.md").exists():
            source[0] = re.sub(rf"^{page}\n", "", source[0], flags=re.M)


def add_renderer(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: a page with maps gets the offline renderer once, inlined (module
    scripts do not load from ``file://``, and nothing may come from elsewhere)."""
    body = context.get("body")
    if isinstance(body, str) and MAP_MARKER in body:
        context["body"] = body + renderer_tags()


class JourneyMapDirective(SphinxDirective):
    """``{journey-map} <template name>``: the template's map, drawn offline as in a report."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"lanes": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        try:
            journey = cjm_widgets.templates.load(name)
        except (KeyError, ValueError) as error:
            raise self.error(f"journey-map: {error}") from error
        lanes = self.options["lanes"].split() if "lanes" in self.options else None
        state = map_state(journey, lanes)
        block = map_block(state, static_html(journey, state.get("lanes"), markers=state.get("markers")))
        return [nodes.raw("", block, format="html")]


def check_public_names(app: Sphinx) -> None:
    """Every public name has a docstring and a line in the API reference."""
    listed = set(re.findall(r"^\s{3}(\w+)\s*$", (Path(app.srcdir) / API_PAGE).read_text(encoding="utf-8"), re.M))
    for name in cjm_widgets.__all__:
        if name in UNDOCUMENTABLE:
            continue
        obj = getattr(cjm_widgets, name)
        if not (getattr(obj, "__doc__", None) or "").strip():
            logger.warning(
                "cjm_widgets.%s has no docstring: every public name needs one (the API reference shows it)",
                name,
                type="cjm",
                subtype="docstring",
            )
        if name not in listed:
            logger.warning("cjm_widgets.%s is public but not listed in %s", name, API_PAGE, type="cjm", subtype="api")
    for name in sorted(listed - set(cjm_widgets.__all__)):
        logger.warning("%s lists %s, which is not in cjm_widgets.__all__", API_PAGE, name, type="cjm", subtype="api")


def public_alias(app: Sphinx, env: Any, node: Any, contnode: nodes.Node) -> nodes.Node | None:
    """Resolve ``cjm_widgets.<module>.Name`` to the documented ``cjm_widgets.Name``.

    Annotations name a class where it is defined (``cjm_widgets.io.limits.Limits``); the reference
    documents it where users import it. Anything not in ``__all__`` stays unresolved (and fails).
    """
    target = str(node.get("reftarget", ""))
    name = target.rsplit(".", 1)[-1]
    if node.get("refdomain") != "py" or not target.startswith("cjm_widgets.") or name not in cjm_widgets.__all__:
        return None
    if target == f"cjm_widgets.{name}":
        return None
    resolved: nodes.Node | None = env.get_domain("py").resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], f"cjm_widgets.{name}", node, contnode
    )
    return resolved


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension."""
    app.add_config_value("cjm_docs_notebooks", "", "env")
    app.add_config_value("cjm_docs_execute", True, "env", bool)
    app.connect("builder-inited", copy_notebooks)
    app.connect("builder-inited", check_public_names)
    app.connect("source-read", execute_notebook)
    app.connect("source-read", optional_pages)
    app.connect("html-page-context", add_renderer)
    app.connect("missing-reference", public_alias)
    app.add_directive("journey-map", JourneyMapDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
