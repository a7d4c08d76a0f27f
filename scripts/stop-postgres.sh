#!/usr/bin/env bash
# Stops the private test cluster started by scripts/ensure-postgres.sh (pg_ctl stop -m fast), if it
# runs. Looks in both places ensure-postgres.sh may have put it: <project>/.data/test-pg and
# /tmp/srdi-test-pg-<sha256(project path)[0:12]>. Never touches Debian's `main` cluster.
# The data is kept; `rm -rf .data/test-pg` after stopping for a fresh cluster.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HASH="$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
LOCK="/tmp/srdi-test-pg-$HASH.lock"

log() { echo "stop-postgres: $*" >&2; }

# Do not stop the cluster while ensure-postgres.sh is half-way through starting it.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$LOCK"
  flock -w 30 9 || log "lock $LOCK busy for 30s; stopping anyway"
fi

for DATA in "$ROOT/.data/test-pg" "/tmp/srdi-test-pg-$HASH"; do
  [[ -f "$DATA/PG_VERSION" ]] || continue
  PGBIN="/usr/lib/postgresql/$(cat "$DATA/PG_VERSION")/bin"
  if [[ ! -x "$PGBIN/pg_ctl" ]]; then
    log "PostgreSQL $(cat "$DATA/PG_VERSION") binaries not found for $DATA; skipping"
    continue
  fi
  OWNER="$(stat -c %U "$DATA")"
  as_owner=()
  if [[ "$(id -u)" == 0 && "$OWNER" != root ]]; then as_owner=(runuser -u "$OWNER" --); fi
  cd /  # the caller's cwd may not be readable by the cluster owner
  if "${as_owner[@]}" "$PGBIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; then
    log "stopping PostgreSQL in $DATA"
    "${as_owner[@]}" "$PGBIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >/dev/null
  fi
done
