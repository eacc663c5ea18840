//! The C side of a layout check: the facts function's text, rendered from the same Rust
//! description the comparison reads (see `layout.rs`).

use std::fmt::Write;

use super::kind::Kind;
use super::layout::{RustField, RustLayout, FACTS_SYMBOL, HEADER, PER_FIELD};
use crate::registry::Language;

/// The C function that writes the C compiler's facts about `rust`'s C type, in the order
/// the comparison reads them: rendered here, from the same description the Rust side fills, so the
/// two cannot disagree about which fields there are (fields under `#[cfg]` included or not).
/// Types only: nothing is evaluated but enumerators. `line` is the attribute's Rust line; each
/// field's own line is set before its member is named, so a compiler error about a member C
/// does not have points at the Rust field.
pub fn c_text(rust: &RustLayout, line: u32) -> String {
    // The C asks for an element's facts where Rust has an element: kinds found at run time
    // included.
    let rust = &*rust.at_run_time();
    let t = rust.c_spelling;
    let mut c = String::new();
    let _ = writeln!(c, "#pragma GCC diagnostic push");
    let _ = writeln!(c, "#pragma GCC diagnostic ignored \"-Wunused-value\"");
    let _ = writeln!(c, "#pragma GCC diagnostic ignored \"-Woverflow\"");
    if rust.all_members {
        c.push_str(&ffi_test_protocol::members::c_probe(FACTS_SYMBOL, t));
    }
    // C linkage in a C++ unit too: the runtime finds the function by its C name. It starts on
    // the attribute's line, as its first statement does: a function that starts on a later
    // line than it ends is an error under --coverage (gcov), and what comes before it may be
    // any number of lines (the member names' guards).
    let _ = writeln!(c, "#line {line}");
    let _ = writeln!(
        c,
        "FFI_TEST_C_LINKAGE void {FACTS_SYMBOL}(unsigned long long *out) {{ \
         out[0] = sizeof({t}); out[1] = _Alignof({t}); out[2] = FFI_TEST_KIND(*({t} *)0);"
    );
    let _ = writeln!(c, "    unsigned long long *o = out + {HEADER};");
    for f in rust.fields.iter() {
        // The member's type and its element's, named once: the kind macros then expand over a
        // short type name instead of the member expression (a whole surface has thousands).
        let (typedefs, values) = field_facts(rust, f, ("ffi_f", "ffi_e"), false);
        line_directive(&mut c, f.line);
        let stores: String = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!(" o[{i}] = {v};"))
            .collect();
        let _ = writeln!(c, "    {{ {typedefs}{stores} o += {PER_FIELD}; }}");
    }
    for v in rust.variants.iter() {
        line_directive(&mut c, v.line);
        let _ = writeln!(
            c,
            "    *o++ = (unsigned long long)(long long)({});",
            v.c_name
        );
    }
    for b in rust.bitfields.iter() {
        line_directive(&mut c, b.line);
        let _ = writeln!(c, "{}", super::bitfield::c_facts(t, b.c_name));
    }
    let _ = writeln!(c, "    (void)o;");
    let _ = writeln!(c, "}}");
    let _ = writeln!(c, "#pragma GCC diagnostic pop");
    let c = with_member_names(rust, &c);
    match Language::of_name(rust.c_type) {
        // A type a C++ binding names that C++ cannot (a class template's member).
        Language::Cpp => ffi_test_protocol::surface::unless_unresolved(t, &c, &[FACTS_SYMBOL]),
        Language::C => c,
    }
}

/// A field's typedefs (its type as `f`, its element's as `e` where Rust has an element) and its
/// [`PER_FIELD`] facts as C constant expressions over them.
/// Where `constant`, every value is a constant expression (the initialized data of run-free
/// verification): a base class's offset, which C++ computes only by converting a pointer, is
/// then 0, and compared only by running.
fn field_facts(
    rust: &RustLayout,
    f: &RustField,
    (ty, elem): (&str, &str),
    constant: bool,
) -> (String, [String; PER_FIELD]) {
    let t = rust.c_spelling;
    let cpp = Language::of_name(rust.c_type) == Language::Cpp;
    if cpp && f.c_name == VTABLE_FIELD {
        return vtable_facts(t, ty);
    }
    if let Some(base) = ffi_test_protocol::members::base_of_member(f.c_name).filter(|_| cpp) {
        return base_facts(t, base, ty, constant);
    }
    // A C++ reference member is stored as the pointer it is bound as (C has none); its declared
    // type is `decltype`'s of the member access (`__typeof__` drops the reference).
    let mut typedefs = match cpp {
        true => format!(
            "typedef ffi_test_stored<decltype((({t} *)0)->{})> {ty};",
            f.c_name
        ),
        false => format!("typedef __typeof__((({t} *)0)->{}) {ty};", f.c_name),
    };
    // A flexible array member (`[T; 0]` in Rust) has no size in C.
    let size = if f.kind == Kind::Array && f.size == 0 {
        "0".to_string()
    } else {
        format!("sizeof({ty})")
    };
    // The element is compared only where Rust has one (an array): C's is not read otherwise.
    let (elem_kind, elem_size) = if f.element.is_some() {
        let _ = write!(
            typedefs,
            " typedef __typeof__(FFI_TEST_ELEM(*({ty} *)0)) {elem};"
        );
        (
            format!("FFI_TEST_KIND(*({elem} *)0)"),
            format!("sizeof({elem})"),
        )
    } else {
        ("0".to_string(), "0".to_string())
    };
    let values = [
        format!("offsetof({t}, {})", f.c_name),
        size,
        format!("FFI_TEST_KIND(*({ty} *)0)"),
        elem_kind,
        elem_size,
    ];
    (typedefs, values)
}

