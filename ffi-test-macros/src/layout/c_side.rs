//! The C half of a layout check: one function writing the C compiler's facts about the type, in
//! the order the Rust half reads them (see `checks::layout` in the runtime).

use std::fmt::Write;

use super::model::{LayoutModel, Shape};

pub const FACTS_SYMBOL: &str = "ffi_test_layout_facts";

/// The C text. `#line` directives carry each field's Rust line, so a compiler error about a
/// member (one C does not have, a bit-field) points at the Rust field.
pub fn text(model: &LayoutModel, attr_line: usize) -> String {
    let t = model.c_type.value();
    let mut c = String::new();
    let _ = writeln!(c, "#pragma GCC diagnostic push");
    let _ = writeln!(c, "#pragma GCC diagnostic ignored \"-Wunused-value\"");
    let _ = writeln!(c, "void {FACTS_SYMBOL}(unsigned long long *out) {{");
    let _ = writeln!(c, "#line {attr_line}");
    let _ = writeln!(
        c,
        "    out[0] = sizeof({t}); out[1] = _Alignof({t}); out[2] = FFI_TEST_KIND(*({t} *)0);"
    );
    let mut at = 3;
    match &model.shape {
        Shape::Struct(fields) | Shape::Union(fields) => {
            for f in fields {
                let x = format!("(({t} *)0)->{}", f.c_name);
                let size = if f.flexible_array {
                    "0".to_string()
                } else {
                    format!("sizeof({x})")
                };
                let _ = writeln!(c, "#line {}", f.line);
                let _ = writeln!(
                    c,
                    "    out[{}] = offsetof({t}, {}); out[{}] = {size}; out[{}] = FFI_TEST_KIND({x}); \
                     out[{}] = FFI_TEST_KIND(FFI_TEST_ELEM({x})); out[{}] = sizeof(FFI_TEST_ELEM({x}));",
                    at,
                    f.c_name,
                    at + 1,
                    at + 2,
                    at + 3,
                    at + 4
                );
                at += 5;
            }
        }
        Shape::Enum(variants) => {
            for v in variants {
                let _ = writeln!(c, "#line {}", v.line);
                let _ = writeln!(
                    c,
                    "    out[{at}] = (unsigned long long)(long long)({});",
                    v.c_name
                );
                at += 1;
            }
        }
        Shape::Newtype(_) => {}
    }
    let _ = writeln!(c, "}}");
    let _ = writeln!(c, "#pragma GCC diagnostic pop");
    c
}
