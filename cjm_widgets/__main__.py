"""``python -m cjm_widgets --info``: what is installed (see :mod:`cjm_widgets.about`)."""

from __future__ import annotations

from .about.cli import main

raise SystemExit(main())
