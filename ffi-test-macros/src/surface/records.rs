//! A struct or union of the bindings as a layout check: its members flattened through bindgen's
//! anonymous members and types into the names C has for them, its bit-fields found through
//! bindgen's setters, and what is left out of it (padding, private members) said.

use super::names;
use super::plans::layout_model;
use super::walk::{Index, Plan, SkippedFields};
use crate::layout::model::{BitfieldModel, FieldModel, Repr, Shape};

/// A field a generated mirror of another crate's items (examples/libc-surface) writes for a
/// struct with private fields, which a test crate cannot name: the public ones are compared.
const PRIVATE_MARKER: &str = "__ffi_test_private";

/// What `#[repr(..)]` says of an item (a malformed one, which rustc rejects anyway, reads as
/// none: the surface reports, it does not lint).
pub(super) fn repr(attrs: &[syn::Attribute]) -> Repr {
    let mut malformed = crate::syntax::errors::Errors::default();
    let repr = Repr::of(attrs, &mut malformed);
    malformed.discard();
    repr
}

/// A struct or union as the walk reads it.
pub(super) struct Record<'a> {
    pub(super) name: &'a str,
    pub(super) attrs: &'a [syn::Attribute],
    pub(super) generics: &'a syn::Generics,
    pub(super) fields: &'a [&'a syn::Field],
    pub(super) union: bool,
    pub(super) tuple: bool,
}

/// What a struct or union of the file becomes: a layout check of its members as C names them, or
/// the reason it is none.
pub(super) fn record_plan(
    record: &Record,
    module: &[String],
    index: &Index,
    skipped: &SkippedFields,
) -> Result<(Plan, Vec<String>), String> {
    let (name, fields) = (record.name, record.fields);
    if !record.generics.params.is_empty() && index.cpp.is_some() && !name.starts_with("__Bindgen") {
        return Err("a class template (bound generic): its instances are compared where they are members of the classes that hold them".into());
    }
    if !record.generics.params.is_empty() {
        return Err("a generic type (one of bindgen's helpers): C has no generics".into());
    }
    if let Some(parent) = names::anonymous_parent(name) {
        return Err(format!(
            "an anonymous C type: checked through `{parent}`, which contains it"
        ));
    }
    let repr = repr(record.attrs);
    if name.ends_with("__bindgen_vtable") {
        return Err("bindgen's stand-in for a virtual table (what `vtable_` points to): C++ gives it no name or layout".into());
    }
    if record.tuple {
        if repr.transparent && fields.len() == 1 {
            let model = layout_model(
                module,
                name,
                name,
                Shape::Newtype(Box::new(fields[0].ty.clone())),
            );
            return Ok((Plan::Layout(Box::new(model)), Vec::new()));
        }
        return Err("a tuple struct: its fields have no C names".into());
    }
    if !repr.c {
        return Err("no #[repr(C)]: Rust's layout, not a C type".into());
    }
    let named: Vec<String> = fields
        .iter()
        .filter_map(|f| f.ident.as_ref().map(crate::syntax::items::unraw))
        .collect();
    match named.as_slice() {
        [only] if only == "_unused" => {
            return Err("opaque (`_unused: [u8; 0]`: a C type declared but never defined, or one a crate keeps opaque and uses only behind pointers): no layout to compare".into())
        }
        [only] if only == "_address" => {
            return Err("bindgen knew no layout for it (`_address`: an empty C struct, or one declared but never defined): nothing to compare".into())
        }
        [only] if only == PRIVATE_MARKER => {
            let model = layout_model(module, name, name, Shape::Opaque);
            return Ok((Plan::Layout(Box::new(model)), vec!["all its members are private to the crate: size and alignment only".into()]));
        }
        [only] if only == "_bindgen_opaque_blob" => {
            let model = layout_model(module, name, name, Shape::Opaque);
            return Ok((Plan::Layout(Box::new(model)), vec!["members opaque to bindgen: size and alignment only".into()]));
        }
        _ => {}
    }
    let mut flat = Flattened::default();
    let top = Reach {
        via: &[],
        c_prefix: "",
        cfgs: &[],
    };
    flatten(name, fields, &top, index, skipped, &mut flat);
    let shape = if record.union {
        Shape::Union(flat.fields)
    } else {
        Shape::Struct(flat.fields)
    };
    let mut model = layout_model(module, name, name, shape);
    model.bitfields = flat.bitfields;
    model.all_members = !flat.left_out;
    Ok((Plan::Layout(Box::new(model)), flat.notes))
}

#[derive(Default)]
struct Flattened {
    fields: Vec<FieldModel>,
    bitfields: Vec<BitfieldModel>,
    notes: Vec<String>,
    /// A member of C is left out on purpose (private, skipped, not `pub`).
    left_out: bool,
}

/// How the fields being read are reached from the checked type.
struct Reach<'a> {
    /// The Rust members leading to them (anonymous members, members of anonymous type).
    via: &'a [syn::Member],
    /// What C names before theirs (`named.` for a member of anonymous type; nothing through
    /// an anonymous member).
    c_prefix: &'a str,
    /// The `#[cfg]`s of the members leading to them.
    cfgs: &'a [syn::Attribute],
}

