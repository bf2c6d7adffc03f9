// BridgeContext: one llama_context with its own KV memory, steering vector and capture state.
#include <cmath>
#include <set>

#include "bridge.h"

namespace limbic {

namespace {
uint32_t uintField(Napi::Object o, const char* key, uint32_t fallback, uint32_t min, uint32_t max) {
  Napi::Value v = o.Get(key);
  if (v.IsUndefined() || v.IsNull()) return fallback;
  if (!v.IsNumber()) throwCoded(o.Env(), "INVALID_ARGUMENT", std::string("context option ") + key + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= min && d <= max) || d != std::floor(d))
    throwCoded(o.Env(), "INVALID_ARGUMENT",
               std::string("context option ") + key + " must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  return (uint32_t)d;
}

// A persistent CPU threadpool (one per model, see BridgeModel). Without one, ggml starts and
// joins its worker threads on every decode, which costs ~10 ms per token on a 2-core machine.
using ThreadpoolNew = ggml_threadpool* (*)(ggml_threadpool_params*);

void* cpuProc(const char* name) {
  ggml_backend_dev_t cpu = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
  if (!cpu) return nullptr;
  return ggml_backend_reg_get_proc_address(ggml_backend_dev_backend_reg(cpu), name);
}

ggml_threadpool* createThreadpool(int32_t nThreads) {
  auto create = reinterpret_cast<ThreadpoolNew>(cpuProc("ggml_threadpool_new"));
  if (!create) return nullptr;
  ggml_threadpool_params params = ggml_threadpool_params_default(nThreads);
  return create(&params);
}

struct SampleJob {
  int32_t batchIndex;
  BridgeSampler* sampler;
  Napi::ObjectReference ref;  // keeps the sampler alive while the worker runs
};

// Marks the layers that some token of this batch steers through its sequence's own vector.
// Returns false when no token's sequence is steered, so the decode takes the plain path.
bool prepareRowSteering(CaptureState& cap, const std::vector<llama_seq_id>& seqIds) {
  if (cap.steeredSequences == 0) return false;
  bool any = false;
  cap.steerLayer.assign(cap.nLayer, 0);
  int32_t lastSeq = -1;
  for (llama_seq_id seq : seqIds) {
    if (seq == lastSeq || cap.seqSteerLayer[seq].empty()) continue;
    lastSeq = seq;
    any = true;
    for (int32_t il = 1; il < cap.nLayer; il++) cap.steerLayer[il] |= cap.seqSteerLayer[seq][il];
  }
  if (any) cap.seqOfBatchIndex.assign(seqIds.begin(), seqIds.end());
  return any;
}

// With a KV stream per sequence llama.cpp splits a batch with split_equal, which keeps batch
// order only for these shapes; the eval callback finds a row's sequence by batch order.
bool keepsBatchOrder(const std::vector<llama_seq_id>& seqIds, uint32_t nUbatch) {
  std::vector<size_t> runLengths;
  llama_seq_id previous = -1;
  for (llama_seq_id seq : seqIds) {
    if (seq == previous) {
      runLengths.back()++;
      continue;
    }
    if (seq < previous) return false;  // runs must come in increasing sequence order, each once
    previous = seq;
    runLengths.push_back(1);
  }
  if (runLengths.size() == 1) return true;
  if (seqIds.size() > nUbatch) return false;
  for (size_t length : runLengths)
    if (length != runLengths[0]) return false;
  return true;
}

class DecodeWorker : public CodedWorker {
 public:
  DecodeWorker(Napi::Env env, BridgeContext* context, Napi::Object contextObject) : CodedWorker(env), context(context) {
    contextRef = Napi::Persistent(contextObject);
  }
  std::vector<llama_token> tokens;
  std::vector<llama_pos> positions;
  std::vector<llama_seq_id> seqIds;
  std::vector<int8_t> outputs;
  std::vector<int32_t> outputBatchIndex;
  std::vector<int32_t> captureLayers;
  std::vector<int32_t> rowOfBatchIndex;
  int32_t captureRows = 0;
  bool wantLogits = false;
  bool steerRows = false;  // some token's sequence carries its own steering (see prepareRowSteering)
  std::vector<SampleJob> samples;

