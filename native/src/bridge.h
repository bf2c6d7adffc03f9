// Shared declarations of the Limbic native bridge: a thin N-API layer over the
// prebuilt llama.cpp that node-llama-cpp installs. It adds residual-stream capture
// (eval callback) and steering (control-vector API); everything else is TypeScript.
#pragma once

#include <napi.h>

#include <mutex>
#include <string>
#include <vector>

#include "ggml-backend.h"
#include "ggml.h"
#include "llama.h"

namespace limbic {

// Backend (backend.cpp)
bool backendReady();
std::string takeLastErrors();  // error-level log lines since the last call, joined by newlines
Napi::Value InitBackend(const Napi::CallbackInfo& info);
Napi::Value ListDevices(const Napi::CallbackInfo& info);
Napi::Value SetLogLevel(const Napi::CallbackInfo& info);
Napi::Value TakeLogs(const Napi::CallbackInfo& info);
Napi::Value Dequantize(const Napi::CallbackInfo& info);

// Errors are thrown with a string `code` property, which the TS side turns into typed errors.
[[noreturn]] void throwCoded(Napi::Env env, const char* code, const std::string& message);

// An AsyncWorker whose promise rejects with a coded error. Execute runs off the JS thread, where
// no JS object can be touched, so fail() keeps the code until OnError sets it.
class CodedWorker : public Napi::AsyncWorker {
 public:
  explicit CodedWorker(Napi::Env env) : Napi::AsyncWorker(env), deferred(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise::Deferred deferred;

 protected:
  void fail(const char* code, const std::string& message) {
    errorCode = code;
    SetError(message);
  }
  void reject(const Napi::Error& e) {
    Napi::Object error = e.Value();
    error.Set("code", Napi::String::New(Env(), errorCode));
    deferred.Reject(error);
  }

 private:
  std::string errorCode = "INTERNAL";
};

class BridgeModel : public Napi::ObjectWrap<BridgeModel> {
 public:
  static Napi::Function Init(Napi::Env env);
  static Napi::FunctionReference constructor;
  explicit BridgeModel(const Napi::CallbackInfo& info);
  ~BridgeModel();

  llama_model* model = nullptr;
  const llama_vocab* vocab = nullptr;
  int32_t nLayer = 0;
  int32_t nEmbd = 0;
  int32_t nVocab = 0;
  int liveContexts = 0;
  // One CPU threadpool for all of the model's contexts: idle pools of other contexts would
  // otherwise spin against the decoding one. Decodes of one model therefore never overlap.
  ggml_threadpool* threadpool = nullptr;
  bool decoding = false;

  void ensureLoaded(Napi::Env env) const;

 private:
  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value Tokenize(const Napi::CallbackInfo& info);
  Napi::Value Detokenize(const Napi::CallbackInfo& info);
  Napi::Value TokenPiece(const Napi::CallbackInfo& info);
  Napi::Value IsEog(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);
  void release();
};

// Loads a model on a worker thread and resolves with a BridgeModel.
Napi::Value LoadModel(const Napi::CallbackInfo& info);

// Per-context state of the eval callback during llama_decode: residual capture, and
// per-sequence ("row") steering, which adds each sequence's own vectors to only its rows.
struct CaptureState {
  int32_t nLayer = 0;
  int32_t nEmbd = 0;
  bool active = false;
  std::vector<int32_t> layerSlot;          // layer -> slot in `buffers`, or -1
  std::vector<int32_t> slotLayer;          // slot -> layer
  std::vector<int32_t> rowOfBatchIndex;    // batch index -> captured row, or -1
  std::vector<int32_t> batchIndexOfOutput; // output row -> batch index
  std::vector<int32_t> cursor;             // per slot: rows of the graph seen so far
  std::vector<int32_t> rowsWritten;        // per slot
  std::vector<std::vector<float>> buffers; // per slot: [captured rows x nEmbd]
  std::vector<float> scratch;
  std::string error;

  // Row steering. seqSteering[seq] holds n_embd floats for each block 1..n_layer-1, or is
  // empty; seqSteerLayer[seq][il] says whether block il of that sequence is nonzero.
  std::vector<std::vector<float>> seqSteering;
  std::vector<std::vector<uint8_t>> seqSteerLayer;
  int32_t steeredSequences = 0;            // sequences with a vector: 0 keeps decodes on the plain path
  bool steerActive = false;                // this decode has rows to steer
  std::vector<uint8_t> steerLayer;         // layer -> some row of this decode is steered there
  std::vector<int32_t> seqOfBatchIndex;    // batch index -> sequence id
  std::vector<int32_t> steerCursor;        // per layer: rows of the graph seen so far
};
bool captureEvalCallback(struct ggml_tensor* t, bool ask, void* userData);

class BridgeSampler : public Napi::ObjectWrap<BridgeSampler> {
 public:
  static Napi::Function Init(Napi::Env env);
  static Napi::FunctionReference constructor;
  explicit BridgeSampler(const Napi::CallbackInfo& info);
  ~BridgeSampler();
  llama_sampler* chain = nullptr;
  bool inUse = false;

 private:
  Napi::Value Accept(const Napi::CallbackInfo& info);
  Napi::Value Reset(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);
};

class BridgeContext : public Napi::ObjectWrap<BridgeContext> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit BridgeContext(const Napi::CallbackInfo& info);
  ~BridgeContext();

  llama_context* ctx = nullptr;
  BridgeModel* owner = nullptr;
  Napi::ObjectReference ownerRef;
  CaptureState capture;
  uint32_t nCtx = 0;
  uint32_t nBatch = 0;
  uint32_t nSeqMax = 0;
  uint32_t nUbatch = 0;
  bool kvUnified = true;
  bool busy = false;

 private:
  Napi::Value Decode(const Napi::CallbackInfo& info);
  Napi::Value SetSteering(const Napi::CallbackInfo& info);
  Napi::Value SetSequenceSteering(const Napi::CallbackInfo& info);
  Napi::Value ClearSequenceSteering(const Napi::CallbackInfo& info);
  Napi::Value ClearMemory(const Napi::CallbackInfo& info);
  Napi::Value RemoveSequence(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);
  void ensureUsable(Napi::Env env) const;
  void release();
};

}  // namespace limbic
