#!/usr/bin/env bash
# The npm dependencies as package-lock.json pins them: `npm ci` when node_modules is missing or
# was installed from another lock file (a stamp holds the lock's hash). Shared by `npm start`
# and `npm test`, so a fresh clone needs no separate install step.
set -euo pipefail
cd "$(dirname "$0")/.."

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f node_modules/.srdi-installed || $(cat node_modules/.srdi-installed) != "$lock_hash" ]]; then
  echo "[deps] installing npm dependencies" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.srdi-installed
fi
