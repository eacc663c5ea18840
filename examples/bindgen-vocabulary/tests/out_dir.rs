//! Bindings in OUT_DIR, where a build script running bindgen writes them: included from there,
//! and the surface read from there.

mod sys {
    #![allow(
        non_camel_case_types,
        non_upper_case_globals,
        non_snake_case,
        dead_code
    )]
    #![allow(clippy::all)]
    include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
}

ffi_test::check_surface!(
    sys,
    file = "$OUT_DIR/bindings.rs",
    item(vocab_scale, expect = fail),
    item(vocab_declared_only, expect = fail),
    // bindgen wrote this output on x86-64, whose `va_list` is an array of one `__va_list_tag`:
    // on every other target `va_list` is another type, and these three are wrong there.
    item(va_list, expect = busted(not(target_arch = "x86_64"))),
    item(
        __builtin_va_list,
        expect = busted(not(target_arch = "x86_64"))
    ),
    item(__va_list_tag, expect = busted(not(target_arch = "x86_64"))),
);
ffi_test::main! { headers: ["vocabulary.h"], include_dirs: ["csrc"] }

extern crate bindgen_vocabulary as _;
