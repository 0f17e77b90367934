"""Fixtures for end-to-end tests: one JupyterLab per session, a fresh browser page per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .lab import Lab, running_lab
from .notebook_page import NotebookPage

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    with running_lab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture
def page(browser: Browser, lab: Lab) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # Only the local server: any other request would be a bug (or a CDN) and is refused.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(lab.url) or route.request.url.startswith(("data:", "blob:"))
            else route.abort()
        ),
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def notebook(page: Page, lab: Lab) -> NotebookPage:
    return NotebookPage(page, lab)


@pytest.fixture
def notebooks_dir() -> Path:
    return NOTEBOOKS
