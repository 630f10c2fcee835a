#!/usr/bin/env bash
# Creates the project's Python virtual environment (.venv, git-ignored) and installs the pinned
# test tools from requirements-dev.txt (moto server for the end-to-end suite, parliament for the
# policy pack). Idempotent: a stamp file holds the hash of the requirements and the Python
# version, so a second run with nothing changed returns in milliseconds.
#
# Usage: bash scripts/python-env.sh        (prints nothing but errors when already up to date)
# Env:   VENV_DIR  (default: <project>/.venv)   PYTHON (default: python3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="${VENV_DIR:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
REQUIREMENTS="$ROOT/requirements-dev.txt"
STAMP="$VENV_DIR/.requirements.sha256"

fail() {
  echo "python-env: $*" >&2
  exit 1
}

command -v "$PYTHON" >/dev/null 2>&1 ||
  fail "'$PYTHON' was not found. The end-to-end suite needs Python 3.9+ with venv and pip (Debian/Ubuntu: apt-get install python3 python3-venv python3-pip; macOS: brew install python)."
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' ||
  fail "Python 3.9 or newer is required, found $("$PYTHON" --version 2>&1)."
"$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1 ||
  fail "the Python venv/ensurepip modules are missing (Debian/Ubuntu: apt-get install python3-venv python3-pip)."
[ -f "$REQUIREMENTS" ] || fail "$REQUIREMENTS not found."

# The stamp covers the requirements and the interpreter: a new Python needs a new venv.
wanted="$( { cat "$REQUIREMENTS"; "$PYTHON" --version 2>&1; } | sha256sum | cut -d' ' -f1)"

mkdir -p "$VENV_DIR"
# Several suites (e2e, policy pack) may set up the venv at once: one installs, the others wait.
exec 9>"$VENV_DIR/.setup.lock"
flock 9

if [ -x "$VENV_DIR/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ]; then
  exit 0
fi

echo "python-env: installing $(grep -cvE '^\s*(#|$)' "$REQUIREMENTS") pinned packages into $VENV_DIR" >&2
rm -f "$STAMP"
if [ ! -x "$VENV_DIR/bin/python" ]; then
  "$PYTHON" -m venv "$VENV_DIR" ||
    fail "could not create the venv in $VENV_DIR (Debian/Ubuntu: apt-get install python3-venv python3-pip)."
fi
"$VENV_DIR/bin/python" -m pip --version >/dev/null 2>&1 ||
  fail "pip is missing in $VENV_DIR (Debian/Ubuntu: apt-get install python3-pip python3-venv, then delete $VENV_DIR and rerun)."
"$VENV_DIR/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQUIREMENTS" ||
  fail "pip could not install $REQUIREMENTS (is PyPI reachable?)."
echo "$wanted" >"$STAMP"
echo "python-env: ready ($("$VENV_DIR/bin/python" --version 2>&1), $("$VENV_DIR/bin/python" -m pip freeze 2>/dev/null | grep -ciE '^(moto|parliament)=') pinned tools)" >&2
