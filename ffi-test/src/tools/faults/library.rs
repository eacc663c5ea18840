//! The fault injector as a shared object, built by the C toolchain (cached like every C unit)
//! once per process.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::cside::cache::Built;
use crate::cside::prebuilt::Builder;
use crate::cside::Toolchain;
use crate::registry::config::Config;
use crate::registry::Language;

/// The injector's shared-object name.
const SONAME: &str = "libffi_test_faults.so";

/// The injector's path, built on first use (in the C cache, or the cache that replaces it in
/// the run's directory `runs_dir` if it cannot be written), or prebuilt.
pub fn path(runs_dir: &Path) -> Result<PathBuf, String> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| build(&Toolchain::native_in(&Config::EMPTY, Some(runs_dir))))
        .clone()
}

/// Builds the injector with `toolchain` (whose `prebuild`, if any, keeps it), or finds it
/// cached or prebuilt.
pub fn build(toolchain: &Toolchain) -> Result<PathBuf, String> {
    let cache = toolchain.cache()?;
    let source = ffi_test_protocol::faults::c_source();
    // A name of its own: valgrind replaces the allocation functions of every object without
    // one (as it does the main program's), which would bypass the injector's.
    let flags = [format!("-Wl,-soname,{SONAME}")];
    let built = match Builder::find(toolchain, Some(cache.dir()), None, Language::C)? {
        Builder::Prebuilt(prebuilt) => prebuilt.object(&source, &flags),
        Builder::Compiler(compiler) => {
            let fingerprint = compiler.fingerprint(&flags);
            let built = cache.build(&compiler, &fingerprint, &source, &flags, None);
            if let Some(prebuild) = toolchain.prebuild {
                prebuild.record_object(&source, &flags, &built)?;
            }
            built
        }
    };
    match built {
        Built::Object(path, warnings) => {
            crate::cside::show_warnings(&warnings);
            Ok(path)
        }
        Built::Failed(why) => Err(format!("the fault injector does not compile:\n{why}")),
    }
}
