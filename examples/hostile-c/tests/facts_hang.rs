//! A constant whose C expression never finishes: its check times out (run with `--timeout 1s`),
//! and the shared fact-gathering child is replaced so the checks after it still report.
//! Not run by `cargo test` (the default timeout is a minute).

use ffi_test::value_matches;

#[value_matches("FINE")]
const FINE: i32 = 7;

#[value_matches("HANGS_WHEN_READ")]
const HANGS_WHEN_READ: i32 = 0;

#[value_matches("ALSO_FINE")]
const ALSO_FINE: i32 = 8;

ffi_test::main! {
    headers: ["hostile.h"],
    include_dirs: ["csrc"],
    defines: ["HANGS_WHEN_READ=({ for (volatile int spin = 1; spin;) {} 0; })"],
}
