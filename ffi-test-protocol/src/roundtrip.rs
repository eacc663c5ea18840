//! Round-trip batteries: the call shapes, the names of their generated C functions, the values
//! that travel beside the value under test, and the C text of a battery.

use std::fmt::Write;

/// One way a value crosses a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapeInfo {
    /// The runtime's `Shape` variant.
    pub variant: &'static str,
    /// The middle part of the generated tests' names.
    pub scenario: &'static str,
}

/// Every shape, in the order the runtime's `Shape::ALL` lists them.
pub const SHAPES: [ShapeInfo; 10] = [
    shape("ByValue", "passed_by_value_to_c"),
    shape("ByPointer", "passed_by_pointer_to_c"),
    shape("Returned", "returned_by_value_from_c"),
    shape("Echoed", "passed_and_returned_by_value"),
    shape("AfterArgs", "passed_after_1_to_16_other_args"),
    shape("CopiesByValue", "inside_struct_of_1_to_16_copies_by_value"),
    shape(
        "CopiesByPointer",
        "inside_struct_of_1_to_16_copies_by_pointer",
    ),
    shape("Mixed", "mixed_with_u8_and_f32_args"),
    shape("ToRustCallback", "passed_by_c_to_rust_callback"),
    shape("FromRustCallback", "returned_by_rust_callback_to_c"),
];

const fn shape(variant: &'static str, scenario: &'static str) -> ShapeInfo {
    ShapeInfo { variant, scenario }
}

/// Most other arguments placed before the value (`AfterArgs`), and most copies of it in a
/// struct (`Copies*`).
pub const MAX_N: usize = 16;

/// Filler `k` (1-based) of `AfterArgs`: odd positions are `long long`/`i64` with this value...
pub const fn int_filler(k: i64) -> i64 {
    k * 0x0101_0101
}

/// ...and even positions `double`/`f64` with this one.
pub const fn float_filler(k: i64) -> f64 {
    k as f64 + 0.5
}

/// The `unsigned char`/`u8` argument of the `Mixed` shapes.
pub const MIX_BYTE: u8 = 0xA5;
/// The `float`/`f32` argument of the `Mixed` shapes (exact in binary, so `==` is safe in C).
pub const MIX_FLOAT: f32 = 1.25;

/// The four argument orders of the `Mixed` shapes: symbol suffix and C parameter list.
pub const MIX_ORDERS: [(&str, &str); 4] = [
    ("a", "unsigned char a, ffi_rt_t v, float b"),
    ("b", "float b, ffi_rt_t v, unsigned char a"),
    ("c", "ffi_rt_t v, unsigned char a, float b"),
    ("d", "unsigned char a, float b, ffi_rt_t v"),
];

/// Names of the generated C functions.
pub mod symbol {
    /// `void f(T v, unsigned char *out)`.
    pub const BY_VALUE: &str = "ffi_rt_by_value";
    /// `void f(const T *v, unsigned char *out)`.
    pub const BY_POINTER: &str = "ffi_rt_by_pointer";
    /// `T f(const unsigned char *in)`.
    pub const RETURNED: &str = "ffi_rt_returned";
    /// `T f(T v)`.
    pub const ECHO: &str = "ffi_rt_echo";
    /// `void f(void (*cb)(T, void *), const unsigned char *in, void *ctx)`.
    pub const CALL_RUST: &str = "ffi_rt_call_rust";
    /// `void f(T (*cb)(void *), void *ctx, unsigned char *out)`.
    pub const RUST_RETURNS: &str = "ffi_rt_rust_returns";

    /// `int f(fillers..., T v, unsigned char *out)` with `n` fillers.
    pub fn after(n: usize) -> String {
        format!("ffi_rt_after_{n}")
    }

    /// `void f(struct { T v[n]; } s, unsigned char *out)`.
    pub fn copies_value(n: usize) -> String {
        format!("ffi_rt_copies_value_{n}")
    }

    /// `void f(const struct { T v[n]; } *s, unsigned char *out)`.
    pub fn copies_pointer(n: usize) -> String {
        format!("ffi_rt_copies_pointer_{n}")
    }

    /// `int f(..., unsigned char *out)` with the `Mixed` order named `order`.
    pub fn mix(order: &str) -> String {
        format!("ffi_rt_mix_{order}")
    }
}

