//! `ffi_test::main! { key: [values], ... }`: the per-binary C configuration and the harness entry.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, Token};

use crate::syntax::errors::Errors;

const KEYS: &[&str] = &[
    "headers",
    "include_dirs",
    "defines",
    "flags",
    "libs",
    "lib_dirs",
    "own_allocator",
];

struct Entry {
    key: Ident,
    values: Punctuated<Expr, Token![,]>,
    /// `key: value` without brackets (`own_allocator: true`).
    single: Option<Expr>,
}

impl Parse for Entry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key: Ident = input.parse()?;
        input.parse::<Token![:]>().map_err(|e| {
            syn::Error::new(
                e.span(),
                format!("expected `:` after `{key}`, as in `{key}: [\"...\"]`"),
            )
        })?;
        if !input.peek(syn::token::Bracket) {
            return Ok(Entry {
                key,
                values: Punctuated::new(),
                single: Some(input.parse()?),
            });
        }
        let content;
        syn::bracketed!(content in input);
        Ok(Entry {
            key,
            values: content.parse_terminated(Expr::parse, Token![,])?,
            single: None,
        })
    }
}

pub fn main(input: TokenStream) -> TokenStream {
    let entries = match syn::parse::Parser::parse2(
        Punctuated::<Entry, Token![,]>::parse_terminated,
        input,
    ) {
        Ok(entries) => entries,
        Err(e) => {
            let msg = format!(
                "malformed ffi_test::main! configuration: {e}; expected e.g. `ffi_test::main! {{ headers: [\"lib.h\"], include_dirs: [\"csrc\"] }}`"
            );
            return with_placeholder_main(syn::Error::new(e.span(), msg).to_compile_error());
        }
    };
    let mut errors = Errors::default();
    let mut seen: Vec<String> = Vec::new();
    let mut fields = Vec::new();
    let mut own_allocator = false;
    for entry in entries {
        let key = entry.key.to_string();
        if !KEYS.contains(&key.as_str()) {
            errors.error(
                &entry.key,
                format!(
                    "unknown ffi_test::main! key `{key}`; expected one of: {}",
                    KEYS.join(", ")
                ),
            );
            continue;
        }
        if seen.contains(&key) {
            errors.error(&entry.key, format!("`{key}` is given twice"));
            continue;
        }
        seen.push(key.clone());
        if key == "own_allocator" {
            match &entry.single {
                Some(Expr::Lit(syn::ExprLit { lit: syn::Lit::Bool(b), .. })) => own_allocator = b.value,
                _ => errors.error(&entry.key, "`own_allocator` is `true` (keep the binary's own #[global_allocator]) or `false`: `own_allocator: true`"),
            }
            continue;
        }
        if let Some(single) = &entry.single {
            errors.error(single, format!("`{key}` takes a list: `{key}: [\"...\"]`"));
            continue;
        }
        for value in &entry.values {
            if let Expr::Lit(lit) = value {
                match &lit.lit {
                    syn::Lit::Str(s) if key == "headers" => {
                        if let Some(why) = ffi_test_protocol::c_name::header_problem(&s.value()) {
                            errors.error(s, format!("this header cannot be included: {why}"));
                        }
                    }
                    syn::Lit::Str(_) => {}
                    _ => errors.error(
                        value,
                        "expected a string, e.g. \"csrc\" (or an expression of type &'static str)",
                    ),
                }
            }
        }
        let key = &entry.key;
        let values = entry.values.iter();
        fields.push(quote!(#key: &[#(#values),*],));
    }
    if !errors.is_empty() {
        return with_placeholder_main(errors.into_compile_errors());
    }
    // Rust's allocations marked as Rust's, so a fault sweep never counts or fails them.
    let allocator = if own_allocator {
        TokenStream::new()
    } else {
        quote! {
            #[global_allocator]
            static __FFI_TEST_ALLOCATOR: ::ffi_test::RustAllocator = ::ffi_test::RustAllocator;
        }
    };
    // What run-free verification needs to compile C as the tests do (see `crate::facts`).
    let config_record = {
        use crate::facts::{list, text_expr};
        crate::facts::emit(&[crate::facts::record(
            &[],
            ffi_test_protocol::facts::records::Config::<crate::facts::Tokens> {
                manifest_dir: text_expr(quote!(__FFI_TEST_CONFIG.manifest_dir)),
                headers: list(quote!(__FFI_TEST_CONFIG.headers)),
                include_dirs: list(quote!(__FFI_TEST_CONFIG.include_dirs)),
                defines: list(quote!(__FFI_TEST_CONFIG.defines)),
                flags: list(quote!(__FFI_TEST_CONFIG.flags)),
            },
        )])
    };
    quote! {
        // A test target left on libtest's harness (cargo's default) is compiled with `--test`:
        // libtest would ignore this `main`, run zero tests and report success. Only under
        // `--test` does rustc keep a `#[test]` fn (and so expand its body), which makes this a
        // compile error there and nothing at all under `harness = false`.
        #[test]
        fn __ffi_test_main_needs_harness_false() {
            ::core::compile_error!(
                "ffi_test::main! needs its test target to use ffi-test's harness, not libtest's: add \
                 `harness = false` to the target in Cargo.toml:\n\n[[test]]\nname = \"<this file's name>\"\n\
                 harness = false\n\nwithout it, libtest runs zero tests here and reports success"
            );
        }

        const __FFI_TEST_CONFIG: ::ffi_test::Config = ::ffi_test::Config {
            manifest_dir: ::core::env!("CARGO_MANIFEST_DIR"),
            #(#fields)*
            ..::ffi_test::Config::EMPTY
        };

        #config_record

        #allocator

        fn main() -> ::std::process::ExitCode {
            ::ffi_test::run(__FFI_TEST_CONFIG)
        }
    }
}

/// Errors plus an empty `main`, so the only errors the user sees are the configuration's own
/// (not a follow-up "`main` function not found").
fn with_placeholder_main(errors: TokenStream) -> TokenStream {
    quote!(#errors fn main() {})
}
