//! The generated-input attributes, on a Rust function of integers, floats or `bool`:
//! `#[ffi_differential(c = "EXPR")]` runs the function and the C expression (over the
//! parameters' names) on generated inputs and reports the smallest disagreement;
//! `#[ffi_property]` runs the function itself (a body that calls C) and reports the smallest
//! input it fails on (the runtime's `checks::differential`). Parsed into a model (the
//! function's parameters with their C types, the ranges the attribute gives), from which the
//! test (and a differential test's C function) is emitted.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, FnArg, Ident, LitStr, Meta, Pat, ReturnType, Token, Type};

use crate::registration::{body_fragment, none, Entry};
use crate::syntax::errors::Errors;
use crate::syntax::source_line::line_of;
use ffi_test_protocol::language::Language;
use ffi_test_protocol::test_kind::TestKind;

/// The C function each differential test defines.
const SYMBOL: &str = "ffi_test_differential";

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
            Kind::Differential => "expected `#[ffi_differential(c = \"C_EXPR(x)\")]`, optionally with `cases = N`, `expect = ..` and a range per parameter (`x = 0..=4096`)",
            Kind::Property => "expected `#[ffi_property]`, optionally with `cases = N`, `expect = ..` and a range per parameter (`x = 0..=4096`)",
        }
    }
}

/// The attribute's arguments.
struct Args {
    c: Option<LitStr>,
    cases: Option<u32>,
    expect: Option<TokenStream>,
    /// `name = RANGE`: a parameter drawn from the range instead of the whole type.
    ranges: Vec<(Ident, Expr)>,
}

/// One parameter: its name, Rust type and C type.
struct Param {
    ident: Ident,
    ty: Type,
    c_type: &'static str,
    range: Option<Expr>,
}

/// The C type of a Rust integer, float or `bool` named `ty` (its last path segment), if it is
/// one.
fn c_type_of(ty: &Type) -> Option<&'static str> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?.ident.to_string();
    Some(match last.as_str() {
        "i8" => "int8_t",
        "i16" => "int16_t",
        "i32" => "int32_t",
        "i64" => "int64_t",
        "u8" => "uint8_t",
        "u16" => "uint16_t",
        "u32" => "uint32_t",
        "u64" => "uint64_t",
        "usize" | "size_t" => "size_t",
        "isize" | "ssize_t" => "ptrdiff_t",
        "f32" | "c_float" => "float",
        "f64" | "c_double" => "double",
        "bool" => "_Bool",
        "c_char" => "char",
        "c_schar" => "signed char",
        "c_uchar" => "unsigned char",
        "c_short" => "short",
        "c_ushort" => "unsigned short",
        "c_int" => "int",
        "c_uint" => "unsigned int",
        "c_long" => "long",
        "c_ulong" => "unsigned long",
        "c_longlong" => "long long",
        "c_ulonglong" => "unsigned long long",
        _ => return None,
    })
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

