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
mod unit;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::registry::TestEntry;
use crate::Config;
use cache::Built;
pub use cache::Cache;
use compiler::Compiler;
pub use loaded::{c_symbol, install, prepared_error, try_c_symbol, Prepared};
use unit::Fragment;

/// Compiles and loads the C bodies of `entries` (those without one are skipped).
pub fn prepare(config: &Config, entries: &[&'static TestEntry]) -> Prepared {
    let fragments: Vec<Fragment> = entries
        .iter()
        .filter_map(|e| e.c.as_ref().map(|c| Fragment { test: e.name, c }))
        .collect();
    let mut prepared = Prepared::default();
    if fragments.is_empty() {
        return prepared;
    }
    // One copy of each group's text in the unit; every test of the group binds to it.
    let mut seen = std::collections::HashSet::new();
    let units: Vec<Fragment> = fragments
        .iter()
        .copied()
        .filter(|f| seen.insert(f.c.group))
        .collect();
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
    let fingerprint = compiler.fingerprint(&[]);
    let batch = cache.build(&compiler, &fingerprint, &unit::text(config, &units), &[]);
    if let Built::Object(path) = &batch {
        if let Ok(library) = loaded::load(path) {
            for f in &fragments {
                prepared.insert(f.test, library.bind(f));
            }
            return prepared;
        }
    }
    // The batch failed: first rule out the configuration itself, which would fail every fragment.
    if let Built::Failed(diagnostics) =
        cache.build(&compiler, &fingerprint, &unit::text(config, &[]), &[])
    {
        let message = format!(
            "the C configuration of this test binary does not compile (headers, include_dirs, defines or flags in ffi_test::main!; include_dirs searched: {:?}):\n{}",
            compiler.include_dirs(),
            diagnostics.trim_end()
        );
        fail_all(&mut prepared, &message);
        return prepared;
    }
    let results = Mutex::new(HashMap::new());
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(fragments.len());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let Some(f) = fragments.get(next.fetch_add(1, Ordering::Relaxed)) else {
                    return;
                };
                let result =
                    match cache.build(&compiler, &fingerprint, &unit::text(config, &[*f]), &[]) {
                        Built::Object(path) => loaded::load(&path).and_then(|lib| lib.bind(f)),
                        Built::Failed(diagnostics) => Err(format!(
                            "the C body of this test does not compile:\n{}",
                            unit::without_symbol_prefixes(diagnostics.trim_end())
                        )),
                    };
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(f.test, result);
            });
        }
    });
    for (test, result) in results.into_inner().unwrap_or_else(|e| e.into_inner()) {
        prepared.insert(test, result);
    }
    prepared
}
