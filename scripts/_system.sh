# Sourced by scripts/test, scripts/bench and scripts/lighthouse, after
# _venv.sh: the Debian packages that no language registry ships (a browser,
# an e-book reader, PDF tools, a virtual screen, fonts).
#
# ensure_system PACKAGE... checks each package by a command or file it
# installs. If all are there it does nothing and prints nothing. If some are
# missing: as root with apt-get, it installs them (one apt-get update, one
# apt-get install, one line saying so); otherwise it prints one line naming
# the exact command to run and exits 1, before anything else runs.
#
# EDITION_SETUP_UID stands in for `id -u` (e.g. EDITION_SETUP_UID=1000 shows
# what a user without root is told); SYSTEM_FALLBACK, if set, is added to
# that line (scripts/test names its --fast path there). EDITION_SETUP_SUDO=1
# lets a user without root install them through `sudo -n` (passwordless
# sudo, as on GitHub's hosted runners: .github/workflows/test.yml sets it);
# without it nothing runs sudo.

# package -> what shows it is there: a command on PATH, an absolute file, or
# lib:NAME, a shared library the dynamic linker knows
declare -A SYSTEM_PROBE=(
  [chromium]=chromium
  [calibre]=ebook-convert
  [poppler-utils]=pdftoppm
  [xvfb]=xvfb-run
  [xauth]=xauth
  [fonts-dejavu-core]=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  # The Chinese PDF's faces (Noto Serif CJK SC, and Noto Sans Mono CJK SC
  # for code), beside DejaVu: see SYSTEM_SHA256.
  [fonts-noto-cjk]=/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
  # Playwright's own Node (its driver, inside the wheel) links against it;
  # Debian's minimal images lack it.
  [libatomic1]=lib:libatomic.so.1
)

# package -> sha256 of its probe file, for packages whose exact bytes reach
# an output: the Chinese PDF embeds subsets of fonts-noto-cjk's faces, so the
# same PDF comes out only from the same font files (fonts-noto-cjk
# 1:20220127+repack1-1, Debian 12 and 13). Another version still builds;
# system_pins says so, once, since its PDF will differ in bytes.
declare -A SYSTEM_SHA256=(
  [fonts-noto-cjk]=a04178ec485dffdff7cc0c0c20e1fce9202d7e2160d805e8e44a4c8841c58481
)

system_pins() {  # system_pins PACKAGE...: a note for each whose file is not the pinned one
  local pkg want file
  for pkg in "$@"; do
    want="${SYSTEM_SHA256[$pkg]:-}"
    file="${SYSTEM_PROBE[$pkg]}"
    [[ -n "$want" && -e "$file" ]] || continue
    if [[ "$(sha256sum "$file" | cut -d' ' -f1)" != "$want" ]]; then
      echo "scripts/$(basename "$0"): $file is not the one the book is built with (${pkg} 1:20220127+repack1-1, as Debian 12 and 13 ship it): the Chinese PDF will differ in bytes from other machines'" >&2
    fi
  done
}

system_missing() {  # system_missing PACKAGE...: prints those not there
  local pkg probe
  for pkg in "$@"; do
    probe="${SYSTEM_PROBE[$pkg]}"
    if [[ "$probe" == /* ]]; then
      [[ -e "$probe" ]] || printf '%s\n' "$pkg"
    elif [[ "$probe" == lib:* ]]; then
      # Matched in bash, not with `| grep -q`: grep leaving early makes
      # ldconfig die of SIGPIPE, which pipefail would count as "missing".
      [[ "$(/sbin/ldconfig -p 2>/dev/null)" == *"${probe#lib:} ("* ]] || printf '%s\n' "$pkg"
    else
      command -v "$probe" >/dev/null 2>&1 || printf '%s\n' "$pkg"
    fi
  done
}

ensure_system() {
  local missing
  mapfile -t missing < <(system_missing "$@")
  if ((${#missing[@]} == 0)); then
    system_pins "$@"
    return 0
  fi
  local who="scripts/$(basename "$0")"
  local pkgs="${missing[*]}"
  local install="apt-get install -y --no-install-recommends $pkgs"
  local fallback="${SYSTEM_FALLBACK:+; $SYSTEM_FALLBACK}"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$who needs $pkgs (Debian package names) and this machine has no apt-get: install them with its package manager (on Debian or Ubuntu: sudo apt-get update && sudo $install)$fallback" >&2
    exit 1
  fi
  local sudo=()
  if [[ "${EDITION_SETUP_UID:-$(id -u)}" != 0 ]]; then
    if [[ "${EDITION_SETUP_SUDO:-}" != 1 ]]; then
      echo "$who needs $pkgs and installing them needs root: run sudo apt-get update && sudo $install$fallback" >&2
      exit 1
    fi
    sudo=(sudo -n)
  fi
  setup_lock
  mapfile -t missing < <(system_missing "$@")  # another command may have done it
  if ((${#missing[@]})); then
    pkgs="${missing[*]}"
    echo "Installing system packages: $pkgs (apt, once) ..." >&2
    local log
    log="$(mktemp "${TMPDIR:-/tmp}/edition-apt.XXXXXX")"
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600)
    if ! { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; } \
      >"$log" 2>&1; then
      tail -n 20 "$log" >&2
      echo "$who: apt-get could not install $pkgs (full log: $log)" >&2
      exit 1
    fi
    rm -f "$log"
    mapfile -t missing < <(system_missing "$@")
    if ((${#missing[@]})); then
      local pkg probes=()
      for pkg in "${missing[@]}"; do probes+=("${SYSTEM_PROBE[$pkg]}"); done
      echo "$who: apt-get installed ${missing[*]}, yet ${probes[*]} still cannot be found" >&2
      exit 1
    fi
  fi
  setup_unlock
  system_pins "$@"
}