/// The fields of record `record` reached as `reach` says: anonymous members' fields as the
/// parent's own, members of anonymous type also field by field, each under its `#[cfg]`s.
fn flatten(
    record: &str,
    fields: &[&syn::Field],
    reach: &Reach,
    index: &Index,
    skipped: &SkippedFields,
    out: &mut Flattened,
) {
    let (via, c_prefix) = (reach.via, reach.c_prefix);
    let top = via.is_empty();
    for field in fields {
        let Some(ident) = &field.ident else { continue };
        let rust_name = crate::syntax::items::unraw(ident);
        if rust_name.starts_with("_bitfield_") {
            continue; // storage units: each bit-field is compared through its setter below
        }
        if rust_name == "_bindgen_align" || rust_name.starts_with("__bindgen_align") {
            continue; // a zero-sized field bindgen adds to give the struct C's alignment
        }
        if rust_name == PRIVATE_MARKER {
            out.left_out = true;
            out.notes.push(
                "members private to the crate are not compared (its size and alignment are)".into(),
            );
            continue;
        }
        if rust_name.starts_with("__bindgen_padding_") {
            out.notes.push(format!(
                "`{rust_name}`: padding bindgen added, not a C member"
            ));
            continue;
        }
        if let Some(reason) = skipped
            .get(&(record.to_string(), rust_name.clone()))
            .filter(|_| top)
        {
            out.left_out = true;
            out.notes
                .push(format!("`{rust_name}`: not compared: {reason}"));
            continue;
        }
        if !matches!(field.vis, syn::Visibility::Public(_)) {
            out.left_out = true;
            out.notes.push(format!(
                "`{rust_name}`: not `pub`, so the checks cannot name it: not compared"
            ));
            continue;
        }
        let mut cfgs = reach.cfgs.to_vec();
        cfgs.extend(crate::syntax::helper_attrs::cfgs(&field.attrs));
        let member = syn::Member::Named(ident.clone());
        let mut inner_via = via.to_vec();
        inner_via.push(member.clone());
        let inner = names::last_segment(&field.ty)
            .and_then(|t| index.records.get(&t).map(|f| (t, f.as_slice())));
        if rust_name.starts_with("__bindgen_anon_") {
            if let Some((ty, inner_fields)) = inner {
                let inner_reach = Reach {
                    via: &inner_via,
                    c_prefix,
                    cfgs: &cfgs,
                };
                flatten(&ty, inner_fields, &inner_reach, index, skipped, out);
                continue;
            }
        }
        let c_name = format!("{c_prefix}{}", names::c_member(&rust_name));
        out.fields.push(FieldModel {
            member,
            rust_name: if top {
                rust_name.clone()
            } else {
                format!("{}.{rust_name}", via_text(via))
            },
            c_name: c_name.clone(),
            line: 0,
            span: proc_macro2::Span::call_site(),
            ty: Some(field.ty.clone()),
            conditions: crate::layout::model::Conditions {
                cfgs: cfgs.clone(),
                renames: Vec::new(),
            },
            via: via.to_vec(),
            probed: true,
        });
        if let Some((ty, inner_fields)) =
            inner.filter(|(t, _)| names::anonymous_parent(t).is_some())
        {
            let prefix = format!("{c_name}.");
            let inner_reach = Reach {
                via: &inner_via,
                c_prefix: &prefix,
                cfgs: &cfgs,
            };
            flatten(&ty, inner_fields, &inner_reach, index, skipped, out);
        }
    }
    bitfields(record, via, c_prefix, index, out);
}

fn via_text(via: &[syn::Member]) -> String {
    via.iter()
        .map(|m| match m {
            syn::Member::Named(i) => crate::syntax::items::unraw(i),
            syn::Member::Unnamed(i) => i.index.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// bindgen's bit-field setters of `record`: `fn set_x(&mut self, val: T)`, writing a
/// `_bitfield_N` unit (its `_raw` variants take a pointer and are not read).
fn bitfields(
    record: &str,
    via: &[syn::Member],
    c_prefix: &str,
    index: &Index,
    out: &mut Flattened,
) {
    let Some(impls) = index.impls.get(record) else {
        return;
    };
    for f in impls.iter().flat_map(|i| &i.items).filter_map(|i| match i {
        syn::ImplItem::Fn(f) => Some(f),
        _ => None,
    }) {
        let setter = &f.sig.ident;
        let Some(field) = setter.to_string().strip_prefix("set_").map(str::to_string) else {
            continue;
        };
        if field.ends_with("_raw")
            || !matches!(f.sig.inputs.first(), Some(syn::FnArg::Receiver(r)) if r.mutability.is_some())
        {
            continue;
        }
        let writes_unit = quote::ToTokens::to_token_stream(&f.block)
            .to_string()
            .contains("_bitfield_");
        if !writes_unit || f.sig.inputs.len() != 2 {
            continue;
        }
        let param = match &f.sig.inputs[1] {
            syn::FnArg::Typed(t) => (*t.ty).clone(),
            _ => continue,
        };
        if !names::is_integer_or_bool(&param, &index.aliases) {
            let shown = crate::bindings::model::type_text(&param);
            out.notes.push(format!("bit-field `{field}` has type `{shown}`: bindgen converts it, so its bits are not compared"));
            continue;
        }
        out.bitfields.push(BitfieldModel {
            via: via.to_vec(),
            c_name: format!("{c_prefix}{}", names::c_member(&field)),
            rust_name: field,
            setter: setter.clone(),
            line: 0,
        });
    }
}
