//! `expect = ...` and `timeout = "..."`: shared by every attribute that generates tests.
//!
//! ```text
//! expect = fail                                   always expected to fail
//! expect = crash("SIGABRT")                       the process must die of SIGABRT
//! expect = cpp_exception("std::runtime_error")    one must escape extern "C" into Rust
//! expect = busted(target_os = "windows")          known broken there; must pass elsewhere
//! expect = [busted(windows), random(target_arch = "arm")]   first matching cfg wins
//! expect = memory_error("bad-free", otherwise = crash("SIGSEGV"), target_arch = "x86")
//! ```

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::punctuated::Punctuated;
use syn::{Expr, LitStr, Token};

use crate::syntax::errors::Errors;

const SIGNALS: &[&str] = &[
    "SIGSEGV", "SIGABRT", "SIGBUS", "SIGFPE", "SIGILL", "SIGKILL", "SIGTERM", "SIGTRAP", "SIGPIPE",
    "SIGSYS",
];
const FORM: &str = "expected `pass`, `fail`, `crash(\"SIGABRT\")`, `cpp_exception(\"std::runtime_error\")`, `busted`, `random`, `finding(\"heap-buffer-overflow\", otherwise = pass)` (also spelt `memory_error`), each optionally with a cfg predicate (`busted(target_os = \"windows\")`), or a list of them";

/// One arm: an expectation, under a cfg predicate or unconditionally.
struct Arm {
    expect: TokenStream,
    cfg: Option<TokenStream>,
    /// `c_compiler = "clang < 18"`: decided at run time, against the run's C compiler.
    compiler: Option<LitStr>,
}

