//! CPython's own frames in a checker's stack: an object a Rust function leaks a reference to
//! was allocated by CPython, so the stack runs through CPython's functions (static ones too,
//! `_PyBytes_FromSize`, `new_keys_object`) before it reaches the user's. Their names are read
//! from the symbol tables of the libpython this binary embeds (the harness is the test binary,
//! so it maps the same library its test processes do), once per run.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Whether `function` is defined by the embedded libpython (false where there is none).
pub fn is_cpython_function(function: &str) -> bool {
    static NAMES: OnceLock<HashSet<String>> = OnceLock::new();
    NAMES.get_or_init(cpython_functions).contains(function)
}

/// Every function name of the libpython mapped into this process: its symbol table (where a
/// distribution stripped it, the dynamic one only: its static functions are then unnamed in
/// the checker's stack too, which says `(in .../libpython3.11.so.1.0)` instead).
fn cpython_functions() -> HashSet<String> {
    let Some(path) = mapped_libpython() else {
        return HashSet::new();
    };
    let Ok(data) = std::fs::read(&path) else {
        return HashSet::new();
    };
    crate::os::object_file::ObjectFile::parse(&data)
        .map(|file| {
            file.functions()
                .into_iter()
                .map(|(name, _, _)| name.to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The path of the libpython this process maps, from /proc/self/maps.
fn mapped_libpython() -> Option<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    maps.lines()
        .filter_map(|line| line.split_whitespace().nth(5))
        .find(|path| {
            path.rsplit('/')
                .next()
                .is_some_and(|file| file.starts_with("libpython") && file.contains(".so"))
        })
        .map(str::to_string)
}
