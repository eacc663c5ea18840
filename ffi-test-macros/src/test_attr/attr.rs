//! Parsing of `#[ffi_test(...)]` arguments into [`TestArgs`], collecting every error.

use crate::syntax::literals::str_lit;
use syn::punctuated::Punctuated;
use syn::{Expr, LitStr, Meta, Token};

use super::faults::{FailCalls, SweepArgs};
use crate::syntax::errors::Errors;

/// The arguments of one `#[ffi_test]`, each still carrying its span for later errors.
#[derive(Default)]
pub struct TestArgs {
    /// `ignore` or `ignore = "reason"`.
    pub ignore: Option<Option<LitStr>>,
    /// `should_panic`, `should_panic = "text"` or `should_panic(expected = "text")`.
    pub should_panic: Option<Option<LitStr>>,
    /// `c = r#"..."#`: the paired C body.
    pub c: Option<LitStr>,
    /// `c_file = "tests/x.c"`: the paired C body, from a file of the package.
    pub c_file: Option<LitStr>,
    /// `cpp = r#"..."#`: the paired C++ body.
    pub cpp: Option<LitStr>,
    /// `cpp_file = "tests/x.cpp"`: the paired C++ body, from a file of the package.
    pub cpp_file: Option<LitStr>,
    /// `headers = ["extra.h"]`: included before this test's C body only.
    pub headers: Vec<LitStr>,
    /// `py = r#"..."#`: the paired Python body (ffi-test's `python` feature).
    pub py: Option<LitStr>,
    /// `legacy_name`: opt out of the naming convention.
    pub legacy_name: Option<syn::Path>,
    /// `timeout = "5s"`, in milliseconds.
    pub timeout_ms: Option<u64>,
    /// `expect = ...`, as a const expression of type `Expect`.
    pub expect: Option<proc_macro2::TokenStream>,
    /// `fail_allocs` / `fail_allocs(max = N, from)`: an allocation sweep.
    pub fail_allocs: Option<SweepArgs>,
    /// `fail_calls(read, errno = EINTR)`: a sweep of libc calls.
    pub fail_calls: Option<FailCalls>,
}

const C_FILE_NEEDS_PATH: &str =
    "`c_file` needs the C file's path, relative to the package: `c_file = \"tests/body.c\"`";

const CPP_FILE_NEEDS_PATH: &str =
    "`cpp_file` needs the C++ file's path, relative to the package: `cpp_file = \"tests/body.cpp\"`";

const KNOWN: &str =
    "`ignore`, `should_panic`, `c`, `c_file`, `cpp`, `cpp_file`, `py`, `headers`, `timeout`, `expect`, `fail_allocs`, `fail_calls`, `legacy_name`";

impl TestArgs {
    pub fn parse(tokens: proc_macro2::TokenStream) -> syn::Result<TestArgs> {
        let metas = syn::parse::Parser::parse2(
            Punctuated::<Meta, Token![,]>::parse_terminated,
            tokens,
        )
        .map_err(|e| {
            syn::Error::new(
                e.span(),
                format!("malformed #[ffi_test] arguments: {e}; expected e.g. `#[ffi_test(ignore = \"reason\", c = r#\"...\"#)]`"),
            )
        })?;
        let mut args = TestArgs::default();
        let mut errors = Errors::default();
        for meta in metas {
            args.take(meta, &mut errors);
        }
        errors.finish(args)
    }

