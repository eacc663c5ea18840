//! `#[ffi_differential(c = "EXPR")]` on a Rust function of integers, floats or `bool`: a test
//! running the function and the C expression (over the parameters' names) on generated inputs,
//! reporting the smallest disagreement (the runtime's `checks::differential`). Parsed into a
//! model (the function's parameters with their C types, the ranges the attribute gives), from
//! which the C function and the test are emitted.

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

fn parse_args(input: ParseStream, errors: &mut Errors) -> syn::Result<Args> {
    let mut args = Args {
        c: None,
        cases: None,
        expect: None,
        ranges: Vec::new(),
    };
    for meta in Punctuated::<Meta, Token![,]>::parse_terminated(input)? {
        let Meta::NameValue(nv) = &meta else {
            errors.error(&meta, FORM);
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
            Some("c") => match lit_str(&nv.value) {
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
            None => errors.error(&nv.path, FORM),
        }
    }
    Ok(args)
}

const FORM: &str = "expected `#[ffi_differential(c = \"C_EXPR(x)\")]`, optionally with `cases = N`, `expect = ..` and a range per parameter (`x = 0..=4096`)";

/// The parameters of `f` with their C types, each error at its span.
fn params(f: &syn::ItemFn, args: &mut Args, errors: &mut Errors) -> Vec<Param> {
    let mut out = Vec::new();
    for input in &f.sig.inputs {
        let FnArg::Typed(arg) = input else {
            errors.error(
                input,
                "a differential test compares a free function with C: no `self`",
            );
            continue;
        };
        let Pat::Ident(pat) = &*arg.pat else {
            errors.error(
                &arg.pat,
                "each parameter is named by an identifier: the C expression uses the names",
            );
            continue;
        };
        let Some(c_type) = c_type_of(&arg.ty) else {
            let shown = crate::bindings::model::type_text(&arg.ty);
            errors.error(&arg.ty, format!("`{shown}` is not an integer, float or `bool`: a differential test generates those (write the primitive an alias stands for, e.g. `u64` for `dev_t`)"));
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
    let mut errors = Errors::default();
    let f = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Fn(f)) => f,
        Ok(other) => {
            let message = format!(
                "#[ffi_differential] applies to a function (the Rust side), not to {}",
                crate::syntax::items::item_kind(&other)
            );
            let e = syn::Error::new_spanned(crate::syntax::items::item_head(&other), message);
            return crate::fallback::item(e.to_compile_error(), item, crate::fallback::Stubs::None);
        }
        Err(e) => {
            return crate::fallback::item(e.to_compile_error(), item, crate::fallback::Stubs::None)
        }
    };
    let parsed = (|input: ParseStream| parse_args(input, &mut errors)).parse2(args);
    let mut args = match parsed {
        Ok(args) => args,
        Err(e) => {
            errors.push(syn::Error::new(e.span(), format!("{e}: {FORM}")));
            return crate::fallback::item(
                errors.into_compile_errors(),
                item,
                crate::fallback::Stubs::None,
            );
        }
    };
    let params = params(&f, &mut args, &mut errors);
    let ret = match &f.sig.output {
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
    };
    if args.c.is_none() {
        errors.error(
            &f.sig.ident,
            "#[ffi_differential] needs the C expression to compare with: `c = \"CMSG_SPACE(len)\"`",
        );
    }
    let (Some(c), Some(ret)) = (args.c.clone(), ret) else {
        return crate::fallback::item(
            errors.into_compile_errors(),
            item,
            crate::fallback::Stubs::None,
        );
    };
    if !errors.is_empty() {
        return crate::fallback::item(
            errors.into_compile_errors(),
            item,
            crate::fallback::Stubs::None,
        );
    }
    let check = emit(&f, &params, ret, &c, &args);
    quote!(#f #check)
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
    let diff = quote!(::ffi_test::__private_0_1::differential);
    let idents: Vec<&Ident> = params.iter().map(|p| &p.ident).collect();
    let names: Vec<String> = idents
        .iter()
        .map(|i| crate::syntax::items::unraw(i))
        .collect();
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
    let admits = params.iter().enumerate().filter_map(|(i, p)| {
        let index = syn::Index::from(i);
        p.range
            .as_ref()
            .map(|range| quote!(&& (#range).contains(&__ffi_test_input.#index)))
    });
    let cases = match args.cases {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    let c_expr = c.value();
    let param = crate::registration::context_param();
    let ctx = crate::registration::context();
    let run = format_ident!("__ffi_test_differential");
    let entry = Entry {
        name: test_name,
        kind: TestKind::Test,
        line: line_of(name.span()),
        ignore: none(),
        should_panic: none(),
        c: fragment,
        timeout_ms: None,
        expect: args.expect.clone(),
        run: quote!(#run),
        facts: Vec::new(),
        faults: None,
        py: None,
    }
    .submit();
    quote! {
        const _: () = {
            static __FFI_TEST_DIFFERENTIAL: #diff::Differential = #diff::Differential {
                rust: #rust_name,
                c: #c_expr,
                params: &[#(#names),*],
                cases: #cases,
            };
            fn #run(#param) -> ::core::result::Result<(), ::std::string::String> {
                // The locals are prefixed: the parameters' names are the user's.
                let __ffi_test_address = #diff::c_function(#ctx, #SYMBOL)?;
                // SAFETY: the generated C function has the parameters' and the return's C
                // types, the Rust ones' counterparts (same size and class).
                let __ffi_test_c = unsafe {
                    ::core::mem::transmute::<*const (), unsafe extern "C" fn(#(#types),*) -> #ret>(__ffi_test_address)
                };
                #diff::run(
                    &__FFI_TEST_DIFFERENTIAL,
                    (#(#strategies,)*),
                    |__ffi_test_input: &(#(#types,)*)| true #(#admits)*,
                    |(#(#idents,)*)| {
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
