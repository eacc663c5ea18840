//! The contract between `ffi-test-macros` and the `ffi-test` runtime.
//!
//! Generated C (written by the macros at compile time, or by the runtime) and the runtime Rust
//! that calls it must agree on names, numbers and layouts. Each of them is defined once, here,
//! and both crates use this definition, so they cannot drift apart (as cxx's `syntax` crate does
//! for its macro and its C++ generator). Nothing here is a user API: depend on `ffi-test`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod c_name;
pub mod duration;
pub mod facts;
pub mod faults;
pub mod findings;
pub mod kind;
pub mod language;
pub mod members;
pub mod naming;
pub mod python;
pub mod roundtrip;
pub mod signature;
pub mod surface;
pub mod test_kind;
pub mod value;
