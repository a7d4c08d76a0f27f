#!/usr/bin/env bash
# Makes Debian's chromium available for the browser tests (playwright-core drives it; its own
# browser download cannot work here). Prints the executable's path on stdout; progress on stderr.
#
#   CHROMIUM=$(bash scripts/ensure-chromium.sh)
#
# 1. SRDI_CHROMIUM set and executable -> printed as is.
# 2. /usr/bin/chromium present        -> printed.
# 3. Otherwise, as root               -> apt-get install -y chromium (apt-get update first if needed),
#    and a CJK font when none is installed.
set -euo pipefail

log() { echo "ensure-chromium: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [[ -n "${SRDI_CHROMIUM:-}" ]]; then
  [[ -x "$SRDI_CHROMIUM" ]] || die "SRDI_CHROMIUM=$SRDI_CHROMIUM is not executable"
  echo "$SRDI_CHROMIUM"
  exit 0
fi

BIN=/usr/bin/chromium
if [[ ! -x "$BIN" ]]; then
  [[ $(id -u) -eq 0 ]] || die "$BIN is missing; install Debian's chromium (apt-get install chromium) or set SRDI_CHROMIUM"
  log "installing Debian's chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends chromium >&2; then
    apt-get update >&2
    apt-get install -y --no-install-recommends chromium >&2
  fi
  [[ -x "$BIN" ]] || die "apt-get install chromium did not provide $BIN"
fi
# Chinese pages need a CJK font, or screenshots show boxes (WenQuanYi Micro Hei: small, in Debian).
if [[ $(id -u) -eq 0 ]] && command -v fc-list >/dev/null && [[ -z $(fc-list :lang=zh 2>/dev/null | head -1) ]]; then
  log "installing a CJK font (fonts-wqy-microhei)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-wqy-microhei >&2 || log "could not install fonts-wqy-microhei; screenshots may lack Chinese glyphs"
fi
echo "$BIN"
