//! The C side at test time: the C fragments of a test binary compiled into one shared object
//! (cached), loaded, and each test's declared functions resolved.
//!
//! If the batch does not compile or load, every fragment is compiled alone (in parallel), so a
//! broken fragment fails only its own test, with the compiler's message, and fragments that
//! merely cannot share a unit (two defining the same helper) still run from their own objects.

mod cache;
mod compiler;
mod hash;
mod loaded;
mod prototypes;
mod unit;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::registry::TestEntry;
use crate::Config;
use cache::Built;
pub use cache::Cache;
use compiler::Compiler;
pub use loaded::{c_symbol, install, prepared_error, try_c_symbol, Prepared};
pub use unit::without_symbol_prefixes;
use unit::Fragment;

/// The C compiler's program for `config`, for asking it where its runtimes are.
pub fn compiler_program(config: &Config) -> Result<String, String> {
    Compiler::detect(config).map(|c| c.program())
}

/// Compiles the C bodies of `entries` (those without one are skipped) with `extra_flags` (a
/// sanitizer's, say) and, if `load`, loads them and binds each test to its group's object.
/// Without `load`, only failures are recorded: a parent warming the cache for its children.
pub fn prepare(
    config: &Config,
    entries: &[&'static TestEntry],
    extra_flags: &[String],
    load: bool,
) -> Prepared {
    let fragments: Vec<Fragment> = entries
        .iter()
        .filter_map(|e| e.c.as_ref().map(|c| Fragment { test: e.name, c }))
        .collect();
    let mut prepared = Prepared::default();
    if fragments.is_empty() {
        return prepared;
    }
    let fail_all = |prepared: &mut Prepared, message: &str| {
        for f in &fragments {
            prepared.insert(f.test, Err(message.to_string()));
        }
    };
    let compiler = match Compiler::detect(config) {
        Ok(c) => c,
        Err(e) => {
            fail_all(&mut prepared, &e);
            return prepared;
        }
    };
    let cache = match Cache::open() {
        Ok(c) => c,
        Err(e) => {
            fail_all(&mut prepared, &e);
            return prepared;
        }
    };
    // One copy of each group's text; every test of the group binds to it.
    let mut seen = HashSet::new();
    let units: Vec<Fragment> = fragments
        .iter()
        .copied()
        .filter(|f| seen.insert(f.c.group))
        .collect();
    let fingerprint = compiler.fingerprint(extra_flags);
    let build = |fragments: &[Fragment]| {
        let names: std::collections::BTreeSet<&str> = fragments
            .iter()
            .flat_map(|f| f.c.prototypes.iter().copied())
            .collect();
        let make_prelude = || {
            let dir = cache.subdir("aux")?;
            prototypes::prelude(
                &compiler,
                &unit::headers_only(config, fragments),
                &dir,
                &names,
            )
        };
        let prelude: Option<&dyn Fn() -> Result<String, String>> = if names.is_empty() {
            None
        } else {
            Some(&make_prelude)
        };
        let mut text = unit::text(config, fragments);
        if prelude.is_some() {
            text.push_str(&format!(
                "/* prototypes format {}: {names:?} */\n",
                prototypes::FORMAT
            ));
        }
        cache.build(&compiler, &fingerprint, &text, extra_flags, prelude)
    };

    if let Built::Object(path) = build(&units) {
        if !load {
            return prepared;
        }
        if let Ok(library) = loaded::load(&path) {
            for f in &fragments {
                prepared.insert(f.test, library.bind(f));
            }
            return prepared;
        }
    }
    // The batch failed to compile or load: first rule out the configuration itself, which
    // would fail every fragment, then compile each group alone.
    if let Built::Failed(diagnostics) = build(&[]) {
        let message = format!(
            "the C configuration of this test binary does not compile (headers, include_dirs, defines or flags in \
             ffi_test::main!; include_dirs searched: {:?}):\n{}",
            compiler.include_dirs(),
            diagnostics.trim_end()
        );
        fail_all(&mut prepared, &message);
        return prepared;
    }
    let by_group: Mutex<HashMap<&str, Option<Result<_, String>>>> = Mutex::new(HashMap::new());
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(units.len());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let Some(f) = units.get(next.fetch_add(1, Ordering::Relaxed)) else {
                    return;
                };
                let result = match build(&[*f]) {
                    Built::Object(_) if !load => None,
                    Built::Object(path) => Some(loaded::load(&path)),
                    Built::Failed(diagnostics) => Some(Err(format!(
                        "the C body of this test does not compile:\n{}",
                        unit::without_symbol_prefixes(diagnostics.trim_end())
                    ))),
                };
                by_group
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(f.c.group, result);
            });
        }
    });
    let by_group = by_group.into_inner().unwrap_or_else(|e| e.into_inner());
    for f in &fragments {
        let result = match by_group.get(f.c.group) {
            Some(None) => continue,
            Some(Some(Ok(library))) => library.bind(f),
            Some(Some(Err(e))) => Err(e.clone()),
            None => Err("internal: no compile result for this C fragment".to_string()),
        };
        prepared.insert(f.test, result);
    }
    prepared
}
