//! `fail_allocs` and `fail_calls(..)` of `#[ffi_test]`: fault-injection sweeps, validated
//! against the calls and errno values the injector knows (`ffi_test_protocol::faults`).

use ffi_test_protocol::faults::{CALLS, ERRNOS};
use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, Meta, Token};

use crate::syntax::errors::Errors;

/// The options every sweep takes: `max = N`, `sample = N`, `from`.
#[derive(Default)]
pub struct SweepArgs {
    /// At most this many runs.
    pub max: Option<u32>,
    /// Fail every one from the k-th on, not the k-th alone.
    pub from: Option<Span>,
    /// A deterministic subset of this many runs.
    pub sample: Option<u32>,
}

/// What `fail_calls(..)` says.
pub struct FailCalls {
    /// The calls, by name.
    pub calls: Vec<String>,
    /// The errno values, by name (none: the default).
    pub errnos: Vec<String>,
    /// Also a short-count pass.
    pub short: bool,
    pub sweep: SweepArgs,
}

const FAIL_ALLOCS_FORM: &str =
    "expected `fail_allocs`, or `fail_allocs(..)` with `max = 50`, `sample = 20`, `from`";

const FAIL_CALLS_FORM: &str = "expected `fail_calls(read, write)` with any of `errno = EINTR`, `errno = [EINTR, EIO]`, `short`, `max = 50`, `sample = 20`, `from`, or `fail_calls = [\"read\", \"write\"]`";

/// `fail_allocs`, or `fail_allocs(..)` with any of `max = N`, `sample = N`, `from`.
pub fn fail_allocs(meta: &Meta, errors: &mut Errors) -> Option<SweepArgs> {
    let mut out = SweepArgs::default();
    let inner = match meta {
        Meta::Path(_) => return Some(out),
        Meta::List(_) => options(meta, FAIL_ALLOCS_FORM, errors)?,
        Meta::NameValue(nv) => {
            errors.error(nv, FAIL_ALLOCS_FORM);
            return None;
        }
    };
    for item in inner {
        if !sweep_option(&item, &mut out, errors) {
            errors.error(
                &item,
                format!("unknown `fail_allocs` option; {FAIL_ALLOCS_FORM}"),
            );
        }
    }
    Some(out)
}

/// `fail_calls(read, write, errno = EINTR, short, ..)` or `fail_calls = ["read", "write"]`.
pub fn fail_calls(meta: &Meta, errors: &mut Errors) -> Option<FailCalls> {
    let mut out = FailCalls {
        calls: Vec::new(),
        errnos: Vec::new(),
        short: false,
        sweep: SweepArgs::default(),
    };
    let mut short_span = None;
    let mut call_spans = Vec::new();
    match meta {
        Meta::Path(_) => {
            errors.error(
                meta,
                format!("`fail_calls` needs the calls to fail; {FAIL_CALLS_FORM}"),
            );
            return None;
        }
        Meta::NameValue(nv) => match &nv.value {
            Expr::Array(array) => {
                for element in &array.elems {
                    match crate::syntax::literals::str_lit(element) {
                        Some(name) => call_spans.push((name.value(), name.span())),
                        None => {
                            errors.error(element, "expected a call's name as a string: `\"read\"`")
                        }
                    }
                }
            }
            other => {
                errors.error(other, FAIL_CALLS_FORM);
                return None;
            }
        },
        Meta::List(_) => {
            for item in options(meta, FAIL_CALLS_FORM, errors)? {
                match &item {
                    Meta::Path(p) if p.is_ident("short") => short_span = Some(span_of(p)),
                    Meta::Path(p) if p.get_ident().is_some() && !p.is_ident("from") => {
                        let ident = p.get_ident().expect("checked");
                        call_spans.push((ident.to_string(), ident.span()));
                    }
                    Meta::NameValue(nv) if nv.path.is_ident("errno") => {
                        errnos(&nv.value, &mut out.errnos, errors)
                    }
                    _ if sweep_option(&item, &mut out.sweep, errors) => {}
                    other => errors.error(
                        other,
                        format!("unknown `fail_calls` option; {FAIL_CALLS_FORM}"),
                    ),
                }
            }
        }
    }
    out.short = short_span.is_some();
    for (name, span) in call_spans {
        let Some(call) = CALLS.iter().find(|c| c.name == name) else {
            let known: Vec<&str> = CALLS.iter().map(|c| c.name).collect();
            errors.push(syn::Error::new(
                span,
                format!(
                    "no fault injection for `{name}`; `fail_calls` knows {}",
                    known.join(", ")
                ),
            ));
            continue;
        };
        if out.calls.contains(&name) {
            errors.push(syn::Error::new(span, format!("`{name}` is listed twice")));
        } else if short_span.is_some() && !call.short {
            let movers: Vec<&str> = CALLS.iter().filter(|c| c.short).map(|c| c.name).collect();
            errors.push(syn::Error::new(
                span,
                format!("`short` makes calls return fewer bytes than asked: `{name}` moves no bytes (short counts apply to {})", movers.join(", ")),
            ));
        }
        out.calls.push(name);
    }
    if out.calls.is_empty() && errors.is_empty() {
        errors.error(
            meta,
            format!("`fail_calls` needs at least one call; {FAIL_CALLS_FORM}"),
        );
    }
    if let (Some(from), true) = (out.sweep.from, out.errnos.iter().any(|e| e == "EINTR")) {
        errors.push(syn::Error::new(
            from,
            "`from` with `errno = EINTR` interrupts every later call: a correct retry loop would never end; sweep EINTR without `from`",
        ));
    }
    Some(out)
}

