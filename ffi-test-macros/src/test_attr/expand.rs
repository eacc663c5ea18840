//! Emits the Rust side of one `#[ffi_test]`: the user's fn (with its C bindings hoisted), a runner,
//! and the inventory registration carrying the C body as text.

use ffi_test_protocol::test_kind::TestKind;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::c_binding::bindings;
use super::model::{CSource, TestModel};
use crate::registration::{body_fragment, none, Entry};
use crate::syntax::source_line::line_of;

pub fn expand(model: TestModel) -> TokenStream {
    let name = model.name().clone();
    let name_str = crate::syntax::items::unraw(&name);
    let mut func = model.func.clone();
    if let Some(c) = &model.c {
        let lets = bindings(&c.functions);
        let stmts = std::mem::take(&mut func.block.stmts);
        func.block = syn::parse_quote!({ #lets #(#stmts)* });
    }
    let line = line_of(name.span());
    let c = match &model.c {
        None => none(),
        Some(c) => {
            let symbols: Vec<String> = c.functions.iter().map(|f| f.symbol.clone()).collect();
            match &c.source {
                CSource::Text(source) => body_fragment(
                    c.language,
                    quote!(#source),
                    line_of(source.span()),
                    &c.headers,
                    &symbols,
                    &name_str,
                ),
                // include_str! makes cargo rebuild the test when the file changes, and its
                // error (a file that cannot be read) points at the path as written.
                CSource::File(path) => {
                    c_file_fragment(c.language, path, &c.headers, &symbols, &name_str)
                }
            }
        }
    };
    // Spanned at the return type so a type that is neither `()` nor `Result<(), E: Debug>`
    // is reported where the user wrote it.
    let output_span = match &model.func.sig.output {
        syn::ReturnType::Type(_, ty) => ty.span(),
        syn::ReturnType::Default => name.span(),
    };
    let call = quote_spanned!(output_span=> ::ffi_test::__private_0_1::IntoTestResult::into_test_result(#name()));
    let registration = Entry {
        name: name_str,
        kind: TestKind::Test,
        line,
        ignore: option_of_option(&model.args.ignore),
        should_panic: option_of_option(&model.args.should_panic),
        c,
        timeout_ms: model.args.timeout_ms,
        expect: model.args.expect.clone(),
        run: quote!(__ffi_test_run),
        facts: Vec::new(),
        faults: sweeps(&model.args),
        py: model.args.py.as_ref().map(|source| {
            let line = line_of(source.span());
            quote!(::core::option::Option::Some(::ffi_test::__private_0_1::PyFragment {
                source: #source,
                file: ::core::file!(),
                line: #line,
            }))
        }),
    }
    .submit();
    quote! {
        #[allow(non_snake_case)]
        #func

        const _: () = {
            fn __ffi_test_run(_: &dyn ::ffi_test::__private_0_1::TestContext) -> ::core::result::Result<(), ::std::string::String> {
                #call
            }
            #registration
        };
    }
}

/// The fragment of a C body read from `path` (relative to the package): compiler messages point
/// into that file, from its first line.
fn c_file_fragment(
    language: ffi_test_protocol::language::Language,
    path: &syn::LitStr,
    headers: &[syn::LitStr],
    symbols: &[String],
    group: &str,
) -> TokenStream {
    let relative = path.value();
    let full = quote_spanned!(path.span()=> ::core::concat!(::core::env!("CARGO_MANIFEST_DIR"), "/", #path));
    let include = quote_spanned!(path.span()=> ::core::include_str!(#full));
    crate::registration::file_c_fragment(language, include, &relative, headers, symbols, group)
}

fn option_of_option(value: &Option<Option<syn::LitStr>>) -> TokenStream {
    match value {
        None => none(),
        Some(None) => quote!(::core::option::Option::Some(::core::option::Option::None)),
        Some(Some(s)) => quote!(::core::option::Option::Some(::core::option::Option::Some(#s))),
    }
}

/// The test's sweeps, allocations first: `&[Sweep { .. }, ..]`, or `None` for none.
fn sweeps(args: &super::attr::TestArgs) -> Option<TokenStream> {
    let private = quote!(::ffi_test::__private_0_1);
    let sweep = |calls: TokenStream, s: &super::faults::SweepArgs| {
        let some = |n: Option<u32>| {
            n.map_or_else(
                || quote!(::core::option::Option::None),
                |n| quote!(::core::option::Option::Some(#n)),
            )
        };
        let (max, sample, from) = (some(s.max), some(s.sample), s.from.is_some());
        quote!(#private::Sweep { calls: #calls, max: #max, from: #from, sample: #sample })
    };
    let mut all = Vec::new();
    if let Some(allocs) = &args.fail_allocs {
        all.push(sweep(quote!(::core::option::Option::None), allocs));
    }
    if let Some(f) = &args.fail_calls {
        let (names, errnos, short) = (&f.calls, &f.errnos, f.short);
        let calls = quote!(::core::option::Option::Some(#private::Calls {
            names: &[#(#names),*],
            errnos: &[#(#errnos),*],
            short: #short,
        }));
        all.push(sweep(calls, &f.sweep));
    }
    (!all.is_empty()).then(|| quote!(&[#(#all),*]))
}
