//! Emits the Rust side of one `#[ffi_test]`: the user's fn (with its C bindings hoisted), a runner,
//! and the inventory registration carrying the C body as text.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::c_binding::bindings;
use super::model::TestModel;
use crate::source_line::line_of;

pub fn expand(model: TestModel) -> TokenStream {
    let name = model.name().clone();
    let name_str = name.to_string();
    let mut func = model.func.clone();
    if let Some(c) = &model.c {
        let lets = bindings(&c.functions, &name);
        let stmts = std::mem::take(&mut func.block.stmts);
        func.block = syn::parse_quote!({ #lets #(#stmts)* });
    }
    let ignore = option_of_option(&model.args.ignore);
    let should_panic = option_of_option(&model.args.should_panic);
    let line = line_of(name.span());
    let timeout = match model.args.timeout_ms {
        Some(ms) => quote!(::core::option::Option::Some(::core::time::Duration::from_millis(#ms))),
        None => quote!(::core::option::Option::None),
    };
    let expect = model
        .args
        .expect
        .clone()
        .unwrap_or_else(|| quote!(::ffi_test::__private::Expect::Pass));
    let c = match &model.c {
        None => quote!(::core::option::Option::None),
        Some(c) => {
            let source = &c.source;
            let source_line = line_of(source.span());
            let headers = &c.headers;
            let symbols = c.functions.iter().map(|f| &f.symbol);
            quote!(::core::option::Option::Some(::ffi_test::__private::CFragment {
                source: #source,
                file: ::core::file!(),
                line: #source_line,
                headers: &[#(#headers),*],
                symbols: &[#(#symbols),*],
            }))
        }
    };
    // Spanned at the return type so a type that is neither `()` nor `Result<(), E: Debug>`
    // is reported where the user wrote it.
    let output_span = match &model.func.sig.output {
        syn::ReturnType::Type(_, ty) => ty.span(),
        syn::ReturnType::Default => name.span(),
    };
    let call = quote_spanned!(output_span=> ::ffi_test::__private::IntoTestResult::into_test_result(#name()));
    quote! {
        #[allow(non_snake_case)]
        #func

        const _: () = {
            fn __ffi_test_run() -> ::core::result::Result<(), ::std::string::String> {
                #call
            }
            ::ffi_test::__private::inventory::submit! {
                ::ffi_test::__private::TestEntry {
                    name: #name_str,
                    module_path: ::core::module_path!(),
                    file: ::core::file!(),
                    line: #line,
                    kind: ::ffi_test::__private::TestKind::Test,
                    ignore: #ignore,
                    should_panic: #should_panic,
                    c: #c,
                    timeout: #timeout,
                    expect: #expect,
                    run: __ffi_test_run,
                }
            }
        };
    }
}

fn option_of_option(value: &Option<Option<syn::LitStr>>) -> TokenStream {
    match value {
        None => quote!(::core::option::Option::None),
        Some(None) => quote!(::core::option::Option::Some(::core::option::Option::None)),
        Some(Some(s)) => quote!(::core::option::Option::Some(::core::option::Option::Some(#s))),
    }
}
