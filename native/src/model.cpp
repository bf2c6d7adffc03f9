// BridgeModel: one loaded llama_model (weights shared by every context made from it).
#include "bridge.h"

namespace limbic {

Napi::FunctionReference BridgeModel::constructor;

namespace {
class LoadModelWorker : public CodedWorker {
 public:
  LoadModelWorker(Napi::Env env, std::string path, int32_t gpuLayers, bool useMmap, bool repack)
      : CodedWorker(env), path(std::move(path)), gpuLayers(gpuLayers), useMmap(useMmap), repack(repack) {}

  void Execute() override {
    llama_model_params params = llama_model_default_params();
    params.n_gpu_layers = gpuLayers;
    params.load_mode = useMmap ? LLAMA_LOAD_MODE_MMAP : LLAMA_LOAD_MODE_NONE;
    params.use_extra_bufts = repack;
    takeLastErrors();
    model = llama_model_load_from_file(path.c_str(), params);
    if (!model) {
      std::string detail = takeLastErrors();
      fail("MODEL_LOAD_FAILED", "llama.cpp could not load " + path + (detail.empty() ? "" : ":\n" + detail));
    }
  }
  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object obj = BridgeModel::constructor.New({Napi::External<llama_model>::New(env, model)});
    deferred.Resolve(obj);
  }
  void OnError(const Napi::Error& e) override { reject(e); }

 private:
  std::string path;
  int32_t gpuLayers;
  bool useMmap;
  bool repack;
  llama_model* model = nullptr;
};

std::string metaString(int32_t (*get)(const llama_model*, int32_t, char*, size_t), const llama_model* m, int32_t i) {
  std::vector<char> buf(256);
  int32_t n = get(m, i, buf.data(), buf.size());
  if (n < 0) return "";
  if ((size_t)n >= buf.size()) {
    buf.resize(n + 1);
    get(m, i, buf.data(), buf.size());
  }
  return std::string(buf.data(), n);
}
}  // namespace

// loadModel(path: string, gpuLayers: number, useMmap: boolean, repack: boolean): Promise<BridgeModel>
Napi::Value LoadModel(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!backendReady()) throwCoded(env, "NOT_INITIALIZED", "initBackend must run before loadModel");
  if (info.Length() < 4 || !info[0].IsString() || !info[1].IsNumber() || !info[2].IsBoolean() || !info[3].IsBoolean())
    throwCoded(env, "INVALID_ARGUMENT", "loadModel(path, gpuLayers, useMmap, repack)");
  auto* worker = new LoadModelWorker(env, info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::Number>().Int32Value(),
                                     info[2].As<Napi::Boolean>().Value(), info[3].As<Napi::Boolean>().Value());
  Napi::Promise promise = worker->deferred.Promise();
  worker->Queue();
  return promise;
}

Napi::Function BridgeModel::Init(Napi::Env env) {
  Napi::Function fn = DefineClass(env, "BridgeModel",
                                  {InstanceMethod("info", &BridgeModel::Info),
                                   InstanceMethod("tokenize", &BridgeModel::Tokenize),
                                   InstanceMethod("detokenize", &BridgeModel::Detokenize),
                                   InstanceMethod("tokenPiece", &BridgeModel::TokenPiece),
                                   InstanceMethod("isEog", &BridgeModel::IsEog),
                                   InstanceMethod("dispose", &BridgeModel::Dispose)});
  constructor = Napi::Persistent(fn);
  constructor.SuppressDestruct();
  return fn;
}

BridgeModel::BridgeModel(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BridgeModel>(info) {
  if (info.Length() < 1 || !info[0].IsExternal())
    throwCoded(info.Env(), "INVALID_ARGUMENT", "BridgeModel is created by loadModel()");
  model = info[0].As<Napi::External<llama_model>>().Data();
  vocab = llama_model_get_vocab(model);
  nLayer = llama_model_n_layer(model);
  nEmbd = llama_model_n_embd(model);
  nVocab = llama_vocab_n_tokens(vocab);
}

BridgeModel::~BridgeModel() { release(); }

void BridgeModel::release() {
  if (threadpool) {
    using ThreadpoolFree = void (*)(ggml_threadpool*);
    ggml_backend_dev_t cpu = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    auto release = cpu ? reinterpret_cast<ThreadpoolFree>(ggml_backend_reg_get_proc_address(ggml_backend_dev_backend_reg(cpu), "ggml_threadpool_free")) : nullptr;
    if (release) release(threadpool);
    threadpool = nullptr;
  }
  if (model) llama_model_free(model);
  model = nullptr;
  vocab = nullptr;
}

void BridgeModel::ensureLoaded(Napi::Env env) const {
  if (!model) throwCoded(env, "DISPOSED", "the model was disposed");
}

Napi::Value BridgeModel::Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ensureLoaded(env);
  Napi::Object out = Napi::Object::New(env);
  out.Set("nLayer", nLayer);
  out.Set("nEmbd", nEmbd);
  out.Set("nVocab", nVocab);
  out.Set("nCtxTrain", llama_model_n_ctx_train(model));
  out.Set("nParams", Napi::Number::New(env, (double)llama_model_n_params(model)));
  out.Set("sizeBytes", Napi::Number::New(env, (double)llama_model_size(model)));
  char desc[256];
  llama_model_desc(model, desc, sizeof(desc));
  out.Set("description", desc);
  const char* tmpl = llama_model_chat_template(model, nullptr);
  out.Set("chatTemplate", tmpl ? Napi::Value(Napi::String::New(env, tmpl)) : env.Null());
  out.Set("bos", llama_vocab_bos(vocab));
  out.Set("eos", llama_vocab_eos(vocab));
  out.Set("addBos", llama_vocab_get_add_bos(vocab));
  Napi::Object meta = Napi::Object::New(env);
  int32_t count = llama_model_meta_count(model);
  for (int32_t i = 0; i < count; i++) {
    std::string key = metaString(llama_model_meta_key_by_index, model, i);
    if (key.empty() || key.rfind("tokenizer.ggml.", 0) == 0) continue;  // vocab arrays are huge
    meta.Set(key, metaString(llama_model_meta_val_str_by_index, model, i));
  }
  out.Set("meta", meta);
  return out;
}

