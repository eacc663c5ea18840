//! Items as errors name them: the head an error points at, the kind it says, the name as written.

/// The part of an item an error about the whole item should point at (not its whole body).
pub fn item_head(item: &syn::Item) -> proc_macro2::TokenStream {
    use quote::{quote, ToTokens};
    match item {
        syn::Item::Struct(i) => {
            let (kw, name) = (&i.struct_token, &i.ident);
            quote!(#kw #name)
        }
        syn::Item::Enum(i) => {
            let (kw, name) = (&i.enum_token, &i.ident);
            quote!(#kw #name)
        }
        syn::Item::Union(i) => {
            let (kw, name) = (&i.union_token, &i.ident);
            quote!(#kw #name)
        }
        syn::Item::Const(i) => {
            let (kw, name) = (&i.const_token, &i.ident);
            quote!(#kw #name)
        }
        syn::Item::Static(i) => {
            let (kw, name) = (&i.static_token, &i.ident);
            quote!(#kw #name)
        }
        syn::Item::Mod(i) => {
            let (kw, name) = (&i.mod_token, &i.ident);
            quote!(#kw #name)
        }
        _ => item.to_token_stream(),
    }
}

pub fn item_kind(item: &syn::Item) -> &'static str {
    match item {
        syn::Item::Const(_) => "a const",
        syn::Item::Enum(_) => "an enum",
        syn::Item::ExternCrate(_) => "an extern crate",
        syn::Item::ForeignMod(_) => "an extern block",
        syn::Item::Fn(_) => "a fn",
        syn::Item::Impl(_) => "an impl block",
        syn::Item::Macro(_) => "a macro invocation",
        syn::Item::Mod(_) => "a module",
        syn::Item::Static(_) => "a static",
        syn::Item::Struct(_) => "a struct",
        syn::Item::Trait(_) => "a trait",
        syn::Item::TraitAlias(_) => "a trait alias",
        syn::Item::Type(_) => "a type alias",
        syn::Item::Union(_) => "a union",
        syn::Item::Use(_) => "a use declaration",
        _ => "this item",
    }
}

/// An identifier as written without its `r#`: `r#type` is `type` in test names and in C.
pub fn unraw(ident: &syn::Ident) -> String {
    use syn::ext::IdentExt;
    ident.unraw().to_string()
}
