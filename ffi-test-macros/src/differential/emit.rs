//! The emitted test of a generated-input function: its registered entry, its inputs'
//! strategies and ranges, and (for a differential test) the C function of its expression.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, LitStr, Type};

use super::model::{Param, Shape};
use super::Args;
use crate::registration::{body_fragment, none, Entry};
use crate::syntax::source_line::line_of;
use ffi_test_protocol::language::Language;
use ffi_test_protocol::test_kind::TestKind;

/// The C function each differential test defines.
const SYMBOL: &str = "ffi_test_differential";

/// The test of `f` against `c`.
pub(super) fn differential(
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
        .map(|p| {
            let (c, name) = (&p.c_type, &p.ident);
            match p.shape {
                Shape::Value | Shape::Struct => format!("{c} {name}"),
                Shape::Buffer => format!("const {c} *{name}, size_t {name}_len"),
                Shape::StructRef => format!("const {c} *{name}"),
            }
        })
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
        rust_args,
        strategies,
        admits,
        cases,
    } = inputs(params, args);
    let c_types = params.iter().map(|p| {
        let ty = &p.ty;
        match p.shape {
            Shape::Value | Shape::Struct => quote!(#ty),
            Shape::Buffer => quote!(*const #ty, usize),
            Shape::StructRef => quote!(*const #ty),
        }
    });
    let c_args = params.iter().map(|p| {
        let (ident, ty) = (&p.ident, &p.ty);
        match p.shape {
            Shape::Value => quote!(#ident),
            Shape::Buffer => quote!(#ident.as_ptr(), #ident.len()),
            Shape::Struct => quote!(#ident.value()),
            Shape::StructRef => quote!(&#ident.value() as *const #ty),
        }
    });
    let c_expr = c.value();
    let param = crate::registration::context_param();
    let ctx = crate::registration::context();
    let run = format_ident!("__ffi_test_differential");
    let entry = entry(name, test_name, fragment, args, &run);
    let description = description(&diff, &rust_name, &names, &cases);
    quote! {
        const _: () = {
            #description
            fn #run(#param) -> ::core::result::Result<(), ::std::string::String> {
                // The locals are prefixed: the parameters' names are the user's.
                let __ffi_test_address = #diff::c_function(#ctx, #SYMBOL)?;
                // SAFETY: the generated C function has the parameters' and the return's C
                // types, the Rust ones' counterparts (same size and class; a buffer is its
                // elements' address and their count, valid for the call).
                let __ffi_test_c = unsafe {
                    ::core::mem::transmute::<*const (), unsafe extern "C" fn(#(#c_types),*) -> #ret>(__ffi_test_address)
                };
                #diff::run(&__FFI_TEST_GENERATED, #c_expr, #strategies, #admits, |(#(#idents,)*)| {
                    // SAFETY: the C function takes any value of its parameters' types (the
                    // expression's own preconditions are the test's claim); the Rust side is
                    // the user's function, which may be `unsafe` for the same reason.
                    #[allow(unused_unsafe)]
                    let __ffi_test_both = unsafe { (#name(#(#rust_args),*), __ffi_test_c(#(#c_args),*)) };
                    __ffi_test_both
                })
            }
            #entry
        };
    }
}

/// The property test of `f`'s body.
pub(super) fn property(f: &syn::ItemFn, params: &[Param], args: &Args) -> TokenStream {
    let name = &f.sig.ident;
    let rust_name = crate::syntax::items::unraw(name);
    let test_name = ffi_test_protocol::naming::Check::Property
        .test_name(&crate::layout::model::subject(&rust_name));
    let Inputs {
        diff,
        names,
        idents,
        rust_args,
        strategies,
        admits,
        cases,
    } = inputs(params, args);
    let param = crate::registration::context_param();
    let run = format_ident!("__ffi_test_property");
    let entry = entry(name, test_name, none(), args, &run);
    let description = description(&diff, &rust_name, &names, &cases);
    quote! {
        const _: () = {
            #description
            fn #run(#param) -> ::core::result::Result<(), ::std::string::String> {
                #diff::property(&__FFI_TEST_GENERATED, #strategies, #admits, |(#(#idents,)*)| {
                    // SAFETY: the property's body is the user's function, which may be
                    // `unsafe` (it calls C); running it on any generated input is its claim.
                    #[allow(unused_unsafe)]
                    let __ffi_test_outcome = unsafe { #name(#(#rust_args),*) };
                    __ffi_test_outcome
                })
            }
            #entry
        };
    }
}

/// The test's description for the runtime, `__FFI_TEST_GENERATED`: its function, parameters,
/// cases, and where it is written (for its kept failing cases).
fn description(
    diff: &TokenStream,
    rust_name: &str,
    names: &[String],
    cases: &TokenStream,
) -> TokenStream {
    quote! {
        static __FFI_TEST_GENERATED: #diff::Generated = #diff::Generated {
            rust: #rust_name,
            params: &[#(#names),*],
            cases: #cases,
            source: ::core::option::Option::Some(#diff::Source {
                manifest_dir: ::core::env!("CARGO_MANIFEST_DIR"),
                file: ::core::file!(),
            }),
        };
    }
}

/// What both kinds of test emit of their inputs.
struct Inputs<'a> {
    /// The runtime's module for them.
    diff: TokenStream,
    /// The parameters' names as reports show them.
    names: Vec<String>,
    /// The input tuple's bindings.
    idents: Vec<&'a Ident>,
    /// The Rust function's arguments (a buffer borrowed, a struct built from its bytes).
    rust_args: Vec<TokenStream>,
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
    let types = params.iter().map(|p| {
        let ty = &p.ty;
        match p.shape {
            Shape::Value => quote!(#ty),
            Shape::Buffer => quote!(::std::vec::Vec<#ty>),
            Shape::Struct | Shape::StructRef => quote!(#diff::Fields<#ty>),
        }
    });
    let strategies = params.iter().map(|p| {
        let ty = &p.ty;
        match (&p.range, p.shape) {
            (Some(range), Shape::Value) => quote!(#diff::ranged::<#ty>(#range)),
            (None, Shape::Value) => quote!(#diff::edgy::<#ty>()),
            (Some(lengths), Shape::Buffer) => quote!(#diff::ranged_vec::<#ty>(#lengths)),
            (None, Shape::Buffer) => quote!(#diff::edgy_vec::<#ty>()),
            (_, Shape::Struct | Shape::StructRef) => {
                quote::quote_spanned!(syn::spanned::Spanned::span(ty)=> #diff::fields::<#ty>())
            }
        }
    });
    // Each range a parameter has, asked whether the input's value (a buffer's length) is in it
    // (a range is any type with `contains`: `a..b`, `a..=b`, `a..`, `..=b`).
    let ranges = params.iter().enumerate().filter_map(|(i, p)| {
        let index = syn::Index::from(i);
        let length = (p.shape == Shape::Buffer).then(|| quote!(.len()));
        p.range
            .as_ref()
            .map(|range| quote!(&& (#range).contains(&__ffi_test_input.#index #length)))
    });
    let rust_args = params
        .iter()
        .map(|p| {
            let ident = &p.ident;
            match p.shape {
                Shape::Value => quote!(#ident),
                Shape::Buffer => quote!(&#ident),
                Shape::Struct => quote!(#ident.value()),
                Shape::StructRef => quote!(&#ident.value()),
            }
        })
        .collect();
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
        rust_args,
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
