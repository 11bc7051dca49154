# Shared set-up for scripts/run.sh and scripts/test.sh (sourced, not run).
#
# pn_bootstrap: make sure .venv exists in the repository and holds the project installed
# editable with its test extra, then export the cache directories numba and Mesa need.
# The install is skipped when pyproject.toml has not changed since the last one (a stamp in
# .venv holds its hash), so a second run starts at once.
#
# Settings (environment): PINS_PYTHON  the interpreter to build .venv with (default: the
# first of python3.11 python3.12 python3.13 python3 that is 3.11 or newer);
# NUMBA_CACHE_DIR, MESA_SHADER_CACHE_DIR  kept if already set; PN_NO_APT=1  never run
# apt-get (then a missing python3-venv is reported instead of installed).

PN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PN_VENV="$PN_ROOT/.venv"
PN_STAMP="$PN_VENV/.pins-and-needles-install"
PN_NAME="${PN_NAME:-$(basename "$0")}"

pn_say() { printf '%s: %s\n' "$PN_NAME" "$*" >&2; }
pn_die() { pn_say "$*"; exit 1; }

# Print the path of a Python >= 3.11, or nothing.
pn_find_python() {
  local candidate path
  for candidate in ${PINS_PYTHON:-} python3.11 python3.12 python3.13 python3; do
    path="$(command -v "$candidate" 2>/dev/null)" || continue
    if "$path" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      printf '%s\n' "$path"
      return 0
    fi
  done
  return 1
}

# Debian ships venv's pip bootstrap (ensurepip) separately, in python3-venv.
pn_ensure_ensurepip() {
  local python="$1" version
  "$python" -c 'import ensurepip, venv' 2>/dev/null && return 0
  version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  local package="python$version-venv"
  local fix="apt-get install python3-venv $package"
  # apt-get can only help Debian's own interpreter, and only when the package is missing.
  if [ "$(id -u)" = 0 ] && [ -z "${PN_NO_APT:-}" ] && command -v apt-get >/dev/null 2>&1 &&
    [[ "$(readlink -f "$python")" == /usr/bin/* ]] &&
    [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]; then
    pn_say "Python $version cannot create a venv (ensurepip is missing); running: apt-get update && $fix"
    local packages="python3-venv" log
    if apt-get update -qq >/dev/null && apt-cache show "$package" >/dev/null 2>&1; then
      packages="$packages $package"
    fi
    # Quiet unless it fails (apt and debconf chatter otherwise).
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    if ! log="$(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      $packages 2>&1)"; then
      printf '%s\n' "$log" >&2
      pn_die "installing $packages failed; run as root: $fix"
    fi
    "$python" -c 'import ensurepip, venv' 2>/dev/null && return 0
  fi
  pn_die "Python $version ($python) cannot create a venv because ensurepip is missing; fix: sudo $fix"
}

# A hash of everything that decides what gets installed.
pn_install_key() {
  {
    printf 'stamp-v1\n'
    readlink -f "$PN_VENV/bin/python" 2>/dev/null || true
    cat "$PN_ROOT/pyproject.toml"
  } | sha256sum | cut -d' ' -f1
}

pn_create_venv() {
  local python
  python="$(pn_find_python)" ||
    pn_die "no Python 3.11 or newer found (looked for python3.11 python3.12 python3.13 python3); install it, e.g. apt-get install python3 python3-venv"
  pn_ensure_ensurepip "$python"
  pn_say "creating $PN_VENV with $python ($("$python" --version 2>&1))"
  rm -rf "$PN_VENV"
  if ! "$python" -m venv "$PN_VENV" >/dev/null; then
    rm -rf "$PN_VENV"
    pn_die "'$python -m venv $PN_VENV' failed (see above)"
  fi
}

pn_bootstrap() {
  mkdir -p "$PN_ROOT/.cache"
  # Two scripts started at once must not build the venv twice; the lock is released below,
  # before the command runs, so a running game never blocks a test run.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$PN_ROOT/.cache/bootstrap.lock"
    flock 9
  fi

  if [ ! -x "$PN_VENV/bin/python" ] || ! "$PN_VENV/bin/python" -c '' 2>/dev/null; then
    [ -e "$PN_VENV" ] && pn_say "$PN_VENV is broken (its Python does not start); rebuilding it"
    pn_create_venv
  fi

  local key
  key="$(pn_install_key)"
  if [ ! -f "$PN_STAMP" ] || [ "$(cat "$PN_STAMP")" != "$key" ]; then
    if ! "$PN_VENV/bin/python" -m pip --version >/dev/null 2>&1; then
      pn_say "$PN_VENV has no pip; rebuilding it"
      pn_create_venv
      key="$(pn_install_key)"
    fi
    pn_say "installing pins-and-needles and its dependencies into .venv (first run: about a minute)"
    rm -f "$PN_STAMP"
    (cd "$PN_ROOT" && "$PN_VENV/bin/python" -m pip install --disable-pip-version-check \
      --no-input -q -e '.[test]') || pn_die "pip install -e '.[test]' failed (see above)"
    printf '%s\n' "$key" >"$PN_STAMP"
  fi

  if command -v flock >/dev/null 2>&1; then
    flock -u 9
    exec 9>&-
  fi

  # One writable place in the repository for compiled kernels and shaders (numba's default,
  # next to the source, fails on a read-only checkout; Mesa's is ~/.cache).
  export NUMBA_CACHE_DIR="${NUMBA_CACHE_DIR:-$PN_ROOT/.cache/numba}"
  export MESA_SHADER_CACHE_DIR="${MESA_SHADER_CACHE_DIR:-$PN_ROOT/.cache/mesa_shader_cache}"
  mkdir -p "$NUMBA_CACHE_DIR" "$MESA_SHADER_CACHE_DIR"
}
