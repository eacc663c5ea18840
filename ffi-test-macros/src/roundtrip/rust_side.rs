//! The Rust half of a round-trip battery: the `FfiValue` impl (leaves, and the layout gate that
//! recurses into field types) and one registered test per shape and per user function.

use ffi_test_protocol::test_kind::TestKind;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};

use ffi_test_protocol::roundtrip as protocol;

use super::Through;
use crate::layout::model::{subject, LayoutModel, Shape};
use crate::registration::{body_fragment, none, Entry};
use crate::syntax::source_line::line_of;

pub fn expand(
    model: &LayoutModel,
    through: &[Through],
    shapes: &[(String, TokenStream)],
) -> TokenStream {
    let ty = &model.ty;
    let item = &model.item;
    let root = subject(&model.ident.to_string());
    let rust_name = crate::syntax::items::unraw(&model.ident);
    let c_type_name = model.c_type.value();
    let outcome = if matches!(model.shape, Shape::Struct(_)) {
        "then_fields_intact"
    } else {
        "then_value_intact"
    };
    let group = format!("{root}__roundtrip");
    let c_text = protocol::c_text(&model.c_type.value());
    let line = line_of(model.c_type.span());
    // A C++ type's battery is C++ (its functions with C linkage).
    let language = ffi_test_protocol::language::Language::of_name(&c_type_name);
    let fragment = body_fragment(
        language,
        quote!(#c_text),
        line.clone(),
        &[],
        &protocol::symbols(),
        &group,
    );
    let (leaves, nested) = leaves(model);
    let mut tests = TokenStream::new();
    let mut count = 0usize;
    let param = crate::registration::context_param();
    let ctx = crate::registration::context();
    let mut add = |name: String, run_body: TokenStream, expect: Option<TokenStream>| {
        let run = format_ident!("__ffi_rt_{count}");
        count += 1;
        let entry = Entry {
            name,
            kind: TestKind::Roundtrip,
            line: line.clone(),
            ignore: none(),
            should_panic: none(),
            c: fragment.clone(),
            timeout_ms: None,
            expect,
            run: quote!(#run),
            facts: Vec::new(),
            faults: None,
            py: None,
        }
        .submit();
        tests.extend(quote! {
            fn #run(#param) -> ::core::result::Result<(), ::std::string::String> { #run_body }
            #entry
        });
    };
    for protocol::ShapeInfo { variant, scenario } in protocol::SHAPES {
        let name = format!("{root}__{scenario}__{outcome}");
        let variant = format_ident!("{variant}");
        let expect = shapes
            .iter()
            .find(|(s, _)| s == scenario)
            .map(|(_, e)| e.clone())
            .or_else(|| model.args.expect.clone());
        add(
            name.clone(),
            quote!(::ffi_test::__private_0_1::roundtrip::run_shape::<#ty>(#ctx, ::ffi_test::__private_0_1::roundtrip::Shape::#variant, #root, (#rust_name, #c_type_name))),
            expect,
        );
    }
    for t in through {
        let path = &t.path;
        let fn_name = path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let shown = quote!(#path).to_string().replace(' ', "");
        let name = format!("{root}__through_{}__{outcome}", subject(&fn_name));
        // Spanned at the path, so a declaration that is neither an echo nor a copy function is
        // reported there.
        let body = if t.copy {
            quote_spanned!(path_span(path)=> ::ffi_test::__private_0_1::roundtrip::run_copy::<#ty>(#path as unsafe extern "C" fn(_, _), #shown, #root, (#rust_name, #c_type_name)))
        } else {
            quote_spanned!(path_span(path)=> ::ffi_test::__private_0_1::roundtrip::run_echo::<#ty>(#path as unsafe extern "C" fn(_) -> _, #shown, #root, (#rust_name, #c_type_name)))
        };
        add(
            name,
            body,
            t.expect.clone().or_else(|| model.args.expect.clone()),
        );
    }
    quote! {
        #item

        const _: () = {
            // SAFETY: the leaves are this type's fields (at their offsets) or, for a union, its
            // bytes; each field type's own FfiValue impl vouches for its values.
            unsafe impl ::ffi_test::roundtrip::FfiValue for #ty {
                fn leaves(prefix: &str, base: usize, out: &mut ::std::vec::Vec<::ffi_test::roundtrip::Leaf>) {
                    #leaves
                }

                fn verify_layout() -> ::core::result::Result<(), ::std::string::String> {
                    ::ffi_test::__private_0_1::roundtrip::check_layout::<#ty>()?;
                    #(#nested)*
                    ::core::result::Result::Ok(())
                }
            }

            #tests
        };
    }
}

fn path_span(path: &syn::Path) -> proc_macro2::Span {
    path.segments
        .last()
        .map_or_else(proc_macro2::Span::call_site, |s| s.ident.span())
}

/// The body of `FfiValue::leaves`, and the nested types' layout gates.
fn leaves(model: &LayoutModel) -> (TokenStream, Vec<TokenStream>) {
    let ty = &model.ty;
    match &model.shape {
        Shape::Struct(fields) => {
            let mut body = TokenStream::new();
            let mut nested = Vec::new();
            for f in fields {
                let Some(fty) = &f.ty else { continue };
                let (member, name) = (&f.member, &f.rust_name);
                let cfgs = &f.conditions.cfgs;
                body.extend(quote_spanned! {f.span=>
                    #(#cfgs)*
                    <#fty as ::ffi_test::roundtrip::FfiValue>::leaves(
                        &::std::format!("{}.{}", prefix, #name),
                        base + ::core::mem::offset_of!(#ty, #member),
                        out,
                    );
                });
                nested.push(
                    quote!(#(#cfgs)* <#fty as ::ffi_test::roundtrip::FfiValue>::verify_layout()?;),
                );
            }
            (body, nested)
        }
        Shape::Union(fields) => {
            let sizes = fields.iter().filter_map(|f| {
                let (fty, cfgs) = (f.ty.as_ref()?, &f.conditions.cfgs);
                Some(quote!(#(#cfgs)* ::core::mem::size_of::<#fty>()))
            });
            let body = quote! {
                let size = [#(#sizes),*].into_iter().max().unwrap_or(0);
                out.push(::ffi_test::roundtrip::Leaf {
                    path: prefix.to_string(),
                    offset: base,
                    size,
                    class: ::ffi_test::roundtrip::LeafClass::Bytes,
                });
            };
            (body, Vec::new())
        }
        Shape::Enum(variants) => {
            let values = variants.iter().map(|v| {
                let (ident, cfgs) = (&v.ident, &v.conditions.cfgs);
                quote!(#(#cfgs)* #ty::#ident as i64)
            });
            let body = quote! {
                const VALUES: &[i64] = &[#(#values),*];
                out.push(::ffi_test::roundtrip::Leaf {
                    path: prefix.to_string(),
                    offset: base,
                    size: ::core::mem::size_of::<#ty>(),
                    class: ::ffi_test::roundtrip::LeafClass::Enum(VALUES),
                });
            };
            (body, Vec::new())
        }
        // `opaque` exists only in check_layout!, which has no round-trip.
        Shape::Opaque | Shape::Alias => (TokenStream::new(), Vec::new()),
        Shape::Newtype(inner) => (
            quote!(<#inner as ::ffi_test::roundtrip::FfiValue>::leaves(prefix, base, out);),
            vec![quote!(<#inner as ::ffi_test::roundtrip::FfiValue>::verify_layout()?;)],
        ),
    }
}
