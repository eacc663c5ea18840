//! `#[value_matches("C_NAME")]` on a `const` item and `check_value!(path::CONST, "C_NAME")`: the
//! constant against the C macro or enumerator, as C's compiler evaluates it.

use ffi_test_protocol::test_kind::TestKind;
use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{LitStr, Meta, Token};

use crate::layout::model::subject;
use crate::registration::{body_fragment, none, with_prototypes, Entry};
use crate::syntax::errors::Errors;
use crate::syntax::source_line::line_of;

pub(crate) struct Args {
    pub c_name: LitStr,
    pub expect: Option<TokenStream>,
    /// A constant of bindgen's C++ output: the C++ expression compiled in place of `c_name`
    /// (which reports show), and the type requests it needs.
    pub cpp: Option<(String, Vec<String>)>,
}

fn parse_args(input: ParseStream, errors: &mut Errors) -> syn::Result<Args> {
    let c_name: LitStr = input.parse()?;
    let mut expect = None;
    if input.peek(Token![,]) {
        input.parse::<Token![,]>()?;
        for meta in Punctuated::<Meta, Token![,]>::parse_terminated(input)? {
            match &meta {
                Meta::NameValue(nv) if nv.path.is_ident("expect") => {
                    expect = crate::syntax::expect::parse(&nv.value, errors)
                }
                other => errors.error(other, "the only option is `expect = ...`"),
            }
        }
    }
    let name = c_name.value();
    let c_names = |n: &str| {
        crate::syntax::c_names::is_identifier(n) || crate::syntax::c_names::is_qualified_name(n)
    };
    if !c_names(&name) {
        errors.error(
            &c_name,
            format!(
                "`{}` is not a C identifier: expected the C macro or enumerator to compare with, e.g. \"REGISTRY_MAX\" (or a C++ constant, `ns::Limits::max`)",
                c_name.value().escape_debug()
            ),
        );
    }
    Ok(Args {
        c_name,
        expect,
        cpp: None,
    })
}

/// The test name of a constant's check.
pub(crate) fn test_name(rust_name: &str) -> String {
    ffi_test_protocol::naming::Check::Value.test_name(&subject(rust_name))
}

/// The check of the constant at `rust_path`, whose type is `ty` where the macro sees it.
fn check(
    rust_path: TokenStream,
    rust_name: &str,
    ty: Option<&syn::Type>,
    args: Args,
    span_line: TokenStream,
) -> TokenStream {
    let test_name = test_name(rust_name);
    let facts = facts(&rust_path, rust_name, ty, &args, &test_name);
    let mut entry = entry(
        rust_path,
        rust_name,
        args,
        span_line,
        test_name,
        quote!(__ffi_test_value),
    );
    entry.1.facts = facts;
    let (run, entry) = (entry.0, entry.1.submit());
    let param = crate::registration::context_param();
    quote! {
        const _: () = {
            // A byte-string constant is a reference; its width is not used.
            #[allow(clippy::size_of_ref)]
            fn __ffi_test_value(#param) -> ::core::result::Result<(), ::std::string::String> {
                #run
            }
            #entry
        };
    }
}

