//! The Rust half of a layout check: the item, its `CKind`, compile-time assertions of the sizes
//! the user wrote, and the registered test gathering Rust's facts.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::c_side::{self, FACTS_SYMBOL};
use super::model::{LayoutModel, Shape};
use crate::registration::{c_fragment, none, Entry};
use crate::source_line::line_of;

pub fn expand(model: &LayoutModel) -> TokenStream {
    let ty = &model.ty;
    let test_name = model.test_name();
    let rust_name = model.ident.to_string();
    let c_type = model.c_type.value();
    let kind = match &model.shape {
        Shape::Struct(_) => quote!(::ffi_test::Kind::Record),
        Shape::Union(_) => quote!(::ffi_test::Kind::Union),
        Shape::Enum(_) => quote!(::ffi_test::Kind::Enum),
        Shape::Newtype(inner) => quote!(<#inner as ::ffi_test::CKind>::KIND),
    };
    let element = match &model.shape {
        Shape::Newtype(inner) => quote!(<#inner as ::ffi_test::CKind>::ELEMENT),
        _ => none(),
    };
    let fields = match &model.shape {
        Shape::Struct(fields) | Shape::Union(fields) => fields
            .iter()
            .map(|f| {
                let member = &f.member;
                let (name, c_name) = (&f.rust_name, &f.c_name);
                // Spanned at the field's type: a type without a C kind is reported there.
                quote_spanned! {f.span=>
                    ::ffi_test::__private::layout::field::<#ty, _>(#name, #c_name, |p| {
                        // SAFETY: only the place's address is taken (no read, no reference), and
                        // `p` points at a live, if uninitialised, value of the type.
                        unsafe { ::core::ptr::addr_of!((*p).#member) }
                    })
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let variants = match &model.shape {
        Shape::Enum(variants) => variants
            .iter()
            .map(|v| {
                let ident = &v.ident;
                let (name, c_name) = (ident.to_string(), &v.c_name);
                quote!(::ffi_test::__private::layout::RustVariant { name: #name, c_name: #c_name, value: #ty::#ident as i64 })
            })
            .collect(),
        _ => Vec::new(),
    };
    let asserts = assertions(model);
    let attr_line = model.c_type.span().start().line;
    let c_text = c_side::text(model, attr_line);
    let entry = Entry {
        name: test_name.clone(),
        kind: "Layout",
        line: line_of(model.c_type.span()),
        ignore: none(),
        should_panic: none(),
        c: c_fragment(
            quote!(#c_text),
            line_of(model.c_type.span()),
            &[],
            &[FACTS_SYMBOL.to_string()],
            &test_name,
        ),
        timeout_ms: None,
        expect: model.args.expect.clone(),
        run: quote!(__ffi_test_layout),
    }
    .submit();
    let kind_expr = if model.item.is_some() {
        quote!(<#ty as ::ffi_test::CKind>::KIND)
    } else {
        kind.clone()
    };
    let rust_layout = quote! {
        ::ffi_test::__private::layout::RustLayout {
            rust_name: #rust_name,
            c_type: #c_type,
            size: ::core::mem::size_of::<#ty>(),
            align: ::core::mem::align_of::<#ty>(),
            kind: #kind_expr,
            fields: ::std::vec![#(#fields),*],
            variants: ::std::vec![#(#variants),*],
        }
    };
    // The external form names a type of another crate, which cannot get this crate's impls.
    let (item_and_impls, layout_expr) = match &model.item {
        Some(item) => (
            quote! {
                #item

                impl ::ffi_test::CKind for #ty {
                    const KIND: ::ffi_test::Kind = #kind;
                    const ELEMENT: ::core::option::Option<(::ffi_test::Kind, usize)> = #element;
                }

                impl ::ffi_test::__private::layout::LayoutChecked for #ty {
                    const TEST: &'static str = #test_name;
                    fn rust_layout() -> ::ffi_test::__private::layout::RustLayout {
                        #rust_layout
                    }
                }
            },
            quote!(<#ty as ::ffi_test::__private::layout::LayoutChecked>::rust_layout()),
        ),
        None => (TokenStream::new(), rust_layout),
    };
    quote! {
        #item_and_impls

        #asserts

        const _: () = {
            fn __ffi_test_layout() -> ::core::result::Result<(), ::std::string::String> {
                ::ffi_test::__private::layout::run(#test_name, #layout_expr)
            }
            #entry
        };
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
