#!/usr/bin/env bash
# Install cjm_widgets with JupyterLab and open the quickstart notebook, already run,
# so the map of a built-in template is on screen. Run its cells again to play.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh lab
mkdir -p .quickstart
cp notebooks/01_quickstart.ipynb .quickstart/
cd .quickstart
echo "==> running a copy of notebooks/01_quickstart.ipynb in .quickstart/"
../.venv/bin/jupyter nbconvert --to notebook --execute --inplace 01_quickstart.ipynb \
  --ExecutePreprocessor.store_widget_state=True --log-level=WARN
# You ran it, so you trust it: JupyterLab draws saved widgets only in trusted notebooks.
../.venv/bin/jupyter trust 01_quickstart.ipynb
# JupyterLab refuses to run as root without --allow-root (containers and fresh machines often are root).
root=()
if [ "$(id -u)" = 0 ]; then root=(--allow-root); fi
exec ../.venv/bin/jupyter lab 01_quickstart.ipynb --ServerApp.ip=127.0.0.1 "${root[@]}" "$@"
