#!/bin/sh
# Regenerates src/bindings.rs with bindgen (cargo install bindgen-cli; needs libclang and
# zlib1g-dev). The committed file is this command's output, unedited.
set -eu
cd "$(dirname "$0")"
bindgen csrc/wrapper.h \
    --allowlist-file '.*/zlib\.h' --allowlist-file '.*/zconf\.h' \
    --allowlist-file '.*/netinet/ip\.h' --allowlist-file '.*/netinet/tcp\.h' \
    --allowlist-function 'bind|connect|accept|getsockname|sendto|socket' \
    -o src/bindings.rs -- -D_GNU_SOURCE
