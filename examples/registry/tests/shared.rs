//! The library under test as a shared object: the C bodies link `libregistry_shared.so` through
//! `ffi_test::main! { libs, lib_dirs }`, as they would a system library. (tests/ffi.rs shows the
//! other setup, a library linked statically into the test binary.)

use std::ffi::{c_char, c_int, CStr};

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    size_t count_after_registering(uint32_t n) {
        registry_t *r = registry_create();
        for (uint32_t i = 0; i < n; i++) registry_register(r, i);
        size_t count = registry_count(r);
        registry_destroy(r);
        return count;
    }
"#)]
fn shared_library__c_body_calls_it__then_results_come_back() {
    extern "C" {
        fn count_after_registering(n: u32) -> usize;
    }
    // SAFETY: the C body creates and destroys its own registry.
    assert_eq!(unsafe { count_after_registering(9) }, 9);
}

#[ffi_test(headers = ["<dlfcn.h>"], c = r#"
    const char *object_defining_registry_create(void) {
        Dl_info info;
        if (dladdr((void *)registry_create, &info) == 0 || info.dli_fname == NULL) return "";
        return info.dli_fname;
    }
"#)]
fn shared_library__symbol_looked_up__then_defined_by_the_shared_object() {
    extern "C" {
        fn object_defining_registry_create() -> *const c_char;
    }
    // SAFETY: dladdr's file name is a NUL-terminated string owned by the dynamic loader.
    let path = unsafe { CStr::from_ptr(object_defining_registry_create()) };
    let path = path.to_string_lossy();
    assert!(
        path.ends_with("libregistry_shared.so"),
        "registry_create came from {path:?}"
    );
}

#[ffi_test(c = r#"
    int duplicate_status(void) {
        registry_t *r = registry_create();
        registry_register(r, 1);
        int status = registry_register(r, 1);
        registry_destroy(r);
        return status;
    }
"#)]
fn shared_library__duplicate_registered__then_status_is_duplicate() {
    extern "C" {
        fn duplicate_status() -> c_int;
    }
    // SAFETY: self-contained C body.
    assert_eq!(unsafe { duplicate_status() }, -2);
}

ffi_test::main! {
    headers: ["registry.h"],
    include_dirs: ["csrc"],
    defines: ["_GNU_SOURCE"], // for dladdr's Dl_info, before any system header
    libs: ["registry_shared", "dl"],
    lib_dirs: [env!("REGISTRY_SHARED_DIR")],
}