/// The parameters of `f` with their C types, each error at its span.
fn params(f: &syn::ItemFn, kind: Kind, args: &mut Args, errors: &mut Errors) -> Vec<Param> {
    let mut out = Vec::new();
    for input in &f.sig.inputs {
        let FnArg::Typed(arg) = input else {
            errors.error(
                input,
                format!(
                    "{} runs a free function on generated inputs: no `self`",
                    kind.test()
                ),
            );
            continue;
        };
        let Pat::Ident(pat) = &*arg.pat else {
            errors.error(
                &arg.pat,
                "each parameter is named by an identifier: reports name the inputs by it",
            );
            continue;
        };
        let Some(c_type) = c_type_of(&arg.ty) else {
            let shown = crate::bindings::model::type_text(&arg.ty);
            errors.error(&arg.ty, format!("`{shown}` is not an integer, float or `bool`: {} generates those (write the primitive an alias stands for, e.g. `u64` for `dev_t`)", kind.test()));
            continue;
        };
        let position = args.ranges.iter().position(|(name, _)| *name == pat.ident);
        out.push(Param {
            ident: pat.ident.clone(),
            ty: (*arg.ty).clone(),
            c_type,
            range: position.map(|i| args.ranges.remove(i).1),
        });
    }
    for (name, _) in &args.ranges {
        errors.error(name, format!("`{name}` is not a parameter of the function (a range names the parameter it constrains)"));
    }
    out
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
    let params = params(&f, kind, &mut args, &mut errors);
    let check = match kind {
        Kind::Differential => {
            let ret = differential_return(&f, &mut errors);
            if args.c.is_none() {
                errors.error(
                    &f.sig.ident,
                    "#[ffi_differential] needs the C expression to compare with: `c = \"CMSG_SPACE(len)\"`",
                );
            }
            match (args.c.clone(), ret) {
                (Some(c), Some(ret)) if errors.is_empty() => emit(&f, &params, ret, &c, &args),
                _ => return refuse(errors.into_compile_errors()),
            }
        }
        Kind::Property => {
            property_return(&f, &mut errors);
            if !errors.is_empty() {
                return refuse(errors.into_compile_errors());
            }
            emit_property(&f, &params, &args)
        }
    };
    quote!(#f #check)
}

/// A differential test's return type and its C type: an integer, float or `bool`.
fn differential_return(f: &syn::ItemFn, errors: &mut Errors) -> Option<(Type, &'static str)> {
    match &f.sig.output {
        ReturnType::Type(_, ty) => match c_type_of(ty) {
            Some(c) => Some(((**ty).clone(), c)),
            None => {
                let shown = crate::bindings::model::type_text(ty);
                errors.error(ty, format!("`{shown}` is not an integer, float or `bool`: the results compared must be"));
                None
            }
        },
        ReturnType::Default => {
            errors.error(&f.sig.ident, "a differential test compares results: the function must return an integer, float or `bool`");
            None
        }
    }
}

/// A property returns nothing (it fails by panicking) or a `Result` (it fails with `Err`).
fn property_return(f: &syn::ItemFn, errors: &mut Errors) {
    let ReturnType::Type(_, ty) = &f.sig.output else {
        return;
    };
    let is_result = matches!(&**ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Result"));
    let is_unit = matches!(&**ty, Type::Tuple(t) if t.elems.is_empty());
    if !is_result && !is_unit {
        let shown = crate::bindings::model::type_text(ty);
        errors.error(ty, format!("a property returns nothing or `Result<(), E>`, not `{shown}`: it fails by panicking or returning `Err`"));
    }
}

/// The test of `f` against `c`.
fn emit(
    f: &syn::ItemFn,
    params: &[Param],
    (ret, c_ret): (Type, &str),
    c: &LitStr,
    args: &Args,
) -> TokenStream {
    let name = &f.sig.ident;
    let rust_name = crate::syntax::items::unraw(name);
    let test_name = ffi_test_protocol::naming::Check::Differential
        .test_name(&crate::layout::model::subject(&rust_name));
    let c_params: Vec<String> = params
        .iter()
        .map(|p| format!("{} {}", p.c_type, p.ident))
        .collect();
    let c_params = if c_params.is_empty() {
        "void".to_string()
    } else {
        c_params.join(", ")
    };
    let c_text = format!(
        "#include <stdint.h>\n#include <stddef.h>\n#line {line}\n\
         FFI_TEST_C_LINKAGE {c_ret} {SYMBOL}({c_params}) {{ return ({c_ret})({expr}); }}\n",
        line = c.span().start().line,
        expr = c.value()
    );
    let fragment = body_fragment(
        Language::C,
        quote!(#c_text),
        line_of(c.span()),
        &[],
        &[SYMBOL.to_string()],
        &test_name,
    );
    let Inputs {
        diff,
        names,
        idents,
        types,
        strategies,
        admits,
        cases,
    } = inputs(params, args);
    let c_expr = c.value();
    let param = crate::registration::context_param();
    let ctx = crate::registration::context();
    let run = format_ident!("__ffi_test_differential");
    let entry = entry(name, test_name, fragment, args, &run);
    quote! {
        const _: () = {
            static __FFI_TEST_DIFFERENTIAL: #diff::Differential = #diff::Differential {
                rust: #rust_name,
                c: #c_expr,
                params: &[#(#names),*],
                cases: #cases,
                source: ::core::option::Option::Some(#diff::Source {
                    manifest_dir: ::core::env!("CARGO_MANIFEST_DIR"),
                    file: ::core::file!(),
                }),
            };
            fn #run(#param) -> ::core::result::Result<(), ::std::string::String> {
                // The locals are prefixed: the parameters' names are the user's.
                let __ffi_test_address = #diff::c_function(#ctx, #SYMBOL)?;
                // SAFETY: the generated C function has the parameters' and the return's C
                // types, the Rust ones' counterparts (same size and class).
                let __ffi_test_c = unsafe {
                    ::core::mem::transmute::<*const (), unsafe extern "C" fn(#(#types),*) -> #ret>(__ffi_test_address)
                };
                #diff::run(&__FFI_TEST_DIFFERENTIAL, #strategies, #admits, |(#(#idents,)*)| {
                    // SAFETY: the C function takes any value of its parameters' types (the
                    // expression's own preconditions are the test's claim); the Rust side is
                    // the user's function, which may be `unsafe` for the same reason.
                    #[allow(unused_unsafe)]
                    let __ffi_test_both = unsafe { (#name(#(#idents),*), __ffi_test_c(#(#idents),*)) };
                    __ffi_test_both
                })
            }
            #entry
        };
    }
}

/// The property test of `f`'s body.
fn emit_property(f: &syn::ItemFn, params: &[Param], args: &Args) -> TokenStream {
    let name = &f.sig.ident;
    let rust_name = crate::syntax::items::unraw(name);
    let test_name = ffi_test_protocol::naming::Check::Property
        .test_name(&crate::layout::model::subject(&rust_name));
    let Inputs {
        diff,
        names,
        idents,
        strategies,
        admits,
        cases,
        ..
    } = inputs(params, args);
    let param = crate::registration::context_param();
    let run = format_ident!("__ffi_test_property");
    let entry = entry(name, test_name, none(), args, &run);
    quote! {
        const _: () = {
            static __FFI_TEST_PROPERTY: #diff::Property = #diff::Property {
                rust: #rust_name,
                params: &[#(#names),*],
                cases: #cases,
                source: ::core::option::Option::Some(#diff::Source {
                    manifest_dir: ::core::env!("CARGO_MANIFEST_DIR"),
                    file: ::core::file!(),
                }),
            };
            fn #run(#param) -> ::core::result::Result<(), ::std::string::String> {
                #diff::property(&__FFI_TEST_PROPERTY, #strategies, #admits, |(#(#idents,)*)| {
                    // SAFETY: the property's body is the user's function, which may be
                    // `unsafe` (it calls C); running it on any generated input is its claim.
                    #[allow(unused_unsafe)]
                    let __ffi_test_outcome = unsafe { #name(#(#idents),*) };
                    __ffi_test_outcome
                })
            }
            #entry
        };
    }
}

