//! Python beside C (the `python` feature): ctypes mirrors of C types checked against the C
//! compiler. Python always runs in a process of its own, started from the test's child.

pub mod ctypes;
mod interpreter;
mod mirror;
