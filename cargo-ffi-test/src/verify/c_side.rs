//! C's side of run-free verification: every check's C facts as initialized data in one
//! translation unit, compiled (never linked, never run) by the target's C compiler into an
//! object, and read back from the object's symbols. A unit that does not compile is halved
//! until each check that breaks it is found, so one bad declaration fails one check.

use ffi_test::__verify_0_1 as v;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::records::{Check, ConfigFacts};
use ffi_test::__verify_0_1::Compiler;
use ffi_test::__verify_0_1::Config;
use ffi_test::__verify_0_1::ObjectFile;
use ffi_test_protocol::language::Language;

/// What C said about one check.
pub enum CFacts {
    /// The facts, and for signatures the prototype's text and types; for a layout whose every
    /// C member should have its Rust field, C's member list (or why it could not be read).
    Read {
        facts: Vec<u64>,
        text: String,
        types: String,
        float: Option<f64>,
        members: Result<Vec<v::CMember>, String>,
    },
    /// The check's C does not compile for the target: the compiler's errors.
    DoesNotCompile(String),
    /// C++ has no name for the check's type (a class template's member): why.
    Unresolved(String),
}

/// The facts of every check in `checks` (by test name), compiled for `target`: C's by the C
/// compiler, C++ types' layouts by the C++ compiler, each in units of its own.
pub fn facts(
    target: &str,
    config: &ConfigFacts,
    checks: &BTreeMap<String, Check>,
    files: &HashMap<String, String>,
    work: &Path,
) -> Result<HashMap<String, CFacts>, String> {
    let config = leaked(config);
    let mut results = HashMap::new();
    for language in Language::ALL {
        let own: BTreeMap<String, &Check> = (checks.iter())
            .filter(|(_, check)| language_of(check) == language)
            .map(|(test, check)| (test.clone(), check))
            .collect();
        if own.is_empty() {
            continue;
        }
        let dir = work.join(language.variant());
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {dir:?}: {e}"))?;
        let place = (target, language, dir.as_path());
        results.extend(facts_in(place, &config, &own, files)?);
    }
    Ok(results)
}

/// The language a check's C is in: a layout's type may be C++'s; the others say.
fn language_of(check: &Check) -> Language {
    match check {
        Check::Layout { rust, .. } => Language::of_name(rust.c_type),
        Check::Signature { language, .. } => *language,
        Check::Static { side, .. } | Check::Value { side, .. } => side.language,
    }
}

/// The prelude's requests for types a check names (a layout's, a C++ expression's).
fn type_requests(check: &Check) -> Vec<String> {
    match check {
        Check::Layout {
            request: Some(r), ..
        } => vec![ffi_test_protocol::surface::type_request(r)],
        Check::Static { side, .. } | Check::Value { side, .. } => side.requests.clone(),
        _ => Vec::new(),
    }
}

