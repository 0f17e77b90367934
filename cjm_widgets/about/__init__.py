"""What is installed: versions, the analytics pass and why, engines and front end (``python -m cjm_widgets --info``).

- :func:`show_versions` prints it (``cjm.show_versions()``, as ``pandas.show_versions()``);
- :func:`installed` returns it as a JSON-safe dict, for bug reports and checks.
"""

from __future__ import annotations

from .versions import installed, show_versions

__all__ = ["installed", "show_versions"]