  void Execute() override {
    CaptureState& cap = context->capture;
    const int32_t n = (int32_t)tokens.size();
    cap.layerSlot.assign(cap.nLayer, -1);
    cap.slotLayer = captureLayers;
    cap.buffers.assign(captureLayers.size(), std::vector<float>());
    for (size_t s = 0; s < captureLayers.size(); s++) {
      cap.layerSlot[captureLayers[s]] = (int32_t)s;
      cap.buffers[s].assign((size_t)captureRows * cap.nEmbd, 0.0f);
    }
    cap.cursor.assign(captureLayers.size(), 0);
    cap.rowsWritten.assign(captureLayers.size(), 0);
    cap.rowOfBatchIndex = rowOfBatchIndex;
    cap.batchIndexOfOutput = outputBatchIndex;
    cap.error.clear();
    cap.active = !captureLayers.empty();
    cap.steerActive = steerRows;
    if (steerRows) cap.steerCursor.assign(cap.nLayer, 0);

    llama_batch batch = llama_batch_init(n, 0, 1);
    for (int32_t i = 0; i < n; i++) {
      batch.token[i] = tokens[i];
      batch.pos[i] = positions[i];
      batch.n_seq_id[i] = 1;
      batch.seq_id[i][0] = seqIds[i];
      batch.logits[i] = outputs[i];
    }
    batch.n_tokens = n;
    takeLastErrors();
    int32_t rc = llama_decode(context->ctx, batch);
    llama_batch_free(batch);
    cap.active = false;
    cap.steerActive = false;

    if (rc != 0) {
      std::string detail = takeLastErrors();
      if (rc == 1)
        fail("CONTEXT_FULL", "no room left in the context's memory for this batch; use a larger context or shorter input");
      else if (rc == 2)
        fail("ABORTED", "decode was aborted");
      else
        fail("DECODE_FAILED", "llama_decode returned " + std::to_string(rc) + (detail.empty() ? "" : ": " + detail));
      return;
    }
    if (!cap.error.empty()) {
      fail("CAPTURE_FAILED", cap.error);
      return;
    }
    for (size_t s = 0; s < captureLayers.size(); s++) {
      if (cap.rowsWritten[s] != captureRows) {
        fail("CAPTURE_FAILED", "layer " + std::to_string(captureLayers[s]) + " gave " + std::to_string(cap.rowsWritten[s]) + " of " +
                 std::to_string(captureRows) + " rows; this architecture may not name its block outputs l_out");
        return;
      }
    }
    if (wantLogits) {
      const int32_t nVocab = context->owner->nVocab;
      logits.resize((size_t)outputBatchIndex.size() * nVocab);
      for (size_t o = 0; o < outputBatchIndex.size(); o++) {
        float* row = llama_get_logits_ith(context->ctx, outputBatchIndex[o]);
        if (!row) {
          fail("DECODE_FAILED", "llama.cpp returned no logits for batch index " + std::to_string(outputBatchIndex[o]));
          return;
        }
        std::copy(row, row + nVocab, logits.begin() + o * nVocab);
      }
    }
    sampled.resize(samples.size());
    for (size_t i = 0; i < samples.size(); i++) sampled[i] = llama_sampler_sample(samples[i].sampler->chain, context->ctx, samples[i].batchIndex);
  }

  void OnOK() override {
    Napi::Env env = Env();
    finish();
    Napi::Object out = Napi::Object::New(env);
    Napi::Array captures = Napi::Array::New(env, captureLayers.size());
    for (size_t s = 0; s < captureLayers.size(); s++) {
      std::vector<float>& buf = context->capture.buffers[s];
      Napi::Float32Array arr = Napi::Float32Array::New(env, buf.size());
      std::copy(buf.begin(), buf.end(), arr.Data());
      captures.Set((uint32_t)s, arr);
      std::vector<float>().swap(buf);
    }
    out.Set("captures", captures);
    if (wantLogits) {
      Napi::Float32Array arr = Napi::Float32Array::New(env, logits.size());
      std::copy(logits.begin(), logits.end(), arr.Data());
      out.Set("logits", arr);
    } else {
      out.Set("logits", env.Null());
    }
    Napi::Int32Array s = Napi::Int32Array::New(env, sampled.size());
    std::copy(sampled.begin(), sampled.end(), s.Data());
    out.Set("sampled", s);
    deferred.Resolve(out);
  }

