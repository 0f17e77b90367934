"""Where the built front end lives, with a clear error when it was never built; its version."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["STATIC", "BundleInfo", "asset", "bundle_info"]

STATIC = Path(__file__).resolve().parent.parent / "static"


def asset(name: str) -> Path:
    """Path of a built asset (``journey_map.js``...); raises if the build never ran."""
    path = STATIC / name
    if not path.is_file():
        raise FileNotFoundError(
            f"cjm_widgets' front end is not built ({path} is missing). In a source checkout run "
            "`pip install -e .` (it runs the npm build) or `npm install && npm run build`."
        )
    return path


@dataclass(frozen=True)
class BundleInfo:
    """The built front end as ``js/build.mjs`` described it in ``static/bundle.json``.

    ``version``: the front end's version (package.json's, which is the package's), or None
    when there is no readable ``bundle.json``; ``files``: how many files it lists;
    ``problems``: files missing or changed since the build (empty when all match).
    """

    version: str | None
    files: int
    problems: tuple[str, ...]


def bundle_info(static: Path = STATIC) -> BundleInfo:
    """Read ``bundle.json`` and check each file it lists against its SHA-256."""
    try:
        manifest = json.loads((static / "bundle.json").read_text(encoding="utf-8"))
        listed = dict(manifest["files"])
        version = str(manifest["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return BundleInfo(None, 0, (f"{static / 'bundle.json'} is missing or unreadable: the front end is not built",))
    problems = []
    for name, digest in sorted(listed.items()):
        path = static / name
        if not path.is_file():
            problems.append(f"{name} missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name} changed since the build")
    return BundleInfo(version, len(listed), tuple(problems))
