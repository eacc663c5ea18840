#!/bin/sh
# Regenerates src/bindings.rs with bindgen (cargo install bindgen-cli --version 0.73.2; needs
# libclang and libtinyxml2-dev). The committed file is this command's output, unedited:
# bindgen's C++ mode with namespaces as modules (`root::tinyxml2`).
set -eu
cd "$(dirname "$0")"
bindgen csrc/wrapper.hpp --enable-cxx-namespaces \
    --allowlist-file '.*/tinyxml2\.h' \
    -o src/bindings.rs -- -x c++ -std=c++17
# bindgen's default C++ mode (no namespaces: `tinyxml2_XMLDocument`), for tests/flat.rs.
bindgen csrc/wrapper.hpp \
    --allowlist-file '.*/tinyxml2\.h' \
    -o tests/flat/bindings.rs -- -x c++ -std=c++17