  void OnError(const Napi::Error& e) override {
    finish();
    reject(e);
  }

 private:
  BridgeContext* context;
  Napi::ObjectReference contextRef;
  std::vector<float> logits;
  std::vector<llama_token> sampled;

  void finish() {
    context->busy = false;
    context->owner->decoding = false;
    for (auto& job : samples) job.sampler->inUse = false;
  }
};
}  // namespace

Napi::Function BridgeContext::Init(Napi::Env env) {
  return DefineClass(env, "BridgeContext",
                     {InstanceMethod("decode", &BridgeContext::Decode), InstanceMethod("setSteering", &BridgeContext::SetSteering),
                      InstanceMethod("setSequenceSteering", &BridgeContext::SetSequenceSteering),
                      InstanceMethod("clearSequenceSteering", &BridgeContext::ClearSequenceSteering),
                      InstanceMethod("clearMemory", &BridgeContext::ClearMemory),
                      InstanceMethod("removeSequence", &BridgeContext::RemoveSequence),
                      InstanceMethod("dispose", &BridgeContext::Dispose)});
}

// new BridgeContext(model, { nCtx, nBatch, nUbatch, nSeqMax, nThreads, nThreadsBatch })
BridgeContext::BridgeContext(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BridgeContext>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsObject() || !info[1].IsObject())
    throwCoded(env, "INVALID_ARGUMENT", "new BridgeContext(model, options)");
  Napi::Object modelObj = info[0].As<Napi::Object>();
  if (!modelObj.InstanceOf(BridgeModel::constructor.Value())) throwCoded(env, "INVALID_ARGUMENT", "the first argument must be a BridgeModel");
  owner = BridgeModel::Unwrap(modelObj);
  owner->ensureLoaded(env);
  Napi::Object o = info[1].As<Napi::Object>();
  llama_context_params params = llama_context_default_params();
  params.n_ctx = uintField(o, "nCtx", 2048, 16, 1u << 24);
  params.n_batch = uintField(o, "nBatch", 512, 1, 1u << 20);
  params.n_ubatch = uintField(o, "nUbatch", std::min<uint32_t>(params.n_batch, 512), 1, params.n_batch);
  params.n_seq_max = uintField(o, "nSeqMax", 1, 1, 256);
  params.n_threads = (int32_t)uintField(o, "nThreads", 2, 1, 1024);
  params.n_threads_batch = (int32_t)uintField(o, "nThreadsBatch", params.n_threads, 1, 1024);
  // flashAttention: 0 off, 1 on, 2 auto (llama.cpp decides per backend).
  uint32_t flash = uintField(o, "flashAttention", 2, 0, 2);
  // kvF32: keep the KV cache in f32 rather than f16, so attention reads back exactly what was computed.
  if (uintField(o, "kvF32", 0, 0, 1) == 1) params.type_k = params.type_v = GGML_TYPE_F32;
  params.flash_attn_type = flash == 0 ? LLAMA_FLASH_ATTN_TYPE_DISABLED : flash == 1 ? LLAMA_FLASH_ATTN_TYPE_ENABLED : LLAMA_FLASH_ATTN_TYPE_AUTO;
  // kvUnified 1 (default): one KV buffer for all sequences, so llama.cpp splits batches in
  // order ("split_simple"), which capture of multi-token batches relies on. 0: a KV stream per
  // sequence, so a token attends only to its own sequence's cells (much cheaper for many long
  // sequences); batches are then split per run of consecutive sequence ids, so the caller must
  // order tokens by sequence id and give each sequence the same token count when it captures.
  params.kv_unified = uintField(o, "kvUnified", 1, 0, 1) == 1;
  params.no_perf = true;
  params.cb_eval = captureEvalCallback;
  params.cb_eval_user_data = &capture;
  capture.nLayer = owner->nLayer;
  capture.nEmbd = owner->nEmbd;
  capture.layerSlot.assign(owner->nLayer, -1);
  takeLastErrors();
  ctx = llama_init_from_model(owner->model, params);
  if (!ctx) {
    std::string detail = takeLastErrors();
    throwCoded(env, "CONTEXT_FAILED", "llama.cpp could not create a context" + (detail.empty() ? std::string() : ": " + detail));
  }
  if (!owner->threadpool) owner->threadpool = createThreadpool(params.n_threads);
  if (owner->threadpool) llama_attach_threadpool(ctx, owner->threadpool, owner->threadpool);
  nCtx = llama_n_ctx(ctx);
  nBatch = params.n_batch;
  nSeqMax = llama_n_seq_max(ctx);
  nUbatch = llama_n_ubatch(ctx);
  kvUnified = params.kv_unified;
  capture.seqSteering.assign(nSeqMax, std::vector<float>());
  capture.seqSteerLayer.assign(nSeqMax, std::vector<uint8_t>());
  ownerRef = Napi::Persistent(modelObj);
  owner->liveContexts++;
  Napi::Object self = info.This().As<Napi::Object>();
  self.Set("nCtx", nCtx);
  self.Set("nBatch", nBatch);
  self.Set("nSeqMax", nSeqMax);
  self.Set("kvUnified", params.kv_unified);
}

