"""Maps in hosts other than JupyterLab, in a real browser: marimo, Panel, and the map's own scroll box.

Every page may reach only its own loopback server (marimo and Panel serve their front
ends themselves); any other request is refused and recorded.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .lab import Lab, running_app
from .notebook_page import NotebookPage

pytestmark = pytest.mark.e2e

MARIMO_APP = """
import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import cjm_widgets as cjm

    m = cjm.JourneyMap(cjm.templates.load("equipment-repair"))
    w = mo.ui.anywidget(m)
    w
    return cjm, m, mo, w


@app.cell
def _(m, mo, w):
    w.value  # this cell depends on the map: a page edit re-runs it
    mo.md("FIRST " + f"THOUGHT: {m.touchpoints['thought'].iloc[0]}")  # the source never reads as the output
    return


@app.cell
def _(m, mo):
    def python_edit(_):
        with m.edit() as df:
            df.loc[df.index[1], "thought"] = "Edited from Python"
        return 1

    button = mo.ui.button(label="Edit from Python", on_click=python_edit)
    button
    return


@app.cell
def _(cjm, m):
    cjm.EmotionCurve(m)
    return


if __name__ == "__main__":
    app.run()
"""

MARIMO_EXPORT = """
import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import cjm_widgets as cjm

    m = cjm.JourneyMap(cjm.templates.load("equipment-repair"))
    mo.ui.anywidget(m)
    return (m,)


@app.cell
def _(m):
    with m.edit() as df:
        df.loc[df.index[1], "thought"] = "Edited by cell 2"
    return


if __name__ == "__main__":
    app.run()
