//! A copy of `src/bindings.rs` with ten bugs planted (`tests/planted/bugs.json`, applied by
//! `scripts/plant_bugs.py`, which also takes out bindgen's own layout assertions, as in
//! bindings generated with `--no-layout-tests` or kept by hand): a method's parameter type
//! (`XMLUtil::ToStr(double, ..)` bound with `f32`), a method's parameter dropped
//! (`StrPair::SetStr`'s `flags`), a class field's width (`XMLAttribute::_parseLineNum` as
//! `i64`, where nothing moves), an enum's underlying type (`StrPair::Mode` as `u8`; tinyxml2
//! has no `enum class`, so a plain enum's), a wrong mangled name (`XMLNode::InsertEndChild` with a `const` parameter no overload
//! has), a class-scope constant's value (`XMLAttribute::BUF_SIZE`), a template blob's size
//! (`XMLDocument::_unlinked`, a `DynArray<XMLNode *, 10>`), a constructor's parameter
//! (`XMLDocument(bool, Whitespace)` with an `int`), a static member's type
//! (`XMLUtil::writeBoolTrue`) and a base class (`XMLText` on `StrPair`). Each is expected to fail,
//! so the suite passes while proving they are caught; run with `--ignore-expectations` to see
//! the reports (the suite's tests/cpp_surface.rs asserts them).

mod planted {
    #![allow(
        non_camel_case_types,
        non_upper_case_globals,
        non_snake_case,
        dead_code
    )]
    #![allow(clippy::all)]
    include!("planted/bindings.rs");
}

ffi_test::check_surface!(
    planted,
    file = "tests/planted/bindings.rs",
    item(root::tinyxml2::XMLUtil_ToStr4, expect = fail),
    item(root::tinyxml2::StrPair_SetStr, expect = fail),
    item(root::tinyxml2::XMLAttribute, expect = fail),
    item(root::tinyxml2::StrPair_Mode, expect = fail),
    item(root::tinyxml2::XMLNode_InsertEndChild, expect = fail),
    item(root::tinyxml2::XMLAttribute_BUF_SIZE, expect = fail),
    item(root::tinyxml2::XMLDocument, expect = fail),
    item(root::tinyxml2::XMLDocument_XMLDocument, expect = fail),
    item(root::tinyxml2::XMLUtil_writeBoolTrue, expect = fail),
    item(root::tinyxml2::XMLText, expect = fail),
);
ffi_test::main! { headers: ["wrapper.hpp"], include_dirs: ["csrc"], libs: ["tinyxml2"] }
