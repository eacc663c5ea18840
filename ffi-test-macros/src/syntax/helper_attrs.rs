//! ffi-test's helper attributes (`#[layout(..)]` on fields and variants, `#[signature(..)]` on
//! extern items), written plainly or under `#[cfg_attr(pred, ..)]`. An attribute macro sees the
//! item before `cfg_attr` is expanded, so it reads both forms and removes both: a helper left
//! on the item would be an unknown attribute to rustc.

use proc_macro2::TokenStream;
use syn::punctuated::Punctuated;
use syn::{Attribute, Meta, Token};

/// One helper found: its predicate (`None` when written plainly) and its `name(..)` meta.
pub struct Found {
    pub pred: Option<TokenStream>,
    pub meta: Meta,
    /// Where an error about it points: the whole attribute when written plainly.
    pub at: TokenStream,
}

/// Every `#[name(..)]` and `#[cfg_attr(pred, name(..))]` of `attrs`, in order. Malformed
/// `cfg_attr`s are reported.
pub fn find(
    attrs: &[Attribute],
    name: &str,
    errors: &mut crate::syntax::errors::Errors,
) -> Vec<Found> {
    let mut found = Vec::new();
    for attr in attrs {
        if attr.path().is_ident(name) {
            found.push(Found {
                pred: None,
                meta: attr.meta.clone(),
                at: quote::quote!(#attr),
            });
        } else if attr.path().is_ident("cfg_attr") {
            match parse_cfg_attr(attr) {
                Ok((pred, metas)) => {
                    found.extend(metas.into_iter().filter(|m| m.path().is_ident(name)).map(
                        |meta| Found {
                            pred: Some(quote::quote!(#pred)),
                            at: quote::quote!(#meta),
                            meta,
                        },
                    ))
                }
                Err(e) => errors.push(e),
            }
        }
    }
    found
}

/// Removes every `#[name(..)]`, and `name(..)` from every `cfg_attr` (the `cfg_attr` itself
/// when nothing else is left in it).
pub fn strip(attrs: &mut Vec<Attribute>, name: &str) {
    attrs.retain(|a| !a.path().is_ident(name));
    attrs.retain_mut(|attr| {
        if !attr.path().is_ident("cfg_attr") {
            return true;
        }
        let Ok((pred, metas)) = parse_cfg_attr(attr) else {
            return true;
        };
        let rest: Vec<&Meta> = metas.iter().filter(|m| !m.path().is_ident(name)).collect();
        if rest.len() == metas.len() {
            return true;
        }
        if rest.is_empty() {
            return false;
        }
        *attr = syn::parse_quote!(#[cfg_attr(#pred, #(#rest),*)]);
        true
    });
}

fn parse_cfg_attr(attr: &Attribute) -> syn::Result<(Meta, Punctuated<Meta, Token![,]>)> {
    attr.parse_args_with(|input: syn::parse::ParseStream| {
        let pred: Meta = input.parse()?;
        input.parse::<Token![,]>()?;
        let metas = Punctuated::parse_terminated(input)?;
        Ok((pred, metas))
    })
}

/// The `#[cfg(..)]` attributes among `attrs`: what a generated check of the item is put under.
pub fn cfgs(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .cloned()
        .collect()
}
