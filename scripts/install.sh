#!/usr/bin/env bash
# Install what cjm_widgets needs on a fresh Debian machine (idempotent).
#   scripts/install.sh        -> .venv with cjm_widgets (editable) and JupyterLab
#   scripts/install.sh test   -> also test tools, npm packages and Debian's Chromium
# Every step fails loudly: a missing tool is an error, never a skipped test.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-lab}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "==> apt-get install $*"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

command -v node >/dev/null && command -v npm >/dev/null || {
  echo "!! Node.js 20+ and npm are required (https://nodejs.org); not found on PATH" >&2; exit 1; }
node -e 'process.exit(parseInt(process.versions.node) >= 20 ? 0 : 1)' || {
  echo "!! Node.js 20+ is required, found $(node --version)" >&2; exit 1; }

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($PY --version)"
  "$PY" -m venv .venv || { apt_install python3-venv && "$PY" -m venv .venv; }
fi
.venv/bin/python -m pip install -q --upgrade pip

echo "==> npm ci"
npm ci --no-audit --no-fund --loglevel=error

# JupyterLab in this venv saves widget state with a notebook and shows it again when the
# notebook is reopened, so an executed notebook (the quickstart's) opens with its maps drawn;
# and it asks nothing of the network (no news feed: these machines may have none).
settings=.venv/share/jupyter/lab/settings
mkdir -p "$settings"
cat > "$settings/overrides.json" <<'JSON'
{
  "@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": true},
  "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}
}
JSON

if [ "$what" = test ]; then
  [ -x /usr/bin/chromium ] || apt_install chromium
  echo "==> pip install -e .[test]"
  # The tests run from_events' compiled journey pass: a failed compile must stop them here.
  CJM_REQUIRE_COMPILED=1 .venv/bin/python -m pip install -q -e ".[test]"
else
  echo "==> pip install -e .[lab]"
  .venv/bin/python -m pip install -q -e ".[lab]"
fi