/// What both kinds of test emit of their inputs.
struct Inputs<'a> {
    /// The runtime's module for them.
    diff: TokenStream,
    /// The parameters' names as reports show them.
    names: Vec<String>,
    idents: Vec<&'a Ident>,
    types: Vec<&'a Type>,
    /// The tuple of the parameters' strategies.
    strategies: TokenStream,
    /// A closure saying whether an input is in the parameters' ranges.
    admits: TokenStream,
    /// The cases the attribute asks for, an `Option<u32>`.
    cases: TokenStream,
}

fn inputs<'a>(params: &'a [Param], args: &Args) -> Inputs<'a> {
    let diff = quote!(::ffi_test::__private_0_1::differential);
    let idents: Vec<&Ident> = params.iter().map(|p| &p.ident).collect();
    let types: Vec<&Type> = params.iter().map(|p| &p.ty).collect();
    let strategies = params.iter().map(|p| {
        let ty = &p.ty;
        match &p.range {
            Some(range) => quote!(#diff::ranged::<#ty>(#range)),
            None => quote!(#diff::edgy::<#ty>()),
        }
    });
    // Each range a parameter has, asked whether the input's value is in it (a range is any
    // type with `contains`: `a..b`, `a..=b`, `a..`, `..=b`).
    let ranges = params.iter().enumerate().filter_map(|(i, p)| {
        let index = syn::Index::from(i);
        p.range
            .as_ref()
            .map(|range| quote!(&& (#range).contains(&__ffi_test_input.#index)))
    });
    let cases = match args.cases {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    Inputs {
        names: idents
            .iter()
            .map(|i| crate::syntax::items::unraw(i))
            .collect(),
        strategies: quote!((#(#strategies,)*)),
        admits: quote!(|__ffi_test_input: &(#(#types,)*)| true #(#ranges)*),
        diff,
        idents,
        types,
        cases,
    }
}

/// The registered test `test_name` of `name`, run by `run`.
fn entry(name: &Ident, test_name: String, c: TokenStream, args: &Args, run: &Ident) -> TokenStream {
    Entry {
        name: test_name,
        kind: TestKind::Test,
        line: line_of(name.span()),
        ignore: none(),
        should_panic: none(),
        c,
        timeout_ms: None,
        expect: args.expect.clone(),
        run: quote!(#run),
        facts: Vec::new(),
        faults: None,
        py: None,
    }
    .submit()
}

#[cfg(test)]
mod tests {
    use super::c_type_of;

    #[test]
    fn primitives_and_c_aliases_have_c_types_and_others_none() {
        let c = |t: &str| c_type_of(&syn::parse_str(t).unwrap());
        assert_eq!(c("u32"), Some("uint32_t"));
        assert_eq!(c("::std::os::raw::c_uint"), Some("unsigned int"));
        assert_eq!(c("libc::size_t"), Some("size_t"));
        assert_eq!(c("bool"), Some("_Bool"));
        assert_eq!(c("libc::dev_t"), None);
        assert_eq!(c("*const u8"), None);
    }
}