// tokenize(text: string, addSpecial: boolean, parseSpecial: boolean): Int32Array
Napi::Value BridgeModel::Tokenize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ensureLoaded(env);
  if (info.Length() < 3 || !info[0].IsString()) throwCoded(env, "INVALID_ARGUMENT", "tokenize(text, addSpecial, parseSpecial)");
  std::string text = info[0].As<Napi::String>().Utf8Value();
  bool addSpecial = info[1].ToBoolean().Value();
  bool parseSpecial = info[2].ToBoolean().Value();
  if (text.size() > (size_t)INT32_MAX / 2) throwCoded(env, "INVALID_ARGUMENT", "text is too long to tokenize");
  std::vector<llama_token> tokens(text.size() + 8);
  int32_t n = llama_tokenize(vocab, text.data(), (int32_t)text.size(), tokens.data(), (int32_t)tokens.size(), addSpecial, parseSpecial);
  if (n < 0) {
    tokens.resize(-n);
    n = llama_tokenize(vocab, text.data(), (int32_t)text.size(), tokens.data(), (int32_t)tokens.size(), addSpecial, parseSpecial);
  }
  if (n < 0) throwCoded(env, "TOKENIZE_FAILED", "llama.cpp could not tokenize the text");
  Napi::Int32Array out = Napi::Int32Array::New(env, n);
  std::copy(tokens.begin(), tokens.begin() + n, out.Data());
  return out;
}

// detokenize(tokens: Int32Array, renderSpecial: boolean): string
Napi::Value BridgeModel::Detokenize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ensureLoaded(env);
  if (info.Length() < 2 || !info[0].IsTypedArray()) throwCoded(env, "INVALID_ARGUMENT", "detokenize(tokens: Int32Array, renderSpecial)");
  Napi::Int32Array tokens = info[0].As<Napi::Int32Array>();
  for (size_t i = 0; i < tokens.ElementLength(); i++)
    if (tokens[i] < 0 || tokens[i] >= nVocab) throwCoded(env, "INVALID_TOKEN", "token " + std::to_string(tokens[i]) + " is outside the vocabulary");
  bool renderSpecial = info[1].ToBoolean().Value();
  std::vector<char> buf(tokens.ElementLength() * 8 + 16);
  int32_t n = llama_detokenize(vocab, tokens.Data(), (int32_t)tokens.ElementLength(), buf.data(), (int32_t)buf.size(), false, renderSpecial);
  if (n < 0) {
    buf.resize(-n);
    n = llama_detokenize(vocab, tokens.Data(), (int32_t)tokens.ElementLength(), buf.data(), (int32_t)buf.size(), false, renderSpecial);
  }
  if (n < 0) throwCoded(env, "DETOKENIZE_FAILED", "llama.cpp could not detokenize");
  return Napi::String::New(env, buf.data(), n);
}

// tokenPiece(token: number, renderSpecial: boolean): Uint8Array (raw bytes; may be part of a UTF-8 character)
Napi::Value BridgeModel::TokenPiece(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ensureLoaded(env);
  if (info.Length() < 2 || !info[0].IsNumber()) throwCoded(env, "INVALID_ARGUMENT", "tokenPiece(token, renderSpecial)");
  int32_t token = info[0].As<Napi::Number>().Int32Value();
  if (token < 0 || token >= nVocab) throwCoded(env, "INVALID_TOKEN", "token " + std::to_string(token) + " is outside the vocabulary");
  char buf[256];
  int32_t n = llama_token_to_piece(vocab, token, buf, sizeof(buf), 0, info[1].ToBoolean().Value());
  if (n < 0) n = 0;
  return Napi::Buffer<char>::Copy(env, buf, n);
}

Napi::Value BridgeModel::IsEog(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ensureLoaded(env);
  if (info.Length() < 1 || !info[0].IsNumber()) throwCoded(env, "INVALID_ARGUMENT", "isEog(token)");
  int32_t token = info[0].As<Napi::Number>().Int32Value();
  if (token < 0 || token >= nVocab) throwCoded(env, "INVALID_TOKEN", "token " + std::to_string(token) + " is outside the vocabulary");
  return Napi::Boolean::New(env, llama_vocab_is_eog(vocab, token));
}

Napi::Value BridgeModel::Dispose(const Napi::CallbackInfo& info) {
  if (liveContexts > 0) throwCoded(info.Env(), "IN_USE", "dispose the model's contexts before the model");
  release();
  return info.Env().Undefined();
}

}  // namespace limbic
