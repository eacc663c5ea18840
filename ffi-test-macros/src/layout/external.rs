//! `ffi_test::check_layout!(path::Type, "c type", fields(a, b = "c_b"), size = 16, ...)`: the
//! layout check for a type defined in another crate (a -sys crate's `src/`), whose definition
//! the macro cannot see, so its members are listed here. Field types are inferred from the
//! members, so they need not be repeated.

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};

use super::args::{Case, LayoutArgs};
use super::model::{FieldModel, LayoutModel, Shape, VariantModel};
use crate::syntax::errors::Errors;

/// `name` or `name = "c_name"`.
struct Member {
    ident: Ident,
    rename: Option<LitStr>,
}

impl Parse for Member {
    fn parse(input: ParseStream) -> syn::Result<Member> {
        let ident: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        let rename = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(Member { ident, rename })
    }
}

struct Input {
    ty: syn::Path,
    rest: TokenStream,
    members_kind: Ident,
    members: Punctuated<Member, Token![,]>,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Input> {
        let ty: syn::Path = input.parse()?;
        input.parse::<Token![,]>()?;
        let c_type: LitStr = input.parse()?;
        input.parse::<Token![,]>()?;
        let members_kind: Ident = input.parse()?;
        // `opaque` has no list.
        let members = if input.peek(syn::token::Paren) {
            let content;
            syn::parenthesized!(content in input);
            content.parse_terminated(Member::parse, Token![,])?
        } else {
            Punctuated::new()
        };
        let mut rest: TokenStream = quote::quote!(#c_type);
        if input.peek(Token![,]) {
            let tail: TokenStream = input.parse()?;
            rest.extend(tail);
        }
        Ok(Input {
            ty,
            rest,
            members_kind,
            members,
        })
    }
}

const FORM: &str = "expected `check_layout!(path::Type, \"struct c_name\", fields(a, b = \"c_b\"))`, with `union_fields(..)` for a union, `variants(A, B = \"C_B\")` for an enum or `opaque` (size and alignment only), then optional `size = N`, `align = N`, `prefix`, `case`, `expect`";

pub fn check_layout(input: TokenStream) -> TokenStream {
    let input: Input = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return syn::Error::new(e.span(), format!("{e}: {FORM}")).to_compile_error(),
    };
    let mut errors = Errors::default();
    let args = LayoutArgs::parse(input.rest, &mut errors);
    let line_of = |ident: &Ident| ident.span().start().line;
    for m in &input.members {
        if let Some(rename) = &m.rename {
            super::model::check_c_name(&rename.value(), rename, &mut errors);
        }
    }
    let fields = || -> Vec<FieldModel> {
        input
            .members
            .iter()
            .map(|m| {
                let rust_name = crate::syntax::items::unraw(&m.ident);
                FieldModel {
                    member: syn::Member::Named(m.ident.clone()),
                    c_name: m
                        .rename
                        .as_ref()
                        .map_or_else(|| rust_name.clone(), LitStr::value),
                    rust_name,
                    line: line_of(&m.ident),
                    span: m.ident.span(),
                    ty: None,
                    conditions: Default::default(),
                    via: Vec::new(),
                    probed: true,
                }
            })
            .collect()
    };
    let shape = match input.members_kind.to_string().as_str() {
        "fields" => Shape::Struct(fields()),
        "opaque" => {
            if let Some(first) = input.members.first() {
                errors.error(
                    &first.ident,
                    "`opaque` compares size and alignment only: it takes no member list",
                );
            }
            Shape::Opaque
        }
        "union_fields" => Shape::Union(fields()),
        "variants" => {
            let case = args.case.as_ref().map_or(Case::ScreamingSnake, |(_, c)| *c);
            let prefix = args.prefix.as_ref().map(LitStr::value).unwrap_or_default();
            Shape::Enum(
                input
                    .members
                    .iter()
                    .map(|m| VariantModel {
                        c_name: m.rename.as_ref().map_or_else(
                            || {
                                format!(
                                    "{prefix}{}",
                                    case.apply(&crate::syntax::items::unraw(&m.ident))
                                )
                            },
                            LitStr::value,
                        ),
                        ident: m.ident.clone(),
                        line: line_of(&m.ident),
                        conditions: Default::default(),
                    })
                    .collect(),
            )
        }
        other => {
            errors.error(
                &input.members_kind,
                format!("unknown member list `{other}`; {FORM}"),
            );
            return errors.into_compile_errors();
        }
    };
    if input.members.is_empty() && input.members_kind != "opaque" {
        errors.error(
            &input.members_kind,
            "list every member: a check that compares none would pass silently",
        );
    }
    let complete = completeness(&input.ty, &input.members_kind, &input.members);
    let model = LayoutModel::external(input.ty, shape, args, &mut errors);
    match model {
        Some(model) if errors.is_empty() => {
            let check = super::rust_side::expand(&model);
            quote::quote!(#check #complete)
        }
        _ => errors.into_compile_errors(),
    }
}

/// A pattern that names every listed member, without `..`: the compiler then reports a struct
/// field or an enum variant the list leaves out ("pattern does not mention field `rem`",
/// "non-exhaustive patterns"), which would otherwise go unchecked. In a fn never called. (A
/// union's pattern names one field, so a union's list cannot be checked this way.)
fn completeness(
    ty: &syn::Path,
    kind: &Ident,
    members: &Punctuated<Member, Token![,]>,
) -> TokenStream {
    let idents = members.iter().map(|m| &m.ident);
    let body = match kind.to_string().as_str() {
        "fields" => {
            let idents = idents.map(|i| Ident::new(&i.to_string(), proc_macro2::Span::call_site()));
            quote::quote!(let #ty { #(#idents: _),* } = value;)
        }
        "variants" => quote::quote!(match value { #(#ty::#idents => {})* }),
        _ => return TokenStream::new(),
    };
    quote::quote! {
        const _: () = {
            #[allow(dead_code, unreachable_patterns)]
            fn __ffi_test_list_every_member(value: &#ty) {
                #body
            }
        };
    }
}
