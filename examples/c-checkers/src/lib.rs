//! Examples for `--sanitize thread` and `--sanitize undefined`: the tests are in `tests/`.
//!
//! ```sh
//! cargo test -p c-checkers --test races -- --sanitize thread
//! cargo test -p c-checkers --test undefined -- --sanitize undefined
//! ```