BridgeContext::~BridgeContext() { release(); }

void BridgeContext::release() {
  if (ctx) {
    llama_detach_threadpool(ctx);
    llama_free(ctx);
    ctx = nullptr;
    if (owner) owner->liveContexts--;
  }
  if (!ownerRef.IsEmpty()) ownerRef.Reset();
}

void BridgeContext::ensureUsable(Napi::Env env) const {
  if (!ctx) throwCoded(env, "DISPOSED", "the context was disposed");
  if (busy) throwCoded(env, "BUSY", "the context is already decoding; wait for the previous decode");
}

// decode({ tokens, positions, seqIds, outputs, captureLayers, captureMask, wantLogits, samples })
Napi::Value BridgeContext::Decode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ensureUsable(env);
  if (owner->decoding) throwCoded(env, "BUSY", "another context of this model is decoding; decodes of one model run one at a time");
  if (info.Length() < 1 || !info[0].IsObject()) throwCoded(env, "INVALID_ARGUMENT", "decode(request)");
  Napi::Object req = info[0].As<Napi::Object>();
  auto typed = [&](const char* key, napi_typedarray_type type) -> Napi::TypedArray {
    Napi::Value v = req.Get(key);
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
      throwCoded(env, "INVALID_ARGUMENT", std::string("decode: ") + key + " has the wrong type");
    return v.As<Napi::TypedArray>();
  };
  Napi::Int32Array tokens = typed("tokens", napi_int32_array).As<Napi::Int32Array>();
  Napi::Int32Array positions = typed("positions", napi_int32_array).As<Napi::Int32Array>();
  Napi::Int32Array seqIds = typed("seqIds", napi_int32_array).As<Napi::Int32Array>();
  Napi::Uint8Array outputs = typed("outputs", napi_uint8_array).As<Napi::Uint8Array>();
  Napi::Int32Array layers = typed("captureLayers", napi_int32_array).As<Napi::Int32Array>();
  Napi::Uint8Array mask = typed("captureMask", napi_uint8_array).As<Napi::Uint8Array>();
  const size_t n = tokens.ElementLength();
  if (n == 0) throwCoded(env, "EMPTY_INPUT", "decode needs at least one token");
  if (n > nBatch) throwCoded(env, "INVALID_ARGUMENT", "decode got " + std::to_string(n) + " tokens; the batch holds " + std::to_string(nBatch));
  if (positions.ElementLength() != n || seqIds.ElementLength() != n || outputs.ElementLength() != n || mask.ElementLength() != n)
    throwCoded(env, "INVALID_ARGUMENT", "decode: tokens, positions, seqIds, outputs and captureMask must have the same length");

  auto* worker = new DecodeWorker(env, this, info.This().As<Napi::Object>());
  try {
    const int32_t nVocab = owner->nVocab;
    const int32_t nLayer = owner->nLayer;
    worker->tokens.resize(n);
    worker->positions.resize(n);
    worker->seqIds.resize(n);
    worker->outputs.resize(n);
    worker->rowOfBatchIndex.assign(n, -1);
    std::vector<int32_t> outputIndexOfBatch(n, -1);
    for (size_t i = 0; i < n; i++) {
      if (tokens[i] < 0 || tokens[i] >= nVocab) throwCoded(env, "INVALID_TOKEN", "token " + std::to_string(tokens[i]) + " is outside the vocabulary");
      if (positions[i] < 0 || (uint32_t)positions[i] >= nCtx)
        throwCoded(env, "CONTEXT_FULL", "position " + std::to_string(positions[i]) + " is outside the context of " + std::to_string(nCtx));
      if (seqIds[i] < 0 || (uint32_t)seqIds[i] >= nSeqMax)
        throwCoded(env, "INVALID_ARGUMENT", "sequence id " + std::to_string(seqIds[i]) + " is outside [0, " + std::to_string(nSeqMax) + ")");
      worker->tokens[i] = tokens[i];
      worker->positions[i] = positions[i];
      worker->seqIds[i] = seqIds[i];
      worker->outputs[i] = outputs[i] ? 1 : 0;
      if (outputs[i]) {
        outputIndexOfBatch[i] = (int32_t)worker->outputBatchIndex.size();
        worker->outputBatchIndex.push_back((int32_t)i);
      }
      if (mask[i]) worker->rowOfBatchIndex[i] = worker->captureRows++;
    }
    std::set<int32_t> seen;
    for (size_t i = 0; i < layers.ElementLength(); i++) {
      int32_t il = layers[i];
      if (il < 0 || il >= nLayer)
        throwCoded(env, "LAYER_OUT_OF_RANGE", "layer " + std::to_string(il) + " is outside [0, " + std::to_string(nLayer - 1) + "]");
      if (!seen.insert(il).second) throwCoded(env, "INVALID_ARGUMENT", "layer " + std::to_string(il) + " is listed twice");
      if (il == nLayer - 1)
        for (size_t t = 0; t < n; t++)
          if (mask[t] && !outputs[t])
            throwCoded(env, "INVALID_ARGUMENT", "capturing the last layer needs every captured token marked as an output");
      worker->captureLayers.push_back(il);
    }
    worker->steerRows = prepareRowSteering(capture, worker->seqIds);
    if (worker->steerRows && !kvUnified && !keepsBatchOrder(worker->seqIds, nUbatch))
      throwCoded(env, "INVALID_ARGUMENT",
                 "decode: with a KV stream per sequence, a batch with steered sequences must hold one sequence, or runs of "
                 "equal length in increasing sequence order that fit one micro-batch");
    worker->wantLogits = req.Get("wantLogits").ToBoolean().Value();
    Napi::Value samplesValue = req.Get("samples");
    if (!samplesValue.IsUndefined() && !samplesValue.IsNull()) {
      if (!samplesValue.IsArray()) throwCoded(env, "INVALID_ARGUMENT", "decode: samples must be an array");
      Napi::Array samples = samplesValue.As<Napi::Array>();
      std::set<BridgeSampler*> used;
      for (uint32_t i = 0; i < samples.Length(); i++) {
        Napi::Value jobValue = samples.Get(i);
        if (!jobValue.IsObject()) throwCoded(env, "INVALID_ARGUMENT", "decode: each sample is { index, sampler }");
        Napi::Object job = jobValue.As<Napi::Object>();
        Napi::Value indexValue = job.Get("index");
        Napi::Value samplerValue = job.Get("sampler");
        if (!indexValue.IsNumber() || !samplerValue.IsObject() ||
            !samplerValue.As<Napi::Object>().InstanceOf(BridgeSampler::constructor.Value()))
          throwCoded(env, "INVALID_ARGUMENT", "decode: each sample is { index: number, sampler: BridgeSampler }");
        int32_t index = indexValue.As<Napi::Number>().Int32Value();
        if (index < 0 || (size_t)index >= n || !outputs[index])
          throwCoded(env, "INVALID_ARGUMENT", "sample index " + std::to_string(index) + " is not an output token of this batch");
        Napi::Object samplerObj = samplerValue.As<Napi::Object>();
        BridgeSampler* sampler = BridgeSampler::Unwrap(samplerObj);
        if (!sampler || !sampler->chain) throwCoded(env, "DISPOSED", "a sampler was disposed");
        if (sampler->inUse || !used.insert(sampler).second) throwCoded(env, "BUSY", "a sampler is used twice at once");
        worker->samples.push_back(SampleJob{index, sampler, Napi::Persistent(samplerObj)});
      }
    }
  } catch (...) {
    delete worker;
    throw;
  }
  for (auto& job : worker->samples) job.sampler->inUse = true;
  busy = true;
  owner->decoding = true;
  Napi::Promise promise = worker->deferred.Promise();
  worker->Queue();
  return promise;
}

