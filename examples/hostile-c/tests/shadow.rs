//! A header found in the second of two include directories, and later shadowed by a header of
//! the same name put into the first: the cached object must not be reused. tests/trust/ writes
//! the headers (under cargo's target tmp directory) and runs this suite. Not run by `cargo test`.

use ffi_test::value_matches;

#[value_matches("SHADOW_VALUE")]
const SHADOW_VALUE: i32 = 1;

ffi_test::main! {
    headers: ["shadow.h"],
    include_dirs: [
        concat!(env!("CARGO_TARGET_TMPDIR"), "/hostile-shadow/first"),
        concat!(env!("CARGO_TARGET_TMPDIR"), "/hostile-shadow/second"),
    ],
}
