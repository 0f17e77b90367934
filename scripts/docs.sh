#!/usr/bin/env bash
# Build the documentation site into docs/_build/html (open docs/_build/html/index.html).
# Offline, warnings as errors (-W, nitpicky in docs/conf.py), every notebook executed afresh (-E).
# Needs the `docs` extra (scripts/install.sh test installs it) and the built front end.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
rm -rf docs/generated  # autosummary pages: regenerated from the docstrings every time
exec "$PY" -m sphinx -b html -E -W --keep-going -j 2 docs docs/_build/html "$@"
