#!/usr/bin/env bash
# `npm test`: everything a fresh clone needs, then the whole suite. Installs what is missing
# (npm dependencies, Temporal binaries), gets a real PostgreSQL (TEST_DATABASE_URL, else a local
# installation, else Debian's package), type-checks, lints, and runs jest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
bash scripts/setup-temporal.sh
TEST_DATABASE_URL=$(bash scripts/ensure-postgres.sh)
export TEST_DATABASE_URL
# The browser tests drive Debian's chromium through playwright-core against the built web app.
bash scripts/ensure-chromium.sh
echo "[test] build the web app (when stale)" >&2
npx tsx scripts/build-web.ts

echo "[test] type-check" >&2
npx tsc --noEmit -p tsconfig.json
npx tsc --noEmit -p web/tsconfig.json
echo "[test] lint" >&2
npx eslint --max-warnings=0 .
echo "[test] jest" >&2
npx jest --ci "$@"