// setSteering(data: Float32Array | null): data holds n_embd floats for each of the blocks 1..n_layer-1.
Napi::Value BridgeContext::SetSteering(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ensureUsable(env);
  const int32_t nLayer = owner->nLayer;
  const int32_t nEmbd = owner->nEmbd;
  if (info.Length() < 1 || info[0].IsNull() || info[0].IsUndefined()) {
    llama_set_adapter_cvec(ctx, nullptr, 0, nEmbd, -1, -1);
    return Napi::Number::New(env, 0);
  }
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throwCoded(env, "INVALID_ARGUMENT", "setSteering needs a Float32Array or null");
  if (nLayer < 2) throwCoded(env, "LAYER_NOT_STEERABLE", "this model has one block, and llama.cpp never steers block 0");
  Napi::Float32Array data = info[0].As<Napi::Float32Array>();
  const size_t expected = (size_t)nEmbd * (nLayer - 1);
  if (data.ElementLength() != expected)
    throwCoded(env, "WIDTH_MISMATCH", "steering buffer has " + std::to_string(data.ElementLength()) + " floats; expected n_embd x (n_layer - 1) = " +
                                          std::to_string(expected));
  int32_t first = -1, last = -1;
  for (int32_t il = 1; il < nLayer; il++) {
    const float* row = data.Data() + (size_t)(il - 1) * nEmbd;
    bool nonzero = false;
    for (int32_t j = 0; j < nEmbd; j++) {
      if (!std::isfinite(row[j])) throwCoded(env, "NON_FINITE", "steering vector for layer " + std::to_string(il) + " has NaN or Inf");
      if (row[j] != 0.0f) nonzero = true;
    }
    if (nonzero) {
      if (first < 0) first = il;
      last = il;
    }
  }
  if (first < 0) {
    llama_set_adapter_cvec(ctx, nullptr, 0, nEmbd, -1, -1);
    return Napi::Number::New(env, 0);
  }
  if (llama_set_adapter_cvec(ctx, data.Data(), expected, nEmbd, first, last) != 0)
    throwCoded(env, "STEERING_FAILED", "llama.cpp refused the steering vector: " + takeLastErrors());
  return Napi::Number::New(env, last - first + 1);
}

