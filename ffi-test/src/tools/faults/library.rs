//! The fault injector as a shared object, built by the C toolchain (cached like every C unit)
//! once per process.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::cside::cache::Built;
use crate::cside::compiler::Compiler;
use crate::cside::Toolchain;
use crate::registry::config::Config;

/// The injector's shared-object name.
const SONAME: &str = "libffi_test_faults.so";

/// The injector's path, built on first use (in the C cache, or the cache that replaces it in
/// the run's directory `runs_dir` if it cannot be written).
pub fn path(runs_dir: &Path) -> Result<PathBuf, String> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT.get_or_init(|| build(runs_dir)).clone()
}

fn build(runs_dir: &Path) -> Result<PathBuf, String> {
    let toolchain = Toolchain::native_in(&Config::EMPTY, Some(runs_dir));
    let cache = toolchain.cache()?;
    let compiler = Compiler::detect(&toolchain, Some(cache.dir()))?;
    let source = ffi_test_protocol::faults::c_source();
    // A name of its own: valgrind replaces the allocation functions of every object without
    // one (as it does the main program's), which would bypass the injector's.
    let flags = [format!("-Wl,-soname,{SONAME}")];
    let fingerprint = compiler.fingerprint(&flags);
    match cache.build(&compiler, &fingerprint, &source, &flags, None) {
        Built::Object(path, warnings) => {
            crate::cside::show_warnings(&warnings);
            Ok(path)
        }
        Built::Failed(why) => Err(format!("the fault injector does not compile:\n{why}")),
    }
}
