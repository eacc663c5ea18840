ffi_test::main! { own_allocator: "yes", headers: true }
