#!/bin/sh
# Regenerates src/bindings.rs with bindgen (cargo install bindgen-cli --version 0.73.2; needs
# libclang and libpng-dev). The committed file is this command's output, unedited.
set -eu
cd "$(dirname "$0")"
bindgen csrc/wrapper.h \
    --allowlist-file '.*/png\.h' --allowlist-file '.*/pngconf\.h' \
    --allowlist-file '.*/pnglibconf\.h' \
    -o src/bindings.rs
