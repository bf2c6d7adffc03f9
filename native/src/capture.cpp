// The eval callback that copies block outputs ("l_out-<layer>") out of the graph.
// It runs on the thread inside llama_decode: no N-API calls here.
#include <cstdlib>
#include <cstring>

#include "bridge.h"

namespace limbic {

namespace {
// Returns the layer of an "l_out-<n>" node, or -1.
int32_t blockOutputLayer(const char* name) {
  if (std::strncmp(name, "l_out-", 6) != 0) return -1;
  char* end = nullptr;
  long il = std::strtol(name + 6, &end, 10);
  if (end == name + 6 || *end != '\0') return -1;
  return (int32_t)il;
}
}  // namespace

bool captureEvalCallback(struct ggml_tensor* t, bool ask, void* userData) {
  auto* state = static_cast<CaptureState*>(userData);
  if (!state->active) return ask ? false : true;
  int32_t il = blockOutputLayer(t->name);
  if (il < 0 || il >= state->nLayer) return ask ? false : true;
  int32_t slot = state->layerSlot[il];
  if (slot < 0) return ask ? false : true;
  if (ask) return true;

  if (t->type != GGML_TYPE_F32 || t->ne[0] != state->nEmbd || !ggml_is_contiguous(t)) {
    state->error = std::string("block output ") + t->name + " is not a contiguous f32 [n_embd x tokens] tensor";
    return true;
  }
  const int32_t rows = (int32_t)t->ne[1];
  // llama.cpp drops the rows of non-output tokens before the last block, so that
  // block's rows are the batch's output tokens in order; other blocks see every token.
  const bool outputsOnly = il == state->nLayer - 1;
  int32_t& cursor = state->cursor[slot];
  const size_t rowFloats = (size_t)state->nEmbd;
  state->scratch.resize(rowFloats * rows);
  ggml_backend_tensor_get(t, state->scratch.data(), 0, rowFloats * rows * sizeof(float));
  std::vector<float>& dest = state->buffers[slot];
  for (int32_t r = 0; r < rows; r++) {
    int32_t position = cursor + r;
    int32_t batchIndex;
    if (outputsOnly) {
      if (position >= (int32_t)state->batchIndexOfOutput.size()) {
        state->error = "more output rows than requested outputs";
        break;
      }
      batchIndex = state->batchIndexOfOutput[position];
    } else {
      batchIndex = position;
    }
    if (batchIndex >= (int32_t)state->rowOfBatchIndex.size()) {
      state->error = "more rows than batch tokens";
      break;
    }
    int32_t row = state->rowOfBatchIndex[batchIndex];
    if (row < 0) continue;
    std::memcpy(dest.data() + rowFloats * row, state->scratch.data() + rowFloats * r, rowFloats * sizeof(float));
    state->rowsWritten[slot]++;
  }
  cursor += rows;
  return true;
}

}  // namespace limbic
