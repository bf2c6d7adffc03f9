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

// Adds each row's sequence vector for block `il` in place. Rows of the last block are the
// batch's output tokens only (llama.cpp drops the others before it), as for capture.
void steerRows(struct ggml_tensor* t, int32_t il, CaptureState* state) {
  const int32_t rows = (int32_t)t->ne[1];
  const size_t rowFloats = (size_t)state->nEmbd;
  const bool outputsOnly = il == state->nLayer - 1;
  // CPU buffers are written in place; device buffers go through a host copy.
  const bool host = t->buffer != nullptr && ggml_backend_buffer_is_host(t->buffer);
  float* data;
  if (host) {
    data = static_cast<float*>(t->data);
  } else {
    state->scratch.resize(rowFloats * rows);
    ggml_backend_tensor_get(t, state->scratch.data(), 0, rowFloats * rows * sizeof(float));
    data = state->scratch.data();
  }
  int32_t& cursor = state->steerCursor[il];
  for (int32_t r = 0; r < rows; r++) {
    const int32_t position = cursor + r;
    const int32_t batchIndex = outputsOnly ? (position < (int32_t)state->batchIndexOfOutput.size() ? state->batchIndexOfOutput[position] : -1) : position;
    if (batchIndex < 0 || batchIndex >= (int32_t)state->seqOfBatchIndex.size()) {
      state->error = "steering saw more rows than batch tokens";
      break;
    }
    const int32_t seq = state->seqOfBatchIndex[batchIndex];
    if (!state->seqSteerLayer[seq].empty() && state->seqSteerLayer[seq][il]) {
      const float* vec = state->seqSteering[seq].data() + (size_t)(il - 1) * rowFloats;
      float* row = data + rowFloats * r;
      for (size_t j = 0; j < rowFloats; j++) row[j] += vec[j];
    }
  }
  cursor += rows;
  if (!host) ggml_backend_tensor_set(t, data, 0, rowFloats * rows * sizeof(float));
}
}  // namespace

bool captureEvalCallback(struct ggml_tensor* t, bool ask, void* userData) {
  auto* state = static_cast<CaptureState*>(userData);
  if (!state->active && !state->steerActive) return ask ? false : true;
  int32_t il = blockOutputLayer(t->name);
  if (il < 0 || il >= state->nLayer) return ask ? false : true;
  const int32_t slot = state->active ? state->layerSlot[il] : -1;
  const bool steer = state->steerActive && state->steerLayer[il];
  if (slot < 0 && !steer) return ask ? false : true;
  if (ask) return true;

  if (t->type != GGML_TYPE_F32 || t->ne[0] != state->nEmbd || !ggml_is_contiguous(t)) {
    state->error = std::string("block output ") + t->name + " is not a contiguous f32 [n_embd x tokens] tensor";
    return true;
  }
  // Steering first, so a captured block shows its steered output (as with llama.cpp's control vectors).
  if (steer) steerRows(t, il, state);
  if (slot < 0) return true;
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
