//! A layout check's one description: a `static` `RustLayout` (size, align, kind, each member's
//! place, size and kind), every number computed by the compiler in const evaluation. The
//! running check reads it, its C text is rendered from it, and the facts records of run-free
//! verification (`facts.rs`) are written from it, so how a member is measured is decided here
//! only.
//!
//! Each field and variant is a `const` of its own under the member's own `#[cfg]`s, named after
//! the description ([`member`]), so the records name the same member the static lists.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::Ident;

use super::measure::Measure;
use super::model::{FieldModel, LayoutModel, Shape};

/// What a member of the description is: its `const`'s name says it.
#[derive(Clone, Copy)]
pub enum Member {
    Field,
    Variant,
}

/// The `const` holding member `index` of description `desc`.
pub fn member(desc: &Ident, what: Member, index: usize) -> Ident {
    let what = match what {
        Member::Field => "FIELD",
        Member::Variant => "VARIANT",
    };
    format_ident!("{desc}_{what}_{index}")
}

/// The items of `model`'s description: each member's `const`, then the `static` `desc`.
pub fn items(model: &LayoutModel, desc: &Ident, probes: Option<&Probes>) -> TokenStream {
    let layout = quote!(::ffi_test::__private_0_1::layout);
    let ty = &model.ty;
    let mut out = TokenStream::new();
    let mut fields = Vec::new();
    if let Shape::Struct(members) | Shape::Union(members) = &model.shape {
        for (i, f) in members.iter().enumerate() {
            let (name, cfgs) = (member(desc, Member::Field, i), &f.conditions.cfgs);
            // A probe under a field's own `#[cfg]`s stays with it: its type may exist only there.
            let value = field(ty, f, probes.filter(|_| cfgs.is_empty()));
            out.extend(quote! {
                #(#cfgs)*
                const #name: #layout::RustField = #value;
            });
            fields.push(quote!(#(#cfgs)* #name));
        }
    }
    let mut variants = Vec::new();
    if let Shape::Enum(members) = &model.shape {
        for (i, v) in members.iter().enumerate() {
            let (name, cfgs) = (member(desc, Member::Variant, i), &v.conditions.cfgs);
            let ident = &v.ident;
            let rust_name = crate::syntax::items::unraw(ident);
            let c_name = v.conditions.c_name(&v.c_name);
            let line = v.line as u32;
            out.extend(quote! {
                #(#cfgs)*
                const #name: #layout::RustVariant = #layout::RustVariant {
                    name: #rust_name, c_name: #c_name, value: #ty::#ident as i64, line: #line,
                };
            });
            variants.push(quote!(#(#cfgs)* #name));
        }
    }
    let bitfields = model.bitfields.iter().map(|b| {
        let (name, c_name, setter, line) = (&b.rust_name, &b.c_name, &b.setter, b.line as u32);
        let via = &b.via;
        quote! {
            #layout::BitfieldSetter {
                name: #name, c_name: #c_name, line: #line,
                bits: || #layout::bits_through::<#ty, _>(|v, ones| {
                    // SAFETY: an anonymous union member is only written through, in a zeroed
                    // value of plain C data (see `bits_through`).
                    #[allow(unused_unsafe)]
                    unsafe { v #(.#via)* .#setter(ones) }
                }),
            }
        }
    });
    let rust_name = crate::syntax::items::unraw(&model.ident);
    let c_type = model.c_type.value();
    let c_spelling = model.c_spelling();
    let opaque = matches!(model.shape, Shape::Opaque);
    let all_members =
        model.all_members && matches!(model.shape, Shape::Struct(_) | Shape::Union(_));
    let kind = kind(model, probes);
    out.extend(quote! {
        static #desc: #layout::RustLayout = #layout::RustLayout {
            rust_name: #rust_name,
            c_type: #c_type,
            size: ::core::mem::size_of::<#ty>(),
            align: ::core::mem::align_of::<#ty>(),
            kind: #kind,
            fields: #layout::Cow::Borrowed(&[#(#fields),*]),
            variants: #layout::Cow::Borrowed(&[#(#variants),*]),
            opaque: #opaque,
            all_members: #all_members,
            c_spelling: #c_spelling,
            bitfields: #layout::Cow::Borrowed(&[#(#bitfields),*]),
        };
    });
    out
}

