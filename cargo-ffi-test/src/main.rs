//! `cargo ffi-test verify --target <triple>`: verifies test binaries built for a target that
//! cannot run here, without running them. Its own crate, so the verifier is compiled for this
//! program only, never into a user's test binaries; it uses the runtime's checks and C side
//! through `ffi_test::__verify_0_1`.

mod verify;

fn main() -> std::process::ExitCode {
    verify::cli::main(std::env::args().skip(1).collect())
}
