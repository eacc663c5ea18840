//! No library code: the corpus types live in tests/roundtrip.rs, the C in csrc/.
