#!/usr/bin/env bash
# Regenerates every parity fixture (test/parity/fixtures/*.json) by running each test/parity/*.py with the real
# jax/flax/optax. Creates or updates the project venv (.venv) from test/parity/requirements.txt only when that file
# changed since the last install. Deterministic: re-running on an unchanged tree leaves `git diff` empty.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PIP_RETRIES=0

venv=.venv
requirements=test/parity/requirements.txt
stamp="$venv/.parity-requirements.sha256"

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
  "$venv/bin/python" -m pip install --quiet -r "$requirements"
  echo "$wanted" >"$stamp"
fi

for script in test/parity/*.py; do
  echo "parity: $script"
  # -P: do not put the script's folder on the import path (random.py would shadow the standard library).
  "$venv/bin/python" -P "$script"
done
