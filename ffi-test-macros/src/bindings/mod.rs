//! Checks of a binding's items beyond types: extern fn signatures and extern statics
//! (`#[signatures_match]` on an `extern` block, `check_signatures!` for another crate's block),
//! and constants (`#[value_matches]`, `check_value!`).

pub mod emit;
pub mod model;
pub mod signatures;
pub mod value;
