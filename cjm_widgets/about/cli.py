"""``python -m cjm_widgets`` (and the ``cjm-widgets`` command): ``--info`` prints what is installed."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from .versions import show_versions

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m cjm_widgets",
        description="Customer journey maps in Jupyter. This command reports on the install.",
    )
    parser.add_argument(
        "--info",
        action="store_true",
        help="print versions, the analytics pass in use and why, engines and the front end's version",
    )
    parser.add_argument("--json", action="store_true", help="with --info: print it as JSON")
    args = parser.parse_args(argv)
    if not args.info:
        parser.print_help()
        return 0
    show_versions(as_json=args.json)
    return 0