"""


class Loopback:
    """A browser context that reaches ``url`` only; what else the page asked for is in ``refused``."""

    def __init__(self, browser: Browser, url: str, serve: dict[str, Path] | None = None) -> None:
        self.refused: list[str] = []
        self.context: BrowserContext = browser.new_context(viewport={"width": 1200, "height": 900})
        serve = serve or {}

        def route(r):  # type: ignore[no-untyped-def]
            request_url = r.request.url
            for prefix, folder in serve.items():
                if request_url.startswith(prefix):
                    target = folder / request_url[len(prefix) :].split("?")[0]
                    return r.fulfill(path=str(target)) if target.is_file() else r.abort()
            if request_url.startswith((url, "data:", "blob:")):
                return r.continue_()
            self.refused.append(request_url)
            return r.abort()

        self.context.route("**/*", route)
        self.page: Page = self.context.new_page()


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[Loopback]]:
    made: list[Loopback] = []
    yield made
    for ctx in made:
        ctx.context.close()


def edit_thought(page: Page, index: int, text: str) -> None:
    page.locator(".cjm-journey-map [data-lane='thought'][data-id]").nth(index).dblclick()
    editor = page.locator(".cjm-journey-map .cjm-editor")
    expect(editor).to_be_visible()
    editor.fill(text)
    editor.press("Enter")


def thought(page: Page, index: int):  # type: ignore[no-untyped-def]
    return page.locator(".cjm-journey-map [data-lane='thought'][data-id]").nth(index)


def assert_scrolls_in_its_own_box(page: Page, box: str) -> None:
    """The map is wider than the window: it scrolls inside ``box``, the page itself does not scroll sideways."""
    # A locator, not document.querySelector: it also finds maps inside a shadow root (marimo).
    widths = page.locator(box).first.evaluate(
        """(el) => ({boxScroll: el.scrollWidth, boxClient: el.clientWidth,
                     pageScroll: document.scrollingElement.scrollWidth,
                     pageClient: document.scrollingElement.clientWidth})"""
    )
    assert widths["boxScroll"] > widths["boxClient"], widths  # wide enough that it matters
    assert widths["pageScroll"] <= widths["pageClient"], widths


# -- marimo ------------------------------------------------------------------------------------------


@pytest.fixture
def marimo_app(tmp_path: Path) -> Iterator[str]:
    """``marimo edit`` on a notebook (one kernel session that a reload reconnects to), run on open."""
    app = tmp_path / "journey_app.py"
    app.write_text(MARIMO_APP, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.marimo.runtime]\nauto_instantiate = true\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "marimo", "edit", "--headless", "--host", "127.0.0.1", "--port", "{port}"]
    with running_app(tmp_path, [*cmd, "--no-token", str(app)], "marimo") as url:
        yield url


def test_marimo_edits_both_ways_rerun_dependent_cells_and_survive_a_reload(
    browser: Browser, marimo_app: str, contexts: list[Loopback]
) -> None:
    ctx = Loopback(browser, marimo_app)
    contexts.append(ctx)
    page = ctx.page
    page.goto(marimo_app)
    expect(page.locator(".cjm-journey-map")).to_be_visible(timeout=90_000)
    dependent = page.get_by_text("FIRST THOUGHT:")
    expect(dependent).to_be_visible()
    before = dependent.inner_text()

    # Page -> DataFrame, and the cell that uses the map runs again with the new value.
    edit_thought(page, 0, "Edited in marimo")
    expect(dependent).to_have_text("FIRST THOUGHT: Edited in marimo", timeout=30_000)
    assert before != dependent.inner_text()

    # Python -> page.
    page.get_by_role("button", name="Edit from Python").click()
    expect(thought(page, 1)).to_have_text("Edited from Python", timeout=30_000)

    # The bqplot chart says what to use instead of failing.
    expect(page.get_by_text("EmotionCurve is a bqplot chart")).to_be_visible()

    # A reload: marimo replays widget state, not messages; the handshake brings the map up to date.
    page.reload()
    expect(page.locator(".cjm-journey-map")).to_be_visible(timeout=90_000)
    expect(thought(page, 0)).to_have_text("Edited in marimo", timeout=30_000)
    expect(thought(page, 1)).to_have_text("Edited from Python", timeout=30_000)
    expect(page.locator(".cjm-journey-map .cjm-message")).to_be_hidden()
    assert_scrolls_in_its_own_box(page, ".cjm-journey-map .cjm-scroll")
    assert ctx.refused == []


MARIMO_STATIC = Path(__import__("marimo").__file__).parent / "_static"


def test_marimo_export_html_keeps_the_edited_map_and_says_it_is_not_connected(
    browser: Browser, tmp_path: Path, contexts: list[Loopback]
) -> None:
    import subprocess

    source = tmp_path / "exported.py"
    source.write_text(MARIMO_EXPORT, encoding="utf-8")
    out = tmp_path / "exported.html"
    done = subprocess.run(
        [sys.executable, "-m", "marimo", "export", "html", str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]

    # Offline the page is marimo's: its whole front end comes from a CDN (docs/hosts in the README).
    offline = Loopback(browser, out.as_uri())
    contexts.append(offline)
    offline.page.goto(out.as_uri())
    offline.page.wait_for_timeout(1000)
    assert any("cdn.jsdelivr.net/npm/@marimo-team/frontend" in u for u in offline.refused)

    # With marimo's front end reachable (served here from the installed marimo, as the CDN would),
    # the map shows the edit a later cell made, and a reader's edit says it goes nowhere.
    version = __import__("marimo").__version__
    cdn = f"https://cdn.jsdelivr.net/npm/@marimo-team/frontend@{version}/dist/"
    online = Loopback(browser, out.as_uri(), serve={cdn: MARIMO_STATIC})
    contexts.append(online)
    page = online.page
    page.goto(out.as_uri())
    expect(page.locator(".cjm-journey-map")).to_be_visible(timeout=60_000)
    expect(thought(page, 1)).to_have_text("Edited by cell 2")
    expect(page.locator(".cjm-journey-map .cjm-message")).to_have_text(
        "Not connected to a kernel: edits are not saved.", timeout=15_000
    )


# -- Panel -------------------------------------------------------------------------------------------

PANEL_APP = """
import panel as pn
import cjm_widgets as cjm

m = cjm.JourneyMap(cjm.templates.load("equipment-repair"))
pn.Column("# Repair journey", pn.panel(m)).servable()
"""


def test_panel_serve_shows_the_map_offline_in_its_own_scroll_box(
    browser: Browser, tmp_path: Path, contexts: list[Loopback]
) -> None:
    app = tmp_path / "panel_app.py"
    app.write_text(PANEL_APP, encoding="utf-8")
    cmd = [sys.executable, "-m", "panel", "serve", str(app), "--address", "127.0.0.1", "--port", "{port}"]
    with running_app(tmp_path, [*cmd, "--allow-websocket-origin", "127.0.0.1:{port}"], "panel") as url:
        ctx = Loopback(browser, url)
        contexts.append(ctx)
        page = ctx.page
        page.goto(f"{url}/panel_app")
        figure = page.locator("figure.cjm-static")
        expect(figure).to_be_visible(timeout=60_000)
        expect(figure.locator("tr[data-lane='touchpoint'] td").first).not_to_be_empty()
        expect(page.get_by_text("Failed to load")).to_have_count(0)
        assert_scrolls_in_its_own_box(page, "figure.cjm-static")
        assert ctx.refused == []


# -- Solara ------------------------------------------------------------------------------------------

SOLARA_APP = """
import ipywidgets
import solara
import cjm_widgets as cjm