// setSequenceSteering(seqId, data: Float32Array | null): like setSteering, but added only to
// the rows of sequence seqId (in the eval callback). Returns the steered block count.
Napi::Value BridgeContext::SetSequenceSteering(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ensureUsable(env);
  const int32_t nLayer = owner->nLayer;
  const int32_t nEmbd = owner->nEmbd;
  if (info.Length() < 1 || !info[0].IsNumber()) throwCoded(env, "INVALID_ARGUMENT", "setSequenceSteering(seqId, data | null)");
  const int32_t seq = info[0].As<Napi::Number>().Int32Value();
  if (seq < 0 || (uint32_t)seq >= nSeqMax)
    throwCoded(env, "INVALID_ARGUMENT", "sequence id " + std::to_string(seq) + " is outside [0, " + std::to_string(nSeqMax) + ")");
  std::vector<float>& stored = capture.seqSteering[seq];
  std::vector<uint8_t>& layers = capture.seqSteerLayer[seq];
  auto clear = [&]() {
    if (!layers.empty()) capture.steeredSequences--;
    std::vector<float>().swap(stored);
    std::vector<uint8_t>().swap(layers);
  };
  if (info.Length() < 2 || info[1].IsNull() || info[1].IsUndefined()) {
    clear();
    return Napi::Number::New(env, 0);
  }
  if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throwCoded(env, "INVALID_ARGUMENT", "setSequenceSteering needs a Float32Array or null");
  if (nLayer < 2) throwCoded(env, "LAYER_NOT_STEERABLE", "this model has one block, and llama.cpp never steers block 0");
  Napi::Float32Array data = info[1].As<Napi::Float32Array>();
  const size_t expected = (size_t)nEmbd * (nLayer - 1);
  if (data.ElementLength() != expected)
    throwCoded(env, "WIDTH_MISMATCH", "steering buffer has " + std::to_string(data.ElementLength()) + " floats; expected n_embd x (n_layer - 1) = " +
                                          std::to_string(expected));
  std::vector<uint8_t> nonzero(nLayer, 0);
  int32_t count = 0;
  for (int32_t il = 1; il < nLayer; il++) {
    const float* row = data.Data() + (size_t)(il - 1) * nEmbd;
    for (int32_t j = 0; j < nEmbd; j++) {
      if (!std::isfinite(row[j])) throwCoded(env, "NON_FINITE", "steering vector for layer " + std::to_string(il) + " has NaN or Inf");
      if (row[j] != 0.0f) nonzero[il] = 1;
    }
    count += nonzero[il];
  }
  clear();
  if (count == 0) return Napi::Number::New(env, 0);
  stored.assign(data.Data(), data.Data() + expected);
  layers = std::move(nonzero);
  capture.steeredSequences++;
  return Napi::Number::New(env, count);
}

