#!/bin/sh
# Regenerates src/bindings.rs with bindgen (cargo install bindgen-cli; needs libclang). The
# committed file is this command's output, unedited.
set -eu
cd "$(dirname "$0")"
bindgen csrc/vocabulary.h \
    --allowlist-file '.*/vocabulary\.h' \
    --rustified-enum 'rust_color' --newtype-enum 'nt_mode' --bitfield-enum 'bf_perm' \
    --constified-enum-module 'mc_level' --opaque-type 'blob' \
    -o src/bindings.rs
# bindgen's C++ mode, namespaces as modules, for csrc/cpp_vocabulary.hpp.
bindgen csrc/cpp_vocabulary.hpp --enable-cxx-namespaces \
    --allowlist-file '.*/cpp_vocabulary\.hpp' --rustified-enum 'cvocab::Color' \
    -o src/cpp_bindings.rs -- -x c++ -std=c++17
