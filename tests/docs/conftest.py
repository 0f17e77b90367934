"""The documentation site, built once per session with the command CI and a contributor run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/docs/" in str(item.fspath):
            item.add_marker(pytest.mark.docs)
            if item.fspath.basename == "test_docs_offline.py":
                item.add_marker(pytest.mark.e2e)  # Chromium: skipped with the other browser tests by -m "not e2e"


def build_docs(root: Path, out: Path, *sphinx_args: str) -> subprocess.CompletedProcess[str]:
    """``scripts/docs.sh`` of the tree at ``root`` into ``out``; the package imported is that tree's."""
    env = {**os.environ, "PYTHON": sys.executable, "DOCS_OUT": str(out), "PYTHONPATH": str(root)}
    return subprocess.run(
        ["bash", str(root / "scripts" / "docs.sh"), *sphinx_args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site (every notebook executed), as scripts/docs.sh builds it; fails on any warning."""
    out = tmp_path_factory.mktemp("docs") / "html"
    result = build_docs(ROOT, out)
    assert result.returncode == 0, f"docs build failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
    return out
