#!/usr/bin/env bash
# The whole real-vLLM check: environment (reused when installed), Gemma conversion (reused),
# a server on 127.0.0.1, the integration suite (engine through the API, the commands through
# the CLI: capture parity, steering, extraction on both backends, a sweep resumed across a
# server restart, serve --backend vllm), and the server stopped again. Prints its wall time.
# Heavy (a 6.7 GB server beside llama.cpp): run it alone on the machine.
#
# Usage: scripts/vllm/integration.sh [bfloat16|float32]   (after npm run build)
#   The dtype the server computes in; the converted folder is float32 either way (vLLM casts).
set -euo pipefail
cd "$(dirname "$0")/../.."
STARTED=$(date +%s)
DTYPE="${1:-float32}"
PORT="${LIMBIC_VLLM_PORT:-8011}"
scripts/vllm/setup.sh
MODEL_DIR="$(scripts/vllm/convert.sh "${LIMBIC_GGUF:-${LIMBIC_CACHE_DIR:-$HOME/.cache/limbic}/models/gemma-3-270m-q4_k_m.gguf}" float32)"
echo "integration: environment and model ready after $(( $(date +%s) - STARTED )) s"
trap 'scripts/vllm/stop.sh "$PORT" >/dev/null' EXIT
START=$(date +%s)
REFERENCE="$(LIMBIC_VLLM_DTYPE="$DTYPE" scripts/vllm/serve.sh "$MODEL_DIR" gemma-3-270m "$PORT")"
echo "integration: server up in $(( $(date +%s) - START )) s at $REFERENCE"
# The suite restarts the server itself (serve.sh with the same folder, name, port and dtype).
export LIMBIC_VLLM_URL="$REFERENCE" LIMBIC_VLLM_MODEL_DIR="$MODEL_DIR" LIMBIC_VLLM_DTYPE="$DTYPE" LIMBIC_REQUIRE_VLLM=1
STATUS=0
node --test --test-concurrency=1 dist/test/vllm.integration.test.js || STATUS=$?
echo "integration: $([[ $STATUS == 0 ]] && echo passed || echo FAILED) in $(( $(date +%s) - STARTED )) s in all"
exit "$STATUS"
