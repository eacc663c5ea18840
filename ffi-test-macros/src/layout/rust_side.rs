//! The Rust half of a layout check: the item, its `CKind`, compile-time assertions of the sizes
//! the user wrote, and the registered test gathering Rust's facts.

use ffi_test_protocol::test_kind::TestKind;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::measure::Measure;
use super::model::{LayoutModel, Shape};
use crate::registration::{none, rendered_c_fragment, Entry};
use crate::syntax::source_line::line_of;

/// The block that builds Rust's side of the comparison (`RustLayout`), one statement per
/// member compiled in.
pub fn rust_layout_block(model: &LayoutModel) -> TokenStream {
    let ty = &model.ty;
    let probe = quote!((&&&::ffi_test::__private_0_1::probe::KindProbe::<#ty>::new()).kind_facts());
    let rust_name = crate::syntax::items::unraw(&model.ident);
    let c_type = model.c_type.value();
    let kind = match &model.shape {
        Shape::Struct(_) => quote!(::ffi_test::Kind::Record),
        Shape::Union(_) => quote!(::ffi_test::Kind::Union),
        Shape::Enum(_) => quote!(::ffi_test::Kind::Enum),
        Shape::Newtype(inner) => quote!(<#inner as ::ffi_test::CKind>::KIND),
        Shape::Opaque => quote!(::ffi_test::Kind::Other),
        Shape::Alias => quote!(#probe.0),
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
                let name = crate::syntax::items::unraw(ident);
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
    let all_members =
        model.all_members && matches!(model.shape, Shape::Struct(_) | Shape::Union(_));
    let c_spelling = match &model.c_type_from_headers {
        Some(name) => ffi_test_protocol::surface::type_macro(name),
        None => c_type.clone(),
    };
    let kind_expr = if model.item.is_some() {
        quote!(<#ty as ::ffi_test::CKind>::KIND)
    } else {
        kind.clone()
    };
    quote! {{
        // The kind probes of fields whose types may be another crate's (see `probe`).
        #[allow(unused_imports)]
        use ::ffi_test::__private_0_1::probe::{ViaShape as _, ViaCKind as _, ViaForeign as _};
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
            all_members: #all_members,
            c_spelling: #c_spelling,
            bitfields,
        }
    }}
}

pub fn expand(model: &LayoutModel) -> TokenStream {
    let ty = &model.ty;
    let test_name = model.test_name();
    let kind = own_kind(model);
    let element = match &model.shape {
        Shape::Newtype(inner) => quote!(<#inner as ::ffi_test::CKind>::ELEMENT),
        _ => none(),
    };
    let rust_layout = rust_layout_block(model);
    let asserts = assertions(model);
    let attr_line = line_of(model.c_type.span());
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
        // Built by one function for both the check and its C text.
        None => (TokenStream::new(), quote!(__ffi_test_rust_layout())),
    };
    let builder = match &model.item {
        Some(_) => TokenStream::new(),
        None => quote! {
            fn __ffi_test_rust_layout() -> ::ffi_test::__private_0_1::layout::RustLayout {
                #rust_layout
            }
        },
    };
    let entry = entry(
        model,
        quote!(__ffi_test_layout),
        quote!(__ffi_test_layout_c),
    )
    .submit();
    let param = crate::registration::context_param();
    let ctx = crate::registration::context();
    quote! {
        #item_and_impls

        #asserts

        const _: () = {
            #builder
            fn __ffi_test_layout(#param) -> ::core::result::Result<(), ::std::string::String> {
                ::ffi_test::__private_0_1::layout::run(#ctx, #layout_expr)
            }
            fn __ffi_test_layout_c() -> ::std::string::String {
                ::ffi_test::__private_0_1::layout::c_text(&#layout_expr, #attr_line)
            }
            #entry
        };
    }
}

/// A whole-surface check's parts: the functions `builder` (Rust's side), `run` (the test) and
/// `render` (its C text), and the entry naming them (registered with the surface's others).
pub fn surface_parts(
    model: &LayoutModel,
    [builder, run, render]: [&syn::Ident; 3],
) -> (TokenStream, Entry) {
    let rust_layout = rust_layout_block(model);
    let attr_line = line_of(model.c_type.span());
    let param = crate::registration::context_param();
    let ctx = crate::registration::context();
    let functions = quote! {
        fn #builder() -> ::ffi_test::__private_0_1::layout::RustLayout {
            #rust_layout
        }
        fn #run(#param) -> ::core::result::Result<(), ::std::string::String> {
            ::ffi_test::__private_0_1::layout::run(#ctx, #builder())
        }
        fn #render() -> ::std::string::String {
            ::ffi_test::__private_0_1::layout::c_text(&#builder(), #attr_line)
        }
    };
    (functions, entry(model, quote!(#run), quote!(#render)))
}

/// The kind a type annotated in place gets as its `CKind`.
fn own_kind(model: &LayoutModel) -> TokenStream {
    let ty = &model.ty;
    match &model.shape {
        Shape::Struct(_) => quote!(::ffi_test::Kind::Record),
        Shape::Union(_) => quote!(::ffi_test::Kind::Union),
        Shape::Enum(_) => quote!(::ffi_test::Kind::Enum),
        Shape::Newtype(inner) => quote!(<#inner as ::ffi_test::CKind>::KIND),
        Shape::Opaque => quote!(::ffi_test::Kind::Other),
        Shape::Alias => quote!(<#ty as ::ffi_test::CKind>::KIND),
    }
}

/// The registered test of `model`: `run` runs it, `render` (a `fn() -> String` expression)
/// renders its C.
fn entry(model: &LayoutModel, run: TokenStream, render: TokenStream) -> Entry {
    let test_name = model.test_name();
    let ty = &model.ty;
    let kind = match (&model.item, &model.shape) {
        (Some(_), _) => quote!(<#ty as ::ffi_test::CKind>::KIND),
        (None, Shape::Alias) => quote!(<::ffi_test::__private_0_1::probe::ConstKind<#ty>>::KIND),
        (None, _) => own_kind(model),
    };
    let prototypes = match &model.c_type_from_headers {
        Some(name) => vec![ffi_test_protocol::surface::type_request(name)],
        None => Vec::new(),
    };
    Entry {
        name: test_name.clone(),
        kind: TestKind::Layout,
        line: line_of(model.c_type.span()),
        ignore: none(),
        should_panic: none(),
        c: rendered_c_fragment(
            render,
            line_of(model.c_type.span()),
            quote!(&[::ffi_test::__private_0_1::layout::FACTS_SYMBOL]),
            &test_name,
            &prototypes,
        ),
        timeout_ms: None,
        expect: model.args.expect.clone(),
        run,
        facts: super::facts::records(model, &kind),
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
    let measure = f.measure();
    if let Measure::Flexible(elem) = measure {
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
            .and_then(super::measure::union_field_member)
            .map(|t| quote!(as *const #t));
    let project = quote_spanned! {f.span=>
        |p: *const #ty| {
            // SAFETY: only the place's address is taken (no read, no reference), and `p`
            // points at a live, if uninitialised, value of the type.
            unsafe { ::core::ptr::addr_of!((*p) #(.#via)* .#member) #cast }
        }
    };
    // A field whose type the model knows (read from a bindings file): its offset and size
    // are read by the compiler (`offset_of!`, `size_of`), with no closure or generic function
    // per field: a whole surface has thousands.
    if let (true, Measure::Typed(field_ty)) = (f.probed, measure) {
        return quote_spanned! {f.span=>
            #(#cfgs)*
            {
                let (kind, element) = (&&&::ffi_test::__private_0_1::probe::KindProbe::<#field_ty>::new()).kind_facts();
                fields.push(#layout::RustField {
                    name: #name, c_name: #c_name, line: #line,
                    offset: ::core::mem::offset_of!(#ty, #(#via.)* #member),
                    size: ::core::mem::size_of::<#field_ty>(),
                    kind, element,
                });
            }
        };
    }
    if f.probed {
        return quote_spanned! {f.span=>
            #(#cfgs)*
            {
                let project = #project;
                // A closure capturing nothing is `Copy`: it is passed twice.
                let probe = ::ffi_test::__private_0_1::probe::KindProbe::of_place(project);
                fields.push(#layout::field_probed(#name, #c_name, #line, project, (&&&probe).kind_facts()));
            }
        };
    }
    quote_spanned! {f.span=>
        #(#cfgs)*
        fields.push(#layout::field::<#ty, _>(#name, #c_name, #line, #project));
    }
}