Napi::Value BridgeContext::ClearSequenceSteering(const Napi::CallbackInfo& info) {
  ensureUsable(info.Env());
  capture.seqSteering.assign(nSeqMax, std::vector<float>());
  capture.seqSteerLayer.assign(nSeqMax, std::vector<uint8_t>());
  capture.steeredSequences = 0;
  return info.Env().Undefined();
}

Napi::Value BridgeContext::ClearMemory(const Napi::CallbackInfo& info) {
  ensureUsable(info.Env());
  llama_memory_clear(llama_get_memory(ctx), true);
  return info.Env().Undefined();
}

// removeSequence(seqId, p0 = -1, p1 = -1): drop a sequence's tokens in [p0, p1).
Napi::Value BridgeContext::RemoveSequence(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ensureUsable(env);
  for (size_t i = 0; i < info.Length() && i < 3; i++)
    if (!info[i].IsNumber()) throwCoded(env, "INVALID_ARGUMENT", "removeSequence(seqId, p0?, p1?) takes numbers");
  if (info.Length() < 1) throwCoded(env, "INVALID_ARGUMENT", "removeSequence(seqId, p0?, p1?)");
  int32_t seq = info[0].As<Napi::Number>().Int32Value();
  int32_t p0 = info.Length() > 1 ? info[1].As<Napi::Number>().Int32Value() : -1;
  int32_t p1 = info.Length() > 2 ? info[2].As<Napi::Number>().Int32Value() : -1;
  if (seq < 0 || (uint32_t)seq >= nSeqMax) throwCoded(env, "INVALID_ARGUMENT", "sequence id out of range");
  return Napi::Boolean::New(env, llama_memory_seq_rm(llama_get_memory(ctx), seq, p0, p1));
}

Napi::Value BridgeContext::Dispose(const Napi::CallbackInfo& info) {
  if (busy) throwCoded(info.Env(), "BUSY", "cannot dispose a context while it decodes");
  release();
  return info.Env().Undefined();
}

}  // namespace limbic
