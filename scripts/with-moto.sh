#!/usr/bin/env bash
# shellcheck disable=SC2317  # stop_moto, on_signal and on_exit run from traps, not unreachable
# Runs a command against a private moto server (the AWS API emulator used by the end-to-end
# suite), then stops the server whatever happens: success, failure, Ctrl-C or kill.
#
# Usage: bash scripts/with-moto.sh <command> [args...]
#        npm run test:e2e   (= bash scripts/with-moto.sh jest --selectProjects e2e --runInBand)
#
# Exports to the command:
#   MOTO_ENDPOINT  http://127.0.0.1:<free port>, where moto answers
#   MOTO_LOG       moto's request log (one line per HTTP request), for debugging a failure
# Env:  MOTO_START_TIMEOUT  seconds to wait for moto to answer (default 60)
# Exit: the command's exit code; 3 when moto cannot be set up or started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="${VENV_DIR:-$ROOT/.venv}"
START_TIMEOUT="${MOTO_START_TIMEOUT:-60}"

if [ "$#" -eq 0 ]; then
  echo "usage: bash scripts/with-moto.sh <command> [args...]" >&2
  exit 2
fi

bash "$ROOT/scripts/python-env.sh" || exit 3
PY="$VENV_DIR/bin/python"
[ -x "$VENV_DIR/bin/moto_server" ] || { echo "with-moto: $VENV_DIR/bin/moto_server is missing (is moto[server] in requirements-dev.txt?)" >&2; exit 3; }

MOTO_PID=""
MOTO_LOG="$(mktemp "${TMPDIR:-/tmp}/moto-server.XXXXXX.log")"

stop_moto() {
  if [ -n "$MOTO_PID" ] && kill -0 "$MOTO_PID" 2>/dev/null; then
    kill -TERM "$MOTO_PID" 2>/dev/null || true
    # Bounded wait, then force: a wedged server must not hang the test command.
    for _ in $(seq 1 50); do kill -0 "$MOTO_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
  MOTO_PID=""
}
CMD_PID=""
# Bash runs traps only between commands, so the command runs in the background and the script
# waits for it: a TERM or Ctrl-C is then handled at once. The command gets TERM in both cases:
# a background job of a non-interactive shell starts with SIGINT ignored, so INT would not stop it.
on_signal() {
  if [ -n "$CMD_PID" ]; then kill -TERM "$CMD_PID" 2>/dev/null || true; wait "$CMD_PID" 2>/dev/null || true; fi
  stop_moto
  exit "$1"
}
# The log is kept only when something failed, for reading afterwards.
on_exit() {
  local status=$?
  stop_moto
  if [ "$status" -eq 0 ]; then rm -f "$MOTO_LOG"; else echo "with-moto: moto log kept at $MOTO_LOG" >&2; fi
}
trap on_exit EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

answers() {
  "$PY" - "$1" <<'PYEOF'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1] + "/moto-api/data.json", timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception:
    sys.exit(1)
PYEOF
}

# Another process can take the free port between the probe and moto's bind: retry a few times.
for attempt in 1 2 3; do
  PORT="$(free_port)"
  MOTO_ENDPOINT="http://127.0.0.1:$PORT"
  "$VENV_DIR/bin/moto_server" -H 127.0.0.1 -p "$PORT" >>"$MOTO_LOG" 2>&1 &
  MOTO_PID=$!
  deadline=$((SECONDS + START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$MOTO_PID" 2>/dev/null; then
      wait "$MOTO_PID" 2>/dev/null || true
      MOTO_PID=""
      break
    fi
    if answers "$MOTO_ENDPOINT"; then break 2; fi
    sleep 0.3
  done
  if [ -n "$MOTO_PID" ]; then
    echo "with-moto: moto did not answer on $MOTO_ENDPOINT within ${START_TIMEOUT}s; its log:" >&2
    tail -n 30 "$MOTO_LOG" >&2
    exit 3
  fi
  echo "with-moto: moto exited during start-up (attempt $attempt); its log:" >&2
  tail -n 10 "$MOTO_LOG" >&2
done
if [ -z "$MOTO_PID" ]; then
  echo "with-moto: could not start moto_server" >&2
  exit 3
fi

echo "with-moto: moto $("$PY" -c 'import moto; print(moto.__version__)') on $MOTO_ENDPOINT (log: $MOTO_LOG)" >&2
export MOTO_ENDPOINT MOTO_LOG
export PATH="$ROOT/node_modules/.bin:$PATH"

set +e
"$@" &
CMD_PID=$!
wait "$CMD_PID"
rc=$?
CMD_PID=""
set -e
exit "$rc"
