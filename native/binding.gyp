{
  # Built by scripts/build-native.mjs, which sets the LIMBIC_* variables for one
  # prebuilt llama.cpp variant of node-llama-cpp (cpu, cuda, vulkan, metal).
  "targets": [
    {
      "target_name": "limbic_bridge",
      "sources": [
        "src/addon.cpp",
        "src/backend.cpp",
        "src/model.cpp",
        "src/context.cpp",
        "src/capture.cpp",
        "src/sampler.cpp"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!(node -p \"process.env.LIMBIC_LLAMA_INCLUDE\")",
        "<!(node -p \"process.env.LIMBIC_GGML_INCLUDE\")"
      ],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc": ["-std=c++17", "-O2", "-fexceptions", "-Wall", "-Wno-unused-parameter"],
      "libraries": [
        "-L<!(node -p \"process.env.LIMBIC_BINS_DIR\")",
        "<!@(node -p \"process.env.LIMBIC_LINK_LIBS\")",
        "-Wl,-rpath,<!(node -p \"process.env.LIMBIC_BINS_DIR\")"
      ],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "11.0"
      }
    }
  ]
}
