//! `check_surface!(path::to::bindings, file = "src/bindings.rs", item(NAME, ...), ...)`.

use proc_macro2::TokenStream;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};

use crate::syntax::errors::Errors;

/// What the user may say about one item (or one field of one item).
pub struct Refinement {
    /// The item's first identifier (where errors about it point).
    pub item: Ident,
    /// `struct`, `fn`...: which of the items of that name (`item(struct statx, ..)`).
    pub what: Option<String>,
    /// The item as the report names it: `NAME`, or `module::NAME` for an item of a module of
    /// the bindings (bindgen's `moduleconsts`, a newtype enum's `Type::CONST`).
    pub path: String,
    pub field: Option<Ident>,
    /// `test = "subject"`: the generated test's subject instead of the item's name.
    pub test: Option<LitStr>,
    /// `expect = ...`, as `#[ffi_test]` takes it.
    pub expect: Option<TokenStream>,
    /// `skip = "reason"`: not checked, listed with the reason.
    pub skip: Option<LitStr>,
    /// `c = "..."`: the C the item is checked against (`struct sqlite3_index_constraint`, a
    /// function's or constant's C name), or a field's C member (`item(epoll_event.u64, c =
    /// "data")`), where the bindings' names do not lead to it.
    pub c: Option<LitStr>,
}

pub struct SurfaceArgs {
    /// Where the checked items are reached from the calling crate.
    pub module: syn::Path,
    /// The bindings' source file, as written.
    pub file: LitStr,
    pub refinements: Vec<Refinement>,
    /// `headers = ["zlib.h"]`: the headers whose declarations the bindings should cover.
    pub headers: Vec<LitStr>,
    /// `unbound = "deny"`: a declaration of `headers` with no binding fails the run.
    pub deny_unbound: bool,
    /// `unbound_expect = ...`: the expectation of the test that looks for unbound declarations.
    pub unbound_expect: Option<TokenStream>,
}

const FORM: &str = "expected `check_surface!(path::to::bindings, file = \"src/bindings.rs\")`, optionally followed by `headers = [\"lib.h\"]`, `unbound = \"deny\"`, `unbound_expect = fail`, `item(NAME, test = \"subject\" | expect = fail | skip = \"reason\" | c = \"its C name\")` (NAME may be `module::NAME`, or `struct NAME` where a fn has the same name) or `item(NAME.field, skip = \"reason\" | c = \"its C member\")`";

pub fn parse(input: TokenStream, errors: &mut Errors) -> Option<SurfaceArgs> {
    match syn::parse::Parser::parse2(|input: ParseStream| parse_inner(input, errors), input) {
        Ok(args) => args,
        Err(e) => {
            errors.push(syn::Error::new(e.span(), format!("{e}: {FORM}")));
            None
        }
    }
}

fn parse_inner(input: ParseStream, errors: &mut Errors) -> syn::Result<Option<SurfaceArgs>> {
    let module: syn::Path = input.parse()?;
    let mut file = None;
    let mut refinements = Vec::new();
    let mut headers = Vec::new();
    let mut deny_unbound = None;
    let mut unbound_expect = None;
    while !input.is_empty() {
        input.parse::<Token![,]>()?;
        if input.is_empty() {
            break;
        }
        let key: Ident = input.parse()?;
        match key.to_string().as_str() {
            "file" => {
                input.parse::<Token![=]>()?;
                let lit: LitStr = input.parse()?;
                if file.replace(lit).is_some() {
                    errors.error(&key, "`file` given twice");
                }
            }
            "headers" => {
                input.parse::<Token![=]>()?;
                let content;
                syn::bracketed!(content in input);
                headers.extend(Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?);
            }
            "unbound" => {
                input.parse::<Token![=]>()?;
                let lit: LitStr = input.parse()?;
                match lit.value().as_str() {
                    "deny" => deny_unbound = Some((true, lit)),
                    "report" => deny_unbound = Some((false, lit)),
                    _ => errors.error(&lit, "`unbound` is \"report\" (list C declarations with no binding; the default) or \"deny\" (fail on any)"),
                }
            }
            "unbound_expect" => {
                input.parse::<Token![=]>()?;
                let value: syn::Expr = input.parse()?;
                unbound_expect = crate::syntax::expect::parse(&value, errors);
            }
            "item" => {
                let content;
                syn::parenthesized!(content in input);
                let new = refinement(&content, errors)?;
                // The same option for the same item twice: which one holds would be a guess.
                let clash = refinements.iter().find_map(|r: &Refinement| {
                    let same_item = r.path == new.path
                        && r.what == new.what
                        && r.field.as_ref().map(Ident::to_string)
                            == new.field.as_ref().map(Ident::to_string);
                    [
                        ("expect", r.expect.is_some() && new.expect.is_some()),
                        ("test", r.test.is_some() && new.test.is_some()),
                        ("skip", r.skip.is_some() && new.skip.is_some()),
                        ("c", r.c.is_some() && new.c.is_some()),
                    ]
                    .into_iter()
                    .find(|(_, both)| same_item && *both)
                    .map(|(option, _)| option)
                });
                match clash {
                    Some(option) => {
                        let shown = match &new.field {
                            Some(field) => format!("{}.{field}", new.path),
                            None => new.path.clone(),
                        };
                        errors.error(
                            &new.item,
                            format!("`{option}` is given twice for `{shown}`: say it once, in one `item(..)`"),
                        );
                    }
                    None => refinements.push(new),
                }
            }
            other => {
                errors.error(&key, format!("unknown option `{other}`; {FORM}"));
                // Its value, whatever it is, so the options after it are still read.
                if input.peek(Token![=]) {
                    input.parse::<Token![=]>()?;
                    input.parse::<syn::Expr>()?;
                } else if input.peek(syn::token::Paren) {
                    let skipped;
                    syn::parenthesized!(skipped in input);
                    skipped.parse::<TokenStream>()?;
                }
            }
        }
    }
    let Some(file) = file else {
        errors.error(
            &module,
            format!("the bindings' source file is missing; {FORM}"),
        );
        return Ok(None);
    };
    if let (Some((_, lit)), true) = (&deny_unbound, headers.is_empty()) {
        errors.error(lit, "`unbound` needs `headers = [..]`: the headers whose declarations the bindings should cover");
    }
    Ok(Some(SurfaceArgs {
        module,
        file,
        refinements,
        headers,
        deny_unbound: deny_unbound.is_some_and(|(deny, _)| deny),
        unbound_expect,
    }))
}

