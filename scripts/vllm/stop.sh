#!/usr/bin/env bash
# Stops the server serve.sh started on PORT (default 8011): its whole process group (vLLM's
# engine runs in a child process), then waits for it to go.
set -euo pipefail
PORT="${1:-8011}"
PID_FILE="${LIMBIC_CACHE_DIR:-$HOME/.cache/limbic}/vllm/server-$PORT.pid"
[[ -f "$PID_FILE" ]] || { echo "stop: no server recorded for port $PORT."; exit 0; }
PID="$(cat "$PID_FILE")"
if kill -0 "$PID" 2>/dev/null; then
  kill -TERM -- "-$PID" 2>/dev/null || kill -TERM "$PID"
  for _ in $(seq 1 30); do kill -0 "$PID" 2>/dev/null || break; sleep 1; done
  kill -0 "$PID" 2>/dev/null && kill -KILL -- "-$PID" 2>/dev/null || true
fi
rm -f "$PID_FILE"
echo "stop: server on port $PORT stopped."
