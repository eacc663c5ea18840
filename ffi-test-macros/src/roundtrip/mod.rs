//! `#[ffi_roundtrip("c type", echo = path, copy = path)]`: the layout model of the item (shared
//! with `#[layout_matches]`) → the `FfiValue` impl, one test per call shape, the battery's C text,
//! and one test per user function to round-trip through.

mod rust_side;

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::{Expr, Meta, Token};

use crate::layout::args::{LayoutArgs, Raw};
use crate::layout::model::LayoutModel;
use crate::syntax::errors::Errors;

/// A user's C function to round-trip through, with its contract.
pub struct Through {
    pub path: syn::Path,
    pub copy: bool,
    /// `echo(path, expect = fail)`: this function's own expectation.
    pub expect: Option<TokenStream>,
}

/// `path` or `path, expect = ...` inside `echo(...)` / `copy(...)`.
struct ThroughArgs {
    path: syn::Path,
    expect: Option<Expr>,
}

impl Parse for ThroughArgs {
    fn parse(input: ParseStream) -> syn::Result<ThroughArgs> {
        let path = input.parse()?;
        let mut expect = None;
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            let key: syn::Ident = input.parse()?;
            if key != "expect" {
                return Err(syn::Error::new(
                    key.span(),
                    "only `expect = ...` can follow the function",
                ));
            }
            input.parse::<Token![=]>()?;
            expect = Some(input.parse()?);
        }
        Ok(ThroughArgs { path, expect })
    }
}

const KNOWN: &str =
    "`echo = path::to_fn`, `copy = path::to_fn` (or `echo(path, expect = fail)`), `expect`, `shape_expect(passed_after_1_to_16_other_args = busted(..))`";

pub fn ffi_roundtrip(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let parsed = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(parsed) => parsed,
        Err(e) => return with_item(e.to_compile_error(), item),
    };
    let raw: Raw = match syn::parse2(args) {
        Ok(raw) => raw,
        Err(e) => {
            let msg = format!("malformed #[ffi_roundtrip] arguments: {e}; expected e.g. `#[ffi_roundtrip(\"struct point\", echo = sys::point_echo)]`");
            return with_item(syn::Error::new(e.span(), msg).to_compile_error(), item);
        }
    };
    let mut layout_args = LayoutArgs {
        c_type: raw.c_type,
        ..LayoutArgs::default()
    };
    let mut through = Vec::new();
    let mut shapes = Vec::new();
    for meta in raw.rest {
        let key = meta
            .path()
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        if let (Meta::List(list), "shape_expect") = (&meta, key.as_str()) {
            shape_expects(list, &mut shapes, &mut errors);
            continue;
        }
        if let (Meta::List(list), "echo" | "copy") = (&meta, key.as_str()) {
            match list.parse_args::<ThroughArgs>() {
                Ok(args) => through.push(Through {
                    path: args.path,
                    copy: key == "copy",
                    expect: args
                        .expect
                        .and_then(|e| crate::syntax::expect::parse(&e, &mut errors)),
                }),
                Err(e) => errors.push(e),
            }
            continue;
        }
        let Meta::NameValue(nv) = &meta else {
            errors.error(&meta, format!("expected `key = value`, one of {KNOWN}"));
            continue;
        };
        match (key.as_str(), &nv.value) {
            ("echo" | "copy", Expr::Path(p)) => through.push(Through {
                path: p.path.clone(),
                copy: key == "copy",
                expect: None,
            }),
            ("echo" | "copy", other) => errors.error(
                other,
                format!("`{key}` names a declared C function: `{key} = sys::point_{key}`"),
            ),
            ("expect", value) => {
                layout_args.expect = crate::syntax::expect::parse(value, &mut errors)
            }
            _ => errors.error(
                meta.path(),
                format!("unknown #[ffi_roundtrip] argument `{key}`; expected one of {KNOWN}"),
            ),
        }
    }
    let model = LayoutModel::new(parsed, layout_args, &mut errors);
    match model {
        Some(model) if errors.is_empty() => rust_side::expand(&model, &through, &shapes),
        _ => with_item(errors.into_compile_errors(), item),
    }
}

/// `shape_expect(passed_after_1_to_16_other_args = busted(c_compiler = "clang < 18"))`: one
/// call shape's own expectation, by its scenario name (a target's or a compiler's ABI bug
/// is often one shape's).
fn shape_expects(list: &syn::MetaList, out: &mut Vec<(String, TokenStream)>, errors: &mut Errors) {
    let parsed = list.parse_args_with(
        syn::punctuated::Punctuated::<syn::MetaNameValue, Token![,]>::parse_terminated,
    );
    let items = match parsed {
        Ok(items) => items,
        Err(e) => {
            errors.error(
                &list.tokens,
                format!("{e}: expected `shape_expect(<scenario> = <expectation>, ..)`"),
            );
            return;
        }
    };
    let scenarios: Vec<&str> = ffi_test_protocol::roundtrip::SHAPES
        .iter()
        .map(|s| s.scenario)
        .collect();
    for item in items {
        let name = item
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        if !scenarios.contains(&name.as_str()) {
            errors.error(
                &item.path,
                format!(
                    "unknown call shape `{name}`; the shapes are {}",
                    scenarios.join(", ")
                ),
            );
        } else if out.iter().any(|(n, _)| *n == name) {
            errors.error(&item.path, format!("`{name}` is given twice"));
        } else if let Some(expect) = crate::syntax::expect::parse(&item.value, errors) {
            out.push((name, expect));
        }
    }
}

fn with_item(errors: TokenStream, item: TokenStream) -> TokenStream {
    crate::fallback::item(errors, item, crate::fallback::Stubs::Roundtrip)
}
