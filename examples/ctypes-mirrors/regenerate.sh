#!/usr/bin/env bash
# Regenerates tests/zlib_ctypesgen.py, ctypesgen's Python mirrors of Debian's zlib.h (the
# real-world generated binding tests/mirrors.rs checks). Needs zlib1g-dev and ctypesgen
# (pip install ctypesgen==1.1.1).
set -euo pipefail
cd "$(dirname "$0")"
ctypesgen -lz /usr/include/zlib.h -o tests/zlib_ctypesgen.py
