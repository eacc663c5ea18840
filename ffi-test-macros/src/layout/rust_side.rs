//! The Rust half of a layout check: the item, its `CKind`, compile-time assertions of the sizes
//! the user wrote, and the registered test gathering Rust's facts.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::model::{LayoutModel, Shape};
use crate::registration::{none, rendered_c_fragment, Entry};
use crate::source_line::line_of;

pub fn expand(model: &LayoutModel) -> TokenStream {
    let ty = &model.ty;
    let probe = quote!({
        #[allow(unused_imports)]
        use ::ffi_test::__private_0_1::probe::{ViaShape as _, ViaCKind as _, ViaForeign as _};
        (&&&::ffi_test::__private_0_1::probe::KindProbe::<#ty>::new()).kind_facts()
    });
    let test_name = model.test_name();
    let rust_name = crate::unraw(&model.ident);
    let c_type = model.c_type.value();
    let kind = match &model.shape {
        Shape::Struct(_) => quote!(::ffi_test::Kind::Record),
        Shape::Union(_) => quote!(::ffi_test::Kind::Union),
        Shape::Enum(_) => quote!(::ffi_test::Kind::Enum),
        Shape::Newtype(inner) => quote!(<#inner as ::ffi_test::CKind>::KIND),
        Shape::Opaque => quote!(::ffi_test::Kind::Other),
        Shape::Alias => quote!(#probe.0),
    };
    let element = match &model.shape {
        Shape::Newtype(inner) => quote!(<#inner as ::ffi_test::CKind>::ELEMENT),
        Shape::Alias => quote!(#probe.1),
        _ => none(),
    };
    // One statement per field and variant, each under the item's own `#[cfg]`s: the Rust facts
    // and the C the runtime renders from them cover exactly the members compiled in.
    let fields: Vec<TokenStream> = match &model.shape {
        Shape::Struct(fields) | Shape::Union(fields) => {
            fields.iter().map(|f| field(ty, f)).collect()
        }
        _ => Vec::new(),
    };
    let variants: Vec<TokenStream> = match &model.shape {
        Shape::Enum(variants) => variants
            .iter()
            .map(|v| {
                let ident = &v.ident;
                let name = crate::unraw(ident);
                let c_name = v.conditions.c_name(&v.c_name);
                let cfgs = &v.conditions.cfgs;
                let line = v.line as u32;
                quote! {
                    #(#cfgs)*
                    variants.push(::ffi_test::__private_0_1::layout::RustVariant {
                        name: #name, c_name: #c_name, value: #ty::#ident as i64, line: #line,
                    });
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let bitfields = model.bitfields.iter().map(|b| {
        let (name, c_name, setter, line) = (&b.rust_name, &b.c_name, &b.setter, b.line as u32);
        let via = &b.via;
        quote! {
            bitfields.push(::ffi_test::__private_0_1::layout::bitfield::<#ty, _>(#name, #c_name, #line, |v, ones| {
                // SAFETY: an anonymous union member is only written through, in a zeroed
                // value of plain C data (see `bitfield`).
                #[allow(unused_unsafe)]
                unsafe { v #(.#via)* .#setter(ones) }
            }));
        }
    });
    let opaque = matches!(model.shape, Shape::Opaque);
    let (c_spelling, prototypes) = match &model.c_type_from_headers {
        Some(name) => (
            ffi_test_protocol::surface::type_macro(name),
            vec![ffi_test_protocol::surface::type_request(name)],
        ),
        None => (c_type.clone(), Vec::new()),
    };
    let asserts = assertions(model);
    let attr_line = line_of(model.c_type.span());
    let entry = Entry {
        name: test_name.clone(),
        kind: "Layout",
        line: line_of(model.c_type.span()),
        ignore: none(),
        should_panic: none(),
        c: rendered_c_fragment(
            quote!(__ffi_test_layout_c),
            attr_line.clone(),
            quote!(&[::ffi_test::__private_0_1::layout::FACTS_SYMBOL]),
            &test_name,
            &prototypes,
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
    let rust_layout = quote! {{
        #[allow(unused_mut)]
        let mut fields = ::std::vec::Vec::new();
        #(#fields)*
        #[allow(unused_mut)]
        let mut variants = ::std::vec::Vec::new();
        #(#variants)*
        #[allow(unused_mut)]
        let mut bitfields = ::std::vec::Vec::new();
        #(#bitfields)*
        ::ffi_test::__private_0_1::layout::RustLayout {
            rust_name: #rust_name,
            c_type: #c_type,
            size: ::core::mem::size_of::<#ty>(),
            align: ::core::mem::align_of::<#ty>(),
            kind: #kind_expr,
            fields,
            variants,
            opaque: #opaque,
            c_spelling: #c_spelling,
            bitfields,
        }
    }};
    // The external form names a type of another crate, which cannot get this crate's impls.
    let (item_and_impls, layout_expr) = match &model.item {
        Some(item) => (
            quote! {
                #item

                impl ::ffi_test::CKind for #ty {
                    const KIND: ::ffi_test::Kind = #kind;
                    const ELEMENT: ::core::option::Option<(::ffi_test::Kind, usize)> = #element;
                }

                impl ::ffi_test::__private_0_1::layout::LayoutChecked for #ty {
                    const TEST: &'static str = #test_name;
                    fn rust_layout() -> ::ffi_test::__private_0_1::layout::RustLayout {
                        #rust_layout
                    }
                }
            },
            quote!(<#ty as ::ffi_test::__private_0_1::layout::LayoutChecked>::rust_layout()),
        ),
        None => (TokenStream::new(), rust_layout),
    };
    quote! {
        #item_and_impls

        #asserts

        const _: () = {
            fn __ffi_test_layout() -> ::core::result::Result<(), ::std::string::String> {
                ::ffi_test::__private_0_1::layout::run(#test_name, #layout_expr)
            }
            fn __ffi_test_layout_c() -> ::std::string::String {
                ::ffi_test::__private_0_1::layout::c_text(&#layout_expr, #attr_line)
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

/// The statement pushing one field's facts, under the field's own `#[cfg]`s (so the Rust facts
/// and the C rendered from them cover exactly the members compiled in), spelled at the field's
/// type so that a type without a C kind is reported there.
fn field(ty: &syn::Path, f: &super::model::FieldModel) -> TokenStream {
    let member = &f.member;
    let via = &f.via;
    let name = &f.rust_name;
    let c_name = f.conditions.c_name(&f.c_name);
    let cfgs = &f.conditions.cfgs;
    let line = f.line as u32;
    let layout = quote!(::ffi_test::__private_0_1::layout);
    if let Some(elem) = f.ty.as_ref().and_then(super::model::flexible_element) {
        return quote_spanned! {f.span=>
            #(#cfgs)*
            fields.push(#layout::flexible_field::<#ty, #elem>(#name, #c_name, #line, |p| {
                // SAFETY: only the place's address is taken, as for any field.
                unsafe { ::core::ptr::addr_of!((*p) #(.#via)* .#member) as *const u8 }
            }));
        };
    }
    // bindgen's `__BindgenUnionField<T>` is a zero-sized marker whose place is the `T`'s.
    let cast =
        f.ty.as_ref()
            .and_then(super::model::union_field_member)
            .map(|t| quote!(as *const #t));
    let project = quote_spanned! {f.span=>
        |p: *const #ty| {
            // SAFETY: only the place's address is taken (no read, no reference), and `p`
            // points at a live, if uninitialised, value of the type.
            unsafe { ::core::ptr::addr_of!((*p) #(.#via)* .#member) #cast }
        }
    };
    if f.probed {
        return quote_spanned! {f.span=>
            #(#cfgs)*
            {
                #[allow(unused_imports)]
                use ::ffi_test::__private_0_1::probe::{ViaShape as _, ViaCKind as _, ViaForeign as _};
                let probe = ::ffi_test::__private_0_1::probe::KindProbe::of_place(#project);
                fields.push(#layout::field_probed(#name, #c_name, #line, #project, (&&&probe).kind_facts()));
            }
        };
    }
    quote_spanned! {f.span=>
        #(#cfgs)*
        fields.push(#layout::field::<#ty, _>(#name, #c_name, #line, #project));
    }
}
