//! No library code: the bugs live in tests/memory.rs, in C bodies (instrumented under --sanitize).
