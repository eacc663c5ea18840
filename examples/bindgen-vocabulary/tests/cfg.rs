//! Items and fields under `#[cfg]`: checked where compiled in, listed where not.

mod sys {
    #![allow(non_camel_case_types, dead_code)]
    include!("cfg/bindings.rs");
}

ffi_test::check_surface!(sys, file = "tests/cfg/bindings.rs");
ffi_test::main! { headers: ["vocabulary.h"], include_dirs: ["csrc"] }

extern crate bindgen_vocabulary as _;