/// Parses the value of `expect = ...` into a const expression of type `ffi_test::__private_0_1::Expect`.
pub fn parse(value: &Expr, errors: &mut Errors) -> Option<TokenStream> {
    let arms: Vec<Arm> = match value {
        Expr::Array(list) => list.elems.iter().filter_map(|e| arm(e, errors)).collect(),
        single => arm(single, errors).into_iter().collect(),
    };
    if arms.is_empty() {
        return None;
    }
    let pass = quote!(::ffi_test::__private_0_1::Expect::Pass);
    let mut chain = pass;
    for Arm {
        expect,
        cfg,
        compiler,
    } in arms.into_iter().rev()
    {
        let expect = match compiler {
            None => expect,
            Some(spec) => {
                quote!(::ffi_test::__private_0_1::Expect::IfCompiler(#spec, &#expect, &(#chain)))
            }
        };
        chain = match cfg {
            None => expect,
            Some(cfg) => quote!(if ::core::cfg!(#cfg) { #expect } else { #chain }),
        };
    }
    Some(chain)
}

fn arm(expr: &Expr, errors: &mut Errors) -> Option<Arm> {
    let (name, args) = match expr {
        Expr::Path(p) => (p.path.get_ident()?.to_string(), None),
        Expr::Call(call) => match &*call.func {
            Expr::Path(p) if p.path.get_ident().is_some() => {
                (p.path.get_ident()?.to_string(), Some(&call.args))
            }
            other => {
                errors.error(other, FORM);
                return None;
            }
        },
        other => {
            errors.error(other, FORM);
            return None;
        }
    };
    let variant = |v: &str| -> TokenStream {
        let v = syn::Ident::new(v, proc_macro2::Span::call_site());
        quote!(::ffi_test::__private_0_1::Expect::#v)
    };
    let empty = Punctuated::<Expr, Token![,]>::new();
    let args = args.unwrap_or(&empty);
    match name.as_str() {
        "pass" | "fail" | "busted" | "random" => {
            let v = match name.as_str() {
                "pass" => "Pass",
                "fail" => "Fail",
                "busted" => "Busted",
                _ => "Random",
            };
            let (cfg, compiler) = conditions(args.iter(), errors);
            Some(Arm {
                expect: variant(v),
                cfg,
                compiler,
            })
        }
        // `finding` is the general name; `memory_error` the older one, for memory findings.
        name @ ("memory_error" | "finding") => {
            let Some(kind) = args.first().and_then(crate::syntax::literals::str_lit) else {
                errors.error(expr, format!("`{name}` names the finding: `{name}(\"heap-buffer-overflow\", otherwise = pass)`"));
                return None;
            };
            if ffi_test_protocol::findings::family(&kind.value()).is_none() {
                errors.error(
                    &kind,
                    format!(
                        "unknown finding `{}`; expected one of {}",
                        kind.value(),
                        ffi_test_protocol::findings::all().join(", ")
                    ),
                );
                return None;
            }
            let mut otherwise = quote!(::ffi_test::__private_0_1::Expect::Random);
            let mut predicates = Vec::new();
            for extra in args.iter().skip(1) {
                match extra {
                    Expr::Assign(a) if matches!(&*a.left, Expr::Path(p) if p.path.is_ident("otherwise")) => {
                        let inner = arm(&a.right, errors)?;
                        if inner.cfg.is_some() {
                            errors.error(&a.right, "`otherwise` takes a plain expectation, without a cfg predicate");
                        }
                        otherwise = inner.expect;
                    }
                    // What the bug does without a checker can differ by target (glibc aborts on
                    // x86_64 where i686 faults): the arm may name its targets.
                    predicate if is_cfg_predicate(predicate) => predicates.push(predicate),
                    other => errors.error(other, "after the finding, only `otherwise = <expectation>` (used when no checker that finds it runs) and a cfg predicate (`target_arch = \"x86\"`)"),
                }
            }
            let (cfg, compiler) = conditions(predicates.into_iter(), errors);
            Some(Arm {
                expect: quote!(::ffi_test::__private_0_1::Expect::Memory(#kind, &#otherwise)),
                cfg,
                compiler,
            })
        }
        "crash" => {
            let Some(signal) = args.first().and_then(crate::syntax::literals::str_lit) else {
                errors.error(expr, "`crash` names the signal: `crash(\"SIGABRT\")`");
                return None;
            };
            let text = signal.value();
            let canonical = if text.starts_with("SIG") {
                text.clone()
            } else {
                format!("SIG{text}")
            };
            if !SIGNALS.contains(&canonical.as_str()) {
                errors.error(
                    &signal,
                    format!(
                        "unknown signal `{text}`; expected one of {}",
                        SIGNALS.join(", ")
                    ),
                );
                return None;
            }
            let lit = LitStr::new(&canonical, signal.span());
            let (cfg, compiler) = conditions(args.iter().skip(1), errors);
            Some(Arm {
                expect: quote!(::ffi_test::__private_0_1::Expect::Crash(#lit)),
                cfg,
                compiler,
            })
        }
        "cpp_exception" => {
            let type_name = args
                .first()
                .and_then(crate::syntax::literals::str_lit)
                .filter(|t| !t.value().trim().is_empty());
            let Some(type_name) = type_name else {
                errors.error(
                    expr,
                    "`cpp_exception` names the exception's type as the report does: \
                     `cpp_exception(\"std::runtime_error\")`",
                );
                return None;
            };
            let (cfg, compiler) = conditions(args.iter().skip(1), errors);
            Some(Arm {
                expect: quote!(::ffi_test::__private_0_1::Expect::CppException(#type_name)),
                cfg,
                compiler,
            })
        }
        _ => {
            errors.error(expr, format!("unknown expectation `{name}`; {FORM}"));
            None
        }
    }
}

/// Several predicates mean all of them, as in `#[cfg(all(..))]`.
/// Whether `expr` reads as a cfg predicate: `key = "value"`, a bare name (`unix`), or
/// `all(..)`/`any(..)`/`not(..)`.
fn is_cfg_predicate(expr: &Expr) -> bool {
    match expr {
        Expr::Assign(a) => {
            matches!(&*a.left, Expr::Path(p) if p.path.get_ident().is_some())
                && matches!(
                    &*a.right,
                    Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(_),
                        ..
                    })
                )
        }
        Expr::Path(p) => p.path.get_ident().is_some(),
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Path(p) if ["all", "any", "not"].iter().any(|f| p.path.is_ident(f)))
        }
        _ => false,
    }
}

/// The cfg predicates of an arm (all of them must hold), and its `c_compiler = "..."`, which
/// is not a cfg but a condition on the run's C compiler: `gcc` or `clang`, optionally with a
/// major-version bound (`clang < 18`).
fn conditions<'a>(
    predicates: impl Iterator<Item = &'a Expr>,
    errors: &mut Errors,
) -> (Option<TokenStream>, Option<LitStr>) {
    let mut compiler = None;
    let mut cfgs = Vec::new();
    for predicate in predicates {
        match predicate {
            Expr::Assign(a) if matches!(&*a.left, Expr::Path(p) if p.path.is_ident("c_compiler")) => {
                match crate::syntax::literals::str_lit(&a.right) {
                    Some(spec) if valid_compiler(&spec.value()) => compiler = Some(spec),
                    _ => errors.error(&a.right, "`c_compiler` names the run's C compiler: `\"gcc\"`, `\"clang\"`, or with a major version bound, `\"clang < 18\"` (<, <=, >, >=, ==)"),
                }
            }
            other => cfgs.push(other),
        }
    }
    (cfg_of(cfgs.into_iter()), compiler)
}

/// `gcc`, `clang`, `clang < 18`.
fn valid_compiler(spec: &str) -> bool {
    let words: Vec<&str> = spec.split_whitespace().collect();
    match words.as_slice() {
        [family] => ["gcc", "clang"].contains(family),
        [family, op, n] => {
            ["gcc", "clang"].contains(family)
                && ["<", "<=", ">", ">=", "=="].contains(op)
                && n.parse::<u32>().is_ok()
        }
        _ => false,
    }
}

fn cfg_of<'a>(mut predicates: impl ExactSizeIterator<Item = &'a Expr>) -> Option<TokenStream> {
    match predicates.len() {
        0 => None,
        1 => predicates.next().map(|p| p.to_token_stream()),
        _ => {
            let all: Vec<&Expr> = predicates.collect();
            Some(quote!(all(#(#all),*)))
        }
    }
}

/// `"5s"`, `"250ms"`, `"2m"` → milliseconds, checked at compile time with the grammar the
/// harness uses for `--timeout` ([`ffi_test_protocol::duration::parse`]).
pub fn parse_timeout(lit: &LitStr, errors: &mut Errors) -> Option<u64> {
    match ffi_test_protocol::duration::parse(&lit.value()) {
        Ok(duration) => Some((duration.as_millis() as u64).max(1)),
        Err(e) => {
            errors.error(lit, format!("`timeout`: {e}"));
            None
        }
    }
}
