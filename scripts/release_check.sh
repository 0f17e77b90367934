#!/usr/bin/env bash
# The release check: build the sdist and both wheels from a clean clone of HEAD, check them as
# PyPI would, install each in a fresh venv with no node, npm or C compiler on PATH, import it,
# print --info, run from_events and draw a template's page in headless Chromium; then make sure
# planted defects fail. Run by scripts/test.sh (so by CI); needs `scripts/install.sh test` first.
#   scripts/release_check.sh [--keep DIR]   (DIR: where to copy the artifacts)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d "${TMPDIR:-/tmp}/cjm-release.XXXXXX")"
trap 'rm -rf "$work"' EXIT
PY="${PY:-.venv/bin/python}"
"$PY" scripts/release_check.py --work "$work" "$@"
