# Sourced by scripts/build, scripts/test and scripts/serve: make .venv match a
# lock file and hold our extensions (the sphinx_edition package, installed
# editable from src/), reinstalling only when the lock, pyproject.toml or the
# Python has changed.
# Usage: ensure_venv requirements/build.txt
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"

ensure_venv() {
  local lock="$ROOT/$1"
  local python="${PYTHON:-python3}"
  # The stamp names the lock's hash and the interpreter: either changing
  # makes the environment stale.
  local want
  want="$(cat "$ROOT/requirements/bootstrap.txt" "$lock" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0])')"
  local stamp="$VENV/.stamp-$(basename "$lock")"
  if [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  echo "Setting up $VENV from ${1} ..." >&2
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
}
