#!/usr/bin/env python3
"""Makes a planted-bug copy of a bindings file: bindgen's own layout assertions (`const _: () =
{ ... };` blocks) taken out, as in a -sys crate generated with --no-layout-tests or written by
hand, then each (old, new) replacement applied exactly once (a replacement that does not match
exactly once is an error, so the copy never silently misses a bug).

    plant_bugs.py SOURCE DEST REPLACEMENTS.json
"""
import json
import re
import sys

source, dest, spec = sys.argv[1:4]
text = open(source).read()
# At any indentation: bindgen's C++ output has them inside the namespaces' modules.
text = re.sub(r"[ \t]*#\[allow\(clippy::unnecessary_operation, clippy::identity_op\)\]\n([ \t]*)const _: \(\) = \{\n.*?\n\1\};\n", "", text, flags=re.S)
for old, new in json.load(open(spec)):
    count = text.count(old)
    if count != 1:
        sys.exit(f"{old!r} occurs {count} times in {source}")
    text = text.replace(old, new)
open(dest, "w").write(text)
