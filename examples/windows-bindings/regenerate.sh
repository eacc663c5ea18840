#!/bin/sh
# Regenerates src/zlib_linux.rs with bindgen (cargo install bindgen-cli; needs libclang and
# zlib1g-dev), for x86_64 Linux, as a -sys crate generating its bindings on one Linux machine
# would ship them. Without bindgen's layout tests, as pregenerated bindings often ship: its
# const assertions would stop a Windows build before anything could be checked. The committed
# file is this command's output, unedited.
set -eu
cd "$(dirname "$0")"
bindgen /usr/include/zlib.h \
    --allowlist-file '.*/zlib\.h' --allowlist-file '.*/zconf\.h' \
    --no-layout-tests -o src/zlib_linux.rs -- --target=x86_64-unknown-linux-gnu
