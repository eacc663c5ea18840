//! The whole of bindgen's output for libyaml's header, checked against the C compiler from one
//! line: no `skip`, no `expect`, and every declaration of the header bound (`unbound = "deny"`).

ffi_test::check_surface!(
    libyaml_sys_example,
    file = "src/bindings.rs",
    headers = ["yaml.h"],
    unbound = "deny",
);
ffi_test::main! { headers: ["wrapper.h"], include_dirs: ["csrc"], libs: ["yaml"] }