/// The item kinds a refinement may name before the item (`item(struct statx, ..)`), as the
/// surface report writes them.
const KINDS: &[&str] = &["struct", "union", "enum", "type", "fn", "static", "const"];

fn refinement(input: ParseStream, errors: &mut Errors) -> syn::Result<Refinement> {
    let mut item: Ident = input.call(syn::ext::IdentExt::parse_any)?;
    let mut what = None;
    if KINDS.contains(&item.to_string().as_str()) && !input.peek(Token![,]) && !input.is_empty() {
        what = Some(item.to_string());
        item = input.call(syn::ext::IdentExt::parse_any)?;
    }
    let mut path = crate::syntax::items::unraw(&item);
    while input.peek(Token![::]) {
        input.parse::<Token![::]>()?;
        let next: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        path.push_str("::");
        path.push_str(&crate::syntax::items::unraw(&next));
    }
    let field = if input.peek(Token![.]) {
        input.parse::<Token![.]>()?;
        Some(input.call(syn::ext::IdentExt::parse_any)?)
    } else {
        None
    };
    let mut out = Refinement {
        item,
        what,
        path,
        field,
        test: None,
        expect: None,
        skip: None,
        c: None,
    };
    if !input.is_empty() {
        input.parse::<Token![,]>()?;
    }
    let options = Punctuated::<syn::MetaNameValue, Token![,]>::parse_terminated(input)?;
    if options.is_empty() {
        errors.error(&out.item, "`item(..)` says nothing: add `test = \"subject\"`, `expect = ...`, `skip = \"reason\"` or `c = \"its C name\"`");
    }
    for nv in options {
        let key = nv
            .path
            .get_ident()
            .map(Ident::to_string)
            .unwrap_or_default();
        let lit = || crate::syntax::literals::str_lit(&nv.value);
        match key.as_str() {
            "test" if out.field.is_none() => match lit() {
                Some(l) if crate::syntax::c_names::is_identifier(&l.value()) => out.test = Some(l),
                _ => errors.error(&nv.value, "`test` is the generated test's subject: a string of letters, digits and `_`"),
            },
            // On a field: the expectation of a function-pointer member's function-type check.
            "expect" => out.expect = crate::syntax::expect::parse(&nv.value, errors),
            "skip" => match lit() {
                Some(l) if !l.value().trim().is_empty() => out.skip = Some(l),
                _ => errors.error(&nv.value, "`skip` needs the reason, as a string: it is shown in the surface report"),
            },
            "c" if out.field.is_some() => match lit() {
                Some(l) if l.value().split('.').all(crate::syntax::c_names::is_identifier) => out.c = Some(l),
                _ => errors.error(&nv.value, "`c` on a field is its C member, as a string: `c = \"data\"`, or a member's member: `c = \"st_atim.tv_nsec\"`"),
            },
            "c" => match lit() {
                Some(l) if !l.value().trim().is_empty() => out.c = Some(l),
                _ => errors.error(&nv.value, "`c` is the C the item is checked against, as a string: `c = \"struct its_tag\"`, or a function's or constant's C name"),
            },
            _ if out.field.is_some() => errors.error(&nv.path, "a field takes only `skip = \"reason\"` (its type is a deliberate representation choice), `c = \"its C member\"`, or `expect = ...` for a function-pointer member's function type"),
            _ => errors.error(&nv.path, "unknown item option; expected `test = \"subject\"`, `expect = ...`, `skip = \"reason\"` or `c = \"its C name\"`"),
        }
    }
    Ok(out)
}
