//! The one answer of every attribute macro whose input has an error (as thiserror-impl's
//! `fallback.rs`): the errors, then the item as written minus every ffi-test helper attribute
//! (`#[layout]`, also inside `cfg_attr`, and `#[signature]`), plus stub impls of the traits the
//! item would have had. So one mistake gives one error: no "cannot find attribute `layout`", and
//! no E0277 on a neighbouring type that uses this one as a field.

use proc_macro2::TokenStream;
use quote::quote;

/// The traits a successful expansion would have implemented for the item.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stubs {
    None,
    /// `CKind` and `LayoutChecked` (`#[layout_matches]`).
    Layout,
    /// `FfiValue` (`#[ffi_roundtrip]`).
    Roundtrip,
}

/// `errors`, then `item` (as tokens, so an item that does not even parse is kept as written)
/// without helper attributes, then the stubs.
pub fn item(errors: TokenStream, item: TokenStream, stubs: Stubs) -> TokenStream {
    let Ok(mut parsed) = syn::parse2::<syn::Item>(item.clone()) else {
        return quote!(#errors #item);
    };
    strip_helpers(&mut parsed);
    let stubs = stub_impls(&parsed, stubs);
    quote!(#errors #parsed #stubs)
}

fn strip_helpers(item: &mut syn::Item) {
    // The attribute's own errors are not wanted here: the macro has reported its input's.
    let layout =
        |attrs: &mut Vec<syn::Attribute>| crate::syntax::helper_attrs::strip(attrs, "layout");
    match item {
        syn::Item::Struct(s) => s.fields.iter_mut().for_each(|f| layout(&mut f.attrs)),
        syn::Item::Union(u) => u.fields.named.iter_mut().for_each(|f| layout(&mut f.attrs)),
        syn::Item::Enum(e) => e.variants.iter_mut().for_each(|v| layout(&mut v.attrs)),
        syn::Item::ForeignMod(m) => {
            for foreign in &mut m.items {
                let attrs = match foreign {
                    syn::ForeignItem::Fn(f) => &mut f.attrs,
                    syn::ForeignItem::Static(s) => &mut s.attrs,
                    _ => continue,
                };
                crate::syntax::helper_attrs::strip(attrs, "signature");
            }
        }
        _ => {}
    }
}

/// Stub impls for a non-generic struct, union or enum; none otherwise (a generic item already
/// has its own error, and the stubs could not name it).
fn stub_impls(item: &syn::Item, stubs: Stubs) -> TokenStream {
    let (ident, generics, kind) = match item {
        syn::Item::Struct(s) => (&s.ident, &s.generics, quote!(Record)),
        syn::Item::Union(u) => (&u.ident, &u.generics, quote!(Union)),
        syn::Item::Enum(e) => (&e.ident, &e.generics, quote!(Enum)),
        _ => return TokenStream::new(),
    };
    if !generics.params.is_empty() {
        return TokenStream::new();
    }
    let private = quote!(::ffi_test::__private_0_1);
    match stubs {
        Stubs::None => TokenStream::new(),
        Stubs::Layout => quote! {
            impl ::ffi_test::CKind for #ident {
                const KIND: ::ffi_test::Kind = ::ffi_test::Kind::#kind;
                const ELEMENT: ::core::option::Option<(::ffi_test::Kind, usize)> = ::core::option::Option::None;
            }
            impl #private::layout::LayoutChecked for #ident {
                const TEST: &'static str = "";
                fn rust_layout() -> &'static #private::layout::RustLayout {
                    ::core::unreachable!("a stub after a compile error")
                }
            }
        },
        Stubs::Roundtrip => quote! {
            // SAFETY: never used: the crate does not compile (this follows a compile error).
            unsafe impl ::ffi_test::roundtrip::FfiValue for #ident {
                fn leaves(_: &str, _: usize, _: &mut ::std::vec::Vec<::ffi_test::roundtrip::Leaf>) {}
            }
        },
    }
}
