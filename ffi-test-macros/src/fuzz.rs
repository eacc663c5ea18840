//! Every macro entry point fed token streams made of the pieces its input is made of, mutated
//! and recombined: none may panic (a panic is an unspanned "custom attribute panicked" for the
//! user). Deterministic: a fixed-seed generator, so a failure names its case number.

use proc_macro2::TokenStream;

/// Pieces of valid and invalid inputs: attribute arguments, items, fields, types, literals.
const PIECES: &[&str] = &[
    "\"struct point\"",
    "\"\"",
    "\"x\\n#error\"",
    "size = 8",
    "align = 0",
    "prefix = \"A_\"",
    "case = \"snake_case\"",
    "expect = fail",
    "expect = crash(\"SIGSEGV\")",
    "expect = [busted(unix)]",
    "echo = sys::f",
    "copy(sys::g, expect = fail)",
    "c = r#\"int f(void) { return 1; }\"#",
    "headers = [\"a.h\"]",
    "timeout = \"5s\"",
    "ignore",
    "should_panic",
    "legacy_name",
    ",",
    "=",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "#[repr(C)]",
    "#[repr(u8)]",
    "#[layout(rename = \"y\")]",
    "#[cfg(unix)]",
    "#[cfg_attr(unix, layout(rename = \"z\"))]",
    "#[cfg_attr(unix)]",
    "pub struct P { pub x: i32, pub y: f64 }",
    "pub struct T(u8);",
    "pub union U { a: u32 }",
    "pub enum E { A = 1, B }",
    "enum D { X(u8) }",
    "fn a__b__then_c() {}",
    "fn bad() -> i32 { 1 }",
    "async fn x() {}",
    "extern \"C\" { fn f(a: i32, ...) -> i32; fn g(...); static S: u8; }",
    "extern { fn h(); }",
    "const C: i32 = 1;",
    "const S: &str = \"s\";",
    "sys::T",
    "\"C\"",
    "fields(a, b = \"c\")",
    "union_fields(a)",
    "variants(A, B = \"X\")",
    "headers: [\"a.h\"]",
    "include_dirs: [1]",
    "flags: []",
    "unknown: [\"x\"]",
    "r#type",
    "r#match__a__then_b",
    "-> !",
    "-> ()",
    "[u8; 0]",
    "*const i8",
    "Option<extern \"C\" fn()>",
    "impl Trait",
    "(i32, i32)",
    "'a",
    "<T>",
    "where T: Copy",
    "0",
    "18446744073709551616",
    "1.5",
    "b'x'",
    "c\"cstr\"",
    ";",
    "::",
    "..",
    "...",
    "#",
    "!",
    "@",
];

/// xorshift64*, enough for picking pieces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A token stream of 0 to 11 pieces, sometimes wrapped in a group; `None` if the pieces do not
/// even lex (unbalanced delimiters), which rustc would reject before any macro runs.
fn stream(rng: &mut Rng) -> Option<TokenStream> {
    let count = rng.below(12);
    let mut text = String::new();
    for _ in 0..count {
        text.push_str(PIECES[rng.below(PIECES.len())]);
        text.push(' ');
    }
    if rng.below(4) == 0 {
        text = format!("({text})");
    }
    text.parse().ok()
}

const ARGS: &[&str] = &[
    "\"struct point\"",
    "size = 16",
    "align = 8",
    "prefix = \"P_\"",
    "case = \"verbatim\"",
    "expect = fail",
    "echo = sys::e",
    "copy = sys::c",
    "c = r#\"int f(void);\"#",
    "ignore = \"r\"",
    "timeout = \"1s\"",
    "headers = [\"h.h\"]",
    "should_panic(expected = \"x\")",
    "\"REG_MAX\"",
];
const TYPES: &[&str] = &[
    "i32",
    "f64",
    "bool",
    "*mut u8",
    "[u16; 4]",
    "[u8; 0]",
    "Option<extern \"C\" fn(i32)>",
    "Inner",
    "String",
    "&str",
    "(u8, u8)",
    "__BindgenBitfieldUnit<[u8; 1]>",
    "core::ffi::c_long",
    "!",
];
const FIELD_ATTRS: &[&str] = &[
    "",
    "#[layout(rename = \"c\")]",
    "#[layout(rename = \"a.b[2]\")]",
    "#[layout(rename = 3)]",
    "#[layout(other)]",
    "#[cfg(unix)]",
    "#[cfg_attr(unix, layout(rename = \"u\"))]",
    "#[cfg_attr(unix, allow(dead_code), layout(rename = \"v\"))]",
    "#[cfg_attr()]",
    "#[doc = \"d\"]",
];

