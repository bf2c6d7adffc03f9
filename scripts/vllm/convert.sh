#!/usr/bin/env bash
# Converts a GGUF (default: the cached Gemma 3 270M from `npm run fetch-models`) into a Hugging Face
# folder vLLM can serve, under $LIMBIC_CACHE_DIR/vllm/models/<name>-<dtype>. Reuses a finished one
# (the marker's number changes when the conversion does: 2 = no invented chat template).
#
# Usage: scripts/vllm/convert.sh [GGUF] [bfloat16|float32]     Prints the folder.
set -euo pipefail
CACHE_DIR="${LIMBIC_CACHE_DIR:-$HOME/.cache/limbic}"
GGUF="${1:-$CACHE_DIR/models/gemma-3-270m-q4_k_m.gguf}"
DTYPE="${2:-bfloat16}"
VENV="${LIMBIC_VLLM_VENV:-$CACHE_DIR/vllm/venv}"
[[ -f "$GGUF" ]] || { echo "convert: $GGUF not found; run npm run fetch-models, or pass a .gguf." >&2; exit 1; }
[[ -x "$VENV/bin/python" ]] || { echo "convert: no vLLM environment at $VENV; run scripts/vllm/setup.sh first." >&2; exit 1; }
case "$DTYPE" in bfloat16) SHORT=bf16 ;; float32) SHORT=f32 ;; *) echo "convert: dtype must be bfloat16 or float32" >&2; exit 1 ;; esac
NAME="$(basename "$GGUF" .gguf)"
NAME="${NAME%-q4_k_m}"
OUT="$CACHE_DIR/vllm/models/$NAME-$SHORT"
if [[ -f "$OUT/.limbic-converted-2" ]]; then echo "$OUT"; exit 0; fi
rm -rf "$OUT"
HF_HUB_OFFLINE=1 "$VENV/bin/python" "$(dirname "$0")/convert_gguf.py" "$GGUF" "$OUT" --dtype "$DTYPE" >&2
touch "$OUT/.limbic-converted-2"
echo "$OUT"
