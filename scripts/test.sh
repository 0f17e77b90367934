#!/usr/bin/env bash
# Install everything, then run the whole suite: linters, JS unit tests (vitest), the release
# check (sdist and wheels built from HEAD, each installed in a fresh venv without Node or a C
# compiler), Python unit tests, browser end-to-end tests (JupyterLab + Chromium) and the notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh test

echo "==> JS: build, typecheck, lint, unit tests"
npm run --silent build
npm run --silent typecheck
npm run --silent lint
npm test --silent

echo "==> Python: ruff, mypy"
.venv/bin/ruff check cjm_widgets tests benchmarks hatch_build.py scripts/release_check.py scripts/release_smoke.py
.venv/bin/ruff format --check cjm_widgets tests benchmarks hatch_build.py scripts/release_check.py scripts/release_smoke.py
.venv/bin/mypy

echo "==> Release check: build, check and install the sdist and both wheels"
bash scripts/release_check.sh

echo "==> Python: unit, property, end-to-end and notebook tests"
exec .venv/bin/python -m pytest "$@"
