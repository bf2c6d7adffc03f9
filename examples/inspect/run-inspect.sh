#!/usr/bin/env bash
# Runs the Inspect AI smoke task against `limbic serve` on a local model.
#   examples/inspect/run-inspect.sh <model.gguf> <vector-set-dir> [venv-dir]
# Installs inspect-ai from PyPI into a virtual environment (default .cache/inspect-venv) on first use.
set -euo pipefail
model="$(realpath "$1")"; vectors="$(realpath "$2")"; venv="$(realpath -m "${3:-.cache/inspect-venv}")"
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
if [ ! -x "$venv/bin/inspect" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "inspect-ai==0.3.285" openai
fi
port="${LIMBIC_INSPECT_PORT:-8765}"
node "$root/bin/limbic.js" serve "$model" --vectors "$vectors" --port "$port" --quiet &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null && break; sleep 0.5; done
id="$(curl -sf "http://127.0.0.1:$port/v1/models" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')"
# Inspect resolves task files relative to the working directory.
cd "$here"
OPENAI_API_KEY=unused-on-loopback "$venv/bin/inspect" eval limbic_task.py \
  --model "openai/$id" --model-base-url "http://127.0.0.1:$port/v1" -M responses_api=false \
  --log-dir "${LIMBIC_INSPECT_LOG_DIR:-$root/.cache/inspect-logs}" --log-format json --display plain
