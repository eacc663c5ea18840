//! Checks called by generated tests: plain library code that compares facts gathered by the
//! generated Rust and C, and writes the report.

pub mod bitfield;
pub mod kind;
pub mod layout;
mod layout_text;
pub mod members;
pub mod probe;
pub mod roundtrip;
pub mod signature;
pub mod surface;
pub mod value;
