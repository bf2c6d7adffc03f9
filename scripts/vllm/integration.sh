#!/usr/bin/env bash
# The whole real-vLLM check: environment (reused when installed), Gemma conversion (reused),
# a server on 127.0.0.1, the engine-level integration tests, and the server stopped again.
# Heavy (a 6.7 GB server beside llama.cpp): run it alone on the machine.
#
# Usage: scripts/vllm/integration.sh [bfloat16|float32]   (after npm run build)
#   The dtype the server computes in; the converted folder is float32 either way (vLLM casts).
set -euo pipefail
cd "$(dirname "$0")/../.."
DTYPE="${1:-float32}"
PORT="${LIMBIC_VLLM_PORT:-8011}"
scripts/vllm/setup.sh
MODEL_DIR="$(scripts/vllm/convert.sh "${LIMBIC_GGUF:-${LIMBIC_CACHE_DIR:-$HOME/.cache/limbic}/models/gemma-3-270m-q4_k_m.gguf}" float32)"
trap 'scripts/vllm/stop.sh "$PORT" >/dev/null' EXIT
START=$(date +%s)
REFERENCE="$(LIMBIC_VLLM_DTYPE="$DTYPE" scripts/vllm/serve.sh "$MODEL_DIR" gemma-3-270m "$PORT")"
echo "integration: server up in $(( $(date +%s) - START )) s at $REFERENCE"
LIMBIC_VLLM_URL="$REFERENCE" node --test --test-concurrency=1 dist/test/vllm.integration.test.js
