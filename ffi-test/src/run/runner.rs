//! The target's runner: a test binary built for another target (aarch64 under qemu-user) is
//! started by cargo through `target.<triple>.runner`, and its children must be too. cargo does
//! not tell the binary its runner, so it is read where a CI sets it: `FFI_TEST_RUNNER`, or
//! cargo's own `CARGO_TARGET_<TRIPLE>_RUNNER` variable (a runner set only in
//! `.cargo/config.toml` needs `FFI_TEST_RUNNER` too).

use std::ffi::OsString;

/// The runner's program and arguments, if one is configured for this binary's target.
pub fn runner() -> Option<Vec<OsString>> {
    let from_cargo = format!(
        "CARGO_TARGET_{}_RUNNER",
        env!("FFI_TEST_TARGET")
            .to_uppercase()
            .replace(['-', '.'], "_")
    );
    ["FFI_TEST_RUNNER", from_cargo.as_str()]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .map(|value| value.split_whitespace().map(OsString::from).collect())
}

/// The target this binary was built for, for messages.
pub fn target() -> &'static str {
    env!("FFI_TEST_TARGET")
}