def build():
    # Widgets belong to a session: build them inside the page (solara.use_memo), not at import.
    m = cjm.JourneyMap(cjm.templates.load("equipment-repair"))
    last = ipywidgets.Label("no edit yet")
    m.on_edit(lambda e: setattr(last, "value", f"{e.id} {e.column} = {e.new}"))
    return ipywidgets.VBox([m, last])


@solara.component
def Page():
    box = solara.use_memo(build, [])
    solara.Column(children=[box])
"""

# Solara's server fetches its own front end from jsDelivr on first use and caches it; the npm
# registry has the same packages, so an offline machine can fill that cache ahead of time.
SOLARA_FRONT_END = ("@widgetti/solara-vuetify3-app@5.2.0", "requirejs@2.3.6", "font-awesome@4.5.0")


@pytest.fixture(scope="module")
def solara_cdn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import subprocess
    import tarfile

    cache = tmp_path_factory.mktemp("solara-cdn")
    for spec in SOLARA_FRONT_END:
        done = subprocess.run(["npm", "pack", spec, "--silent"], cwd=cache, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        tarball = cache / done.stdout.strip().splitlines()[-1]
        target = cache / spec
        target.mkdir(parents=True)
        with tarfile.open(tarball) as tar:
            for member in tar.getmembers():
                member.name = member.name.split("/", 1)[-1]  # npm packs everything under package/
            tar.extractall(target, filter="data")
        tarball.unlink()
    return cache


def test_solara_edits_reach_python_offline(
    browser: Browser, tmp_path: Path, solara_cdn: Path, contexts: list[Loopback], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = tmp_path / "solara_app.py"
    app.write_text(SOLARA_APP, encoding="utf-8")
    monkeypatch.setenv("SOLARA_ASSETS_PROXY_CACHE_DIR", str(solara_cdn))
    cmd = [sys.executable, "-m", "solara", "run", str(app), "--host", "127.0.0.1", "--port", "{port}"]
    with running_app(tmp_path, [*cmd, "--no-open", "--production"], "solara") as url:
        ctx = Loopback(browser, url)
        contexts.append(ctx)
        page = ctx.page
        page.goto(url)
        expect(page.locator(".cjm-journey-map")).to_be_visible(timeout=90_000)
        edit_thought(page, 0, "Edited in Solara")
        expect(page.get_by_text("thought = Edited in Solara")).to_be_visible(timeout=30_000)
        expect(page.locator(".cjm-journey-map .cjm-message")).to_be_hidden()
        assert_scrolls_in_its_own_box(page, ".cjm-journey-map .cjm-scroll")
        assert ctx.refused == []
        assert "Could not load URL" not in (tmp_path / "solara.log").read_text(encoding="utf-8")


# -- JupyterLab ------------------------------------------------------------------------------------------


def test_jupyterlab_map_scrolls_inside_its_own_box(browser: Browser, lab: Lab) -> None:
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    try:
        page = context.new_page()
        name = lab.write_notebook(
            "scroll_box.ipynb", "import cjm_widgets as cjm\ncjm.JourneyMap(cjm.templates.load('equipment-repair'))"
        )
        NotebookPage(page, lab).open(name).run_all()
        expect(page.locator(".cjm-journey-map")).to_be_visible()
        widths = page.evaluate(
            """() => {
                const box = document.querySelector('.cjm-journey-map .cjm-scroll');
                const area = document.querySelector('.jp-WindowedPanel-outer, .jp-Notebook');
                const map = document.querySelector('.cjm-journey-map');
                return {box: box.scrollWidth, boxClient: box.clientWidth, area: area.scrollWidth,
                        areaClient: area.clientWidth, map: map.getBoundingClientRect().right,
                        view: window.innerWidth};
            }"""
        )
        assert widths["box"] > widths["boxClient"], widths
        assert widths["area"] <= widths["areaClient"], widths
        assert widths["map"] <= widths["view"], widths
        toolbar = page.locator(".cjm-journey-map .cjm-toolbar").first
        box = toolbar.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1000
    finally:
        context.close()
