//! A layout check's facts records, for run-free verification: written from the check's one
//! description (`description.rs`), each number read from the description's static or its
//! member's `const`, so what verification reads is what the running check compares. One record
//! per member, under the member's own `#[cfg]`s, so the records cover exactly the members
//! compiled in for the target.

use quote::quote;
use syn::Ident;

use super::description::{member, Member};
use super::model::{LayoutModel, Shape};
use crate::facts::{num, record, text, text_expr, Record, Tokens};
use crate::syntax::source_line::line_of;
use ffi_test_protocol::facts::records::{Bitfield, Field, Layout, Variant};

/// Every record of `model`'s check, whose description is the static `desc`.
pub fn records(model: &LayoutModel, desc: &Ident) -> Vec<Record> {
    let test = model.test_name();
    let c_spelling = model.c_spelling();
    let request = model.c_type_from_headers.clone().unwrap_or_default();
    let line = line_of(model.c_type.span());
    let mut out = vec![record(
        &[],
        Layout::<Tokens> {
            test: text(&test),
            rust_name: text(crate::syntax::items::unraw(&model.ident)),
            c_type: text(model.c_type.value()),
            c_spelling: text(&c_spelling),
            request: text(&request),
            line: num(quote!(#line)),
            size: num(quote!(#desc.size)),
            align: num(quote!(#desc.align)),
            kind: num(quote!(#desc.kind)),
            opaque: num(quote!(#desc.opaque)),
            all_members: num(quote!(#desc.all_members)),
        },
    )];
    if let Shape::Struct(fields) | Shape::Union(fields) = &model.shape {
        for (i, f) in fields.iter().enumerate() {
            let field = member(desc, Member::Field, i);
            out.push(record(
                &f.conditions.cfgs,
                Field::<Tokens> {
                    test: text(&test),
                    index: num(quote!(#i)),
                    name: text(&f.rust_name),
                    c_name: text_expr(f.conditions.c_name(&f.c_name)),
                    line: num(quote!(#field.line)),
                    offset: num(quote!(#field.offset)),
                    size: num(quote!(#field.size)),
                    kind: num(quote!(::ffi_test::__private_0_1::layout::record_kind(&#field))),
                },
            ));
        }
    }
    if let Shape::Enum(variants) = &model.shape {
        for (i, v) in variants.iter().enumerate() {
            let variant = member(desc, Member::Variant, i);
            out.push(record(
                &v.conditions.cfgs,
                Variant::<Tokens> {
                    test: text(&test),
                    index: num(quote!(#i)),
                    name: text(crate::syntax::items::unraw(&v.ident)),
                    c_name: text_expr(v.conditions.c_name(&v.c_name)),
                    value: num(quote!(#variant.value)),
                    line: num(quote!(#variant.line)),
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