    fn take(&mut self, meta: Meta, errors: &mut Errors) {
        let Some(key) = meta.path().get_ident().map(|i| i.to_string()) else {
            errors.error(
                meta.path(),
                format!("unknown #[ffi_test] argument; expected one of {KNOWN}"),
            );
            return;
        };
        match key.as_str() {
            "ignore" => {
                let value = optional_str(&meta, "ignore = \"reason\"", errors);
                set_once(&mut self.ignore, value, &meta, errors);
            }
            "should_panic" => {
                let value = should_panic_value(&meta, errors);
                set_once(&mut self.should_panic, value, &meta, errors);
            }
            "c" => body(
                &mut self.c,
                &meta,
                "c = r#\"...\"#",
                "`c` needs a C body: `c = r#\"int f(void) { return 1; }\"#`",
                errors,
            ),
            "c_file" => file(&mut self.c_file, &meta, "c_file = \"tests/body.c\"", C_FILE_NEEDS_PATH, errors),
            "cpp" => body(
                &mut self.cpp,
                &meta,
                "cpp = r#\"...\"#",
                "`cpp` needs a C++ body: `cpp = r#\"extern \"C\" int f() { return 1; }\"#`",
                errors,
            ),
            "cpp_file" => file(&mut self.cpp_file, &meta, "cpp_file = \"tests/body.cpp\"", CPP_FILE_NEEDS_PATH, errors),
            "py" => body(
                &mut self.py,
                &meta,
                "py = r#\"...\"#",
                "`py` needs a Python body: `py = r#\"def answer(): return 42\"#`",
                errors,
            ),
            "headers" => match &meta {
                Meta::NameValue(nv) => match &nv.value {
                    Expr::Array(array) => {
                        for elem in &array.elems {
                            match str_lit(elem) {
                                Some(s) => {
                                    if let Some(why) =
                                        ffi_test_protocol::c_name::header_problem(&s.value())
                                    {
                                        errors.error(&s, format!("this header cannot be included: {why}"));
                                    }
                                    self.headers.push(s)
                                }
                                None => errors.error(
                                    elem,
                                    "a header must be a string literal, e.g. \"extra.h\"",
                                ),
                            }
                        }
                    }
                    other => {
                        errors.error(other, "`headers` takes a list: `headers = [\"extra.h\"]`")
                    }
                },
                _ => errors.error(&meta, "`headers` takes a list: `headers = [\"extra.h\"]`"),
            },
            "timeout" => {
                if let Some(Some(lit)) = optional_str(&meta, "timeout = \"5s\"", errors) {
                    let ms = crate::syntax::expect::parse_timeout(&lit, errors);
                    set_once(&mut self.timeout_ms, ms, &meta, errors);
                } else if matches!(meta, Meta::Path(_)) {
                    errors.error(&meta, "`timeout` needs a duration: `timeout = \"5s\"`");
                }
            }
            "expect" => match &meta {
                Meta::NameValue(nv) => {
                    let value = crate::syntax::expect::parse(&nv.value, errors);
                    set_once(&mut self.expect, value, &meta, errors);
                }
                _ => errors.error(&meta, "expected `expect = fail`, `expect = crash(\"SIGABRT\")`, `expect = busted(target_os = \"windows\")`, ..."),
            },
            "fail_allocs" => {
                let value = super::faults::fail_allocs(&meta, errors);
                set_once(&mut self.fail_allocs, value, &meta, errors);
            }
            "fail_calls" => {
                let value = super::faults::fail_calls(&meta, errors);
                set_once(&mut self.fail_calls, value, &meta, errors);
            }
            "legacy_name" => match &meta {
                Meta::Path(path) if self.legacy_name.is_none() => {
                    self.legacy_name = Some(path.clone())
                }
                Meta::Path(path) => errors.error(path, "duplicate `legacy_name`"),
                _ => errors.error(&meta, "`legacy_name` takes no value"),
            },
            _ => errors.error(
                meta.path(),
                format!("unknown #[ffi_test] argument `{key}`; expected one of {KNOWN}"),
            ),
        }
    }
}

/// A paired body (`c = "..."`, `py = "..."`): a string, given once; `missing` when the key
/// stands alone.
fn body(slot: &mut Option<LitStr>, meta: &Meta, form: &str, missing: &str, errors: &mut Errors) {
    match optional_str(meta, form, errors) {
        Some(Some(text)) => set_once(slot, Some(text), meta, errors),
        _ if matches!(meta, Meta::Path(_)) => errors.error(meta, missing),
        _ => {}
    }
}

/// A body's file (`c_file = "..."`, `cpp_file = "..."`): a path, given once; `missing` when
/// the key stands alone or the path is empty.
fn file(slot: &mut Option<LitStr>, meta: &Meta, form: &str, missing: &str, errors: &mut Errors) {
    match optional_str(meta, form, errors) {
        Some(Some(path)) if path.value().trim().is_empty() => errors.error(&path, missing),
        Some(Some(path)) => set_once(slot, Some(path), meta, errors),
        _ if matches!(meta, Meta::Path(_)) => errors.error(meta, missing),
        _ => {}
    }
}

fn set_once<T>(slot: &mut Option<T>, value: Option<T>, meta: &Meta, errors: &mut Errors) {
    let Some(value) = value else { return };
    if slot.is_some() {
        errors.error(
            meta.path(),
            format!(
                "duplicate `{}`",
                quote::ToTokens::to_token_stream(meta.path())
            ),
        );
    } else {
        *slot = Some(value);
    }
}

/// `key` alone gives `Some(None)`, `key = "text"` gives `Some(Some(text))`; anything else is an error.
fn optional_str(meta: &Meta, form: &str, errors: &mut Errors) -> Option<Option<LitStr>> {
    match meta {
        Meta::Path(_) => Some(None),
        Meta::NameValue(nv) => match str_lit(&nv.value) {
            Some(s) => Some(Some(s)),
            None => {
                errors.error(&nv.value, format!("expected a string literal: `{form}`"));
                None
            }
        },
        Meta::List(list) => {
            errors.error(list, format!("expected `{form}`"));
            None
        }
    }
}

fn should_panic_value(meta: &Meta, errors: &mut Errors) -> Option<Option<LitStr>> {
    let Meta::List(list) = meta else {
        return optional_str(meta, "should_panic = \"expected text\"", errors);
    };
    match list.parse_args::<syn::MetaNameValue>() {
        Ok(nv) if nv.path.is_ident("expected") => match str_lit(&nv.value) {
            Some(s) => Some(Some(s)),
            None => {
                errors.error(
                    &nv.value,
                    "expected a string literal: `should_panic(expected = \"text\")`",
                );
                None
            }
        },
        _ => {
            errors.error(list, "expected `should_panic(expected = \"text\")`");
            None
        }
    }
}
