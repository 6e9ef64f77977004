# Sourced by scripts/test and scripts/lighthouse, after _venv.sh: the Node
# checkers (Ace by DAISY, Lighthouse, axe-core, the Nu HTML Checker's jar) in node_modules, exactly as
# package-lock.json pins them, installed by `npm ci` with the Node the test
# lock pins. Like the venv, node_modules carries a stamp (the hash of
# package.json, package-lock.json and the Node version): when it is missing
# or stale, npm ci runs once and says so in one line; when it is current,
# nothing runs.
# Usage: ensure_venv requirements/test.txt; use_lock_runtimes; ensure_node_modules

node_modules_want() {
  printf '%s %s\n' \
    "$(cat "$ROOT/package.json" "$ROOT/package-lock.json" | sha256sum | cut -d' ' -f1)" \
    "$(node --version)"
}

ensure_node_modules() {
  local stamp="$ROOT/node_modules/.stamp-npm-ci" want
  want="$(node_modules_want)"
  venv_current "$stamp" "$want" && return 0
  setup_lock
  if venv_current "$stamp" "$want"; then
    setup_unlock
    return 0
  fi
  echo "Installing node_modules from package-lock.json (npm ci, once) ..." >&2
  local log
  log="$(mktemp "${TMPDIR:-/tmp}/edition-npm.XXXXXX")"
  # No browser or Electron download: Ace and Lighthouse drive Debian's
  # Chromium, and this network reaches the npm registry only. vnu-jar's
  # install script fetches a Java only when none is on PATH: ours is.
  if ! (cd "$ROOT" && env PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 \
    ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "scripts/$(basename "$0"): npm ci failed (full log: $log)" >&2
    exit 1
  fi
  rm -f "$log"
  mkdir -p "$ROOT/node_modules"  # npm makes none for a lock with no packages
  echo "$want" > "$stamp"
  setup_unlock
}
