//! No library code: this crate only holds deliberately broken test suites (see Cargo.toml).
