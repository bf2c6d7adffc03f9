// BridgeSampler: a llama.cpp sampler chain (top-k, top-p, min-p, temperature, seeded dist or greedy).
#include <cmath>

#include "bridge.h"

namespace limbic {

Napi::FunctionReference BridgeSampler::constructor;

Napi::Function BridgeSampler::Init(Napi::Env env) {
  Napi::Function fn = DefineClass(env, "BridgeSampler",
                                  {InstanceMethod("accept", &BridgeSampler::Accept), InstanceMethod("reset", &BridgeSampler::Reset),
                                   InstanceMethod("dispose", &BridgeSampler::Dispose)});
  constructor = Napi::Persistent(fn);
  constructor.SuppressDestruct();
  return fn;
}

namespace {
double numberField(Napi::Object o, const char* key, double fallback) {
  Napi::Value v = o.Get(key);
  if (v.IsUndefined() || v.IsNull()) return fallback;
  if (!v.IsNumber()) throwCoded(o.Env(), "INVALID_ARGUMENT", std::string("sampler option ") + key + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d)) throwCoded(o.Env(), "INVALID_ARGUMENT", std::string("sampler option ") + key + " must be finite");
  return d;
}
}  // namespace

// new BridgeSampler({ temperature, topK, topP, minP, seed, repeatPenalty, repeatLastN })
BridgeSampler::BridgeSampler(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BridgeSampler>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throwCoded(env, "INVALID_ARGUMENT", "new BridgeSampler(options)");
  Napi::Object o = info[0].As<Napi::Object>();
  double temperature = numberField(o, "temperature", 0.8);
  double topK = numberField(o, "topK", 40);
  double topP = numberField(o, "topP", 0.95);
  double minP = numberField(o, "minP", 0.05);
  double seed = numberField(o, "seed", 0);
  double repeatPenalty = numberField(o, "repeatPenalty", 1.0);
  double repeatLastN = numberField(o, "repeatLastN", 64);
  double nVocab = numberField(o, "nVocab", 0);
  if (repeatPenalty != 1.0 && nVocab < 1) throwCoded(env, "INVALID_ARGUMENT", "repeatPenalty needs nVocab");
  if (temperature < 0) throwCoded(env, "INVALID_ARGUMENT", "temperature must be >= 0");
  if (topP <= 0 || topP > 1) throwCoded(env, "INVALID_ARGUMENT", "topP must be in (0, 1]");
  if (minP < 0 || minP >= 1) throwCoded(env, "INVALID_ARGUMENT", "minP must be in [0, 1)");
  if (topK < 0) throwCoded(env, "INVALID_ARGUMENT", "topK must be >= 0 (0 = off)");
  if (repeatPenalty <= 0) throwCoded(env, "INVALID_ARGUMENT", "repeatPenalty must be > 0");
  if (seed < 0 || seed > 4294967295.0) throwCoded(env, "INVALID_ARGUMENT", "seed must be an integer in [0, 2^32)");

  llama_sampler_chain_params params = llama_sampler_chain_default_params();
  params.no_perf = true;
  chain = llama_sampler_chain_init(params);
  // Penalties scan the candidates for repeats, so they go after top-k has cut the list.
  if (topK > 0) llama_sampler_chain_add(chain, llama_sampler_init_top_k((int32_t)topK));
  if (repeatPenalty != 1.0)
    llama_sampler_chain_add(chain, llama_sampler_init_penalties((int32_t)nVocab, (int32_t)repeatLastN, (float)repeatPenalty, 0.0f, 0.0f));
  if (temperature == 0) {
    llama_sampler_chain_add(chain, llama_sampler_init_greedy());
    return;
  }
  if (topP < 1) llama_sampler_chain_add(chain, llama_sampler_init_top_p((float)topP, 1));
  if (minP > 0) llama_sampler_chain_add(chain, llama_sampler_init_min_p((float)minP, 1));
  llama_sampler_chain_add(chain, llama_sampler_init_temp((float)temperature));
  llama_sampler_chain_add(chain, llama_sampler_init_dist((uint32_t)seed));
}

BridgeSampler::~BridgeSampler() {
  if (chain) llama_sampler_free(chain);
}

Napi::Value BridgeSampler::Accept(const Napi::CallbackInfo& info) {
  if (!chain) throwCoded(info.Env(), "DISPOSED", "the sampler was disposed");
  if (inUse) throwCoded(info.Env(), "BUSY", "the sampler is in use by a decode");
  if (!info[0].IsNumber()) throwCoded(info.Env(), "INVALID_ARGUMENT", "accept(token)");
  llama_sampler_accept(chain, info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

Napi::Value BridgeSampler::Reset(const Napi::CallbackInfo& info) {
  if (chain && !inUse) llama_sampler_reset(chain);
  return info.Env().Undefined();
}

Napi::Value BridgeSampler::Dispose(const Napi::CallbackInfo& info) {
  if (inUse) throwCoded(info.Env(), "BUSY", "the sampler is in use by a decode");
  if (chain) llama_sampler_free(chain);
  chain = nullptr;
  return info.Env().Undefined();
}

}  // namespace limbic
