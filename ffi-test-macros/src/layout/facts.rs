//! A layout check's facts records: the same facts `rust_side` gathers at run time (size, align,
//! kind, each field's offset, size and kind, each variant's value), as const data in the
//! binary, for run-free verification. One record per member, under the member's own
//! `#[cfg]`s, so the records cover exactly the members compiled in for the target.

use proc_macro2::TokenStream;
use quote::quote;

use super::measure::Measure;
use super::model::{FieldModel, LayoutModel, Shape};
use crate::facts::{num, record, text, text_expr, type_kind, Part, Record, Tokens};
use crate::syntax::source_line::line_of;
use ffi_test_protocol::facts::records::{Bitfield, Field, Layout, Variant};

/// Every record of `model`'s check.
pub fn records(model: &LayoutModel, kind_expr: &TokenStream) -> Vec<Record> {
    let ty = &model.ty;
    let test = model.test_name();
    let c_spelling = match &model.c_type_from_headers {
        Some(name) => ffi_test_protocol::surface::type_macro(name),
        None => model.c_type.value(),
    };
    let request = model.c_type_from_headers.clone().unwrap_or_default();
    let line = line_of(model.c_type.span());
    let opaque = matches!(model.shape, Shape::Opaque);
    let mut out = vec![record(
        &[],
        Layout::<Tokens> {
            test: text(&test),
            rust_name: text(crate::syntax::items::unraw(&model.ident)),
            c_type: text(model.c_type.value()),
            c_spelling: text(&c_spelling),
            request: text(&request),
            line: num(quote!(#line)),
            size: num(quote!(::core::mem::size_of::<#ty>())),
            align: num(quote!(::core::mem::align_of::<#ty>())),
            kind: num(kind_expr.clone()),
            opaque: num(quote!(#opaque)),
        },
    )];
    if let Shape::Struct(fields) | Shape::Union(fields) = &model.shape {
        for (i, f) in fields.iter().enumerate() {
            out.push(field(ty, &test, i, f));
        }
    }
    if let Shape::Enum(variants) = &model.shape {
        for (i, v) in variants.iter().enumerate() {
            let ident = &v.ident;
            let line = v.line as u32;
            out.push(record(
                &v.conditions.cfgs,
                Variant::<Tokens> {
                    test: text(&test),
                    index: num(quote!(#i)),
                    name: text(crate::syntax::items::unraw(ident)),
                    c_name: text_expr(v.conditions.c_name(&v.c_name)),
                    value: num(quote!(#ty::#ident as i64)),
                    line: num(quote!(#line)),
                },
            ));
        }
    }
    for b in &model.bitfields {
        out.push(record(
            &[],
            Bitfield::<Tokens> {
                test: text(&test),
                name: text(&b.rust_name),
            },
        ));
    }
    out
}

/// One field's record: its offset by `offset_of!`, its size and kind from its type where the
/// model has it, else its size through a projection and its kind unknown.
fn field(ty: &syn::Path, test: &str, index: usize, f: &FieldModel) -> Record {
    let (member, via) = (&f.member, &f.via);
    let offset = quote!(::core::mem::offset_of!(#ty, #(#via.)* #member));
    let line = f.line as u32;
    let [size, kind_part] = match f.measure() {
        Measure::Flexible(elem) => {
            let elem_kind = type_kind(elem);
            let Part::Num(elem_kind) = elem_kind else {
                unreachable!("a kind is a number")
            };
            [
                num(quote!(0)),
                num(quote!(::ffi_test::__private_0_1::probe::pack_facts(
                    ::ffi_test::Kind::Array as u64,
                    #elem_kind,
                    ::core::mem::size_of::<#elem>() as u64
                ))),
            ]
        }
        Measure::Typed(field_ty) => [
            num(quote!(::core::mem::size_of::<#field_ty>())),
            type_kind(field_ty),
        ],
        Measure::Projected => [
            num(quote!(::ffi_test::__private_0_1::probe::size_of_target(
                |p: *const #ty| {
                    // SAFETY: never called: the closure only names the field's type.
                    unsafe { ::core::ptr::addr_of!((*p) #(.#via)* .#member) }
                }
            ))),
            num(quote!(::ffi_test::__private_0_1::facts::UNKNOWN_KIND)),
        ],
    };
    record(
        &f.conditions.cfgs,
        Field::<Tokens> {
            test: text(test),
            index: num(quote!(#index)),
            name: text(&f.rust_name),
            c_name: text_expr(f.conditions.c_name(&f.c_name)),
            line: num(quote!(#line)),
            offset: num(offset),
            size,
            kind: kind_part,
        },
    )
}
