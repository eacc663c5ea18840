//! No library code: see tests/crashes.rs.
