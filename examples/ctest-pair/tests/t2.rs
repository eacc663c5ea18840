//! ctest's broken half: every item of src/t2.rs has a mistake, each expected to fail (run
//! with `--ignore-expectations` to see the reports).

ffi_test::check_surface!(
    ctest_pair::t2,
    file = "src/t2.rs",
    item(T2Foo, expect = fail),
    item(T2Bar, expect = fail),
    item(T2TypedefFoo, expect = fail),
    item(T2TypedefInt, expect = fail),
    item(T2Baz, expect = fail),
    item(T2Union, expect = fail),
    item(T2C, expect = fail),
    item(T2S, expect = fail),
    item(T2a, expect = fail),
    item(enum_repr_too_small, expect = fail),
    item(enum_wrong_signedness, expect = fail),
);
ffi_test::main! { headers: ["t2.h"], include_dirs: ["csrc"] }
