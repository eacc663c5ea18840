//! C bodies share one translation unit but not the state a body leaves behind: an unpopped
//! `#pragma pack`, GCC's scalar storage order (visibility: tests/pragmas_visibility.rs), or a
//! comment left open at the end of a body (which swallowed the restores after it). Bodies
//! compile in name order, so each body comes before the one it tries to change.

use std::ffi::{c_double, c_int};

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    #pragma pack(push, 1)
    #pragma scalar_storage_order big-endian
    struct pragmas_packed { char c; int i; };
    int pragmas_a_size(void) { return (int)sizeof(struct pragmas_packed); }
"#)]
fn pragmas__a_body_leaves_packing_and_byte_order_set__then_its_own_c_is_packed() {
    extern "C" {
        fn pragmas_a_size() -> c_int;
    }
    // SAFETY: a plain C function taking nothing.
    assert_eq!(unsafe { pragmas_a_size() }, 5);
}

#[ffi_test(c = r#"
    #include <stddef.h>
    #include <string.h>
    struct pragmas_pair { char c; int i; };
    int pragmas_pair_size(void) { return (int)sizeof(struct pragmas_pair); }
    int pragmas_first_byte(void) {
        struct pragmas_pair p = { 0, 1 };
        unsigned char bytes[sizeof p];
        memcpy(bytes, &p, sizeof p);
        return bytes[offsetof(struct pragmas_pair, i)];
    }
"#)]
fn pragmas__b_next_body__then_packs_orders_and_exports_as_the_command_line_says() {
    extern "C" {
        fn pragmas_pair_size() -> c_int;
        fn pragmas_first_byte() -> c_int;
    }
    // SAFETY: plain C functions taking nothing.
    unsafe {
        assert_eq!(pragmas_pair_size(), 8, "a packing pragma leaked in");
        assert_eq!(
            pragmas_first_byte(),
            i32::from(cfg!(target_endian = "little")),
            "a storage-order pragma leaked in"
        );
    }
}

#[ffi_test(
    c = r#"
    #define double float
    int pragmas_c_open(void) { return 1; }
    /* a comment never closed
"#,
    expect = fail
)]
fn pragmas__c_body_ends_inside_a_comment__then_it_is_its_own_compile_error() {}

#[ffi_test(c = r#"
    int pragmas_d_size_of_double(void) { return (int)sizeof(double); }
    double pragmas_d_half(double x) { return x / 2; }
"#)]
fn pragmas__d_body_after_the_open_comment__then_sees_the_real_double() {
    extern "C" {
        fn pragmas_d_size_of_double() -> c_int;
        fn pragmas_d_half(x: c_double) -> c_double;
    }
    // SAFETY: plain C functions of these exact types.
    unsafe {
        assert_eq!(pragmas_d_size_of_double(), 8);
        assert_eq!(pragmas_d_half(3.0), 1.5);
    }
}

ffi_test::main! { headers: ["hostile.h"], include_dirs: ["csrc"] }
