//! Two tests with the same name in different modules: the harness must refuse to start.

mod first {
    #[ffi_test::ffi_test]
    fn same__name_twice__then_refused() {}
}

mod second {
    #[ffi_test::ffi_test]
    fn same__name_twice__then_refused() {}
}

ffi_test::main!();
