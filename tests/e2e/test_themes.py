"""The map is readable in JupyterLab's light and dark themes (contrast measured in the page)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .lab import Lab
from .notebook_page import NotebookPage

# WCAG contrast of an element's text against the first opaque background behind it.
_CONTRAST = """(el) => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let bg = null;
  for (let n = el; n && !bg; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length >= 3 && (c.length === 3 || c[3] > 0.9)) bg = c;
  }
  const fg = rgb(getComputedStyle(el).color);
  const [a, b] = [lum(fg), lum(bg || [255, 255, 255])].sort((x, y) => y - x);
  return {ratio: (a + 0.05) / (b + 0.05), bgLum: lum(bg || [255, 255, 255])};
}"""


@pytest.fixture
def dark_lab(lab: Lab) -> Iterator[Lab]:
    lab.set_theme("JupyterLab Dark")
    yield lab
    lab.set_theme("JupyterLab Light")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_map_text_is_readable(theme: str, lab: Lab, browser, notebooks_dir: Path, request) -> None:  # type: ignore[no-untyped-def]
    if theme == "dark":
        request.getfixturevalue("dark_lab")
    notebook = NotebookPage(request.getfixturevalue("page"), lab)
    name = lab.add_notebook(notebooks_dir / "01_quickstart.ipynb", f"theme_{theme}.ipynb")
    notebook.open(name).run_all()
    first_map = notebook.page.locator(".cjm-journey-map").first
    first_map.scroll_into_view_if_needed()
    notebook.page.screenshot(path=str(lab.root.parent / f"theme_{theme}.png"))
    for selector in (".cjm-touchpoint-text", ".cjm-stage-header", "[data-lane='thought']", "[data-lane='pain_point']"):
        result = first_map.locator(selector).first.evaluate(_CONTRAST)
        assert result["ratio"] >= 4.5, f"{selector} contrast {result['ratio']:.2f} in the {theme} theme"
        if theme == "dark":
            assert result["bgLum"] < 0.2, f"{selector} sits on a light background in the dark theme"
    notebook.shutdown_kernels()