/// The check's body and its entry, whose test is `run` (a path to a function running the body,
/// or the body itself as a closure).
pub(crate) fn entry(
    rust_path: TokenStream,
    rust_name: &str,
    args: Args,
    span_line: TokenStream,
    test_name: String,
    run: TokenStream,
) -> (TokenStream, Entry) {
    let c_expr = args.c_name.value();
    let facts_symbol = ffi_test_protocol::value::FACTS_SYMBOL;
    let fragment = match &args.cpp {
        Some((expr, types)) => {
            let c = ffi_test_protocol::value::c_text(expr);
            let (c, symbols) = ffi_test_protocol::surface::through_spelling(expr, &c, facts_symbol);
            let line = line_of(args.c_name.span());
            let language = ffi_test_protocol::language::Language::Cpp;
            with_prototypes(language, quote!(#c), line, &[], &symbols, &test_name, types)
        }
        None => {
            let c = ffi_test_protocol::value::c_text(&c_expr);
            // A qualified name is a C++ constant (`constexpr`, `static const` members).
            let language = ffi_test_protocol::language::Language::of_name(&c_expr);
            let line = line_of(args.c_name.span());
            body_fragment(
                language,
                quote!(#c),
                line,
                &[],
                &[facts_symbol.to_string()],
                &test_name,
            )
        }
    };
    let ctx = crate::registration::context();
    let body = quote! {
        // SAFETY: `#[value_matches]` on a `*const c_char` constant documents that it must point
        // to a NUL-terminated string (other types are read as they are); the check runs in a
        // child process, never in the harness.
        let rust = unsafe { ::ffi_test::__private_0_1::bindings::AsConst::as_const(&#rust_path) };
        ::ffi_test::__private_0_1::bindings::run_value(#ctx, #rust_name, #c_expr, rust, ::core::mem::size_of_val(&#rust_path))
    };
    let entry = Entry {
        name: test_name,
        kind: TestKind::Binding,
        line: span_line,
        ignore: none(),
        should_panic: none(),
        c: fragment,
        timeout_ms: None,
        expect: args.expect,
        run,
        facts: Vec::new(),
        faults: None,
        py: None,
    };
    (body, entry)
}

/// The constant's facts record, where its type is known (`#[value_matches]` on the item, a
/// constant of a bindings file): its kind, size and, for numbers, its bytes as the target
/// stores them (a pointer's bytes have no value at compile time, so they are not read).
/// Without a type (`check_value!(path, ..)`) there is none, and only a run compares it.
pub(crate) fn facts(
    rust_path: &TokenStream,
    rust_name: &str,
    ty: Option<&syn::Type>,
    args: &Args,
    test_name: &str,
) -> Vec<crate::facts::Record> {
    let Some(ty) = ty else {
        return Vec::new();
    };
    let kind = crate::facts::type_kind(ty);
    let probe = quote!(::ffi_test::__private_0_1::probe);
    let bytes = quote! {
        if #probe::is_number(<#probe::ConstKind<#ty>>::KIND) {
            // SAFETY: a number's bytes, every one initialised (integers, floats, `bool`).
            unsafe { ::core::mem::transmute::<#ty, [u8; ::core::mem::size_of::<#ty>()]>(#rust_path) }
        } else {
            [0; ::core::mem::size_of::<#ty>()]
        }
    };
    let word =
        |i: usize| crate::facts::num(quote!(::ffi_test::__private_0_1::facts::word(#bytes, #i)));
    vec![crate::facts::record(
        &[],
        ffi_test_protocol::facts::records::Constant::<crate::facts::Tokens> {
            test: crate::facts::text(test_name),
            rust_name: crate::facts::text(rust_name),
            c_expr: crate::facts::text(args.c_name.value()),
            kind,
            size: crate::facts::num(quote!(::core::mem::size_of::<#ty>())),
            word0: word(0),
            word1: word(1),
            language: crate::facts::text(match &args.cpp {
                Some(_) => "Cpp",
                None => {
                    ffi_test_protocol::language::Language::of_name(&args.c_name.value()).variant()
                }
            }),
            c_text: crate::facts::text(args.cpp.as_ref().map_or("", |(e, _)| e.as_str())),
            requests: crate::facts::text(
                args.cpp
                    .as_ref()
                    .map_or(String::new(), |(_, r)| r.join("\n")),
            ),
        },
    )]
}

pub fn value_matches(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let konst = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Const(c)) => c,
        Ok(other) => {
            let e = syn::Error::new_spanned(
                crate::syntax::items::item_head(&other),
                format!(
                    "#[value_matches] applies to a `const` item, not to {}",
                    crate::syntax::items::item_kind(&other)
                ),
            )
            .to_compile_error();
            return crate::fallback::item(e, item, crate::fallback::Stubs::None);
        }
        Err(e) => {
            return crate::fallback::item(e.to_compile_error(), item, crate::fallback::Stubs::None)
        }
    };
    let args = match syn::parse::Parser::parse2(
        |input: ParseStream| parse_args(input, &mut errors),
        args,
    ) {
        Ok(args) => args,
        Err(e) => {
            let msg = format!("{e}: expected `#[value_matches(\"C_NAME\")]` or `#[value_matches(\"C_NAME\", expect = fail)]`");
            // With what the arguments read before it: every mistake in one compile.
            errors.push(syn::Error::new(e.span(), msg));
            let errors = errors.into_compile_errors();
            return crate::fallback::item(errors, item, crate::fallback::Stubs::None);
        }
    };
    if !errors.is_empty() {
        let errors = errors.into_compile_errors();
        return crate::fallback::item(errors, item, crate::fallback::Stubs::None);
    }
    let ident = &konst.ident;
    let check = check(
        quote!(#ident),
        &crate::syntax::items::unraw(ident),
        Some(&konst.ty),
        args,
        line_of(ident.span()),
    );
    quote!(#konst #check)
}

struct External {
    path: syn::Path,
    rest: TokenStream,
}

impl Parse for External {
    fn parse(input: ParseStream) -> syn::Result<External> {
        let path = input.parse()?;
        input.parse::<Token![,]>()?;
        Ok(External {
            path,
            rest: input.parse()?,
        })
    }
}

pub fn check_value(input: TokenStream) -> TokenStream {
    let External { path, rest } = match syn::parse2(input) {
        Ok(x) => x,
        Err(e) => {
            return syn::Error::new(
                e.span(),
                format!("{e}: expected `check_value!(path::CONST, \"C_NAME\")`"),
            )
            .to_compile_error()
        }
    };
    let mut errors = Errors::default();
    let args =
        match syn::parse::Parser::parse2(|input: ParseStream| parse_args(input, &mut errors), rest)
        {
            Ok(args) => args,
            Err(e) => {
                return syn::Error::new(
                    e.span(),
                    format!("{e}: expected `check_value!(path::CONST, \"C_NAME\")`"),
                )
                .to_compile_error()
            }
        };
    if !errors.is_empty() {
        return errors.into_compile_errors();
    }
    let Some(last) = path.segments.last() else {
        return syn::Error::new_spanned(&path, "expected a path to a constant").to_compile_error();
    };
    let name = crate::syntax::items::unraw(&last.ident);
    let line = line_of(last.ident.span());
    check(quote!(#path), &name, None, args, line)
}
