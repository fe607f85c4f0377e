#!/usr/bin/env bash
# `npm start`: set everything up (see setup.sh), then open JupyterLab on notebooks/ with the venv's tslab kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The venv's kernelspecs come first, ahead of any tslab kernel installed in the user's own Jupyter folders.
export JUPYTER_PATH="$PWD/.venv/share/jupyter"
# Jupyter refuses to start as root ("Running as root is not recommended"), which is how containers run: allow it
# there, since root inside a container is the only user.
if [ "$(id -u)" = 0 ]; then set -- --allow-root "$@"; fi
exec .venv/bin/jupyter lab --ServerApp.root_dir=notebooks "$@"
