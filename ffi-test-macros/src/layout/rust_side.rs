//! The Rust half of a layout check: the item, its `CKind`, compile-time assertions of the sizes
//! the user wrote, its description (`description.rs`), and the registered test comparing it.

use ffi_test_protocol::language::Language;
use ffi_test_protocol::test_kind::TestKind;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};

use super::model::{LayoutModel, Shape};
use crate::registration::{none, rendered_c_fragment, Entry};
use crate::syntax::source_line::line_of;

pub fn expand(model: &LayoutModel) -> TokenStream {
    let ty = &model.ty;
    let test_name = model.test_name();
    // The kind a type annotated in place gets as its `CKind`.
    let kind = super::description::shape_kind(model, quote!(<#ty as ::ffi_test::CKind>::KIND));
    let element = match &model.shape {
        Shape::Newtype(inner) => quote!(<#inner as ::ffi_test::CKind>::ELEMENT),
        _ => none(),
    };
    let desc = format_ident!("__FFI_TEST_LAYOUT");
    let description = super::description::items(model, &desc, None);
    let asserts = assertions(model);
    let attr_line = line_of(model.c_type.span());
    let layout = quote!(::ffi_test::__private_0_1::layout);
    // The external form names a type of another crate, which cannot get this crate's impls.
    let (item, impls) = match &model.item {
        Some(item) => (
            quote!(#item),
            quote! {
                impl ::ffi_test::CKind for #ty {
                    const KIND: ::ffi_test::Kind = #kind;
                    const ELEMENT: ::core::option::Option<(::ffi_test::Kind, usize)> = #element;
                }

                impl #layout::LayoutChecked for #ty {
                    const TEST: &'static str = #test_name;
                    fn rust_layout() -> &'static #layout::RustLayout {
                        &#desc
                    }
                }
            },
        ),
        None => (TokenStream::new(), TokenStream::new()),
    };
    let entry = entry(
        model,
        &desc,
        quote!(__ffi_test_layout),
        quote!(__ffi_test_layout_c),
    )
    .submit();
    let param = crate::registration::context_param();
    let ctx = crate::registration::context();
    quote! {
        #item

        #asserts

        const _: () = {
            #description
            #impls
            fn __ffi_test_layout(#param) -> ::core::result::Result<(), ::std::string::String> {
                #layout::run(#ctx, &#desc)
            }
            fn __ffi_test_layout_c() -> ::std::string::String {
                #layout::c_text(&#desc, #attr_line)
            }
            #entry
        };
    }
}

/// A whole-surface check's parts: its description (the static `desc`), the functions `run`
/// (the test) and `render` (its C text), and the entry naming them (registered with the
/// surface's others).
pub fn surface_parts(
    model: &LayoutModel,
    desc: &syn::Ident,
    [run, render]: [&syn::Ident; 2],
    probes: Option<&super::description::Probes>,
) -> (TokenStream, Entry) {
    let description = super::description::items(model, desc, probes);
    let attr_line = line_of(model.c_type.span());
    let param = crate::registration::context_param();
    let ctx = crate::registration::context();
    let layout = quote!(::ffi_test::__private_0_1::layout);
    let functions = quote! {
        #description
        fn #run(#param) -> ::core::result::Result<(), ::std::string::String> {
            #layout::run(#ctx, &#desc)
        }
        fn #render() -> ::std::string::String {
            #layout::c_text(&#desc, #attr_line)
        }
    };
    (functions, entry(model, desc, quote!(#run), quote!(#render)))
}

/// The registered test of `model`: `run` runs it, `render` (a `fn() -> String` expression)
/// renders its C.
fn entry(model: &LayoutModel, desc: &syn::Ident, run: TokenStream, render: TokenStream) -> Entry {
    let test_name = model.test_name();
    let mut prototypes = match &model.c_type_from_headers {
        Some(name) => vec![ffi_test_protocol::surface::type_request(name)],
        None => Vec::new(),
    };
    // A C++ base class's subobject is compared through the base's spelling.
    if let super::model::Shape::Struct(fields) = &model.shape {
        let bases = fields
            .iter()
            .filter_map(|f| ffi_test_protocol::members::base_of_member(&f.c_name));
        prototypes.extend(bases.map(ffi_test_protocol::surface::type_request));
    }
    let facts = quote!(::ffi_test::__private_0_1::layout::FACTS_SYMBOL);
    // A C++ type the headers may have no name for (`layout_text::c_text`) says so instead.
    let symbols = match (model.language(), &model.c_type_from_headers) {
        (Language::Cpp, Some(_)) => {
            let unresolved = ffi_test_protocol::surface::UNRESOLVED_SYMBOL;
            quote!(&[#facts, #unresolved])
        }
        _ => quote!(&[#facts]),
    };
    Entry {
        name: test_name.clone(),
        kind: TestKind::Layout,
        line: line_of(model.c_type.span()),
        ignore: none(),
        should_panic: none(),
        c: rendered_c_fragment(
            model.language(),
            render,
            line_of(model.c_type.span()),
            symbols,
            &test_name,
            &prototypes,
        ),
        timeout_ms: None,
        expect: model.args.expect.clone(),
        run,
        facts: super::facts::records(model, desc),
        faults: None,
        py: None,
    }
}

/// `size = N` / `align = N` become const assertions failing the build at the number.
fn assertions(model: &LayoutModel) -> TokenStream {
    let ty = &model.ty;
    let name = &model.ident;
    let mut out = TokenStream::new();
    for (lit, what, func) in [
        (&model.args.size, "size", quote!(size_of)),
        (&model.args.align, "align", quote!(align_of)),
    ] {
        if let Some(lit) = lit {
            let digits = lit.base10_digits();
            let message = format!("#[layout_matches]: {func}::<{name}>() is not {digits} ({what} = {digits} in the attribute)");
            out.extend(quote_spanned! {lit.span()=>
                const _: () = ::core::assert!(::core::mem::#func::<#ty>() == #lit, #message);
            });
        }
    }
    out
}
