"""The README reads right on the package index: absolute links that point at files that exist."""

from __future__ import annotations

import re
from pathlib import Path

import cjm_widgets

REPO = Path(cjm_widgets.__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
BLOB = "https://github.com/cjm-widgets/cjm_widgets/blob/main/"
RAW = "https://raw.githubusercontent.com/cjm-widgets/cjm_widgets/main/"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def test_every_link_and_image_is_absolute() -> None:
    targets = LINK.findall(README)
    assert len(targets) >= 20
    assert [t for t in targets if not t.startswith("https://")] == []


def test_repository_links_point_at_files_that_exist() -> None:
    paths = [t.removeprefix(BLOB) for t in LINK.findall(README) if t.startswith(BLOB)]
    paths += [t.removeprefix(RAW) for t in LINK.findall(README) if t.startswith(RAW)]
    assert "docs/journey_map.png" in paths  # the screenshot, from raw.githubusercontent.com
    assert [p for p in paths if not (REPO / p.split("#")[0]).exists()] == []


def test_the_install_line_and_both_quick_start_commands_are_there() -> None:
    assert "pip install cjm_widgets" in README
    for command in ("bash scripts/quickstart.sh", "bash scripts/test.sh"):
        assert command in README
        assert (REPO / command.split()[1]).is_file()
