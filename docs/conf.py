"""Sphinx configuration of the cjm_widgets documentation (``bash scripts/docs.sh`` builds it).

Why these tools (see also about-these-docs.md):

- Sphinx + pydata-sphinx-theme: what pandas, NumPy, Jupyter and most of PyData use, so readers
  know the layout; the theme ships its fonts and icons, nothing comes from a CDN.
- MyST-Parser / MyST-NB: the existing Markdown files and the notebooks in notebooks/ are the pages,
  unchanged. Notebooks are executed at build time by our extension (``_ext/cjm_docs.py``, with
  nbclient, as MyST-NB itself would) because each map output has to be turned into an offline map
  between execution and rendering; MyST-NB then renders the executed notebook.
- autodoc + autosummary + napoleon: the API reference is generated from the docstrings (NumPy style)
  of every name in ``cjm_widgets.__all__``; ``nitpicky`` turns any broken cross-reference into a
  warning, and the build runs with ``-W``.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(ROOT))

import cjm_widgets  # noqa: E402

project = "cjm_widgets"
author = "cjm_widgets contributors"
copyright = "cjm_widgets contributors"
release = version = cjm_widgets.__version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "cjm_docs",
]

# .rst first: autosummary writes its generated pages with the first suffix, and they are reST.
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "_ext", "_templates", "**.ipynb_checkpoints", "jupyter_execute"]
templates_path = ["_templates"]
# Notebook pages are copied from ../notebooks/ at build time (cjm_docs_notebooks); see _ext/cjm_docs.py.
cjm_docs_notebooks = str(ROOT / "notebooks")

# --- MyST ---------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Our extension executes and converts the notebooks; MyST-NB renders what it is given.
nb_execution_mode = "off"
# No require.js or ipywidgets embedder from a CDN: maps are drawn by cjm's offline renderer.
nb_ipywidgets_js: dict[str, dict[str, str]] = {}
nb_merge_streams = True

# --- API reference ------------------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = True
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

# Every cross-reference must resolve. The docs are built offline (no intersphinx inventories), so
# names from other libraries are listed here; a broken reference to cjm_widgets still fails.
nitpicky = True
_EXTERNAL = (
    "pandas",
    "pd",
    "numpy",
    "np",
    "narwhals",
    "polars",
    "pyspark",
    "duckdb",
    "traitlets",
    "ipywidgets",
    "anywidget",
    "bqplot",
    "nbformat",
    "nbconvert",
    "IPython",
    "collections",
    "typing",
    "pathlib",
    "os",
    "datetime",
    "enum",
    "types",
    "io",
    "contextlib",
    "dataclasses",
)
nitpick_ignore_regex = [
    (r"py:.*", rf"({'|'.join(_EXTERNAL)})(\..+)?"),
    # Python's built-in types and typing names as they appear in annotations.
    (
        r"py:(class|obj|data)",
        r"(str|int|float|bool|bytes|dict|list|tuple|set|object|None|Any|Callable|"
        r"Iterable|Iterator|Sequence|Mapping|Literal|Path|PathLike|DataFrame|Series|Self|type|ellipsis|"
        r"NoneType|TypeAlias)",
    ),
]

# --- HTML ---------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "cjm_widgets"
html_static_path = ["_static"]
html_css_files = ["cjm-docs.css"]
html_theme_options = {
    "navigation_with_keys": False,
    "header_links_before_dropdown": 6,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_show_sourcelink = False
html_copy_source = False