/// The C facts of `rust` as the initialized array `symbol` (run-free verification reads it
/// from an object compiled for the target, instead of calling the facts function), in the
/// order [`compare`](super::layout::compare) reads them, and for a layout whose every C member
/// should have its Rust field, the member probe that variable `{symbol}_members` names.
/// Bit-fields are found by running code, so `rust` must have none.
pub fn c_static_text(rust: &RustLayout, line: u32, symbol: &str) -> String {
    let t = rust.c_spelling;
    let mut c = String::new();
    if rust.all_members {
        // C's member list, read from the object's debug information (`member_table`).
        c.push_str(&ffi_test_protocol::members::c_probe(symbol, t));
    }
    let mut values = vec![
        format!("sizeof({t})"),
        format!("_Alignof({t})"),
        format!("FFI_TEST_KIND(*({t} *)0)"),
    ];
    let _ = writeln!(c, "#line {line}");
    for (i, f) in rust.fields.iter().enumerate() {
        line_directive(&mut c, f.line);
        let names = (format!("{symbol}_f{i}"), format!("{symbol}_e{i}"));
        let (typedefs, facts) = field_facts(rust, f, (&names.0, &names.1), true);
        let _ = writeln!(c, "{typedefs}");
        values.extend(facts);
    }
    for v in rust.variants.iter() {
        values.push(format!("(unsigned long long)(long long)({})", v.c_name));
    }
    // The array names every member again: its errors point at the check's line too.
    let _ = writeln!(c, "#line {line}");
    let _ = writeln!(
        c,
        // Data with C linkage in C++ too (a namespace-scope `const` is internal there).
        "FFI_TEST_C_LINKAGE const unsigned long long {symbol}[{}] = {{ {} }};",
        values.len(),
        values.join(", ")
    );
    with_member_names(rust, &c)
}

/// `c` with the names of `rust`'s members kept from macros that would break them (see
/// `ffi_test_protocol::members::with_member_names`).
fn with_member_names(rust: &RustLayout, c: &str) -> String {
    let fields = rust.fields.iter().map(|f| f.c_name);
    let bitfields = rust.bitfields.iter().map(|b| b.c_name);
    ffi_test_protocol::members::with_member_names(fields.chain(bitfields), c)
}

/// bindgen's name for the pointer to a C++ class's virtual table, which C++ does not name.
pub const VTABLE_FIELD: &str = "vtable_";

/// The facts of the virtual table's pointer of a C++ class, which C++ does not name as a member:
/// a pointer at offset 0 of a polymorphic class (offset "all ones" otherwise, so the table
/// shows a class without one). (In a C type, `vtable_` is an ordinary member.)
fn vtable_facts(t: &str, ty: &str) -> (String, [String; PER_FIELD]) {
    let offset = format!("(std::is_polymorphic_v<{t}> ? 0ULL : ~0ULL)");
    unnamed_member_facts(format!("typedef void *{ty};"), offset, ty)
}

/// The facts of a part of a C++ object that is no named member, typed `ty` by `typedefs`, at
/// `offset`: its size and kind, no element.
fn unnamed_member_facts(
    typedefs: String,
    offset: String,
    ty: &str,
) -> (String, [String; PER_FIELD]) {
    let values = [
        offset,
        format!("sizeof({ty})"),
        format!("FFI_TEST_KIND(*({ty} *)0)"),
        "0".into(),
        "0".into(),
    ];
    (typedefs, values)
}

/// The facts of a base class's subobject (bindgen's `_base`), which C++ does not name as a
/// member: where the base starts in the derived class (all ones where it is no base of it, so
/// the table says C has none), and the base's size and kind.
fn base_facts(t: &str, base: &str, ty: &str, constant: bool) -> (String, [String; PER_FIELD]) {
    let spelled = ffi_test_protocol::surface::type_macro(base);
    let offset = match constant {
        true => "0".to_string(),
        false => format!("ffi_test_base_offset<{ty}, {t}>()"),
    };
    unnamed_member_facts(format!("typedef {spelled} {ty};"), offset, ty)
}

/// `#line N`, so C diagnostics point at the Rust line of a member; none for members read from a
/// file rather than written at a line of the test (line 0), which keep the check's own line.
fn line_directive(c: &mut String, line: u32) {
    if line > 0 {
        let _ = writeln!(c, "#line {line}");
    }
}
