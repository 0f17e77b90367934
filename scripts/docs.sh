#!/usr/bin/env bash
# Build the documentation site into docs/_build/html (open docs/_build/html/index.html; DOCS_OUT=dir
# builds elsewhere; extra arguments go to sphinx-build, e.g. -D cjm_docs_execute=0 to skip execution).
# Offline, warnings as errors (-W, nitpicky in docs/conf.py), every notebook executed afresh (-E).
# Needs the `docs` extra (scripts/install.sh test installs it) and the built front end.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
rm -rf docs/generated  # autosummary pages: regenerated from the docstrings every time
OUT="${DOCS_OUT:-docs/_build/html}"
exec "$PY" -m sphinx -b html -E -W --keep-going -j 2 "$@" docs "$OUT"
