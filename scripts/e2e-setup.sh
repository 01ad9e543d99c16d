#!/usr/bin/env bash
# Installs what the real-VS-Code e2e suite needs (see test/e2e/README.md):
# Debian packages (Chromium, ripgrep, headers for code-server's native modules)
# and code-server 4.100.3 into .vscode-test/code-server. Idempotent: a working
# install is reused, so only the first run pays the 2-4 minutes.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.vscode-test/code-server"
STAMP="$DIR/.installed-$CODE_SERVER_VERSION"
APT_PACKAGES=(libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config libx11-dev ripgrep chromium iproute2)
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)

log() { echo "[e2e-setup] $*"; }

missing_packages() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

install_system_packages() {
  local missing
  missing="$(missing_packages | tr '\n' ' ')"
  if [ -z "${missing// /}" ]; then
    log "system packages present"
    return
  fi
  log "installing system packages: $missing"
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to apt-get install: $missing"; exit 1; }
    sudo=(sudo -n)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  # shellcheck disable=SC2086
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# code-server writes a config and data folder under XDG paths even for --version; keep them in the cache.
code_server_version() {
  XDG_CONFIG_HOME="$DIR/.xdg/config" XDG_DATA_HOME="$DIR/.xdg/data" "$DIR/node_modules/.bin/code-server" --version 2>/dev/null
}

code_server_works() {
  [ -f "$STAMP" ] && [ -x "$DIR/node_modules/.bin/code-server" ] && code_server_version | grep -q "^$CODE_SERVER_VERSION"
}

install_code_server() {
  if code_server_works; then
    log "code-server $CODE_SERVER_VERSION already installed in ${DIR#"$ROOT"/}"
    return
  fi
  log "installing code-server $CODE_SERVER_VERSION into ${DIR#"$ROOT"/} (2-4 minutes)"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  cd "$DIR"
  npm init -y >/dev/null
  # The package's own install scripts download binaries from the internet; run none, build natives here.
  npm install "${NPM_FLAGS[@]}" --ignore-scripts "code-server@$CODE_SERVER_VERSION"
  cd node_modules/code-server
  npm install "${NPM_FLAGS[@]}" --omit=dev --ignore-scripts
  npm rebuild argon2 >/dev/null
  cd lib/vscode
  npm install "${NPM_FLAGS[@]}" --omit=dev --ignore-scripts
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  local m
  for m in node-pty @vscode/spdlog @parcel/watcher kerberos native-watchdog @vscode/deviceid; do
    # node-pty's extra post-install step fails after the addon is built; the file check below decides.
    npm rebuild "$m" >/dev/null 2>&1 || log "npm rebuild $m reported an error (checked below)"
  done
  [ -f node_modules/node-pty/build/Release/pty.node ] || { log "node-pty did not build"; exit 1; }
  [ -f node_modules/@vscode/spdlog/build/Release/spdlog.node ] || { log "@vscode/spdlog did not build"; exit 1; }
  ln -sfn node_modules node_modules.asar
  (cd extensions && npm install "${NPM_FLAGS[@]}" --omit=dev --ignore-scripts)
  cd "$DIR"
  code_server_version | grep -q "^$CODE_SERVER_VERSION" || { log "code-server does not start"; exit 1; }
  touch "$STAMP"
  log "code-server installed"
}

started=$SECONDS
install_system_packages
[ -x /usr/bin/chromium ] || { log "/usr/bin/chromium missing after install"; exit 1; }
command -v rg >/dev/null || { log "ripgrep (rg) missing after install"; exit 1; }
install_code_server
log "ready in $((SECONDS - started))s"
