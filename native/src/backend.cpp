// Process-wide llama.cpp state: backend loading and log routing.
#include <cstdio>
#include <deque>

#include "bridge.h"

namespace limbic {

namespace {
std::mutex logMutex;
std::string partialLine;
ggml_log_level partialLevel = GGML_LOG_LEVEL_INFO;
std::deque<std::string> recentLines;  // every level, for diagnostics
std::string errorLines;               // error/warn lines since last takeLastErrors()
int printLevel = GGML_LOG_LEVEL_NONE + 100;  // nothing printed unless asked
bool initialized = false;

void keepLine(ggml_log_level level, const std::string& line) {
  if (line.empty()) return;
  recentLines.push_back(line);
  if (recentLines.size() > 200) recentLines.pop_front();
  if (level == GGML_LOG_LEVEL_ERROR || level == GGML_LOG_LEVEL_WARN) {
    if (errorLines.size() < 16384) errorLines += line + "\n";
  }
  if ((int)level >= printLevel) fprintf(stderr, "[llama.cpp] %s\n", line.c_str());
}

void onLog(ggml_log_level level, const char* text, void*) {
  std::lock_guard<std::mutex> lock(logMutex);
  if (level != GGML_LOG_LEVEL_CONT) partialLevel = level;
  partialLine += text ? text : "";
  size_t nl;
  while ((nl = partialLine.find('\n')) != std::string::npos) {
    keepLine(partialLevel, partialLine.substr(0, nl));
    partialLine.erase(0, nl + 1);
  }
}

const char* deviceTypeName(enum ggml_backend_dev_type type) {
  switch (type) {
    case GGML_BACKEND_DEVICE_TYPE_CPU: return "cpu";
    case GGML_BACKEND_DEVICE_TYPE_GPU: return "gpu";
    case GGML_BACKEND_DEVICE_TYPE_IGPU: return "igpu";
    case GGML_BACKEND_DEVICE_TYPE_ACCEL: return "accel";
    default: return "other";
  }
}
}  // namespace

void throwCoded(Napi::Env env, const char* code, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Value().Set("code", Napi::String::New(env, code));
  throw error;
}

bool backendReady() { return initialized; }

std::string takeLastErrors() {
  std::lock_guard<std::mutex> lock(logMutex);
  std::string out;
  out.swap(errorLines);
  return out;
}

// initBackend(binsDir: string): loads the ggml backends that sit beside libllama.
Napi::Value InitBackend(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throwCoded(env, "INVALID_ARGUMENT", "initBackend needs the backends folder");
  if (!initialized) {
    llama_log_set(onLog, nullptr);
    std::string dir = info[0].As<Napi::String>().Utf8Value();
    ggml_backend_load_all_from_path(dir.c_str());
    llama_backend_init();
    initialized = true;
  }
  return ListDevices(info);
}

Napi::Value ListDevices(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  size_t n = ggml_backend_dev_count();
  for (size_t i = 0; i < n; i++) {
    ggml_backend_dev_t dev = ggml_backend_dev_get(i);
    size_t freeMem = 0, totalMem = 0;
    ggml_backend_dev_memory(dev, &freeMem, &totalMem);
    Napi::Object d = Napi::Object::New(env);
    d.Set("name", ggml_backend_dev_name(dev));
    d.Set("description", ggml_backend_dev_description(dev));
    d.Set("type", deviceTypeName(ggml_backend_dev_type(dev)));
    d.Set("memoryTotal", Napi::Number::New(env, (double)totalMem));
    d.Set("memoryFree", Napi::Number::New(env, (double)freeMem));
    out.Set(out.Length(), d);
  }
  return out;
}

// setLogLevel(level): print llama.cpp lines at or above this ggml level to stderr (5 = none).
Napi::Value SetLogLevel(const Napi::CallbackInfo& info) {
  if (info.Length() > 0 && info[0].IsNumber()) {
    std::lock_guard<std::mutex> lock(logMutex);
    printLevel = info[0].As<Napi::Number>().Int32Value();
  }
  return info.Env().Undefined();
}

// takeLogs(): the most recent log lines (any level), oldest first; clears them.
Napi::Value TakeLogs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::lock_guard<std::mutex> lock(logMutex);
  Napi::Array out = Napi::Array::New(env, recentLines.size());
  uint32_t i = 0;
  for (const auto& line : recentLines) out.Set(i++, line);
  recentLines.clear();
  return out;
}

}  // namespace limbic

namespace limbic {

// dequantize(type: number, bytes: Uint8Array, count: number): Float32Array
// Converts tensor data of any ggml type to f32 with ggml's own row converter.
Napi::Value Dequantize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsNumber() || !info[1].IsTypedArray() || !info[2].IsNumber())
    throwCoded(env, "INVALID_ARGUMENT", "dequantize(type, bytes, count)");
  int32_t type = info[0].As<Napi::Number>().Int32Value();
  if (type < 0 || type >= GGML_TYPE_COUNT) throwCoded(env, "INVALID_ARGUMENT", "unknown ggml type " + std::to_string(type));
  const ggml_type_traits* traits = ggml_get_type_traits((ggml_type)type);
  if (!traits || !traits->to_float || traits->blck_size <= 0) throwCoded(env, "INVALID_ARGUMENT", "ggml type " + std::to_string(type) + " cannot be converted to f32");
  double count = info[2].As<Napi::Number>().DoubleValue();
  if (count < 0 || count > 1e10 || count != (int64_t)count || (int64_t)count % traits->blck_size != 0)
    throwCoded(env, "INVALID_ARGUMENT", "count must be a whole number of " + std::to_string(traits->blck_size) + "-element blocks");
  Napi::TypedArray bytes = info[1].As<Napi::TypedArray>();
  if (bytes.TypedArrayType() != napi_uint8_array) throwCoded(env, "INVALID_ARGUMENT", "bytes must be a Uint8Array");
  size_t need = ggml_row_size((ggml_type)type, (int64_t)count);
  if (bytes.ByteLength() != need)
    throwCoded(env, "INVALID_ARGUMENT", "expected " + std::to_string(need) + " bytes for " + std::to_string((int64_t)count) + " elements, got " + std::to_string(bytes.ByteLength()));
  Napi::Float32Array out = Napi::Float32Array::New(env, (size_t)count);
  const uint8_t* data = static_cast<const uint8_t*>(bytes.ArrayBuffer().Data()) + bytes.ByteOffset();
  traits->to_float(data, out.Data(), (int64_t)count);
  return out;
}

}  // namespace limbic