/// An input shaped like a real one: valid arguments, and an item whose parts vary.
fn structured(rng: &mut Rng) -> (TokenStream, TokenStream) {
    let args: Vec<&str> = (0..rng.below(4))
        .map(|_| ARGS[rng.below(ARGS.len())])
        .collect();
    let mut fields = String::new();
    for i in 0..rng.below(4) {
        let attr = FIELD_ATTRS[rng.below(FIELD_ATTRS.len())];
        let ty = TYPES[rng.below(TYPES.len())];
        fields.push_str(&format!("{attr} pub f{i}: {ty}, "));
    }
    let ty = TYPES[rng.below(TYPES.len())];
    let item = match rng.below(6) {
        0 => format!("#[repr(C)] pub struct S {{ {fields} }}"),
        1 => format!("#[repr(C)] pub union U {{ {fields} }}"),
        2 => "#[repr(i32)] pub enum E { #[layout(rename = \"X\")] A = 1, #[cfg(unix)] B }".to_string(),
        3 => format!("extern \"C\" {{ fn f(a: {ty}, ...) -> {ty}; #[link_name = \"g\"] fn g(); static S: {ty}; }}"),
        4 => format!("fn subject__scenario__then_ok() {{ extern \"C\" {{ fn f(x: {ty}, ...) -> i32; fn g(...); }} }}"),
        _ => format!("const C: {ty} = 0;"),
    };
    let parse = |text: &str| text.parse().unwrap_or_default();
    (parse(&args.join(", ")), parse(&item))
}

#[test]
fn no_macro_panics_on_any_input() {
    type Attr = fn(TokenStream, TokenStream) -> TokenStream;
    type Bang = fn(TokenStream) -> TokenStream;
    let attrs: [(&str, Attr); 7] = [
        ("ffi_test", crate::test_attr::ffi_test),
        ("layout_matches", crate::layout::layout_matches),
        ("ffi_roundtrip", crate::roundtrip::ffi_roundtrip),
        (
            "signatures_match",
            crate::bindings::signatures::signatures_match,
        ),
        ("value_matches", crate::bindings::value::value_matches),
        ("ffi_differential", crate::differential::ffi_differential),
        ("ffi_property", crate::differential::ffi_property),
    ];
    let bangs: [(&str, Bang); 4] = [
        (
            "check_signatures",
            crate::bindings::signatures::check_signatures,
        ),
        ("check_value", crate::bindings::value::check_value),
        ("check_layout", crate::layout::external::check_layout),
        ("main", crate::main_macro::main),
    ];
    let mut rng = Rng(0x5eed_f00d_cafe_d00d);
    for case in 0..3000 {
        let (args, item) = if case % 2 == 0 {
            structured(&mut rng)
        } else {
            let (Some(args), Some(item)) = (stream(&mut rng), stream(&mut rng)) else {
                continue;
            };
            (args, item)
        };
        for (name, f) in attrs {
            let (a, i) = (args.clone(), item.clone());
            let result = std::panic::catch_unwind(move || f(a, i));
            assert!(
                result.is_ok(),
                "case {case}: #[{name}({args})] on `{item}` panicked"
            );
        }
        for (name, f) in bangs {
            let input = args.clone();
            let result = std::panic::catch_unwind(move || f(input));
            assert!(result.is_ok(), "case {case}: {name}!({args}) panicked");
        }
    }
}
