//! `cargo ffi-test verify --target <triple>`: verifies test binaries built for a target that
//! cannot run here, without running them (see `ffi_test::__private_0_1::verify`).

fn main() -> std::process::ExitCode {
    ffi_test::__private_0_1::verify::main(std::env::args().skip(1).collect())
}
