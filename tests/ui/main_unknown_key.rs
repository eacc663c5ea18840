ffi_test::main! { headers: ["a.h"], include_directories: ["csrc"] }
