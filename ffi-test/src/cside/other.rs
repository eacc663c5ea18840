//! A test's C compiled by a second C compiler and loaded beside the run's own: the callee or
//! caller of ABI Cafe's cross pairs (C compiled by one compiler calling C compiled by the
//! other).

use std::path::Path;

use super::loaded::{self, BoundLibrary};
use super::unit::Fragment;
use super::Located;

/// Test `test`'s C as `program` compiled it, loaded in this process.
pub struct CompiledBy(BoundLibrary);

impl CompiledBy {
    /// The address of the fragment's function `name` in this copy.
    pub fn symbol(&self, name: &str) -> Option<*const ()> {
        self.0.symbol(name)
    }
}

/// Compiles test `test`'s C with `program` (through the C cache) and loads it.
pub fn compiled_by(
    toolchain: &super::Toolchain,
    test: &str,
    program: &str,
) -> Result<CompiledBy, String> {
    let entry = crate::registry::collect()?
        .into_iter()
        .find(|e| e.name == test)
        .ok_or_else(|| format!("no test named `{test}`"))?;
    let c = entry
        .c
        .as_ref()
        .ok_or_else(|| format!("`{test}` has no C side"))?;
    // Loaded below, in this process: the child that runs the test is where C may run.
    let loaded_below = |_: &Path| Ok(());
    let located = super::locate_with(toolchain, &[entry], &[], Some(&loaded_below), Some(program));
    match located.into_iter().next() {
        Some((_, Located::At(path, _))) => {
            let object = loaded::load(&path)?;
            let fragment = Fragment {
                test: entry.name,
                c,
            };
            Ok(CompiledBy(object.bind(&fragment)?))
        }
        Some((_, Located::Failed(e))) => Err(format!("compiled by `{program}`: {e}")),
        None => Err(format!("`{test}`: nothing to compile")),
    }
}