/// As [`facts`], for checks all in one language, in `work`.
fn facts_in(
    (target, language, work): (&str, Language, &Path),
    config: &Config,
    checks: &BTreeMap<String, &Check>,
    files: &HashMap<String, String>,
) -> Result<HashMap<String, CFacts>, String> {
    // cc's detection remembered in the C cache, as for a run: cargo hands the verifier one
    // binary at a time, each a process of its own.
    let toolchain = ffi_test::__verify_0_1::Toolchain {
        config,
        target,
        fallback: None,
        prebuild: None,
    };
    let cache = toolchain.cache().ok();
    let cache_dir = cache.as_ref().map(|c| c.dir());
    let compiler = Compiler::detect_with(&toolchain, cache_dir, None, language)?;
    let headers = ffi_test::__verify_0_1::headers_only(config, &[]);
    let prelude = prelude(&compiler, &headers, work, checks)?;
    let mut results = HashMap::new();
    // A type C++ cannot name: its check is not made (as when running).
    let mut checks = checks.clone();
    checks.retain(|test, check| {
        let unresolved = type_requests(check).iter().find_map(|r| {
            let name = ffi_test_protocol::surface::type_of_request(r)?;
            ffi_test_protocol::surface::unresolved_in(&prelude, name)
        });
        if let Some(why) = &unresolved {
            results.insert(test.clone(), CFacts::Unresolved(why.clone()));
        }
        unresolved.is_none()
    });
    let texts: Vec<(&String, String)> = checks
        .iter()
        .enumerate()
        .map(|(i, (test, check))| {
            // Diagnostics name the Rust file the check was declared in, as a run's do.
            let file = files.get(test).map_or("", String::as_str);
            let symbol = symbol(i);
            // Its length beside it: a COFF symbol has none, and its section may be padded.
            let text = format!(
                "#line 1 \"{file}\"\n{}FFI_TEST_C_LINKAGE const unsigned long long {symbol}_size = sizeof {symbol};\n",
                text(check, &symbol)
            );
            (test, text)
        })
        .collect();
    let unit = |set: &[usize]| {
        let mut out = format!(
            "{headers}{prelude}#pragma GCC diagnostic ignored \"-Wunused-value\"\n\
             #pragma GCC diagnostic ignored \"-Woverflow\"\n"
        );
        for &i in set {
            out.push_str(&texts[i].1);
        }
        out
    };
    // The headers alone first: when they do not compile for the target, no check can, and
    // halving would compile the unit twice per check to say so.
    let bare = work.join("headers.c");
    std::fs::write(&bare, unit(&[])).map_err(|e| format!("cannot write {bare:?}: {e}"))?;
    let out = compiler.compile_object(&bare, &work.join("headers.o"), false);
    if !out.success {
        // Nothing is compared: every check fails, whatever it expects (`BrokenSetup`).
        let errors = v::BrokenSetup::mark(&format!(
            "the C configuration of this test binary does not compile for {target} (headers, \
             include_dirs, defines or flags in ffi_test::main!):\n{}",
            errors_of(&out.diagnostics)
        ));
        for (test, _) in &texts {
            results.insert((*test).clone(), CFacts::DoesNotCompile(errors.clone()));
        }
        return Ok(results);
    }
    let all: Vec<usize> = (0..texts.len()).collect();
    let mut pending = vec![all];
    let mut n = 0;
    while let Some(set) = pending.pop() {
        if set.is_empty() {
            continue;
        }
        n += 1;
        let source = work.join(format!("unit-{n}.c"));
        let object = work.join(format!("unit-{n}.o"));

        let text = unit(&set);
        std::fs::write(&source, &text).map_err(|e| format!("cannot write {source:?}: {e}"))?;
        // A member probe's type reaches the object through its debug information.
        let debug = ffi_test_protocol::members::has_probe(&text);
        let out = compiler.compile_object(&source, &object, debug);
        if out.success {
            read_object(&object, &set, &texts, &mut results)?;
        } else if set.len() == 1 {
            let errors = errors_of(&out.diagnostics);
            results.insert(texts[set[0]].0.clone(), CFacts::DoesNotCompile(errors));
        } else {
            let (a, b) = set.split_at(set.len() / 2);
            pending.push(a.to_vec());
            pending.push(b.to_vec());
        }
    }
    Ok(results)
}

fn symbol(i: usize) -> String {
    format!("ffi_test_rf_{i}")
}

/// The check's C facts as data named `symbol`.
fn text(check: &Check, symbol: &str) -> String {
    use ffi_test_protocol::{signature, value};
    match check {
        Check::Layout { rust, line, .. } => v::layout_c_static_text(rust, *line, symbol),
        Check::Signature { request, .. } => {
            signature::c_static_text(signature::request_macro_name(request), symbol)
        }
        Check::Static {
            rust,
            unsized_array,
            side,
        } => {
            let name = side.expr.as_deref().unwrap_or(rust.name);
            signature::static_c_static_text(name, symbol, *unsized_array)
        }
        Check::Value { c_expr, side, .. } => value::c_static_text(
            side.expr.as_deref().unwrap_or(c_expr),
            symbol,
            side.language,
        ),
    }
}