fn span_of(path: &syn::Path) -> Span {
    path.segments
        .first()
        .map_or_else(Span::call_site, |s| s.ident.span())
}

/// The parenthesised options of `meta`, or an error with `form`.
fn options(meta: &Meta, form: &str, errors: &mut Errors) -> Option<Punctuated<Meta, Token![,]>> {
    let Meta::List(list) = meta else { return None };
    match list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
        Ok(inner) => Some(inner),
        Err(e) => {
            errors.error(&list.tokens, format!("{e}: {form}"));
            None
        }
    }
}

/// `errno = EINTR` or `errno = [EINTR, EIO]`, each a known name, each once.
fn errnos(value: &Expr, out: &mut Vec<String>, errors: &mut Errors) {
    let names: Vec<&Expr> = match value {
        Expr::Array(array) => array.elems.iter().collect(),
        other => vec![other],
    };
    for name in names {
        let Expr::Path(path) = name else {
            errors.error(
                name,
                "expected an errno name: `errno = EINTR` or `errno = [EINTR, EIO]`",
            );
            continue;
        };
        let Some(ident) = path.path.get_ident() else {
            errors.error(name, "expected an errno name such as `EINTR`");
            continue;
        };
        let text = ident.to_string();
        if !ERRNOS.contains(&text.as_str()) {
            errors.error(
                ident,
                format!(
                    "unknown errno `{text}`; `fail_calls` knows {}",
                    ERRNOS.join(", ")
                ),
            );
        } else if out.contains(&text) {
            errors.error(ident, format!("`{text}` is listed twice"));
        } else {
            out.push(text);
        }
    }
}

/// Takes `max = N`, `sample = N` or `from` into `out`; `false` when `item` is none of them.
fn sweep_option(item: &Meta, out: &mut SweepArgs, errors: &mut Errors) -> bool {
    match item {
        Meta::Path(p) if p.is_ident("from") => out.from = Some(span_of(p)),
        Meta::NameValue(nv) if nv.path.is_ident("max") || nv.path.is_ident("sample") => {
            let key = if nv.path.is_ident("max") {
                "max"
            } else {
                "sample"
            };
            let slot = if key == "max" {
                &mut out.max
            } else {
                &mut out.sample
            };
            match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Int(n), ..
                }) => match n.base10_parse::<u32>() {
                    Ok(n) if n > 0 => *slot = Some(n),
                    _ => errors.error(n, format!("`{key}` is a number of runs, at least 1")),
                },
                other => errors.error(
                    other,
                    format!("`{key}` is a number of runs, e.g. `{key} = 50`"),
                ),
            }
        }
        _ => return false,
    }
    true
}
