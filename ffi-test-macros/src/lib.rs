//! Procedural macros of [ffi-test](https://docs.rs/ffi-test). Use them through the `ffi-test`
//! crate, which re-exports them with the runtime they expand to.
//!
//! Each macro parses its input once into a validated model, collecting every error with its
//! span, and emits from that model both the Rust side and the C text. No macro does I/O but
//! `check_surface!`, which reads the one bindings file it is given (and tracks it).

#![forbid(unsafe_code)]

mod bindings;
mod ctypes;
mod differential;
mod facts;
mod fallback;
#[cfg(test)]
mod fuzz;
mod layout;
mod main_macro;
mod registration;
mod roundtrip;
mod surface;
mod syntax;
mod test_attr;

use proc_macro::TokenStream;

/// The `#[ffi_test]` attribute (documented where ffi-test re-exports it).
#[proc_macro_attribute]
pub fn ffi_test(args: TokenStream, item: TokenStream) -> TokenStream {
    test_attr::ffi_test(args.into(), item.into()).into()
}

/// The `#[layout_matches]` attribute (documented where ffi-test re-exports it).
#[proc_macro_attribute]
pub fn layout_matches(args: TokenStream, item: TokenStream) -> TokenStream {
    layout::layout_matches(args.into(), item.into()).into()
}

/// The `#[ffi_roundtrip]` attribute (documented where ffi-test re-exports it).
#[proc_macro_attribute]
pub fn ffi_roundtrip(args: TokenStream, item: TokenStream) -> TokenStream {
    roundtrip::ffi_roundtrip(args.into(), item.into()).into()
}

/// The `#[signatures_match]` attribute (documented where ffi-test re-exports it).
#[proc_macro_attribute]
pub fn signatures_match(args: TokenStream, item: TokenStream) -> TokenStream {
    bindings::signatures::signatures_match(args.into(), item.into()).into()
}

/// The `check_signatures!` macro (documented where ffi-test re-exports it).
#[proc_macro]
pub fn check_signatures(input: TokenStream) -> TokenStream {
    bindings::signatures::check_signatures(input.into()).into()
}

/// The `#[ffi_property]` attribute (documented where ffi-test re-exports it).
#[proc_macro_attribute]
pub fn ffi_property(args: TokenStream, item: TokenStream) -> TokenStream {
    differential::ffi_property(args.into(), item.into()).into()
}

/// The `#[ffi_differential]` attribute (documented where ffi-test re-exports it).
#[proc_macro_attribute]
pub fn ffi_differential(args: TokenStream, item: TokenStream) -> TokenStream {
    differential::ffi_differential(args.into(), item.into()).into()
}

/// The `#[value_matches]` attribute (documented where ffi-test re-exports it).
#[proc_macro_attribute]
pub fn value_matches(args: TokenStream, item: TokenStream) -> TokenStream {
    bindings::value::value_matches(args.into(), item.into()).into()
}

/// The `check_value!` macro (documented where ffi-test re-exports it).
#[proc_macro]
pub fn check_value(input: TokenStream) -> TokenStream {
    bindings::value::check_value(input.into()).into()
}

/// The `check_layout!` macro (documented where ffi-test re-exports it).
#[proc_macro]
pub fn check_layout(input: TokenStream) -> TokenStream {
    layout::external::check_layout(input.into()).into()
}

/// The `check_surface!` macro (documented where ffi-test re-exports it).
#[proc_macro]
pub fn check_surface(input: TokenStream) -> TokenStream {
    surface::check_surface(input.into()).into()
}

/// The `check_ctypes!` macro (documented where ffi-test re-exports it).
#[proc_macro]
pub fn check_ctypes(input: TokenStream) -> TokenStream {
    ctypes::check_ctypes(input.into()).into()
}

/// The `main!` macro (documented where ffi-test re-exports it).
#[proc_macro]
pub fn ffi_test_main(input: TokenStream) -> TokenStream {
    main_macro::main(input.into()).into()
}
