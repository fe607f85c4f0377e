#!/usr/bin/env bash
# Sets up everything the notebooks need, inside this clone only: npm packages, the native backend (when the
# project has a script for it), the library build, a Python venv in .venv and the tslab kernel registered in
# that venv. Nothing is written to the user's global Jupyter or Python directories. Each step is skipped when
# its inputs have not changed, so a second run takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_RETRIES="${PIP_RETRIES:-0}"

step() { printf '[setup] %s\n' "$*"; }

# npm writes node_modules/.package-lock.json on every install; it is newer than the lock file when up to date.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step 'npm ci'
  npm ci --no-audit --no-fund
fi

# The native TensorFlow backend is optional; its installer is another script's job when the project has one.
if [ "$(npm pkg get 'scripts.setup:tfjs-node')" != '{}' ]; then
  step 'npm run setup:tfjs-node'
  npm run --silent setup:tfjs-node -- --optional
fi

# Notebooks import the built package (node_modules/flax-ts links to this folder), so dist/ must be current.
if [ ! -f dist/index.js ] || [ -n "$(find src tsconfig.json tsconfig.build.json -newer dist/index.js -print -quit)" ]; then
  step 'npm run build'
  npm run --silent build
fi

stamp=.venv/.requirements.sha256
wanted="$(sha256sum requirements.txt | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ]; then
  step 'creating .venv'
  python3 -m venv .venv
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  step 'pip install -r requirements.txt'
  .venv/bin/python -m pip install --quiet -r requirements.txt
  echo "$wanted" >"$stamp"
fi

# The kernelspec runs this clone's tslab by absolute path, so Jupyter needs no global tslab on PATH.
tslab="$PWD/node_modules/.bin/tslab"
if ! grep -qF "\"$tslab\"" .venv/share/jupyter/kernels/tslab/kernel.json 2>/dev/null; then
  step 'registering the tslab kernel in .venv'
  "$tslab" install --python .venv/bin/python --sys-prefix --binary "$tslab" >/dev/null
fi
step 'ready'
