//! `cargo ffi-test`: the command line of run-free verification.
//!
//! `cargo ffi-test verify --target <triple> [cargo test options] [-- test options]` runs
//! `cargo test` for the target with this program as the target's runner, and the target's C
//! compiler as its linker unless one is configured. Cargo then hands each test binary it built
//! to `cargo-ffi-test run-free <triple> <binary> [test options]`, which verifies it without
//! running it and reports like a test run.

use std::process::{Command, ExitCode};

const USAGE: &str =
    "usage: cargo ffi-test verify --target <triple> [cargo test options] [-- test options]\n\
       cargo ffi-test prebuild [cargo test options]\n\
\n\
verify: builds the tests for <triple> and verifies each ffi-test binary without running it:\n\
layouts, signatures, extern statics and constants are compared with what the target's C\n\
compiler computes. Tests that need the target to run are listed as ignored.\n\
\n\
prebuild: builds the tests and, for each ffi-test binary, the C its run compiles, kept in\n\
target/<profile>/ffi-test-prebuilt, where a run with no C compiler finds it (a machine that\n\
runs a nextest archive, when the archive includes that directory).";

/// The program's entry: `args` without the program name.
pub fn main(args: Vec<String>) -> ExitCode {
    // `cargo ffi-test ...` passes the subcommand's name first.
    let args: Vec<String> = match args.first().map(String::as_str) {
        Some("ffi-test") => args[1..].to_vec(),
        _ => args,
    };
    match args.first().map(String::as_str) {
        Some("verify") => verify(&args[1..]),
        Some("prebuild") => prebuild(&args[1..]),
        Some("run-free") if args.len() >= 3 => {
            super::run_free(args[2].as_ref(), &args[1], args[3..].to_vec())
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// `cargo test <args> -- --list` with every ffi-test binary in prebuild mode (which builds and
/// keeps its C instead of listing); other test binaries list nothing (`--exact` names no test).
fn prebuild(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--") {
        eprintln!("cargo ffi-test prebuild: takes cargo's options only (no `--`)\n\n{USAGE}");
        return ExitCode::from(2);
    }
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo
        .arg("test")
        .args(args)
        .args([
            "--",
            "--list",
            "--exact",
            "ffi-test prebuild: no test has this name",
        ])
        .env(ffi_test::__verify_0_1::PREBUILD_VAR, "1");
    match cargo.status() {
        Ok(status) => ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("cargo ffi-test prebuild: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The `--target` among cargo's options (before any `--`).
fn target_of(args: &[String]) -> Option<String> {
    let cargo_args = args.iter().take_while(|a| *a != "--");
    let mut it = cargo_args.peekable();
    while let Some(a) = it.next() {
        if a == "--target" {
            return it.next().cloned();
        }
        if let Some(t) = a.strip_prefix("--target=") {
            return Some(t.to_string());
        }
    }
    None
}

/// The flags the target's units are built with: the facts' cfg, and for PE targets no dead
/// code removed (GNU ld's `--gc-sections` drops the facts section there: nothing refers to it,
/// and `#[used]` does not reach a PE link; the binary is read, never run).
fn facts_flags(target: &str) -> Vec<&'static str> {
    let mut flags = vec!["--cfg", "ffi_test_facts"];
    if target.contains("-windows-") {
        flags.push("-Clink-dead-code");
    }
    flags
}

fn verify(args: &[String]) -> ExitCode {
    let Some(target) = target_of(args) else {
        eprintln!("cargo ffi-test verify: --target <triple> is required\n\n{USAGE}");
        return ExitCode::from(2);
    };
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("cargo ffi-test verify: cannot find this program's path: {e}");
            return ExitCode::FAILURE;
        }
    };
    let var = target.to_uppercase().replace(['-', '.'], "_");
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo.arg("test").args(args);
    // Cargo splits a runner given in the environment at spaces.
    cargo.env(
        format!("CARGO_TARGET_{var}_RUNNER"),
        format!("{} run-free {target}", exe.display()),
    );
    // The facts records are compiled only under this cfg, for the target's units alone (not
    // build scripts or proc macros). RUSTFLAGS, where set, wins over the target's flags.
    let facts_flags = facts_flags(&target);
    if let Some(encoded) = std::env::var_os("CARGO_ENCODED_RUSTFLAGS") {
        let mut flags = encoded.into_string().unwrap_or_default();
        for flag in &facts_flags {
            if !flags.is_empty() {
                flags.push('\u{1f}');
            }
            flags.push_str(flag);
        }
        cargo.env("CARGO_ENCODED_RUSTFLAGS", flags);
    } else {
        let key = match std::env::var_os("RUSTFLAGS") {
            Some(_) => "RUSTFLAGS".to_string(),
            None => format!("CARGO_TARGET_{var}_RUSTFLAGS"),
        };
        let existing = std::env::var(&key).unwrap_or_default();
        cargo.env(
            &key,
            format!("{existing} {}", facts_flags.join(" ")).trim_start(),
        );
    }
    let linker = format!("CARGO_TARGET_{var}_LINKER");
    if std::env::var_os(&linker).is_none() {
        match ffi_test::__verify_0_1::compiler_for(&target) {
            Ok(cc) => {
                cargo.env(linker, cc);
            }
            Err(e) => eprintln!("cargo ffi-test verify: {e} (set {linker} to link the tests)"),
        }
    }
    match cargo.status() {
        Ok(status) => ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("cargo ffi-test verify: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