/// The type-spelling and prototype macros the checks ask for, from the headers.
fn prelude(
    compiler: &Compiler,
    headers: &str,
    work: &Path,
    checks: &BTreeMap<String, &Check>,
) -> Result<String, String> {
    let mut names = BTreeSet::new();
    for check in checks.values() {
        names.extend(type_requests(check));
        if let Check::Signature { request, .. } = check {
            names.insert(request.clone());
        }
    }
    if names.is_empty() {
        return Ok(String::new());
    }
    let names: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    ffi_test::__verify_0_1::prelude(compiler, headers, work, &names)
}

fn read_object(
    object: &Path,
    set: &[usize],
    texts: &[(&String, String)],
    results: &mut HashMap<String, CFacts>,
) -> Result<(), String> {
    let data = std::fs::read(object).map_err(|e| format!("cannot read {object:?}: {e}"))?;
    let elf = ObjectFile::parse(&data).map_err(|e| format!("{object:?}: {e}"))?;
    let symbols = elf.symbol_bytes();
    // C's member lists, read once for the object where a check asks for one.
    let mut table = None;
    let string = |name: &str| {
        symbols
            .get(name)
            .map(|b| {
                String::from_utf8_lossy(b.split(|&c| c == 0).next().unwrap_or(&[])).into_owned()
            })
            .unwrap_or_default()
    };
    for &i in set {
        let name = symbol(i);
        let size = symbols
            .get(format!("{name}_size").as_str())
            .and_then(|b| elf.words(b).first().copied());
        let facts = symbols
            .get(name.as_str())
            .map(|b| &b[..size.map_or(b.len(), |n| (n as usize).min(b.len()))])
            .map(|b| elf.words(b))
            .ok_or_else(|| format!("the object compiled for the target has no `{name}`"))?;
        let float = symbols
            .get(format!("{name}_float").as_str())
            .and_then(|b| elf.words(b).first().copied())
            .map(f64::from_bits);
        let variable = ffi_test_protocol::members::variable("", &name);
        let members = if ffi_test_protocol::members::has_probe(&texts[i].1) {
            let table = table.get_or_insert_with(|| v::member_table(&data));
            match table {
                Ok(table) => table
                    .get(&variable)
                    .cloned()
                    .ok_or_else(|| format!("the object's debug information has no `{variable}`")),
                Err(why) => Err(why.clone()),
            }
        } else {
            Ok(Vec::new())
        };
        results.insert(
            texts[i].0.clone(),
            CFacts::Read {
                facts,
                text: string(&format!("{name}_text")),
                types: string(&format!("{name}_types")),
                float,
                members,
            },
        );
    }
    Ok(())
}

/// The error lines of a compile (fatal ones too: a missing header), one per distinct message
/// (a member named in a typedef and again in the initializer is one error).
fn errors_of(diagnostics: &str) -> String {
    let mut seen = BTreeSet::new();
    diagnostics
        .lines()
        .filter(|l| {
            (l.split_once(": error: "))
                .or_else(|| l.split_once(": fatal error: "))
                .is_some_and(|(_, message)| seen.insert(message.to_string()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A `Config` over `facts` (leaked: the verifier is a short process).
fn leaked(facts: &ConfigFacts) -> Config {
    fn list(items: &[String]) -> &'static [&'static str] {
        let leaked: Vec<&'static str> = items
            .iter()
            .map(|s| &*Box::leak(s.clone().into_boxed_str()))
            .collect();
        Box::leak(leaked.into_boxed_slice())
    }
    Config {
        manifest_dir: Box::leak(facts.manifest_dir.clone().into_boxed_str()),
        headers: list(&facts.headers),
        include_dirs: list(&facts.include_dirs),
        defines: list(&facts.defines),
        flags: list(&facts.flags),
        libs: &[],
        lib_dirs: &[],
    }
}

/// A fresh directory for one verification's files.
pub fn work_dir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("ffi-test-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {dir:?}: {e}"))?;
    Ok(dir)
}
