// Module registration for the Limbic native bridge.
#include "bridge.h"

namespace limbic {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("initBackend", Napi::Function::New(env, InitBackend));
  exports.Set("listDevices", Napi::Function::New(env, ListDevices));
  exports.Set("setLogLevel", Napi::Function::New(env, SetLogLevel));
  exports.Set("takeLogs", Napi::Function::New(env, TakeLogs));
  exports.Set("loadModel", Napi::Function::New(env, LoadModel));
  exports.Set("dequantize", Napi::Function::New(env, Dequantize));
  exports.Set("BridgeModel", BridgeModel::Init(env));
  exports.Set("BridgeContext", BridgeContext::Init(env));
  exports.Set("BridgeSampler", BridgeSampler::Init(env));
  return exports;
}

}  // namespace limbic

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return limbic::Init(env, exports); }

NODE_API_MODULE(limbic_bridge, InitModule)
