#!/usr/bin/env bash
# Makes a real PostgreSQL available for tests and prints exactly ONE line on stdout: a connection
# URL for a role that can CREATE DATABASE. Every progress message goes to stderr.
#
#   URL="$(bash scripts/ensure-postgres.sh)"
#
# 1. TEST_DATABASE_URL set       -> checked with psql (when psql exists) and printed as is.
# 2. PostgreSQL server installed -> a PRIVATE cluster of this checkout (Debian's `main` cluster is
#    (/usr/lib/postgresql/*/bin)    never touched), highest installed version:
#                                     data dir  <project>/.data/test-pg   (git-ignored)
#                                     listens   127.0.0.1:${SRDI_TEST_PG_PORT:-54329}, unix socket in the data dir
#                                     settings  fsync/synchronous_commit/full_page_writes off, max_connections=200
#                                     auth      trust (127.0.0.1 + socket only), role srdi/srdi SUPERUSER CREATEDB
#    As root the cluster runs as the `postgres` system user (PostgreSQL refuses to run as root).
#    If `postgres` cannot traverse/write the project path (e.g. a checkout under /root, mode 700),
#    or the socket path would exceed the ~107-byte unix socket limit, the data dir is
#    /tmp/srdi-test-pg-<first 12 hex of sha256(project path)> instead.
# 3. Nothing installed           -> as root: apt-get install postgresql (Debian 12: 15), then 2.
#    The package may create and even start Debian's `main` cluster on 5432; that is harmless, we
#    use our own port, socket directory and data dir.
#
# Idempotent: when the cluster already runs, it only checks the role and prints the URL.
# Stop it with scripts/stop-postgres.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${SRDI_TEST_PG_PORT:-54329}"
HOST="127.0.0.1"
ROLE="srdi"
PASSWORD="srdi"
URL="postgresql://${ROLE}:${PASSWORD}@${HOST}:${PORT}/postgres"

