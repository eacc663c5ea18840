//! A copy of `src/cpp_bindings.rs` with eight bugs planted (`tests/cpp_broken/bugs.json`,
//! applied by `scripts/plant_bugs.py`): an `enum class`'s underlying type (`Color` as `u16`)
//! and one of its enumerators, a function's return in a nested namespace (`inner::twice`), a
//! static data member's type (`Shape::count`), a class-scope constant's value
//! (`Point::DIMENSIONS`), a derived class bound without its base (`Circle`), a reference
//! parameter dropped (`add`), and a reference member bound as what it refers to (`View`). Each
//! is expected to fail, beside the two real findings of
//! `tests/cpp_vocabulary.rs`; the suite's tests/cpp.rs asserts the reports.

mod broken {
    #![allow(
        non_camel_case_types,
        non_upper_case_globals,
        non_snake_case,
        dead_code
    )]
    #![allow(clippy::all)]
    include!("cpp_broken/bindings.rs");
}

ffi_test::check_surface!(
    broken,
    file = "tests/cpp_broken/bindings.rs",
    item(root::cvocab::issue, expect = fail),
    item(root::cvocab::redeem, expect = fail),
    item(root::cvocab::Color, expect = fail),
    // Takes and returns `Color`: its underlying type is wrong here too.
    item(root::cvocab::mix, expect = fail),
    item(root::cvocab::inner::twice, expect = fail),
    item(root::cvocab::Shape_count, expect = fail),
    item(root::cvocab::Point_DIMENSIONS, expect = fail),
    item(root::cvocab::Circle, expect = fail),
    item(root::cvocab::add, expect = fail),
    item(root::cvocab::View, expect = fail),
);
// Links the library crate, and with it the C++ library the checks resolve symbols from.
extern crate bindgen_vocabulary as _;
ffi_test::main! { headers: ["cpp_vocabulary.hpp"], include_dirs: ["csrc"] }
