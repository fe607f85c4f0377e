#!/usr/bin/env bash
# npm test's browser step: runs `npm run test:lab` (JupyterLab in headless Chromium) when Chromium is installed.
# Without Chromium a developer's `npm test` says so in one line and goes on; CI (CI=true) fails instead, since it
# installs Chromium and must never pass without the browser suite.
set -euo pipefail
cd "$(dirname "$0")/.."
chromium="${FLAX_TS_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "${CI:-}" = true ]; then
    echo "test:lab: Chromium not found at $chromium, and CI must run the browser suite (apt-get install chromium)" >&2
    exit 1
  fi
  echo "test:lab: skipped, Chromium not found at $chromium (apt-get install chromium, or set FLAX_TS_CHROMIUM)"
  exit 0
fi
exec npm run test:lab