/// The type's own kind: its `CKind` where the type annotated has one (the impl the macro
/// gives it), else what its shape says, and for an alias (whose type may be another crate's)
/// what the probes find.
fn kind(model: &LayoutModel, probes: Option<&Probes>) -> TokenStream {
    let ty = &model.ty;
    if model.item.is_some() {
        return quote!(<#ty as ::ffi_test::CKind>::KIND);
    }
    let facts = probed_kind(ty, probes);
    shape_kind(model, quote!(#facts.0))
}

/// The kind `model`'s shape says its type has; an alias's is `alias`.
pub fn shape_kind(model: &LayoutModel, alias: TokenStream) -> TokenStream {
    match &model.shape {
        Shape::Struct(_) => quote!(::ffi_test::Kind::Record),
        Shape::Union(_) => quote!(::ffi_test::Kind::Union),
        Shape::Enum(_) => quote!(::ffi_test::Kind::Enum),
        Shape::Newtype(inner) => quote!(<#inner as ::ffi_test::CKind>::KIND),
        Shape::Opaque => quote!(::ffi_test::Kind::Other),
        Shape::Alias => alias,
    }
}

/// The kind facts of `ty`, which may have no `CKind` (another crate's type): its own, else its
/// shape's (an array or a reference behind an alias), else foreign (`probe::choose`). A
/// constant expression: every check's description probes kinds this way. With `probes`, the
/// name of the probe's one `const` among the expansion's (see [`Probes`]).
pub fn probed_kind(ty: &impl ToTokens, probes: Option<&Probes>) -> TokenStream {
    match probes {
        Some(probes) => probes.of(ty),
        None => probe_expr(ty),
    }
}

/// The probes of one macro expansion, each type's emitted once as a `const` that every check
/// naming the type reads. A bindings file names few types many times (libpng's 614 checks probe
/// 151 types 1,070 times), and the compiler type-checks and evaluates each probe it is given:
/// once per type took the test crate's build from 1.52 to 1.43 s. Used only where every check
/// shares one scope and no `#[cfg]` (a probe's type may exist only under its check's).
#[derive(Default)]
pub struct Probes {
    named: RefCell<HashMap<String, Ident>>,
    items: RefCell<TokenStream>,
}

impl Probes {
    /// The `const` holding `ty`'s kind facts, emitted the first time `ty` is asked for.
    fn of(&self, ty: &impl ToTokens) -> TokenStream {
        let key = ty.to_token_stream().to_string();
        let mut named = self.named.borrow_mut();
        let next = named.len();
        let name = named.entry(key).or_insert_with(|| {
            let name = format_ident!("__FFI_TEST_KIND_{next}");
            let (probe, expr) = (quote!(::ffi_test::__private_0_1::probe), probe_expr(ty));
            self.items
                .borrow_mut()
                .extend(quote!(const #name: #probe::KindFacts = #expr;));
            name
        });
        name.to_token_stream()
    }

    /// Every `const` asked for, to be emitted in the scope of the checks that read them.
    pub fn into_items(self) -> TokenStream {
        self.items.into_inner()
    }
}

fn probe_expr(ty: &impl ToTokens) -> TokenStream {
    let probe = quote!(::ffi_test::__private_0_1::probe);
    quote!({
        #[allow(unused_imports)]
        use #probe::{ConstForeign as _, ShapeFallback as _};
        #probe::choose(<#probe::ConstKind<#ty>>::KIND_FACTS, <#probe::ConstShape<#ty>>::KIND_FACTS)
    })
}

/// One field's description, measured as [`Measure`] says: its offset by `offset_of!`, its size
/// and kind from its type where the model has it (a field type without a `CKind` is reported at
/// the field, unless the type may be another crate's), else its size through a projection the
/// code never calls and its kind by a probe at run time.
fn field(ty: &syn::Path, f: &FieldModel, probes: Option<&Probes>) -> TokenStream {
    let layout = quote!(::ffi_test::__private_0_1::layout);
    let (member, via) = (&f.member, &f.via);
    let (name, line) = (&f.rust_name, f.line as u32);
    let c_name = f.conditions.c_name(&f.c_name);
    let offset = quote!(::core::mem::offset_of!(#ty, #(#via.)* #member));
    match f.measure() {
        Measure::Flexible(elem) => quote_spanned! {f.span=>
            #layout::flexible_field::<#elem>(#name, #c_name, #line, #offset)
        },
        Measure::Typed(field_ty) if f.probed => {
            let facts = probed_kind(field_ty, probes);
            quote! {
                #layout::field_of(#name, #c_name, #line, #offset, ::core::mem::size_of::<#field_ty>(), #facts)
            }
        }
        Measure::Typed(field_ty) => quote_spanned! {f.span=>
            #layout::field::<#field_ty>(#name, #c_name, #line, #offset)
        },
        Measure::Projected => {
            let probe = quote!(::ffi_test::__private_0_1::probe);
            let project = quote! {
                |p: *const #ty| {
                    // SAFETY: never called: the closure only names the field's type.
                    unsafe { ::core::ptr::addr_of!((*p) #(.#via)* .#member) }
                }
            };
            quote! {
                #layout::field_at_run(
                    #name, #c_name, #line,
                    (#offset, #probe::size_of_target(#project)),
                    || {
                        #[allow(unused_imports)]
                        use #probe::{ViaShape as _, ViaCKind as _, ViaForeign as _};
                        (&&&#probe::KindProbe::of_place(#project)).kind_facts()
                    },
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_is_probed_once_and_named_at_every_use() {
        let probes = Probes::default();
        let first = probed_kind(&quote!(png_voidp), Some(&probes));
        let other = probed_kind(&quote!(png_structrp), Some(&probes));
        let again = probed_kind(&quote!(png_voidp), Some(&probes));
        assert_eq!(first.to_string(), "__FFI_TEST_KIND_0");
        assert_eq!(other.to_string(), "__FFI_TEST_KIND_1");
        assert_eq!(again.to_string(), first.to_string());
        let items = probes.into_items().to_string();
        assert_eq!(
            items.matches("const __FFI_TEST_KIND_").count(),
            2,
            "{items}"
        );
        assert!(items.contains("ConstKind < png_voidp >"), "{items}");
        // Without the table, the probe is written in place.
        let inline = probed_kind(&quote!(png_voidp), None).to_string();
        assert!(inline.contains("probe :: choose"), "{inline}");
    }
}
