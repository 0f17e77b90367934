"""Where the built front end lives, with a clear error when it was never built."""

from __future__ import annotations

from pathlib import Path

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
