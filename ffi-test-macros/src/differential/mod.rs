//! The generated-input attributes, on a Rust function of integers, floats, `bool`, slices of
//! them and round-trip structs: `#[ffi_differential(c = "EXPR")]` runs the function and the C expression (over the
//! parameters' names) on generated inputs and reports the smallest disagreement;
//! `#[ffi_property]` runs the function itself (a body that calls C) and reports the smallest
//! input it fails on (the runtime's `checks::differential`). The attribute's arguments are
//! parsed here, the function read into a model (`model.rs`: its parameters with their C types
//! and ranges), from which the test (and a differential test's C function) is emitted
//! (`emit.rs`).

mod emit;
mod model;

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, LitStr, Meta, Token};

use crate::syntax::errors::Errors;

/// Which attribute: the two share their arguments, parameters and the runtime's search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Differential,
    Property,
}

impl Kind {
    /// The test it is, in messages.
    fn test(self) -> &'static str {
        match self {
            Kind::Differential => "a differential test",
            Kind::Property => "a property test",
        }
    }

    /// The attribute's form, for a message about its arguments.
    fn form(self) -> &'static str {
        match self {
            Kind::Differential => "expected `#[ffi_differential(c = \"C_EXPR(x)\")]`, optionally with `cases = N`, `expect = ..`, a range per parameter (`x = 0..=4096`) and a struct parameter's C type (`p = \"struct point\"`)",
            Kind::Property => "expected `#[ffi_property]`, optionally with `cases = N`, `expect = ..`, a range per parameter (`x = 0..=4096`) and a struct parameter's C type (`p = \"struct point\"`)",
        }
    }
}

/// The attribute's arguments.
pub(super) struct Args {
    pub c: Option<LitStr>,
    pub cases: Option<u32>,
    pub expect: Option<TokenStream>,
    /// `name = RANGE`: a parameter drawn from the range instead of the whole type (a buffer's
    /// lengths); `name = "C TYPE"`: a struct parameter's C type.
    pub ranges: Vec<(Ident, Expr)>,
}

fn parse_args(input: ParseStream, kind: Kind, errors: &mut Errors) -> syn::Result<Args> {
    let mut args = Args {
        c: None,
        cases: None,
        expect: None,
        ranges: Vec::new(),
    };
    for meta in Punctuated::<Meta, Token![,]>::parse_terminated(input)? {
        let Meta::NameValue(nv) = &meta else {
            errors.error(&meta, kind.form());
            continue;
        };
        let lit_str = |e: &Expr| match e {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.clone()),
            _ => None,
        };
        match nv.path.get_ident().map(Ident::to_string).as_deref() {
            // A property's `c = RANGE` is a parameter named `c`; a string is a mistaken C
            // expression.
            Some("c") if kind == Kind::Property && lit_str(&nv.value).is_some() => errors.error(&nv.path, "a property has no C expression: its body calls C and fails by panicking or returning `Err` (to compare a Rust function with a C expression, use `#[ffi_differential(c = \"..\")]`)"),
            Some("c") if kind == Kind::Differential => match lit_str(&nv.value) {
                Some(s) if !s.value().trim().is_empty() => args.c = Some(s),
                _ => errors.error(&nv.value, "`c` is the C expression to compare with, over the parameters' names: `c = \"CMSG_SPACE(len)\"`"),
            },
            Some("cases") => match &nv.value {
                Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(n), .. }) => match n.base10_parse::<u32>() {
                    Ok(n) if n > 0 => args.cases = Some(n),
                    _ => errors.error(n, "`cases` is a number of generated inputs, at least 1"),
                },
                other => errors.error(other, "`cases` is a number of generated inputs: `cases = 10000`"),
            },
            Some("expect") => args.expect = crate::syntax::expect::parse(&nv.value, errors),
            Some(_) => {
                let name = nv.path.get_ident().cloned().expect("an identifier");
                args.ranges.push((name, nv.value.clone()));
            }
            None => errors.error(&nv.path, kind.form()),
        }
    }
    Ok(args)
}

pub fn ffi_differential(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(Kind::Differential, args, item)
}

pub fn ffi_property(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(Kind::Property, args, item)
}

fn expand(kind: Kind, args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let refuse = |errors: TokenStream| {
        crate::fallback::item(errors, item.clone(), crate::fallback::Stubs::None)
    };
    let f = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Fn(f)) => f,
        Ok(other) => {
            let message = match kind {
                Kind::Differential => "#[ffi_differential] applies to a function (the Rust side)",
                Kind::Property => "#[ffi_property] applies to a function (the property's body)",
            };
            let message = format!(
                "{message}, not to {}",
                crate::syntax::items::item_kind(&other)
            );
            let e = syn::Error::new_spanned(crate::syntax::items::item_head(&other), message);
            return refuse(e.to_compile_error());
        }
        Err(e) => return refuse(e.to_compile_error()),
    };
    let parsed = (|input: ParseStream| parse_args(input, kind, &mut errors)).parse2(args);
    let mut args = match parsed {
        Ok(args) => args,
        Err(e) => {
            errors.push(syn::Error::new(e.span(), format!("{e}: {}", kind.form())));
            return refuse(errors.into_compile_errors());
        }
    };
    let params = model::params(&f, kind, &mut args, &mut errors);
    let check = match kind {
        Kind::Differential => {
            let ret = model::differential_return(&f, &mut errors);
            if args.c.is_none() {
                errors.error(
                    &f.sig.ident,
                    "#[ffi_differential] needs the C expression to compare with: `c = \"CMSG_SPACE(len)\"`",
                );
            }
            match (args.c.clone(), ret) {
                (Some(c), Some(ret)) if errors.is_empty() => {
                    emit::differential(&f, &params, ret, &c, &args)
                }
                _ => return refuse(errors.into_compile_errors()),
            }
        }
        Kind::Property => {
            model::property_return(&f, &mut errors);
            if !errors.is_empty() {
                return refuse(errors.into_compile_errors());
            }
            emit::property(&f, &params, &args)
        }
    };
    quote!(#f #check)
}
