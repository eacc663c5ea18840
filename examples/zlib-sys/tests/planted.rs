//! A copy of `src/bindings.rs` with four bugs planted, of the kinds bindgen's own layout
//! assertions cannot see: a field's signedness (`z_stream_s.avail_in`), a parameter's width
//! (`crc32`'s `len`), a constant's value (`Z_BUF_ERROR`) and a bit-field's width (`tcphdr`'s
//! `doff`). Each is expected to fail, so the suite passes while proving they are caught; run
//! with `--ignore-expectations` to see the reports.

mod planted {
    #![allow(
        non_camel_case_types,
        non_upper_case_globals,
        non_snake_case,
        dead_code
    )]
    #![allow(clippy::all)]
    include!("planted/bindings.rs");
}

ffi_test::check_surface!(
    planted,
    file = "tests/planted/bindings.rs",
    item(z_stream_s, expect = fail),
    item(crc32, expect = fail),
    item(Z_BUF_ERROR, expect = fail),
    item(tcphdr, expect = fail),
);
ffi_test::main! { headers: ["wrapper.h"], include_dirs: ["csrc"], libs: ["z"] }