log() { echo "ensure-postgres: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- 1. An external database was given --------------------------------------------------------
if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  if command -v psql >/dev/null 2>&1; then
    psql "$TEST_DATABASE_URL" -Atqc 'select 1' >/dev/null 2>&1 \
      || die "TEST_DATABASE_URL is set but 'psql \$TEST_DATABASE_URL -c \"select 1\"' fails"
  else
    log "psql not found; using TEST_DATABASE_URL unchecked"
  fi
  echo "$TEST_DATABASE_URL"
  exit 0
fi

find_initdb() {
  local d best=""
  for d in /usr/lib/postgresql/*/bin/initdb; do
    [[ -x "$d" ]] || continue
    best="$(printf '%s\n%s\n' "$best" "$d" | sed '/^$/d' | sort -V | tail -n 1)"
  done
  [[ -n "$best" ]] && echo "$best"
}

HASH="$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
LOCK="/tmp/srdi-test-pg-$HASH.lock"

# Serialise concurrent callers (parallel test entry points) of this checkout.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$LOCK"
  flock 9
fi

# --- 3. Install PostgreSQL when missing -------------------------------------------------------
INITDB="$(find_initdb || true)"
if [[ -z "$INITDB" ]]; then
  [[ "$(id -u)" == 0 ]] || die "no PostgreSQL server in /usr/lib/postgresql/*/bin and not root: install 'postgresql' or set TEST_DATABASE_URL"
  log "installing Debian's postgresql package (apt-get)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  INITDB="$(find_initdb || true)"
  [[ -n "$INITDB" ]] || die "postgresql installed but no /usr/lib/postgresql/*/bin/initdb found"
fi
PGBIN="$(dirname "$INITDB")"
PGVER="$(basename "$(dirname "$PGBIN")")" # /usr/lib/postgresql/<major>/bin

# --- 2. Private cluster -----------------------------------------------------------------------
if [[ "$(id -u)" == 0 ]]; then
  PGUSER_OS="postgres"
  id "$PGUSER_OS" >/dev/null 2>&1 || die "running as root but there is no 'postgres' system user"
  # cd /: the caller's cwd may not be readable by postgres ("could not change directory").
  as_pg() { (cd / && runuser -u "$PGUSER_OS" -- "$@"); }
else
  PGUSER_OS="$(id -un)"
  as_pg() { "$@"; }
fi

data_dir_usable() { # <dir>: can the cluster owner use it (and is the socket path short enough)?
  local dir="$1"
  (( ${#dir} + ${#PORT} + 12 <= 100 )) || return 1
  mkdir -p "$dir" || return 1
  [[ "$(id -u)" == 0 ]] && chown "$PGUSER_OS:" "$dir"
  chmod 700 "$dir"
  as_pg test -w "$dir" -a -x "$dir"
}

DATA="$ROOT/.data/test-pg"
if [[ ! -f "$DATA/PG_VERSION" ]] && ! data_dir_usable "$DATA" 2>/dev/null; then
  # Only remove what we may just have created (an empty dir).
  rmdir "$DATA" 2>/dev/null || true
  DATA="/tmp/srdi-test-pg-$HASH"
  log "the '$PGUSER_OS' user cannot use $ROOT/.data; using $DATA"
  data_dir_usable "$DATA" || die "cannot prepare data dir $DATA for user $PGUSER_OS"
fi

psql_admin() { # runs SQL as the bootstrap superuser over the cluster's unix socket
  "$PGBIN/psql" -X -h "$DATA" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq "$@"
}

if [[ ! -f "$DATA/PG_VERSION" ]]; then
  log "initdb PostgreSQL $PGVER cluster in $DATA"
  as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C \
    --no-sync >/dev/null
  # Our settings live in srdi-test.conf, rewritten on each start (so the port can be changed).
  echo "include_if_exists = 'srdi-test.conf'" | as_pg tee -a "$DATA/postgresql.conf" >/dev/null
elif [[ "$(cat "$DATA/PG_VERSION")" != "$PGVER" ]]; then
  # An older cluster with a newer server installed: use the binaries that match the data dir.
  OLD="/usr/lib/postgresql/$(cat "$DATA/PG_VERSION")/bin"
  [[ -x "$OLD/pg_ctl" ]] || die "$DATA was created by PostgreSQL $(cat "$DATA/PG_VERSION"), which is not installed; remove the dir (scripts/stop-postgres.sh; rm -rf $DATA)"
  PGBIN="$OLD"
fi

if as_pg "$PGBIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; then
  : # already running
else
  as_pg tee "$DATA/srdi-test.conf" >/dev/null <<EOF
# Written by scripts/ensure-postgres.sh on every start: a throw-away test cluster.
listen_addresses = '$HOST'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
EOF
  log "starting PostgreSQL on $HOST:$PORT (data $DATA)"
  # 9>&-: the server must not inherit our lock's file descriptor, or it would hold the lock
  # for its whole life and the next caller would wait forever.
  if ! as_pg "$PGBIN/pg_ctl" start -D "$DATA" -l "$DATA/server.log" -w -t 60 >/dev/null 9>&-; then
    tail -n 20 "$DATA/server.log" >&2 || true
    die "PostgreSQL did not start (is port $PORT taken? set SRDI_TEST_PG_PORT to use another)"
  fi
fi

"$PGBIN/pg_isready" -q -h "$DATA" -p "$PORT" -U postgres -d postgres -t 30 \
  || die "PostgreSQL in $DATA is running but not accepting connections on port $PORT"

if [[ "$(psql_admin -c "select 1 from pg_roles where rolname = '$ROLE'")" != "1" ]]; then
  log "creating role $ROLE"
  psql_admin -c "create role $ROLE with login superuser createdb password '$PASSWORD'" >/dev/null
fi

# The URL must work over TCP (node's pg client), not just the socket.
"$PGBIN/psql" -X "$URL" -Atqc 'select 1' >/dev/null 2>&1 \
  || die "cannot connect to $URL (another server on port $PORT? set SRDI_TEST_PG_PORT)"

echo "$URL"