/// Every function a battery defines (each is renamed per type by the toolchain; the copies'
/// struct tags reuse the function names, so they are renamed too).
pub fn symbols() -> Vec<String> {
    let mut out: Vec<String> = [
        symbol::BY_VALUE,
        symbol::BY_POINTER,
        symbol::RETURNED,
        symbol::ECHO,
    ]
    .map(String::from)
    .to_vec();
    out.extend((1..=MAX_N).map(symbol::after));
    out.extend((1..=MAX_N).map(symbol::copies_value));
    out.extend((1..=MAX_N).map(symbol::copies_pointer));
    out.extend(MIX_ORDERS.iter().map(|(order, _)| symbol::mix(order)));
    out.push(symbol::CALL_RUST.into());
    out.push(symbol::RUST_RETURNS.into());
    out
}

/// The C text of the battery for `c_type` (its functions with C linkage in a C++ unit too:
/// `FFI_TEST_C_LINKAGE`).
pub fn c_text(c_type: &str) -> String {
    let mut c = String::new();
    let w = &mut c;
    let _ = writeln!(w, "#include <string.h>");
    let _ = writeln!(w, "#define ffi_rt_t {c_type}");
    let _ = writeln!(
        w,
        "FFI_TEST_C_LINKAGE void {}(ffi_rt_t v, unsigned char *out) {{ memcpy(out, &v, sizeof v); }}",
        symbol::BY_VALUE
    );
    let _ = writeln!(
        w,
        "FFI_TEST_C_LINKAGE void {}(const ffi_rt_t *v, unsigned char *out) {{ memcpy(out, v, sizeof *v); }}",
        symbol::BY_POINTER
    );
    let _ = writeln!(w, "FFI_TEST_C_LINKAGE ffi_rt_t {}(const unsigned char *in) {{ ffi_rt_t v; memcpy(&v, in, sizeof v); return v; }}", symbol::RETURNED);
    let _ = writeln!(
        w,
        "FFI_TEST_C_LINKAGE ffi_rt_t {}(ffi_rt_t v) {{ return v; }}",
        symbol::ECHO
    );
    for n in 1..=MAX_N {
        let (mut params, mut checks) = (Vec::new(), Vec::new());
        for k in 1..=n as i64 {
            if k % 2 == 1 {
                params.push(format!("long long f{k}"));
                checks.push(format!("f{k} == {}LL", int_filler(k)));
            } else {
                params.push(format!("double f{k}"));
                checks.push(format!("f{k} == {:?}", float_filler(k)));
            }
        }
        let _ = writeln!(
            w,
            "FFI_TEST_C_LINKAGE int {}({}, ffi_rt_t v, unsigned char *out) {{ memcpy(out, &v, sizeof v); return {}; }}",
            symbol::after(n),
            params.join(", "),
            checks.join(" && ")
        );
    }
    for n in 1..=MAX_N {
        let (value, pointer) = (symbol::copies_value(n), symbol::copies_pointer(n));
        let _ = writeln!(w, "struct {value} {{ ffi_rt_t v[{n}]; }};");
        let _ = writeln!(
            w,
            "FFI_TEST_C_LINKAGE void {value}(struct {value} s, unsigned char *out) {{ memcpy(out, &s, sizeof s); }}"
        );
        let _ = writeln!(w, "FFI_TEST_C_LINKAGE void {pointer}(const struct {value} *s, unsigned char *out) {{ memcpy(out, s, sizeof *s); }}");
    }
    for (order, params) in MIX_ORDERS {
        let _ = writeln!(
            w,
            "FFI_TEST_C_LINKAGE int {}({params}, unsigned char *out) {{ memcpy(out, &v, sizeof v); return a == {MIX_BYTE} && b == {MIX_FLOAT:?}f; }}",
            symbol::mix(order)
        );
    }
    let _ = writeln!(w, "FFI_TEST_C_LINKAGE void {}(void (*cb)(ffi_rt_t, void *), const unsigned char *in, void *ctx) {{ ffi_rt_t v; memcpy(&v, in, sizeof v); cb(v, ctx); }}", symbol::CALL_RUST);
    let _ = writeln!(w, "FFI_TEST_C_LINKAGE void {}(ffi_rt_t (*cb)(void *), void *ctx, unsigned char *out) {{ ffi_rt_t v = cb(ctx); memcpy(out, &v, sizeof v); }}", symbol::RUST_RETURNS);
    let _ = writeln!(w, "#undef ffi_rt_t");
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_is_defined_once_by_the_battery() {
        let text = c_text("struct t");
        let symbols = symbols();
        assert_eq!(symbols.len(), 4 + 3 * MAX_N + 4 + 2);
        for s in &symbols {
            assert!(text.contains(&format!(" {s}(")), "{s} not defined");
        }
        assert!(text.contains("f2 == 2.5") && text.contains("a == 165 && b == 1.25f"));
    }
}
